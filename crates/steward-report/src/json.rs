//! `--format json`: the versioned document described in `docs/scan-json.md`.

use serde::Serialize;
use steward_model::{FileRecord, Location, Relationship, Scope};
use steward_osv::matching::Undetermined;
use steward_osv::policy::Suppression;
use steward_osv::{Severity, SnapshotInfo};

use crate::{Filters, Renderer, Scan, Summary, kind_name};

/// The version of the document. It changes only when a field is removed or changes meaning;
/// new fields may appear within a version.
pub const SCAN_SCHEMA: &str = "steward-scan/1";

pub(crate) const RENDERER: Renderer = Renderer {
    id: "json",
    description: "the versioned JSON document of docs/scan-json.md, naming the snapshot digest",
    render,
};

#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    tool: Tool<'a>,
    /// `null` when there was no database: nothing was matched.
    database: Option<&'a SnapshotInfo>,
    summary: Counts<'a>,
    packages: Vec<PackageReport<'a>>,
    suppressions: SuppressionReport<'a>,
    /// The licence check, when `--licenses` asked for one.
    #[serde(skip_serializing_if = "Option::is_none")]
    licenses: Option<LicenseReport<'a>>,
    files: &'a [FileRecord],
}

#[derive(Serialize)]
struct LicenseReport<'a> {
    policy: &'a steward_license::Policy,
    checked: usize,
    problems: Vec<LicensePackage<'a>>,
    unknown: Vec<LicensePackage<'a>>,
    excepted: Vec<LicensePackage<'a>>,
}

#[derive(Serialize)]
struct LicensePackage<'a> {
    ecosystem: String,
    name: &'a str,
    version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    purl: Option<String>,
    licenses: &'a [String],
    location: &'a Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    problem: Option<&'a steward_license::Problem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    exception: Option<&'a steward_license::Exception>,
}

impl<'a> LicenseReport<'a> {
    fn new(scan: &Scan<'a>, licenses: &crate::Licenses<'a>) -> Self {
        let package = |index: usize| {
            let package = &scan.inventory.packages[index];
            LicensePackage {
                ecosystem: package.ecosystem.to_string(),
                name: &package.name,
                version: crate::version_of(package),
                purl: package.purl.as_ref().map(ToString::to_string),
                licenses: &package.licenses,
                location: &package.location,
                problem: None,
                exception: None,
            }
        };
        let check = licenses.check;
        Self {
            policy: licenses.policy,
            checked: check.checked,
            problems: check
                .problems
                .iter()
                .map(|(index, problem)| LicensePackage {
                    problem: Some(problem),
                    ..package(*index)
                })
                .collect(),
            unknown: check.unknown.iter().map(|&index| package(index)).collect(),
            excepted: check
                .excepted
                .iter()
                .map(|(index, exception)| LicensePackage {
                    exception: licenses.policy.exceptions.get(*exception),
                    ..package(*index)
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct Counts<'a> {
    /// Packages in the inventory.
    packages: usize,
    /// Distinct package versions looked up.
    looked_up: usize,
    /// Packages without an exact version, which could not be matched.
    unversioned: usize,
    #[serde(flatten)]
    summary: Summary,
    /// What was left out on request; absent when nothing was asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    filters: Option<&'a Filters>,
}

#[derive(Serialize)]
struct PackageReport<'a> {
    ecosystem: String,
    name: &'a str,
    version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    purl: Option<String>,
    relationship: Relationship,
    scope: Scope,
    locations: Vec<&'a Location>,
    fix: Option<&'a str>,
    /// Versions of an ecosystem steward has no version rules for, ordered approximately.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    approximate_order: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    via: Vec<Via<'a>>,
    findings: Vec<FindingReport<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    undetermined: &'a [Undetermined],
}

#[derive(Serialize)]
struct Via<'a> {
    name: &'a str,
    version: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    purl: Option<String>,
}

#[derive(Serialize)]
struct FindingReport<'a> {
    id: &'a str,
    aliases: &'a [String],
    records: &'a [String],
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    severity: Option<&'a Severity>,
    fixed: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<SuppressionEntry<'a>>,
}

#[derive(Serialize)]
struct SuppressionEntry<'a> {
    id: &'a str,
    reason: &'a str,
    expires: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    package: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    owner: Option<&'a str>,
}

impl<'a> SuppressionEntry<'a> {
    fn new(suppression: &'a Suppression) -> Self {
        Self {
            id: &suppression.id,
            reason: &suppression.reason,
            expires: suppression.expires.to_string(),
            package: suppression.package.as_deref(),
            owner: suppression.owner.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct SuppressionReport<'a> {
    expired: Vec<SuppressionEntry<'a>>,
    unused: Vec<SuppressionEntry<'a>>,
}

fn render(scan: &Scan<'_>) -> Vec<u8> {
    let packages = scan
        .matches
        .matched
        .iter()
        .enumerate()
        .map(|(index, matched)| {
            let package = scan.package(matched);
            PackageReport {
                ecosystem: package.ecosystem.to_string(),
                name: &package.name,
                version: crate::version_of(package),
                purl: package.purl.as_ref().map(ToString::to_string),
                relationship: package.relationship,
                scope: package.scope,
                locations: matched
                    .packages
                    .iter()
                    .map(|&at| &scan.inventory.packages[at].location)
                    .collect(),
                fix: matched.fix.as_deref(),
                approximate_order: matched.approximate_order,
                via: matched
                    .via
                    .iter()
                    .map(|&at| {
                        let package = &scan.inventory.packages[at];
                        Via {
                            name: &package.name,
                            version: crate::version_of(package),
                            purl: package.purl.as_ref().map(ToString::to_string),
                        }
                    })
                    .collect(),
                findings: scan
                    .findings(index)
                    .map(|shown| {
                        let finding = shown.finding;
                        FindingReport {
                            id: &finding.id,
                            aliases: &finding.aliases,
                            records: &finding.records,
                            kind: kind_name(&finding.kind),
                            summary: finding.summary.as_deref(),
                            severity: finding.severity.as_ref(),
                            fixed: &finding.fixed,
                            url: finding.url.as_deref(),
                            suppressed: shown.suppression.map(SuppressionEntry::new),
                        }
                    })
                    .collect(),
                undetermined: &matched.undetermined,
            }
        })
        .collect();
    let entries = |indices: &[usize]| {
        indices
            .iter()
            .map(|&index| SuppressionEntry::new(&scan.suppressions[index]))
            .collect()
    };
    let document = Document {
        schema: SCAN_SCHEMA,
        tool: Tool {
            name: "steward",
            version: scan.tool_version,
        },
        database: scan.database,
        summary: Counts {
            packages: scan.inventory.packages.len(),
            looked_up: scan.matches.looked_up,
            unversioned: scan.matches.unversioned.len(),
            summary: scan.summary(),
            filters: (!scan.filters.is_empty()).then_some(scan.filters),
        },
        packages,
        suppressions: SuppressionReport {
            expired: entries(&scan.applied.expired),
            unused: entries(&scan.applied.unused),
        },
        licenses: scan
            .licenses
            .as_ref()
            .map(|licenses| LicenseReport::new(scan, licenses)),
        files: &scan.inventory.files,
    };
    let mut bytes = serde_json::to_vec_pretty(&document)
        .unwrap_or_else(|error| unreachable!("the document serializes: {error}"));
    bytes.push(b'\n');
    bytes
}
