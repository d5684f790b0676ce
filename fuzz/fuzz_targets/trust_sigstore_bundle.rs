//! Sigstore bundles: never panics reading one, nor verifying it against the embedded root.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use steward_trust::sigstore::{self, Artifact, Signer};

static ROOT: LazyLock<sigstore_verify::trust_root::TrustedRoot> =
    LazyLock::new(|| sigstore::trusted_root(None).expect("the embedded root reads"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(bundle) = sigstore::parse_bundle(text) {
        let signer = Signer::Identity { subject: "a@example.com".to_owned(), issuer: "https://example.com".to_owned() };
        let _ = sigstore::verify(&bundle, Artifact::Bytes(b"artifact"), &signer, &ROOT);
    }
});
