//! Requirement parsing: the first byte picks the syntax, the rest is a requirement and a
//! version separated by a newline. Neither parsing nor matching panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_version::requirement::{Requirement, Syntax};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let syntax = Syntax::ALL[usize::from(selector) % Syntax::ALL.len()];
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (requirement, version) = text.split_once('\n').unwrap_or((text, "1.0.0"));
    if let (Ok(requirement), Ok(version)) = (
        Requirement::parse(syntax, requirement),
        syntax.scheme().parse(version),
    ) {
        let _ = requirement.matches(&version);
    }
});
