//! `steward sbom`: the inventory written as CycloneDX or SPDX.

use std::path::Path;

use anyhow::Context;
use steward_model::{Inventory, Relationship};
use steward_sbom::{Request, Subject, SubjectKind};

use crate::cli::{InputArgs, SbomArgs};
use crate::commands::inventory::{collect, emit, is_complete, report_files};
use crate::config::Config;
use crate::environment::SOURCE_DATE_EPOCH;
use crate::exit_status::ExitStatus;
use crate::printer::Printer;

pub(crate) fn run(
    args: &SbomArgs,
    config: &Config,
    printer: Printer,
) -> anyhow::Result<ExitStatus> {
    let writer = steward_sbom::writer_by_id(&args.format)
        .with_context(|| format!("unknown SBOM format `{}`", args.format))?;
    let created = creation_time()?;
    let inventory = collect(&args.inputs, config, printer)?.inventory;
    report_files(&inventory, printer);
    let mut subject = subject(&args.inputs, &inventory)?;
    if let Some(name) = &args.subject_name {
        subject.name.clone_from(name);
    }
    subject.supplier.clone_from(&args.subject_supplier);
    if let Some(version) = &args.subject_version {
        subject.version = Some(version.clone());
    }
    let rendered = writer.write(&Request {
        inventory: &inventory,
        subject: &subject,
        created,
        tool_version: env!("CARGO_PKG_VERSION"),
    });
    emit(args.output.as_deref(), &rendered)?;
    Ok(if is_complete(&inventory, &args.inputs) {
        ExitStatus::Success
    } else {
        ExitStatus::Error
    })
}

/// `SOURCE_DATE_EPOCH` (seconds since 1970) when set, else now.
pub(crate) fn creation_time() -> anyhow::Result<jiff::Timestamp> {
    match std::env::var(SOURCE_DATE_EPOCH) {
        Ok(value) if !value.is_empty() => value
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|seconds| jiff::Timestamp::from_second(seconds).ok())
            .with_context(|| {
                format!("{SOURCE_DATE_EPOCH} is `{value}`, not a number of seconds since 1970")
            }),
        _ => Ok(jiff::Timestamp::now()),
    }
}

/// What the SBOM describes: the one image or root filesystem named, else the project (named
/// after the first directory or file, or the working directory, with the project's own version
/// when it is a single package).
pub(crate) fn subject(inputs: &InputArgs, inventory: &Inventory) -> anyhow::Result<Subject> {
    let only_one = usize::from(!inputs.image.is_empty())
        + usize::from(!inputs.root.is_empty())
        + usize::from(
            !inputs.paths.is_empty() || !inputs.sbom.is_empty() || !inputs.read_as.is_empty(),
        )
        == 1;
    if let ([image], true) = (inputs.image.as_slice(), only_one) {
        let digest = inventory
            .images
            .iter()
            .find(|read| &read.reference == image)
            .map(|read| read.digest.clone());
        // `dir/layout:tag` is named `layout:tag`.
        let name = image.rsplit('/').next().unwrap_or(image).to_owned();
        return Ok(Subject {
            kind: SubjectKind::Image,
            name,
            version: None,
            digest,
            supplier: None,
        });
    }
    if let ([root], true) = (inputs.root.as_slice(), only_one) {
        return Ok(Subject {
            kind: SubjectKind::RootFilesystem,
            name: directory_name(root)?,
            version: None,
            digest: None,
            supplier: None,
        });
    }
    let first = inputs
        .paths
        .first()
        .or(inputs.sbom.first())
        .or(inputs.read_as.first().map(|read_as| &read_as.path))
        .or(inputs.root.first())
        .map_or(Path::new("."), |path| path.as_path());
    let name = if first.is_file() {
        first
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        directory_name(first)?
    };
    let mut roots = inventory
        .packages
        .iter()
        .filter(|package| package.relationship == Relationship::Root);
    let version = match (roots.next(), roots.next()) {
        (Some(root), None) => root.version.clone(),
        _ => None,
    };
    Ok(Subject {
        kind: SubjectKind::Project,
        name,
        version,
        digest: None,
        supplier: None,
    })
}

/// A directory's own name (`/` for the root).
fn directory_name(path: &Path) -> anyhow::Result<String> {
    let absolute = std::path::absolute(path)
        .with_context(|| format!("cannot resolve `{}`", path.display()))?;
    let normalized: std::path::PathBuf = absolute.components().collect();
    Ok(normalized.file_name().map_or_else(
        || "/".to_owned(),
        |name| name.to_string_lossy().into_owned(),
    ))
}
