//! Reading YAML lockfiles (`pnpm-lock.yaml`, Yarn Berry's `yarn.lock`, `pubspec.lock`) with
//! steward-yaml: its subset reader, or serde-saphyr for what the subset declines.

use std::collections::HashMap;

use serde::Deserialize;

use crate::format::ExtractError;

/// Parses YAML text; the input size is already bounded by the scan.
pub(crate) fn from_str<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T, ExtractError> {
    steward_yaml::from_str(text).map_err(|error| match error.position {
        Some((line, column)) => ExtractError::at(line, column, error.message),
        None => ExtractError::syntax(error.message),
    })
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
pub(crate) mod tests {
    use std::collections::BTreeMap;
    use std::fmt::Debug;

    use serde::de::DeserializeOwned;

    use super::*;

    /// Every corpus lockfile named `name` whose text is `yaml` is read by the subset reader,
    /// never declined, and as serde-saphyr reads it, as the type `T` its extractor reads.
    pub(crate) fn subset_reads_the_corpus<T: DeserializeOwned + Debug>(
        name: &str,
        yaml: fn(&str) -> bool,
    ) {
        let files = steward_test::corpus_files("lockfiles");
        let named = files
            .iter()
            .filter(|path| path.file_name().is_some_and(|file_name| file_name == name));
        let mut read = 0;
        for file in named {
            let text = std::fs::read_to_string(file).expect("a corpus file reads");
            if !yaml(&text) {
                continue;
            }
            read += 1;
            let subset: T = steward_yaml::subset(&text)
                .unwrap_or_else(|| panic!("the subset reader declines {}", file.display()));
            let full: T = steward_yaml::serde_saphyr(&text).expect("serde-saphyr reads it");
            assert_eq!(
                format!("{subset:?}"),
                format!("{full:?}"),
                "{}",
                file.display()
            );
        }
        assert!(read > 0, "no YAML {name} in the corpus");
    }

    #[test]
    fn scalars_read_as_strings_and_errors_have_positions() {
        let map: BTreeMap<String, String> = from_str("a: 1.10\nb: true\nc: text\n").unwrap();
        assert_eq!(map["a"], "1.10");
        assert_eq!(map["b"], "true");
        let error = from_str::<BTreeMap<String, String>>("a: [\nb: c\n").unwrap_err();
        assert!(error.to_string().starts_with("line "), "{error}");
    }
}
