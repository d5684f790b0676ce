//! Debian package versions (Debian, Ubuntu), ordered as `dpkg --compare-versions` orders them;
//! and opam versions, which use the same character ordering over the whole string.
//!
//! `[epoch:]upstream_version[-debian_revision]`:
//! - the epoch is a number before the first `:`; missing means 0;
//! - the revision is everything after the last `-`; missing compares like `0`;
//! - upstream and revision compare by alternating runs: a run of non-digits character by
//!   character, where `~` sorts before everything (even the end), the end before letters, and
//!   letters before other characters; then a run of digits by numeric value.
//!
//! Traps: `1.0~rc1 < 1.0`; `1.0 == 1.0-0`; `1:0.1 > 2.0`; `1.0+b1 > 1.0`; leading zeros do not
//! count (`1.01 == 1.1`). Like dpkg, characters outside `[A-Za-z0-9.+~-]` (and `:` in the
//! upstream version) are accepted with dpkg's warning semantics: they still compare.

use std::cmp::Ordering;
use std::fmt;

use crate::error::{VersionError, compare_digit_runs, parse_number};

/// A Debian package version.
#[derive(Clone, Debug)]
pub struct DebianVersion {
    epoch: u64,
    upstream: Box<str>,
    revision: Option<Box<str>>,
}

impl DebianVersion {
    /// Parses a Debian version.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        let error = |reason: &str| VersionError::new("Debian", text, reason);
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(error("the version is empty"));
        }
        if trimmed.contains(char::is_whitespace) {
            return Err(error("the version contains embedded spaces"));
        }
        let (epoch, rest) = match trimmed.split_once(':') {
            Some((epoch, rest)) => {
                if epoch.is_empty() {
                    return Err(error("the epoch before `:` is empty"));
                }
                let epoch = parse_number(epoch)
                    .filter(|&n| i32::try_from(n).is_ok())
                    .ok_or_else(|| error("the epoch before `:` is not a number"))?;
                (epoch, rest)
            }
            None => (0, trimmed),
        };
        let (upstream, revision) = match rest.rsplit_once('-') {
            Some((upstream, revision)) => {
                if revision.is_empty() {
                    return Err(error("the revision after the last `-` is empty"));
                }
                (upstream, Some(revision))
            }
            None => (rest, None),
        };
        if upstream.is_empty() {
            return Err(error("the upstream version is empty"));
        }
        Ok(Self {
            epoch,
            upstream: upstream.into(),
            revision: revision.map(Into::into),
        })
    }

    /// The epoch.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// The upstream version.
    pub fn upstream(&self) -> &str {
        &self.upstream
    }

    /// The Debian revision.
    pub fn revision(&self) -> Option<&str> {
        self.revision.as_deref()
    }
}

/// dpkg's character weight in a non-digit run: `~` lowest, then the end of the run, then
/// letters, then everything else.
fn weight(byte: Option<u8>) -> i32 {
    match byte {
        None => 0,
        Some(b'~') => -1,
        Some(b) if b.is_ascii_digit() => 0,
        Some(b) if b.is_ascii_alphabetic() => i32::from(b),
        Some(b) => i32::from(b) + 256,
    }
}

/// dpkg's `verrevcmp`.
pub(crate) fn compare_fragments(left: &str, right: &str) -> Ordering {
    let (left, right) = (left.as_bytes(), right.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < left.len() || j < right.len() {
        // The non-digit run.
        while left.get(i).is_some_and(|b| !b.is_ascii_digit())
            || right.get(j).is_some_and(|b| !b.is_ascii_digit())
        {
            let (l, r) = (weight(left.get(i).copied()), weight(right.get(j).copied()));
            if l != r {
                return l.cmp(&r);
            }
            i += 1;
            j += 1;
        }
        // The digit run, by value.
        let start_left = i;
        while left.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let start_right = j;
        while right.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        let ordering = compare_digit_runs(
            std::str::from_utf8(&left[start_left..i]).unwrap_or_default(),
            std::str::from_utf8(&right[start_right..j]).unwrap_or_default(),
        );
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
    Ordering::Equal
}

impl Ord for DebianVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.epoch
            .cmp(&other.epoch)
            .then_with(|| compare_fragments(&self.upstream, &other.upstream))
            .then_with(|| {
                compare_fragments(
                    self.revision.as_deref().unwrap_or_default(),
                    other.revision.as_deref().unwrap_or_default(),
                )
            })
    }
}

impl PartialOrd for DebianVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for DebianVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for DebianVersion {}

impl fmt::Display for DebianVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A `:` after the epoch's place is only read as such after an epoch: keep the `0:`.
        let has_colon = self.upstream.contains(':')
            || self
                .revision
                .as_deref()
                .is_some_and(|revision| revision.contains(':'));
        if self.epoch != 0 || has_colon {
            write!(f, "{}:", self.epoch)?;
        }
        f.write_str(&self.upstream)?;
        if let Some(revision) = &self.revision {
            write!(f, "-{revision}")?;
        }
        Ok(())
    }
}

/// An opam package version: compared like a Debian version fragment over the whole string
/// (no epoch, no revision), as opam's `OpamVersionCompare` does.
#[derive(Clone, Debug)]
pub struct OpamVersion(Box<str>);

impl OpamVersion {
    /// Parses an opam version; any non-empty string without spaces is one.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        if text.is_empty() {
            return Err(VersionError::new("opam", text, "the version is empty"));
        }
        if text.contains(char::is_whitespace) {
            return Err(VersionError::new(
                "opam",
                text,
                "the version contains spaces",
            ));
        }
        Ok(Self(text.into()))
    }
}

impl Ord for OpamVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        compare_fragments(&self.0, &other.0)
    }
}

impl PartialOrd for OpamVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for OpamVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for OpamVersion {}

impl fmt::Display for OpamVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> DebianVersion {
        DebianVersion::parse(text).unwrap()
    }

    #[test]
    fn orders_like_dpkg() {
        let ordered = [
            "1.0~~", "1.0~rc1", "1.0", "1.0-1", "1.0a", "1.0+b1", "1.0.1", "1.1", "1:0.1",
        ];
        for pair in ordered.windows(2) {
            assert!(parse(pair[0]) < parse(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(parse("1.0"), parse("1.0-0"));
        assert_eq!(parse("1.01"), parse("1.1"));
        assert_eq!(parse("0:1.0"), parse("1.0"));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let reason = |text: &str| DebianVersion::parse(text).unwrap_err().reason().to_owned();
        assert_eq!(reason(""), "the version is empty");
        assert_eq!(reason("a:1.0"), "the epoch before `:` is not a number");
        assert_eq!(reason("1.0-"), "the revision after the last `-` is empty");
        assert_eq!(reason("1:-1"), "the upstream version is empty");
        assert_eq!(reason("1.0 2"), "the version contains embedded spaces");
    }
}
