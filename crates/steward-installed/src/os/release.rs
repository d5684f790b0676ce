//! `/etc/os-release` (or `/usr/lib/os-release`): which distribution and release a root holds.

use steward_model::Distribution;
use steward_purl::Ecosystem;

/// Where `os-release` lives, in the order systemd reads it.
pub(crate) const PATHS: &[&str] = &["/etc/os-release", "/usr/lib/os-release"];

/// Reads `KEY=value` lines (values optionally quoted, with backslash escapes inside double
/// quotes). `None` without an `ID`.
pub(crate) fn parse(root: &str, text: &str) -> Option<Distribution> {
    let mut distribution = Distribution {
        root: root.to_owned(),
        ..Distribution::default()
    };
    for line in text.lines() {
        let Some((key, value)) = line.trim().split_once('=') else {
            continue;
        };
        let value = unquote(value.trim());
        match key.trim() {
            "ID" => distribution.id = value,
            "VERSION_ID" => distribution.version_id = Some(value),
            "PRETTY_NAME" => distribution.pretty_name = Some(value),
            _ => {}
        }
    }
    if distribution.id.is_empty() {
        return None;
    }
    distribution.ecosystem =
        Ecosystem::for_distribution(&distribution.id, distribution.version_id.as_deref())
            .map(|ecosystem| ecosystem.to_string());
    Some(distribution)
}

fn unquote(value: &str) -> String {
    if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        let mut out = String::with_capacity(inner.len());
        let mut characters = inner.chars();
        while let Some(character) = characters.next() {
            if character == '\\' {
                if let Some(escaped) = characters.next() {
                    out.push(escaped);
                }
            } else {
                out.push(character);
            }
        }
        out
    } else if let Some(inner) = value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        inner.to_owned()
    } else {
        value.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_debian_ubuntu_and_alpine() {
        let debian = parse(
            "/",
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n",
        )
        .unwrap();
        assert_eq!(debian.ecosystem.as_deref(), Some("Debian:12"));
        assert_eq!(
            debian.pretty_name.as_deref(),
            Some("Debian GNU/Linux 12 (bookworm)")
        );
        let ubuntu = parse("/", "ID=ubuntu\nVERSION_ID='22.04'\n").unwrap();
        assert_eq!(ubuntu.ecosystem.as_deref(), Some("Ubuntu:22.04:LTS"));
        let alpine = parse("/", "ID=alpine\nVERSION_ID=3.20.3\n").unwrap();
        assert_eq!(alpine.ecosystem.as_deref(), Some("Alpine:v3.20"));
        let unknown = parse("/", "ID=plan9\n").unwrap();
        assert_eq!(unknown.ecosystem, None);
        assert!(parse("/", "NAME=nothing\n").is_none());
    }
}
