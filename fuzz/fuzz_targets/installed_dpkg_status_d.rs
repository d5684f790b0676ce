//! `dpkg-status-d`: see `steward_fuzz::installed`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    steward_fuzz::installed("dpkg-status-d", "/var/lib/dpkg/status.d/base", data)
});
