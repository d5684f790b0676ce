//! Trust, free of I/O: who signed what, checked over exactly the signed bytes.
//!
//! - [`key`]: public keys from SPKI, PKCS#1 and OpenSSH, with SHA-256 key ids.
//! - [`scheme`]: signature schemes and [`VerifyingKey`], verification under constant rules.
//! - [`signing`]: private keys steward makes (Ed25519, ECDSA P-256) and signs with.
//! - [`encrypted_key`]: password-encrypted PKCS#8 private keys (PBES2).
//! - [`detached`]: detached signatures over a file: OpenSSH's SSHSIG and minisign.
//! - [`openpgp`]: OpenPGP keyrings, detached signatures and cleartext-signed messages.
//! - [`dsse`]: DSSE envelopes; only a payload a trusted key signed is handed on.
//! - [`statement`]: in-toto statements and matching artifacts to their subjects.
//! - [`decision`]: decisions (author, review, test, release, suppress, revoke) as predicates.
//! - [`provenance`]: SLSA provenance v1 and v0.2: builder, build type, source.
//! - [`layout`]: in-toto v0.9 layouts and links, with [`artifact_rules`] and
//!   [`canonical_json`].
//! - [`policy`]: a trust policy — named signers, rules with thresholds — and the network of
//!   trust built from signed vouching and revocation statements.
//! - [`verdict`]: whether artifacts verify against attestations or a bundle, and why.
//! - [`npm`]: npm's registry keys, registry signatures and publish attestations.
//! - [`sigstore`]: Sigstore bundles, verified offline against a trusted root.
//! - [`pem`]: PEM blocks.
//!
//! Every cryptographic operation is aws-lc-rs's, except OpenPGP's (rPGP's); this crate
//! decides which one applies.

pub mod artifact_rules;
pub mod canonical_json;
pub mod decision;
mod der;
pub mod detached;
pub mod dsse;
pub mod encrypted_key;
pub mod key;
pub mod layout;
pub mod npm;
pub mod openpgp;
pub mod pem;
pub mod policy;
pub mod provenance;
pub mod scheme;
pub mod signing;
pub mod sigstore;
mod ssh;
pub mod statement;
pub mod verdict;

pub use dsse::{Envelope, VerifiedPayload};
pub use key::{Algorithm, KeyError, PublicKey};
pub use scheme::{Scheme, SignatureError, VerifyingKey};
pub use signing::{SigningAlgorithm, SigningKey};
pub use statement::{ArtifactDigests, Statement, Subject, SubjectMatch};

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        _ = write!(out, "{byte:02x}");
    }
    out
}

/// The bytes of lowercase or uppercase hex `text`; `None` when it is not hex of whole bytes.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.bytes().all(|byte| byte.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|index| u8::from_str_radix(&text[index..index + 2], 16).ok())
        .collect()
}
