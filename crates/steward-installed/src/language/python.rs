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
    reads: "name, version, licence (License-Expression, else License when it is a name, else the licence classifiers)",
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
    let mut license_is_text = false;
    let mut expression = None;
    let mut classifiers = Vec::new();
    let mut key = String::new();
    // The headers end at the first blank line; the description follows.
    for line in text.lines().take_while(|line| !line.trim().is_empty()) {
        // A continued `License` holds the licence's text, not its name.
        if line.starts_with([' ', '\t']) {
            license_is_text |= key == "license";
            continue;
        }
        let Some((name_of_key, value)) = line.split_once(':') else {
            continue;
        };
        key = name_of_key.to_ascii_lowercase();
        let value = value.trim();
        match key.as_str() {
            "name" => name = name.or(Some(value)),
            "version" => version = version.or(Some(value)),
            "license" if !value.is_empty() && value != "UNKNOWN" => license = Some(value),
            "license-expression" => expression = Some(value),
            "classifier" => classifiers.extend(steward_license::trove_classifier(value)),
            _ => {}
        }
    }
    // A `License` too long for a name is the licence's text too.
    license_is_text |= license.is_some_and(|license| license.len() > 100);
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
    // PEP 639's expression first, then the licence's name, then the licence classifiers.
    match expression.or(license.filter(|_| !license_is_text)) {
        Some(license) => package.licenses.push(license.to_owned()),
        None => package.licenses = classifiers,
    }
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
    fn licences_come_from_the_expression_the_name_or_the_classifiers() {
        let read = |headers: &str| {
            let text = format!("Metadata-Version: 2.1\nName: x\nVersion: 1.0\n{headers}\n");
            extract(&Found {
                path: "/venv/lib/python3.11/site-packages/x-1.0.dist-info/METADATA",
                bytes: text.as_bytes(),
                limits: &Limits::default(),
            })
            .map(|extracted| extracted.packages[0].licenses.clone())
            .unwrap_or_default()
        };
        let classifiers = "Classifier: License :: OSI Approved :: MIT License\nClassifier: License :: OSI Approved :: Apache Software License\nClassifier: Programming Language :: Python";
        assert_eq!(read(classifiers), ["MIT", "Apache Software License"]);
        assert_eq!(
            read(&format!("License: BSD-3-Clause\n{classifiers}")),
            ["BSD-3-Clause"]
        );
        assert_eq!(
            read(&format!(
                "License-Expression: MIT OR Apache-2.0\nLicense: MIT\n{classifiers}"
            )),
            ["MIT OR Apache-2.0"]
        );
        // The licence's whole text under `License` is not its name.
        assert_eq!(
            read(&format!(
                "License: Copyright (c) 2024 Someone\n        Permission is hereby granted\n{classifiers}"
            )),
            ["MIT", "Apache Software License"]
        );
        assert!(read("License: UNKNOWN").is_empty());
    }

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
