//! Password-encrypted private keys: PKCS#8 `ENCRYPTED PRIVATE KEY` (PBES2, RFC 8018) through
//! RustCrypto's `pkcs8` and `pkcs5`.
//!
//! steward writes scrypt (N = 2^14, r = 8, p = 1) with AES-256-CBC, which OpenSSL and Python's
//! `cryptography` read. It reads PBES2 with scrypt or PBKDF2 and AES-CBC, but only within
//! bounded work, so a hostile key file cannot make it spend gigabytes or hours deriving a key.
//! PBES1 (DES, RC2) is refused.

use aws_lc_rs::rand::{SecureRandom as _, SystemRandom};
pub use pkcs8::der::zeroize::Zeroizing;
use pkcs8::pkcs5::pbes2::{self, Kdf};
use pkcs8::pkcs5::{EncryptionScheme, scrypt};
use pkcs8::{EncryptedPrivateKeyInfo, PrivateKeyInfo};

/// scrypt's cost for keys steward writes: N = 2^14, r = 8 (16 MiB), p = 1, what `openssl pkcs8
/// -scrypt` writes; OpenSSL refuses to read keys that need more than 32 MiB.
const SCRYPT_LOG_N: u8 = 14;
const SCRYPT_R: u32 = 8;
/// The most memory scrypt may take to read a key (128·r·N bytes).
const SCRYPT_MEMORY_LIMIT: u64 = 256 << 20;
const SCRYPT_PARALLELIZATION_LIMIT: u16 = 16;
const PBKDF2_ITERATION_LIMIT: u32 = 10_000_000;

/// Why an encrypted private key could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncryptedKeyError {
    #[error("malformed encrypted private key: {0}")]
    Malformed(String),
    #[error("the key is encrypted with {0}, which steward does not read")]
    Unsupported(String),
    #[error("the key's {0} is beyond steward's limits")]
    TooCostly(String),
    #[error("the password is wrong (or the key is damaged)")]
    WrongPassword,
    #[error("the system random number generator failed")]
    Random,
    #[error("an empty password")]
    EmptyPassword,
}

/// `pkcs8_der` (an unencrypted PKCS#8 key) encrypted under `password`, as DER.
pub fn encrypt(pkcs8_der: &[u8], password: &[u8]) -> Result<Zeroizing<Vec<u8>>, EncryptedKeyError> {
    if password.is_empty() {
        return Err(EncryptedKeyError::EmptyPassword);
    }
    let mut salt = [0; 16];
    let mut iv = [0; 16];
    let random = SystemRandom::new();
    random
        .fill(&mut salt)
        .and_then(|()| random.fill(&mut iv))
        .map_err(|_| EncryptedKeyError::Random)?;
    let cost = scrypt::Params::new(SCRYPT_LOG_N, SCRYPT_R, 1, 32)
        .map_err(|error| EncryptedKeyError::Malformed(error.to_string()))?;
    let parameters = pbes2::Parameters::scrypt_aes256cbc(cost, &salt, &iv)
        .map_err(|error| EncryptedKeyError::Malformed(error.to_string()))?;
    let info = PrivateKeyInfo::try_from(pkcs8_der)
        .map_err(|error| EncryptedKeyError::Malformed(error.to_string()))?;
    let document = info
        .encrypt_with_params(parameters, password)
        .map_err(|error| EncryptedKeyError::Malformed(error.to_string()))?;
    Ok(Zeroizing::new(document.as_bytes().to_vec()))
}

/// The unencrypted PKCS#8 DER inside `der`, an `EncryptedPrivateKeyInfo`.
pub fn decrypt(der: &[u8], password: &[u8]) -> Result<Zeroizing<Vec<u8>>, EncryptedKeyError> {
    let info = EncryptedPrivateKeyInfo::try_from(der)
        .map_err(|error| EncryptedKeyError::Malformed(error.to_string()))?;
    let EncryptionScheme::Pbes2(parameters) = &info.encryption_algorithm else {
        return Err(EncryptedKeyError::Unsupported("PBES1".to_owned()));
    };
    within_limits(&parameters.kdf)?;
    let document = info
        .decrypt(password)
        .map_err(|_| EncryptedKeyError::WrongPassword)?;
    Ok(Zeroizing::new(document.as_bytes().to_vec()))
}

/// Refuses key derivations that would take more memory or time than a key is worth.
fn within_limits(kdf: &Kdf<'_>) -> Result<(), EncryptedKeyError> {
    match kdf {
        Kdf::Pbkdf2(parameters) if parameters.iteration_count > PBKDF2_ITERATION_LIMIT => {
            Err(EncryptedKeyError::TooCostly(format!(
                "PBKDF2 iteration count {}",
                parameters.iteration_count
            )))
        }
        Kdf::Scrypt(parameters) => {
            let memory = 128u64
                .saturating_mul(u64::from(parameters.block_size))
                .saturating_mul(parameters.cost_parameter);
            if memory > SCRYPT_MEMORY_LIMIT
                || parameters.parallelization > SCRYPT_PARALLELIZATION_LIMIT
            {
                return Err(EncryptedKeyError::TooCostly(format!(
                    "scrypt cost (N = {}, r = {}, p = {})",
                    parameters.cost_parameter, parameters.block_size, parameters.parallelization
                )));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}
