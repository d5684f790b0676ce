//! What an extractor is: a file format with a name, the file names it recognises, and a
//! function from the file's text to packages.

use std::any::Any;
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use steward_model::{Dependency, Package};

/// A file-name pattern: an exact name, or a prefix and suffix around anything
/// (`requirements*.txt`, `*.csproj`).
#[derive(Clone, Copy, Debug)]
pub enum NamePattern {
    /// Exactly this name.
    Exact(&'static str),
    /// A name starting with the first part and ending with the second.
    Wildcard(&'static str, &'static str),
}

impl NamePattern {
    /// Whether `file_name` matches.
    pub fn matches(self, file_name: &str) -> bool {
        match self {
            Self::Exact(name) => file_name == name,
            Self::Wildcard(prefix, suffix) => {
                file_name.len() >= prefix.len() + suffix.len()
                    && file_name.starts_with(prefix)
                    && file_name.ends_with(suffix)
            }
        }
    }
}

impl fmt::Display for NamePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exact(name) => f.write_str(name),
            Self::Wildcard(prefix, suffix) => write!(f, "{prefix}*{suffix}"),
        }
    }
}

/// Other files of the scan an extractor may consult (a `pom.xml`'s parent, the `package.json`
/// beside a lockfile).
pub trait Tree: Sync {
    /// The text of the file at `path` (as the scan names paths, `/`-separated), or why it
    /// cannot be had.
    fn open(&self, path: &str) -> Result<String, TreeError>;

    /// The text of the file at `path`, if it can be had. When the scan runs the extractor, a
    /// file that exists but is refused (outside the scan, not a regular file, too large) is
    /// noted on the input.
    fn read(&self, path: &str) -> Option<String> {
        self.open(path).ok()
    }

    /// Every scanned file whose name is `name`, as paths relative to the scan.
    fn files_named(&self, name: &str) -> Vec<String>;

    /// Whether the scan reads `path` as an input of its own.
    fn is_input(&self, path: &str) -> bool;

    /// What extractors of this scan compute once and share (the index of a scan's POMs), if
    /// the tree keeps it.
    fn shared(&self) -> Option<&Shared> {
        None
    }
}

/// Values computed once per scan and shared by every input's extractor, each under the id of
/// the format that owns it, so the work one input did for the whole scan is not redone for
/// the next (linear, not quadratic, in the files of the scan).
#[derive(Default)]
pub struct Shared {
    values: Mutex<HashMap<&'static str, Arc<dyn Any + Send + Sync>>>,
}

impl Shared {
    /// The value under `key`, made by `make` the first time. A value of another type under
    /// the same key is replaced.
    pub fn get_or_insert_with<T: Any + Send + Sync>(
        &self,
        key: &'static str,
        make: impl FnOnce() -> T,
    ) -> Arc<T> {
        let mut values = self.values.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(value) = values
            .get(key)
            .and_then(|value| Arc::clone(value).downcast::<T>().ok())
        {
            return value;
        }
        let value = Arc::new(make());
        values.insert(key, Arc::clone(&value) as Arc<dyn Any + Send + Sync>);
        value
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared").finish_non_exhaustive()
    }
}

/// Why another file of the scan was not read.
#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    /// No such file.
    #[error("no such file")]
    Absent,
    /// Refused, or the operating system's error.
    #[error(transparent)]
    Read(#[from] steward_fs::ReadError),
    /// Neither UTF-8 nor UTF-16.
    #[error("{0}")]
    Text(String),
}

impl TreeError {
    /// Whether the file is simply not there (nothing worth a note).
    pub fn is_absent(&self) -> bool {
        match self {
            Self::Absent => true,
            Self::Read(steward_fs::ReadError::Io(error)) => {
                error.kind() == std::io::ErrorKind::NotFound
            }
            _ => false,
        }
    }
}

/// A tree with no other files, for reading a lone input.
#[derive(Debug, Default)]
pub struct NoTree;

impl Tree for NoTree {
    fn open(&self, _path: &str) -> Result<String, TreeError> {
        Err(TreeError::Absent)
    }

    fn files_named(&self, _name: &str) -> Vec<String> {
        Vec::new()
    }

    fn is_input(&self, _path: &str) -> bool {
        false
    }
}

/// A tree held in memory: the files given, those with a recognised name being inputs.
#[derive(Debug, Default)]
pub struct MemoryTree {
    files: std::collections::BTreeMap<String, String>,
    shared: Shared,
}

impl MemoryTree {
    /// A tree of `(path, text)` pairs.
    pub fn new<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Self {
            files: files
                .into_iter()
                .map(|(path, text)| (path.to_owned(), text.to_owned()))
                .collect(),
            shared: Shared::default(),
        }
    }
}

impl Tree for MemoryTree {
    fn open(&self, path: &str) -> Result<String, TreeError> {
        self.files.get(path).cloned().ok_or(TreeError::Absent)
    }

    fn files_named(&self, name: &str) -> Vec<String> {
        self.files
            .keys()
            .filter(|path| path.rsplit('/').next() == Some(name))
            .cloned()
            .collect()
    }

    fn is_input(&self, path: &str) -> bool {
        let name = path.rsplit('/').next().unwrap_or(path);
        self.files.contains_key(path) && crate::formats::format_for_file(name).is_some()
    }

    fn shared(&self) -> Option<&Shared> {
        Some(&self.shared)
    }
}

/// One input, as an extractor sees it.
pub struct Input<'a> {
    /// The path to report (relative to the scan, `/`-separated).
    pub path: &'a str,
    /// The decoded text.
    pub text: &'a str,
    /// The rest of the scan.
    pub tree: &'a dyn Tree,
}

impl Input<'_> {
    /// The directory of the input (`""` at the top), with a trailing `/` when not empty.
    pub fn directory(&self) -> &str {
        self.path
            .rfind('/')
            .map_or("", |index| &self.path[..=index])
    }

    /// A path relative to the input's directory, as the scan names paths (`..` resolved where
    /// it can be).
    pub fn relative(&self, relative: &str) -> String {
        join(self.directory(), relative)
    }

    /// The paths of `name` in each directory above the input's own, nearest first, as far up
    /// as the path given goes (`a/b/x.lock` gives `a/name` and `name`).
    pub fn paths_above(&self, name: &str) -> Vec<String> {
        let mut directory = self.directory();
        let mut paths = Vec::new();
        loop {
            let trimmed = directory.strip_suffix('/').unwrap_or(directory);
            if trimmed.is_empty() {
                return paths;
            }
            directory = trimmed.rfind('/').map_or("", |index| &trimmed[..=index]);
            paths.push(format!("{directory}{name}"));
        }
    }
}

/// `relative` joined to `directory` (empty, or ending with `/`) by the one normalisation
/// (`steward_fs::join`). A path that climbs out keeps its leading `..`, which the scan's
/// confinement refuses to read.
pub(crate) fn join(directory: &str, relative: &str) -> String {
    steward_fs::join(directory, relative)
}

impl fmt::Debug for Input<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Input")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

/// What an extractor found in one input.
#[derive(Clone, Debug, Default)]
pub struct Extracted {
    /// The packages.
    pub packages: Vec<Package>,
    /// Dependency edges, as indices into `packages`.
    pub dependencies: Vec<Dependency>,
    /// Parts of the input that could not be read, one line each; the input is then reported
    /// as read in part.
    pub skipped: Vec<String>,
    /// What the extractor knows it could not know (a parent outside the scan), one line
    /// each; notes do not make the input partial.
    pub notes: Vec<String>,
}

impl Extracted {
    /// Marks what the roots depend on as direct and everything else their edges reach as
    /// transitive (for formats that record edges but not which dependencies are direct).
    pub fn relate_to_roots(&mut self) {
        let direct = crate::graph::direct_by_edges(self);
        crate::graph::assign_relationships(self, &direct);
    }
}

/// Why an input could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// The input is not well-formed; where it went wrong, if known.
    #[error("{}{message}", position(*line, *column))]
    Syntax {
        /// 1-based line.
        line: Option<u32>,
        /// 1-based column.
        column: Option<u32>,
        /// What is wrong.
        message: String,
    },
    /// The input is well-formed but not something steward can read (a format version it does
    /// not know, a binary lockfile).
    #[error("{0}")]
    Unsupported(String),
}

fn position(line: Option<u32>, column: Option<u32>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!("line {line}, column {column}: "),
        (Some(line), None) => format!("line {line}: "),
        _ => String::new(),
    }
}

impl ExtractError {
    /// A syntax error at a line and column.
    pub fn at(line: u32, column: u32, message: impl Into<String>) -> Self {
        Self::Syntax {
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }

    /// A syntax error at a line.
    pub fn at_line(line: u32, message: impl Into<String>) -> Self {
        Self::Syntax {
            line: Some(line),
            column: None,
            message: message.into(),
        }
    }

    /// A syntax error without a position.
    pub fn syntax(message: impl Into<String>) -> Self {
        Self::Syntax {
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

impl From<serde_json::Error> for ExtractError {
    fn from(error: serde_json::Error) -> Self {
        let message = error.to_string();
        // serde_json appends " at line L column C"; the position is reported separately.
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(message, _)| message)
            .to_owned();
        Self::at(
            u32::try_from(error.line()).unwrap_or(u32::MAX),
            u32::try_from(error.column()).unwrap_or(u32::MAX),
            message,
        )
    }
}

/// Converts a TOML error, with its position in `text`.
pub(crate) fn toml_error(text: &str, error: &toml::de::Error) -> ExtractError {
    let message = error.message().to_owned();
    match error.span() {
        Some(span) => {
            let (line, column) = crate::text::LineIndex::new(text).line_and_column(span.start);
            ExtractError::at(line, column, message)
        }
        None => ExtractError::syntax(message),
    }
}

/// A file format steward reads.
#[derive(Debug)]
pub struct Format {
    /// The stable id (`cargo-lock`), used by `--as` and in reports.
    pub id: &'static str,
    /// The file names it recognises; the first is the canonical one, also accepted by `--as`.
    pub names: &'static [NamePattern],
    /// The ecosystem, for the support matrix.
    pub ecosystem: &'static str,
    /// The format versions read.
    pub versions: &'static str,
    /// What is read, in one line, for the support matrix.
    pub reads: &'static str,
    /// What is not read, or read differently from the package manager, for the support matrix.
    pub gaps: &'static str,
    /// Reads one input.
    pub extract: fn(&Input<'_>) -> Result<Extracted, ExtractError>,
}

impl Format {
    /// Whether the format recognises this file name.
    pub fn recognises(&self, file_name: &str) -> bool {
        self.names.iter().any(|pattern| pattern.matches(file_name))
    }

    /// The canonical file name (`Cargo.lock`).
    pub fn canonical_name(&self) -> String {
        self.names
            .first()
            .map(ToString::to_string)
            .unwrap_or_default()
    }
}
