//! A witness's judgement of an `add-checkpoint` request (C2SP tlog-witness), free of I/O: the
//! checkpoint must be signed by the key it knows for the origin, and consistent with the latest
//! checkpoint it cosigned for that log. Each refusal carries the HTTP status the protocol gives
//! it. Keeping the latest checkpoint, atomically with this check, is the caller's.

use tlog_tiles::Hash;

use crate::checkpoint::{self, Checkpoint};
use crate::consistency::{self, ConsistencyProof};
use crate::note::VerifierKey;

/// Why a witness refuses to cosign.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("malformed request: {0}")]
    Malformed(String),
    #[error("unknown log {0:?}")]
    UnknownLog(String),
    #[error("the checkpoint is not signed by the log's key: {0}")]
    BadSignature(String),
    #[error("the old size {old} is larger than the checkpoint's size {size}")]
    OldLarger { old: u64, size: u64 },
    #[error("the old size {old} is not {latest}, the size of the latest checkpoint cosigned")]
    Conflict { old: u64, latest: u64 },
    #[error("{0}")]
    Inconsistent(String),
}

impl Refusal {
    /// The HTTP status tlog-witness gives this refusal.
    pub fn status(&self) -> u16 {
        match self {
            Self::Malformed(_) | Self::OldLarger { .. } => 400,
            Self::BadSignature(_) => 403,
            Self::UnknownLog(_) => 404,
            Self::Conflict { .. } => 409,
            Self::Inconsistent(_) => 422,
        }
    }
}

/// A request whose checkpoint the log's key signed.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    pub proof: ConsistencyProof,
    pub checkpoint: Checkpoint,
    /// The checkpoint's signed text, which a cosignature covers.
    pub text: Vec<u8>,
}

/// Reads `body` and checks its checkpoint's signature with the key of `logs` named as its
/// origin (a log's key is named as its origin).
pub fn read_submission(logs: &[VerifierKey], body: &[u8]) -> Result<Submission, Refusal> {
    let proof =
        ConsistencyProof::parse(body).map_err(|error| Refusal::Malformed(error.to_string()))?;
    let origin = proof
        .checkpoint
        .split(|byte| *byte == b'\n')
        .next()
        .and_then(|line| std::str::from_utf8(line).ok())
        .unwrap_or_default()
        .to_owned();
    let key = logs
        .iter()
        .find(|key| key.name() == origin)
        .ok_or_else(|| Refusal::UnknownLog(origin.chars().take(200).collect()))?;
    let checkpoint = checkpoint::verify(&proof.checkpoint, key, Some(&origin))
        .map_err(|error| Refusal::BadSignature(error.to_string()))?;
    if proof.old_size > checkpoint.size {
        return Err(Refusal::OldLarger {
            old: proof.old_size,
            size: checkpoint.size,
        });
    }
    let text = checkpoint.text.clone();
    Ok(Submission {
        proof,
        checkpoint,
        text,
    })
}

impl Submission {
    /// Checks the submission against the latest checkpoint cosigned for its log (`None`: none
    /// yet, which is size 0).
    pub fn check_against(&self, latest: Option<(u64, Hash)>) -> Result<(), Refusal> {
        let (latest_size, latest_root) = latest.unwrap_or((0, tlog_tiles::EMPTY_HASH));
        if self.proof.old_size != latest_size {
            return Err(Refusal::Conflict {
                old: self.proof.old_size,
                latest: latest_size,
            });
        }
        if self.checkpoint.size == 0 && self.checkpoint.root != tlog_tiles::EMPTY_HASH {
            return Err(Refusal::Inconsistent(
                "a checkpoint of size 0 must have the empty tree's root".to_owned(),
            ));
        }
        consistency::check(
            latest_size,
            latest_root,
            self.checkpoint.size,
            self.checkpoint.root,
            &self.proof.hashes,
        )
        .map_err(|error| Refusal::Inconsistent(error.to_string()))
    }
}
