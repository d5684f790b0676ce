//! Writing files so that they survive a crash: each is written beside its final name, synced,
//! and renamed into place, so a reader sees the old file or the new one, never a torn one; then
//! the directories that changed are synced, so the names survive too. The files of a batch are
//! synced at once, each on its own thread, and so are the directories: a batch costs about
//! three sync round trips, however many files it has.

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The most syncs waited for at once.
const SYNC_THREADS: usize = 64;

/// Files written and directories to sync before anything written is durable.
#[derive(Debug, Default)]
pub struct Batch {
    /// Files written beside their names, not yet synced and renamed: (file, beside, name).
    pending: Vec<(File, PathBuf, PathBuf)>,
    directories: BTreeSet<PathBuf>,
}

impl Batch {
    /// Writes `bytes` beside `path`; [`Batch::sync`] syncs it and renames it into place.
    pub fn write(&mut self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let directory = parent(path);
        self.make_directories(&directory)?;
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(".tmp");
        let temporary = PathBuf::from(temporary);
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        self.pending.push((file, temporary, path.to_path_buf()));
        self.directories.insert(directory);
        Ok(())
    }

    /// Appends `bytes` to `path` and syncs it.
    pub fn append(&mut self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let existed = path.exists();
        let mut file = OpenOptions::new().create(true).append(true).open(path)?;
        file.write_all(bytes)?;
        file.sync_data()?;
        if !existed {
            self.directories.insert(parent(path));
        }
        Ok(())
    }

    fn make_directories(&mut self, directory: &Path) -> std::io::Result<()> {
        if directory.is_dir() {
            return Ok(());
        }
        let above = parent(directory);
        self.make_directories(&above)?;
        self.directories.insert(above);
        match fs::create_dir(directory) {
            Err(error) if error.kind() != std::io::ErrorKind::AlreadyExists => Err(error),
            _ => Ok(()),
        }
    }

    /// Syncs the files written, renames them into place, then syncs every directory whose
    /// entries changed. When it returns, everything written is durable.
    pub fn sync(&mut self) -> std::io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        in_parallel(pending.iter().map(|(file, _, _)| file), File::sync_data)?;
        for (file, temporary, path) in pending {
            drop(file);
            fs::rename(&temporary, &path)?;
        }
        let directories = std::mem::take(&mut self.directories)
            .into_iter()
            .map(File::open)
            .collect::<std::io::Result<Vec<_>>>()?;
        in_parallel(directories.iter(), File::sync_all)
    }
}

/// Runs `sync` on each file, each on its own thread (a sync mostly waits for the disk).
fn in_parallel<'a>(
    files: impl Iterator<Item = &'a File>,
    sync: fn(&File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let files: Vec<&File> = files.collect();
    if let [file] = files.as_slice() {
        return sync(file);
    }
    for group in files.chunks(SYNC_THREADS) {
        std::thread::scope(|scope| {
            let handles: Vec<_> = group
                .iter()
                .map(|file| scope.spawn(move || sync(file)))
                .collect();
            handles.into_iter().try_for_each(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|_| Err(std::io::Error::other("a sync thread panicked")))
            })
        })?;
    }
    Ok(())
}

/// The directory holding `path`: `.` for a bare name.
fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
