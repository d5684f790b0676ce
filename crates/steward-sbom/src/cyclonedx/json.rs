//! CycloneDX 1.6 as JSON.

use crate::Writer;
use crate::view::Sbom;

pub(crate) const WRITER: Writer = Writer {
    id: "cyclonedx-json",
    standard: "CycloneDX 1.6 (JSON)",
    extension: ".cdx.json",
    write,
};

fn write(sbom: &Sbom<'_>) -> Vec<u8> {
    super::with_document(sbom, |bom| {
        let mut bytes = serde_json::to_vec_pretty(bom).expect("a BOM always serializes");
        bytes.push(b'\n');
        bytes
    })
}
