//! SBOMs as input: CycloneDX (JSON, XML), SPDX 2 (JSON, tag-value) and SPDX 3 (JSON-LD)
//! documents, read into the same inventory as lockfiles.
//!
//! A component becomes a package through its package URL: the purl's type says the
//! ecosystem (`pkg:npm/…` is npm), and the purl is kept exactly as written, qualifiers
//! included. A purl type without an OSV ecosystem (`generic`, `oci`, `docker`…) is kept as the
//! package's ecosystem, so nothing is lost. A component without a purl has no ecosystem steward
//! could tell, and is reported as skipped. The subject of the document (CycloneDX
//! `metadata.component`, the packages an SPDX document describes) is the root; it is listed
//! only when it has a purl.

pub(crate) mod cyclonedx;
pub(crate) mod spdx;

use steward_model::{Location, Package, Source};
use steward_purl::{Ecosystem, EcosystemName, OsvPackage, Purl};

use crate::format::Format;

/// The SBOM format of a document, told by its content (for `--sbom`, where the file name may
/// say nothing).
pub fn sbom_format(text: &str) -> Option<&'static Format> {
    if text.contains("\"bomFormat\"") {
        Some(&cyclonedx::json::FORMAT)
    } else if text.contains("http://cyclonedx.org/schema/bom/") {
        Some(&cyclonedx::xml::FORMAT)
    } else if text.contains("spdx.org/rdf/3.") {
        Some(&spdx::v3_json::FORMAT)
    } else if text.contains("\"spdxVersion\"") {
        Some(&spdx::json::FORMAT)
    } else if text.contains("SPDXVersion:") {
        Some(&spdx::tag_value::FORMAT)
    } else {
        None
    }
}

/// The CycloneDX property (and SPDX external reference type) in which steward names the
/// ecosystem of a package that has no purl.
pub(crate) const STEWARD_ECOSYSTEM: &str = "steward-ecosystem";

/// The CycloneDX property in which steward keeps a scope CycloneDX has no word for (`build`,
/// `peer`).
pub(crate) const STEWARD_SCOPE: &str = "steward-scope";

/// A package without a purl, in the ecosystem steward recorded for it.
pub(crate) fn package_from_ecosystem(
    ecosystem: &str,
    name: &str,
    version: Option<&str>,
    location: Location,
) -> Package {
    Package::new(Ecosystem::parse(ecosystem), name, version, location)
}

/// The package a purl names, at `version` (the component's own, else the purl's); why not, if
/// the purl is invalid.
pub(crate) fn package_from_purl(
    purl_text: &str,
    version: Option<&str>,
    location: Location,
) -> Result<Package, String> {
    let purl = Purl::parse(purl_text)
        .map_err(|error| format!("the package URL `{purl_text}` is invalid: {error}"))?;
    let version = version.or(purl.version());
    let (ecosystem, name) = OsvPackage::from_purl(&purl).map_or_else(
        || {
            let name = match purl.namespace() {
                Some(namespace) => format!("{namespace}/{}", purl.name()),
                None => purl.name().to_owned(),
            };
            (
                Ecosystem::new(EcosystemName::Other(purl.package_type().into())),
                name,
            )
        },
        |package| (package.ecosystem, package.name),
    );
    let source = source_of(&purl);
    // A distribution purl names the binary package; OSV's name for it is the source package.
    let (name, source_package) = match purl.package_type() {
        "deb" | "apk" | "rpm" if name != purl.name() => (
            purl.name().to_owned(),
            Some(steward_model::SourcePackage {
                name,
                version: None,
            }),
        ),
        _ => (name, None),
    };
    let mut package = Package::new(ecosystem, &name, version, location).with_source(source);
    package.source_package = source_package;
    // As for every package, a purl only with an exact version (a purl without one names the
    // package, not what is installed).
    package.purl = package.version.is_some().then_some(purl);
    Ok(package)
}

/// Where the package comes from, as far as the purl's qualifiers say.
fn source_of(purl: &Purl) -> Source {
    if let Some(url) = purl.qualifier("vcs_url") {
        let (url, commit) = match url
            .rsplit_once('@')
            .filter(|(_, commit)| commit.bytes().all(|byte| byte.is_ascii_hexdigit()))
        {
            Some((url, commit)) => (url, Some(commit.to_owned())),
            None => (url, None),
        };
        return Source::Git {
            url: url.to_owned(),
            reference: None,
            commit,
        };
    }
    if let Some(url) = purl.qualifier("download_url") {
        return Source::Url {
            url: url.to_owned(),
        };
    }
    Source::Registry {
        url: purl.qualifier("repository_url").map(str::to_owned),
    }
}

/// A licence as written, unless it says nothing (`NOASSERTION`, `NONE`).
pub(crate) fn license(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty() && text != "NOASSERTION" && text != "NONE").then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purls_become_packages() {
        let package = package_from_purl(
            "pkg:npm/%40types/node@20.1.0?repository_url=https://npm.example",
            None,
            Location::default(),
        )
        .unwrap();
        assert_eq!(package.ecosystem, Ecosystem::new(EcosystemName::Npm));
        assert_eq!(
            (package.name.as_str(), package.version.as_deref()),
            ("@types/node", Some("20.1.0"))
        );
        assert_eq!(
            package.source,
            Source::Registry {
                url: Some("https://npm.example".to_owned())
            }
        );
        let generic =
            package_from_purl("pkg:generic/openssl@3.0.7", None, Location::default()).unwrap();
        assert_eq!(generic.ecosystem.to_string(), "generic");
        assert!(package_from_purl("npm/left-pad", None, Location::default()).is_err());
        let git = package_from_purl(
            "pkg:cargo/foo@1.0.0?vcs_url=git%2Bhttps://github.com/o/foo@0123abcd",
            None,
            Location::default(),
        )
        .unwrap();
        assert!(
            matches!(git.source, Source::Git { commit: Some(ref commit), .. } if commit == "0123abcd")
        );
    }
}
