//! `steward log`: reads proofs, keys and entries (each with a size limit) and has
//! steward-tlog judge them.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;
use steward_tlog::note::VerifierKey;
use steward_tlog::proof::TlogProof;

use crate::cli::{LogCommand, LogFormat};
use crate::commands::key::KEY_FILE_LIMIT;
use crate::commands::verify::{ARTIFACT_LIMIT, read_limited};
use crate::exit_status::ExitStatus;

pub(crate) fn run(command: &LogCommand) -> anyhow::Result<ExitStatus> {
    match command {
        LogCommand::VerifyProof {
            proof,
            key,
            entry,
            origin,
            format,
        } => verify_proof(proof, key, entry, origin.as_deref(), *format),
    }
}

/// The verifier key given as text, or read from the file named.
fn read_verifier_key(key: &str) -> anyhow::Result<VerifierKey> {
    if let Ok(parsed) = VerifierKey::parse(key) {
        return Ok(parsed);
    }
    let path = Path::new(key);
    let text = String::from_utf8(read_limited(path, KEY_FILE_LIMIT)?)
        .with_context(|| format!("{} is not UTF-8", path.display()))?;
    VerifierKey::parse(&text).with_context(|| path.display().to_string())
}

fn verify_proof(
    proof_path: &Path,
    key: &str,
    entry: &Path,
    origin: Option<&str>,
    format: LogFormat,
) -> anyhow::Result<ExitStatus> {
    let key = read_verifier_key(key)?;
    let proof = TlogProof::parse(&read_limited(proof_path, KEY_FILE_LIMIT)?)
        .with_context(|| proof_path.display().to_string())?;
    let leaf = steward_tlog::record_hash(&read_limited(entry, ARTIFACT_LIMIT)?);
    let outcome = proof.verify(leaf, &key, origin);
    let mut out = std::io::stdout().lock();
    let report = match &outcome {
        Ok(verified) => serde_json::json!({
            "proof": proof_path.display().to_string(),
            "included": true,
            "index": verified.index,
            "origin": verified.checkpoint.origin,
            "tree_size": verified.checkpoint.size,
            "signed_by": verified.checkpoint.signers,
        }),
        Err(error) => serde_json::json!({
            "proof": proof_path.display().to_string(),
            "included": false,
            "index": proof.index,
            "reason": error.to_string(),
        }),
    };
    match format {
        LogFormat::Json => {
            writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        }
        LogFormat::Table => match &outcome {
            Ok(verified) => writeln!(
                out,
                "included  entry {} of {} ({} entries), signed by {}",
                verified.index,
                verified.checkpoint.origin,
                verified.checkpoint.size,
                verified.checkpoint.signers.join(", ")
            )?,
            Err(error) => writeln!(out, "NOT INCLUDED  {}: {error}", proof_path.display())?,
        },
    }
    Ok(if outcome.is_ok() {
        ExitStatus::Success
    } else {
        ExitStatus::Findings
    })
}
