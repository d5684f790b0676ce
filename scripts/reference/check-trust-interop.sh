#!/usr/bin/env bash
# DSSE envelopes and in-toto statements interoperate with securesystemslib (the Python library
# in-toto is built on), both ways:
#
#   securesystemslib signs (Ed25519 and ECDSA P-256) -> steward verifies, threshold 2;
#                                          tampered  -> steward refuses (exit status 1)
#   steward signs (Ed25519, then ECDSA P-256 added)  -> securesystemslib verifies both;
#                                          tampered  -> securesystemslib refuses
#
# and password-encrypted private keys (PKCS#8 PBES2) with Python's cryptography (OpenSSL):
#
#   steward encrypts a new key (scrypt)     -> cryptography decrypts it to the same key
#   cryptography encrypts a key (its best)  -> steward signs with it, and verifies
#
# Needs Python with pip and the network to PyPI (once; the tools are kept in
# target/reference/trust-tools) and the steward binary built by `cargo build`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tools=target/reference/trust-tools
if ! "$tools/bin/python" -c 'import securesystemslib.dsse' 2>/dev/null; then
    python3 -m venv "$tools"
    "$tools/bin/pip" install --quiet --disable-pip-version-check securesystemslib==1.6.0 cryptography==51.0.1
fi
cargo build --quiet --locked --bin steward
steward="$PWD/target/debug/steward"
python="$PWD/$tools/bin/python"
interop="$PWD/scripts/reference/trust_interop.py"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
echo "interop artifact" > artifact.txt

expect() { # expect STATUS COMMAND...: the command must exit with STATUS
    local wanted=$1
    shift
    local status=0
    "$@" >/dev/null || status=$?
    if [ "$status" != "$wanted" ]; then
        echo "error: exit status $status, not $wanted: $*" >&2
        exit 1
    fi
}

"$python" "$interop" python-sign "$work"
expect 0 "$steward" --no-config verify artifact.txt --attestation python.intoto.json \
    --key python-ed25519.pub --key python-ecdsa.pub --threshold 2
echo "steward verifies securesystemslib's envelope (Ed25519 + ECDSA P-256, threshold 2)"
sed 's/"payloadType": "application\/vnd.in-toto+json"/"payloadType": "application\/vnd.in-toto+JSON"/' python.intoto.json > python-tampered.json
expect 1 "$steward" --no-config verify artifact.txt --attestation python-tampered.json --key python-ed25519.pub
echo "steward refuses securesystemslib's envelope with a changed payload type"

"$steward" --no-config key generate alice >/dev/null
"$steward" --no-config key generate --algorithm ecdsa-p256 bob >/dev/null
"$steward" --no-config sign artifact.txt --key alice.key --output alice.intoto.json
"$steward" --no-config sign --add-signature alice.intoto.json --key bob.key --output both.intoto.json
expect 0 "$python" "$interop" python-verify both.intoto.json alice.pub bob.pub
echo "securesystemslib verifies steward's envelope (Ed25519 + ECDSA P-256)"
"$python" - both.intoto.json > both-tampered.json <<'PY'
import base64, json, sys
envelope = json.load(open(sys.argv[1]))
payload = json.loads(base64.b64decode(envelope["payload"]))
payload["subject"][0]["digest"]["sha256"] = "0" * 64
envelope["payload"] = base64.b64encode(json.dumps(payload).encode()).decode()
print(json.dumps(envelope))
PY
expect 1 "$python" "$interop" python-verify both-tampered.json alice.pub
echo "securesystemslib refuses steward's envelope with a changed payload"

export STEWARD_KEY_PASSWORD="interop password"
"$steward" --no-config key generate carol >/dev/null
expect 0 "$python" "$interop" python-load carol.key carol.pub
echo "cryptography decrypts steward's encrypted private key"
"$python" "$interop" python-key "$work"
"$steward" --no-config sign artifact.txt --key python-encrypted.key --output python-key.intoto.json
expect 0 "$steward" --no-config verify artifact.txt --attestation python-key.intoto.json \
    --key python-encrypted.pub
echo "steward signs with cryptography's encrypted private key"
STEWARD_KEY_PASSWORD="not the password" expect 2 "$steward" --no-config sign artifact.txt \
    --key python-encrypted.key
echo "steward refuses a wrong password"
