//! NuGet version ranges (`1.0`, `[1.0]`, `[1.0,2.0)`, `(,1.0]`, `1.*`), as NuGet's
//! `VersionRange` reads and evaluates them.
//!
//! A bare version is a *minimum* (`1.0` means `>= 1.0`, unlike most ecosystems). Brackets
//! include, parentheses exclude, and an empty side is open; `[1.0]` is exact. A floating
//! version (`1.*`, `1.2.*`, `*`, `1.0.0-*`) allows everything from its lowest match upwards;
//! which release it picks is a resolver's choice, not a range's. No NuGet implementation runs
//! on the machines that test steward; the tests follow NuGet's documentation.

use crate::scheme::nuget::NuGetVersion;

/// A NuGet version range.
#[derive(Clone, Debug)]
pub struct NuGetRange {
    lower: Option<(NuGetVersion, bool)>,
    upper: Option<(NuGetVersion, bool)>,
}

impl NuGetRange {
    /// Parses a range.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let version =
            |text: &str| NuGetVersion::parse(text.trim()).map_err(|error| error.to_string());
        if text.is_empty() {
            return Err("the range is empty".to_owned());
        }
        if !text.starts_with(['[', '(']) {
            return Ok(Self {
                lower: Some((
                    floating_minimum(text).map_or_else(|| version(text), Ok)?,
                    true,
                )),
                upper: None,
            });
        }
        let lower_inclusive = text.starts_with('[');
        let upper_inclusive = text.ends_with(']');
        if !text.ends_with([']', ')']) || text.len() < 2 {
            return Err(format!("`{text}`: a range ends with `]` or `)`"));
        }
        let inner = &text[1..text.len() - 1];
        let Some((low, high)) = inner.split_once(',') else {
            if !(lower_inclusive && upper_inclusive) {
                return Err(format!("`{text}`: an exact version is written `[1.0]`"));
            }
            let exact = version(inner)?;
            return Ok(Self {
                lower: Some((exact.clone(), true)),
                upper: Some((exact, true)),
            });
        };
        let side = |text: &str, inclusive| -> Result<_, String> {
            Ok(if text.trim().is_empty() {
                None
            } else {
                Some((version(text)?, inclusive))
            })
        };
        let range = Self {
            lower: side(low, lower_inclusive)?,
            upper: side(high, upper_inclusive)?,
        };
        if range.lower.is_none() && range.upper.is_none() {
            return Err(format!("`{text}`: a range needs at least one bound"));
        }
        if let (Some((low, _)), Some((high, _))) = (&range.lower, &range.upper)
            && high < low
        {
            return Err(format!("`{text}`: the upper bound is below the lower one"));
        }
        Ok(range)
    }

    /// Whether `version` is in the range.
    pub fn matches(&self, version: &NuGetVersion) -> bool {
        super::within_bounds(version, self.lower.as_ref(), self.upper.as_ref())
    }
}

/// The lowest version a floating version (`1.*`, `1.2.*`, `*`, `1.0.0-*`) matches.
fn floating_minimum(text: &str) -> Option<NuGetVersion> {
    if !text.contains('*') {
        return None;
    }
    if text == "*" {
        return NuGetVersion::parse("0.0.0").ok();
    }
    if let Some(release) = text.strip_suffix("-*") {
        // The lowest pre-release of that release.
        return NuGetVersion::parse(&format!("{release}-0")).ok();
    }
    let numeric = text.strip_suffix(".*")?;
    NuGetVersion::parse(numeric).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(range: &str, version: &str) -> bool {
        NuGetRange::parse(range)
            .unwrap()
            .matches(&NuGetVersion::parse(version).unwrap())
    }

    #[test]
    fn follows_the_documented_rules() {
        assert!(allows("1.0", "1.0"));
        assert!(allows("1.0", "5.0"));
        assert!(!allows("1.0", "0.9"));
        assert!(allows("[1.0]", "1.0.0"));
        assert!(!allows("[1.0]", "1.0.1"));
        assert!(!allows("(1.0,)", "1.0"));
        assert!(allows("(,1.0]", "1.0"));
        assert!(!allows("[1.0,2.0)", "2.0"));
        assert!(allows("1.*", "1.5"));
        assert!(allows("1.2.*", "1.2.0"));
        assert!(allows("1.0.0-*", "1.0.0-beta"));
        assert!(allows("*", "0.0.1"));
        for invalid in ["", "(1.0)", "[2.0,1.0]", "(,)", "[1.0"] {
            assert!(NuGetRange::parse(invalid).is_err(), "{invalid}");
        }
    }
}
