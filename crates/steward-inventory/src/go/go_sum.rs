//! `go.sum`: the checksums of the modules a Go build downloaded.
//!
//! Each `module version h1:hash` line (not the `/go.mod` ones, which only hash a module's
//! `go.mod`) is a module. When a `go.mod` is beside it, that file says which modules the build
//! uses and takes these hashes; the `go.sum` then adds no packages of its own, since it also
//! keeps modules the build no longer selects.

use steward_model::Location;

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::go::{h1, module, sum_lines};

pub(crate) const FORMAT: Format = Format {
    id: "go-sum",
    names: &[NamePattern::Exact("go.sum")],
    ecosystem: "Go",
    versions: "all",
    reads: "modules with their `h1:` hashes, when no `go.mod` is beside it (otherwise the hashes go to the `go.mod`'s modules)",
    gaps: "without `go.mod`, modules the build no longer selects are listed too, and relationships are unknown",
    extract,
};

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let (entries, problems) = sum_lines(input.text);
    let mut extracted = Extracted {
        skipped: problems,
        ..Extracted::default()
    };
    if input
        .tree
        .read(&format!("{}go.mod", input.directory()))
        .is_some()
    {
        return Ok(extracted);
    }
    for entry in entries {
        let mut package = module(
            entry.module,
            Some(entry.version),
            Location::new(input.path, Some(entry.line)),
        );
        package.hashes.extend(h1(entry.hash));
        extracted.packages.push(package);
    }
    Ok(extracted)
}
