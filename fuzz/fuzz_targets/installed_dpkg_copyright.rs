//! `/usr/share/doc/<package>/copyright`: reading a Debian copyright file never panics, and
//! names each licence once.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let licenses = steward_installed::dpkg_copyright_licenses(&text);
    for (index, license) in licenses.iter().enumerate() {
        assert!(!license.is_empty());
        assert!(!licenses[..index].contains(license), "{license} twice");
    }
});
