//! `/usr/share/doc/<package>/copyright` in Debian's machine-readable format (DEP-5): the
//! licences of a dpkg package.
//!
//! Only files that declare the format (a `Format:` field in the first paragraph) are read; a
//! free-form copyright file says nothing steward can rely on. The licences are the short names
//! of the `License:` fields of the `Files:` paragraphs, each once, in the order met. Debian's
//! short names become SPDX identifiers where the meaning is the same (`GPL-2+` is
//! `GPL-2.0-or-later`, `Expat` is `MIT`, `BSD-3-clause` is `BSD-3-Clause`), joined by `OR` or
//! `AND` as written; anything else (`public-domain`, `GPL-2+ with OpenSSL exception`, `GPL`
//! without a version) is kept as written.

/// Where a package's copyright file is: the package's name.
pub(crate) fn package_of(path: &str) -> Option<&str> {
    let name = path
        .strip_prefix("/usr/share/doc/")?
        .strip_suffix("/copyright")?;
    (!name.is_empty() && !name.contains('/')).then_some(name)
}

/// The licences a copyright file names; none when it is not machine-readable.
pub fn licenses(text: &str) -> Vec<String> {
    let mut paragraphs = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
    let declared = paragraphs
        .next()
        .is_some_and(|header| field(header, "Format").is_some());
    if !declared {
        return Vec::new();
    }
    let mut licenses: Vec<String> = Vec::new();
    for paragraph in paragraphs {
        if field(paragraph, "Files").is_none() {
            continue;
        }
        if let Some(license) = field(paragraph, "License").map(spdx_of)
            && !license.is_empty()
            && !licenses.contains(&license)
        {
            licenses.push(license);
        }
    }
    licenses
}

/// The first line of a field of a paragraph.
fn field<'a>(paragraph: &'a str, name: &str) -> Option<&'a str> {
    paragraph.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (!line.starts_with([' ', '\t']) && key.eq_ignore_ascii_case(name)).then(|| value.trim())
    })
}

/// A Debian licence short name, or names joined by `or` and `and`, as SPDX where every name
/// has an SPDX identifier; else as written.
fn spdx_of(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut spdx = Vec::with_capacity(words.len());
    for (index, word) in words.iter().enumerate() {
        let operator = index % 2 == 1;
        match (operator, word.to_ascii_lowercase().as_str()) {
            (true, "or") => spdx.push("OR".to_owned()),
            (true, "and") => spdx.push("AND".to_owned()),
            (false, _) => match identifier(word.trim_end_matches(',')) {
                Some(identifier) => spdx.push(identifier),
                None => return text.to_owned(),
            },
            (true, _) => return text.to_owned(),
        }
    }
    if spdx.len() % 2 == 0 {
        return text.to_owned();
    }
    spdx.join(" ")
}

/// The SPDX identifier of one Debian short name, where they mean the same licence.
fn identifier(name: &str) -> Option<String> {
    let (base, later) = match name.strip_suffix('+') {
        Some(base) => (base, true),
        None => (name, false),
    };
    let gnu = |family: &str, version: &str| {
        let version = if version.contains('.') {
            version.to_owned()
        } else {
            format!("{version}.0")
        };
        let suffix = if later { "or-later" } else { "only" };
        Some(format!("{family}-{version}-{suffix}"))
    };
    let lowered = base.to_ascii_lowercase();
    for family in ["AGPL", "LGPL", "GFDL", "GPL"] {
        let prefix = format!("{}-", family.to_ascii_lowercase());
        if let Some(version) = lowered.strip_prefix(&prefix)
            && !version.is_empty()
            && version.chars().all(|c| c.is_ascii_digit() || c == '.')
        {
            return gnu(family, version);
        }
    }
    if later {
        return None;
    }
    let known = match lowered.as_str() {
        "expat" | "mit" => "MIT",
        "bsd-2-clause" => "BSD-2-Clause",
        "bsd-3-clause" => "BSD-3-Clause",
        "bsd-4-clause" => "BSD-4-Clause",
        "apache-2" | "apache-2.0" => "Apache-2.0",
        "isc" => "ISC",
        "zlib" => "Zlib",
        "mpl-1.1" => "MPL-1.1",
        "mpl-2.0" => "MPL-2.0",
        "x11" => "X11",
        "artistic-2.0" => "Artistic-2.0",
        "cc0-1.0" => "CC0-1.0",
        "unicode" => "Unicode-DFS-2016",
        _ => return None,
    };
    Some(known.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const COPYRIGHT: &str =
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: zlib

Files: *
Copyright: 1995-2022 Jean-loup Gailly and Mark Adler
License: Zlib

Files: contrib/*
Copyright: someone
License: GPL-2+ or LGPL-2.1
 Some text.

Files: debian/*
License: BSD-3-clause

Files: examples/*
License: public-domain

License: Zlib
 This software is provided 'as-is', without any express or implied warranty.
";

    #[test]
    fn reads_the_licences_of_files_paragraphs() {
        assert_eq!(
            licenses(COPYRIGHT),
            [
                "Zlib",
                "GPL-2.0-or-later OR LGPL-2.1-only",
                "BSD-3-Clause",
                "public-domain"
            ]
        );
        assert!(licenses("This is zlib.\n\nLicense: Zlib\n").is_empty());
        assert_eq!(
            spdx_of("GPL-2+ with OpenSSL exception"),
            "GPL-2+ with OpenSSL exception"
        );
        assert_eq!(spdx_of("GPL"), "GPL");
        assert_eq!(spdx_of("GPL-1+ or Artistic"), "GPL-1+ or Artistic");
        assert_eq!(
            package_of("/usr/share/doc/zlib1g/copyright"),
            Some("zlib1g")
        );
        assert_eq!(package_of("/usr/share/doc/a/b/copyright"), None);
    }
}
