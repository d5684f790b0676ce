//! Paths inside a root or image: `/`-separated, absolute, with `.` and `..` resolved.

/// The absolute form of a path inside the root (`./usr/bin/x` → `/usr/bin/x`). `None` if
/// `..` would climb above the root.
pub(crate) fn normalize(path: &str) -> Option<String> {
    steward_fs::normalize(&format!("/{path}"))
}

/// A path relative to the root, made absolute (never `None`: a walk does not climb).
pub(crate) fn inside_path(relative: &str) -> String {
    normalize(&relative.replace('\\', "/")).unwrap_or_else(|| "/".to_owned())
}

/// Whether a symbolic link at `link` (absolute, inside the root) to `target` points outside
/// the root. Absolute targets are read as inside the root, as a container sees them.
pub(crate) fn escapes(link: &str, target: &str) -> bool {
    if target.starts_with('/') {
        return normalize(target).is_none();
    }
    let directory = link.rsplit_once('/').map_or("", |(directory, _)| directory);
    normalize(&format!("{directory}/{target}")).is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_and_refuses_climbing() {
        assert_eq!(
            normalize("./usr//bin/../lib/x").as_deref(),
            Some("/usr/lib/x")
        );
        assert_eq!(normalize("../../etc/passwd"), None);
        assert!(!escapes("/etc/os-release", "../usr/lib/os-release"));
        assert!(escapes("/etc/os-release", "../../../etc/shadow"));
        assert!(!escapes("/lib/x", "/usr/lib/x"));
        assert!(escapes("/lib/x", "/../../x"));
    }
}
