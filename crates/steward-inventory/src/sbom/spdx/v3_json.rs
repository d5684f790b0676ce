//! SPDX 3.0 as JSON-LD (the `@graph` of a document in the SPDX context), read into the same
//! document as SPDX 2: `software_Package`s with their purl (`software_packageUrl`, else an
//! external identifier of type `packageUrl`), version and hashes; their declared (else
//! concluded) licence expression; `dependsOn` (with its lifecycle scope),
//! `hasOptionalDependency` and `hasProvidedDependency` as edges; the root elements of the
//! SBOM as the subject.

use std::collections::HashMap;

use serde::Deserialize;

use super::{Checksum, Document, ExternalRef, SpdxPackage, SpdxRelationship};
use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::json_lines::{Step, visit_keys};
use crate::sbom::STEWARD_ECOSYSTEM;

pub(crate) const FORMAT: Format = Format {
    id: "spdx3-json",
    names: &[
        NamePattern::Wildcard("", ".spdx3.json"),
        NamePattern::Wildcard("", ".spdx.jsonld"),
    ],
    ecosystem: "SBOM",
    versions: "SPDX 3.0 and 3.0.1 (JSON-LD); any file with `--sbom`",
    reads: "`software_Package`s with a package URL, with version, hashes and declared (else concluded) licence expression; `dependsOn` (scoped `development`/`test`, `build` or runtime), `hasOptionalDependency` and `hasProvidedDependency` as edges; direct dependencies from the SBOM's root elements",
    gaps: "packages without a package URL are reported as skipped (their ecosystem is unknown); elements written as nested objects instead of references are not followed; files, snippets and AI/dataset profiles are not packages",
    extract,
};

/// The start of the SPDX 3 vocabulary, which the `@context` names.
const VOCABULARY: &str = "spdx.org/rdf/3.0";

#[derive(Deserialize)]
struct JsonLd {
    #[serde(rename = "@context", default)]
    context: serde_json::Value,
    #[serde(rename = "@graph", default)]
    graph: Vec<Element>,
}

/// Any element of the graph, with the properties steward reads.
#[derive(Default, Deserialize)]
struct Element {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(rename = "spdxId", alias = "@id")]
    id: Option<String>,
    name: Option<String>,
    #[serde(rename = "software_packageVersion")]
    version: Option<String>,
    #[serde(rename = "software_packageUrl")]
    purl: Option<String>,
    #[serde(rename = "externalIdentifier", default)]
    external_identifiers: Vec<ExternalIdentifier>,
    #[serde(rename = "verifiedUsing", default)]
    verified_using: Vec<IntegrityMethod>,
    #[serde(rename = "rootElement", default)]
    root_elements: Vec<Reference>,
    from: Option<Reference>,
    #[serde(default)]
    to: Vec<Reference>,
    #[serde(rename = "relationshipType")]
    relationship_type: Option<String>,
    scope: Option<String>,
    #[serde(rename = "simplelicensing_licenseExpression")]
    license_expression: Option<String>,
}

#[derive(Deserialize)]
struct ExternalIdentifier {
    #[serde(rename = "externalIdentifierType")]
    kind: String,
    identifier: String,
    #[serde(rename = "issuingAuthority")]
    issuing_authority: Option<String>,
}

#[derive(Deserialize)]
struct IntegrityMethod {
    algorithm: Option<String>,
    #[serde(rename = "hashValue")]
    hash_value: Option<String>,
}

/// A reference to another element: its id, or (not followed) the element written in place.
#[derive(Deserialize)]
#[serde(untagged)]
enum Reference {
    Id(String),
    Inline(serde::de::IgnoredAny),
}

impl Reference {
    fn id(&self) -> Option<&str> {
        match self {
            Self::Id(id) => Some(id),
            Self::Inline(_) => None,
        }
    }
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let document: JsonLd = serde_json::from_str(input.text)?;
    if !document.context.to_string().contains(VOCABULARY) {
        return Err(ExtractError::Unsupported(
            "not an SPDX 3 document (its `@context` is not SPDX 3's)".to_owned(),
        ));
    }
    let lines = element_lines(input.text);
    let lines = (lines.len() == document.graph.len()).then_some(lines);
    let expressions: HashMap<&str, &str> = document
        .graph
        .iter()
        .filter_map(|element| {
            Some((
                element.id.as_deref()?,
                element.license_expression.as_deref()?,
            ))
        })
        .collect();

    let mut spdx = Document {
        spdx_version: Some("SPDX-3".to_owned()),
        ..Document::default()
    };
    let mut package_at: HashMap<&str, usize> = HashMap::new();
    for (index, element) in document.graph.iter().enumerate() {
        match element.kind.as_str() {
            "software_Package" => {
                if let Some(id) = element.id.as_deref() {
                    package_at.insert(id, spdx.packages.len());
                }
                let line = lines.as_ref().map(|lines| lines[index]);
                spdx.packages.push(package(element, line));
            }
            "software_Sbom" => spdx.document_describes.extend(
                element
                    .root_elements
                    .iter()
                    .filter_map(|root| root.id().map(str::to_owned)),
            ),
            _ => {}
        }
    }
    // Relationships once every package is known, wherever they stand.
    for element in &document.graph {
        if !matches!(
            element.kind.as_str(),
            "Relationship" | "LifecycleScopedRelationship"
        ) {
            continue;
        }
        let (Some(from), Some(kind)) = (
            element.from.as_ref().and_then(Reference::id),
            element.relationship_type.as_deref(),
        ) else {
            continue;
        };
        for to in element.to.iter().filter_map(Reference::id) {
            let edge = (from, kind, to);
            relationship(
                &mut spdx,
                &package_at,
                &expressions,
                edge,
                element.scope.as_deref(),
            );
        }
    }
    super::extract_document(input, &spdx)
}

/// A package in SPDX 2's terms.
fn package(element: &Element, line: Option<u32>) -> SpdxPackage {
    let purl = element.purl.clone().or_else(|| {
        element
            .external_identifiers
            .iter()
            .find(|identifier| identifier.kind == "packageUrl")
            .map(|identifier| identifier.identifier.clone())
    });
    let ecosystem = element.external_identifiers.iter().find(|identifier| {
        identifier.kind == "other"
            && identifier.issuing_authority.as_deref() == Some(STEWARD_ECOSYSTEM)
    });
    let external_refs = purl
        .map(|purl| ExternalRef {
            reference_type: "purl".to_owned(),
            reference_locator: purl,
        })
        .into_iter()
        .chain(ecosystem.map(|identifier| ExternalRef {
            reference_type: STEWARD_ECOSYSTEM.to_owned(),
            reference_locator: identifier.identifier.replace(' ', "%20"),
        }))
        .collect();
    SpdxPackage {
        line,
        id: element.id.clone(),
        name: element.name.clone(),
        version_info: element.version.clone(),
        external_refs,
        checksums: element
            .verified_using
            .iter()
            .filter_map(|method| {
                Some(Checksum {
                    algorithm: method.algorithm.clone()?,
                    checksum_value: method.hash_value.clone()?,
                })
            })
            .collect(),
        ..SpdxPackage::default()
    }
}

/// One `from → to` of a relationship: a licence of a package, or an edge in SPDX 2's words.
fn relationship(
    spdx: &mut Document,
    package_at: &HashMap<&str, usize>,
    expressions: &HashMap<&str, &str>,
    (from, kind, to): (&str, &str, &str),
    scope: Option<&str>,
) {
    let license = |spdx: &mut Document, declared: bool| {
        let (Some(&at), Some(&expression)) = (package_at.get(from), expressions.get(to)) else {
            return;
        };
        let package = &mut spdx.packages[at];
        let slot = if declared {
            &mut package.license_declared
        } else {
            &mut package.license_concluded
        };
        *slot = Some(expression.to_owned());
    };
    let (forward, spdx2_kind) = match (kind, scope) {
        ("hasDeclaredLicense", _) => return license(spdx, true),
        ("hasConcludedLicense", _) => return license(spdx, false),
        ("dependsOn", Some("development" | "test")) => (false, "DEV_DEPENDENCY_OF"),
        ("dependsOn", Some("build")) => (false, "BUILD_DEPENDENCY_OF"),
        ("dependsOn", _) => (true, "DEPENDS_ON"),
        ("hasOptionalDependency", _) => (false, "OPTIONAL_DEPENDENCY_OF"),
        ("hasProvidedDependency", _) => (false, "PROVIDED_DEPENDENCY_OF"),
        _ => return,
    };
    let (element, related) = if forward { (from, to) } else { (to, from) };
    spdx.relationships.push(SpdxRelationship {
        spdx_element_id: element.to_owned(),
        relationship_type: spdx2_kind.to_owned(),
        related_spdx_element: related.to_owned(),
    });
}

/// The line of each graph element's `type`, in document order.
fn element_lines(text: &str) -> Vec<u32> {
    let mut lines = Vec::new();
    visit_keys(text, |path, key, line| {
        if key == "type" && matches!(path, [Step::Key(graph), Step::Element] if graph == "@graph") {
            lines.push(line);
        }
    });
    lines
}
