//! `Cargo.lock`, versions 1 to 4.
//!
//! Every `[[package]]` is a package. Those without a `source` are the workspace's own crates
//! (and path dependencies), reported as roots; packages they depend on are direct, the rest
//! transitive. Dependencies are written `name`, `name version` or `name version (source)` —
//! only as much as needed to be unambiguous. Checksums are inline (v2+) or in the
//! `[metadata]` table (v1).
//!
//! The lockfile does not say what a dependency is for; the workspace members' `Cargo.toml`
//! files do. Where they are part of the scan, a package needed only by development or build
//! dependencies of the members (or only by optional ones) gets that scope.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use steward_model::{Dependency, HashAlgorithm, Location, Package, Relationship, Scope, Source};
use steward_purl::{Ecosystem, EcosystemName};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern, toml_error};
use crate::graph;
use crate::rust::cargo_toml::{Declared, Manifest};
use crate::text::header_lines;

pub(crate) const FORMAT: Format = Format {
    id: "cargo-lock",
    names: &[NamePattern::Exact("Cargo.lock")],
    ecosystem: "crates.io",
    versions: "1–4",
    reads: "packages, sources (registry, git with commit, path), checksums, dependency edges; workspace members as roots; dev/build/optional scope from the members' `Cargo.toml`",
    gaps: "scopes need the members' `Cargo.toml` in the scanned directory; without them every package is runtime",
    extract,
};

#[derive(Deserialize)]
struct Lockfile {
    version: Option<u32>,
    #[serde(default)]
    package: Vec<LockedPackage>,
    #[serde(default)]
    metadata: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct LockedPackage {
    name: String,
    version: String,
    source: Option<String>,
    checksum: Option<String>,
    #[serde(default)]
    dependencies: Vec<String>,
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let lockfile: Lockfile =
        toml::from_str(input.text).map_err(|error| toml_error(input.text, &error))?;
    if let Some(version) = lockfile.version
        && version > 4
    {
        return Err(ExtractError::Unsupported(format!(
            "Cargo.lock version {version} is newer than steward knows (1 to 4)"
        )));
    }
    let lines = header_lines(input.text, "[[package]]");
    let mut extracted = Extracted::default();
    for (index, locked) in lockfile.package.iter().enumerate() {
        let location = Location::new(input.path, lines.get(index).copied());
        let mut package = Package::new(
            Ecosystem::new(EcosystemName::CratesIo),
            &locked.name,
            Some(&locked.version),
            location,
        );
        package.source = locked.source.as_deref().map_or(Source::Workspace, source);
        if locked.source.is_none() {
            package.relationship = Relationship::Root;
        }
        let checksum = locked.checksum.clone().or_else(|| {
            let source = locked.source.as_deref()?;
            let key = format!("checksum {} {} ({source})", locked.name, locked.version);
            lockfile.metadata.get(&key).cloned()
        });
        if let Some(checksum) = checksum.filter(|c| c != "<none>") {
            package = package.with_hash(HashAlgorithm::Sha256, &checksum.to_ascii_lowercase());
        }
        extracted.packages.push(package);
    }
    link(&lockfile.package, &mut extracted);
    let workspace = input
        .tree
        .read(&format!("{}Cargo.toml", input.directory()))
        .and_then(|text| Manifest::parse(&text).ok());
    assign_scopes(&member_manifests(input), workspace.as_ref(), &mut extracted);
    Ok(extracted)
}

/// The `Cargo.toml` of every workspace member in the scan, by package name.
fn member_manifests(input: &Input<'_>) -> HashMap<String, Manifest> {
    let directory = input.directory();
    let mut paths: Vec<String> = input
        .tree
        .files_named("Cargo.toml")
        .into_iter()
        .filter(|path| path.starts_with(directory))
        .collect();
    let own = format!("{directory}Cargo.toml");
    if !paths.contains(&own) {
        paths.push(own);
    }
    paths
        .iter()
        .filter_map(|path| {
            let manifest = Manifest::parse(&input.tree.read(path)?).ok()?;
            Some((manifest.package_name()?.to_owned(), manifest))
        })
        .collect()
}

/// Scopes from what the roots' manifests declare.
fn assign_scopes(
    manifests: &HashMap<String, Manifest>,
    workspace: Option<&Manifest>,
    extracted: &mut Extracted,
) {
    if manifests.is_empty() {
        return;
    }
    // The scope of each edge out of a root, from its manifest (normal when it has none).
    let edge_scope = |from: usize, to: usize| -> Scope {
        let root = &extracted.packages[from];
        let Some(manifest) = manifests.get(&root.name) else {
            return Scope::Runtime;
        };
        let target = &extracted.packages[to];
        let version = target
            .version
            .as_deref()
            .and_then(|version| semver::Version::parse(version).ok());
        // The declarations of that name whose requirement the locked version meets (the same
        // crate may be declared twice, at different versions, for different uses).
        let declared = manifest.declared(workspace);
        let same_name = || {
            declared
                .iter()
                .filter(|declared| declared.name == target.name)
        };
        let meets = |declared: &&Declared| match (&declared.requirement, &version) {
            (Some(requirement), Some(version)) => semver::VersionReq::parse(requirement)
                .is_ok_and(|requirement| requirement.matches(version)),
            _ => true,
        };
        let matching: Vec<Scope> = same_name()
            .filter(meets)
            .map(|declared| declared.scope)
            .collect();
        let scopes = if matching.is_empty() {
            same_name().map(|declared| declared.scope).collect()
        } else {
            matching
        };
        scopes
            .into_iter()
            .min_by_key(|scope| scope.precedence())
            .unwrap_or(Scope::Runtime)
    };
    let root_edges: Vec<(usize, Scope)> = extracted
        .dependencies
        .iter()
        .filter(|edge| extracted.packages[edge.from].relationship == Relationship::Root)
        .map(|edge| (edge.to, edge_scope(edge.from, edge.to)))
        .collect();
    graph::assign_scopes(extracted, &root_edges);
}

/// Resolves dependency strings to edges and tells direct dependencies from transitive ones.
fn link(locked: &[LockedPackage], extracted: &mut Extracted) {
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, package) in locked.iter().enumerate() {
        by_name
            .entry(package.name.as_str())
            .or_default()
            .push(index);
    }
    for (from, package) in locked.iter().enumerate() {
        for dependency in &package.dependencies {
            let mut parts = dependency.splitn(3, ' ');
            let name = parts.next().unwrap_or_default();
            let version = parts.next();
            let source = parts
                .next()
                .map(|source| source.trim_start_matches('(').trim_end_matches(')'));
            let candidates = by_name.get(name).map(Vec::as_slice).unwrap_or_default();
            let target = candidates.iter().copied().find(|&candidate| {
                let other = &locked[candidate];
                version.is_none_or(|version| other.version == version)
                    && source.is_none_or(|source| other.source.as_deref() == Some(source))
            });
            if let Some(to) = target {
                extracted.dependencies.push(Dependency { from, to });
            } else {
                extracted.skipped.push(format!(
                    "the dependency `{dependency}` of {} {} is not in the lockfile",
                    package.name, package.version
                ));
            }
        }
    }
    let direct = graph::direct_by_edges(extracted);
    graph::assign_relationships(extracted, &direct);
}

/// Cargo's source strings: `registry+URL`, `sparse+URL`, `git+URL?branch=x#commit`.
fn source(text: &str) -> Source {
    if let Some(url) = text
        .strip_prefix("registry+")
        .or_else(|| text.strip_prefix("sparse+"))
    {
        return Source::Registry {
            url: Some(url.to_owned()),
        };
    }
    if let Some(rest) = text.strip_prefix("git+") {
        let (rest, commit) = match rest.split_once('#') {
            Some((rest, commit)) => (rest, Some(commit.to_owned())),
            None => (rest, None),
        };
        let (url, reference) = match rest.split_once('?') {
            Some((url, query)) => (
                url,
                query.split('&').find_map(|pair| {
                    let (key, value) = pair.split_once('=')?;
                    matches!(key, "branch" | "tag" | "rev").then(|| value.to_owned())
                }),
            ),
            None => (rest, None),
        };
        return Source::Git {
            url: url.to_owned(),
            reference,
            commit,
        };
    }
    Source::Url {
        url: text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::NoTree;

    fn run(text: &str) -> Extracted {
        extract(&Input {
            path: "Cargo.lock",
            text,
            tree: &NoTree,
        })
        .unwrap()
    }

    #[test]
    fn reads_v3_with_roots_sources_and_edges() {
        let text = r#"
version = 3

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["serde", "toml 0.5.0"]

[[package]]
name = "serde"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "ABCD"

[[package]]
name = "toml"
version = "0.5.0"
source = "git+https://github.com/toml-rs/toml?branch=main#0123abc"
dependencies = ["serde"]
"#;
        let extracted = run(text);
        assert_eq!(extracted.packages.len(), 3);
        let app = &extracted.packages[0];
        assert_eq!(app.relationship, Relationship::Root);
        assert_eq!(app.location.line, Some(4));
        let serde = &extracted.packages[1];
        assert_eq!(serde.relationship, Relationship::Direct);
        assert_eq!(serde.hashes[0].value, "abcd");
        assert_eq!(
            serde.purl.as_ref().map(ToString::to_string).as_deref(),
            Some("pkg:cargo/serde@1.0.0")
        );
        assert_eq!(
            extracted.packages[2].source,
            Source::Git {
                url: "https://github.com/toml-rs/toml".into(),
                reference: Some("main".into()),
                commit: Some("0123abc".into())
            }
        );
        assert_eq!(extracted.dependencies.len(), 3);
        assert!(extracted.skipped.is_empty());
    }

    #[test]
    fn reads_v1_metadata_checksums() {
        let text = r#"
[[package]]
name = "a"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[metadata]
"checksum a 1.0.0 (registry+https://github.com/rust-lang/crates.io-index)" = "ff00"
"#;
        let extracted = run(text);
        assert_eq!(extracted.packages[0].hashes[0].value, "ff00");
    }

    #[test]
    fn refuses_unknown_versions_and_broken_toml() {
        let error = extract(&Input {
            path: "Cargo.lock",
            text: "version = 9\n",
            tree: &NoTree,
        })
        .unwrap_err();
        assert!(error.to_string().contains("version 9"));
        let error = extract(&Input {
            path: "Cargo.lock",
            text: "[[package]\nname = 1",
            tree: &NoTree,
        })
        .unwrap_err();
        assert!(error.to_string().starts_with("line 1"), "{error}");
    }
}
