#!/usr/bin/env python3
"""Records in-toto's own verdicts on small supply chains it signs, for steward's layout tests.

With the reference implementation (the `in-toto` package from PyPI, 3.x, and securesystemslib)
this script makes an owner key (Ed25519) and three functionaries (alice: Ed25519, bob: ECDSA
P-256, carol: RSA-PSS 3072), a layout with two steps (`fetch` by alice; `build` by bob and
carol, threshold 2) and their links, then variants that in-toto must refuse. Each case is a
folder under crates/steward-trust/tests/reference/in-toto/ holding `root.layout`, the links,
the owner's public key (`owner.pub`, SPKI PEM) and in-toto's verdict (`expected.json`: whether
`in_toto_verify` passed and, if not, its error). No layout here has inspections, so in-toto
runs no command. Private keys are thrown away.

Run from the repository root, with a Python that has in-toto installed:
    python3 -m venv /tmp/in-toto && /tmp/in-toto/bin/pip install in-toto==3.1.0
    /tmp/in-toto/bin/python scripts/reference/record-in-toto.py
"""

import hashlib
import json
import pathlib
import shutil
import tempfile

from cryptography.hazmat.primitives import serialization
from in_toto.models.layout import Layout, Step
from in_toto.models.metadata import Metablock
from in_toto.runlib import in_toto_run
from in_toto.verifylib import in_toto_verify
from securesystemslib.signer import CryptoSigner

OUTPUT = pathlib.Path("crates/steward-trust/tests/reference/in-toto")


def public_pem(signer) -> bytes:
    return signer._private_key.public_key().public_bytes(  # noqa: SLF001 (the test's own key)
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def layout(owner, functionaries, expires="2036-01-01T00:00:00Z"):
    alice, bob, carol = functionaries
    chain = Layout()
    chain.expires = expires
    for signer in functionaries:
        chain.add_functionary_key(signer.public_key.to_dict() | {"keyid": signer.public_key.keyid})
    fetch = Step(name="fetch")
    fetch.pubkeys = [alice.public_key.keyid]
    fetch.add_product_rule_from_string("CREATE src/*")
    fetch.add_product_rule_from_string("DISALLOW *")
    build = Step(name="build")
    build.pubkeys = [bob.public_key.keyid, carol.public_key.keyid]
    build.threshold = 2
    build.add_material_rule_from_string("MATCH src/* WITH PRODUCTS FROM fetch")
    build.add_material_rule_from_string("DISALLOW *")
    build.add_product_rule_from_string("CREATE app")
    build.add_product_rule_from_string("ALLOW src/*")
    build.add_product_rule_from_string("DISALLOW *")
    chain.steps = [fetch, build]
    block = Metablock(signed=chain)
    block.create_signature(owner)
    return block


def write_tree(base: pathlib.Path, files: dict):
    if base.exists():
        shutil.rmtree(base)
    for path, content in files.items():
        target = base / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)


def run_step(name, work, materials, products, signer, before=None, after=None):
    """A link for `name` by `signer`: materials recorded from `before`, products from `after`."""
    write_tree(work, before or {})
    link = in_toto_run(name, materials, [], [], base_path=str(work), signer=signer)
    recorded_materials = link.signed.materials
    write_tree(work, after or {})
    link = in_toto_run(name, [], products, [], base_path=str(work), signer=signer)
    link.signed.materials = recorded_materials
    link.signatures = []
    link.create_signature(signer)
    return link


def main():
    owner = CryptoSigner.generate_ed25519()
    alice = CryptoSigner.generate_ed25519()
    bob = CryptoSigner.generate_ecdsa()
    carol = CryptoSigner.generate_rsa(scheme="rsassa-pss-sha256", size=3072)
    sources = {"src/a.c": "int main(void) { return 0; }\n", "src/b.c": "/* b */\n"}
    built = sources | {"app": "binary\n"}
    with tempfile.TemporaryDirectory() as directory:
        work = pathlib.Path(directory) / "work"
        fetch = run_step("fetch", work, [], ["src"], alice, {}, sources)
        build_bob = run_step("build", work, ["src"], ["."], bob, sources, built)
        build_carol = run_step("build", work, ["src"], ["."], carol, sources, built)
        evil = run_step("fetch", work, [], ["."], alice, {}, sources | {"evil.sh": "curl | sh\n"})
        other = run_step("build", work, ["src"], ["."], carol, sources, sources | {"app": "other\n"})
        changed_source = run_step(
            "build", work, ["src"], ["."], bob, sources | {"src/a.c": "changed\n"}, built)
        changed_source_carol = run_step(
            "build", work, ["src"], ["."], carol, sources | {"src/a.c": "changed\n"}, built)
    good = layout(owner, [alice, bob, carol])
    carol_tampered = json.loads(json.dumps(build_carol.to_dict()))
    carol_tampered["signed"]["products"]["app"]["sha256"] = hashlib.sha256(b"tampered").hexdigest()
    cases = {
        "good": (good, [fetch, build_bob, build_carol], None),
        "below-threshold": (good, [fetch, build_bob], None),
        "tampered-link": (good, [fetch, build_bob], {"build-carol": carol_tampered}),
        "disallowed-product": (good, [evil, build_bob, build_carol], None),
        "expired": (layout(owner, [alice, bob, carol], "2001-01-01T00:00:00Z"),
                    [fetch, build_bob, build_carol], None),
        "wrong-owner": (layout(alice, [alice, bob, carol]), [fetch, build_bob, build_carol], None),
        "links-disagree": (good, [fetch, build_bob, other], None),
        "materials-do-not-match": (good, [fetch, changed_source, changed_source_carol], None),
    }
    keyids = {"build-carol": carol.public_key.keyid}
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for name, (block, links, raw_links) in cases.items():
        folder = OUTPUT / name
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        block.dump(str(folder / "root.layout"))
        for link in links:
            keyid = link.signatures[0]["keyid"] if isinstance(link.signatures[0], dict) \
                else link.signatures[0].keyid
            link.dump(str(folder / f"{link.signed.name}.{keyid[:8]}.link"))
        for label, raw in (raw_links or {}).items():
            step = label.split("-")[0]
            (folder / f"{step}.{keyids[label][:8]}.link").write_text(json.dumps(raw, indent=1))
        (folder / "owner.pub").write_bytes(public_pem(owner))
        try:
            in_toto_verify(Metablock.load(str(folder / "root.layout")),
                           {owner.public_key.keyid:
                            owner.public_key.to_dict() | {"keyid": owner.public_key.keyid}},
                           link_dir_path=str(folder))
            verdict = {"verified": True}
        except Exception as error:  # in-toto raises a different error class per failure
            verdict = {"verified": False, "error": type(error).__name__, "message": str(error)}
        (folder / "expected.json").write_text(json.dumps(verdict, indent=1) + "\n")
        print(f"{name}: {verdict}")


if __name__ == "__main__":
    main()
