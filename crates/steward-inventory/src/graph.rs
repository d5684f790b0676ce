//! What the dependency graph tells about packages: which are direct, and what each is needed
//! for. Lockfiles that record edges but not scopes (Cargo, Yarn, pnpm, Bun) share these.

use std::collections::HashMap;

use steward_model::{Package, Relationship, Scope, Source};
use steward_purl::{Ecosystem, Purl};

use crate::format::Extracted;

/// The packages the roots depend on, by the edges.
pub(crate) fn direct_by_edges(extracted: &Extracted) -> Vec<usize> {
    let is_root = |index: usize| extracted.packages[index].relationship == Relationship::Root;
    extracted
        .dependencies
        .iter()
        .filter(|edge| is_root(edge.from) && !is_root(edge.to))
        .map(|edge| edge.to)
        .collect()
}

/// Marks the `direct` packages as direct and every other non-root package as transitive.
/// When nothing is known to be direct, nothing changes.
pub(crate) fn assign_relationships(extracted: &mut Extracted, direct: &[usize]) {
    if direct.is_empty() {
        return;
    }
    let mut is_direct = vec![false; extracted.packages.len()];
    for &index in direct {
        is_direct[index] = true;
    }
    for (package, direct) in extracted.packages.iter_mut().zip(is_direct) {
        if package.relationship != Relationship::Root {
            package.relationship = if direct {
                Relationship::Direct
            } else {
                Relationship::Transitive
            };
        }
    }
}

/// Gives each package the scope of the roots' declarations that reach it: runtime if any
/// runtime declaration reaches it, else optional, else peer, else build, else development.
/// `root_edges` are the roots' declarations: the package declared and the declaration's
/// scope. Packages nothing reaches keep their scope.
pub(crate) fn assign_scopes(extracted: &mut Extracted, root_edges: &[(usize, Scope)]) {
    let mut adjacency: Vec<Vec<usize>> = vec![Vec::new(); extracted.packages.len()];
    for edge in &extracted.dependencies {
        adjacency[edge.from].push(edge.to);
    }
    let mut scopes: Vec<Option<Scope>> = vec![None; extracted.packages.len()];
    for (index, package) in extracted.packages.iter().enumerate() {
        if package.relationship == Relationship::Root {
            scopes[index] = Some(package.scope);
        }
    }
    for scope in [
        Scope::Runtime,
        Scope::Optional,
        Scope::Peer,
        Scope::Build,
        Scope::Development,
    ] {
        let mut stack: Vec<usize> = root_edges
            .iter()
            .filter(|(_, edge)| *edge == scope)
            .map(|(to, _)| *to)
            .collect();
        while let Some(index) = stack.pop() {
            if scopes[index].is_some() {
                continue;
            }
            scopes[index] = Some(scope);
            stack.extend(adjacency[index].iter().filter(|&&to| scopes[to].is_none()));
        }
    }
    for (package, scope) in extracted.packages.iter_mut().zip(scopes) {
        if let Some(scope) = scope {
            package.scope = scope;
        }
    }
}

/// Merges packages that are the same (ecosystem, name, version, source and purl) into the first of them,
/// keeping the widest scope and the closest relationship, and redirecting edges.
pub(crate) fn merge_duplicates(extracted: &mut Extracted) {
    type Key = (Ecosystem, String, Option<String>, Source, Option<Purl>);
    let mut first: HashMap<Key, usize> = HashMap::new();
    let mut target = Vec::with_capacity(extracted.packages.len());
    let mut kept: Vec<Package> = Vec::with_capacity(extracted.packages.len());
    for package in extracted.packages.drain(..) {
        let key = (
            package.ecosystem.clone(),
            package.name.clone(),
            package.version.clone(),
            package.source.clone(),
            package.purl.clone(),
        );
        if let Some(&index) = first.get(&key) {
            let existing: &mut Package = &mut kept[index];
            if package.scope.precedence() < existing.scope.precedence() {
                existing.scope = package.scope;
            }
            existing.relationship = existing.relationship.min(package.relationship);
            for hash in package.hashes {
                if !existing.hashes.contains(&hash) {
                    existing.hashes.push(hash);
                }
            }
            target.push(index);
        } else {
            first.insert(key, kept.len());
            target.push(kept.len());
            kept.push(package);
        }
    }
    extracted.packages = kept;
    for edge in &mut extracted.dependencies {
        edge.from = target[edge.from];
        edge.to = target[edge.to];
    }
    extracted.dependencies.retain(|edge| edge.from != edge.to);
    extracted.dependencies.sort_unstable();
    extracted.dependencies.dedup();
}

#[cfg(test)]
mod tests {
    use steward_model::{Dependency, Location, Package};
    use steward_purl::{Ecosystem, EcosystemName};

    use super::*;

    fn package(name: &str) -> Package {
        Package::new(
            Ecosystem::new(EcosystemName::Npm),
            name,
            Some("1.0.0"),
            Location::default(),
        )
    }

    #[test]
    fn development_only_packages_are_told_apart() {
        // root → a → c; root →(dev) b → c, b → d
        let mut extracted = Extracted {
            packages: vec![
                package("root").with_relationship(Relationship::Root),
                package("a"),
                package("b"),
                package("c"),
                package("d"),
            ],
            dependencies: [(0, 1), (0, 2), (1, 3), (2, 3), (2, 4)]
                .into_iter()
                .map(|(from, to)| Dependency { from, to })
                .collect(),
            skipped: Vec::new(),
            notes: Vec::new(),
        };
        assign_scopes(
            &mut extracted,
            &[(1, Scope::Runtime), (2, Scope::Development)],
        );
        let direct = direct_by_edges(&extracted);
        assign_relationships(&mut extracted, &direct);
        let scopes: Vec<Scope> = extracted.packages.iter().map(|p| p.scope).collect();
        assert_eq!(
            scopes,
            [
                Scope::Runtime,
                Scope::Runtime,
                Scope::Development,
                Scope::Runtime,
                Scope::Development
            ]
        );
        let relationships: Vec<Relationship> =
            extracted.packages.iter().map(|p| p.relationship).collect();
        assert_eq!(
            relationships,
            [
                Relationship::Root,
                Relationship::Direct,
                Relationship::Direct,
                Relationship::Transitive,
                Relationship::Transitive
            ]
        );
    }
}
