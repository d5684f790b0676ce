//! Rust binaries built with `cargo auditable`: the compressed dependency tree it embeds in a
//! `.dep-v0` section, read with the `auditable-info` crate (built for hostile input, with a
//! limit on the decompressed size).

use auditable_serde::{DependencyKind, Source as AuditableSource};
use steward_inventory::{ExtractError, Extracted};
use steward_model::{Dependency, Location, Package, Relationship, Scope, Source};
use steward_purl::{Ecosystem, EcosystemName};

use crate::binary::is_executable_format;
use crate::readers::{Found, Reader, Wants};

/// The decompressed dependency list may be no larger than this.
const MAX_AUDIT_DATA_BYTES: usize = 64 * 1024 * 1024;

pub(crate) const BINARY: Reader = Reader {
    id: "rust-auditable-binary",
    ecosystem: "crates.io",
    finds: "executables (ELF, Mach-O, PE) built with `cargo auditable`",
    reads: "every crate compiled in, with source kind, build-only scope, the root crate and the dependency edges",
    gaps: "binaries built without `cargo auditable` carry no dependency list (panic strings are not guessed from)",
    wants: Wants::Executable(|bytes| {
        is_executable_format(bytes) && memchr::memmem::find(bytes, b".dep-v0").is_some()
    }),
    extract,
};

fn extract(found: &Found<'_>) -> Result<Extracted, ExtractError> {
    let info = match auditable_info::audit_info_from_slice(found.bytes, MAX_AUDIT_DATA_BYTES) {
        Ok(info) => info,
        // `.dep-v0` as data, not as a section, or in a file that does not parse as an
        // executable: not a `cargo auditable` binary.
        Err(auditable_info::Error::NoAuditData | auditable_info::Error::BinaryParsing(_)) => {
            return Ok(Extracted::default());
        }
        Err(error) => return Err(ExtractError::syntax(error.to_string())),
    };
    let mut extracted = Extracted::default();
    for crate_ in &info.packages {
        let version = crate_.version.to_string();
        let mut package = Package::new(
            Ecosystem::new(EcosystemName::CratesIo),
            &crate_.name,
            Some(&version),
            Location::new(found.path, None),
        );
        package.source = match &crate_.source {
            AuditableSource::CratesIo => Source::Registry {
                url: Some("https://github.com/rust-lang/crates.io-index".to_owned()),
            },
            AuditableSource::Registry => Source::Registry { url: None },
            AuditableSource::Local if crate_.root => Source::Workspace,
            _ => Source::Unknown,
        };
        if crate_.kind == DependencyKind::Build {
            package.scope = Scope::Build;
        }
        if crate_.root {
            package.relationship = Relationship::Root;
        }
        extracted.packages.push(package);
        let from = extracted.packages.len() - 1;
        for &to in &crate_.dependencies {
            if to < info.packages.len() {
                extracted.dependencies.push(Dependency { from, to });
            }
        }
    }
    extracted.relate_to_roots();
    Ok(extracted)
}
