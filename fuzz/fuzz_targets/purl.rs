//! Package URL parsing: never panics, and whatever parses prints to a string that parses back
//! to the same purl.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_purl::{OsvPackage, Purl};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for parsed in [Purl::parse(text), Purl::parse_lenient(text)] {
        if let Ok(purl) = parsed {
            let printed = purl.to_string();
            assert_eq!(Purl::parse(&printed).as_ref(), Ok(&purl), "printed as {printed}");
            if let Some(package) = OsvPackage::from_purl(&purl) {
                let _ = package.to_purl(purl.version());
                let _ = package.normalized_name();
            }
        }
    }
});
