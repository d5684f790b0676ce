//! The description of an advisory database snapshot: what reports and `db status` say of it.
//! The snapshots themselves are `steward-advisory`'s.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Where a snapshot's records came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// The source's name: the path imported, or the address downloaded from.
    pub name: String,
    /// `directory`, `zip`, `git` or `download`.
    pub kind: String,
    /// The revision read: a git commit, the newest `modified` time of a download.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// When it was last read (RFC 3339).
    pub imported: String,
    /// How many records it gave, in its last import.
    pub records: u64,
}

/// What a snapshot is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotInfo {
    /// `sha256:` and the hex digest of the records.
    pub digest: String,
    /// When the snapshot was made (RFC 3339).
    pub created: String,
    /// How many records it holds, withdrawn ones included.
    pub records: u64,
    /// How many of them are withdrawn.
    pub withdrawn: u64,
    /// Records per ecosystem (base name), a record counted once per ecosystem it names.
    pub ecosystems: BTreeMap<String, u64>,
    /// The sources, by name.
    pub sources: Vec<SourceInfo>,
}
