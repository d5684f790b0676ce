//! SemVer 2.0.0 (<https://semver.org>): crates.io, npm, Hex, SwiftURL, and OSV `SEMVER` ranges.
//!
//! `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`, ordered by precedence (§11):
//! - the numeric triple first;
//! - a version with a pre-release sorts before the same triple without one
//!   (`1.0.0-rc.1 < 1.0.0`);
//! - pre-release identifiers compare left to right: numeric ones numerically, alphanumeric ones
//!   in ASCII order, numeric before alphanumeric, and a shorter list first when all shared
//!   identifiers are equal (`1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta`);
//! - build metadata is ignored: `1.0.0+a` and `1.0.0+b` are equal.
//!
//! Traps: numeric identifiers may not have leading zeros (`01.2.3` and `1.0.0-01` are
//! invalid), but build identifiers may (`1.0.0+001`). As in node-semver, surrounding
//! whitespace and a leading `v` are accepted (npm and Swift tags write it) and not printed back. The Go scheme ([`super::go`]) reuses this parser
//! with Go's shorthand forms (`v1`, `v1.2`).

use std::cmp::Ordering;
use std::fmt;

use crate::error::VersionError;
use crate::number::Number;

const SCHEME: &str = "SemVer";

/// A SemVer 2.0.0 version.
#[derive(Clone, Debug)]
pub struct SemVer {
    pub(crate) major: Number,
    pub(crate) minor: Number,
    pub(crate) patch: Number,
    pub(crate) pre: Prerelease,
    pub(crate) build: Option<Box<str>>,
}

/// Pre-release identifiers; empty for a release.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Prerelease(Option<Box<[Identifier]>>);

/// One pre-release identifier.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Identifier {
    Numeric(Number),
    Alphanumeric(Box<str>),
}

/// How lenient the parser is about the numeric triple.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Options {
    pub(crate) scheme: &'static str,
    /// Accept `1` and `1.2` for `1.0.0` and `1.2.0` (Go's shorthand).
    pub(crate) short_forms: bool,
}

impl SemVer {
    /// Parses a SemVer 2.0.0 version, with an optional leading `v`.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        parse_with(
            text,
            Options {
                scheme: SCHEME,
                short_forms: false,
            },
        )
    }

    /// Whether this is a pre-release.
    pub fn is_prerelease(&self) -> bool {
        self.pre.0.is_some()
    }

    /// Whether both have the same `major.minor.patch`.
    pub fn same_triple(&self, other: &Self) -> bool {
        (&self.major, &self.minor, &self.patch) == (&other.major, &other.minor, &other.patch)
    }

    /// A release version `major.minor.patch`.
    pub fn new(major: u64, minor: u64, patch: u64) -> Self {
        Self {
            major: major.into(),
            minor: minor.into(),
            patch: patch.into(),
            pre: Prerelease::default(),
            build: None,
        }
    }
}

pub(crate) fn parse_with(text: &str, options: Options) -> Result<SemVer, VersionError> {
    let error = |reason: String| VersionError::new(options.scheme, text, reason);
    // node-semver trims surrounding whitespace and accepts a lower-case `v`.
    let trimmed = text.trim();
    let body = trimmed.strip_prefix('v').unwrap_or(trimmed);
    if body.is_empty() {
        return Err(error("the version is empty".to_owned()));
    }
    let (body, build) = match body.split_once('+') {
        Some((body, build)) => (body, Some(build)),
        None => (body, None),
    };
    let (core, pre) = match body.split_once('-') {
        Some((core, pre)) => (core, Some(pre)),
        None => (body, None),
    };

    let mut parts = core.split('.');
    let names = ["major", "minor", "patch"];
    let mut numbers: [Number; 3] = Default::default();
    let mut count = 0;
    for (index, part) in parts.by_ref().take(3).enumerate() {
        numbers[index] = parse_numeric(part, names[index]).map_err(error)?;
        count += 1;
    }
    if let Some(extra) = parts.next() {
        return Err(error(format!(
            "there are more than three numeric parts (`.{extra}`)"
        )));
    }
    let complete = count == 3 || (options.short_forms && pre.is_none() && build.is_none());
    if !complete {
        return Err(error(format!(
            "the {} version is missing; expected `MAJOR.MINOR.PATCH`",
            names[count]
        )));
    }

    let pre = match pre {
        None => Prerelease::default(),
        Some(pre) => Prerelease(Some(parse_prerelease(pre).map_err(error)?)),
    };
    let build = match build {
        None => None,
        Some(build) => {
            check_identifiers(build, "build metadata").map_err(error)?;
            Some(build.into())
        }
    };
    let [major, minor, patch] = numbers;
    Ok(SemVer {
        major,
        minor,
        patch,
        pre,
        build,
    })
}

fn parse_numeric(part: &str, name: &str) -> Result<Number, String> {
    if part.is_empty() {
        return Err(format!("the {name} version is empty"));
    }
    if !part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("the {name} version `{part}` is not a number"));
    }
    if part.len() > 1 && part.starts_with('0') {
        return Err(format!("the {name} version `{part}` has a leading zero"));
    }
    Number::parse(part).ok_or_else(|| format!("the {name} version `{part}` is not a number"))
}

fn parse_prerelease(pre: &str) -> Result<Box<[Identifier]>, String> {
    check_identifiers(pre, "pre-release")?;
    pre.split('.')
        .map(|identifier| {
            if identifier.bytes().all(|b| b.is_ascii_digit()) {
                if identifier.len() > 1 && identifier.starts_with('0') {
                    return Err(format!(
                        "the pre-release identifier `{identifier}` has a leading zero"
                    ));
                }
                Number::parse(identifier)
                    .map(Identifier::Numeric)
                    .ok_or_else(|| format!("the pre-release identifier `{identifier}` is empty"))
            } else {
                Ok(Identifier::Alphanumeric(identifier.into()))
            }
        })
        .collect()
}

/// Identifiers are non-empty runs of `[0-9A-Za-z-]` separated by dots.
fn check_identifiers(text: &str, what: &str) -> Result<(), String> {
    for identifier in text.split('.') {
        if identifier.is_empty() {
            return Err(format!("the {what} `{text}` has an empty identifier"));
        }
        if let Some(bad) = identifier
            .chars()
            .find(|c| !c.is_ascii_alphanumeric() && *c != '-')
        {
            return Err(format!(
                "the {what} `{text}` contains `{bad}`; identifiers are ASCII letters, digits and `-`"
            ));
        }
    }
    Ok(())
}

impl Ord for Prerelease {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.0, &other.0) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(left), Some(right)) => left.cmp(right),
        }
    }
}

impl PartialOrd for Prerelease {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Identifier {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Numeric(left), Self::Numeric(right)) => left.cmp(right),
            (Self::Numeric(_), Self::Alphanumeric(_)) => Ordering::Less,
            (Self::Alphanumeric(_), Self::Numeric(_)) => Ordering::Greater,
            (Self::Alphanumeric(left), Self::Alphanumeric(right)) => left.cmp(right),
        }
    }
}

impl PartialOrd for Identifier {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SemVer {
    fn cmp(&self, other: &Self) -> Ordering {
        self.major
            .cmp(&other.major)
            .then_with(|| self.minor.cmp(&other.minor))
            .then_with(|| self.patch.cmp(&other.patch))
            .then_with(|| self.pre.cmp(&other.pre))
    }
}

impl PartialOrd for SemVer {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for SemVer {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for SemVer {}

impl std::hash::Hash for SemVer {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // Build metadata does not take part in equality, so not in the hash either.
        (&self.major, &self.minor, &self.patch, &self.pre).hash(state);
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Numeric(number) => write!(f, "{number}"),
            Self::Alphanumeric(text) => f.write_str(text),
        }
    }
}

impl fmt::Display for SemVer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if let Some(identifiers) = &self.pre.0 {
            for (index, identifier) in identifiers.iter().enumerate() {
                f.write_str(if index == 0 { "-" } else { "." })?;
                write!(f, "{identifier}")?;
            }
        }
        if let Some(build) = &self.build {
            write!(f, "+{build}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> SemVer {
        SemVer::parse(text).unwrap()
    }

    #[test]
    fn precedence_follows_section_11() {
        let ordered = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.1.0",
            "2.0.0",
        ];
        for pair in ordered.windows(2) {
            assert!(parse(pair[0]) < parse(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(parse("1.0.0+a"), parse("1.0.0+b"));
        assert_eq!(parse("v1.2.3"), parse("1.2.3"));
    }

    #[test]
    fn errors_say_which_part_is_wrong() {
        let reason = |text: &str| SemVer::parse(text).unwrap_err().reason().to_owned();
        assert_eq!(
            reason("1.2"),
            "the patch version is missing; expected `MAJOR.MINOR.PATCH`"
        );
        assert_eq!(
            reason("01.2.3"),
            "the major version `01` has a leading zero"
        );
        assert_eq!(reason("1.x.3"), "the minor version `x` is not a number");
        assert_eq!(
            reason("1.2.3-01"),
            "the pre-release identifier `01` has a leading zero"
        );
        assert_eq!(
            reason("1.2.3-a..b"),
            "the pre-release `a..b` has an empty identifier"
        );
        assert_eq!(
            reason("1.2.3.4"),
            "there are more than three numeric parts (`.4`)"
        );
        assert!(SemVer::parse("1.0.0+001").is_ok());
    }

    #[test]
    fn numbers_of_any_size_compare() {
        assert!(parse("18446744073709551616.0.0") > parse("18446744073709551615.0.0"));
        assert!(parse("1.0.0-99999999999999999999999") > parse("1.0.0-18446744073709551615"));
        assert!(parse("1.0.0-99999999999999999999999") < parse("1.0.0-a"));
        assert_eq!(
            parse("1.2.99999999999999999999999").to_string(),
            "1.2.99999999999999999999999"
        );
    }

    #[test]
    fn prints_canonically() {
        assert_eq!(
            parse("v1.2.3-rc.1+build.5").to_string(),
            "1.2.3-rc.1+build.5"
        );
    }
}
