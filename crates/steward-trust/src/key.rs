//! Public keys, read from the forms people publish them in: SPKI (PEM or DER), PKCS#1 RSA
//! (PEM or DER) and OpenSSH's one-line form. Every key is held as its SPKI DER, and its id is
//! the SHA-256 of those bytes, so one key has one id whatever form it was read from.

use base64::Engine as _;
use sha2::{Digest, Sha256};
use spki::der::{Decode, Reader, SliceReader, asn1::UintRef};

use crate::{der, pem, ssh};

/// The algorithms steward accepts keys for. Anything else is refused when the key is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Ed25519,
    EcdsaP256,
    EcdsaP384,
    /// RSA with the modulus size in bits, from 2048 to 4096.
    Rsa(u32),
}

impl std::fmt::Display for Algorithm {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Ed25519 => formatter.write_str("ed25519"),
            Self::EcdsaP256 => formatter.write_str("ecdsa-p256"),
            Self::EcdsaP384 => formatter.write_str("ecdsa-p384"),
            Self::Rsa(bits) => write!(formatter, "rsa-{bits}"),
        }
    }
}

/// Why a key was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("not a public key in a form steward reads (SPKI or PKCS#1 as PEM or DER, OpenSSH)")]
    UnknownForm,
    #[error("malformed {form}: {reason}")]
    Malformed { form: &'static str, reason: String },
    #[error("unsupported key algorithm {0}")]
    UnsupportedAlgorithm(String),
    #[error("RSA keys must have 2048 to 4096 bits; this one has {0}")]
    RsaSize(u32),
    #[error("the key is not a valid {0} public key")]
    Invalid(Algorithm),
    #[error("this is a private key; give the public key")]
    PrivateKey,
}

const OID_ED25519: &str = "1.3.101.112";
const OID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
const OID_P256: &str = "1.2.840.10045.3.1.7";
const OID_P384: &str = "1.3.132.0.34";
const OID_RSA: &str = "1.2.840.113549.1.1.1";

/// A public key of an accepted algorithm, checked to be a valid key of it. Two keys are equal
/// when their SPKI is, whatever form each was read from.
#[derive(Debug, Clone)]
pub struct PublicKey {
    algorithm: Algorithm,
    /// What the verifier takes: Ed25519's 32 bytes, an uncompressed EC point, or a PKCS#1
    /// `RSAPublicKey` in DER.
    raw: Vec<u8>,
    spki: Vec<u8>,
    /// The key id a minisign public key carries, when read from one.
    minisign_key_id: Option<[u8; 8]>,
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.spki == other.spki
    }
}

impl Eq for PublicKey {}

impl PublicKey {
    /// Reads a key in any form steward knows, telling them apart by their first bytes.
    pub fn parse(bytes: &[u8]) -> Result<Self, KeyError> {
        let text = std::str::from_utf8(bytes).ok().map(str::trim_start);
        match text {
            Some(text) if text.starts_with("-----BEGIN ") => Self::from_pem(text),
            Some(text) if text.starts_with("untrusted comment:") || looks_like_minisign(text) => {
                Self::from_minisign(text)
            }
            Some(text) if ssh::looks_like_public_key(text) => ssh::parse_public_key(text),
            _ if bytes.first() == Some(&0x30) => Self::from_spki_der(bytes)
                .or_else(|spki_error| Self::from_pkcs1_der(bytes).map_err(|_| spki_error)),
            _ => Err(KeyError::UnknownForm),
        }
    }

    fn from_pem(text: &str) -> Result<Self, KeyError> {
        let block = pem::decode(text).map_err(|error| KeyError::Malformed {
            form: "PEM",
            reason: error.to_string(),
        })?;
        match block.label.as_str() {
            "PUBLIC KEY" => Self::from_spki_der(&block.der),
            "RSA PUBLIC KEY" => Self::from_pkcs1_der(&block.der),
            label if label.contains("PRIVATE KEY") => Err(KeyError::PrivateKey),
            label => Err(KeyError::Malformed {
                form: "PEM",
                reason: format!("a {label:?} block is not a public key"),
            }),
        }
    }

    /// Reads a DER `SubjectPublicKeyInfo`.
    pub fn from_spki_der(der_bytes: &[u8]) -> Result<Self, KeyError> {
        let malformed = |error: spki::der::Error| KeyError::Malformed {
            form: "SubjectPublicKeyInfo",
            reason: error.to_string(),
        };
        let info = spki::SubjectPublicKeyInfoRef::from_der(der_bytes).map_err(malformed)?;
        let key_bytes = info
            .subject_public_key
            .as_bytes()
            .ok_or_else(|| KeyError::Malformed {
                form: "SubjectPublicKeyInfo",
                reason: "the key bit string has unused bits".to_owned(),
            })?;
        let algorithm_oid = info.algorithm.oid.to_string();
        let parameters = info
            .algorithm
            .parameters_oid()
            .ok()
            .map(|oid| oid.to_string());
        let algorithm = match (algorithm_oid.as_str(), parameters.as_deref()) {
            // RFC 8410 says absent; in-toto-rs writes NULL, which says the same.
            (OID_ED25519, None)
                if info
                    .algorithm
                    .parameters
                    .is_none_or(spki::der::AnyRef::is_null) =>
            {
                Algorithm::Ed25519
            }
            (OID_EC_PUBLIC_KEY, Some(OID_P256)) => Algorithm::EcdsaP256,
            (OID_EC_PUBLIC_KEY, Some(OID_P384)) => Algorithm::EcdsaP384,
            (OID_RSA, _) => return Self::from_pkcs1_der(key_bytes),
            (OID_EC_PUBLIC_KEY, curve) => {
                return Err(KeyError::UnsupportedAlgorithm(format!(
                    "EC on curve {}",
                    curve.unwrap_or("(none given)")
                )));
            }
            (oid, _) => return Err(KeyError::UnsupportedAlgorithm(oid.to_owned())),
        };
        Self::checked(algorithm, key_bytes.to_vec(), der_bytes.to_vec())
    }

    /// Reads a DER PKCS#1 `RSAPublicKey`.
    pub fn from_pkcs1_der(der_bytes: &[u8]) -> Result<Self, KeyError> {
        let (modulus, exponent) =
            rsa_components(der_bytes).map_err(|error| KeyError::Malformed {
                form: "PKCS#1 RSA public key",
                reason: error.to_string(),
            })?;
        let bits = modulus_bits(modulus);
        if !(2048..=4096).contains(&bits) {
            return Err(KeyError::RsaSize(bits));
        }
        let pkcs1 = der::rsa_public_key(modulus, exponent);
        let spki = der::spki(der::RSA_ALGORITHM, &pkcs1);
        Self::checked(Algorithm::Rsa(bits), pkcs1, spki)
    }

    /// A key from the bytes its verifier takes, with its SPKI built around them.
    pub fn from_raw(algorithm: Algorithm, raw: Vec<u8>) -> Result<Self, KeyError> {
        let algorithm_identifier = match algorithm {
            Algorithm::Ed25519 => der::ED25519_ALGORITHM,
            Algorithm::EcdsaP256 => der::P256_ALGORITHM,
            Algorithm::EcdsaP384 => der::P384_ALGORITHM,
            Algorithm::Rsa(_) => return Self::from_pkcs1_der(&raw),
        };
        let spki = der::spki(algorithm_identifier, &raw);
        Self::checked(algorithm, raw, spki)
    }

    /// Reads a minisign public key: the base64 line (`RW…`), alone or after its untrusted
    /// comment line.
    fn from_minisign(text: &str) -> Result<Self, KeyError> {
        let line = text
            .lines()
            .find(|line| !line.starts_with("untrusted comment:"))
            .unwrap_or_default();
        let malformed = |reason: &str| KeyError::Malformed {
            form: "minisign public key",
            reason: reason.to_owned(),
        };
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(line.trim())
            .map_err(|_| malformed("invalid base64"))?;
        if bytes.len() != 42 || &bytes[..2] != b"Ed" {
            return Err(malformed(
                "not an Ed25519 minisign key (42 bytes starting with Ed)",
            ));
        }
        let mut key = Self::from_raw(Algorithm::Ed25519, bytes[10..].to_vec())?;
        let mut key_id = [0; 8];
        key_id.copy_from_slice(&bytes[2..10]);
        key.minisign_key_id = Some(key_id);
        Ok(key)
    }

    /// The key id of a key read as a minisign public key.
    pub fn minisign_key_id(&self) -> Option<[u8; 8]> {
        self.minisign_key_id
    }

    /// Accepts the key only when the cryptographic library takes it as a valid key.
    fn checked(algorithm: Algorithm, raw: Vec<u8>, spki: Vec<u8>) -> Result<Self, KeyError> {
        let key = Self {
            algorithm,
            raw,
            spki,
            minisign_key_id: None,
        };
        crate::scheme::validate(&key).map_err(|()| KeyError::Invalid(algorithm))?;
        Ok(key)
    }

    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The key id: SHA-256 of the SPKI DER, in lowercase hex.
    pub fn id(&self) -> String {
        crate::hex(&Sha256::digest(&self.spki))
    }

    pub fn spki_der(&self) -> &[u8] {
        &self.spki
    }

    /// The SPKI as a PEM `PUBLIC KEY` block.
    pub fn to_pem(&self) -> String {
        pem::encode("PUBLIC KEY", &self.spki)
    }

    /// The bytes the verifier takes: Ed25519's 32 bytes, an uncompressed EC point, or a PKCS#1
    /// `RSAPublicKey` in DER.
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }
}

/// A bare minisign public key: 56 base64 characters, `Ed` encoding as `RW`.
fn looks_like_minisign(text: &str) -> bool {
    let line = text.trim();
    line.len() == 56 && line.starts_with("RW") && !line.contains(char::is_whitespace)
}

/// The modulus and public exponent of a PKCS#1 `RSAPublicKey`, with nothing after it.
fn rsa_components(der_bytes: &[u8]) -> Result<(&[u8], &[u8]), spki::der::Error> {
    let mut reader = SliceReader::new(der_bytes)?;
    let components = reader.sequence(|sequence| {
        let modulus = UintRef::decode(sequence)?;
        let exponent = UintRef::decode(sequence)?;
        Ok((modulus.as_bytes(), exponent.as_bytes()))
    })?;
    reader.finish(components)
}

fn modulus_bits(modulus: &[u8]) -> u32 {
    let Some(first) = modulus.iter().position(|&byte| byte != 0) else {
        return 0;
    };
    let significant = u32::try_from(modulus.len() - first).unwrap_or(u32::MAX);
    significant.saturating_mul(8) - modulus[first].leading_zeros()
}
