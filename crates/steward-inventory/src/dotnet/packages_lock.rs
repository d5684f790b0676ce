//! `packages.lock.json`, NuGet's lockfile (versions 1 and 2).
//!
//! `dependencies` has one table per target framework (and runtime: `net8.0/linux-x64`), each
//! naming packages with their `type` (`Direct`, `Transitive`, `CentralTransitive`, or `Project`
//! for projects of the same solution), `resolved` version, `contentHash` (SHA-512) and
//! dependencies. A package resolved the same way for several targets is one package.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use steward_model::{Dependency, HashAlgorithm, Location, Relationship, Source};

use crate::dotnet::package;
use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::json_lines::{Step, visit_keys};
use crate::text::hex_of_base64;

pub(crate) const FORMAT: Format = Format {
    id: "packages-lock-json",
    names: &[NamePattern::Exact("packages.lock.json")],
    ecosystem: "NuGet",
    versions: "1–2",
    reads: "packages of every target framework (one package per name and version), direct/transitive from `type`, projects of the solution as roots, `contentHash` (SHA-512), dependency edges",
    gaps: "NuGet records no development scope",
    extract,
};

#[derive(Deserialize)]
struct Lockfile {
    version: Option<u32>,
    #[serde(default)]
    dependencies: BTreeMap<String, BTreeMap<String, Locked>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Locked {
    #[serde(rename = "type")]
    kind: Option<String>,
    resolved: Option<String>,
    content_hash: Option<String>,
    #[serde(default)]
    dependencies: BTreeMap<String, String>,
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let lockfile: Lockfile = serde_json::from_str(input.text)?;
    if let Some(version) = lockfile.version.filter(|version| *version > 2) {
        return Err(ExtractError::Unsupported(format!(
            "packages.lock.json version {version} is newer than steward knows (1 and 2)"
        )));
    }
    // The line of each package key, by target and name.
    let mut lines: HashMap<(String, String), u32> = HashMap::new();
    visit_keys(input.text, |path, key, line| {
        if let [Step::Key(dependencies), Step::Key(target)] = path
            && dependencies == "dependencies"
        {
            lines.insert((target.to_string(), key.to_string()), line);
        }
    });
    let mut extracted = Extracted::default();
    // One package per lower-cased name and version.
    let mut by_identity: HashMap<(String, Option<String>), usize> = HashMap::new();
    let mut per_target: HashMap<(&str, String), usize> = HashMap::new();
    for (target, packages) in &lockfile.dependencies {
        for (name, locked) in packages {
            let identity = (name.to_ascii_lowercase(), locked.resolved.clone());
            let index = *by_identity.entry(identity).or_insert_with(|| {
                let line = lines.get(&(target.clone(), name.clone())).copied();
                let mut package = package(
                    name,
                    locked.resolved.as_deref(),
                    Location::new(input.path, line),
                );
                package.source = Source::Registry { url: None };
                package.relationship = Relationship::Transitive;
                if locked.kind.as_deref() == Some("Project") {
                    package.source = Source::Workspace;
                }
                if let Some(hex) = locked.content_hash.as_deref().and_then(hex_of_base64) {
                    package = package.with_hash(HashAlgorithm::Sha512, &hex);
                }
                extracted.packages.push(package);
                extracted.packages.len() - 1
            });
            let relationship = match locked.kind.as_deref() {
                Some("Project") => Relationship::Root,
                Some("Direct") => Relationship::Direct,
                _ => Relationship::Transitive,
            };
            let kept = &mut extracted.packages[index];
            kept.relationship = kept.relationship.min(relationship);
            per_target.insert((target.as_str(), name.to_ascii_lowercase()), index);
        }
    }
    for (target, packages) in &lockfile.dependencies {
        for (name, locked) in packages {
            let Some(&from) = per_target.get(&(target.as_str(), name.to_ascii_lowercase())) else {
                continue;
            };
            for dependency in locked.dependencies.keys() {
                match per_target.get(&(target.as_str(), dependency.to_ascii_lowercase())) {
                    Some(&to) => extracted.dependencies.push(Dependency { from, to }),
                    None => extracted.skipped.push(format!(
                        "the dependency {dependency} of {name} ({target}) is not in the lockfile"
                    )),
                }
            }
        }
    }
    extracted.dependencies.sort_unstable();
    extracted.dependencies.dedup();
    Ok(extracted)
}
