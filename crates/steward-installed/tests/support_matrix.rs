//! `docs/installed.md` carries the support matrix generated from the reader registry; this
//! test fails when they drift. `STEWARD_BLESS=1 cargo test -p steward-installed --test
//! support_matrix` rewrites the table. Every reader also needs its fuzz target.

use std::fmt::Write;

use steward_installed::READERS;
use steward_test::{check_generated_section, workspace_root};

const START: &str = "<!-- support-matrix:start (generated from the registry; see crates/steward-installed/tests/support_matrix.rs) -->\n";
const END: &str = "<!-- support-matrix:end -->";

fn matrix() -> String {
    let mut table = String::from(
        "| reader id | finds | ecosystem | what is read | known gaps |\n|---|---|---|---|---|\n",
    );
    for reader in READERS {
        writeln!(
            table,
            "| `{}` | {} | {} | {} | {} |",
            reader.id,
            reader.finds,
            reader.ecosystem,
            reader.reads,
            if reader.gaps.is_empty() {
                "—"
            } else {
                reader.gaps
            },
        )
        .expect("writing to a string");
    }
    table
}

#[test]
fn the_support_matrix_matches_the_registry() {
    check_generated_section("docs/installed.md", START, END, &matrix());
}

#[test]
fn every_reader_has_a_fuzz_target() {
    let fuzz = workspace_root().join("fuzz");
    let manifest = std::fs::read_to_string(fuzz.join("Cargo.toml")).unwrap();
    // Beside the readers: image layers, and the copyright files the Collector reads itself.
    let mut expected = vec![
        "installed_layer".to_owned(),
        "installed_dpkg_copyright".to_owned(),
    ];
    for reader in READERS {
        let name = format!("installed_{}", reader.id.replace('-', "_"));
        let target = std::fs::read_to_string(fuzz.join(format!("fuzz_targets/{name}.rs")))
            .unwrap_or_else(|_| panic!("{} has no fuzz target {name}", reader.id));
        assert!(
            target.contains(&format!("steward_fuzz::installed(\"{}\"", reader.id)),
            "{name} does not fuzz {}",
            reader.id
        );
        expected.push(name);
    }
    for name in &expected {
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "fuzz/Cargo.toml does not declare {name}"
        );
    }
    let mut present: Vec<String> = std::fs::read_dir(fuzz.join("fuzz_targets"))
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            name.starts_with("installed_")
                .then(|| name.strip_suffix(".rs").map(str::to_owned))
                .flatten()
        })
        .collect();
    present.sort();
    expected.sort();
    assert_eq!(
        present, expected,
        "fuzz targets for readers that are not registered"
    );
}
