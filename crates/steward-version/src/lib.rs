//! Version semantics for every OSV ecosystem.
//!
//! A scanner is only as right as its version comparison: `1.0.0rc1` and `1.0.0` (PyPI),
//! `1.0-SNAPSHOT` and `1.0` (Maven), `1:2.3~rc1-4` (Debian) and
//! `v0.0.0-20210101120000-abcdef123456` (Go) each follow their own rules. Each scheme here parses
//! a version once into a value whose order is the ecosystem's reference implementation's:
//!
//! - [`scheme`]: one module per version scheme, [`Scheme`] to pick one at run time;
//! - [`requirement`]: the requirement syntaxes of manifests (Cargo, npm, PEP 440, Maven,
//!   RubyGems, Composer, NuGet);
//! - [`osv`]: OSV `affected` evaluation, where an unparseable version or range is reported as
//!   such and never taken for "not affected".
//!
//! The crate does no I/O.
//!
//! ```
//! use steward_version::Scheme;
//!
//! let older = Scheme::Pep440.parse("1.0.0rc1")?;
//! let newer = Scheme::Pep440.parse("1.0.0")?;
//! assert!(older < newer);
//! assert!(Scheme::Maven.parse("1.0-SNAPSHOT")? < Scheme::Maven.parse("1.0")?);
//! assert!(Scheme::Debian.parse("1:2.3~rc1-4")? > Scheme::Debian.parse("2.3-4")?);
//! # Ok::<(), steward_version::VersionError>(())
//! ```

mod error;
mod number;
pub mod osv;
pub mod requirement;
pub mod scheme;

pub use error::{MAX_VERSION_BYTES, VersionError};
pub use scheme::{Scheme, UnsupportedEcosystem, Version};
