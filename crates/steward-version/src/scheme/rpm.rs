//! RPM versions (Red Hat, Rocky Linux, AlmaLinux, SUSE, openSUSE, Photon OS, Azure Linux,
//! openEuler, Mageia), ordered as rpm's `rpmvercmp` and `rpmverCmp` order them.
//!
//! `[epoch:]version[-release]`, each compared in turn (a missing epoch is 0; a missing release
//! sorts before any release). Within a version or release, `rpmvercmp` skips separators
//! (anything but letters, digits, `~` and `^`) and compares alternating runs of digits (by
//! value, more digits winning) and of letters (byte order), where a digit run beats a letter
//! run. `~` sorts before everything, even the end (`1.0~rc1 < 1.0`); `^` sorts after the end
//! but before anything else (`1.0 < 1.0^git1 < 1.0.1`).
//!
//! Traps: separators do not count (`1.0 == 1_0`, `1.0a == 1.0.a`), leading zeros do not count
//! (`1.01 == 1.1`), more characters win (`1.0 < 1.0a`), and a number beats letters
//! (`1.0a < 1.0.1`).

use std::cmp::Ordering;
use std::fmt;

use crate::error::{VersionError, compare_digit_runs};

/// An RPM epoch-version-release.
#[derive(Clone, Debug)]
pub struct RpmVersion {
    epoch: Option<Box<str>>,
    version: Box<str>,
    release: Option<Box<str>>,
}

impl RpmVersion {
    /// Parses `[epoch:]version[-release]`.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        let error = |reason: &str| VersionError::new("RPM", text, reason);
        if text.is_empty() {
            return Err(error("the version is empty"));
        }
        if text.contains(char::is_whitespace) {
            return Err(error("the version contains spaces"));
        }
        let (epoch, rest) = match text.split_once(':') {
            Some((epoch, rest)) => {
                if epoch.is_empty() || !epoch.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(error("the epoch before `:` is not a number"));
                }
                (Some(epoch), rest)
            }
            None => (None, text),
        };
        let (version, release) = match rest.rsplit_once('-') {
            Some((version, release)) => (version, Some(release)),
            None => (rest, None),
        };
        if version.is_empty() {
            return Err(error("the version part is empty"));
        }
        if release.is_some_and(str::is_empty) {
            return Err(error("the release after the last `-` is empty"));
        }
        Ok(Self {
            epoch: epoch.map(Into::into),
            version: version.into(),
            release: release.map(Into::into),
        })
    }
}

/// rpm's `rpmvercmp`.
pub(crate) fn rpmvercmp(left: &str, right: &str) -> Ordering {
    if left == right {
        return Ordering::Equal;
    }
    let (left, right) = (left.as_bytes(), right.as_bytes());
    let is_separator = |b: &u8| !b.is_ascii_alphanumeric() && *b != b'~' && *b != b'^';
    let (mut i, mut j) = (0, 0);
    while i < left.len() || j < right.len() {
        while left.get(i).is_some_and(is_separator) {
            i += 1;
        }
        while right.get(j).is_some_and(is_separator) {
            j += 1;
        }
        let (l, r) = (left.get(i).copied(), right.get(j).copied());
        if l == Some(b'~') || r == Some(b'~') {
            if l != Some(b'~') {
                return Ordering::Greater;
            }
            if r != Some(b'~') {
                return Ordering::Less;
            }
            i += 1;
            j += 1;
            continue;
        }
        if l == Some(b'^') || r == Some(b'^') {
            if l.is_none() {
                return Ordering::Less;
            }
            if r.is_none() {
                return Ordering::Greater;
            }
            if l != Some(b'^') {
                return Ordering::Greater;
            }
            if r != Some(b'^') {
                return Ordering::Less;
            }
            i += 1;
            j += 1;
            continue;
        }
        let (Some(first), Some(_)) = (l, r) else {
            break;
        };
        let numeric = first.is_ascii_digit();
        let run = |bytes: &[u8], start: usize| {
            let mut end = start;
            while bytes.get(end).is_some_and(|b| {
                if numeric {
                    b.is_ascii_digit()
                } else {
                    b.is_ascii_alphabetic()
                }
            }) {
                end += 1;
            }
            end
        };
        let (end_left, end_right) = (run(left, i), run(right, j));
        if end_right == j {
            // The runs are of different kinds: a number beats letters.
            return if numeric {
                Ordering::Greater
            } else {
                Ordering::Less
            };
        }
        let (run_left, run_right) = (&left[i..end_left], &right[j..end_right]);
        let ordering = if numeric {
            compare_digit_runs(
                std::str::from_utf8(run_left).unwrap_or_default(),
                std::str::from_utf8(run_right).unwrap_or_default(),
            )
        } else {
            run_left.cmp(run_right)
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
        i = end_left;
        j = end_right;
    }
    match (i >= left.len(), j >= right.len()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        _ => Ordering::Greater,
    }
}

impl Ord for RpmVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        rpmvercmp(
            self.epoch.as_deref().unwrap_or("0"),
            other.epoch.as_deref().unwrap_or("0"),
        )
        .then_with(|| rpmvercmp(&self.version, &other.version))
        .then_with(|| match (&self.release, &other.release) {
            (None, None) => Ordering::Equal,
            (Some(_), None) => Ordering::Greater,
            (None, Some(_)) => Ordering::Less,
            (Some(left), Some(right)) => rpmvercmp(left, right),
        })
    }
}

impl PartialOrd for RpmVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for RpmVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for RpmVersion {}

impl fmt::Display for RpmVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(epoch) = &self.epoch {
            write!(f, "{epoch}:")?;
        }
        f.write_str(&self.version)?;
        if let Some(release) = &self.release {
            write!(f, "-{release}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> RpmVersion {
        RpmVersion::parse(text).unwrap()
    }

    #[test]
    fn orders_like_rpmvercmp() {
        let ordered = [
            "1.0~rc1", "1.0", "1.0^git1", "1.0a", "1.0.1", "1.1", "1:0.1",
        ];
        for pair in ordered.windows(2) {
            assert!(parse(pair[0]) < parse(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(rpmvercmp("1.0", "1_0"), Ordering::Equal);
        assert_eq!(rpmvercmp("1.0a", "1.0.a"), Ordering::Equal);
        assert_eq!(rpmvercmp("1.01", "1.1"), Ordering::Equal);
        assert!(parse("1.0-1.el9") < parse("1.0-2.el9"));
        assert!(parse("1.0") < parse("1.0-1"));
    }
}
