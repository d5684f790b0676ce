//! PyPI (PEP 740) attestations and provenance objects, from the corpus's PyPI cases
//! (`trust/pypi/cases.json`): each distribution against its attestation, read as the Sigstore
//! bundle it stands for, for the case's identity. steward matches the distribution by digest,
//! not by the subject's file name, so the one case that fails upstream only on the name is a
//! listed deviation.

use serde::Deserialize;
use steward_trust::sigstore::{self, Artifact, Signer};

const DEVIATIONS: [&str; 1] = ["rfc8785-whl-attestation-name-mismatch"];

#[derive(Deserialize)]
struct Cases {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    id: String,
    file: String,
    distribution: Option<String>,
    sigstore_instance: String,
    expected_identity: Identity,
    expected_result: String,
}

#[derive(Deserialize)]
struct Identity {
    san: Option<String>,
    issuer: Option<String>,
    source_repository: Option<String>,
    repository: Option<String>,
    workflow: Option<String>,
    gitlab_repository: Option<String>,
    workflow_filepath: Option<String>,
}

fn read(relative: &str) -> Vec<u8> {
    std::fs::read(steward_test::corpus_path(&format!("trust/{relative}")))
        .expect("a corpus file reads")
}

/// The case's identity as a signer: its SAN exactly, or the workflow or repository it names as
/// a pattern (as the upstream publisher policies do).
fn signer(identity: &Identity) -> Signer {
    let github = "https://token.actions.githubusercontent.com".to_owned();
    if let (Some(subject), Some(issuer)) = (&identity.san, &identity.issuer) {
        return Signer::Identity {
            subject: subject.clone(),
            issuer: issuer.clone(),
        };
    }
    let (pattern, issuer) = match identity {
        Identity {
            gitlab_repository: Some(repository),
            workflow_filepath: Some(workflow),
            ..
        } => (
            format!(
                "https://gitlab\\.com/{}//{}@.*",
                regex::escape(repository),
                regex::escape(workflow)
            ),
            "https://gitlab.com".to_owned(),
        ),
        Identity {
            workflow: Some(workflow),
            ..
        } => {
            let repository = identity
                .source_repository
                .clone()
                .or_else(|| {
                    identity
                        .repository
                        .as_ref()
                        .map(|name| format!("https://github.com/{name}"))
                })
                .expect("a repository");
            (
                format!(
                    "{}/\\.github/workflows/{}@.*",
                    regex::escape(&repository),
                    regex::escape(workflow)
                ),
                github,
            )
        }
        Identity {
            repository: Some(repository),
            ..
        } => (format!("{}/.*", regex::escape(repository)), github),
        _ => panic!("an identity"),
    };
    Signer::IdentityPattern {
        pattern: regex::Regex::new(&format!("^(?:{pattern})$")).expect("a pattern"),
        issuer,
    }
}

#[test]
fn pypi_attestations_give_their_expected_results() {
    let cases: Cases = serde_json::from_slice(&read("pypi/cases.json")).expect("cases.json parses");
    let staging =
        String::from_utf8(read("sigstore/public-good/staging/trusted_root.json")).expect("UTF-8");
    let mut wrong = Vec::new();
    let mut checked = 0;
    for case in &cases.cases {
        // Cases without their distribution, or asserting only that a file parses, are not runs.
        let Some(distribution) = &case.distribution else {
            continue;
        };
        if case.expected_result == "parse-only" {
            continue;
        }
        checked += 1;
        let root = sigstore::trusted_root(
            (case.sigstore_instance == "staging").then_some(staging.as_str()),
        )
        .expect("root");
        let json = String::from_utf8(read(&format!("pypi/{}", case.file))).expect("UTF-8");
        let bytes = read(&format!("pypi/{distribution}"));
        let outcome = sigstore::parse_bundle(&json).and_then(|bundle| {
            sigstore::verify(
                &bundle,
                Artifact::Bytes(&bytes),
                &signer(&case.expected_identity),
                &root,
            )
        });
        let agrees = outcome.is_ok() == (case.expected_result == "valid");
        if agrees == DEVIATIONS.contains(&case.id.as_str()) {
            wrong.push(format!(
                "{}: expected {}, got {outcome:?}",
                case.id, case.expected_result
            ));
        }
    }
    assert_eq!(checked, 12, "every PyPI case with its distribution ran");
    assert!(wrong.is_empty(), "{wrong:#?}");
}
