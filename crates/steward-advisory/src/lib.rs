//! The advisory database: OSV records imported into immutable snapshots, and matched against
//! inventories with each ecosystem's own version rules.
//!
//! - [`record`]: the OSV record, read tolerantly from JSON or YAML and kept whole;
//! - [`import`]: records from directories, zip archives and git checkouts;
//! - [`store`]: the database directory, its immutable snapshots (SQLite, named by the digest of
//!   their records) and the atomic switch from one to the next;
//! - [`matching`]: packages against records, aliases grouped, the smallest fixing upgrade;
//! - [`policy`]: suppressions with reason, expiry, scope and owner;
//! - [`severity`]: CVSS v2, v3.x and v4 base scores computed from vectors, and databases' own
//!   ratings.

pub mod import;
pub mod matching;
pub mod policy;
pub mod record;
pub mod severity;
pub mod store;

pub use matching::{Finding, Kind, Matched, Matches, match_inventory};
pub use record::{Advisory, Record};
pub use severity::{Level, Severity};
pub use store::{Snapshot, SnapshotInfo, SourceInfo, Store, StoreError, Verification};
