//! npm ranges, as node-semver (the `semver` package npm uses) reads and evaluates them.
//!
//! A range is alternatives separated by `||`, each a space-separated list of comparators that
//! must all hold. Shorthands expand to comparators:
//! - `1.2.3 - 2.3` (hyphen): `>=1.2.3 <2.4.0-0`;
//! - `1.x`, `1.2.*`, `1` (X-ranges): `>=1.0.0 <2.0.0-0`, `>=1.2.0 <1.3.0-0`;
//! - `~1.2.3`: `>=1.2.3 <1.3.0-0`; `~1`: `>=1.0.0 <2.0.0-0`;
//! - `^1.2.3`: `>=1.2.3 <2.0.0-0`; `^0.2.3`: `>=0.2.3 <0.3.0-0`; `^0.0.3`: `>=0.0.3 <0.0.4-0`;
//! - `>1.2` means `>=1.3.0`, `<=1.2` means `<1.3.0-0`; `*` and the empty range match anything.
//!
//! Trap: a pre-release version satisfies an alternative only if one of its comparators names
//! a pre-release of the same `major.minor.patch` (`1.3.0-beta` does not satisfy `>=1.2.0`,
//! but `1.2.4-beta` satisfies `>=1.2.4-alpha`).

use std::cmp::Ordering;

use crate::scheme::semver::SemVer;

/// An npm range.
#[derive(Clone, Debug)]
pub struct NpmRange {
    /// Alternatives, each a list of comparators that must all hold.
    alternatives: Vec<Vec<Comparator>>,
}

#[derive(Clone, Debug)]
struct Comparator {
    operator: Operator,
    /// `None` for "any version".
    version: Option<SemVer>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operator {
    Equal,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

/// A possibly partial version: `1`, `1.2`, `1.x`, `1.2.3-beta`.
#[derive(Clone, Debug)]
struct Partial {
    major: Option<u64>,
    minor: Option<u64>,
    patch: Option<u64>,
    /// The pre-release and build suffix of a full version, with its `-`/`+`.
    suffix: String,
}

impl NpmRange {
    /// Parses a range.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut alternatives = Vec::new();
        for alternative in text.trim().split("||") {
            alternatives.push(parse_alternative(alternative.trim())?);
        }
        Ok(Self { alternatives })
    }

    /// Whether `version` satisfies the range.
    pub fn matches(&self, version: &SemVer) -> bool {
        self.alternatives
            .iter()
            .any(|comparators| alternative_matches(comparators, version))
    }
}

fn alternative_matches(comparators: &[Comparator], version: &SemVer) -> bool {
    if !comparators
        .iter()
        .all(|comparator| comparator.matches(version))
    {
        return false;
    }
    if !version.is_prerelease() {
        return true;
    }
    comparators.iter().any(|comparator| {
        comparator
            .version
            .as_ref()
            .is_some_and(|allowed| allowed.is_prerelease() && allowed.same_triple(version))
    })
}

impl Comparator {
    fn matches(&self, version: &SemVer) -> bool {
        let Some(bound) = &self.version else {
            return true;
        };
        let ordering = version.cmp(bound);
        match self.operator {
            Operator::Equal => ordering == Ordering::Equal,
            Operator::Greater => ordering == Ordering::Greater,
            Operator::GreaterOrEqual => ordering != Ordering::Less,
            Operator::Less => ordering == Ordering::Less,
            Operator::LessOrEqual => ordering != Ordering::Greater,
        }
    }
}

fn parse_alternative(text: &str) -> Result<Vec<Comparator>, String> {
    if text.is_empty() {
        return Ok(vec![any()]);
    }
    // A hyphen range: `A - B`.
    let words: Vec<&str> = text.split_whitespace().collect();
    if let [from, "-", to] = words.as_slice() {
        return Ok(hyphen(
            &parse_partial(from, false)?,
            &parse_partial(to, false)?,
        ));
    }
    let mut comparators = Vec::new();
    for word in glue_operators(&words) {
        comparators.extend(expand(&word)?);
    }
    Ok(comparators)
}

/// Joins an operator written apart from its version (`>= 1.2`, `~ 1.2`, `^ 1.2`).
fn glue_operators(words: &[&str]) -> Vec<String> {
    let mut glued = Vec::new();
    let mut pending = String::new();
    for word in words {
        if matches!(*word, "<" | ">" | "<=" | ">=" | "=" | "~" | "~>" | "^") {
            pending.push_str(word);
        } else {
            glued.push(format!("{pending}{word}"));
            pending.clear();
        }
    }
    if !pending.is_empty() {
        glued.push(pending);
    }
    glued
}

fn any() -> Comparator {
    Comparator {
        operator: Operator::GreaterOrEqual,
        version: None,
    }
}

fn comparator(operator: Operator, major: u64, minor: u64, patch: u64, suffix: &str) -> Comparator {
    let text = format!("{major}.{minor}.{patch}{suffix}");
    Comparator {
        operator,
        version: SemVer::parse(&text).ok(),
    }
}

/// The comparator no version satisfies (`<0.0.0-0`).
fn nothing() -> Comparator {
    comparator(Operator::Less, 0, 0, 0, "-0")
}

/// Reads a partial version. After a wildcard, `~` and `^` ignore further numbers
/// (`^1.x.3` is `^1.x`), while a plain X-range refuses them (`1.x.3`), as node-semver does.
fn parse_partial(text: &str, numbers_after_wildcard: bool) -> Result<Partial, String> {
    let invalid = || format!("`{text}` is not a version or partial version");
    let body = text.strip_prefix('v').unwrap_or(text);
    let (core, suffix) = match body.find(['-', '+']) {
        Some(index) => (&body[..index], &body[index..]),
        None => (body, ""),
    };
    let mut parts = core.split('.');
    let mut numbers = [None; 3];
    let mut wildcard_seen = false;
    for slot in &mut numbers {
        match parts.next() {
            None => break,
            Some("x" | "X" | "*") => wildcard_seen = true,
            Some(part) => {
                let valid = !part.is_empty()
                    && part.bytes().all(|b| b.is_ascii_digit())
                    && !(part.len() > 1 && part.starts_with('0'));
                if !valid {
                    return Err(invalid());
                }
                if wildcard_seen {
                    if !numbers_after_wildcard {
                        return Err(invalid());
                    }
                } else {
                    *slot = Some(part.parse().map_err(|_| invalid())?);
                }
            }
        }
    }
    if parts.next().is_some() {
        return Err(invalid());
    }
    let partial = Partial {
        major: numbers[0],
        minor: numbers[1],
        patch: numbers[2],
        suffix: suffix.to_owned(),
    };
    if !partial.suffix.is_empty() {
        if partial.patch.is_none() {
            return Err(invalid());
        }
        SemVer::parse(&format!("0.0.0{}", partial.suffix)).map_err(|_| invalid())?;
    }
    Ok(partial)
}

fn hyphen(from: &Partial, to: &Partial) -> Vec<Comparator> {
    let mut comparators = Vec::new();
    match (from.major, from.minor, from.patch) {
        (None, _, _) => {}
        (Some(major), None, _) => {
            comparators.push(comparator(Operator::GreaterOrEqual, major, 0, 0, ""));
        }
        (Some(major), Some(minor), None) => {
            comparators.push(comparator(Operator::GreaterOrEqual, major, minor, 0, ""));
        }
        (Some(major), Some(minor), Some(patch)) => {
            comparators.push(comparator(
                Operator::GreaterOrEqual,
                major,
                minor,
                patch,
                &from.suffix,
            ));
        }
    }
    match (to.major, to.minor, to.patch) {
        (None, _, _) => {}
        (Some(major), None, _) => {
            comparators.push(comparator(Operator::Less, major + 1, 0, 0, "-0"));
        }
        (Some(major), Some(minor), None) => {
            comparators.push(comparator(Operator::Less, major, minor + 1, 0, "-0"));
        }
        (Some(major), Some(minor), Some(patch)) => {
            comparators.push(comparator(
                Operator::LessOrEqual,
                major,
                minor,
                patch,
                &to.suffix,
            ));
        }
    }
    if comparators.is_empty() {
        comparators.push(any());
    }
    comparators
}

/// Expands one comparator word (`^1.2`, `~1`, `>=1.2.x`, `1.2.3`, `*`).
fn expand(word: &str) -> Result<Vec<Comparator>, String> {
    if let Some(rest) = word.strip_prefix('^') {
        return Ok(caret(&parse_partial(rest, true)?));
    }
    if let Some(rest) = word.strip_prefix("~>").or_else(|| word.strip_prefix('~')) {
        return Ok(tilde(&parse_partial(rest, true)?));
    }
    let (operator, rest) = [">=", "<=", ">", "<", "="]
        .iter()
        .find_map(|op| word.strip_prefix(op).map(|rest| (*op, rest)))
        .unwrap_or(("", word));
    Ok(x_range(operator, &parse_partial(rest, false)?))
}

fn tilde(partial: &Partial) -> Vec<Comparator> {
    use Operator::{GreaterOrEqual as Ge, Less as Lt};
    match (partial.major, partial.minor, partial.patch) {
        (None, _, _) => vec![any()],
        (Some(major), None, _) => vec![
            comparator(Ge, major, 0, 0, ""),
            comparator(Lt, major + 1, 0, 0, "-0"),
        ],
        (Some(major), Some(minor), None) => vec![
            comparator(Ge, major, minor, 0, ""),
            comparator(Lt, major, minor + 1, 0, "-0"),
        ],
        (Some(major), Some(minor), Some(patch)) => vec![
            comparator(Ge, major, minor, patch, &partial.suffix),
            comparator(Lt, major, minor + 1, 0, "-0"),
        ],
    }
}

fn caret(partial: &Partial) -> Vec<Comparator> {
    use Operator::{GreaterOrEqual as Ge, Less as Lt};
    match (partial.major, partial.minor, partial.patch) {
        (None, _, _) => vec![any()],
        (Some(major), None, _) => vec![
            comparator(Ge, major, 0, 0, ""),
            comparator(Lt, major + 1, 0, 0, "-0"),
        ],
        (Some(0), Some(minor), None) => vec![
            comparator(Ge, 0, minor, 0, ""),
            comparator(Lt, 0, minor + 1, 0, "-0"),
        ],
        (Some(major), Some(minor), None) => vec![
            comparator(Ge, major, minor, 0, ""),
            comparator(Lt, major + 1, 0, 0, "-0"),
        ],
        (Some(0), Some(0), Some(patch)) => vec![
            comparator(Ge, 0, 0, patch, &partial.suffix),
            comparator(Lt, 0, 0, patch + 1, "-0"),
        ],
        (Some(0), Some(minor), Some(patch)) => vec![
            comparator(Ge, 0, minor, patch, &partial.suffix),
            comparator(Lt, 0, minor + 1, 0, "-0"),
        ],
        (Some(major), Some(minor), Some(patch)) => vec![
            comparator(Ge, major, minor, patch, &partial.suffix),
            comparator(Lt, major + 1, 0, 0, "-0"),
        ],
    }
}

fn x_range(operator: &str, partial: &Partial) -> Vec<Comparator> {
    use Operator::{Equal, Greater, GreaterOrEqual as Ge, Less as Lt, LessOrEqual};
    let any_wildcard = partial.patch.is_none();
    let Some(major) = partial.major else {
        return if matches!(operator, ">" | "<") {
            vec![nothing()]
        } else {
            vec![any()]
        };
    };
    let operator = if operator == "=" && any_wildcard {
        ""
    } else {
        operator
    };
    if !operator.is_empty() && any_wildcard {
        let (mut major, mut minor) = (major, partial.minor.unwrap_or(0));
        let minor_wildcard = partial.minor.is_none();
        let (operator, suffix) = match operator {
            ">" => {
                if minor_wildcard {
                    major += 1;
                    minor = 0;
                } else {
                    minor += 1;
                }
                (Ge, "")
            }
            "<=" => {
                if minor_wildcard {
                    major += 1;
                } else {
                    minor += 1;
                }
                (Lt, "-0")
            }
            "<" => (Lt, "-0"),
            _ => (Ge, ""),
        };
        return vec![comparator(operator, major, minor, 0, suffix)];
    }
    match (partial.minor, partial.patch) {
        (None, _) => vec![
            comparator(Ge, major, 0, 0, ""),
            comparator(Lt, major + 1, 0, 0, "-0"),
        ],
        (Some(minor), None) => vec![
            comparator(Ge, major, minor, 0, ""),
            comparator(Lt, major, minor + 1, 0, "-0"),
        ],
        (Some(minor), Some(patch)) => {
            let operator = match operator {
                ">" => Greater,
                ">=" => Ge,
                "<" => Lt,
                "<=" => LessOrEqual,
                _ => Equal,
            };
            vec![comparator(operator, major, minor, patch, &partial.suffix)]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn satisfies(version: &str, range: &str) -> bool {
        NpmRange::parse(range)
            .unwrap()
            .matches(&SemVer::parse(version).unwrap())
    }

    #[test]
    fn shorthands_expand_like_node_semver() {
        assert!(satisfies("1.2.9", "~1.2.3"));
        assert!(!satisfies("1.3.0", "~1.2.3"));
        assert!(satisfies("1.9.9", "^1.2.3"));
        assert!(!satisfies("0.3.0", "^0.2.3"));
        assert!(!satisfies("0.0.4", "^0.0.3"));
        assert!(satisfies("2.3.9", "1.2.3 - 2.3"));
        assert!(!satisfies("2.4.0", "1.2.3 - 2.3"));
        assert!(satisfies("1.3.0", ">1.2"));
        assert!(!satisfies("1.2.9", ">1.2"));
        assert!(satisfies("5.0.0", "*"));
        assert!(satisfies("5.0.0", ""));
        assert!(satisfies("2.0.0", "<1.0.0 || >=2.0.0"));
        assert!(satisfies("1.2.3", ">= 1.2.3"));
    }

    #[test]
    fn prereleases_need_a_comparator_of_the_same_tuple() {
        assert!(!satisfies("1.3.0-beta", ">=1.2.0"));
        assert!(satisfies("1.2.4-beta", ">=1.2.4-alpha"));
        assert!(!satisfies("1.2.5-beta", ">=1.2.4-alpha"));
    }

    #[test]
    fn rejects_what_node_semver_rejects() {
        for invalid in ["01.2.3", "1.2.3.4", "abc", "1.2-beta", ">=1.2.3 <= "] {
            assert!(NpmRange::parse(invalid).is_err(), "{invalid}");
        }
    }
}
