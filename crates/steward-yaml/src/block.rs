//! The block structure: lines, their indentation, mappings, sequences and one-line flow
//! collections, parsed into a [`Node`] tree. Every function returns `None` for text outside
//! the subset, which the caller then hands to the full parser.

use foldhash::{HashSet, HashSetExt};

use crate::node::Node;
use crate::scalar::{self, Scalar};

/// How deep blocks may nest; lockfiles need four or five levels.
const MAX_DEPTH: usize = 64;

/// The longest key read, in bytes: YAML limits implicit keys to 1024 characters, and a full
/// parser refuses longer ones.
const MAX_KEY_BYTES: usize = 1000;

/// Parses a whole document: a block mapping or sequence at the left margin.
pub(crate) fn parse(text: &str) -> Option<Node<'_>> {
    if !characters_fit(text) {
        return None;
    }
    let mut parser = Parser {
        lines: lines(text)?,
        next: 0,
    };
    let first = parser.lines.first()?;
    if first.indent != 0 {
        return None;
    }
    let node = parser.block(0, 0)?;
    (parser.next == parser.lines.len()).then_some(node)
}

/// Whether every character is one YAML allows and the subset knows: no tabs, no control
/// characters, no byte order mark, no line breaks but `\n` and `\r\n`.
fn characters_fit(text: &str) -> bool {
    let bytes_fit = text
        .bytes()
        .all(|byte| !matches!(byte, 0..=9 | 11..=12 | 14..=31 | 127));
    bytes_fit
        && (text.is_ascii()
            || text.chars().all(|character| {
                !matches!(
                    character,
                    '\u{80}'
                        ..='\u{9f}'
                            | '\u{2028}'
                            | '\u{2029}'
                            | '\u{feff}'
                            | '\u{fffe}'
                            | '\u{ffff}'
                )
            }))
}

/// A line with content: how far it is indented, and what follows.
struct Line<'a> {
    indent: usize,
    content: &'a str,
}

/// The lines that carry content; blank lines and whole-line comments are dropped. `None` for a
/// stray carriage return or a document marker or directive.
fn lines(text: &str) -> Option<Vec<Line<'_>>> {
    let mut lines = Vec::with_capacity(text.len() / 24);
    let carriage_returns = memchr::memchr(b'\r', text.as_bytes()).is_some();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if carriage_returns && line.contains('\r') {
            return None;
        }
        let content = line.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        if indent == 0
            && (content.starts_with("---")
                || content.starts_with("...")
                || content.starts_with('%'))
        {
            return None;
        }
        lines.push(Line { indent, content });
    }
    Some(lines)
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    next: usize,
}

impl<'a> Parser<'a> {
    /// The block that starts at the next line, indented by `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        if depth > MAX_DEPTH {
            return None;
        }
        if is_sequence_item(self.lines[self.next].content) {
            self.sequence(indent)
        } else {
            self.mapping(indent, depth)
        }
    }

    /// The indentation of the next line, if there is one.
    fn next_indent(&self) -> Option<usize> {
        self.lines.get(self.next).map(|line| line.indent)
    }

    /// A block mapping: `key: value` lines at `indent`, each value inline or a deeper block.
    fn mapping(&mut self, indent: usize, depth: usize) -> Option<Node<'a>> {
        let mut entries = Vec::new();
        while let Some(line) = self.lines.get(self.next) {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || is_sequence_item(line.content) {
                return None;
            }
            self.next += 1;
            let (key, rest) = key(line.content)?;
            let value = if is_blank(rest) {
                match self.next_indent() {
                    Some(deeper) if deeper > indent => self.block(deeper, depth + 1)?,
                    _ => Node::Scalar(Scalar::NULL),
                }
            } else {
                let value = inline(rest)?;
                if self.next_indent().is_some_and(|next| next > indent) {
                    return None;
                }
                value
            };
            entries.push((key, value));
        }
        keys_are_distinct(&entries).then_some(Node::Map(entries))
    }

    /// A block sequence: `- value` lines at `indent`, each value inline.
    fn sequence(&mut self, indent: usize) -> Option<Node<'a>> {
        let mut items = Vec::new();
        while let Some(line) = self.lines.get(self.next) {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || !is_sequence_item(line.content) {
                return None;
            }
            self.next += 1;
            let rest = line.content[1..].trim_start_matches(' ');
            if is_blank(rest) || self.next_indent().is_some_and(|next| next > indent) {
                return None;
            }
            items.push(inline(rest)?);
        }
        Some(Node::Seq(items))
    }
}

fn is_sequence_item(content: &str) -> bool {
    content == "-" || content.starts_with("- ")
}

/// Nothing, or only a comment.
fn is_blank(rest: &str) -> bool {
    rest.is_empty() || rest.starts_with('#')
}

/// The key of a `key: value` line, and what follows the colon, its leading spaces trimmed.
fn key(content: &str) -> Option<(Scalar<'_>, &str)> {
    let (key, rest) = scalar::parse(content, false)?;
    if (key.plain && key.text == "<<") || content.len() - rest.len() > MAX_KEY_BYTES {
        return None;
    }
    let rest = rest.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((key, rest.trim_start_matches(' ')))
}

/// A value on its key's line: a scalar or a one-line flow collection, then at most a comment.
fn inline(text: &str) -> Option<Node<'_>> {
    let (node, rest) = match text.as_bytes()[0] {
        b'{' => flow_mapping(&text[1..])?,
        b'[' => flow_sequence(&text[1..])?,
        _ => {
            let (scalar, rest) = scalar::parse(text, false)?;
            (Node::Scalar(scalar), rest)
        }
    };
    let rest_is_comment =
        rest.is_empty() || (rest.starts_with(' ') && is_blank(rest.trim_start_matches(' ')));
    let plain_then_comment =
        rest.starts_with('#') && matches!(&node, Node::Scalar(scalar) if scalar.plain);
    (rest_is_comment || plain_then_comment).then_some(node)
}

/// `{key: value, …}` after its brace, closed on this line, of scalars only.
fn flow_mapping(text: &str) -> Option<(Node<'_>, &str)> {
    let (entries, after) = flow(text, '}', |rest| {
        let (key, after_key) = scalar::parse(rest, true)?;
        if rest.len() - after_key.len() > MAX_KEY_BYTES {
            return None;
        }
        let after_colon = after_key.trim_start_matches(' ').strip_prefix(':')?;
        let (value, after_value) = scalar::parse(after_colon.trim_start_matches(' '), true)?;
        Some(((key, Node::Scalar(value)), after_value))
    })?;
    keys_are_distinct(&entries).then_some((Node::Map(entries), after))
}

/// `[item, …]` after its bracket, closed on this line, of scalars only.
fn flow_sequence(text: &str) -> Option<(Node<'_>, &str)> {
    let (items, after) = flow(text, ']', |rest| {
        let (item, after_item) = scalar::parse(rest, true)?;
        Some((Node::Scalar(item), after_item))
    })?;
    Some((Node::Seq(items), after))
}

/// The comma-separated elements of a flow collection up to `close`, each read by `element`,
/// and what follows the closing bracket; no trailing comma.
fn flow<'a, T>(
    text: &'a str,
    close: char,
    element: impl Fn(&'a str) -> Option<(T, &'a str)>,
) -> Option<(Vec<T>, &'a str)> {
    let mut elements = Vec::new();
    let mut rest = text.trim_start_matches(' ');
    if let Some(after) = rest.strip_prefix(close) {
        return Some((elements, after));
    }
    loop {
        let (value, after_value) = element(rest)?;
        elements.push(value);
        let after_value = after_value.trim_start_matches(' ');
        if let Some(after) = after_value.strip_prefix(close) {
            return Some((elements, after));
        }
        rest = after_value.strip_prefix(',')?.trim_start_matches(' ');
    }
}

/// Whether no two keys of a mapping have the same text (full parsers differ on duplicates).
fn keys_are_distinct(entries: &[(Scalar<'_>, Node<'_>)]) -> bool {
    if entries.len() <= 8 {
        return entries.iter().enumerate().all(|(at, (key, _))| {
            entries[..at]
                .iter()
                .all(|(other, _)| other.text != key.text)
        });
    }
    let mut seen = HashSet::with_capacity(entries.len());
    entries
        .iter()
        .all(|(key, _)| seen.insert(key.text.as_ref()))
}
