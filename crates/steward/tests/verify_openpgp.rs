//! `steward verify` with OpenPGP: Debian's archive signatures (cleartext `InRelease`, detached
//! `Release.gpg`) checked with Debian's keyrings; a stale signature, a keyring without the
//! signer and a threshold above the signers each refused with exit status 1.

mod common;

use std::path::Path;

use common::steward;
use serde_json::Value;

fn debian(relative: &str) -> String {
    steward_test::corpus_path(&format!("trust/debian/{relative}"))
        .display()
        .to_string()
}

fn verify(dir: &Path, arguments: &[String]) -> (i32, Value, String) {
    let output = steward(dir)
        .arg("verify")
        .args(arguments)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let report = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output.status.code().unwrap_or(-1), report, stderr)
}

fn arguments(list: &[&str]) -> Vec<String> {
    list.iter().map(ToString::to_string).collect()
}

#[test]
fn debian_inrelease_verifies_with_the_archive_keyring_and_not_with_another() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let inrelease = debian("dists/bookworm-security/InRelease");
    let (status, report, stderr) = verify(
        dir.path(),
        &arguments(&[
            "--cleartext",
            &inrelease,
            "--key",
            &debian("keyrings/debian-archive-bookworm-security-automatic.gpg"),
        ]),
    );
    assert_eq!(status, 0, "{report:#} {stderr}");
    let text = report.to_string();
    assert!(
        text.contains("05AB90340C0C5E797F44A8C8254CF3B5AEC0A8F0"),
        "{report:#}"
    );
    assert!(
        text.contains("signed by a key not in the keyring"),
        "{report:#}"
    );

    let (status, report, _) = verify(
        dir.path(),
        &arguments(&[
            "--cleartext",
            &inrelease,
            "--key",
            &debian("keyrings/debian-archive-bookworm-automatic.gpg"),
        ]),
    );
    assert_eq!(status, 1, "{report:#}");
    assert!(report.to_string().contains("0 of the 1"), "{report:#}");
}

#[test]
fn a_stale_detached_signature_is_bad_and_a_threshold_counts_certificates() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let keyring = debian("keyrings/debian-archive-keyring.gpg");
    let (status, report, _) = verify(
        dir.path(),
        &arguments(&[
            &debian("dists/bookworm-updates/Release"),
            "--signature",
            &debian("dists/bookworm-updates/Release.gpg"),
            "--key",
            &keyring,
        ]),
    );
    assert_eq!(status, 1, "{report:#}");
    assert!(
        report.to_string().contains("the signature does not verify"),
        "{report:#}"
    );

    let release = debian("dists/bookworm/Release");
    let signature = debian("dists/bookworm/Release.gpg");
    for (threshold, expected) in [("3", 0), ("4", 1)] {
        let (status, report, _) = verify(
            dir.path(),
            &arguments(&[
                &release,
                "--signature",
                &signature,
                "--key",
                &keyring,
                "--threshold",
                threshold,
            ]),
        );
        assert_eq!(status, expected, "threshold {threshold}: {report:#}");
    }
}

#[test]
fn openpgp_keys_do_not_check_other_signatures() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    common::write(dir.path(), "envelope.json", "{}");
    let (status, _, stderr) = verify(
        dir.path(),
        &arguments(&[
            &debian("dists/bookworm/Release"),
            "--attestation",
            "envelope.json",
            "--key",
            &debian("keyrings/debian-archive-keyring.gpg"),
        ]),
    );
    assert_eq!(status, 2);
    assert!(
        stderr.contains("OpenPGP keys check only OpenPGP signatures"),
        "{stderr}"
    );
    let (status, _, stderr) = verify(
        dir.path(),
        &arguments(&[
            "--cleartext",
            &debian("dists/bookworm/Release"),
            "--key",
            &debian("keyrings/debian-archive-keyring.gpg"),
        ]),
    );
    assert_eq!(status, 2);
    assert!(stderr.contains("Release"), "{stderr}");
}
