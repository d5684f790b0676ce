//! Runs every case of the package-url test suite in the shared corpus
//! (`schemas/purl-spec/tests/**/*.json` and the legacy `test-suite-data.json`), read from the
//! files at test time.
//!
//! Groups: `required` cases run against [`Purl::parse`], the specification as written;
//! `recommended` cases, which ask implementations to accept looser input, run against
//! [`Purl::parse_lenient`]. The suites contradict themselves and the specification in a few
//! places; those cases are listed in `CONTRADICTIONS` with the reason, and the test fails if the
//! list names a case that no longer fails (so the list cannot go stale).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;
use steward_purl::Purl;

/// Cases where the suite contradicts the specification or itself, by description and input.
const CONTRADICTIONS: &[(&str, &str, &str)] = &[(
    "maven pom reference",
    "pkg:Maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=pom&repositorY_url=repo.spring.io/release",
    "a `required` parse case that accepts the upper-case qualifier key `repositorY_url`, \
         while spec §5.6.6 says keys are lower-case and the suite's own `required` gem and rpm \
         cases (`?Platform=java`, `?Arch=i386`) must fail for exactly that reason",
)];

/// Legacy cases (`test-suite-data.json`, removed upstream in 2025) that the current suite
/// overrules, with the current rule.
const LEGACY_OVERRULED: &[(&str, &str)] = &[
    (
        "pkg:cran/A3",
        "legacy: a version is required; current cran type definition: version optional",
    ),
    (
        "pkg:swift/github.com/Alamofire/Alamofire",
        "legacy: a version is required; current swift type definition: version optional",
    ),
    (
        "pkg:conan/bincrafters/cctz@2.3",
        "legacy: a namespace needs a channel; current conan tests accept namespace-only purls",
    ),
    (
        "pkg:conan/cctz@2.3?channel=stable",
        "legacy: a channel needs a namespace; the current conan definition has no such rule",
    ),
    (
        "pkg:cpan/Perl-Version@1.013",
        "legacy: a distribution name needs an author; current cpan tests accept `pkg:cpan/URI-PackageURL`",
    ),
    (
        "pkg:cpan/URI::PackageURL@2.11",
        "legacy: module names allowed; current cpan tests: `pkg:cpan/URI::PackageURL` is invalid",
    ),
    (
        "pkg:huggingface/distilbert-base-uncased@043235d6088ecd3dd5fb5ca3592b6913fd516027",
        "legacy: no namespace needed; current huggingface definition: namespace required",
    ),
];

fn contradiction(description: &str, input: &str) -> Option<usize> {
    CONTRADICTIONS
        .iter()
        .position(|(d, i, _)| *d == description && *i == input)
}

fn components(purl: &Purl) -> Value {
    let optional = |value: Option<&str>| value.map_or(Value::Null, |v| Value::String(v.into()));
    let qualifiers = if purl.qualifiers().is_empty() {
        Value::Null
    } else {
        Value::Object(
            purl.qualifiers()
                .iter()
                .map(|(key, value)| (key.clone(), Value::String(value.clone())))
                .collect(),
        )
    };
    serde_json::json!({
        "type": purl.package_type(),
        "namespace": optional(purl.namespace()),
        "name": purl.name(),
        "version": optional(purl.version()),
        "qualifiers": qualifiers,
        "subpath": optional(purl.subpath()),
    })
}

fn build(input: &Value) -> Result<Purl, String> {
    let text = |key: &str| input.get(key).and_then(Value::as_str);
    let package_type = text("type").ok_or("no type")?;
    let name = text("name").ok_or("no name")?;
    let mut builder = Purl::builder(package_type, name);
    if let Some(namespace) = text("namespace") {
        builder = builder.namespace(namespace);
    }
    if let Some(version) = text("version") {
        builder = builder.version(version);
    }
    if let Some(qualifiers) = input.get("qualifiers").and_then(Value::as_object) {
        for (key, value) in qualifiers {
            builder = builder.qualifier(key, value.as_str().unwrap_or_default());
        }
    }
    if let Some(subpath) = text("subpath") {
        builder = builder.subpath(subpath);
    }
    builder.build().map_err(|error| error.to_string())
}

/// Runs one case; `Err` says how it failed.
fn run_case(case: &Value) -> Result<(), String> {
    let test_type = case["test_type"].as_str().unwrap_or_default();
    let lenient = case["test_group"] == "recommended";
    let expect_failure = case["expected_failure"].as_bool().unwrap_or(false);
    let expected = &case["expected_output"];
    let parse = |text: &str| {
        if lenient {
            Purl::parse_lenient(text)
        } else {
            Purl::parse(text)
        }
    };
    let outcome: Result<Value, String> = match test_type {
        "parse" => {
            let input = case["input"]
                .as_str()
                .ok_or("parse input is not a string")?;
            parse(input)
                .map(|purl| components(&purl))
                .map_err(|e| e.to_string())
        }
        "validate" | "roundtrip" => {
            let input = case["input"].as_str().ok_or("input is not a string")?;
            parse(input)
                .map(|purl| Value::String(purl.to_string()))
                .map_err(|e| e.to_string())
        }
        "build" => build(&case["input"]).map(|purl| Value::String(purl.to_string())),
        other => return Err(format!("unknown test type `{other}`")),
    };
    match (outcome, expect_failure) {
        (Ok(actual), false) if actual == *expected => Ok(()),
        (Ok(actual), false) => Err(format!("expected {expected}, got {actual}")),
        (Ok(actual), true) => Err(format!("expected a failure, got {actual}")),
        (Err(_), true) => Ok(()),
        (Err(error), false) => Err(format!("expected {expected}, got the error: {error}")),
    }
}

fn suite_files(directory: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(directory).expect("read the suite directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files.extend(suite_files(&path));
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    files.sort();
    files
}

#[test]
fn every_case_of_the_current_suite() {
    let directory = steward_test::corpus_path("schemas/purl-spec/tests");
    let mut ran = 0;
    let mut failures = Vec::new();
    let mut contradicted = vec![false; CONTRADICTIONS.len()];
    for file in suite_files(&directory) {
        let text = std::fs::read_to_string(&file).expect("read a suite file");
        let suite: Value = serde_json::from_str(&text).expect("a suite file is JSON");
        for case in suite["tests"].as_array().expect("a `tests` array") {
            ran += 1;
            let description = case["description"].as_str().unwrap_or_default();
            let input = case["input"].as_str().unwrap_or_default();
            match run_case(case) {
                Ok(()) => {}
                Err(_) if contradiction(description, input).is_some() => {
                    if let Some(index) = contradiction(description, input) {
                        contradicted[index] = true;
                    }
                }
                Err(why) => failures.push(format!(
                    "{}: {} ({}, {}): {}\n    input: {}",
                    file.file_name().unwrap_or_default().to_string_lossy(),
                    description,
                    case["test_type"],
                    case["test_group"],
                    why,
                    case["input"]
                )),
            }
        }
    }
    assert!(ran > 500, "only {ran} cases found: is the suite complete?");
    assert!(
        failures.is_empty(),
        "{} of {ran} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let stale: Vec<_> = CONTRADICTIONS
        .iter()
        .zip(&contradicted)
        .filter(|(_, seen)| !**seen)
        .map(|((description, input, _), _)| (description, input))
        .collect();
    assert!(
        stale.is_empty(),
        "listed contradictions that no longer fail: {stale:?}"
    );
}

#[test]
fn every_case_of_the_legacy_suite() {
    let path = steward_test::corpus_path("schemas/purl-spec/test-suite-data.json");
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read the legacy suite"))
            .expect("the legacy suite is JSON");
    let overruled: BTreeMap<&str, &str> = LEGACY_OVERRULED.iter().copied().collect();
    let mut failures = Vec::new();
    let mut seen_overruled = BTreeSet::new();
    for case in &cases {
        let input = case["purl"].as_str().expect("a purl");
        let invalid = case["is_invalid"].as_bool().unwrap_or(false);
        let outcome = Purl::parse_lenient(input);
        let passed = match (&outcome, invalid) {
            (Err(_), true) => true,
            (Ok(purl), false) => {
                // The legacy canonical strings follow the old encoding rules (an unencoded `/`
                // in qualifier values), so they are compared as parsed purls; and its `subpath`
                // fields keep `.`/`..` segments its own canonical strings drop, so the canonical
                // string decides the subpath.
                let canonical = case["canonical_purl"].as_str().map(Purl::parse_lenient);
                let canonical_ok = canonical == Some(Ok(purl.clone()));
                let fields_ok = ["type", "namespace", "name", "version", "qualifiers"]
                    .iter()
                    .all(|key| components(purl)[*key] == case[*key]);
                canonical_ok && fields_ok
            }
            _ => false,
        };
        if overruled.contains_key(input) {
            assert!(
                !passed,
                "legacy case `{input}` is listed as overruled but passes"
            );
            seen_overruled.insert(input);
        } else if !passed {
            failures.push(format!(
                "{input}: {:?} (invalid expected: {invalid})",
                outcome.map(|p| p.to_string())
            ));
        }
    }
    assert_eq!(cases.len(), 59, "the legacy suite has 59 cases");
    assert!(
        failures.is_empty(),
        "legacy cases failed:\n{}",
        failures.join("\n")
    );
    assert_eq!(
        seen_overruled.len(),
        LEGACY_OVERRULED.len(),
        "every overruled case is in the suite"
    );
}
