//! `yarn.lock`: Yarn 1 (its own indented format) and Yarn Berry, 2 and later (YAML with a
//! `__metadata` entry).
//!
//! Each entry lists the descriptors it satisfies (`lodash@^4.17.0, lodash@^4.17.21`) and the
//! version it resolved to; dependencies name descriptors, which become edges. Berry also lists
//! the workspaces themselves (`app@workspace:.`), which are roots. Which dependencies are
//! direct, and which are for development only, the workspaces' `package.json` files say: the
//! one beside the lockfile and every other one below it in the scan.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use steward_model::{Dependency, HashAlgorithm, Location, Package, Relationship, Scope, Source};
use steward_purl::{Ecosystem, EcosystemName};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::graph;
use crate::javascript::{integrity_hashes, npm_source, package_json};

pub(crate) const FORMAT: Format = Format {
    id: "yarn-lock",
    names: &[NamePattern::Exact("yarn.lock")],
    ecosystem: "npm",
    versions: "Yarn 1; Yarn Berry (`__metadata` versions 4–10)",
    reads: "packages (aliases and patches under their real name), workspaces as roots, direct vs transitive and dev scope from the workspaces' `package.json`, sources (registry, git with commit, file/link/portal), integrity (Yarn 1) and checksums (Berry), dependency edges",
    gaps: "Berry's `checksum` is the hash of Yarn's own archive, recorded as `yarn-checksum`, not comparable with npm's integrity; without the `package.json` files relationships are unknown and scopes runtime",
    extract,
};

/// One entry, from either generation.
#[derive(Debug, Default)]
struct Entry {
    descriptors: Vec<String>,
    line: Option<u32>,
    version: Option<String>,
    /// Yarn 1's `resolved` or Berry's `resolution`.
    resolved: Option<String>,
    integrity: Option<String>,
    checksum: Option<String>,
    /// Dependency name and range, as written.
    dependencies: Vec<(String, String)>,
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let berry = is_berry(input.text);
    let entries = if berry {
        parse_berry(input.text)?
    } else {
        parse_classic(input.text)?
    };
    Ok(build(input, &entries, berry))
}

/// The name of a descriptor (`@scope/name@range` → `@scope/name`) and the range.
fn split_descriptor(descriptor: &str) -> (&str, &str) {
    match descriptor.get(1..).and_then(|rest| rest.find('@')) {
        Some(at) => (&descriptor[..=at], &descriptor[at + 2..]),
        None => (descriptor, ""),
    }
}

fn build(input: &Input<'_>, entries: &[Entry], berry: bool) -> Extracted {
    let mut extracted = Extracted::default();
    let mut by_descriptor: HashMap<&str, usize> = HashMap::new();
    let mut workspaces: Vec<(usize, String)> = Vec::new();
    for entry in entries {
        // Both parsers give every entry at least one descriptor.
        let first = entry.descriptors.first().map_or("", String::as_str);
        let index = extracted.packages.len();
        for descriptor in &entry.descriptors {
            by_descriptor.insert(descriptor, index);
        }
        let (key_name, range) = split_descriptor(first);
        let location = Location::new(input.path, entry.line);
        let npm = Ecosystem::new(EcosystemName::Npm);
        let mut package = match entry.resolved.as_deref() {
            Some(resolution) if berry => {
                let (name, reference) = split_descriptor(resolution);
                let (name, version, source) =
                    berry_origin(name, reference, entry.version.as_deref());
                if let Some(directory) = reference.strip_prefix("workspace:") {
                    workspaces.push((index, directory.to_owned()));
                }
                Package::new(npm, name, version, location).with_source(source)
            }
            resolved => {
                let (name, _, declared_source) = package_json::specification(key_name, range);
                let source = resolved.map_or(declared_source, classic_source);
                Package::new(npm, name, entry.version.as_deref(), location).with_source(source)
            }
        };
        if let Some(integrity) = &entry.integrity {
            match integrity_hashes(integrity) {
                Ok(hashes) => package.hashes = hashes,
                Err(error) => extracted.skipped.push(format!("`{first}`: {error}")),
            }
        } else if let Some(sha1) = entry
            .resolved
            .as_deref()
            .filter(|_| !berry)
            .and_then(|resolved| resolved.rsplit_once('#'))
            .map(|(_, fragment)| fragment)
            .filter(|fragment| {
                fragment.len() == 40 && fragment.bytes().all(|b| b.is_ascii_hexdigit())
            })
            .filter(|_| !matches!(package.source, Source::Git { .. }))
        {
            package = package.with_hash(HashAlgorithm::Sha1, &sha1.to_ascii_lowercase());
        }
        if let Some(checksum) = &entry.checksum {
            package = package.with_hash(HashAlgorithm::Other("yarn-checksum".to_owned()), checksum);
        }
        extracted.packages.push(package);
    }
    // A dependency whose descriptor has no entry was redirected by the project's
    // `resolutions`; when only one entry has that name, it is the one.
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, package) in extracted.packages.iter().enumerate() {
        by_name
            .entry(package.name.as_str())
            .or_default()
            .push(index);
    }
    let mut edges = Vec::new();
    for (from, entry) in entries.iter().enumerate() {
        for (name, range) in &entry.dependencies {
            let descriptor = format!("{name}@{range}");
            let only_one = || match by_name.get(name.as_str()).map(Vec::as_slice) {
                Some(&[index]) => Some(index),
                _ => None,
            };
            match by_descriptor
                .get(descriptor.as_str())
                .copied()
                .or_else(only_one)
            {
                Some(to) => edges.push(Dependency { from, to }),
                None => extracted.skipped.push(format!(
                    "the dependency `{descriptor}` of `{}` is not in the lockfile",
                    entry.descriptors.join(", ")
                )),
            }
        }
    }
    extracted.dependencies = edges;
    classify(input, &mut extracted, &by_descriptor, &workspaces);
    extracted
}

/// Direct dependencies and scopes, from the workspaces' `package.json` files.
fn classify(
    input: &Input<'_>,
    extracted: &mut Extracted,
    by_descriptor: &HashMap<&str, usize>,
    workspaces: &[(usize, String)],
) {
    let directory = input.directory();
    let mut manifests: Vec<String> = if workspaces.is_empty() {
        // Yarn 1 does not list workspaces: every `package.json` below the lockfile is taken as
        // one (installed packages are not walked).
        input
            .tree
            .files_named("package.json")
            .into_iter()
            .filter(|path| path.starts_with(directory))
            .collect()
    } else {
        workspaces
            .iter()
            .map(|(_, workspace)| match workspace.as_str() {
                "." | "" => format!("{directory}package.json"),
                relative => format!("{directory}{relative}/package.json"),
            })
            .collect()
    };
    let beside = format!("{directory}package.json");
    if !manifests.contains(&beside) {
        manifests.push(beside);
    }
    let mut root_edges: Vec<(usize, Scope)> = Vec::new();
    for path in &manifests {
        let Some(text) = input.tree.read(path) else {
            continue;
        };
        let Ok(manifest) = serde_json::from_str::<package_json::Manifest<'_>>(&text) else {
            continue;
        };
        let workspace = workspaces
            .iter()
            .find(|(index, _)| {
                manifest.name.as_deref() == Some(extracted.packages[*index].name.as_str())
            })
            .map(|(index, _)| *index);
        if let (Some(index), Some(version)) = (workspace, manifest.version.as_deref()) {
            extracted.packages[index].set_version(version);
        }
        for (name, range, _, scope) in manifest.declared() {
            // Yarn 1 keys are `name@range`; Berry adds the protocol (`npm:`) when there is none.
            let target = by_descriptor
                .get(format!("{name}@{range}").as_str())
                .or_else(|| by_descriptor.get(format!("{name}@npm:{range}").as_str()));
            if let Some(&to) = target {
                root_edges.push((to, scope));
                if let Some(from) = workspace {
                    extracted.dependencies.push(Dependency { from, to });
                }
            }
        }
    }
    extracted.dependencies.sort_unstable();
    extracted.dependencies.dedup();
    for (index, _) in workspaces {
        extracted.packages[*index].relationship = Relationship::Root;
    }
    graph::assign_scopes(extracted, &root_edges);
    let mut direct: Vec<usize> = root_edges.iter().map(|(to, _)| *to).collect();
    direct.extend(graph::direct_by_edges(extracted));
    graph::assign_relationships(extracted, &direct);
    // A patched package is listed beside the original it patches.
    graph::merge_duplicates(extracted);
}

/// A Berry resolution's real name, version and source. `reference` is what follows the name:
/// `npm:1.2.3`, `workspace:packages/a`, `patch:name@npm%3A1.2.3#…`, a git URL with
/// `#commit=…`, `file:…`, `link:…`, `portal:…`.
fn berry_origin<'a>(
    name: &'a str,
    reference: &'a str,
    version: Option<&'a str>,
) -> (&'a str, Option<&'a str>, Source) {
    if let Some(url) = reference
        .strip_prefix("npm:")
        .filter(|rest| rest.contains("://"))
    {
        return (
            name,
            version,
            Source::Url {
                url: url.to_owned(),
            },
        );
    }
    if reference.starts_with("npm:") {
        return (name, version, Source::Registry { url: None });
    }
    // Workspaces and links have no version of their own in the lockfile.
    let version = version.filter(|version| *version != "0.0.0-use.local");
    if reference.starts_with("workspace:") {
        return (name, version, Source::Workspace);
    }
    if let Some(patched) = reference.strip_prefix("patch:") {
        // `name@npm%3A1.2.3#…`: the patched package, percent-encoded.
        let inner = patched
            .split('#')
            .next()
            .unwrap_or(patched)
            .replace("%3A", ":");
        let (_, inner_reference) = split_descriptor(&inner);
        let source = if inner_reference.starts_with("npm:") {
            Source::Registry { url: None }
        } else {
            Source::Unknown
        };
        return (name, version, source);
    }
    for prefix in ["file:", "link:", "portal:"] {
        if let Some(path) = reference.strip_prefix(prefix) {
            let path = path
                .split("::")
                .next()
                .unwrap_or(path)
                .split('#')
                .next()
                .unwrap_or(path);
            return (
                name,
                version,
                Source::Path {
                    path: path.to_owned(),
                },
            );
        }
    }
    if reference.contains("://") || reference.starts_with("github:") {
        let (url, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let commit = fragment
            .split('&')
            .find_map(|pair| pair.strip_prefix("commit="))
            .map(str::to_owned);
        if url.ends_with(".tgz") && commit.is_none() {
            return (
                name,
                version,
                Source::Url {
                    url: url.to_owned(),
                },
            );
        }
        return (
            name,
            version,
            Source::Git {
                url: url.to_owned(),
                reference: None,
                commit,
            },
        );
    }
    (name, version, Source::Unknown)
}

/// A Yarn 1 `resolved` address: a registry tarball (`…tgz#sha1`), git (`…git#commit`), or a
/// file.
fn classic_source(resolved: &str) -> Source {
    if let git @ Source::Git { .. } = npm_source(resolved) {
        return git;
    }
    let url = resolved.split('#').next().unwrap_or(resolved);
    if url.starts_with("https://codeload.github.com/") {
        return Source::Url {
            url: url.to_owned(),
        };
    }
    npm_source(url)
}

/// Berry lockfiles are YAML, with a `__metadata` entry.
fn is_berry(text: &str) -> bool {
    text.lines().any(|line| line.starts_with("__metadata:"))
}

/// A Berry entry; `__metadata` reads as one too and is then dropped.
#[derive(Debug, Deserialize)]
struct BerryEntry {
    version: Option<String>,
    resolution: Option<String>,
    checksum: Option<String>,
    #[serde(default)]
    dependencies: BTreeMap<String, String>,
}

/// Yarn Berry: YAML. Entry lines are found by scanning for unindented keys.
fn parse_berry(text: &str) -> Result<Vec<Entry>, ExtractError> {
    let document: BTreeMap<String, BerryEntry> = crate::yaml::from_str(text)?;
    let mut lines: HashMap<String, u32> = HashMap::new();
    for (number, line) in text.lines().enumerate() {
        if let Some(key) = line
            .strip_suffix(':')
            .filter(|key| !key.starts_with([' ', '#', '\t']))
        {
            let key = key.trim_matches('"');
            lines.insert(
                key.to_owned(),
                u32::try_from(number + 1).unwrap_or(u32::MAX),
            );
        }
    }
    let mut entries = Vec::new();
    for (key, entry) in document {
        if key == "__metadata" || key.is_empty() {
            continue;
        }
        entries.push(Entry {
            descriptors: key.split(", ").map(str::to_owned).collect(),
            line: lines.get(&key).copied(),
            version: entry.version,
            resolved: entry.resolution,
            integrity: None,
            checksum: entry.checksum,
            dependencies: entry.dependencies.into_iter().collect(),
        });
    }
    Ok(entries)
}

/// Yarn 1: entries at column 0 (`descriptor, descriptor:`), fields indented by two spaces
/// (`version "1.0.0"`), and blocks of dependencies indented by four.
fn parse_classic(text: &str) -> Result<Vec<Entry>, ExtractError> {
    let mut entries: Vec<Entry> = Vec::new();
    // The block (`dependencies`, `optionalDependencies`, …) the current nested lines belong to.
    let mut block: Option<String> = None;
    for (index, raw_line) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let line = raw_line.strip_suffix('\r').unwrap_or(raw_line);
        let content = line.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        let error = |column: usize, message: &str| {
            ExtractError::at(
                number,
                u32::try_from(column + 1).unwrap_or(u32::MAX),
                message,
            )
        };
        match indent {
            0 => {
                let Some(list) = content.strip_suffix(':') else {
                    return Err(error(
                        content.len(),
                        "expected `:` at the end of an entry's descriptors",
                    ));
                };
                let mut descriptors = Vec::new();
                let mut rest = list;
                while !rest.is_empty() {
                    let (token, after) =
                        token(rest).map_err(|message| error(list.len() - rest.len(), &message))?;
                    descriptors.push(token);
                    rest = after.trim_start_matches(',').trim_start();
                }
                if descriptors.is_empty() {
                    return Err(error(0, "an entry without descriptors"));
                }
                entries.push(Entry {
                    descriptors,
                    line: Some(number),
                    ..Entry::default()
                });
                block = None;
            }
            2 | 4 => {
                let Some(entry) = entries.last_mut() else {
                    return Err(error(indent, "a field outside any entry"));
                };
                let (key, after) = token(content).map_err(|message| error(indent, &message))?;
                let after = after.trim_start();
                let opens_block = (after.is_empty() && key.ends_with(':')) || after == ":";
                if indent == 2 {
                    if opens_block {
                        block = Some(key.trim_end_matches(':').to_owned());
                        continue;
                    }
                    block = None;
                    let (value, _) = token(after)
                        .map_err(|message| error(line.len() - after.len(), &message))?;
                    match key.as_str() {
                        "version" => entry.version = Some(value),
                        "resolved" => entry.resolved = Some(value),
                        "integrity" => entry.integrity = Some(value),
                        _ => {}
                    }
                } else {
                    let (value, _) = token(after)
                        .map_err(|message| error(line.len() - after.len(), &message))?;
                    if matches!(
                        block.as_deref(),
                        Some("dependencies" | "optionalDependencies")
                    ) {
                        entry.dependencies.push((key, value));
                    }
                }
            }
            _ => return Err(error(0, "unexpected indentation")),
        }
    }
    Ok(entries)
}

/// One token: a double-quoted string (with JSON escapes) or a bare word up to whitespace or a
/// comma. Returns the token and the rest.
fn token(text: &str) -> Result<(String, &str), String> {
    if let Some(quoted) = text.strip_prefix('"') {
        let mut escaped = false;
        for (index, character) in quoted.char_indices() {
            match character {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    let raw = &text[..index + 2];
                    let value = if raw.contains('\\') {
                        serde_json::from_str(raw).map_err(|_| format!("invalid escape in {raw}"))?
                    } else {
                        quoted[..index].to_owned()
                    };
                    return Ok((value, &quoted[index + 1..]));
                }
                _ => escaped = false,
            }
        }
        return Err("a quoted string is not closed".to_owned());
    }
    let end = text.find([' ', '\t', ',']).unwrap_or(text.len());
    if end == 0 {
        return Err("expected a value".to_owned());
    }
    Ok((text[..end].to_owned(), &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_yaml_subset_reader_reads_every_corpus_lockfile() {
        crate::yaml::tests::subset_reads_the_corpus::<BTreeMap<String, BerryEntry>>(
            "yarn.lock",
            is_berry,
        );
    }
}
