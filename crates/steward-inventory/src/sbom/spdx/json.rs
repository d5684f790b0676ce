//! SPDX 2 as JSON.

use super::Document;
use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::json_lines::{Step, visit_keys};

pub(crate) const FORMAT: Format = Format {
    id: "spdx-json",
    names: &[NamePattern::Wildcard("", ".spdx.json")],
    ecosystem: "SBOM",
    versions: "SPDX 2.2 and 2.3 (JSON); any file with `--sbom`",
    reads: super::READS,
    gaps: super::GAPS,
    extract,
};

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let mut document: Document = serde_json::from_str(input.text)?;
    let lines = package_lines(input.text);
    // Lines are only trusted when there is one per package.
    if lines.len() == document.packages.len() {
        for (package, line) in document.packages.iter_mut().zip(lines) {
            package.line = Some(line);
        }
    }
    super::check_version(&document)?;
    super::extract_document(input, &document)
}

/// The line of each package's `SPDXID`, in document order.
fn package_lines(text: &str) -> Vec<u32> {
    let mut lines = Vec::new();
    visit_keys(text, |path, key, line| {
        if key == "SPDXID"
            && matches!(path, [Step::Key(packages), Step::Element] if packages == "packages")
        {
            lines.push(line);
        }
    });
    lines
}
