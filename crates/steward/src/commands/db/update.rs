//! `steward db update`: advisories downloaded from OSV's per-ecosystem archives, or from a mirror
//! with the same layout (`<ecosystem>/all.zip`, `<ecosystem>/modified_id.csv`,
//! `<ecosystem>/<id>.json`).
//!
//! The first update of an ecosystem downloads its `all.zip`, resumable. Later ones read
//! `modified_id.csv` and fetch only the records modified since the newest one already read,
//! unless more than [`INCREMENTAL_LIMIT`] changed, when the archive is cheaper. Everything goes
//! into one new snapshot that becomes current only when complete, so an update that fails or is
//! killed leaves the previous database as it was; an ecosystem that cannot be had from any mirror
//! keeps its previous records and makes the exit status 2.

use std::path::{Path, PathBuf};

use anyhow::Context;
use rayon::prelude::*;
use reqwest::Url;
use steward_advisory::Store;
use steward_advisory::import::{ImportReport, import_archive, import_records, modified_since};
use steward_advisory::store::Builder;
use steward_osv::SnapshotInfo;
use steward_osv::SourceInfo;

use crate::download::{DownloadError, Downloader, check_address};
use crate::printer::Printer;

/// OSV's public export of every ecosystem's advisories.
pub(crate) const DEFAULT_MIRROR: &str = "https://osv-vulnerabilities.storage.googleapis.com";

/// What `db update` downloads into an empty database when no ecosystem is named: the language
/// ecosystems whose lockfiles and manifests steward reads.
pub(crate) const DEFAULT_ECOSYSTEMS: &[&str] = &[
    "crates.io",
    "Go",
    "Hex",
    "Maven",
    "npm",
    "NuGet",
    "Packagist",
    "Pub",
    "PyPI",
    "RubyGems",
];

/// Above this many changed records, the whole archive is downloaded instead of each record.
const INCREMENTAL_LIMIT: usize = 2000;

/// How many records are fetched at once in an incremental update.
const PARALLEL_FETCHES: usize = 8;

/// The source kind of downloaded records.
const KIND: &str = "download";

/// What an update did.
pub(crate) struct Updated {
    /// The snapshot now current.
    pub(crate) info: SnapshotInfo,
    /// Whether its records differ from the previous snapshot's.
    pub(crate) changed: bool,
    /// Whether every ecosystem was updated and every record read.
    pub(crate) complete: bool,
}

/// Updates `ecosystems` (when empty: those downloaded before, else [`DEFAULT_ECOSYSTEMS`]) from
/// the first of `mirrors` that has them.
pub(crate) fn update(
    store: &Store,
    mirrors: &[String],
    ecosystems: &[String],
    full: bool,
    printer: Printer,
) -> anyhow::Result<Updated> {
    let mirrors = parse_mirrors(mirrors)?;
    let downloader = Downloader::new()?;
    let mut builder = store.build(|| super::waiting(store, printer))?;
    let ecosystems = if ecosystems.is_empty() {
        let downloaded = downloaded_ecosystems(builder.sources());
        if downloaded.is_empty() {
            DEFAULT_ECOSYSTEMS
                .iter()
                .map(|&name| name.to_owned())
                .collect()
        } else {
            downloaded
        }
    } else {
        ecosystems.to_vec()
    };
    let now = jiff::Timestamp::now();
    let downloads = store.dir().join("downloads");
    let mut complete = true;
    let mut updated = 0;
    let mut archives = Vec::new();
    for ecosystem in &ecosystems {
        let cursor = if full {
            None
        } else {
            cursor(builder.sources(), ecosystem)
        };
        let mut done = false;
        for mirror in &mirrors {
            let mut task = Task {
                downloader: &downloader,
                builder: &mut builder,
                mirror,
                ecosystem,
                printer,
            };
            match task.run(cursor, &downloads) {
                Ok(outcome) => {
                    report(&outcome, ecosystem, printer);
                    complete &= outcome.report.problems.is_empty();
                    builder.record_source(SourceInfo {
                        name: source_name(mirror, ecosystem),
                        kind: KIND.to_owned(),
                        // A record's own `modified` in the future must not move the
                        // cursor past today, or every later update would skip changes.
                        revision: outcome
                            .report
                            .newest_modified
                            .max(cursor)
                            .map(|newest| newest.min(now).to_string()),
                        imported: now.to_string(),
                        records: outcome.report.records(),
                    });
                    archives.extend(outcome.archive);
                    done = true;
                    break;
                }
                Err(error) => printer.warning(format_args!("{ecosystem}: {error:#}")),
            }
        }
        if !done {
            printer.error(format_args!(
                "{ecosystem}: no mirror could be read; its advisories stay as they were"
            ));
            complete = false;
        }
        updated += usize::from(done);
    }
    if updated == 0 {
        printer.detail(
            "without the network: `steward db import PATH...` reads OSV's all.zip archives, directories or git checkouts; `--mirror URL` names another server; `steward scan --offline` scans with the database as it is",
        );
        anyhow::bail!("no ecosystem could be downloaded; the database stays as it was");
    }
    let (info, changed) = builder.commit(now)?;
    for archive in archives {
        // Imported and committed; a leftover would only cost space.
        let _ = std::fs::remove_file(archive);
    }
    Ok(Updated {
        info,
        changed,
        complete,
    })
}

fn parse_mirrors(mirrors: &[String]) -> anyhow::Result<Vec<Url>> {
    let mirrors: Vec<&str> = if mirrors.is_empty() {
        vec![DEFAULT_MIRROR]
    } else {
        mirrors.iter().map(String::as_str).collect()
    };
    mirrors
        .into_iter()
        .map(|mirror| {
            let url = Url::parse(mirror.trim_end_matches('/'))
                .with_context(|| format!("`{mirror}` is not a mirror address"))?;
            check_address(&url)?;
            Ok(url)
        })
        .collect()
}

/// The source name of an ecosystem read from a mirror: `<mirror>/<ecosystem>`, the ecosystem
/// not escaped, so that it reads back.
fn source_name(mirror: &Url, ecosystem: &str) -> String {
    format!("{}/{ecosystem}", mirror.as_str().trim_end_matches('/'))
}

/// The ecosystems downloaded before, from any mirror.
fn downloaded_ecosystems<'a>(sources: impl Iterator<Item = &'a SourceInfo>) -> Vec<String> {
    let mut ecosystems: Vec<String> = sources
        .filter_map(downloaded_ecosystem)
        .map(str::to_owned)
        .collect();
    ecosystems.sort();
    ecosystems.dedup();
    ecosystems
}

/// The newest `modified` time already read of `ecosystem`, from any mirror (mirrors are copies).
fn cursor<'a>(
    sources: impl Iterator<Item = &'a SourceInfo>,
    ecosystem: &str,
) -> Option<jiff::Timestamp> {
    sources
        .filter(|source| downloaded_ecosystem(source) == Some(ecosystem))
        .filter_map(|source| source.revision.as_deref()?.parse().ok())
        .max()
}

/// The ecosystem a downloaded source is of, read back from its [`source_name`].
fn downloaded_ecosystem(source: &SourceInfo) -> Option<&str> {
    if source.kind != KIND {
        return None;
    }
    Some(source.name.rsplit_once('/')?.1)
}

/// What updating one ecosystem from one mirror did.
struct Outcome {
    report: ImportReport,
    /// The archive downloaded, to remove once the snapshot is committed.
    archive: Option<PathBuf>,
    /// How many changed records the mirror listed, for an incremental update.
    listed: Option<usize>,
}

/// Updating one ecosystem from one mirror.
struct Task<'a> {
    downloader: &'a Downloader,
    builder: &'a mut Builder,
    mirror: &'a Url,
    ecosystem: &'a str,
    printer: Printer,
}

impl Task<'_> {
    fn run(
        &mut self,
        cursor: Option<jiff::Timestamp>,
        downloads: &Path,
    ) -> anyhow::Result<Outcome> {
        if let Some(cursor) = cursor {
            match self.incremental(cursor) {
                Ok(Some(outcome)) => return Ok(outcome),
                Ok(None) => {}
                Err(error) => self.printer.warning(format_args!(
                    "{}: {error:#}; downloading the whole archive instead",
                    self.ecosystem
                )),
            }
        }
        self.full(downloads)
    }

    fn url(&self, file: &str) -> Url {
        let mut url = self.mirror.clone();
        if let Ok(mut segments) = url.path_segments_mut() {
            segments.pop_if_empty().push(self.ecosystem).push(file);
        }
        url
    }

    /// The records changed since `cursor`, one by one; `None` when the mirror has no list of
    /// changes or too many changed.
    fn incremental(&mut self, cursor: jiff::Timestamp) -> anyhow::Result<Option<Outcome>> {
        let list = self.url("modified_id.csv");
        let Some(csv) = self.downloader.bytes(&list)? else {
            return Ok(None);
        };
        let listed = modified_since(&csv, jiff::Timestamp::MIN)
            .map_err(|reason| anyhow::anyhow!("{list}: {reason}"))?;
        if let Some(newest) = listed.iter().map(|(modified, _)| *modified).max() {
            let latest_plausible = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24);
            let doubt = if newest < cursor {
                Some(format!(
                    "the change list ends at {newest}, before the {cursor} this database already has: the mirror went back"
                ))
            } else if newest > latest_plausible {
                Some(format!("the change list is dated in the future ({newest})"))
            } else {
                None
            };
            if let Some(doubt) = doubt {
                self.printer.warning(format_args!(
                    "{}: {doubt}; downloading the whole archive instead",
                    self.ecosystem
                ));
                return Ok(None);
            }
        }
        let changed: Vec<(jiff::Timestamp, String)> = listed
            .into_iter()
            .filter(|(modified, _)| *modified >= cursor)
            .collect();
        if changed.len() > INCREMENTAL_LIMIT {
            return Ok(None);
        }
        let progress = self.printer.progress(
            None,
            format!("{} ({} changed records)", self.ecosystem, changed.len()),
        );
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(PARALLEL_FETCHES)
            .build()?;
        let urls: Vec<Url> = changed
            .iter()
            .map(|(_, id)| self.url(&format!("{id}.json")))
            .collect();
        let downloader = self.downloader;
        let fetched: Vec<Result<(String, Vec<u8>), DownloadError>> = pool.install(|| {
            urls.into_par_iter()
                .map(|url| {
                    let body = downloader
                        .bytes(&url)?
                        .ok_or_else(|| DownloadError::Failed {
                            url: url.clone(),
                            reason: "listed in modified_id.csv but not there".to_owned(),
                        })?;
                    progress.inc(body.len() as u64);
                    Ok((url.to_string(), body))
                })
                .collect()
        });
        progress.finish_and_clear();
        let mut records = Vec::with_capacity(fetched.len());
        for record in fetched {
            records.push(record?);
        }
        let mut report = ImportReport::default();
        import_records(
            self.builder,
            &mut records,
            &source_name(self.mirror, self.ecosystem),
            &mut report,
        )?;
        Ok(Some(Outcome {
            report,
            archive: None,
            listed: Some(changed.len()),
        }))
    }

    /// The whole `all.zip`, downloaded (resuming an earlier attempt) and imported.
    fn full(&mut self, downloads: &Path) -> anyhow::Result<Outcome> {
        let url = self.url("all.zip");
        let archive = downloads.join(format!("{}.zip", file_name(self.ecosystem)));
        let progress = self
            .printer
            .progress(Some(0), format!("{} all.zip", self.ecosystem));
        let found = self.downloader.file(&url, &archive, &progress);
        progress.finish_and_clear();
        if !found? {
            anyhow::bail!("{url}: the mirror has no archive for this ecosystem");
        }
        let mut report = ImportReport::default();
        let imported = import_archive(
            self.builder,
            &archive,
            &source_name(self.mirror, self.ecosystem),
            &mut report,
        );
        if imported.is_err() {
            // Not a readable archive: the next update downloads it afresh.
            let _ = std::fs::remove_file(&archive);
        }
        imported?;
        Ok(Outcome {
            report,
            archive: Some(archive),
            listed: None,
        })
    }
}

/// An ecosystem name as a file name.
fn file_name(ecosystem: &str) -> String {
    ecosystem
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() || "-_.".contains(character) {
                character
            } else {
                '_'
            }
        })
        .collect()
}

fn report(outcome: &Outcome, ecosystem: &str, printer: Printer) {
    let heading = match outcome.listed {
        Some(listed) => format!("{ecosystem}: {listed} records fetched from the list of changes"),
        None => format!(
            "{ecosystem}: archive of {} records",
            outcome.report.records()
        ),
    };
    super::print_report(&heading, &outcome.report, printer);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_read_back_their_ecosystem_and_cursor() {
        let mirror = Url::parse("https://mirror.example/osv").unwrap();
        let source = |ecosystem: &str, revision: &str| SourceInfo {
            name: source_name(&mirror, ecosystem),
            kind: KIND.to_owned(),
            revision: Some(revision.to_owned()),
            imported: "2024-06-01T00:00:00Z".to_owned(),
            records: 1,
        };
        let sources = [
            source("Azure Linux", "2024-05-01T00:00:00Z"),
            source("PyPI", "2024-05-03T00:00:00Z"),
            source("PyPI", "2024-05-02T00:00:00Z"),
        ];
        assert_eq!(
            downloaded_ecosystems(sources.iter()),
            ["Azure Linux", "PyPI"]
        );
        assert_eq!(
            cursor(sources.iter(), "PyPI").map(|cursor| cursor.to_string()),
            Some("2024-05-03T00:00:00Z".to_owned())
        );
        assert_eq!(cursor(sources.iter(), "npm"), None);
    }
}
