//! Installed npm packages: the `package.json` of each package directory in a `node_modules`
//! tree (`node_modules/<name>/` or `node_modules/@scope/<name>/`), at any depth, global
//! installs included. Files deeper inside a package (`node_modules/a/lib/package.json`) are
//! not packages and are left alone.

use serde::Deserialize;
use steward_inventory::{ExtractError, Extracted};
use steward_model::{Location, Package};
use steward_purl::{Ecosystem, EcosystemName};

use crate::readers::{Found, Reader, Wants};

pub(crate) const PACKAGE: Reader = Reader {
    id: "node-modules",
    ecosystem: "npm",
    finds: "node_modules/<name>/package.json, node_modules/@scope/<name>/package.json",
    reads: "name, version, licence",
    gaps: "which packages are dev-only or direct is not known from the tree alone",
    wants: Wants::Path(is_package_manifest),
    extract,
};

fn is_package_manifest(path: &str) -> bool {
    let Some(directory) = path.strip_suffix("/package.json") else {
        return false;
    };
    let Some(index) = directory.rfind("/node_modules/") else {
        return false;
    };
    let name = &directory[index + "/node_modules/".len()..];
    match name.split_once('/') {
        Some((scope, rest)) => scope.starts_with('@') && !rest.is_empty() && !rest.contains('/'),
        None => !name.is_empty() && !name.starts_with('.'),
    }
}

#[derive(Deserialize)]
struct Manifest {
    name: Option<String>,
    version: Option<String>,
    license: Option<serde_json::Value>,
}

fn extract(found: &Found<'_>) -> Result<Extracted, ExtractError> {
    let manifest: Manifest = serde_json::from_slice(found.bytes)?;
    let (Some(name), Some(version)) = (manifest.name, manifest.version) else {
        return Err(ExtractError::syntax(
            "the package.json has no `name` or no `version`",
        ));
    };
    let mut package = Package::new(
        Ecosystem::new(EcosystemName::Npm),
        &name,
        Some(&version),
        Location::new(found.path, None),
    );
    let license = match manifest.license {
        Some(serde_json::Value::String(license)) => Some(license),
        Some(serde_json::Value::Object(object)) => object
            .get("type")
            .and_then(|kind| kind.as_str())
            .map(str::to_owned),
        _ => None,
    };
    package.licenses.extend(license);
    Ok(Extracted {
        packages: vec![package],
        ..Extracted::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_package_directories_only() {
        assert!(is_package_manifest("/app/node_modules/a/package.json"));
        assert!(is_package_manifest("/app/node_modules/@s/a/package.json"));
        assert!(is_package_manifest(
            "/app/node_modules/a/node_modules/b/package.json"
        ));
        assert!(!is_package_manifest("/app/node_modules/a/lib/package.json"));
        assert!(!is_package_manifest("/app/package.json"));
        assert!(!is_package_manifest("/app/node_modules/.bin/package.json"));
    }
}
