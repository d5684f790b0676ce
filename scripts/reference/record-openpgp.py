#!/usr/bin/env python3
"""Records what GnuPG's gpgv says about the OpenPGP signatures of the trust corpus.

Each case is a keyring and a signed message (cleartext, or a file with a detached signature);
gpgv's status lines give, for every signature, its issuer and whether it is good (with the
primary key's fingerprint), bad, or made by a key the keyring lacks. For every key of every
keyring, `gpg --show-keys` gives its algorithm, size, expiry, capabilities and whether it is
revoked. The answers go to
crates/steward-trust/tests/reference/openpgp.json, which tests/openpgp.rs compares steward with.

Needs gpgv and gpg (Debian: `apt-get install gpgv gpg`). Run from the repository root:
    python3 scripts/reference/record-openpgp.py
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(os.environ.get("STEWARD_CORPUS", "../shared/data"))
TRUST = CORPUS / "trust"
OUTPUT = Path("crates/steward-trust/tests/reference/openpgp.json")


def status_lines(keyring, arguments):
    run = subprocess.run(
        ["gpgv", "--status-fd", "1", "--keyring", str(keyring), *map(str, arguments)],
        capture_output=True, check=False,
    )
    return [line.split()[1:] for line in run.stdout.decode("utf-8", "replace").splitlines() if line.startswith("[GNUPG:] ")]


def signatures(lines):
    """One entry per signature, from gpgv's status lines, in order."""
    found = []
    for fields in lines:
        keyword, rest = fields[0], fields[1:]
        if keyword == "NEWSIG":
            found.append({"issuer": None, "result": None, "fingerprint": None})
        elif not found:
            continue
        elif keyword == "GOODSIG":
            found[-1].update(issuer=rest[0], result="good")
        elif keyword in ("BADSIG", "EXPKEYSIG", "REVKEYSIG", "EXPSIG"):
            found[-1].update(issuer=rest[0], result={
                "BADSIG": "bad", "EXPKEYSIG": "expired-key",
                "REVKEYSIG": "revoked-key", "EXPSIG": "expired-signature"}[keyword])
        elif keyword == "ERRSIG":
            reason = {"9": "no-key", "4": "unsupported"}.get(rest[5], "error-" + rest[5])
            found[-1].update(issuer=rest[7] if len(rest) > 7 and rest[7] != "-" else rest[0],
                             result=reason)
        elif keyword == "VALIDSIG":
            found[-1]["fingerprint"] = rest[-1]
    return found


def dearmored_keyring(armored, directory):
    """gpgv reads binary keyrings; a public key from an armored public or secret key."""
    home = Path(tempfile.mkdtemp(dir=directory))
    home.chmod(0o700)
    gpg = ["gpg", "--homedir", str(home), "--batch", "--quiet"]
    subprocess.run([*gpg, "--import", str(armored)], check=True, capture_output=True)
    exported = subprocess.run([*gpg, "--export"], check=True, capture_output=True).stdout
    path = home / "keyring.gpg"
    path.write_bytes(exported)
    return path


def cases(directory):
    debian = TRUST / "debian"
    keyrings = sorted((debian / "keyrings").glob("*.gpg"))
    for suite in ("bookworm", "bookworm-updates", "bookworm-security"):
        dists = debian / "dists" / suite
        for keyring in keyrings:
            yield {"keyring": keyring, "message": dists / "InRelease"}
            yield {"keyring": keyring, "message": dists / "Release",
                   "signature": dists / "Release.gpg"}
    csf = TRUST / "keys/rpgp/tests/unit-tests/csf"
    alice = dearmored_keyring(csf / "alice.pub.asc", directory)
    for message in sorted(csf.glob("*.csf")):
        yield {"keyring": csf / "alice.pub.asc", "gpgv_keyring": alice, "message": message}
    for folder in sorted((TRUST / "keys/rpgp/tests/rfc9580").glob("v4-*")):
        if (folder / "csf.msg").exists():
            keyring = dearmored_keyring(folder / "tsk.asc", directory)
            yield {"keyring": folder / "tsk.asc", "gpgv_keyring": keyring,
                   "message": folder / "csf.msg", "public_from_secret": True}


def key_listing(keyring, directory):
    """Each primary key and subkey `gpg --show-keys` lists, with what it says about it."""
    home = Path(tempfile.mkdtemp(dir=directory))
    home.chmod(0o700)
    run = subprocess.run(
        ["gpg", "--homedir", str(home), "--batch", "--with-colons", "--fixed-list-mode",
         "--show-keys", str(keyring)],
        capture_output=True, check=True,
    )
    keys = []
    for line in run.stdout.decode("utf-8", "replace").splitlines():
        fields = line.split(":")
        if fields[0] in ("pub", "sub"):
            keys.append({
                "primary": fields[0] == "pub",
                "revoked": fields[1] == "r",
                "bits": int(fields[2]),
                "algorithm": int(fields[3]),
                "expires": int(fields[6]) if fields[6] else None,
                "sign": "s" in fields[11],
            })
        elif fields[0] == "fpr" and keys and "fingerprint" not in keys[-1]:
            keys[-1]["fingerprint"] = fields[9]
    return keys


def main():
    if not TRUST.is_dir():
        sys.exit(f"the trust corpus is missing: {TRUST}")
    version = subprocess.run(["gpgv", "--version"], capture_output=True, text=True,
                             check=True).stdout.splitlines()[0]
    # gpgv judges expiry against the clock; the test judges at this time.
    recorded_at = int(time.time())
    recorded = []
    with tempfile.TemporaryDirectory() as directory:
        for case in cases(directory):
            arguments = [case["message"]] if "signature" not in case \
                else [case["signature"], case["message"]]
            result = signatures(status_lines(case.get("gpgv_keyring", case["keyring"]), arguments))
            entry = {
                "keyring": str(case["keyring"].relative_to(CORPUS)),
                "message": str(case["message"].relative_to(CORPUS)),
                "signatures": result,
            }
            if "signature" in case:
                entry["signature"] = str(case["signature"].relative_to(CORPUS))
            if case.get("public_from_secret"):
                entry["public_from_secret"] = True
            recorded.append(entry)
        keyrings = {
            str(keyring.relative_to(CORPUS)): key_listing(keyring, directory)
            for keyring in sorted((TRUST / "debian/keyrings").glob("*.gpg"))
        }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps({"reference": version, "recorded": recorded_at, "cases": recorded,
                                  "keyrings": keyrings},
                                 indent=1) + "\n")
    print(f"{len(recorded)} cases to {OUTPUT}")


if __name__ == "__main__":
    main()
