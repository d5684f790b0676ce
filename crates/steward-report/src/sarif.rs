//! `--format sarif`: SARIF 2.1.0, ready for GitHub code scanning.
//!
//! One rule per vulnerability (its id, summary, link, and the `security-severity` score GitHub
//! ranks alerts by), one result per place a vulnerable package was found, pointing at the file
//! and line of the lockfile or manifest. Suppressed findings are results with an `external`
//! suppression carrying the reason, as code scanning shows them. The run names the snapshot
//! digest in its properties.

use std::fmt::Write as _;

use std::collections::BTreeMap;

use serde_json::{Value, json};
use steward_osv::Level;
use steward_osv::matching::{Finding, Kind, Matched};

use crate::{Renderer, Scan, version_of};

pub(crate) const RENDERER: Renderer = Renderer {
    id: "sarif",
    description: "SARIF 2.1.0 for GitHub code scanning, located at the lockfile line",
    render,
};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

fn render(scan: &Scan<'_>) -> Vec<u8> {
    // Records steward could not evaluate for a package are results too, at the level of an
    // unrated vulnerability, never left out.
    let undetermined: Vec<(usize, Finding)> = (0..scan.matches.matched.len())
        .flat_map(|index| {
            scan.undetermined(index).map(move |record| {
                let finding = Finding {
                    id: record.id.clone(),
                    aliases: Vec::new(),
                    records: vec![record.id.clone()],
                    kind: Kind::Vulnerability,
                    summary: Some(format!(
                        "undetermined, steward could not evaluate it: {}",
                        record.reason
                    )),
                    severity: record.severity.clone(),
                    fixed: Vec::new(),
                    url: None,
                };
                (index, finding)
            })
        })
        .collect();
    let mut rules: BTreeMap<&str, &Finding> = BTreeMap::new();
    for matched in &scan.matches.matched {
        for finding in &matched.findings {
            rules.entry(finding.id.as_str()).or_insert(finding);
        }
    }
    for (_, finding) in &undetermined {
        rules.entry(finding.id.as_str()).or_insert(finding);
    }
    let rule_index: BTreeMap<&str, usize> = rules
        .keys()
        .enumerate()
        .map(|(index, id)| (*id, index))
        .collect();
    let mut results = Vec::new();
    for (index, matched) in scan.matches.matched.iter().enumerate() {
        for shown in scan.findings(index) {
            results.extend(results_of(
                scan,
                matched,
                shown.finding,
                &rule_index,
                "is affected by",
                |result: &mut Value| {
                    if let Some(suppression) = shown.suppression {
                        result["suppressions"] = json!([{
                            "kind": "external",
                            "status": "accepted",
                            "justification": suppression.reason,
                        }]);
                    }
                },
            ));
        }
    }
    for (index, finding) in &undetermined {
        let matched = &scan.matches.matched[*index];
        results.extend(results_of(
            scan,
            matched,
            finding,
            &rule_index,
            "may be affected by",
            |_| {},
        ));
    }
    let rules: Vec<Value> = rules.values().map(|finding| rule(finding)).collect();
    let mut properties = json!({});
    if let Some(database) = scan.database {
        properties["advisoryDatabase"] = json!({
            "digest": database.digest,
            "created": database.created,
        });
    }
    let document = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "steward",
                "version": scan.tool_version,
                "informationUri": "https://github.com/steward-dev/steward",
                "rules": rules,
            }},
            "results": results,
            "properties": properties,
        }],
    });
    let mut bytes = serde_json::to_vec_pretty(&document)
        .unwrap_or_else(|error| unreachable!("the document serializes: {error}"));
    bytes.push(b'\n');
    bytes
}

/// One result per place the package was found.
fn results_of(
    scan: &Scan<'_>,
    matched: &Matched,
    finding: &Finding,
    rule_index: &BTreeMap<&str, usize>,
    verb: &str,
    mut finish: impl FnMut(&mut Value),
) -> Vec<Value> {
    let package = scan.package(matched);
    let fix = matched
        .fix
        .as_deref()
        .map(|fix| format!(" Upgrade to {fix}."))
        .unwrap_or_default();
    let message = format!(
        "{} {} ({}) {verb} {}{}.{fix}",
        package.name,
        version_of(package),
        package.ecosystem,
        finding.id,
        finding
            .summary
            .as_deref()
            .map(|summary| format!(": {summary}"))
            .unwrap_or_default(),
    );
    let mut results = Vec::new();
    for &at in &matched.packages {
        let location = &scan.inventory.packages[at].location;
        let mut physical = json!({
            "artifactLocation": { "uri": location.file.trim_start_matches('/') },
        });
        if let Some(line) = location.line {
            physical["region"] = json!({ "startLine": line });
        }
        let mut result = json!({
            "ruleId": finding.id,
            "ruleIndex": rule_index[finding.id.as_str()],
            "level": level(finding),
            "message": { "text": message },
            "locations": [{ "physicalLocation": physical }],
            "partialFingerprints": {
                "stewardFinding/v1": format!("{}|{}|{}|{}", finding.id, package.ecosystem, package.normalized_name, version_of(package)),
            },
        });
        finish(&mut result);
        results.push(result);
    }
    results
}

fn rule(finding: &Finding) -> Value {
    let summary = finding
        .summary
        .clone()
        .unwrap_or_else(|| format!("{} ({})", finding.id, crate::kind_name(&finding.kind)));
    let mut help = summary.clone();
    if !finding.aliases.is_empty() {
        let _ = write!(help, "\n\nAliases: {}", finding.aliases.join(", "));
    }
    if let Some(url) = &finding.url {
        let _ = write!(help, "\n\n{url}");
    }
    let mut rule = json!({
        "id": finding.id,
        "shortDescription": { "text": summary },
        "fullDescription": { "text": summary },
        "help": { "text": help },
        "defaultConfiguration": { "level": level(finding) },
        "properties": {
            "tags": ["security", crate::kind_name(&finding.kind)],
            "security-severity": security_severity(finding),
        },
    });
    if let Some(url) = &finding.url {
        rule["helpUri"] = json!(url);
    }
    rule
}

/// SARIF's level: critical and high are errors, medium and unrated warnings, low and
/// informational notes.
fn level(finding: &Finding) -> &'static str {
    if let Kind::Informational(_) = finding.kind {
        return "note";
    }
    match finding.severity.as_ref().map(|severity| severity.level) {
        Some(Level::Critical | Level::High) => "error",
        Some(Level::Medium) | None => "warning",
        Some(Level::Low) => "note",
    }
}

/// The score GitHub ranks alerts by: the CVSS score, else the middle of the rating's band (an
/// unrated vulnerability as medium).
fn security_severity(finding: &Finding) -> String {
    let score = match &finding.severity {
        Some(severity) => severity.score.unwrap_or(match severity.level {
            Level::Critical => 9.5,
            Level::High => 8.0,
            Level::Medium => 5.5,
            Level::Low => 2.0,
        }),
        None if finding.kind == Kind::Vulnerability => 5.5,
        None => 0.0,
    };
    format!("{score:.1}")
}
