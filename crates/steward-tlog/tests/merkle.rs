//! RFC 6962 against an independent implementation: the recursive definitions of the RFC
//! (section 2.1: MTH, PATH, PROOF), written here from the text, give the root, inclusion and
//! consistency proofs for trees of every size up to 130 and of random sizes up to 100,000; the
//! log's math (`tlog_tiles`, behind steward-tlog) must accept exactly those, and an inclusion
//! proof must verify end to end as a signed tlog-proof.

use sha2::{Digest, Sha256};
use steward_tlog::edge::Edge;
use steward_tlog::note::VerifierKey;
use steward_tlog::proof::TlogProof;
use steward_tlog::signer::NoteSigner;
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
    let signer = NoteSigner::parse(PETER_SIGNER).expect("the signer key");
    assert_eq!(signer.verifier_key(), PETER);
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

/// The edge a log grows by gives the RFC's root at every size, and its tiles hold the RFC's
/// subtree hashes: level 0 the leaves, level 1 the roots of 256 leaves.
#[test]
fn the_edge_of_a_growing_log_agrees_with_the_rfc() {
    let entries: Vec<Vec<u8>> = (0u32..70_000)
        .map(|index| index.to_be_bytes().to_vec())
        .collect();
    let leaves: Vec<[u8; 32]> = entries.iter().map(|entry| leaf(entry)).collect();
    let mut edge = Edge::default();
    let mut tiles = std::collections::HashMap::new();
    let checked_sizes = [
        1, 2, 3, 255, 256, 257, 511, 512, 513, 65_535, 65_536, 65_537, 70_000,
    ];
    for (index, entry) in entries.iter().enumerate() {
        edge.append(entry).expect("appends");
        let size = index + 1;
        if checked_sizes.contains(&size) || size % 4099 == 0 {
            assert_eq!(edge.root().0, root(&leaves[..size]), "root of {size}");
            for (id, bytes) in edge.take_changes() {
                tiles.insert(id, bytes);
            }
            // Rebuilt from its partial tiles alone, the edge has the same root.
            let partials: Vec<Vec<u8>> = edge
                .partials()
                .into_iter()
                .map(|(_, bytes)| bytes)
                .collect();
            let rebuilt = Edge::from_tiles(size as u64, &partials).expect("rebuilds");
            assert_eq!(rebuilt.root(), edge.root(), "rebuilt at {size}");
        }
    }
    for (id, bytes) in &tiles {
        let width = usize::try_from(id.width).expect("width");
        let start = usize::try_from(id.index).expect("index") * 256;
        match id.level {
            Some(0) => assert_eq!(
                *bytes,
                leaves[start..start + width].concat(),
                "{}",
                id.path()
            ),
            Some(1) => {
                let expected: Vec<u8> = (0..width)
                    .flat_map(|position| {
                        root(&leaves[(start + position) * 256..(start + position + 1) * 256])
                    })
                    .collect();
                assert_eq!(*bytes, expected, "{}", id.path());
            }
            Some(_) => {}
            None => {
                let expected: Vec<u8> = entries[start..start + width]
                    .iter()
                    .flat_map(|entry| [&[0, 4][..], entry].concat())
                    .collect();
                assert_eq!(*bytes, expected, "{}", id.path());
            }
        }
    }
    // C2SP tlog-tiles: a tree of 70,000 has 273 full level-0 tiles, a partial one of 112,
    // one full level-1 tile, a partial one of 17 and a partial level-2 tile of 1.
    let all = steward_tlog::tile::tiles_between(0, 70_000);
    let hashes: Vec<_> = all.iter().filter(|id| id.level.is_some()).collect();
    assert_eq!(
        hashes
            .iter()
            .filter(|id| id.level == Some(0) && id.is_full())
            .count(),
        273
    );
    let partial: Vec<(Option<u8>, u64)> = hashes
        .iter()
        .filter(|id| !id.is_full())
        .map(|id| (id.level, id.width))
        .collect();
    assert_eq!(partial, [(Some(0), 112), (Some(1), 17), (Some(2), 1)]);
    assert_eq!(
        hashes
            .iter()
            .filter(|id| id.level == Some(1) && id.is_full())
            .count(),
        1
    );
}
