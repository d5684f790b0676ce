//! `steward version compare` and `steward version sort`: versions by an ecosystem's own rules.

use std::cmp::Ordering;
use std::io::{BufRead, BufWriter, Write};

use anyhow::anyhow;
use steward_version::{Scheme, Version};

use crate::cli::VersionCommand;
use crate::exit_status::ExitStatus;
use crate::printer::Printer;

pub(crate) fn run(command: &VersionCommand, printer: Printer) -> anyhow::Result<ExitStatus> {
    match command {
        VersionCommand::Compare {
            ecosystem,
            left,
            right,
        } => {
            let scheme = scheme(ecosystem)?;
            match (left, right) {
                (Some(left), Some(right)) => compare_pair(scheme, left, right),
                _ => compare_lines(scheme, printer),
            }
        }
        VersionCommand::Sort { ecosystem, reverse } => sort(scheme(ecosystem)?, *reverse, printer),
    }
}

fn scheme(ecosystem: &str) -> anyhow::Result<Scheme> {
    Scheme::from_user_input(ecosystem).map_err(|reason| {
        let names: Vec<&str> = Scheme::ALL.iter().map(|scheme| scheme.name()).collect();
        anyhow!("{reason}\n\nhint: give an OSV ecosystem (`PyPI`, `npm`, `Maven`, `Debian:12`, …) or a scheme: {}", names.join(", "))
    })
}

fn symbol(ordering: Ordering) -> &'static str {
    match ordering {
        Ordering::Less => "<",
        Ordering::Equal => "=",
        Ordering::Greater => ">",
    }
}

fn compare_pair(scheme: Scheme, left: &str, right: &str) -> anyhow::Result<ExitStatus> {
    let ordering = scheme.parse(left)?.cmp(&scheme.parse(right)?);
    let mut out = std::io::stdout().lock();
    writeln!(out, "{}", symbol(ordering))?;
    out.flush()?;
    Ok(ExitStatus::Success)
}

fn compare_lines(scheme: Scheme, printer: Printer) -> anyhow::Result<ExitStatus> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut status = ExitStatus::Success;
    for (index, line) in std::io::stdin().lock().lines().enumerate() {
        let number = index + 1;
        let line =
            line.map_err(|error| anyhow!("cannot read standard input at line {number}: {error}"))?;
        let words: Vec<&str> = line.split_whitespace().collect();
        let answer = match words.as_slice() {
            [left, right] => scheme
                .parse(left)
                .and_then(|left| Ok(left.cmp(&scheme.parse(right)?)))
                .map_err(|error| error.to_string()),
            other => Err(format!("expected two versions, found {}", other.len())),
        };
        match answer {
            Ok(ordering) => writeln!(out, "{}", symbol(ordering))?,
            Err(reason) => {
                writeln!(out, "!")?;
                printer.error(format!("line {number}: {reason}"));
                status = ExitStatus::Error;
            }
        }
    }
    out.flush()?;
    Ok(status)
}

fn sort(scheme: Scheme, reverse: bool, printer: Printer) -> anyhow::Result<ExitStatus> {
    let mut status = ExitStatus::Success;
    let mut versions: Vec<(Version, String)> = Vec::new();
    for (index, line) in std::io::stdin().lock().lines().enumerate() {
        let number = index + 1;
        let line =
            line.map_err(|error| anyhow!("cannot read standard input at line {number}: {error}"))?;
        let text = line.trim();
        if text.is_empty() {
            continue;
        }
        match scheme.parse(text) {
            Ok(version) => versions.push((version, text.to_owned())),
            Err(error) => {
                printer.error(format!("line {number}: {error}"));
                status = ExitStatus::Error;
            }
        }
    }
    // A stable sort keeps equal versions (`1.0`, `1.0.0`) in their input order.
    versions.sort_by(|(left, _), (right, _)| left.cmp(right));
    if reverse {
        versions.reverse();
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (_, text) in &versions {
        writeln!(out, "{text}")?;
    }
    out.flush()?;
    Ok(status)
}
