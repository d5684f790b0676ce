//! Python: requirements files, the lockfiles of Poetry, Pipenv, PDM and uv, `pylock.toml`,
//! and `pyproject.toml`. Shared here: PEP 508 requirement strings, exact pins, hashes, and
//! direct URLs.

pub(crate) mod pdm_lock;
pub(crate) mod pipfile_lock;
pub(crate) mod poetry_lock;
pub(crate) mod pylock;
pub(crate) mod pyproject;
pub(crate) mod requirements_txt;
pub(crate) mod uv_lock;

use steward_model::{Hash, HashAlgorithm, Location, Package, Relationship, Source};
use steward_purl::{Ecosystem, EcosystemName, normalize_name};
use steward_version::requirement::{Requirement as Specifier, Syntax};

use crate::format::{Extracted, Input};
use crate::graph;

/// A PEP 508 dependency specification: `name[extras] specifier ; marker` or
/// `name[extras] @ url ; marker`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Requirement<'a> {
    pub(crate) name: &'a str,
    pub(crate) extras: Vec<&'a str>,
    /// The version specifier (`>=1.0,<2`), if any.
    pub(crate) specifier: Option<&'a str>,
    /// The direct reference (`@ https://…`), if any.
    pub(crate) url: Option<&'a str>,
    pub(crate) marker: Option<&'a str>,
}

/// Parses a PEP 508 string; the error says what is wrong.
pub(crate) fn parse_requirement(text: &str) -> Result<Requirement<'_>, String> {
    let text = text.trim();
    let name_end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        .unwrap_or(text.len());
    let name = text[..name_end].trim_end_matches(['.', '_', '-']);
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(format!("`{text}` does not start with a package name"));
    }
    let mut rest = text[name.len()..].trim_start();
    let mut extras = Vec::new();
    if let Some(after) = rest.strip_prefix('[') {
        let close = after
            .find(']')
            .ok_or_else(|| format!("the extras of `{name}` are not closed with `]`"))?;
        extras = after[..close]
            .split(',')
            .map(str::trim)
            .filter(|extra| !extra.is_empty())
            .collect();
        rest = after[close + 1..].trim_start();
    }
    let (rest, marker) = if let Some(after) = rest.strip_prefix('@') {
        let after = after.trim_start();
        let url_end = after.find(char::is_whitespace).unwrap_or(after.len());
        let url = &after[..url_end];
        if url.is_empty() {
            return Err(format!("`{name} @` is not followed by a URL"));
        }
        let tail = after[url_end..].trim_start();
        let marker = match tail.strip_prefix(';') {
            Some(marker) => Some(marker.trim()),
            None if tail.is_empty() => None,
            None => return Err(format!("unexpected `{tail}` after the URL of `{name}`")),
        };
        return Ok(Requirement {
            name,
            extras,
            specifier: None,
            url: Some(url),
            marker,
        });
    } else {
        match rest.split_once(';') {
            Some((specifier, marker)) => (specifier.trim(), Some(marker.trim())),
            None => (rest.trim(), None),
        }
    };
    let specifier = rest
        .strip_prefix('(')
        .and_then(|inner| inner.strip_suffix(')'))
        .unwrap_or(rest)
        .trim();
    let specifier = if specifier.is_empty() {
        None
    } else {
        Specifier::parse(Syntax::Pep440, specifier).map_err(|error| error.to_string())?;
        Some(specifier)
    };
    Ok(Requirement {
        name,
        extras,
        specifier,
        url: None,
        marker: marker.filter(|marker| !marker.is_empty()),
    })
}

/// The version a specifier pins exactly (`==1.2.3`, `===1.2.3`), if it pins one.
pub(crate) fn exact_pin(specifier: &str) -> Option<&str> {
    // Among clauses joined by commas, an exact one (`>=16,==16.1`) leaves only its version.
    specifier.split(',').find_map(|clause| {
        let clause = clause.trim();
        let version = clause
            .strip_prefix("===")
            .or_else(|| clause.strip_prefix("=="))?
            .trim();
        (!version.is_empty() && !version.contains('*')).then_some(version)
    })
}

/// A hash written `algorithm:hex` (`sha256:…`), as pip, Pipenv, Poetry, PDM and uv write them.
pub(crate) fn hash(text: &str) -> Option<Hash> {
    let (algorithm, value) = text.split_once([':', '='])?;
    Some(Hash {
        algorithm: HashAlgorithm::parse(algorithm),
        value: value.to_ascii_lowercase(),
    })
}

/// Where a direct reference points: a VCS (`git+https://…@rev`), a local path, or an
/// archive URL.
pub(crate) fn url_source(url: &str) -> Source {
    for vcs in ["git+", "hg+", "svn+", "bzr+"] {
        if let Some(rest) = url.strip_prefix(vcs) {
            let rest = rest.split('#').next().unwrap_or(rest);
            // `https://host/repo.git@rev`: the revision follows the last `@` of the path.
            let path_start = rest.find("://").map_or(0, |index| index + 3);
            let (location, reference) = match rest[path_start..].rfind('@') {
                Some(at) if rest[path_start..path_start + at].contains('/') => (
                    &rest[..path_start + at],
                    Some(rest[path_start + at + 1..].to_owned()),
                ),
                _ => (rest, None),
            };
            return Source::Git {
                url: if vcs == "git+" {
                    location.to_owned()
                } else {
                    format!("{vcs}{location}")
                },
                reference,
                commit: None,
            };
        }
    }
    if let Some(path) = url.strip_prefix("file://") {
        return Source::Path {
            path: path.to_owned(),
        };
    }
    if url.contains("://") {
        return Source::Url {
            url: url.to_owned(),
        };
    }
    Source::Path {
        path: url.to_owned(),
    }
}

/// The name and version a wheel or source archive file name carries
/// (`pkg-1.0-py3-none-any.whl`, `pkg-1.0.tar.gz`).
pub(crate) fn archive_name_and_version(url: &str) -> Option<(String, String)> {
    let file = url.split(['#', '?']).next()?.rsplit('/').next()?;
    if let Some(stem) = file.strip_suffix(".whl") {
        let mut parts = stem.split('-');
        return Some((parts.next()?.to_owned(), parts.next()?.to_owned()));
    }
    let stem = [".tar.gz", ".zip", ".tar.bz2", ".tgz"]
        .iter()
        .find_map(|suffix| file.strip_suffix(suffix))?;
    let (name, version) = stem.rsplit_once('-')?;
    version
        .starts_with(|c: char| c.is_ascii_digit())
        .then(|| (name.to_owned(), version.to_owned()))
}

/// The `#egg=name` fragment of a pip URL.
pub(crate) fn egg_name(url: &str) -> Option<&str> {
    let fragment = url.split_once('#')?.1;
    fragment
        .split('&')
        .find_map(|pair| pair.strip_prefix("egg="))
        .filter(|name| !name.is_empty())
}

/// Tells direct dependencies from transitive ones by what the `pyproject.toml` beside the
/// lockfile declares, matching names as PyPI does; with `scopes`, also gives each package the
/// scope of the declarations that reach it. Without the manifest nothing changes.
pub(crate) fn classify_by_manifest(input: &Input<'_>, extracted: &mut Extracted, scopes: bool) {
    let Some(manifest) = pyproject::beside(input) else {
        return;
    };
    let (declared, _) = manifest.declared();
    let mut root_edges = Vec::new();
    for item in &declared {
        let normalized = normalize_name(&EcosystemName::PyPi, &item.name);
        for (index, package) in extracted.packages.iter().enumerate() {
            if package.normalized_name == normalized && package.relationship != Relationship::Root {
                root_edges.push((index, item.scope));
            }
        }
    }
    if scopes {
        graph::assign_scopes(extracted, &root_edges);
    }
    let mut direct: Vec<usize> = root_edges.iter().map(|(index, _)| *index).collect();
    direct.extend(graph::direct_by_edges(extracted));
    graph::assign_relationships(extracted, &direct);
}

/// A PyPI package.
pub(crate) fn package(name: &str, version: Option<&str>, location: Location) -> Package {
    Package::new(Ecosystem::new(EcosystemName::PyPi), name, version, location)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pep_508() {
        let requirement =
            parse_requirement("Django[argon2, bcrypt] (>=4.2,<5) ; python_version >= '3.10'")
                .unwrap();
        assert_eq!(requirement.name, "Django");
        assert_eq!(requirement.extras, ["argon2", "bcrypt"]);
        assert_eq!(requirement.specifier, Some(">=4.2,<5"));
        assert_eq!(requirement.marker, Some("python_version >= '3.10'"));
        let direct = parse_requirement(
            "pkg @ git+https://github.com/a/pkg.git@v1 ; sys_platform == 'linux'",
        )
        .unwrap();
        assert_eq!(direct.url, Some("git+https://github.com/a/pkg.git@v1"));
        assert!(
            parse_requirement("pkg >>1")
                .unwrap_err()
                .contains("invalid")
        );
        assert!(parse_requirement("==1.0").is_err());
        assert_eq!(parse_requirement("a.b-c_d").unwrap().name, "a.b-c_d");
    }

    #[test]
    fn pins_sources_and_archives() {
        assert_eq!(exact_pin("==1.2.3"), Some("1.2.3"));
        assert_eq!(exact_pin("===1.0-custom"), Some("1.0-custom"));
        assert_eq!(exact_pin("==1.*"), None);
        assert_eq!(exact_pin(">=1,==1.2"), Some("1.2"));
        assert_eq!(exact_pin(">=1,==1.*"), None);
        assert_eq!(
            url_source("git+https://github.com/a/b.git@v1.0#egg=b"),
            Source::Git {
                url: "https://github.com/a/b.git".into(),
                reference: Some("v1.0".into()),
                commit: None
            }
        );
        assert_eq!(
            url_source("git+ssh://git@github.com/a/b.git"),
            Source::Git {
                url: "ssh://git@github.com/a/b.git".into(),
                reference: None,
                commit: None
            }
        );
        assert_eq!(
            archive_name_and_version("https://x/simple/pkg_name-1.0.1-py3-none-any.whl#sha256=ab"),
            Some(("pkg_name".into(), "1.0.1".into()))
        );
        assert_eq!(
            archive_name_and_version("./dist/my-pkg-2.0.tar.gz"),
            Some(("my-pkg".into(), "2.0".into()))
        );
        assert_eq!(
            egg_name("git+https://x/y.git#egg=y&subdirectory=z"),
            Some("y")
        );
        assert_eq!(
            hash("sha256:ABCD").map(|h| h.value),
            Some("abcd".to_owned())
        );
    }
}
