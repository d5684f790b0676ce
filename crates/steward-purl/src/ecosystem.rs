//! OSV ecosystems: the exact strings OSV records use, with their release suffixes.
//!
//! An OSV ecosystem string is a base name, optionally followed by `:` and a suffix that scopes it
//! to a release or a repository: `Debian:12`, `Ubuntu:22.04:LTS`, `Ubuntu:Pro:18.04:LTS`,
//! `Alpine:v3.20`, `Red Hat:enterprise_linux:9::appstream`, `Maven:https://maven.google.com`.
//! The base names are case-sensitive (`crates.io`, `npm`, `PyPI`) and are matched exactly when
//! reading OSV data; a base name steward does not know is kept verbatim, so nothing is lost and
//! it prints back exactly as read.
//!
//! People type ecosystems too (`steward version compare pypi …`); [`Ecosystem::from_user_input`]
//! accepts any case and the purl type as an alias (`cargo`, `golang`, `gem`, …).

use std::fmt;

macro_rules! ecosystem_names {
    ($($variant:ident => $osv:literal),+ $(,)?) => {
        /// The base name of an OSV ecosystem.
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum EcosystemName {
            $(
                #[doc = concat!("`", $osv, "`")]
                $variant,
            )+
            /// A base name steward does not know, kept as written.
            Other(Box<str>),
        }

        /// Every known base name with its OSV spelling.
        const KNOWN: &[(EcosystemName, &str)] = &[$((EcosystemName::$variant, $osv)),+];

        impl EcosystemName {
            /// The exact OSV spelling.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $osv,)+
                    Self::Other(name) => name,
                }
            }
        }
    };
}

ecosystem_names! {
    AlmaLinux => "AlmaLinux",
    Alpaquita => "Alpaquita",
    Alpine => "Alpine",
    Android => "Android",
    AzureLinux => "Azure Linux",
    BellSoftHardenedContainers => "BellSoft Hardened Containers",
    Bioconductor => "Bioconductor",
    Bitnami => "Bitnami",
    Chainguard => "Chainguard",
    CleanStart => "CleanStart",
    ConanCenter => "ConanCenter",
    Cran => "CRAN",
    CratesIo => "crates.io",
    Debian => "Debian",
    DockerHardenedImages => "Docker Hardened Images",
    Echo => "Echo",
    FreeBsd => "FreeBSD",
    Ghc => "GHC",
    Git => "GIT",
    GitHubActions => "GitHub Actions",
    Go => "Go",
    Hackage => "Hackage",
    Hex => "Hex",
    Julia => "Julia",
    Kubernetes => "Kubernetes",
    Linux => "Linux",
    Mageia => "Mageia",
    Maven => "Maven",
    MinimOs => "MinimOS",
    Npm => "npm",
    NuGet => "NuGet",
    Opam => "opam",
    OpenEuler => "openEuler",
    OpenSuse => "openSUSE",
    OssFuzz => "OSS-Fuzz",
    Packagist => "Packagist",
    PhotonOs => "Photon OS",
    Pub => "Pub",
    PyPi => "PyPI",
    RedHat => "Red Hat",
    RockyLinux => "Rocky Linux",
    Root => "Root",
    RubyGems => "RubyGems",
    Suse => "SUSE",
    SwiftUrl => "SwiftURL",
    TuxCare => "TuxCare",
    Ubuntu => "Ubuntu",
    VsCode => "VSCode",
    Wolfi => "Wolfi",
}

impl EcosystemName {
    /// Reads a base name, exactly as OSV spells it; anything else is [`EcosystemName::Other`].
    pub fn parse(name: &str) -> Self {
        KNOWN
            .iter()
            .find(|(_, spelling)| *spelling == name)
            .map_or_else(|| Self::Other(name.into()), |(known, _)| known.clone())
    }

    /// Every base name steward knows.
    pub fn known() -> impl Iterator<Item = &'static Self> {
        KNOWN.iter().map(|(name, _)| name)
    }

    /// The purl type of packages in this ecosystem, where there is exactly one.
    pub fn purl_type(&self) -> Option<&'static str> {
        Some(match self {
            Self::CratesIo => "cargo",
            Self::Npm => "npm",
            Self::PyPi => "pypi",
            Self::Go => "golang",
            Self::Maven => "maven",
            Self::NuGet => "nuget",
            Self::RubyGems => "gem",
            Self::Packagist => "composer",
            Self::Pub => "pub",
            Self::Hex => "hex",
            Self::SwiftUrl => "swift",
            Self::ConanCenter => "conan",
            Self::Hackage => "hackage",
            Self::Cran | Self::Bioconductor => "cran",
            Self::Debian | Self::Ubuntu => "deb",
            Self::Alpine | Self::Wolfi | Self::Chainguard => "apk",
            Self::AlmaLinux
            | Self::RockyLinux
            | Self::RedHat
            | Self::OpenSuse
            | Self::Suse
            | Self::PhotonOs
            | Self::AzureLinux
            | Self::OpenEuler
            | Self::Mageia => "rpm",
            Self::Bitnami => "bitnami",
            Self::Opam => "opam",
            Self::Julia => "julia",
            Self::VsCode => "vscode-extension",
            Self::GitHubActions => "github",
            _ => return None,
        })
    }

    /// Whether advisories in this ecosystem name the *source* package, so that an installed
    /// binary package (`libssl3`) is matched under its source package (`openssl`).
    pub fn keys_by_source_package(&self) -> bool {
        matches!(
            self,
            Self::Debian
                | Self::Ubuntu
                | Self::Alpine
                | Self::AlmaLinux
                | Self::RockyLinux
                | Self::OpenSuse
                | Self::Suse
                | Self::OpenEuler
                | Self::Mageia
                | Self::TuxCare
                | Self::Alpaquita
                | Self::AzureLinux
        )
    }
}

impl fmt::Display for EcosystemName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An OSV ecosystem: a base name and an optional release or repository suffix.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ecosystem {
    name: EcosystemName,
    suffix: Option<Box<str>>,
}

/// Instantiation.
impl Ecosystem {
    /// An ecosystem without a suffix.
    pub fn new(name: EcosystemName) -> Self {
        Self { name, suffix: None }
    }

    /// An ecosystem scoped by `suffix` (`Debian` + `12`).
    pub fn with_suffix(name: EcosystemName, suffix: &str) -> Self {
        Self {
            name,
            suffix: (!suffix.is_empty()).then(|| suffix.into()),
        }
    }

    /// Reads an OSV ecosystem string. Never fails: an unknown base name is kept verbatim.
    pub fn parse(text: &str) -> Self {
        match text.split_once(':') {
            Some((name, suffix)) => Self::with_suffix(EcosystemName::parse(name), suffix),
            None => Self::new(EcosystemName::parse(text)),
        }
    }

    /// Reads an ecosystem a person typed: any letter case, and purl types and common tool names
    /// as aliases (`cargo`, `pip`, `golang`, `gem`, `composer`, `deb`, `apk`). `None` if the
    /// base name is unknown.
    pub fn from_user_input(text: &str) -> Option<Self> {
        let (base, suffix) = text.split_once(':').unwrap_or((text, ""));
        let base = base.trim();
        let name = KNOWN
            .iter()
            .find(|(_, spelling)| spelling.eq_ignore_ascii_case(base))
            .map(|(name, _)| name.clone())
            .or_else(|| alias(&base.to_ascii_lowercase()))?;
        Some(Self::with_suffix(name, suffix))
    }

    /// The ecosystem of an installed distribution, from `/etc/os-release`'s `ID` and
    /// `VERSION_ID`: `debian` `12` is `Debian:12`, `ubuntu` `22.04` is `Ubuntu:22.04:LTS`,
    /// `alpine` `3.20.3` is `Alpine:v3.20`.
    pub fn for_distribution(id: &str, version_id: Option<&str>) -> Option<Self> {
        let version = version_id.unwrap_or_default().trim();
        let major = version.split('.').next().unwrap_or_default();
        let major_minor = version.split('.').take(2).collect::<Vec<_>>().join(".");
        let with = |name: EcosystemName, suffix: &str| Some(Self::with_suffix(name, suffix));
        match id.trim().to_ascii_lowercase().as_str() {
            "debian" => with(EcosystemName::Debian, major),
            "ubuntu" => with(EcosystemName::Ubuntu, &ubuntu_release(version)),
            "alpine" if !major_minor.is_empty() => {
                with(EcosystemName::Alpine, &format!("v{major_minor}"))
            }
            "alpine" => with(EcosystemName::Alpine, ""),
            "rocky" => with(EcosystemName::RockyLinux, major),
            "almalinux" => with(EcosystemName::AlmaLinux, major),
            "wolfi" => with(EcosystemName::Wolfi, ""),
            "chainguard" => with(EcosystemName::Chainguard, ""),
            "photon" => with(EcosystemName::PhotonOs, &major_minor),
            "mageia" => with(EcosystemName::Mageia, major),
            "openeuler" => with(EcosystemName::OpenEuler, version),
            "azurelinux" | "mariner" => with(EcosystemName::AzureLinux, &major_minor),
            _ => None,
        }
    }
}

/// Access.
impl Ecosystem {
    /// The base name.
    pub fn name(&self) -> &EcosystemName {
        &self.name
    }

    /// The release or repository suffix, if any.
    pub fn suffix(&self) -> Option<&str> {
        self.suffix.as_deref()
    }

    /// The same ecosystem without its suffix.
    #[must_use]
    pub fn base(&self) -> Self {
        Self::new(self.name.clone())
    }
}

impl fmt::Display for Ecosystem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name.as_str())?;
        if let Some(suffix) = &self.suffix {
            write!(f, ":{suffix}")?;
        }
        Ok(())
    }
}

impl serde::Serialize for Ecosystem {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Ecosystem {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Self::parse(&text))
    }
}

/// Purl types and package-manager names people use for ecosystems.
fn alias(lowercase: &str) -> Option<EcosystemName> {
    Some(match lowercase {
        "cargo" | "crates" | "rust" => EcosystemName::CratesIo,
        "pip" | "python" => EcosystemName::PyPi,
        "golang" => EcosystemName::Go,
        "gem" | "gems" | "ruby" => EcosystemName::RubyGems,
        "composer" | "php" => EcosystemName::Packagist,
        "dart" | "flutter" => EcosystemName::Pub,
        "swift" => EcosystemName::SwiftUrl,
        "conan" => EcosystemName::ConanCenter,
        "deb" | "dpkg" => EcosystemName::Debian,
        "apk" => EcosystemName::Alpine,
        "rpm" | "redhat" | "rhel" => EcosystemName::RedHat,
        "rocky" => EcosystemName::RockyLinux,
        "git" => EcosystemName::Git,
        _ => return None,
    })
}

/// Ubuntu releases are `YY.MM`; the April release of an even year is an LTS release, which OSV
/// marks with a `:LTS` suffix.
fn ubuntu_release(version: &str) -> String {
    let mut parts = version.split('.');
    let (Some(year), Some(month)) = (parts.next(), parts.next()) else {
        return version.to_owned();
    };
    let is_lts = month == "04" && year.parse::<u32>().is_ok_and(|year| year % 2 == 0);
    if is_lts {
        format!("{year}.{month}:LTS")
    } else {
        format!("{year}.{month}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_qualified_strings_round_trip() {
        for text in [
            "Debian:12",
            "Ubuntu:22.04:LTS",
            "Ubuntu:Pro:18.04:LTS",
            "Alpine:v3.20",
            "Red Hat:enterprise_linux:9::appstream",
            "Rocky Linux:9",
            "AlmaLinux:9",
            "openSUSE",
            "SUSE",
            "Wolfi",
            "Chainguard",
            "Photon OS",
            "Bitnami",
            "GIT",
            "Maven:https://maven.google.com",
            "Some Future Ecosystem:1:2",
        ] {
            assert_eq!(Ecosystem::parse(text).to_string(), text);
        }
        let debian = Ecosystem::parse("Debian:12");
        assert_eq!(debian.name(), &EcosystemName::Debian);
        assert_eq!(debian.suffix(), Some("12"));
        let redhat = Ecosystem::parse("Red Hat:enterprise_linux:9::appstream");
        assert_eq!(redhat.suffix(), Some("enterprise_linux:9::appstream"));
    }

    #[test]
    fn osv_spelling_is_exact_and_unknown_names_are_kept() {
        assert_eq!(Ecosystem::parse("PyPI").name(), &EcosystemName::PyPi);
        assert_eq!(
            Ecosystem::parse("pypi").name(),
            &EcosystemName::Other("pypi".into())
        );
    }

    #[test]
    fn user_input_accepts_case_and_aliases() {
        assert_eq!(
            Ecosystem::from_user_input("pypi").unwrap().to_string(),
            "PyPI"
        );
        assert_eq!(
            Ecosystem::from_user_input("cargo").unwrap().to_string(),
            "crates.io"
        );
        assert_eq!(
            Ecosystem::from_user_input("debian:12").unwrap().to_string(),
            "Debian:12"
        );
        assert!(Ecosystem::from_user_input("nonsense").is_none());
    }

    #[test]
    fn distributions_map_to_release_qualified_ecosystems() {
        let cases = [
            ("debian", "12", "Debian:12"),
            ("ubuntu", "22.04", "Ubuntu:22.04:LTS"),
            ("ubuntu", "23.10", "Ubuntu:23.10"),
            ("ubuntu", "21.04", "Ubuntu:21.04"),
            ("alpine", "3.20.3", "Alpine:v3.20"),
            ("rocky", "9.3", "Rocky Linux:9"),
            ("almalinux", "9.4", "AlmaLinux:9"),
        ];
        for (id, version, expected) in cases {
            let ecosystem = Ecosystem::for_distribution(id, Some(version)).unwrap();
            assert_eq!(ecosystem.to_string(), expected, "{id} {version}");
        }
        assert!(Ecosystem::for_distribution("plan9", None).is_none());
    }
}
