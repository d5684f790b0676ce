//! NuGet versions (`NuGet.Versioning`'s `NuGetVersion` with the default comparison).
//!
//! `Major.Minor[.Patch[.Revision]][-Label][+Metadata]`: SemVer 2.0 plus the legacy four-part
//! form. A single number means `N.0`. Numeric parts compare numerically (missing ones are 0,
//! so `1.0 == 1.0.0.0`); a release sorts after its pre-releases; labels compare part by part,
//! numbers (that fit a 32-bit integer) numerically and before text, text case-insensitively;
//! metadata is ignored. Unlike NuGet, which refuses numeric parts above 2³¹ − 1, steward
//! compares numeric parts of any size, so that a record's range still evaluates.
//!
//! Traps: `1.0.0-BETA == 1.0.0-beta`; leading zeros are accepted (`1.01 == 1.1`); `1.0.0.1 >
//! 1.0.0`. No reference implementation runs on the machines that test steward, so the tests
//! use the rules of NuGet's documentation.

use std::cmp::Ordering;
use std::fmt;

use crate::error::VersionError;
use crate::number::Number;

/// A NuGet version.
#[derive(Clone, Debug)]
pub struct NuGetVersion {
    numbers: [Number; 4],
    labels: Vec<Box<str>>,
    metadata: Option<Box<str>>,
}

impl NuGetVersion {
    /// Parses a NuGet version.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        let error = |reason: String| VersionError::new("NuGet", text, reason);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(error("the version is empty".to_owned()));
        }
        let (body, metadata) = match trimmed.split_once('+') {
            Some((body, metadata)) => (body, Some(metadata)),
            None => (trimmed, None),
        };
        let (numeric, label) = match body.split_once('-') {
            Some((numeric, label)) => (numeric, Some(label)),
            None => (body, None),
        };
        let pieces: Vec<&str> = numeric.split('.').collect();
        if pieces.len() > 4 {
            return Err(error("there are more than four numeric parts".to_owned()));
        }
        let mut numbers: [Number; 4] = Default::default();
        let names = ["major", "minor", "patch", "revision"];
        for (index, piece) in pieces.iter().enumerate() {
            numbers[index] = Number::parse(piece).ok_or_else(|| {
                error(format!(
                    "the {} version `{piece}` is not a number",
                    names[index]
                ))
            })?;
        }
        let labels = match label {
            None => Vec::new(),
            Some(label) => identifiers(label, "release label").map_err(error)?,
        };
        if let Some(metadata) = metadata {
            identifiers(metadata, "metadata").map_err(error)?;
        }
        Ok(Self {
            numbers,
            labels,
            metadata: metadata.map(Into::into),
        })
    }

    /// Whether this is a pre-release.
    pub fn is_prerelease(&self) -> bool {
        !self.labels.is_empty()
    }
}

fn identifiers(text: &str, what: &str) -> Result<Vec<Box<str>>, String> {
    text.split('.')
        .map(|part| {
            if part.is_empty() {
                Err(format!("the {what} `{text}` has an empty part"))
            } else if let Some(bad) = part
                .chars()
                .find(|c| !c.is_ascii_alphanumeric() && *c != '-')
            {
                Err(format!("the {what} `{text}` contains `{bad}`"))
            } else {
                Ok(part.into())
            }
        })
        .collect()
}

fn compare_label(left: &str, right: &str) -> Ordering {
    let number = |text: &str| {
        text.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| text.parse::<i32>().ok())
            .flatten()
    };
    match (number(left), number(right)) {
        (Some(l), Some(r)) => l.cmp(&r),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => left
            .bytes()
            .map(|b| b.to_ascii_uppercase())
            .cmp(right.bytes().map(|b| b.to_ascii_uppercase())),
    }
}

impl Ord for NuGetVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.numbers.cmp(&other.numbers).then_with(|| {
            match (self.labels.is_empty(), other.labels.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => {
                    for (left, right) in self.labels.iter().zip(&other.labels) {
                        let ordering = compare_label(left, right);
                        if ordering != Ordering::Equal {
                            return ordering;
                        }
                    }
                    self.labels.len().cmp(&other.labels.len())
                }
            }
        })
    }
}

impl PartialOrd for NuGetVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for NuGetVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for NuGetVersion {}

impl fmt::Display for NuGetVersion {
    /// The normalized form: at least three numbers, the fourth only when it is not 0.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [major, minor, patch, revision] = &self.numbers;
        write!(f, "{major}.{minor}.{patch}")?;
        if !revision.is_zero() {
            write!(f, ".{revision}")?;
        }
        for (index, label) in self.labels.iter().enumerate() {
            f.write_str(if index == 0 { "-" } else { "." })?;
            f.write_str(label)?;
        }
        if let Some(metadata) = &self.metadata {
            write!(f, "+{metadata}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> NuGetVersion {
        NuGetVersion::parse(text).unwrap()
    }

    #[test]
    fn orders_like_nuget() {
        let ordered = [
            "1.0.0-alpha",
            "1.0.0-alpha.2",
            "1.0.0-alpha.10",
            "1.0.0-beta",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.0.1",
            "1.0.1",
            "1.1",
            "2",
        ];
        for pair in ordered.windows(2) {
            assert!(parse(pair[0]) < parse(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(parse("1.0.0-BETA"), parse("1.0.0-beta"));
        assert!(parse("1.0.99999999999") > parse("1.0.2147483647"));
        assert_eq!(parse("1.0.099999999999"), parse("1.0.99999999999"));
        assert_eq!(parse("1.0"), parse("1.0.0.0"));
        assert_eq!(parse("1.0.0+abc"), parse("1.0.0"));
        assert_eq!(parse("1.01"), parse("1.1"));
        assert_eq!(parse("12.0.3.0").to_string(), "12.0.3");
    }

    #[test]
    fn errors_say_which_part_is_wrong() {
        let reason = |text: &str| NuGetVersion::parse(text).unwrap_err().reason().to_owned();
        assert_eq!(reason("1.x"), "the minor version `x` is not a number");
        assert_eq!(
            reason("1.2.3.4.5"),
            "there are more than four numeric parts"
        );
        assert_eq!(
            reason("1.0-a..b"),
            "the release label `a..b` has an empty part"
        );
    }
}
