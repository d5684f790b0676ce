//! Packagist (Composer) versions: normalized as Composer's `VersionParser::normalize` does,
//! then ordered by PHP's `version_compare`, as Composer's `Semver::sort` does.
//!
//! Normalization: an optional `v`; one to four numbers padded to four (`1.2` → `1.2.0.0`), or a
//! date (`2023.01.15`); then an optional stability: `alpha`/`a`, `beta`/`b`, `RC`, `patch`/
//! `pl`/`p` with numbers (`1.0-beta2` → `1.0.0.0-beta2`), and `-dev`. `stable` is dropped,
//! build metadata (`+…`) and aliases (`1.0 as 2.0`) too. A branch (`dev-main`) is not a
//! version and is refused; a numbered branch (`1.x-dev`) becomes `1.9999999.9999999.9999999-dev`.
//!
//! `version_compare` then splits at `.` and at changes between digits and letters, compares
//! numbers numerically and words by rank: `dev < alpha = a < beta = b < RC = rc < (a number) <
//! pl = p`, matching words by prefix (`patch` ranks as `p`); unknown words rank below `dev`.
//! When one version runs out, it is older if the other continues with a number, and otherwise
//! the other's next word is ranked against a number.
//!
//! Traps: `1.0.0-dev < 1.0.0-alpha < 1.0.0-beta < 1.0.0-RC1 < 1.0.0 < 1.0.0-patch1`;
//! `v1.0 == 1.0.0`.

use std::cmp::Ordering;
use std::fmt;

use crate::error::VersionError;

const SCHEME: &str = "Packagist";

/// A Composer version, normalized.
#[derive(Clone, Debug)]
pub struct PackagistVersion {
    /// As written (trimmed): normalizing is not idempotent for dates (`2023-11-2` is
    /// `2023.11.2`, which itself normalizes to `2023.11.2.0`), so this is what prints.
    original: Box<str>,
    normalized: Box<str>,
    /// The normalized form as `version_compare` canonicalizes it, computed once.
    canonical: Box<[u8]>,
}

impl PackagistVersion {
    /// Parses and normalizes a Composer version.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        normalize(text)
            .map(|normalized| Self {
                original: text.trim_matches(PHP_TRIMMED).into(),
                canonical: canonicalize(&normalized).into(),
                normalized: normalized.into(),
            })
            .map_err(|reason| VersionError::new(SCHEME, text, reason))
    }

    /// The normalized form (`1.0.0.0-beta2`).
    pub fn normalized(&self) -> &str {
        &self.normalized
    }
}

/// What PHP's `trim` removes, which Composer applies first; the version keeps anything else
/// (a form feed is part of it), so that printing and parsing again gives the same version.
const PHP_TRIMMED: [char; 6] = [' ', '\t', '\n', '\r', '\0', '\x0B'];

/// Composer's `VersionParser::normalize`.
fn normalize(text: &str) -> Result<String, String> {
    let mut version = text.trim_matches(PHP_TRIMMED);
    if version.is_empty() {
        return Err("the version is empty".to_owned());
    }
    // An alias: `1.0.x-dev as 1.0.0`.
    if let Some((actual, _alias)) = split_alias(version) {
        version = actual;
    }
    // A stability flag: `1.0@beta`.
    if let Some(at) = version.rfind('@') {
        let flag = version[at + 1..].to_ascii_lowercase();
        if ["stable", "rc", "beta", "alpha", "dev"].contains(&flag.as_str()) {
            version = &version[..at];
        }
    }
    if ["master", "trunk", "default"].contains(&version) {
        return Err(format!("`{version}` is a branch, not a version"));
    }
    if version
        .get(..4)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("dev-"))
    {
        return Err(format!("`{version}` is a branch, not a version"));
    }
    // Build metadata.
    if let Some((body, build)) = version.split_once('+')
        && !body.is_empty()
        && !body.contains([',', ' ', '\t'])
        && !build.is_empty()
        && !build.contains(char::is_whitespace)
    {
        version = body;
    }
    let body = version.strip_prefix(['v', 'V']).unwrap_or(version);
    if let Some(normalized) = classical(body).or_else(|| dated(body)) {
        return Ok(normalized);
    }
    // A numbered development branch: `1.x-dev`, `2.1.*-dev`.
    if let Some(branch) = strip_dev_suffix(version)
        && let Some(normalized) = numbered_branch(branch)
    {
        return Ok(normalized);
    }
    Err("not a Composer version: expected numbers like `1.2.3`, a date, and an optional stability such as `-beta2` or `-dev`".to_owned())
}

fn split_alias(version: &str) -> Option<(&str, &str)> {
    let mut words = version.split_whitespace();
    let (actual, as_word, alias) = (words.next()?, words.next()?, words.next()?);
    (as_word == "as" && words.next().is_none() && !actual.contains(',') && !alias.contains(','))
        .then_some((actual, alias))
}

/// `(\d{1,5})(\.\d+)?(\.\d+)?(\.\d+)?` followed by a modifier.
fn classical(body: &str) -> Option<String> {
    let bytes = body.as_bytes();
    let digits_at = |start: usize| {
        let mut end = start;
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        end
    };
    let major_end = digits_at(0);
    if major_end == 0 || major_end > 5 {
        return None;
    }
    let mut numbers = vec![&body[..major_end]];
    let mut position = major_end;
    while numbers.len() < 4 && bytes.get(position) == Some(&b'.') {
        let end = digits_at(position + 1);
        if end == position + 1 {
            break;
        }
        numbers.push(&body[position + 1..end]);
        position = end;
    }
    let modifier = modifier(&body[position..])?;
    let mut version = numbers.join(".");
    for _ in numbers.len()..4 {
        version.push_str(".0");
    }
    Some(with_modifier(version, &modifier))
}

/// `\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3}){0,2}` followed by a modifier, with every
/// non-digit of the date made a `.`.
fn dated(body: &str) -> Option<String> {
    let bytes = body.as_bytes();
    if bytes.len() < 6 || !bytes[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    // Try the longest date first, as the regular expression's greedy quantifiers do.
    let mut ends = Vec::new();
    date_ends(bytes, 4, 0, 0, &mut ends);
    ends.sort_unstable_by(|a, b| b.cmp(a));
    ends.dedup();
    ends.into_iter().find_map(|end| {
        let modifier = modifier(&body[end..])?;
        let date: String = body[..end]
            .chars()
            .map(|c| if c.is_ascii_digit() { c } else { '.' })
            .collect();
        Some(with_modifier(date, &modifier))
    })
}

/// Every position where a date starting at 0 can end, given how many two-digit and up-to-three
/// digit groups have been read.
fn date_ends(bytes: &[u8], position: usize, pairs: usize, tails: usize, ends: &mut Vec<usize>) {
    if pairs >= 1 {
        ends.push(position);
    }
    let after_separator = |position: usize| {
        let mut starts = vec![position];
        if matches!(bytes.get(position), Some(b'.' | b':' | b'-')) {
            starts.push(position + 1);
        }
        starts
    };
    for start in after_separator(position) {
        if tails == 0
            && pairs < 6
            && bytes
                .get(start..start + 2)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        {
            date_ends(bytes, start + 2, pairs + 1, 0, ends);
        }
        if pairs >= 1 && tails < 2 {
            for length in 1..=3 {
                if bytes
                    .get(start..start + length)
                    .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                {
                    date_ends(bytes, start + length, pairs, tails + 1, ends);
                }
            }
        }
    }
}

/// A parsed modifier: `[._-]?((stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?\d+)*))?([.-]?dev)?`.
struct Modifier {
    stability: Option<&'static str>,
    numbers: String,
    dev: bool,
}

fn modifier(rest: &str) -> Option<Modifier> {
    let lowered = rest.to_ascii_lowercase();
    let starts = if lowered.starts_with(['.', '_', '-']) {
        vec![1, 0]
    } else {
        vec![0]
    };
    starts
        .into_iter()
        .find_map(|start| modifier_from(&lowered[start..]))
}

fn modifier_from(rest: &str) -> Option<Modifier> {
    const STABILITIES: [(&str, Option<&str>); 9] = [
        ("stable", None),
        ("beta", Some("beta")),
        ("b", Some("beta")),
        ("rc", Some("RC")),
        ("alpha", Some("alpha")),
        ("a", Some("alpha")),
        ("patch", Some("patch")),
        ("pl", Some("patch")),
        ("p", Some("patch")),
    ];
    // With a stability word, each alternative in order (the regular expression backtracks).
    for (word, expanded) in STABILITIES {
        if let Some(after) = rest.strip_prefix(word) {
            let (numbers, after) = stability_numbers(after);
            if let Some(dev) = dev_suffix(after) {
                return Some(Modifier {
                    stability: expanded.or(Some("stable")),
                    numbers,
                    dev,
                });
            }
        }
    }
    // Without one.
    dev_suffix(rest).map(|dev| Modifier {
        stability: None,
        numbers: String::new(),
        dev,
    })
}

/// `(?:[.-]?\d+)*`, possessively: as many groups as there are.
fn stability_numbers(mut rest: &str) -> (String, &str) {
    let mut numbers = String::new();
    loop {
        let after_separator = rest.strip_prefix(['.', '-']).unwrap_or(rest);
        let digits = after_separator
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        if digits == 0 {
            break;
        }
        numbers.push_str(&rest[..rest.len() - after_separator.len() + digits]);
        rest = &after_separator[digits..];
    }
    (numbers, rest)
}

/// `([.-]?dev)?` and the end: `Some(true)` with `dev`, `Some(false)` at the end, else `None`.
fn dev_suffix(rest: &str) -> Option<bool> {
    if rest.is_empty() {
        return Some(false);
    }
    let without_separator = rest.strip_prefix(['.', '-']).unwrap_or(rest);
    (without_separator == "dev").then_some(true)
}

fn with_modifier(mut version: String, modifier: &Modifier) -> String {
    match modifier.stability {
        Some("stable") => return version,
        Some(stability) => {
            version.push('-');
            version.push_str(stability);
            version.push_str(modifier.numbers.trim_start_matches(['.', '-']));
        }
        None => {}
    }
    if modifier.dev {
        version.push_str("-dev");
    }
    version
}

/// The part before a final `dev`, `.dev` or `-dev`, any case.
fn strip_dev_suffix(version: &str) -> Option<&str> {
    let lowered = version.to_ascii_lowercase();
    let stem = lowered.strip_suffix("dev")?;
    let stem_length = stem.strip_suffix(['.', '-']).unwrap_or(stem).len();
    Some(&version[..stem_length])
}

/// `v?\d+(\.(\d+|[xX*])){0,3}` as a development branch.
fn numbered_branch(name: &str) -> Option<String> {
    let name = name.trim();
    let name = name.strip_prefix(['v', 'V']).unwrap_or(name);
    let mut parts = name.split('.');
    let first = parts.next()?;
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut version = first.to_owned();
    let mut count = 1;
    for part in parts {
        count += 1;
        let is_number = !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if count > 4 || !(is_number || matches!(part, "x" | "X" | "*")) {
            return None;
        }
        version.push('.');
        version.push_str(if is_number { part } else { "9999999" });
    }
    for _ in count..4 {
        version.push_str(".9999999");
    }
    Some(version + "-dev")
}

/// PHP's `php_canonicalize_version`: a `.` between every change from digits to non-digits,
/// and in place of `-`, `_`, `+` and other non-alphanumerics.
fn canonicalize(version: &str) -> Vec<u8> {
    let bytes = version.as_bytes();
    let Some((&first, rest)) = bytes.split_first() else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(bytes.len() * 2);
    out.push(first);
    let is_digit = |b: u8| b.is_ascii_digit();
    let is_non_digit = |b: u8| !b.is_ascii_digit() && b != b'.';
    let mut previous = first;
    for &byte in rest {
        let last_is_dot = out.last() == Some(&b'.');
        if matches!(byte, b'-' | b'_' | b'+') {
            if !last_is_dot {
                out.push(b'.');
            }
        } else if (is_non_digit(previous) && is_digit(byte))
            || (is_digit(previous) && is_non_digit(byte))
        {
            if !last_is_dot {
                out.push(b'.');
            }
            out.push(byte);
        } else if !byte.is_ascii_alphanumeric() {
            if !last_is_dot {
                out.push(b'.');
            }
        } else {
            out.push(byte);
        }
        previous = byte;
    }
    out
}

/// The rank of a word in `version_compare`, matched by prefix; `-1` for unknown words.
fn special_form_rank(form: &[u8]) -> i32 {
    const FORMS: [(&str, i32); 10] = [
        ("dev", 0),
        ("alpha", 1),
        ("a", 1),
        ("beta", 2),
        ("b", 2),
        ("RC", 3),
        ("rc", 3),
        ("#", 4),
        ("pl", 5),
        ("p", 5),
    ];
    FORMS
        .iter()
        .find(|(name, _)| form.starts_with(name.as_bytes()))
        .map_or(-1, |(_, rank)| *rank)
}

/// C's `strtol` on a run of digits: saturating at `i64::MAX`.
fn number_value(digits: &[u8]) -> i64 {
    digits
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .fold(0_i64, |value, digit| {
            value
                .saturating_mul(10)
                .saturating_add(i64::from(digit - b'0'))
        })
}

const NUMBER: &[u8] = b"#N#";

/// PHP's `php_version_compare`.
pub(crate) fn version_compare(left: &[u8], right: &[u8]) -> Ordering {
    if left.is_empty() || right.is_empty() {
        return (!left.is_empty()).cmp(&!right.is_empty());
    }
    let prepare = |version: &[u8]| {
        if version.first() == Some(&b'#') {
            version.to_vec()
        } else {
            canonicalize(std::str::from_utf8(version).unwrap_or_default())
        }
    };
    compare_canonical(&prepare(left), &prepare(right))
}

/// `php_version_compare` on two versions already canonicalized.
fn compare_canonical(left: &[u8], right: &[u8]) -> Ordering {
    let dot_after = |version: &[u8], start: usize| {
        version[start..]
            .iter()
            .position(|b| *b == b'.')
            .map(|offset| start + offset)
    };
    // `start` is where the current part begins; `dot` is where it ends, if a dot follows.
    let (mut left_start, mut right_start) = (0, 0);
    let (mut left_dot, mut right_dot) = (Some(0), Some(0));
    let mut ordering = Ordering::Equal;
    while left_start < left.len()
        && right_start < right.len()
        && left_dot.is_some()
        && right_dot.is_some()
    {
        left_dot = dot_after(left, left_start);
        right_dot = dot_after(right, right_start);
        let left_part = &left[left_start..left_dot.unwrap_or(left.len())];
        let right_part = &right[right_start..right_dot.unwrap_or(right.len())];
        ordering = compare_parts(left_part, right_part);
        if ordering != Ordering::Equal {
            break;
        }
        if let Some(dot) = left_dot {
            left_start = dot + 1;
        }
        if let Some(dot) = right_dot {
            right_start = dot + 1;
        }
    }
    if ordering != Ordering::Equal {
        return ordering;
    }
    if left_dot.is_some() {
        let rest = &left[left_start..];
        if rest.first().is_some_and(u8::is_ascii_digit) {
            Ordering::Greater
        } else {
            version_compare(rest, NUMBER)
        }
    } else if right_dot.is_some() {
        let rest = &right[right_start..];
        if rest.first().is_some_and(u8::is_ascii_digit) {
            Ordering::Less
        } else {
            version_compare(NUMBER, rest)
        }
    } else {
        Ordering::Equal
    }
}

/// One part against another: numbers by value, words by rank, a number ranked as `#`.
fn compare_parts(left: &[u8], right: &[u8]) -> Ordering {
    let left_is_number = left.first().is_some_and(u8::is_ascii_digit);
    let right_is_number = right.first().is_some_and(u8::is_ascii_digit);
    match (left_is_number, right_is_number) {
        (true, true) => number_value(left).cmp(&number_value(right)),
        (false, false) => special_form_rank(left).cmp(&special_form_rank(right)),
        (true, false) => special_form_rank(NUMBER).cmp(&special_form_rank(right)),
        (false, true) => special_form_rank(left).cmp(&special_form_rank(NUMBER)),
    }
}

impl Ord for PackagistVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        if self.canonical.is_empty() || other.canonical.is_empty() {
            return version_compare(self.normalized.as_bytes(), other.normalized.as_bytes());
        }
        compare_canonical(&self.canonical, &other.canonical)
    }
}

impl PartialOrd for PackagistVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for PackagistVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for PackagistVersion {}

impl fmt::Display for PackagistVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.original)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(text: &str) -> String {
        PackagistVersion::parse(text)
            .unwrap()
            .normalized()
            .to_owned()
    }

    #[test]
    fn normalizes_like_composer() {
        let cases = [
            ("1.0", "1.0.0.0"),
            ("v1.2.3", "1.2.3.0"),
            ("1.0-beta2", "1.0.0.0-beta2"),
            ("1.0.0-RC1", "1.0.0.0-RC1"),
            ("1.0.0rc1", "1.0.0.0-RC1"),
            ("1.0-b1", "1.0.0.0-beta1"),
            ("1.0.0-pl3", "1.0.0.0-patch3"),
            ("1.0.0-stable", "1.0.0.0"),
            ("1.0.0-dev", "1.0.0.0-dev"),
            ("1.0.0-beta.1-dev", "1.0.0.0-beta1-dev"),
            ("1.0.0+build.5", "1.0.0.0"),
            ("2023.01.15", "2023.01.15.0"),
            ("2023-01-15", "2023.01.15"),
            ("20230115", "20230115"),
            ("1.x-dev", "1.9999999.9999999.9999999-dev"),
            ("1.0 as 2.0", "1.0.0.0"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalized(input), expected, "{input}");
        }
        assert!(PackagistVersion::parse("dev-main").is_err());
        assert!(PackagistVersion::parse("not a version").is_err());
    }

    #[test]
    fn orders_like_version_compare() {
        let parse = |text: &str| PackagistVersion::parse(text).unwrap();
        let ordered = [
            "1.0.0-dev",
            "1.0.0-alpha1",
            "1.0.0-beta1",
            "1.0.0-RC1",
            "1.0.0",
            "1.0.0-patch1",
            "1.0.1",
            "1.1",
        ];
        for pair in ordered.windows(2) {
            assert!(parse(pair[0]) < parse(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(parse("v1.0"), parse("1.0.0"));
    }

    #[test]
    fn version_compare_matches_php() {
        let compare = |a: &str, b: &str| version_compare(a.as_bytes(), b.as_bytes());
        assert_eq!(compare("1.0", "1.0.0"), Ordering::Less);
        assert_eq!(compare("1.0", "1.0-dev"), Ordering::Greater);
        assert_eq!(compare("1.0rc1", "1.0"), Ordering::Less);
        assert_eq!(compare("1.0pl1", "1.0"), Ordering::Greater);
        assert_eq!(compare("1.0-foo", "1.0-dev"), Ordering::Less);
    }
}
