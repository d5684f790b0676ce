//! `apk-installed`: see `steward_fuzz::installed`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    steward_fuzz::installed("apk-installed", "/lib/apk/db/installed", data)
});
