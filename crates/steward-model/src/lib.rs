//! The inventory data model: what steward found, and where.
//!
//! An [`Inventory`] is a list of [`Package`]s, the [`Dependency`] edges between them that the
//! inputs record, and a [`FileRecord`] for every input: read, read only in part (with what was
//! skipped), or failed (with the error). Extractors produce it, SBOM readers produce it, SBOM
//! writers and matchers consume it. The crate does no I/O.
//!
//! Packages are ordered by [`Inventory::sort`] so that the same inputs always give the same
//! inventory, byte for byte once serialized.

mod distinct;
mod package;
mod printable;

pub use distinct::Distinct;
pub use package::{
    Hash, HashAlgorithm, Location, Package, Relationship, Scope, Source, SourcePackage,
};
pub use printable::printable;

use serde::{Deserialize, Serialize};

/// A dependency edge: the package at `from` depends on the package at `to` (indices into
/// [`Inventory::packages`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Dependency {
    /// The dependent package.
    pub from: usize,
    /// The package depended on.
    pub to: usize,
}

/// How an input was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum FileStatus {
    /// Read in full.
    Read,
    /// Read, but some of it could not be understood; those parts are listed.
    Partial {
        /// What was skipped, one line each.
        skipped: Vec<String>,
    },
    /// Not read.
    Failed {
        /// Why.
        error: String,
    },
}

/// One input and what became of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRecord {
    /// The path, relative to the directory scanned (with `/`), or as given.
    pub path: String,
    /// The id of the format it was read as (`package-lock.json`, `cargo-lock`, …).
    pub format: String,
    /// The outcome.
    #[serde(flatten)]
    pub status: FileStatus,
    /// How many packages it gave.
    pub packages: usize,
    /// What steward knows it does not know about this input, one line each: a parent POM
    /// outside the scan, a companion file refused. Notes do not make a scan fail, unless
    /// `--strict`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The version of the JSON document [`InventoryDocument`] is written in. It changes only when
/// a field is removed or changes meaning; new fields may appear within a version.
pub const INVENTORY_SCHEMA: &str = "steward-inventory/1";

/// An inventory as `steward inventory --format json` writes it: the schema version, then the
/// inventory's fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryDocument {
    /// [`INVENTORY_SCHEMA`].
    pub schema: String,
    /// The inventory.
    #[serde(flatten)]
    pub inventory: Inventory,
}

impl InventoryDocument {
    /// The document for an inventory.
    pub fn new(inventory: Inventory) -> Self {
        Self {
            schema: INVENTORY_SCHEMA.to_owned(),
            inventory,
        }
    }
}

/// Everything found in a set of inputs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inventory {
    /// The packages.
    pub packages: Vec<Package>,
    /// The dependency edges between them.
    pub dependencies: Vec<Dependency>,
    /// Every input, in path order.
    pub files: Vec<FileRecord>,
    /// The operating systems of the root filesystems and images read, from their
    /// `os-release`, in the order read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub distributions: Vec<Distribution>,
    /// The container images read, in the order read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub images: Vec<Image>,
    /// Files and directories the walk left out because an exclusion (`--exclude`) matched
    /// them, in path order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<String>,
}

/// A container image that was read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// The image as named on the command line (`PATH` or `PATH:TAG`).
    pub reference: String,
    /// Its digest: the manifest's (as a registry names it) for an OCI layout or archive, the
    /// configuration's (the image ID) for a `docker save` archive.
    pub digest: String,
}

/// An installed operating system, as its `os-release` names it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distribution {
    /// The root filesystem or image it was found in.
    pub root: String,
    /// `ID` (`debian`, `ubuntu`, `alpine`).
    pub id: String,
    /// `VERSION_ID` (`12`, `22.04`, `3.20.3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_id: Option<String>,
    /// `PRETTY_NAME`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pretty_name: Option<String>,
    /// The OSV ecosystem its packages are matched in (`Debian:12`), where steward knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecosystem: Option<String>,
}

impl Inventory {
    /// Appends another inventory, shifting its dependency indices.
    pub fn extend(&mut self, other: Self) {
        let offset = self.packages.len();
        self.packages.extend(other.packages);
        self.dependencies
            .extend(other.dependencies.into_iter().map(|edge| Dependency {
                from: edge.from + offset,
                to: edge.to + offset,
            }));
        self.files.extend(other.files);
        self.distributions.extend(other.distributions);
        self.images.extend(other.images);
        self.excluded.extend(other.excluded);
    }

    /// Puts packages, edges and files in a canonical order, so that equal inputs give equal
    /// inventories.
    pub fn sort(&mut self) {
        let mut order: Vec<usize> = (0..self.packages.len()).collect();
        order.sort_by(|&a, &b| {
            self.packages[a]
                .sort_key()
                .cmp(&self.packages[b].sort_key())
        });
        // Inventories merged from sorted parts are often sorted already.
        if !order.iter().enumerate().all(|(new, &old)| new == old) {
            self.permute(&order);
        }
        self.dependencies.sort_unstable();
        self.dependencies.dedup();
        self.files
            .sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.format.cmp(&b.format)));
        self.excluded.sort();
        self.excluded.dedup();
    }

    /// Puts the package at `order[new]` at `new`, and renumbers the edges.
    fn permute(&mut self, order: &[usize]) {
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        let mut packages: Vec<Option<Package>> = self.packages.drain(..).map(Some).collect();
        self.packages = order
            .iter()
            .filter_map(|&old| packages[old].take())
            .collect();
        for edge in &mut self.dependencies {
            edge.from = new_index[edge.from];
            edge.to = new_index[edge.to];
        }
    }

    /// Keeps only the packages `keep` accepts, with the edges between them; returns how many
    /// were left out.
    pub fn retain_packages(&mut self, keep: impl Fn(&Package) -> bool) -> usize {
        let mut new_index = Vec::with_capacity(self.packages.len());
        let mut kept = 0;
        for package in &self.packages {
            new_index.push(keep(package).then(|| {
                kept += 1;
                kept - 1
            }));
        }
        let left_out = self.packages.len() - kept;
        let mut index = 0;
        self.packages.retain(|_| {
            index += 1;
            new_index[index - 1].is_some()
        });
        self.dependencies = self
            .dependencies
            .iter()
            .filter_map(|edge| {
                Some(Dependency {
                    from: new_index[edge.from]?,
                    to: new_index[edge.to]?,
                })
            })
            .collect();
        left_out
    }

    /// Whether any input failed or was read only in part.
    pub fn is_complete(&self) -> bool {
        self.files
            .iter()
            .all(|file| matches!(file.status, FileStatus::Read))
    }

    /// Whether any input carries a note.
    pub fn has_notes(&self) -> bool {
        self.files.iter().any(|file| !file.notes.is_empty())
    }

    /// The packages `index` depends on.
    pub fn dependencies_of(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        self.dependencies
            .iter()
            .filter(move |edge| edge.from == index)
            .map(|edge| edge.to)
    }
}

#[cfg(test)]
mod tests {
    use steward_purl::{Ecosystem, EcosystemName};

    use super::*;

    fn package(name: &str, file: &str) -> Package {
        Package::new(
            Ecosystem::new(EcosystemName::Npm),
            name,
            Some("1.0.0"),
            Location::new(file, Some(1)),
        )
    }

    #[test]
    fn sorting_keeps_edges_pointing_at_the_same_packages() {
        let mut inventory = Inventory {
            packages: vec![
                package("zeta", "a"),
                package("alpha", "a"),
                package("mid", "a"),
            ],
            dependencies: vec![Dependency { from: 0, to: 1 }, Dependency { from: 2, to: 0 }],
            ..Inventory::default()
        };
        inventory.sort();
        let names: Vec<&str> = inventory.packages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["alpha", "mid", "zeta"]);
        let edges: Vec<(&str, &str)> = inventory
            .dependencies
            .iter()
            .map(|edge| {
                (
                    inventory.packages[edge.from].name.as_str(),
                    inventory.packages[edge.to].name.as_str(),
                )
            })
            .collect();
        assert_eq!(edges, [("mid", "zeta"), ("zeta", "alpha")]);
    }

    #[test]
    fn retaining_packages_keeps_the_edges_between_them() {
        let mut inventory = Inventory {
            packages: vec![package("a", "x"), package("b", "x"), package("c", "x")],
            dependencies: vec![Dependency { from: 0, to: 1 }, Dependency { from: 0, to: 2 }],
            ..Inventory::default()
        };
        assert_eq!(inventory.retain_packages(|package| package.name != "b"), 1);
        let names: Vec<&str> = inventory.packages.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["a", "c"]);
        assert_eq!(inventory.dependencies, [Dependency { from: 0, to: 1 }]);
    }

    #[test]
    fn extending_shifts_edges() {
        let mut first = Inventory {
            packages: vec![package("a", "x")],
            ..Inventory::default()
        };
        let second = Inventory {
            packages: vec![package("b", "y"), package("c", "y")],
            dependencies: vec![Dependency { from: 0, to: 1 }],
            ..Inventory::default()
        };
        first.extend(second);
        assert_eq!(first.dependencies, [Dependency { from: 1, to: 2 }]);
    }
}
