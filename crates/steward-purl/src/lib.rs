//! Package identity for steward: which package is this?
//!
//! OSV advisories, CycloneDX and SPDX SBOMs, lockfiles and registries all name packages
//! slightly differently (`PyYAML` and `pyyaml`, `@types/node`,
//! `org.apache.logging.log4j:log4j-core`, `github.com/Foo/bar`). When two parts of a scanner
//! disagree on a name, a vulnerability is silently missed, so every comparison of package
//! identity in steward goes through this crate:
//!
//! - [`Purl`]: package URLs, parsed, built and printed per the purl specification.
//! - [`Ecosystem`]: OSV ecosystems with their exact spellings and release suffixes.
//! - [`OsvPackage`]: the mapping between purls and OSV ecosystem/name pairs.
//! - [`normalize_name`]: the per-ecosystem rule for when two names are the same package.
//!
//! The crate does no I/O.
//!
//! ```
//! use steward_purl::{OsvPackage, Purl, normalize_name};
//!
//! let purl = Purl::parse("pkg:npm/@babel/core@7.24.0")?;
//! assert_eq!(purl.to_string(), "pkg:npm/%40babel/core@7.24.0");
//!
//! let package = OsvPackage::from_purl(&purl).expect("npm is an OSV ecosystem");
//! assert_eq!(package.ecosystem.to_string(), "npm");
//! assert_eq!(package.name, "@babel/core");
//!
//! let pypi = Purl::parse("pkg:pypi/zope.interface@6.0")?;
//! let package = OsvPackage::from_purl(&pypi).expect("PyPI is an OSV ecosystem");
//! assert_eq!(normalize_name(package.ecosystem.name(), &package.name), "zope-interface");
//! # Ok::<(), steward_purl::PurlError>(())
//! ```

mod ecosystem;
mod name;
mod package;
mod purl;

pub use ecosystem::{Ecosystem, EcosystemName};
pub use name::{
    GoPathError, go_escape_module_path, go_unescape_module_path, normalize_name, pep503,
};
pub use package::{OsvPackage, purl_of};
pub use purl::{Purl, PurlBuilder, PurlError, registered_types};
