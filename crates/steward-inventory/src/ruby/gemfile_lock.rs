//! `Gemfile.lock`, Bundler's lockfile.
//!
//! Sections `GEM` (a gem server), `GIT` (a repository at a `revision`) and `PATH` (a local
//! directory) each list `specs:` — `name (version)` indented by four spaces, their
//! dependencies by six. A version may carry a platform (`1.17.4-x86_64-linux`); one gem built
//! for several platforms is one package. `DEPENDENCIES` lists what the Gemfile asks for (the
//! direct dependencies) and `CHECKSUMS` (Bundler 2.6+) the SHA-256 of each gem. The groups of
//! the `Gemfile` beside the lockfile (`group :development, :test do`) give development scope.

use std::collections::HashMap;

use steward_model::{Dependency, HashAlgorithm, Location, Package, Scope, Source};
use steward_purl::{Ecosystem, EcosystemName};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::graph;
use crate::ruby::gemfile_groups;

pub(crate) const FORMAT: Format = Format {
    id: "gemfile-lock",
    names: &[
        NamePattern::Exact("Gemfile.lock"),
        NamePattern::Exact("gems.locked"),
    ],
    ecosystem: "RubyGems",
    versions: "Bundler 1.x–4.x",
    reads: "gems from GEM, GIT (with revision), PATH (`remote: .` is the project's own gemspec, the root) and PLUGIN SOURCE sections, platform variants as one gem, `CHECKSUMS` hashes, dependency edges, direct dependencies from `DEPENDENCIES`, development scope from the groups of the `Gemfile` beside it",
    gaps: "the `Gemfile` is read by pattern, not run: groups set by Ruby code other than `group … do` blocks and `group:` options are not seen",
    extract,
};

/// The section being read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Gem,
    Git,
    Path,
    /// `PLUGIN SOURCE`: gems from a source a Bundler plugin provides.
    Plugin,
    Dependencies,
    Checksums,
    /// `PLATFORMS`, `RUBY VERSION`, `BUNDLED WITH`: nothing to list.
    Other,
    /// A section steward does not know, reported if it lists gems.
    Unknown,
}

/// A gem being collected (once, whatever the number of platforms), with the names it depends
/// on.
struct Spec {
    package: Package,
    dependencies: Vec<String>,
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let mut section = Section::Other;
    let mut remote: Option<String> = None;
    let mut revision: Option<String> = None;
    let mut reference: Option<String> = None;
    let mut specs: Vec<Spec> = Vec::new();
    let mut by_key: HashMap<(String, String), usize> = HashMap::new();
    let mut direct: Vec<String> = Vec::new();
    let mut checksums: Vec<(String, String, String)> = Vec::new();
    let mut skipped = Vec::new();
    let mut current: Option<usize> = None;
    let mut section_name = "";
    for (index, raw) in input.text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let content = line.trim();
        if indent == 0 {
            section = match content {
                "GEM" => Section::Gem,
                "GIT" => Section::Git,
                "PATH" => Section::Path,
                "PLUGIN SOURCE" => Section::Plugin,
                "DEPENDENCIES" => Section::Dependencies,
                "CHECKSUMS" => Section::Checksums,
                "PLATFORMS" | "RUBY VERSION" | "BUNDLED WITH" => Section::Other,
                _ => Section::Unknown,
            };
            section_name = content;
            remote = None;
            revision = None;
            reference = None;
            current = None;
            continue;
        }
        match section {
            Section::Gem | Section::Git | Section::Path | Section::Plugin => {
                if indent == 2 {
                    if let Some((key, value)) = content.split_once(": ") {
                        match key {
                            "remote" => remote = Some(value.to_owned()),
                            "revision" => revision = Some(value.to_owned()),
                            "branch" | "tag" | "ref" => reference = Some(value.to_owned()),
                            _ => {}
                        }
                    }
                } else if indent == 4 {
                    let Some((name, version)) = name_and_version(content) else {
                        skipped.push(format!("line {number}: expected `name (version)`"));
                        current = None;
                        continue;
                    };
                    let version = version.unwrap_or_default();
                    // `1.17.4-x86_64-linux`: the version, then the platform.
                    let plain = version.split_once('-').map_or(version, |(plain, _)| plain);
                    let key = (name.to_owned(), plain.to_owned());
                    if let Some(&existing) = by_key.get(&key) {
                        current = Some(existing);
                        continue;
                    }
                    let source = match section {
                        Section::Gem => Source::Registry {
                            url: remote
                                .as_ref()
                                .map(|url| url.trim_end_matches('/').to_owned()),
                        },
                        Section::Git => Source::Git {
                            url: remote.clone().unwrap_or_default(),
                            reference: reference.clone(),
                            commit: revision.clone(),
                        },
                        // The gemspec of the project itself (`gemspec` in the Gemfile).
                        Section::Path if remote.as_deref() == Some(".") => Source::Workspace,
                        Section::Path => Source::Path {
                            path: remote.clone().unwrap_or_default(),
                        },
                        _ => Source::Unknown,
                    };
                    let mut package = Package::new(
                        Ecosystem::new(EcosystemName::RubyGems),
                        name,
                        Some(plain),
                        Location::new(input.path, Some(number)),
                    );
                    if source == Source::Workspace {
                        package.relationship = steward_model::Relationship::Root;
                    }
                    let package = package.with_source(source);
                    by_key.insert(key, specs.len());
                    current = Some(specs.len());
                    specs.push(Spec {
                        package,
                        dependencies: Vec::new(),
                    });
                } else if indent == 6
                    && let Some(index) = current
                    && let Some((name, _)) = name_and_version(content)
                    && !specs[index].dependencies.iter().any(|known| known == name)
                {
                    specs[index].dependencies.push(name.to_owned());
                }
            }
            Section::Dependencies if indent == 2 => {
                if let Some((name, _)) = name_and_version(content.trim_end_matches('!')) {
                    direct.push(name.to_owned());
                }
            }
            Section::Checksums if indent == 2 => {
                if let Some((entry, digest)) = content.rsplit_once(' ')
                    && let Some((name, Some(version))) = name_and_version(entry)
                    && let Some(value) = digest.strip_prefix("sha256=")
                {
                    let plain = version.split_once('-').map_or(version, |(plain, _)| plain);
                    checksums.push((
                        name.to_owned(),
                        plain.to_owned(),
                        value.to_ascii_lowercase(),
                    ));
                }
            }
            Section::Unknown if indent == 2 && content == "specs:" => skipped.push(format!(
                "line {number}: the section `{section_name}` is not one steward knows; its gems are not listed"
            )),
            _ => {}
        }
    }
    if specs.is_empty()
        && !input
            .text
            .lines()
            .any(|line| matches!(line.trim_end(), "GEM" | "GIT" | "PATH"))
    {
        return Err(ExtractError::syntax(
            "no GEM, GIT or PATH section: this is not a Gemfile.lock",
        ));
    }
    for (name, version, value) in checksums {
        if let Some(&index) = by_key.get(&(name, version)) {
            let package = &mut specs[index].package;
            package.hashes.push(steward_model::Hash {
                algorithm: HashAlgorithm::Sha256,
                value,
            });
        }
    }
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (index, spec) in specs.iter().enumerate() {
        by_name.entry(spec.package.name.clone()).or_insert(index);
    }
    let mut extracted = Extracted {
        skipped,
        ..Extracted::default()
    };
    for (from, spec) in specs.iter().enumerate() {
        for name in &spec.dependencies {
            // Bundler leaves out dependencies that no platform of the project needs.
            if let Some(&to) = by_name.get(name) {
                extracted.dependencies.push(Dependency { from, to });
            }
        }
    }
    extracted.packages = specs.into_iter().map(|spec| spec.package).collect();
    let groups = input
        .tree
        .read(&format!("{}Gemfile", input.directory()))
        .or_else(|| input.tree.read(&format!("{}gems.rb", input.directory())))
        .map(|text| gemfile_groups(&text));
    let root_edges: Vec<(usize, Scope)> = direct
        .iter()
        .filter_map(|name| {
            let index = *by_name.get(name)?;
            let scope = match groups.as_ref().and_then(|groups| groups.get(name)) {
                Some(groups) if groups.iter().all(|group| is_development(group)) => {
                    Scope::Development
                }
                _ => Scope::Runtime,
            };
            Some((index, scope))
        })
        .collect();
    graph::assign_scopes(&mut extracted, &root_edges);
    let direct: Vec<usize> = root_edges.iter().map(|(index, _)| *index).collect();
    graph::assign_relationships(&mut extracted, &direct);
    Ok(extracted)
}

/// Groups whose gems are not needed to run the application.
fn is_development(group: &str) -> bool {
    matches!(
        group,
        "development" | "test" | "assets" | "ci" | "lint" | "rubocop" | "tools" | "debug"
    )
}

/// `name (version)` or `name (requirement)` or a bare `name`.
fn name_and_version(text: &str) -> Option<(&str, Option<&str>)> {
    match text.split_once(" (") {
        Some((name, rest)) => Some((name.trim(), Some(rest.strip_suffix(')')?.trim()))),
        None if !text.is_empty() && !text.contains(' ') => Some((text, None)),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_versions_and_requirements() {
        assert_eq!(
            name_and_version("rails (7.1.3)"),
            Some(("rails", Some("7.1.3")))
        );
        assert_eq!(
            name_and_version("rack (>= 2.2.4, < 4)"),
            Some(("rack", Some(">= 2.2.4, < 4")))
        );
        assert_eq!(name_and_version("docile"), Some(("docile", None)));
        assert_eq!(name_and_version("bad entry"), None);
    }
}
