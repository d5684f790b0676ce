//! SPDX 2.2 and 2.3: `packages` with their purls (`externalRefs` of type `purl`), checksums
//! and licences, and the dependency `relationships`; the packages the document describes are
//! the subject. The JSON and the tag-value spelling are read into one [`Document`], from
//! which packages are taken once.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;
use steward_model::{Dependency, HashAlgorithm, Location, Relationship, Scope};

use crate::format::{ExtractError, Extracted, Input};
use crate::graph;
use crate::sbom::{STEWARD_ECOSYSTEM, license, package_from_ecosystem, package_from_purl};

pub(crate) mod json;
pub(crate) mod tag_value;
pub(crate) mod v3_json;

const READS: &str = "packages with a package URL, with version, checksums and declared (else concluded) licence; `DEPENDS_ON` and the `*_DEPENDENCY_OF` relationships as edges with their scope (development, test, build, optional); direct dependencies from the described packages";
const GAPS: &str = "packages without a package URL are reported as skipped (their ecosystem is unknown); `CONTAINS` is not a dependency; files and snippets are not packages";

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    spdx_version: Option<String>,
    #[serde(rename = "SPDXID")]
    id: Option<String>,
    #[serde(default)]
    document_describes: Vec<String>,
    #[serde(default)]
    packages: Vec<SpdxPackage>,
    #[serde(default)]
    relationships: Vec<SpdxRelationship>,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpdxPackage {
    /// The line the package starts on, where the reader knows it.
    #[serde(skip)]
    line: Option<u32>,
    #[serde(rename = "SPDXID")]
    id: Option<String>,
    name: Option<String>,
    version_info: Option<String>,
    #[serde(default)]
    external_refs: Vec<ExternalRef>,
    #[serde(default)]
    checksums: Vec<Checksum>,
    license_declared: Option<String>,
    license_concluded: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ExternalRef {
    reference_type: String,
    reference_locator: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Checksum {
    algorithm: String,
    checksum_value: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SpdxRelationship {
    spdx_element_id: String,
    relationship_type: String,
    related_spdx_element: String,
}

/// A relationship as a dependency edge: whether it points from the dependent to the
/// dependency (`DEPENDS_ON`) or back (`*_DEPENDENCY_OF`), and the scope it gives.
fn dependency_kind(relationship_type: &str) -> Option<(bool, Scope)> {
    Some(match relationship_type {
        "DEPENDS_ON" => (true, Scope::Runtime),
        "DEPENDENCY_OF" | "RUNTIME_DEPENDENCY_OF" | "PROVIDED_DEPENDENCY_OF" => {
            (false, Scope::Runtime)
        }
        "DEV_DEPENDENCY_OF" | "TEST_DEPENDENCY_OF" => (false, Scope::Development),
        "BUILD_DEPENDENCY_OF" => (false, Scope::Build),
        "OPTIONAL_DEPENDENCY_OF" => (false, Scope::Optional),
        _ => return None,
    })
}

/// Whether an SPDX 2 document (JSON or tag-value) says a version steward reads.
fn check_version(document: &Document) -> Result<(), ExtractError> {
    match document.spdx_version.as_deref() {
        Some(version) if version.starts_with("SPDX-2.") => Ok(()),
        Some(version) => Err(ExtractError::Unsupported(format!(
            "{version} is not a version steward reads here (SPDX-2.2, SPDX-2.3; SPDX 3 as JSON-LD)"
        ))),
        None => Err(ExtractError::Unsupported(
            "not an SPDX 2 document (no `spdxVersion`)".to_owned(),
        )),
    }
}

/// The packages and edges of an SPDX document read from `input`.
fn extract_document(input: &Input<'_>, document: &Document) -> Result<Extracted, ExtractError> {
    let document_id = document.id.as_deref().unwrap_or("SPDXRef-DOCUMENT");
    let mut subjects: HashSet<&str> = document
        .document_describes
        .iter()
        .map(String::as_str)
        .collect();
    for relationship in &document.relationships {
        match relationship.relationship_type.as_str() {
            "DESCRIBES" if relationship.spdx_element_id == document_id => {
                subjects.insert(&relationship.related_spdx_element);
            }
            "DESCRIBED_BY" if relationship.related_spdx_element == document_id => {
                subjects.insert(&relationship.spdx_element_id);
            }
            _ => {}
        }
    }

    let mut extracted = Extracted::default();
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    for spdx in &document.packages {
        let line = spdx.line;
        let is_subject = spdx.id.as_deref().is_some_and(|id| subjects.contains(id));
        let purl = spdx
            .external_refs
            .iter()
            .find(|reference| reference.reference_type == "purl")
            .map(|reference| reference.reference_locator.as_str());
        let at = line.map_or_else(String::new, |line| format!("line {line}: "));
        let version = spdx
            .version_info
            .as_deref()
            .filter(|version| !version.is_empty() && *version != "NOASSERTION");
        let location = Location::new(input.path, line);
        // steward names the ecosystem of a package that has no purl (Go's `stdlib`).
        let ecosystem = spdx
            .external_refs
            .iter()
            .find(|reference| reference.reference_type == STEWARD_ECOSYSTEM)
            .map(|reference| reference.reference_locator.replace("%20", " "));
        let found = match (purl, ecosystem, spdx.name.as_deref()) {
            (Some(purl), _, _) => package_from_purl(purl, version, location),
            (None, Some(ecosystem), Some(name)) => {
                Ok(package_from_ecosystem(&ecosystem, name, version, location))
            }
            // A subject without a purl is a project, directory or image, not a package.
            _ if is_subject => continue,
            _ => Err(format!(
                "the package `{}` has no package URL, so its ecosystem is unknown",
                spdx.name.as_deref().unwrap_or("(unnamed)")
            )),
        };
        let mut package = match found {
            Ok(package) => package,
            Err(error) => {
                extracted.skipped.push(format!("{at}{error}"));
                continue;
            }
        };
        if is_subject {
            package.relationship = Relationship::Root;
        }
        for checksum in &spdx.checksums {
            package = package.with_hash(
                HashAlgorithm::parse(&checksum.algorithm),
                &checksum.checksum_value.to_ascii_lowercase(),
            );
        }
        package.licenses = [&spdx.license_declared, &spdx.license_concluded]
            .into_iter()
            .find_map(|text| text.as_deref().and_then(license))
            .into_iter()
            .collect();
        if let Some(id) = spdx.id.as_deref() {
            by_id.insert(id, extracted.packages.len());
        }
        extracted.packages.push(package);
    }

    let mut root_edges: Vec<(usize, Scope)> = Vec::new();
    for relationship in &document.relationships {
        let Some((forward, scope)) = dependency_kind(&relationship.relationship_type) else {
            continue;
        };
        let (from, to) = if forward {
            (
                &relationship.spdx_element_id,
                &relationship.related_spdx_element,
            )
        } else {
            (
                &relationship.related_spdx_element,
                &relationship.spdx_element_id,
            )
        };
        let Some(&to) = by_id.get(to.as_str()) else {
            continue;
        };
        if subjects.contains(from.as_str()) {
            root_edges.push((to, scope));
        }
        if let Some(&from) = by_id.get(from.as_str())
            && from != to
        {
            extracted.dependencies.push(Dependency { from, to });
        }
    }
    graph::assign_scopes(&mut extracted, &root_edges);
    let direct: Vec<usize> = root_edges.iter().map(|(index, _)| *index).collect();
    graph::assign_relationships(&mut extracted, &direct);
    // Generators list a package once per place it is installed (`node_modules` paths).
    graph::merge_duplicates(&mut extracted);
    Ok(extracted)
}
