//! The roots a scan was pointed at: files an input pulls in are read only from inside them.

use std::path::{Path, PathBuf};

use crate::path::resolve;
use crate::read::{ReadError, read_file};

/// The directories a scan may read companion files from, each as the scan names paths
/// (normalized, relative to the working directory or absolute) and as it really is
/// (canonical, symbolic links resolved).
#[derive(Clone, Debug, Default)]
pub struct Confinement {
    roots: Vec<(String, PathBuf)>,
}

impl Confinement {
    /// Confinement to `roots`; a root that does not exist confines to nothing.
    pub fn new<'a>(roots: impl IntoIterator<Item = &'a Path>) -> Self {
        let roots = roots
            .into_iter()
            .filter_map(|root| {
                // A lone file's directory is `""`: the working directory.
                let root = if root.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    root
                };
                let named = resolve(&root.to_string_lossy());
                let canonical = root.canonicalize().ok()?;
                Some((named, canonical))
            })
            .collect();
        Self { roots }
    }

    /// Whether `path` (as the scan names paths) lies inside a root, by name and, when it
    /// exists, after resolving symbolic links.
    pub fn contains(&self, path: &str) -> bool {
        let named = resolve(path);
        self.roots.iter().any(|(root, canonical)| {
            within(&named, root)
                && Path::new(&named)
                    .canonicalize()
                    .map_or(true, |real| real.starts_with(canonical))
        })
    }

    /// The bytes of `path` if it lies inside a root and is a regular file of at most `limit`
    /// bytes.
    pub fn read(&self, path: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
        if !self.contains(path) {
            return Err(ReadError::Outside);
        }
        let named = resolve(path);
        let shown = if named.is_empty() {
            "."
        } else {
            named.as_str()
        };
        read_file(Path::new(shown), limit)
    }
}

/// Whether the resolved `path` names `root` (resolved; `""` is the working directory) or
/// something below it, by name.
fn within(path: &str, root: &str) -> bool {
    let climbs = |text: &str| text == ".." || text.starts_with("../");
    if root.is_empty() {
        return !path.starts_with('/') && !climbs(path);
    }
    path == root
        || path
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with('/'))
        || (root == "/" && path.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_leaves_the_roots() {
        let directory = tempfile::tempdir().unwrap();
        let root = directory.path().join("project");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.txt"), "a").unwrap();
        std::fs::write(directory.path().join("secret"), "s").unwrap();
        std::os::unix::fs::symlink(directory.path().join("secret"), root.join("link")).unwrap();
        let confinement = Confinement::new([root.as_path()]);
        let inside = root.join("sub/a.txt").to_string_lossy().into_owned();
        assert_eq!(confinement.read(&inside, 10).unwrap(), b"a");
        let climbing = format!("{}/sub/../../secret", root.display());
        assert!(matches!(
            confinement.read(&climbing, 10),
            Err(ReadError::Outside)
        ));
        let linked = root.join("link").to_string_lossy().into_owned();
        assert!(matches!(
            confinement.read(&linked, 10),
            Err(ReadError::Outside)
        ));
        assert!(matches!(
            confinement.read("/proc/self/environ", 10),
            Err(ReadError::Outside)
        ));
        assert!(!confinement.contains(&format!("{}-other/x", root.display())));
    }

    #[test]
    fn roots_named_relatively_and_above_the_working_directory_hold() {
        assert!(within(
            "../data/lockfiles/a/Cargo.toml",
            "../data/lockfiles"
        ));
        assert!(!within("../data/secret", "../data/lockfiles"));
        assert!(!within("../data/lockfiles-other/x", "../data/lockfiles"));
        assert!(within("a/b", ""));
        assert!(!within("../a", ""));
        assert!(!within("/etc/passwd", ""));
        assert!(within("/tmp/x", "/"));
    }
}
