//! Trust policies and their network of trust: never panics building a policy from hostile rules
//! (artifact globs, signer names, thresholds, depth) nor evaluating vouching and revocation
//! statements (any JSON, signed by the policy's three keys); every trusted key is within the
//! policy's depth and trusted once, so cycles end.
//!
//! The input is JSON: `{"depth": N, "rules": [{"name", "paths", "signers", "threshold"}],
//! "statements": [[SIGNER, STATEMENT]], "artifacts": [PATH], "now": SECONDS}`.
#![no_main]

use std::collections::BTreeSet;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use steward_trust::policy::{Identity, Policy, PolicySigner, Rule};
use steward_trust::statement::PAYLOAD_TYPE;
use steward_trust::{Envelope, SigningKey, VerifyingKey};

#[derive(Deserialize)]
struct Input {
    depth: u8,
    #[serde(default)]
    rules: Vec<RuleInput>,
    #[serde(default)]
    statements: Vec<(u8, serde_json::Value)>,
    #[serde(default)]
    artifacts: Vec<String>,
    #[serde(default)]
    now: i64,
}

#[derive(Deserialize)]
struct RuleInput {
    name: String,
    paths: Vec<String>,
    signers: Vec<String>,
    threshold: u8,
}

/// Three fixed Ed25519 keys (PKCS#8 v1 of fixed seeds), named a, b and c.
static KEYS: LazyLock<Vec<SigningKey>> = LazyLock::new(|| {
    (1u8..=3)
        .map(|seed| {
            let mut der = vec![
                0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22,
                0x04, 0x20,
            ];
            der.extend([seed; 32]);
            SigningKey::from_pkcs8_der(&der).expect("a fixed key")
        })
        .collect()
});

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<Input>(data) else {
        return;
    };
    let signers = ["a", "b", "c"]
        .iter()
        .zip(KEYS.iter())
        .map(|(name, key)| PolicySigner {
            name: (*name).to_owned(),
            identity: Identity::Key(
                VerifyingKey::new(key.public_key().clone(), None).expect("an Ed25519 key"),
            ),
            not_before: None,
            not_after: None,
            revoked: None,
        })
        .collect();
    let Ok(rules) = input
        .rules
        .into_iter()
        .map(|rule| {
            Rule::new(
                rule.name,
                &rule.paths,
                rule.signers,
                usize::from(rule.threshold),
                None,
                None,
            )
        })
        .collect::<Result<Vec<_>, _>>()
    else {
        return;
    };
    let depth = usize::from(input.depth % 8);
    let Ok(policy) = Policy::new(signers, rules, depth) else {
        return;
    };
    let statements: Vec<(String, Envelope)> = input
        .statements
        .iter()
        .enumerate()
        .map(|(index, (signer, statement))| {
            let mut envelope = Envelope::new(PAYLOAD_TYPE, statement.to_string().into_bytes());
            envelope
                .sign(&KEYS[usize::from(*signer) % KEYS.len()])
                .expect("signs");
            (format!("statement {index}"), envelope)
        })
        .collect();
    let (trusted, _) = steward_trust::policy::trusted_keys(&policy, input.now, &statements);
    let mut seen = BTreeSet::new();
    for key in &trusted {
        assert!(key.depth <= depth, "trusted beyond the policy's depth");
        assert!(seen.insert(key.key.key().id()), "a key trusted twice");
    }
    for artifact in &input.artifacts {
        let _ = policy.rules_for(artifact);
    }
});
