//! OpenPGP in `steward verify`: detached signatures (`--signature`) and cleartext-signed
//! messages (`--cleartext`), checked with the OpenPGP keyrings among the `--key` files.

use std::path::Path;

use anyhow::{Context as _, bail};
use steward_trust::ArtifactDigests;
use steward_trust::openpgp::{Cleartext, DetachedSignatures, Keyring};
use steward_trust::verdict::{self, ArtifactVerdict};

use crate::cli::VerifyArgs;
use crate::commands::verify::{ARTIFACT_LIMIT, DOCUMENT_LIMIT, now, read_limited};

fn needs_keys(keyring: &Keyring, what: &str) -> anyhow::Result<()> {
    if keyring.certificates.is_empty() {
        bail!("{what} needs at least one OpenPGP keyring as --key");
    }
    Ok(())
}

/// Each artifact against the detached signatures `signature_bytes` read from `path`.
pub(crate) fn verify_detached(
    args: &VerifyArgs,
    path: &Path,
    signature_bytes: &[u8],
    keyring: &Keyring,
) -> anyhow::Result<Vec<ArtifactVerdict>> {
    needs_keys(keyring, "an OpenPGP --signature")?;
    let signatures =
        DetachedSignatures::parse(signature_bytes).with_context(|| path.display().to_string())?;
    let source = path.display().to_string();
    let now = now();
    args.artifacts
        .iter()
        .map(|artifact| {
            let bytes = read_limited(Path::new(artifact), ARTIFACT_LIMIT)?;
            let outcomes = signatures.verify(&bytes, keyring, now);
            Ok(verdict::judge_openpgp(
                artifact.clone(),
                ArtifactDigests::of(&bytes).sha256,
                &source,
                &outcomes,
                args.threshold,
            ))
        })
        .collect()
}

/// Each artifact as a cleartext-signed message.
pub(crate) fn verify_cleartext(
    args: &VerifyArgs,
    keyring: &Keyring,
) -> anyhow::Result<Vec<ArtifactVerdict>> {
    needs_keys(keyring, "--cleartext")?;
    let now = now();
    args.artifacts
        .iter()
        .map(|artifact| {
            let bytes = read_limited(Path::new(artifact), DOCUMENT_LIMIT)?;
            let message = Cleartext::parse(&bytes).with_context(|| artifact.clone())?;
            let outcomes = message.verify(keyring, now);
            Ok(verdict::judge_openpgp(
                artifact.clone(),
                ArtifactDigests::of(&bytes).sha256,
                artifact,
                &outcomes,
                args.threshold,
            ))
        })
        .collect()
}
