//! PyPI's licence classifiers (`License :: OSI Approved :: MIT License`): the SPDX identifier
//! where a classifier names one licence at one version, else the classifier's own name.
//!
//! The classifiers are PyPI's trove list; a classifier that names no version (`Apache Software
//! License`, `BSD License`) is kept as its name, never given a guessed version.

/// Classifiers that name exactly one SPDX licence, without their `License :: ` and
/// `OSI Approved :: ` prefixes.
const SPDX: &[(&str, &str)] = &[
    ("Boost Software License 1.0 (BSL-1.0)", "BSL-1.0"),
    (
        "CC0 1.0 Universal (CC0 1.0) Public Domain Dedication",
        "CC0-1.0",
    ),
    (
        "Common Development and Distribution License 1.0 (CDDL-1.0)",
        "CDDL-1.0",
    ),
    ("Eclipse Public License 1.0 (EPL-1.0)", "EPL-1.0"),
    ("Eclipse Public License 2.0 (EPL-2.0)", "EPL-2.0"),
    ("European Union Public Licence 1.1 (EUPL 1.1)", "EUPL-1.1"),
    ("European Union Public Licence 1.2 (EUPL 1.2)", "EUPL-1.2"),
    ("GNU Affero General Public License v3", "AGPL-3.0-only"),
    (
        "GNU Affero General Public License v3 or later (AGPLv3+)",
        "AGPL-3.0-or-later",
    ),
    ("GNU General Public License v2 (GPLv2)", "GPL-2.0-only"),
    (
        "GNU General Public License v2 or later (GPLv2+)",
        "GPL-2.0-or-later",
    ),
    ("GNU General Public License v3 (GPLv3)", "GPL-3.0-only"),
    (
        "GNU General Public License v3 or later (GPLv3+)",
        "GPL-3.0-or-later",
    ),
    (
        "GNU Lesser General Public License v2 (LGPLv2)",
        "LGPL-2.0-only",
    ),
    (
        "GNU Lesser General Public License v2 or later (LGPLv2+)",
        "LGPL-2.0-or-later",
    ),
    (
        "GNU Lesser General Public License v3 (LGPLv3)",
        "LGPL-3.0-only",
    ),
    (
        "GNU Lesser General Public License v3 or later (LGPLv3+)",
        "LGPL-3.0-or-later",
    ),
    ("Historical Permission Notice and Disclaimer (HPND)", "HPND"),
    ("ISC License (ISCL)", "ISC"),
    ("MIT License", "MIT"),
    ("MIT No Attribution License (MIT-0)", "MIT-0"),
    ("Mozilla Public License 1.0 (MPL)", "MPL-1.0"),
    ("Mozilla Public License 1.1 (MPL 1.1)", "MPL-1.1"),
    ("Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0"),
    ("The Unlicense (Unlicense)", "Unlicense"),
    ("zlib/libpng License", "Zlib"),
];

/// The licence a `License :: …` classifier names: an SPDX identifier, else the classifier's
/// last part; `None` for a classifier that is not a licence or names none (`OSI Approved`).
pub fn trove_classifier(classifier: &str) -> Option<String> {
    let name = classifier.trim().strip_prefix("License :: ")?;
    let name = name.strip_prefix("OSI Approved :: ").unwrap_or(name);
    if name == "OSI Approved" || name.is_empty() {
        return None;
    }
    let spdx = SPDX
        .iter()
        .find(|(classifier, _)| *classifier == name)
        .map(|(_, identifier)| (*identifier).to_owned());
    Some(spdx.unwrap_or_else(|| name.rsplit(" :: ").next().unwrap_or(name).to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioned_classifiers_are_identifiers_and_the_rest_keep_their_names() {
        let read = |text: &str| trove_classifier(text);
        assert_eq!(
            read("License :: OSI Approved :: MIT License").as_deref(),
            Some("MIT")
        );
        assert_eq!(
            read("License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)")
                .as_deref(),
            Some("GPL-3.0-or-later")
        );
        assert_eq!(
            read("License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication").as_deref(),
            Some("CC0-1.0")
        );
        assert_eq!(
            read("License :: OSI Approved :: Apache Software License").as_deref(),
            Some("Apache Software License")
        );
        assert_eq!(
            read("License :: OSI Approved :: BSD License").as_deref(),
            Some("BSD License")
        );
        assert_eq!(read("License :: OSI Approved"), None);
        assert_eq!(read("Programming Language :: Python"), None);
    }

    #[test]
    fn every_identifier_is_on_the_spdx_list() {
        for (_, identifier) in SPDX {
            assert!(crate::expression(identifier).is_some(), "{identifier}");
        }
    }
}
