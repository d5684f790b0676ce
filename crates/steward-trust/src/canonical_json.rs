//! Canonical JSON as securesystemslib writes it for in-toto v0.9 metadata (OLPC canonical
//! JSON): object keys sorted, no white space, strings with only `\` and `"` escaped, integers
//! only. Signatures over in-toto layouts and links are over these bytes.

use serde_json::Value;

/// Why a value has no canonical form.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CanonicalError {
    #[error("canonical JSON has no floating-point numbers: {0}")]
    Float(String),
}

/// The canonical bytes of `value`.
pub fn encode(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    let mut out = Vec::new();
    write(value, &mut out)?;
    Ok(out)
}

fn write(value: &Value, out: &mut Vec<u8>) -> Result<(), CanonicalError> {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(number) if number.is_i64() || number.is_u64() => {
            out.extend_from_slice(number.to_string().as_bytes());
        }
        Value::Number(number) => return Err(CanonicalError::Float(number.to_string())),
        Value::String(text) => write_string(text, out),
        Value::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                write(item, out)?;
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_by(|left, right| left.0.cmp(right.0));
            out.push(b'{');
            for (index, (key, item)) in entries.into_iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                write_string(key, out);
                out.push(b':');
                write(item, out)?;
            }
            out.push(b'}');
        }
    }
    Ok(())
}

fn write_string(text: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    for byte in text.bytes() {
        if matches!(byte, b'\\' | b'"') {
            out.push(b'\\');
        }
        out.push(byte);
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sorted_no_space_only_quote_and_backslash_escaped() {
        let value: Value =
            serde_json::from_str(r#"{"b": [1, true, null], "a": "x\"y\\z\n\u00e9"}"#)
                .expect("JSON");
        assert_eq!(
            encode(&value).expect("canonical"),
            "{\"a\":\"x\\\"y\\\\z\n\u{e9}\",\"b\":[1,true,null]}".as_bytes()
        );
        assert!(encode(&serde_json::json!(1.5)).is_err());
    }
}
