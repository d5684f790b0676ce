//! Every SBOM steward writes for the whole lockfile corpus (and for a real Debian root
//! filesystem) reads back into the same packages, and, where the official schema is a JSON
//! schema in the corpus, validates against it. The XML schema, the SPDX tag-value syntax and
//! the SPDX 3 model are checked by their reference tools in
//! `scripts/reference/check-sbom-validators.sh`.

use std::collections::BTreeSet;

use steward_inventory::{Input, NoTree, ScanOptions, Target};
use steward_model::{FileStatus, Inventory};
use steward_sbom::{Request, Subject, SubjectKind, WRITERS, Writer};
use steward_test::{corpus_path, installed_path};

fn subject(kind: SubjectKind) -> Subject {
    Subject {
        kind,
        name: "corpus".to_owned(),
        version: Some("1".to_owned()),
        digest: None,
        supplier: Some("steward tests".to_owned()),
    }
}

fn write(writer: &Writer, inventory: &Inventory, subject: &Subject) -> String {
    let bytes = writer.write(&Request {
        inventory,
        subject,
        created: jiff::Timestamp::from_second(1_700_000_000).expect("a time"),
        tool_version: "0.0.0-test",
    });
    String::from_utf8(bytes).expect("SBOMs are UTF-8")
}

/// The official JSON schema of a writer's format, where it has one in the corpus.
fn validator(writer: &Writer) -> Option<jsonschema::Validator> {
    match writer.id {
        "cyclonedx-json" => Some(steward_test::cyclonedx_validator()),
        "spdx-json" => Some(steward_test::schema_validator(
            "schemas/spdx-2.3/spdx-schema.json",
            "",
            &[],
        )),
        _ => None,
    }
}

fn assert_valid(writer: &Writer, text: &str) {
    let Some(validator) = validator(writer) else {
        return;
    };
    let document: serde_json::Value = serde_json::from_str(text).expect("JSON");
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .take(10)
        .map(|error| format!("{} at {}", error, error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", writer.id);
}

/// (ecosystem, name, version, purl) of every package.
fn identities(inventory: &Inventory) -> BTreeSet<(String, String, String, String)> {
    inventory
        .packages
        .iter()
        .map(|package| {
            (
                package.ecosystem.to_string(),
                package.name.clone(),
                package.version.clone().unwrap_or_default(),
                package
                    .purl
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
            )
        })
        .collect()
}

/// The packages an SBOM must carry: all of them, except a declared requirement beside the
/// version a lockfile resolved it to (one component, the resolved one).
fn expected(inventory: &Inventory) -> BTreeSet<(String, String, String, String)> {
    let resolved: BTreeSet<(String, String)> = inventory
        .packages
        .iter()
        .filter(|package| package.version.is_some())
        .map(|package| {
            (
                package.ecosystem.to_string(),
                package.normalized_name.clone(),
            )
        })
        .collect();
    let mut kept = inventory.clone();
    kept.packages.retain(|package| {
        package.version.is_some()
            || !resolved.contains(&(
                package.ecosystem.to_string(),
                package.normalized_name.clone(),
            ))
    });
    identities(&kept)
}

fn read_back(writer: &Writer, text: &str) -> Inventory {
    let format = steward_inventory::sbom_format(text).expect("a format steward reads");
    let extracted = (format.extract)(&Input {
        path: writer.extension,
        text,
        tree: &NoTree,
    })
    .unwrap_or_else(|error| panic!("{}: {error}", writer.id));
    assert!(
        extracted.skipped.is_empty(),
        "{}: {:#?}",
        writer.id,
        &extracted.skipped[..extracted.skipped.len().min(10)]
    );
    Inventory {
        packages: extracted.packages,
        dependencies: extracted.dependencies,
        ..Inventory::default()
    }
}

#[test]
fn the_lockfile_corpus_round_trips_through_every_format() {
    let inventory = steward_inventory::scan(
        &[Target::Path(corpus_path("lockfiles"))],
        &ScanOptions::default(),
    );
    assert!(inventory.packages.len() > 10_000);
    let subject = subject(SubjectKind::Project);
    let expected = expected(&inventory);
    for writer in WRITERS {
        let text = write(writer, &inventory, &subject);
        assert_valid(writer, &text);
        let back = identities(&read_back(writer, &text));
        let missing: Vec<_> = expected.difference(&back).take(10).collect();
        let extra: Vec<_> = back.difference(&expected).take(10).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{}: missing {missing:#?}, extra {extra:#?}",
            writer.id
        );
    }
}

#[test]
fn a_debian_root_round_trips_with_its_binary_package_names() {
    let inventory = steward_installed::inventory_root(
        &installed_path("debian-rootfs"),
        &steward_installed::Limits::default(),
    );
    assert!(
        inventory
            .files
            .iter()
            .all(|file| file.status == FileStatus::Read)
    );
    let subject = subject(SubjectKind::RootFilesystem);
    for writer in WRITERS {
        let text = write(writer, &inventory, &subject);
        assert_valid(writer, &text);
        assert_eq!(
            identities(&read_back(writer, &text)),
            expected(&inventory),
            "{}",
            writer.id
        );
    }
}

#[test]
fn the_same_inventory_gives_the_same_bytes() {
    let inventory = steward_inventory::scan(
        &[Target::Path(corpus_path("lockfiles/cargo"))],
        &ScanOptions::default(),
    );
    let subject = subject(SubjectKind::Project);
    for writer in WRITERS {
        let first = write(writer, &inventory, &subject);
        assert_eq!(first, write(writer, &inventory, &subject), "{}", writer.id);
        // A different inventory gets a different serial number / namespace.
        let mut smaller = inventory.clone();
        smaller.packages.pop();
        smaller.dependencies.clear();
        let other = write(writer, &smaller, &subject);
        // The serial number (`urn:uuid:…`) or namespace (`…/spdxdocs/steward-corpus-…`).
        let identifier = |text: &str| {
            let start = ["urn:uuid:", "steward-corpus-"]
                .iter()
                .find_map(|marker| text.find(marker).map(|at| at + marker.len()))
                .expect("an identifier");
            text[start..start + 36].to_owned()
        };
        assert_ne!(identifier(&first), identifier(&other), "{}", writer.id);
        assert!(first.contains("2023-11-14T22:13:20Z"), "{}", writer.id);
    }
}
