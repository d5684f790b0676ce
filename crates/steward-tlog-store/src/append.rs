//! Appending entries durably. Under the log's lock, a batch of entries is added to the edge of
//! the tree of the current checkpoint; every tile and bundle it changes is written and synced,
//! then the new checkpoint is kept and published, and only then are the entries' indexes
//! answered. A crash before that leaves tiles beyond the checkpoint, which the next append
//! rewrites; the log is always what its checkpoint says.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use sha2::{Digest as _, Sha256};
use steward_tlog::checkpoint;
use steward_tlog::edge::Edge;
use steward_tlog::signer::NoteSigner;
use steward_tlog::tile::{TILE_WIDTH, TileId};

use crate::durable::Batch;
use crate::store::{LogDir, StoreError, io_error};

/// Where an entry went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    pub index: u64,
    /// The entry was already in the log (deduplicating), at `index`.
    pub duplicate: bool,
}

/// A digest record: the entry's SHA-256, then its index (big-endian).
const DIGEST_RECORD: usize = 40;

/// Appends to one log, holding what it learnt between batches.
#[derive(Debug)]
pub struct Appender {
    log: LogDir,
    signer: NoteSigner,
    /// Entry digests and their indexes, valid for the tree of `digests_size` entries.
    digests: HashMap<[u8; 32], u64>,
    digests_size: Option<u64>,
}

impl Appender {
    /// An appender signing with `signer`, which must be the log's key.
    pub fn new(log: LogDir, signer: NoteSigner) -> Result<Self, StoreError> {
        if log.verifier().as_str() != signer.verifier_key() {
            return Err(StoreError::WrongKey {
                expected: log.verifier().as_str().to_owned(),
                found: signer.verifier_key(),
            });
        }
        Ok(Self {
            log,
            signer,
            digests: HashMap::new(),
            digests_size: None,
        })
    }

    pub fn log(&self) -> &LogDir {
        &self.log
    }

    /// Appends `entries` as one batch and answers where each went, once all are durable.
    pub fn append(&mut self, entries: &[Vec<u8>]) -> Result<Vec<Appended>, StoreError> {
        let lock = self.log.lock()?;
        let appended = self.append_locked(entries);
        if appended.is_err() {
            self.digests_size = None;
        }
        drop(lock);
        appended
    }

    fn append_locked(&mut self, entries: &[Vec<u8>]) -> Result<Vec<Appended>, StoreError> {
        let (note, current) = self.log.checkpoint()?;
        self.log.keep_checkpoint(&mut Batch::default(), &note)?;
        let mut edge = self.read_edge(current.size)?;
        // Never sign a tree grown from tiles that are not the checkpoint's.
        if edge.root() != current.root {
            return Err(StoreError::EdgeNotCheckpoint { size: current.size });
        }
        let deduplicate = self.log.config().deduplicate;
        if deduplicate {
            self.load_digests(current.size)?;
        }
        let mut answers = Vec::with_capacity(entries.len());
        let mut new_digests = Vec::new();
        for entry in entries {
            let digest: [u8; 32] = Sha256::digest(entry).into();
            if deduplicate && let Some(index) = self.digests.get(&digest) {
                answers.push(Appended {
                    index: *index,
                    duplicate: true,
                });
                continue;
            }
            let index = edge.size();
            edge.append(entry).map_err(|source| StoreError::Tile {
                path: format!("entry {index}"),
                source,
            })?;
            if deduplicate {
                self.digests.insert(digest, index);
                new_digests.extend_from_slice(&digest);
                new_digests.extend_from_slice(&index.to_be_bytes());
            }
            answers.push(Appended {
                index,
                duplicate: false,
            });
        }
        if edge.size() > current.size {
            self.commit(&mut edge, &new_digests)?;
        }
        self.digests_size = deduplicate.then_some(edge.size());
        Ok(answers)
    }

    fn read_edge(&self, size: u64) -> Result<Edge, StoreError> {
        let tiles = Edge::partial_tiles(size)
            .into_iter()
            .map(|id| self.log.tile(id))
            .collect::<Result<Vec<_>, _>>()?;
        Edge::from_tiles(size, &tiles).map_err(|source| StoreError::Tile {
            path: self.log.root().join("tile").display().to_string(),
            source,
        })
    }

    /// Writes the changed tiles, the digests and the new checkpoint, durably, in that order.
    fn commit(&self, edge: &mut Edge, new_digests: &[u8]) -> Result<(), StoreError> {
        let mut batch = Batch::default();
        let changes = edge.take_changes();
        for (id, bytes) in &changes {
            let path = self.log.root().join(id.path());
            batch
                .write(&path, bytes)
                .map_err(|error| io_error(&path, &error))?;
        }
        if !new_digests.is_empty() {
            let path = self.log.root().join(".steward").join("digests");
            batch
                .append(&path, new_digests)
                .map_err(|error| io_error(&path, &error))?;
        }
        batch
            .sync()
            .map_err(|error| io_error(self.log.root(), &error))?;
        let text = checkpoint::text(&self.log.config().origin, edge.size(), &edge.root()).map_err(
            |source| StoreError::Checkpoint {
                path: "the new checkpoint".to_owned(),
                source,
            },
        )?;
        let note = self.signer.sign(&text)?;
        self.log.publish_checkpoint(&mut batch, &note)?;
        remove_superseded_partials(self.log.root(), &changes);
        Ok(())
    }

    /// Reads the digests of the entries in the tree of `size` entries, unless already known.
    /// Record `i` is entry `i`'s: records a crash left beyond the checkpoint are cut off, and
    /// records missing (a log that did not deduplicate before) are made from the entries.
    fn load_digests(&mut self, size: u64) -> Result<(), StoreError> {
        if self.digests_size == Some(size) {
            return Ok(());
        }
        self.digests_size = None;
        let path = self.log.root().join(".steward").join("digests");
        let mut bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(error) => return Err(io_error(&path, &error)),
        };
        let wanted = usize::try_from(size)
            .unwrap_or(usize::MAX)
            .saturating_mul(DIGEST_RECORD);
        let kept = bytes.len().min(wanted) / DIGEST_RECORD * DIGEST_RECORD;
        let mut rewrite = bytes.len() != kept;
        bytes.truncate(kept);
        let mut index = (kept / DIGEST_RECORD) as u64;
        while index < size {
            let bundle = index / TILE_WIDTH;
            for entry in self
                .log
                .bundle(bundle, size)?
                .iter()
                .skip(usize::try_from(index % TILE_WIDTH).unwrap_or(0))
            {
                bytes.extend_from_slice(&Sha256::digest(entry));
                bytes.extend_from_slice(&index.to_be_bytes());
                index += 1;
            }
            rewrite = true;
        }
        self.digests.clear();
        for (position, record) in bytes.chunks_exact(DIGEST_RECORD).enumerate() {
            let (digest, index) = record.split_at(32);
            let index = u64::from_be_bytes(index.try_into().unwrap_or_default());
            if index != position as u64 {
                return Err(StoreError::Io {
                    path: path.display().to_string(),
                    reason: format!("record {position} names entry {index}"),
                });
            }
            self.digests
                .entry(digest.try_into().unwrap_or_default())
                .or_insert(index);
        }
        if rewrite {
            let mut batch = Batch::default();
            batch
                .write(&path, &bytes)
                .map_err(|error| io_error(&path, &error))?;
            batch.sync().map_err(|error| io_error(&path, &error))?;
        }
        self.digests_size = Some(size);
        Ok(())
    }
}

/// Once a tile is full, its partial versions are no longer needed (C2SP tlog-tiles allows
/// deleting them); a failure to delete leaves them, which is harmless.
fn remove_superseded_partials(root: &Path, changes: &[(TileId, Vec<u8>)]) {
    for (id, _) in changes.iter().filter(|(id, _)| id.is_full()) {
        let partials = root.join(format!("{}.p", id.path()));
        _ = fs::remove_dir_all(partials);
    }
}
