//! SPDX 3.0.1, JSON-LD.
//!
//! An `SpdxDocument` whose root is a `software_Sbom`, whose root in turn is the subject (a
//! `software_Package`). Each distinct package is a `software_Package` with its purl
//! (`software_packageUrl`), version, supplier (an `Organization`), hashes (`verifiedUsing`)
//! and, in `software_sourceInfo`, every file it was found in; its declared licence is a
//! `simplelicensing_LicenseExpression` it `hasDeclaredLicense`. Edges are relationships, one
//! per component and kind: `dependsOn` (scoped to `development` or `build` where the
//! dependency is only needed then), `hasOptionalDependency`, `hasProvidedDependency` (peers).
//! Every element's `spdxId` is an IRI under the document's namespace.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use steward_model::{HashAlgorithm, Relationship, Scope};

use crate::spdx::{self, LicenseReferences};
use crate::view::Sbom;
use crate::{SubjectKind, Writer};

pub(crate) const WRITER: Writer = Writer {
    id: "spdx3-json",
    standard: "SPDX 3.0.1 (JSON-LD)",
    extension: ".spdx3.json",
    write,
};

const CONTEXT: &str = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld";
const CREATION_INFO: &str = "_:creation-info";

/// The elements of the graph, each named by an IRI under the namespace.
struct Graph {
    namespace: String,
    elements: Vec<Value>,
}

impl Graph {
    fn id(&self, local: &str) -> String {
        format!("{}/{local}", self.namespace)
    }

    /// Adds an element of a type with its properties; returns its id.
    fn add(&mut self, kind: &str, local: &str, mut properties: Value) -> String {
        let id = self.id(local);
        let object = properties
            .as_object_mut()
            .expect("properties are an object");
        object.insert("type".to_owned(), kind.into());
        object.insert("spdxId".to_owned(), id.clone().into());
        object.insert("creationInfo".to_owned(), CREATION_INFO.into());
        self.elements.push(properties);
        id
    }
}

fn write(sbom: &Sbom<'_>) -> Vec<u8> {
    let subject = sbom.subject;
    let mut graph = Graph {
        namespace: spdx::namespace(sbom),
        elements: Vec::new(),
    };
    let agent = graph.add(
        "SoftwareAgent",
        "agent/steward",
        json!({ "name": "steward" }),
    );
    let tool = graph.add(
        "Tool",
        "tool/steward",
        json!({ "name": format!("steward-{}", sbom.tool_version) }),
    );

    // Suppliers, one Organization each.
    let mut suppliers: BTreeMap<&str, String> = BTreeMap::new();
    let names = subject
        .supplier
        .iter()
        .chain(sbom.components.iter().filter_map(|c| c.supplier.as_ref()));
    for name in names {
        if !suppliers.contains_key(name.as_str()) {
            let local = format!("supplier-{}", suppliers.len() + 1);
            let id = graph.add("Organization", &local, json!({ "name": name }));
            suppliers.insert(name, id);
        }
    }

    let mut subject_properties = json!({
        "name": subject.name,
        "software_primaryPurpose": match subject.kind {
            SubjectKind::Project => "application",
            SubjectKind::RootFilesystem => "filesystemImage",
            SubjectKind::Image => "container",
        },
    });
    if let Some(version) = &subject.version {
        subject_properties["software_packageVersion"] = version.as_str().into();
    }
    if let Some(supplier) = &subject.supplier {
        subject_properties["suppliedBy"] = suppliers[supplier.as_str()].as_str().into();
    }
    if let Some(digest) = subject
        .digest
        .as_deref()
        .and_then(|d| d.strip_prefix("sha256:"))
    {
        subject_properties["verifiedUsing"] = json!([hash("sha256", digest)]);
    }
    let subject_id = graph.add("software_Package", "subject", subject_properties);

    let package_ids: Vec<String> = sbom
        .components
        .iter()
        .enumerate()
        .map(|(index, component)| {
            let package = component.package;
            let mut properties = json!({
                "name": package.name,
                "software_primaryPurpose": if component.relationship == Relationship::Root {
                    "application"
                } else {
                    "library"
                },
            });
            let mut set = |key: &str, value: Option<Value>| {
                if let Some(value) = value {
                    properties[key] = value;
                }
            };
            set(
                "software_packageVersion",
                package.version.as_deref().map(Into::into),
            );
            set(
                "software_packageUrl",
                component.purl.as_deref().map(Into::into),
            );
            set(
                "suppliedBy",
                component
                    .supplier
                    .as_deref()
                    .map(|name| suppliers[name].as_str().into()),
            );
            set(
                "software_downloadLocation",
                spdx::download_location(component).map(Into::into),
            );
            set(
                "software_sourceInfo",
                spdx::found_in(component).map(Into::into),
            );
            let hashes: Vec<Value> = component
                .hex_hashes()
                .map(|(algorithm, value)| {
                    let name = match algorithm {
                        HashAlgorithm::Md5 => "md5",
                        HashAlgorithm::Sha1 => "sha1",
                        HashAlgorithm::Sha256 => "sha256",
                        HashAlgorithm::Sha384 => "sha384",
                        _ => "sha512",
                    };
                    hash(name, value)
                })
                .collect();
            set("verifiedUsing", (!hashes.is_empty()).then(|| hashes.into()));
            // Without a purl, nothing else says the ecosystem (Go's `stdlib`).
            set(
                "externalIdentifier",
                component.purl.is_none().then(|| {
                    json!([{
                        "type": "ExternalIdentifier",
                        "externalIdentifierType": "other",
                        "identifier": package.ecosystem.to_string(),
                        "issuingAuthority": "steward-ecosystem",
                    }])
                }),
            );
            graph.add(
                "software_Package",
                &format!("package-{}", index + 1),
                properties,
            )
        })
        .collect();

    let mut relationships = Relationships::default();
    for &index in &sbom.top_level {
        relationships.add(
            &subject_id,
            &package_ids[index],
            sbom.components[index].scope,
        );
    }
    for &(from, to) in &sbom.edges {
        relationships.add(
            &package_ids[from],
            &package_ids[to],
            sbom.components[to].scope,
        );
    }
    relationships.declared_licenses(sbom, &package_ids, &mut graph);
    for (index, ((from, kind, scope), to)) in relationships.by_kind.into_iter().enumerate() {
        let mut properties = json!({ "from": from, "relationshipType": kind, "to": to });
        let kind = match scope {
            Some(scope) => {
                properties["scope"] = scope.into();
                "LifecycleScopedRelationship"
            }
            None => "Relationship",
        };
        graph.add(kind, &format!("relationship-{}", index + 1), properties);
    }

    let sbom_type = match subject.kind {
        SubjectKind::Project => "source",
        SubjectKind::RootFilesystem | SubjectKind::Image => "analyzed",
    };
    let mut members: Vec<Value> = graph
        .elements
        .iter()
        .map(|element| element["spdxId"].clone())
        .collect();
    let bom = graph.add(
        "software_Sbom",
        "sbom",
        json!({
            "rootElement": [subject_id],
            "element": members,
            "software_sbomType": [sbom_type],
            "profileConformance": ["core", "software", "simpleLicensing"],
        }),
    );
    members.push(bom.clone().into());
    let document_id = graph.namespace.clone();
    let document = json!({
        "type": "SpdxDocument",
        "spdxId": document_id,
        "creationInfo": CREATION_INFO,
        "name": subject.name,
        "rootElement": [bom],
        "element": members,
        "profileConformance": ["core", "software", "simpleLicensing"],
    });
    let mut elements = vec![json!({
        "type": "CreationInfo",
        "@id": CREATION_INFO,
        "specVersion": "3.0.1",
        "created": sbom.created,
        "createdBy": [agent],
        "createdUsing": [tool],
    })];
    elements.push(document);
    elements.extend(graph.elements);
    let mut bytes = serde_json::to_vec_pretty(&json!({ "@context": CONTEXT, "@graph": elements }))
        .expect("a document always serializes");
    bytes.push(b'\n');
    bytes
}

fn hash(algorithm: &str, value: &str) -> Value {
    json!({ "type": "Hash", "algorithm": algorithm, "hashValue": value })
}

/// Relationships grouped by (from, type, lifecycle scope), each with every `to`.
#[derive(Default)]
struct Relationships {
    by_kind: BTreeMap<(String, &'static str, Option<&'static str>), Vec<String>>,
}

impl Relationships {
    /// `from` depends on `to`, needed in `scope`.
    fn add(&mut self, from: &str, to: &str, scope: Scope) {
        let (kind, lifecycle) = match scope {
            Scope::Runtime => ("dependsOn", None),
            Scope::Development => ("dependsOn", Some("development")),
            Scope::Build => ("dependsOn", Some("build")),
            Scope::Optional => ("hasOptionalDependency", None),
            Scope::Peer => ("hasProvidedDependency", None),
        };
        self.by_kind
            .entry((from.to_owned(), kind, lifecycle))
            .or_default()
            .push(to.to_owned());
    }

    /// A licence expression element per distinct declared licence, each package
    /// `hasDeclaredLicense` its own; free text becomes a `LicenseRef-` mapped to a
    /// `simplelicensing_SimpleLicensingText` that carries it.
    fn declared_licenses(&mut self, sbom: &Sbom<'_>, package_ids: &[String], graph: &mut Graph) {
        let references = LicenseReferences::new(sbom);
        let mut texts: BTreeMap<&str, String> = BTreeMap::new();
        for (text, reference) in references.references() {
            let id = graph.add(
                "simplelicensing_SimpleLicensingText",
                &format!("license-text-{}", texts.len() + 1),
                json!({ "name": reference, "simplelicensing_licenseText": text }),
            );
            texts.insert(reference, id);
        }
        let mut expressions: BTreeMap<String, String> = BTreeMap::new();
        for (component, package_id) in sbom.components.iter().zip(package_ids) {
            if component.licenses.is_empty() {
                continue;
            }
            let expression = references.declared(&component.licenses);
            let next = expressions.len() + 1;
            let id = expressions
                .entry(expression)
                .or_insert_with_key(|expression| {
                    let mut properties = json!({ "simplelicensing_licenseExpression": expression });
                    let custom: Vec<Value> = texts
                    .iter()
                    .filter(|(reference, _)| {
                        expression
                            .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
                            .any(|token| token == **reference)
                    })
                    .map(|(reference, id)| {
                        json!({ "type": "DictionaryEntry", "key": reference, "value": id })
                    })
                    .collect();
                    if !custom.is_empty() {
                        properties["simplelicensing_customIdToUri"] = custom.into();
                    }
                    graph.add(
                        "simplelicensing_LicenseExpression",
                        &format!("license-{next}"),
                        properties,
                    )
                });
            self.by_kind
                .entry((package_id.clone(), "hasDeclaredLicense", None))
                .or_default()
                .push(id.clone());
        }
    }
}
