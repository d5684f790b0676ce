//! The files of one root filesystem or image, as the readers saw them: later layers replace
//! and delete what earlier ones put down, and at the end the distribution's release is given
//! to its OS packages.

use std::collections::BTreeMap;

use steward_inventory::Extracted;
use steward_model::{FileRecord, FileStatus, Inventory};
use steward_purl::Ecosystem;

use crate::Limits;
use crate::binary::is_executable_format;
use crate::os::{copyright, release};
use crate::readers::{self, Found, Reader, Wants};

/// What one reader made of one file.
#[derive(Debug)]
pub(crate) struct Collected {
    reader: &'static Reader,
    layer: Option<String>,
    result: Result<Extracted, String>,
}

/// The files read so far, by absolute path inside the root.
#[derive(Debug)]
pub(crate) struct Collector {
    /// Shown as the root in records (`debian-rootfs`, `image.tar`).
    root: String,
    /// Prefixed to paths inside the root to name files in reports: the root's own path for a
    /// directory on disk (so that reports name files one can open), nothing for an image.
    prefix: String,
    limits: Limits,
    files: BTreeMap<(String, &'static str), Collected>,
    os_release: BTreeMap<String, String>,
    /// The licences of dpkg packages, from their machine-readable copyright files, by path.
    copyrights: BTreeMap<String, Vec<String>>,
    /// Problems with the root or image itself (refused entries, unreadable layers).
    skipped: Vec<String>,
}

impl Collector {
    pub(crate) fn new(root: &str, prefix: &str, limits: Limits) -> Self {
        Self {
            root: root.to_owned(),
            prefix: prefix.trim_end_matches('/').to_owned(),
            limits,
            files: BTreeMap::new(),
            os_release: BTreeMap::new(),
            copyrights: BTreeMap::new(),
            skipped: Vec::new(),
        }
    }

    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Whether the file at `path` needs reading: a reader wants it by path, it is
    /// `os-release` or a dpkg package's copyright file, or it is executable (and may be a
    /// binary with a dependency list).
    pub(crate) fn wants(path: &str, executable: bool) -> bool {
        executable
            || release::PATHS.contains(&path)
            || copyright::package_of(path).is_some()
            || readers::by_path(path).next().is_some()
    }

    /// Reads a file every reader that wants it, without recording anything yet.
    pub(crate) fn read(
        &self,
        path: &str,
        bytes: &[u8],
        executable: bool,
        layer: Option<&str>,
    ) -> Vec<Read> {
        let mut read = Vec::new();
        if copyright::package_of(path).is_some() {
            let licenses = copyright::licenses(&String::from_utf8_lossy(bytes));
            read.push(Read::Copyright(path.to_owned(), licenses));
        }
        if release::PATHS.contains(&path) {
            read.push(Read::OsRelease(
                path.to_owned(),
                String::from_utf8_lossy(bytes).into_owned(),
            ));
        }
        let by_content: Vec<&'static Reader> = if executable && is_executable_format(bytes) {
            readers::by_content(bytes).collect()
        } else {
            Vec::new()
        };
        for reader in readers::by_path(path).chain(by_content) {
            let found = Found {
                path,
                bytes,
                limits: &self.limits,
            };
            let result = (reader.extract)(&found).map_err(|error| error.to_string());
            // A reader chosen by content that finds nothing (a marker as data) leaves no
            // record: the file is simply not of its kind.
            if matches!(reader.wants, Wants::Executable(_))
                && result.as_ref().is_ok_and(|extracted| {
                    extracted.packages.is_empty()
                        && extracted.skipped.is_empty()
                        && extracted.notes.is_empty()
                })
            {
                continue;
            }
            read.push(Read::File(
                path.to_owned(),
                Collected {
                    reader,
                    layer: layer.map(str::to_owned),
                    result,
                },
            ));
        }
        read
    }

    /// Records what `read` gave, replacing what an earlier layer had at the same path.
    pub(crate) fn insert(&mut self, read: Vec<Read>) {
        for item in read {
            match item {
                Read::OsRelease(path, text) => {
                    self.os_release.insert(path, text);
                }
                Read::Copyright(path, licenses) => {
                    self.copyrights.insert(path, licenses);
                }
                Read::File(path, collected) => {
                    self.files.insert((path, collected.reader.id), collected);
                }
                Read::Refused(reason) => self.skipped.push(reason),
            }
        }
    }

    /// Forgets what is at `path` and, if it is a directory, everything under it (a whiteout,
    /// or a later layer putting something else there).
    pub(crate) fn remove(&mut self, path: &str) {
        self.remove_under(path);
        let exact: Vec<_> = self
            .files
            .range((path.to_owned(), "")..)
            .take_while(|((file, _), _)| file == path)
            .map(|(key, _)| key.clone())
            .collect();
        for key in exact {
            self.files.remove(&key);
        }
        self.os_release.remove(path);
        self.copyrights.remove(path);
    }

    /// Forgets everything under the directory `path`, keeping the directory itself (an opaque
    /// whiteout).
    pub(crate) fn remove_under(&mut self, path: &str) {
        let prefix = format!("{}/", path.trim_end_matches('/'));
        let under: Vec<_> = self
            .files
            .range((prefix.clone(), "")..)
            .take_while(|((file, _), _)| file.starts_with(&prefix))
            .map(|(key, _)| key.clone())
            .collect();
        for key in under {
            self.files.remove(&key);
        }
        self.os_release.retain(|file, _| !file.starts_with(&prefix));
        self.copyrights.retain(|file, _| !file.starts_with(&prefix));
    }

    /// Notes something about the root or image itself that could not be read.
    pub(crate) fn skip(&mut self, reason: String) {
        self.skipped.push(reason);
    }

    /// The inventory: every file's packages, OS packages in the distribution's release, and a
    /// record for the root itself when something in it was refused.
    pub(crate) fn finish(self, root_format: &str) -> Inventory {
        let mut inventory = Inventory::default();
        let mut skipped = self.skipped;
        let distribution = release::PATHS
            .iter()
            .find_map(|path| self.os_release.get(*path))
            .and_then(|text| release::parse(&self.root, text));
        let release_ecosystem = distribution
            .as_ref()
            .and_then(|distribution| distribution.ecosystem.as_deref())
            .map(Ecosystem::parse);
        let mut unplaced_os_packages = false;
        let copyrights: BTreeMap<&str, &Vec<String>> = self
            .copyrights
            .iter()
            .filter_map(|(path, licenses)| Some((copyright::package_of(path)?, licenses)))
            .collect();
        for ((path, _), collected) in self.files {
            let shown = format!("{}{path}", self.prefix);
            let (status, extracted) = match collected.result {
                Ok(extracted) if extracted.skipped.is_empty() => (FileStatus::Read, extracted),
                Ok(mut extracted) => (
                    FileStatus::Partial {
                        skipped: std::mem::take(&mut extracted.skipped),
                    },
                    extracted,
                ),
                Err(error) => (FileStatus::Failed { error }, Extracted::default()),
            };
            inventory.files.push(FileRecord {
                path: shown.clone(),
                format: collected.reader.id.to_owned(),
                status,
                packages: extracted.packages.len(),
                notes: extracted.notes.clone(),
            });
            let mut part = Inventory {
                packages: extracted.packages,
                dependencies: extracted.dependencies,
                ..Inventory::default()
            };
            for package in &mut part.packages {
                package.location.file.clone_from(&shown);
                package.location.layer.clone_from(&collected.layer);
                if package.ecosystem.name().purl_type() == Some("deb")
                    && package.licenses.is_empty()
                    && let Some(licenses) = copyrights.get(package.name.as_str())
                {
                    package.licenses.clone_from(licenses);
                }
                steward_license::normalize_all(&mut package.licenses);
                if matches!(
                    package.ecosystem.name().purl_type(),
                    Some("deb" | "apk" | "rpm")
                ) {
                    match &release_ecosystem {
                        Some(ecosystem)
                            if ecosystem.name().purl_type()
                                == package.ecosystem.name().purl_type() =>
                        {
                            package.set_ecosystem(ecosystem.clone());
                        }
                        _ => unplaced_os_packages = true,
                    }
                }
            }
            inventory.extend(part);
        }
        if unplaced_os_packages {
            skipped.push(match &distribution {
                Some(distribution) => format!(
                    "os-release names `{}` {}, which steward cannot map to an advisory ecosystem; OS packages keep their family's name without a release",
                    distribution.id,
                    distribution.version_id.as_deref().unwrap_or("(no VERSION_ID)")
                ),
                None => "no os-release (or it has no ID): OS packages keep their family's name without a release".to_owned(),
            });
        }
        if !skipped.is_empty() {
            inventory.files.push(FileRecord {
                path: self.root.clone(),
                format: root_format.to_owned(),
                status: FileStatus::Partial { skipped },
                packages: 0,
                notes: Vec::new(),
            });
        }
        inventory.distributions.extend(distribution);
        inventory.sort();
        inventory
    }
}

/// What reading one file gave.
#[derive(Debug)]
pub(crate) enum Read {
    /// An `os-release` file: its path and text.
    OsRelease(String, String),
    /// A dpkg package's copyright file: its path and the licences it names.
    Copyright(String, Vec<String>),
    /// What one reader made of the file at a path.
    File(String, Collected),
    /// A file that was not read, and why.
    Refused(String),
}
