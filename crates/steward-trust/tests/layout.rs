//! in-toto v0.9 layouts and links: in-toto-golang's demo supply chain from the corpus (a layout
//! signed by alice, RSA-PSS functionaries for `write-code` and `package`, an `untar`
//! inspection), in-toto-rs's demo layout (expired in 1970), and eight supply chains the
//! reference implementation (in-toto 3.1, Python) signed and judged, recorded by
//! `scripts/reference/record-in-toto.py` into `tests/reference/in-toto/`.

use steward_test::corpus_path;
use steward_trust::layout::{Layout, Link};
use steward_trust::{PublicKey, Scheme, VerifyingKey};

const GOLANG: &str = "trust/in-toto/in-toto-golang/test/data";
/// 2026-12-06, before the golang demo layout expires (2030-11-18).
const NOW: i64 = 1_796_515_200;

fn read(relative: &str) -> Vec<u8> {
    std::fs::read(corpus_path(relative)).unwrap_or_else(|error| panic!("{relative}: {error}"))
}

fn key(name: &str) -> VerifyingKey {
    let key = PublicKey::parse(&read(&format!("{GOLANG}/{name}.pub"))).expect("a key");
    let scheme =
        matches!(key.algorithm(), steward_trust::Algorithm::Rsa(_)).then_some(Scheme::RsaPssSha256);
    VerifyingKey::new(key, scheme).expect("a key with its scheme")
}

fn links(names: &[&str]) -> Vec<Link> {
    names
        .iter()
        .map(|name| Link::parse(name, &read(&format!("{GOLANG}/{name}"))).expect(name))
        .collect()
}

fn demo() -> Layout {
    Layout::parse(&read(&format!("{GOLANG}/demo.layout"))).expect("the layout reads")
}

#[test]
fn the_demo_supply_chain_verifies_without_its_inspection_only_when_asked() {
    let links = links(&["write-code.b7d643de.link", "package.d3ffd108.link"]);
    let verdict = demo().verify(&[key("alice")], &links, NOW, true);
    assert!(verdict.verified, "{verdict:#?}");
    assert_eq!(verdict.inspections_not_run, ["untar"]);
    assert_eq!(verdict.steps.len(), 2);
    let refused = demo().verify(&[key("alice")], &links, NOW, false);
    assert!(!refused.verified);
    assert!(
        refused
            .reasons
            .iter()
            .any(|reason| reason.contains("never runs commands")),
        "{refused:#?}"
    );
}

#[test]
fn a_wrong_owner_key_an_expired_layout_and_a_missing_or_changed_link_are_refused() {
    let good = links(&["write-code.b7d643de.link", "package.d3ffd108.link"]);
    let carol = demo().verify(&[key("carol")], &good, NOW, true);
    assert!(!carol.verified);
    assert!(
        carol.reasons[0].contains("not signed by the key"),
        "{carol:#?}"
    );

    let later = demo().verify(&[key("alice")], &good, 1_924_992_000, true);
    assert!(
        later
            .reasons
            .iter()
            .any(|reason| reason.contains("expired")),
        "{later:#?}"
    );

    let missing = demo().verify(
        &[key("alice")],
        &links(&["write-code.b7d643de.link"]),
        NOW,
        true,
    );
    assert!(
        missing
            .reasons
            .iter()
            .any(|reason| reason.contains("step package: 0 of the 1")),
        "{missing:#?}"
    );

    let text =
        String::from_utf8(read(&format!("{GOLANG}/write-code.b7d643de.link"))).expect("UTF-8");
    let changed = text.replacen("74dc3727", "00dc3727", 1);
    assert_ne!(changed, text);
    let changed_link = Link::parse("changed.link", changed.as_bytes()).expect("still a link");
    let package = links(&["package.d3ffd108.link"]).remove(0);
    let tampered = demo().verify(&[key("alice")], &[changed_link, package], NOW, true);
    assert!(
        tampered
            .reasons
            .iter()
            .any(|reason| reason.contains("step write-code: 0 of the 1")),
        "{tampered:#?}"
    );
}

#[test]
fn the_rust_demo_layout_expired_in_1970() {
    let layout = Layout::parse(&read(
        "trust/in-toto/in-toto-rs/tests/test_metadata/demo.layout",
    ))
    .expect("the layout reads");
    let verdict = layout.verify(&[], &[], NOW, true);
    assert!(
        verdict
            .reasons
            .iter()
            .any(|reason| reason.contains("expired at 1970")),
        "{verdict:#?}"
    );
    assert!(
        verdict
            .reasons
            .iter()
            .any(|reason| reason.contains("no layout key")),
        "{verdict:#?}"
    );
}

/// What steward's reason says for each error class of in-toto (Python) 3.1.
const REASONS: [(&str, &str); 5] = [
    ("LinkNotFoundError", "functionaries' links required"),
    ("ThresholdVerificationError", "step build:"),
    ("RuleVerificationError", "disallows"),
    ("LayoutExpiredError", "expired"),
    ("SignatureVerificationError", "not signed by the key"),
];

#[test]
fn every_supply_chain_in_toto_signed_gets_in_totos_verdict() {
    #[derive(serde::Deserialize)]
    struct Expected {
        verified: bool,
        error: Option<String>,
    }
    let reference = format!("{}/tests/reference/in-toto", env!("CARGO_MANIFEST_DIR"));
    let mut cases = 0;
    for entry in std::fs::read_dir(&reference).expect("the cases") {
        let folder = entry.expect("an entry").path();
        let name = folder.display().to_string();
        let file = |file: &str| std::fs::read(folder.join(file)).expect(file);
        let expected: Expected = serde_json::from_slice(&file("expected.json")).expect("expected");
        let owner = PublicKey::parse(&file("owner.pub")).expect("the owner's key");
        let owner = VerifyingKey::new(owner, None).expect("an Ed25519 key");
        let layout = Layout::parse(&file("root.layout")).expect("the layout");
        let links: Vec<Link> = layout
            .link_file_names()
            .iter()
            .filter(|link| folder.join(link).is_file())
            .map(|link| Link::parse(link, &file(link)).expect(link))
            .collect();
        let verdict = layout.verify(&[owner], &links, NOW, false);
        assert_eq!(verdict.verified, expected.verified, "{name}: {verdict:#?}");
        if let Some(error) = &expected.error {
            let (_, words) = REASONS
                .iter()
                .find(|(class, _)| class == error)
                .unwrap_or_else(|| panic!("{name}: in-toto's {error} is not mapped"));
            assert!(
                verdict.reasons.iter().any(|reason| reason.contains(words)),
                "{name}: in-toto says {error}; steward: {:?}",
                verdict.reasons
            );
        }
        cases += 1;
    }
    assert_eq!(cases, 8);
}
