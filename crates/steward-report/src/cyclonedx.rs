//! `--format cyclonedx`: the inventory as a CycloneDX 1.6 SBOM (the same document
//! `steward sbom --format cyclonedx-json` writes) with its `vulnerabilities` (VEX).
//!
//! One vulnerability per advisory id, affecting every component found vulnerable to it, with the
//! other ids as `references`, the computed CVSS rating, the advisory link, the smallest fix as
//! the recommendation, and the snapshot's digest in the metadata. Informational advisories are
//! rated `info`. A vulnerability suppressed wherever it was found carries an `analysis` (response
//! `will_not_fix`, the reason and expiry as detail); a record that could not be evaluated is
//! listed `in_triage` with the reason.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};
use steward_model::Package;
use steward_osv::matching::{Finding, Kind};

use crate::{Renderer, Scan, kind_name};

pub(crate) const RENDERER: Renderer = Renderer {
    id: "cyclonedx",
    description: "CycloneDX 1.6 JSON: the inventory with its vulnerabilities (VEX)",
    render,
};

/// What is said about one advisory id across the packages it was found on.
#[derive(Default)]
struct Entry<'a> {
    finding: Option<&'a Finding>,
    undetermined: Option<&'a str>,
    affects: Vec<Value>,
    recommendations: Vec<String>,
    occurrences: usize,
    suppressions: Vec<String>,
}

fn render(scan: &Scan<'_>) -> Vec<u8> {
    let mut bom = steward_sbom::cyclonedx_document(&steward_sbom::Request {
        inventory: scan.inventory,
        subject: scan.subject,
        created: scan.created,
        tool_version: scan.tool_version,
    });
    let references = component_references(&bom);
    let mut entries: BTreeMap<&str, Entry<'_>> = BTreeMap::new();
    for (index, matched) in scan.matches.matched.iter().enumerate() {
        let package = scan.package(matched);
        let affects: Vec<Value> = matched
            .packages
            .iter()
            .flat_map(|&at| references_of(&references, &scan.inventory.packages[at]))
            .map(|reference| {
                json!({
                    "ref": reference,
                    "versions": [{"version": package.version, "status": "affected"}],
                })
            })
            .collect();
        for shown in scan.findings(index) {
            let entry = entries.entry(&shown.finding.id).or_default();
            entry.finding = Some(shown.finding);
            entry.affects.extend(affects.iter().cloned());
            entry.occurrences += 1;
            if let Some(suppression) = shown.suppression {
                entry.suppressions.push(format!(
                    "suppressed until {}: {}",
                    suppression.expires, suppression.reason
                ));
            }
            if let (Kind::Vulnerability, Some(fix)) = (&shown.finding.kind, &matched.fix) {
                entry
                    .recommendations
                    .push(format!("Upgrade {} to {fix}.", package.name));
            }
        }
        for undetermined in &matched.undetermined {
            let entry = entries.entry(&undetermined.id).or_default();
            entry.undetermined = Some(&undetermined.reason);
            entry.affects.extend(affects.iter().cloned());
        }
    }
    let vulnerabilities: Vec<Value> = entries
        .into_iter()
        .map(|(id, entry)| vulnerability(id, entry))
        .collect();
    if let Some(object) = bom.as_object_mut() {
        object.insert("vulnerabilities".to_owned(), Value::Array(vulnerabilities));
    }
    if let Some(metadata) = bom.get_mut("metadata").and_then(Value::as_object_mut) {
        metadata.insert(
            "properties".to_owned(),
            json!([{
                "name": "steward:advisory-database",
                "value": scan.database.map_or("none", |database| database.digest.as_str()),
            }]),
        );
    }
    let mut bytes = serde_json::to_vec_pretty(&bom).expect("a BOM always serializes");
    bytes.push(b'\n');
    bytes
}

fn vulnerability(id: &str, mut entry: Entry<'_>) -> Value {
    entry.affects.sort_by_key(Value::to_string);
    entry.affects.dedup();
    entry.recommendations.sort();
    entry.recommendations.dedup();
    let mut value = json!({
        "bom-ref": format!("vulnerability:{id}"),
        "id": id,
        "affects": entry.affects,
    });
    let object = value.as_object_mut().expect("an object");
    if let Some(finding) = entry.finding {
        object.insert("source".to_owned(), source(id));
        let references: Vec<Value> = finding
            .aliases
            .iter()
            .map(|alias| json!({"id": alias, "source": source(alias)}))
            .collect();
        if !references.is_empty() {
            object.insert("references".to_owned(), Value::Array(references));
        }
        object.insert("ratings".to_owned(), ratings(finding));
        if let Some(summary) = &finding.summary {
            object.insert("description".to_owned(), json!(summary));
        }
        if !entry.recommendations.is_empty() {
            object.insert(
                "recommendation".to_owned(),
                json!(entry.recommendations.join(" ")),
            );
        }
        if let Some(url) = &finding.url {
            object.insert("advisories".to_owned(), json!([{"url": url}]));
        }
        if let Kind::Informational(_) = finding.kind {
            object.insert(
                "properties".to_owned(),
                json!([{"name": "steward:kind", "value": kind_name(&finding.kind)}]),
            );
        }
        if entry.suppressions.len() == entry.occurrences {
            entry.suppressions.sort();
            entry.suppressions.dedup();
            object.insert(
                "analysis".to_owned(),
                json!({"response": ["will_not_fix"], "detail": entry.suppressions.join("; ")}),
            );
        }
    } else if let Some(reason) = entry.undetermined {
        object.insert(
            "analysis".to_owned(),
            json!({"state": "in_triage", "detail": format!("not evaluated: {reason}")}),
        );
    }
    value
}

/// The database an id comes from, by its prefix.
fn source(id: &str) -> Value {
    let prefix = id.split('-').next().unwrap_or(id);
    let name = match prefix {
        "CVE" => "NVD",
        "GHSA" => "GitHub",
        "RUSTSEC" => "RustSec",
        "PYSEC" => "PyPA",
        "GO" => "Go",
        "OSV" => "OSV",
        other => other,
    };
    json!({ "name": name })
}

fn ratings(finding: &Finding) -> Value {
    if let Kind::Informational(_) = finding.kind {
        return json!([{"severity": "info"}]);
    }
    let Some(severity) = &finding.severity else {
        return json!([{"severity": "unknown"}]);
    };
    let mut rating = json!({
        "severity": match severity.level {
            steward_osv::Level::Critical => "critical",
            steward_osv::Level::High => "high",
            steward_osv::Level::Medium => "medium",
            steward_osv::Level::Low => "low",
        },
    });
    let object = rating.as_object_mut().expect("an object");
    if let Some(score) = severity.score {
        // CVSS scores have one decimal; widened from f32 as is, 9.1 would print as 9.1000003.
        if let Ok(score) = format!("{score:.1}").parse::<f64>() {
            object.insert("score".to_owned(), json!(score));
        }
    }
    if let Some(vector) = &severity.vector {
        let method = if vector.starts_with("CVSS:4.0/") {
            "CVSSv4"
        } else if vector.starts_with("CVSS:3.1/") {
            "CVSSv31"
        } else if vector.starts_with("CVSS:3.0/") {
            "CVSSv3"
        } else if vector.starts_with("AV:") || severity.source == "CVSS_V2" {
            "CVSSv2"
        } else {
            "other"
        };
        object.insert("method".to_owned(), json!(method));
        object.insert("vector".to_owned(), json!(vector));
    }
    Value::Array(vec![rating])
}

/// The components' `bom-ref`s by purl, and by (name, version) for those without one.
fn component_references(bom: &Value) -> HashMap<String, Vec<String>> {
    let mut references: HashMap<String, Vec<String>> = HashMap::new();
    for component in bom["components"].as_array().into_iter().flatten() {
        let Some(reference) = component["bom-ref"].as_str() else {
            continue;
        };
        let key = component["purl"].as_str().map_or_else(
            || {
                format!(
                    "{}@{}",
                    component["name"].as_str().unwrap_or_default(),
                    component["version"].as_str().unwrap_or_default()
                )
            },
            str::to_owned,
        );
        references
            .entry(key)
            .or_default()
            .push(reference.to_owned());
    }
    references
}

fn references_of<'a>(
    references: &'a HashMap<String, Vec<String>>,
    package: &Package,
) -> impl Iterator<Item = &'a String> + 'a {
    let key = package.purl.as_ref().map_or_else(
        || {
            format!(
                "{}@{}",
                package.name,
                package.version.as_deref().unwrap_or_default()
            )
        },
        ToString::to_string,
    );
    references.get(&key).into_iter().flatten()
}
