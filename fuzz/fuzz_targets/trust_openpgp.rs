//! OpenPGP: never panics reading a keyring, detached signatures or a cleartext message, nor
//! judging the signatures with the keyring. The input is a byte choosing detached signatures
//! (even) or a cleartext message (odd), the keyring's length (two bytes, big-endian), the
//! keyring, then the signatures or message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_trust::openpgp::{Cleartext, DetachedSignatures, Keyring};

fuzz_target!(|data: &[u8]| {
    let [choice, high, low, rest @ ..] = data else {
        return;
    };
    let (keyring, signed) =
        rest.split_at(usize::from(u16::from_be_bytes([*high, *low])).min(rest.len()));
    let keyring = Keyring::parse(keyring).unwrap_or_default();
    for certificate in &keyring.certificates {
        let _ = certificate.keys();
    }
    if choice % 2 == 0 {
        if let Ok(signatures) = DetachedSignatures::parse(signed) {
            let _ = signatures.verify(b"message", &keyring, 1_800_000_000);
        }
    } else if let Ok(message) = Cleartext::parse(signed) {
        let _ = message.verify(&keyring, 1_800_000_000);
        let _ = message.signed_text();
    }
});
