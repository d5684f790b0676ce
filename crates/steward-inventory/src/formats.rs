//! The registry: every format steward reads, in one table.
//!
//! To add a format: write `src/<ecosystem>/<format>.rs` with a `FORMAT` constant, add it to
//! `FORMATS` here, add fixtures under `tests/fixtures/<format id>/`, and a row to
//! `docs/formats.md` (a test checks the table and the registry agree).

use crate::format::Format;
use crate::{cpp, dart, dotnet, elixir, go, java, javascript, php, python, ruby, rust, sbom};

/// Every format, in the order files are matched against them.
pub static FORMATS: &[Format] = &[
    rust::cargo_lock::FORMAT,
    rust::cargo_toml::FORMAT,
    javascript::package_lock::FORMAT,
    javascript::yarn_lock::FORMAT,
    javascript::pnpm_lock::FORMAT,
    javascript::bun_lock::FORMAT,
    javascript::package_json::FORMAT,
    python::requirements_txt::FORMAT,
    python::poetry_lock::FORMAT,
    python::pipfile_lock::FORMAT,
    python::pdm_lock::FORMAT,
    python::uv_lock::FORMAT,
    python::pylock::FORMAT,
    python::pyproject::FORMAT,
    go::go_mod::FORMAT,
    go::go_sum::FORMAT,
    ruby::gemfile_lock::FORMAT,
    php::composer_lock::FORMAT,
    java::pom_xml::FORMAT,
    java::gradle_lockfile::FORMAT,
    java::gradle_verification::FORMAT,
    dotnet::packages_lock::FORMAT,
    dotnet::packages_config::FORMAT,
    dotnet::csproj::FORMAT,
    dart::pubspec_lock::FORMAT,
    elixir::mix_lock::FORMAT,
    cpp::conan_lock::FORMAT,
    sbom::cyclonedx::json::FORMAT,
    sbom::cyclonedx::xml::FORMAT,
    sbom::spdx::json::FORMAT,
    sbom::spdx::tag_value::FORMAT,
    sbom::spdx::v3_json::FORMAT,
];

/// The format a file name belongs to, if any.
pub fn format_for_file(file_name: &str) -> Option<&'static Format> {
    FORMATS.iter().find(|format| format.recognises(file_name))
}

/// A format by its id (`cargo-lock`) or its canonical file name (`Cargo.lock`).
pub fn format_by_name(name: &str) -> Option<&'static Format> {
    FORMATS
        .iter()
        .find(|format| format.id == name || format.canonical_name() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_canonical_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for format in FORMATS {
            assert!(seen.insert(format.id), "duplicate id {}", format.id);
            assert!(
                format
                    .id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{} is not kebab-case",
                format.id
            );
        }
        for format in FORMATS {
            assert_eq!(format_by_name(format.id).map(|f| f.id), Some(format.id));
        }
    }
}
