//! JavaScript: npm, Yarn, pnpm and Bun lockfiles, and `package.json`.

pub(crate) mod bun_lock;
pub(crate) mod package_json;
pub(crate) mod package_lock;
pub(crate) mod pnpm_lock;
pub(crate) mod yarn_lock;

use steward_model::{Hash, HashAlgorithm, Source};

use crate::text::hex_of_base64;

/// Subresource-integrity hashes (`sha512-<base64> sha1-<base64>`) as lower-case hex.
pub(crate) fn integrity_hashes(integrity: &str) -> Result<Vec<Hash>, String> {
    integrity
        .split_whitespace()
        .map(|entry| {
            let decoded = entry
                .split_once('-')
                .and_then(|(algorithm, digest)| Some((algorithm, hex_of_base64(digest)?)));
            match decoded {
                Some((algorithm, value)) => Ok(Hash {
                    algorithm: HashAlgorithm::parse(algorithm),
                    value,
                }),
                None => Err(format!(
                    "the integrity `{entry}` is not `<algorithm>-<base64 digest>`"
                )),
            }
        })
        .collect()
}

/// Where an npm-family `resolved` value points: a registry tarball, git, a file.
pub(crate) fn npm_source(resolved: &str) -> Source {
    let git = resolved
        .strip_prefix("git+")
        .or_else(|| resolved.starts_with("git://").then_some(resolved))
        .map(str::to_owned)
        .or_else(|| {
            Some(format!(
                "https://github.com/{}",
                resolved.strip_prefix("github:")?
            ))
        });
    if let Some(rest) = git {
        let (url, commit) = match rest.split_once('#') {
            Some((url, commit)) => (url, Some(commit.to_owned())),
            None => (rest.as_str(), None),
        };
        return Source::Git {
            url: url.to_owned(),
            reference: None,
            commit,
        };
    }
    if let Some(path) = resolved.strip_prefix("file:") {
        return Source::Path {
            path: path.to_owned(),
        };
    }
    let is_http = resolved.starts_with("http://") || resolved.starts_with("https://");
    if is_http {
        // `https://host/owner/repo.git#commit` is a git repository.
        let (url, fragment) = resolved.split_once('#').unwrap_or((resolved, ""));
        if url.ends_with(".git") {
            return Source::Git {
                url: url.to_owned(),
                reference: None,
                commit: Some(fragment.to_owned()).filter(|commit| !commit.is_empty()),
            };
        }
    }
    if is_http {
        // `https://registry.npmjs.org/a/-/a-1.0.0.tgz`: a registry's tarball path.
        if let Some(index) = resolved.find("/-/") {
            let registry_end = resolved[..index].rfind('/').map_or(index, |slash| {
                // A scoped name spans two segments (`/@scope/name/-/`).
                let before = &resolved[..slash];
                match before.rfind('/') {
                    Some(scope_slash) if resolved[scope_slash + 1..].starts_with('@') => {
                        scope_slash
                    }
                    _ => slash,
                }
            });
            return Source::Registry {
                url: Some(resolved[..registry_end].to_owned()),
            };
        }
        return Source::Url {
            url: resolved.to_owned(),
        };
    }
    Source::Path {
        path: resolved.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrity_becomes_hex() {
        let hashes = integrity_hashes("sha1-AAAA sha512-/w==").unwrap();
        assert!(
            integrity_hashes("sha512-not*base64")
                .unwrap_err()
                .contains("not*base64")
        );
        assert_eq!(hashes[0].algorithm, HashAlgorithm::Sha1);
        assert_eq!(hashes[0].value, "000000");
        assert_eq!(hashes[1].value, "ff");
    }

    #[test]
    fn sources_are_told_apart() {
        assert_eq!(
            npm_source("https://registry.npmjs.org/@babel/core/-/core-7.0.0.tgz"),
            Source::Registry {
                url: Some("https://registry.npmjs.org".into())
            }
        );
        assert_eq!(
            npm_source("https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz"),
            Source::Registry {
                url: Some("https://registry.npmjs.org".into())
            }
        );
        assert!(matches!(
            npm_source("git+ssh://git@github.com/a/b.git#abc"),
            Source::Git {
                commit: Some(_),
                ..
            }
        ));
        assert_eq!(
            npm_source("file:../x"),
            Source::Path {
                path: "../x".into()
            }
        );
    }
}
