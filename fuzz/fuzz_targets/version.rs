//! Version parsing: the first byte picks the scheme, the rest is up to three versions
//! separated by newlines. Parsing never panics; what parses prints to a string that parses
//! back to an equal version; comparing is a total order (antisymmetric and transitive).
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
    let versions: Vec<_> = text
        .splitn(3, '\n')
        .filter_map(|part| scheme.parse(part).ok())
        .collect();
    for a in &versions {
        let printed = a.to_string();
        let reparsed = scheme.parse(&printed).expect("a printed version parses");
        assert_eq!(reparsed.cmp(a), std::cmp::Ordering::Equal, "printed as {printed}");
        for b in &versions {
            assert_eq!(a.cmp(b), b.cmp(a).reverse(), "{a} and {b}");
            for c in &versions {
                if a <= b && b <= c {
                    assert!(a <= c, "{a} <= {b} <= {c} but not {a} <= {c}");
                }
            }
        }
    }
});
