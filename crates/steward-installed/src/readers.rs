//! The one table of readers of installed things, each in its own module: what it finds (by
//! path, or by content for executables), and a function from the file's bytes to packages.

use steward_inventory::{ExtractError, Extracted};

use crate::Limits;
use crate::archive::java;
use crate::binary::{go, rust};
use crate::language::{node, python, ruby};
use crate::os::{apk, dpkg, rpm};

/// Something steward reads in a root filesystem or image.
#[derive(Debug)]
pub struct Reader {
    /// The stable id (`dpkg-status`), used in reports.
    pub id: &'static str,
    /// The ecosystem, for the support matrix.
    pub ecosystem: &'static str,
    /// Where it is found, for the support matrix.
    pub finds: &'static str,
    /// What is read, in one line, for the support matrix.
    pub reads: &'static str,
    /// What is not read, for the support matrix.
    pub gaps: &'static str,
    pub(crate) wants: Wants,
    pub(crate) extract: fn(&Found<'_>) -> Result<Extracted, ExtractError>,
}

/// Which files a reader wants.
#[derive(Debug)]
pub(crate) enum Wants {
    /// Files whose absolute path (inside the root) matches.
    Path(fn(&str) -> bool),
    /// Executable files whose content matches (checked on the whole file).
    Executable(fn(&[u8]) -> bool),
}

/// One file, as a reader sees it.
#[derive(Debug)]
pub(crate) struct Found<'a> {
    /// The absolute path inside the root (`/var/lib/dpkg/status`).
    pub(crate) path: &'a str,
    /// The content.
    pub(crate) bytes: &'a [u8],
    /// The limits, for readers that open archives.
    pub(crate) limits: &'a Limits,
}

impl Found<'_> {
    /// The content as text (lossy: package databases are read, not validated).
    pub(crate) fn text(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(self.bytes)
    }
}

/// Every reader, OS package databases first.
pub static READERS: &[Reader] = &[
    dpkg::STATUS,
    dpkg::STATUS_D,
    apk::INSTALLED,
    rpm::DATABASE,
    python::DIST_INFO,
    python::EGG_INFO,
    node::PACKAGE,
    ruby::GEMSPEC,
    java::ARCHIVE,
    go::BINARY,
    rust::BINARY,
];

/// The readers that want a file at `path`, by path alone.
pub(crate) fn by_path(path: &str) -> impl Iterator<Item = &'static Reader> + '_ {
    READERS
        .iter()
        .filter(move |reader| matches!(reader.wants, Wants::Path(wants) if wants(path)))
}

/// The readers that want an executable with these contents.
pub(crate) fn by_content(bytes: &[u8]) -> impl Iterator<Item = &'static Reader> + '_ {
    READERS
        .iter()
        .filter(move |reader| matches!(reader.wants, Wants::Executable(wants) if wants(bytes)))
}

/// A reader by id.
pub fn reader_by_id(id: &str) -> Option<&'static Reader> {
    READERS.iter().find(|reader| reader.id == id)
}
