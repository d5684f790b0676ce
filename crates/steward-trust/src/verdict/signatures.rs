//! Verdicts from detached signatures: OpenSSH's and minisign's (one key suffices) and
//! OpenPGP's (a threshold of distinct certificates).

use std::collections::BTreeSet;

use super::{ArtifactVerdict, Evidence, SignatureVerdict, below_threshold};
use crate::detached::{DetachedError, DetachedVerified};
use crate::openpgp;

/// A key's id and what a detached signature came to with it.
pub type KeyOutcome = (String, Result<DetachedVerified, DetachedError>);

/// Judges one artifact against a detached signature tried with each trusted key: it verifies
/// when one of them does.
pub fn judge_detached(
    artifact: String,
    sha256: String,
    source: &str,
    outcomes: &[KeyOutcome],
) -> ArtifactVerdict {
    let verified = outcomes
        .iter()
        .find_map(|(key, outcome)| outcome.as_ref().ok().map(|verified| (key, verified)));
    let signatures = match verified {
        Some((key, verified)) => vec![SignatureVerdict {
            signer: Some(format!("{key} ({} {})", verified.format, verified.detail)),
            claimed_keyid: None,
            counted: true,
            reason: None,
        }],
        None => outcomes
            .iter()
            .map(|(key, outcome)| SignatureVerdict {
                signer: Some(key.clone()),
                claimed_keyid: None,
                counted: false,
                reason: outcome.as_ref().err().map(ToString::to_string),
            })
            .collect(),
    };
    let reasons = if verified.is_some() {
        Vec::new()
    } else {
        vec!["no trusted key verifies the signature".to_owned()]
    };
    let evidence = Evidence::of_signatures(source, signatures);
    ArtifactVerdict::new(artifact, sha256, reasons, vec![evidence])
}

/// Judges one artifact by its OpenPGP signatures: it verifies when keys of at least `threshold`
/// distinct certificates of the keyring made a signature that counts.
pub fn judge_openpgp(
    artifact: String,
    sha256: String,
    source: &str,
    outcomes: &[openpgp::SignatureOutcome],
    threshold: usize,
) -> ArtifactVerdict {
    let mut certificates = BTreeSet::new();
    let signatures = outcomes
        .iter()
        .map(|outcome| {
            let counted = outcome.result.is_ok()
                && certificates.insert(outcome.signer.clone().unwrap_or_default());
            let reason = match &outcome.result {
                Err(refusal) => Some(refusal.to_string()),
                Ok(()) if !counted => Some("a second signature by the same certificate".to_owned()),
                Ok(()) => None,
            };
            SignatureVerdict {
                signer: outcome.signer.clone(),
                claimed_keyid: Some(outcome.issuer.clone()),
                counted,
                reason,
            }
        })
        .collect();
    let evidence = vec![Evidence::of_signatures(source, signatures)];
    let threshold = threshold.max(1);
    let reasons = if certificates.len() < threshold {
        below_threshold(&evidence, certificates.len(), threshold)
    } else {
        Vec::new()
    };
    ArtifactVerdict::new(artifact, sha256, reasons, evidence)
}
