//! `steward.toml`: where it is found, what it may contain, and how its errors are reported.
//!
//! The file is found by looking in the working directory and then each parent directory, or
//! named with `--config FILE` (or `STEWARD_CONFIG`); `--no-config` skips it. Every key is
//! known: an unknown key or a value of the wrong kind is an error naming the file, the key and
//! its line and column.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::de::{DeTable, DeValue};

use crate::cli::ColorChoice;

mod trust;

pub(crate) use trust::{SignerConfig, TrustConfig};

/// The configuration file's name.
pub(crate) const FILE_NAME: &str = "steward.toml";

/// The whole configuration.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
    /// How steward prints.
    #[serde(default)]
    pub(crate) output: OutputConfig,
    /// Findings accepted for a while: `[[suppress]]` tables.
    #[serde(default)]
    pub(crate) suppress: Vec<SuppressConfig>,
    /// What every walk leaves out.
    #[serde(default)]
    pub(crate) scan: ScanConfig,
    /// The licence policy `scan --licenses` checks.
    pub(crate) licenses: Option<LicensesConfig>,
    /// The trust policy `steward verify` applies when no key or identity is given.
    pub(crate) trust: Option<TrustConfig>,
}

/// The `[licenses]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LicensesConfig {
    /// The licences allowed (SPDX identifiers); every licence not denied when absent.
    #[serde(default, deserialize_with = "license_ids")]
    pub(crate) allow: Vec<String>,
    /// The licences denied.
    #[serde(default, deserialize_with = "license_ids")]
    pub(crate) deny: Vec<String>,
    /// What a package whose licence is not known is: `"warn"` (listed) or `"deny"`.
    #[serde(default)]
    pub(crate) unknown: steward_license::Unknown,
    /// `[[licenses.exception]]`: one licence allowed for one package, with a reason.
    #[serde(default)]
    pub(crate) exception: Vec<LicenseExceptionConfig>,
}

/// One `[[licenses.exception]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LicenseExceptionConfig {
    /// The package: its name, or its package URL without version.
    #[serde(deserialize_with = "not_empty")]
    pub(crate) package: String,
    /// The licence allowed for it.
    #[serde(deserialize_with = "license_id")]
    pub(crate) license: String,
    /// Why.
    #[serde(deserialize_with = "not_empty")]
    pub(crate) reason: String,
}

impl LicensesConfig {
    pub(crate) fn to_policy(&self) -> steward_license::Policy {
        steward_license::Policy {
            allow: self.allow.clone(),
            deny: self.deny.clone(),
            exceptions: self
                .exception
                .iter()
                .map(|exception| steward_license::Exception {
                    package: exception.package.clone(),
                    license: exception.license.clone(),
                    reason: exception.reason.clone(),
                })
                .collect(),
            unknown: self.unknown,
        }
    }
}

/// A licence a policy names: an SPDX identifier or a `LicenseRef-`.
fn check_license_id(license: &str) -> Result<(), String> {
    steward_license::Policy {
        allow: vec![license.to_owned()],
        ..steward_license::Policy::default()
    }
    .validate()
    .map_err(|error| error.to_string())
}

fn license_id<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let license = String::deserialize(deserializer)?;
    check_license_id(&license).map_err(serde::de::Error::custom)?;
    Ok(license)
}

fn license_ids<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let licenses = Vec::<String>::deserialize(deserializer)?;
    for license in &licenses {
        check_license_id(license).map_err(serde::de::Error::custom)?;
    }
    Ok(licenses)
}

/// The `[scan]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScanConfig {
    /// Globs of files and directories to leave out, as `--exclude` takes them.
    #[serde(default, deserialize_with = "exclusions")]
    pub(crate) exclude: Vec<String>,
}

fn exclusions<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    let globs = Vec::<String>::deserialize(deserializer)?;
    for glob in &globs {
        steward_inventory::check_exclude(glob).map_err(serde::de::Error::custom)?;
    }
    Ok(globs)
}

/// One `[[suppress]]` table: an advisory accepted until a date, for a reason.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SuppressConfig {
    /// The advisory's id or one of its aliases.
    #[serde(deserialize_with = "not_empty")]
    pub(crate) id: String,
    /// Why it is accepted.
    #[serde(deserialize_with = "not_empty")]
    pub(crate) reason: String,
    /// The first day it no longer applies: a TOML date (`2026-12-31`) or such a string.
    #[serde(deserialize_with = "date")]
    pub(crate) expires: jiff::civil::Date,
    /// The package it is limited to: its name, or its package URL without version.
    pub(crate) package: Option<String>,
    /// Who answers for it.
    pub(crate) owner: Option<String>,
}

impl SuppressConfig {
    pub(crate) fn to_suppression(&self) -> steward_osv::policy::Suppression {
        steward_osv::policy::Suppression {
            id: self.id.clone(),
            reason: self.reason.clone(),
            expires: self.expires,
            package: self.package.clone(),
            owner: self.owner.clone(),
        }
    }
}

fn not_empty<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let text = String::deserialize(deserializer)?;
    if text.trim().is_empty() {
        return Err(serde::de::Error::custom("must not be empty"));
    }
    Ok(text)
}

fn date<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<jiff::civil::Date, D::Error> {
    let text = match toml::Value::deserialize(deserializer)? {
        toml::Value::String(text) => text,
        toml::Value::Datetime(datetime) if datetime.time.is_none() && datetime.offset.is_none() => {
            datetime.to_string()
        }
        other => {
            return Err(serde::de::Error::custom(format!(
                "expected a date such as 2026-12-31, found `{other}`"
            )));
        }
    };
    text.parse().map_err(|_| {
        serde::de::Error::custom(format!(
            "expected a date such as 2026-12-31, found `{text}`"
        ))
    })
}

/// The `[output]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OutputConfig {
    /// When to use colors; the `--color` flag and `NO_COLOR` take precedence.
    pub(crate) color: Option<ColorChoice>,
}

/// A configuration and the file it came from.
#[derive(Debug, Default)]
pub(crate) struct LoadedConfig {
    /// The file read, if any.
    pub(crate) path: Option<PathBuf>,
    /// Its contents.
    pub(crate) config: Config,
}

/// Why the configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ConfigError {
    /// The file could not be read.
    #[error("cannot read the configuration file `{}`", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid TOML, or not a valid configuration.
    #[error("invalid configuration in `{}` at line {line}, column {column}: {}{message}", path.display(), key.as_ref().map(|key| format!("key `{key}`: ")).unwrap_or_default())]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        /// The dotted path of the offending key, where it can be told.
        key: Option<String>,
        message: String,
    },
}

/// Loads the configuration: from `explicit` if given, else from the first `steward.toml` in
/// `start` or its parents, else the defaults.
pub(crate) fn load(explicit: Option<&Path>, start: &Path) -> Result<LoadedConfig, ConfigError> {
    let path = match explicit {
        Some(path) => path.to_path_buf(),
        None => match discover(start) {
            Some(path) => path,
            None => return Ok(LoadedConfig::default()),
        },
    };
    let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read {
        path: path.clone(),
        source,
    })?;
    let config = parse(&path, &text)?;
    tracing::debug!(path = %path.display(), "read the configuration");
    Ok(LoadedConfig {
        path: Some(path),
        config,
    })
}

/// The first `steward.toml` in `start` or one of its parents.
fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|directory| directory.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

/// Parses a configuration file's text.
pub(crate) fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
    toml::from_str(text).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        let (line, column) = line_and_column(text, span.start);
        ConfigError::Invalid {
            path: path.to_path_buf(),
            line,
            column,
            key: key_at(text, &span),
            // serde speaks of fields; a TOML file has keys.
            message: error.message().replace("unknown field", "unknown key"),
        }
    })
}

/// One-based line and column (in characters) of a byte offset.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The dotted path of the key whose name or value covers `span`, found in the document's
/// spanned syntax tree.
fn key_at(text: &str, span: &Range<usize>) -> Option<String> {
    let document = DeTable::parse(text).ok()?;
    let mut path = Vec::new();
    find_key(document.get_ref(), span, &mut path).then(|| dotted(&path))
}

fn find_key(table: &DeTable<'_>, span: &Range<usize>, path: &mut Vec<String>) -> bool {
    let contains = |range: Range<usize>| range.start <= span.start && span.start < range.end;
    for (key, value) in table {
        path.push(key.get_ref().to_string());
        if contains(key.span()) || find_in_value(value.get_ref(), span, path) {
            return true;
        }
        if contains(value.span()) {
            return true;
        }
        path.pop();
    }
    false
}

/// Looks for the key inside a table, or inside the tables of an array (`[[table]]`).
fn find_in_value(value: &DeValue<'_>, span: &Range<usize>, path: &mut Vec<String>) -> bool {
    match value {
        DeValue::Table(inner) => find_key(inner, span, path),
        DeValue::Array(items) => items.iter().enumerate().any(|(index, item)| {
            path.push(format!("[{index}]"));
            let found = find_in_value(item.get_ref(), span, path);
            if !found {
                path.pop();
            }
            found
        }),
        _ => false,
    }
}

/// `["suppress", "[0]", "id"]` is `suppress[0].id`.
fn dotted(path: &[String]) -> String {
    let mut text = String::new();
    for part in path {
        if !text.is_empty() && !part.starts_with('[') {
            text.push('.');
        }
        text.push_str(part);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> String {
        parse(Path::new("steward.toml"), text)
            .expect_err("the configuration is invalid")
            .to_string()
    }

    #[test]
    fn accepts_the_documented_keys() {
        let config = parse(Path::new("steward.toml"), "[output]\ncolor = \"never\"\n").unwrap();
        assert_eq!(config.output.color, Some(ColorChoice::Never));
        let empty = parse(Path::new("steward.toml"), "# nothing\n").unwrap();
        assert_eq!(empty.output.color, None);
    }

    #[test]
    fn an_unknown_key_names_the_key_and_its_line() {
        let error = error_of("[output]\ncolour = \"never\"\n");
        assert!(
            error.contains("line 2, column 1")
                && error.contains("key `output.colour`")
                && error.contains("unknown key `colour`, expected `color`"),
            "{error}"
        );
        let error = error_of("\n\n[outptu]\n");
        assert!(
            error.contains("line 3") && error.contains("key `outptu`"),
            "{error}"
        );
    }

    #[test]
    fn an_invalid_value_names_the_key_and_its_line() {
        let error = error_of("[output]\n\ncolor = \"sometimes\"\n");
        assert!(
            error.contains("line 3, column 9") && error.contains("key `output.color`"),
            "{error}"
        );
        let error = error_of("[output]\ncolor = 3\n");
        assert!(error.contains("key `output.color`"), "{error}");
    }

    #[test]
    fn suppressions_need_an_id_a_reason_and_an_expiry_date() {
        let config = parse(
            Path::new("steward.toml"),
            "[[suppress]]\nid = \"RUSTSEC-2023-0071\"\nreason = \"not reachable\"\nexpires = 2026-12-31\nowner = \"alice\"\n\n[[suppress]]\nid = \"GHSA-x\"\nreason = \"r\"\nexpires = \"2027-01-01\"\npackage = \"pkg:npm/lodash\"\n",
        )
        .unwrap();
        assert_eq!(config.suppress.len(), 2);
        assert_eq!(config.suppress[0].expires.to_string(), "2026-12-31");
        assert_eq!(
            config.suppress[1].package.as_deref(),
            Some("pkg:npm/lodash")
        );
        let error = error_of("[[suppress]]\nid = \"X\"\nreason = \"r\"\n");
        assert!(error.contains("missing field `expires`"), "{error}");
        let error = error_of("[[suppress]]\nid = \"X\"\nreason = \"\"\nexpires = 2026-01-01\n");
        assert!(
            error.contains("line 3") && error.contains("key `suppress[0].reason`"),
            "{error}"
        );
        let error = error_of("[[suppress]]\nid = \"X\"\nreason = \"r\"\nexpires = \"next year\"\n");
        assert!(
            error.contains("line 4") && error.contains("expected a date"),
            "{error}"
        );
        let error =
            error_of("[[suppress]]\nid = \"X\"\nreason = \"r\"\nexpires = 2026-01-01T10:00:00Z\n");
        assert!(error.contains("expected a date"), "{error}");
    }

    #[test]
    fn a_syntax_error_gives_its_line() {
        let error = error_of("[output\n");
        assert!(error.contains("line 1"), "{error}");
    }
}
