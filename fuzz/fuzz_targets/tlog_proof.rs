//! Transparency-log input: never panics reading a tlog-proof, a consistency proof (an
//! `add-checkpoint` body), a note, a tile path, an entry bundle, a tile or a witness policy,
//! nor verifying them or judging them as a witness; what reads writes back to the same text.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use steward_tlog::consistency::ConsistencyProof;
use steward_tlog::cosignature::{self, Witness};
use steward_tlog::note::{self, VerifierKey};
use steward_tlog::proof::TlogProof;
use steward_tlog::tile::{self, TileId};
use steward_tlog::witness;
use steward_tlog::witness_policy::WitnessPolicy;

static KEY: LazyLock<VerifierKey> = LazyLock::new(|| {
    VerifierKey::parse("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8")
        .expect("the key reads")
});

static WITNESSES: LazyLock<Vec<Witness>> =
    LazyLock::new(|| vec![Witness::new("w1.example", &[7; 32]).expect("a witness key")]);

fuzz_target!(|data: &[u8]| {
    let _ = note::verify(data, std::slice::from_ref(&KEY));
    let _ = cosignature::verify(data, &WITNESSES);
    if let Ok(proof) = TlogProof::parse(data) {
        let again = TlogProof::parse(&proof.to_text()).expect("its own text reads");
        assert_eq!(again, proof);
        let _ = proof.verify(steward_tlog::record_hash(b"entry"), &KEY, None);
    }
    if let Ok(proof) = ConsistencyProof::parse(data) {
        let again = ConsistencyProof::parse(&proof.to_text()).expect("its own text reads");
        assert_eq!(again, proof);
    }
    if let Ok(submission) = witness::read_submission(std::slice::from_ref(&KEY), data) {
        let _ = submission.check_against(Some((1, steward_tlog::record_hash(b"x"))));
    }
    for width in [1, 2, 255, 256] {
        let _ = tile::decode_bundle(data, width);
        let _ = tile::decode_tile(data, width);
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = VerifierKey::parse(text);
        if let Ok(id) = TileId::parse_path(text) {
            assert_eq!(id.path(), text);
        }
        if let Ok(policy) = WitnessPolicy::parse(text) {
            let _ = policy.describe();
            let _ = policy.is_satisfied(&["w1.example".to_owned()]);
        }
    }
});
