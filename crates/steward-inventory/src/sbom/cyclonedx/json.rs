//! CycloneDX as JSON.

use super::{Bom, Component};
use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::json_lines::{Step, visit_keys};

pub(crate) const FORMAT: Format = Format {
    id: "cyclonedx-json",
    names: &[
        NamePattern::Exact("bom.json"),
        NamePattern::Wildcard("", ".cdx.json"),
    ],
    ecosystem: "SBOM",
    versions: "CycloneDX 1.2–1.7 (JSON); any file with `--sbom`",
    reads: super::READS,
    gaps: super::GAPS,
    extract,
};

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let mut bom: Bom = serde_json::from_str(input.text)?;
    let (subject_line, lines) = name_lines(input.text);
    if let Some(subject) = bom
        .metadata
        .as_mut()
        .and_then(|metadata| metadata.component.as_mut())
    {
        subject.line = subject_line;
    }
    // Lines are only trusted when there is one per component.
    if lines.len() == count(&bom.components) {
        assign_lines(&mut bom.components, &mut lines.into_iter());
    }
    super::extract_bom(input, &bom)
}

fn count(components: &[Component]) -> usize {
    components
        .iter()
        .map(|component| 1 + count(&component.components))
        .sum()
}

/// Each component's line, in document order (parents before what they contain).
fn assign_lines(components: &mut [Component], lines: &mut impl Iterator<Item = u32>) {
    for component in components {
        component.line = lines.next();
        assign_lines(&mut component.components, lines);
    }
}

/// The line of the subject's `name`, and of each component's `name` in document order.
fn name_lines(text: &str) -> (Option<u32>, Vec<u32>) {
    let mut subject = None;
    let mut components = Vec::new();
    visit_keys(text, |path, key, line| {
        if key != "name" {
            return;
        }
        let in_components = !path.is_empty()
            && path
                .chunks(2)
                .all(|pair| matches!(pair, [Step::Key(key), Step::Element] if key == "components"));
        if in_components {
            components.push(line);
        } else if matches!(path, [Step::Key(metadata), Step::Key(component)] if metadata == "metadata" && component == "component")
        {
            subject = Some(line);
        }
    });
    (subject, components)
}
