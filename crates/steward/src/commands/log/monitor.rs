//! `steward log monitor`: follows a log (a URL or a directory) and verifies every new entry. It
//! keeps the last checkpoint it verified and the right edge of that tree; each new checkpoint
//! must be signed by the log's key (and witnessed, with a policy), and the new entries, hashed
//! onto the kept edge, must give exactly the new checkpoint's root. That proves the new tree
//! extends the old one, so a fork, a rewrite or a rollback is caught and named.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use reqwest::Url;
use steward_tlog::checkpoint::{self, Checkpoint};
use steward_tlog::edge::Edge;
use steward_tlog::note::{NOTE_LIMIT, VerifierKey};
use steward_tlog::prover::{self, TileSource};
use steward_tlog::tile::{self, TILE_WIDTH, TileId};
use steward_tlog::witness_policy::WitnessPolicy;
use steward_tlog_store::durable::Batch;

use crate::cli::MonitorArgs;
use crate::download::Downloader;
use crate::exit_status::ExitStatus;

/// Where the log is read from.
enum Source {
    Http { downloader: Downloader, prefix: Url },
    Directory(PathBuf),
}

impl Source {
    fn new(location: &str) -> anyhow::Result<Self> {
        if location.starts_with("http://") || location.starts_with("https://") {
            let prefix = Url::parse(&format!("{}/", location.trim_end_matches('/')))
                .with_context(|| format!("{location} is not a URL"))?;
            crate::download::check_address(&prefix)?;
            Ok(Self::Http {
                downloader: Downloader::new()?,
                prefix,
            })
        } else {
            Ok(Self::Directory(PathBuf::from(location)))
        }
    }

    /// The resource at `path` under the log's prefix; `None` when it is not there.
    fn fetch(&self, path: &str, limit: u64) -> anyhow::Result<Option<Vec<u8>>> {
        match self {
            Self::Http { downloader, prefix } => {
                let url = prefix.join(path)?;
                Ok(downloader.bytes_at_most(&url, limit)?)
            }
            Self::Directory(root) => match steward_fs::read_file(&root.join(path), limit) {
                Ok(bytes) => Ok(Some(bytes)),
                Err(_) if !root.join(path).exists() => Ok(None),
                Err(error) => Err(anyhow::anyhow!("{}: {error}", root.join(path).display())),
            },
        }
    }
}

impl TileSource for Source {
    fn read_tile(&self, id: TileId) -> Result<Vec<u8>, String> {
        let limit = id.byte_limit();
        let fetched = |id: TileId| {
            self.fetch(&id.path(), limit)
                .map_err(|error| format!("{}: {error:#}", id.path()))
        };
        match fetched(id)? {
            Some(bytes) => Ok(bytes),
            None if !id.is_full() => {
                let full =
                    fetched(id.full())?.ok_or_else(|| format!("{}: not served", id.path()))?;
                tile::cut_to_width(id, &full)
                    .map_err(|error| format!("{}: {error}", id.full().path()))
            }
            None => Err(format!("{}: not served", id.path())),
        }
    }
}

/// What the monitor verified before: the checkpoint and the edge of its tree.
struct Verified {
    note: Vec<u8>,
    checkpoint: Option<Checkpoint>,
    edge: Edge,
}

impl Verified {
    fn load(state: &Path, key: &VerifierKey, origin: Option<&str>) -> anyhow::Result<Self> {
        let note_path = state.join("checkpoint");
        if !note_path.exists() {
            return Ok(Self {
                note: Vec::new(),
                checkpoint: None,
                edge: Edge::default(),
            });
        }
        let note = steward_fs::read_file(&note_path, NOTE_LIMIT as u64)
            .with_context(|| note_path.display().to_string())?;
        let checkpoint = checkpoint::verify(&note, key, origin)
            .with_context(|| format!("{}: the monitor's own state", note_path.display()))?;
        let edge_path = state.join("edge");
        let bytes = steward_fs::read_file(&edge_path, 64 << 20)
            .with_context(|| edge_path.display().to_string())?;
        let mut tiles = Vec::new();
        let mut rest = bytes.as_slice();
        while let Some((length, tail)) = rest.split_first_chunk::<4>() {
            let length = u32::from_be_bytes(*length) as usize;
            anyhow::ensure!(tail.len() >= length, "{}: truncated", edge_path.display());
            tiles.push(tail[..length].to_vec());
            rest = &tail[length..];
        }
        let edge = Edge::from_tiles(checkpoint.size, &tiles)
            .with_context(|| edge_path.display().to_string())?;
        anyhow::ensure!(
            edge.root() == checkpoint.root,
            "{}: the kept edge does not hash to the kept checkpoint's root",
            edge_path.display()
        );
        Ok(Self {
            note,
            checkpoint: Some(checkpoint),
            edge,
        })
    }

    fn save(&self, state: &Path) -> anyhow::Result<()> {
        let mut edge = Vec::new();
        for (_, bytes) in self.edge.partials() {
            edge.extend_from_slice(&u32::try_from(bytes.len())?.to_be_bytes());
            edge.extend_from_slice(&bytes);
        }
        let mut batch = Batch::default();
        batch.write(&state.join("edge"), &edge)?;
        batch.write(&state.join("checkpoint"), &self.note)?;
        batch.sync()?;
        Ok(())
    }

    fn size(&self) -> u64 {
        self.checkpoint
            .as_ref()
            .map_or(0, |checkpoint| checkpoint.size)
    }
}

pub(super) fn monitor(arguments: &MonitorArgs) -> anyhow::Result<ExitStatus> {
    let source = Source::new(&arguments.log)?;
    let key = super::read_verifier_key(&arguments.key)?;
    let policy = arguments
        .witness_policy
        .as_deref()
        .map(super::verify_proof::read_policy)
        .transpose()?;
    std::fs::create_dir_all(&arguments.state)
        .with_context(|| arguments.state.display().to_string())?;
    let mut out = std::io::stdout().lock();
    loop {
        let mut verified = Verified::load(&arguments.state, &key, arguments.origin.as_deref())?;
        match step(&source, &key, arguments, policy.as_ref(), &mut verified)? {
            Ok(new_entries) => {
                verified.save(&arguments.state)?;
                writeln!(
                    out,
                    "verified {new_entries} new entries: {} has {} entries",
                    arguments.log,
                    verified.size()
                )?;
            }
            Err(finding) => {
                writeln!(out, "PROBLEM  {}: {finding}", arguments.log)?;
                return Ok(ExitStatus::Findings);
            }
        }
        out.flush()?;
        let Some(seconds) = arguments.follow else {
            return Ok(ExitStatus::Success);
        };
        std::thread::sleep(std::time::Duration::from_secs_f64(seconds));
    }
}

/// One look at the log: `Ok(Ok(count))` new entries verified, `Ok(Err(finding))` misbehaviour.
fn step(
    source: &Source,
    key: &VerifierKey,
    arguments: &MonitorArgs,
    policy: Option<&WitnessPolicy>,
    verified: &mut Verified,
) -> anyhow::Result<Result<u64, String>> {
    let note = source
        .fetch("checkpoint", NOTE_LIMIT as u64)?
        .context("the log serves no checkpoint")?;
    let new = match checkpoint::verify(&note, key, arguments.origin.as_deref()) {
        Ok(new) => new,
        Err(error) => return Ok(Err(format!("its checkpoint: {error}"))),
    };
    if let Some(policy) = policy
        && let Err(reason) = super::verify_proof::witnessed(policy, &note)
    {
        return Ok(Err(reason));
    }
    let old_size = verified.size();
    if new.size < old_size {
        return Ok(Err(format!(
            "rollback: its checkpoint has {} entries, fewer than the {old_size} verified before",
            new.size
        )));
    }
    if let Some(old) = &verified.checkpoint
        && new.size == old.size
    {
        return Ok(if new.root == old.root {
            verified.note = note;
            Ok(0)
        } else {
            Err(format!(
                "fork: two checkpoints of {} entries with different roots, {} verified before and {} now",
                new.size, old.root, new.root
            ))
        });
    }
    for bundle in old_size / TILE_WIDTH..new.size.div_ceil(TILE_WIDTH) {
        let width = (new.size - bundle * TILE_WIDTH).min(TILE_WIDTH);
        let id = TileId::entries(bundle, width);
        let bytes = source.read_tile(id).map_err(anyhow::Error::msg)?;
        let entries = tile::decode_bundle(&bytes, width).with_context(|| id.path())?;
        let skip = if bundle == old_size / TILE_WIDTH {
            old_size % TILE_WIDTH
        } else {
            0
        };
        for entry in entries.iter().skip(usize::try_from(skip)?) {
            verified.edge.append(entry).with_context(|| id.path())?;
        }
    }
    if verified.edge.root() != new.root {
        return Ok(Err(explain_mismatch(source, verified, &new)));
    }
    verified.note = note;
    verified.checkpoint = Some(new);
    Ok(Ok(verified.size() - old_size))
}

/// Why the new entries do not give the new root: the log's own tiles tell a fork (the signed
/// tree does not extend the one verified) from entries that do not match the tiles.
fn explain_mismatch(source: &Source, verified: &Verified, new: &Checkpoint) -> String {
    let old_size = verified.size();
    let old_root = verified.checkpoint.as_ref().map(|old| old.root);
    match (
        prover::consistency(source, new.size, new.root, old_size),
        old_root,
    ) {
        (Ok((_, served_old_root)), Some(old_root)) if served_old_root != old_root => format!(
            "fork or rewrite: the signed tree of {} entries does not extend the tree of {old_size} entries verified before",
            new.size
        ),
        _ => format!(
            "the entries it serves from {old_size} to {} do not hash to its signed root: a fork, a rewrite or tampered entry bundles",
            new.size
        ),
    }
}
