//! Inputs built to hurt, given to the command as a user would: nothing outside the inputs is
//! read or echoed, nothing blocks, and every refusal is said.

use std::path::Path;
use std::time::Duration;

use predicates::str::contains;

mod common;
use common::{steward, write};

/// Long enough for any of these cases on a slow machine; a case that blocks would wait forever.
const PATIENCE: Duration = Duration::from_mins(1);

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

const CARGO_LOCK: &str = "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n";

#[test]
fn includes_outside_the_scan_are_refused_and_never_echoed() {
    let directory = tempfile::tempdir().unwrap();
    let secret = "hunter2-STEWARD-SECRET-VALUE";
    write(directory.path(), "secret.txt", &format!("{secret}==1.0\n"));
    let project = directory.path().join("project");
    write(
        &project,
        "requirements.txt",
        "-r /proc/self/environ\n-r ../secret.txt\n-c /etc/passwd\nrequests==2.31.0\n",
    );
    for format in ["json", "table"] {
        let output = steward(&project)
            .env("STEWARD_TEST_SECRET", secret)
            .args(["inventory", "--format", format, "."])
            .timeout(PATIENCE)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "{stdout}{stderr}"
        );
        assert!(!stdout.contains("root:x:0") && !stderr.contains("root:x:0"));
        assert!(stdout.contains("requests"), "{stdout}");
        assert!(
            stderr.contains("/proc/self/environ`: outside what steward was asked to read"),
            "{stderr}"
        );
        assert!(stderr.contains("../secret.txt`: outside"), "{stderr}");
        // A refusal is a note, not a failure, unless `--strict`.
        assert_eq!(output.status.code(), Some(0), "{stderr}");
    }
    steward(&project)
        .args(["inventory", "--strict", "."])
        .timeout(PATIENCE)
        .assert()
        .code(2);
}

#[test]
fn a_symbolic_link_out_of_the_scan_is_not_followed() {
    let directory = tempfile::tempdir().unwrap();
    write(
        directory.path(),
        "outside/Cargo.toml",
        "[package]\nname = \"secret-name\"\n",
    );
    let project = directory.path().join("project");
    write(&project, "Cargo.lock", CARGO_LOCK);
    std::os::unix::fs::symlink(
        directory.path().join("outside/Cargo.toml"),
        project.join("Cargo.toml"),
    )
    .unwrap();
    steward(&project)
        .args(["inventory", "--format", "json", "Cargo.lock"])
        .timeout(PATIENCE)
        .assert()
        .code(0)
        .stderr(contains(
            "Cargo.toml`: outside what steward was asked to read",
        ));
}

#[test]
fn a_fifo_named_on_the_command_line_is_refused_without_blocking() {
    let directory = tempfile::tempdir().unwrap();
    mkfifo(&directory.path().join("requirements.txt"));
    steward(directory.path())
        .args(["inventory", "requirements.txt"])
        .timeout(PATIENCE)
        .assert()
        .code(2)
        .stderr(contains("requirements.txt: not a regular file (a FIFO)"));
}

#[test]
fn companions_that_are_fifos_or_devices_are_refused_and_said() {
    let directory = tempfile::tempdir().unwrap();
    let fifo = directory.path().join("fifo");
    write(&fifo, "Cargo.lock", CARGO_LOCK);
    mkfifo(&fifo.join("Cargo.toml"));
    let zero = directory.path().join("zero");
    write(&zero, "Cargo.lock", CARGO_LOCK);
    std::os::unix::fs::symlink("/dev/zero", zero.join("Cargo.toml")).unwrap();
    let include = directory.path().join("include");
    write(&include, "requirements.txt", "-r deps.txt\nsix==1.16.0\n");
    mkfifo(&include.join("deps.txt"));
    for (project, says) in [
        (&fifo, "Cargo.toml`: not a regular file (a FIFO)"),
        (&zero, "Cargo.toml`: outside what steward was asked to read"),
        (&include, "deps.txt`: not a regular file (a FIFO)"),
    ] {
        steward(project)
            .args(["inventory", "."])
            .timeout(PATIENCE)
            .assert()
            .code(0)
            .stderr(contains(says));
    }
}

#[test]
fn a_directory_with_nothing_to_read_is_an_error() {
    let directory = tempfile::tempdir().unwrap();
    write(directory.path(), "README.md", "nothing here\n");
    steward(directory.path())
        .args(["inventory", "."])
        .timeout(PATIENCE)
        .assert()
        .code(2)
        .stderr(contains("no package sources found"));
}

#[test]
fn escape_sequences_in_names_never_reach_the_terminal() {
    let directory = tempfile::tempdir().unwrap();
    write(
        directory.path(),
        "package-lock.json",
        r#"{"lockfileVersion": 3, "packages": {"": {"name": "web"},
            "node_modules/evil\u001b[2J\u001b]0;pwned\u0007": {"version": "1.0.0"}}}"#,
    );
    let output = steward(directory.path())
        .args(["inventory", "."])
        .timeout(PATIENCE)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "{stdout:?}"
    );
    assert!(stdout.contains("evil\\u{1b}[2J"), "{stdout}");
}

#[test]
fn messages_quote_inputs_only_in_short_excerpts() {
    let directory = tempfile::tempdir().unwrap();
    let long = "x".repeat(100_000);
    write(
        directory.path(),
        "requirements.txt",
        &format!("{long} @@ !!\nsix==1.16.0\n"),
    );
    let output = steward(directory.path())
        .args(["inventory", "--format", "json", "."])
        .timeout(PATIENCE)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        output.stdout.len() < 10_000,
        "{} bytes",
        output.stdout.len()
    );
    assert!(
        output.stderr.len() < 10_000,
        "{} bytes",
        output.stderr.len()
    );
}

#[test]
fn an_executable_that_merely_holds_the_markers_is_a_note_not_an_error() {
    let directory = tempfile::tempdir().unwrap();
    let mut bytes = b"\x7fELF".to_vec();
    bytes.extend_from_slice(&[0; 60]);
    bytes.extend_from_slice(
        b"\xff Go buildinf: and .dep-v0, as any scanner's own binary holds them",
    );
    std::fs::write(directory.path().join("scanner"), &bytes).unwrap();
    steward(directory.path())
        .args(["inventory", "scanner"])
        .timeout(PATIENCE)
        .assert()
        .code(0)
        .stderr(contains(
            "note: scanner: an executable with no build information",
        ));
    steward(directory.path())
        .args(["inventory", "--strict", "scanner"])
        .timeout(PATIENCE)
        .assert()
        .code(2);
}

#[test]
fn a_project_named_by_a_path_that_climbs_still_reads_its_own_includes() {
    let directory = tempfile::tempdir().unwrap();
    write(
        directory.path(),
        "project/requirements.txt",
        "-r base.txt\nsix==1.16.0\n",
    );
    write(directory.path(), "project/base.txt", "idna==3.7\n");
    std::fs::create_dir(directory.path().join("elsewhere")).unwrap();
    let output = steward(&directory.path().join("elsewhere"))
        .args(["inventory", "../project"])
        .timeout(PATIENCE)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stdout.contains("idna") && stdout.contains("six"),
        "{stdout}"
    );
    assert!(!stderr.contains("outside"), "{stderr}");
}

#[test]
fn a_directory_too_deep_to_walk_is_a_failure_not_a_silent_pass() {
    let directory = tempfile::tempdir().unwrap();
    write(directory.path(), "Cargo.lock", CARGO_LOCK);
    // Twenty levels of 250-character names: deeper than a path may be (4,096 bytes), built one
    // level at a time from inside (each test runs in a process of its own under nextest).
    let start = std::env::current_dir().unwrap();
    std::env::set_current_dir(directory.path()).unwrap();
    let name = "d".repeat(250);
    for _ in 0..20 {
        std::fs::create_dir(&name).unwrap();
        std::env::set_current_dir(&name).unwrap();
    }
    std::fs::write("Cargo.lock", CARGO_LOCK).unwrap();
    std::env::set_current_dir(start).unwrap();
    steward(directory.path())
        .args(["inventory", "."])
        .timeout(PATIENCE)
        .assert()
        .code(2)
        .stderr(contains("cannot be walked: File name too long"));
}
