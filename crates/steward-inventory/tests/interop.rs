//! SBOMs written by other generators for corpus projects (recorded by
//! `scripts/reference/record-interop-sboms.sh` into `tests/interop/<generator>/<project>.cdx.json`)
//! are read by steward, and their packages are compared with steward's own inventory of the
//! same lockfiles. The differences are written next to each SBOM as `<project>.differences.txt`
//! and must stay as recorded; docs/sbom.md explains each kind.
//! `STEWARD_BLESS=1 cargo test -p steward-inventory --test interop` rewrites them.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::Path;

use steward_inventory::{ScanOptions, Target, scan};
use steward_model::{FileStatus, Inventory};
use steward_test::{corpus_path, workspace_root};

/// The corpus project each recorded SBOM was generated from.
const PROJECTS: &[(&str, &str)] = &[
    ("bookstack", "lockfiles/npm/bookstack"),
    ("poetry", "lockfiles/pypi/poetry"),
    (
        "sigstore-conformance",
        "lockfiles/pypi/sigstore-conformance",
    ),
    (
        "osv-schema-tools-ghsa",
        "lockfiles/pypi/osv-schema-tools-ghsa",
    ),
];

/// `ecosystem name@version` of every package (names normalized, as matching uses them); a
/// manifest's requirement beside the version a lockfile resolved it to counts once, as the
/// resolved version (as in steward's own SBOMs).
fn identities(inventory: &Inventory) -> BTreeSet<String> {
    let resolved: BTreeSet<(String, &str)> = inventory
        .packages
        .iter()
        .filter(|package| package.version.is_some())
        .map(|package| {
            (
                package.ecosystem.to_string(),
                package.normalized_name.as_str(),
            )
        })
        .collect();
    inventory
        .packages
        .iter()
        .filter(|package| {
            package.version.is_some()
                || !resolved.contains(&(
                    package.ecosystem.to_string(),
                    package.normalized_name.as_str(),
                ))
        })
        .map(|package| {
            format!(
                "{} {}@{}",
                package.ecosystem,
                package.normalized_name,
                package.version.as_deref().unwrap_or("(no version)")
            )
        })
        .collect()
}

/// Every purl as written.
fn purls(inventory: &Inventory) -> BTreeSet<String> {
    inventory
        .packages
        .iter()
        .filter_map(|package| package.purl.as_ref())
        .map(ToString::to_string)
        .collect()
}

/// What a generator's SBOM holds against steward's inventory of the same project.
fn differences(sbom: &Path, project: &str) -> String {
    let theirs = scan(&[Target::Sbom(sbom.to_path_buf())], &ScanOptions::default());
    let ours = scan(
        &[Target::Path(corpus_path(project))],
        &ScanOptions::default(),
    );
    let skipped = match &theirs.files[0].status {
        FileStatus::Read => Vec::new(),
        FileStatus::Partial { skipped } => skipped.iter().collect(),
        FileStatus::Failed { error } => panic!("{}: {error}", sbom.display()),
    };
    let (theirs_set, ours_set) = (identities(&theirs), identities(&ours));
    let mut text = format!(
        "# {} packages read from the SBOM, {} in steward's inventory of {project}\n",
        theirs_set.len(),
        ours_set.len()
    );
    let mut section = |title: &str, lines: Vec<&String>| {
        writeln!(text, "\n## {title}: {}", lines.len()).expect("writing to a string");
        for line in lines {
            writeln!(text, "{line}").expect("writing to a string");
        }
    };
    section(
        "only in the SBOM",
        theirs_set.difference(&ours_set).collect(),
    );
    section(
        "only in steward's inventory",
        ours_set.difference(&theirs_set).collect(),
    );
    let (theirs_purls, ours_purls) = (purls(&theirs), purls(&ours));
    section(
        "purls spelled otherwise than steward spells them",
        theirs_purls.difference(&ours_purls).collect(),
    );
    section("skipped while reading the SBOM", skipped);
    text
}

#[test]
fn other_generators_sboms_are_read_with_the_recorded_differences() {
    let root = workspace_root().join("tests/interop");
    let bless = std::env::var_os("STEWARD_BLESS").is_some();
    let mut checked = 0;
    for generator in std::fs::read_dir(&root).expect("tests/interop") {
        let generator = generator.expect("an entry").path();
        if !generator.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&generator).expect("a generator's directory") {
            let sbom = entry.expect("an entry").path();
            let Some(name) = sbom
                .file_name()
                .and_then(|name| name.to_str())
                .and_then(|name| name.strip_suffix(".cdx.json"))
            else {
                continue;
            };
            let project = PROJECTS
                .iter()
                .find(|(project, _)| *project == name)
                .unwrap_or_else(|| panic!("{}: no corpus project known", sbom.display()))
                .1;
            let actual = differences(&sbom, project);
            let expected_path = generator.join(format!("{name}.differences.txt"));
            if bless {
                std::fs::write(&expected_path, &actual).expect("writable");
            }
            let expected = std::fs::read_to_string(&expected_path)
                .unwrap_or_else(|_| panic!("{} is missing", expected_path.display()));
            assert_eq!(actual, expected, "{}", sbom.display());
            checked += 1;
        }
    }
    assert!(checked >= 4, "only {checked} recorded SBOMs");
}
