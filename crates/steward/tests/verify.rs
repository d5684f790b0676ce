//! `steward key`, `steward sign` and `steward verify` end to end: keys made, files signed,
//! signatures added, and every way an attestation or bundle can fail refused with its reason
//! and exit status 1; unusable input is an error (exit status 2).

mod common;

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;

use common::steward;
use serde_json::Value;

fn generate(dir: &Path, name: &str, algorithm: &str) {
    steward(dir)
        .args(["key", "generate", "--algorithm", algorithm, name])
        .assert()
        .success();
}

fn sign(dir: &Path, arguments: &[&str]) {
    steward(dir).arg("sign").args(arguments).assert().success();
}

/// `steward verify ... --format json`: the exit status and the report.
fn verify(dir: &Path, arguments: &[&str]) -> (i32, Value) {
    let output = steward(dir)
        .arg("verify")
        .args(arguments)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
        panic!(
            "JSON report; stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), report)
}

fn reasons(report: &Value) -> String {
    report["artifacts"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|artifact| artifact["reasons"].as_array().cloned().unwrap_or_default())
        .map(|reason| reason.as_str().unwrap_or_default().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Two signers and two files, both signed by alice; bob adds his signature.
fn signed_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    generate(dir.path(), "alice", "ed25519");
    generate(dir.path(), "bob", "ecdsa-p256");
    common::write(dir.path(), "a.txt", "hello\n");
    common::write(dir.path(), "b.txt", "world\n");
    sign(
        dir.path(),
        &[
            "a.txt",
            "b.txt",
            "--key",
            "alice.key",
            "--output",
            "alice.json",
        ],
    );
    sign(
        dir.path(),
        &[
            "--add-signature",
            "alice.json",
            "--key",
            "bob.key",
            "--output",
            "both.json",
        ],
    );
    dir
}

#[test]
fn keys_are_private_to_their_owner_and_show_their_id() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let output = steward(dir.path())
        .args(["key", "generate", "k"])
        .output()
        .expect("runs");
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    let id = printed
        .split_whitespace()
        .nth(1)
        .expect("algorithm and id")
        .to_owned();
    let mode = std::fs::metadata(dir.path().join("k.key"))
        .expect("exists")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    for file in ["k.key", "k.pub"] {
        let shown = steward(dir.path())
            .args(["key", "show", file])
            .output()
            .expect("runs");
        let shown = String::from_utf8_lossy(&shown.stdout).into_owned();
        assert!(shown.contains(&id), "{file}: {shown}");
        assert!(!shown.contains("PRIVATE"), "a private key is never printed");
    }
    // Never overwritten.
    steward(dir.path())
        .args(["key", "generate", "k"])
        .assert()
        .code(2);
}

#[test]
fn a_key_made_with_a_password_is_encrypted_and_signs_only_with_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let with_password = |password: &str| {
        let mut command = steward(dir.path());
        command.env("STEWARD_KEY_PASSWORD", password);
        command
    };
    with_password("secret")
        .args(["key", "generate", "k"])
        .assert()
        .success();
    let pem = std::fs::read_to_string(dir.path().join("k.key")).expect("written");
    assert!(
        pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"),
        "{pem}"
    );
    common::write(dir.path(), "a.txt", "hello\n");
    with_password("secret")
        .args(["sign", "a.txt", "--key", "k.key", "-o", "a.json"])
        .assert()
        .success();
    let (status, _) = verify(
        dir.path(),
        &["a.txt", "--attestation", "a.json", "--key", "k.pub"],
    );
    assert_eq!(status, 0);
    let wrong = with_password("guess")
        .args(["sign", "a.txt", "--key", "k.key"])
        .output()
        .expect("runs");
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("password is wrong"));
    // With no password and no terminal to ask at, an encrypted key is an error naming the way.
    let none = steward(dir.path())
        .env_remove("STEWARD_KEY_PASSWORD")
        .args(["key", "show", "k.key"])
        .output()
        .expect("runs");
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("STEWARD_KEY_PASSWORD"));
    with_password("")
        .args(["key", "generate", "empty"])
        .assert()
        .code(2);
    assert!(!dir.path().join("empty.key").exists());
}

#[test]
fn two_signers_meet_a_threshold_of_two_and_one_does_not() {
    let dir = signed_project();
    let (status, report) = verify(
        dir.path(),
        &[
            "a.txt",
            "b.txt",
            "--attestation",
            "both.json",
            "--key",
            "alice.pub",
            "--key",
            "bob.pub",
            "--threshold",
            "2",
        ],
    );
    assert_eq!(
        (status, report["holds"].as_bool()),
        (0, Some(true)),
        "{report:#}"
    );
    assert_eq!(report["schema"], "https://steward.dev/verify/v1");

    let (status, report) = verify(
        dir.path(),
        &[
            "a.txt",
            "--attestation",
            "alice.json",
            "--key",
            "alice.pub",
            "--key",
            "bob.pub",
            "--threshold",
            "2",
        ],
    );
    assert_eq!(status, 1);
    assert!(
        reasons(&report).contains("below threshold: 1 of the 2"),
        "{report:#}"
    );
}

#[test]
fn the_same_key_twice_counts_once() {
    let dir = signed_project();
    // ECDSA signatures differ each time; Ed25519's are deterministic, so a second one is a
    // duplicate of the first.
    sign(
        dir.path(),
        &[
            "--add-signature",
            "both.json",
            "--key",
            "bob.key",
            "--output",
            "bob-twice.json",
        ],
    );
    sign(
        dir.path(),
        &[
            "--add-signature",
            "alice.json",
            "--key",
            "alice.key",
            "--output",
            "alice-twice.json",
        ],
    );
    let (status, report) = verify(
        dir.path(),
        &[
            "a.txt",
            "--attestation",
            "bob-twice.json",
            "--key",
            "alice.pub",
            "--key",
            "bob.pub",
            "--threshold",
            "3",
        ],
    );
    assert_eq!(status, 1);
    let signatures = &report["artifacts"][0]["evidence"][0]["signatures"];
    assert_eq!(
        signatures[2]["reason"], "another signature by the same key already counted",
        "{report:#}"
    );
    assert!(reasons(&report).contains("2 of the 3"), "{report:#}");
    let (_, report) = verify(
        dir.path(),
        &[
            "a.txt",
            "--attestation",
            "alice-twice.json",
            "--key",
            "alice.pub",
        ],
    );
    let signatures = &report["artifacts"][0]["evidence"][0]["signatures"];
    assert_eq!(
        signatures[1]["reason"], "the same signature appears earlier in the envelope",
        "{report:#}"
    );
}

#[test]
fn a_changed_artifact_is_a_digest_mismatch() {
    let dir = signed_project();
    common::write(dir.path(), "b.txt", "tampered\n");
    let (status, report) = verify(
        dir.path(),
        &[
            "a.txt",
            "b.txt",
            "--attestation",
            "alice.json",
            "--key",
            "alice.pub",
        ],
    );
    assert_eq!(status, 1);
    assert_eq!(report["artifacts"][0]["verified"], true);
    assert!(reasons(&report).contains("digest mismatch"), "{report:#}");
}

#[test]
fn an_untrusted_key_a_changed_payload_type_and_a_wrong_predicate_type_are_refused() {
    let dir = signed_project();
    let (status, report) = verify(
        dir.path(),
        &["a.txt", "--attestation", "alice.json", "--key", "bob.pub"],
    );
    assert_eq!(status, 1);
    assert!(
        reasons(&report).contains("no signature by a trusted key verifies"),
        "{report:#}"
    );

    let envelope = std::fs::read_to_string(dir.path().join("alice.json")).expect("reads");
    common::write(
        dir.path(),
        "retyped.json",
        &envelope.replace(
            "application/vnd.in-toto+json",
            "application/vnd.in-toto+jsoN",
        ),
    );
    let (status, _) = verify(
        dir.path(),
        &[
            "a.txt",
            "--attestation",
            "retyped.json",
            "--key",
            "alice.pub",
        ],
    );
    assert_eq!(status, 1, "a changed payload type breaks the signature");

    let (status, report) = verify(
        dir.path(),
        &[
            "a.txt",
            "--attestation",
            "alice.json",
            "--key",
            "alice.pub",
            "--predicate-type",
            "https://slsa.dev/provenance/v1",
        ],
    );
    assert_eq!(status, 1);
    assert!(
        reasons(&report).contains("is not the required https://slsa.dev/provenance/v1"),
        "{report:#}"
    );
}

#[test]
fn a_predicate_is_carried_and_slsa_provenance_is_read() {
    let dir = signed_project();
    common::write(
        dir.path(),
        "provenance.json",
        r#"{"buildDefinition": {"buildType": "https://example.com/build", "externalParameters": {}, "resolvedDependencies": [{"uri": "git+https://example.com/repo@refs/tags/v1", "digest": {"gitCommit": "0123abcd"}}]}, "runDetails": {"builder": {"id": "https://example.com/builder"}}}"#,
    );
    sign(
        dir.path(),
        &[
            "a.txt",
            "--key",
            "alice.key",
            "--predicate-type",
            "https://slsa.dev/provenance/v1",
            "--predicate",
            "provenance.json",
            "--output",
            "provenance.intoto.json",
        ],
    );
    let (status, report) = verify(
        dir.path(),
        &[
            "a.txt",
            "--attestation",
            "provenance.intoto.json",
            "--key",
            "alice.pub",
            "--predicate-type",
            "https://slsa.dev/provenance/v1",
        ],
    );
    assert_eq!(status, 0, "{report:#}");
    let provenance = &report["artifacts"][0]["evidence"][0]["provenance"];
    assert_eq!(provenance["builder_id"], "https://example.com/builder");
    assert_eq!(
        provenance["source_repository"],
        "git+https://example.com/repo"
    );
    assert_eq!(provenance["source_ref"], "refs/tags/v1");
    assert_eq!(provenance["source_digest"], "0123abcd");
}

#[test]
fn unusable_input_is_an_error_naming_the_file() {
    let dir = signed_project();
    common::write(dir.path(), "broken.json", "{\"payload\": 1}");
    let output = steward(dir.path())
        .args([
            "verify",
            "a.txt",
            "--attestation",
            "broken.json",
            "--key",
            "alice.pub",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("broken.json"));
    let output = steward(dir.path())
        .args([
            "verify",
            "a.txt",
            "--attestation",
            "alice.json",
            "--key",
            "alice.key",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("private key"));
}

fn sigstore(relative: &str) -> String {
    steward_test::corpus_path(&format!("trust/sigstore/{relative}"))
        .display()
        .to_string()
}

#[test]
fn a_sigstore_bundle_verifies_offline_for_its_identity_and_no_other() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let artifact = sigstore("sigstore-python/test/assets/bundle.txt");
    let bundle = sigstore("sigstore-python/test/assets/bundle.txt.sigstore");
    let root = sigstore("public-good/staging/trusted_root.json");
    let common = [
        "--bundle",
        &bundle,
        "--trusted-root",
        &root,
        "--certificate-oidc-issuer",
        "https://github.com/login/oauth",
    ];
    let (status, report) = verify(
        dir.path(),
        &[
            &[artifact.as_str(), "--certificate-identity", "a@tny.town"][..],
            &common,
        ]
        .concat(),
    );
    assert_eq!(status, 0, "{report:#}");
    let (status, report) = verify(
        dir.path(),
        &[
            &[artifact.as_str(), "--certificate-identity-regexp", "b@.*"][..],
            &common,
        ]
        .concat(),
    );
    assert_eq!(status, 1);
    assert!(reasons(&report).contains("does not match"), "{report:#}");
    // The production root did not issue the staging certificate: an untrusted root.
    let (status, _) = verify(
        dir.path(),
        &[
            artifact.as_str(),
            "--bundle",
            &bundle,
            "--certificate-identity",
            "a@tny.town",
            "--certificate-oidc-issuer",
            "https://github.com/login/oauth",
        ],
    );
    assert_eq!(status, 1);
}

#[test]
fn a_sigstore_bundle_can_be_checked_against_a_digest() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let bundle =
        sigstore("sigstore-go/pkg/testing/data/bundles/sigstore.js@2.0.0-provenance.sigstore.json");
    let digest = "46d4e2f74c4877316640000a6fdf8a8b59f1e0847667973e9859f774dd31b8f1e0937813b777fb66a2ac67d50540fe34640966eee9fc2ccca387082b4c85cd3c";
    let identity = [
        "--certificate-identity-regexp",
        "https://github.com/sigstore/sigstore-js/.*",
        "--certificate-oidc-issuer",
        "https://token.actions.githubusercontent.com",
    ];
    let right = format!("sha512:{digest}");
    let (status, report) = verify(
        dir.path(),
        &[&[right.as_str(), "--bundle", &bundle][..], &identity].concat(),
    );
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(
        report["artifacts"][0]["evidence"][0]["provenance"]["builder_id"],
        "https://github.com/actions/runner/github-hosted"
    );
    let wrong = format!("sha512:5{}", &digest[1..]);
    let (status, _) = verify(
        dir.path(),
        &[&[wrong.as_str(), "--bundle", &bundle][..], &identity].concat(),
    );
    assert_eq!(status, 1);

    // Requirements on the provenance: the builder and the source repository it names.
    let provenance = [
        "--builder-id",
        "https://github.com/actions/runner/github-hosted",
        "--source-repository",
        "github.com/sigstore/sigstore-js",
    ];
    let (status, report) = verify(
        dir.path(),
        &[
            &[right.as_str(), "--bundle", &bundle][..],
            &identity,
            &provenance,
        ]
        .concat(),
    );
    assert_eq!(status, 0, "{report:#}");
    let elsewhere = ["--source-repository", "github.com/someone/else"];
    let (status, report) = verify(
        dir.path(),
        &[
            &[right.as_str(), "--bundle", &bundle][..],
            &identity,
            &elsewhere,
        ]
        .concat(),
    );
    assert_eq!(status, 1);
    assert!(
        reasons(&report).contains("not the required github.com/someone/else"),
        "{report:#}"
    );
}

/// `steward --config steward.toml verify …` in `dir`.
fn verify_with_policy(dir: &Path, arguments: &[&str]) -> (i32, Value) {
    let mut command = assert_cmd::Command::cargo_bin("steward").expect("built");
    let output = command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["--config", "steward.toml", "verify", "--format", "json"])
        .args(arguments)
        .output()
        .expect("runs");
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|_| {
        panic!(
            "JSON report; stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), report)
}

const POLICY: &str = r#"
[trust]
max_vouch_depth = 1

[[trust.signer]]
name = "alice"
key = "alice.pub"

[[trust.signer]]
name = "bob"
key = "bob.pub"

[[trust.signer]]
name = "carol"
key = "carol.pub"
not_after = 2020-01-01

[[trust.rule]]
name = "releases"
artifacts = ["dist/*"]
signers = ["alice", "bob", "carol"]
threshold = 2
"#;

/// alice and carol (expired) sign dist/app.tar.gz, and dave, whom alice vouches for.
fn policy_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (name, algorithm) in [
        ("alice", "ed25519"),
        ("bob", "ecdsa-p256"),
        ("carol", "ed25519"),
        ("dave", "ed25519"),
    ] {
        generate(dir.path(), name, algorithm);
    }
    common::write(dir.path(), "steward.toml", POLICY);
    common::write(dir.path(), "dist/app.tar.gz", "release\n");
    common::write(dir.path(), "notes.txt", "not covered\n");
    sign(
        dir.path(),
        &[
            "dist/app.tar.gz",
            "notes.txt",
            "--key",
            "alice.key",
            "--output",
            "a.json",
        ],
    );
    sign(
        dir.path(),
        &[
            "--add-signature",
            "a.json",
            "--key",
            "carol.key",
            "--output",
            "ac.json",
        ],
    );
    sign(
        dir.path(),
        &[
            "--add-signature",
            "ac.json",
            "--key",
            "dave.key",
            "--output",
            "acd.json",
        ],
    );
    steward(dir.path())
        .args([
            "key",
            "vouch",
            "dave.pub",
            "--name",
            "dave",
            "--key",
            "alice.key",
            "--output",
            "vouch-dave.json",
        ])
        .assert()
        .success();
    steward(dir.path())
        .args([
            "key",
            "revoke",
            "dave.pub",
            "--reason",
            "lost laptop",
            "--key",
            "bob.key",
            "--output",
            "revoke-dave.json",
        ])
        .assert()
        .success();
    dir
}

#[test]
fn a_policy_counts_signers_in_their_window_and_covers_only_its_artifacts() {
    let dir = policy_project();
    let (status, report) = verify_with_policy(
        dir.path(),
        &["dist/app.tar.gz", "notes.txt", "--attestation", "ac.json"],
    );
    assert_eq!(status, 1);
    assert!(
        reasons(&report).contains("rule releases: below threshold: 1 of the 2"),
        "{report:#}"
    );
    assert!(
        reasons(&report).contains("no rule of the trust policy covers this artifact"),
        "{report:#}"
    );
    assert!(
        report["trust"]
            .to_string()
            .contains("carol: not trusted: expired"),
        "{report:#}"
    );
    // The rules decide; a flag that would loosen or tighten them is an error.
    let output = steward_with_config(dir.path())
        .args([
            "verify",
            "dist/app.tar.gz",
            "--attestation",
            "ac.json",
            "--threshold",
            "3",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("under the [trust] policy"), "{stderr}");
}

#[test]
fn a_vouched_key_counts_until_a_policy_signer_revokes_it() {
    let dir = policy_project();
    let (status, report) = verify_with_policy(
        dir.path(),
        &[
            "dist/app.tar.gz",
            "--attestation",
            "acd.json",
            "--attestation",
            "vouch-dave.json",
        ],
    );
    assert_eq!(status, 0, "{report:#}");
    assert!(
        report.to_string().contains("dave (vouched for by alice)"),
        "{report:#}"
    );
    let (status, report) = verify_with_policy(
        dir.path(),
        &[
            "dist/app.tar.gz",
            "--attestation",
            "acd.json",
            "--attestation",
            "vouch-dave.json",
            "--attestation",
            "revoke-dave.json",
        ],
    );
    assert_eq!(status, 1);
    assert!(
        report["trust"].to_string().contains("revoked: lost laptop"),
        "{report:#}"
    );
}

#[test]
fn a_policy_naming_an_unknown_signer_or_mixing_a_key_with_an_identity_is_an_error() {
    let dir = policy_project();
    common::write(
        dir.path(),
        "steward.toml",
        &POLICY.replace(
            "signers = [\"alice\", \"bob\", \"carol\"]",
            "signers = [\"alice\", \"mallory\"]",
        ),
    );
    let output = steward_with_config(dir.path())
        .args(["verify", "dist/app.tar.gz", "--attestation", "a.json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("mallory"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    common::write(
        dir.path(),
        "steward.toml",
        &POLICY.replace(
            "key = \"bob.pub\"",
            "key = \"bob.pub\"\nissuer = \"https://example.com\"",
        ),
    );
    let output = steward_with_config(dir.path())
        .args(["verify", "dist/app.tar.gz", "--attestation", "a.json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("steward.toml")
            && stderr.contains("key `trust.signer`")
            && stderr.contains("signer \"bob\""),
        "{stderr}"
    );
}

fn steward_with_config(dir: &Path) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("steward").expect("built");
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(["--config", "steward.toml"]);
    command
}

#[test]
fn detached_ssh_and_minisign_signatures_verify_with_the_key_given() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let keys = |relative: &str| {
        steward_test::corpus_path(&format!("trust/keys/{relative}"))
            .display()
            .to_string()
    };
    common::write(dir.path(), "message", "testing");
    let ssh = "rustcrypto-ssh/ssh-key/tests/examples";
    let signature = keys(&format!("{ssh}/sshsig_ed25519"));
    let key = keys(&format!("{ssh}/id_ed25519.pub"));
    let (status, report) = verify(
        dir.path(),
        &[
            "message",
            "--signature",
            &signature,
            "--key",
            &key,
            "--namespace",
            "example",
        ],
    );
    assert_eq!(status, 0, "{report:#}");
    let (status, report) = verify(
        dir.path(),
        &["message", "--signature", &signature, "--key", &key],
    );
    assert_eq!(status, 1);
    assert!(
        report.to_string().contains("not \\\"file\\\""),
        "{report:#}"
    );

    common::write(
        dir.path(),
        "minisign.pub",
        "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3\n",
    );
    let list = keys("minisign/dnscrypt-resolvers/v3/odoh-relays.md");
    let minisig = keys("minisign/dnscrypt-resolvers/v3/odoh-relays.md.minisig");
    let (status, report) = verify(
        dir.path(),
        &[&list, "--signature", &minisig, "--key", "minisign.pub"],
    );
    assert_eq!(status, 0, "{report:#}");
    let (status, _) = verify(
        dir.path(),
        &["message", "--signature", &minisig, "--key", "minisign.pub"],
    );
    assert_eq!(status, 1);
}
