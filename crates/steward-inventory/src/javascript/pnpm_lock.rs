//! `pnpm-lock.yaml`, lockfile versions 5 to 9.
//!
//! `packages` lists every package once; its key names it: `/name/1.0.0_peer@2` (5.x),
//! `/name@1.0.0(peer@2)` (6.x) or `name@1.0.0` (9.x, which moves the dependencies of each
//! peer-resolved instance to `snapshots`). Peer suffixes are instances of one package.
//! `importers` (or, for a single project before 9.0, the top level) say what each workspace
//! project declares; those are the direct dependencies, and their sections give the scopes.
//! Git, tarball and directory packages carry their source in `resolution`.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use steward_model::{Dependency, Location, Package, Scope, Source};
use steward_purl::{Ecosystem, EcosystemName};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::graph;
use crate::javascript::{integrity_hashes, npm_source};

pub(crate) const FORMAT: Format = Format {
    id: "pnpm-lock",
    names: &[NamePattern::Exact("pnpm-lock.yaml")],
    ecosystem: "npm",
    versions: "lockfileVersion 5.x, 6.x, 9.x",
    reads: "packages (peer-dependency instances as one package, aliases under their real name), direct vs transitive and dev/optional scope from the importers (workspaces included), integrity hashes, git/tarball/directory sources, dependency edges",
    gaps: "the workspace projects themselves come from their `package.json`, not the lockfile",
    extract,
};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Lockfile {
    lockfile_version: Option<String>,
    importers: Option<BTreeMap<String, Importer>>,
    #[serde(flatten)]
    single: Importer,
    #[serde(default)]
    packages: BTreeMap<String, Entry>,
    #[serde(default)]
    snapshots: BTreeMap<String, Snapshot>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Importer {
    #[serde(default)]
    dependencies: BTreeMap<String, ImporterDependency>,
    #[serde(default)]
    dev_dependencies: BTreeMap<String, ImporterDependency>,
    #[serde(default)]
    optional_dependencies: BTreeMap<String, ImporterDependency>,
}

/// `1.0.0` (5.x) or `{specifier: ^1.0.0, version: 1.0.0}` (6.x and later).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ImporterDependency {
    Version(String),
    Specified { version: String },
}

impl ImporterDependency {
    fn version(&self) -> &str {
        match self {
            Self::Version(version) | Self::Specified { version } => version,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(from = "EntryFields")]
struct Entry {
    resolution: Resolution,
    name: Option<String>,
    version: Option<String>,
    /// Before 9.0, each package carries its own dependencies.
    snapshot: Snapshot,
}

/// An entry as written, its snapshot's fields beside its own: read without `serde(flatten)`,
/// which would buffer every field of every package.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntryFields {
    #[serde(default)]
    resolution: Resolution,
    name: Option<String>,
    version: Option<String>,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    dependencies: BTreeMap<String, String>,
    #[serde(default)]
    optional_dependencies: BTreeMap<String, String>,
}

impl From<EntryFields> for Entry {
    fn from(fields: EntryFields) -> Self {
        Self {
            resolution: fields.resolution,
            name: fields.name,
            version: fields.version,
            snapshot: Snapshot {
                optional: fields.optional,
                dependencies: fields.dependencies,
                optional_dependencies: fields.optional_dependencies,
            },
        }
    }
}

#[derive(Debug, Default, Deserialize)]
struct Resolution {
    integrity: Option<String>,
    tarball: Option<String>,
    repo: Option<String>,
    commit: Option<String>,
    directory: Option<String>,
}

/// The dependencies of one installed instance of a package.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Snapshot {
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    dependencies: BTreeMap<String, String>,
    #[serde(default)]
    optional_dependencies: BTreeMap<String, String>,
}

/// How keys are written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Generation {
    /// `/name/version_peers`.
    Five,
    /// `/name@version(peers)` (6.x) and `name@version(peers)` (9.x).
    Six,
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let lockfile: Lockfile = crate::yaml::from_str(input.text)?;
    let version = lockfile.lockfile_version.as_deref().unwrap_or("5");
    let major: u32 = version
        .split('.')
        .next()
        .and_then(|major| major.parse().ok())
        .ok_or_else(|| {
            ExtractError::syntax(format!("lockfileVersion `{version}` is not a version"))
        })?;
    if !(5..=9).contains(&major) {
        return Err(ExtractError::Unsupported(format!(
            "pnpm lockfileVersion {version} is not one steward knows (5 to 9)"
        )));
    }
    let generation = if major == 5 {
        Generation::Five
    } else {
        Generation::Six
    };
    let lines = crate::yaml::section_key_lines(input.text, "packages:");
    let mut extracted = Extracted::default();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (key, entry) in &lockfile.packages {
        let Some((key_name, key_version)) = split_key(generation, key) else {
            extracted
                .skipped
                .push(format!("the package key `{key}` is not `name@version`"));
            continue;
        };
        let name = entry.name.as_deref().unwrap_or(key_name);
        let (version, source) = origin(key_version, entry);
        let location = Location::new(input.path, lines.get(key.as_str()).copied());
        let mut package = Package::new(
            Ecosystem::new(EcosystemName::Npm),
            name,
            version.as_deref(),
            location,
        )
        .with_source(source);
        if let Some(integrity) = &entry.resolution.integrity {
            match integrity_hashes(integrity) {
                Ok(hashes) => package.hashes = hashes,
                Err(error) => extracted.skipped.push(format!("`{key}`: {error}")),
            }
        }
        let base = base_key(generation, key);
        // The same package may be listed under several peer-suffixed keys before 9.0.
        by_key.entry(base).or_insert_with(|| {
            extracted.packages.push(package);
            extracted.packages.len() - 1
        });
    }
    // Whether every instance of a package is optional.
    let mut optional: Vec<Option<bool>> = vec![None; extracted.packages.len()];
    // Dependencies: of each package (before 9.0) or each snapshot (9.0).
    let instances: Vec<(&str, &Snapshot)> = if major >= 9 {
        lockfile
            .snapshots
            .iter()
            .map(|(key, snapshot)| (key.as_str(), snapshot))
            .collect()
    } else {
        lockfile
            .packages
            .iter()
            .map(|(key, entry)| (key.as_str(), &entry.snapshot))
            .collect()
    };
    for (key, snapshot) in instances {
        let Snapshot {
            optional: is_optional,
            dependencies,
            optional_dependencies,
        } = snapshot;
        let is_optional = *is_optional;
        let Some(&from) = by_key.get(&base_key(generation, key)) else {
            extracted
                .skipped
                .push(format!("the snapshot `{key}` has no package"));
            continue;
        };
        optional[from] = Some(optional[from].unwrap_or(true) && is_optional);
        for (name, value) in dependencies.iter().chain(optional_dependencies) {
            if value.starts_with("link:") {
                continue;
            }
            match by_key.get(&dependency_key(generation, name, value)) {
                Some(&to) => extracted.dependencies.push(Dependency { from, to }),
                None => extracted.skipped.push(format!(
                    "the dependency `{name}: {value}` of `{key}` is not in the lockfile"
                )),
            }
        }
    }
    extracted.dependencies.sort_unstable();
    extracted.dependencies.dedup();

    let importers: Vec<&Importer> = match &lockfile.importers {
        Some(importers) => importers.values().collect(),
        None => vec![&lockfile.single],
    };
    let mut root_edges = Vec::new();
    for importer in importers {
        for (section, scope) in [
            (&importer.dependencies, Scope::Runtime),
            (&importer.optional_dependencies, Scope::Optional),
            (&importer.dev_dependencies, Scope::Development),
        ] {
            for (name, dependency) in section {
                let value = dependency.version();
                if value.starts_with("link:") {
                    continue;
                }
                match by_key.get(&dependency_key(generation, name, value)) {
                    Some(&to) => root_edges.push((to, scope)),
                    None => extracted.skipped.push(format!(
                        "the project dependency `{name}: {value}` is not in the lockfile"
                    )),
                }
            }
        }
    }
    graph::assign_scopes(&mut extracted, &root_edges);
    let direct: Vec<usize> = root_edges.iter().map(|(to, _)| *to).collect();
    graph::assign_relationships(&mut extracted, &direct);
    for (package, optional) in extracted.packages.iter_mut().zip(optional) {
        if optional == Some(true) && package.scope == Scope::Runtime {
            package.scope = Scope::Optional;
        }
    }
    Ok(extracted)
}

/// The name and version of a package key, peer suffixes removed.
fn split_key(generation: Generation, key: &str) -> Option<(&str, &str)> {
    let key = key.strip_prefix('/').unwrap_or(key);
    match generation {
        Generation::Five => {
            let (name, version) = key.rsplit_once('/')?;
            Some((name, version.split('_').next().unwrap_or(version)))
        }
        Generation::Six => {
            let at = key.get(1..)?.find('@')? + 1;
            let version = &key[at + 1..];
            Some((&key[..at], version.split('(').next().unwrap_or(version)))
        }
    }
}

/// A key without its leading `/` and peer suffix: the package's identity.
fn base_key(generation: Generation, key: &str) -> String {
    match split_key(generation, key) {
        Some((name, version)) => format!("{name}@{version}"),
        None => key.to_owned(),
    }
}

/// The package a dependency value points at: `1.0.0(peer@1)` for `name`, or a full key for an
/// alias (`/real/1.0.0`, `real@1.0.0`).
fn dependency_key(generation: Generation, name: &str, value: &str) -> String {
    let without_peers = match generation {
        Generation::Five => value.split('_').next().unwrap_or(value),
        Generation::Six => value.split('(').next().unwrap_or(value),
    };
    let is_full_key = match generation {
        Generation::Five => value.starts_with('/'),
        Generation::Six => without_peers
            .get(1..)
            .is_some_and(|rest| rest.contains('@')),
    };
    if is_full_key {
        base_key(generation, value)
    } else {
        format!("{name}@{without_peers}")
    }
}

/// The version and source of a package: a registry version, or what its resolution says.
fn origin(key_version: &str, entry: &Entry) -> (Option<String>, Source) {
    let resolution = &entry.resolution;
    let version = entry.version.clone();
    if let Some(repo) = &resolution.repo {
        return (
            version,
            Source::Git {
                url: repo.clone(),
                reference: None,
                commit: resolution.commit.clone(),
            },
        );
    }
    if let Some(directory) = &resolution.directory {
        return (
            version,
            Source::Path {
                path: directory.clone(),
            },
        );
    }
    if let Some(tarball) = &resolution.tarball {
        let source = match npm_source(tarball) {
            Source::Path { path } => Source::Path {
                path: path.trim_start_matches("file:").to_owned(),
            },
            other => other,
        };
        let version =
            version.or_else(|| (!key_version.contains(':')).then(|| key_version.to_owned()));
        return (version, source);
    }
    (
        version.or_else(|| Some(key_version.to_owned())),
        Source::Registry { url: None },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_yaml_subset_reader_reads_every_corpus_lockfile() {
        crate::yaml::tests::subset_reads_the_corpus::<Lockfile>("pnpm-lock.yaml", |_| true);
    }

    #[test]
    fn keys_of_every_generation() {
        assert_eq!(
            split_key(Generation::Five, "/@babel/core/7.21.3_x@1"),
            Some(("@babel/core", "7.21.3"))
        );
        assert_eq!(
            split_key(Generation::Six, "/@babel/core@7.21.3(x@1)(y@2)"),
            Some(("@babel/core", "7.21.3"))
        );
        assert_eq!(
            split_key(Generation::Six, "lodash@4.17.21"),
            Some(("lodash", "4.17.21"))
        );
        assert_eq!(
            dependency_key(Generation::Six, "a", "1.0.0(b@2)"),
            "a@1.0.0"
        );
        assert_eq!(
            dependency_key(Generation::Six, "alias", "real@1.0.0"),
            "real@1.0.0"
        );
        assert_eq!(
            dependency_key(Generation::Six, "alias", "/@s/real@1.0.0(p@1)"),
            "@s/real@1.0.0"
        );
        assert_eq!(
            dependency_key(Generation::Five, "a", "1.0.0_b@2"),
            "a@1.0.0"
        );
        assert_eq!(
            dependency_key(Generation::Five, "alias", "/real/1.0.0"),
            "real@1.0.0"
        );
    }
}
