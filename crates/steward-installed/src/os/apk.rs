//! Alpine's apk database, `/lib/apk/db/installed`: paragraphs of one-letter fields
//! (`P:` name, `V:` version, `A:` architecture, `o:` origin, `L:` licence).

use steward_inventory::{ExtractError, Extracted};
use steward_model::{Location, Package, SourcePackage};
use steward_purl::{Ecosystem, EcosystemName};

use crate::os::paragraphs;
use crate::readers::{Found, Reader, Wants};

pub(crate) const INSTALLED: Reader = Reader {
    id: "apk-installed",
    ecosystem: "Alpine, Wolfi, Chainguard",
    finds: "/lib/apk/db/installed",
    reads: "installed packages: name, version, architecture, origin (source) package, licence",
    gaps: "",
    wants: Wants::Path(|path| path == "/lib/apk/db/installed"),
    extract,
};

fn extract(found: &Found<'_>) -> Result<Extracted, ExtractError> {
    let text = found.text();
    let mut extracted = Extracted::default();
    for (line, fields) in paragraphs(&text) {
        let field = |key: &str| {
            fields
                .iter()
                .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
        };
        let (Some(name), Some(version)) = (field("P"), field("V")) else {
            extracted
                .skipped
                .push(format!("line {line}: an entry without `P:` or `V:`"));
            continue;
        };
        let mut package = Package::new(
            Ecosystem::new(EcosystemName::Alpine),
            name,
            Some(version),
            Location::new(found.path, Some(line)),
        );
        package.source_package = Some(SourcePackage {
            name: field("o").unwrap_or(name).to_owned(),
            version: Some(version.to_owned()),
        });
        package.licenses.extend(field("L").map(str::to_owned));
        if let Some(architecture) = field("A") {
            package.add_purl_qualifier("arch", architecture);
        }
        extracted.packages.push(package);
    }
    Ok(extracted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Limits;

    #[test]
    fn reads_entries() {
        let text = "C:Q1abc=\nP:musl\nV:1.2.5-r0\nA:x86_64\nL:MIT\no:musl\n\nP:libcrypto3\nV:3.3.2-r0\no:openssl\n";
        let extracted = extract(&Found {
            path: "/lib/apk/db/installed",
            bytes: text.as_bytes(),
            limits: &Limits::default(),
        })
        .unwrap();
        assert_eq!(extracted.packages.len(), 2);
        assert_eq!(extracted.packages[0].licenses, ["MIT"]);
        assert_eq!(
            extracted.packages[1].source_package.as_ref().unwrap().name,
            "openssl"
        );
        assert_eq!(extracted.packages[1].location.line, Some(8));
    }
}
