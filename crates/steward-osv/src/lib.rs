//! The OSV core, free of I/O: what an advisory record says and what it means for an inventory.
//!
//! - [`record`]: the OSV record, read tolerantly from JSON or YAML and kept whole;
//! - [`matching`]: packages against records, aliases grouped, the smallest fixing upgrade;
//! - [`filter`]: what a report shows (`--severity`, `--ignore-unfixed`) and what it left out;
//! - [`policy`]: suppressions with reason, expiry, scope and owner;
//! - [`severity`]: CVSS v2, v3.x and v4 base scores computed from vectors, and databases' own
//!   ratings;
//! - [`snapshot`]: the description of a database snapshot (digest, counts, sources), as
//!   reports name it.
//!
//! Storing records (SQLite snapshots) and importing them is `steward-advisory`'s.

pub mod filter;
pub mod matching;
pub mod policy;
pub mod record;
pub mod severity;
pub mod snapshot;

pub use matching::{Finding, Kind, Matched, Matches, match_inventory};
pub use record::{Advisory, Record};
pub use severity::{Level, Severity};
pub use snapshot::{SnapshotInfo, SourceInfo};
