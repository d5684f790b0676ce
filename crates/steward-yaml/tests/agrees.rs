//! Whatever the subset reader reads, serde-saphyr reads the same: generated documents mixing
//! what lockfiles write with what the subset must decline (numbers, anchors, tags, nulls,
//! duplicate keys, bad indentation), read untyped and as lockfile-like structs.

use std::collections::BTreeMap;
use std::fmt::Write;

use proptest::prelude::*;
use serde::Deserialize;

/// Scalars as lockfiles write them, after `key: `, in flow collections and as sequence items.
const COMMON: &[&str] = &[
    "a",
    "b c",
    "1.2.3",
    "^1.0.0",
    "6.x",
    "true",
    "false",
    "'q'",
    "'it''s'",
    "\"d\"",
    "\"a\\\"b\"",
    "a #c",
    "a#b",
    "https://x.org:1/a",
    "-a",
    "{a: b}",
    "[a, b]",
    "{}",
    "[]",
    "{\"a\":b}",
    "a,b",
    "{a: b} #c",
    "'1.0'",
    "sha512-x/y+z==",
    "10c0/abc",
    "é",
];

/// Scalars the subset must decline, or type exactly as a full parser does.
const TRICKY: &[&str] = &[
    "1",
    "1.0",
    "-1",
    "0x1F",
    ".inf",
    "nan",
    "1e5",
    "True",
    "yes",
    "off",
    "y",
    "~",
    "null",
    "NULL",
    "''",
    "\"\\u0041\"",
    "\"\"",
    "a: b",
    "a:",
    "- a",
    "&x a",
    "*x",
    "!t a",
    "!!str 1",
    "|",
    ">",
    "@s",
    "`b",
    "%d",
    "? a",
    "{a: 1.0}",
    "[a, [b]]",
    "{a: {b: c}}",
    "{a: b,}",
    "[a,]",
    "{a}",
    "'a' b",
    "\"a\"b",
    "a\tb",
    "[a, b] x",
    "{a: ~}",
    "[y, n]",
];

fn scalar() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        6 => proptest::sample::select(COMMON),
        1 => proptest::sample::select(TRICKY),
    ]
}

/// Keys, plain and quoted, some of them reserved or special.
const KEYS: &[&str] = &[
    "a",
    "b",
    "c",
    "dependencies",
    "version",
    "optional",
    "a",
    "b",
    "version",
    "dependencies",
    "\"a\"",
    "'b'",
    "1",
    "true",
    "~",
    "<<",
    "a b",
    "x:y",
    "\"q:\"",
    "'@s/p@1.0.0'",
    "/p@1.0.0",
    "-k",
    "? k",
    "&k a",
];

#[derive(Debug, Clone)]
enum Tree {
    Scalar(&'static str),
    Map(Vec<(&'static str, Self)>),
    Seq(Vec<&'static str>),
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        4 => scalar().prop_map(Tree::Scalar),
        1 => proptest::collection::vec(scalar(), 0..4).prop_map(Tree::Seq),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        proptest::collection::vec((proptest::sample::select(KEYS), inner), 1..5).prop_map(Tree::Map)
    })
}

/// Writes `tree` as block YAML, `step` spaces per level; `quirk` picks a line to mis-indent.
fn render(tree: &Tree, indent: usize, step: usize, quirk: &mut usize, out: &mut String) {
    let pad = |quirk: &mut usize| {
        *quirk = quirk.wrapping_sub(1);
        " ".repeat(if *quirk == 0 { indent + 1 } else { indent })
    };
    match tree {
        Tree::Scalar(text) => _ = writeln!(out, "{}{text}", pad(quirk)),
        Tree::Seq(items) => {
            for item in items {
                _ = writeln!(out, "{}- {item}", pad(quirk));
            }
        }
        Tree::Map(entries) => {
            for (key, value) in entries {
                match value {
                    Tree::Scalar(text) => _ = writeln!(out, "{}{key}: {text}", pad(quirk)),
                    nested => {
                        _ = writeln!(out, "{}{key}:", pad(quirk));
                        render(nested, indent + step, step, quirk, out);
                    }
                }
            }
        }
    }
}

/// A pnpm-like shape: flattened maps, an untagged enum, options and a boolean.
#[derive(Debug, PartialEq, Deserialize)]
struct Lockfile {
    version: Option<String>,
    #[serde(default)]
    dependencies: BTreeMap<String, Dependency>,
    #[serde(flatten)]
    rest: Entry,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(untagged)]
enum Dependency {
    Version(String),
    Specified { version: String },
}

#[derive(Debug, PartialEq, Default, Deserialize)]
struct Entry {
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    b: BTreeMap<String, Option<String>>,
}

fn agrees<'de, T: Deserialize<'de> + PartialEq + std::fmt::Debug>(text: &'de str) {
    if let Some(fast) = steward_yaml::subset::<T>(text) {
        match steward_yaml::serde_saphyr::<T>(text) {
            Ok(full) => assert_eq!(fast, full, "the readers differ on\n{text}"),
            Err(error) => panic!("serde-saphyr refuses what the subset read ({error}):\n{text}"),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn the_subset_reads_what_serde_saphyr_reads(
        tree in tree(),
        step in 1usize..4,
        quirk in 0usize..40,
        comment in any::<bool>(),
    ) {
        let mut text = String::new();
        if comment {
            text.push_str("# generated\n\n");
        }
        let mut quirk = quirk;
        render(&tree, 0, step, &mut quirk, &mut text);
        agrees::<serde_json::Value>(&text);
        agrees::<BTreeMap<String, serde_json::Value>>(&text);
        agrees::<Lockfile>(&text);
        agrees::<BTreeMap<String, Lockfile>>(&text);
    }
}

#[test]
fn lockfile_shapes_are_read_by_the_subset() {
    let text = "\
# comment
lockfileVersion: '9.0'

importers:
  .:
    dependencies:
      '@scope/a':
        specifier: ^1.0.0
        version: 1.2.3(peer@2.0.0)
packages:
  /a@1.2.3:
    resolution: {integrity: sha512-x/y+z==, tarball: https://r.org/a.tgz}
    engines: {node: '>=12'}
    cpu: [x64, arm64]
    dev: false
    transitivePeerDependencies:
      - supports-color
  \"b@npm:^1.0.0, b@npm:^1.1.0\":
    checksum: 10c0/abc # trailing comment
    conditions: os=darwin
    dependenciesMeta: {}
    empty:
";
    let value: serde_json::Value = steward_yaml::subset(text).expect("the subset reads it");
    let full: serde_json::Value = steward_yaml::serde_saphyr(text).expect("serde-saphyr reads it");
    assert_eq!(value, full);
    assert_eq!(
        value["packages"]["/a@1.2.3"]["resolution"]["tarball"],
        "https://r.org/a.tgz"
    );
}

#[test]
fn what_is_outside_the_subset_is_declined_and_read_by_serde_saphyr() {
    for text in [
        "a: &x b\nc: *x\n",
        "a: !!str 1\n",
        "a: |\n  text\n",
        "a: multi\n  line\n",
        "---\na: b\n",
        "a: b\na: c\n",
        "a:\n- b\n",
        "a:\n\tb: c\n",
        "a: \"\\u0041\"\n",
        "a: 1.0\n",
        "<<: {a: b}\n",
        &format!("{}: b\n", "k".repeat(1025)),
        &format!("a: {{{}: b}}\n", "k".repeat(1025)),
    ] {
        assert!(
            steward_yaml::subset::<serde_json::Value>(text).is_none(),
            "the subset should decline\n{text}"
        );
    }
    let value: serde_json::Value = steward_yaml::from_str("a: 1.0\nb: |\n  text\n").expect("reads");
    assert_eq!(value["a"], 1.0);
    assert_eq!(value["b"], "text\n");
    let error = steward_yaml::from_str::<serde_json::Value>("a: [\nb: c\n").expect_err("refused");
    assert!(error.position.is_some(), "{error}");
}
