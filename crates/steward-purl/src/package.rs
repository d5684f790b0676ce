//! A package as OSV names it, and the mapping between purls and OSV ecosystems.
//!
//! OSV names a package by ecosystem and name; a purl spreads the same identity over type,
//! namespace, name and qualifiers. The mapping, both ways:
//!
//! | purl | OSV ecosystem | OSV name |
//! |---|---|---|
//! | `pkg:maven/org.apache.logging.log4j/log4j-core` | `Maven` | `org.apache.logging.log4j:log4j-core` |
//! | `pkg:npm/%40types/node` | `npm` | `@types/node` |
//! | `pkg:golang/github.com/foo/bar` | `Go` | `github.com/foo/bar` |
//! | `pkg:composer/laravel/framework` | `Packagist` | `laravel/framework` |
//! | `pkg:swift/github.com/apple/swift-nio` | `SwiftURL` | `github.com/apple/swift-nio` |
//! | `pkg:vscode-extension/ms-python/python` | `VSCode` | `ms-python.python` |
//! | `pkg:deb/debian/libssl3?distro=debian-12&upstream=openssl` | `Debian:12` | `openssl` |
//! | `pkg:apk/alpine/busybox?distro=alpine-3.20.3` | `Alpine:v3.20` | `busybox` |
//! | `pkg:rpm/rocky/curl?distro=rocky-9.3` | `Rocky Linux:9` | `curl` |
//!
//! Distribution advisories name source packages; a purl's `upstream` qualifier (as Syft writes
//! it) gives the source package of a binary one and is preferred when present.

use std::borrow::Cow;

use crate::{Ecosystem, EcosystemName, Purl, PurlError, normalize_name};

/// A package in an OSV ecosystem.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OsvPackage {
    /// The ecosystem, with its release where known.
    pub ecosystem: Ecosystem,
    /// The name, as OSV spells it in that ecosystem.
    pub name: String,
}

impl OsvPackage {
    /// The OSV package a purl names, if its type has an OSV ecosystem.
    pub fn from_purl(purl: &Purl) -> Option<Self> {
        let namespace = purl.namespace();
        let joined = |separator: &str| match namespace {
            Some(namespace) => format!("{namespace}{separator}{}", purl.name()),
            None => purl.name().to_owned(),
        };
        let simple = |name: EcosystemName| Some(Ecosystem::new(name));
        let (ecosystem, name) = match purl.package_type() {
            "cargo" => (simple(EcosystemName::CratesIo), purl.name().to_owned()),
            "npm" => (simple(EcosystemName::Npm), joined("/")),
            "pypi" => (simple(EcosystemName::PyPi), purl.name().to_owned()),
            "golang" => (simple(EcosystemName::Go), joined("/")),
            "maven" => (simple(EcosystemName::Maven), joined(":")),
            "nuget" => (simple(EcosystemName::NuGet), purl.name().to_owned()),
            "gem" => (simple(EcosystemName::RubyGems), purl.name().to_owned()),
            "composer" => (simple(EcosystemName::Packagist), joined("/")),
            "pub" => (simple(EcosystemName::Pub), purl.name().to_owned()),
            "hex" => (simple(EcosystemName::Hex), purl.name().to_owned()),
            "swift" => (simple(EcosystemName::SwiftUrl), joined("/")),
            "conan" => (simple(EcosystemName::ConanCenter), purl.name().to_owned()),
            "hackage" => (simple(EcosystemName::Hackage), purl.name().to_owned()),
            "cran" => (simple(EcosystemName::Cran), purl.name().to_owned()),
            "bitnami" => (simple(EcosystemName::Bitnami), purl.name().to_owned()),
            "opam" => (simple(EcosystemName::Opam), purl.name().to_owned()),
            "julia" => (simple(EcosystemName::Julia), purl.name().to_owned()),
            "vscode-extension" => (simple(EcosystemName::VsCode), joined(".")),
            "github" => (simple(EcosystemName::GitHubActions), joined("/")),
            "deb" | "apk" | "rpm" => (distribution_ecosystem(purl), source_name(purl)),
            _ => (None, String::new()),
        };
        Some(Self {
            ecosystem: ecosystem?,
            name,
        })
    }

    /// The purl of this package at `version`.
    pub fn to_purl(&self, version: Option<&str>) -> Result<Purl, PurlError> {
        purl_of(&self.ecosystem, &self.name, version)
    }

    /// The name in the form the ecosystem compares names.
    pub fn normalized_name(&self) -> Cow<'_, str> {
        normalize_name(self.ecosystem.name(), &self.name)
    }
}

/// The purl of the package `name` of `ecosystem` at `version` ([`OsvPackage::to_purl`], without
/// building an `OsvPackage`).
pub fn purl_of(
    ecosystem: &Ecosystem,
    name: &str,
    version: Option<&str>,
) -> Result<Purl, PurlError> {
    let kind = ecosystem.name();
    let package_type = kind.purl_type().ok_or_else(|| PurlError::TypeRule {
        package_type: "?".to_owned(),
        reason: format!("the OSV ecosystem `{ecosystem}` has no purl type"),
    })?;
    let (namespace, name) = match kind {
        EcosystemName::Maven => split_last(name, ':'),
        EcosystemName::VsCode => split_last(name, '.'),
        EcosystemName::Npm if !name.starts_with('@') => (None, name),
        EcosystemName::Npm
        | EcosystemName::Go
        | EcosystemName::Packagist
        | EcosystemName::SwiftUrl
        | EcosystemName::GitHubActions => split_last(name, '/'),
        _ => (distribution_namespace(kind), name),
    };
    let mut builder = Purl::builder(package_type, name);
    if let Some(namespace) = namespace {
        builder = builder.namespace(namespace);
    }
    if let Some(version) = version {
        // An RPM version `epoch:version-release` goes into a purl as `version-release`
        // with an `epoch` qualifier, as the purl specification's rpm type says.
        match version.split_once(':') {
            Some((epoch, rest))
                if package_type == "rpm"
                    && !epoch.is_empty()
                    && epoch.bytes().all(|byte| byte.is_ascii_digit()) =>
            {
                builder = builder.version(rest).qualifier("epoch", epoch);
            }
            _ => builder = builder.version(version),
        }
    }
    if let Some(distro) = distro_qualifier(ecosystem) {
        builder = builder.qualifier("distro", &distro);
    }
    builder.build()
}

fn split_last(name: &str, separator: char) -> (Option<&str>, &str) {
    match name.rsplit_once(separator) {
        Some((namespace, name)) => (Some(namespace), name),
        None => (None, name),
    }
}

/// The purl namespace (vendor) of a distribution ecosystem.
fn distribution_namespace(ecosystem: &EcosystemName) -> Option<&'static str> {
    Some(match ecosystem {
        EcosystemName::Debian => "debian",
        EcosystemName::Ubuntu => "ubuntu",
        EcosystemName::Alpine => "alpine",
        EcosystemName::Wolfi => "wolfi",
        EcosystemName::Chainguard => "chainguard",
        EcosystemName::RedHat => "redhat",
        EcosystemName::RockyLinux => "rocky",
        EcosystemName::AlmaLinux => "almalinux",
        EcosystemName::OpenSuse => "opensuse",
        EcosystemName::Suse => "suse",
        EcosystemName::PhotonOs => "photon",
        EcosystemName::AzureLinux => "azurelinux",
        EcosystemName::OpenEuler => "openeuler",
        EcosystemName::Mageia => "mageia",
        _ => return None,
    })
}

/// The OSV ecosystem of a `deb`, `apk` or `rpm` purl, from its namespace and `distro`.
fn distribution_ecosystem(purl: &Purl) -> Option<Ecosystem> {
    let vendor = purl.namespace()?;
    let distro = purl.qualifier("distro").unwrap_or_default();
    // `distro` is `<id>-<version>` (`debian-12`, `alpine-3.20.3`) or a code name (`bookworm`).
    let version = distro
        .rsplit_once('-')
        .map(|(_, version)| version)
        .filter(|version| version.starts_with(|c: char| c.is_ascii_digit()))
        .map(str::to_owned)
        .or_else(|| release_of_code_name(distro).map(str::to_owned));
    let id = match vendor {
        "redhat" => return Some(Ecosystem::new(EcosystemName::RedHat)),
        "opensuse" => return Some(Ecosystem::new(EcosystemName::OpenSuse)),
        "suse" | "sles" => return Some(Ecosystem::new(EcosystemName::Suse)),
        "rocky" | "rockylinux" => "rocky",
        "photon" | "photonos" => "photon",
        other => other,
    };
    Ecosystem::for_distribution(id, version.as_deref())
}

/// The source package a distribution purl names, else its own name.
fn source_name(purl: &Purl) -> String {
    let Some(upstream) = purl.qualifier("upstream") else {
        return purl.name().to_owned();
    };
    // Syft writes `upstream=openssl@3.0.11-1` for dpkg and apk, and the source RPM file name
    // (`curl-7.76.1-26.el9.src.rpm`) for RPM.
    if let Some(source_rpm) = upstream.strip_suffix(".src.rpm") {
        let mut parts = source_rpm.rsplitn(3, '-');
        if let (Some(_release), Some(_version), Some(name)) =
            (parts.next(), parts.next(), parts.next())
        {
            return name.to_owned();
        }
    }
    let name = upstream.split_once('@').map_or(upstream, |(name, _)| name);
    name.split_once(' ')
        .map_or(name, |(name, _)| name)
        .to_owned()
}

/// The `distro` qualifier for a release-qualified distribution ecosystem.
fn distro_qualifier(ecosystem: &Ecosystem) -> Option<String> {
    let suffix = ecosystem.suffix()?;
    let id = distribution_namespace(ecosystem.name())?;
    let release = match ecosystem.name() {
        EcosystemName::Ubuntu => suffix.trim_end_matches(":LTS"),
        EcosystemName::Alpine => suffix.trim_start_matches('v'),
        EcosystemName::RedHat | EcosystemName::OpenSuse | EcosystemName::Suse => return None,
        _ => suffix,
    };
    Some(format!("{id}-{release}"))
}

/// Debian and Ubuntu release code names, for `distro=bookworm`-style qualifiers.
fn release_of_code_name(code_name: &str) -> Option<&'static str> {
    Some(match code_name {
        "wheezy" => "7",
        "jessie" => "8",
        "stretch" => "9",
        "buster" => "10",
        "bullseye" => "11",
        "bookworm" => "12",
        "trixie" => "13",
        "forky" => "14",
        "trusty" => "14.04",
        "xenial" => "16.04",
        "bionic" => "18.04",
        "focal" => "20.04",
        "jammy" => "22.04",
        "noble" => "24.04",
        "plucky" => "25.04",
        "questing" => "25.10",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn osv(purl: &str) -> (String, String) {
        let package = OsvPackage::from_purl(&Purl::parse(purl).unwrap()).unwrap();
        (package.ecosystem.to_string(), package.name)
    }

    #[test]
    fn purls_map_to_osv_packages() {
        let cases = [
            (
                "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
                "Maven",
                "org.apache.logging.log4j:log4j-core",
            ),
            ("pkg:npm/%40types/node@20.0.0", "npm", "@types/node"),
            ("pkg:npm/lodash@4.17.20", "npm", "lodash"),
            (
                "pkg:golang/github.com/foo/bar@v1.0.0",
                "Go",
                "github.com/foo/bar",
            ),
            (
                "pkg:composer/laravel/framework@8.0.0",
                "Packagist",
                "laravel/framework",
            ),
            ("pkg:pypi/pyyaml@5.3", "PyPI", "pyyaml"),
            ("pkg:cargo/regex@1.5.4", "crates.io", "regex"),
            (
                "pkg:swift/github.com/apple/swift-nio@2.0.0",
                "SwiftURL",
                "github.com/apple/swift-nio",
            ),
            (
                "pkg:deb/debian/libssl3@3.0.11-1?distro=debian-12&upstream=openssl",
                "Debian:12",
                "openssl",
            ),
            (
                "pkg:deb/ubuntu/curl@7.81.0?distro=jammy",
                "Ubuntu:22.04:LTS",
                "curl",
            ),
            (
                "pkg:apk/alpine/busybox@1.36.1-r29?distro=alpine-3.20.3",
                "Alpine:v3.20",
                "busybox",
            ),
            (
                "pkg:rpm/rocky/curl-minimal@7.76.1?distro=rocky-9.3&upstream=curl-7.76.1-26.el9.src.rpm",
                "Rocky Linux:9",
                "curl",
            ),
        ];
        for (purl, ecosystem, name) in cases {
            assert_eq!(osv(purl), (ecosystem.to_owned(), name.to_owned()), "{purl}");
        }
        assert!(OsvPackage::from_purl(&Purl::parse("pkg:generic/openssl@3").unwrap()).is_none());
    }

    #[test]
    fn osv_packages_map_back_to_purls() {
        let cases = [
            (
                "Maven",
                "org.apache.logging.log4j:log4j-core",
                "pkg:maven/org.apache.logging.log4j/log4j-core@1",
            ),
            ("npm", "@types/node", "pkg:npm/%40types/node@1"),
            (
                "Go",
                "github.com/foo/bar",
                "pkg:golang/github.com/foo/bar@1",
            ),
            (
                "Debian:12",
                "openssl",
                "pkg:deb/debian/openssl@1?distro=debian-12",
            ),
            (
                "Ubuntu:22.04:LTS",
                "curl",
                "pkg:deb/ubuntu/curl@1?distro=ubuntu-22.04",
            ),
            (
                "Alpine:v3.20",
                "busybox",
                "pkg:apk/alpine/busybox@1?distro=alpine-3.20",
            ),
            (
                "VSCode",
                "ms-python.python",
                "pkg:vscode-extension/ms-python/python@1",
            ),
        ];
        for (ecosystem, name, purl) in cases {
            let package = OsvPackage {
                ecosystem: Ecosystem::parse(ecosystem),
                name: name.to_owned(),
            };
            let built = package.to_purl(Some("1")).unwrap();
            assert_eq!(built.to_string(), purl);
            let back = OsvPackage::from_purl(&built).unwrap();
            assert_eq!(back, package, "{purl}");
        }
    }

    #[test]
    fn rpm_epochs_become_a_qualifier() {
        let package = OsvPackage {
            ecosystem: Ecosystem::parse("Rocky Linux:9"),
            name: "bind-libs".to_owned(),
        };
        let purl = |version| package.to_purl(Some(version)).unwrap().to_string();
        assert_eq!(
            purl("32:9.16.23-18.el9"),
            "pkg:rpm/rocky/bind-libs@9.16.23-18.el9?distro=rocky-9&epoch=32"
        );
        assert_eq!(
            purl("9.16.23-18.el9"),
            "pkg:rpm/rocky/bind-libs@9.16.23-18.el9?distro=rocky-9"
        );
    }
}
