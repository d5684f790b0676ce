//! Thresholds over Sigstore bundles: a bundle counts once, whether for the identity given or
//! for the signers of a policy rule, so one signature never meets a threshold of two; a bundle
//! that fails does not spoil another that verifies. Uses sigstore-python's production bundle of
//! `bundle_v3_github.whl` (signed by rfc8785.py's release workflow).

use steward_test::corpus_path;
use steward_trust::policy::{Identity, Policy, PolicySigner, Rule};
use steward_trust::sigstore::{self, Artifact, Signer};
use steward_trust::verdict::{self, BundleInput, Requirements};

const ASSETS: &str = "trust/sigstore/sigstore-python/test/assets";
const ISSUER: &str = "https://token.actions.githubusercontent.com";

fn read(relative: &str) -> Vec<u8> {
    std::fs::read(corpus_path(relative)).expect("a corpus file reads")
}

fn bundle(name: &str) -> sigstore::Bundle {
    let json = String::from_utf8(read(&format!("{ASSETS}/{name}"))).expect("UTF-8");
    sigstore::parse_bundle(&json).expect("a bundle")
}

fn release_signer(name: &str) -> PolicySigner {
    PolicySigner {
        name: name.to_owned(),
        identity: Identity::Sigstore {
            subject: None,
            pattern: Some(regex::Regex::new("^https://github.com/trailofbits/.*$").expect("re")),
            issuer: ISSUER.to_owned(),
        },
        not_before: None,
        not_after: None,
        revoked: None,
    }
}

#[test]
fn one_bundle_counts_for_one_signer_of_a_rule() {
    let wheel = read(&format!("{ASSETS}/bundle_v3_github.whl"));
    let root = sigstore::trusted_root(None).expect("the embedded root");
    let rule = |threshold| {
        Rule::new(
            "release".to_owned(),
            &["*.whl".to_owned()],
            vec!["alice".to_owned(), "bob".to_owned()],
            threshold,
            None,
            None,
        )
        .expect("a rule")
    };
    let judge = |threshold, bundles: &[(String, sigstore::Bundle)]| {
        let policy = Policy::new(
            vec![release_signer("alice"), release_signer("bob")],
            vec![rule(threshold)],
            0,
        )
        .expect("a policy");
        let input = BundleInput {
            bundles,
            artifact: Artifact::Bytes(&wheel),
            root: &root,
            now: 1_800_000_000,
        };
        let rules = policy.rules_for("app.whl");
        verdict::judge_bundle_with_policy(
            "app.whl".to_owned(),
            String::new(),
            &input,
            &policy,
            &rules,
        )
    };
    let one = [(
        "a.sigstore".to_owned(),
        bundle("bundle_v3_github.whl.sigstore"),
    )];
    assert!(judge(1, &one).verified);
    let refused = judge(2, &one);
    assert!(!refused.verified, "one signature met a threshold of two");
    let text = serde_json::to_string(&refused).expect("serializes");
    assert!(
        text.contains("already counted for another signer"),
        "{text}"
    );
}

#[test]
fn the_same_identity_in_two_bundles_counts_once_and_a_failing_bundle_does_not_spoil() {
    let wheel = read(&format!("{ASSETS}/bundle_v3_github.whl"));
    let root = sigstore::trusted_root(None).expect("the embedded root");
    let signer = Signer::IdentityPattern {
        pattern: regex::Regex::new("^https://github.com/trailofbits/.*$").expect("re"),
        issuer: ISSUER.to_owned(),
    };
    let good = bundle("bundle_v3_github.whl.sigstore");
    let other = bundle("bundle.txt.sigstore");
    let judge = |bundle: &sigstore::Bundle, source: &str| {
        let outcome = sigstore::verify(bundle, Artifact::Bytes(&wheel), &signer, &root);
        verdict::judge_bundle(
            "app.whl".to_owned(),
            String::new(),
            source,
            outcome,
            &Requirements::new(1, None),
        )
    };
    let twice = vec![judge(&good, "first"), judge(&good, "second")];
    let refused = verdict::judge_bundles(twice.clone(), 2);
    assert!(!refused.verified);
    assert!(
        refused
            .reasons
            .iter()
            .any(|reason| reason.contains("1 of the 2")),
        "{:?}",
        refused.reasons
    );
    assert!(verdict::judge_bundles(twice, 1).verified);
    let mixed = vec![judge(&other, "other"), judge(&good, "good")];
    assert!(verdict::judge_bundles(mixed, 1).verified);
}
