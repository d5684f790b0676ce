//! MSBuild project files (`*.csproj`, `*.fsproj`, `*.vbproj`): the `PackageReference`s.
//!
//! A reference's version is its `Version` (attribute or element), `VersionOverride`, or, under
//! central package management, the `PackageVersion` of the nearest `Directory.Packages.props`.
//! `$(Property)` references are resolved from the project's `PropertyGroup`s and the nearest
//! `Directory.Build.props`. `PrivateAssets="all"` marks a reference used only to build (an
//! analyzer or a build tool). A plain version (`13.0.1`) is NuGet's "this or higher, preferably
//! this" and is taken as the version; a range is kept as the requirement.

use std::collections::HashMap;

use steward_model::{Dependency, Location, Relationship, Scope, Source};

use crate::dotnet::{package, pinned};
use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::xml::{self, Element};

pub(crate) const FORMAT: Format = Format {
    id: "csproj",
    names: &[
        NamePattern::Wildcard("", ".csproj"),
        NamePattern::Wildcard("", ".fsproj"),
        NamePattern::Wildcard("", ".vbproj"),
    ],
    ecosystem: "NuGet",
    versions: "SDK-style and legacy projects",
    reads: "the project (root), `PackageReference`s with versions from attributes, elements, `VersionOverride` or central `Directory.Packages.props`, `$(Property)` values from the project and `Directory.Build.props`, `PrivateAssets=\"all\"` as build",
    gaps: "`Condition`s and `<Choose>` are not evaluated (every reference is listed); references added by SDKs and imported `.props`/`.targets` other than `Directory.*.props` are not seen; only the nearest `Directory.*.props` is read, as MSBuild does without explicit imports",
    extract,
};

/// How many `$(…)` expansions one value may need.
const MAX_EXPANSIONS: usize = 32;

/// The properties set in `PropertyGroup`s.
fn properties(root: &Element, into: &mut HashMap<String, String>) {
    for group in root.children_named("PropertyGroup") {
        for property in &group.children {
            into.insert(property.name.to_ascii_lowercase(), property.text.clone());
        }
    }
}

/// Expands `$(Name)`; the error names the first property that is not set.
fn expand(text: &str, properties: &HashMap<String, String>) -> Result<String, String> {
    let mut current = text.to_owned();
    for _ in 0..MAX_EXPANSIONS {
        let Some(start) = current.find("$(") else {
            return Ok(current);
        };
        let Some(length) = current[start..].find(')') else {
            return Err(format!("`{text}` has an unclosed `$(`"));
        };
        let name = &current[start + 2..start + length];
        let value = properties
            .get(&name.to_ascii_lowercase())
            .ok_or_else(|| format!("the property `{name}` is not set"))?;
        current = format!(
            "{}{value}{}",
            &current[..start],
            &current[start + length + 1..]
        );
    }
    Err(format!("`{text}` refers to itself"))
}

/// The nearest file with this name: in the input's directory or above it.
fn nearest(input: &Input<'_>, name: &str) -> Option<Element> {
    std::iter::once(format!("{}{name}", input.directory()))
        .chain(input.paths_above(name))
        .find_map(|path| xml::parse(&input.tree.read(&path)?).ok())
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let root = xml::parse(input.text)?;
    if root.name != "Project" {
        return Err(ExtractError::at_line(
            root.line,
            format!("the root element is <{}>, not <Project>", root.name),
        ));
    }
    let mut values = HashMap::new();
    if let Some(build_props) = nearest(input, "Directory.Build.props") {
        properties(&build_props, &mut values);
    }
    properties(&root, &mut values);
    let central: HashMap<String, String> = nearest(input, "Directory.Packages.props")
        .map(|props| {
            props
                .children_named("ItemGroup")
                .flat_map(|group| group.children_named("PackageVersion"))
                .filter_map(|entry| {
                    Some((
                        entry.attribute("Include")?.to_ascii_lowercase(),
                        entry.attribute("Version")?.to_owned(),
                    ))
                })
                .collect()
        })
        .unwrap_or_default();

    let mut extracted = Extracted::default();
    let file_name = input.path.rsplit('/').next().unwrap_or(input.path);
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem);
    let name = values
        .get("packageid")
        .or_else(|| values.get("assemblyname"))
        .cloned()
        .unwrap_or_else(|| stem.to_owned());
    let version = values
        .get("version")
        .and_then(|version| expand(version, &values).ok());
    extracted.packages.push(
        package(
            &name,
            version.as_deref(),
            Location::new(input.path, Some(root.line)),
        )
        .with_relationship(Relationship::Root)
        .with_source(Source::Workspace),
    );
    // Also inside `<Choose>`/`<When>`, whose conditions are not evaluated.
    for reference in root.descendants_named("PackageReference") {
        // `Update` changes a reference made elsewhere (usually by the SDK); it adds none.
        let Some(id) = reference.attribute("Include") else {
            continue;
        };
        let element_or_attribute = |name: &str| {
            reference
                .attribute(name)
                .or_else(|| reference.text_of(name))
        };
        let written = element_or_attribute("VersionOverride")
            .or_else(|| element_or_attribute("Version"))
            .map(str::to_owned)
            .or_else(|| central.get(&id.to_ascii_lowercase()).cloned());
        let requirement = match written.as_deref().map(|text| expand(text, &values)) {
            Some(Ok(requirement)) => Some(requirement),
            Some(Err(error)) => {
                extracted.skipped.push(format!(
                    "line {}: the version of {id} is unresolved: {error}",
                    reference.line
                ));
                None
            }
            None => {
                extracted.skipped.push(format!(
                    "line {}: {id} has no version here or in a Directory.Packages.props steward can see",
                    reference.line
                ));
                None
            }
        };
        let build_only = element_or_attribute("PrivateAssets")
            .is_some_and(|assets| assets.eq_ignore_ascii_case("all"));
        extracted.packages.push(
            package(
                id,
                requirement.as_deref().and_then(pinned),
                Location::new(input.path, Some(reference.line)),
            )
            .with_requirement(requirement.as_deref())
            .with_scope(if build_only {
                Scope::Build
            } else {
                Scope::Runtime
            })
            .with_relationship(Relationship::Direct)
            .with_source(Source::Registry { url: None }),
        );
    }
    extracted.dependencies = (1..extracted.packages.len())
        .map(|to| Dependency { from: 0, to })
        .collect();
    Ok(extracted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::MemoryTree;

    #[test]
    fn versions_from_attributes_elements_properties_and_central_management() {
        let project = r#"<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net8.0</TargetFramework>
    <SerilogVersion>3.1.1</SerilogVersion>
    <Version>2.0.0</Version>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Newtonsoft.Json" Version="13.0.1" />
    <PackageReference Include="Serilog">
      <Version>$(SerilogVersion)</Version>
    </PackageReference>
    <PackageReference Include="Polly" />
    <PackageReference Include="StyleCop.Analyzers" Version="[1.1.118, )" PrivateAssets="all" />
    <PackageReference Include="Missing" Version="$(Nowhere)" />
    <PackageReference Update="Microsoft.NET.ILLink.Tasks" Version="8.0.0" />
  </ItemGroup>
</Project>"#;
        let tree = MemoryTree::new([(
            "Directory.Packages.props",
            r#"<Project><ItemGroup><PackageVersion Include="polly" Version="8.2.0" /></ItemGroup></Project>"#,
        )]);
        let extracted = extract(&Input {
            path: "src/App/App.csproj",
            text: project,
            tree: &tree,
        })
        .unwrap();
        let summary: Vec<(&str, Option<&str>, Option<&str>, Scope)> = extracted
            .packages
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.version.as_deref(),
                    p.requirement.as_deref(),
                    p.scope,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("App", Some("2.0.0"), None, Scope::Runtime),
                (
                    "Newtonsoft.Json",
                    Some("13.0.1"),
                    Some("13.0.1"),
                    Scope::Runtime
                ),
                ("Serilog", Some("3.1.1"), Some("3.1.1"), Scope::Runtime),
                ("Polly", Some("8.2.0"), Some("8.2.0"), Scope::Runtime),
                (
                    "StyleCop.Analyzers",
                    None,
                    Some("[1.1.118, )"),
                    Scope::Build
                ),
                ("Missing", None, None, Scope::Runtime),
            ]
        );
        assert_eq!(extracted.skipped.len(), 1, "{:?}", extracted.skipped);
    }
}
