//! Offline inclusion proofs (C2SP tlog-proof): `c2sp.org/tlog-proof@v1`, an optional `extra`
//! line, `index N`, the RFC 6962 inclusion proof (one base64 SHA-256 hash per line), an empty
//! line, then the log's checkpoint verbatim. Verified with nothing but the proof, the leaf and
//! the log's key.

use std::fmt::Write as _;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use tlog_tiles::{HASH_SIZE, Hash};

use crate::checkpoint::{self, Checkpoint, CheckpointError};
use crate::note::VerifierKey;

const HEADER: &str = "c2sp.org/tlog-proof@v1";
/// A tree of at most 2^63 leaves has an inclusion proof of at most 63 hashes.
const PROOF_LIMIT: usize = 63;

/// Why a proof is malformed or does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("malformed tlog-proof, line {line}: {reason}")]
    Malformed { line: usize, reason: String },
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
    #[error("index {index} is not in the checkpoint's tree of {size} entries")]
    IndexOutOfTree { index: u64, size: u64 },
    #[error("the inclusion proof does not lead from the entry to the checkpoint's root")]
    NotIncluded,
}

/// A tlog-proof, read but not verified.
#[derive(Debug, Clone, PartialEq)]
pub struct TlogProof {
    /// Opaque, unauthenticated extra data.
    pub extra: Option<Vec<u8>>,
    pub index: u64,
    pub hashes: Vec<Hash>,
    /// The checkpoint note, verbatim.
    pub checkpoint: Vec<u8>,
}

/// A proof that held: the entry is in the tree the log signed.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedInclusion {
    pub index: u64,
    pub checkpoint: Checkpoint,
}

fn malformed(line: usize, reason: impl Into<String>) -> ProofError {
    ProofError::Malformed {
        line,
        reason: reason.into(),
    }
}

impl TlogProof {
    /// Reads a tlog-proof.
    pub fn parse(text: &[u8]) -> Result<Self, ProofError> {
        let (head, checkpoint) = split_at_blank_line(text)
            .ok_or_else(|| malformed(1, "no empty line before the checkpoint"))?;
        let head = std::str::from_utf8(head).map_err(|_| malformed(1, "not UTF-8"))?;
        let mut lines = head
            .split('\n')
            .enumerate()
            .map(|(number, line)| (number + 1, line));
        match lines.next() {
            Some((_, HEADER)) => {}
            _ => return Err(malformed(1, format!("the first line is not {HEADER}"))),
        }
        let (mut number, mut line) = lines.next().ok_or_else(|| malformed(2, "no index line"))?;
        let mut extra = None;
        if let Some(encoded) = line.strip_prefix("extra ") {
            extra = Some(
                STANDARD
                    .decode(encoded)
                    .map_err(|_| malformed(number, "extra is not base64"))?,
            );
            (number, line) = lines
                .next()
                .ok_or_else(|| malformed(number + 1, "no index line"))?;
        }
        let index = line
            .strip_prefix("index ")
            .filter(|digits| digits == &"0" || !digits.starts_with('0'))
            .and_then(|digits| digits.parse::<u64>().ok())
            .ok_or_else(|| malformed(number, "expected `index N`"))?;
        let hashes = lines
            .map(|(number, line)| {
                let bytes = STANDARD
                    .decode(line)
                    .map_err(|_| malformed(number, "a hash is not base64"))?;
                let array: [u8; HASH_SIZE] = bytes
                    .try_into()
                    .map_err(|_| malformed(number, "a hash is not 32 bytes"))?;
                Ok::<_, ProofError>(Hash(array))
            })
            .collect::<Result<Vec<_>, _>>()?;
        if hashes.len() > PROOF_LIMIT {
            return Err(malformed(
                3,
                format!("more than {PROOF_LIMIT} proof hashes"),
            ));
        }
        Ok(Self {
            extra,
            index,
            hashes,
            checkpoint: checkpoint.to_vec(),
        })
    }

    /// The proof as text.
    pub fn to_text(&self) -> Vec<u8> {
        let mut out = format!("{HEADER}\n");
        if let Some(extra) = &self.extra {
            _ = writeln!(out, "extra {}", STANDARD.encode(extra));
        }
        _ = writeln!(out, "index {}", self.index);
        for hash in &self.hashes {
            out.push_str(&STANDARD.encode(hash.0));
            out.push('\n');
        }
        out.push('\n');
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.checkpoint);
        bytes
    }

    /// Verifies that the entry whose RFC 6962 leaf hash is `leaf` is in the tree of the
    /// checkpoint, which `log_key` signed (and whose origin is `origin`, when given).
    pub fn verify(
        &self,
        leaf: Hash,
        log_key: &VerifierKey,
        origin: Option<&str>,
    ) -> Result<VerifiedInclusion, ProofError> {
        let checkpoint = checkpoint::verify(&self.checkpoint, log_key, origin)?;
        if self.index >= checkpoint.size {
            return Err(ProofError::IndexOutOfTree {
                index: self.index,
                size: checkpoint.size,
            });
        }
        tlog_tiles::check_record(
            &self.hashes,
            checkpoint.size,
            checkpoint.root,
            self.index,
            leaf,
        )
        .map_err(|_| ProofError::NotIncluded)?;
        Ok(VerifiedInclusion {
            index: self.index,
            checkpoint,
        })
    }
}

/// The text before the first empty line, and what follows it.
fn split_at_blank_line(text: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = text.windows(2).position(|pair| pair == b"\n\n")?;
    Some((&text[..at], &text[at + 2..]))
}
