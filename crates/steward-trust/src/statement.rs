//! in-toto Statements (v1, and v0.1 for reading): the subjects an attestation is about, named by
//! digest, and a typed predicate. An artifact matches a subject when every digest both know
//! agrees and at least one does.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256, Sha512};

/// The DSSE payload type of in-toto statements.
pub const PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";
/// The statement type steward writes.
pub const STATEMENT_V1: &str = "https://in-toto.io/Statement/v1";
/// The older statement type, still used by SLSA v0.2 provenance; read, never written.
pub const STATEMENT_V0_1: &str = "https://in-toto.io/Statement/v0.1";

/// Why a payload is not a statement steward reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    #[error("the payload type is {0:?}, not {PAYLOAD_TYPE}")]
    PayloadType(String),
    #[error("not an in-toto statement: {0}")]
    Json(String),
    #[error("unknown statement type {0:?}")]
    Type(String),
    #[error("the statement has no subjects")]
    NoSubjects,
}

/// An in-toto statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    #[serde(rename = "_type")]
    pub statement_type: String,
    pub subject: Vec<Subject>,
    pub predicate_type: String,
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub predicate: serde_json::Value,
}

/// A subject: a name and its digests, algorithm to lowercase hex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    #[serde(default)]
    pub name: String,
    pub digest: BTreeMap<String, String>,
}

/// The digests steward computes of an artifact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArtifactDigests {
    pub sha256: String,
    pub sha512: Option<String>,
}

impl ArtifactDigests {
    /// SHA-256 and SHA-512 of `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        Self {
            sha256: crate::hex(&Sha256::digest(bytes)),
            sha512: Some(crate::hex(&Sha512::digest(bytes))),
        }
    }

    /// Only a SHA-256, as given for an artifact steward does not have (`sha256:HEX`).
    pub fn sha256_only(hex: &str) -> Self {
        Self {
            sha256: hex.to_ascii_lowercase(),
            sha512: None,
        }
    }

    fn get(&self, algorithm: &str) -> Option<&str> {
        match algorithm {
            "sha256" => Some(&self.sha256),
            "sha512" => self.sha512.as_deref(),
            _ => None,
        }
    }
}

/// How an artifact stands against a statement's subjects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubjectMatch {
    /// The subject (by name) whose digests agree.
    Matches(String),
    /// A subject with a digest steward knows that disagrees, and no subject agrees.
    DigestMismatch,
    /// No subject has a digest steward can check (sha256 or sha512).
    NoCheckableDigest,
}

impl Subject {
    /// `Some(true)` when every digest both know agrees, `Some(false)` when one disagrees,
    /// `None` when they share none.
    fn agrees_with(&self, artifact: &ArtifactDigests) -> Option<bool> {
        let mut shared = 0;
        for (algorithm, value) in &self.digest {
            if let Some(ours) = artifact.get(algorithm) {
                if !ours.eq_ignore_ascii_case(value) {
                    return Some(false);
                }
                shared += 1;
            }
        }
        (shared > 0).then_some(true)
    }
}

impl Statement {
    /// A v1 statement about `subjects`.
    pub fn new(subjects: Vec<Subject>, predicate_type: &str, predicate: serde_json::Value) -> Self {
        Self {
            statement_type: STATEMENT_V1.to_owned(),
            subject: subjects,
            predicate_type: predicate_type.to_owned(),
            predicate,
        }
    }

    /// Reads a statement from a verified DSSE payload.
    pub fn parse(payload_type: &str, payload: &[u8]) -> Result<Self, StatementError> {
        if payload_type != PAYLOAD_TYPE {
            return Err(StatementError::PayloadType(payload_type.to_owned()));
        }
        let statement: Self = serde_json::from_slice(payload)
            .map_err(|error| StatementError::Json(error.to_string()))?;
        if statement.statement_type != STATEMENT_V1 && statement.statement_type != STATEMENT_V0_1 {
            return Err(StatementError::Type(statement.statement_type));
        }
        if statement.subject.is_empty() {
            return Err(StatementError::NoSubjects);
        }
        Ok(statement)
    }

    /// Finds the subject `artifact` is.
    pub fn match_artifact(&self, artifact: &ArtifactDigests) -> SubjectMatch {
        let mut mismatch = false;
        for subject in &self.subject {
            match subject.agrees_with(artifact) {
                Some(true) => return SubjectMatch::Matches(subject.name.clone()),
                Some(false) => mismatch = true,
                None => {}
            }
        }
        if mismatch {
            SubjectMatch::DigestMismatch
        } else {
            SubjectMatch::NoCheckableDigest
        }
    }

    /// The statement as compact JSON, the bytes a DSSE envelope carries.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

impl Subject {
    /// A subject for `name` with the digests of its bytes.
    pub fn of(name: &str, digests: &ArtifactDigests) -> Self {
        let mut digest = BTreeMap::from([("sha256".to_owned(), digests.sha256.clone())]);
        if let Some(sha512) = &digests.sha512 {
            digest.insert("sha512".to_owned(), sha512.clone());
        }
        Self {
            name: name.to_owned(),
            digest,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_needs_a_shared_digest_and_no_disagreement() {
        let artifact = ArtifactDigests::of(b"hello");
        let other = ArtifactDigests::of(b"other");
        let statement = Statement::new(
            vec![Subject::of("a", &other), Subject::of("b", &artifact)],
            "x",
            serde_json::Value::Null,
        );
        assert_eq!(
            statement.match_artifact(&artifact),
            SubjectMatch::Matches("b".to_owned())
        );
        let only_other =
            Statement::new(vec![Subject::of("a", &other)], "x", serde_json::Value::Null);
        assert_eq!(
            only_other.match_artifact(&artifact),
            SubjectMatch::DigestMismatch
        );

        let mut half = Subject::of("c", &artifact);
        half.digest.insert(
            "sha512".to_owned(),
            other.sha512.clone().unwrap_or_default(),
        );
        let half_wrong = Statement::new(vec![half], "x", serde_json::Value::Null);
        assert_eq!(
            half_wrong.match_artifact(&artifact),
            SubjectMatch::DigestMismatch
        );

        let sha1 = Subject {
            name: "d".to_owned(),
            digest: BTreeMap::from([("sha1".to_owned(), "00".to_owned())]),
        };
        let unknown = Statement::new(vec![sha1], "x", serde_json::Value::Null);
        assert_eq!(
            unknown.match_artifact(&artifact),
            SubjectMatch::NoCheckableDigest
        );
    }

    #[test]
    fn only_in_toto_payloads_are_statements() {
        let statement = Statement::new(
            vec![Subject::of("a", &ArtifactDigests::of(b""))],
            "x",
            serde_json::Value::Null,
        );
        let json = statement.to_json();
        assert_eq!(Statement::parse(PAYLOAD_TYPE, &json), Ok(statement));
        assert!(matches!(
            Statement::parse("text/plain", &json),
            Err(StatementError::PayloadType(_))
        ));
    }
}
