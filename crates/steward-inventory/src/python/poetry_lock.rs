//! `poetry.lock`, lock versions 1.x and 2.x.
//!
//! Every `[[package]]` is a package, with its `files` hashes (`[metadata.files]` in 1.x), its
//! `[package.source]` (git, URL, file, directory, or another index), and the names of its
//! dependencies. Scope comes from `groups` (2.x: `main` is run time, any other group
//! development) or `category` (1.x), and `optional = true` marks extras. Direct dependencies
//! are those the `pyproject.toml` beside the lockfile declares.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use steward_model::{Dependency, Location, Scope, Source};
use steward_purl::{EcosystemName, normalize_name};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern, toml_error};
use crate::python::{classify_by_manifest, hash, package};
use crate::text::header_lines;

pub(crate) const FORMAT: Format = Format {
    id: "poetry-lock",
    names: &[NamePattern::Exact("poetry.lock")],
    ecosystem: "PyPI",
    versions: "lock-version 1.0–2.1",
    reads: "packages, scope from `groups`/`category` and `optional`, file hashes, git/URL/file/directory/index sources, dependency edges, direct dependencies from the `pyproject.toml` beside it",
    gaps: "environment markers are not evaluated: packages for every platform are listed",
    extract,
};

#[derive(Deserialize)]
struct Lockfile {
    #[serde(default)]
    package: Vec<LockedPackage>,
    #[serde(default)]
    metadata: Metadata,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Metadata {
    lock_version: Option<String>,
    /// 1.x: file hashes by package name.
    #[serde(default)]
    files: BTreeMap<String, Vec<File>>,
}

#[derive(Deserialize)]
struct LockedPackage {
    name: String,
    version: String,
    #[serde(default)]
    optional: bool,
    category: Option<String>,
    groups: Option<Vec<String>>,
    #[serde(default)]
    files: Vec<File>,
    source: Option<PackageSource>,
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
}

#[derive(Deserialize)]
struct File {
    hash: Option<String>,
}

#[derive(Deserialize)]
struct PackageSource {
    #[serde(rename = "type")]
    kind: Option<String>,
    url: Option<String>,
    reference: Option<String>,
    resolved_reference: Option<String>,
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let lockfile: Lockfile =
        toml::from_str(input.text).map_err(|error| toml_error(input.text, &error))?;
    if let Some(version) = &lockfile.metadata.lock_version
        && !(version.starts_with("1.") || version.starts_with("2."))
    {
        return Err(ExtractError::Unsupported(format!(
            "poetry.lock lock-version {version} is not one steward knows (1.x, 2.x)"
        )));
    }
    let lines = header_lines(input.text, "[[package]]");
    let mut extracted = Extracted::default();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    let mut scoped = false;
    for (index, locked) in lockfile.package.iter().enumerate() {
        let location = Location::new(input.path, lines.get(index).copied());
        let mut package = package(&locked.name, Some(&locked.version), location).with_source(
            locked
                .source
                .as_ref()
                .map_or(Source::Registry { url: None }, source),
        );
        let scope = match (&locked.groups, locked.category.as_deref()) {
            (Some(groups), _) if groups.iter().any(|group| group == "main") => Some(Scope::Runtime),
            (Some(groups), _) if !groups.is_empty() => Some(Scope::Development),
            (_, Some("dev")) => Some(Scope::Development),
            (_, Some(_)) => Some(Scope::Runtime),
            _ => None,
        };
        scoped |= scope.is_some();
        package.scope = match scope {
            Some(Scope::Runtime) if locked.optional => Scope::Optional,
            Some(scope) => scope,
            None => Scope::Runtime,
        };
        let legacy_files = lockfile
            .metadata
            .files
            .iter()
            .find(|(name, _)| normalize_name(&EcosystemName::PyPi, name) == package.normalized_name)
            .map(|(_, files)| files.as_slice())
            .unwrap_or_default();
        for file in locked.files.iter().chain(legacy_files) {
            if let Some(hash) = file.hash.as_deref().and_then(hash)
                && !package.hashes.contains(&hash)
            {
                package.hashes.push(hash);
            }
        }
        by_name
            .entry(package.normalized_name.clone())
            .or_default()
            .push(index);
        extracted.packages.push(package);
    }
    for (from, locked) in lockfile.package.iter().enumerate() {
        for name in locked.dependencies.keys() {
            let normalized = normalize_name(&EcosystemName::PyPi, name);
            // A name locked at several versions (for different markers) has an edge to each.
            // Dependencies for other platforms or extras are often left out of the lockfile.
            if let Some(targets) = by_name.get(normalized.as_ref()) {
                extracted
                    .dependencies
                    .extend(targets.iter().map(|&to| Dependency { from, to }));
            }
        }
    }
    classify_by_manifest(input, &mut extracted, !scoped);
    Ok(extracted)
}

/// `[package.source]`: `git` (with the resolved commit), `url`, `file`, `directory`, or
/// `legacy` (another index).
fn source(source: &PackageSource) -> Source {
    let url = source.url.clone().unwrap_or_default();
    match source.kind.as_deref() {
        Some("git") => Source::Git {
            url,
            reference: source.reference.clone(),
            commit: source.resolved_reference.clone(),
        },
        Some("url") => Source::Url { url },
        Some("file" | "directory") => Source::Path { path: url },
        _ => Source::Registry {
            url: source.url.clone(),
        },
    }
}
