//! The right edge of a growing log: the partial tile at each level and the partial entry
//! bundle. Appending entries to it yields every tile and bundle the append changes, and the
//! new root, without reading anything but the edge.

use tlog_tiles::Hash;

use crate::tile::{self, TILE_WIDTH, TileError, TileId};

/// The partial tiles and bundle of a log of `size` entries.
#[derive(Debug, Clone, Default)]
pub struct Edge {
    size: u64,
    /// `hashes[L]`: the hashes of the partial tile at level `L` (fewer than 256).
    hashes: Vec<Vec<Hash>>,
    /// The entries of the partial bundle.
    entries: Vec<Vec<u8>>,
    /// Tiles this edge has filled since [`Edge::take_changes`], with their bytes.
    filled: Vec<(TileId, Vec<u8>)>,
    /// The partial tiles at levels below this one changed since [`Edge::take_changes`].
    changed_levels: usize,
}

impl Edge {
    /// The partial tiles (and bundle, last) a log of `size` entries has, which
    /// [`Edge::from_tiles`] takes in this order.
    pub fn partial_tiles(size: u64) -> Vec<TileId> {
        let mut tiles = Vec::new();
        let mut level = 0;
        while size >> (8 * u32::from(level)) > 0 {
            let count = size >> (8 * u32::from(level));
            let width = count % TILE_WIDTH;
            if width > 0 {
                tiles.push(TileId::hashes(level, count / TILE_WIDTH, width));
            }
            level += 1;
        }
        if !size.is_multiple_of(TILE_WIDTH) {
            tiles.push(TileId::entries(size / TILE_WIDTH, size % TILE_WIDTH));
        }
        tiles
    }

    /// The edge of a log of `size` entries from the bytes of its [`Edge::partial_tiles`].
    pub fn from_tiles(size: u64, tiles: &[Vec<u8>]) -> Result<Self, TileError> {
        let wanted = Self::partial_tiles(size);
        let mut edge = Self {
            size,
            ..Self::default()
        };
        for (id, bytes) in wanted.iter().zip(tiles) {
            match id.level {
                Some(level) => {
                    let level = usize::from(level);
                    edge.hashes
                        .resize(edge.hashes.len().max(level + 1), Vec::new());
                    edge.hashes[level] = tile::decode_tile(bytes, id.width)?;
                }
                None => {
                    edge.entries = tile::decode_bundle(bytes, id.width)?
                        .into_iter()
                        .map(<[u8]>::to_vec)
                        .collect();
                }
            }
        }
        if tiles.len() != wanted.len() {
            return Err(TileError::BundleWidth {
                expected: wanted.len() as u64,
                found: tiles.len(),
            });
        }
        Ok(edge)
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Appends one entry.
    pub fn append(&mut self, entry: &[u8]) -> Result<Hash, TileError> {
        if entry.len() > tile::ENTRY_LIMIT {
            return Err(TileError::EntryTooLarge(entry.len()));
        }
        let leaf = tlog_tiles::record_hash(entry);
        self.entries.push(entry.to_vec());
        if self.entries.len() as u64 == TILE_WIDTH {
            let bundle = tile::encode_bundle(self.entries.iter().map(Vec::as_slice))?;
            self.filled
                .push((TileId::entries(self.size / TILE_WIDTH, TILE_WIDTH), bundle));
            self.entries.clear();
        }
        self.push_hash(0, leaf);
        self.size += 1;
        Ok(leaf)
    }

    fn push_hash(&mut self, level: usize, hash: Hash) {
        if self.hashes.len() <= level {
            self.hashes.push(Vec::new());
        }
        self.changed_levels = self.changed_levels.max(level + 1);
        self.hashes[level].push(hash);
        if self.hashes[level].len() as u64 == TILE_WIDTH {
            let full = std::mem::take(&mut self.hashes[level]);
            let index = self.size >> (8 * (level + 1));
            let level_number = u8::try_from(level).unwrap_or(u8::MAX);
            self.filled.push((
                TileId::hashes(level_number, index, TILE_WIDTH),
                hashes_bytes(&full),
            ));
            self.push_hash(level + 1, tile::perfect_root(&full));
        }
    }

    /// The tiles and bundles changed since the last call, full ones first, each with its bytes.
    pub fn take_changes(&mut self) -> Vec<(TileId, Vec<u8>)> {
        let mut changes = std::mem::take(&mut self.filled);
        let changed_levels = std::mem::take(&mut self.changed_levels);
        changes.extend(self.partials().into_iter().filter(|(id, _)| {
            id.level
                .is_none_or(|level| usize::from(level) < changed_levels)
        }));
        changes
    }

    /// The partial tiles and bundle of the log as it is, each with its bytes.
    pub fn partials(&self) -> Vec<(TileId, Vec<u8>)> {
        Self::partial_tiles(self.size)
            .into_iter()
            .filter_map(|tile| match tile.level {
                Some(level) => Some((tile, hashes_bytes(&self.hashes[usize::from(level)]))),
                None => tile::encode_bundle(self.entries.iter().map(Vec::as_slice))
                    .ok()
                    .map(|bundle| (tile, bundle)),
            })
            .collect()
    }

    /// The root hash of the log (RFC 6962): the perfect subtrees of the size's binary
    /// decomposition, largest (leftmost) first, folded from the right.
    pub fn root(&self) -> Hash {
        let mut subtrees = Vec::new();
        for hashes in self.hashes.iter().rev() {
            let mut start = 0;
            let mut remaining = hashes.len();
            while remaining > 0 {
                let chunk = 1 << remaining.ilog2();
                subtrees.push(tile::perfect_root(&hashes[start..start + chunk]));
                start += chunk;
                remaining -= chunk;
            }
        }
        subtrees
            .into_iter()
            .rev()
            .reduce(|right, left| tlog_tiles::node_hash(left, right))
            .unwrap_or(tlog_tiles::EMPTY_HASH)
    }
}

fn hashes_bytes(hashes: &[Hash]) -> Vec<u8> {
    hashes.iter().flat_map(|hash| hash.0).collect()
}
