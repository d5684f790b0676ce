//! Inventory: every package a project declares, read from its lockfiles and manifests.
//!
//! [`scan`] walks directories (in parallel, honouring `.gitignore`, skipping installed
//! dependencies and build output), recognises inputs by their file names through the one
//! registry ([`FORMATS`]), and reads each with its format's extractor. Nothing is executed and
//! nothing is fetched: no package manager, no build script, no network. An input that cannot be
//! read is recorded with the error, one read only in part with what was skipped, and the scan
//! goes on.

mod cpp;
mod dart;
mod dotnet;
mod elixir;
mod format;
mod formats;
mod go;
mod graph;
mod java;
mod javascript;
mod json_lines;
mod jsonc;
mod keys;
mod php;
mod python;
mod ruby;
mod rust;
mod sbom;
mod scan;
mod text;
mod xml;
mod yaml;

pub use format::{
    ExtractError, Extracted, Format, Input, MemoryTree, NamePattern, NoTree, Shared, Tree,
};
pub use formats::{FORMATS, format_by_name, format_for_file};
pub use go::h1 as go_sum_hash;
pub use sbom::sbom_format;
pub use scan::{
    ExcludeError, MAX_INPUT_BYTES, SKIPPED_DIRECTORIES, ScanOptions, Target, check_exclude,
    extract_bytes, extract_file, scan,
};
