//! OSV records: read tolerantly, kept whole.
//!
//! A record is read into [`Advisory`], whose fields are the OSV schema's; every field the schema
//! does not name (`credits`, `schema_version`, a database's own keys) is kept in `extra` at the
//! level it was found, so a record written back out loses nothing. What the schema requires is
//! required here too (`id`, `modified`), and a known field of the wrong kind (an `affected` that
//! is not a list) makes the record malformed; an ecosystem, range type or reference type steward
//! does not know is kept as written.
//!
//! YAML records (the PyPA database) are read straight into the same types, so a version written
//! unquoted (`fixed: 1.10`) stays the text `1.10`, never the number 1.1.
//!
//! [`Record::canonical`] is the record as compact JSON with the known fields in schema order and
//! the others sorted: the form stored in a snapshot and hashed into its digest.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// One OSV record.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Advisory {
    /// The record's id (`RUSTSEC-2023-0090`, `GHSA-…`, `PYSEC-…`).
    pub id: String,
    /// When the record last changed (RFC 3339).
    pub modified: String,
    /// When it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// When it was withdrawn; a withdrawn record matches nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<String>,
    /// Other ids of the same vulnerability.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub aliases: Vec<String>,
    /// Ids of related but different vulnerabilities.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub related: Vec<String>,
    /// Ids of the records this one is derived from.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub upstream: Vec<String>,
    /// A one-line summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The details, in `CommonMark`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// Severity scores of the whole vulnerability.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub severity: Vec<SeverityScore>,
    /// The packages and versions affected.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub affected: Vec<Affected>,
    /// Links.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub references: Vec<Reference>,
    /// The database's own fields (GitHub's `severity`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_specific: Option<Value>,
    /// Fields the OSV schema does not name, kept as read.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// A severity score: a type (`CVSS_V3`, `CVSS_V4`, `Ubuntu`, …) and its score.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct SeverityScore {
    /// The score type.
    #[serde(rename = "type")]
    pub score_type: String,
    /// The vector or rating.
    pub score: String,
}

/// One affected package with its versions.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Affected {
    /// The package; absent in records about a repository only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<AffectedPackage>,
    /// Severity of this package's vulnerability, where it differs by package.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub severity: Vec<SeverityScore>,
    /// Version ranges.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub ranges: Vec<Range>,
    /// Versions listed one by one.
    #[serde(
        default,
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub versions: Vec<String>,
    /// The ecosystem's own fields (affected functions, imports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecosystem_specific: Option<Value>,
    /// The database's own fields (RustSec's `informational`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_specific: Option<Value>,
    /// Fields the OSV schema does not name.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// The package of an `affected` entry.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct AffectedPackage {
    /// The OSV ecosystem (`crates.io`, `PyPI`, `Debian:12`, …).
    pub ecosystem: String,
    /// The name as the ecosystem writes it.
    pub name: String,
    /// Its package URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
    /// Fields the OSV schema does not name.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// A version range: its type and its events.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
pub struct Range {
    /// `SEMVER`, `ECOSYSTEM` or `GIT`.
    #[serde(rename = "type")]
    pub range_type: String,
    /// The repository of a `GIT` range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    /// The events, each one key (`introduced`, `fixed`, `last_affected`, `limit`) and a version.
    #[serde(default, deserialize_with = "null_as_default")]
    pub events: Vec<BTreeMap<String, String>>,
    /// The database's own fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub database_specific: Option<Value>,
    /// Fields the OSV schema does not name.
    #[serde(flatten)]
    pub extra: BTreeMap<String, Value>,
}

/// A link.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
pub struct Reference {
    /// `ADVISORY`, `FIX`, `WEB`, …
    #[serde(rename = "type")]
    pub reference_type: String,
    /// The address.
    pub url: String,
}

/// The syntax a record is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// JSON (`.json`).
    Json,
    /// YAML (`.yaml`, `.yml`).
    Yaml,
}

impl Syntax {
    /// The syntax of a file, from its name; `None` for a file that is not a record.
    pub fn of_file(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Some(Self::Json)
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Some(Self::Yaml)
        } else {
            None
        }
    }
}

/// Why a record could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordError {
    /// Not JSON or YAML, or not an OSV record.
    #[error("{0}")]
    Invalid(String),
    /// The id is empty or has characters no id has (whitespace, `/`).
    #[error("the id `{0}` is not an OSV id")]
    BadId(String),
}

/// A record read and put in canonical form.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// The record.
    pub advisory: Advisory,
    /// Its canonical JSON.
    pub canonical: Vec<u8>,
    /// The SHA-256 of the canonical JSON.
    pub sha256: [u8; 32],
}

impl Record {
    /// Reads a record.
    pub fn parse(bytes: &[u8], syntax: Syntax) -> Result<Self, RecordError> {
        let advisory: Advisory = match syntax {
            Syntax::Json => serde_json::from_slice(bytes)
                .map_err(|error| RecordError::Invalid(error.to_string()))?,
            Syntax::Yaml => {
                let text = std::str::from_utf8(bytes)
                    .map_err(|error| RecordError::Invalid(format!("not UTF-8: {error}")))?;
                let options = serde_saphyr::options! {
                    budget: serde_saphyr::budget! {
                        max_nodes: 1_000_000,
                        max_total_scalar_bytes: 64 << 20,
                    },
                };
                serde_saphyr::from_str_with_options(text, options).map_err(|error| {
                    RecordError::Invalid(
                        error
                            .to_string()
                            .lines()
                            .next()
                            .unwrap_or_default()
                            .to_owned(),
                    )
                })?
            }
        };
        Self::from_advisory(advisory)
    }

    /// Puts a record in canonical form.
    pub fn from_advisory(advisory: Advisory) -> Result<Self, RecordError> {
        if advisory.id.is_empty()
            || advisory
                .id
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '/')
        {
            return Err(RecordError::BadId(advisory.id));
        }
        let canonical = serde_json::to_vec(&advisory)
            .map_err(|error| RecordError::Invalid(error.to_string()))?;
        let sha256 = Sha256::digest(&canonical).into();
        Ok(Self {
            advisory,
            canonical,
            sha256,
        })
    }
}

/// Reads a stored canonical record.
pub fn from_canonical(bytes: &[u8]) -> Result<Advisory, RecordError> {
    serde_json::from_slice(bytes).map_err(|error| RecordError::Invalid(error.to_string()))
}

/// `null` reads as the empty value, as several databases write empty lists.
fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_yaml_version_stays_text() {
        let yaml = "id: PYSEC-1\nmodified: 2021-01-01T00:00:00Z\naffected:\n- package: {name: x, ecosystem: PyPI}\n  ranges:\n  - type: ECOSYSTEM\n    events:\n    - introduced: 0\n    - fixed: 1.10\n  versions: [1.0, 1.9]\n";
        let record = Record::parse(yaml.as_bytes(), Syntax::Yaml).unwrap();
        let affected = &record.advisory.affected[0];
        assert_eq!(affected.ranges[0].events[1]["fixed"], "1.10");
        assert_eq!(affected.ranges[0].events[0]["introduced"], "0");
        assert_eq!(affected.versions, ["1.0", "1.9"]);
        assert_eq!(record.advisory.modified, "2021-01-01T00:00:00Z");
    }

    #[test]
    fn unknown_fields_survive_the_canonical_form() {
        let json = r#"{"schema_version":"1.6.0","id":"X-1","modified":"2024-01-01T00:00:00Z","credits":[{"name":"a"}],
            "affected":[{"package":{"ecosystem":"Future","name":"p","extra":1},"ranges":[{"type":"NEW","events":[{"introduced":"0"}],"x":true}],"new_field":2}]}"#;
        let record = Record::parse(json.as_bytes(), Syntax::Json).unwrap();
        let again = Record::parse(&record.canonical, Syntax::Json).unwrap();
        assert_eq!(again, record);
        let value: Value = serde_json::from_slice(&record.canonical).unwrap();
        assert_eq!(value["credits"][0]["name"], "a");
        assert_eq!(value["affected"][0]["new_field"], 2);
        assert_eq!(value["affected"][0]["package"]["extra"], 1);
        assert_eq!(value["affected"][0]["ranges"][0]["x"], true);
    }

    #[test]
    fn the_same_record_written_differently_is_the_same_record() {
        let one = r#"{"id":"X-1","modified":"m","aliases":["A"],"z":1,"a":2}"#;
        let two = "{\n  \"a\": 2, \"z\": 1,\n  \"aliases\": [\"A\"], \"modified\": \"m\", \"id\": \"X-1\"}";
        let three = "a: 2\nz: 1\naliases: [A]\nmodified: m\nid: X-1\n";
        let one = Record::parse(one.as_bytes(), Syntax::Json).unwrap();
        assert_eq!(
            Record::parse(two.as_bytes(), Syntax::Json).unwrap().sha256,
            one.sha256
        );
        assert_eq!(
            Record::parse(three.as_bytes(), Syntax::Yaml)
                .unwrap()
                .sha256,
            one.sha256
        );
    }

    #[test]
    fn malformed_records_say_why() {
        for (text, syntax) in [
            ("{", Syntax::Json),
            (r#"{"modified":"m"}"#, Syntax::Json),
            (r#"{"id":"X","modified":"m","affected":{}}"#, Syntax::Json),
            ("[1]", Syntax::Json),
            ("id: [\n", Syntax::Yaml),
            (r#"{"id":"a/b","modified":"m"}"#, Syntax::Json),
        ] {
            assert!(Record::parse(text.as_bytes(), syntax).is_err(), "{text}");
        }
        let empty_lists = r#"{"id":"X","modified":"m","aliases":null,"severity":[],"affected":[{"package":{"ecosystem":"npm","name":"x"},"versions":null}]}"#;
        assert!(Record::parse(empty_lists.as_bytes(), Syntax::Json).is_ok());
    }
}
