//! CRAN and Bioconductor package versions, ordered as R's `compareVersion` orders them.
//!
//! At least two non-negative integers separated by `.` or `-` (`1.0`, `1.2-3`, `0.9.1.2`).
//! Components compare numerically, left to right; when one version runs out first, it is the
//! older (`1.8 < 1.8.0`), as `compareVersion` documents and OSV's CRAN ordering follows (R's
//! `package_version` operators, which pad with zeros, call the two equal). `-` and `.` are the
//! same separator (`1.2-3 == 1.2.3`) and leading zeros do not count (`1.01 == 1.1`).

use std::cmp::Ordering;
use std::fmt;

use crate::error::{VersionError, compare_digit_runs};

/// An R package version.
#[derive(Clone, Debug)]
pub struct CranVersion {
    original: Box<str>,
    /// Components without leading zeros.
    components: Vec<Box<str>>,
}

impl CranVersion {
    /// Parses an R package version.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        let error = |reason: &str| VersionError::new("CRAN", text, reason);
        let trimmed = text.trim();
        let components: Vec<&str> = trimmed.split(['.', '-']).collect();
        if components.len() < 2 {
            return Err(error(
                "a package version has at least two numbers separated by `.` or `-`",
            ));
        }
        if components
            .iter()
            .any(|component| component.is_empty() || !component.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(error("every component must be a number"));
        }
        Ok(Self {
            original: trimmed.into(),
            components: components
                .iter()
                .map(|component| component.trim_start_matches('0').into())
                .collect(),
        })
    }
}

impl Ord for CranVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        self.components
            .iter()
            .zip(&other.components)
            .map(|(left, right)| compare_digit_runs(left, right))
            .find(|ordering| *ordering != Ordering::Equal)
            .unwrap_or_else(|| self.components.len().cmp(&other.components.len()))
    }
}

impl PartialOrd for CranVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for CranVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for CranVersion {}

impl fmt::Display for CranVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.original)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> CranVersion {
        CranVersion::parse(text).unwrap()
    }

    #[test]
    fn orders_like_compare_version() {
        assert!(parse("1.8") < parse("1.8.0"));
        assert!(parse("1.8.0") < parse("1.8.0.0"));
        assert!(parse("1.2-3") < parse("1.2-10"));
        assert_eq!(parse("1.2-3"), parse("1.2.3"));
        assert_eq!(parse("1.01"), parse("1.1"));
        assert!(CranVersion::parse("1").is_err());
        assert!(CranVersion::parse("1.0a").is_err());
    }
}
