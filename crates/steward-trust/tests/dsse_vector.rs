//! The DSSE specification's test vector (protocol.md): the PAE bytes, and the envelope's P-256
//! fixed-size signature verifying with the key given by its coordinates — and not after any
//! change to the payload, its type or the signature.

use steward_trust::dsse::{Envelope, pae};
use steward_trust::{Algorithm, PublicKey, VerifyingKey};

/// A decimal number as 32 big-endian bytes.
fn decimal_to_32_bytes(decimal: &str) -> Vec<u8> {
    let mut bytes = vec![0u8; 32];
    for digit in decimal.bytes() {
        let mut carry = u32::from(digit - b'0');
        for byte in bytes.iter_mut().rev() {
            let value = u32::from(*byte) * 10 + carry;
            *byte = (value & 0xff) as u8;
            carry = value >> 8;
        }
        assert_eq!(carry, 0, "the coordinate fits in 32 bytes");
    }
    bytes
}

fn vector() -> serde_json::Value {
    let path = steward_test::corpus_path("trust/dsse/dsse-protocol-test-vector.extracted.json");
    serde_json::from_slice(&std::fs::read(path).expect("reads")).expect("parses")
}

fn key(vector: &serde_json::Value) -> VerifyingKey {
    let coordinate =
        |name: &str| decimal_to_32_bytes(vector["key"][name]["value"].as_str().expect("a decimal"));
    let point = [vec![4], coordinate("X"), coordinate("Y")].concat();
    let spki = [
        &[
            0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06,
            0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
        ][..],
        &point,
    ]
    .concat();
    let public = PublicKey::from_spki_der(&spki).expect("the vector's key is a P-256 key");
    assert_eq!(public.algorithm(), Algorithm::EcdsaP256);
    VerifyingKey::new(public, None).expect("binds")
}

#[test]
fn the_specification_vector_verifies() {
    let vector = vector();
    let payload_type = vector["payload_type"]["value"].as_str().expect("text");
    let body = vector["serialized_body"]["value"].as_str().expect("text");
    assert_eq!(
        pae(payload_type, body.as_bytes()),
        vector["pae"]["value"].as_str().expect("text").as_bytes()
    );

    let envelope_json = vector["envelope"]["source_text"].as_str().expect("text");
    let envelope = Envelope::parse(envelope_json.as_bytes()).expect("the envelope parses");
    let key = key(&vector);
    let (outcomes, verified) = envelope.verify(std::slice::from_ref(&key));
    assert_eq!(outcomes[0].verdict, Ok(key.key().id()));
    let verified = verified.expect("the payload is handed on");
    assert_eq!(
        (verified.payload_type.as_str(), verified.payload.as_slice()),
        (payload_type, body.as_bytes())
    );
}

#[test]
fn any_change_is_refused() {
    let vector = vector();
    let key = key(&vector);
    let original = vector["envelope"]["source_text"].as_str().expect("text");
    for (from, to) in [
        ("aGVsbG8gd29ybGQ=", "aGVsbG8gd29ybGQh"),
        (
            "http://example.com/HelloWorld",
            "http://example.com/HelloWorle",
        ),
        ("A3JqsQGtVsJ2", "A3JqsQGtVsJ3"),
    ] {
        let changed = original.replace(from, to);
        let envelope = Envelope::parse(changed.as_bytes()).expect("still an envelope");
        assert!(
            envelope.verify(std::slice::from_ref(&key)).1.is_none(),
            "{from} -> {to} is refused"
        );
    }
}
