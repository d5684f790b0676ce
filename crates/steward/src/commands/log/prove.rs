//! `steward log prove` and `steward log audit`.

use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, bail};
use steward_tlog::tile::ENTRY_LIMIT;
use steward_tlog_store::audit;
use steward_tlog_store::store::LogDir;

use crate::cli::{LogFormat, ProveArgs};
use crate::commands::verify::read_limited;
use crate::exit_status::ExitStatus;

pub(super) fn prove(arguments: &ProveArgs) -> anyhow::Result<ExitStatus> {
    let log = LogDir::open(&arguments.dir)?;
    let checkpoint = match &arguments.checkpoint {
        Some(path) => log.read_checkpoint(path)?,
        None => log.checkpoint()?,
    };
    let text = if let Some(old) = arguments.consistency {
        log.prove_consistency(old, &checkpoint.0)?.to_text()
    } else {
        let index = match (&arguments.index, &arguments.entry) {
            (Some(index), _) => *index,
            (None, Some(path)) => {
                let entry = read_limited(path, ENTRY_LIMIT as u64)?;
                log.find_entry(&entry, checkpoint.1.size)?
                    .with_context(|| {
                        format!(
                            "{} is not in the log's first {} entries",
                            path.display(),
                            checkpoint.1.size
                        )
                    })?
            }
            (None, None) => bail!("give --index, --entry or --consistency"),
        };
        log.prove_inclusion(index, &checkpoint.0)?.to_text()
    };
    match &arguments.output {
        Some(path) => std::fs::write(path, &text).with_context(|| path.display().to_string())?,
        None => std::io::stdout().lock().write_all(&text)?,
    }
    Ok(ExitStatus::Success)
}

pub(super) fn audit(dir: &Path, format: LogFormat) -> anyhow::Result<ExitStatus> {
    let log = LogDir::open(dir)?;
    let report = audit::audit(&log)?;
    let mut out = std::io::stdout().lock();
    match format {
        LogFormat::Json => writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({
                "log": dir.display().to_string(),
                "origin": log.config().origin,
                "size": report.size,
                "tiles_checked": report.tiles_checked,
                "checkpoints_checked": report.checkpoints_checked,
                "problems": report.problems,
            }))?
        )?,
        LogFormat::Table => {
            for problem in &report.problems {
                writeln!(out, "PROBLEM  {problem}")?;
            }
            writeln!(
                out,
                "{} {}: {} entries, {} tiles and {} kept checkpoints checked, {} problems",
                if report.problems.is_empty() {
                    "ok"
                } else {
                    "FAILED"
                },
                log.config().origin,
                report.size,
                report.tiles_checked,
                report.checkpoints_checked,
                report.problems.len()
            )?;
        }
    }
    Ok(if report.problems.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Findings
    })
}
