//! Finding inputs and reading them: walks directories (in parallel, honouring `.gitignore`),
//! matches file names against the registry, and extracts every input in parallel.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::overrides::{Override, OverrideBuilder};
use ignore::{WalkBuilder, WalkState};
use rayon::prelude::*;
use steward_model::{FileRecord, FileStatus, Inventory};

use steward_fs::Confinement;

use crate::format::{Format, Input, Shared, Tree, TreeError};
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
#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    /// Also descend into the skipped directories and into what `.gitignore` excludes.
    pub scan_all: bool,
    /// Globs, in `.gitignore` syntax relative to each directory walked (`test/**`,
    /// `**/fixtures`), of files and directories the walk leaves out. Files named on the
    /// command line are read whatever they match.
    pub exclude: Vec<String>,
}

/// Why an exclusion glob cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("the exclusion `{glob}` is not a glob: {reason}")]
pub struct ExcludeError {
    glob: String,
    reason: String,
}

/// Checks an exclusion glob, as [`ScanOptions::exclude`] reads it.
pub fn check_exclude(glob: &str) -> Result<(), ExcludeError> {
    exclusions(Path::new("."), &[glob.to_owned()]).map(drop)
}

/// The exclusions under `root`.
fn exclusions(root: &Path, globs: &[String]) -> Result<Override, ExcludeError> {
    let mut builder = OverrideBuilder::new(root);
    for glob in globs {
        // An override glob includes; `!` makes it one that leaves out.
        builder
            .add(&format!("!{glob}"))
            .map_err(|error| ExcludeError {
                glob: glob.clone(),
                reason: error.to_string(),
            })?;
    }
    builder.build().map_err(|error| ExcludeError {
        glob: globs.join(", "),
        reason: error.to_string(),
    })
}

/// Scans the targets. Inputs that cannot be read are recorded as failed; nothing stops the
/// scan.
pub fn scan(targets: &[Target], options: &ScanOptions) -> Inventory {
    let mut jobs: Vec<(String, &'static Format)> = Vec::new();
    let mut files: Vec<String> = Vec::new();
    let mut failed: Vec<FileRecord> = Vec::new();
    let mut roots: Vec<PathBuf> = Vec::new();
    let mut left_out: Vec<String> = Vec::new();
    for target in targets {
        match target {
            Target::As(format, path) => {
                roots.push(parent(path));
                jobs.push((display(path), format));
            }
            Target::Sbom(path) => {
                roots.push(parent(path));
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
                roots.push(path.clone());
                let (found, unreadable, excluded) = walk(path, options);
                left_out.extend(excluded);
                let before = jobs.len();
                for file in &found {
                    let name = file.rsplit('/').next().unwrap_or(file);
                    if let Some(format) = format_for_file(name) {
                        jobs.push((file.clone(), format));
                    }
                }
                if jobs.len() == before && unreadable.is_empty() {
                    failed.push(failure(
                        &display(path),
                        "",
                        "no package sources found: no file here has a name steward reads (see docs/formats.md), \
                         nor did an argument name an SBOM, a root or an image",
                    ));
                }
                failed.extend(unreadable);
                files.extend(found);
            }
            Target::Path(path) => {
                roots.push(parent(path));
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
    let inputs = jobs.iter().map(|(path, _)| path.clone()).collect();
    let tree = FileTree::new(
        files,
        inputs,
        Confinement::new(roots.iter().map(PathBuf::as_path)),
    );
    // Each input sorted on its own thread leaves the whole, in path order, mostly sorted.
    let results: Vec<Inventory> = jobs
        .par_iter()
        .map(|(path, format)| {
            let mut inventory = extract_file(path, format, &tree);
            inventory.sort();
            inventory
        })
        .collect();
    let mut inventory = Inventory::default();
    for result in results {
        inventory.extend(result);
    }
    inventory.files.extend(failed);
    inventory.excluded = left_out;
    inventory.sort();
    inventory
}

/// The directory a file named on the command line is read from (`""` for the working one).
fn parent(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
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
    let tree = Noting {
        tree,
        refused: Mutex::new(Vec::new()),
    };
    let input = Input {
        path,
        text,
        tree: &tree,
    };
    // An empty file of a known format (a fresh `requirements.txt`, a `package-lock.json` not
    // yet written) lists nothing: an empty inventory, not an error.
    let result = if text.trim().is_empty() {
        Ok(crate::format::Extracted::default())
    } else {
        (format.extract)(&input)
    };
    let mut notes: Vec<String> = tree
        .refused
        .into_inner()
        .unwrap_or_default()
        .iter()
        .map(|line| excerpt(line))
        .collect();
    notes.sort();
    notes.dedup();
    match result {
        Ok(mut extracted) => {
            for package in &mut extracted.packages {
                steward_license::normalize_all(&mut package.licenses);
            }
            notes.extend(extracted.notes.iter().map(|line| excerpt(line)));
            let record = FileRecord {
                path: path.to_owned(),
                format: format.id.to_owned(),
                status: if extracted.skipped.is_empty() {
                    FileStatus::Read
                } else {
                    FileStatus::Partial {
                        skipped: extracted.skipped.iter().map(|line| excerpt(line)).collect(),
                    }
                },
                packages: extracted.packages.len(),
                notes,
            };
            Inventory {
                packages: extracted.packages,
                dependencies: extracted.dependencies,
                files: vec![record],
                ..Inventory::default()
            }
        }
        Err(error) => {
            let mut record = failure(path, format.id, &error.to_string());
            record.notes = notes;
            single(record)
        }
    }
}

/// The longest message line kept from an input's reading: long enough to say what is wrong,
/// short enough that a message never carries a file's contents.
const MAX_MESSAGE_CHARS: usize = 240;

/// A message as reports keep it: control characters escaped, cut at [`MAX_MESSAGE_CHARS`].
pub(crate) fn excerpt(message: &str) -> String {
    let shown = steward_model::printable(message);
    match shown.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((end, _)) => format!("{}…", &shown[..end]),
        None => shown.into_owned(),
    }
}

/// The scan's tree as one extractor sees it: files that exist but are refused are noted on
/// the input, so no extractor can pass over a refusal in silence.
struct Noting<'a> {
    tree: &'a dyn Tree,
    refused: Mutex<Vec<String>>,
}

impl Tree for Noting<'_> {
    fn open(&self, path: &str) -> Result<String, TreeError> {
        let result = self.tree.open(path);
        if let Err(error) = &result
            && !error.is_absent()
            && let Ok(mut refused) = self.refused.lock()
        {
            refused.push(format!("`{path}`: {error}"));
        }
        result
    }

    fn files_named(&self, name: &str) -> Vec<String> {
        self.tree.files_named(name)
    }

    fn is_input(&self, path: &str) -> bool {
        self.tree.is_input(path)
    }

    fn shared(&self) -> Option<&Shared> {
        self.tree.shared()
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
            error: excerpt(error),
        },
        packages: 0,
        notes: Vec::new(),
    }
}

/// Reads one input named by the user or found by the walk: a regular file, at most
/// [`MAX_INPUT_BYTES`] read.
fn read(path: &str) -> Result<String, String> {
    let bytes = steward_fs::read_file(Path::new(path), MAX_INPUT_BYTES)
        .map_err(|error| error.to_string())?;
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

/// Every file under `root`, as display paths, and a failed record for every directory or
/// entry that could not be walked.
fn walk(root: &Path, options: &ScanOptions) -> (Vec<String>, Vec<FileRecord>, Vec<String>) {
    let exclusions = match exclusions(root, &options.exclude) {
        Ok(exclusions) => Arc::new(exclusions),
        Err(error) => {
            let failed = failure(&display(root), "directory", &error.to_string());
            return (Vec::new(), vec![failed], Vec::new());
        }
    };
    let excluded = Arc::new(Mutex::new(Vec::new()));
    let found = Mutex::new((Vec::new(), Vec::new()));
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
    let scan_all = options.scan_all;
    let excluded_by_filter = Arc::clone(&excluded);
    builder.filter_entry(move |entry| {
        let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
        let name = entry.file_name().to_string_lossy();
        let skipped = if scan_all {
            name == ".git"
        } else {
            is_dir && entry.depth() > 0 && SKIPPED_DIRECTORIES.contains(&name.as_ref())
        };
        if skipped {
            return false;
        }
        if entry.depth() > 0 && exclusions.matched(entry.path(), is_dir).is_ignore() {
            if let Ok(mut excluded) = excluded_by_filter.lock() {
                excluded.push(display(entry.path()));
            }
            return false;
        }
        true
    });
    builder.build_parallel().run(|| {
        let found = &found;
        Box::new(move |entry| {
            let Ok(mut found) = found.lock() else {
                return WalkState::Quit;
            };
            match entry {
                Ok(entry) if entry.file_type().is_some_and(|kind| kind.is_file()) => {
                    found.0.push(display(entry.path()));
                }
                Ok(_) => {}
                Err(error) => found.1.push(walk_failure(root, &error)),
            }
            WalkState::Continue
        })
    });
    let (mut files, mut failed) = found.into_inner().unwrap_or_default();
    files.sort();
    failed.sort_by(|a: &FileRecord, b| a.path.cmp(&b.path));
    let excluded = excluded.lock().map(|list| list.clone()).unwrap_or_default();
    (files, failed, excluded)
}

/// A directory or entry the walk could not read, named by its path where the error has one.
fn walk_failure(root: &Path, error: &ignore::Error) -> FileRecord {
    fn path_of(error: &ignore::Error) -> Option<&Path> {
        match error {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                path_of(err)
            }
            _ => None,
        }
    }
    fn cause(error: &ignore::Error) -> String {
        match error {
            ignore::Error::WithPath { err, .. }
            | ignore::Error::WithDepth { err, .. }
            | ignore::Error::WithLineNumber { err, .. } => cause(err),
            other => other.to_string(),
        }
    }
    let path = display(path_of(error).unwrap_or(root));
    failure(
        &path,
        "directory",
        &format!("cannot be walked: {}", cause(error)),
    )
}

/// The files of a scan, for extractors that consult other files.
#[derive(Debug)]
struct FileTree {
    /// Every file walked, by file name.
    by_name: HashMap<String, Vec<String>>,
    /// Every file read as an input, sorted.
    inputs: Vec<String>,
    /// Where companion files may be read from.
    confinement: Confinement,
    /// What extractors compute once for the whole scan.
    shared: Shared,
}

impl FileTree {
    fn new(files: Vec<String>, inputs: Vec<String>, confinement: Confinement) -> Self {
        let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
        for path in files {
            let name = path.rsplit('/').next().unwrap_or(&path).to_owned();
            by_name.entry(name).or_default().push(path);
        }
        for paths in by_name.values_mut() {
            paths.sort();
        }
        Self {
            by_name,
            inputs,
            confinement,
            shared: Shared::default(),
        }
    }
}

impl Tree for FileTree {
    fn open(&self, path: &str) -> Result<String, TreeError> {
        let bytes = self.confinement.read(path, MAX_INPUT_BYTES)?;
        decode(&bytes).map_err(TreeError::Text)
    }

    fn files_named(&self, name: &str) -> Vec<String> {
        self.by_name.get(name).cloned().unwrap_or_default()
    }

    fn is_input(&self, path: &str) -> bool {
        self.inputs
            .binary_search_by(|input| input.as_str().cmp(path))
            .is_ok()
    }

    fn shared(&self) -> Option<&Shared> {
        Some(&self.shared)
    }
}
