//! `pylock.toml` and `pylock.<name>.toml`, the standard Python lockfile (PEP 751,
//! `lock-version = "1.0"`).
//!
//! Every `[[packages]]` entry is a package: from an `index`, a `vcs` (with its commit), a
//! `directory` (the project itself when it is `.`), or an `archive`, with the hashes of its
//! `sdist`, `wheels` or archive. A marker that asks for a dependency group makes it a
//! development package; one that asks for an extra, an optional one. `dependencies`, when the
//! locker records them, become edges.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use steward_model::{Dependency, Hash, HashAlgorithm, Location, Relationship, Scope, Source};
use steward_purl::{EcosystemName, normalize_name};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern, toml_error};
use crate::python::{classify_by_manifest, package};
use crate::text::header_lines;

pub(crate) const FORMAT: Format = Format {
    id: "pylock-toml",
    names: &[
        NamePattern::Exact("pylock.toml"),
        NamePattern::Wildcard("pylock.", ".toml"),
    ],
    ecosystem: "PyPI",
    versions: "lock-version 1.0 (PEP 751)",
    reads: "packages, index/VCS (with commit)/directory/archive sources, sdist, wheel and archive hashes, development and optional scope from markers, dependency edges where recorded, direct dependencies from the `pyproject.toml` beside it",
    gaps: "markers are read only for `dependency_groups` and `extras`",
    extract,
};

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Lockfile {
    lock_version: Option<String>,
    #[serde(default)]
    packages: Vec<LockedPackage>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct LockedPackage {
    name: String,
    version: Option<String>,
    marker: Option<String>,
    index: Option<String>,
    vcs: Option<Vcs>,
    directory: Option<Directory>,
    archive: Option<Archive>,
    sdist: Option<Archive>,
    #[serde(default)]
    wheels: Vec<Archive>,
    #[serde(default)]
    dependencies: Vec<BTreeMap<String, toml::Value>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Vcs {
    url: Option<String>,
    path: Option<String>,
    requested_revision: Option<String>,
    commit_id: Option<String>,
}

#[derive(Deserialize)]
struct Directory {
    path: String,
}

#[derive(Deserialize)]
struct Archive {
    url: Option<String>,
    path: Option<String>,
    #[serde(default)]
    hashes: BTreeMap<String, String>,
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let lockfile: Lockfile =
        toml::from_str(input.text).map_err(|error| toml_error(input.text, &error))?;
    if let Some(version) = lockfile.lock_version.as_deref()
        && !version.starts_with("1.")
    {
        return Err(ExtractError::Unsupported(format!(
            "pylock lock-version {version} is not one steward knows (1.x)"
        )));
    }
    let lines = header_lines(input.text, "[[packages]]");
    let mut extracted = Extracted::default();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, locked) in lockfile.packages.iter().enumerate() {
        let location = Location::new(input.path, lines.get(index).copied());
        let mut package = package(&locked.name, locked.version.as_deref(), location);
        package.source = if let Some(vcs) = &locked.vcs {
            Source::Git {
                url: vcs
                    .url
                    .clone()
                    .or_else(|| vcs.path.clone())
                    .unwrap_or_default(),
                reference: vcs.requested_revision.clone(),
                commit: vcs.commit_id.clone(),
            }
        } else if let Some(directory) = &locked.directory {
            if directory.path == "." {
                package.relationship = Relationship::Root;
                Source::Workspace
            } else {
                Source::Path {
                    path: directory.path.clone(),
                }
            }
        } else if let Some(archive) = &locked.archive {
            match (&archive.url, &archive.path) {
                (Some(url), _) => Source::Url { url: url.clone() },
                (None, Some(path)) => Source::Path { path: path.clone() },
                (None, None) => Source::Unknown,
            }
        } else {
            Source::Registry {
                url: locked.index.clone(),
            }
        };
        package.scope = match locked.marker.as_deref() {
            Some(marker) if marker.contains("dependency_groups") => Scope::Development,
            Some(marker) if marker.contains("extras") => Scope::Optional,
            _ => Scope::Runtime,
        };
        for artifact in locked
            .archive
            .iter()
            .chain(&locked.sdist)
            .chain(&locked.wheels)
        {
            for (algorithm, value) in &artifact.hashes {
                let hash = Hash {
                    algorithm: HashAlgorithm::parse(algorithm),
                    value: value.to_ascii_lowercase(),
                };
                if !package.hashes.contains(&hash) {
                    package.hashes.push(hash);
                }
            }
        }
        by_name
            .entry(package.normalized_name.clone())
            .or_default()
            .push(index);
        extracted.packages.push(package);
    }
    for (from, locked) in lockfile.packages.iter().enumerate() {
        for dependency in &locked.dependencies {
            let Some(name) = dependency.get("name").and_then(toml::Value::as_str) else {
                continue;
            };
            let version = dependency.get("version").and_then(toml::Value::as_str);
            let normalized = normalize_name(&EcosystemName::PyPi, name);
            let targets = by_name
                .get(normalized.as_ref())
                .map(Vec::as_slice)
                .unwrap_or_default();
            for &to in targets {
                if version
                    .is_none_or(|version| lockfile.packages[to].version.as_deref() == Some(version))
                {
                    extracted.dependencies.push(Dependency { from, to });
                }
            }
        }
    }
    classify_by_manifest(input, &mut extracted, false);
    Ok(extracted)
}
