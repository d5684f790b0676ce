//! `steward scan`: the inventory matched against the advisory database.

use anyhow::Context;
use steward_license::{LicenseCheck, Policy};
use steward_osv::filter::Filter;
use steward_osv::matching::{Kind, Matches, match_inventory};
use steward_osv::policy::{self, Suppression};
use steward_osv::{Level, SnapshotInfo};
use steward_report::{Filters, Licenses, Presentation, Scan};

use std::collections::BTreeSet;

use steward_model::Inventory;
use steward_purl::EcosystemName;

use crate::cli::{DownloadArgs, FailOn, ScanArgs};
use crate::commands::db::{store, update, warn_if_stale};
use crate::commands::inventory::{collect, emit, is_complete, report_files};
use crate::commands::sbom::{creation_time, subject};
use crate::config::{Config, LicensesConfig};
use crate::exit_status::ExitStatus;
use crate::printer::Printer;

pub(crate) fn run(
    args: &ScanArgs,
    config: &Config,
    printer: Printer,
) -> anyhow::Result<ExitStatus> {
    let renderer = steward_report::renderer_by_id(&args.format)
        .with_context(|| format!("unknown report format `{}`", args.format))?;
    let store = store(&args.database)?;
    let created = creation_time()?;
    let policy = license_policy(args, config)?;
    let collected = collect(&args.inputs, config, printer)?;
    let inventory = collected.inventory;
    report_files(&inventory, printer);
    let subject = subject(&args.inputs, &inventory)?;
    let mut snapshot = store.open()?;
    let mut complete = is_complete(&inventory, &args.inputs);
    if snapshot.is_none() && !args.offline {
        (snapshot, complete) = match first_update(&store, &args.download, &inventory, printer)? {
            Some((snapshot, updated)) => (Some(snapshot), complete && updated),
            None => (None, complete),
        };
    }
    let suppressions: Vec<Suppression> = config
        .suppress
        .iter()
        .map(crate::config::SuppressConfig::to_suppression)
        .collect();
    let matches = if let Some(snapshot) = &snapshot {
        warn_if_stale(snapshot.info(), printer);
        let unchecked: Vec<String> = ecosystems_of(&inventory)
            .into_iter()
            .filter(|ecosystem| !snapshot.info().ecosystems.contains_key(ecosystem))
            .collect();
        if !unchecked.is_empty() {
            // "0 vulnerabilities" would be a silent all clear: these were never checked.
            printer.error(format_args!(
                "the advisory database has no records for {}, so those packages were not checked",
                unchecked.join(", ")
            ));
            printer.detail(format_args!(
                "get them with `steward db update --ecosystem {}` or `steward db import PATH...`",
                unchecked[0]
            ));
            complete = false;
        }
        match_inventory(&inventory, |ecosystem, name| {
            snapshot.advisories_of(ecosystem, name)
        })?
    } else {
        printer.error(format_args!(
            "there is no advisory database in `{}`, so no package was checked for vulnerabilities",
            store.dir().display()
        ));
        printer.detail(
            "fill it with `steward db update` (downloads OSV's advisories) or `steward db import PATH...` (directories, git checkouts or OSV `all.zip` archives)",
        );
        Matches::default()
    };
    // Filters first, so that suppressions, reports and the exit status see what is shown.
    let filter = Filter {
        levels: (!args.severity.is_empty())
            .then(|| args.severity.iter().map(|choice| choice.level()).collect()),
        ignore_unfixed: args.ignore_unfixed,
    };
    let (shown, left_out) = filter.apply(&matches);
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let mut applied = policy::apply(&suppressions, &inventory, &shown, today);
    // A suppression of a finding the filters hide is still in use, not one to remove.
    let unused_before_filters = policy::apply(&suppressions, &inventory, &matches, today).unused;
    applied
        .unused
        .retain(|index| unused_before_filters.contains(index));
    let matches = shown;
    for &index in &applied.expired {
        let suppression = &suppressions[index];
        printer.warning(format_args!(
            "the suppression of {} expired on {}; it no longer applies",
            suppression.id, suppression.expires
        ));
    }
    for &index in &applied.unused {
        printer.warning(format_args!(
            "the suppression of {} matches no finding; remove it from the configuration",
            suppressions[index].id
        ));
    }
    let filters = Filters {
        severity: args
            .severity
            .iter()
            .map(|choice| choice.name().to_owned())
            .collect(),
        ignore_unfixed: args.ignore_unfixed,
        ecosystems: args.inputs.ecosystems.clone(),
        exclude: collected.exclude,
        findings_of_other_severities: left_out.by_severity,
        unfixed_findings: left_out.unfixed,
        packages_of_other_ecosystems: collected.other_ecosystems,
        excluded_paths: inventory.excluded.len(),
    };
    let license_check = policy.as_ref().map(|policy| policy.check(&inventory));
    let database: Option<&SnapshotInfo> = snapshot.as_ref().map(steward_advisory::Snapshot::info);
    let scan = Scan {
        inventory: &inventory,
        database,
        matches: &matches,
        suppressions: &suppressions,
        applied: &applied,
        tool_version: env!("CARGO_PKG_VERSION"),
        subject: &subject,
        created,
        filters: &filters,
        presentation: &presentation(args),
        licenses: policy
            .as_ref()
            .zip(license_check.as_ref())
            .map(|(policy, check)| Licenses { policy, check }),
    };
    emit(args.output.as_deref(), &renderer.render(&scan))?;
    // The table ends with the summary already.
    if args.format != "table" || args.output.is_some() {
        printer.status(format_args!("{}", steward_report::summary_sentence(&scan)));
    }
    if snapshot.is_none() || !complete {
        return Ok(ExitStatus::Error);
    }
    let licenses_fail = license_check.as_ref().is_some_and(LicenseCheck::fails);
    Ok(
        if fails(&matches, &applied, args.fail_on) || licenses_fail {
            ExitStatus::Findings
        } else {
            ExitStatus::Success
        },
    )
}

/// The licence policy to check, when `--licenses` asks for one: `[licenses]` of `steward.toml`.
fn license_policy(args: &ScanArgs, config: &Config) -> anyhow::Result<Option<Policy>> {
    if !args.licenses {
        return Ok(None);
    }
    let policy = config.licenses.as_ref().map(LicensesConfig::to_policy).context(
        "`--licenses` checks the licence policy of steward.toml, and there is no `[licenses]` table (see docs/configuration.md)",
    )?;
    Ok(Some(policy))
}

/// How the table and Markdown are laid out: to the terminal's width and in color when they go
/// to one (`--color`, `NO_COLOR`), with paths relative to the one directory scanned.
fn presentation(args: &ScanArgs) -> Presentation {
    let to_stdout = args.output.is_none();
    let base = match args.inputs.paths.as_slice() {
        [directory] if directory.is_dir() => Some(directory.display().to_string()),
        _ => None,
    };
    Presentation {
        width: to_stdout.then(crate::environment::output_width).flatten(),
        color: to_stdout
            && anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never,
        base,
    }
}

/// The advisory ecosystems of the inventory's packages, as the database names them (`Debian`,
/// not `Debian:12`), sorted; ecosystems OSV does not know are left out.
fn ecosystems_of(inventory: &Inventory) -> Vec<String> {
    inventory
        .packages
        .iter()
        .map(|package| package.ecosystem.name())
        .filter(|name| !matches!(name, EcosystemName::Other(_)))
        .map(|name| name.as_str().to_owned())
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect()
}

/// Downloads the advisories of the inventory's ecosystems into an empty database: the snapshot,
/// and whether every ecosystem was had. A failed download is reported, and the scan goes on
/// without a database.
fn first_update(
    store: &steward_advisory::Store,
    download: &DownloadArgs,
    inventory: &Inventory,
    printer: Printer,
) -> anyhow::Result<Option<(steward_advisory::Snapshot, bool)>> {
    let ecosystems = ecosystems_of(inventory);
    if ecosystems.is_empty() {
        return Ok(None);
    }
    printer.status(format_args!(
        "there is no advisory database in `{}` yet; downloading the advisories of {} (`--offline` not to)",
        store.dir().display(),
        ecosystems.join(", ")
    ));
    match update::update(store, &download.mirrors, &ecosystems, false, printer) {
        Ok(updated) => Ok(store.open()?.map(|snapshot| (snapshot, updated.complete))),
        Err(error) => {
            printer.error_chain(&error.context("the advisory database could not be downloaded"));
            Ok(None)
        }
    }
}

/// Whether a vulnerability that is not suppressed reaches the threshold; an unrated one reaches
/// every threshold.
fn fails(matches: &Matches, applied: &policy::Applied, fail_on: FailOn) -> bool {
    let threshold = match fail_on {
        FailOn::Never => return false,
        FailOn::Low => Level::Low,
        FailOn::Medium => Level::Medium,
        FailOn::High => Level::High,
        FailOn::Critical => Level::Critical,
    };
    matches
        .matched
        .iter()
        .enumerate()
        .any(|(matched_index, matched)| {
            // A record steward could not evaluate is not ruled out: like an unrated
            // vulnerability, it reaches every threshold unless suppressed.
            let undetermined = (0..matched.undetermined.len())
                .any(|at| applied.of_undetermined(matched_index, at).is_none());
            undetermined
                || matched
                    .findings
                    .iter()
                    .enumerate()
                    .any(|(finding_index, finding)| {
                        finding.kind == Kind::Vulnerability
                            && applied.of(matched_index, finding_index).is_none()
                            && finding
                                .severity
                                .as_ref()
                                .is_none_or(|severity| severity.level >= threshold)
                    })
        })
}
