//! Public keys published by other projects read as the algorithm they are, with one key id
//! whatever the form; keys of algorithms steward does not verify are refused by name.

use steward_test::corpus_path;
use steward_trust::{Algorithm, KeyError, PublicKey, SigningKey};

fn read(relative: &str) -> Result<PublicKey, KeyError> {
    let bytes = std::fs::read(corpus_path(relative)).expect("the key file reads");
    PublicKey::parse(&bytes)
}

#[test]
fn spki_and_pkcs1_in_pem_and_der() {
    let formats = "trust/keys/rustcrypto-formats";
    for (stem, algorithm) in [
        ("spki/tests/examples/ed25519-pub", Algorithm::Ed25519),
        ("spki/tests/examples/p256-pub", Algorithm::EcdsaP256),
        ("spki/tests/examples/rsa2048-pub", Algorithm::Rsa(2048)),
        ("pkcs1/tests/examples/rsa2048-pub", Algorithm::Rsa(2048)),
        ("pkcs1/tests/examples/rsa4096-pub", Algorithm::Rsa(4096)),
    ] {
        let pem = read(&format!("{formats}/{stem}.pem")).expect(stem);
        let der = read(&format!("{formats}/{stem}.der")).expect(stem);
        assert_eq!(pem.algorithm(), algorithm, "{stem}");
        assert_eq!(pem.id(), der.id(), "{stem}: PEM and DER are one key");
        assert_eq!(
            PublicKey::parse(pem.to_pem().as_bytes()).as_ref(),
            Ok(&pem),
            "{stem}: round trip"
        );
    }
    let spki = read(&format!("{formats}/spki/tests/examples/rsa2048-pub.der")).expect("SPKI");
    let pkcs1 = read(&format!("{formats}/pkcs1/tests/examples/rsa2048-pub.der")).expect("PKCS#1");
    assert_eq!(
        spki.id(),
        pkcs1.id(),
        "the same RSA key as SPKI and as PKCS#1 has one id"
    );
}

#[test]
fn openssh_public_keys() {
    let examples = "trust/keys/rustcrypto-ssh/ssh-key/tests/examples";
    for (file, algorithm) in [
        ("id_ed25519.pub", Algorithm::Ed25519),
        ("id_ecdsa_p256.pub", Algorithm::EcdsaP256),
        ("id_ecdsa_p384.pub", Algorithm::EcdsaP384),
        ("id_rsa_3072.pub", Algorithm::Rsa(3072)),
        ("id_rsa_4096.pub", Algorithm::Rsa(4096)),
    ] {
        assert_eq!(
            read(&format!("{examples}/{file}")).map(|key| key.algorithm()),
            Ok(algorithm),
            "{file}"
        );
    }
    for file in [
        "id_dsa_1024.pub",
        "id_ecdsa_p521.pub",
        "id_sk_ed25519.pub",
        "id_sk_ecdsa_p256.pub",
        "id_ed25519-cert.pub",
        "id_opaque.pub",
    ] {
        assert!(
            matches!(
                read(&format!("{examples}/{file}")),
                Err(KeyError::UnsupportedAlgorithm(_))
            ),
            "{file} is refused as an unsupported algorithm"
        );
    }
}

#[test]
fn in_toto_rs_keys_agree_with_their_private_halves() {
    let tests = "trust/in-toto/in-toto-rs/tests";
    // The Ed25519 `.pk8.der` files there are in ring 0.16's PKCS#8 v2 encoding, which is not
    // RFC 5958's and which aws-lc-rs refuses; only the ECDSA pair is checked.
    let public = read(&format!("{tests}/ecdsa/ec.spki.der")).expect("ECDSA SPKI");
    let der = std::fs::read(corpus_path(&format!("{tests}/ecdsa/ec.pk8.der"))).expect("reads");
    let signing = SigningKey::from_pkcs8_der(&der).expect("ECDSA PKCS#8");
    assert_eq!(signing.public_key(), &public);
    let rsa = read(&format!("{tests}/rsa/rsa-4096.spki.der")).expect("RSA SPKI");
    let pkcs1 = read(&format!("{tests}/rsa/rsa-4096.pkcs1.der")).expect("RSA PKCS#1");
    assert_eq!(
        (rsa.algorithm(), rsa.id()),
        (Algorithm::Rsa(4096), pkcs1.id())
    );
}

#[test]
fn hostile_keys_are_refused_with_their_reason() {
    assert_eq!(PublicKey::parse(b"hello"), Err(KeyError::UnknownForm));
    assert_eq!(
        PublicKey::parse(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
        Err(KeyError::PrivateKey)
    );
    // A P-256 SPKI whose point is not on the curve.
    let mut off_curve = read("trust/keys/rustcrypto-formats/spki/tests/examples/p256-pub.der")
        .expect("P-256")
        .spki_der()
        .to_vec();
    let last = off_curve.len() - 1;
    off_curve[last] ^= 1;
    assert_eq!(
        PublicKey::from_spki_der(&off_curve),
        Err(KeyError::Invalid(Algorithm::EcdsaP256))
    );
    // An Ed25519 SPKI with a truncated key.
    let ed25519 =
        read("trust/keys/rustcrypto-formats/spki/tests/examples/ed25519-pub.der").expect("Ed25519");
    let truncated = [
        &[
            0x30, 0x29, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x20, 0x00,
        ],
        &ed25519.spki_der()[13..44],
    ]
    .concat();
    assert_eq!(
        PublicKey::from_spki_der(&truncated),
        Err(KeyError::Invalid(Algorithm::Ed25519))
    );
}
