//! `package-lock.json` and `npm-shrinkwrap.json`, lockfile versions 1 to 3.
//!
//! Versions 2 and 3 list every installed package under `packages`, keyed by its install path
//! (`node_modules/a/node_modules/b`); version 1 nests them under `dependencies`. A package
//! installed at several paths is one package. An alias (`"foo": "npm:bar@1.0.0"`) is reported
//! under its real name. Workspace members (paths outside `node_modules`) are roots; `link`
//! entries only point at them. Dependency edges follow Node's resolution: a package's
//! dependency is the nearest `node_modules/<name>` up its install path.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;
use steward_model::{Dependency, Hash, Location, Package, Relationship, Scope, Source};
use steward_purl::{Ecosystem, EcosystemName};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::graph;
use crate::javascript::{integrity_hashes, npm_source, package_json};
use crate::json_lines::{Step, ordered_key_lines, visit_keys};
use crate::keys::{Entries, Keys};

pub(crate) const FORMAT: Format = Format {
    id: "package-lock",
    names: &[
        NamePattern::Exact("package-lock.json"),
        NamePattern::Exact("npm-shrinkwrap.json"),
    ],
    ecosystem: "npm",
    versions: "lockfileVersion 1–3",
    reads: "packages (aliases under their real name), dev/optional/peer scopes, direct vs transitive, resolved source, integrity hashes, licences (version 2 and 3), dependency edges, workspaces",
    gaps: "version 1: direct dependencies need the `package.json` beside the lockfile",
    extract,
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Lockfile<'a> {
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    version: Option<Cow<'a, str>>,
    lockfile_version: Option<u32>,
    #[serde(borrow, default)]
    packages: Option<Entries<'a, Entry<'a>>>,
    #[serde(borrow, default)]
    dependencies: Option<BTreeMap<Cow<'a, str>, LegacyEntry<'a>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry<'a> {
    #[serde(borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    version: Option<Cow<'a, str>>,
    #[serde(borrow)]
    resolved: Option<Cow<'a, str>>,
    #[serde(borrow)]
    integrity: Option<Cow<'a, str>>,
    #[serde(default)]
    link: bool,
    #[serde(default)]
    dev: bool,
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    dev_optional: bool,
    #[serde(default)]
    peer: bool,
    #[serde(borrow, default)]
    dependencies: Keys<'a>,
    #[serde(borrow, default)]
    optional_dependencies: Keys<'a>,
    #[serde(borrow, default)]
    peer_dependencies: Keys<'a>,
    #[serde(borrow, default)]
    dev_dependencies: Keys<'a>,
    /// `"MIT"`, or (from old `package.json` files) `{"type": "MIT", "url": …}`.
    license: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct LegacyEntry<'a> {
    #[serde(borrow)]
    version: Option<Cow<'a, str>>,
    #[serde(borrow)]
    resolved: Option<Cow<'a, str>>,
    #[serde(borrow)]
    integrity: Option<Cow<'a, str>>,
    #[serde(default)]
    dev: bool,
    #[serde(default)]
    optional: bool,
    #[serde(borrow, default)]
    requires: Keys<'a>,
    #[serde(borrow, default)]
    dependencies: BTreeMap<Cow<'a, str>, Self>,
}

/// A package being collected, by install path; or a link from an install path to another.
struct Installed<'a> {
    path: Cow<'a, str>,
    package: Option<Package>,
    link: Option<&'a str>,
    dependencies: Vec<Cow<'a, str>>,
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let lockfile: Lockfile<'_> = serde_json::from_str(input.text)?;
    match lockfile.lockfile_version {
        Some(version) if version > 3 => {
            return Err(ExtractError::Unsupported(format!(
                "lockfileVersion {version} is newer than steward knows (1 to 3)"
            )));
        }
        _ => {}
    }
    let mut skipped = Vec::new();
    let installed = match (&lockfile.packages, &lockfile.dependencies) {
        (Some(packages), _) => {
            from_packages(input, lockfile.name.as_deref(), packages, &mut skipped)
        }
        (None, Some(dependencies)) => {
            let root = lockfile
                .name
                .as_deref()
                .map(|name| (name, lockfile.version.as_deref()));
            from_legacy(input, root, dependencies, &mut skipped)
        }
        (None, None) => Vec::new(),
    };
    let mut extracted = link(installed);
    extracted.skipped = skipped;
    Ok(extracted)
}

/// The last component of a `/`-separated directory (`web` for `apps/web/`).
fn directory_name(directory: &str) -> &str {
    directory
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|name| !name.is_empty() && *name != ".")
        .unwrap_or("project")
}

/// The package name of an install path: what follows its last `node_modules/`.
fn name_from_path(path: &str) -> Option<&str> {
    memchr::memmem::rfind(path.as_bytes(), b"node_modules/")
        .map(|index| &path[index + "node_modules/".len()..])
}

/// The licence an entry records, as its `package.json` wrote it.
fn license(value: Option<&serde_json::Value>) -> Option<String> {
    match value? {
        serde_json::Value::String(license) => Some(license.clone()),
        serde_json::Value::Object(object) => Some(object.get("type")?.as_str()?.to_owned()),
        _ => None,
    }
}

fn from_packages<'a>(
    input: &Input<'_>,
    project_name: Option<&str>,
    packages: &'a Entries<'_, Entry<'_>>,
    skipped: &mut Vec<String>,
) -> Vec<Installed<'a>> {
    // The same keys in the same order, unless the text repeats `packages` (which serde refuses).
    let lines = ordered_key_lines(input.text, &["packages"]);
    let mut installed = Vec::with_capacity(packages.0.len());
    for (index, (path, entry)) in packages.0.iter().enumerate() {
        if entry.link {
            // `node_modules/x` → `packages/x`: the target is listed under its own path.
            if let Some(target) = &entry.resolved {
                installed.push(Installed {
                    path: Cow::Borrowed(path),
                    package: None,
                    link: Some(target),
                    dependencies: Vec::new(),
                });
            }
            continue;
        }
        let in_node_modules = name_from_path(path);
        let name = match (&entry.name, in_node_modules) {
            (Some(name), _) => name.as_ref(),
            (None, Some(name)) => name,
            // The project itself, named at the top of the lockfile, or (as npm does for a
            // `package.json` without a name) after its directory.
            (None, None) if path.is_empty() => {
                project_name.unwrap_or_else(|| directory_name(input.directory()))
            }
            (None, None) => path.rsplit('/').next().unwrap_or(path),
        };
        // Installed packages always have a version; the project itself may not.
        if entry.version.is_none() && in_node_modules.is_some() {
            continue;
        }
        let source = match in_node_modules {
            Some(_) => entry
                .resolved
                .as_deref()
                .map_or(Source::Unknown, npm_source),
            None if path.starts_with("../") || path.starts_with('/') => Source::Path {
                path: path.to_string(),
            },
            None => Source::Workspace,
        };
        // A git or local package's version is what its own `package.json` says, not a
        // registry's release: it is kept with its source and no version, as in version 1.
        let version = match source {
            Source::Git { .. } | Source::Path { .. } => None,
            _ => entry.version.as_deref(),
        };
        let line = lines
            .get(index)
            .filter(|(key, _)| key == path)
            .map(|(_, line)| *line);
        let location = Location::new(input.path, line);
        let mut package = Package::new(Ecosystem::new(EcosystemName::Npm), name, version, location);
        let mut dependencies: Vec<Cow<'a, str>> = entry
            .dependencies
            .iter()
            .chain(entry.optional_dependencies.iter())
            .chain(entry.peer_dependencies.iter())
            .map(Cow::Borrowed)
            .collect();
        package.source = source;
        if in_node_modules.is_some() {
            package.scope = scope(entry.dev || entry.dev_optional, entry.optional, entry.peer);
            package.hashes = hashes(entry.integrity.as_deref(), path, skipped);
            package.licenses.extend(license(entry.license.as_ref()));
        } else if package.source == Source::Workspace {
            // The project itself (`""`) or a workspace member's directory: only these have
            // their development dependencies installed.
            package.relationship = Relationship::Root;
            dependencies.extend(entry.dev_dependencies.iter().map(Cow::Borrowed));
        }
        installed.push(Installed {
            path: Cow::Borrowed(path),
            package: Some(package),
            link: None,
            dependencies,
        });
    }
    installed
}

/// Version 1: nested `dependencies`. Which are direct only the `package.json` beside the
/// lockfile says; without it, every relationship is unknown.
fn from_legacy<'a>(
    input: &Input<'_>,
    root: Option<(&str, Option<&str>)>,
    dependencies: &'a BTreeMap<Cow<'_, str>, LegacyEntry<'_>>,
    skipped: &mut Vec<String>,
) -> Vec<Installed<'a>> {
    // Lines of nested keys, by install path.
    let mut lines: foldhash::HashMap<String, u32> = foldhash::HashMap::default();
    // A nested key sits at `dependencies.<name>.dependencies.….dependencies`.
    visit_keys(input.text, |path, key, line| {
        if path.len() % 2 == 0 {
            return;
        }
        let mut install = String::new();
        for (index, step) in path.iter().enumerate() {
            let Step::Key(step) = step else {
                return;
            };
            if index % 2 == 0 {
                if step != "dependencies" {
                    return;
                }
            } else {
                install.push_str("node_modules/");
                install.push_str(step);
                install.push('/');
            }
        }
        install.push_str("node_modules/");
        install.push_str(key);
        lines.entry(install).or_insert(line);
    });
    let mut installed = Vec::new();
    if let Some(declared) = root_manifest_dependencies(input) {
        let (name, version) = root.unwrap_or(("", None));
        let mut package = Package::new(
            Ecosystem::new(EcosystemName::Npm),
            name,
            version,
            Location::new(input.path, None),
        );
        package.relationship = Relationship::Root;
        package.source = Source::Workspace;
        installed.push(Installed {
            path: Cow::Borrowed(""),
            package: Some(package),
            link: None,
            dependencies: declared.into_iter().map(Cow::Owned).collect(),
        });
    }
    collect_legacy(input, &lines, "", dependencies, &mut installed, skipped);
    installed
}

fn collect_legacy<'a>(
    input: &Input<'_>,
    lines: &foldhash::HashMap<String, u32>,
    prefix: &str,
    dependencies: &'a BTreeMap<Cow<'_, str>, LegacyEntry<'_>>,
    installed: &mut Vec<Installed<'a>>,
    skipped: &mut Vec<String>,
) {
    for (name, entry) in dependencies {
        let path = format!("{prefix}node_modules/{name}");
        if let Some(version) = entry.version.as_deref() {
            // An alias records `npm:real-name@version` as its version; a git or local
            // dependency records where it came from instead of a version.
            let (real_name, version, origin) = if let Some((real, version)) =
                version.strip_prefix("npm:").and_then(|rest| {
                    let at = rest.get(1..)?.find('@')? + 1;
                    Some((&rest[..at], &rest[at + 1..]))
                }) {
                (real, Some(version), None)
            } else if version.contains(':') {
                (name.as_ref(), None, Some(npm_source(version)))
            } else {
                (name.as_ref(), Some(version), None)
            };
            let location = Location::new(input.path, lines.get(&path).copied());
            let mut package = Package::new(
                Ecosystem::new(EcosystemName::Npm),
                real_name,
                version,
                location,
            );
            package.scope = scope(entry.dev, entry.optional, false);
            package.source = origin.unwrap_or_else(|| {
                entry
                    .resolved
                    .as_deref()
                    .map_or(Source::Unknown, npm_source)
            });
            package.hashes = hashes(entry.integrity.as_deref(), &path, skipped);
            installed.push(Installed {
                path: Cow::Owned(path.clone()),
                package: Some(package),
                link: None,
                dependencies: entry.requires.iter().map(Cow::Borrowed).collect(),
            });
        }
        collect_legacy(
            input,
            lines,
            &format!("{path}/"),
            &entry.dependencies,
            installed,
            skipped,
        );
    }
}

/// The dependency names the `package.json` beside the lockfile declares, if it is there.
fn root_manifest_dependencies(input: &Input<'_>) -> Option<Vec<String>> {
    let text = package_json::beside(input)?;
    let manifest: package_json::Manifest<'_> = serde_json::from_str(&text).ok()?;
    Some(manifest.dependency_names())
}

/// The hashes of an `integrity` value; a malformed one is reported as skipped.
fn hashes(integrity: Option<&str>, path: &str, skipped: &mut Vec<String>) -> Vec<Hash> {
    match integrity.map(integrity_hashes) {
        Some(Ok(hashes)) => hashes,
        Some(Err(error)) => {
            skipped.push(format!("`{path}`: {error}"));
            Vec::new()
        }
        None => Vec::new(),
    }
}

fn scope(dev: bool, optional: bool, peer: bool) -> Scope {
    if peer {
        Scope::Peer
    } else if dev {
        Scope::Development
    } else if optional {
        Scope::Optional
    } else {
        Scope::Runtime
    }
}

/// Merges copies of the same package, resolves dependency names to edges, and tells direct
/// dependencies (those a root depends on) from transitive ones.
fn link(mut installed: Vec<Installed<'_>>) -> Extracted {
    // foldhash (seeded per process) hashes these short keys several times faster than SipHash.
    let mut by_path: foldhash::HashMap<&str, usize> = installed
        .iter()
        .enumerate()
        .filter(|(_, item)| item.package.is_some())
        .map(|(index, item)| (item.path.as_ref(), index))
        .collect();
    for item in &installed {
        if let Some(target) = item.link.and_then(|target| by_path.get(target).copied()) {
            by_path.insert(item.path.as_ref(), target);
        }
    }
    // Node's resolution: the nearest `node_modules/<name>` up the dependent's path.
    let mut candidate = String::new();
    let mut resolve = |from: &str, name: &str| -> Option<usize> {
        let mut base = from;
        loop {
            candidate.clear();
            if !base.is_empty() {
                candidate.push_str(base);
                candidate.push('/');
            }
            candidate.push_str("node_modules/");
            candidate.push_str(name);
            if let Some(&index) = by_path.get(candidate.as_str()) {
                return Some(index);
            }
            if base.is_empty() {
                return None;
            }
            base = memchr::memmem::rfind(base.as_bytes(), b"/node_modules/")
                .map_or("", |index| &base[..index]);
        }
    };
    // One package per name, version and source: the first installed copy, with the widest
    // scope of all copies.
    let mut unique: foldhash::HashMap<(&str, Option<&str>, &Source), usize> =
        foldhash::HashMap::default();
    let mut first_copy: Vec<usize> = Vec::new();
    let mut scopes: Vec<Scope> = Vec::new();
    let mut canonical = vec![usize::MAX; installed.len()];
    for (index, item) in installed.iter().enumerate() {
        let Some(package) = &item.package else {
            continue;
        };
        let key = (
            package.name.as_str(),
            package.version.as_deref(),
            &package.source,
        );
        let merged = *unique.entry(key).or_insert_with(|| {
            first_copy.push(index);
            scopes.push(package.scope);
            first_copy.len() - 1
        });
        scopes[merged] = scopes[merged].min(package.scope);
        canonical[index] = merged;
    }
    let mut dependencies = Vec::new();
    for (from, item) in installed.iter().enumerate() {
        if item.package.is_none() {
            continue;
        }
        for name in &item.dependencies {
            // Optional and peer dependencies are often not installed.
            if let Some(to) = resolve(&item.path, name) {
                dependencies.push(Dependency {
                    from: canonical[from],
                    to: canonical[to],
                });
            }
        }
    }
    drop(unique);
    let mut extracted = Extracted {
        dependencies,
        ..Extracted::default()
    };
    for (index, scope) in first_copy.into_iter().zip(scopes) {
        if let Some(mut package) = installed[index].package.take() {
            package.scope = scope;
            extracted.packages.push(package);
        }
    }
    extracted.dependencies.sort_unstable();
    extracted.dependencies.dedup();
    let direct = graph::direct_by_edges(&extracted);
    graph::assign_relationships(&mut extracted, &direct);
    extracted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::NoTree;

    fn run(text: &str) -> Extracted {
        extract(&Input {
            path: "package-lock.json",
            text,
            tree: &NoTree,
        })
        .unwrap()
    }

    #[test]
    fn reads_v3_with_nesting_aliases_and_workspaces() {
        let text = r#"{
  "name": "app",
  "lockfileVersion": 3,
  "packages": {
    "": { "name": "app", "version": "1.0.0", "dependencies": { "a": "^1", "b-alias": "npm:b@^2" }, "devDependencies": { "c": "1" } },
    "node_modules/a": { "version": "1.0.0", "resolved": "https://registry.npmjs.org/a/-/a-1.0.0.tgz", "integrity": "sha1-AAAA", "dependencies": { "c": "^2" } },
    "node_modules/a/node_modules/c": { "version": "2.0.0" },
    "node_modules/b-alias": { "name": "b", "version": "2.1.0" },
    "node_modules/c": { "version": "1.0.0", "dev": true },
    "node_modules/ws": { "resolved": "packages/ws", "link": true },
    "packages/ws": { "name": "ws", "version": "0.1.0" }
  }
}"#;
        let extracted = run(text);
        let find = |name: &str, version: &str| {
            extracted
                .packages
                .iter()
                .position(|p| p.name == name && p.version.as_deref() == Some(version))
                .unwrap_or_else(|| panic!("{name} {version}"))
        };
        let a = find("a", "1.0.0");
        assert_eq!(extracted.packages[a].relationship, Relationship::Direct);
        assert_eq!(extracted.packages[a].location.line, Some(6));
        assert_eq!(extracted.packages[a].hashes[0].value, "000000");
        let nested_c = find("c", "2.0.0");
        assert_eq!(
            extracted.packages[nested_c].relationship,
            Relationship::Transitive
        );
        assert!(extracted.dependencies.contains(&Dependency {
            from: a,
            to: nested_c
        }));
        assert_eq!(
            extracted.packages[find("b", "2.1.0")].relationship,
            Relationship::Direct
        );
        assert_eq!(
            extracted.packages[find("c", "1.0.0")].scope,
            Scope::Development
        );
        assert_eq!(
            extracted.packages[find("ws", "0.1.0")].relationship,
            Relationship::Root
        );
        assert_eq!(
            extracted.packages[find("app", "1.0.0")].relationship,
            Relationship::Root
        );
        assert_eq!(extracted.packages.len(), 6);
    }

    #[test]
    fn reads_v1_nesting() {
        let text = r#"{
  "lockfileVersion": 1,
  "requires": true,
  "dependencies": {
    "a": { "version": "1.0.0", "requires": { "b": "^1" }, "dependencies": { "b": { "version": "1.5.0" } } },
    "b": { "version": "2.0.0", "dev": true },
    "x": { "version": "npm:y@3.0.0" }
  }
}"#;
        let extracted = run(text);
        assert_eq!(extracted.packages.len(), 4);
        let b15 = extracted
            .packages
            .iter()
            .position(|p| p.version.as_deref() == Some("1.5.0"))
            .unwrap();
        assert_eq!(extracted.packages[b15].location.line, Some(5));
        assert_eq!(
            extracted.dependencies,
            vec![Dependency { from: 0, to: b15 }]
        );
        assert!(
            extracted
                .packages
                .iter()
                .any(|p| p.name == "y" && p.version.as_deref() == Some("3.0.0"))
        );
    }

    #[test]
    fn errors_name_the_line() {
        let error = extract(&Input {
            path: "package-lock.json",
            text: "{\n  \"packages\": {,\n}",
            tree: &NoTree,
        })
        .unwrap_err();
        assert!(error.to_string().starts_with("line 2, column"), "{error}");
    }
}
