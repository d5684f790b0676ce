//! `steward sbom`: the same inputs give the same bytes in every format, and steward reads each
//! back into the packages it was made from.

use std::path::Path;

use assert_cmd::Command;
use predicates::str::contains;

const FORMATS: &[&str] = &[
    "cyclonedx-json",
    "cyclonedx-xml",
    "spdx-json",
    "spdx-tag-value",
    "spdx3-json",
];

const CARGO_LOCK: &str = r#"version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["itoa", "serde"]

[[package]]
name = "itoa"
version = "1.0.11"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "49f1f14873335454500d59611f1cf4a4b0f786f9ac11f4312a78e4cf2566695b"

[[package]]
name = "serde"
version = "1.0.210"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;

mod common;

/// `steward` with the creation time fixed.
fn steward(directory: &Path) -> Command {
    let mut command = common::steward(directory);
    command.env("SOURCE_DATE_EPOCH", "1700000000");
    command
}

fn project() -> tempfile::TempDir {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let project = directory.path().join("app");
    std::fs::create_dir(&project).expect("a directory");
    std::fs::write(project.join("Cargo.lock"), CARGO_LOCK).expect("writable");
    directory
}

/// The `name@version` of every package in `steward inventory` JSON output.
fn packages(output: &[u8]) -> Vec<String> {
    let document: serde_json::Value = serde_json::from_slice(output).expect("JSON");
    let mut names: Vec<String> = document["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|package| format!("{}@{}", package["name"], package["version"]))
        .collect();
    names.sort();
    names
}

#[test]
fn two_runs_write_the_same_bytes_that_read_back_into_the_same_packages() {
    let directory = project();
    let root = directory.path();
    let inventory = steward(root)
        .args(["inventory", "app", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    for format in FORMATS {
        let first = steward(root)
            .args(["sbom", "app", "--format", format])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        let file = format!("app.{format}");
        steward(root)
            .args(["sbom", "app", "--format", format, "--output", &file])
            .assert()
            .code(0);
        let second = std::fs::read(root.join(&file)).expect("the SBOM was written");
        assert_eq!(first, second, "{format}: two runs differ");
        assert!(
            String::from_utf8_lossy(&first).contains("2023-11-14T22:13:20Z"),
            "{format}: the creation time is not SOURCE_DATE_EPOCH's"
        );
        let back = steward(root)
            .args(["inventory", "--sbom", &file, "--format", "json"])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone();
        assert_eq!(packages(&back), packages(&inventory), "{format}");
    }
}

#[test]
fn a_bad_source_date_epoch_is_an_error() {
    let directory = project();
    steward(directory.path())
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .args(["sbom", "app"])
        .assert()
        .code(2)
        .stderr(contains("SOURCE_DATE_EPOCH is `yesterday`"));
    steward(directory.path())
        .args(["sbom", "app", "--format", "spdx-yaml"])
        .assert()
        .code(2)
        .stderr(contains("spdx3-json"));
}

#[test]
fn a_package_pinned_in_the_manifest_and_the_lockfile_is_one_component_and_one_row() {
    let directory = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        directory.path().join("package.json"),
        r#"{"name": "app", "version": "1.0.0", "dependencies": {"lodash": "4.17.20", "express": "^4.18.0"}}"#,
    )
    .expect("writable");
    std::fs::write(
        directory.path().join("package-lock.json"),
        r#"{"name": "app", "version": "1.0.0", "lockfileVersion": 3, "packages": {
            "": {"name": "app", "version": "1.0.0", "dependencies": {"lodash": "4.17.20", "express": "^4.18.0"}},
            "node_modules/lodash": {"version": "4.17.20", "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.20.tgz"},
            "node_modules/express": {"version": "4.18.2", "resolved": "https://registry.npmjs.org/express/-/express-4.18.2.tgz"}}}"#,
    )
    .expect("writable");
    let output = steward(directory.path())
        .args(["sbom", "--format", "cyclonedx-json", "."])
        .output()
        .expect("steward runs");
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let mut components: Vec<String> = document["components"]
        .as_array()
        .expect("components")
        .iter()
        .map(|component| {
            format!(
                "{}@{}",
                component["name"].as_str().unwrap_or_default(),
                component["version"].as_str().unwrap_or_default()
            )
        })
        .collect();
    components.sort();
    assert_eq!(
        components,
        ["app@1.0.0", "express@4.18.2", "lodash@4.17.20"]
    );
    let table = steward(directory.path())
        .args(["inventory", "."])
        .output()
        .expect("steward runs");
    let text = String::from_utf8(table.stdout).expect("UTF-8");
    assert_eq!(text.matches("lodash").count(), 1, "{text}");
    assert!(!text.contains("^4.18.0"), "{text}");
}
