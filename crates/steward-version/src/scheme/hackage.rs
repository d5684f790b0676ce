//! Hackage (and GHC) versions, ordered as Cabal's `Version` orders them.
//!
//! One or more non-negative integers separated by `.`, compared as lists: numerically, left to
//! right, and a prefix is older (`1.0 < 1.0.0`). Cabal refuses leading zeros and parts of more
//! than nine digits. No GHC toolchain runs on the machines that test steward; the tests use
//! Cabal's documented rules.

use std::fmt;

use crate::error::VersionError;

/// A Cabal package version.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HackageVersion(Vec<u32>);

impl HackageVersion {
    /// Parses a Cabal version.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        let error = |reason: String| VersionError::new("Hackage", text, reason);
        if text.is_empty() {
            return Err(error("the version is empty".to_owned()));
        }
        text.split('.')
            .map(|part| {
                if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                    Err(error(format!("`{part}` is not a number")))
                } else if part.len() > 1 && part.starts_with('0') {
                    Err(error(format!("`{part}` has a leading zero")))
                } else if part.len() > 9 {
                    Err(error(format!("`{part}` has more than nine digits")))
                } else {
                    part.parse()
                        .map_err(|_| error(format!("`{part}` is too large")))
                }
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

impl fmt::Display for HackageVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, part) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str(".")?;
            }
            write!(f, "{part}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use super::*;

    #[test]
    fn orders_as_lists() {
        let parse = |text: &str| HackageVersion::parse(text).unwrap();
        assert!(parse("1.0") < parse("1.0.0"));
        assert!(parse("1.9") < parse("1.10"));
        assert_eq!(parse("0.1.2").cmp(&parse("0.1.2")), Ordering::Equal);
        assert!(HackageVersion::parse("1.01").is_err());
        assert!(HackageVersion::parse("1.0-tag").is_err());
    }
}
