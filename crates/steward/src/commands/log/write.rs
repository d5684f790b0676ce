//! `steward log init` and `steward log append`.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use steward_tlog::tile::ENTRY_LIMIT;
use steward_tlog_store::append::Appender;
use steward_tlog_store::config::Config;
use steward_tlog_store::store::LogDir;

use crate::commands::verify::read_limited;
use crate::exit_status::ExitStatus;

pub(super) fn init(
    dir: &Path,
    origin: &str,
    key: &Path,
    deduplicate: bool,
) -> anyhow::Result<ExitStatus> {
    let signer = super::read_note_signer(key, origin)?;
    if signer.name() != origin {
        bail!(
            "{}: the key signs as {:?}, not as the origin {origin:?}",
            key.display(),
            signer.name()
        );
    }
    let key = std::path::absolute(key).with_context(|| key.display().to_string())?;
    let config = Config {
        origin: origin.to_owned(),
        verifier_key: signer.verifier_key(),
        key,
        deduplicate,
    };
    LogDir::init(dir, &config, &signer)?;
    writeln!(std::io::stdout().lock(), "{}", signer.verifier_key())?;
    Ok(ExitStatus::Success)
}

pub(super) fn append(
    dir: &Path,
    files: &[PathBuf],
    key: Option<&Path>,
    batch_size: usize,
) -> anyhow::Result<ExitStatus> {
    let log = LogDir::open(dir)?;
    let key_path = key.map_or_else(|| log.config().key.clone(), Path::to_path_buf);
    let signer = super::read_note_signer(&key_path, &log.config().origin)?;
    let mut appender = Appender::new(log, signer)?;
    let limit = ENTRY_LIMIT as u64 + 1;
    let (names, entries): (Vec<String>, Vec<Vec<u8>>) = if files.is_empty() {
        let mut entry = Vec::new();
        std::io::stdin()
            .take(limit)
            .read_to_end(&mut entry)
            .context("standard input")?;
        vec![("-".to_owned(), entry)].into_iter().unzip()
    } else {
        files
            .iter()
            .map(|file| Ok((file.display().to_string(), read_limited(file, limit)?)))
            .collect::<anyhow::Result<Vec<_>>>()?
            .into_iter()
            .unzip()
    };
    if let Some((name, entry)) = names
        .iter()
        .zip(&entries)
        .find(|(_, entry)| entry.len() > ENTRY_LIMIT)
    {
        bail!(
            "{name}: an entry is at most {ENTRY_LIMIT} bytes; this one is larger ({}+)",
            entry.len()
        );
    }
    let mut out = std::io::stdout().lock();
    for (names, entries) in names
        .chunks(batch_size.max(1))
        .zip(entries.chunks(batch_size.max(1)))
    {
        for (name, answer) in names.iter().zip(appender.append(entries)?) {
            let note = if answer.duplicate {
                "\t(already logged)"
            } else {
                ""
            };
            writeln!(out, "{}\t{name}{note}", answer.index)?;
        }
        out.flush()?;
    }
    Ok(ExitStatus::Success)
}
