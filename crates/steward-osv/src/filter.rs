//! What a report shows: findings of the severities asked for, and only those with a fix when
//! unfixed ones are left out. What is left out is counted, so a report can say so.

use serde::Serialize;

use crate::matching::{Kind, Matches};
use crate::severity::Level;

/// Which findings to keep.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// The severities to keep (`None` in the list: unrated); every severity when `None`.
    pub levels: Option<Vec<Option<Level>>>,
    /// Leave out vulnerabilities no version fixes.
    pub ignore_unfixed: bool,
}

/// What the filter left out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// Findings and undetermined records of a severity not asked for.
    pub by_severity: usize,
    /// Vulnerabilities without a fixed version.
    pub unfixed: usize,
}

impl Filter {
    /// Whether the filter keeps everything.
    pub fn is_empty(&self) -> bool {
        self.levels.is_none() && !self.ignore_unfixed
    }

    fn keeps_level(&self, level: Option<Level>) -> bool {
        self.levels
            .as_ref()
            .is_none_or(|levels| levels.contains(&level))
    }

    /// The matches with only what the filter keeps; a package version left with nothing to
    /// show is dropped.
    pub fn apply(&self, matches: &Matches) -> (Matches, LeftOut) {
        let mut left_out = LeftOut::default();
        let mut kept = Matches {
            matched: Vec::with_capacity(matches.matched.len()),
            ..matches.clone()
        };
        for matched in &matches.matched {
            let mut matched = matched.clone();
            matched.findings.retain(|finding| {
                let level = finding.severity.as_ref().map(|severity| severity.level);
                if !self.keeps_level(level) {
                    left_out.by_severity += 1;
                    false
                } else if self.ignore_unfixed
                    && finding.kind == Kind::Vulnerability
                    && finding.fixed.is_empty()
                {
                    left_out.unfixed += 1;
                    false
                } else {
                    true
                }
            });
            // An undetermined record is not known to be unfixed: only its severity counts.
            matched.undetermined.retain(|record| {
                let keep =
                    self.keeps_level(record.severity.as_ref().map(|severity| severity.level));
                left_out.by_severity += usize::from(!keep);
                keep
            });
            if !matched.findings.is_empty() || !matched.undetermined.is_empty() {
                kept.matched.push(matched);
            }
        }
        (kept, left_out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::{Finding, Matched, Undetermined};
    use crate::severity::Severity;

    fn finding(id: &str, level: Option<Level>, fixed: &[&str]) -> Finding {
        Finding {
            id: id.to_owned(),
            aliases: Vec::new(),
            records: vec![id.to_owned()],
            kind: Kind::Vulnerability,
            summary: None,
            severity: level.map(|level| Severity {
                level,
                score: None,
                vector: None,
                source: "CVSS_V3".to_owned(),
            }),
            fixed: fixed.iter().map(|&fix| fix.to_owned()).collect(),
            url: None,
        }
    }

    fn matches() -> Matches {
        Matches {
            matched: vec![
                Matched {
                    packages: vec![0],
                    findings: vec![
                        finding("CRIT", Some(Level::Critical), &["2.0"]),
                        finding("LOW", Some(Level::Low), &["1.1"]),
                        finding("UNFIXED", Some(Level::High), &[]),
                    ],
                    undetermined: vec![Undetermined {
                        id: "UNDET".to_owned(),
                        reason: "a GIT range".to_owned(),
                        severity: None,
                    }],
                    fix: None,
                    via: Vec::new(),
                    approximate_order: false,
                },
                Matched {
                    packages: vec![1],
                    findings: vec![finding("MED", Some(Level::Medium), &["3.0"])],
                    undetermined: Vec::new(),
                    fix: None,
                    via: Vec::new(),
                    approximate_order: false,
                },
            ],
            looked_up: 2,
            unversioned: Vec::new(),
        }
    }

    #[test]
    fn keeps_the_severities_asked_for_and_counts_the_rest() {
        let filter = Filter {
            levels: Some(vec![Some(Level::Critical), Some(Level::High)]),
            ignore_unfixed: false,
        };
        let (kept, left_out) = filter.apply(&matches());
        assert_eq!(kept.matched.len(), 1);
        let ids: Vec<&str> = kept.matched[0]
            .findings
            .iter()
            .map(|f| f.id.as_str())
            .collect();
        assert_eq!(ids, ["CRIT", "UNFIXED"]);
        assert!(kept.matched[0].undetermined.is_empty());
        assert_eq!(
            left_out,
            LeftOut {
                by_severity: 3,
                unfixed: 0
            }
        );
    }

    #[test]
    fn leaves_out_what_no_version_fixes_but_keeps_undetermined_records() {
        let filter = Filter {
            levels: None,
            ignore_unfixed: true,
        };
        let (kept, left_out) = filter.apply(&matches());
        assert_eq!(kept.matched[0].findings.len(), 2);
        assert_eq!(kept.matched[0].undetermined.len(), 1);
        assert_eq!(
            left_out,
            LeftOut {
                by_severity: 0,
                unfixed: 1
            }
        );
        assert!(Filter::default().is_empty());
    }
}
