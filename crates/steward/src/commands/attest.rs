//! `steward attest`: a decision as a signed in-toto statement (steward-trust's `decision`), and,
//! with `--log`, appended to a steward transparency log with its inclusion proof kept beside it.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use sha2::{Digest as _, Sha256};
use steward_tlog_store::append::Appender;
use steward_tlog_store::store::LogDir;
use steward_trust::decision::{DECISION_PREDICATE, Decision, Reference, Suppression};
use steward_trust::statement::PAYLOAD_TYPE;
use steward_trust::{ArtifactDigests, Envelope, Statement, Subject, VerifyingKey};

use crate::cli::AttestArgs;
use crate::commands::sign::{read_signing_key, subject_name, write_envelope};
use crate::commands::verify::{ARTIFACT_LIMIT, DOCUMENT_LIMIT, read_limited};
use crate::exit_status::ExitStatus;

/// Prefixes of advisory ids, as OSV spells them.
const ADVISORY_PREFIXES: &[&str] = &[
    "CVE-", "GHSA-", "RUSTSEC-", "PYSEC-", "GO-", "OSV-", "GSD-", "DSA-", "DLA-", "USN-", "MAL-",
    "RHSA-", "ALSA-",
];

pub(crate) fn run(args: &AttestArgs) -> anyhow::Result<ExitStatus> {
    let key = read_signing_key(&args.key)?;
    let subjects = args
        .subjects
        .iter()
        .map(|subject| read_subject(subject))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let decision = decision(args, &VerifyingKey::new(key.public_key().clone(), None)?)?;
    let predicate = decision.to_value()?;
    let statement = Statement::new(subjects, DECISION_PREDICATE, predicate);
    let mut envelope = Envelope::new(PAYLOAD_TYPE, statement.to_json());
    envelope.sign(&key)?;
    let bytes = write_envelope(&envelope, args.output.as_deref())?;
    if let (Some(log), Some(output)) = (&args.log, &args.output) {
        append_to_log(log, output, bytes.as_bytes())?;
    }
    Ok(ExitStatus::Success)
}

/// A subject from its argument: `NAME=sha256:HEX`, a file, `IMAGE@sha256:HEX` or an advisory id.
fn read_subject(argument: &str) -> anyhow::Result<Subject> {
    if let Some((name, digest)) = argument.rsplit_once('=')
        && let Some(hex) = sha256_hex(digest)
    {
        return Ok(Subject::of(name, &ArtifactDigests::sha256_only(&hex)));
    }
    let path = Path::new(argument);
    if path.is_file() {
        let bytes = read_limited(path, ARTIFACT_LIMIT)?;
        return Ok(Subject::of(
            &subject_name(path),
            &ArtifactDigests::of(&bytes),
        ));
    }
    if let Some((image, digest)) = argument.rsplit_once('@')
        && let Some(hex) = sha256_hex(digest)
    {
        return Ok(Subject::of(image, &ArtifactDigests::sha256_only(&hex)));
    }
    if ADVISORY_PREFIXES
        .iter()
        .any(|prefix| argument.starts_with(prefix))
    {
        let hex = steward_trust::hex(&Sha256::digest(argument.as_bytes()));
        return Ok(Subject::of(argument, &ArtifactDigests::sha256_only(&hex)));
    }
    if argument.starts_with("pkg:") {
        bail!("{argument}: a package is named with its digest, `{argument}=sha256:HEX`");
    }
    bail!(
        "{argument}: no such file, and not `NAME=sha256:HEX`, `IMAGE@sha256:HEX` or an advisory id"
    )
}

/// The lowercase hex of `sha256:HEX`, if it is one.
fn sha256_hex(text: &str) -> Option<String> {
    let hex = text.strip_prefix("sha256:")?.to_ascii_lowercase();
    (hex.len() == 64 && steward_trust::unhex(&hex).is_some()).then_some(hex)
}

/// The envelope at `path`, read but not verified.
fn read_envelope(path: &Path) -> anyhow::Result<Envelope> {
    Envelope::parse(&read_limited(path, DOCUMENT_LIMIT)?)
        .with_context(|| path.display().to_string())
}

fn decision(args: &AttestArgs, signer: &VerifyingKey) -> anyhow::Result<Decision> {
    let builds_on = args
        .builds_on
        .iter()
        .map(|path| {
            Ok(Reference::to_payload(
                read_envelope(path)?.unverified_payload(),
            ))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let revokes = args
        .revokes
        .as_deref()
        .map(|path| revoked(path, signer))
        .transpose()?;
    let suppression = match (&args.advisory, &args.expires) {
        (Some(advisory), Some(expires)) => Some(Suppression {
            advisory: advisory.clone(),
            package: args.package.clone(),
            expires: expires.clone(),
        }),
        (None, None) if args.package.is_none() => None,
        _ => bail!("a suppression needs --advisory and --expires (and may name --package)"),
    };
    Ok(Decision {
        decision: from_text(&args.decision)?,
        outcome: args.outcome.as_deref().map(from_text).transpose()?,
        role: args.role.clone(),
        rationale: args.reason.clone(),
        time: jiff::Timestamp::now().to_string(),
        builds_on,
        evidence: args.evidence.clone(),
        suppression,
        revokes,
    })
}

/// A decision kind or outcome from its name (the CLI offers only valid ones).
fn from_text<T: serde::de::DeserializeOwned>(text: &str) -> anyhow::Result<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .with_context(|| format!("{text:?} is not a decision or outcome"))
}

/// The statement at `path`, which `signer` must have signed: only a signer revokes its own.
fn revoked(path: &Path, signer: &VerifyingKey) -> anyhow::Result<Reference> {
    let envelope = read_envelope(path)?;
    let (_, verified) = envelope.verify(std::slice::from_ref(signer));
    if verified.is_none() {
        bail!(
            "{}: not signed by this key; a signer revokes only its own statements",
            path.display()
        );
    }
    Ok(Reference::to_payload(envelope.unverified_payload()))
}

/// Appends `entry` to the log in `log` and writes its inclusion proof beside `output`.
fn append_to_log(log: &Path, output: &Path, entry: &[u8]) -> anyhow::Result<()> {
    let directory = LogDir::open(log)?;
    let signer = super::log::read_note_signer(&directory.config().key, &directory.config().origin)?;
    let mut appender = Appender::new(directory, signer)?;
    let appended = appender.append(&[entry.to_vec()])?;
    let index = appended.first().context("the log answered no index")?.index;
    let (note, checkpoint) = appender.log().checkpoint()?;
    let proof = appender.log().prove_inclusion(index, &note)?;
    let mut proof_path = output.as_os_str().to_owned();
    proof_path.push(".tlog-proof");
    let proof_path = PathBuf::from(proof_path);
    std::fs::write(&proof_path, proof.to_text())
        .with_context(|| proof_path.display().to_string())?;
    writeln!(
        std::io::stderr().lock(),
        "logged as entry {index} of {} ({} entries); proof in {}",
        checkpoint.origin,
        checkpoint.size,
        proof_path.display()
    )?;
    Ok(())
}
