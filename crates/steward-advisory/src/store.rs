//! The advisory database on disk: immutable snapshots and the pointer to the current one.
//!
//! A database is a directory:
//!
//! ```text
//! current                      the file name of the current snapshot (replaced atomically)
//! lock                         held while a new snapshot is built
//! snapshots/<digest>.sqlite    immutable snapshots, named by their content digest
//! snapshots/.building-*.sqlite a snapshot being built (removed when the build ends)
//! ```
//!
//! A snapshot is one SQLite file. Each record is stored once, as its canonical JSON, with an
//! index from (ecosystem, normalized package name) to the records that affect the package, so a
//! scan reads only the records of the packages present and opening a snapshot parses nothing.
//! Its digest is the SHA-256 over every record's id and SHA-256, in id order: two snapshots
//! with the same records have the same digest, however and in whatever order they were imported.
//!
//! A new snapshot is built beside the current one (a copy of it, then the new records), written
//! to disk and only then made current by renaming the pointer: an import or update that fails,
//! is killed or runs out of disk leaves the previous snapshot current and whole. The previous
//! snapshot is kept after a change, older ones are removed.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use sha2::{Digest, Sha256};
use steward_purl::{EcosystemName, normalize_name};

use steward_osv::record::{self, Advisory, Record};
use steward_osv::{SnapshotInfo, SourceInfo};

mod verify;

pub use verify::Verification;

/// The layout of snapshot files; a snapshot of another layout is refused, not misread.
pub const SNAPSHOT_SCHEMA: &str = "steward-advisories/1";

const CURRENT: &str = "current";
const LOCK: &str = "lock";
const SNAPSHOTS: &str = "snapshots";
const BUILDING_PREFIX: &str = ".building-";

/// Why the database could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A file of the database could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// The snapshot file could not be read or written as SQLite.
    #[error("{path}: {source}")]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// The error.
        #[source]
        source: rusqlite::Error,
    },
    /// A record no longer matches the hash the snapshot was built with: the file was changed
    /// afterwards.
    #[error(
        "{path}: record {id} does not match the hash it was stored with; the snapshot was changed after it was built (`steward db verify` checks them all)"
    )]
    Tampered {
        /// The file.
        path: PathBuf,
        /// The record's id.
        id: String,
    },
    /// The snapshot is not one this steward can read.
    #[error("{path}: {reason}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
}

impl StoreError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    fn sqlite(path: &Path) -> impl FnOnce(rusqlite::Error) -> Self + '_ {
        move |source| Self::Sqlite {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// A database directory.
#[derive(Clone, Debug)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The database in `dir` (which need not exist yet).
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// The directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The current snapshot, or `None` when the database has none yet.
    pub fn open(&self) -> Result<Option<Snapshot>, StoreError> {
        let pointer = self.dir.join(CURRENT);
        let name = match fs::read_to_string(&pointer) {
            Ok(name) => name.trim().to_owned(),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(StoreError::io(&pointer, error)),
        };
        if name.is_empty() || name.contains(['/', '\\']) {
            return Err(StoreError::Unreadable {
                path: pointer,
                reason: format!("`{name}` does not name a snapshot"),
            });
        }
        Snapshot::open(&self.dir.join(SNAPSHOTS).join(name)).map(Some)
    }

    /// Starts building a new snapshot from the current one. Only one build runs at a time: while
    /// another holds the lock, `waiting` is called once and the build waits for it.
    pub fn build(&self, waiting: impl FnOnce()) -> Result<Builder, StoreError> {
        let snapshots = self.dir.join(SNAPSHOTS);
        fs::create_dir_all(&snapshots).map_err(|error| StoreError::io(&snapshots, error))?;
        let lock_path = self.dir.join(LOCK);
        let lock = File::create(&lock_path).map_err(|error| StoreError::io(&lock_path, error))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                waiting();
                lock.lock()
                    .map_err(|error| StoreError::io(&lock_path, error))?;
            }
            Err(std::fs::TryLockError::Error(error)) => {
                return Err(StoreError::io(&lock_path, error));
            }
        }
        // A build that was killed leaves its file behind; nothing else can be using it now.
        remove_leftovers(&snapshots)?;
        let path = snapshots.join(format!("{BUILDING_PREFIX}{}.sqlite", std::process::id()));
        let current = self.open()?;
        if let Some(current) = &current {
            fs::copy(&current.path, &path).map_err(|error| StoreError::io(&path, error))?;
        }
        Builder::start(
            self.clone(),
            lock,
            path,
            current.map(|current| current.info),
        )
    }

    /// Makes the snapshot at `path` (inside `snapshots/`) current, keeping `previous` and
    /// removing older ones.
    fn make_current(&self, file_name: &str, previous: Option<&str>) -> Result<(), StoreError> {
        let pointer = self.dir.join(CURRENT);
        let staged = self.dir.join(format!("{CURRENT}.new"));
        let mut file = File::create(&staged).map_err(|error| StoreError::io(&staged, error))?;
        file.write_all(format!("{file_name}\n").as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|error| StoreError::io(&staged, error))?;
        fs::rename(&staged, &pointer).map_err(|error| StoreError::io(&pointer, error))?;
        sync_directory(&self.dir);
        let snapshots = self.dir.join(SNAPSHOTS);
        let entries =
            fs::read_dir(&snapshots).map_err(|error| StoreError::io(&snapshots, error))?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name != file_name
                && Some(name.as_ref()) != previous
                && !name.starts_with(BUILDING_PREFIX)
                && name.ends_with(".sqlite")
            {
                // Best effort: an old snapshot left behind costs only space.
                let _ = fs::remove_file(entry.path());
            }
        }
        Ok(())
    }
}

/// A path as a `file:` URI path: `%`, `?` and `#` escaped.
fn percent_encode_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for character in path.chars() {
        match character {
            '%' => encoded.push_str("%25"),
            '?' => encoded.push_str("%3f"),
            '#' => encoded.push_str("%23"),
            other => encoded.push(other),
        }
    }
    encoded
}

fn remove_leftovers(snapshots: &Path) -> Result<(), StoreError> {
    let entries = fs::read_dir(snapshots).map_err(|error| StoreError::io(snapshots, error))?;
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(BUILDING_PREFIX)
        {
            fs::remove_file(entry.path()).map_err(|error| StoreError::io(&entry.path(), error))?;
        }
    }
    Ok(())
}

/// Makes a rename in `dir` durable where directories can be opened for syncing; elsewhere the
/// rename stands as the file system keeps it.
fn sync_directory(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// An open snapshot.
#[derive(Debug)]
pub struct Snapshot {
    connection: Connection,
    path: PathBuf,
    info: SnapshotInfo,
}

impl Snapshot {
    /// Opens a snapshot file read-only. Only its description is read.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Unreadable {
                path: path.to_path_buf(),
                reason: "the snapshot file is missing".to_owned(),
            });
        }
        // A snapshot never changes once made: SQLite need not lock it or look for changes, and
        // reads it through a memory map.
        let uri = format!(
            "file:{}?immutable=1",
            percent_encode_path(&path.to_string_lossy())
        );
        let connection = Connection::open_with_flags(
            uri,
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
                | OpenFlags::SQLITE_OPEN_URI,
        )
        .and_then(|connection| {
            connection.execute_batch("PRAGMA mmap_size = 4294967296;")?;
            Ok(connection)
        })
        .map_err(StoreError::sqlite(path))?;
        let meta = |key: &str| -> Result<Option<String>, StoreError> {
            connection
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                    row.get(0)
                })
                .optional()
                .map_err(StoreError::sqlite(path))
        };
        let schema = meta("schema")?;
        if schema.as_deref() != Some(SNAPSHOT_SCHEMA) {
            return Err(StoreError::Unreadable {
                path: path.to_path_buf(),
                reason: format!(
                    "a snapshot of layout `{}`, not `{SNAPSHOT_SCHEMA}`; run `steward db update` or `steward db import` again",
                    schema.unwrap_or_default()
                ),
            });
        }
        let info = meta("info")?.unwrap_or_default();
        let info: SnapshotInfo =
            serde_json::from_str(&info).map_err(|error| StoreError::Unreadable {
                path: path.to_path_buf(),
                reason: format!("its description cannot be read: {error}"),
            })?;
        Ok(Self {
            connection,
            path: path.to_path_buf(),
            info,
        })
    }

    /// What the snapshot is.
    pub fn info(&self) -> &SnapshotInfo {
        &self.info
    }

    /// The records naming a package of `ecosystem` (base name, as OSV spells it) with this
    /// normalized name, withdrawn ones included, in id order.
    pub fn advisories_of(
        &self,
        ecosystem: &str,
        normalized_name: &str,
    ) -> Result<Vec<Advisory>, StoreError> {
        let sqlite = StoreError::sqlite(&self.path);
        let ids: Vec<String> = self
            .connection
            .prepare_cached("SELECT id FROM affected WHERE ecosystem = ?1 AND name = ?2")
            .and_then(|mut statement| {
                statement
                    .query_map(params![ecosystem, normalized_name], |row| row.get(0))?
                    .collect()
            })
            .map_err(sqlite)?;
        ids.iter()
            .filter_map(|id| self.advisory(id).transpose())
            .collect()
    }

    /// One record by id.
    ///
    /// The record is checked against the hash it was stored with, and must carry the id it is
    /// stored under: a snapshot edited in place is refused, not reported under its old name.
    pub fn advisory(&self, id: &str) -> Result<Option<Advisory>, StoreError> {
        let row: Option<(Vec<u8>, Vec<u8>)> = self
            .connection
            .prepare_cached("SELECT record, sha256 FROM advisory WHERE id = ?1")
            .and_then(|mut statement| {
                statement.query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
            })
            .optional()
            .map_err(StoreError::sqlite(&self.path))?;
        let Some((bytes, sha256)) = row else {
            return Ok(None);
        };
        let tampered = || StoreError::Tampered {
            path: self.path.clone(),
            id: id.to_owned(),
        };
        if Sha256::digest(&bytes)[..] != sha256[..] {
            return Err(tampered());
        }
        let advisory = record::from_canonical(&bytes).map_err(|error| StoreError::Unreadable {
            path: self.path.clone(),
            reason: format!("record {id} is damaged: {error}"),
        })?;
        if advisory.id != id {
            return Err(tampered());
        }
        Ok(Some(advisory))
    }
}

/// What adding a record did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Added {
    /// A record with a new id.
    New,
    /// It replaced an older version of the record.
    Updated,
    /// The snapshot already held this record, or a newer version of it.
    Unchanged,
}

/// A snapshot being built. Dropped without [`Builder::commit`], it leaves no trace.
#[derive(Debug)]
pub struct Builder {
    store: Store,
    _lock: File,
    path: PathBuf,
    connection: Option<Connection>,
    previous: Option<SnapshotInfo>,
    sources: BTreeMap<String, SourceInfo>,
}

impl Builder {
    fn start(
        store: Store,
        lock: File,
        path: PathBuf,
        previous: Option<SnapshotInfo>,
    ) -> Result<Self, StoreError> {
        let connection = Connection::open(&path).map_err(StoreError::sqlite(&path))?;
        // The file is thrown away unless the build completes, so it needs no journal until
        // it is finished and synced.
        connection
            .execute_batch(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;
                 CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
                 CREATE TABLE IF NOT EXISTS advisory (
                     id TEXT PRIMARY KEY, modified TEXT NOT NULL, withdrawn INTEGER NOT NULL,
                     source TEXT NOT NULL, sha256 BLOB NOT NULL, record BLOB NOT NULL);
                 CREATE TABLE IF NOT EXISTS affected (
                     ecosystem TEXT NOT NULL, name TEXT NOT NULL, id TEXT NOT NULL,
                     PRIMARY KEY (ecosystem, name, id)) WITHOUT ROWID;
                 CREATE INDEX IF NOT EXISTS affected_by_id ON affected (id);
                 BEGIN;",
            )
            .map_err(StoreError::sqlite(&path))?;
        let sources = previous
            .iter()
            .flat_map(|info| info.sources.iter())
            .map(|source| (source.name.clone(), source.clone()))
            .collect();
        Ok(Self {
            store,
            _lock: lock,
            path,
            connection: Some(connection),
            previous,
            sources,
        })
    }

    fn connection(&self) -> &Connection {
        self.connection
            .as_ref()
            .unwrap_or_else(|| unreachable!("the connection lives until commit"))
    }

    /// Adds a record from `source`. A record whose id is already present replaces it only when
    /// it was modified later (or, modified at the same time, differs and comes from the same
    /// source), so importing the same data twice, or older data, changes nothing.
    pub fn add(&mut self, record: &Record, source: &str) -> Result<Added, StoreError> {
        let advisory = &record.advisory;
        let connection = self.connection();
        let existing: Option<(String, Vec<u8>, String)> = connection
            .prepare_cached("SELECT modified, sha256, source FROM advisory WHERE id = ?1")
            .and_then(|mut statement| {
                statement
                    .query_row([&advisory.id], |row| {
                        Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                    })
                    .optional()
            })
            .map_err(StoreError::sqlite(&self.path))?;
        let added = match &existing {
            None => Added::New,
            Some((_, sha256, _)) if sha256[..] == record.sha256[..] => return Ok(Added::Unchanged),
            Some((modified, _, existing_source)) => {
                let newer = newer_than(&advisory.modified, modified);
                if newer == Some(true) || (newer.is_none() && existing_source == source) {
                    Added::Updated
                } else {
                    return Ok(Added::Unchanged);
                }
            }
        };
        let sqlite = StoreError::sqlite(&self.path);
        let result = (|| {
            if added == Added::Updated {
                connection
                    .prepare_cached("DELETE FROM affected WHERE id = ?1")?
                    .execute([&advisory.id])?;
            }
            connection
                .prepare_cached(
                    "INSERT OR REPLACE INTO advisory (id, modified, withdrawn, source, sha256, record) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )?
                .execute(params![
                    advisory.id,
                    advisory.modified,
                    advisory.withdrawn.is_some(),
                    source,
                    &record.sha256[..],
                    record.canonical,
                ])?;
            let mut insert = connection.prepare_cached(
                "INSERT OR IGNORE INTO affected (ecosystem, name, id) VALUES (?1, ?2, ?3)",
            )?;
            for (ecosystem, name) in index_keys(advisory) {
                insert.execute(params![ecosystem, name, advisory.id])?;
            }
            Ok(())
        })();
        result.map_err(sqlite)?;
        Ok(added)
    }

    /// The sources read so far: the previous snapshot's and those recorded since.
    pub fn sources(&self) -> impl Iterator<Item = &SourceInfo> {
        self.sources.values()
    }

    /// Records that `source` was read.
    pub fn record_source(&mut self, source: SourceInfo) {
        self.sources.insert(source.name.clone(), source);
    }

    /// Finishes the snapshot, writes it to disk and makes it current. Returns its description,
    /// and whether its records differ from the previous snapshot's.
    pub fn commit(mut self, created: jiff::Timestamp) -> Result<(SnapshotInfo, bool), StoreError> {
        let path = self.path.clone();
        let sqlite = StoreError::sqlite(&path);
        let connection = self
            .connection
            .take()
            .unwrap_or_else(|| unreachable!("commit runs once"));
        let (digest, records, withdrawn) =
            digest(&connection).map_err(StoreError::sqlite(&path))?;
        let ecosystems = count_ecosystems(&connection).map_err(StoreError::sqlite(&path))?;
        let changed = self
            .previous
            .as_ref()
            .is_none_or(|previous| previous.digest != digest);
        let info = SnapshotInfo {
            digest: digest.clone(),
            created: if changed {
                created.to_string()
            } else {
                self.previous
                    .as_ref()
                    .map_or_else(|| created.to_string(), |previous| previous.created.clone())
            },
            records,
            withdrawn,
            ecosystems,
            sources: self.sources.values().cloned().collect(),
        };
        let info_json = serde_json::to_string(&info).map_err(|error| StoreError::Unreadable {
            path: path.clone(),
            reason: error.to_string(),
        })?;
        connection
            .execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema', ?1), ('info', ?2)",
                params![SNAPSHOT_SCHEMA, info_json],
            )
            .and_then(|_| connection.execute_batch("COMMIT;"))
            .map_err(sqlite)?;
        connection
            .close()
            .map_err(|(_, error)| StoreError::sqlite(&path)(error))?;
        File::open(&path)
            .and_then(|file| file.sync_all())
            .map_err(|error| StoreError::io(&path, error))?;
        let file_name = format!("{}.sqlite", digest.trim_start_matches("sha256:"));
        let snapshots = self.store.dir.join(SNAPSHOTS);
        let target = snapshots.join(&file_name);
        fs::rename(&path, &target).map_err(|error| StoreError::io(&target, error))?;
        let previous = self
            .previous
            .as_ref()
            .map(|previous| format!("{}.sqlite", previous.digest.trim_start_matches("sha256:")));
        self.store.make_current(&file_name, previous.as_deref())?;
        Ok((info, changed))
    }
}

impl Drop for Builder {
    /// A build that did not become a snapshot — dropped, or failed anywhere in `commit`, as on
    /// a full disk — removes its file and SQLite's journal, so the disk is not left full. After
    /// a commit the file was renamed away and nothing is left to remove.
    fn drop(&mut self) {
        drop(self.connection.take());
        let _ = fs::remove_file(&self.path);
        let mut journal = self.path.clone().into_os_string();
        journal.push("-journal");
        let _ = fs::remove_file(journal);
    }
}

/// Whether `modified` is later than `existing`, when both are RFC 3339 times; `None` when they
/// are the same time or either cannot be read.
fn newer_than(modified: &str, existing: &str) -> Option<bool> {
    let modified: jiff::Timestamp = modified.parse().ok()?;
    let existing: jiff::Timestamp = existing.parse().ok()?;
    (modified != existing).then_some(modified > existing)
}

/// The (ecosystem base name, normalized name) pairs a record is found under.
fn index_keys(advisory: &Advisory) -> Vec<(String, String)> {
    let mut keys: Vec<(String, String)> = advisory
        .affected
        .iter()
        .filter_map(|affected| affected.package.as_ref())
        .map(|package| {
            let base = package
                .ecosystem
                .split_once(':')
                .map_or(package.ecosystem.as_str(), |(base, _)| base);
            let name = normalize_name(&EcosystemName::parse(base), &package.name);
            (base.to_owned(), name.into_owned())
        })
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

fn digest(connection: &Connection) -> Result<(String, u64, u64), rusqlite::Error> {
    let mut hasher = Sha256::new();
    let mut records = 0;
    let mut withdrawn = 0;
    let mut statement =
        connection.prepare("SELECT id, sha256, withdrawn FROM advisory ORDER BY id")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let id: String = row.get(0)?;
        let sha256: Vec<u8> = row.get(1)?;
        hasher.update(id.as_bytes());
        hasher.update([0]);
        hasher.update(&sha256);
        records += 1;
        if row.get::<_, bool>(2)? {
            withdrawn += 1;
        }
    }
    Ok((snapshot_digest(hasher), records, withdrawn))
}

/// A snapshot's digest, `sha256:<hex>`, from the hasher fed each record's id, a NUL and its
/// hash, in id order.
fn snapshot_digest(hasher: Sha256) -> String {
    let digest: [u8; 32] = hasher.finalize().into();
    let hex = digest.iter().fold(String::new(), |mut hex, byte| {
        let _ = std::fmt::Write::write_fmt(&mut hex, format_args!("{byte:02x}"));
        hex
    });
    format!("sha256:{hex}")
}

fn count_ecosystems(connection: &Connection) -> Result<BTreeMap<String, u64>, rusqlite::Error> {
    let mut statement = connection
        .prepare("SELECT ecosystem, COUNT(DISTINCT id) FROM affected GROUP BY ecosystem")?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get(0)?,
            u64::try_from(row.get::<_, i64>(1)?).unwrap_or(0),
        ))
    })?;
    rows.collect()
}
