//! `--format markdown`: a report to post as a pull-request comment.
//!
//! A heading with the summary, one table row per finding (package, version, the advisory and
//! its aliases each linked to its own database, its summary, severity, fix, where), suppressed
//! findings folded away with their reasons, and the snapshot the findings came from.

use std::fmt::Write as _;

use crate::{Renderer, Scan, severity_label, shown_location, undetermined_label, version_of, via};

pub(crate) const RENDERER: Renderer = Renderer {
    id: "markdown",
    description: "a summary and table of findings for pull-request comments",
    render,
};

fn render(scan: &Scan<'_>) -> Vec<u8> {
    let mut text = format!("## steward: {}\n\n", crate::summary_sentence(scan));
    let mut active = Vec::new();
    let mut suppressed = Vec::new();
    for (index, matched) in scan.matches.matched.iter().enumerate() {
        let package = scan.package(matched);
        for shown in scan.findings(index) {
            let finding = shown.finding;
            // Each id links to its own database's page.
            let mut advisory = linked(&finding.id);
            if !finding.aliases.is_empty() {
                let aliases: Vec<String> = finding.aliases.iter().map(|id| linked(id)).collect();
                let _ = write!(advisory, " ({})", aliases.join(", "));
            }
            if let Some(summary) = &finding.summary {
                let _ = write!(advisory, ": {}", cell(summary));
            }
            let fix = matched
                .fix
                .clone()
                .or_else(|| (!finding.fixed.is_empty()).then(|| finding.fixed.join(", ")))
                .unwrap_or_else(|| "none known".to_owned());
            let mut place = format!("`{}`", cell(&shown_location(scan, package)));
            let brought = via(scan, matched);
            if !brought.is_empty() {
                let _ = write!(place, " via `{}`", cell(&brought.join(", ")));
            }
            let row = format!(
                "| {} ({}) | {} | {} | {} | {} | {} |",
                cell(&package.name),
                cell(&package.ecosystem.to_string()),
                cell(version_of(package)),
                advisory,
                severity_label(finding),
                cell(&fix),
                place
            );
            match shown.suppression {
                Some(suppression) => suppressed.push(format!(
                    "{row} {} (until {}{}) |",
                    cell(&suppression.reason),
                    suppression.expires,
                    suppression
                        .owner
                        .as_ref()
                        .map(|owner| format!(", {}", cell(owner)))
                        .unwrap_or_default()
                )),
                None => active.push(row),
            }
        }
        for record in scan.undetermined(index) {
            active.push(format!(
                "| {} ({}) | {} | {}: could not be evaluated: {} | {} | - | `{}` |",
                cell(&package.name),
                cell(&package.ecosystem.to_string()),
                cell(version_of(package)),
                linked(&record.id),
                cell(&record.reason),
                undetermined_label(record),
                cell(&shown_location(scan, package))
            ));
        }
    }
    if !active.is_empty() {
        text.push_str(
            "| Package | Version | Advisory | Severity | Fix | Where |\n|---|---|---|---|---|---|\n",
        );
        for row in &active {
            text.push_str(row);
            text.push('\n');
        }
        text.push('\n');
    }
    if !suppressed.is_empty() {
        let _ = writeln!(
            text,
            "<details><summary>Suppressed ({})</summary>\n\n| Package | Version | Advisory | Severity | Fix | Where | Reason |\n|---|---|---|---|---|---|---|",
            suppressed.len()
        );
        for row in &suppressed {
            text.push_str(row);
            text.push('\n');
        }
        text.push_str("\n</details>\n\n");
    }
    let license_rows = crate::license_rows(scan);
    if !license_rows.is_empty() {
        text.push_str("### Licences\n\n| Package | Version | Licence | Problem | Where |\n|---|---|---|---|---|\n");
        for row in &license_rows {
            let _ = writeln!(
                text,
                "| {} ({}) | {} | {} | {} | `{}` |",
                cell(&row.package.name),
                cell(&row.package.ecosystem.to_string()),
                cell(version_of(row.package)),
                cell(&row.licenses),
                cell(&row.problem),
                cell(&row.place)
            );
        }
        text.push('\n');
    }
    for (indices, what) in [
        (&scan.applied.expired, "expired"),
        (&scan.applied.unused, "unused"),
    ] {
        for &index in indices {
            let suppression = &scan.suppressions[index];
            let _ = writeln!(
                text,
                "- Suppression of `{}` is {what} (expires {}).",
                cell(&suppression.id),
                suppression.expires
            );
        }
    }
    match scan.database {
        Some(database) => {
            let _ = writeln!(
                text,
                "\nAdvisory database `{}` ({} {}, made {}).",
                database.digest,
                database.records,
                if database.records == 1 {
                    "record"
                } else {
                    "records"
                },
                database.created
            );
        }
        None => text.push_str("\n**No advisory database: nothing was checked.**\n"),
    }
    text.into_bytes()
}

/// An advisory id linked to its page in its own database; an id with characters no id has
/// (a record's own text) is not made a link.
fn linked(id: &str) -> String {
    let plain = id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    if plain {
        format!("[{id}]({})", crate::advisory_url(id))
    } else {
        cell(id)
    }
}

/// Text safe inside a table cell: no pipes or line breaks, no HTML.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace(['\r', '\n'], " ")
}
