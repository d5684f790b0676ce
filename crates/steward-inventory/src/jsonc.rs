//! JSON with comments and trailing commas (`bun.lock`), turned into JSON by blanking them
//! out, so that lines and columns stay where they were for error messages.

/// The text with `//` and `/* */` comments and trailing commas replaced by spaces.
pub(crate) fn to_json(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut index = 0;
    // The position of a comma that may turn out to be trailing.
    let mut pending_comma: Option<usize> = None;
    while index < bytes.len() {
        match bytes[index] {
            b'"' => {
                pending_comma = None;
                index += 1;
                while index < bytes.len() && bytes[index] != b'"' {
                    index += if bytes[index] == b'\\' { 2 } else { 1 };
                }
            }
            b'/' if bytes.get(index + 1) == Some(&b'/') => {
                while index < bytes.len() && bytes[index] != b'\n' {
                    out[index] = b' ';
                    index += 1;
                }
                continue;
            }
            b'/' if bytes.get(index + 1) == Some(&b'*') => {
                let start = index;
                index += 2;
                while index < bytes.len()
                    && !(bytes[index] == b'*' && bytes.get(index + 1) == Some(&b'/'))
                {
                    index += 1;
                }
                let end = (index + 2).min(bytes.len());
                for byte in &mut out[start..end] {
                    if *byte != b'\n' {
                        *byte = b' ';
                    }
                }
                index = end;
                continue;
            }
            b',' => pending_comma = Some(index),
            b'}' | b']' => {
                if let Some(comma) = pending_comma.take() {
                    out[comma] = b' ';
                }
            }
            byte if byte.is_ascii_whitespace() => {}
            _ => pending_comma = None,
        }
        index += 1;
    }
    // Only ASCII bytes were replaced by ASCII spaces, so the text is still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_comments_and_trailing_commas_only() {
        let text = "{\n  \"a\": [1, 2,], // note\n  \"b,\": \"x}\", /* c */\n}";
        let json = to_json(text);
        assert_eq!(json.lines().count(), text.lines().count());
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["a"][1], 2);
        assert_eq!(value["b,"], "x}");
    }
}
