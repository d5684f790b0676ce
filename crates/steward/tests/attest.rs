//! `steward attest`: decisions as signed statements that `steward verify` checks, built on and
//! revoked by digest, logged with an inclusion proof kept beside them.

mod common;

use std::path::Path;

use base64::Engine as _;
use common::{log, steward};
use serde_json::Value;

const DECISION: &str = "https://steward.dev/decision/v1";

/// `steward attest ARGUMENTS`: exit status and everything printed.
fn attest(dir: &Path, arguments: &[&str]) -> (i32, String) {
    common::run(dir, "attest", arguments)
}

/// The payload of the envelope at `path`: the statement's exact bytes.
fn payload(path: &Path) -> Vec<u8> {
    let envelope: Value =
        serde_json::from_slice(&std::fs::read(path).expect("read")).expect("JSON");
    base64::engine::general_purpose::STANDARD
        .decode(envelope["payload"].as_str().expect("a payload"))
        .expect("base64")
}

/// The statement inside the envelope at `path`.
fn statement(path: &Path) -> Value {
    serde_json::from_slice(&payload(path)).expect("a statement")
}

/// The SHA-256 of the payload of the envelope at `path`, which names its statement.
fn statement_digest(path: &Path) -> String {
    use sha2::Digest as _;
    steward_trust::hex(&sha2::Sha256::digest(payload(path)))
}

#[test]
fn decisions_are_signed_statements_that_build_on_and_revoke_each_other() {
    let directory = tempfile::tempdir().expect("a directory");
    let dir = directory.path();
    for name in ["alice", "bob", "log"] {
        steward(dir)
            .args(["key", "generate", name])
            .assert()
            .success();
    }
    std::fs::write(dir.join("fix.patch"), "--- a\n+++ b\n").expect("write");
    let (status, printed) = attest(
        dir,
        &[
            "author",
            "fix.patch",
            "--role",
            "author",
            "--reason",
            "fixes the overflow",
            "--key",
            "alice.key",
            "-o",
            "author.json",
        ],
    );
    assert_eq!(status, 0, "{printed}");
    steward(dir)
        .args([
            "verify",
            "fix.patch",
            "--attestation",
            "author.json",
            "--key",
            "alice.pub",
            "--predicate-type",
            DECISION,
        ])
        .assert()
        .success();

    let (status, printed) = attest(
        dir,
        &[
            "review",
            "fix.patch",
            "--role",
            "qa",
            "--outcome",
            "approve",
            "--reason",
            "tested on 24.05",
            "--key",
            "bob.key",
            "--builds-on",
            "author.json",
            "--evidence",
            "https://ci.example/run/1",
            "-o",
            "review.json",
        ],
    );
    assert_eq!(status, 0, "{printed}");
    let review = statement(&dir.join("review.json"));
    assert_eq!(review["predicateType"], DECISION);
    let predicate = &review["predicate"];
    assert_eq!(
        (
            predicate["decision"].as_str(),
            predicate["outcome"].as_str(),
            predicate["role"].as_str()
        ),
        (Some("review"), Some("approve"), Some("qa"))
    );
    assert_eq!(predicate["rationale"], "tested on 24.05");
    assert_eq!(predicate["evidence"][0], "https://ci.example/run/1");
    assert_eq!(
        predicate["buildsOn"][0]["sha256"],
        statement_digest(&dir.join("author.json"))
    );

    // A review without an outcome, a suppression without an expiry, a package without its
    // digest: refused, saying why.
    let (status, printed) = attest(
        dir,
        &[
            "review",
            "fix.patch",
            "--role",
            "qa",
            "--reason",
            "r",
            "--key",
            "bob.key",
        ],
    );
    assert_eq!(status, 2, "{printed}");
    assert!(
        printed.contains("a review decision needs an outcome"),
        "{printed}"
    );
    let (status, printed) = attest(
        dir,
        &[
            "suppress",
            "GHSA-abcd-efgh-ijkl",
            "--role",
            "security",
            "--reason",
            "r",
            "--key",
            "bob.key",
            "--advisory",
            "GHSA-abcd-efgh-ijkl",
        ],
    );
    assert_eq!(status, 2, "{printed}");
    assert!(
        printed.contains("needs --advisory and --expires"),
        "{printed}"
    );
    let (status, printed) = attest(
        dir,
        &[
            "release",
            "pkg:cargo/serde@1.0.219",
            "--role",
            "release-manager",
            "--reason",
            "r",
            "--key",
            "bob.key",
        ],
    );
    assert_eq!(status, 2, "{printed}");
    assert!(
        printed.contains("pkg:cargo/serde@1.0.219=sha256:HEX"),
        "{printed}"
    );

    // A suppression of an advisory on a package, and a release of a package and an image.
    let digest = "a".repeat(64);
    let (status, printed) = attest(
        dir,
        &[
            "suppress",
            "GHSA-abcd-efgh-ijkl",
            "--role",
            "security",
            "--reason",
            "not reachable",
            "--key",
            "bob.key",
            "--advisory",
            "GHSA-abcd-efgh-ijkl",
            "--package",
            "pkg:cargo/serde@1.0.219",
            "--expires",
            "2027-06-30",
            "-o",
            "suppress.json",
        ],
    );
    assert_eq!(status, 0, "{printed}");
    assert_eq!(
        statement(&dir.join("suppress.json"))["predicate"]["suppression"]["expires"],
        "2027-06-30"
    );
    let package = format!("pkg:cargo/serde@1.0.219=sha256:{digest}");
    let image = format!("registry.example/app@sha256:{digest}");
    let (status, printed) = attest(
        dir,
        &[
            "release",
            &package,
            &image,
            "--role",
            "release-manager",
            "--reason",
            "3.1",
            "--key",
            "alice.key",
            "-o",
            "release.json",
        ],
    );
    assert_eq!(status, 0, "{printed}");
    let subjects = &statement(&dir.join("release.json"))["subject"];
    assert_eq!(subjects[0]["name"], "pkg:cargo/serde@1.0.219");
    assert_eq!(subjects[1]["name"], "registry.example/app");
    assert_eq!(subjects[1]["digest"]["sha256"], digest.as_str());

    // Only a statement's signer revokes it.
    let (status, printed) = attest(
        dir,
        &[
            "revoke",
            "fix.patch",
            "--role",
            "qa",
            "--reason",
            "mine",
            "--key",
            "bob.key",
            "--revokes",
            "author.json",
        ],
    );
    assert_eq!(status, 2, "{printed}");
    assert!(
        printed.contains("a signer revokes only its own statements"),
        "{printed}"
    );
    let (status, printed) = attest(
        dir,
        &[
            "revoke",
            "fix.patch",
            "--role",
            "author",
            "--reason",
            "superseded",
            "--key",
            "alice.key",
            "--revokes",
            "author.json",
            "-o",
            "revoke.json",
        ],
    );
    assert_eq!(status, 0, "{printed}");
    assert_eq!(
        statement(&dir.join("revoke.json"))["predicate"]["revokes"]["sha256"],
        statement_digest(&dir.join("author.json"))
    );

    // Logged: the statement's inclusion proof verifies with the log's key and the statement.
    let (status, key) = log(
        dir,
        &[
            "init",
            "decisions",
            "--origin",
            "example.com/decisions",
            "--key",
            "log.key",
        ],
    );
    assert_eq!(status, 0, "{key}");
    let (status, printed) = attest(
        dir,
        &[
            "release",
            "fix.patch",
            "--role",
            "release-manager",
            "--reason",
            "ship it",
            "--key",
            "alice.key",
            "--log",
            "decisions",
            "-o",
            "logged.json",
        ],
    );
    assert_eq!(status, 0, "{printed}");
    assert!(
        printed.contains("logged as entry 0 of example.com/decisions"),
        "{printed}"
    );
    let (status, printed) = log(
        dir,
        &[
            "verify-proof",
            "logged.json.tlog-proof",
            "--key",
            key.trim(),
            "--entry",
            "logged.json",
        ],
    );
    assert_eq!(status, 0, "{printed}");
}
