//! The PyPA advisory database in the shared corpus lists, beside each entry's ranges, the
//! versions those ranges cover. Evaluating the `ECOSYSTEM` ranges alone must find every listed
//! version affected. The exceptions were traced to the data:
//! - the disagreements in `DATA_ERRORS`, each with its reason.
//!
//! Listed versions that are not PEP 440 versions (`0.9-doduo`, `0.3m1`, `trunk`) are legacy
//! releases, ordered as `packaging` ordered them before version 22 (and as OSV orders them):
//! they are checked like the others, and counted.
//!
//! The test fails if a listed error starts to agree or a new disagreement appears.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use steward_purl::EcosystemName;
use steward_version::osv::{AffectedVersions, EventKind, RangeInput, RangeType, Verdict};
use steward_version::scheme::pypi::PyPiVersion;
use steward_version::{Scheme, Version};

/// `(advisory id, listed version, why the ranges and the list disagree)`.
const DATA_ERRORS: &[(&str, &str, &str)] = &[
    ("PYSEC-2023-61", "3.2a1", LISTS_PRE_RELEASES),
    ("PYSEC-2023-61", "3.2b1", LISTS_PRE_RELEASES),
    ("PYSEC-2023-61", "3.2rc1", LISTS_PRE_RELEASES),
    ("PYSEC-2023-61", "4.2a1", LISTS_PRE_RELEASES),
    ("PYSEC-2023-61", "4.2b1", LISTS_PRE_RELEASES),
    ("PYSEC-2023-61", "4.2rc1", LISTS_PRE_RELEASES),
    ("PYSEC-2023-177", "23.9.0", LISTS_THE_FIX),
    ("PYSEC-2023-177", "23.9.0.post1", LISTS_THE_FIX),
    ("PYSEC-2021-114", "2.11.6", OVERLAPPING_EVENTS),
];

const LISTS_PRE_RELEASES: &str = "django: the range is introduced at 3.2 (and 4.2), but the list \
    also names the pre-releases of 3.2 and 4.2, which PEP 440 orders before them";
const LISTS_THE_FIX: &str = "gevent: the range is fixed at 23.9.0, but the list names 23.9.0 and \
    23.9.0.post1";
const OVERLAPPING_EVENTS: &str = "wagtail: one range holds two overlapping intervals (0–2.11.6 and \
    2.11–2.11.7); OSV's algorithm sorts the events and 2.11.6 falls after the fix of the first";

#[derive(Deserialize)]
struct Record {
    id: String,
    #[serde(default)]
    affected: Vec<Affected>,
}

#[derive(Deserialize)]
struct Affected {
    package: Package,
    #[serde(default)]
    ranges: Vec<Range>,
    #[serde(default)]
    versions: Vec<String>,
}

#[derive(Deserialize)]
struct Package {
    ecosystem: String,
}

#[derive(Deserialize)]
struct Range {
    #[serde(rename = "type")]
    range_type: String,
    #[serde(default)]
    events: Vec<BTreeMap<String, String>>,
}

fn yaml_files(directory: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(directory).expect("read a directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            yaml_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            files.push(path);
        }
    }
}

#[test]
fn ranges_cover_every_listed_version() {
    let mut files = Vec::new();
    yaml_files(&steward_test::corpus_path("advisories/pypa"), &mut files);
    files.sort();
    assert!(files.len() > 2500, "only {} PyPA files", files.len());
    let (mut checked, mut entries_with_ranges) = (0, 0);
    let mut disagreements = Vec::new();
    let mut legacy_versions = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read an advisory");
        let record: Record = serde_saphyr::from_str(&text)
            .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
        for affected in &record.affected {
            assert_eq!(affected.package.ecosystem, "PyPI", "{}", record.id);
            let ranges: Vec<RangeInput> = affected
                .ranges
                .iter()
                .filter(|range| range.range_type == "ECOSYSTEM")
                .map(|range| RangeInput {
                    range_type: RangeType::parse(&range.range_type),
                    events: range
                        .events
                        .iter()
                        .flat_map(|event| event.iter())
                        .map(|(kind, version)| {
                            let kind = EventKind::parse(kind)
                                .unwrap_or_else(|| panic!("{}: unknown event `{kind}`", record.id));
                            (kind, version.clone())
                        })
                        .collect(),
                })
                .collect();
            if ranges.is_empty() {
                continue;
            }
            entries_with_ranges += 1;
            let prepared = AffectedVersions::new(&EcosystemName::PyPi, &ranges, &[]);
            for version in &affected.versions {
                checked += 1;
                if matches!(
                    Scheme::PyPi.parse(version),
                    Ok(Version::PyPi(PyPiVersion::Legacy(_)))
                ) {
                    legacy_versions += 1;
                }
                match prepared.evaluate(version) {
                    Verdict::Affected { .. } => {}
                    verdict => disagreements.push((
                        record.id.clone(),
                        version.clone(),
                        format!("{verdict:?}"),
                    )),
                }
            }
        }
    }
    assert!(checked > 50_000, "only {checked} listed versions checked");
    // 108 in this snapshot of the database, every one evaluated.
    assert!(
        (100..200).contains(&legacy_versions),
        "{legacy_versions} listed versions are not PEP 440 versions"
    );
    assert!(entries_with_ranges > 2500);
    let unexplained: Vec<_> = disagreements
        .iter()
        .filter(|(id, version, _)| !DATA_ERRORS.iter().any(|(i, v, _)| i == id && v == version))
        .collect();
    assert!(
        unexplained.is_empty(),
        "{} of {checked} listed versions disagree with the ranges:\n{}",
        unexplained.len(),
        unexplained
            .iter()
            .map(|(id, version, verdict)| format!("{id} {version}: {verdict}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    for (id, version, _) in DATA_ERRORS {
        assert!(
            disagreements
                .iter()
                .any(|(i, v, _)| i == id && v == version),
            "listed data error {id} {version} now agrees"
        );
    }
}
