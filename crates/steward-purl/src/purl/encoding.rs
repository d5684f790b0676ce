//! Percent-encoding as the purl specification defines it (§5.4 "Character encoding").
//!
//! The allowed set is the ASCII alphanumerics and the punctuation `.-_~`; the colon is never
//! encoded, whatever component it appears in. Every other byte of the UTF-8 form is written as
//! `%XX` with upper-case hexadecimal digits. Decoding accepts either case of hex digit, rejects a
//! `%` that is not followed by two hex digits, and requires the decoded bytes to be UTF-8.

use std::fmt::Write as _;

/// Why a component could not be percent-decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// A `%` at this byte offset is not followed by two hexadecimal digits.
    BadEscape { offset: usize },
    /// The decoded bytes are not UTF-8.
    NotUtf8,
}

/// Whether `byte` is written as itself in a canonical purl component.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'.' | b'-' | b'_' | b'~' | b':')
}

/// Appends the percent-encoded form of `text` to `out`.
pub(crate) fn encode_into(out: &mut String, text: &str) {
    for &byte in text.as_bytes() {
        if is_unreserved(byte) {
            out.push(char::from(byte));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

/// Decodes `%XX` escapes in `text`.
pub(crate) fn decode(text: &str) -> Result<String, DecodeError> {
    if !text.contains('%') {
        return Ok(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte == b'%' {
            let high = bytes.get(index + 1).copied().and_then(hex_value);
            let low = bytes.get(index + 2).copied().and_then(hex_value);
            let (Some(high), Some(low)) = (high, low) else {
                return Err(DecodeError::BadEscape { offset: index });
            };
            decoded.push(high << 4 | low);
            index += 3;
        } else {
            decoded.push(byte);
            index += 1;
        }
    }
    String::from_utf8(decoded).map_err(|_| DecodeError::NotUtf8)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(text: &str) -> String {
        let mut out = String::new();
        encode_into(&mut out, text);
        out
    }

    #[test]
    fn encodes_everything_outside_the_allowed_set() {
        assert_eq!(encode("a-b_c.d~e:f"), "a-b_c.d~e:f");
        assert_eq!(encode("@scope"), "%40scope");
        assert_eq!(encode("a b+c/d"), "a%20b%2Bc%2Fd");
        assert_eq!(encode("é"), "%C3%A9");
    }

    #[test]
    fn decodes_escapes_of_either_case() {
        assert_eq!(decode("%40a%2fb").as_deref(), Ok("@a/b"));
        assert_eq!(decode("%C3%a9").as_deref(), Ok("é"));
        assert_eq!(decode("plain+text").as_deref(), Ok("plain+text"));
    }

    #[test]
    fn rejects_broken_escapes_and_invalid_utf8() {
        assert_eq!(decode("a%4"), Err(DecodeError::BadEscape { offset: 1 }));
        assert_eq!(decode("%zz"), Err(DecodeError::BadEscape { offset: 0 }));
        assert_eq!(decode("%FF"), Err(DecodeError::NotUtf8));
    }
}
