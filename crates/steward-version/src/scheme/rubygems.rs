//! RubyGems versions, ordered as Ruby's `Gem::Version#<=>` orders them.
//!
//! A version is digits followed by `.`-separated alphanumeric segments, and optionally `-`
//! followed by more (`1.0-beta` means `1.0.pre.beta`). It splits into runs of digits and runs of
//! letters (`1.0.rc1` is `[1, 0, "rc", 1]`); the first letter run starts the pre-release part.
//! Trailing zeros of the release part and of the pre-release part are dropped, then the
//! segments compare pairwise, a missing segment counting as 0: numbers numerically, letters by
//! byte, and letters before numbers.
//!
//! Traps: any letter makes a pre-release (`1.0.a < 1.0`); `1.0 == 1.0.0 == 1`; leading zeros
//! do not count (`1.01 == 1.1`); `1.0.b1 > 1.0.a2`; `1.0-rc2 < 1.0.rc1` (the `-` reads as
//! `.pre.`, and `pre < rc`); an empty version is `0`.

use std::cmp::Ordering;
use std::fmt;

use crate::error::{VersionError, compare_digit_runs};

/// A RubyGems version.
#[derive(Clone, Debug)]
pub struct GemVersion {
    original: Box<str>,
    /// The canonical segments.
    segments: Vec<Segment>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    /// Digits without leading zeros (empty for zero).
    Number(Box<str>),
    Text(Box<str>),
}

impl Segment {
    fn is_zero(&self) -> bool {
        matches!(self, Self::Number(digits) if digits.is_empty())
    }
}

impl GemVersion {
    /// Parses a version as `Gem::Version.new` does.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        let trimmed = text.trim();
        check_pattern(trimmed).map_err(|reason| VersionError::new("RubyGems", text, reason))?;
        let normalized = if trimmed.is_empty() {
            "0".to_owned()
        } else {
            trimmed.replace('-', ".pre.")
        };
        let mut raw = Vec::new();
        let bytes = normalized.as_bytes();
        let mut index = 0;
        while index < bytes.len() {
            let start = index;
            if bytes[index].is_ascii_digit() {
                while index < bytes.len() && bytes[index].is_ascii_digit() {
                    index += 1;
                }
                raw.push(Segment::Number(
                    normalized[start..index].trim_start_matches('0').into(),
                ));
            } else if bytes[index].is_ascii_alphabetic() {
                while index < bytes.len() && bytes[index].is_ascii_alphabetic() {
                    index += 1;
                }
                raw.push(Segment::Text(normalized[start..index].into()));
            } else {
                index += 1;
            }
        }
        // Split at the first letter run, and drop the trailing zeros of each part.
        let split = raw
            .iter()
            .position(|segment| matches!(segment, Segment::Text(_)))
            .unwrap_or(raw.len());
        let mut pre = raw.split_off(split);
        while raw.last().is_some_and(Segment::is_zero) {
            raw.pop();
        }
        while pre.last().is_some_and(Segment::is_zero) {
            pre.pop();
        }
        raw.extend(pre);
        Ok(Self {
            original: trimmed.into(),
            segments: raw,
        })
    }

    /// Whether the version has a letter, which makes it a pre-release.
    pub fn is_prerelease(&self) -> bool {
        self.original.bytes().any(|b| b.is_ascii_alphabetic())
    }
}

/// `Gem::Version::ANCHORED_VERSION_PATTERN`:
/// `[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?`, or nothing at all.
fn check_pattern(text: &str) -> Result<(), String> {
    if text.is_empty() {
        return Ok(());
    }
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return Err("a version starts with a digit".to_owned());
    }
    let (release, pre) = match text.split_once('-') {
        Some((release, pre)) => (release, Some(pre)),
        None => (text, None),
    };
    for segment in release.split('.').skip(1) {
        if segment.is_empty() {
            return Err("a `.` must be followed by letters or digits".to_owned());
        }
        if let Some(bad) = segment.chars().find(|c| !c.is_ascii_alphanumeric()) {
            return Err(format!("`{bad}` is not allowed in a version"));
        }
    }
    let first = release.split('.').next().unwrap_or_default();
    if let Some(bad) = first.chars().find(|c| !c.is_ascii_digit()) {
        return Err(format!(
            "`{bad}` is not allowed in the first segment, which is a number"
        ));
    }
    if let Some(pre) = pre {
        for segment in pre.split('.') {
            if segment.is_empty() {
                return Err("an empty segment after `-`".to_owned());
            }
            if let Some(bad) = segment
                .chars()
                .find(|c| !c.is_ascii_alphanumeric() && *c != '-')
            {
                return Err(format!("`{bad}` is not allowed in a version"));
            }
        }
    }
    Ok(())
}

fn compare_segments(left: Option<&Segment>, right: Option<&Segment>) -> Ordering {
    let zero = Segment::Number("".into());
    let (left, right) = (left.unwrap_or(&zero), right.unwrap_or(&zero));
    match (left, right) {
        (Segment::Number(l), Segment::Number(r)) => compare_digit_runs(l, r),
        (Segment::Text(_), Segment::Number(_)) => Ordering::Less,
        (Segment::Number(_), Segment::Text(_)) => Ordering::Greater,
        (Segment::Text(l), Segment::Text(r)) => l.cmp(r),
    }
}

impl Ord for GemVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let length = self.segments.len().max(other.segments.len());
        (0..length)
            .map(|index| compare_segments(self.segments.get(index), other.segments.get(index)))
            .find(|ordering| *ordering != Ordering::Equal)
            .unwrap_or(Ordering::Equal)
    }
}

impl PartialOrd for GemVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for GemVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for GemVersion {}

impl fmt::Display for GemVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.original)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> GemVersion {
        GemVersion::parse(text).unwrap()
    }

    #[test]
    fn orders_like_gem_version() {
        let ordered = [
            "0.9", "1.0.a", "1.0.a2", "1.0.b1", "1.0-rc2", "1.0.rc1", "1.0", "1.0.1", "1.1", "2",
        ];
        for pair in ordered.windows(2) {
            assert!(parse(pair[0]) < parse(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(parse("1.0"), parse("1"));
        assert_eq!(parse("1.01"), parse("1.1"));
        assert_eq!(parse(""), parse("0"));
        assert!(parse("1.0.a").is_prerelease());
    }

    #[test]
    fn refuses_what_gem_version_refuses() {
        for invalid in ["a", "1..0", "1.0 2", "1.0_1", "1.0-", "junk"] {
            assert!(GemVersion::parse(invalid).is_err(), "{invalid}");
        }
    }
}
