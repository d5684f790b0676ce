//! Version parsing: the first byte picks the scheme, the rest is two versions separated by a
//! newline. Parsing never panics; what parses prints to a string that parses back to an equal
//! version; comparing is antisymmetric.
#![no_main]

use libfuzzer_sys::fuzz_target;
use steward_version::Scheme;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let scheme = Scheme::ALL[usize::from(selector) % Scheme::ALL.len()];
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (left, right) = text.split_once('\n').unwrap_or((text, text));
    let (Ok(left), Ok(right)) = (scheme.parse(left), scheme.parse(right)) else {
        return;
    };
    assert_eq!(left.cmp(&right), right.cmp(&left).reverse());
    let printed = left.to_string();
    let reparsed = scheme.parse(&printed).expect("a printed version parses");
    assert_eq!(reparsed.cmp(&left), std::cmp::Ordering::Equal, "printed as {printed}");
});
