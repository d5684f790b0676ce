//! RubyGems requirements (`~> 1.2`, `>= 1.0, < 2`, `!= 1.3`), evaluated as
//! `Gem::Requirement#satisfied_by?` does.
//!
//! Operators are `=` (the default), `!=`, `>`, `<`, `>=`, `<=` and `~>`, the pessimistic
//! operator: `~> 1.2.3` means `>= 1.2.3` and below `1.3`; `~> 1.2` means `>= 1.2` and below
//! `2`. Several requirements, comma-separated, must all hold.

use crate::scheme::rubygems::GemVersion;

/// A RubyGems requirement.
#[derive(Clone, Debug)]
pub struct GemRequirement {
    clauses: Vec<(Operator, GemVersion, Option<GemVersion>)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Operator {
    Equal,
    NotEqual,
    Greater,
    Less,
    GreaterOrEqual,
    LessOrEqual,
    Pessimistic,
}

impl GemRequirement {
    /// Parses comma-separated requirements.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut clauses = Vec::new();
        for clause in text.split(',') {
            let clause = clause.trim();
            let (operator, rest) = [
                ("~>", Operator::Pessimistic),
                (">=", Operator::GreaterOrEqual),
                ("<=", Operator::LessOrEqual),
                ("!=", Operator::NotEqual),
                ("=", Operator::Equal),
                (">", Operator::Greater),
                ("<", Operator::Less),
            ]
            .iter()
            .find_map(|(symbol, operator)| {
                clause.strip_prefix(symbol).map(|rest| (*operator, rest))
            })
            .unwrap_or((Operator::Equal, clause));
            let rest = rest.trim();
            if rest.is_empty() {
                return Err(format!("`{clause}` has no version"));
            }
            let version = GemVersion::parse(rest).map_err(|error| error.to_string())?;
            let bump = (operator == Operator::Pessimistic)
                .then(|| bump(rest))
                .flatten();
            clauses.push((operator, version, bump));
        }
        Ok(Self { clauses })
    }

    /// Whether `version` satisfies every requirement.
    pub fn matches(&self, version: &GemVersion) -> bool {
        self.clauses
            .iter()
            .all(|(operator, bound, bump)| match operator {
                Operator::Equal => version == bound,
                Operator::NotEqual => version != bound,
                Operator::Greater => version > bound,
                Operator::Less => version < bound,
                Operator::GreaterOrEqual => version >= bound,
                Operator::LessOrEqual => version <= bound,
                Operator::Pessimistic => {
                    version >= bound
                        && bump.as_ref().is_some_and(|bump| {
                            release(&version.to_string()).is_some_and(|r| &r < bump)
                        })
                }
            })
    }
}

/// `Gem::Version#bump`: drop the letters and the last number, then increment the new last
/// number (`1.2.3` → `1.3`, `1.2` → `2`, `1` → `2`).
fn bump(text: &str) -> Option<GemVersion> {
    let mut numbers = numeric_segments(text);
    if numbers.len() > 1 {
        numbers.pop();
    }
    let last = numbers.last_mut()?;
    *last = increment(last);
    GemVersion::parse(&numbers.join(".")).ok()
}

/// `Gem::Version#release`: the version without its pre-release segments.
fn release(text: &str) -> Option<GemVersion> {
    GemVersion::parse(&numeric_segments(text).join(".")).ok()
}

/// The segments before the first letter run, as `Gem::Version#segments` splits them.
fn numeric_segments(text: &str) -> Vec<String> {
    let normalized = text.trim().replace('-', ".pre.");
    let mut segments = Vec::new();
    let mut current = String::new();
    let mut in_letters = false;
    for c in normalized.chars() {
        if c.is_ascii_digit() {
            if in_letters {
                break;
            }
            current.push(c);
        } else {
            if !current.is_empty() {
                segments.push(std::mem::take(&mut current));
            }
            if c.is_ascii_alphabetic() {
                in_letters = true;
                break;
            }
        }
    }
    if !current.is_empty() && !in_letters {
        segments.push(current);
    }
    segments
}

/// Adds one to a decimal number of any length.
fn increment(digits: &str) -> String {
    let mut bytes: Vec<u8> = digits.bytes().collect();
    for byte in bytes.iter_mut().rev() {
        if *byte == b'9' {
            *byte = b'0';
        } else {
            *byte += 1;
            return String::from_utf8(bytes).unwrap_or_default();
        }
    }
    format!("1{}", String::from_utf8(bytes).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn satisfies(version: &str, requirement: &str) -> bool {
        GemRequirement::parse(requirement)
            .unwrap()
            .matches(&GemVersion::parse(version).unwrap())
    }

    #[test]
    fn follows_gem_requirement() {
        assert!(satisfies("1.2.9", "~> 1.2.3"));
        assert!(!satisfies("1.3.0", "~> 1.2.3"));
        assert!(satisfies("1.9", "~> 1.2"));
        assert!(!satisfies("2.0", "~> 1.2"));
        assert!(satisfies("1.5", ">= 1.0, < 2"));
        assert!(satisfies("1.0", "1.0.0"));
        assert!(!satisfies("1.3", "!= 1.3"));
        assert!(satisfies("1.2.3.rc1", "~> 1.2.2"));
        assert!(GemRequirement::parse("~> ").is_err());
        assert_eq!(increment("199"), "200");
        assert_eq!(increment("9"), "10");
    }
}
