//! OpenPGP signatures of the corpus against the answers of GnuPG: Debian's archive `InRelease`
//! (cleartext) and `Release` + `Release.gpg` (detached) with each of Debian's keyrings, and
//! rPGP's cleartext examples. The answers are gpgv's, recorded by
//! `scripts/reference/record-openpgp.py` into `tests/reference/openpgp.json`. The RFC 9580 v6
//! examples gpgv 2.2 cannot read are checked by hand: each says "hello world\n".

use std::collections::BTreeMap;

use pgp::composed::{Deserializable as _, SignedSecretKey};
use serde::Deserialize;
use steward_test::corpus_path;
use steward_trust::openpgp::{
    Cleartext, DetachedSignatures, Keyring, OpenPgpError, SignatureOutcome, SignatureRefusal,
};

#[derive(Deserialize)]
struct Recorded {
    recorded: i64,
    cases: Vec<Case>,
    keyrings: BTreeMap<String, Vec<ListedKey>>,
}

/// A key as `gpg --show-keys` lists it.
#[derive(Deserialize)]
struct ListedKey {
    fingerprint: String,
    revoked: bool,
    bits: u32,
    algorithm: u8,
    expires: Option<u64>,
    sign: bool,
}

impl ListedKey {
    /// Whether steward's constant rules accept the algorithm and size: RSA (1, 3) of 2048 bits
    /// or more, ECDSA (19), EdDSA (22), Ed25519 (27), Ed448 (28); never DSA (17).
    fn strong(&self) -> bool {
        match self.algorithm {
            1 | 3 => self.bits >= 2048,
            19 | 22 | 27 | 28 => true,
            _ => false,
        }
    }
}

fn recorded() -> Recorded {
    serde_json::from_str(include_str!("reference/openpgp.json")).expect("the reference reads")
}

#[derive(Deserialize)]
struct Case {
    keyring: String,
    message: String,
    signature: Option<String>,
    #[serde(default)]
    public_from_secret: bool,
    signatures: Vec<Expected>,
}

#[derive(Deserialize)]
struct Expected {
    issuer: String,
    result: String,
    fingerprint: Option<String>,
}

fn read(relative: &str) -> Vec<u8> {
    std::fs::read(corpus_path(relative)).unwrap_or_else(|error| panic!("{relative}: {error}"))
}

/// The public half of an armored secret key, as the test's own conversion (steward reads only
/// public keys).
fn public_of(secret: &[u8]) -> Vec<u8> {
    let (key, _) = SignedSecretKey::from_armor_single(secret).expect("a secret key");
    key.to_public_key()
        .to_armored_bytes(None.into())
        .expect("armors")
}

fn keyring(case: &Case) -> Keyring {
    let bytes = read(&case.keyring);
    let bytes = if case.public_from_secret {
        public_of(&bytes)
    } else {
        bytes
    };
    Keyring::parse(&bytes).unwrap_or_else(|error| panic!("{}: {error}", case.keyring))
}

fn outcomes(case: &Case, keyring: &Keyring, now: i64) -> Vec<SignatureOutcome> {
    let message = read(&case.message);
    match &case.signature {
        Some(signature) => DetachedSignatures::parse(&read(signature))
            .expect("signatures read")
            .verify(&message, keyring, now),
        None => Cleartext::parse(&message)
            .expect("a cleartext message")
            .verify(keyring, now),
    }
}

/// gpgv's word for a steward outcome.
fn gpgv_word(outcome: &SignatureOutcome) -> &'static str {
    match &outcome.result {
        Ok(()) => "good",
        Err(SignatureRefusal::UnknownKey) => "no-key",
        Err(SignatureRefusal::Invalid) => "bad",
        Err(SignatureRefusal::KeyUnusable { reason, .. }) if reason.contains("revoked") => {
            "revoked-key"
        }
        Err(SignatureRefusal::KeyUnusable { reason, .. }) if reason.contains("expired") => {
            "expired-key"
        }
        Err(_) => "refused",
    }
}

#[test]
fn every_signature_gets_gpgvs_verdict() {
    let recorded = recorded();
    assert_eq!(recorded.cases.len(), 70);
    let mut good = 0;
    for case in &recorded.cases {
        let label = format!(
            "{} with {}",
            case.signature.as_deref().unwrap_or(&case.message),
            case.keyring
        );
        let outcomes = outcomes(case, &keyring(case), recorded.recorded);
        for expected in &case.signatures {
            let outcome = outcomes
                .iter()
                .find(|outcome| outcome.issuer.ends_with(&expected.issuer))
                .unwrap_or_else(|| panic!("{label}: no signature by {}", expected.issuer));
            assert_eq!(gpgv_word(outcome), expected.result, "{label}: {outcome:?}");
            if let Some(fingerprint) = &expected.fingerprint {
                let signer = outcome.signer.as_deref().unwrap_or_default();
                assert!(
                    signer.starts_with(fingerprint.as_str()),
                    "{label}: {signer}"
                );
                good += 1;
            }
        }
        for outcome in &outcomes {
            let reported_good = case.signatures.iter().any(|expected| {
                expected.result == "good" && outcome.issuer.ends_with(&expected.issuer)
            });
            assert!(
                outcome.result.is_err() || reported_good,
                "{label}: steward counts {outcome:?}, gpgv did not"
            );
        }
    }
    assert_eq!(good, 24, "the good signatures gpgv found");
}

#[test]
fn every_key_of_debians_keyrings_has_gpgs_expiry_and_may_sign_as_gpg_and_the_rules_allow() {
    let recorded = recorded();
    let mut refused = 0;
    for (path, listed) in &recorded.keyrings {
        let keyring = Keyring::parse(&read(path)).expect(path);
        let standings: Vec<_> = keyring
            .certificates
            .iter()
            .flat_map(steward_trust::openpgp::Certificate::keys)
            .collect();
        for key in listed {
            let standing = standings
                .iter()
                .find(|standing| standing.fingerprint == key.fingerprint)
                .unwrap_or_else(|| panic!("{path}: {} is missing", key.fingerprint));
            assert_eq!(standing.expires, key.expires, "{path}: {}", key.fingerprint);
            let may_sign = key.sign && !key.revoked && key.strong();
            assert_eq!(
                standing.refusal.is_none(),
                may_sign,
                "{path}: {} {:?}",
                key.fingerprint,
                standing.refusal
            );
            refused += usize::from(!may_sign);
        }
    }
    assert_eq!(
        refused, 10,
        "weak, encryption-only and DSA keys are refused"
    );
}

const RFC9580: &str = "trust/keys/rpgp/tests/rfc9580";

#[test]
fn rfc9580_v6_examples_say_hello_world() {
    for name in [
        "v6-25519-annex-a-4",
        "v6-ed25519-x448",
        "v6-ed448-x448",
        "v6-nistp",
        "v6-rsa",
    ] {
        let keyring =
            Keyring::parse(&public_of(&read(&format!("{RFC9580}/{name}/tsk.asc")))).expect(name);
        let message = Cleartext::parse(&read(&format!("{RFC9580}/{name}/csf.msg"))).expect(name);
        let outcomes = message.verify(&keyring, 1_800_000_000);
        assert!(
            outcomes.iter().any(|outcome| outcome.result.is_ok()),
            "{name}: {outcomes:?}"
        );
        assert_eq!(message.signed_text(), "hello world\n", "{name}");
    }
}

#[test]
fn private_keys_and_other_armor_are_refused() {
    let secret = read(&format!("{RFC9580}/v4-rsa/tsk.asc"));
    assert_eq!(
        Keyring::parse(&secret).unwrap_err(),
        OpenPgpError::PrivateKey
    );
    let message = read(&format!("{RFC9580}/v4-ed25519-x25519/csf.msg"));
    assert!(Keyring::parse(&message).is_err());
    assert!(
        DetachedSignatures::parse(
            b"-----BEGIN PGP SIGNATURE-----\n\n-----END PGP SIGNATURE-----\n"
        )
        .is_err()
    );
    assert!(
        Cleartext::parse(&read(
            "trust/keys/rpgp/tests/unit-tests/csf/gpg.fail-notdash"
        ))
        .is_err()
    );
}

#[test]
fn a_changed_message_is_bad_and_its_signer_named() {
    let debian = "trust/debian";
    let keyring = Keyring::parse(&read(&format!(
        "{debian}/keyrings/debian-archive-bookworm-stable.gpg"
    )))
    .expect("keyring");
    let mut message = read(&format!("{debian}/dists/bookworm/Release"));
    message.extend_from_slice(b"Extra: line\n");
    let signatures =
        DetachedSignatures::parse(&read(&format!("{debian}/dists/bookworm/Release.gpg")))
            .expect("signatures");
    let outcomes = signatures.verify(&message, &keyring, 1_800_000_000);
    let signed = outcomes
        .iter()
        .find(|outcome| outcome.signer.is_some())
        .expect("the stable key is named");
    assert_eq!(signed.result, Err(SignatureRefusal::Invalid));
}

#[test]
fn a_signature_from_the_future_is_refused() {
    let keyring =
        Keyring::parse(&read("trust/debian/keyrings/debian-archive-keyring.gpg")).expect("keyring");
    let message = Cleartext::parse(&read("trust/debian/dists/bookworm/InRelease")).expect("reads");
    // 2020-01-01: years before bookworm's InRelease was signed.
    let outcomes = message.verify(&keyring, 1_577_836_800);
    assert_eq!(outcomes.len(), 3);
    assert!(
        outcomes
            .iter()
            .all(|outcome| outcome.result == Err(SignatureRefusal::FromTheFuture)),
        "{outcomes:?}"
    );
}
