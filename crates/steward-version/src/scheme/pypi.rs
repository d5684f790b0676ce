//! PyPI versions: PEP 440, and for what PEP 440 refuses, the legacy ordering.
//!
//! Old releases on PyPI carry versions PEP 440 does not accept (`1.0-foo`, `2004d`,
//! `0.3.1-r1-final`). Python's `packaging` ordered them with `LegacyVersion` until version 22,
//! and OSV still does, so a record's range over such versions evaluates. A legacy version sorts
//! before every PEP 440 version (its epoch is -1); among themselves, legacy versions compare by
//! a key of parts, built from the lower-cased text:
//! - the text splits into runs of digits, runs of letters, `.` and `-`; whatever lies between
//!   (`_`, `+`) is a part as well;
//! - `pre`, `preview` and `rc` become `c`, `dev` becomes `@`, `-` becomes `final-`; `.` and
//!   empty parts are dropped;
//! - a number is zero-padded to eight digits; anything else is prefixed with `*`; the word
//!   `*final` closes the key;
//! - before a part that starts with `*` (a word), trailing `00000000` parts are dropped, and
//!   before a word sorting below `*final` (a pre-release word), trailing `*final-` parts too.
//!
//! Parts compare as strings (so a number of more than eight digits compares by its text), and
//! a key that is a prefix of another sorts first.

use std::cmp::Ordering;
use std::fmt;

use crate::error::VersionError;
use crate::scheme::pep440::Pep440;

/// A PyPI version: PEP 440, or legacy.
#[derive(Clone, Debug)]
pub enum PyPiVersion {
    /// A version PEP 440 accepts.
    Pep440(Pep440),
    /// Any other text, ordered by its legacy key.
    Legacy(LegacyVersion),
}

/// A version PEP 440 refuses, with its legacy key.
#[derive(Clone, Debug)]
pub struct LegacyVersion {
    original: Box<str>,
    key: Vec<Box<str>>,
}

impl PyPiVersion {
    /// Parses a PyPI version: PEP 440 when it is one, else legacy. Only an empty (or blank)
    /// version is refused.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        if text.trim().is_empty() {
            return Err(VersionError::new("PyPI", text, "the version is empty"));
        }
        Ok(match Pep440::parse(text) {
            Ok(version) => Self::Pep440(version),
            Err(_) => Self::Legacy(LegacyVersion {
                original: text.into(),
                key: legacy_key(text),
            }),
        })
    }

    /// The PEP 440 version, unless this is a legacy one.
    pub fn as_pep440(&self) -> Option<&Pep440> {
        match self {
            Self::Pep440(version) => Some(version),
            Self::Legacy(_) => None,
        }
    }
}

/// The parts of a legacy version's key.
fn legacy_key(text: &str) -> Vec<Box<str>> {
    let lowered = text.to_lowercase();
    let mut key: Vec<Box<str>> = Vec::new();
    // `*final` closes every key, read like any other word.
    for token in tokens(&lowered).into_iter().chain(["final"]) {
        let part: String = match token {
            "pre" | "preview" | "rc" => "*c".to_owned(),
            "dev" => "*@".to_owned(),
            "-" => "*final-".to_owned(),
            "" | "." => continue,
            digits if digits.starts_with(|c: char| c.is_ascii_digit()) => format!("{digits:0>8}"),
            word => format!("*{word}"),
        };
        if part.starts_with('*') {
            if part.as_str() < "*final" {
                while key.last().is_some_and(|last| &**last == "*final-") {
                    key.pop();
                }
            }
            while key.last().is_some_and(|last| &**last == "00000000") {
                key.pop();
            }
        }
        key.push(part.into());
    }
    key
}

/// The text cut into runs of ASCII digits, runs of ASCII letters, `.`, `-`, and whatever lies
/// between them.
fn tokens(text: &str) -> Vec<&str> {
    let class = |c: char| {
        if c.is_ascii_digit() {
            1
        } else if c.is_ascii_lowercase() {
            2
        } else if c == '.' || c == '-' {
            3
        } else {
            0
        }
    };
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut previous: Option<u8> = None;
    for (index, c) in text.char_indices() {
        let current = class(c);
        // `.` and `-` are single-character tokens; runs of one class join.
        let joins = previous == Some(current) && current != 3;
        if index > start && !joins {
            tokens.push(&text[start..index]);
            start = index;
        }
        previous = Some(current);
    }
    if start < text.len() {
        tokens.push(&text[start..]);
    }
    tokens
}

impl Ord for PyPiVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Pep440(left), Self::Pep440(right)) => left.cmp(right),
            (Self::Legacy(_), Self::Pep440(_)) => Ordering::Less,
            (Self::Pep440(_), Self::Legacy(_)) => Ordering::Greater,
            (Self::Legacy(left), Self::Legacy(right)) => left.key.cmp(&right.key),
        }
    }
}

impl PartialOrd for PyPiVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for PyPiVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for PyPiVersion {}

impl fmt::Display for PyPiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Pep440(version) => version.fmt(f),
            Self::Legacy(version) => f.write_str(&version.original),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> PyPiVersion {
        PyPiVersion::parse(text).unwrap()
    }

    #[test]
    fn legacy_versions_sort_before_pep_440_ones() {
        assert!(matches!(parse("1.0-foo"), PyPiVersion::Legacy(_)));
        assert!(parse("99.0-foo") < parse("0.1"));
        assert!(parse("1.0-foo") < parse("1.0-goo"));
        assert!(parse("2004e") > parse("2004d"));
        assert!(parse("2004d") < parse("2004b"));
        assert!(PyPiVersion::parse(" ").is_err());
    }

    #[test]
    fn legacy_keys() {
        let key = |text: &str| legacy_key(text).join(" ");
        assert_eq!(key("1.0-foo"), "00000001 *final- *foo *final");
        assert_eq!(key("1.0.0-rc1"), "00000001 *c 00000001 *final");
        assert_eq!(key("1_2"), "00000001 *_ 00000002 *final");
        assert_eq!(
            tokens("1.0-foo_bar"),
            ["1", ".", "0", "-", "foo", "_", "bar"]
        );
    }
}
