//! `package.json`: the package itself and the ranges it declares.
//!
//! `dependencies`, `devDependencies`, `optionalDependencies` and `peerDependencies` each give
//! a direct package with its requirement. An alias (`"x": "npm:real@^1"`) is reported under
//! the real name; git, GitHub, `file:`, `link:`, `workspace:` and tarball specifications set
//! the source. A requirement that is one exact version also gives the version. Lockfile
//! extractors use [`Manifest`] to learn which packages the project asks for itself.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;
use steward_model::{Dependency, Location, Package, Relationship, Scope, Source};
use steward_purl::{Ecosystem, EcosystemName};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::javascript::npm_source;
use crate::json_lines::key_lines;

pub(crate) const FORMAT: Format = Format {
    id: "package-json",
    names: &[NamePattern::Exact("package.json")],
    ecosystem: "npm",
    versions: "all",
    reads: "the package (root), declared dependencies with their ranges and scope (dev, optional, peer), aliases, git/GitHub/file/link/workspace/tarball sources",
    gaps: "`overrides` and `resolutions` are not applied; dist-tags (`latest`) are kept as the requirement",
    extract,
};

/// The parts of a `package.json` steward reads.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Manifest<'a> {
    #[serde(borrow)]
    pub(crate) name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub(crate) version: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(crate) dependencies: BTreeMap<Cow<'a, str>, Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(crate) dev_dependencies: BTreeMap<Cow<'a, str>, Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(crate) optional_dependencies: BTreeMap<Cow<'a, str>, Cow<'a, str>>,
    #[serde(borrow, default)]
    pub(crate) peer_dependencies: BTreeMap<Cow<'a, str>, Cow<'a, str>>,
}

impl Manifest<'_> {
    /// Every declared dependency: the key, its specification, the table and its scope.
    pub(crate) fn declared(&self) -> impl Iterator<Item = (&str, &str, &'static str, Scope)> {
        [
            (&self.dependencies, "dependencies", Scope::Runtime),
            (
                &self.dev_dependencies,
                "devDependencies",
                Scope::Development,
            ),
            (
                &self.optional_dependencies,
                "optionalDependencies",
                Scope::Optional,
            ),
            (&self.peer_dependencies, "peerDependencies", Scope::Peer),
        ]
        .into_iter()
        .flat_map(|(table, key, scope)| {
            table.iter().map(move |(name, specification)| {
                (name.as_ref(), specification.as_ref(), key, scope)
            })
        })
    }

    /// The names of every declared dependency.
    pub(crate) fn dependency_names(&self) -> Vec<String> {
        self.declared().map(|(name, ..)| name.to_owned()).collect()
    }
}

/// The `package.json` in the input's directory, if it is there and can be read.
pub(crate) fn beside(input: &Input<'_>) -> Option<String> {
    input
        .tree
        .read(&format!("{}package.json", input.directory()))
}

/// What a dependency specification asks for: the real name (for aliases), the requirement,
/// and where it comes from.
pub(crate) fn specification<'a>(
    name: &'a str,
    specification: &'a str,
) -> (&'a str, Option<&'a str>, Source) {
    if let Some(rest) = specification.strip_prefix("npm:") {
        // `npm:real@range`; the real name may be scoped (`npm:@scope/real@1`).
        return match rest.get(1..).and_then(|tail| tail.find('@')) {
            Some(at) => (
                &rest[..=at],
                Some(&rest[at + 2..]),
                Source::Registry { url: None },
            ),
            None => (rest, None, Source::Registry { url: None }),
        };
    }
    if let Some(rest) = specification.strip_prefix("workspace:") {
        return (name, Some(rest), Source::Workspace);
    }
    if let Some(path) = specification
        .strip_prefix("file:")
        .or_else(|| specification.strip_prefix("link:"))
        .or_else(|| specification.strip_prefix("portal:"))
    {
        return (
            name,
            None,
            Source::Path {
                path: path.to_owned(),
            },
        );
    }
    let is_git = specification.starts_with("git")
        || specification.starts_with("github:")
        || specification.starts_with("gitlab:")
        || specification.starts_with("bitbucket:");
    if is_git {
        return (name, None, git_source(specification));
    }
    if specification.starts_with("http://") || specification.starts_with("https://") {
        // A tarball, or a git repository (`https://host/repo.git#ref`).
        let source = match git_source(specification) {
            git @ Source::Git { .. } => git,
            _ => Source::Url {
                url: specification.to_owned(),
            },
        };
        return (name, None, source);
    }
    if ["./", "../", "/", "~/"]
        .iter()
        .any(|prefix| specification.starts_with(prefix))
    {
        return (
            name,
            None,
            Source::Path {
                path: specification.to_owned(),
            },
        );
    }
    // `owner/repo` (with an optional `#ref`) is GitHub shorthand.
    if specification.contains('/') && !specification.contains(' ') {
        return (name, None, git_source(&format!("github:{specification}")));
    }
    (name, Some(specification), Source::Registry { url: None })
}

/// A git specification, its `#ref` kept as the reference asked for.
fn git_source(specification: &str) -> Source {
    let expanded = ["gitlab:", "bitbucket:"]
        .iter()
        .find_map(|prefix| {
            let rest = specification.strip_prefix(prefix)?;
            let host = if *prefix == "gitlab:" {
                "gitlab.com"
            } else {
                "bitbucket.org"
            };
            Some(format!("git+https://{host}/{rest}"))
        })
        .unwrap_or_else(|| specification.to_owned());
    match npm_source(&expanded) {
        Source::Git { url, commit, .. } => Source::Git {
            url,
            reference: commit,
            commit: None,
        },
        other => other,
    }
}

/// The exact version a requirement pins, if it is one version (`1.2.3`, `=1.2.3`, `v1.2.3`).
pub(crate) fn exact_version(requirement: &str) -> Option<&str> {
    let trimmed = requirement.trim();
    let version = trimmed.strip_prefix('=').unwrap_or(trimmed).trim_start();
    let version = version.strip_prefix('v').unwrap_or(version);
    semver::Version::parse(version).is_ok().then_some(version)
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let manifest: Manifest<'_> = serde_json::from_str(input.text)?;
    let mut extracted = Extracted::default();
    let npm = || Ecosystem::new(EcosystemName::Npm);
    let top = key_lines(input.text, &[]);
    if let Some(name) = &manifest.name {
        extracted.packages.push(
            Package::new(
                npm(),
                name,
                manifest.version.as_deref(),
                Location::new(input.path, top.get("name").copied()),
            )
            .with_relationship(Relationship::Root)
            .with_source(Source::Workspace),
        );
    }
    let mut lines = BTreeMap::new();
    for (key, spec, table, scope) in manifest.declared() {
        let table_lines = lines
            .entry(table)
            .or_insert_with(|| key_lines(input.text, &[table]));
        let (name, requirement, source) = specification(key, spec);
        let location = Location::new(input.path, table_lines.get(key).copied());
        extracted.packages.push(
            Package::new(npm(), name, requirement.and_then(exact_version), location)
                .with_requirement(requirement)
                .with_scope(scope)
                .with_relationship(Relationship::Direct)
                .with_source(source),
        );
    }
    if manifest.name.is_some() {
        extracted.dependencies = (1..extracted.packages.len())
            .map(|to| Dependency { from: 0, to })
            .collect();
    }
    Ok(extracted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specifications_name_their_source() {
        assert_eq!(
            specification("x", "npm:@scope/real@^1.2.0"),
            (
                "@scope/real",
                Some("^1.2.0"),
                Source::Registry { url: None }
            )
        );
        assert_eq!(
            specification("x", "^1 || ^2"),
            ("x", Some("^1 || ^2"), Source::Registry { url: None })
        );
        assert_eq!(
            specification("x", "workspace:^"),
            ("x", Some("^"), Source::Workspace)
        );
        assert_eq!(
            specification("x", "~1.2"),
            ("x", Some("~1.2"), Source::Registry { url: None })
        );
        assert_eq!(
            specification("x", "~/x"),
            ("x", None, Source::Path { path: "~/x".into() })
        );
        assert_eq!(
            specification("x", "file:../x"),
            (
                "x",
                None,
                Source::Path {
                    path: "../x".into()
                }
            )
        );
        assert_eq!(
            specification("x", "expressjs/express#4.x"),
            (
                "x",
                None,
                Source::Git {
                    url: "https://github.com/expressjs/express".into(),
                    reference: Some("4.x".into()),
                    commit: None
                }
            )
        );
        assert!(matches!(
            specification("x", "git+ssh://git@github.com/a/b.git#v1"),
            ("x", None, Source::Git { reference: Some(r), .. }) if r == "v1"
        ));
        assert!(matches!(
            specification("x", "https://example.com/x.tgz").2,
            Source::Url { .. }
        ));
        assert!(
            matches!(specification("x", "gitlab:a/b").2, Source::Git { url, .. } if url == "https://gitlab.com/a/b")
        );
    }

    #[test]
    fn exact_versions_are_pins() {
        assert_eq!(exact_version("1.2.3"), Some("1.2.3"));
        assert_eq!(exact_version("=v1.2.3-beta.1"), Some("1.2.3-beta.1"));
        assert_eq!(exact_version("^1.2.3"), None);
        assert_eq!(exact_version("1.2"), None);
    }
}
