//! `steward db update` and a scan's first download, against a local mirror of OSV's export
//! (`steward_test::mirror`) holding the shared corpus's RustSec advisories: a whole archive
//! first, then only the records changed; a download broken off and resumed; a server whose file
//! changed in between; falling back from one mirror to the next; addresses refused.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{db_status, json_of, scan_json, steward};
use predicates::str::contains;
use serde_json::Value;
use steward_test::mirror::{Mirror, Request, write_export};
use steward_test::{corpus_path, fixture};

/// The corpus's RustSec records as (id, modified, JSON), plus `extra`.
fn rustsec_records(extra: &[(&str, &str)]) -> Vec<(String, String, Vec<u8>)> {
    let mut records: Vec<(String, String, Vec<u8>)> =
        std::fs::read_dir(corpus_path("advisories/rustsec"))
            .expect("the RustSec records are listed")
            .map(|entry| {
                let json =
                    std::fs::read(entry.expect("an entry").path()).expect("a record is read");
                let record: Value = serde_json::from_slice(&json).expect("a JSON record");
                (
                    record["id"].as_str().expect("an id").to_owned(),
                    record["modified"]
                        .as_str()
                        .expect("a modified time")
                        .to_owned(),
                    json,
                )
            })
            .collect();
    for (id, modified) in extra {
        records.retain(|(existing, _, _)| existing != id);
        records.push((
            (*id).to_owned(),
            (*modified).to_owned(),
            regex_advisory(id, modified),
        ));
    }
    records.sort();
    records
}

/// A time `days` days before now, to the second, as OSV writes it: change lists dated in the
/// future are distrusted, so the tests' changes happen in the recent past.
fn days_ago(days: i64) -> String {
    let time = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * days);
    jiff::Timestamp::from_second(time.as_second())
        .expect("a time")
        .to_string()
}

/// An advisory written for these tests: `regex` before 1.6.0, which the rustsec fixture has.
fn regex_advisory(id: &str, modified: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "id": id,
        "modified": modified,
        "published": "2099-01-01T00:00:00Z",
        "summary": format!("test advisory {id} modified {modified}"),
        "affected": [{
            "package": {"ecosystem": "crates.io", "name": "regex"},
            "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.6.0"}]}]
        }]
    }))
    .expect("JSON")
}

/// A mirror of `records` as the `crates.io` ecosystem.
fn mirror_of(root: &Path, records: &[(String, String, Vec<u8>)]) -> Mirror {
    write_export(&root.join("crates.io"), records);
    Mirror::serve(root)
}

fn update(dir: &Path, db: &Path, mirror: &str) -> assert_cmd::Command {
    let mut command = steward(dir);
    command
        .args(["db", "update", "--db"])
        .arg(db)
        .args(["--mirror", mirror]);
    command
}

/// The current snapshot's description.
fn snapshot(dir: &Path, db: &Path) -> Value {
    db_status(dir, db)["snapshot"].clone()
}

/// The digest of the same records imported from files, which a download must reproduce.
fn imported_digest(dir: &Path, records: &[(String, String, Vec<u8>)]) -> String {
    let files = dir.join("records");
    let db = dir.join("imported");
    std::fs::create_dir_all(&files).expect("the records are written and imported");
    for (id, _, json) in records {
        std::fs::write(files.join(format!("{id}.json")), json)
            .expect("the records are written and imported");
    }
    steward(dir)
        .args(["db", "import", "--db"])
        .arg(&db)
        .arg(&files)
        .assert()
        .success();
    let digest = snapshot(dir, &db)["digest"]
        .as_str()
        .expect("the records are written and imported")
        .to_owned();
    std::fs::remove_dir_all(&files).expect("the records are written and imported");
    digest
}

fn paths(requests: &[Request]) -> Vec<&str> {
    requests
        .iter()
        .map(|request| request.path.as_str())
        .collect()
}

/// Whether a scan report has the finding `id` on the package `name`.
fn finds(report: &Value, name: &str, id: &str) -> bool {
    report["packages"]
        .as_array()
        .expect("the records are written and imported")
        .iter()
        .any(|package| {
            package["name"] == name
                && package["findings"]
                    .as_array()
                    .expect("the records are written and imported")
                    .iter()
                    .any(|finding| finding["id"] == id)
        })
}

fn part_file(db: &Path) -> PathBuf {
    db.join("downloads").join("crates.io.zip.part")
}

#[test]
fn the_archive_first_then_only_the_records_changed() {
    let dir = tempfile::tempdir().unwrap();
    let records = rustsec_records(&[]);
    let mirror = mirror_of(&dir.path().join("mirror"), &records);
    let db = dir.path().join("db");

    update(dir.path(), &db, &mirror.url())
        .args(["--ecosystem", "crates.io"])
        .assert()
        .success()
        .stderr(contains(format!(
            "crates.io: archive of {} records ({} new",
            records.len(),
            records.len()
        )));
    assert_eq!(paths(&mirror.take_requests()), ["/crates.io/all.zip"]);
    let first = snapshot(dir.path(), &db);
    assert_eq!(first["digest"], imported_digest(dir.path(), &records));
    let newest = records
        .iter()
        .map(|record| record.1.as_str())
        .max()
        .unwrap();
    let source = &first["sources"][0];
    assert_eq!(source["kind"], "download");
    assert_eq!(source["name"], format!("{}/crates.io", mirror.url()));
    assert_eq!(
        source["revision"]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .unwrap(),
        newest.parse::<jiff::Timestamp>().unwrap()
    );
    assert!(!db.join("downloads").join("crates.io.zip").exists());

    // One record changed and one added: the next update (of the ecosystems downloaded before)
    // fetches the list of changes and the records modified since the newest one read (those
    // modified at that very time again, as more may have come since), not the archive.
    let at_newest = records.iter().filter(|record| record.1 == newest).count();
    let (earlier, later) = (days_ago(3), days_ago(2));
    let changed = rustsec_records(&[
        ("RUSTSEC-2022-0013", earlier.as_str()),
        ("RUSTSEC-2099-0001", later.as_str()),
    ]);
    write_export(&dir.path().join("mirror").join("crates.io"), &changed);
    update(dir.path(), &db, &mirror.url())
        .assert()
        .success()
        .stderr(contains(format!(
            "crates.io: {} records fetched from the list of changes (1 new, 1 updated, {at_newest} unchanged)",
            at_newest + 2
        )));
    let requested = mirror.take_requests();
    let requested = paths(&requested);
    assert_eq!(requested.len(), at_newest + 3, "{requested:?}");
    for path in [
        "/crates.io/modified_id.csv",
        "/crates.io/RUSTSEC-2022-0013.json",
        "/crates.io/RUSTSEC-2099-0001.json",
    ] {
        assert!(requested.contains(&path), "{requested:?}");
    }
    assert!(!requested.contains(&"/crates.io/all.zip"));
    let second = snapshot(dir.path(), &db);
    assert_eq!(second["records"], records.len() + 1);
    assert_eq!(second["digest"], imported_digest(dir.path(), &changed));
    assert_eq!(second["sources"][0]["revision"], later.as_str());

    // Nothing changed since: only the newest record is read again, and the snapshot stays.
    update(dir.path(), &db, &mirror.url())
        .assert()
        .success()
        .stderr(contains("unchanged snapshot"));
    assert_eq!(
        paths(&mirror.take_requests()),
        [
            "/crates.io/modified_id.csv",
            "/crates.io/RUSTSEC-2099-0001.json"
        ]
    );

    let report = scan_json(dir.path(), &db, &fixture("scan/rustsec"));
    assert!(finds(&report, "regex", "RUSTSEC-2099-0001"), "{report:#}");
}

#[test]
fn a_broken_download_changes_nothing_and_the_next_update_resumes_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("mirror");
    let records = rustsec_records(&[]);
    let mirror = mirror_of(&root, &records);
    let db = dir.path().join("db");
    let archive_size = std::fs::metadata(root.join("crates.io").join("all.zip"))
        .unwrap()
        .len();
    let half = usize::try_from(archive_size / 2).unwrap();

    // Broken off halfway: no database, and half an archive kept for the next attempt.
    mirror.break_after(Some(half));
    update(dir.path(), &db, &mirror.url())
        .args(["--ecosystem", "crates.io"])
        .assert()
        .code(2)
        .stderr(contains("run the update again to resume"))
        .stderr(contains("no ecosystem could be downloaded"));
    assert!(!db.join("current").exists());
    assert_eq!(
        std::fs::metadata(part_file(&db)).unwrap().len(),
        half as u64
    );
    mirror.take_requests();

    // Resumed from where it broke off.
    mirror.break_after(None);
    update(dir.path(), &db, &mirror.url())
        .args(["--ecosystem", "crates.io"])
        .assert()
        .success();
    let requests = mirror.take_requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].range, Some(format!("bytes={half}-")));
    assert_eq!(requests[0].status, 206);
    let digest = snapshot(dir.path(), &db)["digest"].clone();
    assert_eq!(digest, imported_digest(dir.path(), &records));
    assert!(!part_file(&db).exists());

    // A whole download broken off again: the database stays as it was.
    let (first_time, second_time, third_time) = (days_ago(3), days_ago(2), days_ago(1));
    let newer = rustsec_records(&[("RUSTSEC-2099-0001", first_time.as_str())]);
    write_export(&root.join("crates.io"), &newer);
    mirror.break_after(Some(half));
    update(dir.path(), &db, &mirror.url())
        .arg("--full")
        .assert()
        .code(2);
    assert_eq!(snapshot(dir.path(), &db)["digest"], digest);

    // The archive changed on the server before the next attempt: the staged half is not
    // spliced onto it; the server sends the whole new file.
    let newest = rustsec_records(&[
        ("RUSTSEC-2099-0001", second_time.as_str()),
        ("RUSTSEC-2099-0002", third_time.as_str()),
    ]);
    write_export(&root.join("crates.io"), &newest);
    mirror.break_after(None);
    mirror.take_requests();
    update(dir.path(), &db, &mirror.url())
        .arg("--full")
        .assert()
        .success();
    let requests = mirror.take_requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].range, Some(format!("bytes={half}-")));
    assert_eq!(requests[0].status, 200);
    assert_eq!(
        snapshot(dir.path(), &db)["digest"],
        imported_digest(dir.path(), &newest)
    );
}

#[test]
fn mirrors_fall_back_in_order_and_plain_http_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let records = rustsec_records(&[]);
    let mirror = mirror_of(&dir.path().join("mirror"), &records);
    let db = dir.path().join("db");

    // Nothing listens on port 1.
    update(
        dir.path(),
        &db,
        &format!("http://127.0.0.1:1,{}", mirror.url()),
    )
    .args(["--ecosystem", "crates.io"])
    .assert()
    .success()
    .stderr(contains(
        "warning: crates.io: http://127.0.0.1:1/crates.io/all.zip",
    ));
    assert_eq!(
        snapshot(dir.path(), &db)["sources"][0]["name"],
        format!("{}/crates.io", mirror.url())
    );

    // An ecosystem no mirror has leaves the others updated, and the exit status says so.
    update(dir.path(), &db, &mirror.url())
        .args(["--ecosystem", "crates.io", "--ecosystem", "Hackage"])
        .assert()
        .code(2)
        .stderr(contains("the mirror has no archive for this ecosystem"))
        .stderr(contains("Hackage: no mirror could be read"));

    update(dir.path(), &db, "http://mirror.example.com/osv")
        .assert()
        .code(2)
        .stderr(contains("only over https"));
    steward(dir.path())
        .args(["db", "update", "--db"])
        .arg(&db)
        .env("STEWARD_DB_MIRROR", "ftp://localhost/osv")
        .assert()
        .code(2)
        .stderr(contains("not `ftp`"));
}

#[test]
fn a_scan_without_a_database_downloads_its_ecosystems_unless_offline() {
    let dir = tempfile::tempdir().unwrap();
    let mirror = mirror_of(&dir.path().join("mirror"), &rustsec_records(&[]));

    let offline = dir.path().join("offline");
    steward(dir.path())
        .args(["scan", "--offline", "--db"])
        .arg(&offline)
        .args(["--mirror", &mirror.url()])
        .arg(fixture("scan/rustsec"))
        .assert()
        .code(2)
        .stderr(contains("steward db update"));
    assert!(mirror.take_requests().is_empty());

    let db = dir.path().join("db");
    let report = json_of(
        steward(dir.path())
            .args(["scan", "--format", "json", "--fail-on", "never", "--db"])
            .arg(&db)
            .args(["--mirror", &mirror.url()])
            .arg(fixture("scan/rustsec")),
    );
    assert_eq!(paths(&mirror.take_requests()), ["/crates.io/all.zip"]);
    assert!(report["database"]["digest"].as_str().is_some());
    assert!(finds(&report, "regex", "RUSTSEC-2022-0013"), "{report:#}");
}

/// A server on this machine that accepts connections, reads the request and never answers.
fn raw_server() -> String {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port on this machine");
    let address = listener.local_addr().expect("its address");
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().take(16) {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            held.push(stream);
        }
    });
    format!("http://{address}")
}

#[test]
fn a_stalled_mirror_gives_one_clear_error_within_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let stalled = raw_server();
    let started = std::time::Instant::now();
    let output = update(dir.path(), &dir.path().join("db"), &stalled)
        .args(["--ecosystem", "crates.io"])
        .env("STEWARD_DOWNLOAD_TIMEOUT", "2")
        .timeout(Duration::from_mins(2))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("timed out") || stderr.contains("timeout"),
        "{stderr}"
    );
    for hint in ["steward db import", "--mirror", "--offline"] {
        assert!(stderr.contains(hint), "{hint}: {stderr}");
    }
    // Not a timed assertion on speed: only that the timeout, not forever, ended it.
    assert!(started.elapsed() < Duration::from_mins(2));
}

#[test]
fn a_record_dated_in_the_future_cannot_poison_the_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let poisoned = rustsec_records(&[("RUSTSEC-2099-0001", "2099-02-02T00:00:00Z")]);
    let mirror = mirror_of(&dir.path().join("mirror"), &poisoned);
    let db = dir.path().join("db");
    update(dir.path(), &db, &mirror.url())
        .args(["--ecosystem", "crates.io"])
        .assert()
        .success();
    let cursor: jiff::Timestamp = snapshot(dir.path(), &db)["sources"][0]["revision"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(cursor <= jiff::Timestamp::now(), "{cursor}");
    mirror.take_requests();

    // The mirror's change list, still carrying the future record, is distrusted whole: the
    // update says so and reads the archive, which still gives every record.
    let fresh = days_ago(1);
    let changed = rustsec_records(&[
        ("RUSTSEC-2099-0001", "2099-02-02T00:00:00Z"),
        ("RUSTSEC-2099-0002", fresh.as_str()),
    ]);
    write_export(&dir.path().join("mirror").join("crates.io"), &changed);
    update(dir.path(), &db, &mirror.url())
        .assert()
        .success()
        .stderr(contains("the change list is dated in the future"));
    assert!(paths(&mirror.take_requests()).contains(&"/crates.io/all.zip"));
    assert_eq!(snapshot(dir.path(), &db)["records"], changed.len());
}

/// A server on this machine that answers `modified_id.csv` with a body that does not end (at
/// most 320 MiB, so that it stops by itself) and everything else with 404.
fn endless_server() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port on this machine");
    let address = listener.local_addr().expect("its address");
    std::thread::spawn(move || {
        for stream in listener.incoming().take(16) {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 4096];
            let read = stream.read(&mut request).unwrap_or(0);
            let request = String::from_utf8_lossy(&request[..read]).into_owned();
            if request.starts_with("GET ") && request.contains("modified_id.csv") {
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n");
                let chunk = vec![b'0'; 1 << 20];
                for _ in 0..320 {
                    if stream.write_all(&chunk).is_err() {
                        break;
                    }
                }
            } else {
                let _ = stream.write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n");
            }
        }
    });
    format!("http://{address}")
}

#[test]
fn an_endless_change_list_is_cut_off_at_its_limit() {
    let dir = tempfile::tempdir().unwrap();
    let mirror = mirror_of(&dir.path().join("mirror"), &rustsec_records(&[]));
    let db = dir.path().join("db");
    update(dir.path(), &db, &mirror.url())
        .args(["--ecosystem", "crates.io"])
        .assert()
        .success();
    let before = snapshot(dir.path(), &db)["digest"].clone();
    update(dir.path(), &db, &endless_server())
        .args(["--ecosystem", "crates.io"])
        .timeout(Duration::from_mins(3))
        .assert()
        .code(2)
        .stderr(contains("larger than 268435456 bytes"));
    assert_eq!(snapshot(dir.path(), &db)["digest"], before);
}
