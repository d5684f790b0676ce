//! SBOMs out: an inventory written as CycloneDX or SPDX.
//!
//! Every writer works from one [`view`](view::Sbom) of the inventory: packages that are the
//! same (ecosystem, name, version, source, purl) become one component with every place they
//! were found; edges, the packages the subject depends on directly, identifiers and the
//! document's serial number are derived there once. A writer only spells that view in its
//! format, and is registered in [`WRITERS`].
//!
//! Output is deterministic: the same inventory, subject and creation time give the same bytes.
//! Serial numbers and namespaces are derived from the content, not drawn at random; the
//! creation time is the caller's (the command line takes it from `SOURCE_DATE_EPOCH` when set).
//! The crate does no I/O.

mod cyclonedx;
mod license;
mod spdx;
mod spdx3;
mod view;

use steward_model::Inventory;

/// What the SBOM describes: its root component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    /// A project, a root filesystem or a container image.
    pub kind: SubjectKind,
    /// Its name: the directory's name, the image reference, or what the user gave.
    pub name: String,
    /// Its version, where the user gave one.
    pub version: Option<String>,
    /// An image's digest (`sha256:…`).
    pub digest: Option<String>,
    /// Who supplies it (an organisation or person), where the user says; the project's own
    /// packages (workspace members, path dependencies) are taken to come from them too.
    pub supplier: Option<String>,
}

/// The kind of thing an SBOM describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubjectKind {
    /// A project: lockfiles, manifests, SBOMs, binaries and archives.
    Project,
    /// A root filesystem.
    RootFilesystem,
    /// A container image.
    Image,
}

/// Everything a writer needs.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// The packages and edges.
    pub inventory: &'a Inventory,
    /// The root component.
    pub subject: &'a Subject,
    /// When the SBOM was made.
    pub created: jiff::Timestamp,
    /// steward's version, named as the tool that made it.
    pub tool_version: &'a str,
}

/// One SBOM format steward writes.
#[derive(Debug)]
pub struct Writer {
    /// The id `--format` takes (`cyclonedx-json`).
    pub id: &'static str,
    /// The standard and version written.
    pub standard: &'static str,
    /// The usual file name ending.
    pub extension: &'static str,
    write: fn(&view::Sbom<'_>) -> Vec<u8>,
}

/// Every SBOM format steward writes.
pub const WRITERS: &[Writer] = &[
    cyclonedx::json::WRITER,
    cyclonedx::xml::WRITER,
    spdx::json::WRITER,
    spdx::tag_value::WRITER,
    spdx3::WRITER,
];

/// The writer with this id.
pub fn writer_by_id(id: &str) -> Option<&'static Writer> {
    WRITERS.iter().find(|writer| writer.id == id)
}

/// The CycloneDX 1.6 document of a request, as a JSON value to which a caller may add (a scan
/// adds its `vulnerabilities`). Components' `bom-ref`s are their purls where unique.
pub fn cyclonedx_document(request: &Request<'_>) -> serde_json::Value {
    cyclonedx::document_value(&view::Sbom::new(request))
}

impl Writer {
    /// The SBOM for a request, as the bytes of the file.
    pub fn write(&self, request: &Request<'_>) -> Vec<u8> {
        (self.write)(&view::Sbom::new(request))
    }
}
