//! `conan.lock`, Conan's lockfile: Conan 2 (`"version": "0.5"`, lists of references) and
//! Conan 1 (`"version": "0.4"`, a `graph_lock` of nodes).
//!
//! A reference is `name/version[@user/channel][#recipe revision][%timestamp]`. `requires` are
//! the libraries the project links (run time), `build_requires` the tools that build it
//! (build), `python_requires` recipe code (build). Conan 1 nodes name their dependencies, which
//! become edges.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use steward_model::{Dependency, Location, Package, Relationship, Scope, Source};
use steward_purl::{Ecosystem, EcosystemName, Purl};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::json_lines::{Step, visit_keys};

pub(crate) const FORMAT: Format = Format {
    id: "conan-lock",
    names: &[NamePattern::Exact("conan.lock")],
    ecosystem: "ConanCenter",
    versions: "0.4 (Conan 1) and 0.5 (Conan 2)",
    reads: "requirements with version, user and channel (as purl qualifiers) and recipe revision, build and Python requirements as build scope, dependency edges (Conan 1)",
    gaps: "Conan 2 lockfiles record no edges, so direct and transitive requirements are not told apart; package revisions and binary package ids are not kept",
    extract,
};

#[derive(Deserialize)]
struct Lockfile {
    version: Option<String>,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    build_requires: Vec<String>,
    #[serde(default)]
    python_requires: Vec<String>,
    graph_lock: Option<GraphLock>,
}

#[derive(Deserialize)]
struct GraphLock {
    #[serde(default)]
    nodes: BTreeMap<String, Node>,
}

#[derive(Deserialize)]
struct Node {
    #[serde(rename = "ref")]
    reference: Option<String>,
    /// Set on the consumer: the project's own conanfile, which may have a reference too.
    path: Option<String>,
    #[serde(default)]
    requires: Vec<String>,
    #[serde(default)]
    build_requires: Vec<String>,
}

/// A reference's name, version, user and channel, and recipe revision.
struct Reference<'a> {
    name: &'a str,
    version: &'a str,
    user_and_channel: Option<(&'a str, &'a str)>,
    revision: Option<&'a str>,
}

fn parse_reference(text: &str) -> Option<Reference<'_>> {
    let without_time = text.split('%').next().unwrap_or(text);
    let (main, revision) = match without_time.split_once('#') {
        Some((main, revision)) => (main, Some(revision)),
        None => (without_time, None),
    };
    let (coordinates, user_and_channel) = match main.split_once('@') {
        Some((coordinates, user_and_channel)) => (coordinates, user_and_channel.split_once('/')),
        None => (main, None),
    };
    let (name, version) = coordinates.split_once('/')?;
    (!name.is_empty() && !version.is_empty()).then_some(Reference {
        name,
        version,
        user_and_channel,
        revision,
    })
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let lockfile: Lockfile = serde_json::from_str(input.text)?;
    if let Some(version) = lockfile
        .version
        .as_deref()
        .filter(|version| !matches!(*version, "0.4" | "0.5"))
    {
        return Err(ExtractError::Unsupported(format!(
            "conan.lock version {version} is not one steward knows (0.4, 0.5)"
        )));
    }
    // Lines: the n-th string of each list, or each node's key.
    let mut list_lines: HashMap<String, Vec<u32>> = HashMap::new();
    let mut node_lines: HashMap<String, u32> = HashMap::new();
    visit_keys(input.text, |path, key, line| {
        if let [Step::Key(graph), Step::Key(nodes)] = path
            && graph == "graph_lock"
            && nodes == "nodes"
        {
            node_lines.insert(key.to_string(), line);
        }
    });
    let mut line_of_list = |list: &str| -> Vec<u32> {
        list_lines
            .entry(list.to_owned())
            .or_insert_with(|| string_lines(input.text, list))
            .clone()
    };
    let mut extracted = Extracted::default();
    let add =
        |text: &str, scope: Scope, line: Option<u32>, extracted: &mut Extracted| -> Option<usize> {
            let Some(reference) = parse_reference(text) else {
                extracted
                    .skipped
                    .push(format!("`{text}` is not `name/version`"));
                return None;
            };
            let mut package = Package::new(
                Ecosystem::new(EcosystemName::ConanCenter),
                reference.name,
                Some(reference.version),
                Location::new(input.path, line),
            )
            .with_scope(scope)
            .with_source(Source::Registry { url: None });
            // The purl type names user and channel as qualifiers.
            if let Some((user, channel)) = reference.user_and_channel {
                package.purl = Purl::builder("conan", reference.name)
                    .version(reference.version)
                    .qualifier("user", user)
                    .qualifier("channel", channel)
                    .build()
                    .ok();
            }
            if let Some(revision) = reference.revision {
                package.hashes.push(steward_model::Hash {
                    algorithm: steward_model::HashAlgorithm::Other(
                        "conan-recipe-revision".to_owned(),
                    ),
                    value: revision.to_owned(),
                });
            }
            extracted.packages.push(package);
            Some(extracted.packages.len() - 1)
        };
    for (list, entries, scope) in [
        ("requires", &lockfile.requires, Scope::Runtime),
        ("build_requires", &lockfile.build_requires, Scope::Build),
        ("python_requires", &lockfile.python_requires, Scope::Build),
    ] {
        let lines = line_of_list(list);
        for (index, text) in entries.iter().enumerate() {
            add(text, scope, lines.get(index).copied(), &mut extracted);
        }
    }
    if let Some(graph) = &lockfile.graph_lock {
        let mut by_node: HashMap<&str, usize> = HashMap::new();
        for (id, node) in &graph.nodes {
            // The consumer is the project itself, not a dependency: the node with a `path`
            // (its conanfile), or without a reference.
            if node.path.is_none()
                && let Some(reference) = node.reference.as_deref()
                && let Some(index) = add(
                    reference,
                    Scope::Runtime,
                    node_lines.get(id).copied(),
                    &mut extracted,
                )
            {
                by_node.insert(id.as_str(), index);
            }
        }
        let mut build_only: Vec<usize> = Vec::new();
        for (id, node) in &graph.nodes {
            for (targets, build) in [(&node.requires, false), (&node.build_requires, true)] {
                for target in targets {
                    let Some(&to) = by_node.get(target.as_str()) else {
                        continue;
                    };
                    if let Some(&from) = by_node.get(id.as_str()) {
                        extracted.dependencies.push(Dependency { from, to });
                    } else {
                        // The consumer's requirements are the direct ones.
                        extracted.packages[to].relationship = Relationship::Direct;
                        if build {
                            build_only.push(to);
                        }
                    }
                }
            }
        }
        for index in build_only {
            extracted.packages[index].scope = Scope::Build;
        }
        for package in &mut extracted.packages {
            if package.relationship == Relationship::Unknown {
                package.relationship = Relationship::Transitive;
            }
        }
    }
    Ok(extracted)
}

/// The lines of the strings of a top-level list.
fn string_lines(text: &str, list: &str) -> Vec<u32> {
    let Some(start) = text.find(&format!("\"{list}\"")) else {
        return Vec::new();
    };
    let Some(open) = text[start..].find('[') else {
        return Vec::new();
    };
    let body_start = start + open + 1;
    let body_end = text[body_start..]
        .find(']')
        .map_or(text.len(), |end| body_start + end);
    let index = crate::text::LineIndex::new(text);
    let mut lines = Vec::new();
    let mut inside = false;
    for (offset, byte) in text[body_start..body_end].bytes().enumerate() {
        if byte == b'"' {
            if !inside {
                lines.push(index.line(body_start + offset));
            }
            inside = !inside;
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        let reference = parse_reference("zlib/1.3.1@acme/stable#abc%1700000000.1").unwrap();
        assert_eq!((reference.name, reference.version), ("zlib", "1.3.1"));
        assert_eq!(reference.revision, Some("abc"));
        assert!(parse_reference("zlib").is_none());
    }
}
