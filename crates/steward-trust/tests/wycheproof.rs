//! Every Wycheproof vector for the schemes steward verifies gives its expected verdict:
//! `valid` verifies, `invalid` does not (whether the key or the signature is refused).
//! `acceptable` vectors are decided by aws-lc-rs; the counts each way are pinned here and
//! documented in docs/verify.md: the only ones are RSA PKCS#1 v1.5 signatures whose `DigestInfo`
//! omits the NULL parameters (flag `MissingNull`), which steward refuses.

use serde::Deserialize;
use steward_trust::{PublicKey, Scheme, VerifyingKey};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct File {
    number_of_tests: usize,
    test_groups: Vec<Group>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Group {
    public_key_der: String,
    tests: Vec<Vector>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Vector {
    tc_id: u32,
    msg: String,
    sig: String,
    result: String,
}

fn unhex(text: &str) -> Vec<u8> {
    steward_trust::unhex(text).expect("hex")
}

/// Runs one file; returns (acceptable vectors accepted, acceptable vectors refused).
fn run(name: &str, scheme: Scheme) -> (usize, usize) {
    let path = steward_test::corpus_path(&format!(
        "trust/keys/wycheproof/testvectors_v1/{name}_test.json"
    ));
    let text = std::fs::read(&path).expect("the Wycheproof file reads");
    let file: File = serde_json::from_slice(&text).expect("the Wycheproof file parses");
    let mut seen = 0;
    let mut acceptable = (0, 0);
    let mut wrong = Vec::new();
    for group in &file.test_groups {
        let key = PublicKey::from_spki_der(&unhex(&group.public_key_der))
            .map_err(|error| error.to_string())
            .and_then(|key| {
                VerifyingKey::new(key, Some(scheme)).map_err(|error| error.to_string())
            });
        for vector in &group.tests {
            seen += 1;
            let verified = key
                .as_ref()
                .is_ok_and(|key| key.verify(&unhex(&vector.msg), &unhex(&vector.sig)).is_ok());
            match (vector.result.as_str(), verified) {
                ("valid", true) | ("invalid", false) => {}
                ("acceptable", true) => acceptable.0 += 1,
                ("acceptable", false) => acceptable.1 += 1,
                (expected, _) => wrong.push(format!(
                    "tcId {} expected {expected}, key {:?}",
                    vector.tc_id,
                    key.as_ref().err()
                )),
            }
        }
    }
    assert_eq!(seen, file.number_of_tests, "{name}: every vector ran");
    assert!(wrong.is_empty(), "{name}: {wrong:#?}");
    acceptable
}

#[test]
fn ed25519() {
    assert_eq!(run("ed25519", Scheme::Ed25519), (0, 0));
}

#[test]
fn ecdsa_p256_der() {
    assert_eq!(
        run("ecdsa_secp256r1_sha256", Scheme::EcdsaP256Sha256),
        (0, 0)
    );
}

#[test]
fn ecdsa_p256_fixed_size() {
    assert_eq!(
        run("ecdsa_secp256r1_sha256_p1363", Scheme::EcdsaP256Sha256),
        (0, 0)
    );
}

#[test]
fn ecdsa_p384_der() {
    assert_eq!(
        run("ecdsa_secp384r1_sha384", Scheme::EcdsaP384Sha384),
        (0, 0)
    );
}

#[test]
fn rsa_pkcs1_2048_sha256() {
    assert_eq!(
        run("rsa_signature_2048_sha256", Scheme::RsaPkcs1Sha256),
        (0, 1)
    );
}

#[test]
fn rsa_pkcs1_4096_sha256() {
    assert_eq!(
        run("rsa_signature_4096_sha256", Scheme::RsaPkcs1Sha256),
        (0, 1)
    );
}

#[test]
fn rsa_pkcs1_4096_sha512() {
    assert_eq!(
        run("rsa_signature_4096_sha512", Scheme::RsaPkcs1Sha512),
        (0, 1)
    );
}

#[test]
fn rsa_pss_2048_sha256() {
    assert_eq!(
        run("rsa_pss_2048_sha256_mgf1_32", Scheme::RsaPssSha256),
        (0, 0)
    );
}
