//! Private keys steward makes and signs with: Ed25519 and ECDSA P-256, kept as PKCS#8, plain or
//! encrypted under a password ([`crate::encrypted_key`]). The key bytes never appear in `Debug`
//! output or in an error.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_ASN1_SIGNING, EcdsaKeyPair, Ed25519KeyPair, KeyPair as _,
};

use crate::encrypted_key::{self, EncryptedKeyError};
use crate::key::{Algorithm, KeyError, PublicKey};
use crate::pem;
use crate::scheme::Scheme;

/// The algorithms `steward key generate` makes keys for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigningAlgorithm {
    Ed25519,
    EcdsaP256,
}

/// Why a private key could not be made, read or used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigningError {
    #[error("the system random number generator failed")]
    Random,
    #[error("not a PKCS#8 private key: {0}")]
    NotPrivateKey(String),
    #[error("an encrypted private key, and no password was given")]
    Encrypted,
    #[error(transparent)]
    Password(#[from] EncryptedKeyError),
    #[error("not an Ed25519 or ECDSA P-256 private key")]
    UnsupportedKey,
    #[error("signing failed")]
    Sign,
    #[error(transparent)]
    PublicKey(#[from] KeyError),
}

enum Pair {
    Ed25519(Ed25519KeyPair),
    EcdsaP256(EcdsaKeyPair),
}

/// A private key, ready to sign.
pub struct SigningKey {
    pair: Pair,
    pkcs8: Vec<u8>,
    public: PublicKey,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SigningKey")
            .field("public", &self.public.id())
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// Makes a new key from the system's random number generator. An Ed25519 key is kept as
    /// PKCS#8 v1 (RFC 5208), which OpenSSL 3.0 reads; it cannot read v2 (RFC 5958).
    pub fn generate(algorithm: SigningAlgorithm) -> Result<Self, SigningError> {
        let random = SystemRandom::new();
        let document = match algorithm {
            SigningAlgorithm::Ed25519 => Ed25519KeyPair::generate()
                .and_then(|pair| pair.to_pkcs8v1())
                .map_err(|_| SigningError::Random)?,
            SigningAlgorithm::EcdsaP256 => {
                EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, &random)
                    .map_err(|_| SigningError::Random)?
            }
        };
        Self::from_pkcs8_der(document.as_ref())
    }

    /// The Ed25519 key whose private half is `seed` (RFC 8032), as signed-note private keys
    /// carry it.
    pub fn from_ed25519_seed(seed: &[u8; 32]) -> Result<Self, SigningError> {
        let pair =
            Ed25519KeyPair::from_seed_unchecked(seed).map_err(|_| SigningError::UnsupportedKey)?;
        let document = pair
            .to_pkcs8v1()
            .map_err(|_| SigningError::UnsupportedKey)?;
        Self::from_pkcs8_der(document.as_ref())
    }

    /// Reads a PEM `PRIVATE KEY` (unencrypted PKCS#8), or an `ENCRYPTED PRIVATE KEY` with
    /// `password`.
    pub fn from_pem(text: &str, password: Option<&[u8]>) -> Result<Self, SigningError> {
        let block =
            pem::decode(text).map_err(|error| SigningError::NotPrivateKey(error.to_string()))?;
        match (block.label.as_str(), password) {
            ("PRIVATE KEY", _) => Self::from_pkcs8_der(&block.der),
            ("ENCRYPTED PRIVATE KEY", Some(password)) => {
                Self::from_pkcs8_der(&encrypted_key::decrypt(&block.der, password)?)
            }
            ("ENCRYPTED PRIVATE KEY", None) => Err(SigningError::Encrypted),
            (label, _) => Err(SigningError::NotPrivateKey(format!("a {label:?} block"))),
        }
    }

    /// Reads a DER PKCS#8 private key of a supported algorithm.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, SigningError> {
        let (pair, algorithm, public) = if let Ok(pair) = Ed25519KeyPair::from_pkcs8(der) {
            let public = pair.public_key().as_ref().to_vec();
            (Pair::Ed25519(pair), Algorithm::Ed25519, public)
        } else if let Ok(pair) = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, der) {
            let public = pair.public_key().as_ref().to_vec();
            (Pair::EcdsaP256(pair), Algorithm::EcdsaP256, public)
        } else {
            return Err(SigningError::UnsupportedKey);
        };
        let public = PublicKey::from_raw(algorithm, public)?;
        Ok(Self {
            pair,
            pkcs8: der.to_vec(),
            public,
        })
    }

    /// The private key as a PEM `PRIVATE KEY` block. Whoever calls this writes a secret.
    pub fn to_pkcs8_pem(&self) -> String {
        pem::encode("PRIVATE KEY", &self.pkcs8)
    }

    /// The private key encrypted under `password`, as a PEM `ENCRYPTED PRIVATE KEY` block.
    pub fn to_encrypted_pem(&self, password: &[u8]) -> Result<String, SigningError> {
        let der = encrypted_key::encrypt(&self.pkcs8, password)?;
        Ok(pem::encode("ENCRYPTED PRIVATE KEY", &der))
    }

    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    pub fn scheme(&self) -> Scheme {
        match self.pair {
            Pair::Ed25519(_) => Scheme::Ed25519,
            Pair::EcdsaP256(_) => Scheme::EcdsaP256Sha256,
        }
    }

    /// Signs exactly `message`; ECDSA signatures are DER.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, SigningError> {
        match &self.pair {
            Pair::Ed25519(pair) => Ok(pair.sign(message).as_ref().to_vec()),
            Pair::EcdsaP256(pair) => pair
                .sign(&SystemRandom::new(), message)
                .map(|signature| signature.as_ref().to_vec())
                .map_err(|_| SigningError::Sign),
        }
    }
}
