//! The roots a scan was pointed at: files an input pulls in are read only from inside them.

use std::path::{Path, PathBuf};

use crate::path::normalize;
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
                let named = normalize(&root.to_string_lossy())?;
                let canonical = root.canonicalize().ok()?;
                Some((named, canonical))
            })
            .collect();
        Self { roots }
    }

    /// Whether `path` (as the scan names paths) lies inside a root, by name and, when it
    /// exists, after resolving symbolic links.
    pub fn contains(&self, path: &str) -> bool {
        let Some(named) = normalize(path) else {
            return false;
        };
        self.roots.iter().any(|(root, canonical)| {
            let by_name = if root.is_empty() {
                !named.starts_with('/')
            } else {
                named == *root || named.starts_with(&format!("{}/", root.trim_end_matches('/')))
            };
            by_name
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
        let named = normalize(path).ok_or(ReadError::Outside)?;
        let shown = if named.is_empty() {
            "."
        } else {
            named.as_str()
        };
        read_file(Path::new(shown), limit)
    }
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
}
