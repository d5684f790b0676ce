//! Installed Python distributions: `*.dist-info/METADATA` (pip, wheels) and `*.egg-info`
//! (setuptools; Debian's `python3-*` packages), in `site-packages` or `dist-packages`
//! anywhere in the tree (virtualenvs included). The metadata's headers give the name, version
//! and licence.

use steward_inventory::{ExtractError, Extracted};
use steward_model::{Location, Package};
use steward_purl::{Ecosystem, EcosystemName};

use crate::readers::{Found, Reader, Wants};

pub(crate) const DIST_INFO: Reader = Reader {
    id: "python-dist-info",
    ecosystem: "PyPI",
    finds: "*.dist-info/METADATA",
    reads: "name, version, licence (License-Expression, else License)",
    gaps: "",
    wants: Wants::Path(|path| path.ends_with(".dist-info/METADATA")),
    extract,
};

pub(crate) const EGG_INFO: Reader = Reader {
    id: "python-egg-info",
    ecosystem: "PyPI",
    finds: "*.egg-info/PKG-INFO, or an *.egg-info file",
    reads: "name, version, licence",
    gaps: "eggs zipped as `.egg` files are not opened",
    wants: Wants::Path(|path| {
        path.ends_with(".egg-info/PKG-INFO")
            || (path.ends_with(".egg-info") && path.contains("-packages/"))
    }),
    extract,
};

fn extract(found: &Found<'_>) -> Result<Extracted, ExtractError> {
    let text = found.text();
    let mut name = None;
    let mut version = None;
    let mut license = None;
    let mut expression = None;
    // The headers end at the first blank line; the description follows.
    for line in text.lines().take_while(|line| !line.trim().is_empty()) {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key.to_ascii_lowercase().as_str() {
            "name" => name = name.or(Some(value)),
            "version" => version = version.or(Some(value)),
            "license" if !value.is_empty() && value != "UNKNOWN" => license = Some(value),
            "license-expression" => expression = Some(value),
            _ => {}
        }
    }
    let (Some(name), Some(version)) = (name, version) else {
        return Err(ExtractError::syntax(
            "the metadata has no `Name` or no `Version` header",
        ));
    };
    let mut package = Package::new(
        Ecosystem::new(EcosystemName::PyPi),
        name,
        Some(version),
        Location::new(found.path, None),
    );
    package
        .licenses
        .extend(expression.or(license).map(str::to_owned));
    Ok(Extracted {
        packages: vec![package],
        ..Extracted::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Limits;

    #[test]
    fn reads_headers_not_the_description() {
        let text = "Metadata-Version: 2.1\nName: Requests\nVersion: 2.31.0\nLicense: Apache 2.0\n\nName: not-this\n";
        let extracted = extract(&Found {
            path: "/venv/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA",
            bytes: text.as_bytes(),
            limits: &Limits::default(),
        })
        .unwrap();
        let package = &extracted.packages[0];
        assert_eq!(package.normalized_name, "requests");
        assert_eq!(package.licenses, ["Apache 2.0"]);
        assert!(
            extract(&Found {
                path: "x.dist-info/METADATA",
                bytes: b"Name: x\n",
                limits: &Limits::default(),
            })
            .is_err()
        );
    }
}
