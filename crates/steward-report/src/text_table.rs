//! Tables for terminals: each column as wide as its content, fitted to the width asked for by
//! shortening the columns that may shrink (with an ellipsis), colored only when asked.
//!
//! Cells are the inputs' text: control characters are escaped before they are measured, so a
//! name can neither move the cursor nor throw the columns off.

use std::fmt::Write as _;

use anstyle::Style;

/// How a column gives way when the table is too wide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shrink {
    /// Never (short columns: versions, ids, severities).
    Never,
    /// Its end is cut (`A long title th…`).
    End,
    /// Its start is cut, keeping the end (`…/app/package-lock.json:12`).
    Start,
    /// Its middle is cut, keeping both ends (`org.apache.…:log4j-core`).
    Middle,
    /// Its end is cut; when the table cannot fit even so, it moves under its row, indented,
    /// one line per such column (a title).
    Detail,
    /// As `Detail`, its start cut instead (a place, whose end says the most).
    DetailPath,
}

impl Shrink {
    fn is_detail(self) -> bool {
        matches!(self, Self::Detail | Self::DetailPath)
    }
}

/// How far a detail moved under its row is indented.
const DETAIL_INDENT: &str = "    ";

/// The narrowest a shrinking column gets.
const MIN_SHRUNK: usize = 12;
/// Between columns.
const GAP: &str = "  ";

/// A table being built.
#[derive(Debug)]
pub struct TextTable {
    headers: Vec<(&'static str, Shrink)>,
    rows: Vec<Vec<(String, Style)>>,
}

impl TextTable {
    /// A table with these columns.
    pub fn new(headers: &[(&'static str, Shrink)]) -> Self {
        Self {
            headers: headers.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row of plain cells.
    pub fn row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.styled_row(cells.into_iter().map(|cell| (cell, Style::new())));
    }

    /// Adds a row of cells, each with its style.
    pub fn styled_row<S: AsRef<str>>(&mut self, cells: impl IntoIterator<Item = (S, Style)>) {
        self.rows.push(
            cells
                .into_iter()
                .map(|(text, style)| (steward_model::printable(text.as_ref()).into_owned(), style))
                .collect(),
        );
    }

    /// Whether no row was added.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table, each line at most `width` characters when one is given (unless the columns
    /// that never shrink are wider), styled when `color`.
    pub fn render(&self, width: Option<usize>, color: bool) -> String {
        let all: Vec<usize> = (0..self.headers.len()).collect();
        let widths = self.widths(&all, width);
        let fits = width.is_none_or(|limit| total(&widths) <= limit);
        let (columns, widths) = if fits {
            (all, widths)
        } else {
            let main: Vec<usize> = all
                .into_iter()
                .filter(|&column| !self.headers[column].1.is_detail())
                .collect();
            let widths = self.widths(&main, width);
            (main, widths)
        };
        let header: Vec<(String, Style)> = self
            .headers
            .iter()
            .map(|(name, _)| ((*name).to_owned(), Style::new().bold()))
            .collect();
        let mut text = String::new();
        for (index, row) in std::iter::once(&header).chain(&self.rows).enumerate() {
            let mut line = String::new();
            for (at, (&column, &width)) in columns.iter().zip(&widths).enumerate() {
                if at > 0 {
                    line.push_str(GAP);
                }
                let (cell, style) = row
                    .get(column)
                    .map_or(("", Style::new()), |(cell, style)| (cell.as_str(), *style));
                let shown = fit(cell, width, self.headers[column].1);
                let padding = width.saturating_sub(shown.chars().count());
                push_styled(&mut line, &shown, style, color);
                line.extend(std::iter::repeat_n(' ', padding));
            }
            text.push_str(line.trim_end());
            text.push('\n');
            // Row 0 is the header.
            if fits || index == 0 {
                continue;
            }
            // The details the table had no room for, each on its own line under the row.
            let room = width
                .unwrap_or(usize::MAX)
                .saturating_sub(DETAIL_INDENT.len());
            for (column, (cell, style)) in row.iter().enumerate() {
                let shrink = self.headers[column].1;
                if shrink.is_detail() && !cell.is_empty() {
                    text.push_str(DETAIL_INDENT);
                    push_styled(&mut text, &fit(cell, room, shrink), *style, color);
                    text.push('\n');
                }
            }
        }
        text
    }

    /// The widths of `columns`: their content's, then the widest shrinking one narrowed, one
    /// character at a time, until the table fits or none can shrink further.
    fn widths(&self, columns: &[usize], width: Option<usize>) -> Vec<usize> {
        let mut widths: Vec<usize> = columns
            .iter()
            .map(|&column| {
                self.rows
                    .iter()
                    .filter_map(|row| row.get(column))
                    .map(|(cell, _)| cell.chars().count())
                    .chain([self.headers[column].0.chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let Some(limit) = width else {
            return widths;
        };
        while total(&widths) > limit {
            let widest = (0..widths.len())
                .filter(|&at| {
                    self.headers[columns[at]].1 != Shrink::Never && widths[at] > MIN_SHRUNK
                })
                .max_by_key(|&at| widths[at]);
            let Some(at) = widest else {
                break;
            };
            widths[at] -= 1;
        }
        widths
    }
}

/// The width of a line of columns this wide.
fn total(widths: &[usize]) -> usize {
    widths.iter().sum::<usize>() + GAP.len() * widths.len().saturating_sub(1)
}

/// `text`, wrapped in `style` when colors are on.
fn push_styled(line: &mut String, text: &str, style: Style, color: bool) {
    if color && style != Style::new() && !text.is_empty() {
        let _ = write!(line, "{}{text}{}", style.render(), style.render_reset());
    } else {
        line.push_str(text);
    }
}

/// `text` in `width` characters, cut with an ellipsis where its kind of column says.
fn fit(text: &str, width: usize, shrink: Shrink) -> String {
    let length = text.chars().count();
    if length <= width || shrink == Shrink::Never || width == 0 {
        return text.to_owned();
    }
    let kept = width - 1;
    let head = |count: usize| text.chars().take(count).collect::<String>();
    let tail = |count: usize| text.chars().skip(length - count).collect::<String>();
    match shrink {
        Shrink::Start | Shrink::DetailPath => format!("…{}", tail(kept)),
        Shrink::Middle => format!("{}…{}", head(kept / 2), tail(kept - kept / 2)),
        _ => format!("{}…", head(kept)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> TextTable {
        let mut table = TextTable::new(&[
            ("ID", Shrink::Never),
            ("TITLE", Shrink::Detail),
            ("WHERE", Shrink::Start),
        ]);
        table.row([
            "GHSA-jf85-cpcp-j695",
            "Prototype Pollution in lodash allows attackers to modify the prototype of Object",
            "services/checkout/frontend/package-lock.json:1234",
        ]);
        table
    }

    #[test]
    fn fits_the_width_by_shrinking_the_widest_columns() {
        let text = table().render(Some(80), false);
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "{line}");
        }
        assert!(text.contains("GHSA-jf85-cpcp-j695"), "{text}");
        assert!(text.contains("Prototype Pollution"), "{text}");
        assert!(text.contains("…"), "{text}");
        assert!(text.contains("package-lock.json:1234"), "{text}");
        assert_eq!(
            fit("org.apache.logging:log4j-core", 15, Shrink::Middle),
            "org.apa…4j-core"
        );
    }

    #[test]
    fn details_move_under_their_row_when_the_table_cannot_fit() {
        let text = table().render(Some(40), false);
        for line in text.lines() {
            assert!(line.chars().count() <= 40, "{line}");
        }
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "ID                   WHERE");
        assert!(lines[1].starts_with("GHSA-jf85-cpcp-j695  …"), "{text}");
        assert!(lines[2].starts_with("    Prototype Pollution"), "{text}");
    }

    #[test]
    fn keeps_everything_without_a_width() {
        let text = table().render(None, false);
        assert!(text.contains("of Object"));
        assert!(text.contains("services/checkout"));
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn colors_only_when_asked_and_escapes_control_characters() {
        let mut table = TextTable::new(&[("NAME", Shrink::End), ("LEVEL", Shrink::Never)]);
        table.styled_row([
            ("evil\u{1b}[2J", Style::new()),
            ("critical", Style::new().bold()),
        ]);
        let plain = table.render(None, false);
        assert!(plain.contains("evil\\u{1b}[2J"), "{plain}");
        assert!(!plain.contains('\u{1b}'));
        assert!(table.render(None, true).contains("\u{1b}[1m"));
    }
}
