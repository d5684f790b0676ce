//! `verification-metadata.xml`, Gradle's dependency verification file
//! (`gradle/verification-metadata.xml`).
//!
//! Every `<component group name version>` is a module Gradle downloaded and verified, with the
//! checksums of its artifacts (`<sha256 value="…">`, …). It covers everything the build
//! fetched: libraries, but also plugins, parent POMs and tools.

use steward_model::{Hash, HashAlgorithm, Location, Package, Source};
use steward_purl::{Ecosystem, EcosystemName};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::xml;

pub(crate) const FORMAT: Format = Format {
    id: "gradle-verification-metadata",
    names: &[NamePattern::Exact("verification-metadata.xml")],
    ecosystem: "Maven",
    versions: "dependency-verification 1.0–1.3",
    reads: "every verified component with its artifacts' SHA-1/256/512 and MD5 checksums",
    gaps: "includes build plugins, parent POMs and tools; no scopes, relationships or edges",
    extract,
};

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let root = xml::parse(input.text)?;
    if root.name != "verification-metadata" {
        return Err(ExtractError::at_line(
            root.line,
            format!(
                "the root element is <{}>, not <verification-metadata>",
                root.name
            ),
        ));
    }
    let mut extracted = Extracted::default();
    let components = root
        .child("components")
        .map(|components| components.children_named("component"));
    for component in components.into_iter().flatten() {
        let (Some(group), Some(name), Some(version)) = (
            component.attribute("group"),
            component.attribute("name"),
            component.attribute("version"),
        ) else {
            extracted.skipped.push(format!(
                "line {}: a component without group, name and version",
                component.line
            ));
            continue;
        };
        // Some components (toolchains) have no group: not Maven coordinates.
        let full_name = if group.is_empty() {
            name.to_owned()
        } else {
            format!("{group}:{name}")
        };
        let mut package = Package::new(
            Ecosystem::new(EcosystemName::Maven),
            &full_name,
            Some(version),
            Location::new(input.path, Some(component.line)),
        )
        .with_source(Source::Registry { url: None });
        for artifact in component.children_named("artifact") {
            for checksum in &artifact.children {
                if let Some(value) = checksum.attribute("value") {
                    let hash = Hash {
                        algorithm: HashAlgorithm::parse(&checksum.name),
                        value: value.to_ascii_lowercase(),
                    };
                    if !package.hashes.contains(&hash) {
                        package.hashes.push(hash);
                    }
                }
            }
        }
        extracted.packages.push(package);
    }
    Ok(extracted)
}
