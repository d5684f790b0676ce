//! in-toto layouts and links: never panics reading either, nor verifying a layout against the
//! links (the same input read as one), with no owner key; with no key nothing verifies.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_trust::layout::{Layout, Link};

fuzz_target!(|data: &[u8]| {
    let links: Vec<Link> = Link::parse("input", data).into_iter().collect();
    if let Ok(layout) = Layout::parse(data) {
        let _ = layout.link_file_names();
        let verdict = layout.verify(&[], &links, 1_800_000_000, true);
        assert!(!verdict.verified, "a layout verified with no owner key");
    }
});
