//! PEP 440 version specifiers (`>=1.0, <2`, `~=1.4.2`, `==1.0.*`, `!=1.3`, `===foo`), evaluated
//! as Python's `packaging` (26) evaluates `SpecifierSet.contains(version, prereleases=True)`:
//! each specifier is an interval of versions.
//!
//! Traps:
//! - `==1.0` matches `1.0.0` and `1.0+local`; `==1.0.*` is `[1.0.dev0, 1.1.dev0)`, so `1`,
//!   `1.0.5` and `1.0rc1` match;
//! - `~=1.4.2` is `[1.4.2, 1.5.dev0)`; it needs at least two release numbers;
//! - `<1.0` is `< 1.0.dev0`: it excludes the pre-releases of the bound itself;
//! - `>1.0` excludes `1.0+local` and every `1.0.postN`; `>1.0.post1` starts at
//!   `1.0.post2.dev0`, `>1.0.dev1` at `1.0.dev2`;
//! - `<=1.0` includes `1.0+local`; only `==` and `!=` may name a local label;
//! - `===` compares strings, case-insensitively.

use std::cmp::Ordering;

use crate::scheme::pep440::Pep440;

/// A PEP 440 specifier set.
#[derive(Clone, Debug)]
pub struct SpecifierSet {
    specifiers: Vec<Specifier>,
}

#[derive(Clone, Debug)]
enum Specifier {
    Compatible(Pep440),
    Equal(Pep440),
    NotEqual(Pep440),
    EqualPrefix(Pep440),
    NotEqualPrefix(Pep440),
    LessOrEqual(Pep440),
    GreaterOrEqual(Pep440),
    Less(Pep440),
    Greater(Pep440),
    Arbitrary(Box<str>),
}

impl SpecifierSet {
    /// Parses a comma-separated specifier set; an empty one allows everything.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut specifiers = Vec::new();
        if !text.trim().is_empty() {
            for clause in text.split(',') {
                specifiers.push(parse_specifier(clause.trim())?);
            }
        }
        Ok(Self { specifiers })
    }

    /// Whether `version` satisfies every specifier.
    pub fn matches(&self, version: &Pep440) -> bool {
        self.specifiers
            .iter()
            .all(|specifier| specifier.matches(version))
    }
}

fn parse_specifier(clause: &str) -> Result<Specifier, String> {
    const OPERATORS: [&str; 8] = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"];
    let Some(operator) = OPERATORS.iter().find(|op| clause.starts_with(**op)) else {
        return Err(format!(
            "`{clause}` does not start with an operator (`==`, `!=`, `<=`, `>=`, `<`, `>`, `~=`, `===`)"
        ));
    };
    let rest = clause[operator.len()..].trim();
    if rest.is_empty() {
        return Err(format!("`{clause}` has no version after `{operator}`"));
    }
    if rest.contains(char::is_whitespace) {
        return Err(format!("`{clause}` has a space inside its version"));
    }
    if *operator == "===" {
        return Ok(Specifier::Arbitrary(rest.into()));
    }
    if let Some(prefix) = rest.strip_suffix(".*") {
        let version = parse_version(prefix)?;
        if !is_release_only(&version) {
            return Err(format!(
                "`{clause}`: a `.*` prefix is only epoch and release numbers"
            ));
        }
        return match *operator {
            "==" => Ok(Specifier::EqualPrefix(version)),
            "!=" => Ok(Specifier::NotEqualPrefix(version)),
            _ => Err(format!("`{clause}`: only `==` and `!=` take a `.*` prefix")),
        };
    }
    let version = parse_version(rest)?;
    if version.has_local() && !matches!(*operator, "==" | "!=") {
        return Err(format!(
            "`{clause}`: only `==` and `!=` take a local version label"
        ));
    }
    Ok(match *operator {
        "~=" => {
            if version.release().len() < 2 {
                return Err(format!(
                    "`{clause}`: `~=` needs at least two release numbers"
                ));
            }
            Specifier::Compatible(version)
        }
        "==" => Specifier::Equal(version),
        "!=" => Specifier::NotEqual(version),
        "<=" => Specifier::LessOrEqual(version),
        ">=" => Specifier::GreaterOrEqual(version),
        "<" => Specifier::Less(version),
        _ => Specifier::Greater(version),
    })
}

fn parse_version(text: &str) -> Result<Pep440, String> {
    Pep440::parse(text).map_err(|error| error.to_string())
}

fn is_release_only(version: &Pep440) -> bool {
    *version == version.base() && !version.has_local()
}

/// The first version after the prefix `release` (`1.2` → `1.3.dev0`).
fn next_prefix_dev0(epoch: u64, release: &[u64]) -> Pep440 {
    let mut next = release.to_vec();
    if let Some(last) = next.last_mut() {
        *last += 1;
    }
    Pep440::dev0_of(epoch, &next)
}

/// Whether `version` is in `[prefix.dev0, next prefix.dev0)`, the interval of `==prefix.*`.
fn prefix_matches(version: &Pep440, prefix: &Pep440) -> bool {
    let lower = Pep440::dev0_of(prefix.epoch(), prefix.release());
    let upper = next_prefix_dev0(prefix.epoch(), prefix.release());
    *version >= lower && *version < upper
}

impl Specifier {
    fn matches(&self, version: &Pep440) -> bool {
        match self {
            Self::Compatible(bound) => {
                let release = bound.release();
                *version >= *bound
                    && *version < next_prefix_dev0(bound.epoch(), &release[..release.len() - 1])
            }
            Self::Equal(bound) => equal(version, bound),
            Self::NotEqual(bound) => !equal(version, bound),
            Self::EqualPrefix(prefix) => prefix_matches(version, prefix),
            Self::NotEqualPrefix(prefix) => !prefix_matches(version, prefix),
            Self::LessOrEqual(bound) => *version <= *bound || version.public() == *bound,
            Self::GreaterOrEqual(bound) => *version >= *bound,
            Self::Less(bound) => {
                let limit = if bound.is_prerelease() {
                    bound.clone()
                } else {
                    bound.with_post_and_dev(bound.post(), Some(0))
                };
                *version < limit
            }
            Self::Greater(bound) => {
                if let Some(dev) = bound.dev() {
                    *version >= bound.with_post_and_dev(bound.post(), Some(dev + 1))
                } else if let Some(post) = bound.post() {
                    *version >= bound.with_post_and_dev(Some(post + 1), Some(0))
                } else {
                    // Above the bound, its local versions and all its post-releases.
                    let in_family = version.same_release_and_pre(bound)
                        && (version.dev() == bound.dev() || version.post().is_some());
                    *version > *bound && !in_family
                }
            }
            Self::Arbitrary(text) => version.to_string().eq_ignore_ascii_case(text),
        }
    }
}

/// `==V`: `V` itself, and any local version of it unless `V` names one.
fn equal(version: &Pep440, bound: &Pep440) -> bool {
    if bound.has_local() {
        version.cmp(bound) == Ordering::Equal
    } else {
        version.public() == *bound
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn satisfies(version: &str, specifiers: &str) -> bool {
        SpecifierSet::parse(specifiers)
            .unwrap()
            .matches(&Pep440::parse(version).unwrap())
    }

    #[test]
    fn follows_packaging() {
        assert!(satisfies("1.0.0", "==1.0"));
        assert!(satisfies("1.0+local", "==1.0"));
        assert!(satisfies("1.0rc1", "==1.0.*"));
        assert!(satisfies("1", "==1.0.*"));
        assert!(!satisfies("1.1", "==1.0.*"));
        assert!(satisfies("1.4.5", "~=1.4.2"));
        assert!(!satisfies("1.5.0", "~=1.4.2"));
        assert!(!satisfies("1.0rc1", "<1.0"));
        assert!(!satisfies("1.0.post1", ">1.0"));
        assert!(!satisfies("1.0+local", ">1.0"));
        assert!(satisfies("1.0+local", "<=1.0"));
        assert!(satisfies("1.0+local", ">1.dev0"));
        assert!(!satisfies("1.0.post2.dev0", ">1.0.post2"));
        assert!(satisfies("1.5", ">=1.0, <2"));
        assert!(satisfies("1.0", "===1.0"));
        assert!(!satisfies("1.0.0", "===1.0"));
        assert!(satisfies("2.0", ""));
    }

    #[test]
    fn rejects_what_packaging_rejects() {
        for invalid in ["~=1", "<1.0+local", ">=1.0.*", "1.0", "==", "==1.0.post1.*"] {
            assert!(SpecifierSet::parse(invalid).is_err(), "{invalid}");
        }
    }
}
