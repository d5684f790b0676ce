//! A trust policy: named signers (keys or Sigstore identities) with validity windows and
//! revocation, rules saying which artifacts need which signers and how many, and a network of
//! trust — signers vouching for further keys with signed statements, to a depth the policy
//! allows. Everything here decides; nothing reads files.

use std::collections::BTreeMap;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use crate::dsse::Envelope;
use crate::key::PublicKey;
use crate::scheme::VerifyingKey;
use crate::statement::{PAYLOAD_TYPE, Statement};

/// The predicate type of a statement vouching for a key.
pub const VOUCH_PREDICATE: &str = "https://steward.dev/trust/vouch/v1";
/// The predicate type of a statement revoking a key.
pub const REVOKE_PREDICATE: &str = "https://steward.dev/trust/revoke/v1";

/// How a signer is recognised.
#[derive(Debug, Clone)]
pub enum Identity {
    Key(VerifyingKey),
    /// A Sigstore certificate identity: the SAN exactly, or a pattern (anchored), and the issuer.
    Sigstore {
        subject: Option<String>,
        pattern: Option<regex::Regex>,
        issuer: String,
    },
}

/// A named signer of the policy, a root of its trust.
#[derive(Debug, Clone)]
pub struct PolicySigner {
    pub name: String,
    pub identity: Identity,
    /// Seconds since the Unix epoch; the signer counts only for signatures within the window.
    pub not_before: Option<i64>,
    pub not_after: Option<i64>,
    /// Why the signer no longer counts at all, if revoked.
    pub revoked: Option<String>,
}

/// Which artifacts need which signers.
#[derive(Debug, Clone)]
pub struct Rule {
    pub name: String,
    artifacts: GlobSet,
    /// Names of the policy's signers that count; keys they vouch for count too, as far as the
    /// policy's vouching depth allows.
    pub signers: Vec<String>,
    pub threshold: usize,
    pub predicate_type: Option<String>,
    /// The oldest a signature may be, in seconds; only signatures with a verified time can
    /// meet it.
    pub max_age: Option<i64>,
}

/// Why a policy is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("rule {rule:?}: invalid artifact pattern {pattern:?}: {reason}")]
    Glob {
        rule: String,
        pattern: String,
        reason: String,
    },
    #[error("rule {rule:?} names the signer {signer:?}, which the policy does not define")]
    UnknownSigner { rule: String, signer: String },
    #[error("rule {rule:?} needs {threshold} signers but names only {named}")]
    Unreachable {
        rule: String,
        threshold: usize,
        named: usize,
    },
    #[error("two signers are named {0:?}")]
    DuplicateName(String),
}

impl Rule {
    pub fn new(
        name: String,
        patterns: &[String],
        signers: Vec<String>,
        threshold: usize,
        predicate_type: Option<String>,
        max_age: Option<i64>,
    ) -> Result<Self, PolicyError> {
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            let glob = Glob::new(pattern).map_err(|error| PolicyError::Glob {
                rule: name.clone(),
                pattern: pattern.clone(),
                reason: error.kind().to_string(),
            })?;
            builder.add(glob);
        }
        let artifacts = builder.build().map_err(|error| PolicyError::Glob {
            rule: name.clone(),
            pattern: patterns.join(", "),
            reason: error.to_string(),
        })?;
        Ok(Self {
            name,
            artifacts,
            signers,
            threshold: threshold.max(1),
            predicate_type,
            max_age,
        })
    }

    pub fn covers(&self, artifact: &str) -> bool {
        self.artifacts.is_match(artifact)
    }
}

/// The whole policy.
#[derive(Debug, Clone)]
pub struct Policy {
    pub signers: Vec<PolicySigner>,
    pub rules: Vec<Rule>,
    /// How many vouching steps from a policy signer a key may be; 0 allows none.
    pub max_vouch_depth: usize,
}

impl Policy {
    /// Checks that every rule names defined signers and can be met.
    pub fn new(
        signers: Vec<PolicySigner>,
        rules: Vec<Rule>,
        max_vouch_depth: usize,
    ) -> Result<Self, PolicyError> {
        let mut names = std::collections::BTreeSet::new();
        for signer in &signers {
            if !names.insert(signer.name.as_str()) {
                return Err(PolicyError::DuplicateName(signer.name.clone()));
            }
        }
        for rule in &rules {
            if let Some(unknown) = rule
                .signers
                .iter()
                .find(|name| !names.contains(name.as_str()))
            {
                return Err(PolicyError::UnknownSigner {
                    rule: rule.name.clone(),
                    signer: unknown.clone(),
                });
            }
            if max_vouch_depth == 0 && rule.threshold > rule.signers.len() {
                return Err(PolicyError::Unreachable {
                    rule: rule.name.clone(),
                    threshold: rule.threshold,
                    named: rule.signers.len(),
                });
            }
        }
        Ok(Self {
            signers,
            rules,
            max_vouch_depth,
        })
    }

    /// The rules that cover `artifact` (its path as given).
    pub fn rules_for(&self, artifact: &str) -> Vec<&Rule> {
        self.rules
            .iter()
            .filter(|rule| rule.covers(artifact))
            .collect()
    }
}

/// The predicate of a vouching statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vouch {
    /// The vouched-for key, as SPKI PEM.
    pub key: String,
    /// What to call it.
    pub name: String,
    /// The RSA scheme, for an RSA key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
}

/// The predicate of a revocation statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revoke {
    /// The revoked key's id.
    pub keyid: String,
    pub reason: String,
}

/// A key trusted under the policy, and how.
#[derive(Debug, Clone)]
pub struct TrustedKey {
    pub key: VerifyingKey,
    /// The display name: the policy signer's, or the vouched name with who vouched.
    pub name: String,
    /// The policy signer whose trust this key carries.
    pub root: String,
    /// Vouching steps from the root; 0 for the policy's own keys.
    pub depth: usize,
}

/// A decision taken while building the network of trust, for the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrustDecision {
    pub source: String,
    pub decision: String,
}

/// The keys trusted at `now`: the policy's key signers in their window and not revoked, then
/// keys vouched for by trusted keys, breadth first, up to the policy's depth. A revocation
/// signed by a policy signer removes a vouched key and everything vouched through it; a key is
/// visited once, so cycles end.
pub fn trusted_keys(
    policy: &Policy,
    now: i64,
    statements: &[(String, Envelope)],
) -> (Vec<TrustedKey>, Vec<TrustDecision>) {
    let mut decisions = Vec::new();
    let mut trusted: Vec<TrustedKey> = Vec::new();
    for signer in &policy.signers {
        let Identity::Key(key) = &signer.identity else {
            continue;
        };
        match window_refusal(signer, now) {
            Some(reason) => decisions.push(TrustDecision {
                source: "policy".to_owned(),
                decision: format!("{}: not trusted: {reason}", signer.name),
            }),
            None => trusted.push(TrustedKey {
                key: key.clone(),
                name: signer.name.clone(),
                root: signer.name.clone(),
                depth: 0,
            }),
        }
    }
    let roots: Vec<VerifyingKey> = trusted.iter().map(|trusted| trusted.key.clone()).collect();
    let revoked = revocations(statements, &roots, &mut decisions);
    let mut frontier_start = 0;
    for depth in 1..=policy.max_vouch_depth {
        let voucher_keys: Vec<VerifyingKey> = trusted[frontier_start..]
            .iter()
            .map(|trusted| trusted.key.clone())
            .collect();
        let frontier_end = trusted.len();
        for (source, envelope) in statements {
            let Some((signer_id, vouch)) =
                verified_predicate::<Vouch>(envelope, &voucher_keys, VOUCH_PREDICATE)
            else {
                continue;
            };
            let Some(voucher) = trusted[frontier_start..frontier_end]
                .iter()
                .find(|trusted| trusted.key.key().id() == signer_id)
                .cloned()
            else {
                continue;
            };
            let key = match vouched_key(&vouch) {
                Ok(key) => key,
                Err(reason) => {
                    decisions.push(TrustDecision {
                        source: source.clone(),
                        decision: format!("{}: not trusted: {reason}", vouch.name),
                    });
                    continue;
                }
            };
            let id = key.key().id();
            if let Some(reason) = revoked.get(&id) {
                decisions.push(TrustDecision {
                    source: source.clone(),
                    decision: format!(
                        "{} ({id}): vouched for by {} but revoked: {reason}",
                        vouch.name, voucher.name
                    ),
                });
                continue;
            }
            if trusted.iter().any(|known| known.key.key().id() == id) {
                continue; // already trusted, at this depth or nearer: a cycle or a second path
            }
            decisions.push(TrustDecision {
                source: source.clone(),
                decision: format!(
                    "{} ({id}): trusted, vouched for by {} at depth {depth}",
                    vouch.name, voucher.name
                ),
            });
            trusted.push(TrustedKey {
                key,
                name: format!("{} (vouched for by {})", vouch.name, voucher.name),
                root: voucher.root.clone(),
                depth,
            });
        }
        frontier_start = frontier_end;
    }
    (trusted, decisions)
}

/// Revocations signed by the policy's own keys: key id to reason.
fn revocations(
    statements: &[(String, Envelope)],
    roots: &[VerifyingKey],
    decisions: &mut Vec<TrustDecision>,
) -> BTreeMap<String, String> {
    let mut revoked = BTreeMap::new();
    for (source, envelope) in statements {
        if let Some((signer, revoke)) =
            verified_predicate::<Revoke>(envelope, roots, REVOKE_PREDICATE)
        {
            decisions.push(TrustDecision {
                source: source.clone(),
                decision: format!("{}: revoked by {signer}: {}", revoke.keyid, revoke.reason),
            });
            revoked.insert(revoke.keyid.to_ascii_lowercase(), revoke.reason);
        }
    }
    revoked
}

/// The predicate of a statement of `predicate_type` signed by one of `keys`, with the signer.
fn verified_predicate<T: serde::de::DeserializeOwned>(
    envelope: &Envelope,
    keys: &[VerifyingKey],
    predicate_type: &str,
) -> Option<(String, T)> {
    if envelope.payload_type() != PAYLOAD_TYPE {
        return None;
    }
    let verified = envelope.verify(keys).1?;
    let statement = Statement::parse(&verified.payload_type, &verified.payload).ok()?;
    if statement.predicate_type != predicate_type {
        return None;
    }
    let predicate = serde_json::from_value(statement.predicate).ok()?;
    Some((verified.signers.into_iter().next()?, predicate))
}

fn vouched_key(vouch: &Vouch) -> Result<VerifyingKey, String> {
    let key = PublicKey::parse(vouch.key.as_bytes()).map_err(|error| error.to_string())?;
    let scheme = vouch
        .scheme
        .as_deref()
        .map(crate::Scheme::from_name)
        .transpose()
        .map_err(|error| error.to_string())?;
    VerifyingKey::new(key, scheme).map_err(|error| error.to_string())
}

/// Whether an envelope claims to carry a vouching or revocation statement (not verified: for
/// sorting statements, never for trusting them).
pub fn is_trust_statement(envelope: &Envelope) -> bool {
    Statement::parse(envelope.payload_type(), envelope.unverified_payload()).is_ok_and(
        |statement| {
            statement.predicate_type == VOUCH_PREDICATE
                || statement.predicate_type == REVOKE_PREDICATE
        },
    )
}

/// Why `signer` does not count at `time`, if it does not.
pub fn window_refusal(signer: &PolicySigner, time: i64) -> Option<String> {
    if let Some(reason) = &signer.revoked {
        return Some(format!("revoked: {reason}"));
    }
    if signer.not_before.is_some_and(|start| time < start) {
        return Some("not yet valid".to_owned());
    }
    if signer.not_after.is_some_and(|end| time > end) {
        return Some("expired".to_owned());
    }
    None
}

/// The statement vouching for `key` under `name`, to be put in an envelope and signed.
pub fn vouch_statement(key: &PublicKey, name: &str) -> Statement {
    let predicate = Vouch {
        key: key.to_pem(),
        name: name.to_owned(),
        scheme: None,
    };
    Statement::new(
        vec![key_subject(key)],
        VOUCH_PREDICATE,
        serde_json::to_value(predicate).unwrap_or_default(),
    )
}

/// The statement revoking `key`, to be put in an envelope and signed.
pub fn revoke_statement(key: &PublicKey, reason: &str) -> Statement {
    let predicate = Revoke {
        keyid: key.id(),
        reason: reason.to_owned(),
    };
    Statement::new(
        vec![key_subject(key)],
        REVOKE_PREDICATE,
        serde_json::to_value(predicate).unwrap_or_default(),
    )
}

/// A statement's subject for a key: its id as the SHA-256 of its SPKI.
fn key_subject(key: &PublicKey) -> crate::Subject {
    crate::Subject {
        name: format!("key:{}", key.id()),
        digest: BTreeMap::from([("sha256".to_owned(), key.id())]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::{SigningAlgorithm, SigningKey};

    fn key() -> SigningKey {
        SigningKey::generate(SigningAlgorithm::Ed25519).expect("generates")
    }

    fn signed(statement: &Statement, by: &SigningKey) -> Envelope {
        let mut envelope = Envelope::new(PAYLOAD_TYPE, statement.to_json());
        envelope.sign(by).expect("signs");
        envelope
    }

    fn signer(name: &str, key: &SigningKey) -> PolicySigner {
        let key = VerifyingKey::new(key.public_key().clone(), None).expect("binds");
        PolicySigner {
            name: name.to_owned(),
            identity: Identity::Key(key),
            not_before: None,
            not_after: None,
            revoked: None,
        }
    }

    fn names(trusted: &[TrustedKey]) -> Vec<(String, usize)> {
        trusted
            .iter()
            .map(|key| (key.name.clone(), key.depth))
            .collect()
    }

    #[test]
    fn vouching_reaches_the_allowed_depth_and_cycles_end() {
        let (alice, dave, eve) = (key(), key(), key());
        let statements = vec![
            (
                "1".to_owned(),
                signed(&vouch_statement(dave.public_key(), "dave"), &alice),
            ),
            (
                "2".to_owned(),
                signed(&vouch_statement(eve.public_key(), "eve"), &dave),
            ),
            // A cycle: eve vouches back for dave, and dave for alice.
            (
                "3".to_owned(),
                signed(&vouch_statement(dave.public_key(), "dave again"), &eve),
            ),
            (
                "4".to_owned(),
                signed(&vouch_statement(alice.public_key(), "alice again"), &dave),
            ),
        ];
        let policy =
            |depth| Policy::new(vec![signer("alice", &alice)], Vec::new(), depth).expect("valid");
        let (trusted, _) = trusted_keys(&policy(0), 0, &statements);
        assert_eq!(names(&trusted), vec![("alice".to_owned(), 0)]);
        let (trusted, _) = trusted_keys(&policy(1), 0, &statements);
        assert_eq!(
            names(&trusted),
            vec![
                ("alice".to_owned(), 0),
                ("dave (vouched for by alice)".to_owned(), 1)
            ]
        );
        let (trusted, _) = trusted_keys(&policy(5), 0, &statements);
        assert_eq!(trusted.len(), 3, "each key once: {:?}", names(&trusted));
        assert!(trusted.iter().all(|key| key.root == "alice"));
    }

    #[test]
    fn a_revoked_vouching_key_takes_what_it_vouched_for_with_it() {
        let (alice, bob, dave, eve) = (key(), key(), key(), key());
        let statements = vec![
            (
                "vouch dave".to_owned(),
                signed(&vouch_statement(dave.public_key(), "dave"), &alice),
            ),
            (
                "vouch eve".to_owned(),
                signed(&vouch_statement(eve.public_key(), "eve"), &dave),
            ),
            (
                "revoke dave".to_owned(),
                signed(&revoke_statement(dave.public_key(), "lost"), &bob),
            ),
            // A revocation by a key that is not a signer of the policy changes nothing.
            (
                "revoke alice".to_owned(),
                signed(&revoke_statement(alice.public_key(), "spite"), &eve),
            ),
        ];
        let policy = Policy::new(
            vec![signer("alice", &alice), signer("bob", &bob)],
            Vec::new(),
            3,
        )
        .expect("valid");
        let (trusted, decisions) = trusted_keys(&policy, 0, &statements);
        assert_eq!(
            names(&trusted),
            vec![("alice".to_owned(), 0), ("bob".to_owned(), 0)]
        );
        assert!(
            decisions
                .iter()
                .any(|decision| decision.decision.contains("revoked: lost")),
            "{decisions:?}"
        );
    }

    #[test]
    fn expired_and_revoked_signers_and_bad_rules_are_refused() {
        let alice = key();
        let mut expired = signer("alice", &alice);
        expired.not_after = Some(100);
        assert_eq!(window_refusal(&expired, 200).as_deref(), Some("expired"));
        assert_eq!(window_refusal(&expired, 50), None);
        expired.revoked = Some("left".to_owned());
        assert_eq!(
            window_refusal(&expired, 50).as_deref(),
            Some("revoked: left")
        );
        let (trusted, _) = trusted_keys(
            &Policy::new(vec![expired], Vec::new(), 0).expect("valid"),
            50,
            &[],
        );
        assert!(trusted.is_empty());

        let rule = |signers: &[&str], threshold| {
            Rule::new(
                "r".to_owned(),
                &["dist/*".to_owned()],
                signers.iter().map(|name| (*name).to_owned()).collect(),
                threshold,
                None,
                None,
            )
            .expect("valid")
        };
        assert!(matches!(
            Policy::new(
                vec![signer("alice", &alice)],
                vec![rule(&["mallory"], 1)],
                0
            ),
            Err(PolicyError::UnknownSigner { .. })
        ));
        assert!(matches!(
            Policy::new(vec![signer("alice", &alice)], vec![rule(&["alice"], 2)], 0),
            Err(PolicyError::Unreachable { .. })
        ));
        assert!(matches!(
            Policy::new(
                vec![signer("a", &alice), signer("a", &alice)],
                Vec::new(),
                0
            ),
            Err(PolicyError::DuplicateName(_))
        ));
        assert!(
            rule(&["alice"], 1).covers("dist/app.tar.gz")
                && !rule(&["alice"], 1).covers("src/main.rs")
        );
    }
}
