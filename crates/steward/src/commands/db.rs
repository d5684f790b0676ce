//! `steward db`: the advisory database.

pub(crate) mod update;

use std::fmt::Write as _;

use std::path::PathBuf;

use anyhow::Context;
use steward_advisory::Store;
use steward_advisory::import::{ImportError, ImportReport, import_path};
use steward_osv::SnapshotInfo;

use crate::cli::{DatabaseArgs, DbCommand, DownloadArgs, StatusFormat};
use crate::commands::inventory::emit;
use crate::exit_status::ExitStatus;
use crate::printer::Printer;

/// A database not imported or updated for this long is stale.
const STALE_AFTER: jiff::SignedDuration = jiff::SignedDuration::from_hours(7 * 24);

pub(crate) fn run(command: &DbCommand, printer: Printer) -> anyhow::Result<ExitStatus> {
    match command {
        DbCommand::Import { database, paths } => import(&store(database)?, paths, printer),
        DbCommand::Update {
            database,
            download,
            ecosystems,
            full,
        } => update(&store(database)?, download, ecosystems, *full, printer),
        DbCommand::Status { database, format } => status(&store(database)?, *format, printer),
        DbCommand::Verify { database } => verify(&store(database)?, printer),
    }
}

/// The database `--db` (or `STEWARD_DB`) names, else the one in the user's data directory.
pub(crate) fn store(args: &DatabaseArgs) -> anyhow::Result<Store> {
    let dir = match &args.db {
        Some(dir) => dir.clone(),
        None => crate::environment::default_database_dir().context(
            "cannot tell where the advisory database goes: set STEWARD_DB, STEWARD_HOME or HOME, or pass --db",
        )?,
    };
    Ok(Store::new(dir))
}

fn import(store: &Store, paths: &[PathBuf], printer: Printer) -> anyhow::Result<ExitStatus> {
    let mut builder = store.build(|| waiting(store, printer))?;
    let now = jiff::Timestamp::now();
    let mut complete = true;
    let mut records = 0;
    let mut unreadable = false;
    for path in paths {
        match import_path(&mut builder, path, now) {
            Ok(report) => {
                records += report.records();
                print_report(
                    &format!("{}: {} records", path.display(), report.records()),
                    &report,
                    printer,
                );
                complete &= report.problems.is_empty();
            }
            Err(ImportError::Unreadable { path, reason }) => {
                printer.error(format_args!("{}: {reason}", path.display()));
                unreadable = true;
            }
            Err(ImportError::Store(error)) => return Err(error.into()),
        }
    }
    // A source that could not be read at all (a mistyped path), or nothing to import, must not
    // make a snapshot current that later scans would take for a checked database.
    if unreadable || records == 0 {
        drop(builder);
        printer.error("nothing was imported; the database stays as it was");
        return Ok(ExitStatus::Error);
    }
    let (info, changed) = builder.commit(now)?;
    print_snapshot(store, &info, changed, printer);
    Ok(if complete {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    })
}

fn update(
    store: &Store,
    download: &DownloadArgs,
    ecosystems: &[String],
    full: bool,
    printer: Printer,
) -> anyhow::Result<ExitStatus> {
    let updated = update::update(store, &download.mirrors, ecosystems, full, printer)?;
    print_snapshot(store, &updated.info, updated.changed, printer);
    Ok(if updated.complete {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    })
}

fn verify(store: &Store, printer: Printer) -> anyhow::Result<ExitStatus> {
    let Some(snapshot) = store.open()? else {
        printer.error(format_args!(
            "there is no advisory database in `{}` to verify",
            store.dir().display()
        ));
        return Ok(ExitStatus::Error);
    };
    let verification = snapshot.verify()?;
    let digest = &snapshot.info().digest;
    if verification.problems.is_empty() {
        printer.status(format_args!(
            "snapshot {digest}: {} records, each as stored, and the index and digest agree",
            verification.records
        ));
        return Ok(ExitStatus::Success);
    }
    printer.error(format_args!(
        "snapshot {digest} was changed after it was built ({} differences):",
        verification.problems.len()
    ));
    for problem in &verification.problems {
        printer.detail(problem);
    }
    printer
        .detail("build a new one with `steward db update --full` or `steward db import PATH...`");
    Ok(ExitStatus::Error)
}

fn status(store: &Store, format: StatusFormat, printer: Printer) -> anyhow::Result<ExitStatus> {
    let Some(snapshot) = store.open()? else {
        printer.error(format_args!(
            "there is no advisory database in `{}` yet; fill it with `steward db update` (download) or `steward db import PATH` (OSV records)",
            store.dir().display()
        ));
        return Ok(ExitStatus::Error);
    };
    let info = snapshot.info();
    warn_if_stale(info, printer);
    let rendered = match format {
        StatusFormat::Json => {
            let mut json = serde_json::to_vec_pretty(&serde_json::json!({
                "database": store.dir(),
                "snapshot": info,
            }))?;
            json.push(b'\n');
            json
        }
        StatusFormat::Table => {
            let mut text = format!(
                "database    {}\nsnapshot    {}\ncreated     {}\nrecords     {} ({} withdrawn)\n",
                store.dir().display(),
                info.digest,
                info.created,
                info.records,
                info.withdrawn
            );
            text.push_str("ecosystems\n");
            for (ecosystem, count) in &info.ecosystems {
                let _ = writeln!(text, "  {ecosystem:<24} {count}");
            }
            text.push_str("sources\n");
            for source in &info.sources {
                let _ = writeln!(
                    text,
                    "  {}  {}{}  {} records  read {}",
                    source.name,
                    source.kind,
                    source
                        .revision
                        .as_ref()
                        .map(|revision| format!(" {revision}"))
                        .unwrap_or_default(),
                    source.records,
                    source.imported
                );
            }
            text.into_bytes()
        }
    };
    emit(None, &rendered)?;
    Ok(ExitStatus::Success)
}

/// What reading one source did: `heading` and the counts, then each record not read.
pub(crate) fn print_report(heading: &str, report: &ImportReport, printer: Printer) {
    printer.status(format_args!(
        "{heading} ({} new, {} updated, {} unchanged){}",
        report.new,
        report.updated,
        report.unchanged,
        if report.problems.is_empty() {
            String::new()
        } else {
            format!(", {} could not be read", report.problems.len())
        }
    ));
    for problem in &report.problems {
        printer.error(format_args!("{}: {}", problem.file, problem.reason));
    }
}

/// The snapshot an import or update left current.
fn print_snapshot(store: &Store, info: &SnapshotInfo, changed: bool, printer: Printer) {
    printer.status(format_args!(
        "{} snapshot {} ({} records) in {}",
        if changed { "new" } else { "unchanged" },
        info.digest,
        info.records,
        store.dir().display()
    ));
}

/// Says that another steward is updating the database, and this one waits for it.
pub(crate) fn waiting(store: &Store, printer: Printer) {
    printer.status(format_args!(
        "waiting for another steward to finish updating the database in `{}`",
        store.dir().display()
    ));
}

/// Warns when no source was read for a week.
pub(crate) fn warn_if_stale(info: &steward_osv::SnapshotInfo, printer: Printer) {
    let last = info
        .sources
        .iter()
        .filter_map(|source| source.imported.parse::<jiff::Timestamp>().ok())
        .max();
    let Some(last) = last else {
        return;
    };
    let age = jiff::Timestamp::now().duration_since(last);
    if age > STALE_AFTER {
        printer.warning(format_args!(
            "the advisory database was last imported or updated {} days ago ({last}); newer advisories are missing",
            age.as_hours() / 24
        ));
    }
}
