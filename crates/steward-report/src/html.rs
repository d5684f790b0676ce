//! `--format html`: one self-contained, accessible page for people.
//!
//! A summary with charts by severity and by ecosystem (inline SVG, each bar labelled with its
//! count), a sortable table of findings (buttons in the column headers, `aria-sort` kept
//! current), and each finding's details in a disclosure. Nothing is fetched: the styles and
//! the sorting script are inline, and the Content-Security-Policy allows exactly those two by
//! their SHA-256, so no text from an input could run or load anything even if it escaped.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use base64::Engine as _;
use sha2::{Digest, Sha256};
use steward_osv::Level;

use crate::{
    Renderer, Scan, advisory_url, severity_label, shown_location, undetermined_label, version_of,
    via,
};

pub(crate) const RENDERER: Renderer = Renderer {
    id: "html",
    description: "one self-contained, accessible HTML page with charts and sortable tables",
    render,
};

const STYLE: &str = include_str!("html/report.css");
const SCRIPT: &str = include_str!("html/sort.js");

/// The severities as charted, most severe first, with their colors.
const LEVELS: &[(Option<Level>, &str, &str)] = &[
    (Some(Level::Critical), "critical", "#8b0000"),
    (Some(Level::High), "high", "#c0392b"),
    (Some(Level::Medium), "medium", "#9a6700"),
    (Some(Level::Low), "low", "#1f5f99"),
    (None, "unrated", "#6b3fa0"),
];

/// One row of the findings table.
struct Row {
    package: String,
    ecosystem: String,
    version: String,
    id: String,
    level: Option<Level>,
    label: String,
    /// Sorts by severity: higher is more severe.
    rank: u8,
    fix: String,
    title: String,
    place: String,
    /// The details: aliases, fixed versions, via, every place.
    details: Vec<(&'static str, String)>,
}

fn render(scan: &Scan<'_>) -> Vec<u8> {
    let rows = rows(scan);
    let mut page = String::new();
    let _ = writeln!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '{}'; script-src '{}'\">\n\
         <title>steward scan: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        hash(STYLE),
        hash(SCRIPT),
        escape(&scan.subject.name),
    );
    let _ = writeln!(
        page,
        "<header>\n<h1>steward scan: {}</h1>\n<p class=\"summary\">{}</p>\n</header>\n<main>",
        escape(&scan.subject.name),
        escape(&crate::summary_sentence(scan)),
    );
    charts(&mut page, &rows);
    table(&mut page, &rows);
    licenses(&mut page, scan);
    details(&mut page, &rows);
    let _ = writeln!(page, "</main>\n<footer>");
    match scan.database {
        Some(database) => {
            let _ = writeln!(
                page,
                "<p>Advisory database snapshot <code>{}</code>: {} records, made {}.</p>",
                escape(&database.digest),
                database.records,
                escape(&database.created)
            );
        }
        None => {
            page.push_str("<p><strong>No advisory database: nothing was checked.</strong></p>\n");
        }
    }
    let _ = writeln!(
        page,
        "<p>steward {}, {}.</p>\n</footer>\n<script>{SCRIPT}</script>\n</body>\n</html>",
        escape(scan.tool_version),
        scan.created.strftime("%Y-%m-%d %H:%M:%S UTC"),
    );
    page.into_bytes()
}

/// The findings and undetermined records shown (suppressed ones are counted, not listed).
fn rows(scan: &Scan<'_>) -> Vec<Row> {
    let mut rows = Vec::new();
    for (index, matched) in scan.matches.matched.iter().enumerate() {
        let package = scan.package(matched);
        let brought = via(scan, matched).join(", ");
        let places: Vec<String> = matched
            .packages
            .iter()
            .map(|&at| shown_location(scan, &scan.inventory.packages[at]))
            .collect();
        let base = |id: &str, level: Option<Level>, label: String, fix: String, title: String| {
            let mut details = Vec::new();
            if !brought.is_empty() {
                details.push(("Brought in by", brought.clone()));
            }
            details.push(("Found in", places.join(", ")));
            Row {
                package: package.name.clone(),
                ecosystem: package.ecosystem.name().to_string(),
                version: version_of(package).to_owned(),
                id: id.to_owned(),
                rank: rank(level),
                level,
                label,
                fix,
                title,
                place: places.first().cloned().unwrap_or_default(),
                details,
            }
        };
        for shown in scan
            .findings(index)
            .filter(|shown| shown.suppression.is_none())
        {
            let finding = shown.finding;
            let fix = matched
                .fix
                .clone()
                .or_else(|| (!finding.fixed.is_empty()).then(|| finding.fixed.join(", ")))
                .unwrap_or_else(|| "none known".to_owned());
            let level = finding.severity.as_ref().map(|severity| severity.level);
            let mut row = base(
                &finding.id,
                level,
                severity_label(finding),
                fix,
                finding.summary.clone().unwrap_or_default(),
            );
            if !finding.aliases.is_empty() {
                row.details
                    .insert(0, ("Also known as", finding.aliases.join(", ")));
            }
            if !finding.fixed.is_empty() {
                row.details.push(("Fixed in", finding.fixed.join(", ")));
            }
            rows.push(row);
        }
        for record in scan.undetermined(index) {
            let level = record.severity.as_ref().map(|severity| severity.level);
            let mut row = base(
                &record.id,
                level,
                undetermined_label(record),
                "-".to_owned(),
                "could not be evaluated".to_owned(),
            );
            row.details
                .insert(0, ("Why undetermined", record.reason.clone()));
            rows.push(row);
        }
    }
    rows
}

/// Bar charts by severity and by ecosystem, each bar labelled with its count.
fn charts(page: &mut String, rows: &[Row]) {
    let by_level: Vec<(String, usize, &str)> = LEVELS
        .iter()
        .map(|(level, name, color)| {
            let count = rows.iter().filter(|row| row.level == *level).count();
            ((*name).to_owned(), count, *color)
        })
        .collect();
    let mut by_ecosystem: BTreeMap<&str, usize> = BTreeMap::new();
    for row in rows {
        *by_ecosystem.entry(&row.ecosystem).or_default() += 1;
    }
    let by_ecosystem: Vec<(String, usize, &str)> = by_ecosystem
        .into_iter()
        .map(|(name, count)| (name.to_owned(), count, "#2d6a4f"))
        .collect();
    page.push_str("<section aria-labelledby=\"charts\">\n<h2 id=\"charts\">Summary</h2>\n<div class=\"charts\">\n");
    chart(page, "By severity", &by_level);
    chart(page, "By ecosystem", &by_ecosystem);
    page.push_str("</div>\n</section>\n");
}

fn chart(page: &mut String, caption: &str, bars: &[(String, usize, &str)]) {
    const BAR: usize = 22;
    const LABEL: usize = 110;
    const LENGTH: usize = 220;
    let most = bars
        .iter()
        .map(|(_, count, _)| *count)
        .max()
        .unwrap_or(0)
        .max(1);
    let height = BAR * bars.len().max(1) + 4;
    let _ = writeln!(
        page,
        "<figure>\n<figcaption>{}</figcaption>\n<svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {} {height}\" width=\"{}\" height=\"{height}\">",
        escape(caption),
        escape(
            &bars
                .iter()
                .map(|(name, count, _)| format!("{name}: {count}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        LABEL + LENGTH + 50,
        LABEL + LENGTH + 50,
    );
    for (index, (name, count, color)) in bars.iter().enumerate() {
        let y = index * BAR + 2;
        let length = count * LENGTH / most;
        let _ = writeln!(
            page,
            "<text x=\"0\" y=\"{}\">{}</text><rect x=\"{LABEL}\" y=\"{y}\" width=\"{length}\" height=\"{}\" fill=\"{color}\"></rect><text x=\"{}\" y=\"{}\">{count}</text>",
            y + 15,
            escape(name),
            BAR - 6,
            LABEL + length + 6,
            y + 15,
        );
    }
    page.push_str("</svg>\n</figure>\n");
}

fn table(page: &mut String, rows: &[Row]) {
    page.push_str("<section aria-labelledby=\"findings\">\n<h2 id=\"findings\">Findings</h2>\n");
    if rows.is_empty() {
        page.push_str("<p>No vulnerability found.</p>\n</section>\n");
        return;
    }
    page.push_str(
        "<table class=\"sortable\">\n<caption>Every finding not suppressed. Sort by a column with its header button.</caption>\n<thead><tr>",
    );
    for name in [
        "Package", "Version", "Advisory", "Severity", "Fix", "Title", "Where",
    ] {
        let _ = write!(
            page,
            "<th scope=\"col\" aria-sort=\"none\"><button type=\"button\">{name}</button></th>"
        );
    }
    page.push_str("</tr></thead>\n<tbody>\n");
    for (index, row) in rows.iter().enumerate() {
        let _ = writeln!(
            page,
            "<tr><td>{} <span class=\"ecosystem\">({})</span></td><td>{}</td><td><a href=\"#finding-{index}\">{}</a></td><td data-sort=\"{}\"><span class=\"level {}\">{}</span></td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            escape(&row.package),
            escape(&row.ecosystem),
            escape(&row.version),
            escape(&row.id),
            row.rank,
            level_class(row.level),
            escape(&row.label),
            escape(&row.fix),
            escape(&row.title),
            escape(&row.place),
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

/// The packages whose licences the policy refuses, when `--licenses` asked for the check.
fn licenses(page: &mut String, scan: &Scan<'_>) {
    if scan.licenses.is_none() {
        return;
    }
    page.push_str("<section aria-labelledby=\"licences\">\n<h2 id=\"licences\">Licences</h2>\n");
    let rows = crate::license_rows(scan);
    if rows.is_empty() {
        page.push_str("<p>Every licence meets the policy.</p>\n</section>\n");
        return;
    }
    page.push_str(
        "<table class=\"sortable\">\n<caption>Every package whose licence the policy does not allow.</caption>\n<thead><tr>",
    );
    for name in ["Package", "Version", "Licence", "Problem", "Where"] {
        let _ = write!(
            page,
            "<th scope=\"col\" aria-sort=\"none\"><button type=\"button\">{name}</button></th>"
        );
    }
    page.push_str("</tr></thead>\n<tbody>\n");
    for row in &rows {
        let _ = writeln!(
            page,
            "<tr><td>{} <span class=\"ecosystem\">({})</span></td><td>{}</td><td>{}</td><td><span class=\"level high\">{}</span></td><td><code>{}</code></td></tr>",
            escape(&row.package.name),
            escape(&row.package.ecosystem.to_string()),
            escape(crate::version_of(row.package)),
            escape(&row.licenses),
            escape(&row.problem),
            escape(&row.place),
        );
    }
    page.push_str("</tbody>\n</table>\n</section>\n");
}

fn details(page: &mut String, rows: &[Row]) {
    if rows.is_empty() {
        return;
    }
    page.push_str("<section aria-labelledby=\"details\">\n<h2 id=\"details\">Details</h2>\n");
    for (index, row) in rows.iter().enumerate() {
        let _ = writeln!(
            page,
            "<details id=\"finding-{index}\"><summary><span class=\"level {}\">{}</span> {} in {} {}</summary>\n<dl>",
            level_class(row.level),
            escape(&row.label),
            escape(&row.id),
            escape(&row.package),
            escape(&row.version),
        );
        if !row.title.is_empty() {
            let _ = writeln!(page, "<dt>Title</dt><dd>{}</dd>", escape(&row.title));
        }
        let _ = writeln!(
            page,
            "<dt>Advisory</dt><dd><a href=\"{}\" rel=\"noreferrer\">{}</a></dd>\n<dt>Fix</dt><dd>{}</dd>",
            escape(&advisory_url(&row.id)),
            escape(&row.id),
            escape(&row.fix)
        );
        for (term, value) in &row.details {
            let _ = writeln!(page, "<dt>{term}</dt><dd>{}</dd>", escape(value));
        }
        page.push_str("</dl>\n</details>\n");
    }
    page.push_str("</section>\n");
}

/// Higher for more severe: how the severity column sorts.
fn rank(level: Option<Level>) -> u8 {
    match level {
        Some(Level::Critical) => 5,
        Some(Level::High) => 4,
        Some(Level::Medium) => 3,
        Some(Level::Low) => 2,
        None => 1,
    }
}

fn level_class(level: Option<Level>) -> &'static str {
    LEVELS
        .iter()
        .find(|(known, ..)| *known == level)
        .map_or("unrated", |(_, name, _)| name)
}

/// The CSP source of an inline block: `sha256-` and its digest in base64.
fn hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Text as HTML: markup characters escaped, control characters spelled out.
fn escape(text: &str) -> String {
    let printable = steward_model::printable(text);
    let mut escaped = String::with_capacity(printable.len());
    for character in printable.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_control_characters() {
        assert_eq!(
            escape("<script>alert('x')</script>&\u{1b}"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;\\u{1b}"
        );
    }

    #[test]
    fn inline_blocks_are_allowed_by_their_hash() {
        assert!(hash("a").starts_with("sha256-ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs="));
    }
}
