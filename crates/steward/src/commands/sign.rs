//! `steward sign`: an in-toto statement about files, in a DSSE envelope signed by one key; or
//! one more signature on an existing envelope.

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;
use steward_trust::encrypted_key::Zeroizing;
use steward_trust::signing::SigningError;
use steward_trust::statement::PAYLOAD_TYPE;
use steward_trust::{ArtifactDigests, Envelope, SigningKey, Statement, Subject};

use crate::cli::SignArgs;
use crate::commands::key::KEY_FILE_LIMIT;
use crate::commands::verify::{ARTIFACT_LIMIT, DOCUMENT_LIMIT, read_limited};
use crate::exit_status::ExitStatus;

/// The predicate type of a statement made without `--predicate-type`: a release of the files.
const DEFAULT_PREDICATE_TYPE: &str = "https://in-toto.io/attestation/release/v0.1";

pub(crate) fn run(args: &SignArgs) -> anyhow::Result<ExitStatus> {
    let key = read_signing_key(&args.key)?;
    let mut envelope = match &args.add_signature {
        Some(path) => Envelope::parse(&read_limited(path, DOCUMENT_LIMIT)?)
            .with_context(|| format!("{}", path.display()))?,
        None => Envelope::new(PAYLOAD_TYPE, statement(args)?.to_json()),
    };
    envelope.sign(&key)?;
    write_envelope(&envelope, args.output.as_deref())?;
    Ok(ExitStatus::Success)
}

/// Reads a private key (PKCS#8 PEM, encrypted or not), naming the file in any error. The
/// password of an encrypted key comes from `STEWARD_KEY_PASSWORD` or the terminal.
pub(crate) fn read_signing_key(path: &Path) -> anyhow::Result<SigningKey> {
    let bytes = Zeroizing::new(read_limited(path, KEY_FILE_LIMIT)?);
    let text = std::str::from_utf8(&bytes)
        .with_context(|| format!("{}: not a PEM private key", path.display()))?;
    let key = match SigningKey::from_pem(text, None) {
        Err(SigningError::Encrypted) => {
            let password = crate::password::for_existing_key(&path.display().to_string())?;
            SigningKey::from_pem(text, Some(&password))
        }
        other => other,
    };
    key.with_context(|| format!("{}", path.display()))
}

/// Writes an envelope's JSON to `output`, or to standard output; answers the bytes written.
pub(crate) fn write_envelope(envelope: &Envelope, output: Option<&Path>) -> anyhow::Result<String> {
    let json = envelope.to_json() + "\n";
    match output {
        Some(path) => std::fs::write(path, &json)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => std::io::stdout().lock().write_all(json.as_bytes())?,
    }
    Ok(json)
}

fn statement(args: &SignArgs) -> anyhow::Result<Statement> {
    let subjects = args
        .files
        .iter()
        .map(|path| {
            let bytes = read_limited(path, ARTIFACT_LIMIT)?;
            Ok(Subject::of(
                &subject_name(path),
                &ArtifactDigests::of(&bytes),
            ))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let (predicate_type, predicate) = match (&args.predicate_type, &args.predicate) {
        (Some(predicate_type), Some(path)) => {
            let predicate = serde_json::from_slice(&read_limited(path, DOCUMENT_LIMIT)?)
                .with_context(|| format!("{} is not JSON", path.display()))?;
            (predicate_type.as_str(), predicate)
        }
        _ => (DEFAULT_PREDICATE_TYPE, serde_json::Value::Null),
    };
    Ok(Statement::new(subjects, predicate_type, predicate))
}

/// A subject's name: the path as given, with `/` separators.
pub(crate) fn subject_name(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
