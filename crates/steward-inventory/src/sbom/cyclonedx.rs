//! CycloneDX, 1.2 to 1.7: `components` (nested ones too), with their purls, hashes, licences
//! and scope, and the `dependencies` graph; `metadata.component` is the subject. The JSON and
//! the XML spelling are read into one document ([`Bom`]), from which packages are taken once.

use std::collections::HashMap;

use serde::Deserialize;
use steward_model::{Dependency, HashAlgorithm, Location, Relationship, Scope};

use crate::format::{ExtractError, Extracted, Input};
use crate::graph;
use crate::sbom::{
    STEWARD_ECOSYSTEM, STEWARD_SCOPE, license, package_from_ecosystem, package_from_purl,
};

pub(crate) mod json;
pub(crate) mod xml;

const READS: &str = "components with a package URL (nested ones too) with version, hashes, licences and scope (`required`, `optional`, `excluded` as development); the dependency graph, and direct dependencies from the subject (`metadata.component`)";
const GAPS: &str = "components without a package URL are reported as skipped (their ecosystem is unknown); services, files and other non-package components are not packages";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Bom {
    bom_format: Option<String>,
    spec_version: Option<String>,
    metadata: Option<Metadata>,
    #[serde(default)]
    components: Vec<Component>,
    #[serde(default)]
    dependencies: Vec<DependencyEntry>,
}

#[derive(Deserialize)]
struct Metadata {
    component: Option<Component>,
}

#[derive(Deserialize)]
struct Component {
    /// The line the component starts on, where the reader knows it.
    #[serde(skip)]
    line: Option<u32>,
    #[serde(rename = "bom-ref")]
    bom_ref: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    name: Option<String>,
    group: Option<String>,
    version: Option<String>,
    purl: Option<String>,
    scope: Option<String>,
    #[serde(default)]
    hashes: Vec<HashEntry>,
    #[serde(default)]
    licenses: Vec<LicenseChoice>,
    #[serde(default)]
    components: Vec<Self>,
    #[serde(default)]
    properties: Vec<Property>,
}

#[derive(Deserialize)]
struct Property {
    name: String,
    value: Option<String>,
}

impl Component {
    fn property(&self, name: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|property| property.name == name)
            .and_then(|property| property.value.as_deref())
    }

    /// The package it names: by its purl, else by the ecosystem steward recorded for it.
    fn package(&self, location: Location) -> Option<Result<steward_model::Package, String>> {
        if let Some(purl) = self.purl.as_deref() {
            return Some(package_from_purl(purl, self.version.as_deref(), location));
        }
        let ecosystem = self.property(STEWARD_ECOSYSTEM)?;
        let name = self.name.as_deref()?;
        let name = match self.group.as_deref() {
            Some(group) if ecosystem == "Maven" => format!("{group}:{name}"),
            Some(group) => format!("{group}/{name}"),
            None => name.to_owned(),
        };
        Some(Ok(package_from_ecosystem(
            ecosystem,
            &name,
            self.version.as_deref(),
            location,
        )))
    }
}

#[derive(Deserialize)]
struct HashEntry {
    alg: String,
    content: String,
}

#[derive(Deserialize)]
struct LicenseChoice {
    license: Option<License>,
    expression: Option<String>,
}

#[derive(Deserialize)]
struct License {
    id: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct DependencyEntry {
    #[serde(rename = "ref")]
    reference: String,
    #[serde(default, rename = "dependsOn")]
    depends_on: Vec<String>,
}

/// Component types that are packages even without a purl, so a missing one is worth saying.
const PACKAGE_TYPES: &[&str] = &["application", "framework", "library", "container"];

/// The packages and edges of a CycloneDX document read from `input`.
fn extract_bom(input: &Input<'_>, bom: &Bom) -> Result<Extracted, ExtractError> {
    if bom.bom_format.as_deref() != Some("CycloneDX") {
        return Err(ExtractError::Unsupported(
            "not a CycloneDX document (`bomFormat` is not `CycloneDX`)".to_owned(),
        ));
    }
    if let Some(version) = bom
        .spec_version
        .as_deref()
        .filter(|version| !version.starts_with("1."))
    {
        return Err(ExtractError::Unsupported(format!(
            "CycloneDX {version} is not a version steward reads (1.2–1.7)"
        )));
    }
    let mut components: Vec<&Component> = Vec::new();
    flatten(&bom.components, &mut components);

    let mut extracted = Extracted::default();
    let mut by_ref: HashMap<&str, usize> = HashMap::new();
    let subject = bom
        .metadata
        .as_ref()
        .and_then(|metadata| metadata.component.as_ref());
    if let Some(subject) = subject
        && let Some(found) = subject.package(Location::new(input.path, subject.line))
    {
        if let Err(error) = add(&mut extracted, &mut by_ref, subject, found) {
            extracted.skipped.push(format!("the subject: {error}"));
        } else {
            let root = extracted.packages.len() - 1;
            extracted.packages[root].relationship = Relationship::Root;
        }
    }
    for component in &components {
        let at = component
            .line
            .map_or_else(String::new, |line| format!("line {line}: "));
        let Some(found) = component.package(Location::new(input.path, component.line)) else {
            if component
                .kind
                .as_deref()
                .is_none_or(|kind| PACKAGE_TYPES.contains(&kind))
            {
                extracted.skipped.push(format!(
                    "{at}the component `{}` has no package URL, so its ecosystem is unknown",
                    display_name(component)
                ));
            }
            continue;
        };
        if let Err(error) = add(&mut extracted, &mut by_ref, component, found) {
            extracted.skipped.push(format!("{at}{error}"));
        }
    }

    let subject_ref = subject.and_then(|subject| subject.bom_ref.as_deref());
    let mut direct = Vec::new();
    for entry in &bom.dependencies {
        let from = by_ref.get(entry.reference.as_str()).copied();
        for to in entry
            .depends_on
            .iter()
            .filter_map(|target| by_ref.get(target.as_str()).copied())
        {
            if Some(entry.reference.as_str()) == subject_ref {
                direct.push(to);
            }
            if let Some(from) = from.filter(|&from| from != to) {
                extracted.dependencies.push(Dependency { from, to });
            }
        }
    }
    graph::assign_relationships(&mut extracted, &direct);
    // Generators list a package once per place it is installed (`node_modules` paths).
    graph::merge_duplicates(&mut extracted);
    Ok(extracted)
}

/// Adds the package a component's purl names, with its details, under its `bom-ref`.
fn add<'a>(
    extracted: &mut Extracted,
    by_ref: &mut HashMap<&'a str, usize>,
    component: &'a Component,
    found: Result<steward_model::Package, String>,
) -> Result<(), String> {
    let package = found?;
    if let Some(reference) = component.bom_ref.as_deref() {
        by_ref.insert(reference, extracted.packages.len());
    }
    extracted.packages.push(with_details(package, component));
    Ok(())
}

fn flatten<'a>(components: &'a [Component], into: &mut Vec<&'a Component>) {
    for component in components {
        into.push(component);
        flatten(&component.components, into);
    }
}

/// Scope, hashes and licences.
fn with_details(
    mut package: steward_model::Package,
    component: &Component,
) -> steward_model::Package {
    package.scope = match (
        component.property(STEWARD_SCOPE),
        component.scope.as_deref(),
    ) {
        (Some("build"), _) => Scope::Build,
        (Some("peer"), _) => Scope::Peer,
        (_, Some("optional")) => Scope::Optional,
        (_, Some("excluded")) => Scope::Development,
        _ => Scope::Runtime,
    };
    for hash in &component.hashes {
        package = package.with_hash(
            HashAlgorithm::parse(&hash.alg),
            &hash.content.to_ascii_lowercase(),
        );
    }
    package.licenses = component
        .licenses
        .iter()
        .filter_map(|choice| {
            let license_text = choice
                .license
                .as_ref()
                .and_then(|license| license.id.as_deref().or(license.name.as_deref()));
            license_text
                .or(choice.expression.as_deref())
                .and_then(license)
        })
        .collect();
    package
}

fn display_name(component: &Component) -> String {
    let name = component.name.as_deref().unwrap_or("(unnamed)");
    match (component.group.as_deref(), component.version.as_deref()) {
        (Some(group), Some(version)) => format!("{group}/{name}@{version}"),
        (Some(group), None) => format!("{group}/{name}"),
        (None, Some(version)) => format!("{name}@{version}"),
        (None, None) => name.to_owned(),
    }
}
