//! The requirement syntaxes people write in manifests, parsed and evaluated with each
//! ecosystem's own rules: Cargo requirements, npm ranges, PEP 440 specifiers, Maven version
//! ranges, RubyGems requirements, Composer constraints and NuGet ranges.

pub mod cargo;
pub mod composer;
pub mod maven;
pub mod npm;
pub mod nuget;
pub mod pep440;
pub mod rubygems;

use std::fmt;

use steward_purl::EcosystemName;

use crate::{Scheme, Version};

/// A requirement syntax.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Syntax {
    /// Cargo version requirements.
    Cargo,
    /// npm (node-semver) ranges.
    Npm,
    /// PEP 440 version specifiers.
    Pep440,
    /// Maven version ranges.
    Maven,
    /// RubyGems requirements.
    RubyGems,
    /// Composer constraints.
    Composer,
    /// NuGet version ranges.
    NuGet,
}

impl Syntax {
    /// Every syntax.
    pub const ALL: &[Self] = &[
        Self::Cargo,
        Self::Npm,
        Self::Pep440,
        Self::Maven,
        Self::RubyGems,
        Self::Composer,
        Self::NuGet,
    ];

    /// The syntax of an ecosystem's manifests, if steward reads one.
    pub fn for_ecosystem(ecosystem: &EcosystemName) -> Option<Self> {
        Some(match ecosystem {
            EcosystemName::CratesIo => Self::Cargo,
            EcosystemName::Npm => Self::Npm,
            EcosystemName::PyPi => Self::Pep440,
            EcosystemName::Maven => Self::Maven,
            EcosystemName::RubyGems => Self::RubyGems,
            EcosystemName::Packagist => Self::Composer,
            EcosystemName::NuGet => Self::NuGet,
            _ => return None,
        })
    }

    /// The version scheme the syntax's versions follow.
    pub fn scheme(self) -> Scheme {
        match self {
            Self::Cargo | Self::Npm => Scheme::SemVer,
            Self::Pep440 => Scheme::Pep440,
            Self::Maven => Scheme::Maven,
            Self::RubyGems => Scheme::RubyGems,
            Self::Composer => Scheme::Packagist,
            Self::NuGet => Scheme::NuGet,
        }
    }

    /// The syntax's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Cargo => "Cargo",
            Self::Npm => "npm",
            Self::Pep440 => "PEP 440",
            Self::Maven => "Maven",
            Self::RubyGems => "RubyGems",
            Self::Composer => "Composer",
            Self::NuGet => "NuGet",
        }
    }
}

/// A requirement that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid {syntax} requirement `{input}`: {reason}")]
pub struct RequirementError {
    syntax: &'static str,
    input: String,
    reason: String,
}

/// A parsed requirement of any syntax.
#[derive(Clone, Debug)]
pub struct Requirement {
    text: Box<str>,
    kind: Kind,
}

#[derive(Clone, Debug)]
enum Kind {
    Cargo(cargo::CargoRequirement),
    Npm(npm::NpmRange),
    Pep440(pep440::SpecifierSet),
    Maven(maven::MavenRange),
    RubyGems(rubygems::GemRequirement),
    Composer(composer::ComposerConstraint),
    NuGet(nuget::NuGetRange),
}

impl Requirement {
    /// Parses a requirement written in `syntax`.
    pub fn parse(syntax: Syntax, text: &str) -> Result<Self, RequirementError> {
        let kind = match syntax {
            Syntax::Cargo => cargo::CargoRequirement::parse(text).map(Kind::Cargo),
            Syntax::Npm => npm::NpmRange::parse(text).map(Kind::Npm),
            Syntax::Pep440 => pep440::SpecifierSet::parse(text).map(Kind::Pep440),
            Syntax::Maven => maven::MavenRange::parse(text).map(Kind::Maven),
            Syntax::RubyGems => rubygems::GemRequirement::parse(text).map(Kind::RubyGems),
            Syntax::Composer => composer::ComposerConstraint::parse(text).map(Kind::Composer),
            Syntax::NuGet => nuget::NuGetRange::parse(text).map(Kind::NuGet),
        }
        .map_err(|reason| RequirementError {
            syntax: syntax.name(),
            input: text.to_owned(),
            reason,
        })?;
        Ok(Self {
            text: text.into(),
            kind,
        })
    }

    /// Whether `version` satisfies the requirement. A version of another scheme never does.
    pub fn matches(&self, version: &Version) -> bool {
        match (&self.kind, version) {
            (Kind::Cargo(requirement), Version::SemVer(version)) => requirement.matches(version),
            (Kind::Npm(range), Version::SemVer(version)) => range.matches(version),
            (Kind::Pep440(specifiers), Version::Pep440(version)) => specifiers.matches(version),
            (Kind::Maven(range), Version::Maven(version)) => range.matches(version),
            (Kind::RubyGems(requirement), Version::RubyGems(version)) => {
                requirement.matches(version)
            }
            (Kind::Composer(constraint), Version::Packagist(version)) => {
                constraint.matches(version)
            }
            (Kind::NuGet(range), Version::NuGet(version)) => range.matches(version),
            _ => false,
        }
    }

    /// The syntax.
    pub fn syntax(&self) -> Syntax {
        match self.kind {
            Kind::Cargo(_) => Syntax::Cargo,
            Kind::Npm(_) => Syntax::Npm,
            Kind::Pep440(_) => Syntax::Pep440,
            Kind::Maven(_) => Syntax::Maven,
            Kind::RubyGems(_) => Syntax::RubyGems,
            Kind::Composer(_) => Syntax::Composer,
            Kind::NuGet(_) => Syntax::NuGet,
        }
    }
}

impl fmt::Display for Requirement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Whether `version` lies between optional bounds, each saying whether it is included: the
/// bracket intervals of Maven (`[1.0,2.0)`) and NuGet.
fn within_bounds<V: Ord>(
    version: &V,
    lower: Option<&(V, bool)>,
    upper: Option<&(V, bool)>,
) -> bool {
    let above = lower.is_none_or(|(bound, inclusive)| match version.cmp(bound) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Equal => *inclusive,
        std::cmp::Ordering::Less => false,
    });
    let below = upper.is_none_or(|(bound, inclusive)| match version.cmp(bound) {
        std::cmp::Ordering::Less => true,
        std::cmp::Ordering::Equal => *inclusive,
        std::cmp::Ordering::Greater => false,
    });
    above && below
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispatches_by_syntax_and_scheme() {
        let requirement = Requirement::parse(Syntax::Npm, "^1.2.3").unwrap();
        assert!(requirement.matches(&Scheme::SemVer.parse("1.4.0").unwrap()));
        assert!(!requirement.matches(&Scheme::Pep440.parse("1.4.0").unwrap()));
        let error = Requirement::parse(Syntax::Pep440, "~=1").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid PEP 440 requirement `~=1`")
        );
        for syntax in Syntax::ALL {
            assert_eq!(
                Syntax::for_ecosystem(&match syntax {
                    Syntax::Cargo => EcosystemName::CratesIo,
                    Syntax::Npm => EcosystemName::Npm,
                    Syntax::Pep440 => EcosystemName::PyPi,
                    Syntax::Maven => EcosystemName::Maven,
                    Syntax::RubyGems => EcosystemName::RubyGems,
                    Syntax::Composer => EcosystemName::Packagist,
                    Syntax::NuGet => EcosystemName::NuGet,
                }),
                Some(*syntax)
            );
        }
    }
}
