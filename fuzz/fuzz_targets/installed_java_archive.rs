//! `java-archive`: see `steward_fuzz::installed`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    steward_fuzz::installed("java-archive", "/app/app.war", data)
});
