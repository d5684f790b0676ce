//! `composer.lock`, Composer's lockfile.
//!
//! `packages` are needed at run time, `packages-dev` for development. Each has its version,
//! where it comes from (`dist`, else `source`), its licences and what it `require`s; platform
//! requirements (`php`, `ext-*`, `lib-*`, `composer-*`) are not packages. The `composer.json`
//! beside the lockfile says which packages are direct.

use std::collections::HashMap;

use serde::Deserialize;
use steward_model::{Dependency, HashAlgorithm, Location, Package, Relationship, Scope, Source};
use steward_purl::{Ecosystem, EcosystemName, normalize_name};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::graph;
use crate::json_lines::{Step, visit_keys};
use crate::keys::Keys;

pub(crate) const FORMAT: Format = Format {
    id: "composer-lock",
    names: &[NamePattern::Exact("composer.lock")],
    ecosystem: "Packagist",
    versions: "all (plugin-api-version 1.x–2.x)",
    reads: "`packages` (runtime) and `packages-dev` (development), versions, dist/source (path, git with commit, registry), `dist.shasum`, licences, dependency edges (a requirement met by `replace`/`provide` links to the package that replaces or provides it), direct dependencies from the `composer.json` beside it",
    gaps: "`aliases` (inline `as` versions) are not reported as separate versions",
    extract,
};

#[derive(Deserialize)]
struct Lockfile<'a> {
    #[serde(borrow, default)]
    packages: Vec<Locked<'a>>,
    #[serde(borrow, default, rename = "packages-dev")]
    packages_dev: Vec<Locked<'a>>,
}

#[derive(Deserialize)]
struct Locked<'a> {
    name: String,
    version: Option<String>,
    source: Option<Origin>,
    dist: Option<Origin>,
    #[serde(borrow, default)]
    require: Keys<'a>,
    #[serde(default)]
    license: Vec<String>,
    /// Packages this one replaces or provides: requirements on them are met by it.
    #[serde(borrow, default)]
    replace: Keys<'a>,
    #[serde(borrow, default)]
    provide: Keys<'a>,
}

#[derive(Deserialize)]
struct Origin {
    #[serde(rename = "type")]
    kind: Option<String>,
    url: Option<String>,
    reference: Option<String>,
    shasum: Option<String>,
}

/// The `composer.json` requirements, for direct dependencies.
#[derive(Default, Deserialize)]
struct Manifest<'a> {
    #[serde(borrow, default)]
    require: Keys<'a>,
    #[serde(borrow, default, rename = "require-dev")]
    require_dev: Keys<'a>,
}

/// Requirements on the PHP platform rather than on packages.
fn is_platform(name: &str) -> bool {
    name == "php"
        || name.starts_with("php-")
        || name.starts_with("ext-")
        || name.starts_with("lib-")
        || name.starts_with("composer-")
        || name == "composer"
        || name == "hhvm"
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let lockfile: Lockfile<'_> = serde_json::from_str(input.text)?;
    // The line of each package's `"name"` key, in order, per list.
    let mut name_lines: HashMap<&str, Vec<u32>> = HashMap::new();
    visit_keys(input.text, |path, key, line| {
        if key == "name"
            && let [Step::Key(list), Step::Element] = path
            && (list == "packages" || list == "packages-dev")
        {
            let list = if list == "packages" {
                "packages"
            } else {
                "packages-dev"
            };
            name_lines.entry(list).or_default().push(line);
        }
    });
    let mut extracted = Extracted::default();
    for (list, entries, scope) in [
        ("packages", &lockfile.packages, Scope::Runtime),
        ("packages-dev", &lockfile.packages_dev, Scope::Development),
    ] {
        for (index, locked) in entries.iter().enumerate() {
            let line = name_lines
                .get(list)
                .and_then(|lines| lines.get(index))
                .copied();
            let mut package = Package::new(
                Ecosystem::new(EcosystemName::Packagist),
                &locked.name,
                locked.version.as_deref(),
                Location::new(input.path, line),
            )
            .with_scope(scope)
            .with_source(source(locked));
            if let Some(shasum) = locked
                .dist
                .as_ref()
                .and_then(|dist| dist.shasum.as_deref())
                .filter(|sum| !sum.is_empty())
            {
                package = package.with_hash(HashAlgorithm::Sha1, &shasum.to_ascii_lowercase());
            }
            package.licenses.clone_from(&locked.license);
            extracted.packages.push(package);
        }
    }
    let all: Vec<&Locked<'_>> = lockfile
        .packages
        .iter()
        .chain(&lockfile.packages_dev)
        .collect();
    let normalized = |name: &str| normalize_name(&EcosystemName::Packagist, name).into_owned();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (index, locked) in all.iter().enumerate() {
        for name in locked.replace.iter().chain(locked.provide.iter()) {
            by_name.entry(normalized(name)).or_insert(index);
        }
    }
    for (index, package) in extracted.packages.iter().enumerate() {
        by_name.insert(package.normalized_name.clone(), index);
    }
    for (from, locked) in all.iter().enumerate() {
        for name in locked.require.iter().filter(|name| !is_platform(name)) {
            match by_name.get(&normalized(name)) {
                Some(&to) => extracted.dependencies.push(Dependency { from, to }),
                None => extracted.skipped.push(format!(
                    "the requirement `{name}` of {} is not in the lockfile",
                    locked.name
                )),
            }
        }
    }
    let manifest_text = input
        .tree
        .read(&format!("{}composer.json", input.directory()));
    let manifest: Option<Manifest<'_>> = manifest_text
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok());
    if let Some(manifest) = manifest {
        let direct: Vec<usize> = manifest
            .require
            .iter()
            .chain(manifest.require_dev.iter())
            .filter_map(|name| by_name.get(&normalized(name)).copied())
            .collect();
        graph::assign_relationships(&mut extracted, &direct);
    } else {
        for package in &mut extracted.packages {
            package.relationship = Relationship::Unknown;
        }
    }
    Ok(extracted)
}

/// A local `path` repository, a git checkout at a commit, or a package registry's archive.
fn source(locked: &Locked<'_>) -> Source {
    let dist = locked.dist.as_ref();
    let origin = locked.source.as_ref();
    if let Some(dist) = dist.filter(|dist| dist.kind.as_deref() == Some("path")) {
        return Source::Path {
            path: dist.url.clone().unwrap_or_default(),
        };
    }
    match (dist, origin) {
        (None, Some(origin)) if origin.kind.as_deref() == Some("git") => Source::Git {
            url: origin.url.clone().unwrap_or_default(),
            reference: None,
            commit: origin.reference.clone(),
        },
        (Some(_), _) => Source::Registry { url: None },
        _ => Source::Unknown,
    }
}
