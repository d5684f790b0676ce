//! Go module versions (`golang.org/x/mod/semver`).
//!
//! SemVer with a `v` prefix and Go's own leniencies and traps:
//! - Shorthands: `v1` and `v1.2` mean `v1.0.0` and `v1.2.0` (without a pre-release or build).
//! - Pseudo-versions (`v0.0.0-20210101120000-abcdef123456`, `v1.2.4-0.20210101120000-abcdef123456`)
//!   are pre-releases and order by their timestamp, which is what Go intends.
//! - `+incompatible` (a v2+ module without a `go.mod`) is build metadata and ignored when
//!   comparing, as Go ignores it.
//! - OSV's Go ranges write versions without the `v`, go.mod with it; both are accepted.

use std::cmp::Ordering;
use std::fmt;

use super::semver::{Options, SemVer, parse_with};
use crate::error::VersionError;

/// A Go module version.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GoVersion(SemVer);

impl GoVersion {
    /// Parses a Go module version, with or without its `v`.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        parse_with(
            text,
            Options {
                scheme: "Go",
                short_forms: true,
            },
        )
        .map(Self)
    }

    /// Whether this is a pseudo-version (a commit, not a tag).
    pub fn is_pseudo_version(&self) -> bool {
        let text = self.0.to_string();
        let Some((_, pre)) = text.split_once('-') else {
            return false;
        };
        let pre = pre.split('+').next().unwrap_or_default();
        let Some((timestamp_part, revision)) = pre.rsplit_once('-') else {
            return false;
        };
        let timestamp = timestamp_part.rsplit('.').next().unwrap_or_default();
        timestamp.len() == 14
            && timestamp.bytes().all(|b| b.is_ascii_digit())
            && revision.len() >= 12
            && revision.bytes().all(|b| b.is_ascii_hexdigit())
    }
}

impl Ord for GoVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.cmp(&other.0)
    }
}

impl PartialOrd for GoVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for GoVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> GoVersion {
        GoVersion::parse(text).unwrap()
    }

    #[test]
    fn shorthands_incompatible_and_pseudo_versions() {
        assert_eq!(parse("v1"), parse("v1.0.0"));
        assert_eq!(parse("v1.2"), parse("1.2.0"));
        assert_eq!(parse("v2.0.0+incompatible"), parse("v2.0.0"));
        assert!(
            parse("v0.0.0-20210101120000-abcdef123456")
                < parse("v0.0.0-20210102000000-abcdef123456")
        );
        assert!(parse("v1.2.4-0.20210101120000-abcdef123456") < parse("v1.2.4"));
        assert!(parse("v1.2.4-0.20210101120000-abcdef123456") > parse("v1.2.3"));
        assert!(parse("v0.0.0-20210101120000-abcdef123456").is_pseudo_version());
        assert!(!parse("v1.2.3-rc.1").is_pseudo_version());
        assert!(GoVersion::parse("v1.2-pre").is_err());
        assert_eq!(parse("1.2.3").to_string(), "v1.2.3");
    }
}
