#!/usr/bin/env python3
"""DSSE interoperability with securesystemslib, both ways (run by check-trust-interop.sh).

  python-sign DIR    securesystemslib signs an in-toto statement about DIR/artifact.txt with a
                     new Ed25519 key and a new ECDSA P-256 key: DIR/python.intoto.json,
                     DIR/python-ed25519.pub, DIR/python-ecdsa.pub (SPKI PEM)
  python-verify ENVELOPE PUBKEY...
                     securesystemslib verifies ENVELOPE (written by steward) with every key;
                     each key's id is steward's (SHA-256 of the SPKI DER). Exit 0 when all of
                     them signed it, 1 otherwise.
  python-key DIR     cryptography writes a new Ed25519 key encrypted under $STEWARD_KEY_PASSWORD
                     (PKCS#8, its best available encryption): DIR/python-encrypted.key and .pub
  python-load KEY PUBKEY
                     cryptography decrypts KEY (written by steward) with $STEWARD_KEY_PASSWORD;
                     exit 0 when its public key is PUBKEY
"""
import os
import base64
import hashlib
import json
import pathlib
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from securesystemslib.dsse import Envelope
from securesystemslib.signer import CryptoSigner, SSlibKey

SCHEMES = {"ed25519": "ed25519", "ecdsa": "ecdsa-sha2-nistp256"}


def spki_pem(private_key) -> bytes:
    return private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def key_of(pem: bytes) -> SSlibKey:
    """securesystemslib's key for a PEM public key, with steward's key id."""
    public = serialization.load_pem_public_key(pem)
    der = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    scheme = SCHEMES["ed25519"] if isinstance(public, ed25519.Ed25519PublicKey) else SCHEMES["ecdsa"]
    return SSlibKey.from_crypto(public, keyid=hashlib.sha256(der).hexdigest(), scheme=scheme)


def python_sign(directory: pathlib.Path) -> None:
    artifact = (directory / "artifact.txt").read_bytes()
    statement = {
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": "artifact.txt", "digest": {"sha256": hashlib.sha256(artifact).hexdigest()}}],
        "predicateType": "https://example.com/interop/v1",
        "predicate": {"by": "securesystemslib"},
    }
    envelope = Envelope(json.dumps(statement).encode(), "application/vnd.in-toto+json", {})
    for name, private in [("ed25519", ed25519.Ed25519PrivateKey.generate()),
                          ("ecdsa", ec.generate_private_key(ec.SECP256R1()))]:
        pem = spki_pem(private)
        (directory / f"python-{name}.pub").write_bytes(pem)
        envelope.sign(CryptoSigner(private, key_of(pem)))
    (directory / "python.intoto.json").write_text(json.dumps(envelope.to_dict()))


def python_verify(envelope_path: str, key_paths: list[str]) -> int:
    envelope = Envelope.from_dict(json.loads(pathlib.Path(envelope_path).read_text()))
    keys = [key_of(pathlib.Path(path).read_bytes()) for path in key_paths]
    try:
        verified = envelope.verify(keys, len(keys))
    except Exception as error:  # securesystemslib raises VerificationError below the threshold
        print(f"securesystemslib refuses {envelope_path}: {error}")
        return 1
    payload = json.loads(base64.b64decode(envelope.to_dict()["payload"]))
    print(f"securesystemslib verifies {envelope_path}: {len(verified)} signers, subjects "
          f"{[subject['name'] for subject in payload['subject']]}")
    return 0


def password() -> bytes:
    return os.environ["STEWARD_KEY_PASSWORD"].encode()


def python_key(directory: pathlib.Path) -> None:
    private = ed25519.Ed25519PrivateKey.generate()
    (directory / "python-encrypted.key").write_bytes(private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password())))
    (directory / "python-encrypted.pub").write_bytes(spki_pem(private))


def python_load(key_path: str, public_path: str) -> int:
    private = serialization.load_pem_private_key(pathlib.Path(key_path).read_bytes(), password())
    if spki_pem(private) != pathlib.Path(public_path).read_bytes():
        print(f"the key in {key_path} is not the one in {public_path}")
        return 1
    print(f"cryptography decrypts {key_path}")
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "python-sign":
        python_sign(pathlib.Path(sys.argv[2]))
    elif sys.argv[1] == "python-verify":
        sys.exit(python_verify(sys.argv[2], sys.argv[3:]))
    elif sys.argv[1] == "python-key":
        python_key(pathlib.Path(sys.argv[2]))
    elif sys.argv[1] == "python-load":
        sys.exit(python_load(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
