//! `gradle-verification-metadata`: see `steward_fuzz::inventory`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| steward_fuzz::inventory("gradle-verification-metadata", data));
