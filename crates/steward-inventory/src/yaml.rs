//! Reading YAML lockfiles (`pnpm-lock.yaml`, Yarn Berry's `yarn.lock`, `pubspec.lock`) with
//! serde-saphyr, under limits sized for large lockfiles rather than configuration files.

use std::collections::HashMap;

use serde::Deserialize;

use crate::format::ExtractError;

/// Parses YAML text. Aliases and anchors stay bounded; the input size is already bounded by
/// the scan.
pub(crate) fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, ExtractError> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: 200_000_000,
            max_nodes: 100_000_000,
            max_total_scalar_bytes: 1 << 30,
        },
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|error| error_of(&error))
}

/// Converts a YAML error, with its position.
fn error_of(error: &serde_saphyr::Error) -> ExtractError {
    let message = error.to_string();
    let first_line = message.lines().next().unwrap_or_default().to_owned();
    match error.location() {
        Some(location) => ExtractError::at(
            u32::try_from(location.line()).unwrap_or(u32::MAX),
            u32::try_from(location.column()).unwrap_or(u32::MAX),
            first_line,
        ),
        None => ExtractError::syntax(first_line),
    }
}

/// The lines of the keys indented by two spaces in a top-level section (`packages:`), the keys
/// unquoted: YAML parsers forget positions.
pub(crate) fn section_key_lines(text: &str, section: &str) -> HashMap<String, u32> {
    let mut lines = HashMap::new();
    let mut inside = false;
    for (index, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if !line.starts_with(' ') && !line.is_empty() {
            inside = line == section;
            continue;
        }
        if !inside || line.starts_with("   ") {
            continue;
        }
        let Some(key) = line.strip_prefix("  ") else {
            continue;
        };
        let key = key
            .strip_suffix(": {}")
            .or_else(|| key.strip_suffix(':'))
            .unwrap_or(key)
            .trim_matches(|c| c == '\'' || c == '"');
        lines.insert(key.to_owned(), u32::try_from(index + 1).unwrap_or(u32::MAX));
    }
    lines
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn scalars_read_as_strings_and_errors_have_positions() {
        let map: BTreeMap<String, String> = from_str("a: 1.10\nb: true\nc: text\n").unwrap();
        assert_eq!(map["a"], "1.10");
        assert_eq!(map["b"], "true");
        let error = from_str::<BTreeMap<String, String>>("a: [\nb: c\n").unwrap_err();
        assert!(error.to_string().starts_with("line "), "{error}");
    }
}
