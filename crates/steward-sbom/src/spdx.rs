//! SPDX 2.3: the document, spelled as JSON ([`json`]) or tag-value ([`tag_value`]).
//!
//! The document describes the subject (a package without a purl); each distinct package is a
//! package with its purl (`externalRefs`), version, checksums, declared licence and, in
//! `sourceInfo`, every file it was found in. Every edge is `A DEPENDS_ON B`; when B is not
//! needed at run time, `B DEV_DEPENDENCY_OF A` (`BUILD_`, `OPTIONAL_`, `PROVIDED_` for peers)
//! says so too. The subject depends on the components nothing else depends on.

use std::collections::BTreeMap;

use serde::Serialize;
use steward_model::{HashAlgorithm, Relationship, Scope};

use crate::SubjectKind;
use crate::license::License;
use crate::view::{Component, Sbom};

pub(crate) mod json;
pub(crate) mod tag_value;

const DOCUMENT_ID: &str = "SPDXRef-DOCUMENT";
const SUBJECT_ID: &str = "SPDXRef-Subject";
const NO_ASSERTION: &str = "NOASSERTION";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document<'a> {
    spdx_version: &'static str,
    data_license: &'static str,
    #[serde(rename = "SPDXID")]
    id: &'static str,
    name: &'a str,
    document_namespace: String,
    creation_info: CreationInfo<'a>,
    packages: Vec<SpdxPackage<'a>>,
    relationships: Vec<SpdxRelationship>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    has_extracted_licensing_infos: Vec<ExtractedLicense<'a>>,
}

#[derive(Serialize)]
struct CreationInfo<'a> {
    created: &'a str,
    creators: [String; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SpdxPackage<'a> {
    #[serde(rename = "SPDXID")]
    id: String,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version_info: Option<&'a str>,
    supplier: String,
    download_location: String,
    files_analyzed: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    checksums: Vec<Checksum<'a>>,
    license_concluded: &'static str,
    license_declared: String,
    copyright_text: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_info: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    external_refs: Vec<ExternalRef>,
    primary_package_purpose: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Checksum<'a> {
    algorithm: &'static str,
    checksum_value: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExternalRef {
    reference_category: &'static str,
    reference_type: &'static str,
    reference_locator: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SpdxRelationship {
    spdx_element_id: String,
    relationship_type: &'static str,
    related_spdx_element: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExtractedLicense<'a> {
    license_id: String,
    extracted_text: &'a str,
    name: &'a str,
}

/// The SPDX document of an SBOM.
fn document<'a>(sbom: &'a Sbom<'a>) -> Document<'a> {
    let references = LicenseReferences::new(sbom);
    let subject = sbom.subject;
    let id = |index: usize| format!("SPDXRef-Package-{}", index + 1);
    let mut packages = vec![SpdxPackage {
        id: SUBJECT_ID.to_owned(),
        name: &subject.name,
        version_info: subject.version.as_deref(),
        supplier: organization(subject.supplier.as_deref()),
        download_location: NO_ASSERTION.to_owned(),
        files_analyzed: false,
        checksums: subject
            .digest
            .as_deref()
            .and_then(|digest| digest.strip_prefix("sha256:"))
            .map(|value| Checksum {
                algorithm: "SHA256",
                checksum_value: value,
            })
            .into_iter()
            .collect(),
        license_concluded: NO_ASSERTION,
        license_declared: NO_ASSERTION.to_owned(),
        copyright_text: NO_ASSERTION,
        source_info: None,
        external_refs: Vec::new(),
        primary_package_purpose: match subject.kind {
            SubjectKind::Project => "APPLICATION",
            SubjectKind::RootFilesystem => "OPERATING_SYSTEM",
            SubjectKind::Image => "CONTAINER",
        },
    }];
    packages.extend(
        sbom.components
            .iter()
            .enumerate()
            .map(|(index, component)| package_entry(component, id(index), &references)),
    );

    let mut relationships = vec![SpdxRelationship {
        spdx_element_id: DOCUMENT_ID.to_owned(),
        relationship_type: "DESCRIBES",
        related_spdx_element: SUBJECT_ID.to_owned(),
    }];
    // `A DEPENDS_ON B` for every edge, so that the graph reads the same way throughout; for
    // a dependency not needed at run time, also `B DEV_DEPENDENCY_OF A` (or `BUILD_`, …).
    let mut depends = |from: String, to: usize| {
        let scoped = match sbom.components[to].scope {
            Scope::Runtime => None,
            Scope::Development => Some("DEV_DEPENDENCY_OF"),
            Scope::Build => Some("BUILD_DEPENDENCY_OF"),
            Scope::Optional => Some("OPTIONAL_DEPENDENCY_OF"),
            Scope::Peer => Some("PROVIDED_DEPENDENCY_OF"),
        };
        if let Some(relationship_type) = scoped {
            relationships.push(SpdxRelationship {
                spdx_element_id: id(to),
                relationship_type,
                related_spdx_element: from.clone(),
            });
        }
        relationships.push(SpdxRelationship {
            spdx_element_id: from,
            relationship_type: "DEPENDS_ON",
            related_spdx_element: id(to),
        });
    };
    for &index in &sbom.top_level {
        depends(SUBJECT_ID.to_owned(), index);
    }
    for &(from, to) in &sbom.edges {
        depends(id(from), to);
    }

    Document {
        spdx_version: "SPDX-2.3",
        data_license: "CC0-1.0",
        id: DOCUMENT_ID,
        name: &subject.name,
        document_namespace: namespace(sbom),
        creation_info: CreationInfo {
            created: &sbom.created,
            creators: [format!("Tool: steward-{}", sbom.tool_version)],
        },
        packages,
        relationships,
        has_extracted_licensing_infos: references.extracted(),
    }
}

fn package_entry<'a>(
    component: &'a Component<'a>,
    id: String,
    references: &LicenseReferences<'a>,
) -> SpdxPackage<'a> {
    let package = component.package;
    SpdxPackage {
        id,
        name: &package.name,
        version_info: package.version.as_deref(),
        supplier: organization(component.supplier.as_deref()),
        download_location: download_location(component).unwrap_or_else(|| NO_ASSERTION.to_owned()),
        files_analyzed: false,
        checksums: component
            .hex_hashes()
            .map(|(algorithm, value)| Checksum {
                algorithm: match algorithm {
                    HashAlgorithm::Md5 => "MD5",
                    HashAlgorithm::Sha1 => "SHA1",
                    HashAlgorithm::Sha256 => "SHA256",
                    HashAlgorithm::Sha384 => "SHA384",
                    _ => "SHA512",
                },
                checksum_value: value,
            })
            .collect(),
        license_concluded: NO_ASSERTION,
        license_declared: references.declared(&component.licenses),
        copyright_text: NO_ASSERTION,
        source_info: found_in(component),
        external_refs: vec![match &component.purl {
            Some(purl) => ExternalRef {
                reference_category: "PACKAGE-MANAGER",
                reference_type: "purl",
                reference_locator: purl.clone(),
            },
            // Without a purl, nothing else says the ecosystem (Go's `stdlib`, a module path
            // without a namespace); locators take no spaces.
            None => ExternalRef {
                reference_category: "OTHER",
                reference_type: "steward-ecosystem",
                reference_locator: package.ecosystem.to_string().replace(' ', "%20"),
            },
        }],
        primary_package_purpose: if component.relationship == Relationship::Root {
            "APPLICATION"
        } else {
            "LIBRARY"
        },
    }
}

/// Where the package can be downloaded, where it came from a web address or git.
pub(crate) fn download_location(component: &Component<'_>) -> Option<String> {
    match &component.package.source {
        steward_model::Source::Url { url } if is_http(url) => Some(url.clone()),
        steward_model::Source::Git {
            url,
            commit: Some(commit),
            ..
        } if is_http(url) => Some(format!("git+{url}@{commit}")),
        _ => None,
    }
}

/// `found in` every place the component was found.
pub(crate) fn found_in(component: &Component<'_>) -> Option<String> {
    let places: Vec<String> = component
        .locations
        .iter()
        .map(|location| Component::describe(location))
        .collect();
    (!places.is_empty()).then(|| format!("found in {}", places.join("; ")))
}

/// The document's namespace: the subject's name and the content's UUID.
pub(crate) fn namespace(sbom: &Sbom<'_>) -> String {
    format!(
        "https://spdx.org/spdxdocs/steward-{}-{}",
        id_safe(&sbom.subject.name),
        sbom.uuid()
    )
}

/// `Organization: name`, or `NOASSERTION`.
fn organization(name: Option<&str>) -> String {
    name.map_or_else(
        || NO_ASSERTION.to_owned(),
        |name| format!("Organization: {name}"),
    )
}

fn is_http(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

/// Only letters, digits, `.` and `-`: what SPDX identifiers allow.
fn id_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Licences that are not SPDX expressions become `LicenseRef-`s, each defined once in the
/// document with the text as recorded.
pub(crate) struct LicenseReferences<'a> {
    by_text: BTreeMap<&'a str, String>,
}

impl<'a> LicenseReferences<'a> {
    pub(crate) fn new(sbom: &Sbom<'a>) -> Self {
        let mut texts: Vec<&'a str> = sbom
            .components
            .iter()
            .flat_map(|component| component.licenses.iter().copied())
            .filter(|text| needs_reference(text))
            .collect();
        texts.sort_unstable();
        texts.dedup();
        let mut by_text = BTreeMap::new();
        let mut taken = std::collections::HashSet::new();
        for text in texts {
            let trimmed = text.trim();
            let base = match trimmed.strip_prefix("LicenseRef-") {
                Some(rest) if License::classify(trimmed) != License::Text(trimmed) => id_safe(rest),
                _ => id_safe(trimmed),
            };
            let mut id = format!("LicenseRef-{base}");
            let mut counter = 1;
            while !taken.insert(id.clone()) {
                counter += 1;
                id = format!("LicenseRef-{base}-{counter}");
            }
            by_text.insert(text, id);
        }
        Self { by_text }
    }

    /// The declared licence: every recorded licence, joined by `AND`.
    pub(crate) fn declared(&self, licenses: &[&str]) -> String {
        let parts: Vec<String> = licenses
            .iter()
            .map(|text| match self.by_text.get(text) {
                Some(reference) => reference.clone(),
                None => match License::classify(text) {
                    License::Expression(expression) if licenses.len() > 1 => {
                        format!("({expression})")
                    }
                    License::Id(text) | License::Expression(text) | License::Text(text) => {
                        text.to_owned()
                    }
                },
            })
            .collect();
        if parts.is_empty() {
            NO_ASSERTION.to_owned()
        } else {
            parts.join(" AND ")
        }
    }

    /// Each licence reference with the text it stands for.
    pub(crate) fn references(&self) -> impl Iterator<Item = (&'a str, &str)> {
        self.by_text.iter().map(|(text, id)| (*text, id.as_str()))
    }

    fn extracted(&self) -> Vec<ExtractedLicense<'a>> {
        self.references()
            .map(|(text, id)| ExtractedLicense {
                license_id: id.to_owned(),
                extracted_text: text,
                name: text,
            })
            .collect()
    }
}

/// Whether a recorded licence must become a `LicenseRef-` defined in the document: free text,
/// and expressions naming licence references (which the document must define).
fn needs_reference(text: &str) -> bool {
    match License::classify(text) {
        License::Text(_) => true,
        License::Id(text) | License::Expression(text) => {
            text.contains("LicenseRef-") || text.contains("DocumentRef-")
        }
    }
}
