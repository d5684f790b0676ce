//! `Cargo.toml`: the package itself and the dependencies it declares.
//!
//! Dependencies come from `[dependencies]`, `[dev-dependencies]` and `[build-dependencies]`,
//! also under `[target.<platform>]`. A renamed dependency (`package = "…"`) is reported under
//! its real name; `workspace = true` takes the declaration from `[workspace.dependencies]` of
//! this file or of the nearest `Cargo.toml` above it. `Cargo.lock` reads the same tables to
//! tell development and build dependencies apart.

use std::collections::BTreeMap;

use serde::Deserialize;
use steward_model::{Dependency, Location, Package, Relationship, Scope, Source};
use steward_purl::{Ecosystem, EcosystemName};
use toml::Spanned;

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern, toml_error};
use crate::text::LineIndex;

pub(crate) const FORMAT: Format = Format {
    id: "cargo-toml",
    names: &[NamePattern::Exact("Cargo.toml")],
    ecosystem: "crates.io",
    versions: "all editions",
    reads: "the package (root), declared dependencies with requirement, scope (dev, build, optional), renames, git/path/registry sources, workspace inheritance",
    gaps: "`[patch]` and `[replace]` are not applied; inheritance looks only at `Cargo.toml` files above the input within the path given",
    extract,
};

/// The parts of a `Cargo.toml` steward reads.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Manifest {
    package: Option<PackageSection>,
    // Not flattened: flattening would lose the keys' positions.
    #[serde(default)]
    dependencies: BTreeMap<Spanned<String>, toml::Value>,
    #[serde(default, rename = "dev-dependencies", alias = "dev_dependencies")]
    dev_dependencies: BTreeMap<Spanned<String>, toml::Value>,
    #[serde(default, rename = "build-dependencies", alias = "build_dependencies")]
    build_dependencies: BTreeMap<Spanned<String>, toml::Value>,
    #[serde(default)]
    target: BTreeMap<String, DependencyTables>,
    workspace: Option<WorkspaceSection>,
}

#[derive(Debug, Deserialize)]
struct PackageSection {
    name: Option<String>,
    version: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
struct WorkspaceSection {
    package: Option<WorkspacePackage>,
    #[serde(default)]
    dependencies: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
struct WorkspacePackage {
    version: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct DependencyTables {
    #[serde(default)]
    dependencies: BTreeMap<Spanned<String>, toml::Value>,
    #[serde(default, rename = "dev-dependencies", alias = "dev_dependencies")]
    dev_dependencies: BTreeMap<Spanned<String>, toml::Value>,
    #[serde(default, rename = "build-dependencies", alias = "build_dependencies")]
    build_dependencies: BTreeMap<Spanned<String>, toml::Value>,
}

/// One declared dependency, resolved against the workspace.
#[derive(Debug)]
pub(crate) struct Declared {
    /// The package's real name (after `package = "…"`).
    pub(crate) name: String,
    pub(crate) requirement: Option<String>,
    pub(crate) scope: Scope,
    pub(crate) source: Source,
    /// The byte offset of the key in the manifest.
    pub(crate) offset: usize,
}

impl Manifest {
    pub(crate) fn parse(text: &str) -> Result<Self, ExtractError> {
        toml::from_str(text).map_err(|error| toml_error(text, &error))
    }

    /// The package's name, if this manifest has a `[package]`.
    pub(crate) fn package_name(&self) -> Option<&str> {
        self.package.as_ref()?.name.as_deref()
    }

    /// Every declared dependency. `workspace` is the manifest holding
    /// `[workspace.dependencies]`, when it is another file.
    pub(crate) fn declared(&self, workspace: Option<&Self>) -> Vec<Declared> {
        let inherited = |name: &str| {
            [Some(self), workspace]
                .into_iter()
                .flatten()
                .find_map(|manifest| manifest.workspace.as_ref()?.dependencies.get(name))
        };
        let own = [
            (&self.dependencies, Scope::Runtime),
            (&self.dev_dependencies, Scope::Development),
            (&self.build_dependencies, Scope::Build),
        ];
        let per_target = self.target.values().flat_map(|tables| {
            [
                (&tables.dependencies, Scope::Runtime),
                (&tables.dev_dependencies, Scope::Development),
                (&tables.build_dependencies, Scope::Build),
            ]
        });
        own.into_iter()
            .chain(per_target)
            .flat_map(|(entries, scope)| {
                entries
                    .iter()
                    .map(move |(key, value)| declare(key, value, scope, inherited(key.get_ref())))
            })
            .collect()
    }
}

/// One dependency entry: `"1.0"`, or a table with `version`, `git`, `path`, `package`, …
fn declare(
    key: &Spanned<String>,
    value: &toml::Value,
    scope: Scope,
    inherited: Option<&toml::Value>,
) -> Declared {
    let field = |name: &str| {
        value
            .get(name)
            .or_else(|| inherited.and_then(|inherited| inherited.get(name)))
            .and_then(toml::Value::as_str)
    };
    let uses_workspace = value.get("workspace").and_then(toml::Value::as_bool) == Some(true);
    let requirement = match (value.as_str(), uses_workspace) {
        (Some(requirement), _) => Some(requirement.to_owned()),
        (None, true) => inherited
            .and_then(|inherited| {
                inherited
                    .as_str()
                    .or_else(|| inherited.get("version")?.as_str())
            })
            .map(str::to_owned),
        (None, false) => field("version").map(str::to_owned),
    };
    let optional = value.get("optional").and_then(toml::Value::as_bool) == Some(true);
    let source = if let Some(url) = field("git") {
        Source::Git {
            url: url.to_owned(),
            reference: field("rev")
                .or_else(|| field("tag"))
                .or_else(|| field("branch"))
                .map(str::to_owned),
            commit: None,
        }
    } else if let Some(path) = field("path") {
        Source::Path {
            path: path.to_owned(),
        }
    } else {
        Source::Registry {
            url: field("registry-index").map(str::to_owned),
        }
    };
    Declared {
        name: field("package").unwrap_or(key.get_ref()).to_owned(),
        requirement,
        scope: if optional && scope == Scope::Runtime {
            Scope::Optional
        } else {
            scope
        },
        source,
        offset: key.span().start,
    }
}

/// The nearest manifest above `input` that has a `[workspace]`, read through the tree.
pub(crate) fn workspace_manifest(input: &Input<'_>) -> Option<Manifest> {
    input
        .paths_above("Cargo.toml")
        .into_iter()
        .find_map(|path| {
            let manifest = Manifest::parse(&input.tree.read(&path)?).ok()?;
            manifest.workspace.is_some().then_some(manifest)
        })
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let manifest = Manifest::parse(input.text)?;
    let workspace = if manifest.workspace.is_some() {
        None
    } else {
        workspace_manifest(input)
    };
    let lines = LineIndex::new(input.text);
    let ecosystem = || Ecosystem::new(EcosystemName::CratesIo);
    let mut extracted = Extracted::default();
    if let Some(package) = &manifest.package
        && let Some(name) = &package.name
    {
        let version = match &package.version {
            Some(toml::Value::String(version)) => Some(version.clone()),
            Some(inherited) if inherited.get("workspace").is_some() => {
                [Some(&manifest), workspace.as_ref()]
                    .into_iter()
                    .flatten()
                    .find_map(|manifest| {
                        manifest
                            .workspace
                            .as_ref()?
                            .package
                            .as_ref()?
                            .version
                            .clone()
                    })
            }
            // Cargo's default when `version` is left out.
            _ => Some("0.0.0".to_owned()),
        };
        let line = header_line(input.text, "[package]");
        extracted.packages.push(
            Package::new(
                ecosystem(),
                name,
                version.as_deref(),
                Location::new(input.path, line),
            )
            .with_relationship(Relationship::Root)
            .with_source(Source::Workspace),
        );
    }
    for declared in manifest.declared(workspace.as_ref()) {
        let location = Location::new(input.path, Some(lines.line(declared.offset)));
        extracted.packages.push(
            Package::new(ecosystem(), &declared.name, None, location)
                .with_requirement(declared.requirement.as_deref())
                .with_scope(declared.scope)
                .with_relationship(Relationship::Direct)
                .with_source(declared.source),
        );
    }
    if manifest.package.is_some() {
        // The package is the first; it depends on everything it declares.
        extracted.dependencies = (1..extracted.packages.len())
            .map(|to| Dependency { from: 0, to })
            .collect();
    }
    Ok(extracted)
}

/// The line of the first line that is exactly `header`.
fn header_line(text: &str, header: &str) -> Option<u32> {
    crate::text::header_lines(text, header).first().copied()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{MemoryTree, NoTree};

    #[test]
    fn reads_declared_dependencies_with_renames_and_sources() {
        let text = r#"
[package]
name = "app"
version = "0.2.0"

[dependencies]
serde = "1.0"
json = { package = "serde_json", version = "1", optional = true }
local = { path = "../local" }
fork = { git = "https://github.com/a/fork", branch = "main" }

[dev-dependencies]
proptest = "1"

[target.'cfg(unix)'.build-dependencies]
cc = "1.0.90"
"#;
        let extracted = extract(&Input {
            path: "Cargo.toml",
            text,
            tree: &NoTree,
        })
        .unwrap();
        let summary: Vec<(String, Option<String>, Scope, Option<u32>)> = extracted
            .packages
            .iter()
            .map(|p| {
                (
                    p.name.clone(),
                    p.requirement.clone(),
                    p.scope,
                    p.location.line,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("app".to_owned(), None, Scope::Runtime, Some(2)),
                ("fork".to_owned(), None, Scope::Runtime, Some(10)),
                (
                    "serde_json".to_owned(),
                    Some("1".to_owned()),
                    Scope::Optional,
                    Some(8)
                ),
                ("local".to_owned(), None, Scope::Runtime, Some(9)),
                (
                    "serde".to_owned(),
                    Some("1.0".to_owned()),
                    Scope::Runtime,
                    Some(7)
                ),
                (
                    "proptest".to_owned(),
                    Some("1".to_owned()),
                    Scope::Development,
                    Some(13)
                ),
                (
                    "cc".to_owned(),
                    Some("1.0.90".to_owned()),
                    Scope::Build,
                    Some(16)
                ),
            ]
        );
        assert_eq!(extracted.packages[0].version.as_deref(), Some("0.2.0"));
        assert_eq!(extracted.packages[0].relationship, Relationship::Root);
        assert!(
            matches!(&extracted.packages[1].source, Source::Git { reference: Some(r), .. } if r == "main")
        );
        assert_eq!(
            extracted.packages[3].source,
            Source::Path {
                path: "../local".into()
            }
        );
        assert_eq!(extracted.dependencies.len(), 6);
    }

    #[test]
    fn inherits_from_the_workspace() {
        let workspace = MemoryTree::new([(
            "Cargo.toml",
            "[workspace]\nmembers = [\"crates/*\"]\n[workspace.package]\nversion = \"3.1.0\"\n[workspace.dependencies]\nanyhow = \"1.0.80\"\nlog = { version = \"0.4\", default-features = false }\n",
        )]);
        let text = "[package]\nname = \"member\"\nversion.workspace = true\n[dependencies]\nanyhow = { workspace = true }\nlog.workspace = true\n";
        let extracted = extract(&Input {
            path: "crates/member/Cargo.toml",
            text,
            tree: &workspace,
        })
        .unwrap();
        assert_eq!(extracted.packages[0].version.as_deref(), Some("3.1.0"));
        assert_eq!(extracted.packages[1].requirement.as_deref(), Some("1.0.80"));
        assert_eq!(extracted.packages[2].requirement.as_deref(), Some("0.4"));
    }
}
