//! The advisory database on disk: OSV records imported from directories, zip archives and git
//! checkouts into immutable SQLite snapshots named by the digest of their records.
//!
//! - [`import`]: records from directories, zip archives and git checkouts;
//! - [`store`]: the database directory, its immutable snapshots and the atomic switch from one
//!   to the next; every record read is checked against its stored hash, and `verify` checks a
//!   whole snapshot.
//!
//! What records mean (matching, severity, suppressions) is `steward-osv`'s, free of I/O.

pub mod import;
pub mod store;

pub use store::{Snapshot, Store, StoreError, Verification};
