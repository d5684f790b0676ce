//! `steward version compare` and `steward version sort`.

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn steward() -> Command {
    let mut command = Command::cargo_bin("steward").expect("the steward binary is built");
    command.env_remove("STEWARD_CONFIG").arg("--no-config");
    command
}

#[test]
fn compares_by_each_ecosystems_rules() {
    let cases = [
        ("PyPI", "1.0.0rc1", "1.0.0", "<"),
        ("Maven", "1.0-SNAPSHOT", "1.0", "<"),
        ("Debian:12", "1:2.3~rc1-4", "2.3-4", ">"),
        ("Go", "v0.0.0-20210101120000-abcdef123456", "v0.1.0", "<"),
        ("npm", "1.0.0+build.1", "1.0.0", "="),
        ("pep440", "1.0", "1.0.0", "="),
        ("rpm", "1.0~rc1", "1.0", "<"),
        ("Alpine:v3.20", "1.0_rc1", "1.0-r1", "<"),
    ];
    for (ecosystem, left, right, expected) in cases {
        steward()
            .args(["version", "compare", ecosystem, left, right])
            .assert()
            .code(0)
            .stdout(format!("{expected}\n"));
    }
}

#[test]
fn an_invalid_version_says_which_part_is_wrong() {
    steward()
        .args(["version", "compare", "cargo", "1.2", "1.2.0"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "invalid SemVer version `1.2`: the patch version is missing",
        ));
    steward()
        .args(["version", "compare", "no-such-ecosystem", "1", "2"])
        .assert()
        .code(2)
        .stderr(contains("neither a known ecosystem nor a version scheme").and(contains("hint:")));
}

#[test]
fn batch_mode_answers_every_line_and_names_bad_lines() {
    steward()
        .args(["version", "compare", "pep440"])
        .write_stdin("1.0 2.0\n1.0 nonsense\n2.0 1.0\n3\n1!0.1 2.0\n")
        .assert()
        .code(2)
        .stdout("<\n!\n>\n!\n>\n")
        .stderr(
            contains("line 2: invalid PEP 440 version `nonsense`")
                .and(contains("line 4: expected two versions, found 1")),
        );
}

#[test]
fn pypi_orders_legacy_versions_before_pep_440_ones() {
    steward()
        .args(["version", "compare", "PyPI", "1.0-foo", "0.1"])
        .assert()
        .code(0)
        .stdout("<\n");
}

#[test]
fn sorts_standard_input() {
    steward()
        .args(["version", "sort", "PyPI"])
        .write_stdin("1.10\n1.9\n1.0rc1\n\n1.0\n1.0.0\n1.0.dev0\n")
        .assert()
        .code(0)
        .stdout("1.0.dev0\n1.0rc1\n1.0\n1.0.0\n1.9\n1.10\n");
    steward()
        .args(["version", "sort", "--reverse", "Debian"])
        .write_stdin("1.0\n1.0~rc1\nnot a version\n1:0.1\n")
        .assert()
        .code(2)
        .stdout("1:0.1\n1.0\n1.0~rc1\n")
        .stderr(contains("line 3: invalid Debian version `not a version`"));
}
