//! Cosignatures (C2SP tlog-cosignature, Ed25519, type 0x04): a witness's statement that, at a
//! time, the checkpoint was the largest consistent one it had seen of the log. A cosignature
//! counts only for a witness given, by its name and key id, over exactly the checkpoint's text.

use signed_note::{Note, NoteError, VerificationError, Verifier, Verifiers};
use steward_trust::key::{Algorithm, PublicKey};
use steward_trust::scheme::VerifyingKey;

use crate::note::{NOTE_LIMIT, NoteProblem};
use crate::signer::{COSIGNATURE_ED25519, cosigned_message, key_id};

/// A witness: its name and Ed25519 key.
#[derive(Debug)]
pub struct Witness {
    name: String,
    key: VerifyingKey,
    key_id: u32,
    /// Where it takes `add-checkpoint` requests, if known.
    url: Option<String>,
}

impl Witness {
    pub fn new(name: &str, public: &[u8]) -> Result<Self, NoteProblem> {
        if !signed_note::is_key_name_valid(name) {
            return Err(NoteProblem::Name(name.to_owned()));
        }
        let key = PublicKey::from_raw(Algorithm::Ed25519, public.to_vec())
            .ok()
            .and_then(|key| VerifyingKey::new(key, None).ok())
            .ok_or(NoteProblem::NotEd25519)?;
        Ok(Self {
            name: name.to_owned(),
            key_id: key_id(name, COSIGNATURE_ED25519, public),
            key,
            url: None,
        })
    }

    #[must_use]
    pub fn with_url(mut self, url: Option<String>) -> Self {
        self.url = url;
        self
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }
}

impl Verifier for Witness {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.key_id
    }

    fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        let Some((timestamp, signature)) = signature.split_first_chunk::<8>() else {
            return false;
        };
        let timestamp = u64::from_be_bytes(*timestamp);
        timestamp < 1 << 63
            && self
                .key
                .verify(&cosigned_message(message, timestamp), signature)
                .is_ok()
    }
}

struct Witnesses<'a>(&'a [Witness]);

impl Verifiers for Witnesses<'_> {
    fn verifier(&self, name: &str, id: u32) -> Result<&dyn Verifier, VerificationError> {
        self.0
            .iter()
            .find(|witness| witness.name == name && witness.key_id == id)
            .map(|witness| witness as &dyn Verifier)
            .ok_or_else(|| VerificationError::UnknownKey {
                name: name.to_owned(),
                id,
            })
    }
}

/// A cosignature that verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cosignature {
    pub witness: String,
    /// When the witness cosigned (POSIX seconds).
    pub timestamp: u64,
}

/// The cosignatures on the checkpoint note `bytes` by the witnesses given, one per witness.
/// A signature line that names a witness given but does not verify makes the note unusable.
pub fn verify(bytes: &[u8], witnesses: &[Witness]) -> Result<Vec<Cosignature>, NoteProblem> {
    if bytes.len() > NOTE_LIMIT {
        return Err(NoteProblem::TooLarge);
    }
    let note = Note::from_bytes(bytes).map_err(|error| NoteProblem::Note(error.to_string()))?;
    let verified = match note.verify(&Witnesses(witnesses)) {
        Ok((verified, _)) => verified,
        Err(NoteError::UnverifiedNote) => Vec::new(),
        Err(error) => return Err(NoteProblem::Note(format!("a cosignature: {error}"))),
    };
    let mut cosignatures: Vec<Cosignature> = Vec::new();
    for signature in verified {
        let timestamp = signature
            .signature()
            .first_chunk::<8>()
            .map_or(0, |bytes| u64::from_be_bytes(*bytes));
        if !cosignatures
            .iter()
            .any(|seen| seen.witness == signature.name())
        {
            cosignatures.push(Cosignature {
                witness: signature.name().to_owned(),
                timestamp,
            });
        }
    }
    Ok(cosignatures)
}

/// The note `bytes` with `lines` (complete signature lines) added after its signatures.
pub fn add_signature_lines(bytes: &[u8], lines: &[String]) -> Vec<u8> {
    let mut note = bytes.to_vec();
    for line in lines {
        note.extend_from_slice(line.as_bytes());
    }
    note
}
