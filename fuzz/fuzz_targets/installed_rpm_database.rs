//! `rpm-database`: see `steward_fuzz::installed`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    steward_fuzz::installed("rpm-database", "/var/lib/rpm/rpmdb.sqlite", data)
});
