//! Agreement with cargo-audit: given the same RustSec advisories (the corpus's), `steward scan`
//! reports on every Cargo.lock of the corpus exactly the advisory ids, crates, versions and kinds
//! (vulnerability, unmaintained, unsound, notice) that cargo-audit reported, as recorded in
//! `tests/reference/cargo-audit.tsv` by `scripts/reference/record-cargo-audit.py`.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{scan_json, steward};
use steward_test::{corpus, corpus_path};

type Row = (String, String, String, String, String);

fn recorded() -> BTreeSet<Row> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/cargo-audit.tsv");
    std::fs::read_to_string(&path)
        .expect("the recorded cargo-audit findings are read")
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            assert_eq!(fields.len(), 5, "{line}");
            (
                fields[0].to_owned(),
                fields[1].to_owned(),
                fields[2].to_owned(),
                fields[3].to_owned(),
                fields[4].to_owned(),
            )
        })
        .collect()
}

fn lockfiles(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a corpus directory is listed") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            lockfiles(&path, found);
        } else if path.file_name().is_some_and(|name| name == "Cargo.lock") {
            found.push(path);
        }
    }
}

#[test]
fn steward_reports_what_cargo_audit_reports_on_the_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    steward(dir.path())
        .args(["db", "import", "--db"])
        .arg(&db)
        .arg(corpus_path("advisories/rustsec"))
        .assert()
        .success();
    let mut found = Vec::new();
    lockfiles(&corpus_path("lockfiles"), &mut found);
    found.sort();
    let mut reported = BTreeSet::new();
    for lockfile in &found {
        let relative = lockfile
            .strip_prefix(corpus())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let report = scan_json(dir.path(), &db, lockfile);
        for package in report["packages"].as_array().unwrap() {
            for finding in package["findings"].as_array().unwrap() {
                reported.insert((
                    relative.clone(),
                    package["name"].as_str().unwrap().to_owned(),
                    package["version"].as_str().unwrap().to_owned(),
                    finding["id"].as_str().unwrap().to_owned(),
                    finding["kind"].as_str().unwrap().to_owned(),
                ));
            }
        }
    }
    let recorded = recorded();
    assert!(recorded.len() >= 20, "the recording lost its findings");
    let only_cargo_audit: Vec<&Row> = recorded.difference(&reported).collect();
    let only_steward: Vec<&Row> = reported.difference(&recorded).collect();
    assert!(
        only_cargo_audit.is_empty() && only_steward.is_empty(),
        "reported by cargo-audit only: {only_cargo_audit:#?}\nreported by steward only: {only_steward:#?}"
    );
}
