//! Reading one file whole, refusing anything that is not a regular file and stopping at a
//! limit counted on the bytes read.

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

/// Kernel pseudo-filesystems: their files claim a size of zero, may never end, and hold the
/// machine's secrets (`/proc/self/environ`).
const PSEUDO_FILESYSTEMS: &[&str] = &["/proc", "/sys", "/dev"];

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not a regular file: a directory, FIFO, socket or device.
    #[error("not a regular file (a {0}); not read")]
    NotRegular(&'static str),
    /// A file of the kernel's pseudo-filesystems.
    #[error("a file of the kernel's `{0}` pseudo-filesystem; not read")]
    Pseudo(&'static str),
    /// A path that leaves the scanned roots, by name or through a symbolic link.
    #[error("outside what steward was asked to read; not read")]
    Outside,
    /// More bytes than the limit.
    #[error("more than {limit} bytes, the limit for this input; not read")]
    TooLarge {
        /// The limit, in bytes.
        limit: u64,
    },
    /// The operating system's error.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

impl From<ReadError> for std::io::Error {
    fn from(error: ReadError) -> Self {
        match error {
            ReadError::Io(error) => error,
            refused => Self::other(refused),
        }
    }
}

/// The bytes of the regular file at `path` (symbolic links followed), at most `limit` of them.
///
/// The file is opened without blocking, so a FIFO that appears between the check and the
/// open cannot stall the read; its type is checked again on the open handle.
pub fn read_file(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    read_bounded(open_file(path)?, limit)
}

/// The regular file at `path` (symbolic links followed), open for reading, for a caller that
/// streams it: the same refusals as [`read_file`], without the limit.
pub fn open_file(path: &Path) -> Result<File, ReadError> {
    check_kind(std::fs::metadata(path)?.file_type())?;
    if let Ok(canonical) = path.canonicalize()
        && let Some(pseudo) = PSEUDO_FILESYSTEMS
            .iter()
            .find(|prefix| canonical.starts_with(prefix))
    {
        return Err(ReadError::Pseudo(pseudo));
    }
    let file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)?;
    check_kind(file.metadata()?.file_type())?;
    Ok(file)
}

fn read_bounded(file: File, limit: u64) -> Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(bytes)
}

fn check_kind(kind: std::fs::FileType) -> Result<(), ReadError> {
    let name = if kind.is_file() {
        return Ok(());
    } else if kind.is_dir() {
        "directory"
    } else if kind.is_fifo() {
        "FIFO"
    } else if kind.is_socket() {
        "socket"
    } else if kind.is_char_device() {
        "character device"
    } else if kind.is_block_device() {
        "block device"
    } else {
        "special file"
    };
    Err(ReadError::NotRegular(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_within_the_limit() {
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("x");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read_file(&path, 5).unwrap(), b"12345");
        assert!(matches!(
            read_file(&path, 4),
            Err(ReadError::TooLarge { limit: 4 })
        ));
    }

    #[test]
    fn refuses_devices_directories_and_proc() {
        let zero = read_file(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert!(
            matches!(zero, ReadError::NotRegular("character device")),
            "{zero}"
        );
        let directory = read_file(Path::new("/"), 10).unwrap_err();
        assert!(matches!(directory, ReadError::NotRegular("directory")));
        let environ = read_file(Path::new("/proc/self/environ"), 1 << 20).unwrap_err();
        assert!(matches!(environ, ReadError::Pseudo("/proc")), "{environ}");
    }

    #[test]
    fn refuses_a_fifo_without_blocking() {
        let directory = tempfile::tempdir().unwrap();
        let fifo = directory.path().join("fifo");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let error = read_file(&fifo, 10).unwrap_err();
        assert!(matches!(error, ReadError::NotRegular("FIFO")), "{error}");
    }
}
