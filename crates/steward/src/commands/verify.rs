//! `steward verify`: reads the artifacts, attestations, bundle, keys and trusted root, has
//! steward-trust judge them, and prints the report.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, bail};
use steward_trust::sigstore::{self, Artifact, Signer};
use steward_trust::verdict::{self, ArtifactVerdict, CheckedEnvelope, Report, Requirements};
use steward_trust::{ArtifactDigests, Envelope, PublicKey, Scheme, VerifyingKey};

use crate::cli::{VerifyArgs, VerifyFormat};
use crate::commands::key::KEY_FILE_LIMIT;
use crate::exit_status::ExitStatus;

/// The largest artifact steward reads whole.
pub(crate) const ARTIFACT_LIMIT: u64 = 1 << 30;
/// The largest envelope, bundle, predicate or trusted root steward reads.
pub(crate) const DOCUMENT_LIMIT: u64 = 64 << 20;

/// Reads a regular file of at most `limit` bytes, naming it in any error.
pub(crate) fn read_limited(path: &Path, limit: u64) -> anyhow::Result<Vec<u8>> {
    steward_fs::read_file(path, limit).with_context(|| format!("cannot read {}", path.display()))
}

pub(crate) fn run(args: &VerifyArgs) -> anyhow::Result<ExitStatus> {
    let requirements = Requirements { threshold: args.threshold, predicate_type: args.predicate_type.clone() };
    let keys = read_keys(args)?;
    let verdicts = match &args.bundle {
        Some(bundle) => verify_bundle(args, bundle, keys, &requirements)?,
        None => verify_attestations(args, &keys, &requirements)?,
    };
    let report = verdict::report(verdicts);
    let mut out = std::io::stdout().lock();
    match args.format {
        VerifyFormat::Table => write_table(&mut out, &report)?,
        VerifyFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?,
        VerifyFormat::Sarif => writeln!(out, "{}", serde_json::to_string_pretty(&sarif(&report))?)?,
    }
    Ok(if report.holds { ExitStatus::Success } else { ExitStatus::Findings })
}

fn read_keys(args: &VerifyArgs) -> anyhow::Result<Vec<VerifyingKey>> {
    let scheme = args.key_scheme.as_deref().map(Scheme::from_name).transpose()?;
    args.keys
        .iter()
        .map(|path| {
            let key = PublicKey::parse(&read_limited(path, KEY_FILE_LIMIT)?)
                .with_context(|| format!("{}", path.display()))?;
            let scheme = matches!(key.algorithm(), steward_trust::Algorithm::Rsa(_)).then_some(scheme).flatten();
            VerifyingKey::new(key, scheme).with_context(|| format!("{}", path.display()))
        })
        .collect()
}

fn verify_attestations(
    args: &VerifyArgs,
    keys: &[VerifyingKey],
    requirements: &Requirements,
) -> anyhow::Result<Vec<ArtifactVerdict>> {
    if keys.is_empty() {
        bail!("--attestation needs at least one trusted --key");
    }
    let envelopes = args
        .attestations
        .iter()
        .map(|path| {
            let envelope = Envelope::parse(&read_limited(path, DOCUMENT_LIMIT)?)
                .with_context(|| format!("{}", path.display()))?;
            Ok(CheckedEnvelope::new(path.display().to_string(), &envelope, keys))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    args.artifacts
        .iter()
        .map(|artifact| {
            if artifact.contains(':') && !Path::new(artifact).exists() {
                bail!("{artifact}: an attestation is checked against the artifact itself; give the file");
            }
            let digests = ArtifactDigests::of(&read_limited(Path::new(artifact), ARTIFACT_LIMIT)?);
            Ok(verdict::judge_attestations(artifact.clone(), &digests, &envelopes, requirements))
        })
        .collect()
}

fn verify_bundle(
    args: &VerifyArgs,
    bundle_path: &Path,
    keys: Vec<VerifyingKey>,
    requirements: &Requirements,
) -> anyhow::Result<Vec<ArtifactVerdict>> {
    let signer = bundle_signer(args, &keys)?;
    let root_json = match &args.trusted_root {
        Some(path) => Some(String::from_utf8(read_limited(path, DOCUMENT_LIMIT)?).with_context(|| format!("{} is not UTF-8", path.display()))?),
        None => None,
    };
    let root = sigstore::trusted_root(root_json.as_deref())?;
    let bundle_json = String::from_utf8(read_limited(bundle_path, DOCUMENT_LIMIT)?)
        .with_context(|| format!("{} is not UTF-8", bundle_path.display()))?;
    let source = bundle_path.display().to_string();
    let bundle = sigstore::parse_bundle(&bundle_json).with_context(|| source.clone())?;
    args.artifacts
        .iter()
        .map(|artifact| {
            let (outcome, sha256) = match parse_digest(artifact)? {
                Some(Digest::Sha256(digest)) => {
                    (sigstore::verify(&bundle, Artifact::Sha256(&digest), &signer, &root), steward_trust::hex(&digest))
                }
                Some(Digest::Sha512(digest)) => {
                    (sigstore::verify(&bundle, Artifact::Sha512(&digest), &signer, &root), String::new())
                }
                None => {
                    let bytes = read_limited(Path::new(artifact), ARTIFACT_LIMIT)?;
                    let sha256 = ArtifactDigests::of(&bytes).sha256;
                    (sigstore::verify(&bundle, Artifact::Bytes(&bytes), &signer, &root), sha256)
                }
            };
            Ok(verdict::judge_bundle(artifact.clone(), sha256, &source, outcome, requirements))
        })
        .collect()
}

/// The signer a bundle must be from: the certificate identity (or pattern) and issuer, or the
/// one `--key`.
fn bundle_signer(args: &VerifyArgs, keys: &[VerifyingKey]) -> anyhow::Result<Signer> {
    let issuer = args.certificate_oidc_issuer.clone();
    let key = keys.first().map(|key| key.key().clone());
    match (&args.certificate_identity, &args.certificate_identity_regexp, issuer, keys.len()) {
        (Some(subject), None, Some(issuer), 0) => Ok(Signer::Identity { subject: subject.clone(), issuer }),
        (None, Some(pattern), Some(issuer), 0) => {
            let anchored = format!("^(?:{pattern})$");
            let pattern = regex::Regex::new(&anchored).with_context(|| format!("--certificate-identity-regexp {pattern}"))?;
            Ok(Signer::IdentityPattern { pattern, issuer })
        }
        (None, None, None, 1) => Ok(Signer::Key(key.context("one --key")?)),
        _ => bail!(
            "--bundle needs either --certificate-identity (or --certificate-identity-regexp) with --certificate-oidc-issuer, or exactly one --key"
        ),
    }
}

enum Digest {
    Sha256([u8; 32]),
    Sha512([u8; 64]),
}

/// `sha256:HEX` or `sha512:HEX`; `None` for anything else (a file).
fn parse_digest(artifact: &str) -> anyhow::Result<Option<Digest>> {
    let Some((algorithm, hex)) = artifact.split_once(':') else { return Ok(None) };
    let bytes = || -> anyhow::Result<Vec<u8>> {
        if hex.len() % 2 != 0 || !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            bail!("{artifact}: the digest is not hex");
        }
        Ok((0..hex.len()).step_by(2).map(|index| u8::from_str_radix(&hex[index..index + 2], 16).unwrap_or_default()).collect())
    };
    let length_error = || anyhow::anyhow!("{artifact}: a {algorithm} digest has the wrong length");
    match algorithm {
        "sha256" => Ok(Some(Digest::Sha256(bytes()?.try_into().map_err(|_| length_error())?))),
        "sha512" => Ok(Some(Digest::Sha512(bytes()?.try_into().map_err(|_| length_error())?))),
        _ => Ok(None),
    }
}

fn write_table(out: &mut impl std::io::Write, report: &Report) -> std::io::Result<()> {
    for artifact in &report.artifacts {
        let verdict = if artifact.verified { "verified" } else { "NOT VERIFIED" };
        writeln!(out, "{verdict}  {}", artifact.artifact)?;
        for evidence in &artifact.evidence {
            let about = evidence.predicate_type.as_deref().unwrap_or("(no statement)");
            writeln!(out, "  {}  {about}", evidence.source)?;
            for signature in &evidence.signatures {
                let who = signature.signer.as_deref().or(signature.claimed_keyid.as_deref()).unwrap_or("(no key id)");
                match &signature.reason {
                    None => writeln!(out, "    counted      {who}")?,
                    Some(reason) => writeln!(out, "    not counted  {who}: {reason}")?,
                }
            }
            if let Some(provenance) = &evidence.provenance {
                let field = |value: &Option<String>| value.clone().unwrap_or_else(|| "-".to_owned());
                writeln!(out, "    built by     {}", field(&provenance.builder_id))?;
                writeln!(out, "    from         {} {} {}", field(&provenance.source_repository), field(&provenance.source_ref), field(&provenance.source_digest))?;
            }
        }
        for reason in &artifact.reasons {
            writeln!(out, "  because {reason}")?;
        }
    }
    let failed = report.artifacts.iter().filter(|artifact| !artifact.verified).count();
    writeln!(out, "{} artifacts, {} verified, {failed} not verified", report.artifacts.len(), report.artifacts.len() - failed)
}

/// SARIF 2.1.0: one result per artifact that does not verify, at level `error`.
fn sarif(report: &Report) -> serde_json::Value {
    let results: Vec<_> = report
        .artifacts
        .iter()
        .filter(|artifact| !artifact.verified)
        .map(|artifact| {
            serde_json::json!({
                "ruleId": "steward/verify/not-verified",
                "level": "error",
                "message": {"text": format!("{} does not verify: {}", artifact.artifact, artifact.reasons.join("; "))},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": artifact.artifact}}}],
                "properties": {"sha256": artifact.sha256},
            })
        })
        .collect();
    serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "steward",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/steward-dev/steward",
                "rules": [{
                    "id": "steward/verify/not-verified",
                    "shortDescription": {"text": "An artifact does not verify against its attestations or bundle"},
                }],
            }},
            "results": results,
        }],
    })
}
