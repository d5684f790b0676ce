//! CycloneDX 1.6: the document, spelled as JSON ([`json`]) or XML ([`xml`]).
//!
//! The subject is `metadata.component`; each distinct package is a `library` component (an
//! `application` when it is the project itself) with its purl, version, scope, hashes,
//! licences and, as `evidence.occurrences`, every file it was found in. `dependencies` lists
//! every component's, and the subject's dependencies on what nothing else depends on.

use std::collections::HashMap;

use serde::Serialize;
use steward_model::{HashAlgorithm, Relationship, Scope};
use steward_purl::EcosystemName;

use crate::SubjectKind;
use crate::license::License;
use crate::view::{Component, Sbom};

pub(crate) mod json;
pub(crate) mod xml;

/// The `bom-ref` of the subject.
const SUBJECT_REFERENCE: &str = "subject";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Bom<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    bom_format: &'static str,
    spec_version: &'static str,
    serial_number: String,
    version: u32,
    metadata: Metadata<'a>,
    components: Vec<CdxComponent<'a>>,
    dependencies: Vec<DependencyEntry<'a>>,
}

#[derive(Serialize)]
struct Metadata<'a> {
    timestamp: &'a str,
    tools: Tools<'a>,
    component: CdxComponent<'a>,
}

#[derive(Serialize)]
struct Tools<'a> {
    components: [CdxComponent<'a>; 1],
}

#[derive(Default, Serialize)]
struct CdxComponent<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "bom-ref", skip_serializing_if = "Option::is_none")]
    bom_ref: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    supplier: Option<Supplier<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hashes: Vec<CdxHash<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    licenses: Vec<LicenseChoice<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    purl: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<Property>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<Evidence>,
}

#[derive(Serialize)]
struct Supplier<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct CdxHash<'a> {
    alg: &'static str,
    content: &'a str,
}

#[derive(Serialize)]
#[serde(untagged)]
enum LicenseChoice<'a> {
    License { license: CdxLicense<'a> },
    Expression { expression: &'a str },
}

#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum CdxLicense<'a> {
    #[serde(rename = "id")]
    Id(&'a str),
    #[serde(rename = "name")]
    Name(&'a str),
}

#[derive(Serialize)]
struct Property {
    name: &'static str,
    value: String,
}

#[derive(Serialize)]
struct Evidence {
    occurrences: Vec<Occurrence>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Occurrence {
    location: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    additional_context: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DependencyEntry<'a> {
    #[serde(rename = "ref")]
    reference: &'a str,
    depends_on: Vec<&'a str>,
}

/// The CycloneDX document of an SBOM as a JSON value.
pub(crate) fn document_value(sbom: &Sbom<'_>) -> serde_json::Value {
    with_document(sbom, |bom| {
        serde_json::to_value(bom).expect("a BOM always serializes")
    })
}

/// What `spell` makes of the CycloneDX document of an SBOM.
fn with_document<T>(sbom: &Sbom<'_>, spell: impl FnOnce(&Bom<'_>) -> T) -> T {
    let references = references(sbom);
    spell(&document(sbom, &references))
}

fn document<'a>(sbom: &'a Sbom<'a>, references: &'a [String]) -> Bom<'a> {
    let subject = sbom.subject;
    let subject_digest = subject
        .digest
        .as_deref()
        .and_then(|digest| digest.strip_prefix("sha256:"));
    let mut components: Vec<CdxComponent<'_>> = sbom
        .components
        .iter()
        .zip(references)
        .map(|(component, reference)| component_entry(component, reference))
        .collect();
    components.extend(
        sbom.inventory
            .distributions
            .iter()
            .map(|distribution| CdxComponent {
                kind: "operating-system",
                name: &distribution.id,
                version: distribution.version_id.as_deref(),
                description: distribution.pretty_name.as_deref(),
                ..CdxComponent::default()
            }),
    );
    let mut dependencies = vec![DependencyEntry {
        reference: SUBJECT_REFERENCE,
        depends_on: sbom
            .top_level
            .iter()
            .map(|&index| references[index].as_str())
            .collect(),
    }];
    dependencies.extend(references.iter().enumerate().map(|(index, reference)| {
        DependencyEntry {
            reference,
            depends_on: sbom
                .dependencies_of(index)
                .map(|to| references[to].as_str())
                .collect(),
        }
    }));
    Bom {
        schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
        bom_format: "CycloneDX",
        spec_version: "1.6",
        serial_number: format!("urn:uuid:{}", sbom.uuid()),
        version: 1,
        metadata: Metadata {
            timestamp: &sbom.created,
            tools: Tools {
                components: [CdxComponent {
                    kind: "application",
                    name: "steward",
                    version: Some(sbom.tool_version),
                    ..CdxComponent::default()
                }],
            },
            component: CdxComponent {
                kind: match subject.kind {
                    SubjectKind::Project => "application",
                    SubjectKind::RootFilesystem => "file",
                    SubjectKind::Image => "container",
                },
                bom_ref: Some(SUBJECT_REFERENCE),
                supplier: subject.supplier.as_deref().map(|name| Supplier { name }),
                name: &subject.name,
                version: subject.version.as_deref(),
                hashes: subject_digest
                    .map(|content| CdxHash {
                        alg: "SHA-256",
                        content,
                    })
                    .into_iter()
                    .collect(),
                ..CdxComponent::default()
            },
        },
        components,
        dependencies,
    }
}

/// A `bom-ref` per component: its purl where no other component has the same, else the purl
/// (or name) with the component's position.
fn references(sbom: &Sbom<'_>) -> Vec<String> {
    let mut uses: HashMap<&str, usize> = HashMap::new();
    for component in &sbom.components {
        if let Some(purl) = &component.purl {
            *uses.entry(purl).or_default() += 1;
        }
    }
    sbom.components
        .iter()
        .enumerate()
        .map(|(index, component)| match &component.purl {
            Some(purl) if uses[purl.as_str()] == 1 => purl.clone(),
            Some(purl) => format!("{purl}#{index}"),
            None => format!("component-{index}"),
        })
        .collect()
}

fn component_entry<'a>(component: &'a Component<'a>, reference: &'a str) -> CdxComponent<'a> {
    let package = component.package;
    // Maven names are `group:artifact`; CycloneDX keeps the two apart.
    let (group, name) = match package.name.split_once(':') {
        Some((group, artifact)) if *package.ecosystem.name() == EcosystemName::Maven => {
            (Some(group), artifact)
        }
        _ => (None, package.name.as_str()),
    };
    let (scope, scope_property) = match component.scope {
        Scope::Runtime => ("required", None),
        Scope::Peer => ("required", Some("peer")),
        Scope::Optional => ("optional", None),
        Scope::Development => ("excluded", None),
        Scope::Build => ("excluded", Some("build")),
    };
    CdxComponent {
        kind: if component.relationship == Relationship::Root {
            "application"
        } else {
            "library"
        },
        bom_ref: Some(reference),
        supplier: component.supplier.as_deref().map(|name| Supplier { name }),
        group,
        name,
        version: package.version.as_deref(),
        scope: Some(scope),
        hashes: component
            .hex_hashes()
            .map(|(algorithm, content)| CdxHash {
                alg: match algorithm {
                    HashAlgorithm::Md5 => "MD5",
                    HashAlgorithm::Sha1 => "SHA-1",
                    HashAlgorithm::Sha256 => "SHA-256",
                    HashAlgorithm::Sha384 => "SHA-384",
                    _ => "SHA-512",
                },
                content,
            })
            .collect(),
        licenses: licenses(&component.licenses),
        purl: component.purl.as_deref(),
        properties: scope_property
            .map(|value| Property {
                name: "steward-scope",
                value: value.to_owned(),
            })
            .into_iter()
            // Without a purl, nothing else says the ecosystem (Go's `stdlib`, a module
            // path without a namespace).
            .chain(component.purl.is_none().then(|| Property {
                name: "steward-ecosystem",
                value: package.ecosystem.to_string(),
            }))
            .collect(),
        evidence: Some(Evidence {
            occurrences: component
                .locations
                .iter()
                .map(|location| {
                    let mut context = Vec::new();
                    if !location.inside.is_empty() {
                        context.push(format!("inside {}", location.inside.join(" → ")));
                    }
                    if let Some(layer) = &location.layer {
                        context.push(format!("layer {layer}"));
                    }
                    Occurrence {
                        location: location.file.clone(),
                        line: location.line,
                        additional_context: (!context.is_empty()).then(|| context.join("; ")),
                    }
                })
                .collect(),
        }),
        ..CdxComponent::default()
    }
}

/// CycloneDX takes either licences (by SPDX id or by name) or one expression, not both.
fn licenses<'a>(recorded: &[&'a str]) -> Vec<LicenseChoice<'a>> {
    if let [single] = recorded
        && let License::Expression(expression) = License::classify(single)
    {
        return vec![LicenseChoice::Expression { expression }];
    }
    recorded
        .iter()
        .map(|text| LicenseChoice::License {
            license: match License::classify(text) {
                License::Id(id) if !id.starts_with("LicenseRef-") => CdxLicense::Id(id),
                License::Id(text) | License::Expression(text) | License::Text(text) => {
                    CdxLicense::Name(text)
                }
            },
        })
        .collect()
}
