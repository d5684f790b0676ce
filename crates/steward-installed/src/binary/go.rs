//! Go build information (Go 1.18 and later): the `\xff Go buildinf:` header that the linker
//! puts in every binary, followed by the toolchain version and the module information
//! (`path`, `mod`, `dep` and `=>` replacement lines) that `go version -m` prints.
//!
//! The main module is the root; its dependencies are reported at the versions built, under
//! the replacement's path and version when a `=>` line replaces one with another module; a
//! dependency replaced by a local directory keeps its path with no version and a `path`
//! source. The toolchain is reported as the package `stdlib` of the Go ecosystem, since the
//! standard library has advisories of its own.

use steward_inventory::{ExtractError, Extracted, go_sum_hash};
use steward_model::{Location, Package, Relationship, Source};
use steward_purl::{Ecosystem, EcosystemName};

use crate::binary::is_executable_format;
use crate::readers::{Found, Reader, Wants};

const MAGIC: &[u8] = b"\xff Go buildinf:";
const HEADER_LENGTH: usize = 32;
/// Module information is framed by 16 bytes on each side.
const SENTINEL_LENGTH: usize = 16;
/// The linker aligns the header to 16 bytes; the marker elsewhere is data (the linker's own
/// copy of it, a scanner's), as Go's `debug/buildinfo` also concludes.
const HEADER_ALIGNMENT: usize = 16;

pub(crate) const BINARY: Reader = Reader {
    id: "go-binary",
    ecosystem: "Go",
    finds: "executables (ELF, Mach-O, PE) built by Go 1.18 or later",
    reads: "main module, dependencies with versions, sums and replacements, Go toolchain as `stdlib`",
    gaps: "binaries from Go before 1.18 (pointer-based build information) are reported as unsupported",
    wants: Wants::Executable(|bytes| {
        is_executable_format(bytes) && memchr::memmem::find(bytes, MAGIC).is_some()
    }),
    extract,
};

fn extract(found: &Found<'_>) -> Result<Extracted, ExtractError> {
    let (toolchain, modules) = match build_information(found.bytes) {
        Ok(Some(information)) => information,
        // Not a Go binary after all: nothing to say.
        Ok(None) => return Ok(Extracted::default()),
        // A Go binary whose build information steward cannot read: a gap, not a failure.
        Err(ExtractError::Unsupported(reason)) => {
            return Ok(Extracted {
                notes: vec![reason],
                ..Extracted::default()
            });
        }
        Err(error) => return Err(error),
    };
    let go = Ecosystem::new(EcosystemName::Go);
    let package = |name: &str, version: Option<&str>, sum: Option<&&str>| {
        let mut package = Package::new(go.clone(), name, version, Location::new(found.path, None));
        package.hashes.extend(sum.and_then(|sum| go_sum_hash(sum)));
        package
    };
    let mut extracted = Extracted::default();
    let mut main: Option<Package> = None;
    // A `=>` line replaces the `dep` line just before it.
    let mut last_dependency: Option<usize> = None;
    for line in modules.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        match fields.as_slice() {
            // A binary built outside module mode names only its package path.
            ["path", path, ..] if main.is_none() => main = Some(package(path, None, None)),
            ["mod", path, version, sum @ ..] => {
                let version = (*version != "(devel)").then_some(*version);
                main = Some(package(path, version, sum.first()));
            }
            ["dep", path, version, sum @ ..] => {
                last_dependency = Some(extracted.packages.len());
                extracted.packages.push(
                    package(path, Some(version), sum.first())
                        .with_source(Source::Registry { url: None }),
                );
                continue;
            }
            ["=>", path, version, sum @ ..] => {
                if let Some(index) = last_dependency {
                    let replaced = &mut extracted.packages[index];
                    *replaced = if version.is_empty() || *version == "(devel)" {
                        // A local directory: the original path, at no published version.
                        package(&replaced.name, None, None).with_source(Source::Path {
                            path: (*path).to_owned(),
                        })
                    } else {
                        package(path, Some(version), sum.first())
                            .with_source(Source::Registry { url: None })
                    };
                }
            }
            _ => {}
        }
        last_dependency = None;
    }
    if let Some(main) = main {
        extracted.packages.push(
            main.with_relationship(Relationship::Root)
                .with_source(Source::Workspace),
        );
    }
    extracted.packages.push(package(
        "stdlib",
        Some(toolchain.trim_start_matches("go")),
        None,
    ));
    Ok(extracted)
}

/// The toolchain version and the module information of a Go binary; `None` when no
/// occurrence of the marker is a build-information header (the marker as data, as in any
/// program that looks for Go binaries).
fn build_information(bytes: &[u8]) -> Result<Option<(String, String)>, ExtractError> {
    for start in memchr::memmem::find_iter(bytes, MAGIC) {
        if start % HEADER_ALIGNMENT != 0 {
            continue;
        }
        let Some(header) = bytes.get(start..start + HEADER_LENGTH) else {
            continue;
        };
        let (pointer_size, flags) = (header[MAGIC.len()], header[MAGIC.len() + 1]);
        if !matches!(pointer_size, 4 | 8) {
            continue;
        }
        if flags & 0x2 == 0 {
            return Err(ExtractError::Unsupported(
                "Go build information from before Go 1.18 (pointer-based), which steward does not read yet"
                    .to_owned(),
            ));
        }
        let mut rest = &bytes[start + HEADER_LENGTH..];
        let version = length_prefixed(&mut rest).ok_or_else(|| {
            ExtractError::syntax("the Go version in the build information is cut off")
        })?;
        if !(version.starts_with(b"go") || version.starts_with(b"devel")) {
            continue;
        }
        let mut modules = length_prefixed(&mut rest).ok_or_else(|| {
            ExtractError::syntax("the module information in the build information is cut off")
        })?;
        if modules.len() > 2 * SENTINEL_LENGTH
            && modules[modules.len() - SENTINEL_LENGTH - 1] == b'\n'
        {
            modules = &modules[SENTINEL_LENGTH..modules.len() - SENTINEL_LENGTH];
        }
        return Ok(Some((
            String::from_utf8_lossy(version).into_owned(),
            String::from_utf8_lossy(modules).into_owned(),
        )));
    }
    Ok(None)
}

/// A string preceded by its length as an unsigned LEB128 varint; advances `bytes` past it.
fn length_prefixed<'a>(bytes: &mut &'a [u8]) -> Option<&'a [u8]> {
    let mut length: u64 = 0;
    let mut shift = 0;
    let mut index = 0;
    loop {
        let byte = *bytes.get(index)?;
        index += 1;
        length |= u64::from(byte & 0x7f).checked_shl(shift)?;
        if byte & 0x80 == 0 {
            break;
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
    let length = usize::try_from(length).ok()?;
    let end = index.checked_add(length)?;
    let value = bytes.get(index..end)?;
    *bytes = &bytes[end..];
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Limits;

    /// A Go 1.18+ build information blob inside a fake ELF file.
    fn binary(version: &str, modules: &str) -> Vec<u8> {
        let mut bytes = b"\x7fELF".to_vec();
        bytes.resize(64, 0);
        bytes.extend_from_slice(MAGIC);
        bytes.push(8);
        bytes.push(0x2);
        bytes.resize(64 + HEADER_LENGTH, 0);
        for text in [
            version.to_owned(),
            format!("{}{modules}{}", "0".repeat(16), "1".repeat(16)),
        ] {
            let mut length = text.len();
            loop {
                let byte = u8::try_from(length & 0x7f).unwrap();
                length >>= 7;
                bytes.push(if length > 0 { byte | 0x80 } else { byte });
                if length == 0 {
                    break;
                }
            }
            bytes.extend_from_slice(text.as_bytes());
        }
        bytes
    }

    #[test]
    fn reads_modules_replacements_and_the_toolchain() {
        let modules = "path\texample.com/app\nmod\texample.com/app\t(devel)\t\ndep\tgolang.org/x/text\tv0.3.7\th1:abc=\ndep\texample.com/old\tv1.0.0\th1:x=\n=>\texample.com/new\tv1.1.0\th1:y=\ndep\texample.com/local\tv0.0.0\n=>\t../local\t\t\nbuild\tGOOS=linux\n";
        let bytes = binary("go1.21.5", modules);
        let extracted = extract(&Found {
            path: "/usr/bin/app",
            bytes: &bytes,
            limits: &Limits::default(),
        })
        .unwrap();
        let shown: Vec<(String, Option<String>)> = extracted
            .packages
            .iter()
            .map(|p| (p.name.clone(), p.version.clone()))
            .collect();
        assert_eq!(
            shown,
            [
                ("golang.org/x/text".to_owned(), Some("v0.3.7".to_owned())),
                ("example.com/new".to_owned(), Some("v1.1.0".to_owned())),
                ("example.com/local".to_owned(), None),
                ("example.com/app".to_owned(), None),
                ("stdlib".to_owned(), Some("1.21.5".to_owned())),
            ]
        );
        assert_eq!(extracted.packages[3].relationship, Relationship::Root);
        assert_eq!(extracted.packages[0].hashes.len(), 1);
    }

    #[test]
    fn refuses_cut_off_and_old_headers() {
        let mut bytes = binary("go1.21.5", "path\tx\n");
        bytes.truncate(64 + HEADER_LENGTH + 4);
        let limits = Limits::default();
        let found = |bytes| Found {
            path: "/x",
            bytes,
            limits: &limits,
        };
        assert!(extract(&found(&bytes)).is_err());
        // Build information steward cannot read yet is a gap, noted, not a failure.
        let mut old = binary("go1.16", "");
        old[64 + MAGIC.len() + 1] = 0;
        let extracted = extract(&found(&old)).unwrap();
        assert!(extracted.packages.is_empty());
        assert!(
            extracted.notes[0].contains("before Go 1.18"),
            "{:?}",
            extracted.notes
        );
    }

    #[test]
    fn an_unaligned_marker_before_the_header_is_data() {
        let real = binary("go1.19.8", "path\tcmd/link\n");
        // The linker's own copy of the marker, followed by bytes that look like a header.
        let mut bytes = real[..17].to_vec();
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&[8, 2]);
        bytes.resize(17 + HEADER_LENGTH, 0);
        bytes.extend_from_slice(b"\x04go\x01\x02\x02\x00\x00");
        bytes.resize(128, 0);
        bytes.extend_from_slice(&real[64..]);
        let extracted = extract(&Found {
            path: "/usr/lib/go-1.19/pkg/tool/linux_amd64/link",
            bytes: &bytes,
            limits: &Limits::default(),
        })
        .unwrap();
        let stdlib = extracted.packages.last().unwrap();
        assert_eq!(stdlib.version.as_deref(), Some("1.19.8"));
    }

    #[test]
    fn the_marker_as_data_is_not_a_go_binary() {
        let limits = Limits::default();
        let mut bytes = b"\x7fELF".to_vec();
        bytes.extend_from_slice(&[0; 60]);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(b"looking for Go binaries, as steward does...........");
        let extracted = extract(&Found {
            path: "/usr/bin/scanner",
            bytes: &bytes,
            limits: &limits,
        })
        .unwrap();
        assert!(extracted.packages.is_empty() && extracted.notes.is_empty());
    }
}
