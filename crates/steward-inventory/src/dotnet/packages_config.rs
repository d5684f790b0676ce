//! `packages.config`, the NuGet package list of older .NET projects.
//!
//! Each `<package id version targetFramework developmentDependency>` is a package the project
//! installs; `developmentDependency="true"` marks one needed only to build or develop.

use steward_model::{Location, Relationship, Scope, Source};

use crate::dotnet::package;
use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::xml;

pub(crate) const FORMAT: Format = Format {
    id: "packages-config",
    names: &[NamePattern::Exact("packages.config")],
    ecosystem: "NuGet",
    versions: "all",
    reads: "packages with their exact versions, development dependencies",
    gaps: "packages.config lists transitive packages too but does not say which",
    extract,
};

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let root = xml::parse(input.text)?;
    if root.name != "packages" {
        return Err(ExtractError::at_line(
            root.line,
            format!("the root element is <{}>, not <packages>", root.name),
        ));
    }
    let mut extracted = Extracted::default();
    for entry in root.children_named("package") {
        let Some(id) = entry.attribute("id") else {
            extracted
                .skipped
                .push(format!("line {}: a <package> without `id`", entry.line));
            continue;
        };
        let version = entry.attribute("version");
        if version.is_none() {
            extracted.skipped.push(format!(
                "line {}: the package {id} has no `version`",
                entry.line
            ));
        }
        let development = entry.attribute("developmentDependency") == Some("true");
        extracted.packages.push(
            package(id, version, Location::new(input.path, Some(entry.line)))
                .with_scope(if development {
                    Scope::Development
                } else {
                    Scope::Runtime
                })
                .with_relationship(Relationship::Unknown)
                .with_source(Source::Registry { url: None }),
        );
    }
    Ok(extracted)
}
