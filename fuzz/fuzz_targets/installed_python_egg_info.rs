//! `python-egg-info`: see `steward_fuzz::installed`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    steward_fuzz::installed("python-egg-info", "/usr/lib/python3/dist-packages/x-1.egg-info/PKG-INFO", data)
});
