//! `--format table`: findings grouped by package, with the fix, for people.
//!
//! One block per vulnerable package version: its first row names the package, the version, the
//! upgrade that fixes every vulnerability on it and where it was found (with the direct
//! dependency that brings it in); one row per finding follows. Suppressed findings are left out
//! (their count is in the summary); the snapshot digest closes the report.

use std::fmt::Write as _;

use comfy_table::{Table, presets};

use crate::{Renderer, Scan, location_of, severity_label, undetermined_label, version_of, via};

pub(crate) const RENDERER: Renderer = Renderer {
    id: "table",
    description: "findings grouped by package, with the fix, for people",
    render,
};

fn render(scan: &Scan<'_>) -> Vec<u8> {
    let mut text = String::new();
    let mut table = Table::new();
    table
        .load_style(presets::NOTHING)
        .set_header(["PACKAGE", "VERSION", "ID", "SEVERITY", "FIX", "WHERE"]);
    let mut rows = 0;
    // Why each undetermined record could not say, listed under the table.
    let mut reasons = Vec::new();
    for (index, matched) in scan.matches.matched.iter().enumerate() {
        let package = scan.package(matched);
        let shown: Vec<_> = scan
            .findings(index)
            .filter(|shown| shown.suppression.is_none())
            .collect();
        let undetermined: Vec<_> = scan.undetermined(index).collect();
        if shown.is_empty() && undetermined.is_empty() {
            continue;
        }
        let mut place = location_of(package);
        if matched.packages.len() > 1 {
            let _ = write!(place, " (+{} more)", matched.packages.len() - 1);
        }
        let brought = via(scan, matched);
        if !brought.is_empty() {
            let _ = write!(place, " via {}", brought.join(", "));
        }
        for (row, shown) in shown.iter().enumerate() {
            let finding = shown.finding;
            let fixed = if finding.fixed.is_empty() {
                "-".to_owned()
            } else {
                finding.fixed.join(", ")
            };
            if row == 0 {
                table.add_row([
                    format!("{} ({})", package.name, package.ecosystem),
                    if matched.approximate_order {
                        format!("{} (approximate order)", version_of(package))
                    } else {
                        version_of(package).to_owned()
                    },
                    finding.id.clone(),
                    severity_label(finding),
                    matched.fix.clone().unwrap_or(fixed),
                    place.clone(),
                ]);
            } else {
                table.add_row([
                    String::new(),
                    String::new(),
                    finding.id.clone(),
                    severity_label(finding),
                    if matched.fix.is_some() {
                        String::new()
                    } else {
                        fixed
                    },
                    String::new(),
                ]);
            }
            rows += 1;
        }
        for (row, record) in undetermined.iter().enumerate() {
            let first = shown.is_empty() && row == 0;
            table.add_row([
                if first {
                    format!("{} ({})", package.name, package.ecosystem)
                } else {
                    String::new()
                },
                if first {
                    version_of(package).to_owned()
                } else {
                    String::new()
                },
                record.id.clone(),
                undetermined_label(record),
                "-".to_owned(),
                if first { place.clone() } else { String::new() },
            ]);
            reasons.push(format!(
                "{} for {} {}: {}",
                record.id,
                package.name,
                version_of(package),
                record.reason
            ));
            rows += 1;
        }
    }
    if rows > 0 {
        // Names, versions and paths are the inputs' text: never raw on a terminal.
        for line in table.to_string().lines() {
            text.push_str(steward_model::printable(line).trim_end());
            text.push('\n');
        }
        text.push('\n');
    }
    for reason in &reasons {
        let _ = writeln!(text, "undetermined: {}", steward_model::printable(reason));
    }
    if !reasons.is_empty() {
        text.push('\n');
    }
    text.push_str(&crate::summary_sentence(scan));
    text.push('\n');
    match scan.database {
        Some(database) => {
            let _ = writeln!(
                text,
                "advisory database {} ({} records, made {})",
                database.digest, database.records, database.created
            );
        }
        None => text.push_str("no advisory database: nothing was checked\n"),
    }
    text.into_bytes()
}
