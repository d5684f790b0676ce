//! Limits on what one root, image or archive may make steward read: hostile inputs (bombs,
//! endless nesting, huge entries) are refused under them, never followed into exhaustion.

/// The limits; every one can be changed on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest single file read into memory (a package database, a binary, an archive
    /// entry that is itself an archive).
    pub max_file_bytes: u64,
    /// The most bytes decompressed from one image layer or one archive, nested ones included.
    pub max_unpacked_bytes: u64,
    /// How deep archives may nest in archives (a JAR in a WAR in an EAR is depth 3).
    pub max_nesting: usize,
    /// The most entries in one image layer or archive.
    pub max_entries: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_file_bytes: 512 * 1024 * 1024,
            max_unpacked_bytes: 16 * 1024 * 1024 * 1024,
            max_nesting: 8,
            max_entries: 1_000_000,
        }
    }
}

/// Metadata files inside archives (`pom.properties`, `MANIFEST.MF`) larger than this are
/// refused whatever the limits: real ones are a few kilobytes.
pub(crate) const MAX_METADATA_BYTES: u64 = 4 * 1024 * 1024;
