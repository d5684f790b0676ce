//! DSSE envelopes (the Dead Simple Signing Envelope, v1.0): a payload, its type, and signatures
//! over the pre-authentication encoding (PAE) of both. Only a payload some trusted key signed is
//! handed on, and a signature counts for the key that verified it — never for the key id it
//! claims.

use std::collections::BTreeSet;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};
use serde::{Deserialize, Serialize};

use crate::scheme::VerifyingKey;
use crate::signing::{SigningError, SigningKey};

/// Why an envelope could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    #[error("not a DSSE envelope: {0}")]
    Json(String),
    #[error("the {0} is not valid base64")]
    Base64(&'static str),
    #[error("the envelope has no signatures")]
    Unsigned,
}

/// Why one signature of an envelope did not count.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureRefusal {
    #[error("no trusted key verifies this signature over the envelope")]
    NoTrustedKey,
    #[error("the same signature appears earlier in the envelope")]
    Duplicate,
    #[error("another signature by the same key already counted")]
    SameKey,
}

/// A parsed envelope: what was signed, and the signatures claimed over it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    payload_type: String,
    payload: Vec<u8>,
    signatures: Vec<EnvelopeSignature>,
}

/// One signature of an envelope, as it claims to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvelopeSignature {
    pub keyid: Option<String>,
    pub signature: Vec<u8>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Wire {
    payload: String,
    payload_type: String,
    signatures: Vec<WireSignature>,
}

#[derive(Serialize, Deserialize)]
struct WireSignature {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    keyid: Option<String>,
    sig: String,
}

/// The outcome for each signature, in envelope order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureOutcome {
    pub keyid: Option<String>,
    /// The id of the trusted key that verified it, or why it did not count.
    pub verdict: Result<String, SignatureRefusal>,
}

/// A payload and the distinct trusted keys whose signatures over it verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedPayload {
    pub payload_type: String,
    pub payload: Vec<u8>,
    /// Key ids, each once, in the order their signatures appear.
    pub signers: Vec<String>,
}

/// The PAE: `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, lengths in decimal.
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut encoded = Vec::with_capacity(payload.len() + payload_type.len() + 32);
    encoded.extend_from_slice(
        format!(
            "DSSEv1 {} {payload_type} {} ",
            payload_type.len(),
            payload.len()
        )
        .as_bytes(),
    );
    encoded.extend_from_slice(payload);
    encoded
}

fn decode_base64(text: &str, what: &'static str) -> Result<Vec<u8>, EnvelopeError> {
    STANDARD
        .decode(text)
        .or_else(|_| URL_SAFE.decode(text))
        .map_err(|_| EnvelopeError::Base64(what))
}

impl Envelope {
    /// An unsigned envelope around `payload`; sign it with [`Envelope::sign`].
    pub fn new(payload_type: &str, payload: Vec<u8>) -> Self {
        Self {
            payload_type: payload_type.to_owned(),
            payload,
            signatures: Vec::new(),
        }
    }

    /// Reads an envelope from JSON; standard and URL-safe base64 are both accepted.
    pub fn parse(json: &[u8]) -> Result<Self, EnvelopeError> {
        let wire: Wire =
            serde_json::from_slice(json).map_err(|error| EnvelopeError::Json(error.to_string()))?;
        if wire.signatures.is_empty() {
            return Err(EnvelopeError::Unsigned);
        }
        let signatures = wire
            .signatures
            .into_iter()
            .map(|signature| {
                Ok(EnvelopeSignature {
                    keyid: signature.keyid.filter(|keyid| !keyid.is_empty()),
                    signature: decode_base64(&signature.sig, "signature")?,
                })
            })
            .collect::<Result<_, EnvelopeError>>()?;
        Ok(Self {
            payload: decode_base64(&wire.payload, "payload")?,
            payload_type: wire.payload_type,
            signatures,
        })
    }

    /// The envelope as JSON, base64 in the standard alphabet.
    pub fn to_json(&self) -> String {
        let wire = Wire {
            payload: STANDARD.encode(&self.payload),
            payload_type: self.payload_type.clone(),
            signatures: self
                .signatures
                .iter()
                .map(|signature| WireSignature {
                    keyid: signature.keyid.clone(),
                    sig: STANDARD.encode(&signature.signature),
                })
                .collect(),
        };
        serde_json::to_string_pretty(&wire).unwrap_or_default()
    }

    pub fn payload_type(&self) -> &str {
        &self.payload_type
    }

    pub fn signatures(&self) -> &[EnvelopeSignature] {
        &self.signatures
    }

    /// The payload, not yet verified: for showing what an envelope claims, never for deciding.
    pub fn unverified_payload(&self) -> &[u8] {
        &self.payload
    }

    /// Adds a signature by `key` over the PAE, with the key's id.
    pub fn sign(&mut self, key: &SigningKey) -> Result<(), SigningError> {
        let signature = key.sign(&pae(&self.payload_type, &self.payload))?;
        self.signatures.push(EnvelopeSignature {
            keyid: Some(key.public_key().id()),
            signature,
        });
        Ok(())
    }

    /// Checks every signature against the trusted keys. A signature is tried with the keys
    /// whose id it names first, then with the rest, and counts for the key that verifies it.
    pub fn verify(
        &self,
        keys: &[VerifyingKey],
    ) -> (Vec<SignatureOutcome>, Option<VerifiedPayload>) {
        let message = pae(&self.payload_type, &self.payload);
        let mut seen_signatures = BTreeSet::new();
        let mut signers: Vec<String> = Vec::new();
        let outcomes = self
            .signatures
            .iter()
            .map(|signature| {
                let verdict = if seen_signatures.insert(signature.signature.as_slice()) {
                    verify_one(&message, signature, keys).and_then(|key_id| {
                        if signers.contains(&key_id) {
                            Err(SignatureRefusal::SameKey)
                        } else {
                            signers.push(key_id.clone());
                            Ok(key_id)
                        }
                    })
                } else {
                    Err(SignatureRefusal::Duplicate)
                };
                SignatureOutcome {
                    keyid: signature.keyid.clone(),
                    verdict,
                }
            })
            .collect();
        let verified = (!signers.is_empty()).then(|| VerifiedPayload {
            payload_type: self.payload_type.clone(),
            payload: self.payload.clone(),
            signers,
        });
        (outcomes, verified)
    }
}

fn verify_one(
    message: &[u8],
    signature: &EnvelopeSignature,
    keys: &[VerifyingKey],
) -> Result<String, SignatureRefusal> {
    let named = |key: &&VerifyingKey| signature.keyid.as_deref() == Some(key.key().id().as_str());
    let (first, rest): (Vec<_>, Vec<_>) = keys.iter().partition(named);
    first
        .into_iter()
        .chain(rest)
        .find(|key| key.verify(message, &signature.signature).is_ok())
        .map(|key| key.key().id())
        .ok_or(SignatureRefusal::NoTrustedKey)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signing::SigningAlgorithm;

    fn trusted(key: &SigningKey) -> VerifyingKey {
        VerifyingKey::new(key.public_key().clone(), None).expect("a fresh key is valid")
    }

    #[test]
    fn pae_matches_the_specification() {
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world".to_vec()
        );
    }

    #[test]
    fn a_changed_payload_type_or_payload_does_not_verify() {
        let key = SigningKey::generate(SigningAlgorithm::Ed25519).expect("generates");
        let mut envelope = Envelope::new("application/vnd.in-toto+json", b"{}".to_vec());
        envelope.sign(&key).expect("signs");
        let reread = Envelope::parse(envelope.to_json().as_bytes()).expect("parses");
        assert!(reread.verify(&[trusted(&key)]).1.is_some());

        let mut changed_type = reread.clone();
        changed_type.payload_type = "text/plain".to_owned();
        assert!(changed_type.verify(&[trusted(&key)]).1.is_none());
        let mut changed_payload = reread;
        changed_payload.payload.push(b' ');
        assert!(changed_payload.verify(&[trusted(&key)]).1.is_none());
    }

    #[test]
    fn a_duplicated_signature_and_a_second_signature_by_one_key_count_once() {
        let key = SigningKey::generate(SigningAlgorithm::EcdsaP256).expect("generates");
        let mut envelope = Envelope::new("text/plain", b"x".to_vec());
        envelope.sign(&key).expect("signs");
        envelope.sign(&key).expect("signs again");
        envelope.signatures.push(envelope.signatures[0].clone());
        let (outcomes, verified) = envelope.verify(&[trusted(&key)]);
        let verdicts: Vec<_> = outcomes
            .into_iter()
            .map(|outcome| outcome.verdict.map(|_| ()))
            .collect();
        assert_eq!(
            verdicts,
            vec![
                Ok(()),
                Err(SignatureRefusal::SameKey),
                Err(SignatureRefusal::Duplicate)
            ]
        );
        assert_eq!(verified.expect("verified").signers.len(), 1);
    }

    #[test]
    fn a_claimed_key_id_does_not_make_a_signature_count() {
        let signer = SigningKey::generate(SigningAlgorithm::Ed25519).expect("generates");
        let trusted_key = SigningKey::generate(SigningAlgorithm::Ed25519).expect("generates");
        let mut envelope = Envelope::new("text/plain", b"x".to_vec());
        envelope.sign(&signer).expect("signs");
        envelope.signatures[0].keyid = Some(trusted_key.public_key().id());
        let (outcomes, verified) = envelope.verify(&[trusted(&trusted_key)]);
        assert_eq!(outcomes[0].verdict, Err(SignatureRefusal::NoTrustedKey));
        assert!(verified.is_none());
    }

    #[test]
    fn signatures_claiming_one_key_id_count_for_the_keys_that_made_them() {
        // A key id collision: two signatures claim alice's id; one is alice's, one bob's.
        let alice = SigningKey::generate(SigningAlgorithm::Ed25519).expect("generates");
        let bob = SigningKey::generate(SigningAlgorithm::EcdsaP256).expect("generates");
        let mut envelope = Envelope::new("text/plain", b"x".to_vec());
        envelope.sign(&alice).expect("signs");
        envelope.sign(&bob).expect("signs");
        envelope.signatures[1].keyid = Some(alice.public_key().id());
        let (outcomes, verified) = envelope.verify(&[trusted(&alice), trusted(&bob)]);
        let counted: Vec<_> = outcomes
            .into_iter()
            .map(|outcome| outcome.verdict)
            .collect();
        assert_eq!(
            counted,
            vec![Ok(alice.public_key().id()), Ok(bob.public_key().id())]
        );
        assert_eq!(verified.expect("verified").signers.len(), 2);
        // With only alice trusted, bob's signature does not count, whatever id it claims.
        let (outcomes, _) = envelope.verify(&[trusted(&alice)]);
        assert_eq!(outcomes[1].verdict, Err(SignatureRefusal::NoTrustedKey));
    }
}
