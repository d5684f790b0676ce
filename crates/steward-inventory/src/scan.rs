//! Finding inputs and reading them: walks directories (in parallel, honouring `.gitignore`),
//! matches file names against the registry, and extracts every input in parallel.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState};
use rayon::prelude::*;
use steward_model::{FileRecord, FileStatus, Inventory};

use crate::format::{Format, Input, Tree};
use crate::formats::format_for_file;
use crate::sbom::sbom_format;
use crate::text::decode;

/// Directories skipped unless asked: installed dependencies, build output, version control.
pub const SKIPPED_DIRECTORIES: &[&str] = &["node_modules", "vendor", "target", ".git"];

/// Inputs larger than this are refused.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// What to scan.
#[derive(Clone, Debug)]
pub enum Target {
    /// A directory to walk, or a file to read by its name.
    Path(PathBuf),
    /// A file to read as the given format, whatever its name (`--as`).
    As(&'static Format, PathBuf),
    /// An SBOM, whatever its name: CycloneDX or SPDX, told by its content (`--sbom`).
    Sbom(PathBuf),
}

/// How to scan.
#[derive(Clone, Copy, Debug, Default)]
pub struct ScanOptions {
    /// Also descend into the skipped directories and into what `.gitignore` excludes.
    pub scan_all: bool,
}

/// Scans the targets. Inputs that cannot be read are recorded as failed; nothing stops the
/// scan.
pub fn scan(targets: &[Target], options: ScanOptions) -> Inventory {
    let mut jobs: Vec<(String, &'static Format)> = Vec::new();
    let mut files: Vec<String> = Vec::new();
    let mut failed: Vec<FileRecord> = Vec::new();
    for target in targets {
        match target {
            Target::As(format, path) => jobs.push((display(path), format)),
            Target::Sbom(path) => {
                let shown = display(path);
                match read(&shown).map(|text| sbom_format(&text)) {
                    Ok(Some(format)) => jobs.push((shown, format)),
                    Ok(None) => failed.push(failure(
                        &shown,
                        "",
                        "not an SBOM steward reads (CycloneDX JSON or XML, SPDX 2 JSON or tag-value, SPDX 3 JSON-LD)",
                    )),
                    Err(error) => failed.push(failure(&shown, "", &error)),
                }
            }
            Target::Path(path) if path.is_dir() => {
                let found = walk(path, options);
                for file in &found {
                    let name = file.rsplit('/').next().unwrap_or(file);
                    if let Some(format) = format_for_file(name) {
                        jobs.push((file.clone(), format));
                    }
                }
                files.extend(found);
            }
            Target::Path(path) => {
                let shown = display(path);
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match format_for_file(&name) {
                    Some(format) => jobs.push((shown, format)),
                    None if !path.exists() => {
                        failed.push(failure(&shown, "", "no such file or directory"));
                    }
                    None => failed.push(failure(
                        &shown,
                        "",
                        "steward does not know this file's format; name it with `--as FORMAT:PATH`",
                    )),
                }
            }
        }
    }
    jobs.sort_by(|a, b| a.0.cmp(&b.0));
    jobs.dedup_by(|a, b| a.0 == b.0);
    files.sort();
    let inputs = jobs.iter().map(|(path, _)| path.clone()).collect();
    let tree = FileTree { files, inputs };
    let results: Vec<Inventory> = jobs
        .par_iter()
        .map(|(path, format)| extract_file(path, format, &tree))
        .collect();
    let mut inventory = Inventory::default();
    for result in results {
        inventory.extend(result);
    }
    inventory.files.extend(failed);
    inventory.sort();
    inventory
}

/// Reads and extracts one input.
pub fn extract_file(path: &str, format: &Format, tree: &dyn Tree) -> Inventory {
    match read(path) {
        Ok(text) => extract_text(path, &text, format, tree),
        Err(error) => single(failure(path, format.id, &error)),
    }
}

/// Extracts one input from its bytes (UTF-8 or UTF-16 with a byte-order mark), as if read
/// from `path`.
pub fn extract_bytes(path: &str, bytes: &[u8], format: &Format, tree: &dyn Tree) -> Inventory {
    match decode(bytes) {
        Ok(text) => extract_text(path, &text, format, tree),
        Err(error) => single(failure(path, format.id, &error)),
    }
}

fn extract_text(path: &str, text: &str, format: &Format, tree: &dyn Tree) -> Inventory {
    let input = Input { path, text, tree };
    match (format.extract)(&input) {
        Ok(extracted) => {
            let record = FileRecord {
                path: path.to_owned(),
                format: format.id.to_owned(),
                status: if extracted.skipped.is_empty() {
                    FileStatus::Read
                } else {
                    FileStatus::Partial {
                        skipped: extracted.skipped,
                    }
                },
                packages: extracted.packages.len(),
            };
            Inventory {
                packages: extracted.packages,
                dependencies: extracted.dependencies,
                files: vec![record],
                ..Inventory::default()
            }
        }
        Err(error) => single(failure(path, format.id, &error.to_string())),
    }
}

fn single(record: FileRecord) -> Inventory {
    Inventory {
        files: vec![record],
        ..Inventory::default()
    }
}

fn failure(path: &str, format: &str, error: &str) -> FileRecord {
    FileRecord {
        path: path.to_owned(),
        format: format.to_owned(),
        status: FileStatus::Failed {
            error: error.to_owned(),
        },
        packages: 0,
    }
}

fn read(path: &str) -> Result<String, String> {
    let metadata = std::fs::metadata(path).map_err(|error| error.to_string())?;
    if metadata.len() > MAX_INPUT_BYTES {
        return Err(format!(
            "the file is {} bytes, more than steward reads ({MAX_INPUT_BYTES})",
            metadata.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|error| error.to_string())?;
    decode(&bytes)
}

/// A path as reports show it: `/`-separated, without a leading `./`.
fn display(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let trimmed = text.strip_prefix("./").unwrap_or(&text);
    if trimmed.is_empty() {
        ".".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Every file under `root`, as display paths.
fn walk(root: &Path, options: ScanOptions) -> Vec<String> {
    let found = Mutex::new(Vec::new());
    let mut builder = WalkBuilder::new(root);
    builder
        .hidden(false)
        .parents(true)
        .ignore(!options.scan_all)
        .git_ignore(!options.scan_all)
        .git_exclude(!options.scan_all)
        .git_global(false)
        .require_git(false)
        .follow_links(false);
    if options.scan_all {
        builder.filter_entry(|entry| entry.file_name() != ".git");
    } else {
        builder.filter_entry(|entry| {
            let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
            !(is_dir
                && entry.depth() > 0
                && SKIPPED_DIRECTORIES.contains(&entry.file_name().to_string_lossy().as_ref()))
        });
    }
    builder.build_parallel().run(|| {
        let found = &found;
        Box::new(move |entry| {
            match entry {
                Ok(entry) if entry.file_type().is_some_and(|kind| kind.is_file()) => {
                    if let Ok(mut found) = found.lock() {
                        found.push(display(entry.path()));
                    }
                }
                Ok(_) => {}
                Err(error) => tracing::warn!("cannot walk: {error}"),
            }
            WalkState::Continue
        })
    });
    found.into_inner().unwrap_or_default()
}

/// The files of a scan, for extractors that consult other files.
#[derive(Debug)]
struct FileTree {
    /// Every file walked, sorted.
    files: Vec<String>,
    /// Every file read as an input, sorted.
    inputs: Vec<String>,
}

impl Tree for FileTree {
    fn read(&self, path: &str) -> Option<String> {
        read(path).ok()
    }

    fn files_named(&self, name: &str) -> Vec<String> {
        self.files
            .iter()
            .filter(|path| path.rsplit('/').next() == Some(name))
            .cloned()
            .collect()
    }

    fn is_input(&self, path: &str) -> bool {
        self.inputs
            .binary_search_by(|input| input.as_str().cmp(path))
            .is_ok()
    }
}
