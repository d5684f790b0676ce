//! Deciding whether artifacts verify, and saying why: each artifact against DSSE attestations
//! signed by trusted keys (with a threshold of distinct keys), or against a Sigstore bundle.
//! The report is what `steward verify` prints, as a table, JSON or SARIF.

use serde::Serialize;

use crate::dsse::{Envelope, SignatureOutcome, VerifiedPayload};
use crate::provenance::{self, Provenance};
use crate::scheme::VerifyingKey;
use crate::sigstore::{SigstoreError, SigstoreVerified};
use crate::statement::{ArtifactDigests, Statement, SubjectMatch};

/// The version of the JSON report; changed whenever a field changes meaning or goes away.
pub const REPORT_SCHEMA: &str = "https://steward.dev/verify/v1";

/// The whole answer: whether every artifact verified, and each artifact's verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub holds: bool,
    pub artifacts: Vec<ArtifactVerdict>,
}

/// One artifact: verified or not, why not, and the evidence looked at.
#[derive(Debug, Clone, Serialize)]
pub struct ArtifactVerdict {
    pub artifact: String,
    pub sha256: String,
    pub verified: bool,
    /// Why it did not verify; empty when it did.
    pub reasons: Vec<String>,
    pub evidence: Vec<Evidence>,
}

/// One attestation or bundle, as it bears on one artifact.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub source: String,
    /// The predicate type of the verified statement.
    pub predicate_type: Option<String>,
    /// The subject (by name) the artifact matched.
    pub subject: Option<String>,
    /// Why this evidence does not count for the artifact, if it does not.
    pub refusal: Option<String>,
    pub signatures: Vec<SignatureVerdict>,
    pub provenance: Option<Provenance>,
}

/// One signature: who it counted for, or why it did not count.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureVerdict {
    /// The key id it verified with, or the Sigstore certificate identity.
    pub signer: Option<String>,
    /// The key id the signature claims, if any.
    pub claimed_keyid: Option<String>,
    pub counted: bool,
    pub reason: Option<String>,
}

/// What the artifacts must show.
#[derive(Debug, Clone)]
pub struct Requirements {
    /// Distinct trusted keys that must have signed (attestations only).
    pub threshold: usize,
    pub predicate_type: Option<String>,
}

/// An envelope read from `source`, checked once against the trusted keys.
#[derive(Debug)]
pub struct CheckedEnvelope {
    pub source: String,
    outcomes: Vec<SignatureOutcome>,
    statement: Result<Statement, String>,
    signers: Vec<String>,
}

impl CheckedEnvelope {
    pub fn new(source: String, envelope: &Envelope, keys: &[VerifyingKey]) -> Self {
        let (outcomes, verified) = envelope.verify(keys);
        let (statement, signers) = match verified {
            Some(VerifiedPayload { payload_type, payload, signers }) => (
                Statement::parse(&payload_type, &payload).map_err(|error| error.to_string()),
                signers,
            ),
            None => (Err("no signature by a trusted key verifies".to_owned()), Vec::new()),
        };
        Self { source, outcomes, statement, signers }
    }

    fn signature_verdicts(&self) -> Vec<SignatureVerdict> {
        self.outcomes
            .iter()
            .map(|outcome| SignatureVerdict {
                signer: outcome.verdict.as_ref().ok().cloned(),
                claimed_keyid: outcome.keyid.clone(),
                counted: outcome.verdict.is_ok(),
                reason: outcome.verdict.as_ref().err().map(ToString::to_string),
            })
            .collect()
    }

    /// This envelope's evidence for one artifact, and the keys it counts for it.
    fn evidence_for(&self, digests: &ArtifactDigests, requirements: &Requirements) -> (Evidence, &[String]) {
        let mut evidence = Evidence {
            source: self.source.clone(),
            predicate_type: None,
            subject: None,
            refusal: None,
            signatures: self.signature_verdicts(),
            provenance: None,
        };
        let statement = match &self.statement {
            Ok(statement) => statement,
            Err(reason) => {
                evidence.refusal = Some(reason.clone());
                return (evidence, &[]);
            }
        };
        evidence.predicate_type = Some(statement.predicate_type.clone());
        evidence.provenance = provenance::read(&statement.predicate_type, &statement.predicate);
        if let Some(required) = &requirements.predicate_type
            && *required != statement.predicate_type
        {
            evidence.refusal = Some(format!("predicate type {} is not the required {required}", statement.predicate_type));
            return (evidence, &[]);
        }
        match statement.match_artifact(digests) {
            SubjectMatch::Matches(name) => {
                evidence.subject = Some(name);
                (evidence, &self.signers)
            }
            SubjectMatch::DigestMismatch => {
                evidence.refusal = Some("digest mismatch: no subject has this artifact's digest".to_owned());
                (evidence, &[])
            }
            SubjectMatch::NoCheckableDigest => {
                evidence.refusal = Some("no subject has a sha256 or sha512 digest".to_owned());
                (evidence, &[])
            }
        }
    }
}

/// Judges one artifact against checked envelopes: it verifies when at least `threshold`
/// distinct keys signed statements that name it.
pub fn judge_attestations(
    artifact: String,
    digests: &ArtifactDigests,
    envelopes: &[CheckedEnvelope],
    requirements: &Requirements,
) -> ArtifactVerdict {
    let mut signers: Vec<&String> = Vec::new();
    let mut evidence = Vec::new();
    for envelope in envelopes {
        let (item, counted) = envelope.evidence_for(digests, requirements);
        for signer in counted {
            if !signers.contains(&signer) {
                signers.push(signer);
            }
        }
        evidence.push(item);
    }
    let threshold = requirements.threshold.max(1);
    let mut reasons = Vec::new();
    if signers.len() < threshold {
        let refusals = evidence.iter().filter_map(|item| item.refusal.as_ref().map(|refusal| format!("{}: {refusal}", item.source)));
        reasons.extend(refusals);
        reasons.push(format!("below threshold: {} of the {threshold} distinct trusted keys required signed", signers.len()));
    }
    ArtifactVerdict { artifact, sha256: digests.sha256.clone(), verified: reasons.is_empty(), reasons, evidence }
}

/// Judges one artifact against a Sigstore bundle's verification outcome.
pub fn judge_bundle(
    artifact: String,
    sha256: String,
    source: &str,
    outcome: Result<SigstoreVerified, SigstoreError>,
    requirements: &Requirements,
) -> ArtifactVerdict {
    let (signatures, mut evidence_refusal, statement) = match outcome {
        Ok(verified) => {
            let signer = verified.identity.clone().map_or_else(|| "the given key".to_owned(), |identity| {
                format!("{identity} ({})", verified.issuer.clone().unwrap_or_default())
            });
            let statement = verified
                .payload
                .map(|(payload_type, payload)| Statement::parse(&payload_type, &payload));
            let signature = SignatureVerdict { signer: Some(signer), claimed_keyid: None, counted: true, reason: None };
            (vec![signature], None, statement)
        }
        Err(error) => {
            let signature = SignatureVerdict { signer: None, claimed_keyid: None, counted: false, reason: Some(error.to_string()) };
            (vec![signature], Some(error.to_string()), None)
        }
    };
    let statement = match statement {
        Some(Ok(statement)) => Some(statement),
        Some(Err(error)) => {
            evidence_refusal = Some(error.to_string());
            None
        }
        None => None,
    };
    let predicate_type = statement.as_ref().map(|statement| statement.predicate_type.clone());
    if evidence_refusal.is_none()
        && let Some(required) = &requirements.predicate_type
        && predicate_type.as_ref() != Some(required)
    {
        evidence_refusal = Some(format!("the bundle does not carry a statement of predicate type {required}"));
    }
    let evidence = Evidence {
        source: source.to_owned(),
        provenance: statement.as_ref().and_then(|statement| provenance::read(&statement.predicate_type, &statement.predicate)),
        predicate_type,
        subject: None,
        refusal: evidence_refusal.clone(),
        signatures,
    };
    let reasons: Vec<String> = evidence_refusal.into_iter().collect();
    ArtifactVerdict { artifact, sha256, verified: reasons.is_empty(), reasons, evidence: vec![evidence] }
}

/// The report over every artifact's verdict.
pub fn report(artifacts: Vec<ArtifactVerdict>) -> Report {
    Report { schema: REPORT_SCHEMA, holds: artifacts.iter().all(|artifact| artifact.verified), artifacts }
}
