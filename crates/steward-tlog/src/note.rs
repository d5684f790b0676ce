//! Signed notes (C2SP signed-note): text, then signature lines `— NAME BASE64`. A verifier key
//! is `NAME+HASH+BASE64` (an Ed25519 key, type byte 0x01). A note counts as signed by a key only
//! when that key's signature over exactly the text verifies; signatures by keys not given are
//! kept as unverified, and a bad signature by a key given is an error.

use signed_note::{Note, NoteError, StandardVerifier, VerificationError, Verifier, Verifiers};

/// The most bytes a note may have (C2SP: a note is small; checkpoints are well under 1 KiB of
/// text, plus their signatures).
pub const NOTE_LIMIT: usize = 1 << 20;

/// Why a note or key is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteProblem {
    #[error("invalid note verifier key {key:?}")]
    Key { key: String },
    #[error("{0:?} is not a valid key name (non-empty, no spaces or plus signs)")]
    Name(String),
    #[error("only an Ed25519 key signs notes")]
    NotEd25519,
    #[error("the note is larger than {NOTE_LIMIT} bytes")]
    TooLarge,
    #[error("{0}")]
    Note(String),
}

/// A note's verifier key.
pub struct VerifierKey {
    text: String,
    verifier: StandardVerifier,
}

impl std::fmt::Debug for VerifierKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_tuple("VerifierKey")
            .field(&self.text)
            .finish()
    }
}

impl VerifierKey {
    /// Reads `NAME+HASH+BASE64`; the hash must be the key's own.
    pub fn parse(text: &str) -> Result<Self, NoteProblem> {
        let text = text.trim();
        let verifier = StandardVerifier::new(text).map_err(|_| NoteProblem::Key {
            key: text.to_owned(),
        })?;
        Ok(Self {
            text: text.to_owned(),
            verifier,
        })
    }

    /// The key's name.
    pub fn name(&self) -> &str {
        self.verifier.name()
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

/// The keys given, looked up by name and key hash; two keys alike are ambiguous.
struct Keys<'a>(&'a [VerifierKey]);

impl Verifiers for Keys<'_> {
    fn verifier(&self, name: &str, id: u32) -> Result<&dyn Verifier, VerificationError> {
        let mut matching = self
            .0
            .iter()
            .filter(|key| key.verifier.name() == name && key.verifier.key_id() == id);
        match (matching.next(), matching.next()) {
            (Some(key), None) => Ok(&key.verifier),
            (Some(_), Some(_)) => Err(VerificationError::AmbiguousKey {
                name: name.to_owned(),
                id,
            }),
            (None, _) => Err(VerificationError::UnknownKey {
                name: name.to_owned(),
                id,
            }),
        }
    }
}

/// A note whose text was verified by at least one key given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedNote {
    /// Exactly the signed text.
    pub text: Vec<u8>,
    /// The names of the keys given that signed it.
    pub signers: Vec<String>,
    /// Signatures by keys not given.
    pub unverified: usize,
}

/// Verifies `bytes` as a note signed by at least one of `keys`.
pub fn verify(bytes: &[u8], keys: &[VerifierKey]) -> Result<VerifiedNote, NoteProblem> {
    if bytes.len() > NOTE_LIMIT {
        return Err(NoteProblem::TooLarge);
    }
    let note = Note::from_bytes(bytes).map_err(|error| NoteProblem::Note(error.to_string()))?;
    let (verified, unverified) = note.verify(&Keys(keys)).map_err(|error| match error {
        NoteError::UnverifiedNote => NoteProblem::Note("no key given signed the note".to_owned()),
        other => NoteProblem::Note(other.to_string()),
    })?;
    Ok(VerifiedNote {
        text: note.text().to_vec(),
        signers: verified
            .iter()
            .map(|signature| signature.name().to_owned())
            .collect(),
        unverified: unverified.len(),
    })
}
