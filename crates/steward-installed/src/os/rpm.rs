//! The RPM database. Its SQLite form (`rpmdb.sqlite`, Fedora 33+, RHEL 9, Rocky, Alma) is read:
//! a `Packages` table of header blobs, each decoded here. The Berkeley DB (`Packages`, RHEL ≤ 8)
//! and NDB (`Packages.db`, SUSE) forms are recognised and refused with an error naming the form,
//! rather than report an RPM-based root as having no OS packages.

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use steward_inventory::{ExtractError, Extracted};
use steward_model::{Location, Package, SourcePackage};
use steward_purl::{Ecosystem, EcosystemName};

use crate::readers::{Found, Reader, Wants};

pub(crate) const DATABASE: Reader = Reader {
    id: "rpm-database",
    ecosystem: "Red Hat, Rocky, Alma, SUSE, …",
    finds: "/var/lib/rpm/{rpmdb.sqlite,Packages,Packages.db}, /usr/lib/sysimage/rpm/…",
    reads: "the SQLite form: installed packages with epoch, version, release, architecture, source RPM, licence",
    gaps: "the BerkeleyDB and NDB forms are refused with an error naming the form; changes still in a write-ahead log (`rpmdb.sqlite-wal`) are not seen; `gpg-pubkey` entries (imported keys) are not packages and are left out",
    wants: Wants::Path(|path| {
        ["/var/lib/rpm/", "/usr/lib/sysimage/rpm/"]
            .iter()
            .filter_map(|directory| path.strip_prefix(directory))
            .any(|name| matches!(name, "rpmdb.sqlite" | "Packages" | "Packages.db"))
    }),
    extract,
};

fn extract(found: &Found<'_>) -> Result<Extracted, ExtractError> {
    if found.path.ends_with("rpmdb.sqlite") {
        return read_sqlite(found);
    }
    let form = if found.path.ends_with("Packages.db") {
        "NDB"
    } else {
        "BerkeleyDB"
    };
    Err(ExtractError::Unsupported(format!(
        "an RPM database in its {form} form: steward reads only the SQLite form (rpmdb.sqlite)"
    )))
}

/// Reads the `Packages` table from the bytes in memory: nothing is written, and SQLite is told
/// the file may be hostile (defensive mode, no trusted schema, cell size checks).
fn read_sqlite(found: &Found<'_>) -> Result<Extracted, ExtractError> {
    let invalid = |error: rusqlite::Error| {
        ExtractError::syntax(format!("not a readable RPM SQLite database: {error}"))
    };
    // SQLite's header starts with this string; checking it first gives a clearer error for
    // truncated or foreign files, and an empty file could not be handed to SQLite at all.
    if !found.bytes.starts_with(b"SQLite format 3\0") || found.bytes.len() < 100 {
        return Err(ExtractError::syntax(
            "not an SQLite database (no `SQLite format 3` header)".to_owned(),
        ));
    }
    // rpm keeps the database in write-ahead-log mode (header bytes 18 and 19 = 2); an
    // in-memory database cannot open that mode, so the copy is marked as a rollback journal
    // database (1), which changes nothing in how its pages are read.
    let mut bytes = found.bytes.to_vec();
    bytes[18] = 1;
    bytes[19] = 1;
    let mut connection = Connection::open_with_flags(
        ":memory:",
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(invalid)?;
    connection
        .set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)
        .map_err(invalid)?;
    connection
        .set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA,
            false,
        )
        .map_err(invalid)?;
    connection
        .deserialize_read_exact("main", bytes.as_slice(), bytes.len(), true)
        .map_err(invalid)?;
    connection
        .pragma_update(None, "cell_size_check", true)
        .map_err(invalid)?;
    // A hostile file could make `Packages` a view that computes forever; only a table is read.
    let kind: Option<String> = connection
        .query_row(
            "SELECT type FROM sqlite_schema WHERE name = 'Packages'",
            [],
            |row| row.get(0),
        )
        .optional()
        .map_err(invalid)?;
    if kind.as_deref() != Some("table") {
        return Err(ExtractError::syntax(
            "an SQLite database without a `Packages` table".to_owned(),
        ));
    }
    let mut statement = connection
        .prepare("SELECT hnum, blob FROM Packages ORDER BY hnum")
        .map_err(invalid)?;
    let mut rows = statement.query([]).map_err(invalid)?;
    let mut extracted = Extracted::default();
    while let Some(row) = rows.next().map_err(invalid)? {
        let number: i64 = row.get(0).map_err(invalid)?;
        let Ok(blob) = row.get_ref(1).map_err(invalid)?.as_blob() else {
            extracted
                .skipped
                .push(format!("package {number}: its header is not a blob"));
            continue;
        };
        match Header::parse(blob).and_then(|header| package(found.path, &header)) {
            Ok(Some(package)) => extracted.packages.push(package),
            Ok(None) => {}
            Err(reason) => extracted
                .skipped
                .push(format!("package {number}: {reason}")),
        }
    }
    Ok(extracted)
}

/// The package a header describes; `None` for an imported signing key (`gpg-pubkey`).
fn package(path: &str, header: &Header<'_>) -> Result<Option<Package>, String> {
    let required = |tag: u32, field: &str| {
        header
            .string(tag)
            .ok_or_else(|| format!("a header without a {field}"))
    };
    let name = required(tag::NAME, "name")?;
    if name == "gpg-pubkey" {
        return Ok(None);
    }
    let version_release = format!(
        "{}-{}",
        required(tag::VERSION, "version")?,
        required(tag::RELEASE, "release")?
    );
    let epoch = header.integer(tag::EPOCH);
    let version = match epoch {
        Some(epoch) => format!("{epoch}:{version_release}"),
        None => version_release,
    };
    let mut package = Package::new(
        Ecosystem::new(EcosystemName::RedHat),
        name,
        Some(&version),
        Location::new(path, None),
    );
    if let Some(source_rpm) = header.string(tag::SOURCE_RPM) {
        package.add_purl_qualifier("upstream", source_rpm);
        package.source_package = source_package(source_rpm, epoch);
    }
    package
        .licenses
        .extend(header.string(tag::LICENSE).map(str::to_owned));
    if let Some(architecture) = header.string(tag::ARCH) {
        package.add_purl_qualifier("arch", architecture);
    }
    Ok(Some(package))
}

/// `curl-7.76.1-26.el9.src.rpm` → `curl` at `7.76.1-26.el9` (with the binary's epoch, which a
/// source RPM file name leaves out).
fn source_package(source_rpm: &str, epoch: Option<u32>) -> Option<SourcePackage> {
    let stem = source_rpm
        .strip_suffix(".src.rpm")
        .or_else(|| source_rpm.strip_suffix(".nosrc.rpm"))?;
    let mut parts = stem.rsplitn(3, '-');
    let (release, version, name) = (parts.next()?, parts.next()?, parts.next()?);
    let version = match epoch {
        Some(epoch) => format!("{epoch}:{version}-{release}"),
        None => format!("{version}-{release}"),
    };
    Some(SourcePackage {
        name: name.to_owned(),
        version: Some(version),
    })
}

/// The header tags steward reads (from rpm's `rpmtag.h`).
mod tag {
    pub(super) const NAME: u32 = 1000;
    pub(super) const VERSION: u32 = 1001;
    pub(super) const RELEASE: u32 = 1002;
    pub(super) const EPOCH: u32 = 1003;
    pub(super) const LICENSE: u32 = 1014;
    pub(super) const ARCH: u32 = 1022;
    pub(super) const SOURCE_RPM: u32 = 1044;
}

/// A header blob as the database stores it: a big-endian count of index entries and the size
/// of the data store, the entries (tag, type, offset, count; 16 bytes each), then the store.
#[derive(Debug)]
struct Header<'a> {
    entries: &'a [u8],
    store: &'a [u8],
}

const STRING: u32 = 6;
const INT32: u32 = 4;
const I18N_STRING: u32 = 9;

impl<'a> Header<'a> {
    fn parse(blob: &'a [u8]) -> Result<Self, String> {
        let truncated = || "a truncated header".to_owned();
        let count =
            usize::try_from(be32(blob, 0).ok_or_else(truncated)?).map_err(|_| truncated())?;
        let size =
            usize::try_from(be32(blob, 4).ok_or_else(truncated)?).map_err(|_| truncated())?;
        let entries_end = count
            .checked_mul(16)
            .and_then(|length| length.checked_add(8))
            .filter(|end| *end <= blob.len())
            .ok_or_else(truncated)?;
        let store = blob
            .get(entries_end..)
            .and_then(|rest| rest.get(..size))
            .ok_or_else(truncated)?;
        Ok(Self {
            entries: &blob[8..entries_end],
            store,
        })
    }

    /// The entry for `tag`: its type, offset into the store and count.
    fn entry(&self, tag: u32) -> Option<(u32, usize, u32)> {
        let entry = self
            .entries
            .chunks_exact(16)
            .find(|entry| be32(entry, 0) == Some(tag))?;
        Some((
            be32(entry, 4)?,
            usize::try_from(be32(entry, 8)?).ok()?,
            be32(entry, 12)?,
        ))
    }

    /// A string (or the first of an internationalised string's translations).
    fn string(&self, tag: u32) -> Option<&'a str> {
        let (kind, offset, _) = self.entry(tag)?;
        if kind != STRING && kind != I18N_STRING {
            return None;
        }
        let rest = self.store.get(offset..)?;
        let end = memchr::memchr(0, rest)?;
        std::str::from_utf8(&rest[..end]).ok()
    }

    fn integer(&self, tag: u32) -> Option<u32> {
        let (kind, offset, count) = self.entry(tag)?;
        (kind == INT32 && count >= 1)
            .then(|| be32(self.store, offset))
            .flatten()
    }
}

fn be32(bytes: &[u8], at: usize) -> Option<u32> {
    let word = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes(word.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A header blob with the given string and INT32 entries, laid out as rpm does.
    fn header(strings: &[(u32, &str)], integers: &[(u32, u32)]) -> Vec<u8> {
        let mut entries = Vec::new();
        let mut store = Vec::new();
        for (tag, value) in integers {
            entries.push((*tag, INT32, store.len(), 1));
            store.extend(value.to_be_bytes());
        }
        for (tag, value) in strings {
            entries.push((*tag, STRING, store.len(), 1));
            store.extend(value.as_bytes());
            store.push(0);
        }
        let mut blob = Vec::new();
        blob.extend(u32::try_from(entries.len()).unwrap().to_be_bytes());
        blob.extend(u32::try_from(store.len()).unwrap().to_be_bytes());
        for (tag, kind, offset, count) in entries {
            for word in [tag, kind, u32::try_from(offset).unwrap(), count] {
                blob.extend(word.to_be_bytes());
            }
        }
        blob.extend(store);
        blob
    }

    #[test]
    fn decodes_a_header() {
        let blob = header(
            &[
                (tag::NAME, "bind-libs"),
                (tag::VERSION, "9.16.23"),
                (tag::RELEASE, "18.el9"),
                (tag::ARCH, "x86_64"),
                (tag::SOURCE_RPM, "bind-9.16.23-18.el9.src.rpm"),
                (tag::LICENSE, "MPL-2.0"),
            ],
            &[(tag::EPOCH, 32)],
        );
        let header = Header::parse(&blob).unwrap();
        let package = package("/var/lib/rpm/rpmdb.sqlite", &header)
            .unwrap()
            .unwrap();
        assert_eq!(package.version.as_deref(), Some("32:9.16.23-18.el9"));
        let source = package.source_package.unwrap();
        assert_eq!(source.name, "bind");
        assert_eq!(source.version.as_deref(), Some("32:9.16.23-18.el9"));
        assert_eq!(
            package.purl.unwrap().to_string(),
            "pkg:rpm/redhat/bind-libs@9.16.23-18.el9?arch=x86_64&epoch=32&upstream=bind-9.16.23-18.el9.src.rpm"
        );
    }

    #[test]
    fn refuses_truncated_and_inconsistent_headers() {
        let blob = header(&[(tag::NAME, "zlib")], &[]);
        for end in 0..blob.len() {
            let Ok(header) = Header::parse(&blob[..end]) else {
                continue;
            };
            assert_eq!(header.string(tag::NAME), None, "cut at {end}");
        }
        let mut lying = blob.clone();
        lying[..4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(Header::parse(&lying).is_err());
        let without_version = Header::parse(&blob).unwrap();
        assert_eq!(
            package("/p", &without_version).unwrap_err(),
            "a header without a version"
        );
    }

    /// An SQLite database built by `statements`, as the bytes of its file.
    fn database(statements: &str) -> Vec<u8> {
        let mut connection = Connection::open_in_memory().unwrap();
        connection.execute_batch(statements).unwrap();
        connection.serialize("main").unwrap().to_vec()
    }

    fn read(bytes: &[u8]) -> Result<Extracted, ExtractError> {
        extract(&Found {
            path: "/var/lib/rpm/rpmdb.sqlite",
            bytes,
            limits: &crate::Limits::default(),
        })
    }

    #[test]
    fn reads_rows_and_reports_bad_ones() {
        let good = header(
            &[
                (tag::NAME, "zlib"),
                (tag::VERSION, "1.2.11"),
                (tag::RELEASE, "40.el9"),
            ],
            &[],
        );
        let mut hex = String::new();
        for byte in &good {
            std::fmt::Write::write_fmt(&mut hex, format_args!("{byte:02x}")).unwrap();
        }
        let extracted = read(&database(&format!(
            "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB NOT NULL);
             INSERT INTO Packages VALUES (1, X'{hex}'), (2, X'000000ff'), (3, 'text');"
        )))
        .unwrap();
        assert_eq!(extracted.packages.len(), 1);
        assert_eq!(
            extracted.skipped,
            [
                "package 2: a truncated header",
                "package 3: its header is not a blob"
            ]
        );
    }

    #[test]
    fn refuses_what_is_not_an_rpm_database() {
        let endless_view = database(
            "CREATE VIEW Packages AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS hnum, x AS blob FROM c",
        );
        let no_table = database("CREATE TABLE Other (x)");
        let mut cut = database("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB)");
        cut.truncate(cut.len() / 2);
        for (bytes, expected) in [
            (endless_view.as_slice(), "without a `Packages` table"),
            (no_table.as_slice(), "without a `Packages` table"),
            (b"".as_slice(), "not an SQLite database"),
            (b"SQLite format 3\0".as_slice(), "not an SQLite database"),
            (cut.as_slice(), "not a readable RPM SQLite database"),
        ] {
            let error = read(bytes).unwrap_err().to_string();
            assert!(error.contains(expected), "{error}");
        }
        let berkeley = extract(&Found {
            path: "/var/lib/rpm/Packages",
            bytes: b"",
            limits: &crate::Limits::default(),
        });
        assert!(
            berkeley
                .unwrap_err()
                .to_string()
                .contains("its BerkeleyDB form")
        );
    }

    #[test]
    fn skips_signing_keys() {
        let blob = header(
            &[
                (tag::NAME, "gpg-pubkey"),
                (tag::VERSION, "fd431d51"),
                (tag::RELEASE, "4ae0493b"),
            ],
            &[],
        );
        assert!(
            package("/p", &Header::parse(&blob).unwrap())
                .unwrap()
                .is_none()
        );
    }
}
