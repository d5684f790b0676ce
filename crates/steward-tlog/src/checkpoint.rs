//! A log's checkpoint (C2SP tlog-checkpoint): a signed note whose text is the log's origin, its
//! size, its root hash (base64) and optional extension lines. Only a checkpoint signed by the
//! log's key is read, and only from exactly the signed text.

use crate::note::{self, NoteProblem, VerifierKey};

/// Why a checkpoint is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("the checkpoint: {0}")]
    Note(#[from] NoteProblem),
    #[error("malformed checkpoint text")]
    Malformed,
    #[error("the checkpoint's origin is {found:?}, not {expected:?}")]
    Origin { expected: String, found: String },
}

/// A verified checkpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: tlog_tiles::Hash,
    /// The names of the keys given that signed it.
    pub signers: Vec<String>,
    /// Exactly the signed text (what a cosignature covers).
    pub text: Vec<u8>,
}

/// Verifies `bytes` as a checkpoint signed by `log_key`; with `origin`, its origin must be that.
pub fn verify(
    bytes: &[u8],
    log_key: &VerifierKey,
    origin: Option<&str>,
) -> Result<Checkpoint, CheckpointError> {
    let verified = note::verify(bytes, std::slice::from_ref(log_key))?;
    let parsed = tlog_tiles::Checkpoint::from_bytes(&verified.text)
        .map_err(|_| CheckpointError::Malformed)?;
    if let Some(expected) = origin
        && parsed.origin() != expected
    {
        return Err(CheckpointError::Origin {
            expected: expected.to_owned(),
            found: parsed.origin().to_owned(),
        });
    }
    Ok(Checkpoint {
        origin: parsed.origin().to_owned(),
        size: parsed.size(),
        root: *parsed.hash(),
        signers: verified.signers,
        text: verified.text,
    })
}

/// The text of a checkpoint: origin, size and root hash, each on its line.
pub fn text(origin: &str, size: u64, root: &tlog_tiles::Hash) -> Result<Vec<u8>, CheckpointError> {
    tlog_tiles::Checkpoint::new(origin, size, *root, "")
        .map(|checkpoint| checkpoint.to_bytes())
        .map_err(|_| CheckpointError::Malformed)
}
