//! The one path normalisation: `/`-separated, `.` and `..` resolved, never climbing above
//! where the path starts.

/// `path` with `\` read as `/`, empty and `.` segments dropped and each `..` resolved
/// against the segment before it where there is one; the `..` that would climb above the
/// path's start are kept, in front (`a/../../x` → `../x`). An absolute path keeps its leading
/// `/`; a relative one that resolves to nothing is `""`.
pub fn resolve(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." if segments.last().is_some_and(|last| *last != "..") => {
                segments.pop();
            }
            _ => segments.push(segment),
        }
    }
    let joined = segments.join("/");
    if path.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The strict form: [`resolve`]d, and `None` when a `..` would climb above the path's start
/// (above `/` for an absolute path, above the directory it is relative to otherwise).
pub fn normalize(path: &str) -> Option<String> {
    let resolved = resolve(path);
    let climbs = resolved
        .trim_start_matches('/')
        .split('/')
        .next()
        .is_some_and(|first| first == "..");
    (!climbs).then_some(resolved)
}

/// `relative` read from `directory` (empty, or ending with `/`) and [`resolve`]d; an absolute
/// `relative` stands alone.
pub fn join(directory: &str, relative: &str) -> String {
    let relative = relative.replace('\\', "/");
    if relative.starts_with('/') {
        resolve(&relative)
    } else {
        resolve(&format!("{directory}{relative}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_without_climbing() {
        assert_eq!(
            normalize("./usr//bin/../lib/x").as_deref(),
            Some("usr/lib/x")
        );
        assert_eq!(normalize("/usr/../etc/x").as_deref(), Some("/etc/x"));
        assert_eq!(normalize("a\\b\\..\\c").as_deref(), Some("a/c"));
        assert_eq!(normalize("../../etc/passwd"), None);
        assert_eq!(normalize("/.."), None);
        assert_eq!(normalize("a/.."), Some(String::new()));
    }

    #[test]
    fn resolving_keeps_what_climbs() {
        assert_eq!(resolve("a/../../x"), "../x");
        assert_eq!(resolve("/../x"), "/../x");
        assert_eq!(resolve("./a/./b/"), "a/b");
    }

    #[test]
    fn joins_to_a_directory() {
        assert_eq!(join("a/b/", "../c.txt"), "a/c.txt");
        assert_eq!(join("a/", "/proc/self/environ"), "/proc/self/environ");
        assert_eq!(join("a/", "../../x"), "../x");
        assert_eq!(join("", "x"), "x");
    }
}
