//! Detached signatures from the corpus: OpenSSH's SSHSIG files (`ssh-key`'s examples, each the
//! message `testing` in namespace `example`, checked upstream with `ssh-keygen -Y
//! check-novalidate`) and minisign's (two real dnscrypt-resolvers lists in the legacy form, and a
//! prehashed one minisign made here), verified; and every
//! change refused with its reason.

use steward_test::corpus_path;
use steward_trust::PublicKey;
use steward_trust::detached::{DetachedError, DetachedSignature};

fn read(relative: &str) -> Vec<u8> {
    std::fs::read(corpus_path(&format!("trust/keys/{relative}"))).expect("a corpus file reads")
}

const SSH: &str = "rustcrypto-ssh/ssh-key/tests/examples";

fn ssh(name: &str) -> (DetachedSignature, PublicKey) {
    let signature = DetachedSignature::parse(&read(&format!("{SSH}/sshsig_{name}"))).expect(name);
    let key = PublicKey::parse(&read(&format!("{SSH}/id_{name}.pub"))).expect(name);
    (signature, key)
}

#[test]
fn ssh_signatures_verify_for_their_message_namespace_and_key() {
    for name in ["ed25519", "ecdsa_p256", "ecdsa_p384", "rsa_3072"] {
        let (signature, key) = ssh(name);
        assert!(
            signature.verify(b"testing", &key, Some("example")).is_ok(),
            "{name}"
        );
        assert_eq!(
            signature.verify(b"testinG", &key, Some("example")),
            Err(DetachedError::Invalid),
            "{name}"
        );
        assert!(
            matches!(
                signature.verify(b"testing", &key, None),
                Err(DetachedError::Namespace { .. })
            ),
            "{name}: the default namespace is file"
        );
    }
    let (ed25519, _) = ssh("ed25519");
    let (_, other_key) = ssh("ecdsa_p256");
    assert!(matches!(
        ed25519.verify(b"testing", &other_key, Some("example")),
        Err(DetachedError::OtherKey { .. })
    ));
    // DSA and security-key signatures are refused by name.
    for name in ["dsa_1024", "sk_ed25519"] {
        let parsed = DetachedSignature::parse(&read(&format!("{SSH}/sshsig_{name}")));
        assert!(
            matches!(parsed, Err(DetachedError::Key(_))),
            "{name}: {parsed:?}"
        );
    }
}

const MINISIGN_KEY: &str = "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3";

#[test]
fn minisign_signatures_verify_with_their_trusted_comment() {
    let key = PublicKey::parse(MINISIGN_KEY.as_bytes()).expect("the minisign key reads");
    for file in ["onion-services.md", "odoh-relays.md"] {
        let message = read(&format!("minisign/dnscrypt-resolvers/v3/{file}"));
        let signature_file = read(&format!("minisign/dnscrypt-resolvers/v3/{file}.minisig"));
        let signature = DetachedSignature::parse(&signature_file).expect(file);
        let verified = signature.verify(&message, &key, None).expect(file);
        assert!(
            verified.detail.contains(&format!("file:{file}")),
            "{verified:?}"
        );

        let mut changed = message.clone();
        changed.push(b'\n');
        assert_eq!(
            signature.verify(&changed, &key, None),
            Err(DetachedError::Invalid)
        );
        let text = String::from_utf8(signature_file).expect("text");
        let retimed = text.replacen("timestamp:1", "timestamp:2", 1);
        let retimed = DetachedSignature::parse(retimed.as_bytes()).expect("still a signature");
        assert_eq!(
            retimed.verify(&message, &key, None),
            Err(DetachedError::TrustedCommentInvalid),
            "{file}"
        );
    }
}

#[test]
fn minisigns_prehashed_signatures_verify_over_the_blake2b_digest() {
    // Made by minisign 0.11 itself: scripts/reference/record-minisign.sh.
    let fixture = |name: &str| {
        std::fs::read(format!(
            "{}/tests/reference/minisign/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("the fixture reads")
    };
    let key = PublicKey::parse(&fixture("key.pub")).expect("the key reads");
    let signature_file = fixture("message.txt.minisig");
    assert!(
        String::from_utf8_lossy(&signature_file).contains("\nRUR"),
        "the ED form"
    );
    let signature = DetachedSignature::parse(&signature_file).expect("the signature reads");
    let message = fixture("message.txt");
    let verified = signature.verify(&message, &key, None).expect("verifies");
    assert!(
        verified.detail.contains("record-minisign.sh"),
        "{verified:?}"
    );
    let mut changed = message;
    changed[0] ^= 1;
    assert_eq!(
        signature.verify(&changed, &key, None),
        Err(DetachedError::Invalid)
    );
}
