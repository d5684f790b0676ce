//! in-toto v0.9 artifact rules: what a step's materials and products may be, checked in order
//! against a queue of the step's artifacts, each rule consuming what it accounts for (in-toto
//! specification v0.9, section 4.3.3). Patterns are shell-style (`*` also matches `/`).

use std::collections::{BTreeMap, BTreeSet};

use globset::{Glob, GlobBuilder, GlobMatcher};

/// Artifacts by path: each a map of hash algorithm to lowercase hex.
pub type Artifacts = BTreeMap<String, BTreeMap<String, String>>;

/// Which of a step's artifacts a rule speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Materials,
    Products,
}

/// A step's materials and products, as its link records them.
#[derive(Debug, Clone, Copy)]
pub struct StepArtifacts<'a> {
    pub materials: &'a Artifacts,
    pub products: &'a Artifacts,
}

impl StepArtifacts<'_> {
    fn of(&self, kind: Kind) -> &Artifacts {
        match kind {
            Kind::Materials => self.materials,
            Kind::Products => self.products,
        }
    }
}

/// Why a rule is malformed or does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("malformed artifact rule {0:?}")]
    Malformed(Vec<String>),
    #[error("invalid pattern {pattern:?}: {reason}")]
    Pattern { pattern: String, reason: String },
    #[error("rule {rule:?} disallows {artifact}")]
    Disallowed { rule: String, artifact: String },
    #[error("rule {rule:?} requires {artifact}, which is not there")]
    Required { rule: String, artifact: String },
}

/// One artifact rule.
#[derive(Debug, Clone)]
pub enum ArtifactRule {
    Match {
        pattern: GlobMatcher,
        source_prefix: String,
        destination_kind: Kind,
        destination_prefix: String,
        step: String,
    },
    Allow(GlobMatcher),
    Disallow(GlobMatcher),
    Require(String),
    Create(GlobMatcher),
    Delete(GlobMatcher),
    Modify(GlobMatcher),
}

fn pattern(text: &str) -> Result<GlobMatcher, RuleError> {
    let glob: Glob = GlobBuilder::new(text)
        .literal_separator(false)
        .build()
        .map_err(|error| RuleError::Pattern {
            pattern: text.to_owned(),
            reason: error.kind().to_string(),
        })?;
    Ok(glob.compile_matcher())
}

/// A path prefix as in-toto joins it: with a trailing `/`, or empty.
fn prefix(text: &str) -> String {
    if text.is_empty() || text.ends_with('/') {
        text.to_owned()
    } else {
        format!("{text}/")
    }
}

fn kind(text: &str) -> Option<Kind> {
    match text {
        "MATERIALS" => Some(Kind::Materials),
        "PRODUCTS" => Some(Kind::Products),
        _ => None,
    }
}

impl ArtifactRule {
    /// Reads a rule from its words, e.g. `["MATCH", "*", "WITH", "PRODUCTS", "FROM", "build"]`.
    pub fn parse(words: &[String]) -> Result<Self, RuleError> {
        let malformed = || RuleError::Malformed(words.to_vec());
        let text: Vec<&str> = words.iter().map(String::as_str).collect();
        let rule = match text.as_slice() {
            ["ALLOW", glob] => Self::Allow(pattern(glob)?),
            ["DISALLOW", glob] => Self::Disallow(pattern(glob)?),
            ["REQUIRE", path] => Self::Require((*path).to_owned()),
            ["CREATE", glob] => Self::Create(pattern(glob)?),
            ["DELETE", glob] => Self::Delete(pattern(glob)?),
            ["MODIFY", glob] => Self::Modify(pattern(glob)?),
            ["MATCH", glob, rest @ ..] => {
                let (source_prefix, rest) = match rest {
                    ["IN", source, rest @ ..] => (prefix(source), rest),
                    _ => (String::new(), rest),
                };
                let (destination_kind, rest) = match rest {
                    ["WITH", kind_text, rest @ ..] => {
                        (kind(kind_text).ok_or_else(malformed)?, rest)
                    }
                    _ => return Err(malformed()),
                };
                let (destination_prefix, rest) = match rest {
                    ["IN", destination, rest @ ..] => (prefix(destination), rest),
                    _ => (String::new(), rest),
                };
                let ["FROM", step] = rest else {
                    return Err(malformed());
                };
                Self::Match {
                    pattern: pattern(glob)?,
                    source_prefix,
                    destination_kind,
                    destination_prefix,
                    step: (*step).to_owned(),
                }
            }
            _ => return Err(malformed()),
        };
        Ok(rule)
    }
}

/// Checks `rules` against the `kind` artifacts of `own`, with the other steps' artifacts by
/// name (a step with no link has none). What no rule consumes is allowed.
pub fn check(
    rules: &[(String, ArtifactRule)],
    kind: Kind,
    own: StepArtifacts<'_>,
    steps: &BTreeMap<String, StepArtifacts<'_>>,
) -> Result<(), RuleError> {
    let artifacts = own.of(kind);
    let mut queue: BTreeSet<&str> = artifacts.keys().map(String::as_str).collect();
    for (text, rule) in rules {
        let matching = |glob: &GlobMatcher| -> Vec<&str> {
            queue
                .iter()
                .copied()
                .filter(|path| glob.is_match(path))
                .collect()
        };
        let consumed: Vec<&str> = match rule {
            ArtifactRule::Allow(glob) => matching(glob),
            ArtifactRule::Disallow(glob) => {
                if let Some(artifact) = matching(glob).first() {
                    return Err(RuleError::Disallowed {
                        rule: text.clone(),
                        artifact: (*artifact).to_owned(),
                    });
                }
                Vec::new()
            }
            ArtifactRule::Require(path) => {
                if !queue.contains(path.as_str()) {
                    return Err(RuleError::Required {
                        rule: text.clone(),
                        artifact: path.clone(),
                    });
                }
                Vec::new()
            }
            ArtifactRule::Create(glob) => matching(glob)
                .into_iter()
                .filter(|path| {
                    own.products.contains_key(*path) && !own.materials.contains_key(*path)
                })
                .collect(),
            ArtifactRule::Delete(glob) => matching(glob)
                .into_iter()
                .filter(|path| {
                    own.materials.contains_key(*path) && !own.products.contains_key(*path)
                })
                .collect(),
            ArtifactRule::Modify(glob) => matching(glob)
                .into_iter()
                .filter(|path| {
                    matches!(
                        (own.materials.get(*path), own.products.get(*path)),
                        (Some(before), Some(after)) if before != after
                    )
                })
                .collect(),
            ArtifactRule::Match {
                pattern,
                source_prefix,
                destination_kind,
                destination_prefix,
                step,
            } => {
                let Some(destination) = steps.get(step).map(|other| other.of(*destination_kind))
                else {
                    continue;
                };
                queue
                    .iter()
                    .copied()
                    .filter(|path| {
                        let Some(name) = path.strip_prefix(source_prefix.as_str()) else {
                            return false;
                        };
                        pattern.is_match(name)
                            && destination.get(&format!("{destination_prefix}{name}"))
                                == artifacts.get(*path)
                    })
                    .collect()
            }
        };
        for path in consumed {
            queue.remove(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn artifacts(entries: &[(&str, &str)]) -> Artifacts {
        entries
            .iter()
            .map(|(path, hash)| {
                (
                    (*path).to_owned(),
                    BTreeMap::from([("sha256".to_owned(), (*hash).to_owned())]),
                )
            })
            .collect()
    }

    fn rules(texts: &[&str]) -> Vec<(String, ArtifactRule)> {
        texts
            .iter()
            .map(|text| {
                let words: Vec<String> = text.split(' ').map(str::to_owned).collect();
                ((*text).to_owned(), ArtifactRule::parse(&words).expect(text))
            })
            .collect()
    }

    #[test]
    fn rules_consume_in_order_and_what_is_left_is_allowed() {
        let materials = artifacts(&[("src/a.c", "1"), ("src/b.c", "2"), ("old.txt", "3")]);
        let products = artifacts(&[("src/a.c", "1"), ("src/b.c", "9"), ("app", "4")]);
        let build = StepArtifacts {
            materials: &materials,
            products: &products,
        };
        let fetched = artifacts(&[("vendor/src/a.c", "1"), ("vendor/src/b.c", "2")]);
        let empty = Artifacts::new();
        let fetch = StepArtifacts {
            materials: &empty,
            products: &fetched,
        };
        let steps = BTreeMap::from([("fetch".to_owned(), fetch), ("build".to_owned(), build)]);
        let check = |texts: &[&str], kind| check(&rules(texts), kind, build, &steps);
        // Materials came from fetch's products under vendor/; nothing else may be there.
        assert_eq!(
            check(
                &[
                    "MATCH src/* WITH PRODUCTS IN vendor FROM fetch",
                    "DELETE old.txt",
                    "DISALLOW *"
                ],
                Kind::Materials
            ),
            Ok(())
        );
        assert!(matches!(
            check(&["MATCH src/* WITH PRODUCTS IN vendor FROM fetch", "DISALLOW *"], Kind::Materials),
            Err(RuleError::Disallowed { artifact, .. }) if artifact == "old.txt"
        ));
        // A hash that differs does not match.
        assert!(matches!(
            check(&["MATCH src/* WITH MATERIALS FROM build", "DISALLOW src/*"], Kind::Products),
            Err(RuleError::Disallowed { artifact, .. }) if artifact == "src/b.c"
        ));
        assert_eq!(
            check(
                &[
                    "CREATE app",
                    "MODIFY src/b.c",
                    "ALLOW src/a.c",
                    "DISALLOW *"
                ],
                Kind::Products
            ),
            Ok(())
        );
        assert!(check(&["CREATE src/b.c", "DISALLOW src/b.c"], Kind::Products).is_err());
        assert!(matches!(
            check(&["REQUIRE README"], Kind::Products),
            Err(RuleError::Required { .. })
        ));
        // A step with no link matches nothing.
        assert!(
            check(
                &["MATCH * WITH PRODUCTS FROM absent", "DISALLOW *"],
                Kind::Products
            )
            .is_err()
        );
        assert!(ArtifactRule::parse(&["MATCH".to_owned(), "*".to_owned()]).is_err());
    }
}
