//! A log in a directory: appends, proofs that verify with nothing but the proof and the key,
//! consistency between every pair of sizes kept, audits, deduplication, tampering.

use std::path::Path;

use steward_tlog::consistency;
use steward_tlog::note::VerifierKey;
use steward_tlog::signer::NoteSigner;
use steward_tlog_store::append::Appender;
use steward_tlog_store::audit::audit;
use steward_tlog_store::config::Config;
use steward_tlog_store::store::LogDir;
use steward_trust::signing::{SigningAlgorithm, SigningKey};

const ORIGIN: &str = "example.com/steward-test";

fn new_signer() -> NoteSigner {
    NoteSigner::new(
        ORIGIN,
        SigningKey::generate(SigningAlgorithm::Ed25519).expect("a key"),
    )
    .expect("a signer")
}

fn new_log(root: &Path, deduplicate: bool) -> (LogDir, NoteSigner) {
    let signer = new_signer();
    let config = Config {
        origin: ORIGIN.to_owned(),
        verifier_key: signer.verifier_key(),
        key: root.join("unused.key"),
        deduplicate,
    };
    let log = LogDir::init(root, &config, &signer).expect("init");
    (log, signer)
}

fn entry(index: u64) -> Vec<u8> {
    format!("entry {index}\n").into_bytes()
}

#[test]
fn appends_prove_and_audit() {
    let directory = tempfile::tempdir().expect("a directory");
    let (log, signer) = new_log(directory.path(), false);
    let mut appender = Appender::new(log, signer).expect("appender");
    let mut next = 0;
    let mut kept = Vec::new();
    for batch in [1_u64, 1, 254, 1, 300, 65_536 - 557, 1, 700] {
        let entries: Vec<Vec<u8>> = (next..next + batch).map(entry).collect();
        let answers = appender.append(&entries).expect("append");
        for (offset, answer) in answers.iter().enumerate() {
            assert_eq!(answer.index, next + offset as u64);
            assert!(!answer.duplicate);
        }
        next += batch;
        kept.push(appender.log().checkpoint().expect("checkpoint"));
    }
    let log = appender.log();
    let key = VerifierKey::parse(&log.config().verifier_key).expect("key");
    let (note, current) = log.checkpoint().expect("checkpoint");
    assert_eq!(current.size, next);
    for index in [0, 1, 255, 256, 257, 65_535, 65_536, next - 1] {
        let proof = log.prove_inclusion(index, &note).expect("prove");
        let text = proof.to_text();
        let parsed = steward_tlog::proof::TlogProof::parse(&text).expect("parse");
        parsed
            .verify(steward_tlog::record_hash(&entry(index)), &key, Some(ORIGIN))
            .expect("verifies");
        assert!(
            parsed
                .verify(steward_tlog::record_hash(&entry(index + 1)), &key, None)
                .is_err()
        );
        assert_eq!(log.entry(index).expect("entry"), entry(index));
    }
    for (old_note, old) in &kept {
        for (new_note, new) in &kept {
            if old.size > new.size {
                continue;
            }
            let proof = log.prove_consistency(old.size, new_note).expect("prove");
            consistency::check(old.size, old.root, new.size, new.root, &proof.hashes)
                .expect("consistent");
            assert_eq!(proof.checkpoint, *new_note);
            let _ = old_note;
        }
    }
    let report = audit(log).expect("audit");
    assert_eq!(report.problems, Vec::<String>::new());
    assert_eq!(report.size, next);
    assert_eq!(report.checkpoints_checked, kept.len() + 1);
    // Partial tiles of tiles now full are gone; the full tiles answer for them.
    assert!(!directory.path().join("tile/0/000.p").exists());
    assert!(directory.path().join("tile/0/000").is_file());
}

#[test]
fn deduplicates_by_content() {
    let directory = tempfile::tempdir().expect("a directory");
    let (log, signer) = new_log(directory.path(), true);
    let mut appender = Appender::new(log, signer).expect("appender");
    let first = appender
        .append(&[b"a".to_vec(), b"b".to_vec(), b"a".to_vec()])
        .expect("append");
    assert_eq!(
        first
            .iter()
            .map(|answer| (answer.index, answer.duplicate))
            .collect::<Vec<_>>(),
        [(0, false), (1, false), (0, true)]
    );
    let second = appender
        .append(&[b"b".to_vec(), b"c".to_vec()])
        .expect("append");
    assert_eq!(
        second
            .iter()
            .map(|answer| (answer.index, answer.duplicate))
            .collect::<Vec<_>>(),
        [(1, true), (2, false)]
    );
    // A second appender (another process) reads the digests the first wrote.
    let log = LogDir::open(directory.path()).expect("open");
    let (_, checkpoint) = log.checkpoint().expect("checkpoint");
    assert_eq!(checkpoint.size, 3);
}

#[test]
fn audit_names_a_tampered_entry_and_tile() {
    let directory = tempfile::tempdir().expect("a directory");
    let (log, signer) = new_log(directory.path(), false);
    let mut appender = Appender::new(log, signer).expect("appender");
    let entries: Vec<Vec<u8>> = (0..600).map(entry).collect();
    appender.append(&entries).expect("append");
    let root = directory.path();

    let tile = root.join("tile/0/001");
    let mut bytes = std::fs::read(&tile).expect("tile");
    bytes[5] ^= 1;
    std::fs::write(&tile, &bytes).expect("write");
    let report = audit(appender.log()).expect("audit");
    assert_eq!(
        report.problems,
        ["tile/0/001: differs from what the entries hash to"]
    );
    let (note, _) = appender.log().checkpoint().expect("checkpoint");
    let refused = appender.log().prove_inclusion(300, &note);
    assert!(refused.is_err(), "a proof from a tampered tile");
    bytes[5] ^= 1;
    std::fs::write(&tile, &bytes).expect("write");

    // A tampered tile at the edge: nothing is appended on top of it.
    let edge = root.join("tile/0/002.p/88");
    let mut edge_bytes = std::fs::read(&edge).expect("the partial tile");
    edge_bytes[0] ^= 1;
    std::fs::write(&edge, &edge_bytes).expect("write");
    let refused = appender.append(&[b"more".to_vec()]).expect_err("refused");
    assert!(
        refused
            .to_string()
            .contains("do not hash to its checkpoint's root"),
        "{refused}"
    );
    edge_bytes[0] ^= 1;
    std::fs::write(&edge, &edge_bytes).expect("write");

    let bundle = root.join("tile/entries/000");
    let mut bytes = std::fs::read(&bundle).expect("bundle");
    bytes[3] ^= 1;
    std::fs::write(&bundle, &bytes).expect("write");
    let report = audit(appender.log()).expect("audit");
    assert!(
        report
            .problems
            .contains(&"tile/0/000: differs from what the entries hash to".to_owned()),
        "{report:?}"
    );
    assert!(
        report
            .problems
            .iter()
            .any(|problem| problem.starts_with("checkpoint: its root")),
        "{report:?}"
    );
}

#[test]
fn a_forged_checkpoint_is_refused() {
    let directory = tempfile::tempdir().expect("a directory");
    let (log, signer) = new_log(directory.path(), false);
    let mut appender = Appender::new(log, signer).expect("appender");
    appender.append(&[b"x".to_vec()]).expect("append");
    let other = new_signer();
    let forged = other
        .sign(
            &steward_tlog::checkpoint::text(ORIGIN, 1, &steward_tlog::record_hash(b"y"))
                .expect("text"),
        )
        .expect("sign");
    std::fs::write(directory.path().join("checkpoint"), forged).expect("write");
    let error = appender.log().checkpoint().expect_err("refused");
    assert!(error.to_string().contains("checkpoint"), "{error}");
    assert!(appender.append(&[b"z".to_vec()]).is_err());
    let wrong = Appender::new(LogDir::open(directory.path()).expect("open"), other);
    assert!(wrong.is_err());
}
