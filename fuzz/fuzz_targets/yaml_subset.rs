//! The YAML subset reader against serde-saphyr: whatever the subset reads, untyped or as a
//! lockfile-like struct (flattened maps, an untagged enum, options, a boolean), serde-saphyr
//! reads too, to the same value.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

#[derive(Debug, PartialEq, Deserialize)]
struct Lockfile {
    version: Option<String>,
    #[serde(default)]
    dependencies: BTreeMap<String, Dependency>,
    #[serde(flatten)]
    rest: Entry,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
enum Dependency {
    Version(String),
    Specified { version: String },
}

#[derive(Debug, PartialEq, Default, Deserialize)]
struct Entry {
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    packages: BTreeMap<String, Option<String>>,
}

fn agrees<'de, T: Deserialize<'de> + PartialEq + std::fmt::Debug>(text: &'de str) {
    if let Some(subset) = steward_yaml::subset::<T>(text) {
        let full = steward_yaml::serde_saphyr::<T>(text)
            .unwrap_or_else(|error| panic!("serde-saphyr refuses what the subset read: {error}"));
        assert_eq!(subset, full, "the readers differ");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    agrees::<serde_json::Value>(text);
    agrees::<Lockfile>(text);
    agrees::<BTreeMap<String, Lockfile>>(text);
});
