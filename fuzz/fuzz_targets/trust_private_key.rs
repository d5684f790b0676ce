//! Private keys (PKCS#8 PEM): never panics, and a key that reads signs what its public key
//! verifies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_trust::{SigningKey, VerifyingKey};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Encrypted keys too, with a fixed password: the derivation's cost is bounded by the
    // limits in `encrypted_key`, whatever the input asks for.
    let _ = SigningKey::from_pem(text, Some(b"password"));
    if let Ok(key) = SigningKey::from_pem(text, None) {
        let signature = key.sign(b"message").expect("signs");
        let verifying =
            VerifyingKey::new(key.public_key().clone(), None).expect("its own public key");
        assert!(verifying.verify(b"message", &signature).is_ok());
    }
});
