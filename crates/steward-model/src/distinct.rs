//! Distinct packages: the packages of an inventory that are one package, grouped.
//!
//! Two packages are one when they are equal (ecosystem, name, version, source and purl) — the
//! same package found in several places — or when one is a manifest's declaration
//! (`"lodash": "4.17.20"` in `package.json`, `serde = "1"` in `Cargo.toml`) of what a lockfile
//! resolved: same ecosystem and normalized name, and the declaration either names no version
//! (it joins the first versioned package of the name, a lockfile's before a pin) or the one
//! resolved, from the same kind of source. The resolved package stands for its group, so a
//! package listed by a lockfile and its manifest appears once, at the resolved version.

use std::collections::HashMap;

use crate::{Inventory, Package, Source};

/// The packages of an inventory grouped into distinct packages.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Distinct {
    /// Each group's packages (indices into the inventory), the one that stands for the group
    /// first; groups in the order of the packages that stand for them.
    pub groups: Vec<Vec<usize>>,
    /// For each package of the inventory, its group.
    pub group_of: Vec<usize>,
}

impl Inventory {
    /// The distinct packages of the inventory.
    pub fn distinct(&self) -> Distinct {
        let packages = &self.packages;
        // Equal packages first.
        let mut first: HashMap<_, usize> = HashMap::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (index, package) in packages.iter().enumerate() {
            let key = (
                &package.ecosystem,
                package.name.as_str(),
                package.version.as_deref(),
                &package.source,
                package.purl.as_ref(),
            );
            let group = *first.entry(key).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[group].push(index);
        }
        // Then declarations into what was resolved: lockfiles' packages before other pins.
        let mut versioned: HashMap<(&_, &str), Vec<usize>> = HashMap::new();
        for (group, members) in groups.iter().enumerate() {
            let package = &packages[members[0]];
            if package.version.is_some() {
                versioned
                    .entry((&package.ecosystem, package.normalized_name.as_str()))
                    .or_default()
                    .push(group);
            }
        }
        for candidates in versioned.values_mut() {
            candidates.sort_by_key(|&group| !is_resolved(&packages[groups[group][0]]));
        }
        let mut target: Vec<usize> = (0..groups.len()).collect();
        for (group, members) in groups.iter().enumerate() {
            let declared = &packages[members[0]];
            if is_resolved(declared) {
                continue;
            }
            let candidates = versioned
                .get(&(&declared.ecosystem, declared.normalized_name.as_str()))
                .map_or(&[][..], Vec::as_slice);
            if let Some(&into) = candidates.iter().find(|&&candidate| {
                candidate != group && resolves(declared, &packages[groups[candidate][0]])
            }) {
                target[group] = into;
            }
        }
        // Each kept group's own packages first, so its resolved package stands for it.
        let mut merged: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
        for (group, members) in groups.iter().enumerate() {
            if target[group] == group {
                merged[group].extend(members);
            }
        }
        for (group, members) in groups.iter().enumerate() {
            if target[group] != group {
                merged[target[group]].extend(members);
            }
        }
        let groups: Vec<Vec<usize>> = merged
            .into_iter()
            .filter(|members| !members.is_empty())
            .collect();
        let mut group_of = vec![0; packages.len()];
        for (group, members) in groups.iter().enumerate() {
            for &index in members {
                group_of[index] = group;
            }
        }
        Distinct { groups, group_of }
    }
}

impl Distinct {
    /// The licences recorded for a group, in every place its package was found, sorted and
    /// each once.
    pub fn licenses<'a>(inventory: &'a Inventory, members: &[usize]) -> Vec<&'a str> {
        let mut licenses: Vec<&str> = members
            .iter()
            .flat_map(|&member| &inventory.packages[member].licenses)
            .map(String::as_str)
            .collect();
        licenses.sort_unstable();
        licenses.dedup();
        licenses
    }
}

/// Whether a package is what a lockfile, an installed database or an SBOM resolved: a version
/// and no declared requirement. Declarations fold into these.
fn is_resolved(package: &Package) -> bool {
    package.version.is_some() && package.requirement.is_none()
}

/// Whether `resolved` is what the declaration `declared` was resolved to: any version of the
/// name for a declaration without one (`^4.18.0`); for an exact pin, the lockfile's package of
/// that version from the same kind of source.
fn resolves(declared: &Package, resolved: &Package) -> bool {
    let Some(version) = &declared.version else {
        return true;
    };
    let same_source = match (&declared.source, &resolved.source) {
        // A manifest rarely names the registry a lockfile records.
        (Source::Registry { url: None } | Source::Unknown, Source::Registry { .. }) => true,
        (declared, resolved) => {
            std::mem::discriminant(declared) == std::mem::discriminant(resolved)
        }
    };
    is_resolved(resolved) && same_source && resolved.version.as_ref() == Some(version)
}

#[cfg(test)]
mod tests {
    use steward_purl::{Ecosystem, EcosystemName};

    use super::*;
    use crate::Location;

    fn npm(name: &str, version: Option<&str>, requirement: Option<&str>, file: &str) -> Package {
        Package::new(
            Ecosystem::new(EcosystemName::Npm),
            name,
            version,
            Location::new(file, None),
        )
        .with_requirement(requirement)
        .with_source(Source::Registry {
            url: (file == "package-lock.json").then(|| "https://registry.npmjs.org".to_owned()),
        })
    }

    #[test]
    fn a_declaration_folds_into_the_resolved_package() {
        let inventory = Inventory {
            packages: vec![
                npm("lodash", Some("4.17.20"), None, "package-lock.json"),
                npm("express", Some("4.18.2"), None, "package-lock.json"),
                npm("express", None, Some("^4.18.0"), "package.json"),
                npm("lodash", Some("4.17.20"), Some("4.17.20"), "package.json"),
                npm("left-pad", Some("1.0.0"), Some("1.0.0"), "package.json"),
                npm("lodash", Some("4.17.20"), None, "other/package-lock.json"),
            ],
            ..Inventory::default()
        };
        let distinct = inventory.distinct();
        assert_eq!(distinct.groups, [vec![0, 3, 5], vec![1, 2], vec![4]]);
        assert_eq!(distinct.group_of, [0, 1, 1, 0, 2, 0]);
    }

    #[test]
    fn a_declaration_of_another_version_stays_apart() {
        let inventory = Inventory {
            packages: vec![
                npm("lodash", Some("4.17.21"), None, "package-lock.json"),
                npm("lodash", Some("4.17.20"), Some("4.17.20"), "package.json"),
            ],
            ..Inventory::default()
        };
        assert_eq!(inventory.distinct().groups, [vec![0], vec![1]]);
    }

    #[test]
    fn the_resolved_package_stands_for_its_group_whatever_the_order() {
        let inventory = Inventory {
            packages: vec![
                npm("lodash", None, Some("^4"), "package.json"),
                npm("lodash", Some("4.17.21"), None, "package-lock.json"),
            ],
            ..Inventory::default()
        };
        assert_eq!(inventory.distinct().groups, [vec![1, 0]]);
    }
}
