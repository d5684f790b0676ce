//! `go.mod`: the module, the Go version, and the modules it requires.
//!
//! Since Go 1.17 `go.mod` lists every module the build uses, `// indirect` marking those the
//! module does not import itself. `replace` directives are applied: a module replaced by
//! another module is reported as the replacement, one replaced by a local directory as a path.
//! `exclude`d versions are not reported. The `toolchain` line (else the `go` line) gives the
//! version of the standard library, reported as the module `stdlib` as the Go vulnerability
//! database names it. Hashes come from the `go.sum` beside it.

use std::collections::HashMap;

use steward_model::{Dependency, Location, Relationship, Source};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::go::{h1, module, sum_lines};

pub(crate) const FORMAT: Format = Format {
    id: "go-mod",
    names: &[NamePattern::Exact("go.mod")],
    ecosystem: "Go",
    versions: "all (`go` 1.11 and later)",
    reads: "the module (root), required modules with direct/indirect, `replace` (module or local path) and `exclude` applied, the standard library as `stdlib` at the `toolchain`/`go` version, `h1:` hashes from the `go.sum` beside it",
    gaps: "before Go 1.17 `go.mod` lists only direct requirements; the `go` line is a minimum, not the toolchain that built the binary",
    extract,
};

/// One directive: its verb, its arguments (quotes removed), whether it carries
/// `// indirect`, and its line.
struct Directive<'a> {
    verb: &'a str,
    arguments: Vec<&'a str>,
    indirect: bool,
    line: u32,
}

fn directives(text: &str) -> Result<Vec<Directive<'_>>, ExtractError> {
    let mut directives = Vec::new();
    let mut block: Option<&str> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let (code, comment) = match raw.find("//") {
            Some(at) => (&raw[..at], &raw[at + 2..]),
            None => (raw, ""),
        };
        let indirect = comment
            .trim()
            .split(';')
            .any(|part| part.trim() == "indirect");
        let code = code.trim();
        if code.is_empty() {
            continue;
        }
        if let Some(verb) = block {
            if code == ")" {
                block = None;
                continue;
            }
            directives.push(Directive {
                verb,
                arguments: arguments(code, line)?,
                indirect,
                line,
            });
            continue;
        }
        let (verb, rest) = code.split_once(char::is_whitespace).unwrap_or((code, ""));
        let rest = rest.trim();
        if rest == "(" {
            block = Some(verb);
            continue;
        }
        directives.push(Directive {
            verb,
            arguments: arguments(rest, line)?,
            indirect,
            line,
        });
    }
    if block.is_some() {
        return Err(ExtractError::syntax("a `(` block is not closed"));
    }
    Ok(directives)
}

/// A module path and, for a module (not a directory), a version.
type ModuleAt<'a> = (&'a str, Option<&'a str>);

/// The words of a directive; a word may be quoted with `"…"` or `` `…` ``.
fn arguments(text: &str, line: u32) -> Result<Vec<&str>, ExtractError> {
    let mut words = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '`');
        let (word, after) = if let Some(quote) = quote {
            let close = rest[1..]
                .find(quote)
                .ok_or_else(|| ExtractError::at_line(line, "a quoted string is not closed"))?;
            (&rest[1..=close], &rest[close + 2..])
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        };
        words.push(word);
        rest = after.trim_start();
    }
    Ok(words)
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let directives = directives(input.text)?;
    let mut extracted = Extracted::default();
    let location = |line: u32| Location::new(input.path, Some(line));

    // `replace old [version] => new [version]`; a replacement without a version is a path.
    let mut replacements: HashMap<ModuleAt<'_>, ModuleAt<'_>> = HashMap::new();
    let mut excluded: Vec<(&str, &str)> = Vec::new();
    for directive in &directives {
        match (directive.verb, directive.arguments.as_slice()) {
            ("replace", words) => {
                let Some(arrow) = words.iter().position(|word| *word == "=>") else {
                    extracted
                        .skipped
                        .push(format!("line {}: `replace` without `=>`", directive.line));
                    continue;
                };
                let (old, new) = words.split_at(arrow);
                let new = &new[1..];
                match (old, new) {
                    ([path, version @ ..], [target, target_version @ ..])
                        if version.len() <= 1 && target_version.len() <= 1 =>
                    {
                        replacements.insert(
                            (path, version.first().copied()),
                            (target, target_version.first().copied()),
                        );
                    }
                    _ => extracted.skipped.push(format!(
                        "line {}: `replace` is not `module [version] => target [version]`",
                        directive.line
                    )),
                }
            }
            ("exclude", [path, version]) => excluded.push((path, version)),
            _ => {}
        }
    }

    let hashes: HashMap<(String, String), String> = input
        .tree
        .read(&format!("{}go.sum", input.directory()))
        .map(|text| {
            sum_lines(&text)
                .0
                .into_iter()
                .map(|entry| {
                    let key = (entry.module.to_owned(), entry.version.to_owned());
                    (key, entry.hash.to_owned())
                })
                .collect()
        })
        .unwrap_or_default();

    let mut go_version: Option<(String, u32)> = None;
    let mut toolchain: Option<(String, u32)> = None;
    for directive in &directives {
        let words = directive.arguments.as_slice();
        match (directive.verb, words) {
            ("module", [path]) => extracted.packages.insert(
                0,
                module(path, None, location(directive.line))
                    .with_relationship(Relationship::Root)
                    .with_source(Source::Workspace),
            ),
            ("go", [version]) => go_version = Some(((*version).to_owned(), directive.line)),
            ("toolchain", [name]) => {
                toolchain = toolchain_version(name).map(|version| (version, directive.line));
            }
            ("require", [path, version]) => {
                if excluded.iter().any(|(p, v)| p == path && v == version) {
                    continue;
                }
                let replacement = replacements
                    .get(&(*path, Some(*version)))
                    .or_else(|| replacements.get(&(*path, None)));
                let mut package = match replacement {
                    // A local directory is not the module at the version required: it is
                    // whatever the directory holds, so no version is claimed.
                    Some((target, None)) => module(path, None, location(directive.line))
                        .with_source(Source::Path {
                            path: (*target).to_owned(),
                        }),
                    Some((target, Some(target_version))) => {
                        module(target, Some(target_version), location(directive.line))
                            .with_source(Source::Registry { url: None })
                    }
                    None => module(path, Some(version), location(directive.line))
                        .with_source(Source::Registry { url: None }),
                };
                if let Some(version) = package.version.clone()
                    && let Some(hash) = hashes
                        .get(&(package.name.clone(), version))
                        .and_then(|hash| h1(hash))
                {
                    package.hashes.push(hash);
                }
                package.relationship = if directive.indirect {
                    Relationship::Transitive
                } else {
                    Relationship::Direct
                };
                extracted.packages.push(package);
            }
            ("module" | "go" | "toolchain" | "require", _) => extracted.skipped.push(format!(
                "line {}: `{}` has {} arguments",
                directive.line,
                directive.verb,
                words.len()
            )),
            _ => {}
        }
    }
    if let Some((version, line)) = toolchain.or(go_version) {
        extracted.packages.push(
            module("stdlib", Some(&version), location(line))
                .with_relationship(Relationship::Direct)
                .with_source(Source::Unknown),
        );
    }
    if extracted
        .packages
        .first()
        .is_some_and(|root| root.relationship == Relationship::Root)
    {
        extracted.dependencies = (1..extracted.packages.len())
            .filter(|&index| extracted.packages[index].relationship == Relationship::Direct)
            .map(|to| Dependency { from: 0, to })
            .collect();
    }
    Ok(extracted)
}

/// The Go version of a toolchain name: `go1.23.6` and custom builds such as `go1.23.6-corp`
/// or `go1.22.0+auto` are Go 1.23.6 and 1.22.0; `default`, `local` or an unknown name give none.
fn toolchain_version(name: &str) -> Option<String> {
    let version = name.strip_prefix("go")?;
    let version = version.split(['-', '+']).next().unwrap_or(version);
    version
        .starts_with(|first: char| first.is_ascii_digit())
        .then(|| version.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::MemoryTree;

    #[test]
    fn reads_requirements_replacements_and_the_toolchain() {
        let text = "module example.com/app // the app\n\ngo 1.22.1\ntoolchain go1.22.5\n\nrequire (\n\tgolang.org/x/text v0.14.0\n\tgithub.com/pkg/errors v0.9.1 // indirect\n\t\"example.com/quoted\" v1.0.0\n\texample.com/old v1.0.0\n\texample.com/local v0.0.0-00010101000000-000000000000\n\texample.com/bad v2.0.0\n)\n\nreplace example.com/old => example.com/new v1.1.0\nreplace example.com/local => ../local\nexclude example.com/bad v2.0.0\n";
        let tree = MemoryTree::new([(
            "go.sum",
            "golang.org/x/text v0.14.0 h1:AAAA=\ngolang.org/x/text v0.14.0/go.mod h1:BBBB=\n",
        )]);
        let extracted = extract(&Input {
            path: "go.mod",
            text,
            tree: &tree,
        })
        .unwrap();
        let summary: Vec<(&str, Option<&str>, Relationship, Option<u32>)> = extracted
            .packages
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.version.as_deref(),
                    p.relationship,
                    p.location.line,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("example.com/app", None, Relationship::Root, Some(1)),
                (
                    "golang.org/x/text",
                    Some("v0.14.0"),
                    Relationship::Direct,
                    Some(7)
                ),
                (
                    "github.com/pkg/errors",
                    Some("v0.9.1"),
                    Relationship::Transitive,
                    Some(8)
                ),
                (
                    "example.com/quoted",
                    Some("v1.0.0"),
                    Relationship::Direct,
                    Some(9)
                ),
                (
                    "example.com/new",
                    Some("v1.1.0"),
                    Relationship::Direct,
                    Some(10)
                ),
                ("example.com/local", None, Relationship::Direct, Some(11)),
                ("stdlib", Some("1.22.5"), Relationship::Direct, Some(4)),
            ]
        );
        assert_eq!(extracted.packages[1].hashes[0].value, "AAAA=");
        assert_eq!(
            extracted.packages[5].source,
            Source::Path {
                path: "../local".into()
            }
        );
        assert!(extracted.skipped.is_empty(), "{:?}", extracted.skipped);
    }

    #[test]
    fn toolchain_names() {
        assert_eq!(
            toolchain_version("go1.23.6-corp").as_deref(),
            Some("1.23.6")
        );
        assert_eq!(
            toolchain_version("go1.22.0+auto").as_deref(),
            Some("1.22.0")
        );
        assert_eq!(toolchain_version("go1.21rc2").as_deref(), Some("1.21rc2"));
        assert_eq!(toolchain_version("default"), None);
    }
}
