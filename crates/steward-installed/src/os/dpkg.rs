//! The dpkg database: `/var/lib/dpkg/status`, and the one-file-per-package `status.d`
//! directory of distroless images.
//!
//! Only packages whose status is `installed` are reported (`dpkg-query -W` also lists removed
//! packages whose configuration files remain). Each keeps its source package (`Source:`,
//! with the version in parentheses when it differs), since Debian's advisories are keyed by
//! source package. The ecosystem becomes the release (`Debian:12`) once `os-release` is read.

use steward_inventory::{ExtractError, Extracted};
use steward_model::{Location, Package, SourcePackage};
use steward_purl::{Ecosystem, EcosystemName};

use crate::os::paragraphs;
use crate::readers::{Found, Reader, Wants};

pub(crate) const STATUS: Reader = Reader {
    id: "dpkg-status",
    ecosystem: "Debian, Ubuntu",
    finds: "/var/lib/dpkg/status",
    reads: "installed packages: name, version, architecture, source package and version",
    gaps: "packages not fully installed (half-installed, or removed with their configuration files left) are left out, though `dpkg-query -W` lists them",
    wants: Wants::Path(|path| path == "/var/lib/dpkg/status"),
    extract,
};

pub(crate) const STATUS_D: Reader = Reader {
    id: "dpkg-status-d",
    ecosystem: "Debian, Ubuntu",
    finds: "/var/lib/dpkg/status.d/* (distroless)",
    reads: "as dpkg-status, one file per package",
    gaps: "",
    wants: Wants::Path(|path| {
        path.strip_prefix("/var/lib/dpkg/status.d/")
            .is_some_and(|name| !name.is_empty() && !name.contains('/') && !name.contains('.'))
    }),
    extract,
};

fn extract(found: &Found<'_>) -> Result<Extracted, ExtractError> {
    let text = found.text();
    let mut extracted = Extracted::default();
    for (line, fields) in paragraphs(&text) {
        let field = |name: &str| {
            fields.iter().find_map(|line| {
                let (key, value) = line.split_once(':')?;
                (key.eq_ignore_ascii_case(name)).then(|| value.trim())
            })
        };
        let Some(name) = field("Package") else {
            extracted
                .skipped
                .push(format!("line {line}: a paragraph without `Package`"));
            continue;
        };
        // `Status: want flag state`; distroless `status.d` files may leave it out.
        if let Some(status) = field("Status")
            && status.split_whitespace().nth(2) != Some("installed")
        {
            continue;
        }
        let Some(version) = field("Version") else {
            extracted
                .skipped
                .push(format!("line {line}: `{name}` has no `Version`"));
            continue;
        };
        let mut package = Package::new(
            Ecosystem::new(EcosystemName::Debian),
            name,
            Some(version),
            Location::new(found.path, Some(line)),
        );
        package.source_package = Some(source_package(field("Source"), name, version));
        if let Some(architecture) = field("Architecture") {
            package.add_purl_qualifier("arch", architecture);
        }
        extracted.packages.push(package);
    }
    Ok(extracted)
}

/// `Source: name` or `Source: name (version)`; without the field, the binary package is its
/// own source.
fn source_package(field: Option<&str>, name: &str, version: &str) -> SourcePackage {
    let (source, source_version) = match field {
        Some(field) => match field.split_once('(') {
            Some((source, rest)) => (source.trim(), rest.trim_end_matches(')').trim()),
            None => (field, version),
        },
        None => (name, version),
    };
    SourcePackage {
        name: source.to_owned(),
        version: Some(source_version.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Limits;

    #[test]
    fn reads_installed_packages_with_their_sources() {
        let text = "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nSource: glibc\nVersion: 2.36-9+deb12u4\nDescription: x\n continued\n\nPackage: gone\nStatus: deinstall ok config-files\nVersion: 1\n\nPackage: libssl3\nStatus: install ok installed\nSource: openssl (3.0.11-1~deb12u2)\nVersion: 3.0.11-1~deb12u2+b1\nArchitecture: amd64\n";
        let extracted = extract(&Found {
            path: "/var/lib/dpkg/status",
            bytes: text.as_bytes(),
            limits: &Limits::default(),
        })
        .unwrap();
        assert_eq!(extracted.packages.len(), 2);
        let libc = &extracted.packages[0];
        assert_eq!(libc.source_package.as_ref().unwrap().name, "glibc");
        assert_eq!(
            libc.purl.as_ref().unwrap().to_string(),
            "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64"
        );
        let ssl = &extracted.packages[1];
        assert_eq!(ssl.location.line, Some(13));
        assert_eq!(
            ssl.source_package.as_ref().unwrap().version.as_deref(),
            Some("3.0.11-1~deb12u2")
        );
    }
}
