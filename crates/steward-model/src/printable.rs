//! Text from inputs as it may be shown on a terminal: a package name or a line of a lockfile
//! is someone else's text, and its escape sequences must not reach a person's screen.

use std::borrow::Cow;

/// `text` with every control character (escape sequences, carriage returns, NULs) spelled as
/// Rust spells it in a string (`\u{1b}`, `\r`, `\0`); the same text when it has none.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        if character.is_control() {
            shown.extend(character.escape_default());
        } else {
            shown.push(character);
        }
    }
    Cow::Owned(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_control_characters_only() {
        assert_eq!(printable("lodash"), "lodash");
        assert_eq!(printable("a\u{1b}[31mred\r\n"), "a\\u{1b}[31mred\\r\\n");
        assert_eq!(printable("naïve"), "naïve");
    }
}
