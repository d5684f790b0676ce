//! npm: never panics reading registry keys, nor checking a registry signature with them, nor
//! verifying the publish attestation of an attestations document (the same input) with them.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use steward_trust::npm::{self, RegistryKeys, RegistrySignature};
use steward_trust::sigstore;

static ROOT: LazyLock<sigstore_verify::trust_root::TrustedRoot> =
    LazyLock::new(|| sigstore::trusted_root(None).expect("the embedded root reads"));

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let keys = RegistryKeys::parse(text).unwrap_or_default();
    let signatures: Vec<RegistrySignature> = serde_json::from_str(text).unwrap_or_default();
    let _ = npm::verify_registry_signature(&keys, "name", "1.0.0", "sha512-", &signatures, None);
    let _ = npm::verify_publish_attestation(text, b"tarball", &keys, &ROOT);
});
