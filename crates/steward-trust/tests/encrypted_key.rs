//! Password-encrypted private keys: a key steward encrypts reads back only with its password;
//! key derivations too costly to run, PBES1 and damaged files are refused by name.
//! (OpenSSL's and Python cryptography's keys, both ways: scripts/reference/check-trust-interop.sh.)

use pkcs8::EncryptedPrivateKeyInfo;
use pkcs8::der::Encode as _;
use pkcs8::pkcs5::pbes2::{self, Kdf, Pbkdf2Params, ScryptParams};
use pkcs8::pkcs5::{EncryptionScheme, pbes1};
use steward_trust::encrypted_key::{self, EncryptedKeyError};
use steward_trust::signing::SigningError;
use steward_trust::{SigningAlgorithm, SigningKey};

#[test]
fn an_encrypted_key_reads_back_with_its_password_only() {
    for algorithm in [SigningAlgorithm::Ed25519, SigningAlgorithm::EcdsaP256] {
        let key = SigningKey::generate(algorithm).expect("a key");
        let pem = key.to_encrypted_pem(b"correct horse").expect("encrypts");
        assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assert!(!pem.contains(&key.to_pkcs8_pem()[28..60]));
        let read = SigningKey::from_pem(&pem, Some(b"correct horse")).expect("decrypts");
        assert_eq!(read.public_key(), key.public_key());
        assert!(matches!(
            SigningKey::from_pem(&pem, Some(b"wrong horse")),
            Err(SigningError::Password(EncryptedKeyError::WrongPassword))
        ));
        assert!(matches!(
            SigningKey::from_pem(&pem, None),
            Err(SigningError::Encrypted)
        ));
    }
    let key = SigningKey::generate(SigningAlgorithm::Ed25519).expect("a key");
    assert!(matches!(
        key.to_encrypted_pem(b""),
        Err(SigningError::Password(EncryptedKeyError::EmptyPassword))
    ));
}

fn encrypted_with(kdf: Kdf<'_>) -> Vec<u8> {
    let iv = [7; 16];
    let info = EncryptedPrivateKeyInfo {
        encryption_algorithm: EncryptionScheme::Pbes2(pbes2::Parameters {
            kdf,
            encryption: pbes2::EncryptionScheme::Aes256Cbc { iv: &iv },
        }),
        encrypted_data: &[0; 64],
    };
    info.to_der().expect("encodes")
}

#[test]
fn costly_key_derivations_are_refused_before_they_run() {
    let salt = [1; 16];
    let mut scrypt = ScryptParams::from_params_and_salt(
        pkcs8::pkcs5::scrypt::Params::new(14, 8, 1, 32).expect("params"),
        &salt,
    )
    .expect("params");
    scrypt.cost_parameter = 1 << 22;
    let refused = encrypted_key::decrypt(&encrypted_with(scrypt.into()), b"password");
    assert!(
        matches!(&refused, Err(EncryptedKeyError::TooCostly(what)) if what.contains("scrypt")),
        "{refused:?}"
    );
    let pbkdf2 = Pbkdf2Params::hmac_with_sha256(100_000_000, &salt).expect("params");
    let refused = encrypted_key::decrypt(&encrypted_with(pbkdf2.into()), b"password");
    assert!(
        matches!(&refused, Err(EncryptedKeyError::TooCostly(what)) if what.contains("PBKDF2")),
        "{refused:?}"
    );
    let affordable = Pbkdf2Params::hmac_with_sha256(1_000, &salt).expect("params");
    assert_eq!(
        encrypted_key::decrypt(&encrypted_with(affordable.into()), b"password"),
        Err(EncryptedKeyError::WrongPassword),
        "garbage under affordable parameters decrypts to nothing"
    );
}

#[test]
fn pbes1_and_damaged_files_are_refused() {
    let pbes1 = EncryptedPrivateKeyInfo {
        encryption_algorithm: EncryptionScheme::Pbes1(pbes1::Algorithm {
            encryption: pbes1::EncryptionScheme::PbeWithSha1AndDesCbc,
            parameters: pbes1::Parameters {
                salt: [0; 8],
                iteration_count: 2048,
            },
        }),
        encrypted_data: &[0; 64],
    };
    assert_eq!(
        encrypted_key::decrypt(&pbes1.to_der().expect("encodes"), b"password"),
        Err(EncryptedKeyError::Unsupported("PBES1".to_owned()))
    );
    assert!(matches!(
        encrypted_key::decrypt(b"\x30\x03\x02\x01", b"password"),
        Err(EncryptedKeyError::Malformed(_))
    ));
}
