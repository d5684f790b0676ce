//! Signing notes and cosigning checkpoints with an Ed25519 key (steward's own, or a signed-note
//! private key `PRIVATE+KEY+NAME+HASH+BASE64`).
//!
//! - A note signature (C2SP signed-note, type 0x01) is over exactly the note's text.
//! - A cosignature (C2SP tlog-cosignature, type 0x04) is over `cosignature/v1`, `time T` and
//!   the checkpoint's text, and carries `T` before the signature.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use steward_trust::key::Algorithm;
use steward_trust::signing::SigningKey;

use crate::note::NoteProblem;

/// The key-id type byte of a note signature (Ed25519).
pub const NOTE_ED25519: u8 = 0x01;
/// The key-id type byte of an Ed25519 cosignature.
pub const COSIGNATURE_ED25519: u8 = 0x04;

/// An Ed25519 key with the name it signs notes under. `Debug` shows the name only.
pub struct NoteSigner {
    name: String,
    key: SigningKey,
    public: [u8; 32],
}

impl std::fmt::Debug for NoteSigner {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("NoteSigner")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// `SHA-256(name || "\n" || type || public key)[:4]`, as signed-note and tlog-cosignature define.
pub fn key_id(name: &str, key_type: u8, public: &[u8]) -> u32 {
    let mut encoded = vec![key_type];
    encoded.extend_from_slice(public);
    signed_note::key_id(name, &encoded)
}

/// The message an Ed25519 cosignature signs.
pub fn cosigned_message(checkpoint_text: &[u8], timestamp: u64) -> Vec<u8> {
    let mut message = format!("cosignature/v1\ntime {timestamp}\n").into_bytes();
    message.extend_from_slice(checkpoint_text);
    message
}

impl NoteSigner {
    /// `key` under `name`; only an Ed25519 key signs notes.
    pub fn new(name: &str, key: SigningKey) -> Result<Self, NoteProblem> {
        if !signed_note::is_key_name_valid(name) {
            return Err(NoteProblem::Name(name.to_owned()));
        }
        let public = match key.public_key().algorithm() {
            Algorithm::Ed25519 => key.public_key().raw().try_into().ok(),
            _ => None,
        }
        .ok_or(NoteProblem::NotEd25519)?;
        Ok(Self {
            name: name.to_owned(),
            key,
            public,
        })
    }

    /// Reads a signed-note private key, `PRIVATE+KEY+NAME+HASH+BASE64(0x01 || seed)`, whose
    /// hash must be its own.
    pub fn parse(text: &str) -> Result<Self, NoteProblem> {
        let hidden = || NoteProblem::Key {
            key: "a signer key (not shown)".to_owned(),
        };
        let rest = text
            .trim()
            .strip_prefix("PRIVATE+KEY+")
            .ok_or_else(hidden)?;
        // The base64 may hold `+`; the name and hash cannot.
        let mut parts = rest.splitn(3, '+');
        let (Some(name), Some(hash), Some(encoded)) = (parts.next(), parts.next(), parts.next())
        else {
            return Err(hidden());
        };
        let decoded = STANDARD.decode(encoded).map_err(|_| hidden())?;
        let seed: &[u8; 32] = match decoded.split_first() {
            Some((&NOTE_ED25519, seed)) => seed.try_into().map_err(|_| hidden())?,
            _ => return Err(hidden()),
        };
        let key = SigningKey::from_ed25519_seed(seed).map_err(|_| hidden())?;
        let signer = Self::new(name, key)?;
        if format!("{:08x}", signer.note_key_id()) != hash {
            return Err(hidden());
        }
        Ok(signer)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// The Ed25519 public key in hex, as Sigsum's policy files write it.
    pub fn public_key_hex(&self) -> String {
        steward_trust::hex(&self.public)
    }

    fn note_key_id(&self) -> u32 {
        key_id(&self.name, NOTE_ED25519, &self.public)
    }

    /// The verifier key of its note signatures, `NAME+HASH+BASE64`.
    pub fn verifier_key(&self) -> String {
        self.vkey(NOTE_ED25519)
    }

    /// The verifier key of its cosignatures (type 0x04).
    pub fn cosigner_key(&self) -> String {
        self.vkey(COSIGNATURE_ED25519)
    }

    fn vkey(&self, key_type: u8) -> String {
        let mut encoded = vec![key_type];
        encoded.extend_from_slice(&self.public);
        format!(
            "{}+{:08x}+{}",
            self.name,
            key_id(&self.name, key_type, &self.public),
            STANDARD.encode(encoded)
        )
    }

    /// `text` (non-empty, newline-terminated lines) as a note with this key's signature.
    pub fn sign(&self, text: &[u8]) -> Result<Vec<u8>, NoteProblem> {
        if text.is_empty() || !text.ends_with(b"\n") || text.windows(2).any(|pair| pair == b"\n\n")
        {
            return Err(NoteProblem::Note(
                "a note's text must be non-empty lines, each ending in a newline".to_owned(),
            ));
        }
        let signature = self.sign_bytes(text)?;
        let mut note = text.to_vec();
        note.push(b'\n');
        note.extend_from_slice(
            self.signature_line(self.note_key_id(), &[], &signature)
                .as_bytes(),
        );
        Ok(note)
    }

    /// A cosignature line over a checkpoint's text, made at `timestamp` (POSIX seconds).
    pub fn cosign(&self, checkpoint_text: &[u8], timestamp: u64) -> Result<String, NoteProblem> {
        let signature = self.sign_bytes(&cosigned_message(checkpoint_text, timestamp))?;
        let id = key_id(&self.name, COSIGNATURE_ED25519, &self.public);
        Ok(self.signature_line(id, &timestamp.to_be_bytes(), &signature))
    }

    fn sign_bytes(&self, message: &[u8]) -> Result<Vec<u8>, NoteProblem> {
        self.key
            .sign(message)
            .map_err(|error| NoteProblem::Note(error.to_string()))
    }

    fn signature_line(&self, id: u32, prefix: &[u8], signature: &[u8]) -> String {
        let mut encoded = id.to_be_bytes().to_vec();
        encoded.extend_from_slice(prefix);
        encoded.extend_from_slice(signature);
        format!("\u{2014} {} {}\n", self.name, STANDARD.encode(encoded))
    }
}
