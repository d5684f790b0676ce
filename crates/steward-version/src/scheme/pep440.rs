//! PEP 440 versions (PyPI), ordered exactly as Python's `packaging` orders them.
//!
//! `[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]`, read leniently and normalized the way PEP 440
//! says:
//! - any case, surrounding whitespace and a leading `v` are accepted;
//! - `alpha`, `beta`, `c`, `pre` and `preview` mean `a`, `b`, `rc`, `rc`, `rc`; `rev` and `r`
//!   mean `post`; `1.0-1` is `1.0.post1`; a missing number is 0 (`1.0a` is `1.0a0`);
//! - `-`, `_` and `.` separate interchangeably, and a separator may be left out
//!   (`1.0-RC_1` is `1.0rc1`).
//!
//! Ordering traps:
//! - trailing zeros do not count: `1.0 == 1.0.0`;
//! - a dev release of a final release sorts before its pre-releases: `1.0.dev0 < 1.0a0 < 1.0`;
//! - post-releases sort after their release, and their own dev releases before them:
//!   `1.0 < 1.0.post0.dev0 < 1.0.post0`;
//! - a local version sorts after the same public version (`1.0 < 1.0+abc`); local segments
//!   compare numerically when both are numbers, and a number sorts after letters.

use std::cmp::Ordering;
use std::fmt;

use crate::error::{VersionError, parse_number};

const SCHEME: &str = "PEP 440";

/// A PEP 440 version.
#[derive(Clone, Debug)]
pub struct Pep440 {
    epoch: u64,
    release: Box<[u64]>,
    /// The release without trailing zeros: what ordering looks at.
    significant: usize,
    pre: Option<(PreKind, u64)>,
    post: Option<u64>,
    dev: Option<u64>,
    local: Option<Box<[LocalSegment]>>,
}

/// The pre-release phases, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum PreKind {
    Alpha,
    Beta,
    ReleaseCandidate,
}

/// A segment of a local version label.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum LocalSegment {
    Text(Box<str>),
    Number(u64),
}

/// Parsing position over the lower-cased input.
struct Cursor<'a> {
    text: &'a [u8],
    position: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.position).copied()
    }

    fn at_end(&self) -> bool {
        self.position == self.text.len()
    }

    /// Consumes one of `-`, `_`, `.` if present.
    fn separator(&mut self) -> bool {
        if matches!(self.peek(), Some(b'-' | b'_' | b'.')) {
            self.position += 1;
            true
        } else {
            false
        }
    }

    /// Consumes a run of digits, if any.
    fn digits(&mut self) -> Option<&str> {
        let start = self.position;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.position += 1;
        }
        (self.position > start)
            .then(|| std::str::from_utf8(&self.text[start..self.position]).unwrap_or_default())
    }

    /// Consumes the first of `words` that comes next.
    fn word(&mut self, words: &[&str]) -> Option<usize> {
        let rest = &self.text[self.position..];
        let index = words
            .iter()
            .position(|word| rest.starts_with(word.as_bytes()))?;
        self.position += words[index].len();
        Some(index)
    }
}

impl Pep440 {
    /// Parses and normalizes a PEP 440 version.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        let error = |reason: String| VersionError::new(SCHEME, text, reason);
        let lowered = text.trim().to_ascii_lowercase();
        let body = lowered.strip_prefix('v').unwrap_or(&lowered);
        if body.is_empty() {
            return Err(error("the version is empty".to_owned()));
        }
        let mut cursor = Cursor {
            text: body.as_bytes(),
            position: 0,
        };
        let number = |digits: &str, what: &str| {
            parse_number(digits).ok_or_else(|| error(format!("the {what} `{digits}` is too large")))
        };

        // Epoch and release.
        let first = cursor
            .digits()
            .ok_or_else(|| error("a version starts with a number".to_owned()))?
            .to_owned();
        let mut epoch = 0;
        let mut release = Vec::with_capacity(4);
        if cursor.peek() == Some(b'!') {
            cursor.position += 1;
            epoch = number(&first, "epoch")?;
            let start = cursor
                .digits()
                .ok_or_else(|| error("a number must follow the epoch's `!`".to_owned()))?
                .to_owned();
            release.push(number(&start, "release number")?);
        } else {
            release.push(number(&first, "release number")?);
        }
        loop {
            let saved = cursor.position;
            if cursor.peek() == Some(b'.') {
                cursor.position += 1;
                if let Some(digits) = cursor.digits() {
                    let digits = digits.to_owned();
                    release.push(number(&digits, "release number")?);
                    continue;
                }
            }
            cursor.position = saved;
            break;
        }

        // Pre-release: [-_.]? (alpha|a|beta|b|preview|pre|c|rc) [-_.]? N?
        let saved = cursor.position;
        cursor.separator();
        let pre_words = ["alpha", "a", "beta", "b", "preview", "pre", "c", "rc"];
        let pre = if let Some(index) = cursor.word(&pre_words) {
            let kind = match pre_words[index] {
                "alpha" | "a" => PreKind::Alpha,
                "beta" | "b" => PreKind::Beta,
                _ => PreKind::ReleaseCandidate,
            };
            Some((
                kind,
                optional_number(&mut cursor, "pre-release number", &error)?,
            ))
        } else {
            cursor.position = saved;
            None
        };

        // Post-release: -N, or [-_.]? (post|rev|r) [-_.]? N?
        let saved = cursor.position;
        let mut post = None;
        if cursor.peek() == Some(b'-') {
            cursor.position += 1;
            if let Some(digits) = cursor.digits() {
                let digits = digits.to_owned();
                post = Some(number(&digits, "post-release number")?);
            } else {
                cursor.position = saved;
            }
        }
        if post.is_none() {
            cursor.separator();
            if cursor.word(&["post", "rev", "r"]).is_some() {
                post = Some(optional_number(&mut cursor, "post-release number", &error)?);
            } else {
                cursor.position = saved;
            }
        }

        // Development release: [-_.]? dev [-_.]? N?
        let saved = cursor.position;
        cursor.separator();
        let dev = if cursor.word(&["dev"]).is_some() {
            Some(optional_number(
                &mut cursor,
                "development release number",
                &error,
            )?)
        } else {
            cursor.position = saved;
            None
        };

        // Local version label: + [a-z0-9]+ ([-_.][a-z0-9]+)*
        let local = if cursor.peek() == Some(b'+') {
            cursor.position += 1;
            let label = std::str::from_utf8(&cursor.text[cursor.position..]).unwrap_or_default();
            cursor.position = cursor.text.len();
            Some(parse_local(label).map_err(error)?)
        } else {
            None
        };

        if !cursor.at_end() {
            let rest = String::from_utf8_lossy(&cursor.text[cursor.position..]).into_owned();
            return Err(error(format!("unexpected `{rest}` after the version")));
        }
        let significant = release.iter().rposition(|&n| n != 0).map_or(0, |i| i + 1);
        Ok(Self {
            epoch,
            release: release.into_boxed_slice(),
            significant,
            pre,
            post,
            dev,
            local,
        })
    }

    /// Whether this is a pre-release or development release.
    pub fn is_prerelease(&self) -> bool {
        self.pre.is_some() || self.dev.is_some()
    }

    /// The release numbers (`1.2.3` → `[1, 2, 3]`).
    pub fn release(&self) -> &[u64] {
        &self.release
    }

    /// The epoch (usually 0).
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// The same version without its local label.
    #[must_use]
    pub fn public(&self) -> Self {
        Self {
            local: None,
            ..self.clone()
        }
    }

    /// Whether there is a local label.
    pub fn has_local(&self) -> bool {
        self.local.is_some()
    }

    /// Whether this is a post-release.
    pub fn is_postrelease(&self) -> bool {
        self.post.is_some()
    }

    /// The development release number, if this is a development release.
    pub fn dev(&self) -> Option<u64> {
        self.dev
    }

    /// The post-release number, if this is a post-release.
    pub fn post(&self) -> Option<u64> {
        self.post
    }

    /// The same version with other post and dev parts and no local label.
    #[must_use]
    pub(crate) fn with_post_and_dev(&self, post: Option<u64>, dev: Option<u64>) -> Self {
        Self {
            post,
            dev,
            local: None,
            ..self.clone()
        }
    }

    /// The first development release (`dev0`) of `release` in `epoch`.
    pub(crate) fn dev0_of(epoch: u64, release: &[u64]) -> Self {
        let significant = release.iter().rposition(|&n| n != 0).map_or(0, |i| i + 1);
        Self {
            epoch,
            release: release.into(),
            significant,
            pre: None,
            post: None,
            dev: Some(0),
            local: None,
        }
    }

    /// Whether `self` and `other` have the same epoch, release (ignoring trailing zeros) and
    /// pre-release.
    pub(crate) fn same_release_and_pre(&self, other: &Self) -> bool {
        self.epoch == other.epoch
            && self.release[..self.significant] == other.release[..other.significant]
            && self.pre == other.pre
    }

    /// The version with only the release numbers and epoch (no pre, post, dev or local).
    #[must_use]
    pub fn base(&self) -> Self {
        Self {
            pre: None,
            post: None,
            dev: None,
            local: None,
            ..self.clone()
        }
    }
}

/// `[-_.]?N?` after a pre-release, post-release or dev label. The separator is taken even
/// without a number: every later part may start without one, so nothing is lost (`1.0a.` is
/// `1.0a0`, as `packaging` reads it).
fn optional_number(
    cursor: &mut Cursor<'_>,
    what: &str,
    error: &impl Fn(String) -> VersionError,
) -> Result<u64, VersionError> {
    cursor.separator();
    match cursor.digits() {
        Some(digits) => {
            parse_number(digits).ok_or_else(|| error(format!("the {what} `{digits}` is too large")))
        }
        None => Ok(0),
    }
}

fn parse_local(label: &str) -> Result<Box<[LocalSegment]>, String> {
    label
        .split(['-', '_', '.'])
        .map(|segment| {
            if segment.is_empty() {
                return Err(format!("the local version `+{label}` has an empty segment"));
            }
            if let Some(bad) = segment.chars().find(|c| !c.is_ascii_alphanumeric()) {
                return Err(format!(
                    "the local version `+{label}` contains `{bad}`; it allows ASCII letters, digits, `-`, `_` and `.`"
                ));
            }
            Ok(match parse_number(segment) {
                Some(number) => LocalSegment::Number(number),
                None if segment.bytes().all(|b| b.is_ascii_digit()) => {
                    return Err(format!("the local version segment `{segment}` is too large"));
                }
                None => LocalSegment::Text(segment.into()),
            })
        })
        .collect()
}

impl Pep440 {
    /// The pre-release key: a dev-only release sorts before every pre-release of its release,
    /// a final release after them.
    fn pre_key(&self) -> (u8, PreKind, u64) {
        match (self.pre, self.post, self.dev) {
            (None, None, Some(_)) => (0, PreKind::Alpha, 0),
            (None, _, _) => (2, PreKind::Alpha, 0),
            (Some((kind, number)), _, _) => (1, kind, number),
        }
    }

    fn compare_release(&self, other: &Self) -> Ordering {
        let left = &self.release[..self.significant];
        let right = &other.release[..other.significant];
        left.cmp(right)
    }
}

impl Ord for Pep440 {
    fn cmp(&self, other: &Self) -> Ordering {
        self.epoch
            .cmp(&other.epoch)
            .then_with(|| self.compare_release(other))
            .then_with(|| self.pre_key().cmp(&other.pre_key()))
            // No post-release sorts before any post-release (`None < Some`).
            .then_with(|| self.post.cmp(&other.post))
            // No dev release sorts after any dev release.
            .then_with(|| match (self.dev, other.dev) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(left), Some(right)) => left.cmp(&right),
            })
            .then_with(|| compare_local(self.local.as_deref(), other.local.as_deref()))
    }
}

fn compare_local(left: Option<&[LocalSegment]>, right: Option<&[LocalSegment]>) -> Ordering {
    match (left, right) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(left), Some(right)) => {
            for (l, r) in left.iter().zip(right) {
                let ordering = match (l, r) {
                    (LocalSegment::Number(l), LocalSegment::Number(r)) => l.cmp(r),
                    (LocalSegment::Number(_), LocalSegment::Text(_)) => Ordering::Greater,
                    (LocalSegment::Text(_), LocalSegment::Number(_)) => Ordering::Less,
                    (LocalSegment::Text(l), LocalSegment::Text(r)) => l.cmp(r),
                };
                if ordering != Ordering::Equal {
                    return ordering;
                }
            }
            left.len().cmp(&right.len())
        }
    }
}

impl PartialOrd for Pep440 {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Pep440 {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Pep440 {}

impl std::hash::Hash for Pep440 {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.epoch.hash(state);
        self.release[..self.significant].hash(state);
        self.pre.hash(state);
        self.post.hash(state);
        self.dev.hash(state);
        self.local.hash(state);
    }
}

impl fmt::Display for Pep440 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.epoch != 0 {
            write!(f, "{}!", self.epoch)?;
        }
        for (index, number) in self.release.iter().enumerate() {
            if index > 0 {
                f.write_str(".")?;
            }
            write!(f, "{number}")?;
        }
        if let Some((kind, number)) = self.pre {
            let label = match kind {
                PreKind::Alpha => "a",
                PreKind::Beta => "b",
                PreKind::ReleaseCandidate => "rc",
            };
            write!(f, "{label}{number}")?;
        }
        if let Some(post) = self.post {
            write!(f, ".post{post}")?;
        }
        if let Some(dev) = self.dev {
            write!(f, ".dev{dev}")?;
        }
        if let Some(local) = &self.local {
            for (index, segment) in local.iter().enumerate() {
                f.write_str(if index == 0 { "+" } else { "." })?;
                match segment {
                    LocalSegment::Text(text) => f.write_str(text)?,
                    LocalSegment::Number(number) => write!(f, "{number}")?,
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Pep440 {
        Pep440::parse(text).unwrap()
    }

    #[test]
    fn normalizes_spellings() {
        let cases = [
            ("1.0-RC_1", "1.0rc1"),
            ("v1.0alpha", "1.0a0"),
            ("1.0-1", "1.0.post1"),
            ("1.0.rev2", "1.0.post2"),
            ("1.0-dev", "1.0.dev0"),
            ("1!2.0c3", "1!2.0rc3"),
            ("  1.0+Ubuntu-1 ", "1.0+ubuntu.1"),
            ("1.0.0preview2", "1.0.0rc2"),
        ];
        for (input, normalized) in cases {
            assert_eq!(parse(input).to_string(), normalized, "{input}");
        }
    }

    #[test]
    fn orders_like_packaging() {
        let ordered = [
            "1.0.dev0",
            "1.0a0.dev0",
            "1.0a0",
            "1.0a1",
            "1.0b1",
            "1.0rc1",
            "1.0",
            "1.0+abc",
            "1.0+abc.5",
            "1.0+5",
            "1.0.post0.dev0",
            "1.0.post0",
            "1.0.post1",
            "1.1.dev1",
            "2!0.1",
        ];
        for pair in ordered.windows(2) {
            assert!(parse(pair[0]) < parse(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(parse("1.0"), parse("1.0.0"));
        assert_ne!(parse("1.0"), parse("1.0+local"));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        let reason = |text: &str| Pep440::parse(text).unwrap_err().reason().to_owned();
        assert_eq!(reason("1.0-foo"), "unexpected `-foo` after the version");
        assert_eq!(reason("foo"), "a version starts with a number");
        assert_eq!(reason("1.0+"), "the local version `+` has an empty segment");
        assert_eq!(reason(""), "the version is empty");
    }
}
