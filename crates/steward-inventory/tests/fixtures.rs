//! The fixtures written for this project: every directory
//! `tests/fixtures/inventory/<format id>/<case>/` is scanned, and the inventory (with paths
//! relative to the case) must equal the case's `expected.json`.
//!
//! Each `expected.json` was checked by hand when it was written.
//! `STEWARD_BLESS=1 cargo test -p steward-inventory --test fixtures` rewrites them after a
//! deliberate change; review the diff.

use std::path::{Path, PathBuf};

use steward_inventory::{ScanOptions, Target, scan};
use steward_model::InventoryDocument;
use steward_test::workspace_root;

fn cases() -> Vec<PathBuf> {
    let root = workspace_root().join("tests/fixtures/inventory");
    let mut cases = Vec::new();
    let entries = |directory: &Path| {
        std::fs::read_dir(directory)
            .expect("a fixture directory")
            .map(|entry| entry.expect("a directory entry").path())
    };
    for format in entries(&root) {
        for case in entries(&format) {
            if case.is_dir() {
                cases.push(case);
            }
        }
    }
    cases.sort();
    cases
}

/// The inventory of a case as JSON, with the case's directory taken out of every path.
fn render(case: &Path) -> String {
    let inventory = scan(&[Target::Path(case.to_path_buf())], &ScanOptions::default());
    let json =
        serde_json::to_string_pretty(&InventoryDocument::new(inventory)).expect("serializable");
    format!("{}\n", json.replace(&format!("{}/", case.display()), ""))
}

#[test]
fn every_fixture_gives_its_expected_inventory() {
    let bless = std::env::var_os("STEWARD_BLESS").is_some();
    let mut failures = Vec::new();
    let cases = cases();
    assert!(!cases.is_empty());
    for case in &cases {
        let actual = render(case);
        let expected_path = case.join("expected.json");
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            if bless {
                std::fs::write(&expected_path, &actual).unwrap();
            } else {
                failures.push(format!("{}\n{actual}", case.display()));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) differ from expected.json (STEWARD_BLESS=1 rewrites them):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
