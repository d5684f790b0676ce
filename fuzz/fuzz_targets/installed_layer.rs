//! Image layers: see `steward_fuzz::layer`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| steward_fuzz::layer(data));
