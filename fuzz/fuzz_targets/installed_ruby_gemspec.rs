//! `ruby-gemspec`: see `steward_fuzz::installed`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    steward_fuzz::installed("ruby-gemspec", "/usr/lib/ruby/gems/3.1.0/specifications/x-1.gemspec", data)
});
