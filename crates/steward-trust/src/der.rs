//! The few DER structures steward writes: a `SubjectPublicKeyInfo` around a key, and a PKCS#1
//! `RSAPublicKey` from its two integers. Reading DER is left to the `spki` crate.

/// `AlgorithmIdentifier` of Ed25519 (RFC 8410): the OID, no parameters.
pub(crate) const ED25519_ALGORITHM: &[u8] = &[0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70];
/// `AlgorithmIdentifier` of an EC public key on P-256 (RFC 5480).
pub(crate) const P256_ALGORITHM: &[u8] = &[
    0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
    0xce, 0x3d, 0x03, 0x01, 0x07,
];
/// `AlgorithmIdentifier` of an EC public key on P-384 (RFC 5480).
pub(crate) const P384_ALGORITHM: &[u8] = &[
    0x30, 0x10, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x05, 0x2b, 0x81, 0x04,
    0x00, 0x22,
];
/// `AlgorithmIdentifier` of `rsaEncryption` with its NULL parameters (RFC 3279).
pub(crate) const RSA_ALGORITHM: &[u8] = &[
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;

/// `SubjectPublicKeyInfo { algorithm, subjectPublicKey }`.
pub(crate) fn spki(algorithm: &[u8], key: &[u8]) -> Vec<u8> {
    let mut bit_string = Vec::with_capacity(key.len() + 1);
    bit_string.push(0); // no unused bits
    bit_string.extend_from_slice(key);
    let mut body = algorithm.to_vec();
    body.extend(element(BIT_STRING, &bit_string));
    element(SEQUENCE, &body)
}

/// `RSAPublicKey { modulus, publicExponent }` from big-endian unsigned integers.
pub(crate) fn rsa_public_key(modulus: &[u8], exponent: &[u8]) -> Vec<u8> {
    let mut body = element(INTEGER, &unsigned(modulus));
    body.extend(element(INTEGER, &unsigned(exponent)));
    element(SEQUENCE, &body)
}

/// An unsigned integer's minimal two's-complement content octets.
fn unsigned(bytes: &[u8]) -> Vec<u8> {
    let first = bytes
        .iter()
        .position(|&byte| byte != 0)
        .unwrap_or(bytes.len());
    let significant = &bytes[first..];
    let mut content = Vec::with_capacity(significant.len() + 1);
    if significant.first().is_none_or(|&byte| byte & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(significant);
    content
}

fn element(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let length = content.len();
    if length < 0x80 {
        out.push(u8::try_from(length).unwrap_or(0));
    } else {
        let length_bytes = length.to_be_bytes();
        let first = length_bytes.iter().position(|&byte| byte != 0).unwrap_or(0);
        out.push(0x80 | u8::try_from(length_bytes.len() - first).unwrap_or(0));
        out.extend_from_slice(&length_bytes[first..]);
    }
    out.extend_from_slice(content);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_minimal_and_positive() {
        assert_eq!(unsigned(&[0, 0, 1]), vec![1]);
        assert_eq!(unsigned(&[0x80]), vec![0, 0x80]);
        assert_eq!(unsigned(&[]), vec![0]);
    }

    #[test]
    fn long_lengths_use_the_long_form() {
        let long = element(SEQUENCE, &[0; 300]);
        assert_eq!(&long[..4], &[0x30, 0x82, 0x01, 0x2c]);
    }
}
