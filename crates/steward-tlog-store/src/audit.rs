//! Auditing a log: every entry is read and hashed again, every tile is recomputed and compared
//! with the one stored, the root with the checkpoint's, and every checkpoint the log kept is
//! checked: signed by the log's key, never shrinking, and with the root its size has.

use std::collections::BTreeMap;

use steward_tlog::Hash;
use steward_tlog::edge::Edge;
use steward_tlog::tile::{TILE_WIDTH, TileId};

use crate::store::{LogDir, StoreError};

/// What an audit found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditReport {
    pub size: u64,
    pub tiles_checked: u64,
    pub checkpoints_checked: usize,
    /// Each problem, naming the file or checkpoint.
    pub problems: Vec<String>,
}

/// Audits `log`; an error only when the current checkpoint itself cannot be read.
pub fn audit(log: &LogDir) -> Result<AuditReport, StoreError> {
    let (_, current) = log.checkpoint()?;
    let mut report = AuditReport {
        size: current.size,
        ..AuditReport::default()
    };
    let kept = kept_roots(log, current.size, &mut report);
    let mut edge = Edge::default();
    for bundle in 0..current.size.div_ceil(TILE_WIDTH) {
        let entries = match log.bundle(bundle, current.size) {
            Ok(entries) => entries,
            Err(error) => {
                report.problems.push(error.to_string());
                return Ok(report);
            }
        };
        for entry in &entries {
            if let Err(error) = edge.append(entry) {
                report
                    .problems
                    .push(format!("entry {}: {error}", edge.size()));
                return Ok(report);
            }
            if let Some(root) = kept.get(&edge.size())
                && *root != edge.root()
            {
                report.problems.push(format!(
                    "the kept checkpoint of size {} has a root the entries do not hash to",
                    edge.size()
                ));
            }
        }
        for (id, bytes) in edge.take_changes() {
            if id.is_full() {
                compare_tile(log, id, &bytes, &mut report);
            }
        }
    }
    for (id, bytes) in edge.partials() {
        compare_tile(log, id, &bytes, &mut report);
    }
    if edge.root() != current.root {
        report.problems.push(format!(
            "checkpoint: its root is not the root of the {} entries",
            current.size
        ));
    }
    Ok(report)
}

fn compare_tile(log: &LogDir, id: TileId, expected: &[u8], report: &mut AuditReport) {
    report.tiles_checked += 1;
    match log.tile(id) {
        Ok(stored) if stored == expected => {}
        Ok(_) => report.problems.push(format!(
            "{}: differs from what the entries hash to",
            id.path()
        )),
        Err(error) => report.problems.push(error.to_string()),
    }
}

/// The roots of the kept checkpoints, by size; problems for those that are not the log's or
/// that contradict another.
fn kept_roots(log: &LogDir, size: u64, report: &mut AuditReport) -> BTreeMap<u64, Hash> {
    let mut roots = BTreeMap::new();
    let notes = match log.kept_checkpoints() {
        Ok(notes) => notes,
        Err(error) => {
            report.problems.push(error.to_string());
            return roots;
        }
    };
    let mut previous = 0;
    for (position, note) in notes.iter().enumerate() {
        report.checkpoints_checked += 1;
        let checkpoint = match log.verify_checkpoint(note) {
            Ok(checkpoint) => checkpoint,
            Err(error) => {
                report
                    .problems
                    .push(format!("kept checkpoint {}: {error}", position + 1));
                continue;
            }
        };
        if checkpoint.size < previous {
            report.problems.push(format!(
                "kept checkpoint {}: size {} after size {previous}: the log shrank",
                position + 1,
                checkpoint.size
            ));
        }
        if checkpoint.size > size {
            report.problems.push(format!(
                "kept checkpoint {}: size {} is beyond the current checkpoint's {size}",
                position + 1,
                checkpoint.size
            ));
        }
        previous = previous.max(checkpoint.size);
        if *roots.entry(checkpoint.size).or_insert(checkpoint.root) != checkpoint.root {
            report.problems.push(format!(
                "kept checkpoint {}: two roots for size {}: the log was rewritten",
                position + 1,
                checkpoint.size
            ));
        }
    }
    roots
}
