//! Alpine package versions (Alpine, Wolfi, Chainguard), ordered as apk-tools orders them.
//!
//! A Gentoo-style version: `digits{.digits}[letter]{_suffix[digits]}[-r#]`, read as a sequence of
//! tokens. The pre-release suffixes `_alpha < _beta < _pre < _rc` sort before the version
//! without suffix; the post-release suffixes `_cvs < _svn < _git < _hg < _p` after it;
//! `~<commit>` names a commit; `-rN` is the package revision.
//!
//! Traps: a number after a dot with leading zeros compares as a fraction (`1.01 < 1.1`,
//! `1.001 < 1.01`); `1.0 > 1` (a longer version wins unless what follows is a pre-release
//! suffix); when one version stops early, what the other continues with decides, in the token
//! order `digit < letter < suffix < revision < end`, so `1.0 < 1.0-r1 < 1.0_p1 < 1.0a < 1.0.1`.
//!
//! The reference is apk-tools' `version.c` with the `~<commit>` token and 64-bit numbers of
//! current apk-tools (no apk-tools builds on the Debian machines that test steward, so the
//! tests use hand-picked cases). Versions it refuses (`apk_version_validate`) are refused here
//! too, with the position that is wrong; so are the few it accepts only by accident of its
//! tokenizer (an empty component: `1.`, `1..0`, `1.0-r`). One deliberate deviation: apk-tools
//! 2 reads `1.0_rc1` as newer than `1.0` (a leading-zero component hides the suffix after it);
//! steward orders it before, as every other pre-release.

use std::cmp::Ordering;
use std::fmt;

use crate::error::VersionError;

/// Token kinds, in apk-tools' order (which matters when one version stops early).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    DigitOrZero,
    Digit,
    Letter,
    Suffix,
    SuffixNumber,
    CommitHash,
    RevisionNumber,
    End,
}

const PRE_SUFFIXES: [&str; 4] = ["alpha", "beta", "pre", "rc"];
const POST_SUFFIXES: [&str; 5] = ["cvs", "svn", "git", "hg", "p"];

/// An Alpine package version.
#[derive(Clone, Debug)]
pub struct AlpineVersion {
    original: Box<str>,
    /// Each token's kind and value, in order.
    tokens: Vec<(Kind, Value)>,
}

/// A token's value: a number, or the text of a commit hash.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Value {
    Number(i64),
    Text(Box<str>),
}

impl AlpineVersion {
    /// Parses an apk version.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        let error = |reason: String| VersionError::new("Alpine", text, reason);
        if text.is_empty() {
            return Err(error("the version is empty".to_owned()));
        }
        let bytes = text.as_bytes();
        let mut position = 0;
        let mut kind = Kind::Digit;
        let mut tokens = Vec::new();
        loop {
            let (value, next) = read_token(kind, bytes, &mut position).ok_or_else(|| {
                error(format!(
                    "unexpected `{}` at position {}",
                    text[position.min(text.len())..]
                        .chars()
                        .next()
                        .unwrap_or(' '),
                    position + 1
                ))
            })?;
            tokens.push((kind, value));
            match next {
                Kind::End => break,
                next => kind = next,
            }
        }
        Ok(Self {
            original: text.into(),
            tokens,
        })
    }
}

/// Reads the token of `kind` at `position`, returning its value and the kind of the next
/// token; `None` where apk-tools would find the version invalid.
fn read_token(kind: Kind, bytes: &[u8], position: &mut usize) -> Option<(Value, Kind)> {
    let rest = &bytes[*position..];
    let mut length = 0;
    let mut value: i64 = 0;
    let mut forced_next = None;
    match kind {
        Kind::DigitOrZero if rest.first() == Some(&b'0') => {
            while rest.get(length) == Some(&b'0') {
                length += 1;
            }
            value = -i64::try_from(length).ok()?;
            // apk-tools 2 reads the digits after leading zeros as a token of their own, even
            // when there are none. Before a pre-release suffix that empty token would hide the
            // suffix and make `1.0_rc1` newer than `1.0`, so there the suffix comes next.
            let before_pre_release = rest.get(length) == Some(&b'_')
                && PRE_SUFFIXES
                    .iter()
                    .any(|suffix| rest[length + 1..].starts_with(suffix.as_bytes()));
            if !before_pre_release {
                forced_next = Some(Kind::Digit);
            }
        }
        Kind::CommitHash => {
            while rest.get(length).is_some_and(u8::is_ascii_hexdigit) {
                length += 1;
            }
            if length == 0 {
                return None;
            }
            let hash = std::str::from_utf8(&rest[..length]).ok()?;
            *position += length;
            let next = if *position >= bytes.len() {
                Kind::End
            } else {
                next_kind(kind, bytes, position)?
            };
            return Some((Value::Text(hash.into()), next));
        }
        Kind::DigitOrZero | Kind::Digit | Kind::SuffixNumber | Kind::RevisionNumber => {
            while let Some(digit) = rest.get(length).filter(|b| b.is_ascii_digit()) {
                value = value
                    .checked_mul(10)?
                    .checked_add(i64::from(digit - b'0'))?;
                length += 1;
            }
        }
        Kind::Letter => {
            value = i64::from(*rest.first()?);
            length = 1;
        }
        Kind::Suffix => {
            if let Some(index) = PRE_SUFFIXES
                .iter()
                .position(|s| rest.starts_with(s.as_bytes()))
            {
                length = PRE_SUFFIXES[index].len();
                value = i64::try_from(index).ok()? - 4;
            } else {
                let index = POST_SUFFIXES
                    .iter()
                    .position(|s| rest.starts_with(s.as_bytes()))?;
                length = POST_SUFFIXES[index].len();
                value = i64::try_from(index).ok()?;
            }
        }
        Kind::End => return None,
    }
    *position += length;
    let value = Value::Number(value);
    if *position >= bytes.len() {
        return Some((value, Kind::End));
    }
    if let Some(next) = forced_next {
        return Some((value, next));
    }
    next_kind(kind, bytes, position).map(|next| (value, next))
}

/// The kind of the token at `position`, consuming its separator; `None` where invalid.
fn next_kind(current: Kind, bytes: &[u8], position: &mut usize) -> Option<Kind> {
    let byte = bytes[*position];
    let next = if matches!(current, Kind::Digit | Kind::DigitOrZero) && byte.is_ascii_lowercase() {
        Kind::Letter
    } else if current == Kind::Letter && byte.is_ascii_digit() {
        Kind::Digit
    } else if current == Kind::Suffix && byte.is_ascii_digit() {
        Kind::SuffixNumber
    } else {
        let next = match byte {
            b'.' => Kind::DigitOrZero,
            b'_' => Kind::Suffix,
            b'~' => Kind::CommitHash,
            b'-' if bytes.get(*position + 1) == Some(&b'r') => {
                *position += 1;
                Kind::RevisionNumber
            }
            _ => return None,
        };
        *position += 1;
        next
    };
    let allowed_backwards = matches!(
        (next, current),
        (Kind::DigitOrZero, Kind::Digit)
            | (Kind::Suffix, Kind::SuffixNumber)
            | (Kind::Digit, Kind::Letter)
    );
    if next < current && !allowed_backwards {
        return None;
    }
    // apk-tools 2 reads an empty component after `.`, `-r` or `_` as a zero by accident of
    // its tokenizer (`1.`, `1..0`, `1.0-r`); no real package has one, and steward refuses them.
    let needs_digit = matches!(next, Kind::DigitOrZero | Kind::RevisionNumber);
    if next == Kind::CommitHash && current >= Kind::CommitHash {
        return None;
    }
    if *position >= bytes.len() || (needs_digit && !bytes[*position].is_ascii_digit()) {
        return None;
    }
    Some(next)
}

impl Ord for AlpineVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        let kind_after = |tokens: &[(Kind, Value)], index: usize| {
            tokens.get(index).map_or(Kind::End, |(kind, _)| *kind)
        };
        let value_at = |tokens: &[(Kind, Value)], index: usize| {
            tokens
                .get(index)
                .map_or(Value::Number(0), |(_, value)| value.clone())
        };
        let (left, right) = (&self.tokens, &other.tokens);
        let mut index = 0;
        let (mut left_value, mut right_value) = (Value::Number(0), Value::Number(0));
        let (mut left_kind, mut right_kind) = (Kind::Digit, Kind::Digit);
        while left_kind == right_kind && left_kind != Kind::End && left_value == right_value {
            left_value = value_at(left, index);
            right_value = value_at(right, index);
            index += 1;
            left_kind = kind_after(left, index);
            right_kind = kind_after(right, index);
        }
        if left_value != right_value {
            return left_value.cmp(&right_value);
        }
        if left_kind == right_kind {
            return Ordering::Equal;
        }
        // One version continues: it is newer unless it continues with a pre-release suffix.
        let is_pre_release = |tokens: &[(Kind, Value)], kind: Kind| {
            kind == Kind::Suffix
                && matches!(tokens.get(index), Some((_, Value::Number(value))) if *value < 0)
        };
        if is_pre_release(left, left_kind) {
            return Ordering::Less;
        }
        if is_pre_release(right, right_kind) {
            return Ordering::Greater;
        }
        right_kind.cmp(&left_kind)
    }
}

impl PartialOrd for AlpineVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for AlpineVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for AlpineVersion {}

impl fmt::Display for AlpineVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.original)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> AlpineVersion {
        AlpineVersion::parse(text).unwrap()
    }

    #[test]
    fn orders_like_apk() {
        let ordered = [
            "1",
            "1.0_alpha1",
            "1.0_beta",
            "1.0_pre2",
            "1.0_rc1",
            "1.0",
            "1.0-r1",
            "1.0_p1",
            "1.0a",
            "1.0.1",
            "1.01",
            "1.1",
            "1.1_git20230101",
            "2.0",
        ];
        for pair in ordered.windows(2) {
            assert!(parse(pair[0]) < parse(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert!(parse("1.001") < parse("1.01"));
        assert_eq!(parse("1.2.3-r4"), parse("1.2.3-r4"));
        // Cases from apk-tools' own behaviour, chosen by hand.
        let pairs = [
            ("0.1.0_alpha_pre2", "0.1.0_alpha"),
            ("1.3_pre1-r1", "1.3.2"),
            ("1.0_p9-r0", "1.0_p10-r0"),
            ("1.3-r0", "1.3.1-r0"),
            ("0.10.0", "0.10.1_rc1"),
            ("0.20070207_rc1", "1.0"),
            ("1.1_alpha1", "1.1"),
            ("1.06-r6", "006"),
            ("3.0.0-r2", "021109-r3"),
            ("0.9.28-r2", "0.9.28.1"),
            ("22.7", "22.7.3-r1"),
            ("1.2.07.8", "1.2.12.04"),
            ("1.07", "1.07.5"),
            ("4.5_p1", "4.5_p1-r1"),
            ("1.7", "1.7b"),
            ("2.5.1-r8", "2.5.1a-r1"),
            ("0.59s-r11", "0.65"),
            ("2.12r-r4", "2.12r-r5"),
            ("7.0.17", "7.0.174"),
            ("1.0.0_pre20191002222144-r0", "1.0.0_pre20210530193627-r0"),
            ("8.2.001", "8.2.01"),
            ("1.0~1234-r1", "1.0~2345-r0"),
            ("2.0_rc1", "2.0"),
        ];
        for (older, newer) in pairs {
            assert!(parse(older) < parse(newer), "{older} < {newer}");
        }
    }

    #[test]
    fn refuses_what_apk_refuses() {
        for invalid in [
            "", "1.0-x", "1.0_foo", "1.0A", "1..0", "1.0-r", "1.0_", "1.0bc", "1.0~", "1.0!",
        ] {
            assert!(AlpineVersion::parse(invalid).is_err(), "{invalid}");
        }
    }
}
