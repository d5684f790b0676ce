#!/usr/bin/env bash
# Makes minisign's prehashed (ED, BLAKE2b-512) signature fixtures with minisign itself
# (Debian: `apt-get install minisign`): a key pair without a password, a message signed with a
# trusted comment, and the public key. The secret key is thrown away. The files go to
# crates/steward-trust/tests/reference/minisign/, which tests/detached.rs reads.
# Run from the repository root: bash scripts/reference/record-minisign.sh
set -euo pipefail

out=crates/steward-trust/tests/reference/minisign
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$out"
minisign -G -W -p "$work/key.pub" -s "$work/key.sec" >/dev/null
printf 'steward minisign fixture: prehashed with BLAKE2b-512\n' >"$out/message.txt"
minisign -S -s "$work/key.sec" -m "$out/message.txt" -x "$out/message.txt.minisig" \
    -t "signed by scripts/reference/record-minisign.sh" >/dev/null
cp "$work/key.pub" "$out/key.pub"
# minisign checks its own signature, so the fixture is known good.
minisign -V -p "$out/key.pub" -m "$out/message.txt" -x "$out/message.txt.minisig" >/dev/null
minisign -v | sed 's/^/made with /' >"$out/README"
echo "minisign fixtures in $out"
