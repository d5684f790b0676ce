//! Licences as inputs record them — SPDX identifiers, expressions or free text — sorted into
//! what each SBOM format can say about them.

/// What a recorded licence is, as far as the SPDX licence list says.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum License<'a> {
    /// One licence identifier from the SPDX list (`MIT`), or a `LicenseRef-`.
    Id(&'a str),
    /// A valid SPDX expression with operators (`MIT OR Apache-2.0`).
    Expression(&'a str),
    /// Anything else (`BSD`, `Apache License, Version 2.0`), kept as written.
    Text(&'a str),
}

impl<'a> License<'a> {
    pub(crate) fn classify(text: &'a str) -> Self {
        let text = text.trim();
        // Identifiers from the SPDX list, deprecated ones included (they are still valid in
        // SPDX 2.3 documents); no `/` for `OR`, no guessing at near-miss names.
        match steward_license::expression(text) {
            Some(expression) => {
                let single = expression.requirements().count() == 1
                    && !text.contains(char::is_whitespace)
                    && !text.contains(['(', '+']);
                if single {
                    Self::Id(text)
                } else {
                    Self::Expression(text)
                }
            }
            None => Self::Text(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_identifiers_expressions_and_text() {
        assert_eq!(License::classify("MIT"), License::Id("MIT"));
        assert_eq!(License::classify("GPL-2.0"), License::Id("GPL-2.0"));
        assert_eq!(
            License::classify("LicenseRef-Proprietary"),
            License::Id("LicenseRef-Proprietary")
        );
        assert_eq!(
            License::classify("MIT OR Apache-2.0"),
            License::Expression("MIT OR Apache-2.0")
        );
        assert_eq!(
            License::classify("GPL-2.0-or-later WITH Classpath-exception-2.0"),
            License::Expression("GPL-2.0-or-later WITH Classpath-exception-2.0")
        );
        assert_eq!(
            License::classify("MIT/Apache-2.0"),
            License::Text("MIT/Apache-2.0")
        );
        assert_eq!(License::classify("BSD"), License::Text("BSD"));
        assert_eq!(License::classify("mit"), License::Text("mit"));
    }
}
