//! RFC 6962 against an independent implementation: the recursive definitions of the RFC
//! (section 2.1: MTH, PATH, PROOF), written here from the text, give the root, inclusion and
//! consistency proofs for trees of every size up to 130 and of random sizes up to 100,000; the
//! log's math (`tlog_tiles`, behind steward-tlog) must accept exactly those, and an inclusion
//! proof must verify end to end as a signed tlog-proof.

use sha2::{Digest, Sha256};
use steward_tlog::note::{SignerKey, VerifierKey};
use steward_tlog::proof::TlogProof;
use steward_tlog::{Hash, checkpoint, record_hash};

fn leaf(data: &[u8]) -> [u8; 32] {
    Sha256::new()
        .chain_update([0])
        .chain_update(data)
        .finalize()
        .into()
}

fn node(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
    Sha256::new()
        .chain_update([1])
        .chain_update(left)
        .chain_update(right)
        .finalize()
        .into()
}

/// The largest power of two smaller than `n` (n > 1).
fn split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// MTH(D[n]) over leaf hashes.
fn root(leaves: &[[u8; 32]]) -> [u8; 32] {
    match leaves.len() {
        0 => Sha256::digest([]).into(),
        1 => leaves[0],
        n => {
            let k = split(n);
            node(&root(&leaves[..k]), &root(&leaves[k..]))
        }
    }
}

/// PATH(m, D[n]).
fn path(m: usize, leaves: &[[u8; 32]]) -> Vec<[u8; 32]> {
    let n = leaves.len();
    if n <= 1 {
        return Vec::new();
    }
    let k = split(n);
    if m < k {
        let mut proof = path(m, &leaves[..k]);
        proof.push(root(&leaves[k..]));
        proof
    } else {
        let mut proof = path(m - k, &leaves[k..]);
        proof.push(root(&leaves[..k]));
        proof
    }
}

/// PROOF(m, D[n]) = SUBPROOF(m, D[n], true).
fn consistency(m: usize, leaves: &[[u8; 32]], complete: bool) -> Vec<[u8; 32]> {
    let n = leaves.len();
    if m == n {
        return if complete {
            Vec::new()
        } else {
            vec![root(leaves)]
        };
    }
    let k = split(n);
    if m <= k {
        let mut proof = consistency(m, &leaves[..k], complete);
        proof.push(root(&leaves[k..]));
        proof
    } else {
        let mut proof = consistency(m - k, &leaves[k..], false);
        proof.push(root(&leaves[..k]));
        proof
    }
}

fn hashes(list: &[[u8; 32]]) -> Vec<Hash> {
    list.iter().map(|hash| Hash(*hash)).collect()
}

/// A small deterministic sequence (xorshift), so failures repeat.
struct Sequence(u64);

impl Sequence {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % bound as u64).expect("fits")
    }
}

fn check_tree(leaves: &[[u8; 32]], sequence: &mut Sequence, samples: usize) {
    let n = leaves.len();
    let tree_root = Hash(root(leaves));
    let size = n as u64;
    for _ in 0..samples {
        let m = sequence.below(n);
        let proof = hashes(&path(m, leaves));
        tlog_tiles::check_record(&proof, size, tree_root, m as u64, Hash(leaves[m]))
            .unwrap_or_else(|error| panic!("size {n}, leaf {m}: {error}"));
        if let Some(first) = proof.first() {
            let mut changed = proof.clone();
            changed[0] = Hash(node(&first.0, &first.0));
            assert!(
                tlog_tiles::check_record(&changed, size, tree_root, m as u64, Hash(leaves[m]))
                    .is_err()
            );
        }
        let old = 1 + sequence.below(n);
        let proof = hashes(&consistency(old, leaves, true));
        let old_root = Hash(root(&leaves[..old]));
        tlog_tiles::check_tree(&proof, size, tree_root, old as u64, old_root)
            .unwrap_or_else(|error| panic!("size {n}, from {old}: {error}"));
        if old > 1 {
            let wrong_root = Hash(root(&leaves[..old - 1]));
            assert!(
                tlog_tiles::check_tree(&proof, size, tree_root, old as u64, wrong_root).is_err()
            );
        }
    }
}

#[test]
fn every_small_tree_and_random_large_ones_agree_with_the_rfc() {
    let mut sequence = Sequence(0x5eed);
    let leaves: Vec<[u8; 32]> = (0u32..100_000)
        .map(|index| leaf(&index.to_be_bytes()))
        .collect();
    for n in 1..=130 {
        check_tree(&leaves[..n], &mut sequence, 8);
    }
    for _ in 0..12 {
        let n = 131 + sequence.below(100_000 - 131);
        check_tree(&leaves[..n], &mut sequence, 3);
    }
    check_tree(&leaves, &mut sequence, 3);
    assert_eq!(record_hash(&5u32.to_be_bytes()).0, leaves[5]);
}

const PETER_SIGNER: &str =
    "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const PETER: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

#[test]
fn a_signed_proof_for_a_tree_of_1000_verifies_for_each_sampled_entry() {
    let signer = SignerKey::parse(PETER_SIGNER).expect("the signer key");
    let log = VerifierKey::parse(PETER).expect("the verifier key");
    let entries: Vec<Vec<u8>> = (0u32..1000)
        .map(|index| format!("entry {index}\n").into_bytes())
        .collect();
    let leaves: Vec<[u8; 32]> = entries.iter().map(|entry| leaf(entry)).collect();
    let text = checkpoint::text("example.com/log", 1000, &Hash(root(&leaves))).expect("text");
    let note = signer.sign(&text).expect("signs");
    for index in [0, 1, 499, 998, 999] {
        let proof = TlogProof {
            extra: None,
            index: index as u64,
            hashes: hashes(&path(index, &leaves)),
            checkpoint: note.clone(),
        };
        let read = TlogProof::parse(&proof.to_text()).expect("its own text reads");
        let verified = read
            .verify(record_hash(&entries[index]), &log, Some("example.com/log"))
            .expect("included");
        assert_eq!(verified.checkpoint.size, 1000);
        assert!(
            read.verify(record_hash(b"another entry\n"), &log, None)
                .is_err()
        );
    }
}
