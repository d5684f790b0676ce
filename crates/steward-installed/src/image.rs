//! Container images (`--image PATH`): an OCI image layout directory, or one packed as a tar
//! archive (`skopeo copy … oci-archive:`, `docker save` from Docker 25 on), or a classic
//! `docker save` archive (`manifest.json`). Layers are read as streams, in order, straight from
//! the layout or archive (nothing is extracted to disk); whiteouts (`.wh.<name>`) delete what
//! lower layers put down, and opaque whiteouts (`.wh..wh..opq`) empty a directory.

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use steward_fs::open_file;
use steward_model::{FileRecord, FileStatus, Image, Inventory};

use crate::Limits;
use crate::collect::Collector;
use crate::paths::{escapes, normalize};

const INDEX_MEDIA_TYPES: &[&str] = &[
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
];
const REFERENCE_ANNOTATION: &str = "org.opencontainers.image.ref.name";
/// Why an image could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    /// The image, or one of its documents, could not be read.
    #[error("cannot read {what}: {source}")]
    Unreadable {
        /// `the image`, or the document's name.
        what: String,
        /// The error.
        #[source]
        source: io::Error,
    },
    /// A document of the image is not the JSON it should be.
    #[error("`{name}`: {source}")]
    Document {
        /// The document's name.
        name: String,
        /// The error.
        #[source]
        source: serde_json::Error,
    },
    /// A descriptor names something that is not a digest.
    #[error("`{0}` is not a digest")]
    NotADigest(String),
    /// Neither an OCI layout nor a `docker save` archive.
    #[error("not an image: no `index.json` (OCI layout) or `manifest.json` (docker save)")]
    NotAnImage,
    /// No image, or more than one, fits the tag given (or none given).
    #[error("{0}")]
    Choice(String),
    /// Indexes that lead back to one already read, or nest too deep.
    #[error(
        "the image index `{0}` leads back to itself or nests more than {MAX_INDEX_NESTING} deep"
    )]
    IndexLoop(String),
}

/// How many image indexes may lead to one another before the manifest (registries write one
/// or two).
const MAX_INDEX_NESTING: usize = 8;

/// JSON documents of an image (index, manifests, configs) larger than this are refused.
const MAX_DOCUMENT_BYTES: u64 = 16 * 1024 * 1024;

/// The inventory of the image at `argument`: a path, or `PATH:TAG` to pick one of several
/// images in a layout or archive.
pub fn inventory_image(argument: &str, limits: &Limits) -> Inventory {
    match open(argument, limits) {
        Ok(inventory) => inventory,
        Err(error) => Inventory {
            files: vec![FileRecord {
                path: argument.to_owned(),
                format: "image".to_owned(),
                status: FileStatus::Failed {
                    error: error.to_string(),
                },
                packages: 0,
                notes: Vec::new(),
            }],
            ..Inventory::default()
        },
    }
}

fn open(argument: &str, limits: &Limits) -> Result<Inventory, ImageError> {
    let (path, tag) = match argument.rsplit_once(':') {
        Some((path, tag)) if !Path::new(argument).exists() && Path::new(path).exists() => {
            (PathBuf::from(path), Some(tag))
        }
        _ => (PathBuf::from(argument), None),
    };
    let blobs = if path.is_dir() {
        Blobs::Directory(path.clone())
    } else {
        Blobs::archive(&path).map_err(|source| ImageError::Unreadable {
            what: "the image".to_owned(),
            source,
        })?
    };
    let (digest, layers) = layers(&blobs, tag)?;
    let mut collector = Collector::new(argument, "", *limits);
    for layer in &layers {
        apply(&blobs, layer, &mut collector);
    }
    let mut inventory = collector.finish("image");
    inventory.images.push(Image {
        reference: argument.to_owned(),
        digest,
    });
    Ok(inventory)
}

/// The inventory of one layer held in memory, as if it were the only layer of an image: what
/// the fuzz target goes through.
pub fn inventory_layer(bytes: &[u8], limits: &Limits) -> Inventory {
    let blobs = Blobs::Memory(bytes);
    let layer = Layer {
        digest: "sha256:layer".to_owned(),
        blob: String::new(),
    };
    let mut collector = Collector::new("layer", "", *limits);
    apply(&blobs, &layer, &mut collector);
    collector.finish("image")
}

/// A layer: its digest, and the blob that holds it.
struct Layer {
    digest: String,
    blob: String,
}

/// Where blobs come from: a layout directory, the entries of a tar archive, or (for the
/// fuzz target) one blob in memory.
enum Blobs<'a> {
    Memory(&'a [u8]),
    Directory(PathBuf),
    Archive {
        path: PathBuf,
        /// Entry name → (offset of its data, size).
        entries: BTreeMap<String, (u64, u64)>,
    },
}

impl Blobs<'_> {
    fn archive(path: &Path) -> io::Result<Self> {
        let mut archive = tar::Archive::new(BufReader::new(open_file(path)?));
        let mut entries = BTreeMap::new();
        for entry in archive.entries()? {
            let entry = entry?;
            let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            let name = name.trim_start_matches("./").to_owned();
            entries.insert(name, (entry.raw_file_position(), entry.size()));
        }
        if entries.is_empty() {
            return Err(io::Error::other(
                "not an image: an empty or unreadable tar archive (a compressed archive must be decompressed first)",
            ));
        }
        Ok(Self::Archive {
            path: path.to_owned(),
            entries,
        })
    }

    fn exists(&self, name: &str) -> bool {
        match self {
            Self::Memory(_) => name.is_empty(),
            Self::Directory(root) => root.join(name).is_file(),
            Self::Archive { entries, .. } => entries.contains_key(name),
        }
    }

    fn open(&self, name: &str) -> io::Result<Box<dyn Read + '_>> {
        match self {
            Self::Memory(bytes) => Ok(Box::new(*bytes)),
            Self::Directory(root) => {
                let safe = normalize(name).ok_or_else(|| {
                    io::Error::other(format!("`{name}` points outside the image layout"))
                })?;
                Ok(Box::new(open_file(
                    &root.join(safe.trim_start_matches('/')),
                )?))
            }
            Self::Archive { path, entries } => {
                let (offset, size) = entries.get(name).copied().ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::NotFound,
                        format!("no `{name}` in the archive"),
                    )
                })?;
                let mut file = open_file(path)?;
                file.seek(SeekFrom::Start(offset))?;
                Ok(Box::new(file.take(size)))
            }
        }
    }

    fn json<T: for<'de> Deserialize<'de>>(&self, name: &str) -> Result<T, ImageError> {
        let mut bytes = Vec::new();
        self.open(name)
            .and_then(|reader| reader.take(MAX_DOCUMENT_BYTES).read_to_end(&mut bytes))
            .map_err(|source| ImageError::Unreadable {
                what: format!("`{name}`"),
                source,
            })?;
        serde_json::from_slice(&bytes).map_err(|source| ImageError::Document {
            name: name.to_owned(),
            source,
        })
    }
}

#[derive(Deserialize)]
struct Index {
    #[serde(default)]
    manifests: Vec<Descriptor>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor {
    #[serde(default)]
    media_type: String,
    digest: String,
    #[serde(default)]
    annotations: BTreeMap<String, String>,
    platform: Option<Platform>,
}

#[derive(Deserialize)]
struct Platform {
    architecture: String,
    os: String,
}

#[derive(Deserialize)]
struct Manifest {
    #[serde(default)]
    layers: Vec<Descriptor>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DockerManifest {
    config: String,
    #[serde(default)]
    repo_tags: Vec<String>,
    layers: Vec<String>,
}

#[derive(Deserialize)]
struct DockerConfig {
    rootfs: Option<RootFs>,
}

#[derive(Deserialize)]
struct RootFs {
    #[serde(default)]
    diff_ids: Vec<String>,
}

/// The blob path of a digest (`sha256:abc` → `blobs/sha256/abc`).
fn blob(digest: &str) -> Result<String, ImageError> {
    let (algorithm, hex) = digest
        .split_once(':')
        .filter(|(algorithm, hex)| {
            !algorithm.is_empty()
                && !hex.is_empty()
                && algorithm.bytes().all(|b| b.is_ascii_alphanumeric())
                && hex.bytes().all(|b| b.is_ascii_alphanumeric())
        })
        .ok_or_else(|| ImageError::NotADigest(digest.to_owned()))?;
    Ok(format!("blobs/{algorithm}/{hex}"))
}

/// The digest of the image chosen by `tag`, and its layers, bottom first.
fn layers(blobs: &Blobs<'_>, tag: Option<&str>) -> Result<(String, Vec<Layer>), ImageError> {
    if blobs.exists("index.json") {
        let index: Index = blobs.json("index.json")?;
        let mut chosen = choose(index.manifests, tag)?;
        let digest = chosen.digest.clone();
        // A multi-platform index: one level down, one platform. An index that leads back to
        // one already read, or nests deeper than any registry writes, is refused.
        let mut visited = vec![chosen.digest.clone()];
        while INDEX_MEDIA_TYPES.contains(&chosen.media_type.as_str()) {
            let nested: Index = blobs.json(&blob(&chosen.digest)?)?;
            chosen = choose_platform(nested.manifests)?;
            if visited.contains(&chosen.digest) || visited.len() >= MAX_INDEX_NESTING {
                return Err(ImageError::IndexLoop(chosen.digest));
            }
            visited.push(chosen.digest.clone());
        }
        let manifest: Manifest = blobs.json(&blob(&chosen.digest)?)?;
        let layers = manifest
            .layers
            .into_iter()
            .map(|layer| {
                Ok(Layer {
                    blob: blob(&layer.digest)?,
                    digest: layer.digest,
                })
            })
            .collect::<Result<_, ImageError>>()?;
        return Ok((digest, layers));
    }
    if blobs.exists("manifest.json") {
        let manifests: Vec<DockerManifest> = blobs.json("manifest.json")?;
        let manifest = choose_docker(manifests, tag)?;
        let config: DockerConfig = blobs.json(&manifest.config)?;
        let diff_ids = config
            .rootfs
            .map(|rootfs| rootfs.diff_ids)
            .unwrap_or_default();
        // The configuration is stored under its digest: `blobs/sha256/<hex>` or `<hex>.json`.
        let digest = match manifest.config.strip_prefix("blobs/") {
            Some(path) => path.replacen('/', ":", 1),
            None => format!("sha256:{}", manifest.config.trim_end_matches(".json")),
        };
        let layers = manifest
            .layers
            .into_iter()
            .enumerate()
            .map(|(index, blob)| Layer {
                digest: diff_ids.get(index).cloned().unwrap_or_else(|| blob.clone()),
                blob,
            })
            .collect();
        return Ok((digest, layers));
    }
    Err(ImageError::NotAnImage)
}

fn choose(manifests: Vec<Descriptor>, tag: Option<&str>) -> Result<Descriptor, ImageError> {
    let names = |manifests: &[Descriptor]| -> String {
        manifests
            .iter()
            .map(|m| {
                m.annotations
                    .get(REFERENCE_ANNOTATION)
                    .map_or(m.digest.as_str(), String::as_str)
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    match tag {
        Some(tag) => {
            let known = names(&manifests);
            manifests
                .into_iter()
                .find(|m| {
                    m.annotations.get(REFERENCE_ANNOTATION).map(String::as_str) == Some(tag)
                        || m.digest == tag
                })
                .ok_or_else(|| {
                    ImageError::Choice(format!(
                        "no image tagged `{tag}` in the layout (it has: {known})"
                    ))
                })
        }
        None if manifests.len() == 1 => Ok(manifests.into_iter().next().expect("one manifest")),
        None if manifests.is_empty() => Err(ImageError::Choice(
            "the image index lists no manifests".to_owned(),
        )),
        None => Err(ImageError::Choice(format!(
            "the layout holds several images; name one as PATH:TAG (it has: {})",
            names(&manifests)
        ))),
    }
}

/// The manifest for this machine's platform (Linux), from a multi-platform index.
fn choose_platform(manifests: Vec<Descriptor>) -> Result<Descriptor, ImageError> {
    let architecture = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        other => other,
    };
    if manifests.len() == 1 {
        return Ok(manifests.into_iter().next().expect("one manifest"));
    }
    let listed: Vec<String> = manifests
        .iter()
        .filter_map(|m| m.platform.as_ref())
        .map(|p| format!("{}/{}", p.os, p.architecture))
        .collect();
    manifests
        .into_iter()
        .find(|m| {
            m.platform
                .as_ref()
                .is_some_and(|p| p.os == "linux" && p.architecture == architecture)
        })
        .ok_or_else(|| {
            ImageError::Choice(format!(
                "a multi-platform image without linux/{architecture} (it has: {})",
                listed.join(", ")
            ))
        })
}

fn choose_docker(
    manifests: Vec<DockerManifest>,
    tag: Option<&str>,
) -> Result<DockerManifest, ImageError> {
    let known: Vec<String> = manifests.iter().flat_map(|m| m.repo_tags.clone()).collect();
    match tag {
        Some(tag) => manifests
            .into_iter()
            .find(|m| {
                m.repo_tags
                    .iter()
                    .any(|t| t == tag || t.rsplit_once(':').is_some_and(|(_, t)| t == tag))
            })
            .ok_or_else(|| {
                ImageError::Choice(format!(
                    "no image tagged `{tag}` in the archive (it has: {})",
                    known.join(", ")
                ))
            }),
        None if manifests.len() == 1 => Ok(manifests.into_iter().next().expect("one manifest")),
        None => Err(ImageError::Choice(format!(
            "the archive holds {} images; name one as PATH:TAG (it has: {})",
            manifests.len(),
            known.join(", ")
        ))),
    }
}

/// A reader that fails once more than `limit` bytes have come through it.
struct Counted<R> {
    inner: R,
    read: u64,
    limit: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let count = self.inner.read(buffer)?;
        self.read += count as u64;
        if self.read > self.limit {
            return Err(io::Error::other(format!(
                "the layer unpacks to more than the limit of {} bytes",
                self.limit
            )));
        }
        Ok(count)
    }
}

/// The layer's tar stream, decompressed as its first bytes say (gzip, zstd, or none).
fn decompressed<'a>(reader: Box<dyn Read + 'a>) -> io::Result<Box<dyn Read + 'a>> {
    let mut reader = BufReader::new(reader);
    let head = reader.fill_buf()?;
    Ok(if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(flate2::bufread::MultiGzDecoder::new(reader))
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Box::new(ruzstd::decoding::StreamingDecoder::new(reader).map_err(io::Error::other)?)
    } else {
        Box::new(reader)
    })
}

/// Reads one layer into the collector: first its deletions (whiteouts, and paths it puts
/// something new at), then what it adds. A layer that breaks off is kept up to where it broke,
/// and said so.
fn apply(blobs: &Blobs<'_>, layer: &Layer, collector: &mut Collector) {
    let limits = *collector.limits();
    let short = layer.digest.get(..19).unwrap_or(&layer.digest).to_owned();
    let mut removed: Vec<String> = Vec::new();
    let mut emptied: Vec<String> = Vec::new();
    let mut added = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let result = (|| -> io::Result<()> {
        let stream = Counted {
            inner: decompressed(blobs.open(&layer.blob)?)?,
            read: 0,
            limit: limits.max_unpacked_bytes,
        };
        let mut archive = tar::Archive::new(stream);
        for (count, entry) in archive.entries()?.enumerate() {
            if count as u64 >= limits.max_entries {
                return Err(io::Error::other(format!(
                    "more than the limit of {} entries",
                    limits.max_entries
                )));
            }
            let mut entry = entry?;
            let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            let Some(path) = normalize(&raw) else {
                notes.push(format!(
                    "layer {short}: entry `{raw}` climbs out of the root; refused"
                ));
                continue;
            };
            let (directory, name) = path.rsplit_once('/').unwrap_or(("", &path));
            if name == ".wh..wh..opq" {
                emptied.push(directory.to_owned());
                continue;
            }
            if let Some(hidden) = name.strip_prefix(".wh.") {
                removed.push(format!("{directory}/{hidden}"));
                continue;
            }
            let header = entry.header();
            let kind = header.entry_type();
            if kind.is_symlink() {
                if let Ok(Some(target)) = entry.link_name()
                    && escapes(&path, &target.to_string_lossy())
                {
                    notes.push(format!(
                        "layer {short}: `{path}` is a symbolic link to `{}`, outside the root; not followed",
                        target.display()
                    ));
                }
                removed.push(path);
                continue;
            }
            if !kind.is_file() {
                continue;
            }
            removed.push(path.clone());
            let executable = header.mode().is_ok_and(|mode| mode & 0o111 != 0);
            if !Collector::wants(&path, executable) {
                continue;
            }
            let size = entry.size();
            if size > limits.max_file_bytes {
                notes.push(format!(
                    "layer {short}: `{path}` is {size} bytes, more than the limit of {} bytes; not read",
                    limits.max_file_bytes
                ));
                continue;
            }
            let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
            entry.read_to_end(&mut bytes)?;
            added.push(collector.read(&path, &bytes, executable, Some(&layer.digest)));
        }
        Ok(())
    })();
    if let Err(error) = result {
        notes.push(format!(
            "layer {short}: {error}; what follows in it is not read"
        ));
    }
    for path in emptied {
        collector.remove_under(&path);
    }
    for path in removed {
        collector.remove(&path);
    }
    for read in added {
        collector.insert(read);
    }
    for note in notes {
        collector.skip(note);
    }
}
