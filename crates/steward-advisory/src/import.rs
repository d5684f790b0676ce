//! Importing OSV records from local sources: directories of JSON and YAML records at any depth,
//! zip archives in the OSV per-ecosystem layout (`<ecosystem>/all.zip`, also found inside
//! directories), and git checkouts of advisory repositories (a directory with `.git`, whose
//! commit is recorded as the source's revision).
//!
//! Entries whose names start with `.` below the named path (`.git`, `.github`) are not read.
//! A record that cannot be read is reported with its file and the reason and skipped; every other
//! record is still imported. Records are read and parsed in parallel, a bounded batch at a time,
//! and added to the snapshot in file order, so the same source always gives the same snapshot.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use steward_osv::SourceInfo;
use steward_osv::record::{Record, Syntax};

use crate::store::{Added, Builder, StoreError};

/// How many records are read and parsed at once.
const BATCH: usize = 4096;

/// The most bytes of records held at once while an archive is read: a small zip whose entries
/// each unpack to the record limit cannot make a batch of gigabytes.
const BATCH_BYTES: usize = 64 << 20;

/// The largest record read (the largest real ones are a few hundred kilobytes).
const MAX_RECORD_BYTES: u64 = 16 << 20;

/// A record that was not imported, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file (for a zip archive, `archive.zip!entry`).
    pub file: String,
    /// Why.
    pub reason: String,
}

/// What importing one source did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Records new to the database.
    pub new: u64,
    /// Records that replaced an older version.
    pub updated: u64,
    /// Records already present, or older than what is present.
    pub unchanged: u64,
    /// Records that could not be read.
    pub problems: Vec<Problem>,
    /// The latest `modified` time of the records read.
    pub newest_modified: Option<jiff::Timestamp>,
}

impl ImportReport {
    /// How many records were read.
    pub fn records(&self) -> u64 {
        self.new + self.updated + self.unchanged
    }

    fn count(&mut self, record: &Record, added: Added) {
        if let Ok(modified) = record.advisory.modified.parse::<jiff::Timestamp>() {
            self.newest_modified = self.newest_modified.max(Some(modified));
        }
        match added {
            Added::New => self.new += 1,
            Added::Updated => self.updated += 1,
            Added::Unchanged => self.unchanged += 1,
        }
    }
}

/// Why a source could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The path or archive could not be read.
    #[error("{}: {reason}", path.display())]
    Unreadable {
        /// The path.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The database could not be written.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Imports every record under `path` (a directory, a git checkout, a zip archive, or one record
/// file) into `builder`, as the source named by the path. `imported` is the time recorded.
pub fn import_path(
    builder: &mut Builder,
    path: &Path,
    imported: jiff::Timestamp,
) -> Result<ImportReport, ImportError> {
    let unreadable = |reason: String| ImportError::Unreadable {
        path: path.to_path_buf(),
        reason,
    };
    let absolute = fs::canonicalize(path).map_err(|error| unreadable(error.to_string()))?;
    let metadata = fs::metadata(path).map_err(|error| unreadable(error.to_string()))?;
    let name = absolute.to_string_lossy().into_owned();
    let mut report = ImportReport::default();
    let (kind, revision) = if metadata.is_dir() {
        let revision = git_revision(path);
        let mut files = Vec::new();
        walk(path, &mut files, &mut report).map_err(|error| unreadable(error.to_string()))?;
        files.sort();
        let (records, archives): (Vec<_>, Vec<_>) =
            files.into_iter().partition(|file| !is_zip(file));
        import_files(builder, path, &records, &name, &mut report)?;
        for archive in archives {
            if let Err(error) = import_archive(builder, &archive, &name, &mut report) {
                match error {
                    ImportError::Unreadable { path, reason } => report.problems.push(Problem {
                        file: path.display().to_string(),
                        reason,
                    }),
                    store @ ImportError::Store(_) => return Err(store),
                }
            }
        }
        (
            if revision.is_some() {
                "git"
            } else {
                "directory"
            },
            revision,
        )
    } else if is_zip(path) {
        import_archive(builder, path, &name, &mut report)?;
        ("zip", None)
    } else {
        import_files(
            builder,
            Path::new(""),
            &[path.to_path_buf()],
            &name,
            &mut report,
        )?;
        ("file", None)
    };
    builder.record_source(SourceInfo {
        name,
        kind: kind.to_owned(),
        revision,
        imported: imported.to_string(),
        records: report.records(),
    });
    Ok(report)
}

fn is_zip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension.eq_ignore_ascii_case("zip"))
}

/// Every record file and zip archive under `dir`, leaving out entries whose names start with
/// `.`; a directory or entry inside that cannot be read is a problem in `report`, and the rest
/// is still walked. Symbolic links are not followed, so the walk ends.
fn walk(dir: &Path, files: &mut Vec<PathBuf>, report: &mut ImportReport) -> std::io::Result<()> {
    let mut pending = vec![dir.to_path_buf()];
    let mut first = true;
    while let Some(directory) = pending.pop() {
        let entries = match fs::read_dir(&directory) {
            Ok(entries) => entries,
            // The source itself unreadable is the caller's error; anything below, a problem.
            Err(error) if first => return Err(error),
            Err(error) => {
                report.problems.push(Problem {
                    file: directory.display().to_string(),
                    reason: format!("cannot be read: {error}"),
                });
                continue;
            }
        };
        first = false;
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    report.problems.push(Problem {
                        file: directory.display().to_string(),
                        reason: format!("an entry cannot be read: {error}"),
                    });
                    continue;
                }
            };
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            match entry.file_type() {
                Ok(kind) if kind.is_dir() => pending.push(path),
                Ok(kind)
                    if kind.is_file() && (Syntax::of_file(&name).is_some() || is_zip(&path)) =>
                {
                    files.push(path);
                }
                // A FIFO or device named like a record: said, never opened.
                Ok(kind) if !kind.is_symlink() && Syntax::of_file(&name).is_some() => {
                    report.problems.push(Problem {
                        file: path.display().to_string(),
                        reason: "not a regular file; not read".to_owned(),
                    });
                }
                Ok(_) => {}
                Err(error) => report.problems.push(Problem {
                    file: path.display().to_string(),
                    reason: error.to_string(),
                }),
            }
        }
    }
    Ok(())
}

fn import_files(
    builder: &mut Builder,
    base: &Path,
    files: &[PathBuf],
    source: &str,
    report: &mut ImportReport,
) -> Result<(), StoreError> {
    for chunk in files.chunks(BATCH) {
        let parsed: Vec<(String, Result<Record, String>)> = chunk
            .par_iter()
            .map(|file| {
                let shown = file
                    .strip_prefix(base)
                    .unwrap_or(file)
                    .display()
                    .to_string();
                (shown, read_record_file(file))
            })
            .collect();
        add_parsed(builder, parsed, source, report)?;
    }
    Ok(())
}

fn read_record_file(file: &Path) -> Result<Record, String> {
    let syntax = file
        .file_name()
        .and_then(|name| Syntax::of_file(&name.to_string_lossy()))
        .ok_or_else(|| "not a .json, .yaml or .yml file".to_owned())?;
    let bytes = steward_fs::read_file(file, MAX_RECORD_BYTES).map_err(|error| error.to_string())?;
    Record::parse(&bytes, syntax).map_err(|error| error.to_string())
}

/// Adds every record of the zip archive at `path` to `builder` as coming from `source`, counting
/// them in `report`. An archive that cannot be opened is refused whole; a record that cannot be
/// read is reported and skipped.
pub fn import_archive(
    builder: &mut Builder,
    path: &Path,
    source: &str,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let unreadable = |reason: String| ImportError::Unreadable {
        path: path.to_path_buf(),
        reason,
    };
    let file = steward_fs::open_file(path).map_err(|error| unreadable(error.to_string()))?;
    let mut archive = zip::ZipArchive::new(std::io::BufReader::new(file))
        .map_err(|error| unreadable(format!("not a readable zip archive: {error}")))?;
    let shown = path.display().to_string();
    let mut batch = Vec::with_capacity(BATCH);
    let mut batch_bytes = 0;
    for index in 0..archive.len() {
        let entry = archive.by_index(index);
        let item = match entry {
            Ok(mut entry) => {
                let name = match entry.name() {
                    Ok(name) => name.into_owned(),
                    Err(error) => {
                        report.problems.push(Problem {
                            file: format!("{shown}!#{index}"),
                            reason: error.to_string(),
                        });
                        continue;
                    }
                };
                if entry.is_dir() || Syntax::of_file(&name).is_none() {
                    continue;
                }
                let mut bytes = Vec::new();
                let read = (&mut entry)
                    .take(MAX_RECORD_BYTES + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|error| error.to_string())
                    .and_then(|_| {
                        if bytes.len() as u64 > MAX_RECORD_BYTES {
                            Err(format!("larger than {MAX_RECORD_BYTES} bytes"))
                        } else {
                            Ok(())
                        }
                    });
                match read {
                    Ok(()) => (format!("{shown}!{name}"), bytes),
                    Err(reason) => {
                        report.problems.push(Problem {
                            file: format!("{shown}!{name}"),
                            reason,
                        });
                        continue;
                    }
                }
            }
            Err(error) => {
                report.problems.push(Problem {
                    file: format!("{shown}!#{index}"),
                    reason: error.to_string(),
                });
                continue;
            }
        };
        batch_bytes += item.1.len();
        batch.push(item);
        if batch.len() == BATCH || batch_bytes >= BATCH_BYTES {
            import_records(builder, &mut batch, source, report)?;
            batch_bytes = 0;
        }
    }
    import_records(builder, &mut batch, source, report)?;
    Ok(())
}

/// Parses a batch of (file name, bytes) in parallel, the syntax told by the name, and adds the
/// records to `builder` in order, as coming from `source`.
pub fn import_records(
    builder: &mut Builder,
    batch: &mut Vec<(String, Vec<u8>)>,
    source: &str,
    report: &mut ImportReport,
) -> Result<(), StoreError> {
    let parsed: Vec<(String, Result<Record, String>)> = batch
        .par_drain(..)
        .map(|(file, bytes)| {
            let syntax = Syntax::of_file(&file).unwrap_or(Syntax::Json);
            let record = Record::parse(&bytes, syntax).map_err(|error| error.to_string());
            (file, record)
        })
        .collect();
    add_parsed(builder, parsed, source, report)
}

fn add_parsed(
    builder: &mut Builder,
    parsed: Vec<(String, Result<Record, String>)>,
    source: &str,
    report: &mut ImportReport,
) -> Result<(), StoreError> {
    for (file, record) in parsed {
        match record {
            Ok(record) => {
                let added = builder.add(&record, source)?;
                report.count(&record, added);
            }
            Err(reason) => report.problems.push(Problem { file, reason }),
        }
    }
    Ok(())
}

/// The records an OSV export's `modified_id.csv` lists (`<modified>,<id>` lines, or `<modified>,<ecosystem>/<id>`
/// as in the bucket's root) modified at or after `since`. A line that is not such a pair is an
/// error: the list cannot be trusted to be complete.
pub fn modified_since(
    csv: &[u8],
    since: jiff::Timestamp,
) -> Result<Vec<(jiff::Timestamp, String)>, String> {
    let text = std::str::from_utf8(csv).map_err(|error| format!("not UTF-8: {error}"))?;
    let mut changed = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let parsed = line.split_once(',').and_then(|(modified, id)| {
            let modified: jiff::Timestamp = modified.trim().parse().ok()?;
            let id = id.trim();
            let id = id.split_once('/').map_or(id, |(_, id)| id);
            // A plain file name: it becomes `<ecosystem>/<id>.json` in a download address.
            let plain = id.starts_with(|character: char| character.is_ascii_alphanumeric())
                && id.chars().all(|character| {
                    character.is_ascii_alphanumeric() || "-_.:".contains(character)
                });
            plain.then(|| (modified, id.to_owned()))
        });
        let Some((modified, id)) = parsed else {
            return Err(format!(
                "line {}: `{line}` is not `<modified>,<id>`",
                number + 1
            ));
        };
        if modified >= since {
            changed.push((modified, id));
        }
    }
    Ok(changed)
}

/// The commit checked out in `dir`, when it is a git checkout.
fn git_revision(dir: &Path) -> Option<String> {
    let dot_git = dir.join(".git");
    // A worktree or submodule has a `.git` file naming the real directory.
    let git_dir = if dot_git.is_file() {
        let text = fs::read_to_string(&dot_git).ok()?;
        let target = text.trim().strip_prefix("gitdir:")?.trim();
        dir.join(target)
    } else if dot_git.is_dir() {
        dot_git
    } else {
        return None;
    };
    let head = fs::read_to_string(git_dir.join("HEAD")).ok()?;
    let head = head.trim();
    let Some(reference) = head.strip_prefix("ref:").map(str::trim) else {
        return Some(head.to_owned());
    };
    if let Ok(commit) = fs::read_to_string(git_dir.join(reference)) {
        return Some(commit.trim().to_owned());
    }
    // A packed reference: `<commit> <ref>` lines; worktrees share the main repository's.
    let common = fs::read_to_string(git_dir.join("commondir"))
        .map_or_else(|_| git_dir.clone(), |common| git_dir.join(common.trim()));
    let packed = fs::read_to_string(common.join("packed-refs")).ok()?;
    packed.lines().find_map(|line| {
        let (commit, name) = line.split_once(' ')?;
        (name == reference).then(|| commit.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_read_from_either_layout() {
        let csv = b"2024-05-02T00:00:00Z,GHSA-aaaa-bbbb-cccc\n2024-05-01T12:00:00.5Z,PyPI/PYSEC-2024-1\n2024-04-30T00:00:00Z,PYSEC-2020-9\n";
        let since: jiff::Timestamp = "2024-05-01T12:00:00.5Z".parse().unwrap();
        let changed: Vec<String> = modified_since(csv, since)
            .unwrap()
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        assert_eq!(changed, ["GHSA-aaaa-bbbb-cccc", "PYSEC-2024-1"]);
    }

    #[test]
    fn a_malformed_change_list_is_refused() {
        let since: jiff::Timestamp = "2024-01-01T00:00:00Z".parse().unwrap();
        for csv in [
            &b"yesterday,GHSA-1\n"[..],
            b"2024-05-02T00:00:00Z\n",
            b"2024-05-02T00:00:00Z,../../etc/passwd\n",
            b"2024-05-02T00:00:00Z,\n",
            b"2024-05-02T00:00:00Z,..\n",
            b"\xff\n",
        ] {
            assert!(modified_since(csv, since).is_err(), "{csv:?}");
        }
    }
}
