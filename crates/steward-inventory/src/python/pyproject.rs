//! `pyproject.toml`: the project and the dependencies it declares.
//!
//! PEP 621 `[project]` (`dependencies` at run time, `optional-dependencies` as optional),
//! PEP 735 `[dependency-groups]` (development), Poetry's `[tool.poetry]` (`dependencies`,
//! `dev-dependencies`, `group.<name>.dependencies`), uv's `tool.uv.dev-dependencies` and
//! `tool.uv.sources`, and PDM's `tool.pdm.dev-dependencies`. The lockfile extractors use
//! [`Manifest::declared`] to tell direct dependencies and their scopes.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use steward_model::{Dependency, Location, Relationship, Scope, Source};
use steward_purl::{EcosystemName, normalize_name};
use toml::Spanned;

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern, toml_error};
use crate::python::{exact_pin, package, parse_requirement, url_source};
use crate::text::{LineIndex, header_lines};

pub(crate) const FORMAT: Format = Format {
    id: "pyproject-toml",
    names: &[NamePattern::Exact("pyproject.toml")],
    ecosystem: "PyPI",
    versions: "PEP 621, PEP 735, Poetry 1–2, uv, PDM",
    reads: "the project (root), declared dependencies with their specifiers and scope (optional extras, development groups), exact pins as versions, git/path/URL sources (including `tool.uv.sources`)",
    gaps: "environment markers are not evaluated; `dynamic` dependencies are not resolved",
    extract,
};

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) struct Manifest {
    project: Option<Project>,
    /// Each item a requirement string or `{include-group = "…"}` (the included group is listed
    /// on its own).
    #[serde(default)]
    dependency_groups: BTreeMap<String, Vec<Spanned<toml::Value>>>,
    #[serde(default)]
    tool: Tool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Project {
    name: Option<String>,
    version: Option<String>,
    #[serde(default)]
    dependencies: Vec<Spanned<String>>,
    #[serde(default)]
    optional_dependencies: BTreeMap<String, Vec<Spanned<String>>>,
}

#[derive(Debug, Default, Deserialize)]
struct Tool {
    #[serde(default)]
    poetry: Poetry,
    #[serde(default)]
    uv: Uv,
    #[serde(default)]
    pdm: Pdm,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Poetry {
    name: Option<String>,
    version: Option<String>,
    #[serde(default)]
    dependencies: BTreeMap<Spanned<String>, toml::Value>,
    #[serde(default)]
    dev_dependencies: BTreeMap<Spanned<String>, toml::Value>,
    #[serde(default)]
    group: BTreeMap<String, PoetryGroup>,
}

#[derive(Debug, Default, Deserialize)]
struct PoetryGroup {
    #[serde(default)]
    dependencies: BTreeMap<Spanned<String>, toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Uv {
    #[serde(default)]
    dev_dependencies: Vec<Spanned<String>>,
    #[serde(default)]
    sources: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Pdm {
    #[serde(default)]
    dev_dependencies: BTreeMap<String, Vec<Spanned<String>>>,
}

/// One declared dependency.
#[derive(Debug)]
pub(crate) struct Declared {
    pub(crate) name: String,
    pub(crate) requirement: Option<String>,
    pub(crate) version: Option<String>,
    pub(crate) scope: Scope,
    pub(crate) source: Source,
    /// The byte offset of the declaration.
    pub(crate) offset: usize,
}

impl Manifest {
    pub(crate) fn parse(text: &str) -> Result<Self, ExtractError> {
        toml::from_str(text).map_err(|error| toml_error(text, &error))
    }

    /// The project's name and version (`[project]`, else `[tool.poetry]`).
    pub(crate) fn project(&self) -> Option<(&str, Option<&str>)> {
        let project = self.project.as_ref();
        let name = project.and_then(|project| project.name.as_deref()).or(self
            .tool
            .poetry
            .name
            .as_deref())?;
        let version = project
            .and_then(|project| project.version.as_deref())
            .or(self.tool.poetry.version.as_deref());
        Some((name, version))
    }

    /// The names of the optional-dependency groups (extras).
    pub(crate) fn extras(&self) -> Vec<&str> {
        self.project
            .iter()
            .flat_map(|project| project.optional_dependencies.keys())
            .map(String::as_str)
            .collect()
    }

    /// Every declared dependency, the first declaration of a name in a scope only. Problems
    /// (unreadable requirement strings) are returned beside.
    pub(crate) fn declared(&self) -> (Vec<Declared>, Vec<String>) {
        let mut declared = Vec::new();
        let mut problems = Vec::new();
        let mut pep508 =
            |item: &Spanned<String>, scope: Scope| match parse_requirement(item.get_ref()) {
                Ok(requirement) => {
                    let source = requirement
                        .url
                        .map_or(Source::Registry { url: None }, url_source);
                    declared.push(Declared {
                        name: requirement.name.to_owned(),
                        requirement: requirement.specifier.map(str::to_owned),
                        version: requirement.specifier.and_then(exact_pin).map(str::to_owned),
                        scope,
                        source,
                        offset: item.span().start,
                    });
                }
                Err(error) => problems.push(error),
            };
        if let Some(project) = &self.project {
            for item in &project.dependencies {
                pep508(item, Scope::Runtime);
            }
            for item in project.optional_dependencies.values().flatten() {
                pep508(item, Scope::Optional);
            }
        }
        for item in self.dependency_groups.values().flatten() {
            if let Some(text) = item.get_ref().as_str() {
                pep508(
                    &Spanned::new(item.span(), text.to_owned()),
                    Scope::Development,
                );
            }
        }
        for item in &self.tool.uv.dev_dependencies {
            pep508(item, Scope::Development);
        }
        for item in self.tool.pdm.dev_dependencies.values().flatten() {
            pep508(item, Scope::Development);
        }
        let poetry = &self.tool.poetry;
        let groups = poetry.group.iter().map(|(name, group)| {
            let scope = if name == "main" {
                Scope::Runtime
            } else {
                Scope::Development
            };
            (&group.dependencies, scope)
        });
        for (table, scope) in [
            (&poetry.dependencies, Scope::Runtime),
            (&poetry.dev_dependencies, Scope::Development),
        ]
        .into_iter()
        .chain(groups)
        {
            for (key, value) in table {
                if key.get_ref() != "python" {
                    declared.push(poetry_declaration(key, value, scope));
                }
            }
        }
        // `tool.uv.sources` says where declared packages come from.
        for item in &mut declared {
            let normalized = normalize_name(&EcosystemName::PyPi, &item.name).into_owned();
            let source = self
                .tool
                .uv
                .sources
                .iter()
                .find(|(name, _)| normalize_name(&EcosystemName::PyPi, name) == normalized)
                .and_then(|(_, value)| uv_source(value));
            if let Some(source) = source {
                item.source = source;
            }
        }
        let mut seen = HashSet::new();
        declared.retain(|item| {
            seen.insert((
                normalize_name(&EcosystemName::PyPi, &item.name).into_owned(),
                item.scope,
            ))
        });
        (declared, problems)
    }
}

/// A Poetry declaration: `"^1.2"`, or a table with `version`, `optional`, `git`, `path`, `url`.
fn poetry_declaration(key: &Spanned<String>, value: &toml::Value, scope: Scope) -> Declared {
    let field = |name: &str| value.get(name).and_then(toml::Value::as_str);
    let requirement = match value {
        toml::Value::String(requirement) => Some(requirement.clone()),
        toml::Value::Array(alternatives) => {
            let versions: Vec<&str> = alternatives
                .iter()
                .filter_map(|alternative| alternative.get("version")?.as_str())
                .collect();
            (!versions.is_empty()).then(|| versions.join(" || "))
        }
        _ => field("version").map(str::to_owned),
    };
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
    } else if let Some(url) = field("url") {
        Source::Url {
            url: url.to_owned(),
        }
    } else {
        Source::Registry { url: None }
    };
    let optional = value.get("optional").and_then(toml::Value::as_bool) == Some(true);
    // In Poetry a bare version (`1.2.3`) is an exact requirement, like `==1.2.3`.
    let version = requirement.as_deref().and_then(|requirement| {
        exact_pin(requirement).or_else(|| {
            requirement
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.')
                .then_some(requirement)
                .filter(|requirement| requirement.starts_with(|c: char| c.is_ascii_digit()))
        })
    });
    Declared {
        name: key.get_ref().clone(),
        version: version.map(str::to_owned),
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

/// A `tool.uv.sources` entry: `{git, rev|tag|branch}`, `{path}`, `{url}`, `{workspace = true}`.
fn uv_source(value: &toml::Value) -> Option<Source> {
    let field = |name: &str| value.get(name).and_then(toml::Value::as_str);
    if let Some(url) = field("git") {
        return Some(Source::Git {
            url: url.to_owned(),
            reference: field("rev")
                .or_else(|| field("tag"))
                .or_else(|| field("branch"))
                .map(str::to_owned),
            commit: None,
        });
    }
    if let Some(path) = field("path") {
        return Some(Source::Path {
            path: path.to_owned(),
        });
    }
    if let Some(url) = field("url") {
        return Some(Source::Url {
            url: url.to_owned(),
        });
    }
    if value.get("workspace").and_then(toml::Value::as_bool) == Some(true) {
        return Some(Source::Workspace);
    }
    None
}

/// The `pyproject.toml` beside an input, if it is there and can be read.
pub(crate) fn beside(input: &Input<'_>) -> Option<Manifest> {
    let text = input
        .tree
        .read(&format!("{}pyproject.toml", input.directory()))?;
    Manifest::parse(&text).ok()
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let manifest = Manifest::parse(input.text)?;
    let lines = LineIndex::new(input.text);
    let mut extracted = Extracted::default();
    let root = manifest.project();
    if let Some((name, version)) = root {
        let line = header_lines(input.text, "[project]")
            .into_iter()
            .chain(header_lines(input.text, "[tool.poetry]"))
            .next();
        extracted.packages.push(
            package(name, version, Location::new(input.path, line))
                .with_relationship(Relationship::Root)
                .with_source(Source::Workspace),
        );
    }
    let (declared, problems) = manifest.declared();
    extracted.skipped = problems;
    for item in declared {
        let location = Location::new(input.path, Some(lines.line(item.offset)));
        extracted.packages.push(
            package(&item.name, item.version.as_deref(), location)
                .with_requirement(item.requirement.as_deref())
                .with_scope(item.scope)
                .with_relationship(Relationship::Direct)
                .with_source(item.source),
        );
    }
    if root.is_some() {
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
    fn declared_dependencies_of_every_tool() {
        let text = r#"
[project]
name = "demo"
version = "1.0.0"
dependencies = ["requests>=2.31", "tomli ; python_version < '3.11'", "lib @ git+https://github.com/a/lib.git@v1"]

[project.optional-dependencies]
fast = ["orjson==3.10.0"]

[dependency-groups]
test = ["pytest>=8", {include-group = "lint"}]
lint = ["ruff"]

[tool.poetry.group.docs.dependencies]
mkdocs = "^1.5"

[tool.uv.sources]
requests = { git = "https://github.com/psf/requests", tag = "v2.31.0" }
"#;
        let manifest = Manifest::parse(text).unwrap();
        assert_eq!(manifest.project(), Some(("demo", Some("1.0.0"))));
        let (declared, problems) = manifest.declared();
        assert!(problems.is_empty());
        let summary: Vec<(&str, Scope, Option<&str>)> = declared
            .iter()
            .map(|item| (item.name.as_str(), item.scope, item.version.as_deref()))
            .collect();
        assert_eq!(
            summary,
            [
                ("requests", Scope::Runtime, None),
                ("tomli", Scope::Runtime, None),
                ("lib", Scope::Runtime, None),
                ("orjson", Scope::Optional, Some("3.10.0")),
                ("ruff", Scope::Development, None),
                ("pytest", Scope::Development, None),
                ("mkdocs", Scope::Development, None),
            ]
        );
        assert!(
            matches!(&declared[0].source, Source::Git { reference: Some(tag), .. } if tag == "v2.31.0")
        );
        assert!(
            matches!(&declared[2].source, Source::Git { reference: Some(tag), .. } if tag == "v1")
        );
    }
}
