//! OSV `affected` evaluation: is this version of the package affected?
//!
//! An OSV `affected` entry lists `versions` and `ranges`; a version is affected if it is listed
//! or lies in any range (OSV schema, "Evaluation"). A range's events, sorted by version, form a
//! timeline: `introduced` (`"0"` sorts before everything) turns the vulnerability on, `fixed`
//! turns it off at that version, `last_affected` turns it off after that version, and `limit`
//! events (`"*"` is infinity) bound the whole range from above.
//!
//! `SEMVER` ranges compare by SemVer (Go's flavour for Go packages), `ECOSYSTEM` ranges by the
//! ecosystem's own scheme. Nothing is guessed:
//! - a version or event the scheme cannot read makes the answer *undetermined*, with the
//!   reason, never "not affected";
//! - a `GIT` range needs commit data: it is reported as such when nothing else in the entry
//!   (another range, a `versions` list) can answer for a version number;
//! - an ecosystem without a version scheme, or a range type OSV does not define, is reported.
//!
//! The entry is prepared once ([`AffectedVersions::new`]: every bound parsed and every range
//! sorted) and then evaluates any number of versions.

use std::cmp::Ordering;

use steward_purl::EcosystemName;

use crate::VersionError;
use crate::scheme::{Scheme, UnsupportedEcosystem, Version};

/// The type of an OSV range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RangeType {
    /// `SEMVER`.
    Semver,
    /// `ECOSYSTEM`.
    Ecosystem,
    /// `GIT`: commit hashes.
    Git,
    /// A type OSV does not define, kept as written.
    Other(String),
}

impl RangeType {
    /// Reads an OSV range type.
    pub fn parse(text: &str) -> Self {
        match text {
            "SEMVER" => Self::Semver,
            "ECOSYSTEM" => Self::Ecosystem,
            "GIT" => Self::Git,
            other => Self::Other(other.to_owned()),
        }
    }
}

/// The kind of an OSV range event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// `introduced`.
    Introduced,
    /// `fixed`.
    Fixed,
    /// `last_affected`.
    LastAffected,
    /// `limit`.
    Limit,
}

impl EventKind {
    /// Reads an OSV event key (`introduced`, `fixed`, `last_affected`, `limit`); `None` for a
    /// key OSV does not define.
    pub fn parse(key: &str) -> Option<Self> {
        Some(match key {
            "introduced" => Self::Introduced,
            "fixed" => Self::Fixed,
            "last_affected" => Self::LastAffected,
            "limit" => Self::Limit,
            _ => return None,
        })
    }
}

/// One range of an OSV `affected` entry, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RangeInput {
    /// The range type.
    pub range_type: RangeType,
    /// The events, in any order.
    pub events: Vec<(EventKind, String)>,
}

/// Why a version's status could not be determined.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Undetermined {
    /// The package's version is not a version of the scheme a range needs.
    #[error(transparent)]
    UnparseableVersion(VersionError),
    /// A range event is not a version of the range's scheme.
    #[error("range {range}: {error}")]
    UnparseableEvent {
        /// The range's position in the entry.
        range: usize,
        /// The parse error.
        error: VersionError,
    },
    /// A `GIT` range, which commit data would be needed to evaluate.
    #[error("range {range} is a GIT range, which needs commit data")]
    NeedsCommitData {
        /// The range's position in the entry.
        range: usize,
    },
    /// The ecosystem has no version scheme in steward.
    #[error(transparent)]
    UnsupportedEcosystem(UnsupportedEcosystem),
    /// A range type OSV does not define.
    #[error("range {range} has the unknown type `{range_type}`")]
    UnknownRangeType {
        /// The range's position in the entry.
        range: usize,
        /// The type as written.
        range_type: String,
    },
    /// The entry has neither ranges nor versions.
    #[error("the entry lists neither ranges nor versions")]
    NoVersionInformation,
}

/// Why a version is affected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AffectedBy {
    /// It is in the entry's `versions` list.
    ListedVersion,
    /// It lies in the range at this position.
    Range(usize),
}

/// The answer for one version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The version is affected.
    Affected {
        /// Why.
        by: AffectedBy,
        /// The first `fixed` version above it in the range that affects it, if any.
        fixed: Option<String>,
        /// The range's `last_affected` version above it, when the range has no fix.
        last_affected: Option<String>,
    },
    /// The version is in no range and not listed.
    NotAffected,
    /// The entry cannot say, for these reasons.
    Undetermined(Vec<Undetermined>),
}

/// A bound of a range event.
#[derive(Clone, Debug)]
enum Bound {
    /// `introduced: "0"`: before every version.
    Zero,
    /// A `limit` containing `*`: after every version.
    Infinity,
    Version(Version, String),
}

impl Bound {
    fn compare(&self, version: &Version) -> Ordering {
        match self {
            Self::Zero => Ordering::Less,
            Self::Infinity => Ordering::Greater,
            Self::Version(bound, _) => bound.cmp(version),
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            Self::Version(_, text) => Some(text),
            Self::Zero | Self::Infinity => None,
        }
    }
}

#[derive(Clone, Debug)]
enum Prepared {
    /// Events sorted by version (limits apart).
    Ordered {
        scheme: Scheme,
        events: Vec<(EventKind, Bound)>,
        limits: Vec<Bound>,
    },
    Git,
    Unevaluable(Undetermined),
}

/// An OSV `affected` entry's `ranges` and `versions`, prepared for evaluating versions.
#[derive(Clone, Debug)]
pub struct AffectedVersions {
    ecosystem_scheme: Result<Scheme, UnsupportedEcosystem>,
    ranges: Vec<Prepared>,
    versions: Vec<String>,
}

impl AffectedVersions {
    /// Prepares an entry of `ecosystem`.
    pub fn new(ecosystem: &EcosystemName, ranges: &[RangeInput], versions: &[String]) -> Self {
        let ecosystem_scheme = Scheme::for_ecosystem(ecosystem);
        let ranges = ranges
            .iter()
            .enumerate()
            .map(|(index, range)| prepare(index, range, &ecosystem_scheme))
            .collect();
        Self {
            ecosystem_scheme,
            ranges,
            versions: versions.to_vec(),
        }
    }

    /// Evaluates one version of the package.
    pub fn evaluate(&self, version: &str) -> Verdict {
        if self.ranges.is_empty() && self.versions.is_empty() {
            return Verdict::Undetermined(vec![Undetermined::NoVersionInformation]);
        }
        let mut problems = Vec::new();
        let ecosystem_version = self
            .ecosystem_scheme
            .as_ref()
            .map(|scheme| scheme.parse(version));
        if self.is_listed(version, &ecosystem_version) {
            return Verdict::Affected {
                by: AffectedBy::ListedVersion,
                fixed: None,
                last_affected: None,
            };
        }
        let mut git_ranges = Vec::new();
        let mut answerable = !self.versions.is_empty();
        let mut parsed: Vec<(Scheme, Result<Version, VersionError>)> = Vec::new();
        for (index, range) in self.ranges.iter().enumerate() {
            match range {
                Prepared::Git => git_ranges.push(index),
                Prepared::Unevaluable(problem) => problems.push(problem.clone()),
                Prepared::Ordered {
                    scheme,
                    events,
                    limits,
                } => {
                    let candidate =
                        if let Some((_, candidate)) = parsed.iter().find(|(s, _)| s == scheme) {
                            candidate.clone()
                        } else {
                            let candidate = scheme.parse(version);
                            parsed.push((*scheme, candidate.clone()));
                            candidate
                        };
                    match candidate {
                        Ok(candidate) => {
                            answerable = true;
                            if let Some(verdict) = included(index, &candidate, events, limits) {
                                return verdict;
                            }
                        }
                        Err(error) => {
                            let problem = Undetermined::UnparseableVersion(error);
                            if !problems.contains(&problem) {
                                problems.push(problem);
                            }
                        }
                    }
                }
            }
        }
        if let Err(unsupported) = &self.ecosystem_scheme
            && self
                .ranges
                .iter()
                .any(|range| matches!(range, Prepared::Unevaluable(_)))
            && problems.is_empty()
        {
            problems.push(Undetermined::UnsupportedEcosystem(unsupported.clone()));
        }
        if !answerable {
            problems.extend(
                git_ranges
                    .into_iter()
                    .map(|range| Undetermined::NeedsCommitData { range }),
            );
        }
        if problems.is_empty() {
            Verdict::NotAffected
        } else {
            Verdict::Undetermined(problems)
        }
    }

    /// Whether `version` is in the `versions` list: equal by the ecosystem's scheme, or, when
    /// the scheme cannot read one of them, as the same string.
    fn is_listed(
        &self,
        version: &str,
        parsed: &Result<Result<Version, VersionError>, &UnsupportedEcosystem>,
    ) -> bool {
        self.versions.iter().any(|listed| {
            if listed == version {
                return true;
            }
            match (parsed, &self.ecosystem_scheme) {
                (Ok(Ok(version)), Ok(scheme)) => scheme
                    .parse(listed)
                    .is_ok_and(|listed| listed.cmp(version) == Ordering::Equal),
                _ => false,
            }
        })
    }
}

fn prepare(
    index: usize,
    range: &RangeInput,
    ecosystem_scheme: &Result<Scheme, UnsupportedEcosystem>,
) -> Prepared {
    let scheme = match &range.range_type {
        RangeType::Git => return Prepared::Git,
        RangeType::Other(range_type) => {
            return Prepared::Unevaluable(Undetermined::UnknownRangeType {
                range: index,
                range_type: range_type.clone(),
            });
        }
        RangeType::Semver => match ecosystem_scheme {
            Ok(Scheme::Go) => Scheme::Go,
            _ => Scheme::SemVer,
        },
        RangeType::Ecosystem => match ecosystem_scheme {
            Ok(scheme) => *scheme,
            Err(unsupported) => {
                return Prepared::Unevaluable(Undetermined::UnsupportedEcosystem(
                    unsupported.clone(),
                ));
            }
        },
    };
    let mut events = Vec::with_capacity(range.events.len());
    let mut limits = Vec::new();
    for (kind, text) in &range.events {
        let bound = match (kind, text.as_str()) {
            (EventKind::Introduced, "0") => Bound::Zero,
            (EventKind::Limit, text) if text.contains('*') => Bound::Infinity,
            (_, text) => match scheme.parse(text) {
                Ok(version) => Bound::Version(version, text.to_owned()),
                Err(error) => {
                    return Prepared::Unevaluable(Undetermined::UnparseableEvent {
                        range: index,
                        error,
                    });
                }
            },
        };
        if *kind == EventKind::Limit {
            limits.push(bound);
        } else {
            events.push((*kind, bound));
        }
    }
    events.sort_by(|(_, left), (_, right)| compare_bounds(left, right));
    Prepared::Ordered {
        scheme,
        events,
        limits,
    }
}

fn compare_bounds(left: &Bound, right: &Bound) -> Ordering {
    match (left, right) {
        (Bound::Zero, Bound::Zero) | (Bound::Infinity, Bound::Infinity) => Ordering::Equal,
        (Bound::Zero, _) | (_, Bound::Infinity) => Ordering::Less,
        (_, Bound::Zero) | (Bound::Infinity, _) => Ordering::Greater,
        (Bound::Version(left, _), Bound::Version(right, _)) => left.cmp(right),
    }
}

/// The OSV evaluation of one range: `Some(Affected)` if the version is in it.
fn included(
    index: usize,
    version: &Version,
    events: &[(EventKind, Bound)],
    limits: &[Bound],
) -> Option<Verdict> {
    let before_limits = limits.is_empty()
        || limits
            .iter()
            .any(|limit| limit.compare(version) == Ordering::Greater);
    if !before_limits {
        return None;
    }
    // The schema's loop: every event at or below the version sets the state.
    let mut vulnerable = false;
    for (kind, bound) in events {
        let ordering = bound.compare(version);
        match kind {
            EventKind::Introduced if ordering != Ordering::Greater => vulnerable = true,
            EventKind::Fixed if ordering != Ordering::Greater => vulnerable = false,
            EventKind::LastAffected if ordering == Ordering::Less => vulnerable = false,
            _ => {}
        }
    }
    if !vulnerable {
        return None;
    }
    let after = |wanted: EventKind, strictly: bool| {
        events
            .iter()
            .filter(|(kind, _)| *kind == wanted)
            .find(|(_, bound)| {
                let ordering = bound.compare(version);
                ordering == Ordering::Greater || (!strictly && ordering == Ordering::Equal)
            })
            .and_then(|(_, bound)| bound.text().map(str::to_owned))
    };
    let fixed = after(EventKind::Fixed, true);
    let last_affected = after(EventKind::LastAffected, false);
    let last_affected = if fixed.is_some() { None } else { last_affected };
    Some(Verdict::Affected {
        by: AffectedBy::Range(index),
        fixed,
        last_affected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(range_type: RangeType, events: &[(EventKind, &str)]) -> RangeInput {
        RangeInput {
            range_type,
            events: events
                .iter()
                .map(|(kind, text)| (*kind, (*text).to_owned()))
                .collect(),
        }
    }

    use EventKind::{Fixed, Introduced, LastAffected, Limit};

    #[test]
    fn introduced_and_fixed_with_several_intervals() {
        let affected = AffectedVersions::new(
            &EcosystemName::PyPi,
            &[range(
                RangeType::Ecosystem,
                &[
                    (Fixed, "3.2.5"),
                    (Introduced, "1.0.0"),
                    (Fixed, "1.0.2"),
                    (Introduced, "3.0.0"),
                ],
            )],
            &[],
        );
        assert!(matches!(
            affected.evaluate("1.0.1"),
            Verdict::Affected { fixed: Some(ref fixed), .. } if fixed == "1.0.2"
        ));
        assert_eq!(affected.evaluate("1.0.2"), Verdict::NotAffected);
        assert_eq!(affected.evaluate("2.0"), Verdict::NotAffected);
        assert!(matches!(
            affected.evaluate("3.1rc1"),
            Verdict::Affected { .. }
        ));
        assert_eq!(affected.evaluate("0.9"), Verdict::NotAffected);
    }

    #[test]
    fn last_affected_and_limit() {
        let affected = AffectedVersions::new(
            &EcosystemName::CratesIo,
            &[range(
                RangeType::Semver,
                &[(Introduced, "0"), (LastAffected, "1.2.3")],
            )],
            &[],
        );
        assert!(matches!(
            affected.evaluate("1.2.3"),
            Verdict::Affected { last_affected: Some(ref last), .. } if last == "1.2.3"
        ));
        assert_eq!(affected.evaluate("1.2.4"), Verdict::NotAffected);
        let limited = AffectedVersions::new(
            &EcosystemName::CratesIo,
            &[range(
                RangeType::Semver,
                &[(Introduced, "1.0.0"), (Limit, "2.0.0")],
            )],
            &[],
        );
        assert!(matches!(
            limited.evaluate("1.5.0"),
            Verdict::Affected { .. }
        ));
        assert_eq!(limited.evaluate("2.0.0"), Verdict::NotAffected);
    }

    #[test]
    fn nothing_is_guessed() {
        let git_only = AffectedVersions::new(
            &EcosystemName::PyPi,
            &[range(
                RangeType::Git,
                &[(Introduced, "0"), (Fixed, "abc123")],
            )],
            &[],
        );
        assert_eq!(
            git_only.evaluate("1.0"),
            Verdict::Undetermined(vec![Undetermined::NeedsCommitData { range: 0 }])
        );
        let with_list = AffectedVersions::new(
            &EcosystemName::PyPi,
            &[range(RangeType::Git, &[(Introduced, "0")])],
            &["1.0".to_owned()],
        );
        assert!(matches!(
            with_list.evaluate("1.0.0"),
            Verdict::Affected {
                by: AffectedBy::ListedVersion,
                ..
            }
        ));
        assert_eq!(with_list.evaluate("1.1"), Verdict::NotAffected);
        let bad_event = AffectedVersions::new(
            &EcosystemName::CratesIo,
            &[range(
                RangeType::Ecosystem,
                &[(Introduced, "0"), (Fixed, "not a version")],
            )],
            &[],
        );
        assert!(matches!(
            bad_event.evaluate("1.0").clone(),
            Verdict::Undetermined(problems) if matches!(problems[0], Undetermined::UnparseableEvent { range: 0, .. })
        ));
        // A PyPI version PEP 440 refuses still evaluates, by the legacy ordering.
        let legacy = AffectedVersions::new(
            &EcosystemName::PyPi,
            &[range(
                RangeType::Ecosystem,
                &[(Introduced, "0"), (Fixed, "0.9")],
            )],
            &[],
        );
        assert!(matches!(
            legacy.evaluate("0.3.1-r1-final"),
            Verdict::Affected { .. }
        ));
        let sem = AffectedVersions::new(
            &EcosystemName::Npm,
            &[range(
                RangeType::Semver,
                &[(Introduced, "0"), (Fixed, "1.0.0")],
            )],
            &[],
        );
        assert!(matches!(sem.evaluate("banana"), Verdict::Undetermined(_)));
        let unsupported = AffectedVersions::new(
            &EcosystemName::Android,
            &[range(RangeType::Ecosystem, &[(Introduced, "0")])],
            &[],
        );
        assert!(matches!(
            unsupported.evaluate("13"),
            Verdict::Undetermined(problems) if matches!(problems[0], Undetermined::UnsupportedEcosystem(_))
        ));
        let empty = AffectedVersions::new(&EcosystemName::PyPi, &[], &[]);
        assert_eq!(
            empty.evaluate("1"),
            Verdict::Undetermined(vec![Undetermined::NoVersionInformation])
        );
    }

    #[test]
    fn go_semver_ranges_accept_go_versions() {
        let affected = AffectedVersions::new(
            &EcosystemName::Go,
            &[range(
                RangeType::Semver,
                &[(Introduced, "0"), (Fixed, "1.2.3")],
            )],
            &[],
        );
        assert!(matches!(
            affected.evaluate("v1.2.2"),
            Verdict::Affected { .. }
        ));
        assert!(matches!(
            affected.evaluate("v0.0.0-20210101120000-abcdef123456"),
            Verdict::Affected { .. }
        ));
        assert_eq!(affected.evaluate("v1.2.3"), Verdict::NotAffected);
    }
}
