//! Pub (Dart) versions, ordered as Dart's `pub_semver` orders them.
//!
//! `MAJOR.MINOR.PATCH[-PRE][+BUILD]` like SemVer, with two differences that matter:
//! - build metadata counts: a version with a build sorts *after* the same version without one,
//!   and builds compare like pre-releases (`1.0.0 < 1.0.0+1 < 1.0.0+2`);
//! - leading zeros are accepted and identifiers that read as integers compare as integers
//!   (`1.0.0-01 == 1.0.0-1`).
//!
//! No Dart SDK runs on the machines that test steward; the tests use `pub_semver`'s documented
//! rules.

use std::cmp::Ordering;
use std::fmt;

use crate::error::VersionError;

/// A Pub version.
#[derive(Clone, Debug)]
pub struct PubVersion {
    numbers: [u64; 3],
    pre: Vec<Part>,
    build: Vec<Part>,
    original: Box<str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Number(i64),
    Text(Box<str>),
}

impl PubVersion {
    /// Parses a Pub version.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        let error = |reason: String| VersionError::new("Pub", text, reason);
        let (body, build) = match text.split_once('+') {
            Some((body, build)) => (body, Some(build)),
            None => (text, None),
        };
        let (core, pre) = match body.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (body, None),
        };
        let pieces: Vec<&str> = core.split('.').collect();
        if pieces.len() != 3 {
            return Err(error("expected `MAJOR.MINOR.PATCH`".to_owned()));
        }
        let mut numbers = [0; 3];
        for (index, (piece, name)) in pieces.iter().zip(["major", "minor", "patch"]).enumerate() {
            if piece.is_empty() || !piece.bytes().all(|b| b.is_ascii_digit()) {
                return Err(error(format!(
                    "the {name} version `{piece}` is not a number"
                )));
            }
            numbers[index] = piece
                .parse::<u64>()
                .ok()
                .filter(|n| i64::try_from(*n).is_ok())
                .ok_or_else(|| error(format!("the {name} version `{piece}` is too large")))?;
        }
        let pre = pre
            .map_or(Ok(Vec::new()), |pre| parts(pre, "pre-release"))
            .map_err(error)?;
        let build = build
            .map_or(Ok(Vec::new()), |build| parts(build, "build"))
            .map_err(error)?;
        Ok(Self {
            numbers,
            pre,
            build,
            original: text.into(),
        })
    }

    /// Whether this is a pre-release.
    pub fn is_prerelease(&self) -> bool {
        !self.pre.is_empty()
    }
}

fn parts(text: &str, what: &str) -> Result<Vec<Part>, String> {
    text.split('.')
        .map(|part| {
            if part.is_empty() {
                return Err(format!("the {what} `{text}` has an empty part"));
            }
            if let Some(bad) = part
                .chars()
                .find(|c| !c.is_ascii_alphanumeric() && *c != '-')
            {
                return Err(format!("the {what} `{text}` contains `{bad}`"));
            }
            // Dart's `int.tryParse`: an optional minus sign and digits, fitting 64 bits.
            Ok(match part.parse::<i64>() {
                Ok(number) if !part.starts_with('+') => Part::Number(number),
                _ => Part::Text(part.into()),
            })
        })
        .collect()
}

/// `pub_semver`'s `_compareLists`: missing parts first, numbers before text.
fn compare_lists(left: &[Part], right: &[Part]) -> Ordering {
    for index in 0..left.len().max(right.len()) {
        let ordering = match (left.get(index), right.get(index)) {
            (Some(l), Some(r)) if l == r => continue,
            (None, _) => Ordering::Less,
            (_, None) => Ordering::Greater,
            (Some(Part::Number(l)), Some(Part::Number(r))) => l.cmp(r),
            (Some(Part::Number(_)), Some(Part::Text(_))) => Ordering::Less,
            (Some(Part::Text(_)), Some(Part::Number(_))) => Ordering::Greater,
            (Some(Part::Text(l)), Some(Part::Text(r))) => l.cmp(r),
        };
        return ordering;
    }
    Ordering::Equal
}

impl Ord for PubVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.numbers
            .cmp(&other.numbers)
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                _ => compare_lists(&self.pre, &other.pre),
            })
            .then_with(|| match (self.build.is_empty(), other.build.is_empty()) {
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                _ => compare_lists(&self.build, &other.build),
            })
    }
}

impl PartialOrd for PubVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for PubVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for PubVersion {}

impl fmt::Display for PubVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.original)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> PubVersion {
        PubVersion::parse(text).unwrap()
    }

    #[test]
    fn builds_count_unlike_semver() {
        let ordered = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-beta",
            "1.0.0",
            "1.0.0+1",
            "1.0.0+2",
            "1.0.0+build",
            "1.0.1",
        ];
        for pair in ordered.windows(2) {
            assert!(parse(pair[0]) < parse(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(parse("1.0.0-01"), parse("1.0.0-1"));
        assert!(PubVersion::parse("1.0").is_err());
    }
}
