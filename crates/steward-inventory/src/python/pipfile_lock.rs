//! `Pipfile.lock`, Pipenv's lockfile (`pipfile-spec` 6).
//!
//! `default` holds what the project needs at run time, `develop` what it needs for
//! development; each package has its pinned `version` (`==1.2.3`), its `hashes`, and for
//! git, path or editable packages where they come from. Pipenv does not record edges; the
//! `Pipfile` beside the lockfile says which packages are direct.

use std::collections::BTreeMap;

use serde::Deserialize;
use steward_model::{Location, Relationship, Scope, Source};
use steward_purl::{EcosystemName, normalize_name};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::json_lines::key_lines;
use crate::python::{exact_pin, hash, package};

pub(crate) const FORMAT: Format = Format {
    id: "pipfile-lock",
    names: &[NamePattern::Exact("Pipfile.lock")],
    ecosystem: "PyPI",
    versions: "pipfile-spec 6",
    reads: "packages of `default` (runtime) and `develop` (development), pinned versions, hashes, git/path/file/editable sources, the index from `_meta.sources`, direct dependencies from the `Pipfile` beside it",
    gaps: "Pipenv records no dependency edges; environment markers are not evaluated",
    extract,
};

#[derive(Deserialize)]
struct Lockfile {
    #[serde(rename = "_meta", default)]
    meta: Meta,
    #[serde(default)]
    default: BTreeMap<String, Locked>,
    #[serde(default)]
    develop: BTreeMap<String, Locked>,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Meta {
    pipfile_spec: Option<u32>,
    #[serde(default)]
    sources: Vec<IndexSource>,
}

#[derive(Deserialize)]
struct IndexSource {
    name: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct Locked {
    version: Option<String>,
    #[serde(default)]
    hashes: Vec<String>,
    index: Option<String>,
    git: Option<String>,
    #[serde(rename = "ref")]
    reference: Option<String>,
    path: Option<String>,
    file: Option<String>,
}

/// The `Pipfile`'s `[packages]` and `[dev-packages]` names.
#[derive(Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct Pipfile {
    #[serde(default)]
    packages: BTreeMap<String, toml::Value>,
    #[serde(default)]
    dev_packages: BTreeMap<String, toml::Value>,
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let lockfile: Lockfile = serde_json::from_str(input.text)?;
    if let Some(spec) = lockfile.meta.pipfile_spec.filter(|spec| *spec > 6) {
        return Err(ExtractError::Unsupported(format!(
            "Pipfile.lock pipfile-spec {spec} is newer than steward knows (6)"
        )));
    }
    let pipfile: Option<Pipfile> = input
        .tree
        .read(&format!("{}Pipfile", input.directory()))
        .and_then(|text| toml::from_str(&text).ok());
    let declared = |name: &str| {
        let normalized = normalize_name(&EcosystemName::PyPi, name);
        pipfile.as_ref().map(|pipfile| {
            pipfile
                .packages
                .keys()
                .chain(pipfile.dev_packages.keys())
                .any(|declared| normalize_name(&EcosystemName::PyPi, declared) == normalized)
        })
    };
    let index_url = |name: Option<&str>| {
        let sources = &lockfile.meta.sources;
        let source = match name {
            Some(name) => sources
                .iter()
                .find(|source| source.name.as_deref() == Some(name)),
            None => sources.first(),
        };
        source.and_then(|source| source.url.clone())
    };
    let mut extracted = Extracted::default();
    for (section, entries, scope) in [
        ("default", &lockfile.default, Scope::Runtime),
        ("develop", &lockfile.develop, Scope::Development),
    ] {
        let lines = key_lines(input.text, &[section]);
        for (name, locked) in entries {
            let location = Location::new(input.path, lines.get(name).copied());
            let version = locked.version.as_deref().and_then(exact_pin);
            let source = if let Some(url) = &locked.git {
                // Pipenv locks `ref` to the commit it resolved.
                let reference = locked.reference.clone();
                let is_commit = reference.as_deref().is_some_and(|reference| {
                    reference.len() == 40 && reference.bytes().all(|b| b.is_ascii_hexdigit())
                });
                Source::Git {
                    url: url.clone(),
                    reference: reference.clone().filter(|_| !is_commit),
                    commit: reference.filter(|_| is_commit),
                }
            } else if let Some(path) = locked.path.as_ref().or(locked.file.as_ref()) {
                if path.contains("://") {
                    Source::Url { url: path.clone() }
                } else {
                    Source::Path { path: path.clone() }
                }
            } else {
                Source::Registry {
                    url: index_url(locked.index.as_deref()),
                }
            };
            let mut package = package(name, version, location)
                .with_scope(scope)
                .with_source(source);
            package.hashes = locked.hashes.iter().filter_map(|text| hash(text)).collect();
            package.relationship = match declared(name) {
                Some(true) => Relationship::Direct,
                Some(false) => Relationship::Transitive,
                None => Relationship::Unknown,
            };
            extracted.packages.push(package);
        }
    }
    Ok(extracted)
}
