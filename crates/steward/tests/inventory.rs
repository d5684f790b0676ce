//! `steward inventory`: what it reads, what it skips, how it reports failures, and the JSON
//! document's schema.

use predicates::prelude::*;
use predicates::str::contains;
use steward_test::workspace_root;

mod common;
use common::{steward, write};

const CARGO_LOCK: &str = r#"version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["itoa"]

[[package]]
name = "itoa"
version = "1.0.11"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;

const PACKAGE_LOCK: &str = r#"{
  "lockfileVersion": 3,
  "packages": {
    "": { "name": "web", "dependencies": { "left-pad": "^1.3.0" } },
    "node_modules/left-pad": { "version": "1.3.0" }
  }
}
"#;

fn inventory_json(output: &[u8]) -> serde_json::Value {
    let document: serde_json::Value = serde_json::from_slice(output).expect("the output is JSON");
    let schema_path = workspace_root().join("docs/schemas/inventory-1.schema.json");
    let schema_text = std::fs::read_to_string(schema_path).expect("the schema is readable");
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema is valid");
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the document does not match its schema: {errors:#?}"
    );
    document
}

fn names(document: &serde_json::Value) -> Vec<String> {
    document["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|package| package["name"].as_str().expect("a name").to_owned())
        .collect()
}

#[test]
fn reads_every_recognised_file_and_skips_installed_dependencies() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    write(root, "Cargo.lock", CARGO_LOCK);
    write(root, "web/package-lock.json", PACKAGE_LOCK);
    write(root, "web/node_modules/dep/package-lock.json", PACKAGE_LOCK);
    write(root, "ignored/package-lock.json", PACKAGE_LOCK);
    write(root, ".gitignore", "ignored/\n");
    let output = steward(root)
        .args(["inventory", "--format", "json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let document = inventory_json(&output);
    assert_eq!(document["schema"], "steward-inventory/1");
    assert_eq!(names(&document), ["app", "itoa", "web", "left-pad"]);
    let files: Vec<&str> = document["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|file| file["path"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["Cargo.lock", "web/package-lock.json"]);

    let output = steward(root)
        .args(["inventory", "--format", "json", "--scan-all"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        inventory_json(&output)["files"].as_array().unwrap().len(),
        4
    );
}

#[test]
fn a_broken_file_is_reported_and_the_rest_still_read() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    write(root, "Cargo.lock", CARGO_LOCK);
    write(
        root,
        "broken/package-lock.json",
        "{\n  \"packages\": {\n    \"node_modules/a\": { \"version\": 1.0 ]\n}\n",
    );
    let assert = steward(root)
        .args(["inventory", "--format", "json"])
        .assert()
        .code(2);
    let output = assert.get_output();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error: broken/package-lock.json: line 3, column"),
        "{stderr}"
    );
    let document = inventory_json(&output.stdout);
    assert_eq!(names(&document), ["app", "itoa"]);
    assert_eq!(document["files"][1]["path"], "broken/package-lock.json");
    assert_eq!(document["files"][1]["status"], "failed");
    assert!(
        document["files"][1]["error"]
            .as_str()
            .unwrap()
            .starts_with("line 3")
    );
}

#[test]
fn a_file_read_in_part_exits_with_2() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    write(
        root,
        "Cargo.lock",
        "version = 3\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\ndependencies = [\"missing\"]\n",
    );
    let assert = steward(root)
        .args(["inventory", "--format", "json"])
        .assert()
        .code(2);
    let output = assert.get_output();
    assert!(String::from_utf8_lossy(&output.stderr).contains("Cargo.lock: read only in part"));
    let document = inventory_json(&output.stdout);
    assert_eq!(document["files"][0]["status"], "partial");
    assert_eq!(names(&document), ["a"]);
}

#[test]
fn reads_a_file_as_a_named_format() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    write(root, "fixtures/a.json", PACKAGE_LOCK);
    write(root, "deps.lock", CARGO_LOCK);
    let output = steward(root)
        .args([
            "inventory",
            "--format",
            "json",
            "--as",
            "package-lock.json:fixtures/a.json",
            "--as",
            "cargo-lock:deps.lock",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let document = inventory_json(&output);
    assert_eq!(names(&document), ["app", "itoa", "web", "left-pad"]);
    assert_eq!(document["files"][1]["format"], "package-lock");

    steward(root)
        .args(["inventory", "--as", "no-such-format:x"])
        .assert()
        .code(2)
        .stderr(contains("unknown format `no-such-format`").and(contains("cargo-lock")));
    steward(root)
        .args(["inventory", "fixtures/a.json"])
        .assert()
        .code(2)
        .stderr(contains(
            "fixtures/a.json: steward does not know this file's format",
        ));
    steward(root)
        .args(["inventory", "no/such/file.lock"])
        .assert()
        .code(2)
        .stderr(contains("no such file or directory"));
}

#[test]
fn reads_sboms_whatever_their_names() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    write(
        root,
        "out/cyclonedx.json",
        r#"{"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [
            {"type": "library", "name": "itoa", "version": "1.0.11", "purl": "pkg:cargo/itoa@1.0.11"}]}"#,
    );
    write(
        root,
        "out/spdx.json",
        r#"{"spdxVersion": "SPDX-2.3", "SPDXID": "SPDXRef-DOCUMENT", "packages": [
            {"SPDXID": "SPDXRef-1", "name": "left-pad", "versionInfo": "1.3.0", "externalRefs": [
                {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:npm/left-pad@1.3.0"}]}]}"#,
    );
    write(root, "out/other.json", r#"{"name": "not an SBOM"}"#);
    let output = steward(root)
        .args([
            "inventory",
            "--format",
            "json",
            "--sbom",
            "out/cyclonedx.json",
            "--sbom",
            "out/spdx.json",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let document = inventory_json(&output);
    assert_eq!(names(&document), ["itoa", "left-pad"]);
    assert_eq!(document["files"][0]["format"], "cyclonedx-json");
    assert_eq!(document["files"][1]["format"], "spdx-json");

    steward(root)
        .args(["inventory", "--sbom", "out/other.json"])
        .assert()
        .code(2)
        .stderr(contains("out/other.json: not an SBOM steward reads"));
}

#[test]
fn prints_a_table_or_writes_a_file() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    write(root, "Cargo.lock", CARGO_LOCK);
    steward(root)
        .arg("inventory")
        .assert()
        .code(0)
        .stdout(
            contains("ECOSYSTEM")
                .and(contains("itoa"))
                .and(contains("Cargo.lock:8")),
        )
        .stderr(contains("2 packages from 1 file"));
    steward(root)
        .args([
            "inventory",
            "--format",
            "json",
            "--output",
            "out.json",
            "--quiet",
        ])
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
    let written = std::fs::read(root.join("out.json")).unwrap();
    assert_eq!(names(&inventory_json(&written)), ["app", "itoa"]);
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let directory = tempfile::tempdir().unwrap();
    let root = directory.path();
    for index in 0..20 {
        write(root, &format!("p{index}/Cargo.lock"), CARGO_LOCK);
        write(root, &format!("p{index}/package-lock.json"), PACKAGE_LOCK);
    }
    let run = || {
        steward(root)
            .args(["inventory", "--format", "json"])
            .assert()
            .code(0)
            .get_output()
            .stdout
            .clone()
    };
    assert_eq!(run(), run());
}

#[test]
fn reads_an_image_and_a_root_with_their_layers_and_distribution() {
    let layout = steward_test::installed_path("debian-oci");
    let root = steward_test::installed_path("debian-rootfs");
    let scratch = tempfile::tempdir().expect("a scratch directory");
    let output = steward(scratch.path())
        .args(["inventory", "--format", "json", "--image"])
        .arg(format!("{}:bookworm", layout.display()))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let image = inventory_json(&output);
    assert_eq!(image["distributions"][0]["ecosystem"], "Debian:12");
    let packages = image["packages"].as_array().expect("packages");
    assert!(packages.iter().all(|p| p["location"]["layer"].is_string()));
    let libc = packages
        .iter()
        .find(|p| p["name"] == "libc6")
        .expect("libc6");
    assert_eq!(libc["source_package"]["name"], "glibc");
    assert!(
        libc["purl"]
            .as_str()
            .expect("a purl")
            .ends_with("?arch=amd64&distro=debian-12")
    );

    let output = steward(scratch.path())
        .args(["inventory", "--format", "json", "--root"])
        .arg(&root)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let from_root = inventory_json(&output);
    assert_eq!(
        from_root["packages"].as_array().expect("packages").len(),
        packages.len()
    );

    // Several images in one layout and no tag: the error names them, exit status 2.
    steward(scratch.path())
        .args(["inventory", "--image"])
        .arg(&layout)
        .assert()
        .code(2)
        .stderr(contains("bookworm-nofzf"));
}
