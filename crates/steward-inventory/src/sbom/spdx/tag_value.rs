//! SPDX 2 as tag-value: `Tag: value` lines (values spanning lines inside `<text>…</text>`),
//! read into the same document as the JSON. A package's fields follow its `PackageName`;
//! fields of files, snippets and licences are left aside.

use super::{Checksum, Document, ExternalRef, SpdxPackage, SpdxRelationship};
use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};

pub(crate) const FORMAT: Format = Format {
    id: "spdx-tag-value",
    names: &[NamePattern::Wildcard("", ".spdx")],
    ecosystem: "SBOM",
    versions: "SPDX 2.2 and 2.3 (tag-value); any file with `--sbom`",
    reads: super::READS,
    gaps: super::GAPS,
    extract,
};

/// What the fields being read belong to.
enum Section {
    Document,
    Package,
    /// Files, snippets, licences, annotations: nothing read from them.
    Other,
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let mut document = Document::default();
    let mut section = Section::Document;
    for (line, tag, value) in fields(input.text)? {
        match tag {
            "PackageName" => {
                section = Section::Package;
                document.packages.push(SpdxPackage {
                    line: Some(line),
                    name: Some(value.to_owned()),
                    ..SpdxPackage::default()
                });
                continue;
            }
            "FileName" | "SnippetSPDXID" | "LicenseID" | "Annotator" => {
                section = Section::Other;
                continue;
            }
            // Relationships are the document's wherever they stand.
            "Relationship" => {
                let parts: Vec<&str> = value.split_whitespace().collect();
                let [from, kind, to] = parts[..] else {
                    return Err(ExtractError::at_line(
                        line,
                        format!("a relationship is `element TYPE element`, not `{value}`"),
                    ));
                };
                document.relationships.push(SpdxRelationship {
                    spdx_element_id: from.to_owned(),
                    relationship_type: kind.to_owned(),
                    related_spdx_element: to.to_owned(),
                });
                continue;
            }
            _ => {}
        }
        match section {
            Section::Document => match tag {
                "SPDXVersion" => document.spdx_version = Some(value.to_owned()),
                "SPDXID" => document.id = Some(value.to_owned()),
                _ => {}
            },
            Section::Package => {
                let package = document
                    .packages
                    .last_mut()
                    .expect("a package section starts with a package");
                package_field(package, line, tag, value)?;
            }
            Section::Other => {}
        }
    }
    super::check_version(&document)?;
    super::extract_document(input, &document)
}

fn package_field(
    package: &mut SpdxPackage,
    line: u32,
    tag: &str,
    value: &str,
) -> Result<(), ExtractError> {
    let owned = || Some(value.to_owned());
    match tag {
        "SPDXID" => package.id = owned(),
        "PackageVersion" => package.version_info = owned(),
        "PackageLicenseDeclared" => package.license_declared = owned(),
        "PackageLicenseConcluded" => package.license_concluded = owned(),
        "PackageChecksum" => {
            let Some((algorithm, checksum)) = value.split_once(':') else {
                return Err(ExtractError::at_line(
                    line,
                    format!("a checksum is `ALGORITHM: value`, not `{value}`"),
                ));
            };
            package.checksums.push(Checksum {
                algorithm: algorithm.trim().to_owned(),
                checksum_value: checksum.trim().to_owned(),
            });
        }
        "ExternalRef" => {
            let parts: Vec<&str> = value.split_whitespace().collect();
            let [_category, kind, locator] = parts[..] else {
                return Err(ExtractError::at_line(
                    line,
                    format!("an external reference is `CATEGORY type locator`, not `{value}`"),
                ));
            };
            package.external_refs.push(ExternalRef {
                reference_type: kind.to_owned(),
                reference_locator: locator.to_owned(),
            });
        }
        _ => {}
    }
    Ok(())
}

/// Every `(line, tag, value)` in the text, in order; blank lines and `#` comments skipped.
fn fields(text: &str) -> Result<Vec<(u32, &str, &str)>, ExtractError> {
    let mut fields = Vec::new();
    let mut position = 0;
    let mut line: u32 = 1;
    while position < text.len() {
        let end = text[position..]
            .find('\n')
            .map_or(text.len(), |at| position + at + 1);
        let raw = &text[position..end];
        let here = line;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            (position, line) = (end, line + 1);
            continue;
        }
        let Some(colon) = raw.find(':') else {
            return Err(ExtractError::at_line(
                here,
                format!("`{trimmed}` is not a `Tag: value` line"),
            ));
        };
        let tag = raw[..colon].trim();
        let value = raw[colon + 1..].trim();
        if !value.starts_with("<text>") {
            fields.push((here, tag, value));
            (position, line) = (end, line + 1);
            continue;
        }
        // The value runs from `<text>` to `</text>`, across lines.
        let opened = position + colon + raw[colon..].find("<text>").unwrap_or(0) + "<text>".len();
        let Some(length) = text[opened..].find("</text>") else {
            return Err(ExtractError::at_line(
                here,
                format!("the <text> of `{tag}` is never closed"),
            ));
        };
        let closed = opened + length;
        fields.push((here, tag, &text[opened..closed]));
        let after = text[closed..]
            .find('\n')
            .map_or(text.len(), |at| closed + at + 1);
        let spanned = text[position..after].matches('\n').count();
        line = here.saturating_add(u32::try_from(spanned).unwrap_or(u32::MAX));
        position = after;
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::NoTree;

    fn read(text: &str) -> Result<Extracted, ExtractError> {
        extract(&Input {
            path: "a.spdx",
            text,
            tree: &NoTree,
        })
    }

    #[test]
    fn bad_lines_are_named() {
        let header = "SPDXVersion: SPDX-2.3\nSPDXID: SPDXRef-DOCUMENT\n";
        let error = read(&format!("{header}PackageName: a\nno colon here\n")).unwrap_err();
        assert_eq!(
            error,
            ExtractError::at_line(4, "`no colon here` is not a `Tag: value` line")
        );
        let error = read(&format!(
            "{header}\nPackageName: a\nPackageDescription: <text>open\n"
        ))
        .unwrap_err();
        assert_eq!(
            error,
            ExtractError::at_line(5, "the <text> of `PackageDescription` is never closed")
        );
        let error = read(&format!("{header}Relationship: a DEPENDS_ON\n")).unwrap_err();
        assert!(
            error.to_string().starts_with("line 3: a relationship"),
            "{error}"
        );
    }

    #[test]
    fn text_values_keep_their_lines_counted() {
        let extracted = read(
            "SPDXVersion: SPDX-2.2\nDocumentComment: <text>one\ntwo</text>\n\nPackageName: a\nSPDXID: SPDXRef-a\nPackageVersion: 1\nExternalRef: PACKAGE-MANAGER purl pkg:npm/a@1\n",
        )
        .unwrap();
        assert_eq!(extracted.packages.len(), 1);
        assert_eq!(extracted.packages[0].location.line, Some(5));
        let error = read("SPDXVersion: SPDX-3.0\n").unwrap_err();
        assert!(matches!(error, ExtractError::Unsupported(_)), "{error}");
    }
}
