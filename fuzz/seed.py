#!/usr/bin/env python3
"""Writes seed inputs for the fuzz targets from the shared corpus into fuzz/corpus/<target>/.

The corpus is read from $STEWARD_CORPUS (default: ../shared/data beside the repository); the
seeds stay out of git (fuzz/corpus is ignored).
"""
import hashlib
import json
import os
import pathlib
import subprocess

root = pathlib.Path(__file__).resolve().parent
corpus = pathlib.Path(os.environ.get("STEWARD_CORPUS", root.parent.parent / "shared" / "data"))


def write(target: str, data: bytes) -> None:
    directory = root / "corpus" / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / hashlib.sha1(data).hexdigest()).write_bytes(data)


def purl_seeds() -> int:
    count = 0
    for path in sorted((corpus / "schemas" / "purl-spec" / "tests").rglob("*.json")):
        for case in json.loads(path.read_text())["tests"]:
            if isinstance(case["input"], str):
                write("purl", case["input"].encode())
                count += 1
    return count


def version_seeds() -> int:
    """Versions and requirements from steward's own reference files (tests/reference)."""
    count = 0
    reference = root.parent / "crates" / "steward-version" / "tests" / "reference"
    for path in sorted(reference.glob("*.tsv")):
        target = "requirement" if path.name.startswith("requirement-") else "version"
        for line in path.read_text().splitlines():
            if line.startswith("#"):
                continue
            fields = line.split("\t")
            payload = "\n".join(fields[1:]).encode()
            write(target, bytes([count % 251]) + payload)
            count += 1
    return count


def inventory_seeds() -> int:
    """Every lockfile of the corpus and every fixture, to the target of its format; steward
    itself says which format each file is."""
    listing = subprocess.run(
        ["cargo", "run", "--quiet", "--release", "--", "inventory", "--format", "json",
         str(corpus / "lockfiles"), str(root.parent / "tests" / "fixtures" / "inventory")],
        cwd=root.parent, capture_output=True, check=False,
    )
    count = 0
    for record in json.loads(listing.stdout)["files"]:
        if record["format"]:
            target = "inventory_" + record["format"].replace("-", "_")
            write(target, pathlib.Path(record["path"]).read_bytes())
            count += 1
    return count


if __name__ == "__main__":
    print(f"purl: {purl_seeds()} seeds")
    print(f"version and requirement: {version_seeds()} seeds")
    print(f"inventory: {inventory_seeds()} seeds")
