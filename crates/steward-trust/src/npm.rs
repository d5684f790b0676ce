//! npm's registry signatures: the registry's ECDSA P-256 keys (`/-/npm/v1/keys`), its signature
//! over `NAME@VERSION:INTEGRITY` in a packument's `dist.signatures`, and its publish attestation
//! (a key-signed Sigstore bundle in the package version's attestations document, whose
//! statement names the package, its version and the tarball's SHA-512).

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use sha2::{Digest as _, Sha256};

use crate::key::PublicKey;
use crate::scheme::{Scheme, VerifyingKey};
use crate::sigstore::{self, Artifact, Signer, TrustedRoot};
use crate::statement::{ArtifactDigests, Statement};

/// The predicate type of npm's publish attestation.
pub const PUBLISH_PREDICATE: &str =
    "https://github.com/npm/attestation/tree/main/specs/publish/v0.1";

/// Why an npm registry signature or publish attestation does not count.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NpmError {
    #[error("unreadable npm registry keys: {0}")]
    Keys(String),
    #[error("no registry signature by a key steward was given")]
    UnknownKey,
    #[error("the registry key {keyid} expired on {expires} and cannot vouch for this")]
    KeyExpired { keyid: String, expires: String },
    #[error("the registry signature does not verify")]
    Invalid,
    #[error("the npm attestations carry no publish attestation")]
    NoPublishAttestation,
    #[error("the publish attestation: {0}")]
    Publish(String),
}

/// One of the registry's keys.
#[derive(Debug, Clone)]
pub struct RegistryKey {
    /// `SHA256:` and the unpadded base64 of the SHA-256 of the key in SSH wire form (OpenSSH's
    /// fingerprint).
    pub keyid: String,
    key: VerifyingKey,
    /// When the key stopped signing, in seconds since the epoch.
    pub expires: Option<i64>,
    expires_text: Option<String>,
}

/// The registry's keys, as `registry.npmjs.org/-/npm/v1/keys` serves them (or the same list
/// under `keys.npm`, as corepack keeps it).
#[derive(Debug, Clone, Default)]
pub struct RegistryKeys(Vec<RegistryKey>);

/// What a verified publish attestation says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub name: String,
    pub version: String,
    pub keyid: String,
    /// When the log recorded it, in seconds since the epoch.
    pub signed_at: Option<i64>,
}

#[derive(serde::Deserialize)]
struct KeyEntry {
    keyid: String,
    key: String,
    keytype: String,
    expires: Option<String>,
}

impl RegistryKeys {
    /// Reads the keys; a key whose id is not its OpenSSH fingerprint, or that is not an ECDSA
    /// P-256 key, is an error.
    pub fn parse(json: &str) -> Result<Self, NpmError> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Document {
            Registry { keys: Vec<KeyEntry> },
            Corepack { keys: CorepackKeys },
        }
        #[derive(serde::Deserialize)]
        struct CorepackKeys {
            npm: Vec<KeyEntry>,
        }
        let entries = match serde_json::from_str::<Document>(json)
            .map_err(|error| NpmError::Keys(error.to_string()))?
        {
            Document::Registry { keys } => keys,
            Document::Corepack { keys } => keys.npm,
        };
        entries
            .into_iter()
            .map(registry_key)
            .collect::<Result<_, _>>()
            .map(Self)
    }

    fn find(&self, keyid: &str) -> Option<&RegistryKey> {
        self.0.iter().find(|key| key.keyid == keyid)
    }
}

fn registry_key(entry: KeyEntry) -> Result<RegistryKey, NpmError> {
    let refuse = |reason: String| NpmError::Keys(format!("{}: {reason}", entry.keyid));
    if entry.keytype != "ecdsa-sha2-nistp256" {
        return Err(refuse(format!("key type {:?}", entry.keytype)));
    }
    let der = STANDARD
        .decode(&entry.key)
        .map_err(|_| refuse("the key is not base64".to_owned()))?;
    let key = PublicKey::parse(&der).map_err(|error| refuse(error.to_string()))?;
    let computed = ssh_fingerprint(&key);
    if computed != entry.keyid {
        return Err(refuse(format!("the key's id is {computed}")));
    }
    let key = VerifyingKey::new(key, Some(Scheme::EcdsaP256Sha256))
        .map_err(|error| refuse(error.to_string()))?;
    let expires = entry
        .expires
        .as_deref()
        .map(|text| {
            text.parse::<jiff::Timestamp>()
                .map(jiff::Timestamp::as_second)
                .map_err(|_| refuse(format!("expiry {text:?}")))
        })
        .transpose()?;
    Ok(RegistryKey {
        keyid: entry.keyid,
        key,
        expires,
        expires_text: entry.expires,
    })
}

/// OpenSSH's fingerprint of a P-256 key (SHA-256 of its SSH wire form, unpadded base64), which
/// npm uses as the key id.
fn ssh_fingerprint(key: &PublicKey) -> String {
    let mut wire = Vec::new();
    for field in [b"ecdsa-sha2-nistp256".as_slice(), b"nistp256", key.raw()] {
        wire.extend_from_slice(&u32::try_from(field.len()).unwrap_or(u32::MAX).to_be_bytes());
        wire.extend_from_slice(field);
    }
    format!("SHA256:{}", STANDARD_NO_PAD.encode(Sha256::digest(&wire)))
}

impl RegistryKey {
    /// Refuses the key when it had expired at `time` (or, with no time known, refuses an
    /// expired key outright).
    fn usable_at(&self, time: Option<i64>) -> Result<(), NpmError> {
        match (self.expires, time) {
            (Some(expires), Some(time)) if time < expires => Ok(()),
            (Some(_), _) => Err(NpmError::KeyExpired {
                keyid: self.keyid.clone(),
                expires: self.expires_text.clone().unwrap_or_default(),
            }),
            (None, _) => Ok(()),
        }
    }
}

/// A signature in a packument's `dist.signatures`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct RegistrySignature {
    pub keyid: String,
    pub sig: String,
}

/// Verifies the registry's signature over `NAME@VERSION:INTEGRITY`, made no later than
/// `signed_by` (the version's publish time, or the packument's `modified` time, which is
/// later); returns the key id that verified.
pub fn verify_registry_signature(
    keys: &RegistryKeys,
    name: &str,
    version: &str,
    integrity: &str,
    signatures: &[RegistrySignature],
    signed_by: Option<i64>,
) -> Result<String, NpmError> {
    let message = format!("{name}@{version}:{integrity}");
    let mut refusal = NpmError::UnknownKey;
    for signature in signatures {
        let Some(key) = keys.find(&signature.keyid) else {
            continue;
        };
        if let Err(expired) = key.usable_at(signed_by) {
            refusal = expired;
            continue;
        }
        let verified = STANDARD
            .decode(&signature.sig)
            .ok()
            .is_some_and(|sig| key.key.verify(message.as_bytes(), &sig).is_ok());
        if verified {
            return Ok(key.keyid.clone());
        }
        refusal = NpmError::Invalid;
    }
    Err(refusal)
}

/// Verifies the publish attestation in npm's attestations document `document` for `tarball`:
/// the bundle's key is one of `keys`, valid when the log recorded the bundle; the signature and
/// log entry verify offline against `root`; the statement is npm's publish statement about the
/// tarball's SHA-512. Returns the package name and version it attests.
pub fn verify_publish_attestation(
    document: &str,
    tarball: &[u8],
    keys: &RegistryKeys,
    root: &TrustedRoot,
) -> Result<Published, NpmError> {
    let json = sigstore::npm_attestation_bundle(document, PUBLISH_PREDICATE)
        .map_err(|error| NpmError::Publish(error.to_string()))?
        .ok_or(NpmError::NoPublishAttestation)?;
    let keyid = bundle_key_hint(&json)?;
    let key = keys.find(&keyid).ok_or(NpmError::UnknownKey)?;
    let bundle =
        sigstore::parse_bundle(&json).map_err(|error| NpmError::Publish(error.to_string()))?;
    let verified = sigstore::verify(
        &bundle,
        Artifact::Bytes(tarball),
        &Signer::Key(key.key.key().clone()),
        root,
    )
    .map_err(|error| NpmError::Publish(error.to_string()))?;
    key.usable_at(verified.signed_at)?;
    let (payload_type, payload) = verified
        .payload
        .ok_or_else(|| NpmError::Publish("no DSSE envelope".to_owned()))?;
    let statement = Statement::parse(&payload_type, &payload)
        .map_err(|error| NpmError::Publish(error.to_string()))?;
    published(&statement, tarball, keyid, verified.signed_at)
}

/// The key id a key-signed bundle names (`verificationMaterial.publicKey.hint`).
fn bundle_key_hint(json: &str) -> Result<String, NpmError> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|error| NpmError::Publish(error.to_string()))?;
    value["verificationMaterial"]["publicKey"]["hint"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| NpmError::Publish("the bundle names no registry key".to_owned()))
}

fn published(
    statement: &Statement,
    tarball: &[u8],
    keyid: String,
    signed_at: Option<i64>,
) -> Result<Published, NpmError> {
    #[derive(serde::Deserialize)]
    struct Predicate {
        name: String,
        version: String,
    }
    if statement.predicate_type != PUBLISH_PREDICATE {
        return Err(NpmError::Publish(format!(
            "predicate type {}",
            statement.predicate_type
        )));
    }
    let predicate: Predicate = serde_json::from_value(statement.predicate.clone())
        .map_err(|error| NpmError::Publish(error.to_string()))?;
    let digests = ArtifactDigests::of(tarball);
    let [subject] = statement.subject.as_slice() else {
        return Err(NpmError::Publish("not exactly one subject".to_owned()));
    };
    if subject.digest.get("sha512") != digests.sha512.as_ref() {
        return Err(NpmError::Publish(
            "its subject is not the tarball's SHA-512".to_owned(),
        ));
    }
    let purl = format!(
        "pkg:npm/{}@{}",
        predicate.name.replace('@', "%40"),
        predicate.version
    );
    if subject.name != purl {
        return Err(NpmError::Publish(format!(
            "its subject {} is not {purl}",
            subject.name
        )));
    }
    Ok(Published {
        name: predicate.name,
        version: predicate.version,
        keyid,
        signed_at,
    })
}
