//! `uv.lock`, uv's lockfile (`version = 1`).
//!
//! Every `[[package]]` is a package with its `source` (`registry`, `git` with the commit after
//! `#`, `url`, `path`, `directory`, or `editable`/`virtual` for the workspace's own members,
//! which are roots) and the hashes of its `sdist` and `wheels`. Dependencies name packages,
//! with `version` and `source` added where a name is locked more than once. The roots'
//! `optional-dependencies` (extras) and `dev-dependencies` (groups) give the scopes.

use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use steward_model::{Dependency, Location, Relationship, Scope, Source};
use steward_purl::{EcosystemName, normalize_name};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern, toml_error};
use crate::graph;
use crate::python::{hash, package};
use crate::text::header_lines;

pub(crate) const FORMAT: Format = Format {
    id: "uv-lock",
    names: &[NamePattern::Exact("uv.lock")],
    ecosystem: "PyPI",
    versions: "version 1 (revisions 1–3)",
    reads: "packages, workspace members (editable and virtual) as roots, registry/git (with commit)/URL/path sources, sdist and wheel hashes, dependency edges, dev and optional scopes from the members' groups and extras",
    gaps: "environment markers are not evaluated: packages for every platform are listed",
    extract,
};

#[derive(Deserialize)]
struct Lockfile {
    version: Option<u32>,
    #[serde(default)]
    package: Vec<LockedPackage>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct LockedPackage {
    name: String,
    version: Option<String>,
    #[serde(default)]
    source: BTreeMap<String, String>,
    #[serde(default)]
    dependencies: Vec<Requirement>,
    #[serde(default)]
    optional_dependencies: BTreeMap<String, Vec<Requirement>>,
    #[serde(default)]
    dev_dependencies: BTreeMap<String, Vec<Requirement>>,
    sdist: Option<Artifact>,
    #[serde(default)]
    wheels: Vec<Artifact>,
}

#[derive(Deserialize)]
struct Requirement {
    name: String,
    version: Option<String>,
    #[serde(default)]
    source: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct Artifact {
    hash: Option<String>,
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let lockfile: Lockfile =
        toml::from_str(input.text).map_err(|error| toml_error(input.text, &error))?;
    if let Some(version) = lockfile.version.filter(|version| *version != 1) {
        return Err(ExtractError::Unsupported(format!(
            "uv.lock version {version} is not one steward knows (1)"
        )));
    }
    let lines = header_lines(input.text, "[[package]]");
    let mut extracted = Extracted::default();
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (index, locked) in lockfile.package.iter().enumerate() {
        let location = Location::new(input.path, lines.get(index).copied());
        let (source, root) = source(&locked.source);
        let mut package =
            package(&locked.name, locked.version.as_deref(), location).with_source(source);
        if root {
            package.relationship = Relationship::Root;
        }
        package.hashes = locked
            .sdist
            .iter()
            .chain(&locked.wheels)
            .filter_map(|artifact| hash(artifact.hash.as_deref()?))
            .collect();
        by_name
            .entry(package.normalized_name.clone())
            .or_default()
            .push(index);
        extracted.packages.push(package);
    }
    let resolve = |requirement: &Requirement| -> Option<usize> {
        let normalized = normalize_name(&EcosystemName::PyPi, &requirement.name);
        let candidates = by_name.get(normalized.as_ref())?;
        candidates.iter().copied().find(|&candidate| {
            let locked = &lockfile.package[candidate];
            requirement
                .version
                .as_ref()
                .is_none_or(|version| locked.version.as_ref() == Some(version))
                && (requirement.source.is_empty() || requirement.source == locked.source)
        })
    };
    let mut root_edges = Vec::new();
    for (from, locked) in lockfile.package.iter().enumerate() {
        let is_root = extracted.packages[from].relationship == Relationship::Root;
        let groups = [(
            locked.dependencies.iter().collect::<Vec<_>>(),
            Scope::Runtime,
        )]
        .into_iter()
        .chain([(
            locked.optional_dependencies.values().flatten().collect(),
            Scope::Optional,
        )])
        .chain([(
            locked.dev_dependencies.values().flatten().collect(),
            Scope::Development,
        )]);
        for (requirements, scope) in groups {
            for requirement in requirements {
                match resolve(requirement) {
                    Some(to) => {
                        extracted.dependencies.push(Dependency { from, to });
                        if is_root {
                            root_edges.push((to, scope));
                        }
                    }
                    None => extracted.skipped.push(format!(
                        "the dependency `{}` of {} is not in the lockfile",
                        requirement.name, locked.name
                    )),
                }
            }
        }
    }
    extracted.dependencies.retain(|edge| edge.from != edge.to);
    extracted.dependencies.sort_unstable();
    extracted.dependencies.dedup();
    // Roots depending on each other (workspace members) stay roots.
    root_edges.retain(|(to, _)| extracted.packages[*to].relationship != Relationship::Root);
    graph::assign_scopes(&mut extracted, &root_edges);
    let direct: Vec<usize> = root_edges.iter().map(|(to, _)| *to).collect();
    graph::assign_relationships(&mut extracted, &direct);
    Ok(extracted)
}

/// A `source` table and whether it makes the package a workspace member.
fn source(table: &BTreeMap<String, String>) -> (Source, bool) {
    let get = |key: &str| table.get(key).cloned();
    if let Some(url) = get("registry") {
        return (Source::Registry { url: Some(url) }, false);
    }
    if let Some(git) = get("git") {
        // `https://host/repo?rev=…#commit`
        let (location, commit) = match git.split_once('#') {
            Some((location, commit)) => (location.to_owned(), Some(commit.to_owned())),
            None => (git.clone(), None),
        };
        let (url, reference) = match location.split_once('?') {
            Some((url, query)) => (
                url.to_owned(),
                query.split('&').find_map(|pair| {
                    let (key, value) = pair.split_once('=')?;
                    matches!(key, "rev" | "tag" | "branch").then(|| value.to_owned())
                }),
            ),
            None => (location, None),
        };
        return (
            Source::Git {
                url,
                reference,
                commit,
            },
            false,
        );
    }
    if let Some(url) = get("url") {
        return (Source::Url { url }, false);
    }
    if let Some(path) = get("editable").or_else(|| get("virtual")) {
        let member = !path.starts_with("..") && !path.starts_with('/');
        return if member {
            (Source::Workspace, true)
        } else {
            (Source::Path { path }, false)
        };
    }
    if let Some(path) = get("path").or_else(|| get("directory")) {
        return (Source::Path { path }, false);
    }
    (Source::Unknown, false)
}
