//! SPDX 2.3 as tag-value: the same document as the JSON, one `Tag: value` per line; values
//! that span lines (or could be mistaken for more) inside `<text>…</text>`.

use std::fmt::Write;

use super::Document;
use crate::Writer;
use crate::view::Sbom;

pub(crate) const WRITER: Writer = Writer {
    id: "spdx-tag-value",
    standard: "SPDX 2.3 (tag-value)",
    extension: ".spdx",
    write,
};

fn write(sbom: &Sbom<'_>) -> Vec<u8> {
    spell(&super::document(sbom)).into_bytes()
}

fn spell(document: &Document<'_>) -> String {
    let mut out = Lines::default();
    out.tag("SPDXVersion", document.spdx_version);
    out.tag("DataLicense", document.data_license);
    out.tag("SPDXID", document.id);
    out.tag("DocumentName", document.name);
    out.tag("DocumentNamespace", &document.document_namespace);
    for creator in &document.creation_info.creators {
        out.tag("Creator", creator);
    }
    out.tag("Created", document.creation_info.created);
    for package in &document.packages {
        out.blank();
        out.tag("PackageName", package.name);
        out.tag("SPDXID", &package.id);
        if let Some(version) = package.version_info {
            out.tag("PackageVersion", version);
        }
        out.tag("PackageSupplier", &package.supplier);
        out.tag("PackageDownloadLocation", &package.download_location);
        out.tag(
            "FilesAnalyzed",
            if package.files_analyzed {
                "true"
            } else {
                "false"
            },
        );
        for checksum in &package.checksums {
            out.tag(
                "PackageChecksum",
                &format!("{}: {}", checksum.algorithm, checksum.checksum_value),
            );
        }
        out.tag("PackageLicenseConcluded", package.license_concluded);
        out.tag("PackageLicenseDeclared", &package.license_declared);
        out.tag("PackageCopyrightText", package.copyright_text);
        if let Some(source_info) = &package.source_info {
            out.text("PackageSourceInfo", source_info);
        }
        for reference in &package.external_refs {
            out.tag(
                "ExternalRef",
                &format!(
                    "{} {} {}",
                    reference.reference_category,
                    reference.reference_type,
                    reference.reference_locator
                ),
            );
        }
        out.tag("PrimaryPackagePurpose", package.primary_package_purpose);
    }
    out.blank();
    for relationship in &document.relationships {
        out.tag(
            "Relationship",
            &format!(
                "{} {} {}",
                relationship.spdx_element_id,
                relationship.relationship_type,
                relationship.related_spdx_element
            ),
        );
    }
    for license in &document.has_extracted_licensing_infos {
        out.blank();
        out.tag("LicenseID", &license.license_id);
        out.text("ExtractedText", license.extracted_text);
        out.tag("LicenseName", license.name);
    }
    out.0
}

#[derive(Default)]
struct Lines(String);

impl Lines {
    /// `Tag: value`, the value wrapped in `<text>` when it spans lines or has edge spaces.
    fn tag(&mut self, tag: &str, value: &str) {
        if value.contains(['\n', '\r']) || value.trim() != value || value.starts_with("<text>") {
            self.text(tag, value);
        } else {
            writeln!(self.0, "{tag}: {value}").expect("writing to a string");
        }
    }

    /// `Tag: <text>value</text>`. The format has no escape for `</text>` inside a value; the
    /// one place it could appear is broken up so the document stays readable.
    fn text(&mut self, tag: &str, value: &str) {
        let value = value.replace("</text>", "</ text>");
        writeln!(self.0, "{tag}: <text>{value}</text>").expect("writing to a string");
    }

    fn blank(&mut self) {
        self.0.push('\n');
    }
}
