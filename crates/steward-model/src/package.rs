//! A package and what is known about it.

use std::fmt;

use serde::{Deserialize, Serialize};
use steward_purl::{Ecosystem, Purl, normalize_name, purl_of};

/// One package found in an input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    /// The OSV ecosystem (`npm`, `PyPI`, `crates.io`, `Debian:12`, …).
    pub ecosystem: Ecosystem,
    /// The name as the input writes it.
    pub name: String,
    /// The name as the ecosystem compares names (PEP 503 for PyPI, lower-case for NuGet, …).
    pub normalized_name: String,
    /// The exact version, where the input pins one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The requirement a manifest declares (`^1.2.3`, `>=2.0`), where it declares one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<String>,
    /// The package URL, where the package has an exact version and a purl type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purl: Option<Purl>,
    /// What the package is needed for.
    pub scope: Scope,
    /// Whether the project asks for it itself, or something it uses does.
    pub relationship: Relationship,
    /// Where it comes from.
    pub source: Source,
    /// Hashes the input records for it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hashes: Vec<Hash>,
    /// Licences the input records for it (SPDX expressions or names, as written).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub licenses: Vec<String>,
    /// The source package it was built from, where a distribution records one (Debian's
    /// `Source`, apk's `origin`): distribution advisories are keyed by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_package: Option<SourcePackage>,
    /// Where it was found.
    pub location: Location,
}

/// A distribution's source package.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SourcePackage {
    /// Its name.
    pub name: String,
    /// Its version, where it differs from the binary package's or is recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
}

/// What a package is needed for.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Needed to run the project.
    #[default]
    Runtime,
    /// Needed only to develop or test it.
    Development,
    /// Needed only for optional features, or only on some platforms.
    Optional,
    /// Needed only to build it (build scripts, compilers, provided at run time by others).
    Build,
    /// Expected to be provided by whoever uses the project (npm peer dependencies).
    Peer,
}

impl Scope {
    /// Which scope wins when one package is found in several: the lowest, the one needed most
    /// widely (run time, then optional, peer, build, development).
    pub fn precedence(self) -> u8 {
        match self {
            Self::Runtime => 0,
            Self::Optional => 1,
            Self::Peer => 2,
            Self::Build => 3,
            Self::Development => 4,
        }
    }
}

/// Whether the project depends on a package itself.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Relationship {
    /// The project itself, or one of its workspace members.
    Root,
    /// Declared by the project.
    Direct,
    /// Brought in by another package.
    Transitive,
    /// The input does not say.
    #[default]
    Unknown,
}

/// Where a package comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Source {
    /// A package registry; `url` when the input names one.
    Registry {
        /// The registry's address.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        url: Option<String>,
    },
    /// A git repository.
    Git {
        /// The repository's address.
        url: String,
        /// The branch, tag or other reference asked for.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
        /// The commit it resolved to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        commit: Option<String>,
    },
    /// A local directory or file.
    Path {
        /// The path, as the input writes it.
        path: String,
    },
    /// A direct download address (a tarball, a wheel).
    Url {
        /// The address.
        url: String,
    },
    /// The project itself or a workspace member.
    Workspace,
    /// The input does not say.
    #[default]
    Unknown,
}

/// A hash algorithm.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HashAlgorithm {
    /// MD5.
    Md5,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
    /// Another algorithm, named as the input names it (`go-h1`).
    #[serde(untagged)]
    Other(String),
}

impl HashAlgorithm {
    /// Reads an algorithm name (`sha256`, `SHA-256`, `sha512`, …).
    pub fn parse(name: &str) -> Self {
        match name.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "md5" => Self::Md5,
            "sha1" => Self::Sha1,
            "sha256" => Self::Sha256,
            "sha384" => Self::Sha384,
            "sha512" => Self::Sha512,
            _ => Self::Other(name.to_owned()),
        }
    }
}

impl fmt::Display for HashAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Md5 => "md5",
            Self::Sha1 => "sha1",
            Self::Sha256 => "sha256",
            Self::Sha384 => "sha384",
            Self::Sha512 => "sha512",
            Self::Other(name) => name,
        })
    }
}

/// A hash an input records. Standard algorithms hold lower-case hex; others hold the value
/// as written.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Hash {
    /// The algorithm.
    pub algorithm: HashAlgorithm,
    /// The digest.
    pub value: String,
}

/// Where in an input a package was found.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    /// The input's path, relative to the directory scanned (with `/`), or as given; in a root
    /// filesystem or image, the absolute path inside it.
    pub file: String,
    /// The 1-based line, where the format allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// In an image, the digest of the layer the file came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<String>,
    /// Inside an archive, the chain of entries from the file down to the one the package came
    /// from, outermost first (`WEB-INF/lib/a.jar`, then `META-INF/maven/…/pom.properties`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inside: Vec<String>,
}

impl Location {
    /// A location in `file` at `line`.
    pub fn new(file: &str, line: Option<u32>) -> Self {
        Self {
            file: file.to_owned(),
            line,
            layer: None,
            inside: Vec::new(),
        }
    }
}

impl Package {
    /// A package with the defaults: runtime scope, unknown relationship and source. The
    /// normalized name and the purl are derived from the ecosystem, name and version.
    pub fn new(
        ecosystem: Ecosystem,
        name: &str,
        version: Option<&str>,
        location: Location,
    ) -> Self {
        let normalized_name = normalize_name(ecosystem.name(), name).into_owned();
        let purl = version.and_then(|version| purl_of(&ecosystem, name, Some(version)).ok());
        Self {
            ecosystem,
            name: name.to_owned(),
            normalized_name,
            version: version.map(str::to_owned),
            requirement: None,
            purl,
            scope: Scope::default(),
            relationship: Relationship::default(),
            source: Source::default(),
            hashes: Vec::new(),
            licenses: Vec::new(),
            source_package: None,
            location,
        }
    }

    /// Adds a qualifier to the purl (`arch=amd64`), if there is a purl and the qualifier is
    /// valid for its type.
    pub fn add_purl_qualifier(&mut self, key: &str, value: &str) {
        let Some(purl) = &self.purl else {
            return;
        };
        let mut builder = Purl::builder(purl.package_type(), purl.name());
        if let Some(namespace) = purl.namespace() {
            builder = builder.namespace(namespace);
        }
        if let Some(version) = purl.version() {
            builder = builder.version(version);
        }
        for (existing, existing_value) in purl.qualifiers() {
            builder = builder.qualifier(existing, existing_value);
        }
        if let Some(subpath) = purl.subpath() {
            builder = builder.subpath(subpath);
        }
        if let Ok(updated) = builder.qualifier(key, value).build() {
            self.purl = Some(updated);
        }
    }

    /// Moves the package to another ecosystem (a distribution's release, once known), with the
    /// normalized name and purl that follow; the purl keeps its other qualifiers (`arch`).
    pub fn set_ecosystem(&mut self, ecosystem: Ecosystem) {
        let previous = self.purl.take();
        let updated = Self::new(
            ecosystem,
            &self.name,
            self.version.as_deref(),
            Location::default(),
        );
        self.ecosystem = updated.ecosystem;
        self.normalized_name = updated.normalized_name;
        self.purl = updated.purl;
        for (key, value) in previous.iter().flat_map(Purl::qualifiers) {
            if self
                .purl
                .as_ref()
                .is_some_and(|purl| purl.qualifier(key).is_none())
            {
                self.add_purl_qualifier(key, value);
            }
        }
    }

    /// Sets the version, and the purl that follows from it.
    pub fn set_version(&mut self, version: &str) {
        let updated = Self::new(
            self.ecosystem.clone(),
            &self.name,
            Some(version),
            Location::default(),
        );
        self.version = updated.version;
        self.purl = updated.purl;
    }

    /// Sets the scope.
    #[must_use]
    pub fn with_scope(mut self, scope: Scope) -> Self {
        self.scope = scope;
        self
    }

    /// Sets the relationship.
    #[must_use]
    pub fn with_relationship(mut self, relationship: Relationship) -> Self {
        self.relationship = relationship;
        self
    }

    /// Sets the source.
    #[must_use]
    pub fn with_source(mut self, source: Source) -> Self {
        self.source = source;
        self
    }

    /// Sets the declared requirement.
    #[must_use]
    pub fn with_requirement(mut self, requirement: Option<&str>) -> Self {
        self.requirement = requirement.map(str::to_owned);
        self
    }

    /// Adds a hash.
    #[must_use]
    pub fn with_hash(mut self, algorithm: HashAlgorithm, value: &str) -> Self {
        self.hashes.push(Hash {
            algorithm,
            value: value.to_owned(),
        });
        self
    }

    /// The key packages are sorted by: where they came from, then what they are.
    pub(crate) fn sort_key(&self) -> (&Location, &str, &str, Option<&str>, Option<&str>, Scope) {
        (
            &self.location,
            self.ecosystem.name().as_str(),
            &self.normalized_name,
            self.version.as_deref(),
            self.requirement.as_deref(),
            self.scope,
        )
    }
}

#[cfg(test)]
mod tests {
    use steward_purl::EcosystemName;

    use super::*;

    #[test]
    fn a_new_package_derives_its_normalized_name_and_purl() {
        let package = Package::new(
            Ecosystem::new(EcosystemName::PyPi),
            "Zope.Interface",
            Some("6.0"),
            Location::new("requirements.txt", Some(3)),
        );
        assert_eq!(package.normalized_name, "zope-interface");
        assert_eq!(
            package.purl.as_ref().map(ToString::to_string).as_deref(),
            // The purl type keeps dots; only PEP 503 comparison folds them.
            Some("pkg:pypi/zope.interface@6.0")
        );
        let declared = Package::new(
            Ecosystem::new(EcosystemName::Npm),
            "@types/node",
            None,
            Location::new("package.json", None),
        );
        assert!(declared.purl.is_none());
    }

    #[test]
    fn serializes_with_stable_field_names() {
        let package = Package::new(
            Ecosystem::new(EcosystemName::Npm),
            "lodash",
            Some("4.17.21"),
            Location::new("package-lock.json", Some(10)),
        )
        .with_source(Source::Registry { url: None })
        .with_hash(HashAlgorithm::Sha512, "abcd");
        let json = serde_json::to_value(&package).unwrap();
        assert_eq!(json["ecosystem"], "npm");
        assert_eq!(json["purl"], "pkg:npm/lodash@4.17.21");
        assert_eq!(json["source"]["kind"], "registry");
        assert_eq!(json["hashes"][0]["algorithm"], "sha512");
        assert_eq!(json["relationship"], "unknown");
        let back: Package = serde_json::from_value(json).unwrap();
        assert_eq!(back, package);
    }
}
