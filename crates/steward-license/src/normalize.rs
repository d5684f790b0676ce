//! Licences as inputs record them, as SPDX expressions.
//!
//! An SPDX expression is kept as written. Anything else is read leniently — the common names
//! the SPDX crate knows (`apache2`, `GPLv2`), `/` for `OR`, `+` after a GNU
//! licence for `-or-later` — and kept as the canonical expression when that reading is a valid
//! expression that adds no version the text did not have; otherwise the text is kept as it
//! was, never guessed at (`BSD` stays `BSD`: two-clause or three?).

use spdx::{Expression, ParseMode};

/// SPDX expressions as the SPDX 2.3 specification writes them, deprecated identifiers
/// included.
const STRICT: ParseMode = ParseMode {
    allow_deprecated: true,
    ..ParseMode::STRICT
};

/// The licence as an SPDX expression where it can be read as one, else the text, trimmed.
pub fn normalize(text: &str) -> String {
    let text = text.trim();
    if Expression::parse_mode(text, STRICT).is_ok() {
        return text.to_owned();
    }
    match Expression::canonicalize(text) {
        // A version the text did not have is a guess (`BSD` is not necessarily BSD-2-Clause,
        // `Apache License` not necessarily 2.0): the text stays.
        Ok(Some(canonical))
            if Expression::parse_mode(&canonical, STRICT).is_ok()
                && (text.contains(|c: char| c.is_ascii_digit())
                    || !canonical.contains(|c: char| c.is_ascii_digit())) =>
        {
            canonical
        }
        _ => text.to_owned(),
    }
}

/// Normalizes every licence of a package, each kept once, in order.
pub fn normalize_all(licenses: &mut Vec<String>) {
    let mut normalized: Vec<String> = Vec::with_capacity(licenses.len());
    for license in licenses.iter() {
        let license = normalize(license);
        if !normalized.contains(&license) {
            normalized.push(license);
        }
    }
    *licenses = normalized;
}

/// The licence's SPDX expression, if it is one.
pub fn expression(text: &str) -> Option<Expression> {
    Expression::parse_mode(text.trim(), STRICT).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_expressions_and_reads_common_names() {
        assert_eq!(normalize("MIT"), "MIT");
        assert_eq!(normalize(" MIT OR Apache-2.0 "), "MIT OR Apache-2.0");
        assert_eq!(normalize("MIT/Apache-2.0"), "MIT OR Apache-2.0");
        assert_eq!(normalize("GPL-2.0+"), "GPL-2.0-or-later");
        assert_eq!(normalize("apache2"), "Apache-2.0");
        assert_eq!(normalize("GPL-2.0"), "GPL-2.0");
        // Not guessed at.
        assert_eq!(normalize("BSD"), "BSD");
        assert_eq!(normalize("see LICENSE file"), "see LICENSE file");
        let mut licenses = vec!["MIT/Apache-2.0".to_owned(), "MIT OR Apache-2.0".to_owned()];
        normalize_all(&mut licenses);
        assert_eq!(licenses, ["MIT OR Apache-2.0"]);
    }
}
