//! `steward log cosign`: asks each witness of a policy that has a URL to cosign the log's
//! current checkpoint (C2SP tlog-witness `add-checkpoint`, with a consistency proof from the
//! size the witness last cosigned), checks each cosignature with the witness's key, and adds
//! those that verify to the checkpoint.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context as _;
use reqwest::{StatusCode, Url};
use steward_tlog::cosignature::{self, Witness};
use steward_tlog::witness_policy::WitnessPolicy;
use steward_tlog_store::store::LogDir;

use crate::download::Downloader;
use crate::exit_status::ExitStatus;

/// A witness answers a few signature lines.
const REPLY_LIMIT: u64 = 64 * 1024;

pub(super) fn cosign(dir: &Path, policy_path: &Path) -> anyhow::Result<ExitStatus> {
    let log = LogDir::open(dir)?;
    let policy = super::verify_proof::read_policy(policy_path)?;
    let downloader = Downloader::new()?;
    let all_cosigned = cosign_current(&log, &policy, &downloader, &mut std::io::stdout().lock())?;
    Ok(if all_cosigned {
        ExitStatus::Success
    } else {
        ExitStatus::Findings
    })
}

/// Asks every witness of `policy` with a URL to cosign the log's current checkpoint, adds the
/// cosignatures that verify, and reports each witness on `out`; true when all cosigned.
pub(super) fn cosign_current(
    log: &LogDir,
    policy: &WitnessPolicy,
    downloader: &Downloader,
    out: &mut impl std::io::Write,
) -> anyhow::Result<bool> {
    let (note, current) = log.checkpoint()?;
    let sizes_path = log.root().join(".steward").join("witnessed");
    let mut sizes = read_sizes(&sizes_path);
    let mut lines = Vec::new();
    let mut all_cosigned = true;
    for witness in policy.witnesses() {
        let Some(url) = witness.url() else {
            continue;
        };
        let last_size = sizes.get(witness.name()).copied();
        match ask(log, downloader, witness, url, &note, last_size) {
            Ok(line) => {
                writeln!(
                    out,
                    "cosigned  {} ({} entries)",
                    witness.name(),
                    current.size
                )?;
                sizes.insert(witness.name().to_owned(), current.size);
                lines.push(line);
            }
            Err(error) => {
                all_cosigned = false;
                writeln!(out, "NOT COSIGNED  {} ({url}): {error:#}", witness.name())?;
            }
        }
    }
    let mut text = String::new();
    for (name, size) in &sizes {
        _ = writeln!(text, "{name} {size}");
    }
    std::fs::write(&sizes_path, text).with_context(|| sizes_path.display().to_string())?;
    if !lines.is_empty() && !log.add_cosignatures(&note, &lines)? {
        writeln!(
            out,
            "the log has a newer checkpoint; its cosignatures were not added"
        )?;
        all_cosigned = false;
    }
    Ok(all_cosigned)
}

/// The size each witness last cosigned, by name (`NAME SIZE` lines).
fn read_sizes(path: &Path) -> BTreeMap<String, u64> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let (name, size) = line.split_once(' ')?;
            Some((name.to_owned(), size.parse().ok()?))
        })
        .collect()
}

/// The witness's cosignature line over `note`, checked with its key.
fn ask(
    log: &LogDir,
    downloader: &Downloader,
    witness: &Witness,
    url: &str,
    note: &[u8],
    last_size: Option<u64>,
) -> anyhow::Result<String> {
    let endpoint = Url::parse(&format!("{}/add-checkpoint", url.trim_end_matches('/')))
        .with_context(|| format!("{url} is not a URL"))?;
    let mut old = last_size.unwrap_or(0);
    for _attempt in 0..2 {
        let body = log.prove_consistency(old, note)?.to_text();
        let (status, reply) = downloader.post(&endpoint, body, REPLY_LIMIT)?;
        let reply = String::from_utf8_lossy(&reply).into_owned();
        match status {
            StatusCode::OK => {
                let lines: Vec<String> = reply
                    .lines()
                    .filter(|line| line.starts_with("\u{2014} "))
                    .map(|line| format!("{line}\n"))
                    .collect();
                let cosigned = cosignature::add_signature_lines(note, &lines);
                let found = cosignature::verify(&cosigned, std::slice::from_ref(witness))?;
                anyhow::ensure!(
                    !found.is_empty(),
                    "the reply holds no cosignature by its key"
                );
                let own = lines
                    .into_iter()
                    .find(|line| line.starts_with(&format!("\u{2014} {} ", witness.name())))
                    .context("no cosignature line")?;
                return Ok(own);
            }
            StatusCode::CONFLICT => {
                old = reply
                    .trim()
                    .parse()
                    .with_context(|| format!("409 with a size that is not a number: {reply:?}"))?;
            }
            status => anyhow::bail!("{status}: {}", reply.trim()),
        }
    }
    anyhow::bail!("the witness kept answering 409 Conflict")
}
