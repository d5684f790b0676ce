//! Inventory of what is installed: root filesystems (`--root`), container images (`--image`),
//! and binaries and archives given as files.
//!
//! Nothing is executed and nothing is extracted to disk. Each reader (one per file, all in the
//! one table of [`READERS`]) turns one file's bytes into packages; [`Collector`] applies image
//! layers over each other and gives OS packages their distribution's release. Hostile input
//! (paths that climb out of the root, links that point out of it, bombs, deep nesting,
//! oversized entries) is refused under [`Limits`] and reported, never followed.

mod archive;
mod binary;
mod collect;
mod image;
mod language;
mod limits;
mod os;
mod paths;
mod readers;
mod root;

use std::path::Path;

pub use image::{ImageError, inventory_image, inventory_layer};
pub use limits::Limits;
/// The licences a Debian machine-readable copyright file names (public for fuzzing).
pub use os::copyright::licenses as dpkg_copyright_licenses;
pub use readers::{READERS, Reader, reader_by_id};
pub use root::inventory_root;
use steward_model::{FileRecord, FileStatus, Inventory};

use crate::collect::Collector;

/// The inventory of one binary or archive given as a file: read by whichever readers want it
/// by name or content. `None` if no reader wants it.
pub fn inventory_artifact(path: &Path, limits: &Limits) -> Option<Inventory> {
    let shown = path.to_string_lossy().replace('\\', "/");
    let name = format!("/{}", shown.rsplit('/').next().unwrap_or(&shown));
    if !path.is_file() {
        return None;
    }
    let bytes = match steward_fs::read_file(path, limits.max_file_bytes) {
        Ok(bytes) => bytes,
        Err(error) => return Some(failed(&shown, &error.to_string())),
    };
    let prefix = shown
        .rsplit_once('/')
        .map_or("", |(directory, _)| directory);
    let mut collector = Collector::new(&shown, prefix, *limits);
    let read = collector.read(&name, &bytes, true, None);
    if read.is_empty() {
        // An executable named on the command line is read, whatever it holds: one without
        // build information steward reads is a gap in what is known, not a failure.
        return binary::is_executable_format(&bytes).then(|| Inventory {
            files: vec![FileRecord {
                path: shown.clone(),
                format: "file".to_owned(),
                status: FileStatus::Read,
                packages: 0,
                notes: vec![
                    "an executable with no build information steward reads (Go 1.18 or later, `cargo auditable`); what it was built from is unknown"
                        .to_owned(),
                ],
            }],
            ..Inventory::default()
        });
    }
    collector.insert(read);
    Some(collector.finish("file"))
}

/// Reads `bytes` as the file at `path` (absolute inside a root) with one reader: what the
/// fuzz targets and tests go through.
pub fn read_with(
    reader: &Reader,
    path: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<steward_inventory::Extracted, steward_inventory::ExtractError> {
    let mut extracted = (reader.extract)(&readers::Found {
        path,
        bytes,
        limits,
    })?;
    for package in &mut extracted.packages {
        steward_license::normalize_all(&mut package.licenses);
    }
    Ok(extracted)
}

fn failed(path: &str, error: &str) -> Inventory {
    Inventory {
        files: vec![FileRecord {
            path: path.to_owned(),
            format: "file".to_owned(),
            status: FileStatus::Failed {
                error: error.to_owned(),
            },
            packages: 0,
            notes: Vec::new(),
        }],
        ..Inventory::default()
    }
}
