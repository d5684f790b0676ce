//! Test support shared by steward's crates.
//!
//! The real data the tests check against (OSV advisories, official schemas, the package-url test
//! suite, real lockfiles) lives outside the repository, in the shared corpus. Tests reach it only
//! through [`corpus`], which reads `STEWARD_CORPUS` and defaults to `../shared/data` beside the
//! workspace. A missing corpus fails the test loudly: those tests are never skipped.

pub mod mirror;
pub mod synthetic;

use std::path::{Path, PathBuf};

/// The environment variable naming the shared corpus directory.
pub const CORPUS_VARIABLE: &str = "STEWARD_CORPUS";

/// A validator for the official JSON schema at `schema` in the corpus (with format checks),
/// resolving the schemas it refers to from `referenced` (corpus paths, registered under
/// `base` and their file name, as CycloneDX refers to `spdx.schema.json` and
/// `jsf-0.82.schema.json`).
///
/// # Panics
///
/// If a schema is missing or invalid.
pub fn schema_validator(schema: &str, base: &str, referenced: &[&str]) -> jsonschema::Validator {
    let read = |relative: &str| -> serde_json::Value {
        serde_json::from_str(
            &std::fs::read_to_string(corpus_path(relative)).expect("a readable schema"),
        )
        .expect("a JSON schema")
    };
    let mut registry = jsonschema::Registry::new();
    for relative in referenced {
        let name = relative.rsplit('/').next().expect("a file name");
        registry = registry
            .add(format!("{base}{name}"), read(relative))
            .expect("a schema URI");
    }
    let registry = registry.prepare().expect("a registry");
    jsonschema::options()
        .should_validate_formats(true)
        .with_registry(&registry)
        .build(&read(schema))
        .expect("a valid schema")
}

/// The CycloneDX 1.6 JSON schema of the corpus, with the SPDX licence and JSF schemas it uses.
pub fn cyclonedx_validator() -> jsonschema::Validator {
    schema_validator(
        "schemas/cyclonedx/bom-1.6.schema.json",
        "http://cyclonedx.org/schema/",
        &[
            "schemas/cyclonedx/spdx.schema.json",
            "schemas/cyclonedx/jsf-0.82.schema.json",
        ],
    )
}

/// The root of the shared corpus.
///
/// # Panics
///
/// If the directory does not exist, with a message saying how to provide it.
pub fn corpus() -> PathBuf {
    let root = std::env::var_os(CORPUS_VARIABLE).map_or_else(
        || workspace_root().join("..").join("shared").join("data"),
        PathBuf::from,
    );
    assert!(
        root.is_dir(),
        "the shared corpus is missing at `{}`; set {CORPUS_VARIABLE} to its location",
        root.display()
    );
    root
}

/// A path inside the shared corpus, which must exist.
///
/// # Panics
///
/// If the path does not exist.
pub fn corpus_path(relative: &str) -> PathBuf {
    let path = corpus().join(relative);
    assert!(
        path.exists(),
        "`{relative}` is missing from the shared corpus at `{}`",
        path.display()
    );
    path
}

/// Every file under a directory of the shared corpus, at any depth, sorted.
///
/// # Panics
///
/// If the directory does not exist or cannot be read.
pub fn corpus_files(relative: &str) -> Vec<PathBuf> {
    fn walk(directory: &std::path::Path, files: &mut Vec<PathBuf>) {
        let entries = std::fs::read_dir(directory)
            .unwrap_or_else(|error| panic!("`{}`: {error}", directory.display()));
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, files);
            } else {
                files.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&corpus_path(relative), &mut files);
    files.sort();
    files
}

/// The environment variable naming the installed reference trees built by
/// `scripts/reference/build-installed.sh`.
pub const INSTALLED_VARIABLE: &str = "STEWARD_INSTALLED";

/// A path among the installed reference trees (a Debian root filesystem and image, a Go and a
/// Rust binary, a virtualenv, a `node_modules`), which must exist: they are built by
/// `scripts/reference/build-installed.sh` (which `.ci/run` runs) into `STEWARD_INSTALLED`,
/// by default `target/reference/installed`.
///
/// # Panics
///
/// If the path does not exist, with a message saying how to build it.
pub fn installed_path(relative: &str) -> PathBuf {
    let root = std::env::var_os(INSTALLED_VARIABLE).map_or_else(
        || {
            workspace_root()
                .join("target")
                .join("reference")
                .join("installed")
        },
        PathBuf::from,
    );
    let path = root.join(relative);
    assert!(
        path.exists() && root.join(".complete").is_file(),
        "`{relative}` is missing from the installed reference trees at `{}`; build them with \
         `scripts/reference/build-installed.sh` (or set {INSTALLED_VARIABLE})",
        root.display()
    );
    path
}

/// Checks that the part of the document at `relative` (from the workspace root) between the
/// `start` and `end` markers is `expected` — a table generated from a registry — or, with
/// `STEWARD_BLESS` set, rewrites it.
///
/// # Panics
///
/// If the document or its markers are missing, or the part differs and `STEWARD_BLESS` is
/// not set.
pub fn check_generated_section(relative: &str, start: &str, end: &str, expected: &str) {
    let path = workspace_root().join(relative);
    let document = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {relative}: {error}"));
    let from = document
        .find(start)
        .unwrap_or_else(|| panic!("{relative} lacks the start marker"))
        + start.len();
    let to = document
        .find(end)
        .unwrap_or_else(|| panic!("{relative} lacks the end marker"));
    if document[from..to] == *expected {
        return;
    }
    assert!(
        std::env::var_os("STEWARD_BLESS").is_some(),
        "{relative} is out of date with the registry; run with STEWARD_BLESS=1 to rewrite it.\nExpected:\n{expected}"
    );
    let updated = format!("{}{expected}{}", &document[..from], &document[to..]);
    std::fs::write(&path, updated)
        .unwrap_or_else(|error| panic!("cannot write {relative}: {error}"));
}

/// The workspace root (the directory holding the top-level `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A fixture written for this project, under `tests/fixtures` at the workspace root.
pub fn fixture(relative: &str) -> PathBuf {
    workspace_root()
        .join("tests")
        .join("fixtures")
        .join(relative)
}
