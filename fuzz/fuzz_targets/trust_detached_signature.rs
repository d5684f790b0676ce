//! Detached signatures (SSHSIG, minisign): never panics reading one, nor verifying it with the
//! key it names (SSH) over a fixed message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_trust::detached::DetachedSignature;

fuzz_target!(|data: &[u8]| {
    if let Ok(DetachedSignature::Ssh(signature)) = DetachedSignature::parse(data) {
        let key = signature.key.clone();
        let _ = DetachedSignature::Ssh(signature).verify(b"message", &key, None);
    }
});
