//! Suppressions: findings a team has looked at and accepted, each with a reason and an expiry.
//!
//! A suppression names an advisory by any of its ids (the reported one or an alias), optionally
//! scoped to one package (by name, or by package URL without a version). Until its expiry date
//! it marks the matching findings as suppressed, which keeps them in machine-readable reports
//! with the reason but out of the failure threshold. From its expiry date on it no longer applies
//! and is reported as expired; one that matched nothing is reported as unused.

use steward_model::Inventory;

use crate::matching::Matches;

/// One suppression, as configured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The advisory id or alias.
    pub id: String,
    /// Why it is accepted.
    pub reason: String,
    /// The first day it no longer applies.
    pub expires: jiff::civil::Date,
    /// The package it is limited to: a name, or a package URL without version.
    pub package: Option<String>,
    /// Who answers for it.
    pub owner: Option<String>,
}

/// What the suppressions did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// For each matched package version and finding (indices into `Matches::matched` and its
    /// `findings`), the suppression (index) that applies.
    pub suppressed: Vec<((usize, usize), usize)>,
    /// The same for records that could not be evaluated (indices into `undetermined`).
    pub suppressed_undetermined: Vec<((usize, usize), usize)>,
    /// Suppressions past their expiry date (indices).
    pub expired: Vec<usize>,
    /// Suppressions in force that matched no finding (indices).
    pub unused: Vec<usize>,
}

impl Applied {
    /// The suppression applying to a finding, if any.
    pub fn of(&self, matched: usize, finding: usize) -> Option<usize> {
        lookup(&self.suppressed, (matched, finding))
    }

    /// The suppression applying to an undetermined record, if any.
    pub fn of_undetermined(&self, matched: usize, undetermined: usize) -> Option<usize> {
        lookup(&self.suppressed_undetermined, (matched, undetermined))
    }
}

fn lookup(suppressed: &[((usize, usize), usize)], at: (usize, usize)) -> Option<usize> {
    suppressed
        .iter()
        .find(|(place, _)| *place == at)
        .map(|(_, suppression)| *suppression)
}

/// Applies `suppressions` on `today` to `matches`.
pub fn apply(
    suppressions: &[Suppression],
    inventory: &Inventory,
    matches: &Matches,
    today: jiff::civil::Date,
) -> Applied {
    let mut applied = Applied::default();
    let mut used = vec![false; suppressions.len()];
    for (index, suppression) in suppressions.iter().enumerate() {
        if suppression.expires <= today {
            applied.expired.push(index);
        }
    }
    for (matched_index, matched) in matches.matched.iter().enumerate() {
        let package = &inventory.packages[matched.packages[0]];
        let in_force = |names: &dyn Fn(&str) -> bool| {
            suppressions
                .iter()
                .enumerate()
                .position(|(index, suppression)| {
                    !applied.expired.contains(&index)
                        && names(&suppression.id)
                        && suppression
                            .package
                            .as_deref()
                            .is_none_or(|scope| in_scope(scope, package))
                })
        };
        let mut found = Vec::new();
        for (finding_index, finding) in matched.findings.iter().enumerate() {
            let names =
                |id: &str| finding.id == id || finding.aliases.iter().any(|alias| alias == id);
            if let Some(index) = in_force(&names) {
                found.push((false, finding_index, index));
            }
        }
        for (record_index, record) in matched.undetermined.iter().enumerate() {
            if let Some(index) = in_force(&|id: &str| record.id == id) {
                found.push((true, record_index, index));
            }
        }
        for (undetermined, at, index) in found {
            used[index] = true;
            let list = if undetermined {
                &mut applied.suppressed_undetermined
            } else {
                &mut applied.suppressed
            };
            list.push(((matched_index, at), index));
        }
    }
    applied.unused = (0..suppressions.len())
        .filter(|index| !used[*index] && !applied.expired.contains(index))
        .collect();
    applied
}

/// Whether a package is the one a scope names: its name (as written or normalized), or its
/// package URL without version and qualifiers.
///
/// Package URLs compare in their canonical form, so `pkg:npm/@babel/core` and
/// `pkg:npm/%40babel/core` (or `pkg:PYPI/PyYAML` and `pkg:pypi/pyyaml`) are one package.
fn in_scope(scope: &str, package: &steward_model::Package) -> bool {
    if scope.starts_with("pkg:") {
        let unversioned = |text: &str| {
            text.split(['@', '?', '#'])
                .next()
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_owned()
        };
        let wanted = steward_purl::Purl::parse(scope).map_or_else(
            |_| unversioned(scope),
            |purl| unversioned(&purl.to_string()),
        );
        return package
            .purl
            .as_ref()
            .is_some_and(|purl| unversioned(&purl.to_string()) == wanted);
    }
    scope == package.name || scope == package.normalized_name
}

#[cfg(test)]
mod tests {
    use steward_model::{Location, Package};
    use steward_purl::{Ecosystem, EcosystemName};

    use super::in_scope;

    #[test]
    fn package_urls_in_scopes_compare_canonically() {
        let babel = Package::new(
            Ecosystem::new(EcosystemName::Npm),
            "@babel/core",
            Some("7.24.0"),
            Location::default(),
        );
        for scope in [
            "pkg:npm/@babel/core",
            "pkg:npm/%40babel/core",
            "pkg:NPM/%40babel/core@7.0.0",
            "@babel/core",
        ] {
            assert!(in_scope(scope, &babel), "{scope}");
        }
        assert!(!in_scope("pkg:npm/@babel/cli", &babel));
        let yaml = Package::new(
            Ecosystem::new(EcosystemName::PyPi),
            "PyYAML",
            Some("6.0"),
            Location::default(),
        );
        assert!(in_scope("pkg:PYPI/PyYAML", &yaml));
    }
}
