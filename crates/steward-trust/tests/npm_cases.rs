//! npm provenance, from the corpus's npm cases (`trust/npm/cases.json`: slsa-verifier's
//! `Test_runVerifyNpmPackage` rows): each package tarball against npm's attestations document,
//! for the GitHub workflow identity of the case's source repository. steward checks the SLSA
//! provenance bundle (signature, certificate, log, identity, source repository) and npm's
//! publish attestation (signed by the registry's key from corepack's list, naming the package
//! and version the case expects); slsa-verifier's builder-id aliases are not checked, so cases
//! failing only on those are listed as deviations. Also npm's registry signatures on a real
//! packument (pnpm's lodash fixture).

use serde::Deserialize;
use steward_trust::npm::{self, NpmError, RegistryKeys, RegistrySignature};
use steward_trust::sigstore::{self, Artifact, Signer};
use steward_trust::verdict::{self, Requirements};

/// What steward does not check, by slsa-verifier's expected error (`ErrorNotSupported` is an
/// unknown builder id).
const NOT_CHECKED: [&str; 3] = [
    "serrors.ErrorInvalidBuilderID",
    "serrors.ErrorMismatchBuilderID",
    "serrors.ErrorNotSupported",
];

fn registry_keys() -> RegistryKeys {
    let config = String::from_utf8(read("corepack/config.json")).expect("UTF-8");
    RegistryKeys::parse(&config).expect("corepack's npm keys read")
}

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
    package_name: Option<String>,
    package_version: Option<String>,
}

fn read(relative: &str) -> Vec<u8> {
    std::fs::read(steward_test::corpus_path(&format!("trust/npm/{relative}")))
        .expect("a corpus file reads")
}

/// Whether steward verifies the case's tarball: its provenance, and its publish attestation
/// for the package name and version the case expects.
fn verifies(case: &Case, root: &sigstore::TrustedRoot, keys: &RegistryKeys) -> bool {
    let policy = case.policy.as_ref().expect("a policy");
    let json = String::from_utf8(read(case.attestations.as_deref().expect("attestations")))
        .expect("UTF-8");
    let tarball = read(case.tarball.as_deref().expect("a tarball"));
    let published = npm::verify_publish_attestation(&json, &tarball, keys, root);
    let publish_holds = published.is_ok_and(|published| {
        policy
            .package_name
            .as_ref()
            .is_none_or(|name| *name == published.name)
            && policy
                .package_version
                .as_ref()
                .is_none_or(|version| *version == published.version)
    });
    publish_holds && provenance_verifies(case, root)
}

/// Whether the case's SLSA provenance verifies.
fn provenance_verifies(case: &Case, root: &sigstore::TrustedRoot) -> bool {
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
    let keys = registry_keys();
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
        let verified = verifies(case, &root, &keys);
        let not_checked = case
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
    assert_eq!(deviations.len(), 10, "{deviations:#?}");
}

#[test]
fn a_changed_publish_attestation_is_refused_and_a_good_one_names_its_package() {
    let root = sigstore::trusted_root(None).expect("the embedded root");
    let keys = registry_keys();
    let gha = "slsa-verifier/cli/slsa-verifier/testdata/npm/gha";
    let tarball = read(&format!("{gha}/supreme-googles-cli-v02-tag.tgz"));
    let good = String::from_utf8(read(&format!("{gha}/supreme-googles-cli-v02-tag.tgz.json")))
        .expect("UTF-8");
    let published =
        npm::verify_publish_attestation(&good, &tarball, &keys, &root).expect("verifies");
    assert_eq!(
        (published.name.as_str(), published.version.as_str()),
        ("@trishankatdatadog/supreme-goggles", "1.0.5")
    );
    assert_eq!(
        published.keyid,
        "SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA"
    );
    let bad = String::from_utf8(read(&format!(
        "{gha}/supreme-googles-cli-v02-tag-invalidsigpub.tgz.json"
    )))
    .expect("UTF-8");
    assert!(matches!(
        npm::verify_publish_attestation(&bad, &tarball, &keys, &root),
        Err(NpmError::Publish(_))
    ));
    let mut other = tarball.clone();
    other.push(0);
    assert!(npm::verify_publish_attestation(&good, &other, &keys, &root).is_err());
    assert_eq!(
        npm::verify_publish_attestation(&good, &tarball, &RegistryKeys::default(), &root),
        Err(NpmError::UnknownKey)
    );
}

#[test]
fn lodash_carries_the_registrys_signature() {
    #[derive(Deserialize)]
    struct Packument {
        modified: String,
        versions: std::collections::BTreeMap<String, Version>,
    }
    #[derive(Deserialize)]
    struct Version {
        dist: Dist,
    }
    #[derive(Deserialize)]
    struct Dist {
        integrity: String,
        #[serde(default)]
        signatures: Vec<RegistrySignature>,
    }
    let keys = registry_keys();
    let packument: Packument = serde_json::from_slice(&read(
        "pnpm/pnpm/tasks/micro-benchmark/fixtures/lodash.json",
    ))
    .expect("the packument reads");
    // The abbreviated packument has no publish times; lodash's last version came out in
    // February 2021 (hand-checked), before npm's first key expired (January 2025). Its
    // `modified` time is after that expiry, so it cannot show the key was valid.
    let published_before = "2023-01-01T00:00:00Z"
        .parse::<jiff::Timestamp>()
        .expect("a time")
        .as_second();
    let modified = packument
        .modified
        .parse::<jiff::Timestamp>()
        .expect("a time")
        .as_second();
    let mut signed = 0;
    for (version, entry) in &packument.versions {
        let dist = &entry.dist;
        if dist.signatures.is_empty() {
            continue;
        }
        let check = |name: &str, signed_by: i64| {
            npm::verify_registry_signature(
                &keys,
                name,
                version,
                &dist.integrity,
                &dist.signatures,
                Some(signed_by),
            )
        };
        let keyid = check("lodash", published_before)
            .unwrap_or_else(|error| panic!("lodash@{version}: {error}"));
        assert!(keyid.starts_with("SHA256:"));
        signed += 1;
        assert_eq!(check("lodash-es", published_before), Err(NpmError::Invalid));
        // After the first key expired, only a signature by the second one counts.
        match check("lodash", modified) {
            Ok(keyid) => assert_eq!(keyid, "SHA256:DhQ8wR5APBvFHLF/+Tc+AYvPOdTpcIDqOhxsBHRwC7U"),
            Err(error) => assert!(matches!(error, NpmError::KeyExpired { .. }), "{error}"),
        }
    }
    assert!(signed > 100, "{signed} signed versions");
}
