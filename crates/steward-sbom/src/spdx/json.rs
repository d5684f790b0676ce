//! SPDX 2.3 as JSON.

use crate::Writer;
use crate::view::Sbom;

pub(crate) const WRITER: Writer = Writer {
    id: "spdx-json",
    standard: "SPDX 2.3 (JSON)",
    extension: ".spdx.json",
    write,
};

fn write(sbom: &Sbom<'_>) -> Vec<u8> {
    let mut bytes =
        serde_json::to_vec_pretty(&super::document(sbom)).expect("a document always serializes");
    bytes.push(b'\n');
    bytes
}
