//! `steward key`: makes key pairs and shows what a key is.

use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use steward_trust::encrypted_key::Zeroizing;
use steward_trust::openpgp::Keyring;
use steward_trust::statement::PAYLOAD_TYPE;
use steward_trust::{Envelope, PublicKey, SigningAlgorithm, SigningKey, Statement, policy};

use crate::cli::{KeyAlgorithmChoice, KeyCommand, StatementSigning};
use crate::commands::sign::{read_signing_key, write_envelope};
use crate::exit_status::ExitStatus;

/// The largest key file steward reads.
pub(crate) const KEY_FILE_LIMIT: u64 = 1 << 20;

pub(crate) fn run(command: &KeyCommand) -> anyhow::Result<ExitStatus> {
    match command {
        KeyCommand::Generate { algorithm, name } => generate(*algorithm, name),
        KeyCommand::Show { file } => show(file),
        KeyCommand::Vouch {
            public_key,
            name,
            signing,
        } => {
            let key = read_public_key(public_key)?;
            sign_statement(&policy::vouch_statement(&key, name), signing)
        }
        KeyCommand::Revoke {
            public_key,
            reason,
            signing,
        } => {
            let key = read_public_key(public_key)?;
            sign_statement(&policy::revoke_statement(&key, reason), signing)
        }
    }
}

fn generate(algorithm: KeyAlgorithmChoice, name: &Path) -> anyhow::Result<ExitStatus> {
    let algorithm = match algorithm {
        KeyAlgorithmChoice::Ed25519 => SigningAlgorithm::Ed25519,
        KeyAlgorithmChoice::EcdsaP256 => SigningAlgorithm::EcdsaP256,
    };
    let key = SigningKey::generate(algorithm)?;
    let private_path = with_extension(name, "key");
    let public_path = with_extension(name, "pub");
    if public_path.exists() {
        bail!("{} exists; not overwritten", public_path.display());
    }
    if private_path.exists() {
        bail!("{} exists; not overwritten", private_path.display());
    }
    let pem = match crate::password::for_new_key(&private_path.display().to_string())? {
        Some(password) => Zeroizing::new(key.to_encrypted_pem(&password)?),
        None => Zeroizing::new(key.to_pkcs8_pem()),
    };
    write_new(&private_path, pem.as_bytes(), 0o600)?;
    write_new(&public_path, key.public_key().to_pem().as_bytes(), 0o644)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}  {}",
        key.public_key().algorithm(),
        key.public_key().id()
    )?;
    Ok(ExitStatus::Success)
}

fn with_extension(name: &Path, extension: &str) -> PathBuf {
    let mut path = name.as_os_str().to_owned();
    path.push(".");
    path.push(extension);
    PathBuf::from(path)
}

/// Creates `path` with `mode`, refusing to replace anything already there.
fn write_new(path: &Path, bytes: &[u8], mode: u32) -> anyhow::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))
}

fn show(file: &Path) -> anyhow::Result<ExitStatus> {
    let bytes = steward_fs::read_file(file, KEY_FILE_LIMIT)
        .with_context(|| format!("cannot read {}", file.display()))?;
    if steward_trust::openpgp::is_openpgp(&bytes) {
        return show_openpgp(file, &bytes);
    }
    let (kind, key) = match PublicKey::parse(&bytes) {
        Ok(key) => ("public", key),
        Err(steward_trust::KeyError::PrivateKey) => {
            ("private", read_signing_key(file)?.public_key().clone())
        }
        Err(error) => return Err(error).with_context(|| format!("{}", file.display())),
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}: {kind} key", file.display())?;
    writeln!(out, "algorithm  {}", key.algorithm())?;
    writeln!(out, "key id     {}", key.id())?;
    Ok(ExitStatus::Success)
}

/// Each certificate of an OpenPGP keyring, and whether each of its keys may sign.
fn show_openpgp(file: &Path, bytes: &[u8]) -> anyhow::Result<ExitStatus> {
    let keyring = Keyring::parse(bytes).with_context(|| format!("{}", file.display()))?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}: OpenPGP keyring, {} certificates",
        file.display(),
        keyring.certificates.len()
    )?;
    for certificate in &keyring.certificates {
        let user_id = certificate
            .user_id
            .as_deref()
            .unwrap_or("(no valid user id)");
        writeln!(out, "certificate  {}  {user_id}", certificate.fingerprint)?;
        for key in certificate.keys() {
            let standing = match (&key.refusal, key.expires) {
                (Some(reason), _) => format!("cannot sign: {reason}"),
                (None, Some(expires)) => format!("signs until {}", date(expires)),
                (None, None) => "signs".to_owned(),
            };
            writeln!(out, "  key  {}  {standing}", key.fingerprint)?;
        }
    }
    Ok(ExitStatus::Success)
}

fn date(seconds: u64) -> String {
    i64::try_from(seconds)
        .ok()
        .and_then(|seconds| jiff::Timestamp::from_second(seconds).ok())
        .map_or_else(
            || seconds.to_string(),
            |time| time.strftime("%Y-%m-%d").to_string(),
        )
}

fn read_public_key(path: &Path) -> anyhow::Result<PublicKey> {
    let bytes = steward_fs::read_file(path, KEY_FILE_LIMIT)
        .with_context(|| format!("cannot read {}", path.display()))?;
    PublicKey::parse(&bytes).with_context(|| format!("{}", path.display()))
}

/// Signs `statement` into a new envelope and writes it.
fn sign_statement(statement: &Statement, signing: &StatementSigning) -> anyhow::Result<ExitStatus> {
    let key = read_signing_key(&signing.key)?;
    let mut envelope = Envelope::new(PAYLOAD_TYPE, statement.to_json());
    envelope.sign(&key)?;
    write_envelope(&envelope, signing.output.as_deref())?;
    Ok(ExitStatus::Success)
}
