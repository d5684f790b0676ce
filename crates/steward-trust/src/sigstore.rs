//! Sigstore bundles (v0.1, v0.2, v0.3), verified offline by the pinned `sigstore-verify` crate:
//! the certificate chain to the Fulcio root valid at signing time, SCTs, Rekor inclusion proofs
//! with their signed checkpoints or inclusion promises, RFC 3161 timestamps, and the signature
//! over the artifact or the DSSE envelope. This module decides what is asked of it — which
//! identity, which root — and says why a bundle fails in steward's words.

use regex::Regex;
use sigstore_verify::trust_root::SIGSTORE_PRODUCTION_TRUSTED_ROOT;
pub use sigstore_verify::trust_root::TrustedRoot;
pub use sigstore_verify::types::Bundle;
use sigstore_verify::types::{ArtifactDigest, DerPublicKey, HashAlgorithm, SignatureContent};
use sigstore_verify::{
    Error as LibraryError, PublicKeyVerificationPolicy, VerificationPolicy, Verifier,
};

use crate::key::PublicKey;

/// Who must have signed: a certificate identity from an OIDC issuer, or a key.
#[derive(Debug, Clone)]
pub enum Signer {
    /// The certificate's SAN equals `subject` and its issuer extension equals `issuer`.
    Identity { subject: String, issuer: String },
    /// The SAN matches `pattern` (anchored at both ends) and the issuer equals `issuer`.
    IdentityPattern { pattern: Regex, issuer: String },
    /// A key-signed bundle, by this key.
    Key(PublicKey),
}

/// What was signed: the artifact's bytes, or only a digest of them.
#[derive(Debug, Clone, Copy)]
pub enum Artifact<'a> {
    Bytes(&'a [u8]),
    Sha256(&'a [u8; 32]),
    Sha512(&'a [u8; 64]),
}

/// Why a bundle did not verify, by the stage it failed at.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigstoreError {
    #[error("the trusted root is unusable: {0}")]
    TrustedRoot(String),
    #[error("the bundle is malformed or unsupported: {0}")]
    Bundle(String),
    #[error("the certificate identity {found:?} does not match {expected}")]
    IdentityMismatch { expected: String, found: String },
    #[error("the certificate's OIDC issuer {found:?} is not {expected:?}")]
    IssuerMismatch { expected: String, found: String },
    #[error("the bundle does not verify: {0}")]
    Verification(String),
}

/// What a verified bundle establishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigstoreVerified {
    /// The certificate's SAN, when certificate-signed.
    pub identity: Option<String>,
    pub issuer: Option<String>,
    /// The earliest verified signing time, in seconds since the Unix epoch.
    pub signed_at: Option<i64>,
    pub media_type: String,
    /// The DSSE payload type and payload, when the bundle carries an envelope.
    pub payload: Option<(String, Vec<u8>)>,
}

/// The public-good Sigstore trusted root embedded in steward, or one given as JSON.
pub fn trusted_root(json: Option<&str>) -> Result<TrustedRoot, SigstoreError> {
    TrustedRoot::from_json(json.unwrap_or(SIGSTORE_PRODUCTION_TRUSTED_ROOT))
        .map_err(|error| SigstoreError::TrustedRoot(error.to_string()))
}

/// Reads a bundle — or npm's attestations document for a package version (what
/// `registry.npmjs.org/-/npm/v1/attestations/NAME@VERSION` returns), taking its SLSA
/// provenance bundle; or a PyPI (PEP 740) attestation or provenance object, taking its
/// (first) attestation as the bundle it stands for.
pub fn parse_bundle(json: &str) -> Result<Bundle, SigstoreError> {
    let converted = match npm_attestation_bundle(json, "https://slsa.dev/provenance/")? {
        Some(bundle) => Some(bundle),
        None => pep740_bundle(json)?,
    };
    Bundle::from_json(converted.as_deref().unwrap_or(json))
        .map_err(|error| SigstoreError::Bundle(error.to_string()))
}

/// A PEP 740 attestation (or the first of a PyPI provenance object) as the v0.3 bundle it
/// stands for: the certificate, the log entries, and a DSSE envelope of the statement with its
/// one signature. `None` when `json` is neither.
fn pep740_bundle(json: &str) -> Result<Option<String>, SigstoreError> {
    #[derive(serde::Deserialize)]
    struct Provenance {
        attestation_bundles: Vec<AttestationBundle>,
    }
    #[derive(serde::Deserialize)]
    struct AttestationBundle {
        attestations: Vec<Attestation>,
    }
    #[derive(serde::Deserialize)]
    struct Attestation {
        version: u32,
        verification_material: Material,
        envelope: Pep740Envelope,
    }
    #[derive(serde::Deserialize)]
    struct Material {
        certificate: String,
        transparency_entries: Vec<serde_json::Value>,
    }
    #[derive(serde::Deserialize)]
    struct Pep740Envelope {
        statement: String,
        signature: String,
    }
    let attestation = if let Ok(provenance) = serde_json::from_str::<Provenance>(json) {
        provenance
            .attestation_bundles
            .into_iter()
            .flat_map(|bundle| bundle.attestations)
            .next()
            .ok_or_else(|| {
                SigstoreError::Bundle("the PyPI provenance holds no attestation".to_owned())
            })?
    } else if let Ok(attestation) = serde_json::from_str::<Attestation>(json) {
        attestation
    } else {
        return Ok(None);
    };
    if attestation.version != 1 {
        return Err(SigstoreError::Bundle(format!(
            "PEP 740 attestation version {}",
            attestation.version
        )));
    }
    let bundle = serde_json::json!({
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {
            "certificate": {"rawBytes": attestation.verification_material.certificate},
            "tlogEntries": attestation.verification_material.transparency_entries,
        },
        "dsseEnvelope": {
            "payload": attestation.envelope.statement,
            "payloadType": crate::statement::PAYLOAD_TYPE,
            "signatures": [{"sig": attestation.envelope.signature}],
        },
    });
    Ok(Some(bundle.to_string()))
}

/// The bundle of the attestation whose predicate type starts with `predicate_type` in an npm
/// attestations document; `None` when `json` is not one.
pub(crate) fn npm_attestation_bundle(
    json: &str,
    predicate_type: &str,
) -> Result<Option<String>, SigstoreError> {
    #[derive(serde::Deserialize)]
    struct Document {
        attestations: Vec<Attestation>,
    }
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Attestation {
        predicate_type: String,
        /// Kept as written: the DSSE envelope inside is checked against the log byte for byte.
        bundle: Box<serde_json::value::RawValue>,
    }
    let Ok(document) = serde_json::from_str::<Document>(json) else {
        return Ok(None);
    };
    let attestation = document
        .attestations
        .into_iter()
        .find(|attestation| attestation.predicate_type.starts_with(predicate_type))
        .ok_or_else(|| {
            SigstoreError::Bundle(format!("the npm attestations carry no {predicate_type}"))
        })?;
    Ok(Some(attestation.bundle.get().to_owned()))
}

/// Verifies `bundle` over `artifact` for `signer` against `root`, entirely offline.
pub fn verify(
    bundle: &Bundle,
    artifact: Artifact<'_>,
    signer: &Signer,
    root: &TrustedRoot,
) -> Result<SigstoreVerified, SigstoreError> {
    let verifier =
        Verifier::new(root).map_err(|error| SigstoreError::TrustedRoot(error.to_string()))?;
    let artifact = match artifact {
        Artifact::Bytes(bytes) => sigstore_verify::types::Artifact::Blob(bytes),
        Artifact::Sha256(digest) => digest_artifact(HashAlgorithm::Sha2256, digest)?,
        Artifact::Sha512(digest) => digest_artifact(HashAlgorithm::Sha2512, digest)?,
    };
    let result = match signer {
        Signer::Identity { subject, issuer } => verifier.verify(
            artifact,
            bundle,
            &VerificationPolicy::new(subject.as_str(), issuer.as_str()),
        ),
        Signer::IdentityPattern { issuer, .. } => verifier.verify(
            artifact,
            bundle,
            &VerificationPolicy::any_identity().require_issuer(issuer.as_str()),
        ),
        Signer::Key(key) => verifier.verify(
            artifact,
            bundle,
            &PublicKeyVerificationPolicy::new(DerPublicKey::new(key.spki_der().to_vec())),
        ),
    }
    .map_err(refusal)?;
    let identity = result
        .identity()
        .map(|identity| identity.as_str().to_owned());
    if let Signer::IdentityPattern { pattern, .. } = signer {
        let found = identity.clone().unwrap_or_default();
        if !pattern.is_match(&found) {
            return Err(SigstoreError::IdentityMismatch {
                expected: format!("the pattern {pattern}"),
                found,
            });
        }
    }
    let signed_at = result
        .verified_timestamps()
        .iter()
        .chain(result.integrated_time().as_ref())
        .map(|time| time.as_second())
        .min();
    Ok(SigstoreVerified {
        identity,
        issuer: result.issuer().map(str::to_owned),
        signed_at,
        media_type: bundle.media_type.as_str().to_owned(),
        payload: match &bundle.content {
            SignatureContent::DsseEnvelope(envelope) => Some((
                envelope.payload_type.clone(),
                envelope.payload.as_bytes().to_vec(),
            )),
            _ => None,
        },
    })
}

fn digest_artifact(
    algorithm: HashAlgorithm,
    digest: &[u8],
) -> Result<sigstore_verify::types::Artifact<'static>, SigstoreError> {
    ArtifactDigest::new(algorithm, digest.to_vec())
        .map(sigstore_verify::types::Artifact::Digest)
        .map_err(|error| SigstoreError::Bundle(error.to_string()))
}

/// The library's error in steward's terms: identity and issuer separately, parse failures as
/// bundle errors, everything else as a verification failure with the library's reason.
fn refusal(error: LibraryError) -> SigstoreError {
    match error {
        LibraryError::IdentityMismatch { expected, actual } => SigstoreError::IdentityMismatch {
            expected: expected.to_string(),
            found: actual
                .map(|identity| identity.as_str().to_owned())
                .unwrap_or_default(),
        },
        LibraryError::IssuerMismatch { expected, actual } => SigstoreError::IssuerMismatch {
            expected,
            found: actual.unwrap_or_default(),
        },
        LibraryError::InvalidBundle(_)
        | LibraryError::UnsupportedBundle(_)
        | LibraryError::Bundle(_)
        | LibraryError::Types(_) => SigstoreError::Bundle(error.to_string()),
        other => SigstoreError::Verification(other.to_string()),
    }
}
