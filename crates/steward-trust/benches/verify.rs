//! How fast steward verifies: one DSSE envelope signed with Ed25519 (and ECDSA P-256) checked
//! against its key, and one Sigstore bundle verified offline against its trusted root.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use steward_trust::sigstore::{self, Artifact, Signer};
use steward_trust::{Envelope, SigningAlgorithm, SigningKey, VerifyingKey};

fn envelopes(criterion: &mut Criterion) {
    let mut group = criterion.benchmark_group("dsse");
    group.throughput(Throughput::Elements(1));
    for (name, algorithm) in [
        ("ed25519", SigningAlgorithm::Ed25519),
        ("ecdsa_p256", SigningAlgorithm::EcdsaP256),
    ] {
        let key = SigningKey::generate(algorithm).expect("generates");
        let mut envelope = Envelope::new("application/vnd.in-toto+json", vec![b'x'; 1024]);
        envelope.sign(&key).expect("signs");
        let trusted = [VerifyingKey::new(key.public_key().clone(), None).expect("binds")];
        group.bench_function(format!("verify_{name}"), |bench| {
            bench.iter(|| assert!(envelope.verify(&trusted).1.is_some()));
        });
        // The signature check alone, over the same bytes: what the envelope adds is the rest.
        let message =
            steward_trust::dsse::pae(envelope.payload_type(), envelope.unverified_payload());
        let signature = envelope.signatures()[0].signature.clone();
        group.bench_function(format!("signature_only_{name}"), |bench| {
            bench.iter(|| assert!(trusted[0].verify(&message, &signature).is_ok()));
        });
    }
    group.finish();
}

fn bundle(criterion: &mut Criterion) {
    let read = |relative: &str| {
        std::fs::read_to_string(steward_test::corpus_path(&format!(
            "trust/sigstore/{relative}"
        )))
        .expect("reads")
    };
    let root =
        sigstore::trusted_root(Some(&read("public-good/staging/trusted_root.json"))).expect("root");
    let bundle_json = read("sigstore-python/test/assets/bundle.txt.sigstore");
    let artifact = read("sigstore-python/test/assets/bundle.txt");
    let signer = Signer::Identity {
        subject: "a@tny.town".to_owned(),
        issuer: "https://github.com/login/oauth".to_owned(),
    };
    criterion.bench_function("sigstore/verify_bundle", |bench| {
        bench.iter(|| {
            let bundle = sigstore::parse_bundle(&bundle_json).expect("parses");
            sigstore::verify(
                &bundle,
                Artifact::Bytes(artifact.as_bytes()),
                &signer,
                &root,
            )
            .expect("verifies")
        });
    });
}

/// Debian's bookworm `InRelease` (150 KB, three signatures) with the archive keyring: reading
/// the keyring, and reading and verifying the message.
fn openpgp(criterion: &mut Criterion) {
    use steward_trust::openpgp::{Cleartext, Keyring};
    let read = |relative: &str| {
        std::fs::read(steward_test::corpus_path(&format!(
            "trust/debian/{relative}"
        )))
        .expect("the corpus file reads")
    };
    let keyring_bytes = read("keyrings/debian-archive-keyring.gpg");
    let message = read("dists/bookworm/InRelease");
    let keyring = Keyring::parse(&keyring_bytes).expect("the keyring reads");
    let mut group = criterion.benchmark_group("openpgp");
    group.bench_function("read_keyring", |bench| {
        bench.iter(|| Keyring::parse(&keyring_bytes).expect("reads"));
    });
    group.throughput(Throughput::Bytes(message.len() as u64));
    group.bench_function("verify_inrelease", |bench| {
        bench.iter(|| {
            let outcomes = Cleartext::parse(&message)
                .expect("reads")
                .verify(&keyring, 1_800_000_000);
            assert!(outcomes.iter().all(|outcome| outcome.result.is_ok()));
        });
    });
    group.finish();
}

criterion_group!(benches, envelopes, bundle, openpgp);
criterion_main!(benches);
