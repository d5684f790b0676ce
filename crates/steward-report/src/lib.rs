//! Scan reports: what `steward scan` found, for people and for machines.
//!
//! Every renderer reads one [`Scan`] (the inventory, the matches, the snapshot they came from and
//! what the suppressions did) through the helpers here, and is registered in [`RENDERERS`].
//! Output is deterministic: the same scan gives the same bytes, and every report names the
//! advisory snapshot by its digest. The crate does no I/O.

use std::fmt::Write as _;

mod cyclonedx;
mod html;
mod json;
mod markdown;
mod sarif;
mod table;
pub mod text_table;

use steward_model::{Inventory, Package};
use steward_osv::matching::{Finding, Kind, Matched, Matches};
use steward_osv::policy::{Applied, Suppression};
use steward_osv::{Level, SnapshotInfo};

pub use json::SCAN_SCHEMA;

/// Everything a report says.
#[derive(Clone, Copy, Debug)]
pub struct Scan<'a> {
    /// The packages scanned.
    pub inventory: &'a Inventory,
    /// The advisory snapshot matched against; `None` when there was none to be had.
    pub database: Option<&'a SnapshotInfo>,
    /// What matched.
    pub matches: &'a Matches,
    /// The suppressions configured.
    pub suppressions: &'a [Suppression],
    /// What they did.
    pub applied: &'a Applied,
    /// steward's version.
    pub tool_version: &'a str,
    /// What was scanned, as an SBOM's root component.
    pub subject: &'a steward_sbom::Subject,
    /// When the scan was made (`SOURCE_DATE_EPOCH` for reproducible reports).
    pub created: jiff::Timestamp,
    /// What the scan was asked to leave out, and what it left out.
    pub filters: &'a Filters,
    /// How reports for people are laid out.
    pub presentation: &'a Presentation,
    /// The licence check, when one was asked for (`--licenses`).
    pub licenses: Option<Licenses<'a>>,
}

/// A licence policy and what checking the inventory against it found.
#[derive(Clone, Copy, Debug)]
pub struct Licenses<'a> {
    /// The policy.
    pub policy: &'a steward_license::Policy,
    /// The outcome.
    pub check: &'a steward_license::LicenseCheck,
}

impl Licenses<'_> {
    /// "2 licence problems, 3 unknown licences", or nothing to say.
    fn sentence(&self) -> String {
        let problems = self.check.problems.len();
        let mut text = format!(
            "{problems} {} in {} packages checked",
            plural(problems, "licence problem", "licence problems"),
            self.check.checked
        );
        let unknown = self.check.unknown.len();
        if unknown > 0 {
            let _ = write!(
                text,
                ", {unknown} {}",
                plural(unknown, "unknown licence", "unknown licences")
            );
        }
        let excepted = self.check.excepted.len();
        if excepted > 0 {
            let _ = write!(text, ", {excepted} allowed by exception");
        }
        text
    }
}

/// One package the licence policy refuses, as every report shows it.
pub(crate) struct LicenseRow<'s> {
    pub(crate) package: &'s Package,
    /// Its recorded licences joined by `AND`; `(none recorded)` when none is.
    pub(crate) licenses: String,
    /// `not allowed: GPL-3.0-only`, `licence unknown`.
    pub(crate) problem: String,
    /// Where it was found, as [`shown_location`] says.
    pub(crate) place: String,
}

/// The packages the licence check refuses, in the check's order; none when no check ran.
pub(crate) fn license_rows<'s>(scan: &'s Scan<'_>) -> Vec<LicenseRow<'s>> {
    let Some(licenses) = &scan.licenses else {
        return Vec::new();
    };
    licenses
        .check
        .problems
        .iter()
        .map(|(index, problem)| {
            let package = &scan.inventory.packages[*index];
            LicenseRow {
                package,
                licenses: if package.licenses.is_empty() {
                    "(none recorded)".to_owned()
                } else {
                    package.licenses.join(" AND ")
                },
                problem: match problem {
                    steward_license::Problem::Denied { offending } => {
                        format!("not allowed: {}", offending.join(", "))
                    }
                    steward_license::Problem::Unknown => "licence unknown".to_owned(),
                },
                place: shown_location(scan, package),
            }
        })
        .collect()
}

/// How a report for people is laid out where it goes: the table's width and colors, and the
/// directory its paths are shown relative to. Reports for machines ignore it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Presentation {
    /// The width lines must fit in; any length when `None`.
    pub width: Option<usize>,
    /// Whether to color severities.
    pub color: bool,
    /// The directory the user pointed at: paths under it are shown relative to it.
    pub base: Option<String>,
}

impl Presentation {
    /// A path as shown: relative to [`Presentation::base`] when under it.
    pub(crate) fn path<'p>(&self, path: &'p str) -> &'p str {
        self.base
            .as_deref()
            .map(|base| base.trim_end_matches('/'))
            .filter(|base| !base.is_empty() && *base != ".")
            .and_then(|base| path.strip_prefix(base)?.strip_prefix('/'))
            .unwrap_or(path)
    }
}

/// What a scan was asked to leave out (`--severity`, `--ignore-unfixed`, `--ecosystem`,
/// `--exclude`), and how much each left out, so that a report never passes off a filtered
/// view as the whole.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Filters {
    /// The severities shown (`critical`, …, `unrated`); every one when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub severity: Vec<String>,
    /// Whether vulnerabilities without a fixed version were left out.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ignore_unfixed: bool,
    /// The ecosystems kept; every one when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ecosystems: Vec<String>,
    /// The exclusion globs of the walk.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Findings and undetermined records of other severities.
    pub findings_of_other_severities: usize,
    /// Vulnerabilities left out for having no fix.
    pub unfixed_findings: usize,
    /// Packages of other ecosystems.
    pub packages_of_other_ecosystems: usize,
    /// Files and directories the exclusions matched.
    pub excluded_paths: usize,
}

impl Filters {
    /// Whether nothing was asked to be left out.
    pub fn is_empty(&self) -> bool {
        self.severity.is_empty()
            && !self.ignore_unfixed
            && self.ecosystems.is_empty()
            && self.exclude.is_empty()
    }

    /// "left out by filters: 3 findings of other severities, 12 excluded paths", or nothing.
    pub(crate) fn sentence(&self) -> Option<String> {
        let parts: Vec<String> = [
            (
                self.findings_of_other_severities,
                "finding of other severities",
                "findings of other severities",
            ),
            (
                self.unfixed_findings,
                "unfixed vulnerability",
                "unfixed vulnerabilities",
            ),
            (
                self.packages_of_other_ecosystems,
                "package of other ecosystems",
                "packages of other ecosystems",
            ),
            (self.excluded_paths, "excluded path", "excluded paths"),
        ]
        .iter()
        .filter(|(count, ..)| *count > 0)
        .map(|(count, one, many)| format!("{count} {}", plural(*count, one, many)))
        .collect();
        (!parts.is_empty()).then(|| format!("left out by filters: {}", parts.join(", ")))
    }
}

/// One report format.
#[derive(Debug)]
pub struct Renderer {
    /// The id `--format` takes.
    pub id: &'static str,
    /// What it is.
    pub description: &'static str,
    render: fn(&Scan<'_>) -> Vec<u8>,
}

impl Renderer {
    /// The report's bytes.
    pub fn render(&self, scan: &Scan<'_>) -> Vec<u8> {
        (self.render)(scan)
    }
}

/// Every report format.
pub const RENDERERS: &[Renderer] = &[
    table::RENDERER,
    json::RENDERER,
    sarif::RENDERER,
    markdown::RENDERER,
    html::RENDERER,
    cyclonedx::RENDERER,
];

/// The renderer with this id.
pub fn renderer_by_id(id: &str) -> Option<&'static Renderer> {
    RENDERERS.iter().find(|renderer| renderer.id == id)
}

/// A finding with its place in the matches and its suppression.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shown<'a> {
    pub(crate) finding: &'a Finding,
    pub(crate) suppression: Option<&'a Suppression>,
}

impl Scan<'_> {
    /// The package a match is reported as (the first place it was found).
    pub(crate) fn package(&self, matched: &Matched) -> &Package {
        &self.inventory.packages[matched.packages[0]]
    }

    /// A match's findings with their suppressions.
    pub(crate) fn findings(&self, index: usize) -> impl Iterator<Item = Shown<'_>> + '_ {
        self.matches.matched[index].findings.iter().enumerate().map(
            move |(finding_index, finding)| Shown {
                finding,
                suppression: self
                    .applied
                    .of(index, finding_index)
                    .map(|suppression| &self.suppressions[suppression]),
            },
        )
    }

    /// The records that could not be evaluated for a matched package version and are not
    /// suppressed: their own level in every report, never dropped.
    pub(crate) fn undetermined(
        &self,
        index: usize,
    ) -> impl Iterator<Item = &steward_osv::matching::Undetermined> + '_ {
        self.matches.matched[index]
            .undetermined
            .iter()
            .enumerate()
            .filter(move |(at, _)| self.applied.of_undetermined(index, *at).is_none())
            .map(|(_, undetermined)| undetermined)
    }

    /// The counts a summary gives.
    pub(crate) fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        for (index, matched) in self.matches.matched.iter().enumerate() {
            let mut vulnerable = false;
            for shown in self.findings(index) {
                if shown.suppression.is_some() {
                    summary.suppressed += 1;
                    continue;
                }
                match shown.finding.kind {
                    Kind::Vulnerability => {
                        vulnerable = true;
                        summary.vulnerabilities += 1;
                        match shown
                            .finding
                            .severity
                            .as_ref()
                            .map(|severity| severity.level)
                        {
                            Some(Level::Critical) => summary.critical += 1,
                            Some(Level::High) => summary.high += 1,
                            Some(Level::Medium) => summary.medium += 1,
                            Some(Level::Low) => summary.low += 1,
                            None => summary.unknown += 1,
                        }
                    }
                    Kind::Informational(_) => summary.informational += 1,
                }
            }
            summary.undetermined += matched.undetermined.len();
            summary.vulnerable_packages += usize::from(vulnerable);
        }
        summary
    }
}

/// Counts over a scan; suppressed findings are counted only as suppressed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Summary {
    pub(crate) vulnerable_packages: usize,
    pub(crate) vulnerabilities: usize,
    pub(crate) critical: usize,
    pub(crate) high: usize,
    pub(crate) medium: usize,
    pub(crate) low: usize,
    pub(crate) unknown: usize,
    pub(crate) informational: usize,
    pub(crate) suppressed: usize,
    pub(crate) undetermined: usize,
}

impl Summary {
    /// "3 vulnerabilities (1 critical, 2 high) in 2 packages".
    pub(crate) fn sentence(&self) -> String {
        let levels: Vec<String> = [
            (self.critical, "critical"),
            (self.high, "high"),
            (self.medium, "medium"),
            (self.low, "low"),
            (self.unknown, "unrated"),
        ]
        .iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, name)| format!("{count} {name}"))
        .collect();
        let mut text = format!(
            "{} {}",
            self.vulnerabilities,
            plural(self.vulnerabilities, "vulnerability", "vulnerabilities")
        );
        if !levels.is_empty() {
            let _ = write!(text, " ({})", levels.join(", "));
        }
        let _ = write!(
            text,
            " in {} {}",
            self.vulnerable_packages,
            plural(self.vulnerable_packages, "package", "packages")
        );
        for (count, singular, many) in [
            (
                self.informational,
                "informational advisory",
                "informational advisories",
            ),
            (self.suppressed, "suppressed", "suppressed"),
            (self.undetermined, "undetermined", "undetermined"),
        ] {
            if count > 0 {
                let _ = write!(text, "; {count} {}", plural(count, singular, many));
            }
        }
        text
    }
}

pub(crate) fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

/// The kind as reports spell it: `vulnerability`, or the informational kind.
pub(crate) fn kind_name(kind: &Kind) -> &str {
    match kind {
        Kind::Vulnerability => "vulnerability",
        Kind::Informational(kind) => kind,
    }
}

/// The severity as a short label: `critical 9.8`, `high`, `unrated`.
/// How an undetermined record's level reads: `undetermined`, with its alias group's severity
/// when one is known (`undetermined (high 7.5)`).
pub(crate) fn undetermined_label(record: &steward_osv::matching::Undetermined) -> String {
    match &record.severity {
        Some(severity) => match severity.score {
            Some(score) => format!("undetermined ({} {score:.1})", severity.level),
            None => format!("undetermined ({})", severity.level),
        },
        None => "undetermined".to_owned(),
    }
}

pub(crate) fn severity_label(finding: &Finding) -> String {
    match &finding.severity {
        Some(severity) => match severity.score {
            Some(score) => format!("{} {score:.1}", severity.level),
            None => severity.level.to_string(),
        },
        None if finding.kind == Kind::Vulnerability => "unrated".to_owned(),
        None => kind_name(&finding.kind).to_owned(),
    }
}

/// A package's version, or its requirement.
pub(crate) fn version_of(package: &Package) -> &str {
    package
        .version
        .as_deref()
        .or(package.requirement.as_deref())
        .unwrap_or_default()
}

/// Where a package was found, as a person reads it: relative to where they pointed.
pub(crate) fn shown_location(scan: &Scan<'_>, package: &Package) -> String {
    let file = scan.presentation.path(&package.location.file);
    match package.location.line {
        Some(line) => format!("{file}:{line}"),
        None => file.to_owned(),
    }
}

/// The direct dependencies that bring a match in, as `name@version`, each once.
pub(crate) fn via(scan: &Scan<'_>, matched: &Matched) -> Vec<String> {
    let mut names: Vec<String> = matched
        .via
        .iter()
        .map(|&index| {
            let package = &scan.inventory.packages[index];
            format!("{}@{}", package.name, version_of(package))
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The page of an advisory in its own database: GitHub's for GHSA, RustSec's, Go's, NVD's
/// for a CVE, OSV's for the rest.
pub(crate) fn advisory_url(id: &str) -> String {
    if id.starts_with("GHSA-") {
        format!("https://github.com/advisories/{id}")
    } else if id.starts_with("RUSTSEC-") {
        format!("https://rustsec.org/advisories/{id}.html")
    } else if id.starts_with("GO-") {
        format!("https://pkg.go.dev/vuln/{id}")
    } else if id.starts_with("CVE-") {
        format!("https://nvd.nist.gov/vuln/detail/{id}")
    } else {
        format!("https://osv.dev/vulnerability/{id}")
    }
}

/// The one-line summary of a scan, as the table ends with it.
pub fn summary_sentence(scan: &Scan<'_>) -> String {
    let mut sentence = scan.summary().sentence();
    if let Some(licenses) = &scan.licenses {
        let _ = write!(sentence, "; {}", licenses.sentence());
    }
    if let Some(filtered) = scan.filters.sentence() {
        let _ = write!(sentence, "; {filtered}");
    }
    sentence
}
