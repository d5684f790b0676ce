//! `requirements*.txt`, pip's requirements file format.
//!
//! Lines ending in `\` continue on the next; `#` after whitespace starts a comment. Each
//! requirement is a PEP 508 string, a direct URL or path, or an editable (`-e`) one, followed
//! by its options (`--hash=sha256:…`). `-r FILE` includes another file and `-c FILE` adds
//! constraints, both relative to this file; an included file the scan reads on its own is not
//! read twice. `--index-url` names the registry of what follows. A requirement pinned with
//! `==` (directly or by a constraint) has that version.

use std::collections::{HashMap, HashSet};

use steward_model::{Location, Package, Relationship, Source};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::python::{
    archive_name_and_version, egg_name, exact_pin, hash, package, parse_requirement, url_source,
};

pub(crate) const FORMAT: Format = Format {
    id: "requirements-txt",
    names: &[NamePattern::Wildcard("requirements", ".txt")],
    ecosystem: "PyPI",
    versions: "pip 20 and later",
    reads: "requirements with `==` pins as versions (others as requirements), extras, `--hash` hashes, editable and URL/VCS/path entries, `-r` includes and `-c` constraints (followed through the scan), `--index-url`, line continuations",
    gaps: "environment markers are not evaluated (every line is listed); environment variables (`${VAR}`) are not expanded; only files named `requirements*.txt` are found by name (others with `--as requirements.txt:FILE`)",
    extract,
};

/// How many files deep `-r` and `-c` are followed.
const MAX_INCLUDE_DEPTH: usize = 16;

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let mut reader = Reader {
        input,
        extracted: Extracted::default(),
        constraints: HashMap::new(),
        visited: HashSet::new(),
    };
    reader.visited.insert(input.path.to_owned());
    reader.read(input.path, input.text, 0);
    // Constraints pin what the requirements leave open.
    let Reader {
        mut extracted,
        constraints,
        ..
    } = reader;
    for package in &mut extracted.packages {
        if package.version.is_none()
            && let Some(version) = constraints.get(&package.normalized_name)
        {
            package.set_version(version);
        }
    }
    Ok(extracted)
}

struct Reader<'a> {
    input: &'a Input<'a>,
    extracted: Extracted,
    /// Exact pins from constraint files, by normalized name.
    constraints: HashMap<String, String>,
    visited: HashSet<String>,
}

/// One logical line: continuations joined, comment removed, with its first physical line.
fn logical_lines(text: &str) -> Vec<(u32, String)> {
    let mut lines = Vec::new();
    let mut current: Option<(u32, String)> = None;
    for (index, raw) in text.lines().enumerate() {
        let number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        // A comment line ends the logical line even when it ends with `\`.
        let (continues, content) = match line.strip_suffix('\\') {
            Some(content) if !line.trim_start().starts_with('#') => (true, content),
            _ => (false, line),
        };
        let entry = current.get_or_insert_with(|| (number, String::new()));
        entry.1.push_str(content);
        if !continues {
            lines.extend(current.take());
        }
    }
    lines.extend(current);
    lines
        .into_iter()
        .map(|(number, line)| (number, strip_comment(&line).trim().to_owned()))
        .filter(|(_, line)| !line.is_empty())
        .collect()
}

/// The line without a `#` comment that starts the line or follows whitespace.
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    for (index, byte) in bytes.iter().enumerate() {
        if *byte == b'#' && (index == 0 || bytes[index - 1].is_ascii_whitespace()) {
            return &line[..index];
        }
    }
    line
}

/// `--option=value`, `--option value` or `-o value`: the option and its value.
fn option_value<'l>(tokens: &[&'l str], index: usize) -> (&'l str, Option<&'l str>) {
    let token = tokens[index];
    if let Some((option, value)) = token
        .split_once('=')
        .filter(|(option, _)| option.starts_with("--"))
    {
        return (option, Some(value));
    }
    for short in ["-r", "-c", "-e", "-i", "-f"] {
        if let Some(value) = token.strip_prefix(short).filter(|value| !value.is_empty()) {
            return (short, Some(value));
        }
    }
    (token, tokens.get(index + 1).copied())
}

impl Reader<'_> {
    fn read(&mut self, path: &str, text: &str, depth: usize) {
        let mut index_url: Option<String> = None;
        for (number, line) in logical_lines(text) {
            let tokens: Vec<&str> = line.split_whitespace().collect();
            let Some(first) = tokens.first().copied() else {
                continue;
            };
            if !first.starts_with('-') {
                self.requirement(path, number, &line, index_url.as_deref(), false);
                continue;
            }
            let (option, value) = option_value(&tokens, 0);
            match option {
                "-r" | "--requirement" | "-c" | "--constraint" => {
                    let Some(value) = value else {
                        self.skip(path, number, &format!("`{option}` needs a file"));
                        continue;
                    };
                    let constraint = matches!(option, "-c" | "--constraint");
                    self.include(path, number, value, constraint, depth);
                }
                "-e" | "--editable" => {
                    let Some(value) = value else {
                        self.skip(path, number, "`-e` needs a path or URL");
                        continue;
                    };
                    let rest = line[line.find(value).unwrap_or(0)..].to_owned();
                    self.requirement(path, number, &rest, index_url.as_deref(), true);
                }
                "-i" | "--index-url" => {
                    index_url = value.map(|url| url.trim_end_matches('/').to_owned());
                }
                "--extra-index-url" | "-f" | "--find-links" | "--no-index" | "--pre"
                | "--prefer-binary" | "--require-hashes" | "--only-binary" | "--no-binary"
                | "--trusted-host" | "--use-feature" => {}
                _ => self.skip(
                    path,
                    number,
                    &format!("the option `{option}` is not one pip knows here"),
                ),
            }
        }
    }

    /// A requirement line: the requirement, then its options.
    fn requirement(
        &mut self,
        path: &str,
        number: u32,
        line: &str,
        index_url: Option<&str>,
        editable: bool,
    ) {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        let options_start = tokens
            .iter()
            .position(|token| token.starts_with('-'))
            .unwrap_or(tokens.len());
        let requirement_text = tokens[..options_start].join(" ");
        let mut hashes = Vec::new();
        let mut index = options_start;
        while index < tokens.len() {
            let (option, value) = option_value(&tokens, index);
            if option == "--hash" {
                match value.and_then(hash) {
                    Some(hash) => hashes.push(hash),
                    None => self.skip(
                        path,
                        number,
                        &format!("`{}` is not `--hash=algorithm:digest`", tokens[index]),
                    ),
                }
            }
            index += if tokens[index].contains('=') { 1 } else { 2 };
        }
        let location = Location::new(path, Some(number));
        let Some(mut package) = self.package_of(
            path,
            number,
            &requirement_text,
            location,
            editable,
            index_url,
        ) else {
            return;
        };
        package.hashes = hashes;
        // Included files are the project's requirements too.
        package.relationship = Relationship::Direct;
        self.extracted.packages.push(package);
    }

    fn package_of(
        &mut self,
        path: &str,
        number: u32,
        text: &str,
        location: Location,
        editable: bool,
        index_url: Option<&str>,
    ) -> Option<Package> {
        let looks_like_location = text.contains("://")
            || text.starts_with('.')
            || text.starts_with('/')
            || text.starts_with("file:")
            || editable;
        if looks_like_location && !text.contains(" @ ") {
            // A bare URL or path: the name comes from `#egg=` or the archive's file name.
            let url = text.split(';').next().unwrap_or(text).trim();
            let (name, version) = match (egg_name(url), archive_name_and_version(url)) {
                (Some(name), _) => (name.to_owned(), None),
                (None, Some((name, version))) => (name, Some(version)),
                (None, None) => {
                    self.skip(
                        path,
                        number,
                        &format!("cannot tell the package's name from `{url}` (add `#egg=name`)"),
                    );
                    return None;
                }
            };
            return Some(package(&name, version.as_deref(), location).with_source(url_source(url)));
        }
        let requirement = match parse_requirement(text) {
            Ok(requirement) => requirement,
            Err(error) => {
                self.skip(path, number, &error);
                return None;
            }
        };
        if let Some(url) = requirement.url {
            let version = archive_name_and_version(url).map(|(_, version)| version);
            return Some(
                package(requirement.name, version.as_deref(), location)
                    .with_source(url_source(url)),
            );
        }
        let version = requirement.specifier.and_then(exact_pin);
        Some(
            package(requirement.name, version, location)
                .with_requirement(requirement.specifier)
                .with_source(Source::Registry {
                    url: index_url.map(str::to_owned),
                }),
        )
    }

    fn include(&mut self, path: &str, number: u32, target: &str, constraint: bool, depth: usize) {
        let directory = path.rfind('/').map_or("", |index| &path[..=index]);
        let included = crate::format::join(directory, target);
        if !self.visited.insert(included.clone()) {
            return;
        }
        // A file the scan reads itself is reported there, not twice.
        if !constraint && self.input.tree.is_input(&included) {
            return;
        }
        if depth >= MAX_INCLUDE_DEPTH {
            self.skip(
                path,
                number,
                &format!("`{target}` is included more than {MAX_INCLUDE_DEPTH} files deep"),
            );
            return;
        }
        let text = match self.input.tree.open(&included) {
            Ok(text) => text,
            Err(error) if error.is_absent() => {
                self.skip(
                    path,
                    number,
                    &format!("the included file `{included}` does not exist"),
                );
                return;
            }
            // Refused (outside the scan, not a regular file): the scan notes it on the input.
            Err(_) => return,
        };
        if constraint {
            let mut nested = Reader {
                input: self.input,
                extracted: Extracted::default(),
                constraints: HashMap::new(),
                visited: std::mem::take(&mut self.visited),
            };
            nested.read(&included, &text, depth + 1);
            self.visited = nested.visited;
            self.extracted.skipped.extend(nested.extracted.skipped);
            for package in nested.extracted.packages {
                if let Some(version) = package.version {
                    self.constraints.insert(package.normalized_name, version);
                }
            }
        } else {
            self.read(&included, &text, depth + 1);
        }
    }

    fn skip(&mut self, path: &str, number: u32, message: &str) {
        let place = if path == self.input.path {
            format!("line {number}")
        } else {
            format!("{path}:{number}")
        };
        self.extracted.skipped.push(format!("{place}: {message}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{MemoryTree, NoTree};

    #[test]
    fn joins_continuations_and_strips_comments() {
        let lines = logical_lines(
            "a==1 \\\n    --hash=sha256:ab # c\n# x \\\nb @ https://x/b.whl#sha1=aa\n\n",
        );
        assert_eq!(
            lines,
            [
                (1, "a==1     --hash=sha256:ab".to_owned()),
                (4, "b @ https://x/b.whl#sha1=aa".to_owned())
            ]
        );
    }

    #[test]
    fn reads_includes_constraints_editables_and_urls() {
        let tree = MemoryTree::new([
            ("base.in", "requests>=2.31\n"),
            ("constraints.txt", "requests==2.31.0\n"),
        ]);
        let text = "-r base.in\n-c constraints.txt\n-e git+https://github.com/a/tool.git@v2#egg=tool\n./vendor/lib-1.2.0.tar.gz\n--index-url https://pypi.internal.example/simple/\nflask[async]==3.0.0 --hash=sha256:AA\nnot a requirement!\n";
        let extracted = extract(&Input {
            path: "requirements.txt",
            text,
            tree: &tree,
        })
        .unwrap();
        let summary: Vec<(String, Option<String>, String)> = extracted
            .packages
            .iter()
            .map(|p| (p.name.clone(), p.version.clone(), p.location.file.clone()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "requests".to_owned(),
                    Some("2.31.0".to_owned()),
                    "base.in".to_owned()
                ),
                ("tool".to_owned(), None, "requirements.txt".to_owned()),
                (
                    "lib".to_owned(),
                    Some("1.2.0".to_owned()),
                    "requirements.txt".to_owned()
                ),
                (
                    "flask".to_owned(),
                    Some("3.0.0".to_owned()),
                    "requirements.txt".to_owned()
                ),
            ]
        );
        assert_eq!(
            extracted.packages[3].source,
            Source::Registry {
                url: Some("https://pypi.internal.example/simple".into())
            }
        );
        assert_eq!(extracted.packages[3].hashes[0].value, "aa");
        assert_eq!(extracted.skipped.len(), 1, "{:?}", extracted.skipped);
        assert!(
            extracted.skipped[0].starts_with("line 7:"),
            "{}",
            extracted.skipped[0]
        );
    }

    #[test]
    fn a_missing_include_is_reported() {
        let extracted = extract(&Input {
            path: "requirements.txt",
            text: "-r nope.txt\n",
            tree: &NoTree,
        })
        .unwrap();
        assert!(extracted.skipped[0].contains("nope.txt"));
    }
}
