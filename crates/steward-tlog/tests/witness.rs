//! A witness's judgement (C2SP tlog-witness) and proofs made from tiles: each hostile request
//! is refused with the status the protocol gives it, and tiles that lie yield no proof.

use std::collections::HashMap;

use steward_tlog::checkpoint;
use steward_tlog::consistency::ConsistencyProof;
use steward_tlog::edge::Edge;
use steward_tlog::note::VerifierKey;
use steward_tlog::prover::{self, TileSource};
use steward_tlog::signer::NoteSigner;
use steward_tlog::tile::TileId;
use steward_tlog::witness::{self, Refusal};
use steward_tlog::{Hash, record_hash};
use steward_trust::signing::{SigningAlgorithm, SigningKey};

const ORIGIN: &str = "example.com/witnessed";

/// A log in memory: every tile it ever wrote, and its signed checkpoints by size.
struct MemoryLog {
    tiles: HashMap<TileId, Vec<u8>>,
    edge: Edge,
    signer: NoteSigner,
}

impl TileSource for MemoryLog {
    fn read_tile(&self, id: TileId) -> Result<Vec<u8>, String> {
        if let Some(bytes) = self.tiles.get(&id) {
            return Ok(bytes.clone());
        }
        let full = self
            .tiles
            .get(&id.full())
            .ok_or_else(|| format!("{}: missing", id.path()))?;
        steward_tlog::tile::cut_to_width(id, full).map_err(|error| error.to_string())
    }
}

impl MemoryLog {
    fn new(signer: NoteSigner) -> Self {
        Self {
            tiles: HashMap::new(),
            edge: Edge::default(),
            signer,
        }
    }

    fn grow(&mut self, to: u64, tag: &str) -> Vec<u8> {
        while self.edge.size() < to {
            let entry = format!("{tag} {}", self.edge.size());
            self.edge.append(entry.as_bytes()).expect("appends");
        }
        self.tiles.extend(self.edge.take_changes());
        self.note()
    }

    fn note(&self) -> Vec<u8> {
        let text = checkpoint::text(ORIGIN, self.edge.size(), &self.edge.root()).expect("text");
        self.signer.sign(&text).expect("signs")
    }

    fn request(&self, old: u64, note: &[u8]) -> Vec<u8> {
        let size = self.edge.size();
        let (hashes, _) = prover::consistency(self, size, self.edge.root(), old).expect("proves");
        ConsistencyProof {
            old_size: old,
            hashes,
            checkpoint: note.to_vec(),
        }
        .to_text()
    }
}

fn signer() -> NoteSigner {
    twin_signers().0
}

/// Two signers with one key: the log, and the log forking itself.
fn twin_signers() -> (NoteSigner, NoteSigner) {
    let pem = SigningKey::generate(SigningAlgorithm::Ed25519)
        .expect("a key")
        .to_pkcs8_pem();
    let signer = || {
        NoteSigner::new(ORIGIN, SigningKey::from_pem(&pem, None).expect("reads")).expect("a signer")
    };
    (signer(), signer())
}

fn status(result: Result<witness::Submission, Refusal>, latest: Option<(u64, Hash)>) -> u16 {
    match result.and_then(|submission| submission.check_against(latest)) {
        Ok(()) => 200,
        Err(refusal) => refusal.status(),
    }
}

#[test]
fn the_witness_refuses_each_hostile_request_with_its_status() {
    let (own, twin) = twin_signers();
    let mut log = MemoryLog::new(own);
    let logs = [VerifierKey::parse(&log.signer.verifier_key()).expect("key")];
    let first = log.grow(300, "entry");
    let first_root = log.edge.root();
    // The first checkpoint, from size 0, with no proof.
    let request = log.request(0, &first);
    assert_eq!(status(witness::read_submission(&logs, &request), None), 200);
    let second = log.grow(1000, "entry");
    let request = log.request(300, &second);
    assert_eq!(
        status(
            witness::read_submission(&logs, &request),
            Some((300, first_root))
        ),
        200
    );
    // The old size is not the one it cosigned: 409.
    assert_eq!(
        status(
            witness::read_submission(&logs, &request),
            Some((299, first_root))
        ),
        409
    );
    // A replayed checkpoint older than the latest: old size 300 > 1000 is impossible, so it
    // comes as old 1000, new 300: 400.
    let replay = ConsistencyProof {
        old_size: 1000,
        hashes: Vec::new(),
        checkpoint: first.clone(),
    }
    .to_text();
    assert_eq!(
        status(
            witness::read_submission(&logs, &replay),
            Some((1000, log.edge.root()))
        ),
        400
    );
    // Another key signed it: 403; an unknown origin: 404.
    let mut forger = MemoryLog::new(signer());
    let forged = forger.grow(1000, "entry");
    assert_eq!(
        status(
            witness::read_submission(&logs, &forger.request(300, &forged)),
            Some((300, first_root))
        ),
        403
    );
    let stranger = NoteSigner::new(
        "example.com/other",
        SigningKey::generate(SigningAlgorithm::Ed25519).expect("a key"),
    )
    .expect("a signer");
    let other = stranger
        .sign(&checkpoint::text("example.com/other", 1, &record_hash(b"x")).expect("text"))
        .expect("signs");
    let request = ConsistencyProof {
        old_size: 0,
        hashes: Vec::new(),
        checkpoint: other,
    }
    .to_text();
    assert_eq!(status(witness::read_submission(&logs, &request), None), 404);
    // A rewritten tree signed by the log's own key: its proof does not hold: 422.
    let mut rewritten = MemoryLog::new(twin);
    let _ = rewritten.grow(300, "other");
    let note = rewritten.grow(1000, "other");
    assert_eq!(
        status(
            witness::read_submission(&logs, &rewritten.request(300, &note)),
            Some((300, first_root))
        ),
        422
    );
    // The same size with another root: 422; a proof from 0 that is not empty: 422.
    let same_size = rewritten.request(1000, &note);
    assert_eq!(
        status(
            witness::read_submission(&logs, &same_size),
            Some((1000, log.edge.root()))
        ),
        422
    );
    let mut padded = ConsistencyProof::parse(&log.request(300, &second)).expect("parses");
    padded.old_size = 0;
    assert_eq!(
        status(witness::read_submission(&logs, &padded.to_text()), None),
        422
    );
    // Malformed: 400.
    assert_eq!(
        status(witness::read_submission(&logs, b"old x\n\n"), None),
        400
    );
}

#[test]
fn a_tile_that_lies_yields_no_proof() {
    let mut log = MemoryLog::new(signer());
    let _ = log.grow(600, "entry");
    let (size, root) = (log.edge.size(), log.edge.root());
    let leaf = record_hash(b"entry 300");
    assert!(prover::inclusion(&log, size, root, 300, leaf).is_ok());
    let tile = TileId::hashes(0, 1, 256);
    log.tiles.get_mut(&tile).expect("the tile")[5] ^= 1;
    assert!(prover::inclusion(&log, size, root, 300, leaf).is_err());
    assert!(prover::consistency(&log, size, root, 400).is_err());
    assert!(prover::inclusion(&log, size, root, 600, leaf).is_err());
}
