//! Maven version ranges (`[1.0,2.0)`, `(,1.0]`, `[1.2]`, `(,1.0),(1.1,)`), as Maven's
//! `VersionRange` reads and evaluates them, with versions ordered by `ComparableVersion`.
//!
//! `[`/`]` include a bound, `(`/`)` exclude it, an empty bound is open, and several ranges
//! separated by commas are alternatives (they may not overlap). Deviation: Maven reads a bare
//! version (`1.0`) as a soft recommendation that any version satisfies during conflict
//! resolution; steward reads it as the version the project asks for, so it matches only that
//! version.

use std::cmp::Ordering;

use crate::scheme::maven::MavenVersion;

/// A Maven version specification.
#[derive(Clone, Debug)]
pub struct MavenRange {
    kind: Kind,
}

#[derive(Clone, Debug)]
enum Kind {
    /// A bare version.
    Soft(MavenVersion),
    /// Bracketed ranges, any of which may hold.
    Ranges(Vec<Restriction>),
}

#[derive(Clone, Debug)]
struct Restriction {
    lower: Option<(MavenVersion, bool)>,
    upper: Option<(MavenVersion, bool)>,
}

impl MavenRange {
    /// Parses a version specification.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if !text.starts_with(['[', '(']) {
            if text.ends_with([']', ')']) || text.contains([',', '[', '(']) {
                return Err(format!("`{text}`: a range starts with `[` or `(`"));
            }
            let version = MavenVersion::parse(text).map_err(|error| error.to_string())?;
            return Ok(Self {
                kind: Kind::Soft(version),
            });
        }
        let mut restrictions: Vec<Restriction> = Vec::new();
        let mut rest = text;
        while rest.starts_with(['[', '(']) {
            let end = rest
                .find([']', ')'])
                .ok_or_else(|| format!("`{text}`: unbounded range"))?;
            let restriction = parse_restriction(&rest[..=end])?;
            if let Some(previous) = restrictions.last()
                && overlaps(previous, &restriction)
            {
                return Err(format!("`{text}`: ranges overlap"));
            }
            restrictions.push(restriction);
            rest = rest[end + 1..].trim();
            if let Some(after) = rest.strip_prefix(',') {
                rest = after.trim();
            }
        }
        if !rest.is_empty() {
            return Err(format!("`{text}`: only ranges may follow a range"));
        }
        Ok(Self {
            kind: Kind::Ranges(restrictions),
        })
    }

    /// Whether `version` is allowed.
    pub fn matches(&self, version: &MavenVersion) -> bool {
        match &self.kind {
            Kind::Soft(soft) => version == soft,
            Kind::Ranges(restrictions) => restrictions.iter().any(|r| r.contains(version)),
        }
    }
}

fn parse_restriction(spec: &str) -> Result<Restriction, String> {
    let lower_inclusive = spec.starts_with('[');
    let upper_inclusive = spec.ends_with(']');
    let inner = spec[1..spec.len() - 1].trim();
    let version = |text: &str| MavenVersion::parse(text.trim()).map_err(|error| error.to_string());
    let Some((lower, upper)) = inner.split_once(',') else {
        if !lower_inclusive || !upper_inclusive {
            return Err(format!(
                "`{spec}`: a single version must be surrounded by `[]`"
            ));
        }
        let exact = version(inner)?;
        return Ok(Restriction {
            lower: Some((exact.clone(), true)),
            upper: Some((exact, true)),
        });
    };
    let bound = |text: &str, inclusive: bool| -> Result<_, String> {
        let text = text.trim();
        Ok(if text.is_empty() {
            None
        } else {
            Some((version(text)?, inclusive))
        })
    };
    let restriction = Restriction {
        lower: bound(lower, lower_inclusive)?,
        upper: bound(upper, upper_inclusive)?,
    };
    if let (Some((low, low_inclusive)), Some((high, high_inclusive))) =
        (&restriction.lower, &restriction.upper)
    {
        match high.cmp(low) {
            Ordering::Less => return Err(format!("`{spec}`: the range defies version ordering")),
            Ordering::Equal if !(*low_inclusive && *high_inclusive) => {
                return Err(format!(
                    "`{spec}`: the range cannot have identical boundaries"
                ));
            }
            _ => {}
        }
    }
    Ok(restriction)
}

/// Maven refuses a range that starts before the previous one ends.
fn overlaps(previous: &Restriction, next: &Restriction) -> bool {
    let (Some((end, end_inclusive)), Some((start, start_inclusive))) =
        (&previous.upper, &next.lower)
    else {
        return true;
    };
    match start.cmp(end) {
        Ordering::Less => true,
        Ordering::Equal => *end_inclusive && *start_inclusive,
        Ordering::Greater => false,
    }
}

impl Restriction {
    fn contains(&self, version: &MavenVersion) -> bool {
        super::within_bounds(version, self.lower.as_ref(), self.upper.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(range: &str, version: &str) -> bool {
        MavenRange::parse(range)
            .unwrap()
            .matches(&MavenVersion::parse(version).unwrap())
    }

    #[test]
    fn brackets_and_alternatives() {
        assert!(allows("[1.0,2.0)", "1.5"));
        assert!(!allows("[1.0,2.0)", "2.0"));
        assert!(allows("(,1.0]", "1.0"));
        assert!(allows("[1.2]", "1.2.0"));
        assert!(allows("(,1.0),(1.1,)", "1.2"));
        assert!(!allows("(,1.0),(1.1,)", "1.05.1") || allows("(,1.0),(1.1,)", "1.05"));
        assert!(!allows("(,1.0),(1.1,)", "1.0.5"));
        assert!(allows("[2.0,)", "2.17.1"));
        assert!(!allows("[2.0,2.15.0)", "2.15.0"));
        assert!(allows("1.0", "1.0.0"));
        assert!(!allows("1.0", "1.1"));
    }

    #[test]
    fn rejects_what_maven_rejects() {
        for invalid in [
            "[1.0",
            "(1.0)",
            "[2.0,1.0]",
            "(1.0,1.0)",
            "[1.0,2.0),[1.5,3.0)",
        ] {
            assert!(MavenRange::parse(invalid).is_err(), "{invalid}");
        }
    }
}
