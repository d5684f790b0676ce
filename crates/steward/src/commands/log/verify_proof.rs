//! `steward log verify-proof`: an inclusion proof (C2SP tlog-proof) or a consistency proof,
//! checked with nothing but the proof, the log's key, the entry or older checkpoint, and a
//! witness policy.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, bail};
use steward_tlog::checkpoint::{self, Checkpoint};
use steward_tlog::consistency::{self, ConsistencyProof};
use steward_tlog::cosignature;
use steward_tlog::note::VerifierKey;
use steward_tlog::proof::TlogProof;
use steward_tlog::witness_policy::WitnessPolicy;

use crate::cli::{LogFormat, VerifyProofArgs};
use crate::commands::key::KEY_FILE_LIMIT;
use crate::commands::verify::{ARTIFACT_LIMIT, read_limited};
use crate::exit_status::ExitStatus;

/// What a proof showed, or why it does not hold.
struct Outcome {
    kind: &'static str,
    /// The checkpoint note the proof carries, for its cosignatures.
    note: Vec<u8>,
    checkpoint: Option<Checkpoint>,
    index: Option<u64>,
    old_size: Option<u64>,
    witnesses: Vec<String>,
    failure: Option<String>,
}

pub(super) fn verify_proof(arguments: &VerifyProofArgs) -> anyhow::Result<ExitStatus> {
    let key = super::read_verifier_key(&arguments.key)?;
    let policy = arguments
        .witness_policy
        .as_deref()
        .map(read_policy)
        .transpose()?;
    let bytes = read_limited(&arguments.proof, KEY_FILE_LIMIT)?;
    let mut outcome = if bytes.starts_with(b"old ") {
        consistency_outcome(arguments, &key, &bytes)?
    } else {
        inclusion_outcome(arguments, &key, &bytes)?
    };
    if let (Some(policy), None) = (&policy, &outcome.failure) {
        let note = std::mem::take(&mut outcome.note);
        judge_witnesses(policy, &note, &mut outcome);
    }
    report(&arguments.proof, arguments.format, &outcome)?;
    Ok(if outcome.failure.is_none() {
        ExitStatus::Success
    } else {
        ExitStatus::Findings
    })
}

/// A witness policy from `path`.
pub(super) fn read_policy(path: &Path) -> anyhow::Result<WitnessPolicy> {
    let text = String::from_utf8(read_limited(path, KEY_FILE_LIMIT)?)
        .with_context(|| format!("{} is not UTF-8", path.display()))?;
    WitnessPolicy::parse(&text).with_context(|| path.display().to_string())
}

fn inclusion_outcome(
    arguments: &VerifyProofArgs,
    key: &VerifierKey,
    bytes: &[u8],
) -> anyhow::Result<Outcome> {
    let Some(entry) = &arguments.entry else {
        bail!("an inclusion proof is checked for an entry: give --entry FILE");
    };
    let proof = TlogProof::parse(bytes).with_context(|| arguments.proof.display().to_string())?;
    let leaf = steward_tlog::record_hash(&read_limited(entry, ARTIFACT_LIMIT)?);
    let mut outcome = Outcome {
        kind: "inclusion",
        note: proof.checkpoint.clone(),
        checkpoint: None,
        index: Some(proof.index),
        old_size: None,
        witnesses: Vec::new(),
        failure: None,
    };
    match proof.verify(leaf, key, arguments.origin.as_deref()) {
        Ok(verified) => outcome.checkpoint = Some(verified.checkpoint),
        Err(error) => outcome.failure = Some(error.to_string()),
    }
    Ok(outcome)
}

fn consistency_outcome(
    arguments: &VerifyProofArgs,
    key: &VerifierKey,
    bytes: &[u8],
) -> anyhow::Result<Outcome> {
    let Some(old_path) = &arguments.old_checkpoint else {
        bail!(
            "a consistency proof is checked against the older checkpoint: give --old-checkpoint FILE"
        );
    };
    let proof =
        ConsistencyProof::parse(bytes).with_context(|| arguments.proof.display().to_string())?;
    let origin = arguments.origin.as_deref();
    let mut outcome = Outcome {
        kind: "consistency",
        note: proof.checkpoint.clone(),
        checkpoint: None,
        index: None,
        old_size: Some(proof.old_size),
        witnesses: Vec::new(),
        failure: None,
    };
    let old = checkpoint::verify(&read_limited(old_path, KEY_FILE_LIMIT)?, key, origin)
        .with_context(|| old_path.display().to_string());
    let old = match old {
        Ok(old) => old,
        Err(error) => {
            outcome.failure = Some(format!("{error:#}"));
            return Ok(outcome);
        }
    };
    let judged = checkpoint::verify(&proof.checkpoint, key, origin)
        .map_err(|error| error.to_string())
        .and_then(|new| {
            if old.origin != new.origin {
                return Err(format!(
                    "the checkpoints are of two logs: {:?} and {:?}",
                    old.origin, new.origin
                ));
            }
            if proof.old_size != old.size {
                return Err(format!(
                    "the proof is from size {}, but the older checkpoint has {} entries",
                    proof.old_size, old.size
                ));
            }
            consistency::check(old.size, old.root, new.size, new.root, &proof.hashes)
                .map(|()| new)
                .map_err(|error| error.to_string())
        });
    match judged {
        Ok(new) => outcome.checkpoint = Some(new),
        Err(reason) => outcome.failure = Some(reason),
    }
    Ok(outcome)
}

fn judge_witnesses(policy: &WitnessPolicy, note: &[u8], outcome: &mut Outcome) {
    match witnessed(policy, note) {
        Ok(witnesses) => outcome.witnesses = witnesses,
        Err(reason) => outcome.failure = Some(reason),
    }
}

/// The witnesses of `policy` that cosigned the checkpoint `note`, if they meet its quorum.
pub(super) fn witnessed(policy: &WitnessPolicy, note: &[u8]) -> Result<Vec<String>, String> {
    let cosignatures = cosignature::verify(note, policy.witnesses())
        .map_err(|error| format!("cosignatures: {error}"))?;
    let witnesses: Vec<String> = cosignatures
        .into_iter()
        .map(|cosignature| cosignature.witness)
        .collect();
    if policy.is_satisfied(&witnesses) {
        Ok(witnesses)
    } else {
        Err(format!(
            "the witness policy needs {}; cosigned by {}",
            policy.describe(),
            if witnesses.is_empty() {
                "none of them".to_owned()
            } else {
                witnesses.join(", ")
            }
        ))
    }
}

fn report(proof: &Path, format: LogFormat, outcome: &Outcome) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        LogFormat::Json => {
            let mut json = serde_json::json!({
                "proof": proof.display().to_string(),
                "kind": outcome.kind,
                "holds": outcome.failure.is_none(),
                "index": outcome.index,
                "old_size": outcome.old_size,
                "witnesses": outcome.witnesses,
            });
            if let Some(checkpoint) = &outcome.checkpoint {
                json["origin"] = checkpoint.origin.clone().into();
                json["tree_size"] = checkpoint.size.into();
                json["signed_by"] = checkpoint.signers.clone().into();
            }
            if let Some(reason) = &outcome.failure {
                json["reason"] = reason.clone().into();
            }
            writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
        }
        LogFormat::Table => match (&outcome.failure, &outcome.checkpoint) {
            (None, Some(checkpoint)) => {
                let what = match (outcome.index, outcome.old_size) {
                    (Some(index), _) => format!("included  entry {index} of"),
                    (_, Some(old)) => format!("consistent  {old} entries extended to"),
                    _ => "holds for".to_owned(),
                };
                let witnesses = if outcome.witnesses.is_empty() {
                    String::new()
                } else {
                    format!(", cosigned by {}", outcome.witnesses.join(", "))
                };
                writeln!(
                    out,
                    "{what} {} ({} entries), signed by {}{witnesses}",
                    checkpoint.origin,
                    checkpoint.size,
                    checkpoint.signers.join(", ")
                )?;
            }
            (failure, _) => writeln!(
                out,
                "DOES NOT HOLD  {}: {}",
                proof.display(),
                failure.as_deref().unwrap_or("no checkpoint")
            )?,
        },
    }
    Ok(())
}
