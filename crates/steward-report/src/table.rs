//! `--format table`: findings grouped by package, with the fix, for people.
//!
//! One block per vulnerable package version: its first row names the package, the version, the
//! upgrade that fixes every vulnerability on it and where it was found (relative to where the
//! user pointed, with the direct dependencies that bring it in); one row per finding follows,
//! with its title and its severity in color when colors are on. The table fits the terminal's
//! width, shortening titles, names and paths with an ellipsis. Suppressed findings are left
//! out (their count is in the summary); the snapshot digest closes the report.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};
use steward_osv::Level;
use steward_osv::matching::Finding;

use crate::text_table::{Shrink, TextTable};
use crate::{Renderer, Scan, severity_label, shown_location, undetermined_label, version_of, via};

pub(crate) const RENDERER: Renderer = Renderer {
    id: "table",
    description: "findings grouped by package, with the fix, for people",
    render,
};

const COLUMNS: &[(&str, Shrink)] = &[
    ("PACKAGE", Shrink::Middle),
    ("VERSION", Shrink::Never),
    ("ID", Shrink::Never),
    ("SEVERITY", Shrink::Never),
    ("FIX", Shrink::Never),
    ("TITLE", Shrink::Detail),
    ("WHERE", Shrink::DetailPath),
];

/// The color of a severity: red for critical (bold) and high, yellow for medium, blue for
/// low; undetermined and unrated stand out in magenta, since nothing rules them out.
fn level_style(level: Option<Level>) -> Style {
    match level {
        Some(Level::Critical) => AnsiColor::Red.on_default().bold(),
        Some(Level::High) => AnsiColor::Red.on_default(),
        Some(Level::Medium) => AnsiColor::Yellow.on_default(),
        Some(Level::Low) => AnsiColor::Blue.on_default(),
        None => AnsiColor::Magenta.on_default(),
    }
}

fn finding_style(finding: &Finding) -> Style {
    match (&finding.severity, &finding.kind) {
        (Some(severity), _) => level_style(Some(severity.level)),
        (None, steward_osv::Kind::Vulnerability) => level_style(None),
        (None, steward_osv::Kind::Informational(_)) => Style::new(),
    }
}

/// What a package's first row shows and its later rows leave blank.
struct PackageCells {
    name: String,
    version: String,
    place: String,
}

impl PackageCells {
    /// One finding's row: the package's cells on its first row only.
    fn row(
        &self,
        first: bool,
        id: &str,
        severity: (String, Style),
        fix: String,
        summary: String,
    ) -> [(String, Style); 7] {
        let once = |text: &String| if first { text.clone() } else { String::new() };
        [
            (once(&self.name), Style::new()),
            (once(&self.version), Style::new()),
            (id.to_owned(), Style::new()),
            severity,
            (fix, Style::new()),
            (summary, Style::new()),
            (once(&self.place), Style::new()),
        ]
    }
}

fn render(scan: &Scan<'_>) -> Vec<u8> {
    let mut text = String::new();
    let mut table = TextTable::new(COLUMNS);
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
        let mut place = shown_location(scan, package);
        if matched.packages.len() > 1 {
            let _ = write!(place, " (+{} more)", matched.packages.len() - 1);
        }
        let brought = via(scan, matched);
        if !brought.is_empty() {
            let _ = write!(place, " via {}", brought.join(", "));
        }
        let cells = PackageCells {
            name: format!("{} ({})", package.name, package.ecosystem),
            version: if matched.approximate_order {
                format!("{} (approximate order)", version_of(package))
            } else {
                version_of(package).to_owned()
            },
            place,
        };
        for (row, shown) in shown.iter().enumerate() {
            let finding = shown.finding;
            let first = row == 0;
            let fix = match (&matched.fix, first) {
                (Some(fix), true) => fix.clone(),
                (Some(_), false) => String::new(),
                (None, _) if finding.fixed.is_empty() => "-".to_owned(),
                (None, _) => finding.fixed.join(", "),
            };
            table.styled_row(cells.row(
                first,
                &finding.id,
                (severity_label(finding), finding_style(finding)),
                fix,
                finding.summary.clone().unwrap_or_default(),
            ));
            rows += 1;
        }
        for (row, record) in undetermined.iter().enumerate() {
            let level = record.severity.as_ref().map(|severity| severity.level);
            table.styled_row(cells.row(
                shown.is_empty() && row == 0,
                &record.id,
                (undetermined_label(record), level_style(level)),
                "-".to_owned(),
                "could not be evaluated (see below)".to_owned(),
            ));
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
        text.push_str(&table.render(scan.presentation.width, scan.presentation.color));
        text.push('\n');
    }
    let license_rows = crate::license_rows(scan);
    if !license_rows.is_empty() {
        let mut table = TextTable::new(&[
            ("PACKAGE", Shrink::Middle),
            ("VERSION", Shrink::Never),
            ("LICENSE", Shrink::End),
            ("PROBLEM", Shrink::Detail),
            ("WHERE", Shrink::DetailPath),
        ]);
        for row in license_rows {
            let package = row.package;
            table.styled_row([
                (
                    format!("{} ({})", package.name, package.ecosystem),
                    Style::new(),
                ),
                (version_of(package).to_owned(), Style::new()),
                (row.licenses, Style::new()),
                (row.problem, level_style(Some(Level::High))),
                (row.place, Style::new()),
            ]);
        }
        text.push_str(&table.render(scan.presentation.width, scan.presentation.color));
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
            // Two short lines rather than one long one.
            let records = if database.records == 1 {
                "record"
            } else {
                "records"
            };
            let _ = writeln!(
                text,
                "advisory database: {} {records}, made {}\nsnapshot {}",
                database.records, database.created, database.digest
            );
        }
        None => text.push_str("no advisory database: nothing was checked\n"),
    }
    text.into_bytes()
}
