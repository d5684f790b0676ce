//! Property tests: printing a purl and parsing it back gives the same purl, for generated
//! components of every registered type; and parsing arbitrary text never panics and, when it
//! succeeds, is stable under a print/parse round trip.

use proptest::prelude::*;
use steward_purl::{Purl, registered_types};

fn package_type() -> impl Strategy<Value = String> {
    let registered: Vec<String> = registered_types().map(str::to_owned).collect();
    prop_oneof![
        4 => proptest::sample::select(registered),
        1 => "[a-z][a-z0-9.-]{0,8}",
    ]
}

/// Text with the characters that matter to purls: separators, `%`, spaces, non-ASCII.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9@:/?#&=%+. _~é-]{1,12}"
}

fn segment() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9@:?#&=%+. _~é-]{1,8}".prop_filter("not a dot segment", |s| s != "." && s != "..")
}

prop_compose! {
    fn components()(
        package_type in package_type(),
        namespace in proptest::option::of(proptest::collection::vec(segment(), 1..3)),
        name in segment(),
        version in proptest::option::of(text()),
        qualifiers in proptest::collection::btree_map("[a-z][a-z0-9._-]{0,6}", text(), 0..3),
        subpath in proptest::option::of(proptest::collection::vec(segment(), 1..3)),
    ) -> (String, Option<String>, String, Option<String>, Vec<(String, String)>, Option<String>) {
        (
            package_type,
            namespace.map(|segments| segments.join("/")),
            name,
            version,
            qualifiers.into_iter().collect(),
            subpath.map(|segments| segments.join("/")),
        )
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn printing_then_parsing_gives_the_same_purl(
        (package_type, namespace, name, version, qualifiers, subpath) in components()
    ) {
        let mut builder = Purl::builder(&package_type, &name);
        if let Some(namespace) = &namespace {
            builder = builder.namespace(namespace);
        }
        if let Some(version) = &version {
            builder = builder.version(version);
        }
        for (key, value) in &qualifiers {
            builder = builder.qualifier(key, value);
        }
        if let Some(subpath) = &subpath {
            builder = builder.subpath(subpath);
        }
        // Components a type forbids (a namespace for `cargo`, say) are rightly refused.
        if let Ok(purl) = builder.build() {
            let printed = purl.to_string();
            let parsed = Purl::parse(&printed);
            prop_assert_eq!(parsed.as_ref(), Ok(&purl), "printed as {}", printed);
            prop_assert_eq!(parsed.map(|p| p.to_string()), Ok(printed));
        }
    }

    #[test]
    fn parsing_arbitrary_text_is_total_and_stable(input in "pkg:[a-zA-Z0-9@:/?#&=%+. _~é-]{0,40}") {
        for purl in [Purl::parse(&input), Purl::parse_lenient(&input)].into_iter().flatten() {
            let printed = purl.to_string();
            prop_assert_eq!(Purl::parse(&printed), Ok(purl), "printed as {}", printed);
        }
    }
}
