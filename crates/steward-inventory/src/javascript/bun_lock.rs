//! `bun.lock`, Bun's text lockfile (JSON with trailing commas), `lockfileVersion` 0 and 1.
//!
//! `packages` maps install paths (`chalk`, or `chalk/ansi-styles` for a copy nested under
//! `chalk`) to arrays whose first element is `name@resolution`: `name@1.0.0` from a registry
//! (then the registry, metadata with dependencies, and the integrity), or `name@workspace:…`,
//! `name@github:…`, `name@git+…`, `name@file:…`, `name@link:…`, or a tarball URL. Dependencies
//! resolve like Node: the nearest copy up the install path. `workspaces` says what each
//! workspace declares: the direct dependencies and their scopes. The binary `bun.lockb` is
//! not read.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use steward_model::{Dependency, Location, Package, Relationship, Scope, Source};
use steward_purl::{Ecosystem, EcosystemName};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::graph;
use crate::javascript::{integrity_hashes, npm_source, package_json};
use crate::json_lines::key_lines;
use crate::jsonc;

pub(crate) const FORMAT: Format = Format {
    id: "bun-lock",
    names: &[NamePattern::Exact("bun.lock")],
    ecosystem: "npm",
    versions: "lockfileVersion 0–1 (text `bun.lock`)",
    reads: "packages (nested copies as one package), workspaces as roots, direct vs transitive and dev/optional/peer scope from `workspaces`, registry/git/GitHub/file/link/tarball sources, integrity hashes, dependency edges",
    gaps: "the binary `bun.lockb` is not read (Bun writes `bun.lock` since 1.2)",
    extract,
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Lockfile {
    lockfile_version: Option<u32>,
    #[serde(default)]
    workspaces: BTreeMap<String, Workspace>,
    #[serde(default)]
    packages: BTreeMap<String, Vec<serde_json::Value>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Workspace {
    name: Option<String>,
    version: Option<String>,
    #[serde(default)]
    dependencies: BTreeMap<String, String>,
    #[serde(default)]
    dev_dependencies: BTreeMap<String, String>,
    #[serde(default)]
    optional_dependencies: BTreeMap<String, String>,
    #[serde(default)]
    peer_dependencies: BTreeMap<String, String>,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metadata {
    #[serde(default)]
    dependencies: BTreeMap<String, String>,
    #[serde(default)]
    optional_dependencies: BTreeMap<String, String>,
    #[serde(default)]
    peer_dependencies: BTreeMap<String, String>,
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let json = jsonc::to_json(input.text);
    let lockfile: Lockfile = serde_json::from_str(&json)?;
    if let Some(version) = lockfile.lockfile_version.filter(|version| *version > 1) {
        return Err(ExtractError::Unsupported(format!(
            "bun.lock lockfileVersion {version} is newer than steward knows (0 and 1)"
        )));
    }
    let lines = key_lines(&json, &["packages"]);
    let mut extracted = Extracted::default();
    let mut by_path: HashMap<&str, usize> = HashMap::new();
    let mut dependencies_of: Vec<(&str, Metadata)> = Vec::new();
    for (path, entry) in &lockfile.packages {
        let Some(identifier) = entry.first().and_then(serde_json::Value::as_str) else {
            extracted
                .skipped
                .push(format!("the package `{path}` has no `name@version`"));
            continue;
        };
        let (name, resolution) = split_identifier(identifier);
        let location = Location::new(input.path, lines.get(path.as_str()).copied());
        let (version, source) = origin(resolution, entry);
        let mut package = Package::new(
            Ecosystem::new(EcosystemName::Npm),
            name,
            version.as_deref(),
            location,
        )
        .with_source(source);
        if let Some(directory) = resolution.strip_prefix("workspace:") {
            package.relationship = Relationship::Root;
            if let Some(version) = lockfile
                .workspaces
                .get(directory)
                .and_then(|workspace| workspace.version.as_deref())
            {
                package.set_version(version);
            }
        }
        // Registry packages: [id, registry, metadata, integrity].
        if let Some(integrity) = entry
            .get(3)
            .and_then(serde_json::Value::as_str)
            .filter(|_| is_registry(resolution))
        {
            match integrity_hashes(integrity) {
                Ok(hashes) => package.hashes = hashes,
                Err(error) => extracted.skipped.push(format!("`{path}`: {error}")),
            }
        }
        let metadata = entry
            .iter()
            .skip(1)
            .find(|value| value.is_object())
            .and_then(|value| Metadata::deserialize(value).ok())
            .unwrap_or_default();
        by_path.insert(path.as_str(), extracted.packages.len());
        dependencies_of.push((path.as_str(), metadata));
        extracted.packages.push(package);
    }
    let resolve = |from: &str, name: &str| -> Option<usize> {
        let mut base = from;
        loop {
            let candidate = if base.is_empty() {
                name.to_owned()
            } else {
                format!("{base}/{name}")
            };
            if let Some(&index) = by_path.get(candidate.as_str()) {
                return Some(index);
            }
            if base.is_empty() {
                return None;
            }
            base = parent(base);
        }
    };
    for (from, (path, metadata)) in dependencies_of.iter().enumerate() {
        for name in metadata
            .dependencies
            .keys()
            .chain(metadata.optional_dependencies.keys())
        {
            match resolve(path, name) {
                Some(to) => extracted.dependencies.push(Dependency { from, to }),
                None => extracted.skipped.push(format!(
                    "the dependency `{name}` of `{path}` is not in the lockfile"
                )),
            }
        }
        // Peer dependencies are often left to the project, and then not installed.
        for name in metadata.peer_dependencies.keys() {
            if let Some(to) = resolve(path, name) {
                extracted.dependencies.push(Dependency { from, to });
            }
        }
    }
    let mut root_edges = Vec::new();
    for (directory, workspace) in &lockfile.workspaces {
        // A workspace's own copies sit under its name; the rest are hoisted to the top.
        let base = workspace
            .name
            .as_deref()
            .filter(|_| !directory.is_empty())
            .unwrap_or("");
        let root = workspace
            .name
            .as_deref()
            .and_then(|name| by_path.get(name).copied());
        for (section, scope) in [
            (&workspace.dependencies, Scope::Runtime),
            (&workspace.optional_dependencies, Scope::Optional),
            (&workspace.peer_dependencies, Scope::Peer),
            (&workspace.dev_dependencies, Scope::Development),
        ] {
            for (name, specification) in section {
                let (real_name, _, _) = package_json::specification(name, specification);
                let target = resolve(base, name).or_else(|| resolve(base, real_name));
                match target {
                    Some(to) => {
                        root_edges.push((to, scope));
                        if let Some(from) = root.filter(|&from| from != to) {
                            extracted.dependencies.push(Dependency { from, to });
                        }
                    }
                    None if scope == Scope::Peer => {}
                    None => extracted.skipped.push(format!(
                        "the dependency `{name}` of the workspace `{}` is not in the lockfile",
                        if directory.is_empty() { "." } else { directory }
                    )),
                }
            }
        }
    }
    extracted.dependencies.sort_unstable();
    extracted.dependencies.dedup();
    graph::assign_scopes(&mut extracted, &root_edges);
    let mut direct: Vec<usize> = root_edges.iter().map(|(to, _)| *to).collect();
    direct.extend(graph::direct_by_edges(&extracted));
    graph::assign_relationships(&mut extracted, &direct);
    graph::merge_duplicates(&mut extracted);
    Ok(extracted)
}

/// `name@resolution`; the name may be scoped (`@scope/name@1.0.0`).
fn split_identifier(identifier: &str) -> (&str, &str) {
    match identifier.get(1..).and_then(|rest| rest.find('@')) {
        Some(at) => (&identifier[..=at], &identifier[at + 2..]),
        None => (identifier, ""),
    }
}

/// Whether a resolution is a registry version (and the entry then carries an integrity).
fn is_registry(resolution: &str) -> bool {
    !resolution.contains(':') && !resolution.contains('/')
}

/// The install path of the package a copy is nested under (`a/@s/b` → `a`).
fn parent(path: &str) -> &str {
    let Some(slash) = path.rfind('/') else {
        return "";
    };
    let before = &path[..slash];
    match before.rfind('/') {
        Some(previous) if before[previous + 1..].starts_with('@') => &path[..previous],
        None if before.starts_with('@') => "",
        _ => before,
    }
}

/// The version and source a resolution gives.
fn origin(resolution: &str, entry: &[serde_json::Value]) -> (Option<String>, Source) {
    if is_registry(resolution) {
        let registry = entry
            .get(1)
            .and_then(serde_json::Value::as_str)
            .filter(|registry| !registry.is_empty())
            .map(|registry| registry.trim_end_matches('/').to_owned());
        return (
            Some(resolution.to_owned()),
            Source::Registry { url: registry },
        );
    }
    if resolution.starts_with("workspace:") {
        return (None, Source::Workspace);
    }
    for prefix in ["file:", "link:"] {
        if let Some(path) = resolution.strip_prefix(prefix) {
            return (
                None,
                Source::Path {
                    path: path.to_owned(),
                },
            );
        }
    }
    // `github:owner/repo#sha`, `git+https://…#sha`, or a tarball URL.
    (None, npm_source(resolution))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_of_install_paths() {
        assert_eq!(parent("a"), "");
        assert_eq!(parent("a/b"), "a");
        assert_eq!(parent("@s/a"), "");
        assert_eq!(parent("@s/a/b"), "@s/a");
        assert_eq!(parent("a/@s/b"), "a");
        assert_eq!(parent("@s/a/@t/b"), "@s/a");
        assert_eq!(split_identifier("@s/a@1.0.0"), ("@s/a", "1.0.0"));
    }
}
