//! The `[trust]` table of `steward.toml` made into a `steward_trust::policy::Policy`: key files
//! read relative to the configuration file, dates made into times.

use std::path::Path;

use anyhow::Context as _;
use steward_trust::policy::{Identity, Policy, PolicySigner, Rule};
use steward_trust::{PublicKey, Scheme, VerifyingKey};

use crate::commands::key::KEY_FILE_LIMIT;
use crate::commands::verify::read_limited;
use crate::config::{SignerConfig, TrustConfig};

const DAY: i64 = 24 * 60 * 60;

/// The policy of `trust`, from the configuration file at `config_path`.
pub(crate) fn load(trust: &TrustConfig, config_path: &Path) -> anyhow::Result<Policy> {
    let directory = config_path.parent().unwrap_or(Path::new("."));
    let signers = trust
        .signer
        .iter()
        .map(|signer| {
            signer_of(signer, directory).with_context(|| {
                format!(
                    "{}: trust signer {:?}",
                    config_path.display(),
                    signer.0.name
                )
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let rules = trust
        .rule
        .iter()
        .map(|rule| {
            Rule::new(
                rule.name.clone(),
                &rule.artifacts,
                rule.signers.clone(),
                rule.threshold,
                rule.predicate_type.clone(),
                rule.max_age_days.map(|days| i64::from(days) * DAY),
            )
        })
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("{}: [trust]", config_path.display()))?;
    Policy::new(signers, rules, trust.max_vouch_depth)
        .with_context(|| format!("{}: [trust]", config_path.display()))
}

fn signer_of(signer: &SignerConfig, directory: &Path) -> anyhow::Result<PolicySigner> {
    let fields = &signer.0;
    let identity = match &fields.key {
        Some(key) => {
            let path = directory.join(key);
            let public = PublicKey::parse(&read_limited(&path, KEY_FILE_LIMIT)?)
                .with_context(|| path.display().to_string())?;
            let scheme = fields
                .scheme
                .as_deref()
                .map(Scheme::from_name)
                .transpose()?;
            Identity::Key(VerifyingKey::new(public, scheme)?)
        }
        None => Identity::Sigstore {
            subject: fields.identity.clone(),
            pattern: fields.identity_pattern.clone(),
            issuer: fields.issuer.clone().unwrap_or_default(),
        },
    };
    Ok(PolicySigner {
        name: fields.name.clone(),
        identity,
        not_before: fields.not_before.map(start_of_day).transpose()?,
        not_after: fields
            .not_after
            .map(|date| start_of_day(date).map(|start| start + DAY - 1))
            .transpose()?,
        revoked: fields.revoked.clone(),
    })
}

/// The first second of `date`, UTC, since the Unix epoch.
fn start_of_day(date: jiff::civil::Date) -> anyhow::Result<i64> {
    Ok(date
        .to_zoned(jiff::tz::TimeZone::UTC)?
        .timestamp()
        .as_second())
}
