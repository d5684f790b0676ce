//! `steward verify`: reads the artifacts, attestations, bundle, keys and trusted root, has
//! steward-trust judge them — against the keys or identity given, or the `[trust]` policy of
//! `steward.toml` — and prints the report.

mod layout;
mod openpgp;
mod policy;

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, bail};
use steward_trust::detached::DetachedSignature;
use steward_trust::npm::{self, RegistryKeys};
use steward_trust::openpgp::Keyring;
use steward_trust::policy::{Policy, TrustDecision, TrustedKey};
use steward_trust::sigstore::{self, Artifact, Bundle, Signer, TrustedRoot};
use steward_trust::verdict::{
    self, ArtifactVerdict, BundleInput, CheckedEnvelope, Report, Requirements,
};
use steward_trust::{ArtifactDigests, Envelope, PublicKey, Scheme, VerifyingKey};

use crate::cli::{VerifyArgs, VerifyFormat};
use crate::commands::key::KEY_FILE_LIMIT;
use crate::config::LoadedConfig;
use crate::exit_status::ExitStatus;

/// The largest artifact steward reads whole.
pub(crate) const ARTIFACT_LIMIT: u64 = 1 << 30;
/// The largest envelope, bundle, predicate or trusted root steward reads.
pub(crate) const DOCUMENT_LIMIT: u64 = 64 << 20;

/// Reads a regular file of at most `limit` bytes, naming it in any error.
pub(crate) fn read_limited(path: &Path, limit: u64) -> anyhow::Result<Vec<u8>> {
    steward_fs::read_file(path, limit).with_context(|| format!("cannot read {}", path.display()))
}

pub(crate) fn run(args: &VerifyArgs, loaded: &LoadedConfig) -> anyhow::Result<ExitStatus> {
    let requirements = Requirements {
        threshold: args.threshold,
        predicate_type: args.predicate_type.clone(),
        builder_id: args.builder_id.clone(),
        source_repository: args.source_repository.clone(),
    };
    let (keys, keyring) = read_keys(args)?;
    let given = !keys.is_empty()
        || !keyring.certificates.is_empty()
        || args.certificate_identity.is_some()
        || args.certificate_identity_regexp.is_some();
    let policy = match (&loaded.config.trust, &loaded.path) {
        (Some(trust), Some(path)) if !given => Some(policy::load(trust, path)?),
        _ => None,
    };
    if policy.is_some()
        && (args.threshold != 1
            || args.predicate_type.is_some()
            || args.builder_id.is_some()
            || args.source_repository.is_some())
    {
        bail!(
            "under the [trust] policy its rules set the threshold and requirements; --threshold, --predicate-type, --builder-id and --source-repository apply only with --key or a certificate identity"
        );
    }
    if args.cleartext {
        let verdicts = openpgp::verify_cleartext(args, &keyring)?;
        return finish(args, &verdict::report(verdicts, Vec::new()));
    }
    if let Some(signature) = &args.signature {
        let bytes = read_limited(signature, DOCUMENT_LIMIT)?;
        let verdicts = if steward_trust::openpgp::is_openpgp(&bytes) {
            openpgp::verify_detached(args, signature, &bytes, &keyring)?
        } else {
            verify_detached(args, signature, &bytes, &keys)?
        };
        return finish(args, &verdict::report(verdicts, Vec::new()));
    }
    if !keyring.certificates.is_empty() {
        bail!("OpenPGP keys check only OpenPGP signatures (--signature, --cleartext)");
    }
    if let Some(path) = &args.layout {
        let verdicts = layout::verify_layout(args, path, &keys)?;
        return finish(args, &verdict::report(verdicts, Vec::new()));
    }
    let (verdicts, trust) = match (!args.bundles.is_empty(), &policy) {
        (true, None) => (verify_bundles(args, &keys, &requirements)?, Vec::new()),
        (true, Some(policy)) => (verify_bundles_with_policy(args, policy)?, Vec::new()),
        (false, None) => (verify_attestations(args, &keys, &requirements)?, Vec::new()),
        (false, Some(policy)) => verify_attestations_with_policy(args, policy)?,
    };
    finish(args, &verdict::report(verdicts, trust))
}

/// Prints the report in the format asked for; the exit status says whether it holds.
fn finish(args: &VerifyArgs, report: &Report) -> anyhow::Result<ExitStatus> {
    let mut out = std::io::stdout().lock();
    match args.format {
        VerifyFormat::Table => write_table(&mut out, report)?,
        VerifyFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(report)?)?,
        VerifyFormat::Sarif => writeln!(out, "{}", serde_json::to_string_pretty(&sarif(report))?)?,
    }
    Ok(if report.holds {
        ExitStatus::Success
    } else {
        ExitStatus::Findings
    })
}

fn verify_detached(
    args: &VerifyArgs,
    path: &Path,
    signature_bytes: &[u8],
    keys: &[VerifyingKey],
) -> anyhow::Result<Vec<ArtifactVerdict>> {
    if keys.is_empty() {
        bail!("--signature needs at least one trusted --key");
    }
    if args.threshold > 1 {
        bail!(
            "an OpenSSH or minisign signature is one signature by one key; --threshold {} cannot be met",
            args.threshold
        );
    }
    let signature =
        DetachedSignature::parse(signature_bytes).with_context(|| path.display().to_string())?;
    let source = path.display().to_string();
    args.artifacts
        .iter()
        .map(|artifact| {
            let bytes = read_limited(Path::new(artifact), ARTIFACT_LIMIT)?;
            let outcomes: Vec<_> = keys
                .iter()
                .map(|key| {
                    (
                        key.key().id(),
                        signature.verify(&bytes, key.key(), args.namespace.as_deref()),
                    )
                })
                .collect();
            let sha256 = ArtifactDigests::of(&bytes).sha256;
            Ok(verdict::judge_detached(
                artifact.clone(),
                sha256,
                &source,
                &outcomes,
            ))
        })
        .collect()
}

pub(crate) fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// The `--key` files: public keys, and OpenPGP keyrings merged into one.
fn read_keys(args: &VerifyArgs) -> anyhow::Result<(Vec<VerifyingKey>, Keyring)> {
    let scheme = args
        .key_scheme
        .as_deref()
        .map(Scheme::from_name)
        .transpose()?;
    let mut keys = Vec::new();
    let mut keyring = Keyring::default();
    for path in &args.keys {
        let bytes = read_limited(path, KEY_FILE_LIMIT)?;
        let context = || path.display().to_string();
        if steward_trust::openpgp::is_openpgp(&bytes) {
            keyring.extend(Keyring::parse(&bytes).with_context(context)?);
            continue;
        }
        let key = PublicKey::parse(&bytes).with_context(context)?;
        let scheme = matches!(key.algorithm(), steward_trust::Algorithm::Rsa(_))
            .then_some(scheme)
            .flatten();
        keys.push(VerifyingKey::new(key, scheme).with_context(context)?);
    }
    Ok((keys, keyring))
}

fn read_envelopes(args: &VerifyArgs) -> anyhow::Result<Vec<(String, Envelope)>> {
    args.attestations
        .iter()
        .map(|path| {
            let envelope = Envelope::parse(&read_limited(path, DOCUMENT_LIMIT)?)
                .with_context(|| format!("{}", path.display()))?;
            Ok((path.display().to_string(), envelope))
        })
        .collect()
}

/// The digests of each artifact file; a digest alone cannot be checked against a statement.
fn artifact_digests(args: &VerifyArgs) -> anyhow::Result<Vec<(String, ArtifactDigests)>> {
    args.artifacts
        .iter()
        .map(|artifact| {
            if artifact.contains(':') && !Path::new(artifact).exists() {
                bail!("{artifact}: an attestation is checked against the artifact itself; give the file");
            }
            Ok((artifact.clone(), ArtifactDigests::of(&read_limited(Path::new(artifact), ARTIFACT_LIMIT)?)))
        })
        .collect()
}

fn verify_attestations(
    args: &VerifyArgs,
    keys: &[VerifyingKey],
    requirements: &Requirements,
) -> anyhow::Result<Vec<ArtifactVerdict>> {
    if keys.is_empty() {
        bail!(
            "--attestation needs at least one trusted --key, or a [trust] policy in steward.toml"
        );
    }
    let envelopes: Vec<_> = read_envelopes(args)?
        .into_iter()
        .map(|(source, envelope)| CheckedEnvelope::new(source, &envelope, keys))
        .collect();
    Ok(artifact_digests(args)?
        .into_iter()
        .map(|(artifact, digests)| {
            verdict::judge_attestations(artifact, &digests, &envelopes, requirements)
        })
        .collect())
}

/// Under the policy: the network of trust is built from the vouching and revocation
/// statements among the attestations, then every artifact is held to the rules covering it.
fn verify_attestations_with_policy(
    args: &VerifyArgs,
    policy: &Policy,
) -> anyhow::Result<(Vec<ArtifactVerdict>, Vec<TrustDecision>)> {
    let statements = read_envelopes(args)?;
    let (trusted, decisions) = steward_trust::policy::trusted_keys(policy, now(), &statements);
    let keys: Vec<VerifyingKey> = trusted
        .iter()
        .map(|trusted: &TrustedKey| trusted.key.clone())
        .collect();
    // Vouching and revocation statements build the network; they are no artifact's evidence.
    // Telling them apart by the unverified payload can only leave evidence out, never add trust.
    let envelopes: Vec<_> = statements
        .iter()
        .filter(|(_, envelope)| !steward_trust::policy::is_trust_statement(envelope))
        .map(|(source, envelope)| CheckedEnvelope::new(source.clone(), envelope, &keys))
        .collect();
    let verdicts = artifact_digests(args)?
        .into_iter()
        .map(|(artifact, digests)| {
            let rules = policy.rules_for(&artifact);
            verdict::judge_with_policy(artifact, &digests, &envelopes, &rules, &trusted)
        })
        .collect();
    Ok((verdicts, decisions))
}

/// The trusted root given, or the one embedded.
fn read_root(args: &VerifyArgs) -> anyhow::Result<TrustedRoot> {
    let root_json = match &args.trusted_root {
        Some(path) => Some(
            String::from_utf8(read_limited(path, DOCUMENT_LIMIT)?)
                .with_context(|| format!("{} is not UTF-8", path.display()))?,
        ),
        None => None,
    };
    Ok(sigstore::trusted_root(root_json.as_deref())?)
}

/// The bundles read, each with where it came from, and each bundle file's text (in the same
/// order: npm's publish attestation is read from the text).
type ReadBundles = (Vec<(String, Bundle)>, Vec<String>);

fn read_bundles(args: &VerifyArgs) -> anyhow::Result<ReadBundles> {
    let mut bundles = Vec::new();
    let mut documents = Vec::new();
    for path in &args.bundles {
        let document = String::from_utf8(read_limited(path, DOCUMENT_LIMIT)?)
            .with_context(|| format!("{} is not UTF-8", path.display()))?;
        let bundle =
            sigstore::parse_bundle(&document).with_context(|| path.display().to_string())?;
        bundles.push((path.display().to_string(), bundle));
        documents.push(document);
    }
    Ok((bundles, documents))
}

/// Calls `judge` with each artifact as Sigstore takes it — bytes, or a digest — and its
/// SHA-256 in hex where known.
fn each_bundle_artifact(
    args: &VerifyArgs,
    mut judge: impl FnMut(String, String, Artifact<'_>) -> ArtifactVerdict,
) -> anyhow::Result<Vec<ArtifactVerdict>> {
    args.artifacts
        .iter()
        .map(|artifact| {
            Ok(match parse_digest(artifact)? {
                Some(Digest::Sha256(digest)) => judge(
                    artifact.clone(),
                    steward_trust::hex(&digest),
                    Artifact::Sha256(&digest),
                ),
                Some(Digest::Sha512(digest)) => {
                    judge(artifact.clone(), String::new(), Artifact::Sha512(&digest))
                }
                None => {
                    let bytes = read_limited(Path::new(artifact), ARTIFACT_LIMIT)?;
                    judge(
                        artifact.clone(),
                        ArtifactDigests::of(&bytes).sha256,
                        Artifact::Bytes(&bytes),
                    )
                }
            })
        })
        .collect()
}

/// Each artifact against every bundle, for the identity or key given: it verifies when
/// `--threshold` distinct signers' bundles do (and, with npm's keys, each bundle's publish
/// attestation).
fn verify_bundles(
    args: &VerifyArgs,
    keys: &[VerifyingKey],
    requirements: &Requirements,
) -> anyhow::Result<Vec<ArtifactVerdict>> {
    let signer = bundle_signer(args, keys)?;
    let root = read_root(args)?;
    let (bundles, documents) = read_bundles(args)?;
    let npm_keys = read_npm_keys(args)?;
    each_bundle_artifact(args, |artifact, sha256, bytes| {
        let verdicts = bundles
            .iter()
            .zip(&documents)
            .map(|((source, bundle), document)| {
                let outcome = sigstore::verify(bundle, bytes, &signer, &root);
                let verdict = verdict::judge_bundle(
                    artifact.clone(),
                    sha256.clone(),
                    source,
                    outcome,
                    requirements,
                );
                match &npm_keys {
                    Some(npm_keys) => verdict::with_npm_publish(
                        verdict,
                        source,
                        publish_attestation(document, bytes, npm_keys, &root),
                    ),
                    None => verdict,
                }
            })
            .collect();
        verdict::judge_bundles(verdicts, args.threshold)
    })
}

fn publish_attestation(
    document: &str,
    artifact: Artifact<'_>,
    keys: &RegistryKeys,
    root: &TrustedRoot,
) -> Result<npm::Published, npm::NpmError> {
    match artifact {
        Artifact::Bytes(tarball) => npm::verify_publish_attestation(document, tarball, keys, root),
        _ => Err(npm::NpmError::Publish(
            "checked against the tarball itself, not a digest".to_owned(),
        )),
    }
}

fn read_npm_keys(args: &VerifyArgs) -> anyhow::Result<Option<RegistryKeys>> {
    let Some(path) = &args.npm_registry_keys else {
        return Ok(None);
    };
    let text = String::from_utf8(read_limited(path, KEY_FILE_LIMIT)?)
        .with_context(|| format!("{} is not UTF-8", path.display()))?;
    Ok(Some(
        RegistryKeys::parse(&text).with_context(|| path.display().to_string())?,
    ))
}

/// Each artifact against every bundle under the policy's rules (and, with npm's keys, each
/// bundle's publish attestation).
fn verify_bundles_with_policy(
    args: &VerifyArgs,
    policy: &Policy,
) -> anyhow::Result<Vec<ArtifactVerdict>> {
    let root = read_root(args)?;
    let (bundles, documents) = read_bundles(args)?;
    let npm_keys = read_npm_keys(args)?;
    let now = now();
    each_bundle_artifact(args, |artifact, sha256, bytes| {
        let rules = policy.rules_for(&artifact);
        let input = BundleInput {
            bundles: &bundles,
            artifact: bytes,
            root: &root,
            now,
        };
        let verdict = verdict::judge_bundle_with_policy(artifact, sha256, &input, policy, &rules);
        match &npm_keys {
            Some(npm_keys) => {
                bundles
                    .iter()
                    .zip(&documents)
                    .fold(verdict, |verdict, ((source, _), document)| {
                        verdict::with_npm_publish(
                            verdict,
                            source,
                            publish_attestation(document, bytes, npm_keys, &root),
                        )
                    })
            }
            None => verdict,
        }
    })
}

/// The signer a bundle must be from: the certificate identity (or pattern) and issuer, or the
/// one `--key`.
fn bundle_signer(args: &VerifyArgs, keys: &[VerifyingKey]) -> anyhow::Result<Signer> {
    let issuer = args.certificate_oidc_issuer.clone();
    let key = keys.first().map(|key| key.key().clone());
    match (
        &args.certificate_identity,
        &args.certificate_identity_regexp,
        issuer,
        keys.len(),
    ) {
        (Some(subject), None, Some(issuer), 0) => Ok(Signer::Identity {
            subject: subject.clone(),
            issuer,
        }),
        (None, Some(pattern), Some(issuer), 0) => {
            let anchored = format!("^(?:{pattern})$");
            let pattern = regex::Regex::new(&anchored)
                .with_context(|| format!("--certificate-identity-regexp {pattern}"))?;
            Ok(Signer::IdentityPattern { pattern, issuer })
        }
        (None, None, None, 1) => Ok(Signer::Key(key.context("one --key")?)),
        _ => bail!(
            "--bundle needs either --certificate-identity (or --certificate-identity-regexp) with --certificate-oidc-issuer, exactly one --key, or a [trust] policy in steward.toml"
        ),
    }
}

enum Digest {
    Sha256([u8; 32]),
    Sha512([u8; 64]),
}

/// `sha256:HEX` or `sha512:HEX`; `None` for anything else (a file).
fn parse_digest(artifact: &str) -> anyhow::Result<Option<Digest>> {
    let Some((algorithm, hex)) = artifact.split_once(':') else {
        return Ok(None);
    };
    let bytes = || {
        steward_trust::unhex(hex)
            .ok_or_else(|| anyhow::anyhow!("{artifact}: the digest is not hex"))
    };
    let length_error = || anyhow::anyhow!("{artifact}: a {algorithm} digest has the wrong length");
    match algorithm {
        "sha256" => Ok(Some(Digest::Sha256(
            bytes()?.try_into().map_err(|_| length_error())?,
        ))),
        "sha512" => Ok(Some(Digest::Sha512(
            bytes()?.try_into().map_err(|_| length_error())?,
        ))),
        _ => Ok(None),
    }
}

fn write_table(out: &mut impl std::io::Write, report: &Report) -> std::io::Result<()> {
    for artifact in &report.artifacts {
        let verdict = if artifact.verified {
            "verified"
        } else {
            "NOT VERIFIED"
        };
        writeln!(out, "{verdict}  {}", artifact.artifact)?;
        for evidence in &artifact.evidence {
            match &evidence.predicate_type {
                Some(about) => writeln!(out, "  {}  {about}", evidence.source)?,
                None => writeln!(out, "  {}", evidence.source)?,
            }
            for signature in &evidence.signatures {
                let who = signature
                    .signer
                    .as_deref()
                    .or(signature.claimed_keyid.as_deref())
                    .unwrap_or("(no key id)");
                match &signature.reason {
                    None => writeln!(out, "    counted      {who}")?,
                    Some(reason) => writeln!(out, "    not counted  {who}: {reason}")?,
                }
            }
            if let Some(provenance) = &evidence.provenance {
                let field =
                    |value: &Option<String>| value.clone().unwrap_or_else(|| "-".to_owned());
                writeln!(out, "    built by     {}", field(&provenance.builder_id))?;
                writeln!(
                    out,
                    "    from         {} {} {}",
                    field(&provenance.source_repository),
                    field(&provenance.source_ref),
                    field(&provenance.source_digest)
                )?;
            }
        }
        for reason in &artifact.reasons {
            writeln!(out, "  because {reason}")?;
        }
    }
    for decision in &report.trust {
        writeln!(out, "trust  {}: {}", decision.source, decision.decision)?;
    }
    let failed = report
        .artifacts
        .iter()
        .filter(|artifact| !artifact.verified)
        .count();
    writeln!(
        out,
        "{} artifacts, {} verified, {failed} not verified",
        report.artifacts.len(),
        report.artifacts.len() - failed
    )
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
