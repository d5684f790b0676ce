//! Proofs computed from a log's tiles, wherever they are read from (a directory, a server).
//!
//! `tlog_tiles::TileHashReader` means to authenticate every tile against the signed root, but
//! in `tlog_tiles` 0.2.0 it skips some full tiles (its loop starts after as many tiles as the
//! root needs *hashes*, not tiles), so a tampered tile can yield a proof. Every proof made here
//! is therefore checked against the root before it is handed on: a proof from tampered tiles
//! fails rather than lies.

use std::cell::RefCell;

use tlog_tiles::{Hash, Tile, TileHashReader, TileReader};

use crate::tile::{self, TILE_HEIGHT, TileId};

/// Where tiles come from. A partial tile may be answered from its full tile, cut to width.
pub trait TileSource {
    /// The bytes of the tile or entry bundle `id`.
    fn read_tile(&self, id: TileId) -> Result<Vec<u8>, String>;
}

/// Why a proof could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProveError {
    #[error("index {index} is not in the tree of {size} entries")]
    IndexOutOfTree { index: u64, size: u64 },
    #[error("size {old} is larger than the tree's {size}")]
    SizeOutOfTree { old: u64, size: u64 },
    #[error("{0}")]
    Tile(String),
    #[error("the tiles do not hash to the checkpoint's root: {0}")]
    Inconsistent(String),
    #[error(
        "the proof made from the tiles does not verify against the checkpoint's root: the tiles were tampered with"
    )]
    Tampered,
}

struct Reader<'a, S: TileSource> {
    source: &'a S,
    /// The first problem reading a tile, which `tlog_tiles` reports only as "invalid tile".
    problem: RefCell<Option<String>>,
}

impl<S: TileSource> TileReader for Reader<'_, S> {
    fn height(&self) -> u8 {
        TILE_HEIGHT
    }

    fn read_tiles(&self, tiles: &[Tile]) -> Result<Vec<Vec<u8>>, tlog_tiles::Error> {
        let mut data = Vec::with_capacity(tiles.len());
        for tile in tiles {
            let id = TileId::from_tile(tile);
            let checked = self.source.read_tile(id).and_then(|bytes| {
                tile::decode_tile(&bytes, id.width)
                    .map(|_| bytes)
                    .map_err(|error| format!("{}: {error}", id.path()))
            });
            match checked {
                Ok(bytes) => data.push(bytes),
                Err(problem) => {
                    self.problem.borrow_mut().get_or_insert(problem);
                    return Err(tlog_tiles::Error::InvalidTile);
                }
            }
        }
        Ok(data)
    }

    fn save_tiles(&self, _tiles: &[Tile], _data: &[Vec<u8>]) {}
}

impl<S: TileSource> Reader<'_, S> {
    fn error(&self, error: &tlog_tiles::Error) -> ProveError {
        match self.problem.borrow_mut().take() {
            Some(problem) => ProveError::Tile(problem),
            None => ProveError::Inconsistent(error.to_string()),
        }
    }
}

/// The inclusion proof of entry `index`, whose leaf hash is `leaf`, in the tree of `size`
/// entries whose root is `root`.
pub fn inclusion<S: TileSource>(
    source: &S,
    size: u64,
    root: Hash,
    index: u64,
    leaf: Hash,
) -> Result<Vec<Hash>, ProveError> {
    if index >= size {
        return Err(ProveError::IndexOutOfTree { index, size });
    }
    let reader = Reader {
        source,
        problem: RefCell::new(None),
    };
    let hashes = TileHashReader::new(size, root, &reader);
    let proof =
        tlog_tiles::prove_record(size, index, &hashes).map_err(|error| reader.error(&error))?;
    tlog_tiles::check_record(&proof, size, root, index, leaf).map_err(|_| ProveError::Tampered)?;
    Ok(proof)
}

/// The consistency proof from the tree's first `old` entries to the tree of `size` entries
/// whose root is `root`, and the old tree's root.
pub fn consistency<S: TileSource>(
    source: &S,
    size: u64,
    root: Hash,
    old: u64,
) -> Result<(Vec<Hash>, Hash), ProveError> {
    if old > size {
        return Err(ProveError::SizeOutOfTree { old, size });
    }
    let reader = Reader {
        source,
        problem: RefCell::new(None),
    };
    let hashes = TileHashReader::new(size, root, &reader);
    let old_root = if old == 0 {
        tlog_tiles::EMPTY_HASH
    } else {
        tlog_tiles::tree_hash(old, &hashes).map_err(|error| reader.error(&error))?
    };
    if old == 0 || old == size {
        return Ok((Vec::new(), old_root));
    }
    let proof = tlog_tiles::prove_tree(size, old, &hashes).map_err(|error| reader.error(&error))?;
    // Passing means `old_root` is the true root of the first `old` entries.
    tlog_tiles::check_tree(&proof, size, root, old, old_root).map_err(|_| ProveError::Tampered)?;
    Ok((proof, old_root))
}
