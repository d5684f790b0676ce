//! Opening a log directory and reading it: the checkpoint (verified with the log's own key),
//! tiles, entry bundles and entries, the checkpoints it kept; and proofs from its tiles.

use std::fs;
use std::path::{Path, PathBuf};

use steward_tlog::checkpoint::{self, Checkpoint, CheckpointError};
use steward_tlog::consistency::ConsistencyProof;
use steward_tlog::note::VerifierKey;
use steward_tlog::proof::TlogProof;
use steward_tlog::prover::{self, ProveError, TileSource};
use steward_tlog::signer::NoteSigner;
use steward_tlog::tile::{self, TILE_WIDTH, TileError, TileId};

use crate::config::{Config, ConfigError};
use crate::durable;

/// The largest checkpoint note steward reads.
const CHECKPOINT_LIMIT: u64 = 1 << 20;

/// Why a log cannot be read, written or proved from.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Config(#[from] std::sync::Arc<ConfigError>),
    #[error("{path}: {reason}")]
    Io { path: String, reason: String },
    #[error("{path}: {source}")]
    Checkpoint {
        path: String,
        source: CheckpointError,
    },
    #[error("{path}: {source}")]
    Tile { path: String, source: TileError },
    #[error(transparent)]
    Prove(#[from] ProveError),
    #[error(
        "the partial tiles of the log's {size} entries do not hash to its checkpoint's root; \
         nothing is appended to tampered tiles (`steward log audit` names them)"
    )]
    EdgeNotCheckpoint { size: u64 },
    #[error("{0} already holds a log")]
    Exists(String),
    #[error("the signing key signs as {found:?}, but the log's verifier key is {expected}")]
    WrongKey { expected: String, found: String },
    #[error("{0}")]
    Note(#[from] steward_tlog::note::NoteProblem),
}

pub(crate) fn io_error(path: &Path, error: &std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.display().to_string(),
        reason: error.to_string(),
    }
}

/// A log directory, opened for reading.
#[derive(Debug)]
pub struct LogDir {
    root: PathBuf,
    config: Config,
    verifier: VerifierKey,
}

impl LogDir {
    /// Makes a new log in `root` (empty or absent): its settings and a signed checkpoint of
    /// the empty tree.
    pub fn init(root: &Path, config: &Config, signer: &NoteSigner) -> Result<Self, StoreError> {
        if Config::path(root).exists() || root.join("checkpoint").exists() {
            return Err(StoreError::Exists(root.display().to_string()));
        }
        let mut batch = durable::Batch::default();
        let config_text = config.to_text();
        batch
            .write(&Config::path(root), config_text.as_bytes())
            .and_then(|()| batch.sync())
            .map_err(|error| io_error(root, &error))?;
        let log = Self::open(root)?;
        if log.verifier.as_str() != signer.verifier_key() {
            return Err(StoreError::WrongKey {
                expected: log.verifier.as_str().to_owned(),
                found: signer.verifier_key(),
            });
        }
        let note = signer.sign(
            &checkpoint::text(&config.origin, 0, &tlog_tiles::EMPTY_HASH).map_err(|source| {
                StoreError::Checkpoint {
                    path: root.display().to_string(),
                    source,
                }
            })?,
        )?;
        log.publish_checkpoint(&mut batch, &note)?;
        Ok(log)
    }

    /// Opens the log in `root`.
    pub fn open(root: &Path) -> Result<Self, StoreError> {
        let config = Config::read(root).map_err(std::sync::Arc::new)?;
        let verifier =
            VerifierKey::parse(&config.verifier_key).map_err(|source| StoreError::Checkpoint {
                path: Config::path(root).display().to_string(),
                source: CheckpointError::Note(source),
            })?;
        Ok(Self {
            root: root.to_path_buf(),
            config,
            verifier,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn verifier(&self) -> &VerifierKey {
        &self.verifier
    }

    pub(crate) fn private_path(&self, name: &str) -> PathBuf {
        self.root.join(".steward").join(name)
    }

    /// The current checkpoint, verified with the log's key and origin, and its bytes.
    pub fn checkpoint(&self) -> Result<(Vec<u8>, Checkpoint), StoreError> {
        self.read_checkpoint(&self.root.join("checkpoint"))
    }

    /// A checkpoint note from `path`, verified with the log's key and origin.
    pub fn read_checkpoint(&self, path: &Path) -> Result<(Vec<u8>, Checkpoint), StoreError> {
        let bytes = read(path, CHECKPOINT_LIMIT)?;
        let checkpoint =
            self.verify_checkpoint(&bytes)
                .map_err(|source| StoreError::Checkpoint {
                    path: path.display().to_string(),
                    source,
                })?;
        Ok((bytes, checkpoint))
    }

    pub fn verify_checkpoint(&self, bytes: &[u8]) -> Result<Checkpoint, CheckpointError> {
        checkpoint::verify(bytes, &self.verifier, Some(&self.config.origin))
    }

    /// Publishes `note` as the `checkpoint`, then keeps it, durably. A crash between the two
    /// leaves it unkept, which [`LogDir::keep_checkpoint`] mends before the next append; never
    /// kept and unpublished, which would be a root the log never had.
    pub(crate) fn publish_checkpoint(
        &self,
        batch: &mut durable::Batch,
        note: &[u8],
    ) -> Result<(), StoreError> {
        let path = self.root.join("checkpoint");
        batch
            .write(&path, note)
            .map_err(|error| io_error(&path, &error))?;
        batch.sync().map_err(|error| io_error(&self.root, &error))?;
        self.keep_checkpoint(batch, note)
    }

    /// Adds `note` to the kept checkpoints unless it is the last one kept.
    pub(crate) fn keep_checkpoint(
        &self,
        batch: &mut durable::Batch,
        note: &[u8],
    ) -> Result<(), StoreError> {
        let kept = self.private_path("checkpoints");
        let mut record = note.to_vec();
        record.push(0);
        if ends_with(&kept, &record).map_err(|error| io_error(&kept, &error))? {
            return Ok(());
        }
        batch
            .append(&kept, &record)
            .map_err(|error| io_error(&kept, &error))?;
        batch.sync().map_err(|error| io_error(&self.root, &error))
    }

    /// Takes the log's lock, held by whoever changes the log, until the file is dropped.
    pub fn lock(&self) -> Result<fs::File, StoreError> {
        let path = self.private_path("lock");
        let lock = fs::File::create(&path).map_err(|error| io_error(&path, &error))?;
        lock.lock().map_err(|error| io_error(&path, &error))?;
        Ok(lock)
    }

    /// Adds cosignature `lines` to the checkpoint if it is still `note`; false if the log has
    /// moved on since.
    pub fn add_cosignatures(&self, note: &[u8], lines: &[String]) -> Result<bool, StoreError> {
        let _lock = self.lock()?;
        let (current, _) = self.checkpoint()?;
        if current != note {
            return Ok(false);
        }
        let cosigned = steward_tlog::cosignature::add_signature_lines(note, lines);
        self.verify_checkpoint(&cosigned)
            .map_err(|source| StoreError::Checkpoint {
                path: "the cosigned checkpoint".to_owned(),
                source,
            })?;
        let path = self.root.join("checkpoint");
        let mut batch = durable::Batch::default();
        batch
            .write(&path, &cosigned)
            .and_then(|()| batch.sync())
            .map_err(|error| io_error(&path, &error))?;
        Ok(true)
    }

    /// Every checkpoint the log kept, in the order it signed them; a record cut short by a
    /// crash (no final NUL) is left out.
    pub fn kept_checkpoints(&self) -> Result<Vec<Vec<u8>>, StoreError> {
        let path = self.private_path("checkpoints");
        let bytes = fs::read(&path).map_err(|error| io_error(&path, &error))?;
        let mut notes: Vec<Vec<u8>> = bytes.split(|byte| *byte == 0).map(<[u8]>::to_vec).collect();
        notes.pop();
        Ok(notes)
    }

    /// The bytes of tile or bundle `id`; a partial one no longer kept is cut from its full one.
    pub fn tile(&self, id: TileId) -> Result<Vec<u8>, StoreError> {
        let limit = id.byte_limit();
        let path = self.root.join(id.path());
        let full_path = self.root.join(id.full().path());
        let bytes = match read(&path, limit) {
            Err(_) if !id.is_full() && full_path.is_file() => {
                let full = read(&full_path, limit)?;
                return tile::cut_to_width(id, &full).map_err(|source| StoreError::Tile {
                    path: full_path.display().to_string(),
                    source,
                });
            }
            other => other?,
        };
        Ok(bytes)
    }

    /// The entries of bundle `index` in a tree of `size` entries.
    pub fn bundle(&self, index: u64, size: u64) -> Result<Vec<Vec<u8>>, StoreError> {
        let width = (size - index * TILE_WIDTH).min(TILE_WIDTH);
        let id = TileId::entries(index, width);
        let bytes = self.tile(id)?;
        tile::decode_bundle(&bytes, width)
            .map(|entries| entries.into_iter().map(<[u8]>::to_vec).collect())
            .map_err(|source| StoreError::Tile {
                path: self.root.join(id.path()).display().to_string(),
                source,
            })
    }

    /// Entry `index` in the tree of the current checkpoint.
    pub fn entry(&self, index: u64) -> Result<Vec<u8>, StoreError> {
        let (_, checkpoint) = self.checkpoint()?;
        self.entry_in(index, checkpoint.size)
    }

    /// Entry `index` in the tree of `size` entries.
    fn entry_in(&self, index: u64, size: u64) -> Result<Vec<u8>, StoreError> {
        if index >= size {
            return Err(ProveError::IndexOutOfTree { index, size }.into());
        }
        let mut entries = self.bundle(index / TILE_WIDTH, size)?;
        Ok(entries.swap_remove(usize::try_from(index % TILE_WIDTH).unwrap_or(0)))
    }

    /// `checkpoint`, which must be a note this log signed, verified.
    fn verified(&self, checkpoint: &[u8]) -> Result<Checkpoint, StoreError> {
        self.verify_checkpoint(checkpoint)
            .map_err(|source| StoreError::Checkpoint {
                path: "the checkpoint".to_owned(),
                source,
            })
    }

    /// The first index of an entry equal to `entry` in the tree of `size` entries.
    pub fn find_entry(&self, entry: &[u8], size: u64) -> Result<Option<u64>, StoreError> {
        for bundle in 0..size.div_ceil(TILE_WIDTH) {
            let entries = self.bundle(bundle, size)?;
            if let Some(position) = entries.iter().position(|stored| stored == entry) {
                return Ok(Some(bundle * TILE_WIDTH + position as u64));
            }
        }
        Ok(None)
    }

    /// The inclusion proof of entry `index` in the tree of `checkpoint` (a note this log signed).
    pub fn prove_inclusion(&self, index: u64, checkpoint: &[u8]) -> Result<TlogProof, StoreError> {
        let verified = self.verified(checkpoint)?;
        let leaf = steward_tlog::record_hash(&self.entry_in(index, verified.size)?);
        let hashes = prover::inclusion(self, verified.size, verified.root, index, leaf)?;
        Ok(TlogProof {
            extra: None,
            index,
            hashes,
            checkpoint: checkpoint.to_vec(),
        })
    }

    /// The consistency proof from the tree's first `old` entries to the tree of `checkpoint`.
    pub fn prove_consistency(
        &self,
        old: u64,
        checkpoint: &[u8],
    ) -> Result<ConsistencyProof, StoreError> {
        let verified = self.verified(checkpoint)?;
        let (hashes, _) = prover::consistency(self, verified.size, verified.root, old)?;
        Ok(ConsistencyProof {
            old_size: old,
            hashes,
            checkpoint: checkpoint.to_vec(),
        })
    }
}

impl TileSource for LogDir {
    fn read_tile(&self, id: TileId) -> Result<Vec<u8>, String> {
        self.tile(id).map_err(|error| error.to_string())
    }
}

/// Whether the file at `path` ends with `tail` (a missing file ends with nothing).
fn ends_with(path: &Path, tail: &[u8]) -> std::io::Result<bool> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(error) => return Err(error),
    };
    let length = file.metadata()?.len();
    let Some(start) = length.checked_sub(tail.len() as u64) else {
        return Ok(false);
    };
    file.seek(SeekFrom::Start(start))?;
    let mut found = Vec::with_capacity(tail.len());
    file.read_to_end(&mut found)?;
    Ok(found == tail)
}

pub(crate) fn read(path: &Path, limit: u64) -> Result<Vec<u8>, StoreError> {
    steward_fs::read_file(path, limit).map_err(|error| StoreError::Io {
        path: path.display().to_string(),
        reason: error.to_string(),
    })
}
