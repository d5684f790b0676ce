//! OpenSSH public keys: the one-line `authorized_keys` form (`ssh-ed25519 AAAA… comment`) and the
//! SSH wire encoding inside it (RFC 4253 §6.6, RFC 5656 §3.1, RFC 8709).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::key::{Algorithm, KeyError, PublicKey};

/// The `authorized_keys` form: a key type, then the base64 wire encoding, which always starts
/// with the type's length (`AAAA`).
pub(crate) fn looks_like_public_key(text: &str) -> bool {
    let mut fields = text.split_ascii_whitespace();
    fields.next().is_some() && fields.next().is_some_and(|blob| blob.starts_with("AAAA"))
}

fn malformed(reason: impl Into<String>) -> KeyError {
    KeyError::Malformed {
        form: "OpenSSH public key",
        reason: reason.into(),
    }
}

/// Reads the first line of `text` as `TYPE BASE64 [COMMENT]`.
pub(crate) fn parse_public_key(text: &str) -> Result<PublicKey, KeyError> {
    let line = text.lines().next().unwrap_or_default();
    let mut fields = line.split_ascii_whitespace();
    let (Some(key_type), Some(encoded)) = (fields.next(), fields.next()) else {
        return Err(malformed("expected a key type and a base64 key"));
    };
    let blob = STANDARD
        .decode(encoded)
        .map_err(|error| malformed(format!("the base64 key is invalid: {error}")))?;
    let key = from_wire(&blob)?;
    let named = wire_type(&blob)?;
    if named != key_type {
        return Err(malformed(format!(
            "the line says {key_type} but the key is {named}"
        )));
    }
    Ok(key)
}

fn wire_type(blob: &[u8]) -> Result<&str, KeyError> {
    let mut reader = WireReader::new(blob);
    let name = reader.string()?;
    std::str::from_utf8(name).map_err(|_| malformed("the key type is not text"))
}

/// Reads a public key in the SSH wire encoding, with nothing after it.
pub(crate) fn from_wire(blob: &[u8]) -> Result<PublicKey, KeyError> {
    let mut reader = WireReader::new(blob);
    let key_type = reader.string()?;
    let key = match key_type {
        b"ssh-ed25519" => PublicKey::from_raw(Algorithm::Ed25519, reader.string()?.to_vec())?,
        b"ecdsa-sha2-nistp256" => ecdsa(&mut reader, b"nistp256", Algorithm::EcdsaP256)?,
        b"ecdsa-sha2-nistp384" => ecdsa(&mut reader, b"nistp384", Algorithm::EcdsaP384)?,
        b"ssh-rsa" => {
            let exponent = reader.string()?;
            let modulus = reader.string()?;
            PublicKey::from_pkcs1_der(&crate::der::rsa_public_key(modulus, exponent))?
        }
        other => {
            return Err(KeyError::UnsupportedAlgorithm(
                String::from_utf8_lossy(other).into_owned(),
            ));
        }
    };
    if !reader.is_empty() {
        return Err(malformed("bytes after the key"));
    }
    Ok(key)
}

fn ecdsa(
    reader: &mut WireReader<'_>,
    curve: &[u8],
    algorithm: Algorithm,
) -> Result<PublicKey, KeyError> {
    if reader.string()? != curve {
        return Err(malformed("the curve name does not match the key type"));
    }
    PublicKey::from_raw(algorithm, reader.string()?.to_vec())
}

/// Reads SSH wire fields: `uint32` lengths followed by that many bytes.
pub(crate) struct WireReader<'a> {
    rest: &'a [u8],
}

impl<'a> WireReader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { rest: bytes }
    }

    pub(crate) fn uint32(&mut self) -> Result<u32, KeyError> {
        let Some((head, rest)) = self.rest.split_first_chunk::<4>() else {
            return Err(malformed("truncated"));
        };
        self.rest = rest;
        Ok(u32::from_be_bytes(*head))
    }

    pub(crate) fn string(&mut self) -> Result<&'a [u8], KeyError> {
        let length = usize::try_from(self.uint32()?).map_err(|_| malformed("truncated"))?;
        if length > self.rest.len() {
            return Err(malformed("truncated"));
        }
        let (field, rest) = self.rest.split_at(length);
        self.rest = rest;
        Ok(field)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }
}
