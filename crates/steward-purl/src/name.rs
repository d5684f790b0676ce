//! Per-ecosystem package-name normalization, used everywhere two names are compared.
//!
//! Two spellings name the same package when their normalized forms are equal:
//! - PyPI: PEP 503 — lower-case, and every run of `-`, `_` and `.` is one `-`
//!   (`Zope.Interface` = `zope-interface`).
//! - crates.io: crates.io refuses a new crate whose name differs from an existing one only in
//!   case or in `-` versus `_`, so folding both never merges two real crates.
//! - NuGet, Packagist (Composer), Pub, Hex and the Debian/Ubuntu/Alpine-family distributions:
//!   case-insensitive.
//! - Maven (`groupId:artifactId`), npm (`@scope/name`), Go module paths and RubyGems:
//!   case-sensitive, compared as written. Go module paths are escaped for the module proxy and
//!   cache (`github.com/!burnt!sushi/toml`); [`go_unescape_module_path`] undoes that before
//!   comparing.

use std::borrow::Cow;

use crate::EcosystemName;

/// The form of `name` under which `ecosystem` compares package names.
pub fn normalize_name<'a>(ecosystem: &EcosystemName, name: &'a str) -> Cow<'a, str> {
    match ecosystem {
        EcosystemName::PyPi => pep503(name),
        EcosystemName::CratesIo => {
            if name.bytes().any(|b| b.is_ascii_uppercase() || b == b'_') {
                Cow::Owned(name.to_ascii_lowercase().replace('_', "-"))
            } else {
                Cow::Borrowed(name)
            }
        }
        EcosystemName::NuGet
        | EcosystemName::Packagist
        | EcosystemName::Pub
        | EcosystemName::Hex
        | EcosystemName::Debian
        | EcosystemName::Ubuntu
        | EcosystemName::Alpine
        | EcosystemName::Wolfi
        | EcosystemName::Chainguard => lowercase(name),
        _ => Cow::Borrowed(name),
    }
}

/// PEP 503 name normalization: lower-case, runs of `-`, `_`, `.` become one `-`.
pub fn pep503(name: &str) -> Cow<'_, str> {
    let is_normal = !name.starts_with(['-', '_', '.'])
        && !name.ends_with(['-', '_', '.'])
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.contains("--");
    if is_normal {
        return Cow::Borrowed(name);
    }
    let mut normalized = String::with_capacity(name.len());
    let mut in_separator = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            in_separator = true;
        } else {
            if in_separator {
                normalized.push('-');
                in_separator = false;
            }
            normalized.extend(c.to_lowercase());
        }
    }
    if in_separator {
        normalized.push('-');
    }
    Cow::Owned(normalized)
}

fn lowercase(name: &str) -> Cow<'_, str> {
    if name.chars().any(char::is_uppercase) {
        Cow::Owned(name.to_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Why an escaped Go module path could not be unescaped.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid escaped Go module path `{path}`: {reason}")]
pub struct GoPathError {
    path: String,
    reason: &'static str,
}

/// Escapes a Go module path for the module proxy and cache: each upper-case letter becomes `!`
/// and its lower-case form (`github.com/BurntSushi/toml` → `github.com/!burnt!sushi/toml`).
pub fn go_escape_module_path(path: &str) -> Cow<'_, str> {
    if !path.bytes().any(|b| b.is_ascii_uppercase()) {
        return Cow::Borrowed(path);
    }
    let mut escaped = String::with_capacity(path.len() + 4);
    for c in path.chars() {
        if c.is_ascii_uppercase() {
            escaped.push('!');
            escaped.push(c.to_ascii_lowercase());
        } else {
            escaped.push(c);
        }
    }
    Cow::Owned(escaped)
}

/// Undoes [`go_escape_module_path`]. An escaped path never contains upper-case letters, and
/// each `!` is followed by a lower-case letter.
pub fn go_unescape_module_path(path: &str) -> Result<Cow<'_, str>, GoPathError> {
    let error = |reason| GoPathError {
        path: path.to_owned(),
        reason,
    };
    if path.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(error(
            "upper-case letters are escaped as `!` and a lower-case letter",
        ));
    }
    if !path.contains('!') {
        return Ok(Cow::Borrowed(path));
    }
    let mut unescaped = String::with_capacity(path.len());
    let mut chars = path.chars();
    while let Some(c) = chars.next() {
        if c == '!' {
            match chars.next() {
                Some(letter) if letter.is_ascii_lowercase() => {
                    unescaped.push(letter.to_ascii_uppercase());
                }
                _ => return Err(error("`!` must be followed by a lower-case letter")),
            }
        } else {
            unescaped.push(c);
        }
    }
    Ok(Cow::Owned(unescaped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep503_folds_case_and_separator_runs() {
        assert_eq!(pep503("PyYAML"), "pyyaml");
        assert_eq!(pep503("Zope.Interface"), "zope-interface");
        assert_eq!(pep503("a__b-.c"), "a-b-c");
        assert_eq!(pep503("already-normal"), "already-normal");
        assert!(matches!(pep503("already-normal"), Cow::Borrowed(_)));
    }

    #[test]
    fn each_ecosystem_uses_its_own_rule() {
        let same = |ecosystem: EcosystemName, a: &str, b: &str| {
            normalize_name(&ecosystem, a) == normalize_name(&ecosystem, b)
        };
        assert!(same(EcosystemName::PyPi, "PyYAML", "pyyaml"));
        assert!(same(
            EcosystemName::NuGet,
            "Newtonsoft.Json",
            "newtonsoft.json"
        ));
        assert!(same(
            EcosystemName::Packagist,
            "Laravel/Framework",
            "laravel/framework"
        ));
        assert!(same(EcosystemName::CratesIo, "serde_json", "serde-json"));
        assert!(!same(EcosystemName::Npm, "JSONStream", "jsonstream"));
        assert!(!same(EcosystemName::Maven, "org.Foo:bar", "org.foo:bar"));
        assert!(!same(
            EcosystemName::Go,
            "github.com/Foo/bar",
            "github.com/foo/bar"
        ));
    }

    #[test]
    fn go_module_paths_escape_and_unescape() {
        assert_eq!(
            go_escape_module_path("github.com/BurntSushi/toml"),
            "github.com/!burnt!sushi/toml"
        );
        assert_eq!(
            go_unescape_module_path("github.com/!burnt!sushi/toml").unwrap(),
            "github.com/BurntSushi/toml"
        );
        assert!(go_unescape_module_path("github.com/Foo").is_err());
        assert!(go_unescape_module_path("github.com/!1").is_err());
        assert!(go_unescape_module_path("github.com/foo!").is_err());
    }
}
