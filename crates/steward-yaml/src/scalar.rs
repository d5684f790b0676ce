//! One-line scalars: quoted and plain, and what a plain scalar's text means to YAML's core
//! schema as serde-saphyr resolves it.

use std::borrow::Cow;

/// A scalar's text, unescaped, and whether it was written plain (unquoted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scalar<'a> {
    pub(crate) text: Cow<'a, str>,
    pub(crate) plain: bool,
}

impl<'a> Scalar<'a> {
    /// The empty plain scalar: a key with no value.
    pub(crate) const NULL: Scalar<'static> = Scalar {
        text: Cow::Borrowed(""),
        plain: true,
    };

    pub(crate) fn plain(text: &'a str) -> Self {
        Scalar {
            text: Cow::Borrowed(text),
            plain: true,
        }
    }

    /// A plain `~`, `null`, `Null`, `NULL` or nothing.
    pub(crate) fn is_null(&self) -> bool {
        self.plain && matches!(self.text.as_ref(), "" | "~" | "null" | "Null" | "NULL")
    }

    /// A plain YAML 1.1 boolean (`true`, `yes`, `on`, `y` and their opposites, in any case), as
    /// serde-saphyr reads them by default.
    pub(crate) fn boolean(&self) -> Option<bool> {
        const TRUE: [&str; 4] = ["true", "yes", "y", "on"];
        const FALSE: [&str; 4] = ["false", "no", "n", "off"];
        let text = self.text.as_ref();
        if !self.plain {
            None
        } else if TRUE.iter().any(|word| text.eq_ignore_ascii_case(word)) {
            Some(true)
        } else if FALSE.iter().any(|word| text.eq_ignore_ascii_case(word)) {
            Some(false)
        } else {
            None
        }
    }

    /// Whether a full parser might read this plain scalar as a number: a generous superset of
    /// YAML's integer and float forms (signs, `0x`/`0o`/`0b`, underscores, exponents, `.inf`,
    /// `nan`), so that everything outside it is a string for certain.
    pub(crate) fn may_be_number(&self) -> bool {
        self.plain && may_be_number(&self.text)
    }
}

fn may_be_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let word = unsigned.strip_prefix('.').unwrap_or(unsigned);
    if ["inf", "infinity", "nan"]
        .iter()
        .any(|special| word.eq_ignore_ascii_case(special))
    {
        return true;
    }
    let lower = unsigned.get(..2).map(str::to_ascii_lowercase);
    if matches!(lower.as_deref(), Some("0x" | "0o" | "0b")) {
        return unsigned[2..]
            .bytes()
            .all(|byte| byte.is_ascii_hexdigit() || byte == b'_');
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let mantissa_fits = mantissa.bytes().any(|byte| byte.is_ascii_digit())
        && mantissa
            .bytes()
            .all(|byte| byte.is_ascii_digit() || byte == b'_' || byte == b'.')
        && mantissa.bytes().filter(|&byte| byte == b'.').count() <= 1;
    let exponent_fits = exponent.is_none_or(|exponent| {
        exponent
            .strip_prefix(['+', '-'])
            .unwrap_or(exponent)
            .bytes()
            .all(|byte| byte.is_ascii_digit() || byte == b'_')
    });
    mantissa_fits && exponent_fits
}

/// Where a flow collection's plain scalar may not go on.
const FLOW_INDICATORS: &[u8] = b",[]{}";

/// A scalar starting at `text[0]`, and the rest of `text` after it; `None` when it is outside
/// the subset. `in_flow` means inside `{}` or `[]`, where `,[]{}` end a plain scalar.
pub(crate) fn parse(text: &str, in_flow: bool) -> Option<(Scalar<'_>, &str)> {
    match text.as_bytes().first()? {
        b'"' => double_quoted(&text[1..]),
        b'\'' => single_quoted(&text[1..]),
        _ => plain(text, in_flow),
    }
}

/// A plain scalar: it cannot start with an indicator, and ends at a comment, at `: ` (or, in
/// flow, at `:` before an indicator) or at a flow indicator when in flow.
fn plain(text: &str, in_flow: bool) -> Option<(Scalar<'_>, &str)> {
    let bytes = text.as_bytes();
    let first = *bytes.first()?;
    let indicator = b"-?:,[]{}#&*!|>'\"%@`".contains(&first);
    if indicator && !(first == b'-' && bytes.get(1).is_some_and(|&next| next != b' ')) {
        return None;
    }
    let end = if in_flow {
        bytes
            .iter()
            .enumerate()
            .position(|(at, &byte)| FLOW_INDICATORS.contains(&byte) || ends_plain(bytes, at, true))
    } else {
        memchr::memchr2_iter(b'#', b':', bytes).find(|&at| ends_plain(bytes, at, false))
    }
    .unwrap_or(bytes.len());
    let value = text[..end].trim_end_matches(' ');
    (!value.is_empty()).then(|| (Scalar::plain(value), &text[end..]))
}

/// Whether the byte at `at` ends a plain scalar: a `#` after a space, or a `:` before a space,
/// the end, or (in flow) a flow indicator.
fn ends_plain(bytes: &[u8], at: usize, in_flow: bool) -> bool {
    match bytes[at] {
        b'#' => bytes[at - 1] == b' ',
        b':' => bytes
            .get(at + 1)
            .is_none_or(|&next| next == b' ' || (in_flow && FLOW_INDICATORS.contains(&next))),
        _ => false,
    }
}

/// A double-quoted scalar closed on this line, after its opening quote; only the escapes
/// lockfiles use are read, others are declined.
fn double_quoted(text: &str) -> Option<(Scalar<'_>, &str)> {
    let bytes = text.as_bytes();
    let close = bytes
        .iter()
        .position(|&byte| byte == b'"' || byte == b'\\')?;
    if bytes[close] == b'"' {
        let scalar = Scalar {
            text: Cow::Borrowed(&text[..close]),
            plain: false,
        };
        return Some((scalar, &text[close + 1..]));
    }
    let mut unescaped = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let at = rest.find(['"', '\\'])?;
        unescaped.push_str(&rest[..at]);
        if rest.as_bytes()[at] == b'"' {
            let scalar = Scalar {
                text: Cow::Owned(unescaped),
                plain: false,
            };
            return Some((scalar, &rest[at + 1..]));
        }
        let escaped = match rest.as_bytes().get(at + 1)? {
            b'\\' => '\\',
            b'"' => '"',
            b'/' => '/',
            b'n' => '\n',
            b't' => '\t',
            b'r' => '\r',
            _ => return None,
        };
        unescaped.push(escaped);
        rest = &rest[at + 2..];
    }
}

/// A single-quoted scalar closed on this line, after its opening quote (`''` is one quote).
fn single_quoted(text: &str) -> Option<(Scalar<'_>, &str)> {
    let mut unescaped: Option<String> = None;
    let mut rest = text;
    loop {
        let at = rest.find('\'')?;
        if rest.as_bytes().get(at + 1) == Some(&b'\'') {
            let owned = unescaped.get_or_insert_with(String::new);
            owned.push_str(&rest[..=at]);
            rest = &rest[at + 2..];
            continue;
        }
        let text = match unescaped {
            Some(mut owned) => {
                owned.push_str(&rest[..at]);
                Cow::Owned(owned)
            }
            None => Cow::Borrowed(&rest[..at]),
        };
        return Some((Scalar { text, plain: false }, &rest[at + 1..]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(input: &str, in_flow: bool) -> Option<(String, bool, &str)> {
        parse(input, in_flow).map(|(scalar, rest)| (scalar.text.into_owned(), scalar.plain, rest))
    }

    #[test]
    fn plain_scalars_end_at_comments_and_mapping_indicators() {
        assert_eq!(text("a b # c", false), Some(("a b".into(), true, "# c")));
        assert_eq!(text("a#b", false), Some(("a#b".into(), true, "")));
        assert_eq!(
            text("https://x.org/a: b", false),
            Some(("https://x.org/a".into(), true, ": b"))
        );
        assert_eq!(text("a, b]", true), Some(("a".into(), true, ", b]")));
        assert_eq!(text("a, b", false), Some(("a, b".into(), true, "")));
        assert_eq!(text("-1", false), Some(("-1".into(), true, "")));
        for declined in [
            "- a", "&anchor", "*alias", "!tag", "|", ">", "@scope", "? a", "%x",
        ] {
            assert_eq!(text(declined, false), None, "{declined}");
        }
    }

    #[test]
    fn quoted_scalars_unescape_and_decline_what_they_do_not_know() {
        assert_eq!(
            text(r#""a\"b\\c" # x"#, false),
            Some((r#"a"b\c"#.into(), false, " # x"))
        );
        assert_eq!(text("'it''s' x", false), Some(("it's".into(), false, " x")));
        assert_eq!(text(r#""\u0041""#, false), None);
        assert_eq!(text(r#""open"#, false), None);
        assert_eq!(text("'open", false), None);
    }

    #[test]
    fn numbers_are_told_from_versions() {
        for number in [
            "1", "-1", "+1.5", "1.0", ".5", "1e5", "1_000", "0x1F", "0o17", "0b1", ".inf", "-.Inf",
            "NaN", "infinity", "1.", "1e",
        ] {
            assert!(may_be_number(number), "{number}");
        }
        for string in [
            "1.2.3",
            "6.x",
            "4.17.21-beta",
            "v1",
            "1.0.0",
            "^1.0",
            "e5",
            ".",
        ] {
            assert!(!may_be_number(string), "{string}");
        }
    }

    #[test]
    fn null_and_booleans_follow_serde_saphyr() {
        assert!(Scalar::plain("~").is_null());
        assert!(Scalar::NULL.is_null());
        let quoted = Scalar {
            text: Cow::Borrowed("null"),
            plain: false,
        };
        assert!(!quoted.is_null());
        assert_eq!(Scalar::plain("Yes").boolean(), Some(true));
        assert_eq!(Scalar::plain("off").boolean(), Some(false));
        assert_eq!(Scalar::plain("truthy").boolean(), None);
    }
}
