//! `steward log`: keeps transparency logs in directories (steward-tlog-store) and checks their
//! proofs offline (steward-tlog). Every file read has a size limit.

mod cosign;
mod monitor;
mod prove;
mod serve;
mod verify_proof;
mod witness;
mod write;

use std::path::Path;

use anyhow::Context as _;
use steward_tlog::note::VerifierKey;
use steward_tlog::signer::NoteSigner;

use crate::cli::LogCommand;
use crate::commands::key::KEY_FILE_LIMIT;
use crate::commands::verify::read_limited;
use crate::exit_status::ExitStatus;

pub(crate) fn run(command: &LogCommand) -> anyhow::Result<ExitStatus> {
    match command {
        LogCommand::Init {
            dir,
            origin,
            key,
            deduplicate,
        } => write::init(dir, origin, key, *deduplicate),
        LogCommand::Append {
            dir,
            files,
            key,
            batch_size,
        } => write::append(dir, files, key.as_deref(), *batch_size),
        LogCommand::Prove(arguments) => prove::prove(arguments),
        LogCommand::VerifyProof(arguments) => verify_proof::verify_proof(arguments),
        LogCommand::Audit { dir, format } => prove::audit(dir, *format),
        LogCommand::Cosign {
            dir,
            witness_policy,
        } => cosign::cosign(dir, witness_policy),
        LogCommand::Serve(arguments) => serve::serve(arguments),
        LogCommand::Witness(arguments) => witness::witness(arguments),
        LogCommand::Monitor(arguments) => monitor::monitor(arguments),
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

/// The log's signer from `path`: a signed-note private key, or a steward Ed25519 key signing
/// as `origin`.
pub(crate) fn read_note_signer(path: &Path, origin: &str) -> anyhow::Result<NoteSigner> {
    let bytes = steward_trust::encrypted_key::Zeroizing::new(read_limited(path, KEY_FILE_LIMIT)?);
    if bytes.starts_with(b"PRIVATE+KEY+") {
        let text = std::str::from_utf8(&bytes)
            .with_context(|| format!("{}: not a signed-note private key", path.display()))?;
        return NoteSigner::parse(text).with_context(|| path.display().to_string());
    }
    let key = crate::commands::sign::read_signing_key(path)?;
    NoteSigner::new(origin, key).with_context(|| path.display().to_string())
}
