//! `pubspec.lock`, the Dart and Flutter lockfile.
//!
//! `packages` maps each package to its `version`, `source` (`hosted` from a package server,
//! `git` at a resolved commit, `path`, or `sdk` for packages that ship with Flutter or Dart),
//! `description` (with the archive's `sha256` for hosted ones) and `dependency`: `direct main`,
//! `direct dev`, `direct overridden` or `transitive`.

use std::collections::BTreeMap;

use serde::Deserialize;
use steward_model::{HashAlgorithm, Location, Package, Relationship, Scope, Source};
use steward_purl::{Ecosystem, EcosystemName};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};

pub(crate) const FORMAT: Format = Format {
    id: "pubspec-lock",
    names: &[NamePattern::Exact("pubspec.lock")],
    ecosystem: "Pub",
    versions: "all (Dart 2 and 3)",
    reads: "packages, direct (main, dev, overridden) and transitive, development scope, hosted (with the server and `sha256`), git (with the resolved commit), path and SDK sources",
    gaps: "`pubspec.lock` records no dependency edges, so transitive packages of development dependencies are not told apart",
    extract,
};

#[derive(Debug, Deserialize)]
struct Lockfile {
    #[serde(default)]
    packages: BTreeMap<String, Locked>,
}

#[derive(Debug, Deserialize)]
struct Locked {
    dependency: Option<String>,
    /// A map, or (in old lockfiles) the package name for SDK packages.
    description: Option<serde_json::Value>,
    source: Option<String>,
    version: Option<String>,
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let lockfile: Lockfile = crate::yaml::from_str(input.text)?;
    let lines = crate::yaml::section_key_lines(input.text, "packages:");
    let mut extracted = Extracted::default();
    for (name, locked) in &lockfile.packages {
        let field = |key: &str| {
            locked
                .description
                .as_ref()
                .and_then(|description| description.get(key))
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        };
        let source = match locked.source.as_deref() {
            Some("hosted") => Source::Registry { url: field("url") },
            Some("git") => Source::Git {
                url: field("url").unwrap_or_default(),
                reference: field("ref"),
                commit: field("resolved-ref"),
            },
            Some("path") => Source::Path {
                path: field("path").unwrap_or_default(),
            },
            _ => Source::Unknown,
        };
        let mut package = Package::new(
            Ecosystem::new(EcosystemName::Pub),
            name,
            locked.version.as_deref(),
            Location::new(input.path, lines.get(name.as_str()).copied()),
        )
        .with_source(source);
        (package.relationship, package.scope) = match locked.dependency.as_deref() {
            Some("direct main" | "direct overridden") => (Relationship::Direct, Scope::Runtime),
            Some("direct dev") => (Relationship::Direct, Scope::Development),
            Some("transitive") => (Relationship::Transitive, Scope::Runtime),
            _ => (Relationship::Unknown, Scope::Runtime),
        };
        if let Some(sha256) = field("sha256") {
            package = package.with_hash(HashAlgorithm::Sha256, &sha256.to_ascii_lowercase());
        }
        extracted.packages.push(package);
    }
    Ok(extracted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_yaml_subset_reader_reads_every_corpus_lockfile() {
        crate::yaml::tests::subset_reads_the_corpus::<Lockfile>("pubspec.lock", |_| true);
    }
}
