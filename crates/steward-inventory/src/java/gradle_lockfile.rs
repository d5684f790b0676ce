//! `gradle.lockfile` (Gradle 6.8+) and the older per-configuration
//! `gradle/dependency-locks/<configuration>.lockfile`.
//!
//! Each line `group:artifact:version=configuration,…` locks one module for the configurations
//! named (the older files name the configuration in the file name). A module locked only for
//! test configurations is a development one; one only for compiling or annotation processing,
//! a build one.
//! `empty=…` lists configurations without dependencies.

use steward_model::{Location, Package, Scope, Source};
use steward_purl::{Ecosystem, EcosystemName};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};

pub(crate) const FORMAT: Format = Format {
    id: "gradle-lockfile",
    names: &[
        NamePattern::Exact("gradle.lockfile"),
        NamePattern::Wildcard("", ".lockfile"),
    ],
    ecosystem: "Maven",
    versions: "Gradle 4.8 and later (single file from 6.8)",
    reads: "locked modules with their versions, scope from the configurations (test-only as development, compile-only and annotation processors as build)",
    gaps: "Gradle lockfiles record no edges and no direct/transitive distinction",
    extract,
};

/// The scope a configuration's dependencies have.
fn scope_of(configuration: &str) -> Scope {
    let lower = configuration.to_ascii_lowercase();
    if lower.starts_with("test") || lower.contains("test") {
        Scope::Development
    } else if lower.contains("annotationprocessor")
        || lower.contains("compileonly")
        || lower.starts_with("kapt")
        || lower.starts_with("ksp")
    {
        Scope::Build
    } else {
        Scope::Runtime
    }
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    // Older files lock one configuration, named by the file.
    let file_name = input.path.rsplit('/').next().unwrap_or(input.path);
    let file_configuration = file_name
        .strip_suffix(".lockfile")
        .filter(|name| *name != "gradle");
    let mut extracted = Extracted::default();
    for (index, raw) in input.text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("empty=") {
            continue;
        }
        let (coordinates, configurations) = match line.split_once('=') {
            Some((coordinates, configurations)) => {
                (coordinates, configurations.split(',').collect::<Vec<_>>())
            }
            None => (line, file_configuration.into_iter().collect()),
        };
        let parts: Vec<&str> = coordinates.split(':').collect();
        let [group, artifact, version] = parts.as_slice() else {
            extracted.skipped.push(format!(
                "line {number}: expected `group:artifact:version=configurations`"
            ));
            continue;
        };
        let scope = configurations
            .iter()
            .map(|configuration| scope_of(configuration))
            .min_by_key(|scope| scope.precedence())
            .unwrap_or(Scope::Runtime);
        extracted.packages.push(
            Package::new(
                Ecosystem::new(EcosystemName::Maven),
                &format!("{group}:{artifact}"),
                Some(version),
                Location::new(input.path, Some(number)),
            )
            .with_scope(scope)
            .with_source(Source::Registry { url: None }),
        );
    }
    Ok(extracted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::NoTree;

    #[test]
    fn scopes_come_from_configurations() {
        let text = "# comment\na:b:1.0=compileClasspath,testRuntimeClasspath\nc:d:2.0=testCompileClasspath\ne:f:3.0=annotationProcessor\nbroken\nempty=\n";
        let extracted = extract(&Input {
            path: "gradle.lockfile",
            text,
            tree: &NoTree,
        })
        .unwrap();
        let scopes: Vec<Scope> = extracted.packages.iter().map(|p| p.scope).collect();
        assert_eq!(scopes, [Scope::Runtime, Scope::Development, Scope::Build]);
        assert_eq!(
            extracted.skipped,
            ["line 5: expected `group:artifact:version=configurations`"]
        );
        let old = extract(&Input {
            path: "gradle/dependency-locks/testRuntimeClasspath.lockfile",
            text: "x:y:1\n",
            tree: &NoTree,
        })
        .unwrap();
        assert_eq!(old.packages[0].scope, Scope::Development);
    }
}
