//! OpenPGP (RFC 4880 and RFC 9580) through rPGP: keyrings of certificates, detached signatures
//! and cleartext-signed messages.
//!
//! rPGP checks the cryptography; this module decides which key may have made a signature, under
//! constant rules: the key (primary or subkey) must carry a valid self-signature or binding that
//! lets it sign, must not be revoked, must not have expired when it signed, and must be strong
//! (RSA of at least 2048 bits, ECDSA, EdDSA; never DSA). Data signatures must use SHA-2 or SHA-3;
//! MD5, SHA-1 and RIPEMD-160 are refused. A revocation of any kind takes the key out.

use pgp::composed::{CleartextSignedMessage, Deserializable, SignedPublicKey};
use pgp::crypto::hash::HashAlgorithm;
use pgp::packet::{Packet, PacketParser, PacketTrait as _, Signature, SignatureType};
use pgp::ser::Serialize as _;
use pgp::types::{KeyDetails, PublicParams, Tag, Timestamp};

/// How far ahead of the clock a signature's creation time may be (clocks differ).
const CLOCK_SKEW: i64 = 5 * 60;

/// Why an OpenPGP key, keyring or signature was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenPgpError {
    #[error("malformed OpenPGP data: {0}")]
    Malformed(String),
    #[error("a private key was given where a public key belongs")]
    PrivateKey,
    #[error("no OpenPGP certificate in the keyring")]
    NoCertificate,
    #[error("no OpenPGP signature found")]
    NoSignature,
}

/// Why one OpenPGP signature was not counted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureRefusal {
    #[error("signed by a key not in the keyring")]
    UnknownKey,
    #[error("a {0} signature is not a signature over a document")]
    NotDocument(String),
    #[error("the signature uses the weak hash {0}")]
    WeakHash(String),
    #[error("the signature has no creation time")]
    NoCreationTime,
    #[error("the signature expired")]
    SignatureExpired,
    #[error("the signature claims to be made in the future")]
    FromTheFuture,
    #[error("the signing key {fingerprint} cannot be used: {reason}")]
    KeyUnusable { fingerprint: String, reason: String },
    #[error("the signature does not verify")]
    Invalid,
}

/// A key of a certificate, with what its valid self-signatures say about it.
#[derive(Debug, Clone)]
pub struct KeyStanding {
    /// Uppercase hex, as `gpg` prints it.
    pub fingerprint: String,
    key_id: [u8; 8],
    /// When the key was made, in seconds since the epoch.
    pub created: u32,
    /// When the key itself expires, in seconds since the epoch (a subkey also ends with its
    /// primary key).
    pub expires: Option<u64>,
    /// Why the key may never sign, when it may not.
    pub refusal: Option<String>,
}

/// An OpenPGP certificate (a transferable public key) with its keys' standing.
#[derive(Debug, Clone)]
pub struct Certificate {
    key: SignedPublicKey,
    /// The primary key's fingerprint, uppercase hex as `gpg` prints it.
    pub fingerprint: String,
    /// The first user id whose self-signature verifies.
    pub user_id: Option<String>,
    /// The primary key first, then its subkeys, in the order of `key.public_subkeys`.
    standings: Vec<KeyStanding>,
}

/// Trusted OpenPGP certificates: an armored or binary keyring, or several.
#[derive(Debug, Clone, Default)]
pub struct Keyring {
    pub certificates: Vec<Certificate>,
}

/// One signature's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureOutcome {
    /// The issuer the signature names: a fingerprint, or a 16-digit key id.
    pub issuer: String,
    /// The certificate's fingerprint and user id, when a key of the keyring signed.
    pub signer: Option<String>,
    /// When it was made, in seconds since the epoch.
    pub created: Option<u32>,
    pub result: Result<(), SignatureRefusal>,
}

/// Detached OpenPGP signatures (armored or binary; one or more, as Debian's `Release.gpg`).
#[derive(Debug, Clone)]
pub struct DetachedSignatures(Vec<Signature>);

/// A cleartext-signed message (`-----BEGIN PGP SIGNED MESSAGE-----`).
#[derive(Debug, Clone)]
pub struct Cleartext(CleartextSignedMessage);

fn malformed(error: impl std::fmt::Display) -> OpenPgpError {
    OpenPgpError::Malformed(error.to_string())
}

/// Whether `bytes` look like OpenPGP: armor, or a binary packet header.
pub fn is_openpgp(bytes: &[u8]) -> bool {
    let start = bytes.trim_ascii_start();
    start.starts_with(b"-----BEGIN PGP ") || bytes.first().is_some_and(|byte| byte & 0x80 != 0)
}

/// The binary packets of `bytes`, dearmored when armored.
fn packets(bytes: &[u8], armor_type: &str) -> Result<Vec<Packet>, OpenPgpError> {
    let text = bytes.trim_ascii_start();
    let binary;
    let input: &[u8] = if text.starts_with(b"-----BEGIN PGP ") {
        if !text.starts_with(format!("-----BEGIN PGP {armor_type}-----").as_bytes()) {
            return Err(
                if text.starts_with(b"-----BEGIN PGP PRIVATE KEY BLOCK-----") {
                    OpenPgpError::PrivateKey
                } else {
                    malformed(format!("expected an armored {armor_type}"))
                },
            );
        }
        binary = dearmor(text)?;
        &binary
    } else {
        bytes
    };
    PacketParser::new(input)
        .map(|packet| packet.map_err(malformed))
        .collect()
}

/// The binary content of every armored block in `text`.
fn dearmor(text: &[u8]) -> Result<Vec<u8>, OpenPgpError> {
    let mut dearmor = pgp::armor::Dearmor::new(text);
    let mut binary = Vec::new();
    std::io::Read::read_to_end(&mut dearmor, &mut binary).map_err(malformed)?;
    Ok(binary)
}

impl Keyring {
    /// Reads the certificates of an armored or binary keyring. Secret keys are refused.
    pub fn parse(bytes: &[u8]) -> Result<Self, OpenPgpError> {
        let packets = packets(bytes, "PUBLIC KEY BLOCK")?;
        if packets
            .iter()
            .any(|packet| matches!(packet.tag(), Tag::SecretKey | Tag::SecretSubkey))
        {
            return Err(OpenPgpError::PrivateKey);
        }
        let certificates = SignedPublicKey::from_packets(packets.into_iter().map(Ok).peekable())
            .map(|key| key.map(Certificate::new).map_err(malformed))
            .collect::<Result<Vec<_>, _>>()?;
        if certificates.is_empty() {
            return Err(OpenPgpError::NoCertificate);
        }
        Ok(Self { certificates })
    }

    /// Adds the certificates of another keyring.
    pub fn extend(&mut self, other: Self) {
        self.certificates.extend(other.certificates);
    }

    /// Judges `signature` over `message` (already in the form its type signs) at time `now`.
    fn judge(&self, signature: &Signature, message: &[u8], now: i64) -> SignatureOutcome {
        let created = signature.created().map(Timestamp::as_secs);
        let mut outcome = SignatureOutcome {
            issuer: issuer(signature),
            signer: None,
            created,
            result: Err(SignatureRefusal::UnknownKey),
        };
        if let Err(refusal) = signature_rules(signature, now) {
            outcome.result = Err(refusal);
            return outcome;
        }
        for certificate in &self.certificates {
            for (index, standing) in certificate.standings.iter().enumerate() {
                if !names(signature, standing) {
                    continue;
                }
                outcome.signer = Some(certificate.describe());
                outcome.result = certificate.verify(index, signature, message, created);
                if outcome.result.is_ok() {
                    return outcome;
                }
            }
        }
        outcome
    }
}

impl Certificate {
    fn new(key: SignedPublicKey) -> Self {
        let fingerprint = crate::hex(key.fingerprint().as_bytes()).to_ascii_uppercase();
        let certifications = self_certifications(&key);
        let user_id = certifications
            .first()
            .map(|(user, _)| String::from_utf8_lossy(user.id.id()).into_owned());
        let primary = primary_standing(&key, &certifications);
        let subkeys: Vec<_> = key
            .public_subkeys
            .iter()
            .map(|subkey| subkey_standing(&key, subkey, primary.refusal.as_deref()))
            .collect();
        let mut standings = vec![primary];
        standings.extend(subkeys);
        Self {
            key,
            fingerprint,
            user_id,
            standings,
        }
    }

    /// The primary key, then the subkeys, each with its standing.
    pub fn keys(&self) -> &[KeyStanding] {
        &self.standings
    }

    fn describe(&self) -> String {
        match &self.user_id {
            Some(user_id) => format!("{} ({user_id})", self.fingerprint),
            None => self.fingerprint.clone(),
        }
    }

    /// Verifies `signature` with key `index` (0 the primary key), which must have been usable
    /// when the signature was made.
    fn verify(
        &self,
        index: usize,
        signature: &Signature,
        message: &[u8],
        created: Option<u32>,
    ) -> Result<(), SignatureRefusal> {
        let standing = &self.standings[index];
        let unusable = |reason: String| SignatureRefusal::KeyUnusable {
            fingerprint: standing.fingerprint.clone(),
            reason,
        };
        if let Some(reason) = &standing.refusal {
            return Err(unusable(reason.clone()));
        }
        let created = u64::from(created.ok_or(SignatureRefusal::NoCreationTime)?);
        if created < u64::from(standing.created) {
            return Err(unusable("the signature is older than the key".to_owned()));
        }
        if standing.expires.is_some_and(|expires| created >= expires) {
            return Err(unusable("it had expired when it signed".to_owned()));
        }
        // A subkey lives no longer than its primary key.
        if self.standings[0]
            .expires
            .is_some_and(|expires| created >= expires)
        {
            return Err(unusable(
                "its primary key had expired when it signed".to_owned(),
            ));
        }
        let verified = match index {
            0 => signature.verify(&self.key.primary_key, message),
            _ => signature.verify(&self.key.public_subkeys[index - 1].key, message),
        };
        verified.map_err(|_| SignatureRefusal::Invalid)
    }
}

/// Whether `signature` names the key `standing` as its issuer.
fn names(signature: &Signature, standing: &KeyStanding) -> bool {
    let fingerprints = signature.issuer_fingerprint();
    if !fingerprints.is_empty() {
        return fingerprints.iter().any(|fingerprint| {
            crate::hex(fingerprint.as_bytes()).eq_ignore_ascii_case(&standing.fingerprint)
        });
    }
    signature
        .issuer_key_id()
        .iter()
        .any(|key_id| key_id.as_ref() == standing.key_id)
}

fn issuer(signature: &Signature) -> String {
    match signature.issuer_fingerprint().first() {
        Some(fingerprint) => crate::hex(fingerprint.as_bytes()).to_ascii_uppercase(),
        None => signature.issuer_key_id().first().map_or_else(
            || "no issuer".to_owned(),
            |key_id| crate::hex(key_id.as_ref()).to_ascii_uppercase(),
        ),
    }
}

/// The rules a document signature must meet whoever made it.
fn signature_rules(signature: &Signature, now: i64) -> Result<(), SignatureRefusal> {
    match signature.typ() {
        Some(SignatureType::Binary | SignatureType::Text) => {}
        other => {
            return Err(SignatureRefusal::NotDocument(format!("{other:?}")));
        }
    }
    match signature.hash_alg() {
        Some(
            HashAlgorithm::Sha224
            | HashAlgorithm::Sha256
            | HashAlgorithm::Sha384
            | HashAlgorithm::Sha512
            | HashAlgorithm::Sha3_256
            | HashAlgorithm::Sha3_512,
        ) => {}
        other => {
            let name = other.map_or_else(|| "unknown".to_owned(), |hash| hash.to_string());
            return Err(SignatureRefusal::WeakHash(name));
        }
    }
    let created = signature
        .created()
        .ok_or(SignatureRefusal::NoCreationTime)?;
    if i64::from(created.as_secs()) > now + CLOCK_SKEW {
        return Err(SignatureRefusal::FromTheFuture);
    }
    if let Some(lifetime) = signature.signature_expiration_time()
        && lifetime.as_secs() != 0
        && i64::from(created.as_secs()) + i64::from(lifetime.as_secs()) <= now
    {
        return Err(SignatureRefusal::SignatureExpired);
    }
    Ok(())
}

/// Why a key of this algorithm and size may not sign, if it may not.
fn weak_key(key: &impl KeyDetails) -> Option<String> {
    match key.public_params() {
        PublicParams::RSA(params) => {
            let bits = params
                .to_bytes()
                .ok()
                .and_then(|bytes| Some(u16::from_be_bytes([*bytes.first()?, *bytes.get(1)?])))
                .unwrap_or(0);
            (bits < 2048).then(|| format!("an RSA key of {bits} bits (at least 2048 needed)"))
        }
        PublicParams::ECDSA(_)
        | PublicParams::EdDSALegacy(_)
        | PublicParams::Ed25519(_)
        | PublicParams::Ed448(_) => None,
        _ => Some(format!("{:?} keys are not accepted", key.algorithm())),
    }
}

/// The newest of `signatures` that `valid` accepts.
fn newest<'a>(
    signatures: impl IntoIterator<Item = &'a Signature>,
    valid: impl Fn(&Signature) -> bool,
) -> Option<&'a Signature> {
    signatures
        .into_iter()
        .filter(|signature| valid(signature))
        .max_by_key(|signature| signature.created().map(Timestamp::as_secs))
}

/// A key's standing from its newest valid self-signatures of each kind (for a primary key, the
/// user id certification and the direct-key signature): flags from the first that states
/// them, and the earliest expiry any states.
fn standing_from(
    key: &impl KeyDetails,
    self_signatures: &[Option<&Signature>],
    revoked: bool,
) -> KeyStanding {
    let created = key.created_at().as_secs();
    let mut key_id = [0; 8];
    key_id.copy_from_slice(key.legacy_key_id().as_ref());
    let present: Vec<&Signature> = self_signatures.iter().flatten().copied().collect();
    let flags = present.iter().find(|signature| has_key_flags(signature));
    let refusal = if revoked {
        Some("it is revoked".to_owned())
    } else if present.is_empty() {
        Some("no valid self-signature binds it".to_owned())
    } else if flags.is_some_and(|signature| !signature.key_flags().sign()) {
        Some("its key flags do not allow signing".to_owned())
    } else {
        weak_key(key)
    };
    let expires = present
        .iter()
        .filter_map(|signature| signature.key_expiration_time())
        .filter(|lifetime| lifetime.as_secs() != 0)
        .map(|lifetime| u64::from(created) + u64::from(lifetime.as_secs()))
        .min();
    KeyStanding {
        fingerprint: crate::hex(key.fingerprint().as_bytes()).to_ascii_uppercase(),
        key_id,
        created,
        expires,
        refusal,
    }
}

/// Whether the signature carries a key-flags subpacket (old keys may have none: any use).
fn has_key_flags(signature: &Signature) -> bool {
    signature.config().is_some_and(|config| {
        config
            .hashed_subpackets()
            .any(|subpacket| matches!(subpacket.data, pgp::packet::SubpacketData::KeyFlags(_)))
    })
}

/// Whether `signature` may be by `key`: it names the key as its issuer, or names none.
/// Certifications by other keys are set aside before any (costly) verification.
fn may_be_issued_by(signature: &Signature, key: &impl KeyDetails) -> bool {
    let fingerprints = signature.issuer_fingerprint();
    let key_ids = signature.issuer_key_id();
    (fingerprints.is_empty() && key_ids.is_empty())
        || fingerprints
            .iter()
            .any(|fingerprint| **fingerprint == key.fingerprint())
        || key_ids.iter().any(|key_id| **key_id == key.legacy_key_id())
}

/// The user ids with each valid certification the primary key made of them (revocations of
/// certifications aside), in order.
fn self_certifications(
    certificate: &SignedPublicKey,
) -> Vec<(&pgp::types::SignedUser, &Signature)> {
    let primary = &certificate.primary_key;
    certificate
        .details
        .users
        .iter()
        .flat_map(|user| {
            user.signatures
                .iter()
                .map(move |signature| (user, signature))
        })
        .filter(|(user, signature)| {
            signature.typ() != Some(SignatureType::CertRevocation)
                && may_be_issued_by(signature, primary)
                && signature
                    .verify_certification(primary, Tag::UserId, &user.id)
                    .is_ok()
        })
        .collect()
}

fn primary_standing(
    certificate: &SignedPublicKey,
    certifications: &[(&pgp::types::SignedUser, &Signature)],
) -> KeyStanding {
    let primary = &certificate.primary_key;
    let details = &certificate.details;
    let certifications = certifications.iter().map(|(_, signature)| *signature);
    let direct = details
        .direct_signatures
        .iter()
        .filter(|signature| may_be_issued_by(signature, primary))
        .filter(|signature| signature.verify_key(primary).is_ok());
    let revoked = details
        .revocation_signatures
        .iter()
        .any(|signature| signature.verify_key(primary).is_ok());
    standing_from(
        primary,
        &[newest(certifications, |_| true), newest(direct, |_| true)],
        revoked,
    )
}

fn subkey_standing(
    certificate: &SignedPublicKey,
    subkey: &pgp::composed::SignedPublicSubKey,
    primary_refusal: Option<&str>,
) -> KeyStanding {
    let primary = &certificate.primary_key;
    let binds = |signature: &Signature| {
        signature.typ() == Some(SignatureType::SubkeyBinding)
            && signature
                .verify_subkey_binding(primary, &subkey.key)
                .is_ok()
            && (!signature.key_flags().sign()
                || signature.embedded_signature().is_some_and(|back| {
                    back.verify_primary_key_binding(&subkey.key, primary)
                        .is_ok()
                }))
    };
    let binding = newest(&subkey.signatures, binds);
    let revoked = subkey.signatures.iter().any(|signature| {
        signature.typ() == Some(SignatureType::SubkeyRevocation)
            && signature
                .verify_subkey_binding(primary, &subkey.key)
                .is_ok()
    });
    let mut standing = standing_from(&subkey.key, &[binding], revoked);
    if let (None, Some(reason)) = (&standing.refusal, primary_refusal) {
        standing.refusal = Some(format!("its primary key cannot be used: {reason}"));
    }
    standing
}

impl DetachedSignatures {
    /// Reads one or more detached signatures, armored or binary.
    pub fn parse(bytes: &[u8]) -> Result<Self, OpenPgpError> {
        let signatures: Vec<Signature> = packets(bytes, "SIGNATURE")?
            .into_iter()
            .filter_map(|packet| match packet {
                Packet::Signature(signature) => Some(signature),
                _ => None,
            })
            .collect();
        if signatures.is_empty() {
            return Err(OpenPgpError::NoSignature);
        }
        Ok(Self(signatures))
    }

    /// Each signature's outcome over `message` with the keys of `keyring`, at time `now`.
    pub fn verify(&self, message: &[u8], keyring: &Keyring, now: i64) -> Vec<SignatureOutcome> {
        self.0
            .iter()
            .map(|signature| keyring.judge(signature, message, now))
            .collect()
    }
}

impl Cleartext {
    /// Reads a cleartext-signed message.
    pub fn parse(bytes: &[u8]) -> Result<Self, OpenPgpError> {
        let text = std::str::from_utf8(bytes).map_err(|_| malformed("the message is not UTF-8"))?;
        let (message, _) = CleartextSignedMessage::from_string(text).map_err(malformed)?;
        if message.signatures().is_empty() {
            return Err(OpenPgpError::NoSignature);
        }
        Ok(Self(message))
    }

    /// Each signature's outcome with the keys of `keyring`, at time `now`.
    pub fn verify(&self, keyring: &Keyring, now: i64) -> Vec<SignatureOutcome> {
        let signed = self.0.signed_text();
        self.0
            .signatures()
            .iter()
            .map(|signature| keyring.judge(signature, signed.as_bytes(), now))
            .collect()
    }

    /// The text the signatures sign (dash-escaping undone, trailing white space of each line
    /// removed, as the cleartext framework hashes it), with `\n` line ends. Hand it on only
    /// after [`Cleartext::verify`] counted the signatures needed.
    pub fn signed_text(&self) -> String {
        self.0.signed_text().replace("\r\n", "\n")
    }
}
