//! Transparency-log proofs and notes: never panics reading a tlog-proof or a note, nor
//! verifying either with a fixed key; a proof that reads writes back to the same text.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use steward_tlog::note::{self, VerifierKey};
use steward_tlog::proof::TlogProof;

static KEY: LazyLock<VerifierKey> = LazyLock::new(|| {
    VerifierKey::parse("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8")
        .expect("the key reads")
});

fuzz_target!(|data: &[u8]| {
    let _ = note::verify(data, std::slice::from_ref(&KEY));
    if let Ok(proof) = TlogProof::parse(data) {
        let again = TlogProof::parse(&proof.to_text()).expect("its own text reads");
        assert_eq!(again, proof);
        let _ = proof.verify(steward_tlog::record_hash(b"entry"), &KEY, None);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = VerifierKey::parse(text);
    }
});
