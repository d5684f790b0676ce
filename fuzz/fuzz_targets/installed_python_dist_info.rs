//! `python-dist-info`: see `steward_fuzz::installed`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    steward_fuzz::installed("python-dist-info", "/usr/lib/python3/site-packages/x-1.dist-info/METADATA", data)
});
