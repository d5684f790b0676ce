//! Go: `go.mod` and `go.sum`.

pub(crate) mod go_mod;
pub(crate) mod go_sum;

use steward_model::{Hash, HashAlgorithm, Location, Package};
use steward_purl::{Ecosystem, EcosystemName};

/// A Go module.
pub(crate) fn module(path: &str, version: Option<&str>, location: Location) -> Package {
    Package::new(Ecosystem::new(EcosystemName::Go), path, version, location)
}

/// A `go.sum` hash (`h1:base64`), kept as written under the algorithm `go-h1`.
pub fn h1(text: &str) -> Option<Hash> {
    let value = text.strip_prefix("h1:")?;
    Some(Hash {
        algorithm: HashAlgorithm::Other("go-h1".to_owned()),
        value: value.to_owned(),
    })
}

/// One `go.sum` line: `module version h1:…`.
pub(crate) struct SumLine<'a> {
    pub(crate) line: u32,
    pub(crate) module: &'a str,
    pub(crate) version: &'a str,
    pub(crate) hash: &'a str,
}

/// The `go.sum` lines of a text; `/go.mod` lines (hashes of a module's `go.mod` only) are left
/// out. Lines that are not three fields are returned as problems with their line numbers.
pub(crate) fn sum_lines(text: &str) -> (Vec<SumLine<'_>>, Vec<String>) {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            [_, version, _] if version.ends_with("/go.mod") => {}
            [module, version, hash] if hash.starts_with("h1:") => {
                entries.push(SumLine {
                    line: number,
                    module,
                    version,
                    hash,
                });
            }
            _ => problems.push(format!("line {number}: expected `module version h1:hash`")),
        }
    }
    (entries, problems)
}
