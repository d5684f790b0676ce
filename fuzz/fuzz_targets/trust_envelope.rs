//! DSSE envelopes and the in-toto statements inside them: never panics; an envelope that
//! reads writes back to one that reads the same; no signature verifies with no keys.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_trust::{Envelope, Statement};

fuzz_target!(|data: &[u8]| {
    if let Ok(envelope) = Envelope::parse(data) {
        let again = Envelope::parse(envelope.to_json().as_bytes()).expect("its own JSON reads");
        assert_eq!(again, envelope);
        assert!(envelope.verify(&[]).1.is_none());
        let _ = Statement::parse(envelope.payload_type(), envelope.unverified_payload());
    }
    let _ = Statement::parse(steward_trust::statement::PAYLOAD_TYPE, data);
});
