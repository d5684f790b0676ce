//! Numbers as versions write them: any length, compared by value.
//!
//! A version's numeric part has no size limit in SemVer, Go or NuGet's grammar, and real
//! versions exceed 64 bits (date-and-time stamps, build numbers). Most fit a `u64`, kept
//! inline; the rest keep their digits.

use std::cmp::Ordering;
use std::fmt;

/// A non-negative integer of any size.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Number {
    /// Up to `u64::MAX`.
    Small(u64),
    /// Above `u64::MAX`: its decimal digits, without leading zeros.
    Big(Box<str>),
}

impl Number {
    /// The number `digits` (ASCII digits, leading zeros allowed) writes; `None` for an empty
    /// or non-digit text.
    pub(crate) fn parse(digits: &str) -> Option<Self> {
        if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        Some(match digits.parse::<u64>() {
            Ok(small) => Self::Small(small),
            Err(_) => Self::Big(digits.trim_start_matches('0').into()),
        })
    }

    /// Whether this is zero.
    pub(crate) fn is_zero(&self) -> bool {
        *self == Self::Small(0)
    }
}

impl Default for Number {
    fn default() -> Self {
        Self::Small(0)
    }
}

impl From<u64> for Number {
    fn from(value: u64) -> Self {
        Self::Small(value)
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Small(left), Self::Small(right)) => left.cmp(right),
            (Self::Small(_), Self::Big(_)) => Ordering::Less,
            (Self::Big(_), Self::Small(_)) => Ordering::Greater,
            (Self::Big(left), Self::Big(right)) => {
                left.len().cmp(&right.len()).then_with(|| left.cmp(right))
            }
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Small(value) => write!(f, "{value}"),
            Self::Big(digits) => f.write_str(digits),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(digits: &str) -> Number {
        Number::parse(digits).unwrap()
    }

    #[test]
    fn compares_by_value_whatever_the_length() {
        let ordered = [
            "0",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999",
            "100000000000000000000",
        ];
        for pair in ordered.windows(2) {
            assert!(
                number(pair[0]) < number(pair[1]),
                "{} < {}",
                pair[0],
                pair[1]
            );
        }
        assert_eq!(
            number("000018446744073709551616"),
            number("18446744073709551616")
        );
        assert_eq!(
            number("00018446744073709551616").to_string(),
            "18446744073709551616"
        );
        assert!(number("000").is_zero());
        assert_eq!(Number::parse(""), None);
        assert_eq!(Number::parse("1a"), None);
    }
}
