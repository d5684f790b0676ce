//! Licence text from inputs: normalizing never panics, is idempotent, and keeps an SPDX
//! expression as one; checking a package with it against a policy never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_license::{Policy, expression, normalize};
use steward_model::{Inventory, Location, Package};
use steward_purl::{Ecosystem, EcosystemName};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let normalized = normalize(text);
    assert_eq!(normalize(&normalized), normalized, "normalizing twice changes it");
    if expression(text.trim()).is_some() {
        assert_eq!(normalized, text.trim());
    }
    let mut package = Package::new(
        Ecosystem::new(EcosystemName::Npm),
        "fuzzed",
        Some("1.0.0"),
        Location::new("package-lock.json", None),
    );
    package.licenses = vec![normalized];
    let inventory = Inventory {
        packages: vec![package],
        ..Inventory::default()
    };
    let policy = Policy {
        deny: vec!["GPL-3.0-only".to_owned()],
        ..Policy::default()
    };
    let _ = policy.check(&inventory);
});
