//! Detached signatures over a file: OpenSSH's SSHSIG (`ssh-keygen -Y sign`) and minisign.
//! Each is verified over exactly the bytes its format signs, with the key given, under the same
//! constant rules as every other signature.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256, Sha512};

use crate::key::{Algorithm, KeyError, PublicKey};
use crate::pem;
use crate::scheme::{Scheme, VerifyingKey};
use crate::ssh::{self, WireReader};

/// Why a detached signature was not read or does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DetachedError {
    #[error("not an SSH signature (SSHSIG) or a minisign signature")]
    UnknownFormat,
    #[error("malformed {format} signature: {reason}")]
    Malformed {
        format: &'static str,
        reason: String,
    },
    #[error("the signature is in namespace {found:?}, not {expected:?}")]
    Namespace { expected: String, found: String },
    #[error("signed by the key {found}, not the key given ({expected})")]
    OtherKey { expected: String, found: String },
    #[error("{0} is not supported")]
    Unsupported(String),
    #[error("the signature's key: {0}")]
    Key(#[from] KeyError),
    #[error("the signature does not verify")]
    Invalid,
    #[error("the trusted comment's signature does not verify")]
    TrustedCommentInvalid,
}

/// A detached signature, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DetachedSignature {
    Ssh(SshSignature),
    Minisign(MinisignSignature),
}

/// An SSHSIG signature (OpenSSH's `PROTOCOL.sshsig`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshSignature {
    pub key: PublicKey,
    pub namespace: String,
    hash_algorithm: String,
    signature_type: String,
    signature: Vec<u8>,
    reserved: Vec<u8>,
}

/// A minisign signature: the legacy `Ed` form (Ed25519 over the file) or the prehashed `ED`
/// form (Ed25519 over the file's BLAKE2b-512), minisign's default since 0.11.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinisignSignature {
    prehashed: bool,
    key_id: [u8; 8],
    signature: Vec<u8>,
    pub trusted_comment: String,
    global_signature: Vec<u8>,
}

/// What a verified detached signature says besides "valid".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetachedVerified {
    pub format: &'static str,
    /// The SSH namespace, or minisign's trusted comment.
    pub detail: String,
}

fn malformed(format: &'static str, reason: impl Into<String>) -> DetachedError {
    DetachedError::Malformed {
        format,
        reason: reason.into(),
    }
}

impl DetachedSignature {
    /// Reads an armored SSH signature or a minisign signature file.
    pub fn parse(bytes: &[u8]) -> Result<Self, DetachedError> {
        let text = std::str::from_utf8(bytes).map_err(|_| DetachedError::UnknownFormat)?;
        if text
            .trim_start()
            .starts_with("-----BEGIN SSH SIGNATURE-----")
        {
            return SshSignature::parse(text).map(Self::Ssh);
        }
        if text.starts_with("untrusted comment:") {
            return MinisignSignature::parse(text).map(Self::Minisign);
        }
        Err(DetachedError::UnknownFormat)
    }

    /// Verifies the signature over `message` with `key`; an SSH signature must be in
    /// `namespace` (`file` when none is given, as `ssh-keygen -Y sign` defaults).
    pub fn verify(
        &self,
        message: &[u8],
        key: &PublicKey,
        namespace: Option<&str>,
    ) -> Result<DetachedVerified, DetachedError> {
        match self {
            Self::Ssh(signature) => signature.verify(message, key, namespace.unwrap_or("file")),
            Self::Minisign(signature) => signature.verify(message, key),
        }
    }
}

impl SshSignature {
    const FORMAT: &'static str = "SSH";

    fn parse(text: &str) -> Result<Self, DetachedError> {
        let block =
            pem::decode(text).map_err(|error| malformed(Self::FORMAT, error.to_string()))?;
        let wire = |error: KeyError| malformed(Self::FORMAT, error.to_string());
        let blob = block.der;
        let magic = blob
            .get(..6)
            .ok_or_else(|| malformed(Self::FORMAT, "truncated"))?;
        if magic != b"SSHSIG" {
            return Err(malformed(Self::FORMAT, "no SSHSIG preamble"));
        }
        let mut reader = WireReader::new(&blob[6..]);
        let version = reader.uint32().map_err(wire)?;
        if version != 1 {
            return Err(DetachedError::Unsupported(format!(
                "SSHSIG version {version}"
            )));
        }
        let key = ssh::from_wire(reader.string().map_err(wire)?)?;
        let namespace = text_field(reader.string().map_err(wire)?)?;
        let reserved = reader.string().map_err(wire)?.to_vec();
        let hash_algorithm = text_field(reader.string().map_err(wire)?)?;
        let mut signature_blob = WireReader::new(reader.string().map_err(wire)?);
        if !reader.is_empty() {
            return Err(malformed(Self::FORMAT, "bytes after the signature"));
        }
        let signature_type = text_field(signature_blob.string().map_err(wire)?)?;
        let signature = signature_blob.string().map_err(wire)?.to_vec();
        Ok(Self {
            key,
            namespace,
            hash_algorithm,
            signature_type,
            signature,
            reserved,
        })
    }

    fn verify(
        &self,
        message: &[u8],
        key: &PublicKey,
        namespace: &str,
    ) -> Result<DetachedVerified, DetachedError> {
        if self.key != *key {
            return Err(DetachedError::OtherKey {
                expected: key.id(),
                found: self.key.id(),
            });
        }
        if self.namespace != namespace {
            return Err(DetachedError::Namespace {
                expected: namespace.to_owned(),
                found: self.namespace.clone(),
            });
        }
        let digest = match self.hash_algorithm.as_str() {
            "sha256" => Sha256::digest(message).to_vec(),
            "sha512" => Sha512::digest(message).to_vec(),
            other => {
                return Err(DetachedError::Unsupported(format!(
                    "SSHSIG hash algorithm {other:?}"
                )));
            }
        };
        let mut signed = b"SSHSIG".to_vec();
        for field in [
            self.namespace.as_bytes(),
            &self.reserved,
            self.hash_algorithm.as_bytes(),
            &digest,
        ] {
            put_string(&mut signed, field);
        }
        let (scheme, signature) = self.scheme_and_signature(key.algorithm())?;
        let verifying =
            VerifyingKey::new(key.clone(), Some(scheme)).map_err(|_| DetachedError::Invalid)?;
        verifying
            .verify(&signed, &signature)
            .map_err(|_| DetachedError::Invalid)?;
        Ok(DetachedVerified {
            format: "SSH",
            detail: format!("namespace {}", self.namespace),
        })
    }

    /// The scheme the signature type names for this key, and the signature as it verifies.
    fn scheme_and_signature(
        &self,
        algorithm: Algorithm,
    ) -> Result<(Scheme, Vec<u8>), DetachedError> {
        let scheme = match (self.signature_type.as_str(), algorithm) {
            ("ssh-ed25519", Algorithm::Ed25519) => Scheme::Ed25519,
            ("ecdsa-sha2-nistp256", Algorithm::EcdsaP256) => Scheme::EcdsaP256Sha256,
            ("ecdsa-sha2-nistp384", Algorithm::EcdsaP384) => Scheme::EcdsaP384Sha384,
            ("rsa-sha2-256", Algorithm::Rsa(_)) => Scheme::RsaPkcs1Sha256,
            ("rsa-sha2-512", Algorithm::Rsa(_)) => Scheme::RsaPkcs1Sha512,
            (other, _) => {
                return Err(DetachedError::Unsupported(format!(
                    "SSH signature type {other:?} for a {algorithm} key"
                )));
            }
        };
        let signature = match algorithm {
            Algorithm::EcdsaP256 => fixed_size_ecdsa(&self.signature, 32)?,
            Algorithm::EcdsaP384 => fixed_size_ecdsa(&self.signature, 48)?,
            _ => self.signature.clone(),
        };
        Ok((scheme, signature))
    }
}

/// SSH's ECDSA signature (`mpint r`, `mpint s`) as `r || s`, each `width` bytes.
fn fixed_size_ecdsa(blob: &[u8], width: usize) -> Result<Vec<u8>, DetachedError> {
    let wire = |error: KeyError| malformed("SSH", error.to_string());
    let mut reader = WireReader::new(blob);
    let mut fixed = Vec::with_capacity(width * 2);
    for _ in 0..2 {
        let integer = reader.string().map_err(wire)?;
        let first = integer
            .iter()
            .position(|&byte| byte != 0)
            .unwrap_or(integer.len());
        let significant = &integer[first..];
        if significant.len() > width {
            return Err(malformed("SSH", "an ECDSA integer is too long"));
        }
        fixed.extend(std::iter::repeat_n(0, width - significant.len()));
        fixed.extend_from_slice(significant);
    }
    if !reader.is_empty() {
        return Err(malformed("SSH", "bytes after the ECDSA signature"));
    }
    Ok(fixed)
}

fn put_string(out: &mut Vec<u8>, field: &[u8]) {
    out.extend_from_slice(&u32::try_from(field.len()).unwrap_or(u32::MAX).to_be_bytes());
    out.extend_from_slice(field);
}

fn text_field(bytes: &[u8]) -> Result<String, DetachedError> {
    String::from_utf8(bytes.to_vec()).map_err(|_| malformed("SSH", "a name is not text"))
}

impl MinisignSignature {
    const FORMAT: &'static str = "minisign";

    fn parse(text: &str) -> Result<Self, DetachedError> {
        let mut lines = text.lines();
        let (_, Some(signature_line), Some(comment_line), Some(global_line)) =
            (lines.next(), lines.next(), lines.next(), lines.next())
        else {
            return Err(malformed(Self::FORMAT, "expected four lines"));
        };
        let decode = |line: &str| {
            STANDARD
                .decode(line.trim())
                .map_err(|_| malformed(Self::FORMAT, "invalid base64"))
        };
        let signature_bytes = decode(signature_line)?;
        if signature_bytes.len() != 74 {
            return Err(malformed(
                Self::FORMAT,
                "the signature line is not 74 bytes",
            ));
        }
        let prehashed = match &signature_bytes[..2] {
            b"Ed" => false,
            b"ED" => true,
            _ => {
                return Err(DetachedError::Unsupported(
                    "a minisign algorithm other than Ed25519".to_owned(),
                ));
            }
        };
        let trusted_comment = comment_line
            .strip_prefix("trusted comment: ")
            .ok_or_else(|| malformed(Self::FORMAT, "no trusted comment line"))?
            .to_owned();
        let global_signature = decode(global_line)?;
        if global_signature.len() != 64 {
            return Err(malformed(
                Self::FORMAT,
                "the global signature is not 64 bytes",
            ));
        }
        let mut key_id = [0; 8];
        key_id.copy_from_slice(&signature_bytes[2..10]);
        Ok(Self {
            prehashed,
            key_id,
            signature: signature_bytes[10..].to_vec(),
            trusted_comment,
            global_signature,
        })
    }

    fn verify(&self, message: &[u8], key: &PublicKey) -> Result<DetachedVerified, DetachedError> {
        if let Some(expected) = key.minisign_key_id()
            && expected != self.key_id
        {
            return Err(DetachedError::OtherKey {
                expected: crate::hex(&expected),
                found: crate::hex(&self.key_id),
            });
        }
        let verifying = VerifyingKey::new(key.clone(), Some(Scheme::Ed25519))
            .map_err(|_| DetachedError::Invalid)?;
        let signed = if self.prehashed {
            <blake2::Blake2b512 as blake2::Digest>::digest(message).to_vec()
        } else {
            message.to_vec()
        };
        verifying
            .verify(&signed, &self.signature)
            .map_err(|_| DetachedError::Invalid)?;
        let global = [self.signature.as_slice(), self.trusted_comment.as_bytes()].concat();
        verifying
            .verify(&global, &self.global_signature)
            .map_err(|_| DetachedError::TrustedCommentInvalid)?;
        Ok(DetachedVerified {
            format: "minisign",
            detail: self.trusted_comment.clone(),
        })
    }
}
