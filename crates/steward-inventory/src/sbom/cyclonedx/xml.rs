//! CycloneDX as XML: the element tree read into the same document as the JSON.

use super::{
    Bom, Component, DependencyEntry, HashEntry, License, LicenseChoice, Metadata, Property,
};
use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::xml::{self, Element};

pub(crate) const FORMAT: Format = Format {
    id: "cyclonedx-xml",
    names: &[
        NamePattern::Exact("bom.xml"),
        NamePattern::Wildcard("", ".cdx.xml"),
    ],
    ecosystem: "SBOM",
    versions: "CycloneDX 1.2–1.7 (XML); any file with `--sbom`",
    reads: super::READS,
    gaps: super::GAPS,
    extract,
};

/// The namespace of every CycloneDX version, before the version.
const NAMESPACE: &str = "http://cyclonedx.org/schema/bom/";

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let root = xml::parse(input.text)?;
    // The namespace is declared as the default or with a prefix (`xmlns:bom=…`).
    let spec_version = root
        .attributes
        .iter()
        .find_map(|(_, value)| value.strip_prefix(NAMESPACE));
    if root.name != "bom" || spec_version.is_none() {
        return Err(ExtractError::Unsupported(
            "not a CycloneDX document (the root is not a `bom` in a CycloneDX namespace)"
                .to_owned(),
        ));
    }
    let bom = Bom {
        bom_format: Some("CycloneDX".to_owned()),
        spec_version: spec_version.map(str::to_owned),
        metadata: root.child("metadata").map(|metadata| Metadata {
            component: metadata.child("component").map(component),
        }),
        components: components(&root),
        dependencies: root
            .child("dependencies")
            .map(|dependencies| {
                dependencies
                    .children_named("dependency")
                    .filter_map(|entry| {
                        Some(DependencyEntry {
                            reference: entry.attribute("ref")?.to_owned(),
                            depends_on: entry
                                .children_named("dependency")
                                .filter_map(|target| target.attribute("ref"))
                                .map(str::to_owned)
                                .collect(),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default(),
    };
    super::extract_bom(input, &bom)
}

/// The components listed under an element's `components`.
fn components(parent: &Element) -> Vec<Component> {
    parent
        .child("components")
        .map(|list| list.children_named("component").map(component).collect())
        .unwrap_or_default()
}

fn component(element: &Element) -> Component {
    let text = |name: &str| element.text_of(name).map(str::to_owned);
    let items = |list: &str, item: &'static str| {
        element
            .child(list)
            .into_iter()
            .flat_map(move |list| list.children_named(item))
    };
    Component {
        line: Some(element.line),
        bom_ref: element.attribute("bom-ref").map(str::to_owned),
        kind: element.attribute("type").map(str::to_owned),
        name: text("name"),
        group: text("group"),
        version: text("version"),
        purl: text("purl"),
        scope: text("scope"),
        hashes: items("hashes", "hash")
            .filter_map(|hash| {
                Some(HashEntry {
                    alg: hash.attribute("alg")?.to_owned(),
                    content: hash.text.clone(),
                })
            })
            .collect(),
        licenses: element
            .child("licenses")
            .map(|licenses| {
                licenses
                    .children
                    .iter()
                    .map(|choice| LicenseChoice {
                        license: (choice.name == "license").then(|| License {
                            id: choice.text_of("id").map(str::to_owned),
                            name: choice.text_of("name").map(str::to_owned),
                        }),
                        expression: (choice.name == "expression").then(|| choice.text.clone()),
                    })
                    .collect()
            })
            .unwrap_or_default(),
        components: components(element),
        properties: items("properties", "property")
            .filter_map(|property| {
                Some(Property {
                    name: property.attribute("name")?.to_owned(),
                    value: Some(property.text.clone()),
                })
            })
            .collect(),
    }
}
