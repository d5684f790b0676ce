//! The real lockfiles of the shared corpus: for each, the packages steward reads must be
//! exactly those the package manager itself sees (or, where it cannot run here, an independent
//! reader), as `scripts/reference/record-lockfiles.py` recorded them in
//! `tests/reference/lockfiles.json`: the same distinct `name@version` pairs, hence the same
//! count, and the same direct dependencies where the reader tells them.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use steward_inventory::{ScanOptions, Target, scan};
use steward_model::{FileStatus, Package, Relationship};
use steward_purl::normalize_name;
use steward_test::{corpus_path, workspace_root};

#[derive(Deserialize)]
struct Recorded {
    reader: String,
    packages: Vec<String>,
    direct: Option<Vec<String>>,
}

fn recorded() -> BTreeMap<String, Recorded> {
    let path = workspace_root().join("crates/steward-inventory/tests/reference/lockfiles.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("the recorded reference"))
        .expect("valid JSON")
}

/// `name@version`, splitting at the last `@` (names may start with one).
fn split(entry: &str) -> (&str, &str) {
    entry.rsplit_once('@').expect("name@version")
}

#[test]
fn every_corpus_lockfile_reads_as_its_package_manager_sees_it() {
    let recorded = recorded();
    assert!(recorded.len() >= 50, "the reference covers the corpus");
    let mut failures = Vec::new();
    for (relative, expected) in &recorded {
        let path = corpus_path(&format!("lockfiles/{relative}"));
        let directory = path.parent().expect("a directory").to_path_buf();
        let inventory = scan(&[Target::Path(directory)], &ScanOptions::default());
        let file = path.display().to_string();
        let record = inventory.files.iter().find(|record| record.path == file);
        assert!(
            record.is_some_and(|record| matches!(record.status, FileStatus::Read)),
            "{relative}: not read completely: {record:?}"
        );
        let packages: Vec<&Package> = inventory
            .packages
            .iter()
            .filter(|package| {
                package.location.file == file && package.relationship != Relationship::Root
            })
            .collect();
        let Some(ecosystem) = packages
            .first()
            .map(|package| package.ecosystem.name().clone())
        else {
            failures.push(format!("{relative}: no packages"));
            continue;
        };
        let ours: BTreeSet<String> = packages
            .iter()
            .filter_map(|package| {
                Some(format!(
                    "{}@{}",
                    package.normalized_name,
                    package.version.as_deref()?
                ))
            })
            .collect();
        let theirs: BTreeSet<String> = expected
            .packages
            .iter()
            .map(|entry| {
                let (name, version) = split(entry);
                format!("{}@{version}", normalize_name(&ecosystem, name))
            })
            .collect();
        if ours != theirs {
            failures.push(format!(
                "{relative}: {} packages, {} by {}\n  only steward: {:?}\n  only {}: {:?}",
                ours.len(),
                theirs.len(),
                expected.reader,
                ours.difference(&theirs).take(8).collect::<Vec<_>>(),
                expected.reader,
                theirs.difference(&ours).take(8).collect::<Vec<_>>(),
            ));
        }
        if let Some(direct) = &expected.direct {
            let ours: BTreeSet<String> = packages
                .iter()
                .filter(|package| package.relationship == Relationship::Direct)
                .map(|package| package.normalized_name.clone())
                .collect();
            let theirs: BTreeSet<String> = direct
                .iter()
                .map(|name| normalize_name(&ecosystem, name).into_owned())
                .collect();
            if ours != theirs {
                failures.push(format!(
                    "{relative}: direct dependencies differ\n  only steward: {:?}\n  only {}: {:?}",
                    ours.difference(&theirs).collect::<Vec<_>>(),
                    expected.reader,
                    theirs.difference(&ours).collect::<Vec<_>>(),
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
