//! Version schemes, one module each, and the table that says which ecosystem uses which.
//!
//! Each scheme parses a version once into a value whose `Ord` is the ecosystem's own ordering.
//! [`Scheme`] picks the scheme at run time (for an OSV ecosystem, or a `SEMVER` range) and
//! [`Version`] holds a version of any scheme.

pub mod alpine;
pub mod cran;
pub mod dart_pub;
pub mod debian;
pub mod generic;
pub mod go;
pub mod hackage;
pub mod maven;
pub mod nuget;
pub mod packagist;
pub mod pep440;
pub mod pypi;
pub mod rpm;
pub mod rubygems;
pub mod semver;

use std::cmp::Ordering;
use std::fmt;

use steward_purl::EcosystemName;

use crate::error::VersionError;

macro_rules! schemes {
    ($($variant:ident($version:ty) => $name:literal: $description:literal,)+) => {
        /// A version scheme.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Scheme {
            $(
                #[doc = $description]
                $variant,
            )+
        }

        /// A version of any scheme.
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        pub enum Version {
            $(
                #[doc = $description]
                $variant($version),
            )+
        }

        impl Scheme {
            /// Every scheme.
            pub const ALL: &[Self] = &[$(Self::$variant),+];

            /// The scheme's name, as errors and documentation say it.
            pub fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)+
                }
            }

            /// Parses a version of this scheme.
            pub fn parse(self, text: &str) -> Result<Version, VersionError> {
                crate::error::check_length(self.name(), text)?;
                match self {
                    $(Self::$variant => <$version>::parse(text).map(Version::$variant),)+
                }
            }
        }

        impl Version {
            /// The scheme of this version.
            pub fn scheme(&self) -> Scheme {
                match self {
                    $(Self::$variant(_) => Scheme::$variant,)+
                }
            }
        }

        impl Ord for Version {
            /// Versions of one scheme compare by that scheme; versions of different schemes
            /// (which steward never mixes) by scheme first, so that the order stays total.
            fn cmp(&self, other: &Self) -> Ordering {
                match (self, other) {
                    $((Self::$variant(left), Self::$variant(right)) => left.cmp(right),)+
                    _ => self.scheme().cmp(&other.scheme()),
                }
            }
        }

        impl fmt::Display for Version {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $(Self::$variant(version) => version.fmt(f),)+
                }
            }
        }
    };
}

schemes! {
    SemVer(semver::SemVer) => "SemVer": "SemVer 2.0.0: crates.io, npm, Hex, SwiftURL and OSV `SEMVER` ranges.",
    Go(go::GoVersion) => "Go": "Go module versions: SemVer with `v`, shorthands and pseudo-versions.",
    Pep440(pep440::Pep440) => "PEP 440": "PEP 440, strictly: Python version specifiers.",
    PyPi(pypi::PyPiVersion) => "PyPI": "PyPI: PEP 440, and the legacy ordering for versions PEP 440 refuses.",
    Maven(maven::MavenVersion) => "Maven": "Maven's `ComparableVersion`.",
    RubyGems(rubygems::GemVersion) => "RubyGems": "RubyGems' `Gem::Version`.",
    NuGet(nuget::NuGetVersion) => "NuGet": "NuGet: SemVer 2.0 and legacy four-part versions.",
    Packagist(packagist::PackagistVersion) => "Packagist": "Composer: normalized, then PHP's `version_compare`.",
    Pub(dart_pub::PubVersion) => "Pub": "Dart's `pub_semver`.",
    Debian(debian::DebianVersion) => "Debian": "dpkg: Debian and Ubuntu.",
    Opam(debian::OpamVersion) => "opam": "opam: dpkg's ordering over the whole version.",
    Alpine(alpine::AlpineVersion) => "Alpine": "apk-tools: Alpine, Wolfi, Chainguard.",
    Rpm(rpm::RpmVersion) => "RPM": "rpmvercmp: Red Hat, SUSE and the other RPM distributions.",
    Cran(cran::CranVersion) => "CRAN": "R's `package_version`: CRAN and Bioconductor.",
    Hackage(hackage::HackageVersion) => "Hackage": "Cabal's `Version`: Hackage and GHC.",
    Generic(generic::GenericVersion) => "generic": "A naive fallback for ecosystems steward does not know.",
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Version {}

/// Why an ecosystem has no version scheme.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("steward has no version scheme for the `{ecosystem}` ecosystem")]
pub struct UnsupportedEcosystem {
    /// The ecosystem's name.
    pub ecosystem: String,
}

impl Scheme {
    /// The scheme of an OSV ecosystem. An ecosystem steward does not know gets the clearly
    /// named [`Scheme::Generic`] fallback; a known ecosystem without a scheme is an error,
    /// never the fallback.
    pub fn for_ecosystem(ecosystem: &EcosystemName) -> Result<Self, UnsupportedEcosystem> {
        use EcosystemName as E;
        Ok(match ecosystem {
            E::CratesIo
            | E::Npm
            | E::Hex
            | E::SwiftUrl
            | E::Bitnami
            | E::Julia
            | E::VsCode
            | E::Kubernetes => Self::SemVer,
            E::Go | E::GitHubActions => Self::Go,
            E::PyPi => Self::PyPi,
            E::Maven => Self::Maven,
            E::RubyGems => Self::RubyGems,
            E::NuGet => Self::NuGet,
            E::Packagist => Self::Packagist,
            E::Pub => Self::Pub,
            E::Debian | E::Ubuntu => Self::Debian,
            E::Opam => Self::Opam,
            E::Alpine
            | E::Wolfi
            | E::Chainguard
            | E::Alpaquita
            | E::BellSoftHardenedContainers
            | E::MinimOs => Self::Alpine,
            E::RedHat
            | E::RockyLinux
            | E::AlmaLinux
            | E::Suse
            | E::OpenSuse
            | E::PhotonOs
            | E::AzureLinux
            | E::OpenEuler
            | E::Mageia => Self::Rpm,
            E::Cran | E::Bioconductor => Self::Cran,
            E::Hackage | E::Ghc => Self::Hackage,
            E::Other(_) => Self::Generic,
            known => {
                return Err(UnsupportedEcosystem {
                    ecosystem: known.to_string(),
                });
            }
        })
    }

    /// Reads a scheme or an ecosystem a person typed: a scheme name (`semver`, `pep440`,
    /// `debian`, …) or anything [`steward_purl::Ecosystem::from_user_input`] accepts.
    pub fn from_user_input(text: &str) -> Result<Self, String> {
        let lowered = text.trim().to_ascii_lowercase();
        let compact: String = lowered
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        if let Some(scheme) = Self::ALL.iter().find(|scheme| {
            let name: String = scheme
                .name()
                .to_ascii_lowercase()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            name == compact
        }) {
            return Ok(*scheme);
        }
        let ecosystem = steward_purl::Ecosystem::from_user_input(text)
            .ok_or_else(|| format!("`{text}` is neither a known ecosystem nor a version scheme"))?;
        Self::for_ecosystem(ecosystem.name()).map_err(|error| error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_ecosystem_has_a_scheme_or_says_why_not() {
        for name in EcosystemName::known() {
            match Scheme::for_ecosystem(name) {
                Ok(scheme) => {
                    assert_ne!(scheme, Scheme::Generic, "{name} must not use the fallback");
                }
                Err(error) => assert!(error.to_string().contains(name.as_str())),
            }
        }
        assert_eq!(
            Scheme::for_ecosystem(&EcosystemName::Other("Brand New".into())),
            Ok(Scheme::Generic)
        );
    }

    #[test]
    fn user_input_names_schemes_or_ecosystems() {
        assert_eq!(Scheme::from_user_input("pep440"), Ok(Scheme::Pep440));
        assert_eq!(Scheme::from_user_input("PEP 440"), Ok(Scheme::Pep440));
        assert_eq!(Scheme::from_user_input("pypi"), Ok(Scheme::PyPi));
        assert_eq!(Scheme::from_user_input("Debian:12"), Ok(Scheme::Debian));
        assert_eq!(Scheme::from_user_input("cargo"), Ok(Scheme::SemVer));
        assert!(Scheme::from_user_input("Android").is_err());
        assert!(Scheme::from_user_input("nonsense").is_err());
    }
}
