//! `pdm.lock`, PDM's lockfile (`lock_version` 4.x).
//!
//! Every `[[package]]` is a package with its `files` hashes, its dependencies as PEP 508
//! strings, and the `groups` that need it: `default` is run time; an extra of the project
//! (`[project.optional-dependencies]` of the `pyproject.toml` beside it) is optional; any other
//! group is development. A package listed again for an extra (`extras = [...]`) is the same
//! package. Git, URL and path packages carry their source.

use std::collections::HashMap;

use serde::Deserialize;
use steward_model::{Dependency, Location, Scope, Source};
use steward_purl::{EcosystemName, normalize_name};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern, toml_error};
use crate::graph;
use crate::python::{
    classify_by_manifest, hash, package, parse_requirement, pyproject, url_source,
};
use crate::text::header_lines;

pub(crate) const FORMAT: Format = Format {
    id: "pdm-lock",
    names: &[NamePattern::Exact("pdm.lock")],
    ecosystem: "PyPI",
    versions: "lock_version 4.x",
    reads: "packages, scope from `groups` (extras as optional, other groups as development), file hashes, git (with revision)/URL/path sources, dependency edges, direct dependencies from the `pyproject.toml` beside it",
    gaps: "environment markers are not evaluated",
    extract,
};

#[derive(Deserialize)]
struct Lockfile {
    #[serde(default)]
    metadata: Metadata,
    #[serde(default)]
    package: Vec<LockedPackage>,
}

#[derive(Default, Deserialize)]
struct Metadata {
    lock_version: Option<String>,
}

#[derive(Deserialize)]
struct LockedPackage {
    name: String,
    version: Option<String>,
    #[serde(default)]
    groups: Vec<String>,
    #[serde(default)]
    dependencies: Vec<String>,
    #[serde(default)]
    files: Vec<File>,
    git: Option<String>,
    #[serde(rename = "ref")]
    reference: Option<String>,
    revision: Option<String>,
    url: Option<String>,
    path: Option<String>,
}

#[derive(Deserialize)]
struct File {
    hash: Option<String>,
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let lockfile: Lockfile =
        toml::from_str(input.text).map_err(|error| toml_error(input.text, &error))?;
    if let Some(version) = lockfile.metadata.lock_version.as_deref()
        && !version.starts_with("4.")
    {
        return Err(ExtractError::Unsupported(format!(
            "pdm.lock lock_version {version} is not one steward knows (4.x)"
        )));
    }
    let manifest = pyproject::beside(input);
    let extras: Vec<&str> = manifest
        .as_ref()
        .map(pyproject::Manifest::extras)
        .unwrap_or_default();
    let lines = header_lines(input.text, "[[package]]");
    let mut extracted = Extracted::default();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, locked) in lockfile.package.iter().enumerate() {
        let location = Location::new(input.path, lines.get(index).copied());
        let source = if let Some(url) = &locked.git {
            Source::Git {
                url: url.clone(),
                reference: locked.reference.clone(),
                commit: locked.revision.clone(),
            }
        } else if let Some(url) = &locked.url {
            url_source(url)
        } else if let Some(path) = &locked.path {
            Source::Path { path: path.clone() }
        } else {
            Source::Registry { url: None }
        };
        let mut package =
            package(&locked.name, locked.version.as_deref(), location).with_source(source);
        package.scope = locked
            .groups
            .iter()
            .map(|group| match group.as_str() {
                "default" => Scope::Runtime,
                extra if extras.contains(&extra) => Scope::Optional,
                _ => Scope::Development,
            })
            .min_by_key(|scope| scope.precedence())
            .unwrap_or(Scope::Runtime);
        package.hashes = locked
            .files
            .iter()
            .filter_map(|file| hash(file.hash.as_deref()?))
            .collect();
        by_name
            .entry(package.normalized_name.clone())
            .or_default()
            .push(index);
        extracted.packages.push(package);
    }
    for (from, locked) in lockfile.package.iter().enumerate() {
        for dependency in &locked.dependencies {
            let Ok(requirement) = parse_requirement(dependency) else {
                extracted.skipped.push(format!(
                    "the dependency `{dependency}` of {} is not a PEP 508 requirement",
                    locked.name
                ));
                continue;
            };
            let normalized = normalize_name(&EcosystemName::PyPi, requirement.name);
            if let Some(targets) = by_name.get(normalized.as_ref()) {
                extracted.dependencies.extend(
                    targets
                        .iter()
                        .filter(|&&to| to != from)
                        .map(|&to| Dependency { from, to }),
                );
            }
        }
    }
    classify_by_manifest(input, &mut extracted, false);
    graph::merge_duplicates(&mut extracted);
    Ok(extracted)
}
