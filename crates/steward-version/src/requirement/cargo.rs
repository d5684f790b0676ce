//! Cargo version requirements (`^1.2`, `~1.2.3`, `>=1.0, <2`, `1.*`), evaluated by the
//! `semver` crate, which is Cargo's own implementation.
//!
//! A bare version means `^` (`1.2` allows `>=1.2.0, <2.0.0`), `^0.2` allows only `0.2.x`, and a
//! pre-release matches only a comparator with a pre-release of the same `major.minor.patch`.

use crate::scheme::semver::SemVer;

/// A Cargo requirement.
#[derive(Clone, Debug)]
pub struct CargoRequirement(semver::VersionReq);

impl CargoRequirement {
    /// Parses a requirement as Cargo does.
    pub fn parse(text: &str) -> Result<Self, String> {
        semver::VersionReq::parse(text)
            .map(Self)
            .map_err(|error| error.to_string())
    }

    /// Whether `version` satisfies the requirement.
    pub fn matches(&self, version: &SemVer) -> bool {
        semver::Version::parse(&version.to_string()).is_ok_and(|version| self.0.matches(&version))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_cargo() {
        let satisfies = |version: &str, requirement: &str| {
            CargoRequirement::parse(requirement)
                .unwrap()
                .matches(&SemVer::parse(version).unwrap())
        };
        assert!(satisfies("1.9.0", "1.2"));
        assert!(!satisfies("2.0.0", "1.2"));
        assert!(!satisfies("0.3.0", "^0.2"));
        assert!(satisfies("1.2.9", "~1.2.3"));
        assert!(satisfies("1.5.0", ">=1.0, <2"));
        assert!(!satisfies("1.3.0-beta", ">=1.2"));
        assert!(CargoRequirement::parse("not a requirement").is_err());
    }
}
