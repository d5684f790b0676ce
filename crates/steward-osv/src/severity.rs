//! How severe a vulnerability is: CVSS scores computed from their vectors, else the rating a
//! database gives in its own words.
//!
//! A record may carry several vectors (`CVSS_V2`, `CVSS_V3`, `CVSS_V4`), for the whole record or
//! for one affected package. A package's own vectors take precedence over the record's; among
//! them the newest CVSS version wins (4.0, then 3.1, 3.0, 2.0), and its base score is computed
//! here, never copied from a database's text. Without a vector that can be read, a database's
//! own rating is used (again the package's before the record's): GitHub's `database_specific.severity` (`LOW`, `MODERATE`, `HIGH`, `CRITICAL`) and the
//! `Ubuntu` severity type (`negligible` … `critical`). Anything else is *unknown*, which is not
//! the same as low.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::record::{Advisory, Affected, SeverityScore};

/// A qualitative severity, in the CVSS rating scale's bands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// 0.1–3.9 (or a score of 0.0).
    Low,
    /// 4.0–6.9.
    Medium,
    /// 7.0–8.9.
    High,
    /// 9.0–10.0.
    Critical,
}

impl Level {
    /// The band of a CVSS score.
    pub fn of_score(score: f32) -> Self {
        if score >= 9.0 {
            Self::Critical
        } else if score >= 7.0 {
            Self::High
        } else if score >= 4.0 {
            Self::Medium
        } else {
            Self::Low
        }
    }

    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }

    /// Reads a database's rating word, in any case.
    fn of_rating(rating: &str) -> Option<Self> {
        Some(match rating.to_ascii_lowercase().as_str() {
            "negligible" | "low" => Self::Low,
            "moderate" | "medium" => Self::Medium,
            "high" | "important" => Self::High,
            "critical" => Self::Critical,
            _ => return None,
        })
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The severity of one vulnerability of one package.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Severity {
    /// The band.
    pub level: Level,
    /// The CVSS base score, computed from `vector`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// The CVSS vector the score was computed from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vector: Option<String>,
    /// Where the severity comes from: `CVSS_V3`, `CVSS_V4`, `CVSS_V2`, or the database's field.
    pub source: String,
}

/// The severity of `affected` in `advisory`, if anything says.
pub fn of(advisory: &Advisory, affected: Option<&Affected>) -> Option<Severity> {
    let package_scores = affected.map_or(&[][..], |affected| &affected.severity[..]);
    best_cvss(package_scores)
        .or_else(|| best_cvss(&advisory.severity))
        .or_else(|| rating(package_scores))
        .or_else(|| rating(&advisory.severity))
        .or_else(|| database_rating(advisory.database_specific.as_ref()))
}

/// The base score of the newest CVSS vector that can be read.
fn best_cvss(scores: &[SeverityScore]) -> Option<Severity> {
    scores
        .iter()
        .filter(|entry| entry.score_type.starts_with("CVSS_"))
        .filter_map(|entry| {
            let vector: polycvss::Vector = entry.score.trim().parse().ok()?;
            let version = polycvss::Version::from(vector);
            let score = f32::from(vector.base_score());
            Some((version, entry, score))
        })
        .max_by_key(|(version, _, _)| *version)
        .map(|(_, entry, score)| Severity {
            level: Level::of_score(score),
            score: Some(score),
            vector: Some(entry.score.trim().to_owned()),
            source: entry.score_type.clone(),
        })
}

/// A rating word in a `severity` entry of a type that is not CVSS (`Ubuntu`).
fn rating(scores: &[SeverityScore]) -> Option<Severity> {
    scores
        .iter()
        .filter(|entry| !entry.score_type.starts_with("CVSS_"))
        .find_map(|entry| {
            Some(Severity {
                level: Level::of_rating(&entry.score)?,
                score: None,
                vector: None,
                source: entry.score_type.clone(),
            })
        })
}

/// GitHub's `database_specific.severity`.
fn database_rating(database_specific: Option<&Value>) -> Option<Severity> {
    let rating = database_specific?.get("severity")?.as_str()?;
    Some(Severity {
        level: Level::of_rating(rating)?,
        score: None,
        vector: None,
        source: "database_specific.severity".to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Record, Syntax};

    fn advisory(json: &str) -> Advisory {
        Record::parse(json.as_bytes(), Syntax::Json)
            .unwrap()
            .advisory
    }

    #[test]
    fn scores_are_computed_from_vectors_of_every_version() {
        // Base scores as the FIRST calculators give them.
        for (vector, score) in [
            ("AV:N/AC:L/Au:N/C:P/I:P/A:P", 7.5),
            ("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
            ("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                9.3,
            ),
        ] {
            let found = best_cvss(&[SeverityScore {
                score_type: "CVSS_V3".into(),
                score: vector.into(),
            }])
            .unwrap();
            assert_eq!(found.score, Some(score), "{vector}");
        }
    }

    #[test]
    fn the_newest_cvss_version_and_the_package_s_own_score_win() {
        let record = advisory(
            r#"{"id":"X","modified":"m","severity":[
                {"type":"CVSS_V2","score":"AV:N/AC:L/Au:N/C:C/I:C/A:C"},
                {"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N"}],
              "affected":[{"package":{"ecosystem":"npm","name":"a"},"severity":[{"type":"Ubuntu","score":"medium"}]},
                          {"package":{"ecosystem":"npm","name":"b"}}],
              "database_specific":{"severity":"CRITICAL"}}"#,
        );
        let whole = of(&record, Some(&record.affected[1])).unwrap();
        assert_eq!((whole.level, whole.score), (Level::Low, Some(3.1)));
        // The package's own rating word is not preferred to the record's CVSS vector.
        let own = of(&record, Some(&record.affected[0])).unwrap();
        assert_eq!(own.source, "CVSS_V3");
        let ghsa =
            advisory(r#"{"id":"X","modified":"m","database_specific":{"severity":"MODERATE"}}"#);
        assert_eq!(of(&ghsa, None).unwrap().level, Level::Medium);
        let nothing = advisory(
            r#"{"id":"X","modified":"m","severity":[{"type":"CVSS_V3","score":"garbage"}]}"#,
        );
        assert_eq!(of(&nothing, None), None);
    }
}
