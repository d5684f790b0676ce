//! Tiles and entry bundles (C2SP tlog-tiles): where each lives (`tile/<L>/<N>[.p/<W>]`,
//! `tile/entries/<N>[.p/<W>]`), what an entry bundle holds, and the tiles an append makes.
//!
//! A tile at level `L` holds up to 256 Merkle tree hashes of subtrees of height `8 L`: level 0
//! holds leaf hashes, and each hash at level `L + 1` is the root of a *full* tile at level `L`.
//! The tile coordinates are `tlog_tiles::Tile` (Go's tiles of height 8); only the paths are
//! C2SP's own, which Go's `Tile::path` does not write.

use tlog_tiles::{HASH_SIZE, Hash, Tile};

/// Hashes in a full tile, and entries in a full bundle.
pub const TILE_WIDTH: u64 = 256;
/// The tile height, in tree levels.
pub const TILE_HEIGHT: u8 = 8;
/// The largest entry an entry bundle can hold (its length is a big-endian `u16`).
pub const ENTRY_LIMIT: usize = u16::MAX as usize;
/// The highest tile level (C2SP: 0 to 63).
const LEVEL_LIMIT: u8 = 63;

/// Why a tile path, a tile or an entry bundle is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TileError {
    #[error("not a tile path: {0:?}")]
    Path(String),
    #[error("an entry of {0} bytes is larger than {ENTRY_LIMIT}, the most an entry bundle holds")]
    EntryTooLarge(usize),
    #[error("the entry bundle is truncated after {entries} entries")]
    TruncatedBundle { entries: usize },
    #[error("the entry bundle holds {found} entries, not {expected}")]
    BundleWidth { expected: u64, found: usize },
    #[error("the tile is {found} bytes, not {expected}")]
    TileSize { expected: usize, found: usize },
}

/// A tile or an entry bundle: level, index and width (1 to 256; 256 is full).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileId {
    /// `None` for an entry bundle.
    pub level: Option<u8>,
    pub index: u64,
    pub width: u64,
}

impl TileId {
    pub fn hashes(level: u8, index: u64, width: u64) -> Self {
        Self {
            level: Some(level),
            index,
            width,
        }
    }

    pub fn entries(index: u64, width: u64) -> Self {
        Self {
            level: None,
            index,
            width,
        }
    }

    pub fn is_full(&self) -> bool {
        self.width == TILE_WIDTH
    }

    /// The same tile when full.
    #[must_use]
    pub fn full(&self) -> Self {
        Self {
            width: TILE_WIDTH,
            ..*self
        }
    }

    /// The most bytes it can hold: 256 hashes, or 256 entries of 65,535 bytes with their
    /// lengths.
    pub fn byte_limit(&self) -> u64 {
        if self.level.is_some() {
            TILE_WIDTH * HASH_SIZE as u64
        } else {
            TILE_WIDTH * (2 + ENTRY_LIMIT as u64)
        }
    }

    /// The path under the log's prefix, e.g. `tile/0/x001/x234/067.p/5`.
    pub fn path(&self) -> String {
        let mut path = match self.level {
            Some(level) => format!("tile/{level}/"),
            None => "tile/entries/".to_owned(),
        };
        let digits = self.index.to_string();
        let padded = format!("{:0>width$}", digits, width = digits.len().div_ceil(3) * 3);
        let groups: Vec<&str> = padded
            .as_bytes()
            .chunks(3)
            .map(|group| std::str::from_utf8(group).unwrap_or_default())
            .collect();
        for (position, group) in groups.iter().enumerate() {
            if position + 1 < groups.len() {
                path.push('x');
            }
            path.push_str(group);
            if position + 1 < groups.len() {
                path.push('/');
            }
        }
        if !self.is_full() {
            path.push_str(".p/");
            path.push_str(&self.width.to_string());
        }
        path
    }

    /// Reads a path [`TileId::path`] writes, and only such a path (no leading zeroes, no
    /// empty or out-of-range parts).
    pub fn parse_path(path: &str) -> Result<Self, TileError> {
        let bad = || TileError::Path(path.chars().take(200).collect());
        let rest = path.strip_prefix("tile/").ok_or_else(bad)?;
        let (level, rest) = rest.split_once('/').ok_or_else(bad)?;
        let level = match level {
            "entries" => None,
            digits => Some(
                parse_decimal(digits)
                    .and_then(|level| u8::try_from(level).ok())
                    .filter(|level| *level <= LEVEL_LIMIT)
                    .ok_or_else(bad)?,
            ),
        };
        let (index_part, width) = match rest.split_once(".p/") {
            Some((index_part, width)) => {
                let width = parse_decimal(width)
                    .filter(|width| (1..TILE_WIDTH).contains(width))
                    .ok_or_else(bad)?;
                (index_part, width)
            }
            None => (rest, TILE_WIDTH),
        };
        let index = parse_index(index_part).ok_or_else(bad)?;
        let id = Self {
            level,
            index,
            width,
        };
        (id.path() == path).then_some(id).ok_or_else(bad)
    }

    /// The `tlog_tiles` tile of a hash tile.
    pub fn to_tile(self) -> Option<Tile> {
        let width = u32::try_from(self.width).ok()?;
        Some(Tile::new(
            TILE_HEIGHT,
            self.level?,
            self.index,
            width,
            false,
        ))
    }

    pub fn from_tile(tile: &Tile) -> Self {
        Self::hashes(tile.level(), tile.level_index(), u64::from(tile.width()))
    }
}

fn parse_decimal(digits: &str) -> Option<u64> {
    let canonical = !digits.is_empty()
        && digits.bytes().all(|byte| byte.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    canonical.then(|| digits.parse().ok()).flatten()
}

/// `x001/x234/067` → 1234067.
fn parse_index(text: &str) -> Option<u64> {
    let groups: Vec<&str> = text.split('/').collect();
    let mut index: u64 = 0;
    for (position, group) in groups.iter().enumerate() {
        let digits = if position + 1 < groups.len() {
            group.strip_prefix('x')?
        } else {
            group
        };
        if digits.len() != 3 || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        index = index
            .checked_mul(1000)?
            .checked_add(digits.parse::<u64>().ok()?)?;
    }
    Some(index)
}

/// The tiles and entry bundles a log of `size` entries has: for each level, its full tiles and
/// its partial tile, if any. `from_size` makes only those new since a log of that size.
pub fn tiles_between(from_size: u64, size: u64) -> Vec<TileId> {
    let mut tiles: Vec<TileId> = Tile::new_tiles(TILE_HEIGHT, from_size, size)
        .iter()
        .map(TileId::from_tile)
        .collect();
    tiles.extend(
        tiles
            .iter()
            .filter(|tile| tile.level == Some(0))
            .map(|tile| TileId::entries(tile.index, tile.width))
            .collect::<Vec<_>>(),
    );
    tiles
}

/// An entry bundle: each entry as a big-endian `u16` length, then its bytes.
pub fn encode_bundle<'a>(
    entries: impl IntoIterator<Item = &'a [u8]>,
) -> Result<Vec<u8>, TileError> {
    let mut bundle = Vec::new();
    for entry in entries {
        let length =
            u16::try_from(entry.len()).map_err(|_| TileError::EntryTooLarge(entry.len()))?;
        bundle.extend_from_slice(&length.to_be_bytes());
        bundle.extend_from_slice(entry);
    }
    Ok(bundle)
}

/// The entries of a bundle that must hold exactly `width` of them.
pub fn decode_bundle(bundle: &[u8], width: u64) -> Result<Vec<&[u8]>, TileError> {
    let mut entries = Vec::new();
    let mut rest = bundle;
    while !rest.is_empty() {
        let truncated = || TileError::TruncatedBundle {
            entries: entries.len(),
        };
        let (length, tail) = rest.split_first_chunk::<2>().ok_or_else(truncated)?;
        let length = usize::from(u16::from_be_bytes(*length));
        if tail.len() < length {
            return Err(truncated());
        }
        let (entry, tail) = tail.split_at(length);
        entries.push(entry);
        rest = tail;
        if entries.len() as u64 > width {
            break;
        }
    }
    if entries.len() as u64 == width {
        Ok(entries)
    } else {
        Err(TileError::BundleWidth {
            expected: width,
            found: entries.len(),
        })
    }
}

/// The partial tile or bundle `id`, cut from the bytes of its full tile or bundle.
pub fn cut_to_width(id: TileId, full: &[u8]) -> Result<Vec<u8>, TileError> {
    let width = usize::try_from(id.width).unwrap_or(0);
    if id.level.is_some() {
        Ok(decode_tile(full, TILE_WIDTH)?
            .iter()
            .take(width)
            .flat_map(|hash| hash.0)
            .collect())
    } else {
        encode_bundle(decode_bundle(full, TILE_WIDTH)?.into_iter().take(width))
    }
}

/// The hashes of a tile that must hold exactly `width` of them.
pub fn decode_tile(data: &[u8], width: u64) -> Result<Vec<Hash>, TileError> {
    let expected = usize::try_from(width).unwrap_or(usize::MAX) * HASH_SIZE;
    if data.len() != expected {
        return Err(TileError::TileSize {
            expected,
            found: data.len(),
        });
    }
    Ok(data
        .chunks_exact(HASH_SIZE)
        .map(|chunk| Hash(chunk.try_into().unwrap_or([0; HASH_SIZE])))
        .collect())
}

/// The root of a perfect subtree whose leaves are `hashes` (a power of two of them, such as the
/// 256 of a full tile).
pub fn perfect_root(hashes: &[Hash]) -> Hash {
    let mut level: Vec<Hash> = hashes.to_vec();
    while level.len() > 1 {
        level = level
            .chunks(2)
            .map(|pair| match pair {
                [left, right] => tlog_tiles::node_hash(*left, *right),
                _ => pair[0],
            })
            .collect();
    }
    level.first().copied().unwrap_or(tlog_tiles::EMPTY_HASH)
}
