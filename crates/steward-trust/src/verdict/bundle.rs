//! Verdicts from Sigstore bundles: against an identity or key, or under a trust policy; and
//! npm's publish attestation beside an npm package's provenance.

use super::{ArtifactVerdict, Evidence, Requirements, SignatureVerdict};
use crate::npm;
use crate::policy::{Identity, Policy, PolicySigner, Rule};
use crate::provenance;
use crate::sigstore::{self, SigstoreError, SigstoreVerified};
use crate::statement::Statement;

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
            let signer = verified.identity.clone().map_or_else(
                || "the given key".to_owned(),
                |identity| {
                    format!(
                        "{identity} ({})",
                        verified.issuer.clone().unwrap_or_default()
                    )
                },
            );
            let statement = verified
                .payload
                .map(|(payload_type, payload)| Statement::parse(&payload_type, &payload));
            let signature = SignatureVerdict {
                signer: Some(signer),
                claimed_keyid: None,
                counted: true,
                reason: None,
            };
            (vec![signature], None, statement)
        }
        Err(error) => {
            let signature = SignatureVerdict {
                signer: None,
                claimed_keyid: None,
                counted: false,
                reason: Some(error.to_string()),
            };
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
    let predicate_type = statement
        .as_ref()
        .map(|statement| statement.predicate_type.clone());
    if evidence_refusal.is_none() {
        evidence_refusal = match &statement {
            Some(statement) => requirements.statement_refusal(statement),
            None if requirements.predicate_type.is_some()
                || requirements.builder_id.is_some()
                || requirements.source_repository.is_some() =>
            {
                Some("the bundle carries no statement to check the requirements against".to_owned())
            }
            None => None,
        };
    }
    let evidence = Evidence {
        source: source.to_owned(),
        provenance: statement.as_ref().and_then(|statement| {
            provenance::read(&statement.predicate_type, &statement.predicate)
        }),
        predicate_type,
        subject: None,
        refusal: evidence_refusal.clone(),
        signatures,
    };
    let reasons: Vec<String> = evidence_refusal.into_iter().collect();
    ArtifactVerdict::new(artifact, sha256, reasons, vec![evidence])
}

/// Judges one artifact by several bundles' verdicts ([`judge_bundle`] for each): it verifies
/// when at least `threshold` distinct signers (certificate identities, or keys) verified. One
/// bundle's verdict is its own.
pub fn judge_bundles(mut verdicts: Vec<ArtifactVerdict>, threshold: usize) -> ArtifactVerdict {
    if verdicts.len() == 1 {
        return verdicts.remove(0);
    }
    let mut signers = std::collections::BTreeSet::new();
    let mut reasons = Vec::new();
    let mut evidence = Vec::new();
    let (mut artifact, mut sha256) = (String::new(), String::new());
    for verdict in verdicts {
        if verdict.verified {
            signers.extend(
                verdict
                    .evidence
                    .iter()
                    .flat_map(|item| &item.signatures)
                    .filter(|signature| signature.counted)
                    .filter_map(|signature| signature.signer.clone()),
            );
        }
        let source = verdict
            .evidence
            .first()
            .map(|item| item.source.clone())
            .unwrap_or_default();
        reasons.extend(
            verdict
                .reasons
                .into_iter()
                .map(|reason| format!("{source}: {reason}")),
        );
        evidence.extend(verdict.evidence);
        (artifact, sha256) = (verdict.artifact, verdict.sha256);
    }
    let threshold = threshold.max(1);
    let reasons = if signers.len() >= threshold {
        Vec::new()
    } else {
        reasons.push(format!(
            "below threshold: {} of the {threshold} distinct signers required verified",
            signers.len()
        ));
        reasons
    };
    ArtifactVerdict::new(artifact, sha256, reasons, evidence)
}

/// What a policy judges bundles with: the bundles (each with where it came from), the
/// artifact, the root, and the time now.
#[derive(Debug, Clone, Copy)]
pub struct BundleInput<'a> {
    pub bundles: &'a [(String, sigstore::Bundle)],
    pub artifact: sigstore::Artifact<'a>,
    pub root: &'a sigstore::TrustedRoot,
    /// Seconds since the Unix epoch.
    pub now: i64,
}

/// Judges one artifact's Sigstore bundles under a policy: for each rule that covers it, the
/// bundles are tried for each signer the rule names; a signer counts when a bundle verifies for
/// it within its validity window (at the verified signing time), not older than the rule's
/// maximum age, with the rule's predicate type. A bundle counts for one signer of a rule only,
/// so one signature never meets a threshold of two.
pub fn judge_bundle_with_policy(
    artifact: String,
    sha256: String,
    input: &BundleInput<'_>,
    policy: &Policy,
    rules: &[&Rule],
) -> ArtifactVerdict {
    let mut reasons = Vec::new();
    let mut signatures = Vec::new();
    let mut statement = None;
    if rules.is_empty() {
        reasons.push("no rule of the trust policy covers this artifact".to_owned());
    }
    for rule in rules {
        let mut counted = 0;
        let mut used = vec![false; input.bundles.len()];
        for signer in rule
            .signers
            .iter()
            .filter_map(|name| policy.signers.iter().find(|signer| signer.name == *name))
        {
            let verdict = bundle_signer_verdict(input, signer, rule, &mut statement, &mut used);
            counted += usize::from(verdict.counted);
            signatures.push(verdict);
        }
        if counted < rule.threshold {
            reasons.push(format!(
                "rule {}: below threshold: {counted} of the {} signers required verified",
                rule.name, rule.threshold
            ));
        }
    }
    let sources: Vec<&str> = input
        .bundles
        .iter()
        .map(|(source, _)| source.as_str())
        .collect();
    let evidence = Evidence {
        source: sources.join(", "),
        predicate_type: statement
            .as_ref()
            .map(|statement: &Statement| statement.predicate_type.clone()),
        subject: None,
        refusal: None,
        provenance: statement.as_ref().and_then(|statement| {
            provenance::read(&statement.predicate_type, &statement.predicate)
        }),
        signatures,
    };
    ArtifactVerdict::new(artifact, sha256, reasons, vec![evidence])
}

/// Whether one of the bundles not yet `used` counts for `signer` under `rule`; the first that
/// does is marked used. Otherwise, why none counted, bundle by bundle.
fn bundle_signer_verdict(
    input: &BundleInput<'_>,
    signer: &PolicySigner,
    rule: &Rule,
    statement: &mut Option<Statement>,
    used: &mut [bool],
) -> SignatureVerdict {
    let mut refusals = Vec::new();
    for (index, (source, bundle)) in input.bundles.iter().enumerate() {
        if used[index] {
            continue;
        }
        match one_bundle_verdict(input, bundle, signer, rule, statement) {
            Ok(who) => {
                used[index] = true;
                return SignatureVerdict {
                    signer: Some(who),
                    claimed_keyid: None,
                    counted: true,
                    reason: None,
                };
            }
            Err(reason) if input.bundles.len() == 1 => refusals.push(reason),
            Err(reason) => refusals.push(format!("{source}: {reason}")),
        }
    }
    if refusals.is_empty() {
        refusals.push("its bundle already counted for another signer of the rule".to_owned());
    }
    SignatureVerdict {
        signer: Some(signer.name.clone()),
        claimed_keyid: None,
        counted: false,
        reason: Some(refusals.join("; ")),
    }
}

/// Who counted, when `bundle` verifies for `signer` under `rule`; otherwise why not.
fn one_bundle_verdict(
    input: &BundleInput<'_>,
    bundle: &sigstore::Bundle,
    signer: &PolicySigner,
    rule: &Rule,
    statement: &mut Option<Statement>,
) -> Result<String, String> {
    let sigstore_signer = match &signer.identity {
        Identity::Key(key) => sigstore::Signer::Key(key.key().clone()),
        Identity::Sigstore {
            subject: Some(subject),
            issuer,
            ..
        } => sigstore::Signer::Identity {
            subject: subject.clone(),
            issuer: issuer.clone(),
        },
        Identity::Sigstore {
            pattern: Some(pattern),
            issuer,
            ..
        } => sigstore::Signer::IdentityPattern {
            pattern: pattern.clone(),
            issuer: issuer.clone(),
        },
        Identity::Sigstore { .. } => return Err("the signer has no identity".to_owned()),
    };
    let verified = sigstore::verify(bundle, input.artifact, &sigstore_signer, input.root)
        .map_err(|error| error.to_string())?;
    if let Some((payload_type, payload)) = &verified.payload
        && let Ok(parsed) = Statement::parse(payload_type, payload)
    {
        *statement = Some(parsed);
    }
    let time = verified.signed_at.unwrap_or(input.now);
    if let Some(reason) = crate::policy::window_refusal(signer, time) {
        return Err(reason);
    }
    if let Some(max_age) = rule.max_age
        && verified
            .signed_at
            .is_none_or(|signed| input.now - signed > max_age)
    {
        return Err(format!(
            "signed more than {} days ago (rule {})",
            max_age / 86_400,
            rule.name
        ));
    }
    if let Some(required) = &rule.predicate_type
        && statement
            .as_ref()
            .map(|statement| &statement.predicate_type)
            != Some(required)
    {
        return Err(format!(
            "no statement of predicate type {required} (rule {})",
            rule.name
        ));
    }
    Ok(verified.identity.map_or_else(
        || signer.name.clone(),
        |identity| format!("{} {identity}", signer.name),
    ))
}

/// Adds npm's publish attestation to an artifact's verdict: the artifact verifies only when the
/// attestation does too, and names the package and version it attests.
pub fn with_npm_publish(
    mut verdict: ArtifactVerdict,
    source: &str,
    outcome: Result<npm::Published, npm::NpmError>,
) -> ArtifactVerdict {
    let (signer, reason) = match outcome {
        Ok(published) => (
            Some(format!(
                "npm registry key {}: {}@{}",
                published.keyid, published.name, published.version
            )),
            None,
        ),
        Err(error) => (None, Some(error.to_string())),
    };
    if let Some(reason) = &reason {
        verdict
            .reasons
            .push(format!("npm publish attestation: {reason}"));
        verdict.verified = false;
    }
    verdict.evidence.push(Evidence {
        source: source.to_owned(),
        predicate_type: Some(npm::PUBLISH_PREDICATE.to_owned()),
        subject: None,
        refusal: None,
        signatures: vec![SignatureVerdict {
            signer,
            claimed_keyid: None,
            counted: reason.is_none(),
            reason,
        }],
        provenance: None,
    });
    verdict
}
