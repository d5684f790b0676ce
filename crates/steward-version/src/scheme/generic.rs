//! The fallback for ecosystems steward has no version scheme for. Never used for an ecosystem
//! steward knows; results that depend on it say so.
//!
//! The version splits into runs of digits, runs of letters and single other characters. Runs
//! compare pairwise: numbers by value, letters case-insensitively, other characters by byte;
//! between kinds, letters sort before the end of a version, and the end before other
//! characters and numbers, so a longer version is newer unless it continues with letters
//! (`1.0 < 1.0.1`, `1.0rc1 < 1.0`).

use std::cmp::Ordering;
use std::fmt;

use crate::error::{VersionError, compare_digit_runs};

/// A version of an unknown scheme.
#[derive(Clone, Debug)]
pub struct GenericVersion(Box<str>);

#[derive(Debug, PartialEq, Eq)]
enum Run<'a> {
    Other(u8),
    Letters(&'a str),
    Number(&'a str),
}

impl GenericVersion {
    /// Accepts any non-empty text without whitespace.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        let error = |reason: &str| VersionError::new("generic", text, reason);
        if text.is_empty() {
            return Err(error("the version is empty"));
        }
        if text.contains(char::is_whitespace) {
            return Err(error("the version contains spaces"));
        }
        Ok(Self(text.into()))
    }

    fn runs(&self) -> Vec<Run<'_>> {
        let text = &*self.0;
        let bytes = text.as_bytes();
        let mut runs = Vec::new();
        let mut index = 0;
        while index < bytes.len() {
            let start = index;
            if bytes[index].is_ascii_digit() {
                while index < bytes.len() && bytes[index].is_ascii_digit() {
                    index += 1;
                }
                runs.push(Run::Number(&text[start..index]));
            } else if bytes[index].is_ascii_alphabetic() {
                while index < bytes.len() && bytes[index].is_ascii_alphabetic() {
                    index += 1;
                }
                runs.push(Run::Letters(&text[start..index]));
            } else {
                runs.push(Run::Other(bytes[index]));
                index += 1;
            }
        }
        runs
    }
}

/// Letters sort before the end of a version (a pre-release), other characters and numbers
/// after it (a longer version).
fn rank(run: Option<&Run<'_>>) -> u8 {
    match run {
        Some(Run::Letters(_)) => 0,
        None => 1,
        Some(Run::Other(_)) => 2,
        Some(Run::Number(_)) => 3,
    }
}

impl Ord for GenericVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let (left, right) = (self.runs(), other.runs());
        for index in 0..left.len().max(right.len()) {
            let (l, r) = (left.get(index), right.get(index));
            let ordering = match (l, r) {
                (Some(Run::Number(l)), Some(Run::Number(r))) => compare_digit_runs(l, r),
                (Some(Run::Letters(l)), Some(Run::Letters(r))) => l
                    .bytes()
                    .map(|b| b.to_ascii_lowercase())
                    .cmp(r.bytes().map(|b| b.to_ascii_lowercase())),
                (Some(Run::Other(l)), Some(Run::Other(r))) => l.cmp(r),
                _ => rank(l).cmp(&rank(r)),
            };
            if ordering != Ordering::Equal {
                return ordering;
            }
        }
        Ordering::Equal
    }
}

impl PartialOrd for GenericVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for GenericVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for GenericVersion {}

impl fmt::Display for GenericVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naive_but_sensible() {
        let parse = |text: &str| GenericVersion::parse(text).unwrap();
        assert!(parse("1.0") < parse("1.0.1"));
        assert!(parse("1.0rc1") < parse("1.0"));
        assert!(parse("1.9") < parse("1.10"));
        assert_eq!(parse("1.0RC1"), parse("1.0rc1"));
    }
}
