//! Lines of JSON object keys.
//!
//! serde reads JSON lockfiles fast but forgets where things were. This scanner walks the same
//! text once more, cheaply, and reports the line of every object key under a chosen path
//! (`packages` of a `package-lock.json`, say), so that each package can say the line it came
//! from. It only tracks structure; the text has already been validated by the real parser.

use std::borrow::Cow;
use std::collections::HashMap;

/// A step of the path to a key: an object key, or any array element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Step<'a> {
    Key(Cow<'a, str>),
    Element,
}

/// Calls `visit(path, key, line)` for every object key, where `path` leads to the object
/// holding the key.
pub(crate) fn visit_keys<'a>(
    text: &'a str,
    mut visit: impl FnMut(&[Step<'a>], &Cow<'a, str>, u32),
) {
    let bytes = text.as_bytes();
    // JSON strings cannot hold a raw line break, so counting those outside strings is enough.
    let mut line = 1;
    // For each open container: is it an object, and is the next string in it a key?
    let mut containers: Vec<(bool, bool)> = Vec::new();
    let mut path: Vec<Step<'a>> = Vec::new();
    let mut pending_key: Option<Cow<'a, str>> = None;
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'"' => {
                let start = index + 1;
                index = start;
                let mut escaped = false;
                // Most of a lockfile is inside strings: jump from one quote or backslash to
                // the next.
                loop {
                    let rest = bytes.get(index..).unwrap_or_default();
                    let Some(offset) = memchr::memchr2(b'"', b'\\', rest) else {
                        index = bytes.len();
                        break;
                    };
                    index += offset;
                    if bytes[index] == b'"' {
                        break;
                    }
                    escaped = true;
                    index += 2;
                }
                let end = index.min(bytes.len());
                if let Some((true, true)) = containers.last().copied() {
                    let raw = &text[start..end];
                    let key = if escaped {
                        Cow::Owned(
                            serde_json::from_str::<String>(
                                &text[start - 1..=end.min(text.len() - 1)],
                            )
                            .unwrap_or_else(|_| raw.to_owned()),
                        )
                    } else {
                        Cow::Borrowed(raw)
                    };
                    visit(&path, &key, line);
                    pending_key = Some(key);
                    if let Some(last) = containers.last_mut() {
                        last.1 = false;
                    }
                }
            }
            b'{' | b'[' => {
                let is_object = bytes[index] == b'{';
                match containers.last() {
                    Some((true, _)) => path.push(Step::Key(pending_key.take().unwrap_or_default())),
                    Some((false, _)) => path.push(Step::Element),
                    None => {}
                }
                containers.push((is_object, is_object));
            }
            b'}' | b']' => {
                containers.pop();
                if !containers.is_empty() {
                    path.pop();
                }
            }
            b',' => {
                if let Some(last) = containers.last_mut() {
                    last.1 = last.0;
                }
            }
            b'\n' => line += 1,
            _ => {}
        }
        index += 1;
    }
}

/// The keys of the object at `path` (object keys only) with their lines, in the text's order.
pub(crate) fn ordered_key_lines<'a>(text: &'a str, path: &[&str]) -> Vec<(Cow<'a, str>, u32)> {
    let mut lines = Vec::new();
    visit_keys(text, |at, key, line| {
        if is_at(at, path) {
            lines.push((key.clone(), line));
        }
    });
    lines
}

/// The lines of the keys of the object at `path` (object keys only); the first of repeated keys.
pub(crate) fn key_lines(text: &str, path: &[&str]) -> HashMap<String, u32> {
    let mut lines = HashMap::new();
    visit_keys(text, |at, key, line| {
        if is_at(at, path) {
            lines.entry(key.to_string()).or_insert(line);
        }
    });
    lines
}

fn is_at(at: &[Step<'_>], path: &[&str]) -> bool {
    at.len() == path.len()
        && at
            .iter()
            .zip(path)
            .all(|(step, wanted)| matches!(step, Step::Key(key) if key == wanted))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_lines_of_nested_keys() {
        let text = "{\n  \"name\": \"x\",\n  \"packages\": {\n    \"\": {},\n    \"node_modules/a\": {\n      \"version\": \"1\"\n    },\n    \"node_modules/\\\"b\\\"\": {}\n  }\n}\n";
        let lines = key_lines(text, &["packages"]);
        assert_eq!(lines.get(""), Some(&4));
        assert_eq!(lines.get("node_modules/a"), Some(&5));
        assert_eq!(lines.get("node_modules/\"b\""), Some(&8));
        assert_eq!(lines.get("version"), None);
        let top = key_lines(text, &[]);
        assert_eq!(top.get("packages"), Some(&3));
    }

    #[test]
    fn tracks_arrays() {
        let text = r#"{"a": [{"k": 1}, {"k": 2}], "b": {"k": 3}}"#;
        let mut seen = Vec::new();
        visit_keys(text, |path, key, _| {
            seen.push((path.to_vec(), key.to_string()));
        });
        assert!(seen.contains(&(vec![Step::Key("a".into()), Step::Element], "k".to_owned())));
        assert!(seen.contains(&(vec![Step::Key("b".into())], "k".to_owned())));
    }
}
