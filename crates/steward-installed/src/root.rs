//! A root filesystem on disk (`--root DIR`): walked without following symbolic links, so
//! nothing outside it is ever read; the files a reader wants are read in parallel.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::{Condvar, Mutex};

use ignore::{WalkBuilder, WalkState};
use rayon::prelude::*;
use steward_model::Inventory;

use crate::Limits;
use crate::collect::{Collector, Read};
use crate::paths::{escapes, inside_path};

/// The most bytes of files held in memory at once while a root is read, whatever the number of
/// threads: `--root /` of a machine full of large binaries stays within it.
const MAX_BYTES_IN_FLIGHT: u64 = 256 * 1024 * 1024;

/// A budget of bytes in memory shared by the threads reading a root.
struct InFlight {
    capacity: u64,
    available: Mutex<u64>,
    freed: Condvar,
}

/// Bytes held from an [`InFlight`] budget until dropped.
struct Held<'a> {
    budget: &'a InFlight,
    bytes: u64,
}

impl InFlight {
    fn new(capacity: u64) -> Self {
        Self {
            capacity,
            available: Mutex::new(capacity),
            freed: Condvar::new(),
        }
    }

    /// Waits until `size` bytes (at most the whole budget) are free, and holds them.
    fn hold(&self, size: u64) -> Held<'_> {
        let bytes = size.min(self.capacity);
        let mut available = self
            .available
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while *available < bytes {
            available = self
                .freed
                .wait(available)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *available -= bytes;
        Held {
            budget: self,
            bytes,
        }
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut available = self
            .budget
            .available
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *available += self.bytes;
        self.budget.freed.notify_all();
    }
}

/// Pseudo-filesystems of a live system, skipped when the root is `/`.
const VIRTUAL: &[&str] = &["/proc", "/sys", "/dev", "/run"];

/// The inventory of the root filesystem at `root`.
pub fn inventory_root(root: &Path, limits: &Limits) -> Inventory {
    let shown = root.to_string_lossy().replace('\\', "/");
    let mut collector = Collector::new(&shown, &shown, *limits);
    if !root.is_dir() {
        collector.skip(format!("`{shown}` is not a directory"));
        return collector.finish("root-filesystem");
    }
    let (wanted, notes) = walk(root);
    for note in notes {
        collector.skip(note);
    }
    let in_flight = InFlight::new(MAX_BYTES_IN_FLIGHT);
    let reads: Vec<Vec<Read>> = wanted
        .par_iter()
        .map(|(inside, executable, size)| {
            if *size > limits.max_file_bytes {
                return vec![Read::Refused(format!(
                    "`{inside}` is {size} bytes, more than the limit of {} bytes; not read",
                    limits.max_file_bytes
                ))];
            }
            // Files are read whole; however many threads read, the bytes held at once stay
            // under the budget (a file larger than it is read alone).
            let _held = in_flight.hold(*size);
            match steward_fs::read_file(
                &root.join(inside.trim_start_matches('/')),
                limits.max_file_bytes,
            ) {
                Ok(bytes) => collector.read(inside, &bytes, *executable, None),
                Err(error) => vec![Read::Refused(format!("`{inside}`: {error}"))],
            }
        })
        .collect();
    for read in reads {
        collector.insert(read);
    }
    collector.finish("root-filesystem")
}

/// The files under `root` that some reader wants (absolute path inside the root, whether
/// executable, size), sorted; and notes on symbolic links that point outside the root.
fn walk(root: &Path) -> (Vec<(String, bool, u64)>, Vec<String>) {
    let found = Mutex::new((Vec::new(), Vec::new()));
    let is_live_root = root == Path::new("/");
    let mut builder = WalkBuilder::new(root);
    builder
        .standard_filters(false)
        .follow_links(false)
        .max_filesize(None);
    if is_live_root {
        builder.filter_entry(|entry| !VIRTUAL.contains(&entry.path().to_string_lossy().as_ref()));
    }
    builder.build_parallel().run(|| {
        let found = &found;
        Box::new(move |entry| {
            let Ok(entry) = entry else {
                return WalkState::Continue;
            };
            let Some(inside) = entry
                .path()
                .strip_prefix(root)
                .ok()
                .map(|relative| inside_path(&relative.to_string_lossy()))
            else {
                return WalkState::Continue;
            };
            let Some(kind) = entry.file_type() else {
                return WalkState::Continue;
            };
            if kind.is_symlink() {
                if let Ok(target) = std::fs::read_link(entry.path())
                    && escapes(&inside, &target.to_string_lossy())
                    && let Ok(mut found) = found.lock()
                {
                    found.1.push(format!(
                        "`{inside}` is a symbolic link to `{}`, outside the root; not followed",
                        target.display()
                    ));
                }
            } else if kind.is_file()
                && let Ok(metadata) = entry.metadata()
            {
                let executable = metadata.permissions().mode() & 0o111 != 0;
                if Collector::wants(&inside, executable)
                    && let Ok(mut found) = found.lock()
                {
                    found.0.push((inside, executable, metadata.len()));
                }
            }
            WalkState::Continue
        })
    });
    let (mut wanted, mut notes) = found.into_inner().unwrap_or_default();
    wanted.sort();
    notes.sort();
    (wanted, notes)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, Ordering};

    use rayon::prelude::*;

    use super::InFlight;

    #[test]
    fn threads_never_hold_more_than_the_budget() {
        let budget = InFlight::new(100);
        let (held, most) = (AtomicU64::new(0), AtomicU64::new(0));
        (0..200u64).into_par_iter().for_each(|file| {
            // Sizes from 1 to 150: the largest ones are held alone, capped at the budget.
            let size = file % 150 + 1;
            let _guard = budget.hold(size);
            let now = held.fetch_add(size.min(100), Ordering::SeqCst) + size.min(100);
            most.fetch_max(now, Ordering::SeqCst);
            std::thread::yield_now();
            held.fetch_sub(size.min(100), Ordering::SeqCst);
        });
        assert!(most.load(Ordering::SeqCst) <= 100);
        assert!(most.load(Ordering::SeqCst) > 0);
    }
}
