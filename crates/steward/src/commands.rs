//! One module per command.

pub(crate) mod attest;
pub(crate) mod completions;
pub(crate) mod db;
pub(crate) mod inventory;
pub(crate) mod key;
pub(crate) mod log;
pub(crate) mod purl;
pub(crate) mod sbom;
pub(crate) mod scan;
pub(crate) mod sign;
pub(crate) mod verify;
pub(crate) mod version;
