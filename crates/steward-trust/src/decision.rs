//! Decisions as statements: who decided what about a subject, in which role, when and why.
//!
//! A decision is the predicate (`https://steward.dev/decision/v1`) of an in-toto Statement v1
//! in a DSSE envelope: `author`, `review` (approve, request-changes, reject), `test` (pass,
//! fail), `release`, `suppress` (an advisory on a package, until a date) or `revoke` (an earlier
//! statement of the same signer). Statements are named by the SHA-256 of their payload, the
//! exact bytes that were signed, so a decision can build on or revoke another one.
//!
//! Reading is strict: unknown fields, an outcome that does not belong to the decision, a
//! suppression without an expiry or a revocation without its target are errors.

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// The predicate type of a decision.
pub const DECISION_PREDICATE: &str = "https://steward.dev/decision/v1";

/// The longest rationale (64 KiB), role, or evidence link (2 KiB) read.
const RATIONALE_LIMIT: usize = 64 * 1024;
const FIELD_LIMIT: usize = 2048;
/// The most statements a decision builds on, and evidence links it has.
const LIST_LIMIT: usize = 256;

/// Why a decision is not one steward reads or writes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    #[error("not a decision: {0}")]
    Json(String),
    #[error("a {decision} decision {reason}")]
    Shape { decision: Kind, reason: String },
    #[error("the {field} is empty or longer than {limit} bytes")]
    Field { field: &'static str, limit: usize },
    #[error("the time {0:?} is not an RFC 3339 time")]
    Time(String),
    #[error("the expiry {0:?} is not a date (YYYY-MM-DD)")]
    Expiry(String),
    #[error("{0:?} is not a SHA-256 digest (64 lowercase hex digits)")]
    Digest(String),
}

/// What was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Author,
    Review,
    Test,
    Release,
    Suppress,
    Revoke,
}

impl std::fmt::Display for Kind {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(match self {
            Self::Author => "author",
            Self::Review => "review",
            Self::Test => "test",
            Self::Release => "release",
            Self::Suppress => "suppress",
            Self::Revoke => "revoke",
        })
    }
}

/// How a review or test came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Approve,
    RequestChanges,
    Reject,
    Pass,
    Fail,
}

/// Another statement, by the SHA-256 of its payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    pub sha256: String,
}

impl Reference {
    /// The reference to the statement whose payload is `payload`.
    pub fn to_payload(payload: &[u8]) -> Self {
        Self {
            sha256: crate::hex(&Sha256::digest(payload)),
        }
    }
}

/// A suppressed finding: an advisory on a package, until a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Suppression {
    pub advisory: String,
    /// The package as a purl; absent: wherever the advisory applies to the subjects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// The last day the suppression holds (`YYYY-MM-DD`).
    pub expires: String,
}

/// A decision predicate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Decision {
    pub decision: Kind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    pub role: String,
    pub rationale: String,
    /// When the signer decided (RFC 3339); the log's time, where logged, is the one to trust.
    pub time: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub builds_on: Vec<Reference>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppression: Option<Suppression>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revokes: Option<Reference>,
}

impl Decision {
    /// Reads and checks a decision predicate.
    pub fn parse(predicate: &serde_json::Value) -> Result<Self, DecisionError> {
        let decision: Self = serde_json::from_value(predicate.clone())
            .map_err(|error| DecisionError::Json(error.to_string()))?;
        decision.check()?;
        Ok(decision)
    }

    /// The predicate as JSON, once checked.
    pub fn to_value(&self) -> Result<serde_json::Value, DecisionError> {
        self.check()?;
        serde_json::to_value(self).map_err(|error| DecisionError::Json(error.to_string()))
    }

    /// Whether the decision has the shape its kind requires.
    pub fn check(&self) -> Result<(), DecisionError> {
        let shape = |reason: &str| DecisionError::Shape {
            decision: self.decision,
            reason: reason.to_owned(),
        };
        let outcome_fits = match (self.decision, self.outcome) {
            (Kind::Review, Some(outcome)) => matches!(
                outcome,
                Outcome::Approve | Outcome::RequestChanges | Outcome::Reject
            ),
            (Kind::Test, Some(outcome)) => matches!(outcome, Outcome::Pass | Outcome::Fail),
            (Kind::Review | Kind::Test, None) => false,
            (_, outcome) => outcome.is_none(),
        };
        if !outcome_fits {
            return Err(shape(match self.decision {
                Kind::Review => "needs an outcome: approve, request-changes or reject",
                Kind::Test => "needs an outcome: pass or fail",
                _ => "has no outcome",
            }));
        }
        match (self.decision, &self.suppression) {
            (Kind::Suppress, None) => return Err(shape("needs the advisory and its expiry")),
            (Kind::Suppress, Some(suppression)) => check_suppression(suppression)?,
            (_, Some(_)) => return Err(shape("suppresses nothing")),
            (_, None) => {}
        }
        match (self.decision, &self.revokes) {
            (Kind::Revoke, None) => return Err(shape("needs the statement it revokes")),
            (_, Some(_)) if self.decision != Kind::Revoke => {
                return Err(shape("revokes nothing"));
            }
            _ => {}
        }
        check_text("role", &self.role, FIELD_LIMIT)?;
        check_text("rationale", &self.rationale, RATIONALE_LIMIT)?;
        if self.time.parse::<jiff::Timestamp>().is_err() {
            return Err(DecisionError::Time(self.time.clone()));
        }
        if self.builds_on.len() > LIST_LIMIT || self.evidence.len() > LIST_LIMIT {
            return Err(DecisionError::Field {
                field: "list of statements or evidence",
                limit: LIST_LIMIT,
            });
        }
        for link in &self.evidence {
            check_text("evidence link", link, FIELD_LIMIT)?;
        }
        for reference in self.builds_on.iter().chain(&self.revokes) {
            check_digest(&reference.sha256)?;
        }
        Ok(())
    }
}

fn check_text(field: &'static str, text: &str, limit: usize) -> Result<(), DecisionError> {
    if text.trim().is_empty() || text.len() > limit {
        return Err(DecisionError::Field { field, limit });
    }
    Ok(())
}

fn check_digest(digest: &str) -> Result<(), DecisionError> {
    let valid = digest.len() == 64
        && digest
            .bytes()
            .all(|byte| byte.is_ascii_digit() || (b'a'..=b'f').contains(&byte));
    if valid {
        Ok(())
    } else {
        Err(DecisionError::Digest(digest.chars().take(100).collect()))
    }
}

fn check_suppression(suppression: &Suppression) -> Result<(), DecisionError> {
    check_text("advisory", &suppression.advisory, FIELD_LIMIT)?;
    if let Some(package) = &suppression.package {
        check_text("package", package, FIELD_LIMIT)?;
    }
    if suppression.expires.parse::<jiff::civil::Date>().is_err() {
        return Err(DecisionError::Expiry(suppression.expires.clone()));
    }
    Ok(())
}
