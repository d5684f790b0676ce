//! A small element tree over quick-xml, for the XML formats (`pom.xml`,
//! `verification-metadata.xml`, `packages.config`, `*.csproj`): element names without
//! namespace prefixes, attributes, text, and the line each element starts on.

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use crate::format::ExtractError;
use crate::text::LineIndex;

/// How deep elements may nest; deeper documents are refused rather than risk the stack.
const MAX_DEPTH: usize = 256;

/// An element.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Element {
    /// The local name (without a namespace prefix).
    pub(crate) name: String,
    pub(crate) attributes: Vec<(String, String)>,
    /// The text directly inside, trimmed.
    pub(crate) text: String,
    pub(crate) children: Vec<Self>,
    /// The 1-based line of the start tag.
    pub(crate) line: u32,
}

impl Element {
    /// The first child with this name.
    pub(crate) fn child(&self, name: &str) -> Option<&Self> {
        self.children.iter().find(|child| child.name == name)
    }

    /// Every child with this name.
    pub(crate) fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Self> {
        self.children.iter().filter(move |child| child.name == name)
    }

    /// Every element below this one with this name, in document order.
    pub(crate) fn descendants_named<'a>(&'a self, name: &'a str) -> Vec<&'a Self> {
        let mut found = Vec::new();
        let mut stack: Vec<&Self> = self.children.iter().rev().collect();
        while let Some(element) = stack.pop() {
            if element.name == name {
                found.push(element);
            }
            stack.extend(element.children.iter().rev());
        }
        found
    }

    /// The element at a path of child names.
    pub(crate) fn at(&self, path: &[&str]) -> Option<&Self> {
        path.iter()
            .try_fold(self, |element, name| element.child(name))
    }

    /// The text of the child with this name, if it has any.
    pub(crate) fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|child| child.text.as_str())
            .filter(|text| !text.is_empty())
    }

    /// An attribute's value (matched without regard to case, as MSBuild does).
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Parses a document into its root element.
pub(crate) fn parse(text: &str) -> Result<Element, ExtractError> {
    let lines = LineIndex::new(text);
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let error_at = |offset: u64, message: String| {
        let (line, column) = lines.line_and_column(
            usize::try_from(offset)
                .unwrap_or(usize::MAX)
                .min(text.len()),
        );
        ExtractError::at(line, column, message)
    };
    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|error| error_at(reader.error_position(), error.to_string()))?;
        match event {
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(error_at(
                        position,
                        format!("elements nest deeper than {MAX_DEPTH}"),
                    ));
                }
                stack.push(element(
                    &start,
                    lines.line(usize::try_from(position).unwrap_or(0)),
                )?);
            }
            Event::Empty(start) => {
                let element = element(&start, lines.line(usize::try_from(position).unwrap_or(0)))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => root = root.or(Some(element)),
                }
            }
            Event::End(_) => {
                let Some(mut element) = stack.pop() else {
                    return Err(error_at(
                        position,
                        "an end tag without a start tag".to_owned(),
                    ));
                };
                let trimmed = element.text.trim();
                if trimmed.len() != element.text.len() {
                    element.text = trimmed.to_string();
                }
                match stack.last_mut() {
                    Some(parent) => parent.children.push(element),
                    None => root = root.or(Some(element)),
                }
            }
            Event::Text(content) => {
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&content.xml10_content());
                }
            }
            Event::CData(content) => {
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&content.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(character)) => character.to_string(),
                    _ => match &*reference.xml10_content() {
                        "amp" => "&".to_owned(),
                        "lt" => "<".to_owned(),
                        "gt" => ">".to_owned(),
                        "quot" => "\"".to_owned(),
                        "apos" => "'".to_owned(),
                        other => format!("&{other};"),
                    },
                };
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(ExtractError::at_line(
            open.line,
            format!("the element <{}> is not closed", open.name),
        ));
    }
    root.ok_or_else(|| ExtractError::syntax("the document has no root element"))
}

fn element(start: &BytesStart<'_>, line: u32) -> Result<Element, ExtractError> {
    let name = start.local_name().as_ref().to_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute =
            attribute.map_err(|error| ExtractError::at_line(line, error.to_string()))?;
        let key = attribute.key.local_name().as_ref().to_owned();
        let value = attribute
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|error| ExtractError::at_line(line, error.to_string()))?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Element {
        name,
        attributes,
        line,
        ..Element::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_a_tree_with_lines_text_and_attributes() {
        let text = "<?xml version=\"1.0\"?>\n<m:project xmlns:m=\"x\">\n  <name>a &amp; b&#33;</name>\n  <dep id=\"x\" Version='1'/>\n  <![CDATA[raw]]>\n</m:project>\n";
        let root = parse(text).unwrap();
        assert_eq!(root.name, "project");
        assert_eq!(root.line, 2);
        assert_eq!(root.text_of("name"), Some("a & b!"));
        let dependency = root.child("dep").unwrap();
        assert_eq!(dependency.line, 4);
        assert_eq!(dependency.attribute("version"), Some("1"));
        assert_eq!(root.text, "raw");
    }

    #[test]
    fn errors_have_positions() {
        let error = parse("<a>\n  <b></c>\n</a>").unwrap_err();
        assert!(error.to_string().starts_with("line 2"), "{error}");
        assert!(
            parse("<a><b></b>")
                .unwrap_err()
                .to_string()
                .contains("not closed")
        );
    }
}
