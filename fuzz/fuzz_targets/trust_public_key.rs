//! Public keys in every form (PEM, DER, OpenSSH): never panics, and a key that reads writes
//! back as SPKI PEM that reads to the same key with the same id.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_trust::{PublicKey, VerifyingKey};

fuzz_target!(|data: &[u8]| {
    if let Ok(key) = PublicKey::parse(data) {
        let again = PublicKey::parse(key.to_pem().as_bytes()).expect("a key's own PEM reads");
        assert_eq!(again.id(), key.id());
        let _ = VerifyingKey::new(key, None);
    }
});
