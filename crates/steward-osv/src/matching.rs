//! Matching an inventory against advisories: which packages are affected by what, how badly,
//! and the smallest upgrade that fixes them.
//!
//! Packages are matched once per distinct (ecosystem, normalized name, version); each finding
//! keeps every place the package was found. A package is looked up under its ecosystem's base
//! name and normalized name, and a distribution package (`Debian:12`, `Alpine:v3.20`) under its
//! *source* package, whose version the advisories speak of; an advisory entry scoped to a release
//! matches only packages of that release. Versions are evaluated with the ecosystem's own rules
//! (`steward_version::osv`); what cannot be evaluated (a version that is no version of the scheme,
//! a `GIT`-only range) is reported as undetermined, never taken for "not affected". Withdrawn
//! records match nothing.
//!
//! Records about one vulnerability (a RUSTSEC record and the GHSA it aliases, a GHSA and a PYSEC
//! sharing a CVE) are one finding: records matched on the same package are grouped when their
//! ids and aliases meet.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::Serialize;
use steward_model::{Inventory, Package, Relationship};
use steward_purl::{Ecosystem, EcosystemName, normalize_name};
use steward_version::Scheme;
use steward_version::osv::{AffectedVersions, EventKind, RangeInput, RangeType, Verdict};

use crate::record::{Advisory, Affected};
use crate::severity::{self, Severity};

/// What kind of advisory a finding is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A vulnerability.
    Vulnerability,
    /// An informational advisory (RustSec's `unmaintained`, `unsound`, `notice`): reported, but
    /// not a vulnerability.
    Informational(String),
}

/// One vulnerability of one package.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// The id reported: the package database's own record (RUSTSEC, PYSEC, GO, …) before a GHSA,
    /// before anything else.
    pub id: String,
    /// Every other id of the vulnerability: the other records matched and all their aliases.
    pub aliases: Vec<String>,
    /// The records matched, by id.
    pub records: Vec<String>,
    /// Vulnerability or informational.
    pub kind: Kind,
    /// The summary of the reported record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The highest severity any of the records gives; `None` when none says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// The versions that fix it, from the ranges that matched (the first fix above the version).
    pub fixed: Vec<String>,
    /// The reported record's advisory link (its `ADVISORY` reference, else its first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A record that could not say whether a package is affected.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Undetermined {
    /// The record.
    pub id: String,
    /// Why.
    pub reason: String,
    /// The highest severity the record, or any record of its alias group for this package,
    /// gives; `None` when none says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
}

/// A package version with its findings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Matched {
    /// The packages (indices into the inventory) with this ecosystem, name and version.
    pub packages: Vec<usize>,
    /// Its vulnerabilities and informational advisories, by id.
    pub findings: Vec<Finding>,
    /// Records that could not be evaluated for it.
    pub undetermined: Vec<Undetermined>,
    /// The smallest version that fixes every vulnerability (not informational advisories) found
    /// on it, preferring one with the same major version; `None` when none is known.
    pub fix: Option<String>,
    /// For a transitive package, the direct dependencies (indices) that bring it in, where the
    /// inputs record edges.
    pub via: Vec<usize>,
    /// Whether its versions were ordered by steward's generic fallback, for an ecosystem with
    /// no version rules of its own: the verdicts are approximate.
    pub approximate_order: bool,
}

/// The result of matching an inventory.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Matches {
    /// Every package version with a finding or an undetermined record, in inventory order.
    pub matched: Vec<Matched>,
    /// How many distinct package versions were looked up.
    pub looked_up: usize,
    /// Packages without an exact version (a manifest's requirement only), which cannot be
    /// matched: indices into the inventory.
    pub unversioned: Vec<usize>,
}

/// Matches every package of `inventory`; `advisories_of(ecosystem, normalized_name)` gives the
/// records naming a package (in any release).
pub fn match_inventory<E>(
    inventory: &Inventory,
    mut advisories_of: impl FnMut(&str, &str) -> Result<Vec<Advisory>, E>,
) -> Result<Matches, E> {
    // Distinct (ecosystem, lookup name, version) → the packages that have them.
    let mut keys: BTreeMap<(String, String, String), Vec<usize>> = BTreeMap::new();
    let mut unversioned = Vec::new();
    for (index, package) in inventory.packages.iter().enumerate() {
        if package.relationship == Relationship::Root {
            continue;
        }
        match lookup_key(package) {
            Some(key) => keys.entry(key).or_default().push(index),
            None => unversioned.push(index),
        }
    }
    let dependents = dependents(inventory);
    let mut matches = Matches {
        looked_up: keys.len(),
        unversioned,
        ..Matches::default()
    };
    for ((ecosystem, name, version), packages) in keys {
        let ecosystem = Ecosystem::parse(&ecosystem);
        let advisories = advisories_of(ecosystem.name().as_str(), &name)?;
        if advisories.is_empty() {
            continue;
        }
        let found = evaluate(&ecosystem, &name, &version, &advisories);
        if found.findings.is_empty() && found.undetermined.is_empty() {
            continue;
        }
        // A distribution's binary packages built from one source are looked up together and
        // reported each under its own name.
        let mut by_package: BTreeMap<(&str, Option<&str>), Vec<usize>> = BTreeMap::new();
        for &index in &packages {
            let package = &inventory.packages[index];
            by_package
                .entry((&package.normalized_name, package.version.as_deref()))
                .or_default()
                .push(index);
        }
        let approximate_order =
            Scheme::for_ecosystem(ecosystem.name()).is_ok_and(|scheme| scheme == Scheme::Generic);
        for packages in by_package.into_values() {
            let via = introduced_by(inventory, &dependents, &packages);
            matches.matched.push(Matched {
                packages,
                findings: found.findings.clone(),
                undetermined: found.undetermined.clone(),
                fix: found.fix.clone(),
                via,
                approximate_order,
            });
        }
    }
    matches.matched.sort_by_key(|matched| matched.packages[0]);
    Ok(matches)
}

/// The ecosystem, normalized name and version a package is looked up by: a distribution
/// package's source package where it has one.
fn lookup_key(package: &Package) -> Option<(String, String, String)> {
    let version = package.version.clone()?;
    if package.ecosystem.name().keys_by_source_package()
        && let Some(source) = &package.source_package
    {
        let name = normalize_name(package.ecosystem.name(), &source.name).into_owned();
        let version = source.version.clone().unwrap_or(version);
        return Some((package.ecosystem.to_string(), name, version));
    }
    Some((
        package.ecosystem.to_string(),
        package.normalized_name.clone(),
        version,
    ))
}

struct Evaluated {
    findings: Vec<Finding>,
    undetermined: Vec<Undetermined>,
    fix: Option<String>,
}

/// One record's answer for the package.
struct Hit<'a> {
    advisory: &'a Advisory,
    affected: &'a Affected,
    fixed: Option<String>,
}

fn evaluate(
    ecosystem: &Ecosystem,
    name: &str,
    version: &str,
    advisories: &[Advisory],
) -> Evaluated {
    let mut hits: Vec<Hit<'_>> = Vec::new();
    let mut undetermined = Vec::new();
    // Every entry for this package, for checking candidate fixes against all of them.
    let mut entries: Vec<(&Advisory, AffectedVersions)> = Vec::new();
    for advisory in advisories
        .iter()
        .filter(|advisory| advisory.withdrawn.is_none())
    {
        let mut reasons = Vec::new();
        let mut hit = None;
        for affected in &advisory.affected {
            if !names_package(affected, ecosystem, name) {
                continue;
            }
            let versions = prepare(ecosystem.name(), affected);
            match versions.evaluate(version) {
                Verdict::Affected { fixed, .. } => {
                    if hit.is_none() {
                        hit = Some(Hit {
                            advisory,
                            affected,
                            fixed,
                        });
                    }
                }
                Verdict::NotAffected => {}
                Verdict::Undetermined(problems) => {
                    reasons.extend(problems.iter().map(ToString::to_string));
                }
            }
            entries.push((advisory, versions));
        }
        match hit {
            Some(hit) => hits.push(hit),
            None if !reasons.is_empty() => {
                reasons.dedup();
                undetermined.push(Undetermined {
                    id: advisory.id.clone(),
                    reason: reasons.join("; "),
                    severity: alias_group_severity(advisory, advisories),
                });
            }
            None => {}
        }
    }
    let mut findings = group(&hits);
    let mut fix = smallest_fix(ecosystem.name(), version, &findings, &hits, &entries);
    // RustSec writes "patched >= 1.2.3" as `fixed: 1.2.3-0`, a pre-release no one published:
    // the fix people can install is 1.2.3.
    if matches!(
        Scheme::for_ecosystem(ecosystem.name()),
        Ok(Scheme::SemVer | Scheme::Go)
    ) {
        for finding in &mut findings {
            for fixed in &mut finding.fixed {
                *fixed = without_lowest_prerelease(fixed).to_owned();
            }
            finding.fixed.dedup();
        }
        fix = fix.map(|fix| without_lowest_prerelease(&fix).to_owned());
    }
    Evaluated {
        findings,
        undetermined,
        fix,
    }
}

/// The highest of some severities: by level, then by score.
fn highest(severities: impl Iterator<Item = Severity>) -> Option<Severity> {
    severities.max_by(|a, b| {
        (a.level, a.score.unwrap_or(0.0))
            .partial_cmp(&(b.level, b.score.unwrap_or(0.0)))
            .unwrap_or(std::cmp::Ordering::Equal)
    })
}

/// The highest severity of `record` and of the records among `advisories` that share an id or
/// alias with it: an undetermined record is rated as its alias group is.
fn alias_group_severity(record: &Advisory, advisories: &[Advisory]) -> Option<Severity> {
    let names: BTreeSet<&str> = std::iter::once(record.id.as_str())
        .chain(record.aliases.iter().map(String::as_str))
        .collect();
    highest(
        advisories
            .iter()
            .filter(|other| {
                names.contains(other.id.as_str())
                    || other
                        .aliases
                        .iter()
                        .any(|alias| names.contains(alias.as_str()))
            })
            .filter_map(|other| severity::of(other, None)),
    )
}

/// Whether an `affected` entry names this package in this ecosystem (and release).
fn names_package(affected: &Affected, ecosystem: &Ecosystem, name: &str) -> bool {
    let Some(package) = &affected.package else {
        return false;
    };
    let scoped = Ecosystem::parse(&package.ecosystem);
    if scoped.name() != ecosystem.name() || normalize_name(scoped.name(), &package.name) != name {
        return false;
    }
    // A release-scoped entry of a distribution matches only that release.
    match (scoped.suffix(), is_distribution(ecosystem.name())) {
        (Some(release), true) => ecosystem.suffix() == Some(release),
        _ => true,
    }
}

fn is_distribution(ecosystem: &EcosystemName) -> bool {
    matches!(ecosystem.purl_type(), Some("deb" | "apk" | "rpm"))
}

fn prepare(ecosystem: &EcosystemName, affected: &Affected) -> AffectedVersions {
    let ranges: Vec<RangeInput> = affected
        .ranges
        .iter()
        .map(|range| RangeInput {
            range_type: RangeType::parse(&range.range_type),
            events: range
                .events
                .iter()
                .flat_map(|event| event.iter())
                .filter_map(|(kind, version)| Some((EventKind::parse(kind)?, version.clone())))
                .collect(),
        })
        .collect();
    AffectedVersions::new(ecosystem, &ranges, &affected.versions)
}

/// Groups hits whose ids and aliases meet into findings.
fn group(hits: &[Hit<'_>]) -> Vec<Finding> {
    // Union–find over the hits.
    let mut parent: Vec<usize> = (0..hits.len()).collect();
    let mut owner: BTreeMap<&str, usize> = BTreeMap::new();
    for (index, hit) in hits.iter().enumerate() {
        for id in std::iter::once(&hit.advisory.id).chain(&hit.advisory.aliases) {
            match owner.get(id.as_str()) {
                Some(&other) => {
                    let (a, b) = (root(&mut parent, index), root(&mut parent, other));
                    parent[a] = b;
                }
                None => {
                    owner.insert(id, index);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<&Hit<'_>>> = BTreeMap::new();
    for (index, hit) in hits.iter().enumerate() {
        let root = root(&mut parent, index);
        groups.entry(root).or_default().push(hit);
    }
    let mut findings: Vec<Finding> = groups.into_values().map(|group| finding(&group)).collect();
    findings.sort_by(|a, b| natural_order(&a.id, &b.id));
    findings
}

/// Ids in natural order: runs of digits compare as numbers, so `PYSEC-2021-6` comes before
/// `PYSEC-2021-439` and `GHSA-…` before `PYSEC-…` as text.
pub fn natural_order(left: &str, right: &str) -> std::cmp::Ordering {
    fn runs(text: &str) -> impl Iterator<Item = (bool, &str)> {
        let mut rest = text;
        std::iter::from_fn(move || {
            let first = rest.chars().next()?;
            let digits = first.is_ascii_digit();
            let end = rest
                .find(|c: char| c.is_ascii_digit() != digits)
                .unwrap_or(rest.len());
            let (run, tail) = rest.split_at(end);
            rest = tail;
            Some((digits, run))
        })
    }
    let mut left_runs = runs(left);
    let mut right_runs = runs(right);
    loop {
        let ordering = match (left_runs.next(), right_runs.next()) {
            (None, None) => return left.cmp(right),
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some((true, a)), Some((true, b))) => {
                let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
                a.len().cmp(&b.len()).then_with(|| a.cmp(b))
            }
            (Some((_, a)), Some((_, b))) => a.cmp(b),
        };
        if ordering.is_ne() {
            return ordering;
        }
    }
}

fn finding(group: &[&Hit<'_>]) -> Finding {
    let reported = group
        .iter()
        .min_by_key(|hit| (id_rank(&hit.advisory.id), &hit.advisory.id))
        .unwrap_or_else(|| unreachable!("a group has a hit"));
    let records: BTreeSet<String> = group.iter().map(|hit| hit.advisory.id.clone()).collect();
    let aliases: BTreeSet<String> = group
        .iter()
        .flat_map(|hit| std::iter::once(&hit.advisory.id).chain(&hit.advisory.aliases))
        .filter(|id| **id != reported.advisory.id)
        .cloned()
        .collect();
    let severity = highest(
        group
            .iter()
            .filter_map(|hit| severity::of(hit.advisory, Some(hit.affected))),
    );
    let informational: Vec<String> = group
        .iter()
        .filter_map(|hit| informational(hit.affected))
        .collect();
    let kind = if informational.len() == group.len() {
        Kind::Informational(informational[0].clone())
    } else {
        Kind::Vulnerability
    };
    let fixed: BTreeSet<String> = group.iter().filter_map(|hit| hit.fixed.clone()).collect();
    let advisory = reported.advisory;
    let url = advisory
        .references
        .iter()
        .find(|reference| reference.reference_type == "ADVISORY")
        .or(advisory.references.first())
        .map(|reference| reference.url.clone());
    Finding {
        id: advisory.id.clone(),
        aliases: aliases.into_iter().collect(),
        records: records.into_iter().collect(),
        kind,
        summary: advisory
            .summary
            .clone()
            .filter(|summary| !summary.is_empty()),
        severity,
        fixed: fixed.into_iter().collect(),
        url,
    }
}

fn root(parent: &mut [usize], mut at: usize) -> usize {
    while parent[at] != at {
        parent[at] = parent[parent[at]];
        at = parent[at];
    }
    at
}

/// The order ids are preferred in: a package database's own, then GitHub's, then CVEs and the
/// rest.
fn id_rank(id: &str) -> u8 {
    if id.starts_with("GHSA-") {
        1
    } else if id.starts_with("CVE-") {
        2
    } else {
        0
    }
}

/// RustSec's `informational` kind of an entry, if it has one.
fn informational(affected: &Affected) -> Option<String> {
    let kind = affected
        .database_specific
        .as_ref()?
        .get("informational")?
        .as_str()?;
    Some(kind.to_owned())
}

/// A SemVer version with the lowest pre-release, `-0`, as its release (`1.2.3-0` is `1.2.3`);
/// any other version as it is.
fn without_lowest_prerelease(version: &str) -> &str {
    match version.strip_suffix("-0") {
        Some(release)
            if release.split('.').count() == 3
                && release
                    .trim_start_matches('v')
                    .split('.')
                    .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit())) =>
        {
            release
        }
        _ => version,
    }
}

/// The smallest version fixing every vulnerability found, among the fixed versions the package's
/// records name: one with the same major version if there is one, else the smallest of all.
fn smallest_fix(
    ecosystem: &EcosystemName,
    version: &str,
    findings: &[Finding],
    hits: &[Hit<'_>],
    entries: &[(&Advisory, AffectedVersions)],
) -> Option<String> {
    let vulnerable: BTreeSet<&str> = findings
        .iter()
        .filter(|finding| finding.kind == Kind::Vulnerability)
        .flat_map(|finding| finding.records.iter().map(String::as_str))
        .collect();
    if vulnerable.is_empty() {
        return None;
    }
    let scheme = Scheme::for_ecosystem(ecosystem).ok()?;
    let current = scheme.parse(version).ok()?;
    let mut candidates: Vec<(steward_version::Version, String)> = hits
        .iter()
        .filter(|hit| vulnerable.contains(hit.advisory.id.as_str()))
        .flat_map(|hit| hit.affected.ranges.iter())
        .flat_map(|range| range.events.iter())
        .filter_map(|event| event.get("fixed"))
        .filter_map(|fixed| Some((scheme.parse(fixed).ok()?, fixed.clone())))
        .filter(|(parsed, _)| *parsed > current)
        .collect();
    candidates.sort_by(|a, b| a.0.cmp(&b.0));
    candidates.dedup_by(|a, b| a.0 == b.0);
    let fixes_all = |candidate: &str| {
        entries
            .iter()
            .filter(|(advisory, _)| vulnerable.contains(advisory.id.as_str()))
            .all(|(_, versions)| versions.evaluate(candidate) == Verdict::NotAffected)
    };
    let fixing: Vec<&String> = candidates
        .iter()
        .map(|(_, text)| text)
        .filter(|candidate| fixes_all(candidate))
        .collect();
    let line = major(version);
    fixing
        .iter()
        .find(|candidate| major(candidate) == line)
        .or(fixing.first())
        .map(|candidate| (*candidate).clone())
}

/// The release line of a version, as far as upgrades within it are compatible: the first number,
/// or the first two when the first is 0 (`0.4.x` is its own line in SemVer's practice).
fn major(version: &str) -> Vec<&str> {
    let version = version.trim_start_matches('v');
    let mut parts = version.split(['.', '-', '+']);
    let first = parts.next().unwrap_or_default();
    if first == "0" {
        vec![first, parts.next().unwrap_or_default()]
    } else {
        vec![first]
    }
}

/// For each package, the packages that depend on it directly (the inventory's edges reversed).
fn dependents(inventory: &Inventory) -> BTreeMap<usize, Vec<usize>> {
    let mut dependents: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for edge in &inventory.dependencies {
        dependents.entry(edge.to).or_default().push(edge.from);
    }
    dependents
}

/// The direct dependencies from which any of `packages` can be reached, where the inventory
/// records edges; empty for direct packages.
fn introduced_by(
    inventory: &Inventory,
    dependents: &BTreeMap<usize, Vec<usize>>,
    packages: &[usize],
) -> Vec<usize> {
    if packages.iter().any(|&index| {
        matches!(
            inventory.packages[index].relationship,
            Relationship::Direct | Relationship::Root
        )
    }) {
        return Vec::new();
    }
    let mut seen: BTreeSet<usize> = packages.iter().copied().collect();
    let mut queue: VecDeque<usize> = packages.iter().copied().collect();
    let mut direct = BTreeSet::new();
    while let Some(at) = queue.pop_front() {
        for &from in dependents.get(&at).into_iter().flatten() {
            if !seen.insert(from) {
                continue;
            }
            match inventory.packages[from].relationship {
                Relationship::Direct => {
                    direct.insert(from);
                }
                Relationship::Root => {}
                _ => queue.push_back(from),
            }
        }
    }
    direct.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use steward_model::{Inventory, Location, Package};
    use steward_purl::Ecosystem;

    use super::{match_inventory, natural_order, without_lowest_prerelease};
    use crate::record::{Record, Syntax};

    #[test]
    fn ids_sort_naturally() {
        let mut ids = [
            "PYSEC-2021-439",
            "PYSEC-2021-6",
            "GHSA-aaaa",
            "PYSEC-2020-10",
        ];
        ids.sort_by(|a, b| natural_order(a, b));
        assert_eq!(
            ids,
            [
                "GHSA-aaaa",
                "PYSEC-2020-10",
                "PYSEC-2021-6",
                "PYSEC-2021-439"
            ]
        );
    }

    #[test]
    fn rustsec_lowest_prereleases_are_shown_as_their_release() {
        assert_eq!(without_lowest_prerelease("0.7.1-0"), "0.7.1");
        assert_eq!(without_lowest_prerelease("0.7.1-rc.0"), "0.7.1-rc.0");
        assert_eq!(without_lowest_prerelease("1.2-0"), "1.2-0");
    }

    fn matched_in(ecosystem: &str) -> super::Matched {
        let record = format!(
            r#"{{"id": "X-1", "modified": "2024-01-01T00:00:00Z", "affected": [{{
                "package": {{"ecosystem": "{ecosystem}", "name": "thing"}},
                "ranges": [{{"type": "ECOSYSTEM", "events": [{{"introduced": "0"}}, {{"fixed": "2.0"}}]}}]
            }}]}}"#
        );
        let advisory = Record::parse(record.as_bytes(), Syntax::Json)
            .expect("a record")
            .advisory;
        let inventory = Inventory {
            packages: vec![Package::new(
                Ecosystem::parse(ecosystem),
                "thing",
                Some("1.5"),
                Location::default(),
            )],
            ..Inventory::default()
        };
        let matches = match_inventory(&inventory, |_, _| {
            Ok::<_, std::convert::Infallible>(vec![advisory.clone()])
        })
        .expect("matching");
        matches.matched.into_iter().next().expect("a match")
    }

    #[test]
    fn an_ecosystem_without_version_rules_is_matched_approximately_and_says_so() {
        assert!(matched_in("Unheard-Of").approximate_order);
        assert!(!matched_in("PyPI").approximate_order);
    }
}
