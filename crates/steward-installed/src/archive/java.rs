//! Java archives (JAR, WAR, EAR and the plugin variants), with archives nested in them to any
//! depth the limits allow: every `META-INF/maven/<group>/<artifact>/pom.properties` is a
//! package, so a shaded or fat jar reports each artifact embedded in it, and a WAR each jar
//! under `WEB-INF/lib`. Each package records the chain of entries that leads to it.

use std::io::{Cursor, Read};

use steward_inventory::{ExtractError, Extracted};
use steward_model::{Location, Package};
use steward_purl::{Ecosystem, EcosystemName};

use crate::Limits;
use crate::limits::MAX_METADATA_BYTES;
use crate::readers::{Found, Reader, Wants};

/// The most packages one archive gives, nested archives included: the largest real fat jars
/// embed a few hundred artifacts.
const MAX_PACKAGES: usize = 50_000;

const EXTENSIONS: &[&str] = &[".jar", ".war", ".ear", ".jpi", ".hpi", ".par", ".sar"];

pub(crate) const ARCHIVE: Reader = Reader {
    id: "java-archive",
    ecosystem: "Maven",
    finds: "*.jar, *.war, *.ear (and .jpi, .hpi, .par, .sar)",
    reads: "every `pom.properties` (group, artifact, version), in nested archives to any allowed depth",
    gaps: "archives without `pom.properties` are not identified (no guessing from file names or MANIFEST.MF)",
    wants: Wants::Path(is_java_archive),
    extract,
};

fn is_java_archive(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    EXTENSIONS
        .iter()
        .any(|extension| lower.ends_with(extension))
}

fn extract(found: &Found<'_>) -> Result<Extracted, ExtractError> {
    let mut walk = Walk {
        path: found.path,
        limits: found.limits,
        unpacked: 0,
        entries: 0,
        held: 0,
        exhausted: false,
        extracted: Extracted::default(),
    };
    walk.archive(found.bytes, &mut Vec::new())?;
    Ok(walk.extracted)
}

struct Walk<'a> {
    path: &'a str,
    limits: &'a Limits,
    /// Bytes decompressed so far, nested archives included.
    unpacked: u64,
    /// Entries looked at so far, nested archives included: overlapping entries make a few
    /// kilobytes into any number of nested archives, so the count is one budget for all.
    entries: u64,
    /// Bytes of nested archives held in memory along the current chain.
    held: u64,
    /// Set once a budget is spent: nothing more is opened, at any depth.
    exhausted: bool,
    extracted: Extracted,
}

impl Walk<'_> {
    /// Reads one archive; `chain` holds the entries leading to it. Errors in nested archives
    /// are recorded as skipped; an error in the outermost one fails the file.
    fn archive(&mut self, bytes: &[u8], chain: &mut Vec<String>) -> Result<(), ExtractError> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|error| {
            ExtractError::syntax(format!("not a readable zip archive: {error}"))
        })?;
        if archive.len() as u64 > self.limits.max_entries {
            return Err(ExtractError::Unsupported(format!(
                "{} entries, more than the limit of {}",
                archive.len(),
                self.limits.max_entries
            )));
        }
        for index in 0..archive.len() {
            if self.exhausted {
                return Ok(());
            }
            self.entries += 1;
            if self.entries > self.limits.max_entries
                || self.extracted.packages.len() >= MAX_PACKAGES
            {
                self.exhausted = true;
                self.skip(
                    chain,
                    &format!(
                        "the archive and those nested in it hold more than {} entries or {MAX_PACKAGES} packages; the rest is not read",
                        self.limits.max_entries
                    ),
                );
                return Ok(());
            }
            let mut entry = match archive.by_index(index) {
                Ok(entry) => entry,
                Err(error) => {
                    self.skip(chain, &format!("entry {index}: {error}"));
                    continue;
                }
            };
            let name = match entry.name() {
                Ok(name) => name.into_owned(),
                Err(error) => {
                    self.skip(chain, &format!("entry {index}: {error}"));
                    continue;
                }
            };
            let is_properties =
                name.starts_with("META-INF/maven/") && name.ends_with("/pom.properties");
            let is_nested = entry.is_file() && is_java_archive(&name);
            if !is_properties && !is_nested {
                continue;
            }
            let limit = if is_properties {
                MAX_METADATA_BYTES
            } else {
                // Every archive open along the chain is in memory at once.
                self.limits.max_file_bytes.saturating_sub(self.held)
            };
            let content = match self.read(&mut entry, limit) {
                Ok(content) => content,
                Err(reason) => {
                    self.skip(chain, &format!("`{name}`: {reason}"));
                    continue;
                }
            };
            drop(entry);
            if is_properties {
                self.properties(&content, chain, &name);
            } else if chain.len() + 1 >= self.limits.max_nesting {
                self.skip(
                    chain,
                    &format!(
                        "`{name}`: archives nested deeper than {} are not opened",
                        self.limits.max_nesting
                    ),
                );
            } else {
                chain.push(name.clone());
                self.held += content.len() as u64;
                if let Err(error) = self.archive(&content, chain) {
                    self.skip(&chain[..chain.len() - 1], &format!("`{name}`: {error}"));
                }
                self.held -= content.len() as u64;
                chain.pop();
            }
        }
        Ok(())
    }

    /// Reads an entry whole, within its own limit and the archive's budget.
    fn read(&mut self, entry: &mut impl Read, limit: u64) -> Result<Vec<u8>, String> {
        let budget = self.limits.max_unpacked_bytes.saturating_sub(self.unpacked);
        let cap = limit.min(budget);
        let mut content = Vec::new();
        entry
            .take(cap + 1)
            .read_to_end(&mut content)
            .map_err(|error| error.to_string())?;
        let read = content.len() as u64;
        self.unpacked += read;
        if read > cap {
            return Err(if cap == limit {
                format!("larger than the limit of {limit} bytes; not read")
            } else {
                format!(
                    "the archive unpacks to more than the limit of {} bytes; the rest is not read",
                    self.limits.max_unpacked_bytes
                )
            });
        }
        Ok(content)
    }

    fn properties(&mut self, content: &[u8], chain: &[String], name: &str) {
        let text = String::from_utf8_lossy(content);
        let mut group = None;
        let mut artifact = None;
        let mut version = None;
        for line in text.lines() {
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            match key.trim() {
                "groupId" => group = Some(value.trim()),
                "artifactId" => artifact = Some(value.trim()),
                "version" => version = Some(value.trim()),
                _ => {}
            }
        }
        let (Some(group), Some(artifact), Some(version)) = (group, artifact, version) else {
            self.skip(
                chain,
                &format!("`{name}` lacks groupId, artifactId or version"),
            );
            return;
        };
        let mut location = Location::new(self.path, None);
        location.inside = chain.to_vec();
        location.inside.push(name.to_owned());
        self.extracted.packages.push(Package::new(
            Ecosystem::new(EcosystemName::Maven),
            &format!("{group}:{artifact}"),
            Some(version),
            location,
        ));
    }

    fn skip(&mut self, chain: &[String], reason: &str) {
        let mut line = String::new();
        for entry in chain {
            line.push_str(entry);
            line.push_str(" → ");
        }
        line.push_str(reason);
        self.extracted.skipped.push(line);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::*;

    /// A zip archive of the given entries.
    pub(crate) fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    fn properties(group: &str, artifact: &str, version: &str) -> Vec<u8> {
        format!("groupId={group}\nartifactId={artifact}\nversion={version}\n").into_bytes()
    }

    fn read(bytes: &[u8], limits: &Limits) -> Extracted {
        extract(&Found {
            path: "/app/app.war",
            bytes,
            limits,
        })
        .unwrap()
    }

    #[test]
    fn reads_shaded_and_nested_archives() {
        let log4j = properties("org.apache.logging.log4j", "log4j-core", "2.14.1");
        let inner = zip(&[(
            "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties",
            &log4j,
        )]);
        let guava = properties("com.google.guava", "guava", "31.0-jre");
        let app = properties("com.example", "app", "1.0");
        let war = zip(&[
            ("META-INF/maven/com.example/app/pom.properties", &app),
            (
                "META-INF/maven/com.google.guava/guava/pom.properties",
                &guava,
            ),
            ("WEB-INF/lib/log4j-core-2.14.1.jar", &inner),
            ("index.html", b"<html>"),
        ]);
        let extracted = read(&war, &Limits::default());
        assert!(extracted.skipped.is_empty(), "{:?}", extracted.skipped);
        let log4j = extracted
            .packages
            .iter()
            .find(|p| p.name == "org.apache.logging.log4j:log4j-core")
            .unwrap();
        assert_eq!(
            log4j.purl.as_ref().unwrap().to_string(),
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"
        );
        assert_eq!(
            log4j.location.inside,
            [
                "WEB-INF/lib/log4j-core-2.14.1.jar",
                "META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties"
            ]
        );
        assert_eq!(extracted.packages.len(), 3);
    }

    #[test]
    fn refuses_deep_nesting_and_bombs_under_the_limits() {
        let mut archive = zip(&[(
            "META-INF/maven/g/deep/pom.properties",
            &properties("g", "deep", "1"),
        )]);
        for level in 0..12 {
            archive = zip(&[(&format!("lib/level-{level}.jar"), &archive)]);
        }
        let extracted = read(&archive, &Limits::default());
        assert!(extracted.packages.is_empty());
        assert!(
            extracted.skipped[0].contains("nested deeper than 8"),
            "{:?}",
            extracted.skipped
        );

        let zeros = vec![0_u8; 4 * 1024 * 1024];
        let bomb = zip(&[("lib/zeros.jar", &zeros)]);
        assert!(bomb.len() < 64 * 1024, "deflate squeezes zeros");
        let limits = Limits {
            max_file_bytes: 1024 * 1024,
            ..Limits::default()
        };
        let extracted = read(&bomb, &limits);
        assert!(
            extracted.skipped[0].contains("larger than the limit"),
            "{:?}",
            extracted.skipped
        );
    }
}
