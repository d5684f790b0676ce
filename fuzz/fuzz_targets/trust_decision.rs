//! Decision predicates: never panics reading one from JSON, and what reads writes back to
//! the same decision.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_trust::decision::Decision;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    if let Ok(decision) = Decision::parse(&value) {
        let written = decision.to_value().expect("a decision that reads writes");
        assert_eq!(Decision::parse(&written).expect("its own JSON reads"), decision);
    }
});
