//! Composer constraints (`^1.2`, `~1.2.3`, `1.2.*`, `>=1.0 <2.0`, `1.0 - 2.0`, `^1 || ^2`), as
//! Composer's `VersionParser::parseConstraints` and `Semver::satisfies` read and evaluate them.
//!
//! `||` (or `|`) separates alternatives; commas and spaces separate constraints that must all
//! hold. Shorthands become bounds on normalized versions, with `-dev` lower bounds so that
//! pre-releases of the bound are included:
//! - `^1.2.3`: `>=1.2.3.0-dev <2.0.0.0-dev`; `^0.3`: `>=0.3.0.0-dev <0.4.0.0-dev`;
//! - `~1.2.3`: `>=1.2.3.0-dev <1.3.0.0-dev`; `~1.2`: `>=1.2.0.0-dev <2.0.0.0-dev`;
//! - `1.2.*`: `>=1.2.0.0-dev <1.3.0.0-dev`; `*` matches everything;
//! - `1.0 - 2.0`: `>=1.0.0.0-dev <2.1.0.0-dev`; `1.0 - 2.0.0`: `>=1.0.0.0-dev <=2.0.0.0`;
//! - `>=1.0` is `>=1.0.0.0-dev`, `<2.0` is `<2.0.0.0-dev`; a bare version is `==`.
//!
//! Not supported: `as` aliases and `#ref` suffixes inside constraints.

use std::cmp::Ordering;

use crate::scheme::packagist::{PackagistVersion, version_compare};

/// A Composer constraint.
#[derive(Clone, Debug)]
pub struct ComposerConstraint {
    /// Alternatives, each a list of bounds that must all hold; an empty list matches all.
    alternatives: Vec<Vec<Bound>>,
}

#[derive(Clone, Debug)]
struct Bound {
    operator: Operator,
    /// A normalized version, or a branch (`dev-main`), which no version equals.
    version: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operator {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

impl ComposerConstraint {
    /// Parses a constraint.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut alternatives = Vec::new();
        for group in split_alternatives(text.trim()) {
            let mut bounds = Vec::new();
            for constraint in split_constraints(group) {
                bounds.extend(parse_constraint(&constraint)?);
            }
            alternatives.push(bounds);
        }
        Ok(Self { alternatives })
    }

    /// Whether `version` satisfies the constraint.
    pub fn matches(&self, version: &PackagistVersion) -> bool {
        let normalized = version.normalized();
        self.alternatives
            .iter()
            .any(|bounds| bounds.iter().all(|bound| bound.holds(normalized)))
    }
}

impl Bound {
    fn holds(&self, version: &str) -> bool {
        if self.version.starts_with("dev-") {
            // Composer compares no version with a branch, except to say they differ.
            return self.operator == Operator::NotEqual;
        }
        let ordering = version_compare(version.as_bytes(), self.version.as_bytes());
        match self.operator {
            Operator::Equal => ordering == Ordering::Equal,
            Operator::NotEqual => ordering != Ordering::Equal,
            Operator::Less => ordering == Ordering::Less,
            Operator::LessOrEqual => ordering != Ordering::Greater,
            Operator::Greater => ordering == Ordering::Greater,
            Operator::GreaterOrEqual => ordering != Ordering::Less,
        }
    }
}

/// Splits at `|` or `||` with any spaces around.
fn split_alternatives(text: &str) -> Vec<&str> {
    text.split('|')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

/// Splits a group at commas and spaces, keeping an operator with its version (`>= 1.0`) and a
/// hyphen range (`1.0 - 2.0`) in one piece.
fn split_constraints(group: &str) -> Vec<String> {
    let words: Vec<&str> = group
        .split([',', ' ', '\t'])
        .filter(|word| !word.is_empty())
        .collect();
    let mut constraints: Vec<String> = Vec::new();
    let mut index = 0;
    while index < words.len() {
        let word = words[index];
        if words.get(index + 1) == Some(&"-") && index + 2 < words.len() {
            constraints.push(format!("{word} - {}", words[index + 2]));
            index += 3;
        } else if matches!(
            word,
            "<" | ">" | "<=" | ">=" | "=" | "==" | "!=" | "<>" | "~" | "^"
        ) && index + 1 < words.len()
        {
            constraints.push(format!("{word}{}", words[index + 1]));
            index += 2;
        } else {
            constraints.push(word.to_owned());
            index += 1;
        }
    }
    if constraints.is_empty() {
        constraints.push("*".to_owned());
    }
    constraints
}

fn normalize(text: &str) -> Result<String, String> {
    PackagistVersion::parse(text)
        .map(|version| version.normalized().to_owned())
        .map_err(|error| error.to_string())
}

/// The numbers of a version written as `v?N(.N){0,3}` followed by anything, and what follows.
fn leading_numbers(text: &str) -> (Vec<u64>, &str) {
    let body = text.strip_prefix(['v', 'V']).unwrap_or(text);
    let mut numbers = Vec::new();
    let mut rest = body;
    while numbers.len() < 4 {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            break;
        }
        let Ok(number) = rest[..digits].parse() else {
            break;
        };
        numbers.push(number);
        rest = &rest[digits..];
        match rest.strip_prefix('.') {
            Some(after) if after.starts_with(|c: char| c.is_ascii_digit()) => rest = after,
            _ => break,
        }
    }
    (numbers, rest)
}

/// Composer's `manipulateVersionString`: pad the numbers after `position` (1-based) with
/// zeros and add `increment` at `position`.
fn manipulate(numbers: &[u64], position: usize, increment: u64) -> Result<String, String> {
    let mut parts: Vec<u64> = (0..4)
        .map(|i| numbers.get(i).copied().unwrap_or(0))
        .collect();
    for index in (0..4).rev() {
        if index + 1 > position {
            parts[index] = 0;
        } else if index + 1 == position {
            parts[index] = parts[index]
                .checked_add(increment)
                .ok_or_else(|| format!("the version number {} is too large", parts[index]))?;
        }
    }
    Ok(parts
        .iter()
        .map(u64::to_string)
        .collect::<Vec<_>>()
        .join("."))
}

/// Whether the text after the numbers names a stability (`-beta2`, `RC1`, `-dev`).
fn has_stability(rest: &str) -> bool {
    let lowered = rest.to_ascii_lowercase();
    let lowered = lowered.trim_start_matches(['.', '_', '-']);
    [
        "stable", "beta", "b", "rc", "alpha", "a", "patch", "pl", "p", "dev",
    ]
    .iter()
    .any(|word| lowered.starts_with(word))
}

fn bound(operator: Operator, version: String) -> Bound {
    Bound { operator, version }
}

fn parse_constraint(constraint: &str) -> Result<Vec<Bound>, String> {
    use Operator::{GreaterOrEqual as Ge, Less as Lt, LessOrEqual as Le};
    let invalid =
        |why: &str| format!("could not parse the version constraint `{constraint}`: {why}");
    // A stability flag: `1.0@beta`, `@dev`.
    let (constraint, stability) = match constraint.rsplit_once('@') {
        Some((version, flag))
            if ["stable", "rc", "beta", "alpha", "dev"]
                .contains(&flag.to_ascii_lowercase().as_str()) =>
        {
            let flag = flag.to_ascii_lowercase();
            (
                if version.is_empty() { "*" } else { version },
                (flag != "stable").then_some(flag),
            )
        }
        _ => (constraint, None),
    };
    // Everything.
    let wildcard_only = constraint
        .strip_prefix(['v', 'V'])
        .unwrap_or(constraint)
        .split('.')
        .all(|part| matches!(part, "x" | "X" | "*"));
    if wildcard_only {
        return Ok(if constraint.len() > 1 {
            vec![bound(Ge, "0.0.0.0-dev".to_owned())]
        } else {
            Vec::new()
        });
    }
    // Hyphen range.
    if let Some((from, to)) = constraint.split_once(" - ") {
        let (from_numbers, from_rest) = leading_numbers(from);
        let low = normalize(from)?;
        let low = if has_stability(from_rest) {
            low
        } else {
            format!("{low}-dev")
        };
        let (to_numbers, to_rest) = leading_numbers(to);
        normalize(to)?;
        let upper = if to_numbers.len() >= 3 || has_stability(to_rest) {
            bound(Le, normalize(to)?)
        } else {
            let position = if to_numbers.len() < 2 { 1 } else { 2 };
            bound(Lt, format!("{}-dev", manipulate(&to_numbers, position, 1)?))
        };
        let _ = from_numbers;
        return Ok(vec![bound(Ge, low), upper]);
    }
    // Tilde and caret ranges.
    if let Some(rest) = constraint
        .strip_prefix('~')
        .or_else(|| constraint.strip_prefix('^'))
    {
        if rest.starts_with('>') {
            return Err(invalid("`~>` is not a Composer operator; use `~`"));
        }
        let caret = constraint.starts_with('^');
        let (numbers, after) = leading_numbers(rest);
        if numbers.is_empty() {
            return Err(invalid("expected a version after the operator"));
        }
        let x_dev = after
            .to_ascii_lowercase()
            .trim_start_matches('.')
            .starts_with('x');
        let stable_suffix = !has_stability(after) && !x_dev;
        let low_text = if stable_suffix {
            format!("{rest}-dev")
        } else {
            rest.to_owned()
        };
        let low = normalize(&low_text)?;
        let position = if caret {
            if numbers[0] != 0 || numbers.len() < 2 {
                1
            } else if numbers[1] != 0 || numbers.len() < 3 {
                2
            } else {
                3
            }
        } else {
            let position = numbers.len() + usize::from(x_dev);
            position.saturating_sub(1).max(1)
        };
        let high = format!("{}-dev", manipulate(&numbers, position, 1)?);
        return Ok(vec![bound(Ge, low), bound(Lt, high)]);
    }
    // X-range: `1.2.*`.
    if constraint.ends_with(['x', 'X', '*']) {
        let (numbers, after) = leading_numbers(constraint);
        let wildcards_only = after
            .split('.')
            .filter(|part| !part.is_empty())
            .all(|part| matches!(part, "x" | "X" | "*"));
        if !numbers.is_empty() && wildcards_only && after.starts_with('.') {
            let position = numbers.len().min(3);
            let low = format!("{}-dev", manipulate(&numbers, position, 0)?);
            let high = format!("{}-dev", manipulate(&numbers, position, 1)?);
            return Ok(if low == "0.0.0.0-dev" {
                vec![bound(Lt, high)]
            } else {
                vec![bound(Ge, low), bound(Lt, high)]
            });
        }
    }
    // A comparator.
    let (operator, symbol, rest) = [
        ("<>", Operator::NotEqual),
        ("!=", Operator::NotEqual),
        (">=", Ge),
        ("<=", Le),
        ("==", Operator::Equal),
        (">", Operator::Greater),
        ("<", Lt),
        ("=", Operator::Equal),
    ]
    .iter()
    .find_map(|(symbol, operator)| {
        constraint
            .strip_prefix(symbol)
            .map(|rest| (*operator, *symbol, rest))
    })
    .unwrap_or((Operator::Equal, "", constraint));
    let rest = rest.trim();
    if let Some(branch) = rest
        .get(..4)
        .filter(|prefix| prefix.eq_ignore_ascii_case("dev-"))
        .and_then(|_| rest.get(4..))
        .filter(|branch| !branch.is_empty())
    {
        return Ok(vec![bound(operator, format!("dev-{branch}"))]);
    }
    let mut version = normalize(rest).map_err(|error| invalid(&error))?;
    let (_, after) = leading_numbers(rest);
    if !matches!(symbol, "" | "=" | "==") && stability.is_some() && !has_stability(after) {
        version = format!("{version}-{}", stability.unwrap_or_default());
    } else if matches!(operator, Lt | Ge) && !has_stability(after) {
        version.push_str("-dev");
    }
    Ok(vec![bound(operator, version)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn satisfies(version: &str, constraint: &str) -> bool {
        ComposerConstraint::parse(constraint)
            .unwrap()
            .matches(&PackagistVersion::parse(version).unwrap())
    }

    #[test]
    fn follows_composer() {
        assert!(satisfies("1.9.9", "^1.2.3"));
        assert!(!satisfies("2.0.0", "^1.2.3"));
        assert!(!satisfies("0.4.0", "^0.3"));
        assert!(satisfies("1.2.9", "~1.2.3"));
        assert!(!satisfies("1.3.0", "~1.2.3"));
        assert!(satisfies("1.9", "~1.2"));
        assert!(satisfies("1.2.5", "1.2.*"));
        assert!(!satisfies("1.3.0", "1.2.*"));
        assert!(satisfies("5.0", "*"));
        assert!(satisfies("1.5", ">=1.0 <2.0"));
        assert!(satisfies("1.5", ">=1.0, <2.0"));
        assert!(satisfies("2.0.9", "1.0 - 2.0"));
        assert!(!satisfies("2.1.0", "1.0 - 2.0"));
        assert!(satisfies("2.5", "^1 || ^2"));
        assert!(satisfies("1.0.0", "1.0"));
        assert!(satisfies("2.0.0-beta1", "^2.0@beta"));
    }
}
