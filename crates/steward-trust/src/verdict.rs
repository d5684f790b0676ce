//! Deciding whether artifacts verify, and saying why: each artifact against DSSE attestations
//! signed by trusted keys (with a threshold of distinct keys), against Sigstore bundles
//! ([`bundle`]), or against detached signatures ([`signatures`]).
//! The report is what `steward verify` prints, as a table, JSON or SARIF.

mod bundle;
mod layout;
mod signatures;

use serde::Serialize;

pub use self::bundle::{
    BundleInput, judge_bundle, judge_bundle_with_policy, judge_bundles, with_npm_publish,
};
pub use self::layout::judge_layout;
pub use self::signatures::{KeyOutcome, judge_detached, judge_openpgp};
use crate::dsse::{Envelope, SignatureOutcome, VerifiedPayload};
use crate::policy::{Rule, TrustDecision, TrustedKey};
use crate::provenance::{self, Provenance};
use crate::scheme::VerifyingKey;
use crate::statement::{ArtifactDigests, Statement, SubjectMatch};

/// The version of the JSON report; changed whenever a field changes meaning or goes away.
pub const REPORT_SCHEMA: &str = "https://steward.dev/verify/v1";

/// The whole answer: whether every artifact verified, and each artifact's verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub holds: bool,
    pub artifacts: Vec<ArtifactVerdict>,
    /// How the network of trust was built, under a policy: keys vouched for, refused, revoked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trust: Vec<TrustDecision>,
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

impl ArtifactVerdict {
    /// The verdict: verified exactly when there is no reason against it.
    fn new(
        artifact: String,
        sha256: String,
        reasons: Vec<String>,
        evidence: Vec<Evidence>,
    ) -> Self {
        Self {
            artifact,
            sha256,
            verified: reasons.is_empty(),
            reasons,
            evidence,
        }
    }
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

impl Evidence {
    /// Evidence that is signatures alone: no statement, subject or provenance.
    fn of_signatures(source: &str, signatures: Vec<SignatureVerdict>) -> Self {
        Self {
            source: source.to_owned(),
            predicate_type: None,
            subject: None,
            refusal: None,
            signatures,
            provenance: None,
        }
    }
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
    /// The builder SLSA provenance must name.
    pub builder_id: Option<String>,
    /// The source repository SLSA provenance must name (`github.com/o/r` matches
    /// `git+https://github.com/o/r` and `https://github.com/o/r.git`).
    pub source_repository: Option<String>,
}

impl Requirements {
    /// Only a threshold and optionally a predicate type.
    pub fn new(threshold: usize, predicate_type: Option<String>) -> Self {
        Self {
            threshold,
            predicate_type,
            builder_id: None,
            source_repository: None,
        }
    }

    /// Why `statement` does not meet the requirements on what it says, if it does not.
    fn statement_refusal(&self, statement: &Statement) -> Option<String> {
        if let Some(required) = &self.predicate_type
            && *required != statement.predicate_type
        {
            return Some(format!(
                "predicate type {} is not the required {required}",
                statement.predicate_type
            ));
        }
        if self.builder_id.is_none() && self.source_repository.is_none() {
            return None;
        }
        let Some(provenance) = provenance::read(&statement.predicate_type, &statement.predicate)
        else {
            return Some(format!(
                "predicate type {} is not SLSA provenance, so says nothing of the builder or source",
                statement.predicate_type
            ));
        };
        provenance.refusal(
            self.builder_id.as_deref(),
            self.source_repository.as_deref(),
        )
    }
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
            Some(VerifiedPayload {
                payload_type,
                payload,
                signers,
            }) => (
                Statement::parse(&payload_type, &payload).map_err(|error| error.to_string()),
                signers,
            ),
            None => (
                Err("no signature by a trusted key verifies".to_owned()),
                Vec::new(),
            ),
        };
        Self {
            source,
            outcomes,
            statement,
            signers,
        }
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
    fn evidence_for(
        &self,
        digests: &ArtifactDigests,
        requirements: &Requirements,
    ) -> (Evidence, &[String]) {
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
        if let Some(refusal) = requirements.statement_refusal(statement) {
            evidence.refusal = Some(refusal);
            return (evidence, &[]);
        }
        match statement.match_artifact(digests) {
            SubjectMatch::Matches(name) => {
                evidence.subject = Some(name);
                (evidence, &self.signers)
            }
            SubjectMatch::DigestMismatch => {
                evidence.refusal =
                    Some("digest mismatch: no subject has this artifact's digest".to_owned());
                (evidence, &[])
            }
            SubjectMatch::NoCheckableDigest => {
                evidence.refusal = Some("no subject has a sha256 or sha512 digest".to_owned());
                (evidence, &[])
            }
        }
    }
}

/// The evidence of every envelope for one artifact, and the distinct keys that count for it
/// among those `accept` takes.
fn count_signers<'a>(
    digests: &ArtifactDigests,
    envelopes: &'a [CheckedEnvelope],
    requirements: &Requirements,
    accept: impl Fn(&str) -> bool,
) -> (Vec<Evidence>, Vec<&'a String>) {
    let mut signers: Vec<&String> = Vec::new();
    let mut evidence = Vec::new();
    for envelope in envelopes {
        let (item, counted) = envelope.evidence_for(digests, requirements);
        for signer in counted {
            if accept(signer) && !signers.contains(&signer) {
                signers.push(signer);
            }
        }
        evidence.push(item);
    }
    (evidence, signers)
}

/// Why too few signers counted: each attestation's refusal, then the count.
fn below_threshold(evidence: &[Evidence], counted: usize, threshold: usize) -> Vec<String> {
    let refusals = evidence.iter().filter_map(|item| {
        item.refusal
            .as_ref()
            .map(|refusal| format!("{}: {refusal}", item.source))
    });
    refusals
        .chain(std::iter::once(format!(
            "below threshold: {counted} of the {threshold} distinct trusted keys required signed"
        )))
        .collect()
}

/// Judges one artifact against checked envelopes: it verifies when at least `threshold`
/// distinct keys signed statements that name it.
pub fn judge_attestations(
    artifact: String,
    digests: &ArtifactDigests,
    envelopes: &[CheckedEnvelope],
    requirements: &Requirements,
) -> ArtifactVerdict {
    let (evidence, signers) = count_signers(digests, envelopes, requirements, |_| true);
    let threshold = requirements.threshold.max(1);
    let reasons = if signers.len() < threshold {
        below_threshold(&evidence, signers.len(), threshold)
    } else {
        Vec::new()
    };
    ArtifactVerdict::new(artifact, digests.sha256.clone(), reasons, evidence)
}

/// Judges one artifact under a policy: every rule that covers it must hold, each counting the
/// distinct trusted keys whose trust comes from the signers it names. An artifact no rule
/// covers does not verify.
pub fn judge_with_policy(
    artifact: String,
    digests: &ArtifactDigests,
    envelopes: &[CheckedEnvelope],
    rules: &[&Rule],
    trusted: &[TrustedKey],
) -> ArtifactVerdict {
    let mut reasons = Vec::new();
    let mut shown = Vec::new();
    if rules.is_empty() {
        reasons.push("no rule of the trust policy covers this artifact".to_owned());
    }
    for rule in rules {
        let requirements = Requirements::new(rule.threshold, rule.predicate_type.clone());
        let counts_for_rule = |id: &str| {
            trusted
                .iter()
                .any(|key| key.key.key().id() == id && rule.signers.contains(&key.root))
        };
        let (evidence, signers) = count_signers(digests, envelopes, &requirements, counts_for_rule);
        if signers.len() < rule.threshold {
            reasons.extend(
                below_threshold(&evidence, signers.len(), rule.threshold)
                    .into_iter()
                    .map(|reason| format!("rule {}: {reason}", rule.name)),
            );
        } else if rule.max_age.is_some() {
            reasons.push(format!("rule {}: a maximum age is set, and DSSE attestations carry no verified signing time", rule.name));
        }
        if shown.is_empty() {
            shown = evidence;
        }
    }
    if shown.is_empty() {
        shown = count_signers(digests, envelopes, &Requirements::new(1, None), |_| true).0;
    }
    for signature in shown.iter_mut().flat_map(|item| item.signatures.iter_mut()) {
        if let Some(key) = signature
            .signer
            .as_ref()
            .and_then(|id| trusted.iter().find(|key| key.key.key().id() == *id))
        {
            signature.signer = Some(format!("{} {}", key.name, key.key.key().id()));
        }
    }
    ArtifactVerdict::new(artifact, digests.sha256.clone(), reasons, shown)
}

/// The report over every artifact's verdict.
pub fn report(artifacts: Vec<ArtifactVerdict>, trust: Vec<TrustDecision>) -> Report {
    Report {
        schema: REPORT_SCHEMA,
        holds: artifacts.iter().all(|artifact| artifact.verified),
        artifacts,
        trust,
    }
}
