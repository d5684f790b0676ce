//! `steward scan --licenses`: the `[licenses]` policy of `steward.toml` against the licences
//! a lockfile records (`tests/fixtures/scan/licenses`).

mod common;

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;
use steward_test::fixture;

const POLICY: &str = r#"
[licenses]
deny = ["GPL-3.0-only"]
unknown = "warn"

[[licenses.exception]]
package = "tool"
license = "GPL-3.0-only"
reason = "a build tool, never shipped"
"#;

/// `steward` with `config` as its configuration, in `dir`.
fn steward(dir: &Path, config: &str) -> Command {
    let path = dir.join("steward.toml");
    std::fs::write(&path, config).expect("write the configuration");
    let mut command = Command::cargo_bin("steward").expect("the steward binary is built");
    command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("STEWARD_DB")
        .env("STEWARD_CONFIG", &path);
    command
}

/// `steward scan --licenses --format json` of the licences fixture: its exit status and report.
fn json_scan(dir: &Path, config: &str, db: &Path) -> (Option<i32>, Value) {
    let output = steward(dir, config)
        .args([
            "scan",
            "--offline",
            "--licenses",
            "--format",
            "json",
            "--db",
        ])
        .arg(db)
        .arg(fixture("scan/licenses"))
        .output()
        .expect("steward runs");
    let report = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!("{error}: {}", String::from_utf8_lossy(&output.stderr));
    });
    (output.status.code(), report)
}

#[test]
fn a_denied_licence_fails_unless_excepted_and_unknowns_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::filters_database(dir.path());
    let (status, report) = json_scan(dir.path(), POLICY, &db);
    assert_eq!(status, Some(1));
    let licenses = &report["licenses"];
    let names = |list: &str| -> Vec<String> {
        licenses[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|package| package["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names("problems"), ["copyleft"]);
    assert_eq!(
        licenses["problems"][0]["problem"]["offending"][0],
        "GPL-3.0-only"
    );
    assert_eq!(names("unknown"), ["mystery"]);
    assert_eq!(names("excepted"), ["tool"]);
    assert_eq!(
        licenses["excepted"][0]["exception"]["reason"],
        "a build tool, never shipped"
    );
    assert_eq!(licenses["checked"], 6);

    // The table names the problem; an old-style licence object is read and normalised.
    steward(dir.path(), POLICY)
        .args(["scan", "--offline", "--licenses", "--db"])
        .arg(&db)
        .arg(fixture("scan/licenses"))
        .assert()
        .code(1)
        .stdout(contains("not allowed: GPL-3.0-only").and(contains(
            "1 licence problem in 6 packages checked, 1 unknown licence, 1 allowed by exception",
        )));
    steward(dir.path(), POLICY)
        .args([
            "scan",
            "--offline",
            "--licenses",
            "--format",
            "html",
            "--db",
        ])
        .arg(&db)
        .arg(fixture("scan/licenses"))
        .assert()
        .code(1)
        .stdout(contains("<h2 id=\"licences\">Licences</h2>").and(contains(
            "<td>GPL-3.0-only</td><td><span class=\"level high\">not allowed: GPL-3.0-only</span>",
        )));
    common::steward(dir.path())
        .args(["inventory", "--format", "json"])
        .arg(fixture("scan/licenses"))
        .assert()
        .success()
        .stdout(contains("\"Apache-2.0\""));
}

#[test]
fn unknown_licences_can_be_denied_and_a_policy_must_exist() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::filters_database(dir.path());
    let strict = POLICY.replace("unknown = \"warn\"", "unknown = \"deny\"");
    let (_, report) = json_scan(dir.path(), &strict, &db);
    assert_eq!(report["licenses"]["problems"].as_array().unwrap().len(), 2);
    steward(dir.path(), "")
        .args(["scan", "--offline", "--licenses", "--db"])
        .arg(&db)
        .arg(fixture("scan/licenses"))
        .assert()
        .code(2)
        .stderr(contains("there is no `[licenses]` table"));
    steward(dir.path(), "[licenses]\ndeny = [\"GPL-3\"]\n")
        .args(["scan", "--offline", "--licenses", "--db"])
        .arg(&db)
        .arg(fixture("scan/licenses"))
        .assert()
        .code(2)
        .stderr(contains("`GPL-3` is not an SPDX licence identifier"));
}
