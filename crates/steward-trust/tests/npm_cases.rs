//! npm provenance, from the corpus's npm cases (`trust/npm/cases.json`: slsa-verifier's
//! `Test_runVerifyNpmPackage` rows): each package tarball against npm's attestations document,
//! for the GitHub workflow identity of the case's source repository. steward checks the SLSA
//! provenance bundle (signature, certificate, log, identity, source repository); npm's publish
//! attestation (package name and version, signed by the registry's key) and slsa-verifier's
//! builder-id aliases are not checked, so cases failing only on those are listed as deviations.

use serde::Deserialize;
use steward_trust::sigstore::{self, Artifact, Signer};
use steward_trust::verdict::{self, Requirements};

/// What steward does not check, by slsa-verifier's expected error (`ErrorNotSupported` is an
/// unknown builder id).
const NOT_CHECKED: [&str; 5] = [
    "serrors.ErrorMismatchPackageName",
    "serrors.ErrorMismatchPackageVersion",
    "serrors.ErrorInvalidBuilderID",
    "serrors.ErrorMismatchBuilderID",
    "serrors.ErrorNotSupported",
];

#[derive(Deserialize)]
struct Cases {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    id: String,
    kind: String,
    attestations: Option<String>,
    tarball: Option<String>,
    policy: Option<Policy>,
    expected_result: String,
    expected_error: Option<String>,
}

#[derive(Deserialize)]
struct Policy {
    source_uri: String,
    builder_id: Option<String>,
}

fn read(relative: &str) -> Vec<u8> {
    std::fs::read(steward_test::corpus_path(&format!("trust/npm/{relative}")))
        .expect("a corpus file reads")
}

/// Whether steward verifies the case's tarball.
fn verifies(case: &Case, root: &sigstore::TrustedRoot) -> bool {
    let policy = case.policy.as_ref().expect("a policy");
    let json = String::from_utf8(read(case.attestations.as_deref().expect("attestations")))
        .expect("UTF-8");
    let tarball = read(case.tarball.as_deref().expect("a tarball"));
    // The certificate names the workflow that signed: the project's own (npm's CLI builder), or
    // one of the OpenSSF generator's reusable workflows.
    let pattern = if let Some((generator, _)) = policy
        .builder_id
        .as_deref()
        .and_then(|builder| builder.split_once("/.github/workflows/"))
    {
        format!("^{}/\\.github/workflows/.*$", regex::escape(generator))
    } else {
        format!("^https://{}/.*$", regex::escape(&policy.source_uri))
    };
    let signer = Signer::IdentityPattern {
        pattern: regex::Regex::new(&pattern).expect("a pattern"),
        issuer: "https://token.actions.githubusercontent.com".to_owned(),
    };
    let requirements = Requirements {
        source_repository: Some(policy.source_uri.clone()),
        ..Requirements::new(1, None)
    };
    let outcome = sigstore::parse_bundle(&json)
        .and_then(|bundle| sigstore::verify(&bundle, Artifact::Bytes(&tarball), &signer, root));
    verdict::judge_bundle(
        case.id.clone(),
        String::new(),
        "attestations",
        outcome,
        &requirements,
    )
    .verified
}

#[test]
fn npm_provenance_cases_give_their_expected_results() {
    let cases: Cases = serde_json::from_slice(&read("cases.json")).expect("cases.json parses");
    let root = sigstore::trusted_root(None).expect("the embedded root");
    let mut wrong = Vec::new();
    let mut deviations = Vec::new();
    let mut checked = 0;
    // The two npm/cli cases are registry responses without the tarball they attest.
    for case in cases
        .cases
        .iter()
        .filter(|case| case.kind == "npm-attestations" && case.tarball.is_some())
    {
        checked += 1;
        let expected = case.expected_result == "valid";
        let verified = verifies(case, &root);
        let publish_only = case
            .attestations
            .as_deref()
            .is_some_and(|path| path.contains("invalidsigpub"));
        let not_checked = publish_only
            || case
                .expected_error
                .as_deref()
                .is_some_and(|error| NOT_CHECKED.contains(&error));
        match (verified == expected, not_checked) {
            (true, _) => {}
            (false, true) => deviations.push(case.id.clone()),
            (false, false) => wrong.push(format!(
                "{}: expected {}, verified {verified}",
                case.id, case.expected_result
            )),
        }
    }
    assert_eq!(
        checked, 54,
        "every npm attestations case with its tarball ran"
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Pinned, so that a change in what steward checks shows here.
    assert_eq!(deviations.len(), 26, "{deviations:#?}");
}
