//! `steward inventory`: lists every package a project declares.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use steward_installed::Limits;
use steward_inventory::{ScanOptions, Target};
use steward_model::{FileStatus, Inventory, InventoryDocument, Package, Relationship, Scope};
use steward_purl::{Ecosystem, EcosystemName};
use steward_report::text_table::{Shrink, TextTable};

use crate::cli::{InputArgs, InventoryArgs, InventoryFormat};
use crate::config::Config;
use crate::exit_status::ExitStatus;
use crate::printer::Printer;

pub(crate) fn run(
    args: &InventoryArgs,
    config: &Config,
    printer: Printer,
) -> anyhow::Result<ExitStatus> {
    let Collected { inventory, .. } = collect(&args.inputs, config, printer)?;
    report_files(&inventory, printer);
    let complete = is_complete(&inventory, &args.inputs);
    let rendered = match args.format {
        InventoryFormat::Table => {
            // Fitted to the terminal, not to a file.
            let width = args
                .output
                .is_none()
                .then(crate::environment::output_width)
                .flatten();
            table(&inventory, width).into_bytes()
        }
        InventoryFormat::Json => {
            let mut json = serde_json::to_vec_pretty(&InventoryDocument::new(inventory))?;
            json.push(b'\n');
            json
        }
    };
    emit(args.output.as_deref(), &rendered)?;
    Ok(if complete {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    })
}

/// The inventory of every input, in canonical order, as the filters (`--ecosystem`,
/// `--exclude` and `[scan] exclude`) leave it.
pub(crate) struct Collected {
    pub(crate) inventory: Inventory,
    /// The exclusion globs applied.
    pub(crate) exclude: Vec<String>,
    /// Packages of the ecosystems not asked for.
    pub(crate) other_ecosystems: usize,
}

/// Collects the inventory of every input, in canonical order.
pub(crate) fn collect(
    args: &InputArgs,
    config: &Config,
    printer: Printer,
) -> anyhow::Result<Collected> {
    let exclude: Vec<String> = config
        .scan
        .exclude
        .iter()
        .chain(&args.exclude)
        .cloned()
        .collect();
    for glob in &args.exclude {
        steward_inventory::check_exclude(glob)?;
    }
    let ecosystems = args
        .ecosystems
        .iter()
        .map(|text| {
            Ecosystem::from_user_input(text)
                .map(|ecosystem| ecosystem.name().clone())
                .with_context(|| format!("`{text}` is not an ecosystem steward knows"))
        })
        .collect::<anyhow::Result<Vec<EcosystemName>>>()?;
    let spinner = printer.spinner("reading inputs");
    let mut inventory = walk_inputs(args, &exclude);
    drop(spinner);
    let other_ecosystems = if ecosystems.is_empty() {
        0
    } else {
        inventory.retain_packages(|package| ecosystems.contains(package.ecosystem.name()))
    };
    Ok(Collected {
        inventory,
        exclude,
        other_ecosystems,
    })
}

fn walk_inputs(args: &InputArgs, exclude: &[String]) -> Inventory {
    let limits = Limits {
        max_file_bytes: args.max_file_bytes,
        max_unpacked_bytes: args.max_unpacked_bytes,
        max_nesting: args.max_nesting,
        max_entries: args.max_entries,
    };
    let mut inventory = Inventory::default();
    let mut targets: Vec<Target> = Vec::new();
    for path in &args.paths {
        // A file no lockfile reader knows may be a binary or an archive.
        let artifact = (path.is_file()
            && path
                .file_name()
                .and_then(|name| name.to_str())
                .is_none_or(|name| steward_inventory::format_for_file(name).is_none()))
        .then(|| steward_installed::inventory_artifact(path, &limits))
        .flatten();
        match artifact {
            Some(found) => inventory.extend(found),
            None => targets.push(Target::Path(path.clone())),
        }
    }
    targets.extend(
        args.read_as
            .iter()
            .map(|read_as| Target::As(read_as.format, read_as.path.clone())),
    );
    targets.extend(args.sbom.iter().cloned().map(Target::Sbom));
    for root in &args.root {
        inventory.extend(steward_installed::inventory_root(root, &limits));
    }
    for image in &args.image {
        inventory.extend(steward_installed::inventory_image(image, &limits));
    }
    if args.is_empty() {
        targets.push(Target::Path(".".into()));
    }
    if !targets.is_empty() {
        inventory.extend(steward_inventory::scan(
            &targets,
            &ScanOptions {
                scan_all: args.scan_all,
                exclude: exclude.to_vec(),
            },
        ));
    }
    inventory.sort();
    inventory
}

/// Whether everything asked for was read: no input failed or was read in part, and, with
/// `--strict`, none carries a note.
pub(crate) fn is_complete(inventory: &Inventory, args: &InputArgs) -> bool {
    inventory.is_complete() && !(args.strict && inventory.has_notes())
}

/// Writes a report to `--output`, else to standard output.
pub(crate) fn emit(output: Option<&Path>, rendered: &[u8]) -> anyhow::Result<()> {
    if let Some(path) = output {
        std::fs::write(path, rendered)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    } else {
        let mut out = std::io::stdout().lock();
        out.write_all(rendered)?;
        out.flush()?;
    }
    Ok(())
}

/// Reports failed and partly read files on standard error, and a summary.
pub(crate) fn report_files(inventory: &Inventory, printer: Printer) {
    for file in &inventory.files {
        match &file.status {
            FileStatus::Read => {}
            FileStatus::Partial { skipped } => {
                printer.error(format_args!("{}: read only in part:", file.path));
                for line in skipped {
                    printer.detail(format_args!("{line}"));
                }
            }
            FileStatus::Failed { error } => printer.error(format_args!("{}: {error}", file.path)),
        }
        for note in &file.notes {
            printer.note(format_args!("{}: {note}", file.path));
        }
    }
    let failed = inventory
        .files
        .iter()
        .filter(|file| matches!(file.status, FileStatus::Failed { .. }))
        .count();
    let read = inventory.files.len() - failed;
    let notes: usize = inventory.files.iter().map(|file| file.notes.len()).sum();
    let mut asides = Vec::new();
    if failed > 0 {
        asides.push(format!("{failed} could not be read"));
    }
    if notes > 0 {
        asides.push(format!("{notes} note{}", if notes == 1 { "" } else { "s" }));
    }
    printer.status(format_args!(
        "{} packages from {read} file{}{}",
        inventory.packages.len(),
        if read == 1 { "" } else { "s" },
        if asides.is_empty() {
            String::new()
        } else {
            format!(" ({})", asides.join("; "))
        }
    ));
}

fn table(inventory: &Inventory, width: Option<usize>) -> String {
    if inventory.packages.is_empty() {
        return String::new();
    }
    let mut table = TextTable::new(&[
        ("ECOSYSTEM", Shrink::Never),
        ("NAME", Shrink::Middle),
        ("VERSION", Shrink::End),
        ("SCOPE", Shrink::Never),
        ("RELATIONSHIP", Shrink::Never),
        ("LICENSE", Shrink::Detail),
        ("LOCATION", Shrink::Start),
    ]);
    // One row per distinct package: a manifest's declaration of what a lockfile resolved, or
    // the same package found twice, is one row, at the resolved version.
    for members in inventory.distinct().groups {
        let package = &inventory.packages[members[0]];
        let line = package
            .location
            .line
            .map(|line| format!(":{line}"))
            .unwrap_or_default();
        let more = match members.len() {
            1 => String::new(),
            count => format!(" (+{} more)", count - 1),
        };
        table.row([
            package.ecosystem.to_string(),
            package.name.clone(),
            version(package),
            scope(package.scope).to_owned(),
            relationship(package.relationship).to_owned(),
            licenses(inventory, &members),
            format!("{}{line}{more}", package.location.file),
        ]);
    }
    table.render(width, false)
}

/// The licences recorded for a distinct package, in every place it was found, separated by
/// `; ` (each one holds; some may be free text).
fn licenses(inventory: &Inventory, members: &[usize]) -> String {
    steward_model::Distinct::licenses(inventory, members).join("; ")
}

/// The pinned version, else the declared requirement.
fn version(package: &Package) -> String {
    package
        .version
        .clone()
        .or_else(|| package.requirement.clone())
        .unwrap_or_default()
}

fn scope(scope: Scope) -> &'static str {
    match scope {
        Scope::Runtime => "runtime",
        Scope::Development => "dev",
        Scope::Optional => "optional",
        Scope::Build => "build",
        Scope::Peer => "peer",
    }
}

fn relationship(relationship: Relationship) -> &'static str {
    match relationship {
        Relationship::Root => "root",
        Relationship::Direct => "direct",
        Relationship::Transitive => "transitive",
        Relationship::Unknown => "",
    }
}
