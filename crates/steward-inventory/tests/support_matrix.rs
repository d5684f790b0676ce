//! `docs/formats.md` carries the support matrix generated from the registry; this test fails
//! when they drift. `STEWARD_BLESS=1 cargo test -p steward-inventory --test support_matrix`
//! rewrites the table from the registry.

use std::fmt::Write;

use steward_inventory::FORMATS;
use steward_test::{check_generated_section, workspace_root};

const START: &str = "<!-- support-matrix:start (generated from the registry; see crates/steward-inventory/tests/support_matrix.rs) -->\n";
const END: &str = "<!-- support-matrix:end -->";

fn matrix() -> String {
    let mut table = String::from(
        "| format id | file names | ecosystem | versions | what is read | known gaps |\n|---|---|---|---|---|---|\n",
    );
    for format in FORMATS {
        let names: Vec<String> = format
            .names
            .iter()
            .map(|name| format!("`{name}`"))
            .collect();
        writeln!(
            table,
            "| `{}` | {} | {} | {} | {} | {} |",
            format.id,
            names.join(", "),
            format.ecosystem,
            format.versions,
            format.reads,
            if format.gaps.is_empty() {
                "—"
            } else {
                format.gaps
            },
        )
        .expect("writing to a string");
    }
    table
}

#[test]
fn the_support_matrix_matches_the_registry() {
    check_generated_section("docs/formats.md", START, END, &matrix());
}

#[test]
fn every_format_has_fixtures() {
    for format in FORMATS {
        let directory = workspace_root()
            .join("tests/fixtures/inventory")
            .join(format.id);
        let cases = std::fs::read_dir(&directory)
            .unwrap_or_else(|_| panic!("{} has no fixtures in {}", format.id, directory.display()))
            .count();
        assert!(cases > 0, "{} has no fixtures", format.id);
    }
}

/// Every format has its fuzz target (`fuzz/fuzz_targets/inventory_<id>.rs`, declared in
/// `fuzz/Cargo.toml`), and no target is left for a format that is gone.
#[test]
fn every_format_has_a_fuzz_target() {
    let fuzz = workspace_root().join("fuzz");
    let manifest = std::fs::read_to_string(fuzz.join("Cargo.toml")).unwrap();
    let mut expected: Vec<String> = Vec::new();
    for format in FORMATS {
        let name = format!("inventory_{}", format.id.replace('-', "_"));
        let target = std::fs::read_to_string(fuzz.join(format!("fuzz_targets/{name}.rs")))
            .unwrap_or_else(|_| panic!("{} has no fuzz target {name}", format.id));
        assert!(
            target.contains(&format!("steward_fuzz::inventory(\"{}\", data)", format.id)),
            "{name} does not fuzz {}",
            format.id
        );
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml does not declare {name}"
        );
        expected.push(name);
    }
    let mut present: Vec<String> = std::fs::read_dir(fuzz.join("fuzz_targets"))
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_prefix("inventory_")
                .and_then(|_| name.strip_suffix(".rs"))
                .map(str::to_owned)
        })
        .collect();
    present.sort();
    expected.sort();
    assert_eq!(
        present, expected,
        "fuzz targets for formats that are not registered"
    );
}
