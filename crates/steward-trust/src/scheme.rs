//! Signature schemes, and verifying a signature under one. The rules are constant: an Ed25519
//! key verifies Ed25519, a P-256 key ECDSA with SHA-256, a P-384 key ECDSA with SHA-384; an RSA
//! key verifies only the padding and hash it was declared with. All cryptography is aws-lc-rs.

use aws_lc_rs::signature::{self, ParsedPublicKey, VerificationAlgorithm};

use crate::key::{Algorithm, PublicKey};

/// How a signature was made: the key's algorithm, and for RSA the padding and hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    Ed25519,
    EcdsaP256Sha256,
    EcdsaP384Sha384,
    RsaPkcs1Sha256,
    RsaPkcs1Sha384,
    RsaPkcs1Sha512,
    RsaPssSha256,
    RsaPssSha384,
    RsaPssSha512,
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("a {algorithm} key cannot verify {scheme}")]
    SchemeDoesNotFitKey {
        scheme: &'static str,
        algorithm: Algorithm,
    },
    #[error("an RSA key needs its scheme given (one of {})", Scheme::RSA_NAMES.join(", "))]
    RsaSchemeNotGiven,
    #[error("unknown signature scheme {0:?}")]
    UnknownScheme(String),
    #[error("the signature does not verify")]
    Invalid,
}

impl Scheme {
    const ALL: [Self; 9] = [
        Self::Ed25519,
        Self::EcdsaP256Sha256,
        Self::EcdsaP384Sha384,
        Self::RsaPkcs1Sha256,
        Self::RsaPkcs1Sha384,
        Self::RsaPkcs1Sha512,
        Self::RsaPssSha256,
        Self::RsaPssSha384,
        Self::RsaPssSha512,
    ];
    const RSA_NAMES: [&str; 6] = [
        "rsa-pkcs1v15-sha256",
        "rsa-pkcs1v15-sha384",
        "rsa-pkcs1v15-sha512",
        "rsa-pss-sha256",
        "rsa-pss-sha384",
        "rsa-pss-sha512",
    ];

    pub fn name(self) -> &'static str {
        match self {
            Self::Ed25519 => "ed25519",
            Self::EcdsaP256Sha256 => "ecdsa-p256-sha256",
            Self::EcdsaP384Sha384 => "ecdsa-p384-sha384",
            Self::RsaPkcs1Sha256 => Self::RSA_NAMES[0],
            Self::RsaPkcs1Sha384 => Self::RSA_NAMES[1],
            Self::RsaPkcs1Sha512 => Self::RSA_NAMES[2],
            Self::RsaPssSha256 => Self::RSA_NAMES[3],
            Self::RsaPssSha384 => Self::RSA_NAMES[4],
            Self::RsaPssSha512 => Self::RSA_NAMES[5],
        }
    }

    pub fn from_name(name: &str) -> Result<Self, SignatureError> {
        Self::ALL
            .into_iter()
            .find(|scheme| scheme.name() == name)
            .ok_or_else(|| SignatureError::UnknownScheme(name.to_owned()))
    }

    /// The one scheme a key of `algorithm` verifies, or for RSA, `scheme` if it is an RSA one.
    pub fn for_key(algorithm: Algorithm, scheme: Option<Self>) -> Result<Self, SignatureError> {
        let fixed = match algorithm {
            Algorithm::Ed25519 => Self::Ed25519,
            Algorithm::EcdsaP256 => Self::EcdsaP256Sha256,
            Algorithm::EcdsaP384 => Self::EcdsaP384Sha384,
            Algorithm::Rsa(_) => scheme.ok_or(SignatureError::RsaSchemeNotGiven)?,
        };
        match scheme {
            Some(scheme) if scheme != fixed || !scheme.fits(algorithm) => {
                Err(SignatureError::SchemeDoesNotFitKey {
                    scheme: scheme.name(),
                    algorithm,
                })
            }
            _ => Ok(fixed),
        }
    }

    fn fits(self, algorithm: Algorithm) -> bool {
        match self {
            Self::Ed25519 => algorithm == Algorithm::Ed25519,
            Self::EcdsaP256Sha256 => algorithm == Algorithm::EcdsaP256,
            Self::EcdsaP384Sha384 => algorithm == Algorithm::EcdsaP384,
            _ => matches!(algorithm, Algorithm::Rsa(_)),
        }
    }

    /// The algorithm aws-lc-rs verifies with; for ECDSA, the DER (ASN.1) signature encoding.
    fn verification_algorithm(self) -> &'static dyn VerificationAlgorithm {
        match self {
            Self::Ed25519 => &signature::ED25519,
            Self::EcdsaP256Sha256 => &signature::ECDSA_P256_SHA256_ASN1,
            Self::EcdsaP384Sha384 => &signature::ECDSA_P384_SHA384_ASN1,
            Self::RsaPkcs1Sha256 => &signature::RSA_PKCS1_2048_8192_SHA256,
            Self::RsaPkcs1Sha384 => &signature::RSA_PKCS1_2048_8192_SHA384,
            Self::RsaPkcs1Sha512 => &signature::RSA_PKCS1_2048_8192_SHA512,
            Self::RsaPssSha256 => &signature::RSA_PSS_2048_8192_SHA256,
            Self::RsaPssSha384 => &signature::RSA_PSS_2048_8192_SHA384,
            Self::RsaPssSha512 => &signature::RSA_PSS_2048_8192_SHA512,
        }
    }

    /// ECDSA's fixed-size (IEEE P1363, `r || s`) encoding, and its length.
    fn fixed_size_algorithm(self) -> Option<(&'static dyn VerificationAlgorithm, usize)> {
        match self {
            Self::EcdsaP256Sha256 => Some((&signature::ECDSA_P256_SHA256_FIXED, 64)),
            Self::EcdsaP384Sha384 => Some((&signature::ECDSA_P384_SHA384_FIXED, 96)),
            _ => None,
        }
    }
}

/// Checks that aws-lc-rs takes the key as a valid key of its algorithm (point on the curve,
/// RSA modulus and exponent acceptable).
pub(crate) fn validate(key: &PublicKey) -> Result<(), ()> {
    let scheme = match key.algorithm() {
        Algorithm::Rsa(_) => Scheme::RsaPkcs1Sha256,
        algorithm => Scheme::for_key(algorithm, None).map_err(|_| ())?,
    };
    ParsedPublicKey::new(scheme.verification_algorithm(), key.raw())
        .map(|_| ())
        .map_err(|_| ())
}

/// A public key bound to the one scheme it verifies, parsed once for many verifications.
#[derive(Clone)]
pub struct VerifyingKey {
    key: PublicKey,
    scheme: Scheme,
    parsed: ParsedPublicKey,
    fixed_size: Option<(ParsedPublicKey, usize)>,
}

impl std::fmt::Debug for VerifyingKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("VerifyingKey")
            .field("key", &self.key.id())
            .field("scheme", &self.scheme)
            .finish_non_exhaustive()
    }
}

impl VerifyingKey {
    /// Binds `key` to its scheme: the fixed one for EC and Ed25519 keys (where `scheme`, if
    /// given, must be it), the given one for RSA.
    pub fn new(key: PublicKey, scheme: Option<Scheme>) -> Result<Self, SignatureError> {
        let scheme = Scheme::for_key(key.algorithm(), scheme)?;
        let parse = |algorithm| {
            ParsedPublicKey::new(algorithm, key.raw()).map_err(|_| SignatureError::Invalid)
        };
        let parsed = parse(scheme.verification_algorithm())?;
        let fixed_size = match scheme.fixed_size_algorithm() {
            Some((algorithm, length)) => Some((parse(algorithm)?, length)),
            None => None,
        };
        Ok(Self {
            key,
            scheme,
            parsed,
            fixed_size,
        })
    }

    pub fn key(&self) -> &PublicKey {
        &self.key
    }

    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Verifies `signature` over exactly `message`. An ECDSA signature may be DER or, when it
    /// has exactly the fixed size, `r || s`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), SignatureError> {
        if self.parsed.verify_sig(message, signature).is_ok() {
            return Ok(());
        }
        match &self.fixed_size {
            Some((parsed, length)) if signature.len() == *length => parsed
                .verify_sig(message, signature)
                .map_err(|_| SignatureError::Invalid),
            _ => Err(SignatureError::Invalid),
        }
    }
}
