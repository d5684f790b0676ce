//! OSV records from arbitrary bytes, as JSON and as YAML: never panics; a record that reads has a
//! canonical form that reads back to the same record, and evaluating any version against it
//! (with the matcher's own preparation) never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_osv::record::{Record, Syntax};
use steward_model::{Inventory, Location, Package};
use steward_purl::Ecosystem;

fuzz_target!(|data: &[u8]| {
    for syntax in [Syntax::Json, Syntax::Yaml] {
        let Ok(record) = Record::parse(data, syntax) else {
            continue;
        };
        let again = Record::parse(&record.canonical, Syntax::Json).expect("the canonical form reads");
        assert_eq!(again.sha256, record.sha256);
        let advisory = record.advisory;
        let mut inventory = Inventory::default();
        for affected in &advisory.affected {
            let Some(package) = &affected.package else {
                continue;
            };
            let ecosystem = Ecosystem::parse(&package.ecosystem);
            for version in affected.versions.iter().chain(
                affected
                    .ranges
                    .iter()
                    .flat_map(|range| range.events.iter().flat_map(|event| event.values())),
            ) {
                inventory.packages.push(Package::new(
                    ecosystem.clone(),
                    &package.name,
                    Some(version),
                    Location::new("fuzz", None),
                ));
            }
        }
        let _ = steward_osv::match_inventory(&inventory, |_, _| {
            Ok::<_, ()>(vec![advisory.clone()])
        });
    }
});
