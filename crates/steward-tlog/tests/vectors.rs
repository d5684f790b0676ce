//! Signed notes, checkpoints and tlog-proofs from the corpus: golang/mod's `sumdb/note` test
//! vectors (extracted verbatim in `trust/signed-note/go-test-literals.extracted.json`) and a
//! real `sum.golang.org` checkpoint with an inclusion proof (transparency-dev/incubator's
//! `tlog-verify` test data), with the outcomes their upstream tests assert.

use serde::Deserialize;
use steward_test::corpus_path;
use steward_tlog::note::{self, NoteProblem, VerifierKey};
use steward_tlog::proof::{ProofError, TlogProof};
use steward_tlog::signer::NoteSigner;
use steward_tlog::{Hash, record_hash};

#[derive(Deserialize)]
struct Literals {
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    id: String,
    value: String,
}

fn literal(id: &str) -> String {
    let text = std::fs::read_to_string(corpus_path(
        "trust/signed-note/go-test-literals.extracted.json",
    ))
    .expect("the literals read");
    let literals: Literals = serde_json::from_str(&text).expect("JSON");
    literals
        .items
        .into_iter()
        .find(|item| item.id == id)
        .unwrap_or_else(|| panic!("no literal {id}"))
        .value
}

fn key(id: &str) -> VerifierKey {
    VerifierKey::parse(&literal(id)).expect(id)
}

#[test]
fn go_note_vectors_verify_with_their_keys_and_nothing_else() {
    let note = literal("peterneumann-signed-note");
    let peter = key("peterneumann-verifier-key");
    let enoch = key("enochroot-verifier-key");
    let verified =
        note::verify(note.as_bytes(), std::slice::from_ref(&peter)).expect("Peter signed it");
    assert_eq!(verified.text, literal("note-text").as_bytes());
    assert_eq!(verified.signers, ["PeterNeumann"]);
    assert!(matches!(
        note::verify(note.as_bytes(), &[enoch]),
        Err(NoteProblem::Note(reason)) if reason.contains("no key given")
    ));
    // "ABCD" inserted into the text: Peter's signature no longer verifies.
    let mut changed = note.clone().into_bytes();
    changed.splice(60..60, *b"ABCD");
    assert!(matches!(
        note::verify(&changed, &[peter]),
        Err(NoteProblem::Note(reason)) if reason.contains("invalid signature for key PeterNeumann+c74f20a3")
    ));
    // Ed25519 is deterministic: steward signs Go's note text to Go's signed note, byte for byte.
    let signer = NoteSigner::parse(&literal("peterneumann-signer-key")).expect("Go's signer key");
    assert_eq!(signer.verifier_key(), literal("peterneumann-verifier-key"));
    assert_eq!(
        signer.sign(literal("note-text").as_bytes()).expect("signs"),
        note.as_bytes()
    );
    for bad in [
        "peterneumann-verifier-key-bad-length",
        "peterneumann-verifier-key-unknown-alg",
    ] {
        assert!(VerifierKey::parse(&literal(bad)).is_err(), "{bad}");
    }
}

const PROOF: &str = "trust/signed-note/transparency-dev-incubator/cmd/tlog-verify/testdata/go.sum-database-tree-43930254";

fn sumdb() -> (TlogProof, Hash) {
    let proof =
        std::fs::read(corpus_path(&format!("{PROOF}.tlog-proof"))).expect("the proof reads");
    let raw = std::fs::read(corpus_path(&format!("{PROOF}.raw"))).expect("the entry reads");
    (
        TlogProof::parse(&proof).expect("the proof parses"),
        record_hash(&raw),
    )
}

#[test]
fn the_go_checksum_database_proves_tessera_is_in_its_tree() {
    let (proof, leaf) = sumdb();
    assert_eq!(
        steward_tlog_hex(&leaf.0),
        literal("tessera-v1.0.0-leaf-hash-hex")
    );
    let log = key("sum.golang.org-verifier-key");
    let origin = literal("sum.golang.org-origin");
    let verified = proof.verify(leaf, &log, Some(&origin)).expect("included");
    assert_eq!(verified.index, 43_930_254);
    assert_eq!(verified.checkpoint.size, 58_253_265);
    assert_eq!(verified.checkpoint.signers, ["sum.golang.org"]);
    // The proof writes back to what it was read from.
    let text = std::fs::read(corpus_path(&format!("{PROOF}.tlog-proof"))).expect("reads");
    assert_eq!(proof.to_text(), text);
}

#[test]
fn a_changed_leaf_key_origin_or_proof_is_refused_with_its_reason() {
    let (proof, leaf) = sumdb();
    let log = key("sum.golang.org-verifier-key");
    let mut flipped = leaf;
    flipped.0[0] ^= 1;
    assert_eq!(
        proof.verify(flipped, &log, None),
        Err(ProofError::NotIncluded)
    );
    // The wrong key's last character changed: its key hash no longer fits, so it does not read.
    assert!(VerifierKey::parse(&literal("sum.golang.org-verifier-key-wrong")).is_err());
    let other = key("peterneumann-verifier-key");
    assert!(matches!(
        proof.verify(leaf, &other, None),
        Err(ProofError::Checkpoint(_))
    ));
    assert!(matches!(
        proof.verify(leaf, &log, Some("another log")),
        Err(ProofError::Checkpoint(_))
    ));
    let mut truncated = proof.clone();
    truncated.hashes.pop();
    assert_eq!(
        truncated.verify(leaf, &log, None),
        Err(ProofError::NotIncluded)
    );
    let mut elsewhere = proof.clone();
    elsewhere.index += 1;
    assert_eq!(
        elsewhere.verify(leaf, &log, None),
        Err(ProofError::NotIncluded)
    );
    let mut beyond = proof;
    beyond.index = 58_253_265;
    assert!(matches!(
        beyond.verify(leaf, &log, None),
        Err(ProofError::IndexOutOfTree { .. })
    ));
}

#[test]
fn malformed_proofs_name_their_line() {
    for (text, line) in [
        (&b"c2sp.org/tlog-proof@v2\nindex 1\n\nx"[..], 1),
        (b"c2sp.org/tlog-proof@v1\nindex 01\n\nx", 2),
        (b"c2sp.org/tlog-proof@v1\nindex 1\nnot base64!\n\nx", 3),
        (b"c2sp.org/tlog-proof@v1\nextra ?\nindex 1\n\nx", 2),
    ] {
        assert!(
            matches!(TlogProof::parse(text), Err(ProofError::Malformed { line: found, .. }) if found == line),
            "{:?}",
            String::from_utf8_lossy(text)
        );
    }
    let many = format!(
        "c2sp.org/tlog-proof@v1\nindex 1\n{}\nx",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n".repeat(64)
    );
    assert!(
        TlogProof::parse(many.as_bytes()).is_err(),
        "64 proof hashes"
    );
}

fn steward_tlog_hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, byte| {
        _ = write!(out, "{byte:02x}");
        out
    })
}
