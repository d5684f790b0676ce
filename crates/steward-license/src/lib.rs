//! Licences, free of I/O: what packages' recorded licences are, and whether they may be used.
//!
//! - [`normalize`]: a licence as an input records it (`Apache License 2.0`, `MIT/Apache-2.0`,
//!   `GPL-2.0+`) as an SPDX expression where it can be read as one, else as written (the
//!   inventory readers apply it to every package they make);
//! - [`trove`]: PyPI's licence classifiers as SPDX identifiers where they name one;
//! - [`policy`]: a licence policy (allowed and denied licences, per-package exceptions with a
//!   reason) checked against an inventory, every package that does not meet it named with why.

pub mod normalize;
pub mod policy;
pub mod trove;

pub use normalize::{expression, normalize, normalize_all};
pub use policy::{Exception, LicenseCheck, Policy, PolicyError, Problem, Unknown};
pub use trove::trove_classifier;
