//! Consistency proofs in the body of a C2SP tlog-witness `add-checkpoint` request: `old N`, the
//! RFC 6962 consistency proof (one base64 hash per line), an empty line, then the new
//! checkpoint verbatim. steward writes the same text for `log prove --consistency`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use tlog_tiles::{HASH_SIZE, Hash};

/// A consistency proof has at most 63 hashes (tlog-witness).
const PROOF_LIMIT: usize = 63;

/// Why a consistency proof is malformed or does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConsistencyError {
    #[error("malformed consistency proof, line {line}: {reason}")]
    Malformed { line: usize, reason: String },
    #[error("the old size {old} is larger than the new size {new}")]
    OldLarger { old: u64, new: u64 },
    #[error("a proof from the empty tree must have no hashes")]
    ProofFromEmpty,
    #[error("the trees have the same size {size} but different roots: the log was rewritten")]
    SameSizeDifferentRoot { size: u64 },
    #[error(
        "the tree of {new} entries is not an extension of the tree of {old} entries: the \
         proof does not hold (a fork or a rewritten log)"
    )]
    NotConsistent { old: u64, new: u64 },
}

/// A consistency proof with the checkpoint it leads to.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsistencyProof {
    pub old_size: u64,
    pub hashes: Vec<Hash>,
    /// The new checkpoint note, verbatim.
    pub checkpoint: Vec<u8>,
}

impl ConsistencyProof {
    pub fn parse(text: &[u8]) -> Result<Self, ConsistencyError> {
        let malformed = |line: usize, reason: &str| ConsistencyError::Malformed {
            line,
            reason: reason.to_owned(),
        };
        let at = text
            .windows(2)
            .position(|pair| pair == b"\n\n")
            .ok_or_else(|| malformed(1, "no empty line before the checkpoint"))?;
        let head = std::str::from_utf8(&text[..at]).map_err(|_| malformed(1, "not UTF-8"))?;
        let mut lines = head.split('\n');
        let old_size = lines
            .next()
            .and_then(|line| line.strip_prefix("old "))
            .filter(|digits| *digits == "0" || !digits.starts_with('0'))
            .and_then(|digits| digits.parse::<u64>().ok())
            .ok_or_else(|| malformed(1, "expected `old SIZE`"))?;
        let mut hashes = Vec::new();
        for (offset, line) in lines.enumerate() {
            if hashes.len() == PROOF_LIMIT {
                return Err(malformed(offset + 2, "more than 63 proof hashes"));
            }
            let bytes = STANDARD
                .decode(line)
                .ok()
                .filter(|bytes| bytes.len() == HASH_SIZE)
                .ok_or_else(|| malformed(offset + 2, "not a base64 SHA-256 hash"))?;
            hashes.push(Hash(bytes.try_into().unwrap_or([0; HASH_SIZE])));
        }
        Ok(Self {
            old_size,
            hashes,
            checkpoint: text[at + 2..].to_vec(),
        })
    }

    pub fn to_text(&self) -> Vec<u8> {
        let mut text = format!("old {}\n", self.old_size);
        for hash in &self.hashes {
            text.push_str(&STANDARD.encode(hash.0));
            text.push('\n');
        }
        text.push('\n');
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(&self.checkpoint);
        bytes
    }
}

/// Checks that the tree of `new_size` entries with root `new_root` extends the tree of
/// `old_size` entries with root `old_root`, by `hashes` (RFC 6962, section 2.1.2).
pub fn check(
    old_size: u64,
    old_root: Hash,
    new_size: u64,
    new_root: Hash,
    hashes: &[Hash],
) -> Result<(), ConsistencyError> {
    if old_size > new_size {
        return Err(ConsistencyError::OldLarger {
            old: old_size,
            new: new_size,
        });
    }
    if hashes.len() > PROOF_LIMIT {
        return Err(ConsistencyError::NotConsistent {
            old: old_size,
            new: new_size,
        });
    }
    if old_size == 0 {
        return if hashes.is_empty() {
            Ok(())
        } else {
            Err(ConsistencyError::ProofFromEmpty)
        };
    }
    if old_size == new_size {
        return if old_root == new_root && hashes.is_empty() {
            Ok(())
        } else {
            Err(ConsistencyError::SameSizeDifferentRoot { size: new_size })
        };
    }
    tlog_tiles::check_tree(&hashes.to_vec(), new_size, new_root, old_size, old_root).map_err(|_| {
        ConsistencyError::NotConsistent {
            old: old_size,
            new: new_size,
        }
    })
}
