//! Tile paths as C2SP tlog-tiles spells them, read back strictly; entry bundles; witness
//! policies (Sigsum's real ones); cosignatures made and checked.

use base64::Engine as _;
use steward_tlog::cosignature::{self, Witness};
use steward_tlog::signer::NoteSigner;
use steward_tlog::tile::{self, TileId};
use steward_tlog::witness_policy::WitnessPolicy;
use steward_trust::signing::{SigningAlgorithm, SigningKey};

#[test]
fn tile_paths_follow_the_specification_and_read_back_strictly() {
    // The specification's example: index 1234067 is x001/x234/067.
    assert_eq!(
        TileId::hashes(0, 1_234_067, 256).path(),
        "tile/0/x001/x234/067"
    );
    assert_eq!(TileId::hashes(2, 5, 17).path(), "tile/2/005.p/17");
    assert_eq!(TileId::entries(1000, 1).path(), "tile/entries/x001/000.p/1");
    assert_eq!(TileId::hashes(63, 0, 256).path(), "tile/63/000");
    for id in [
        TileId::hashes(0, 1_234_067, 256),
        TileId::hashes(2, 5, 17),
        TileId::entries(1000, 1),
        TileId::entries(u64::MAX, 255),
    ] {
        assert_eq!(TileId::parse_path(&id.path()), Ok(id));
    }
    for bad in [
        "tile/0/1",
        "tile/00/000",
        "tile/64/000",
        "tile/0/x001",
        "tile/0/001/234",
        "tile/0/000.p/0",
        "tile/0/000.p/256",
        "tile/0/000.p/05",
        "tile/0/x018/446/744/073/709/551/616",
        "tile/-1/000",
        "tile/data/000",
        "tile/entries/000/",
        "tile/0/../000",
        "checkpoint",
        "tile/0/000.p/",
    ] {
        assert!(TileId::parse_path(bad).is_err(), "{bad}");
    }
}

#[test]
fn bundles_hold_their_width_exactly() {
    let bundle = tile::encode_bundle([&b"a"[..], b"", b"ccc"]).expect("encodes");
    assert_eq!(bundle, b"\x00\x01a\x00\x00\x00\x03ccc");
    assert_eq!(
        tile::decode_bundle(&bundle, 3).expect("decodes"),
        [&b"a"[..], b"", b"ccc"]
    );
    assert!(tile::decode_bundle(&bundle, 2).is_err());
    assert!(tile::decode_bundle(&bundle, 4).is_err());
    assert!(tile::decode_bundle(&bundle[..bundle.len() - 1], 3).is_err());
    assert!(tile::encode_bundle([&vec![0; 65_536][..]]).is_err());
}

#[test]
fn sigsums_own_policies_read() {
    let directory = steward_test::corpus_path("trust/signed-note/sigsum-go/pkg/policy/builtin");
    let mut read = 0;
    for entry in std::fs::read_dir(directory).expect("the policies") {
        let path = entry.expect("an entry").path();
        let text = std::fs::read_to_string(&path).expect("UTF-8");
        let policy = WitnessPolicy::parse(&text)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        assert!(!policy.logs.is_empty(), "{}", path.display());
        read += 1;
    }
    assert_eq!(read, 4);
    let generic = std::fs::read_to_string(steward_test::corpus_path(
        "trust/signed-note/sigsum-go/pkg/policy/builtin/sigsum-generic-2025-1.builtin-policy",
    ))
    .expect("the policy");
    let policy = WitnessPolicy::parse(&generic).expect("reads");
    assert_eq!(
        policy.describe(),
        "2 of (witness.glasklar.is, witness.mullvad.net, tillitis.se/tillitis-witness-1)"
    );
    assert!(!policy.is_satisfied(&["witness.mullvad.net".to_owned()]));
    assert!(policy.is_satisfied(&[
        "witness.mullvad.net".to_owned(),
        "witness.glasklar.is".to_owned()
    ]));
}

#[test]
fn policy_errors_name_their_line() {
    for (text, line) in [
        ("witness a 00\nquorum a\n", 1),
        ("quorum a\n", 1),
        (
            "witness a 0000000000000000000000000000000000000000000000000000000000000001\ngroup g 2 a\nquorum g\n",
            2,
        ),
        (
            "witness a 0000000000000000000000000000000000000000000000000000000000000001\nwitness a 0000000000000000000000000000000000000000000000000000000000000001\n",
            2,
        ),
        ("quorum none\nquorum none\n", 2),
        ("frobnicate\n", 1),
    ] {
        let error = WitnessPolicy::parse(text).expect_err(text).to_string();
        assert!(
            error.starts_with(&format!("line {line}:")),
            "{text:?}: {error}"
        );
    }
    assert!(WitnessPolicy::parse("# nothing\n").is_err());
}

fn witness_signer(name: &str) -> NoteSigner {
    NoteSigner::new(
        name,
        SigningKey::generate(SigningAlgorithm::Ed25519).expect("a key"),
    )
    .expect("a signer")
}

fn witness_of(signer: &NoteSigner) -> Witness {
    let vkey = signer.cosigner_key();
    let encoded = vkey.splitn(3, '+').nth(2).expect("base64");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .expect("base64");
    assert_eq!(bytes[0], 0x04, "a cosigner key has type 0x04");
    Witness::new(signer.name(), &bytes[1..]).expect("a witness")
}

#[test]
fn cosignatures_count_for_known_witnesses_over_exactly_the_checkpoint() {
    let log = witness_signer("example.com/log");
    let text = b"example.com/log\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    let note = log.sign(text).expect("signs");
    let w1 = witness_signer("w1.example");
    let w2 = witness_signer("w2.example");
    let stranger = witness_signer("w3.example");
    let lines = [
        w1.cosign(text, 1_700_000_000).expect("cosigns"),
        stranger.cosign(text, 1_700_000_001).expect("cosigns"),
    ];
    let cosigned = cosignature::add_signature_lines(&note, &lines);
    let witnesses = [witness_of(&w1), witness_of(&w2)];
    let found = cosignature::verify(&cosigned, &witnesses).expect("verifies");
    assert_eq!(
        found,
        [cosignature::Cosignature {
            witness: "w1.example".to_owned(),
            timestamp: 1_700_000_000
        }]
    );
    // A cosignature over another checkpoint, moved onto this one, is refused.
    let other = w2
        .cosign(
            b"example.com/log\n6\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
            1,
        )
        .expect("cosigns");
    let moved = cosignature::add_signature_lines(&note, &[other]);
    assert!(cosignature::verify(&moved, &witnesses).is_err());
    // A note signature (type 0x01) by a witness key is not a cosignature.
    let plain = w1.sign(text).expect("signs");
    let line = String::from_utf8(plain[text.len() + 1..].to_vec()).expect("UTF-8");
    let as_cosignature = cosignature::add_signature_lines(&note, &[line]);
    assert_eq!(
        cosignature::verify(&as_cosignature, &witnesses).expect("no error"),
        []
    );
    let policy = WitnessPolicy::parse(&format!(
        "witness w1.example {}\nwitness w2.example {}\ngroup both all w1.example w2.example\nquorum both\n",
        hex(&w1), hex(&w2)
    ))
    .expect("policy");
    assert!(!policy.is_satisfied(&["w1.example".to_owned()]));
}

fn hex(signer: &NoteSigner) -> String {
    let vkey = signer.cosigner_key();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(vkey.splitn(3, '+').nth(2).expect("base64"))
        .expect("base64");
    steward_trust::hex(&bytes[1..])
}
