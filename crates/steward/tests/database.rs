//! `steward db`: what bad data and bad luck do to the database. A corrupt record, a truncated
//! archive, an import killed midway and a full disk each leave a usable database, and lose
//! nothing that was there; a second import waits for the first and keeps its records.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use common::{db_status, steward};
use predicates::str::contains;
use serde_json::Value;

/// A database in `dir/db` holding `count` synthetic records (imported from `dir/small.zip`),
/// and its status.
fn database_of(dir: &Path, count: usize) -> (PathBuf, Value) {
    let db = dir.join("db");
    let archive = dir.join("small.zip");
    write_zip(&archive, count);
    steward(dir)
        .args(["db", "import", "--db"])
        .arg(&db)
        .arg(&archive)
        .assert()
        .success();
    let status = db_status(dir, &db);
    (db, status)
}

fn write_zip(path: &Path, count: usize) {
    let file =
        std::io::BufWriter::new(std::fs::File::create(path).expect("the archive is created"));
    steward_test::synthetic::write_zip(count, file).expect("the archive is written");
}

#[test]
fn a_corrupt_record_is_reported_and_the_rest_imported() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("advisories");
    std::fs::create_dir_all(source.join("npm")).unwrap();
    std::fs::create_dir_all(source.join(".github")).unwrap();
    std::fs::write(
        source.join("npm/GOOD-1.json"),
        steward_test::synthetic::advisory(1, 10),
    )
    .unwrap();
    std::fs::write(source.join("npm/GOOD-2.yaml"), "id: GOOD-2\nmodified: 2024-01-01T00:00:00Z\naffected:\n- package: {ecosystem: npm, name: left-pad}\n  versions: [1.0.0]\n").unwrap();
    std::fs::write(
        source.join("npm/BROKEN.json"),
        "{\"id\": \"BROKEN\", \"modified\": ",
    )
    .unwrap();
    std::fs::write(
        source.join("npm/WRONG.json"),
        r#"{"id":"WRONG","modified":"m","affected":"everything"}"#,
    )
    .unwrap();
    std::fs::write(source.join(".github/workflow.yml"), "on: push\n").unwrap();
    let db = dir.path().join("db");
    steward(dir.path())
        .args(["db", "import", "--db"])
        .arg(&db)
        .arg(&source)
        .assert()
        .code(2)
        .stderr(contains("npm/BROKEN.json: EOF while parsing"))
        .stderr(contains("npm/WRONG.json: invalid type"))
        .stderr(contains(
            "2 records (2 new, 0 updated, 0 unchanged), 2 could not be read",
        ));
    let status = db_status(dir.path(), &db);
    assert_eq!(status["snapshot"]["records"], 2);
    assert_eq!(
        status["snapshot"]["ecosystems"],
        serde_json::json!({"PyPI": 1, "npm": 1})
    );
    // Importing again changes nothing: same digest.
    let digest = status["snapshot"]["digest"].clone();
    steward(dir.path())
        .args(["db", "import", "--db"])
        .arg(&db)
        .arg(&source)
        .assert()
        .code(2)
        .stderr(contains("unchanged snapshot"));
    assert_eq!(db_status(dir.path(), &db)["snapshot"]["digest"], digest);
}

#[test]
fn a_truncated_archive_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (db, before) = database_of(dir.path(), 200);
    let bigger = dir.path().join("bigger.zip");
    write_zip(&bigger, 400);
    let bytes = std::fs::read(&bigger).unwrap();
    let truncated = dir.path().join("all.zip");
    std::fs::write(&truncated, &bytes[..bytes.len() * 2 / 3]).unwrap();
    steward(dir.path())
        .args(["db", "import", "--db"])
        .arg(&db)
        .arg(&truncated)
        .assert()
        .code(2)
        .stderr(contains("all.zip: not a readable zip archive"));
    let after = db_status(dir.path(), &db);
    assert_eq!(after["snapshot"]["digest"], before["snapshot"]["digest"]);
    assert_eq!(after["snapshot"]["records"], 200);
}

/// `steward db import` of `archive` into `db`, running in the background.
fn spawn_import(db: &Path, archive: &Path) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("steward"))
        .args(["--no-config", "db", "import", "--db"])
        .arg(db)
        .arg(archive)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("steward starts")
}

/// Waits until a snapshot of `db` is being built.
fn wait_for_a_build(db: &Path) {
    let snapshots = db.join("snapshots");
    for _ in 0..400 {
        let building = std::fs::read_dir(&snapshots)
            .expect("the snapshots are listed")
            .flatten()
            .any(|entry| {
                entry
                    .file_name()
                    .to_string_lossy()
                    .starts_with(".building-")
            });
        if building {
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_second_import_waits_for_the_first_and_keeps_its_records() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = database_of(dir.path(), 100);
    let large = dir.path().join("large.zip");
    write_zip(&large, 100_000);
    let mut first = spawn_import(&db, &large);
    wait_for_a_build(&db);
    steward(dir.path())
        .args(["db", "import", "--db"])
        .arg(&db)
        .arg(steward_test::corpus_path("advisories/rustsec"))
        .assert()
        .success()
        .stderr(contains(
            "waiting for another steward to finish updating the database",
        ));
    assert!(first.wait().unwrap().success());
    let records = db_status(dir.path(), &db)["snapshot"]["records"]
        .as_u64()
        .unwrap();
    let rustsec = std::fs::read_dir(steward_test::corpus_path("advisories/rustsec"))
        .unwrap()
        .count() as u64;
    assert_eq!(records, 100_000 + rustsec);
}

#[test]
fn an_import_killed_midway_leaves_the_previous_snapshot_current() {
    let dir = tempfile::tempdir().unwrap();
    let (db, before) = database_of(dir.path(), 100);
    let small = dir.path().join("small.zip");
    let large = dir.path().join("large.zip");
    write_zip(&large, 200_000);
    let mut child = spawn_import(&db, &large);
    // Killed once its snapshot is being built.
    let snapshots = db.join("snapshots");
    wait_for_a_build(&db);
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap();
    let killed = child.wait().unwrap();
    assert!(
        !killed.success(),
        "the import finished before it could be killed"
    );
    let after = db_status(dir.path(), &db);
    assert_eq!(after["snapshot"]["digest"], before["snapshot"]["digest"]);
    // The next import clears what the killed one left and completes.
    steward(dir.path())
        .args(["db", "import", "--db"])
        .arg(&db)
        .arg(&small)
        .assert()
        .success();
    let leftovers = std::fs::read_dir(&snapshots)
        .unwrap()
        .flatten()
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with(".building-")
        })
        .count();
    assert_eq!(leftovers, 0);
}

#[test]
fn a_full_disk_fails_the_import_and_keeps_the_previous_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let (db, before) = database_of(dir.path(), 100);
    let large = dir.path().join("large.zip");
    write_zip(&large, 20_000);
    // No file may grow beyond 4 MB, as on a disk that fills up: writes fail (`SIGXFSZ` is
    // ignored, so they fail with `EFBIG` rather than killing the process).
    let binary = assert_cmd::cargo::cargo_bin("steward");
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 8192; exec \"$0\" --no-config db import --db \"$1\" \"$2\"")
        .arg(binary)
        .arg(&db)
        .arg(&large)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("error:"), "{stderr}");
    let after = db_status(dir.path(), &db);
    assert_eq!(after["snapshot"]["digest"], before["snapshot"]["digest"]);
    assert_eq!(after["snapshot"]["records"], 100);
    // The half-built snapshot went with the failure: only the current one is left.
    let left: Vec<String> = std::fs::read_dir(db.join("snapshots"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn a_failed_or_empty_first_import_leaves_no_database_so_scans_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    for source in ["mistyped-path", "empty"] {
        steward(dir.path())
            .args(["db", "import", "--db"])
            .arg(&db)
            .arg(source)
            .assert()
            .code(2)
            .stderr(contains(
                "nothing was imported; the database stays as it was",
            ));
    }
    std::fs::write(
        dir.path().join("Cargo.lock"),
        "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n",
    )
    .unwrap();
    steward(dir.path())
        .args(["scan", "--offline", "--db"])
        .arg(&db)
        .assert()
        .code(2)
        .stderr(contains("there is no advisory database"));
}

/// The current snapshot's file of the database `db`.
fn current_snapshot(dir: &Path, db: &Path) -> PathBuf {
    let digest = db_status(dir, db)["snapshot"]["digest"]
        .as_str()
        .expect("a digest")
        .trim_start_matches("sha256:")
        .to_owned();
    db.join("snapshots").join(format!("{digest}.sqlite"))
}

/// Runs `sql` on a snapshot file, as someone editing it in place would.
fn tamper(snapshot: &Path, sql: &str) {
    let connection = rusqlite::Connection::open(snapshot).expect("the snapshot opens");
    let changed = connection.execute(sql, []).expect("the edit runs");
    assert!(changed > 0, "{sql} changed nothing");
}

#[test]
fn an_edited_snapshot_is_refused_by_verify_and_by_scans() {
    let dir = tempfile::tempdir().unwrap();
    let import = |db: &Path| {
        steward(dir.path())
            .args(["db", "import", "--db"])
            .arg(db)
            .arg(steward_test::fixture("scan/debian/advisories"))
            .assert()
            .success();
    };
    let scan = |db: &Path| {
        let mut command = steward(dir.path());
        command
            .args(["scan", "--offline", "--fail-on", "never", "--db"])
            .arg(db)
            .arg("--root")
            .arg(steward_test::fixture("scan/debian/root"));
        command
    };
    let verify = |db: &Path| {
        let mut command = steward(dir.path());
        command.args(["db", "verify", "--db"]).arg(db);
        command
    };

    // A record's content changed in place: its hash no longer matches.
    let edited = dir.path().join("edited");
    import(&edited);
    verify(&edited)
        .assert()
        .success()
        .stderr(contains("5 records, each as stored"));
    tamper(
        &current_snapshot(dir.path(), &edited),
        "UPDATE advisory SET record = CAST(replace(CAST(record AS TEXT), '\"fixed\"', '\"limit\"') AS BLOB) WHERE id = 'DEBIAN-CVE-2099-0001'",
    );
    verify(&edited)
        .assert()
        .code(2)
        .stderr(contains(
            "record DEBIAN-CVE-2099-0001: its content does not match its stored hash",
        ))
        .stderr(contains("the records give the digest"));
    scan(&edited).assert().code(2).stderr(contains(
        "record DEBIAN-CVE-2099-0001 does not match the hash it was stored with",
    ));

    // A row of the lookup index removed, which would hide a finding from every scan.
    let hidden = dir.path().join("hidden");
    import(&hidden);
    tamper(
        &current_snapshot(dir.path(), &hidden),
        "DELETE FROM affected WHERE id = 'DEBIAN-CVE-2099-0001'",
    );
    verify(&hidden)
        .assert()
        .code(2)
        .stderr(contains("the index lacks Debian"));
}

#[test]
fn a_fifo_among_records_is_named_and_the_rest_imported() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    std::fs::create_dir_all(records.join("deeper")).unwrap();
    std::fs::copy(
        steward_test::fixture("scan/debian/advisories/DEBIAN-CVE-2099-0001.json"),
        records.join("deeper/DEBIAN-CVE-2099-0001.json"),
    )
    .unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(records.join("blocked.json"))
        .status()
        .unwrap();
    assert!(status.success());
    let db = dir.path().join("db");
    steward(dir.path())
        .args(["db", "import", "--db"])
        .arg(&db)
        .arg(&records)
        .timeout(Duration::from_mins(1))
        .assert()
        .code(2)
        .stderr(contains("blocked.json: not a regular file; not read"));
    assert_eq!(db_status(dir.path(), &db)["snapshot"]["records"], 1);
}
