//! Writing files so that they survive a crash: each is written beside its final name, synced,
//! and renamed into place, so a reader sees the old file or the new one, never a torn one; then
//! the directories that changed are synced, so the names survive too.

use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Files written and directories to sync before anything written is durable.
#[derive(Debug, Default)]
pub struct Batch {
    directories: BTreeSet<PathBuf>,
}

impl Batch {
    /// Writes `bytes` to `path` atomically and syncs the file; its directory (and any directory
    /// made for it) is synced by [`Batch::sync`].
    pub fn write(&mut self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let directory = parent(path);
        self.make_directories(&directory)?;
        let mut temporary = path.as_os_str().to_owned();
        temporary.push(".tmp");
        let temporary = PathBuf::from(temporary);
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_data()?;
        drop(file);
        fs::rename(&temporary, path)?;
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

    /// Syncs every directory whose entries changed, deepest first.
    pub fn sync(&mut self) -> std::io::Result<()> {
        for directory in std::mem::take(&mut self.directories).iter().rev() {
            File::open(directory)?.sync_all()?;
        }
        Ok(())
    }
}

/// The directory holding `path`: `.` for a bare name.
fn parent(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}
