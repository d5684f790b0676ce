//! `steward verify --bundle ATTESTATIONS --npm-registry-keys KEYS`: an npm tarball verifies
//! only when both its SLSA provenance and its publish attestation (signed by the registry's key)
//! do; a corrupted publish signature is refused with exit status 1.

mod common;

use common::steward;

fn npm(relative: &str) -> String {
    steward_test::corpus_path(&format!("trust/npm/{relative}"))
        .display()
        .to_string()
}

fn verify(attestations: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let gha = "slsa-verifier/cli/slsa-verifier/testdata/npm/gha";
    let output = steward(dir.path())
        .arg("verify")
        .arg(npm(&format!("{gha}/supreme-googles-cli-v02-tag.tgz")))
        .args(["--bundle", &npm(&format!("{gha}/{attestations}"))])
        .args([
            "--certificate-identity-regexp",
            "^https://github.com/trishankatdatadog/supreme-goggles/.*",
            "--certificate-oidc-issuer",
            "https://token.actions.githubusercontent.com",
            "--npm-registry-keys",
            &npm("corepack/config.json"),
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn provenance_and_publish_attestation_both_verify() {
    let (status, report) = verify("supreme-googles-cli-v02-tag.tgz.json");
    assert_eq!(status, Some(0), "{report}");
    assert!(
        report.contains("@trishankatdatadog/supreme-goggles@1.0.5"),
        "{report}"
    );
}

#[test]
fn a_corrupted_publish_signature_is_refused() {
    let (status, report) = verify("supreme-googles-cli-v02-tag-invalidsigpub.tgz.json");
    assert_eq!(status, Some(1), "{report}");
    assert!(report.contains("npm publish attestation"), "{report}");
}

#[test]
fn under_a_policy_the_publish_attestation_is_checked_too() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let gha = "slsa-verifier/cli/slsa-verifier/testdata/npm/gha";
    std::fs::copy(
        npm(&format!("{gha}/supreme-googles-cli-v02-tag.tgz")),
        dir.path().join("package.tgz"),
    )
    .expect("copied");
    common::write(
        dir.path(),
        "steward.toml",
        r#"[trust]

[[trust.signer]]
name = "release"
identity_pattern = "https://github.com/trishankatdatadog/supreme-goggles/.*"
issuer = "https://token.actions.githubusercontent.com"

[[trust.rule]]
name = "packages"
artifacts = ["*.tgz"]
signers = ["release"]
"#,
    );
    let run = |attestations: &str| {
        assert_cmd::Command::cargo_bin("steward")
            .expect("built")
            .current_dir(dir.path())
            .args(["--config", "steward.toml", "verify", "package.tgz"])
            .args(["--bundle", &npm(&format!("{gha}/{attestations}"))])
            .args(["--npm-registry-keys", &npm("corepack/config.json")])
            .args(["--format", "json"])
            .output()
            .expect("runs")
    };
    let good = run("supreme-googles-cli-v02-tag.tgz.json");
    let report = String::from_utf8_lossy(&good.stdout);
    assert_eq!(good.status.code(), Some(0), "{report}");
    assert!(
        report.contains("@trishankatdatadog/supreme-goggles@1.0.5"),
        "{report}"
    );
    let bad = run("supreme-googles-cli-v02-tag-invalidsigpub.tgz.json");
    assert_eq!(bad.status.code(), Some(1));
}
