//! The command-line contract: exit statuses, streams, completions, configuration errors, colors
//! and broken pipes.

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

/// `steward`, run in an empty temporary directory with no inherited configuration or color
/// settings.
fn steward(directory: &tempfile::TempDir) -> Command {
    let mut command = Command::cargo_bin("steward").expect("the steward binary is built");
    command
        .current_dir(directory.path())
        .env_remove("STEWARD_CONFIG")
        .env_remove("STEWARD_LOG")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    command
}

fn temporary_directory() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

const ESCAPE: &str = "\u{1b}[";

#[test]
fn help_and_version_succeed_on_standard_output() {
    let directory = temporary_directory();
    steward(&directory)
        .arg("--help")
        .assert()
        .code(0)
        .stdout(contains("Exit status:").and(contains("2  Error")))
        .stderr("");
    steward(&directory)
        .arg("--version")
        .assert()
        .code(0)
        .stdout(contains(env!("CARGO_PKG_VERSION")));
    for command in ["inventory", "purl", "completions"] {
        steward(&directory)
            .args([command, "--help"])
            .assert()
            .code(0)
            .stdout(contains("Usage: steward"));
    }
}

/// README.md shows every command `steward --help` lists, so neither drifts from the other.
#[test]
fn readme_shows_every_command() {
    let directory = temporary_directory();
    let output = steward(&directory).arg("--help").output().expect("runs");
    let help = String::from_utf8(output.stdout).expect("UTF-8");
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
        .expect("README.md");
    let commands: Vec<&str> = help
        .split("Commands:")
        .nth(1)
        .and_then(|rest| rest.split("Options:").next())
        .expect("a command list")
        .lines()
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|command| *command != "help")
        .collect();
    assert!(commands.len() >= 10, "{commands:?}");
    for command in commands {
        assert!(
            readme.contains(&format!("steward {command}")),
            "README.md does not show `steward {command}`"
        );
    }
}

#[test]
fn usage_errors_exit_with_2() {
    let directory = temporary_directory();
    steward(&directory)
        .arg("--no-such-flag")
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("--no-such-flag"));
    steward(&directory)
        .assert()
        .code(2)
        .stderr(contains("Usage"));
    steward(&directory)
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}

#[test]
fn valid_package_urls_print_canonically_and_exit_0() {
    let directory = temporary_directory();
    steward(&directory)
        .args([
            "purl",
            "pkg:npm/@babel/core@7.24.0",
            "pkg:PYPI/PyYAML_x@6.0",
        ])
        .assert()
        .code(0)
        .stdout("pkg:npm/%40babel/core@7.24.0\npkg:pypi/pyyaml-x@6.0\n")
        .stderr("");
}

#[test]
fn an_invalid_package_url_is_an_error_but_the_rest_are_still_printed() {
    let directory = temporary_directory();
    steward(&directory)
        .args([
            "purl",
            "pkg:cargo/regex@1.5.4",
            "npm/left-pad",
            "pkg:golang/x@1",
        ])
        .assert()
        .code(2)
        .stdout("pkg:cargo/regex@1.5.4\n")
        .stderr(
            contains("`npm/left-pad` is not a valid package URL: missing the `pkg:` scheme")
                .and(contains("a `golang` purl needs a namespace")),
        );
}

#[test]
fn standard_input_is_read_line_by_line_and_errors_name_the_line() {
    let directory = temporary_directory();
    steward(&directory)
        .arg("purl")
        .write_stdin("# a comment\npkg:gem/rails@7.1.0\n\npkg:maven/log4j-core@2.14.1\n")
        .assert()
        .code(2)
        .stdout("pkg:gem/rails@7.1.0\n")
        .stderr(contains("line 4: `pkg:maven/log4j-core@2.14.1`"));
}

#[test]
fn json_output_carries_the_osv_identity() {
    let directory = temporary_directory();
    let output = steward(&directory)
        .args([
            "purl",
            "--format",
            "json",
            "pkg:deb/debian/libssl3@3.0.11-1?distro=debian-12&upstream=openssl",
        ])
        .output()
        .expect("steward runs");
    assert_eq!(output.status.code(), Some(0));
    let records: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(records[0]["ecosystem"], "Debian:12");
    assert_eq!(records[0]["osv_name"], "openssl");
    assert_eq!(records[0]["name"], "libssl3");
}

#[test]
fn quiet_silences_warnings_but_not_errors() {
    let directory = temporary_directory();
    steward(&directory)
        .args(["purl", "pkg:bintray/apache/couchdb@2.3.0"])
        .assert()
        .code(0)
        .stderr(contains(
            "warning: `bintray` is not a registered package URL type",
        ));
    steward(&directory)
        .args([
            "--quiet",
            "purl",
            "pkg:bintray/apache/couchdb@2.3.0",
            "nonsense",
        ])
        .assert()
        .code(2)
        .stdout("pkg:bintray/apache/couchdb@2.3.0\n")
        .stderr(contains("warning").not().and(contains("error: `nonsense`")));
}

#[test]
fn completions_are_generated_for_every_supported_shell() {
    let directory = temporary_directory();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        steward(&directory)
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(contains("steward").and(contains("purl")));
    }
}

#[test]
fn an_unknown_configuration_key_names_the_file_the_key_and_the_line() {
    let directory = temporary_directory();
    std::fs::write(
        directory.path().join("steward.toml"),
        "# settings\n[output]\ncolour = \"never\"\n",
    )
    .expect("write the configuration");
    steward(&directory)
        .args(["purl", "pkg:cargo/serde@1.0.0"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            contains("steward.toml")
                .and(contains("line 3"))
                .and(contains("key `output.colour`"))
                .and(contains("unknown key `colour`, expected `color`")),
        );
}

#[test]
fn an_invalid_configuration_value_names_the_key_and_the_line() {
    let directory = temporary_directory();
    std::fs::write(
        directory.path().join("steward.toml"),
        "[output]\ncolor = \"sometimes\"\n",
    )
    .expect("write the configuration");
    steward(&directory)
        .args(["purl", "pkg:cargo/serde@1.0.0"])
        .assert()
        .code(2)
        .stderr(contains("line 2, column 9").and(contains("key `output.color`")));
}

#[test]
fn the_configuration_is_found_in_a_parent_directory_or_named_explicitly() {
    let directory = temporary_directory();
    std::fs::write(directory.path().join("steward.toml"), "[bogus]\n").expect("write");
    let nested = directory.path().join("a").join("b");
    std::fs::create_dir_all(&nested).expect("create directories");
    let found_upwards = steward(&directory)
        .current_dir(&nested)
        .args(["purl", "pkg:cargo/serde@1.0.0"])
        .assert()
        .code(2);
    found_upwards.stderr(contains("key `bogus`"));

    // `--no-config` skips it; `--config` and `STEWARD_CONFIG` name another file.
    steward(&directory)
        .current_dir(&nested)
        .args(["--no-config", "purl", "pkg:cargo/serde@1.0.0"])
        .assert()
        .code(0);
    let good = directory.path().join("good.toml");
    std::fs::write(&good, "[output]\ncolor = \"never\"\n").expect("write");
    steward(&directory)
        .args(["--config"])
        .arg(&good)
        .args(["purl", "pkg:cargo/serde@1.0.0"])
        .assert()
        .code(0);
    steward(&directory)
        .env("STEWARD_CONFIG", &good)
        .args(["purl", "pkg:cargo/serde@1.0.0"])
        .assert()
        .code(0);
    steward(&directory)
        .args(["--config", "missing.toml", "purl", "pkg:cargo/serde@1.0.0"])
        .assert()
        .code(2)
        .stderr(contains(
            "cannot read the configuration file `missing.toml`",
        ));
}

#[test]
fn colors_follow_the_flag_then_no_color_then_the_configuration() {
    let directory = temporary_directory();
    std::fs::write(
        directory.path().join("steward.toml"),
        "[output]\ncolor = \"always\"\n",
    )
    .expect("write the configuration");
    let stderr_of = |command: &mut Command| {
        let output = command
            .args(["purl", "nonsense"])
            .output()
            .expect("steward runs");
        assert_eq!(output.status.code(), Some(2));
        String::from_utf8(output.stderr).expect("UTF-8")
    };
    // The configuration asks for colors.
    assert!(stderr_of(&mut steward(&directory)).contains(ESCAPE));
    // `NO_COLOR` overrides the configuration…
    assert!(!stderr_of(steward(&directory).env("NO_COLOR", "1")).contains(ESCAPE));
    // …but not an explicit flag.
    assert!(
        stderr_of(
            steward(&directory)
                .env("NO_COLOR", "1")
                .args(["--color", "always"])
        )
        .contains(ESCAPE)
    );
    assert!(!stderr_of(steward(&directory).args(["--color", "never"])).contains(ESCAPE));
    // Without a terminal, `auto` means no colors.
    assert!(!stderr_of(steward(&directory).args(["--no-config"])).contains(ESCAPE));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let directory = temporary_directory();
    let input_path = directory.path().join("purls.txt");
    let mut input = std::fs::File::create(&input_path).expect("create the input");
    for index in 0..50_000 {
        writeln!(input, "pkg:npm/package-number-{index}@1.0.{index}").expect("write the input");
    }
    drop(input);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("steward"))
        .arg("purl")
        .current_dir(directory.path())
        .stdin(std::fs::File::open(&input_path).expect("open the input"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("steward starts");
    let mut first_line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first_line)
        .expect("read one line");
    assert_eq!(first_line, "pkg:npm/package-number-0@1.0.0\n");
    // The reader is gone now, like `head -n 1`.
    let output = child.wait_with_output().expect("steward ends");
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
