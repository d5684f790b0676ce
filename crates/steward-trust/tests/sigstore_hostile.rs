//! A real Sigstore bundle (sigstore-python's `bundle.txt.sigstore`, staging) changed in each way
//! an attacker might, each refused at the stage that catches it, with that stage's reason.

use steward_trust::sigstore::{self, Artifact, Signer, SigstoreError};

fn read(relative: &str) -> String {
    let path = steward_test::corpus_path(&format!("trust/sigstore/{relative}"));
    std::fs::read_to_string(path).expect("a corpus file reads")
}

fn signer(subject: &str) -> Signer {
    Signer::Identity {
        subject: subject.to_owned(),
        issuer: "https://github.com/login/oauth".to_owned(),
    }
}

/// Verifies the bundle, changed by `change`, for `artifact` against the root JSON `root`.
fn outcome(
    change: impl Fn(&mut serde_json::Value),
    artifact: &[u8],
    who: &Signer,
    root: &str,
) -> Result<(), SigstoreError> {
    let mut bundle: serde_json::Value =
        serde_json::from_str(&read("sigstore-python/test/assets/bundle.txt.sigstore"))
            .expect("JSON");
    change(&mut bundle);
    let root = sigstore::trusted_root(Some(root)).expect("root");
    let bundle = sigstore::parse_bundle(&bundle.to_string())?;
    sigstore::verify(&bundle, Artifact::Bytes(artifact), who, &root).map(|_| ())
}

const STAGING_PATH: &str = "public-good/staging/trusted_root.json";

/// The staging root, whose CA issued the bundle's certificate and whose log logged it.
static STAGING: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| read(STAGING_PATH));

fn artifact() -> Vec<u8> {
    read("sigstore-python/test/assets/bundle.txt").into_bytes()
}

fn entry(bundle: &mut serde_json::Value) -> &mut serde_json::Value {
    &mut bundle["verificationMaterial"]["tlogEntries"][0]
}

fn unchanged(_: &mut serde_json::Value) {}

/// The failure's message, which must name what failed.
fn refused(result: Result<(), SigstoreError>) -> String {
    result.expect_err("refused").to_string()
}

#[test]
fn the_unchanged_bundle_verifies() {
    assert_eq!(
        outcome(unchanged, &artifact(), &signer("a@tny.town"), &STAGING),
        Ok(())
    );
}

#[test]
fn another_artifact_is_a_signature_mismatch() {
    let reason = refused(outcome(
        unchanged,
        b"another artifact",
        &signer("a@tny.town"),
        &STAGING,
    ));
    assert!(reason.contains("artifact mismatch"), "{reason}");
}

#[test]
fn another_identity_is_an_identity_mismatch() {
    let result = outcome(unchanged, &artifact(), &signer("b@tny.town"), &STAGING);
    assert!(
        matches!(result, Err(SigstoreError::IdentityMismatch { .. })),
        "{result:?}"
    );
}

#[test]
fn a_root_that_did_not_issue_the_certificate_is_an_untrusted_chain() {
    // The staging root with production's certificate authorities: the log is trusted, the CA
    // that issued the certificate is not.
    let mut root: serde_json::Value = serde_json::from_str(&STAGING).expect("JSON");
    let production: serde_json::Value =
        serde_json::from_str(&read("public-good/production/trusted_root.json")).expect("JSON");
    root["certificateAuthorities"] = production["certificateAuthorities"].clone();
    let reason = refused(outcome(
        unchanged,
        &artifact(),
        &signer("a@tny.town"),
        &root.to_string(),
    ));
    assert!(reason.contains("certificate chain is invalid"), "{reason}");
}

#[test]
fn a_tampered_checkpoint_is_refused() {
    let reason = refused(outcome(
        |bundle| {
            let checkpoint = &mut entry(bundle)["inclusionProof"]["checkpoint"]["envelope"];
            let text = checkpoint.as_str().unwrap_or_default().replace(
                "Timestamp: 1682468469199678948",
                "Timestamp: 1682468469199678949",
            );
            *checkpoint = serde_json::Value::String(text);
        },
        &artifact(),
        &signer("a@tny.town"),
        &STAGING,
    ));
    assert!(reason.contains("invalid checkpoint"), "{reason}");
}

#[test]
fn an_inclusion_proof_for_another_tree_size_is_refused() {
    let reason = refused(outcome(
        |bundle| {
            entry(bundle)["inclusionProof"]["treeSize"] =
                serde_json::Value::String("7376160".to_owned());
        },
        &artifact(),
        &signer("a@tny.town"),
        &STAGING,
    ));
    assert!(reason.contains("invalid inclusion proof"), "{reason}");
}

#[test]
fn a_signing_time_after_the_certificate_expired_is_refused() {
    // The certificate is valid 2023-04-26T00:21:08Z to 00:31:08Z; an hour later it was expired.
    // The log signed the time it gives, so the changed time breaks the inclusion promise first.
    let reason = refused(outcome(
        |bundle| {
            entry(bundle)["integratedTime"] = serde_json::Value::String("1682472069".to_owned());
        },
        &artifact(),
        &signer("a@tny.town"),
        &STAGING,
    ));
    assert!(reason.contains("invalid inclusion promise"), "{reason}");
}

#[test]
fn a_changed_log_entry_is_inconsistent() {
    let reason = refused(outcome(
        |bundle| {
            entry(bundle)["logIndex"] = serde_json::Value::String("7390978".to_owned());
        },
        &artifact(),
        &signer("a@tny.town"),
        &STAGING,
    ));
    assert!(reason.contains("invalid inclusion promise"), "{reason}");
}
