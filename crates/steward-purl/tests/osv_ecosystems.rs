//! Every ecosystem the OSV schema in the shared corpus defines is known to steward, spelled
//! exactly as OSV spells it, so a new ecosystem in the schema shows up here first.

use steward_purl::{Ecosystem, EcosystemName};

#[test]
fn every_ecosystem_of_the_osv_schema_is_known() {
    let path = steward_test::corpus_path("schemas/osv/ecosystems.json");
    let text = std::fs::read_to_string(path).expect("read ecosystems.json");
    let defined: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).expect("ecosystems.json is a JSON object");
    assert!(
        defined.len() > 40,
        "only {} ecosystems defined?",
        defined.len()
    );
    let unknown: Vec<&String> = defined
        .keys()
        .filter(|name| matches!(EcosystemName::parse(name), EcosystemName::Other(_)))
        .collect();
    assert!(
        unknown.is_empty(),
        "ecosystems steward does not know: {unknown:?}"
    );
    for name in defined.keys() {
        assert_eq!(&Ecosystem::parse(name).to_string(), name);
    }
}

#[test]
fn every_known_ecosystem_is_defined_by_the_osv_schema() {
    let path = steward_test::corpus_path("schemas/osv/ecosystems.json");
    let defined: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON");
    // `GIT` is a range type that osv.dev also uses as an ecosystem for repository-only records.
    let extra: Vec<&str> = EcosystemName::known()
        .map(EcosystemName::as_str)
        .filter(|name| !defined.contains_key(*name) && *name != "GIT")
        .collect();
    assert!(
        extra.is_empty(),
        "known to steward but not to OSV: {extra:?}"
    );
}
