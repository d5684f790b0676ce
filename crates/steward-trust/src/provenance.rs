//! SLSA provenance predicates (v1 and v0.2), read for what a policy asks of them: who built
//! the artifact, how, and from which source repository, ref and commit.

use serde::Serialize;
use serde_json::Value;

/// The SLSA Provenance v1 predicate type.
pub const SLSA_V1: &str = "https://slsa.dev/provenance/v1";
/// The SLSA Provenance v0.2 predicate type.
pub const SLSA_V0_2: &str = "https://slsa.dev/provenance/v0.2";

/// What a provenance predicate says about a build.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Provenance {
    pub builder_id: Option<String>,
    pub build_type: Option<String>,
    /// The source repository, as the builder named it (`git+https://github.com/o/r`).
    pub source_repository: Option<String>,
    /// The ref built (`refs/tags/v1.2.3`), when the predicate names it.
    pub source_ref: Option<String>,
    /// The commit built: the source's `gitCommit` or `sha1` digest.
    pub source_digest: Option<String>,
}

impl Provenance {
    /// Why this provenance does not name `builder_id` and `source_repository`, if it does not.
    pub fn refusal(
        &self,
        builder_id: Option<&str>,
        source_repository: Option<&str>,
    ) -> Option<String> {
        if let Some(required) = builder_id
            && self.builder_id.as_deref() != Some(required)
        {
            return Some(format!(
                "built by {}, not the required {required}",
                self.builder_id.as_deref().unwrap_or("(no builder)")
            ));
        }
        if let Some(required) = source_repository
            && self.source_repository.as_deref().map(repository_key)
                != Some(repository_key(required))
        {
            return Some(format!(
                "built from {}, not the required {required}",
                self.source_repository.as_deref().unwrap_or("(no source)")
            ));
        }
        None
    }
}

/// A repository address without scheme, `git+`, `.git` or trailing slash, in lowercase:
/// `git+https://github.com/O/r.git` and `github.com/o/r` are one repository.
fn repository_key(address: &str) -> String {
    let address = address.strip_prefix("git+").unwrap_or(address);
    let address = address.split_once("://").map_or(address, |(_, rest)| rest);
    let address = address.trim_end_matches('/');
    address
        .strip_suffix(".git")
        .unwrap_or(address)
        .to_ascii_lowercase()
}

/// Reads the predicate when `predicate_type` is a SLSA provenance type.
pub fn read(predicate_type: &str, predicate: &Value) -> Option<Provenance> {
    match predicate_type {
        SLSA_V1 => Some(read_v1(predicate)),
        SLSA_V0_2 => Some(read_v0_2(predicate)),
        _ => None,
    }
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

/// `gitCommit`, else `sha1`, of a digest set.
fn commit(digest: &Value) -> Option<String> {
    text(&digest["gitCommit"]).or_else(|| text(&digest["sha1"]))
}

/// Splits `git+https://host/repo@refs/tags/v1` into the repository and the ref.
fn split_ref(uri: &str) -> (String, Option<String>) {
    match uri.rsplit_once('@') {
        Some((repository, reference)) if reference.starts_with("refs/") => {
            (repository.to_owned(), Some(reference.to_owned()))
        }
        _ => (uri.to_owned(), None),
    }
}

fn read_v1(predicate: &Value) -> Provenance {
    let definition = &predicate["buildDefinition"];
    let workflow = &definition["externalParameters"]["workflow"];
    // The source is the first resolved dependency with a commit; GitHub's builders also name
    // the repository and ref in the workflow parameters.
    let source = definition["resolvedDependencies"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|dependency| commit(&dependency["digest"]).is_some());
    let (uri_repository, uri_ref) = source
        .and_then(|source| source["uri"].as_str())
        .map(split_ref)
        .map_or((None, None), |(repository, reference)| {
            (Some(repository), reference)
        });
    Provenance {
        builder_id: text(&predicate["runDetails"]["builder"]["id"]),
        build_type: text(&definition["buildType"]),
        source_repository: text(&workflow["repository"]).or(uri_repository),
        source_ref: text(&workflow["ref"]).or(uri_ref),
        source_digest: source.and_then(|source| commit(&source["digest"])),
    }
}

fn read_v0_2(predicate: &Value) -> Provenance {
    let config_source = &predicate["invocation"]["configSource"];
    let (repository, reference) = config_source["uri"]
        .as_str()
        .map(split_ref)
        .map_or((None, None), |(repository, reference)| {
            (Some(repository), reference)
        });
    Provenance {
        builder_id: text(&predicate["builder"]["id"]),
        build_type: text(&predicate["buildType"]),
        source_repository: repository,
        source_ref: reference,
        source_digest: commit(&config_source["digest"]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v0_2_names_builder_and_source() {
        let predicate = serde_json::json!({
            "builder": {"id": "https://github.com/actions/runner"},
            "buildType": "https://github.com/npm/cli/gha/v2",
            "invocation": {"configSource": {
                "uri": "git+https://github.com/sigstore/sigstore-js@refs/heads/main",
                "digest": {"sha1": "abc"}
            }}
        });
        let provenance = read(SLSA_V0_2, &predicate).expect("provenance");
        assert_eq!(
            provenance.source_repository.as_deref(),
            Some("git+https://github.com/sigstore/sigstore-js")
        );
        assert_eq!(provenance.source_ref.as_deref(), Some("refs/heads/main"));
        assert_eq!(provenance.source_digest.as_deref(), Some("abc"));
        assert_eq!(read("https://example.com/other", &predicate), None);
        assert_eq!(
            provenance.refusal(
                Some("https://github.com/actions/runner"),
                Some("github.com/Sigstore/sigstore-js.git")
            ),
            None
        );
        assert!(
            provenance
                .refusal(None, Some("github.com/sigstore/other"))
                .is_some()
        );
        assert!(
            provenance
                .refusal(Some("https://example.com/builder"), None)
                .is_some()
        );
    }
}
