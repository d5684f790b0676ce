//! What the command tests share.

use std::path::Path;

use serde_json::Value;

use assert_cmd::Command;

/// `steward` run in `directory`, with no configuration, log filter or colors inherited.
pub(crate) fn steward(directory: &Path) -> Command {
    let mut command = Command::cargo_bin("steward").expect("the steward binary is built");
    command
        .current_dir(directory)
        .env_remove("STEWARD_CONFIG")
        .env_remove("STEWARD_LOG")
        .env_remove("STEWARD_DB")
        .env_remove("STEWARD_DB_MIRROR")
        .env_remove("STEWARD_DOWNLOAD_TIMEOUT")
        .env("NO_COLOR", "1")
        .arg("--no-config");
    command
}

/// The JSON a command prints, which must succeed (exit status 0).
#[allow(dead_code, reason = "not every test binary reads JSON")]
pub(crate) fn json_of(command: &mut Command) -> Value {
    let output = command.output().expect("steward runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the output is JSON")
}

/// `steward db status --format json` of the database `db`.
#[allow(dead_code, reason = "not every test binary reads a database")]
pub(crate) fn db_status(dir: &Path, db: &Path) -> Value {
    json_of(
        steward(dir)
            .args(["db", "status", "--format", "json", "--db"])
            .arg(db),
    )
}

/// The JSON report of `steward scan --offline` of `target` against the database `db`, which
/// must succeed (`--fail-on never`).
#[allow(dead_code, reason = "not every test binary scans")]
pub(crate) fn scan_json(dir: &Path, db: &Path, target: &Path) -> Value {
    json_of(
        steward(dir)
            .args([
                "scan",
                "--offline",
                "--format",
                "json",
                "--fail-on",
                "never",
                "--db",
            ])
            .arg(db)
            .arg(target),
    )
}

/// Writes `text` to `relative` under `root`, making its directories.
#[allow(dead_code, reason = "not every test binary writes inputs")]
pub(crate) fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("a directory");
    std::fs::write(path, text).expect("a written file");
}

/// A database of the advisories written for the filter, licence and HTML tests
/// (`tests/fixtures/scan/filters/advisories`), in `dir`.
#[allow(dead_code, reason = "not every test binary scans")]
pub(crate) fn filters_database(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("db");
    steward(dir)
        .args(["db", "import", "--db"])
        .arg(&db)
        .arg(steward_test::fixture("scan/filters/advisories"))
        .assert()
        .success();
    db
}

/// Runs `steward COMMAND ARGUMENTS` in `dir`: the exit status and everything printed.
#[allow(dead_code, reason = "not every test binary runs commands this way")]
pub(crate) fn run(dir: &Path, command: &str, arguments: &[&str]) -> (i32, String) {
    let output = steward(dir)
        .arg(command)
        .args(arguments)
        .output()
        .expect("steward runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

/// Runs `steward log ARGUMENTS` in `dir`: the exit status and everything printed.
#[allow(dead_code, reason = "only the log tests run `steward log`")]
pub(crate) fn log(dir: &Path, arguments: &[&str]) -> (i32, String) {
    run(dir, "log", arguments)
}
