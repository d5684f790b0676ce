//! Packages inside archives, read in memory (never extracted to disk).

pub(crate) mod java;
