#!/usr/bin/env python3
"""Records what cargo-audit reports on the corpus's Cargo.lock files, given the corpus's RustSec
advisories, into crates/steward/tests/reference/cargo-audit.tsv; the `cargo_audit` test checks
that `steward scan` reports the same advisory ids.

The corpus holds RustSec in OSV form only (the advisory-db `osv` branch), and cargo-audit reads
the advisory-db layout (`crates/<crate>/<id>.md`: TOML front matter, then Markdown). So the
advisories are first written in that layout, in a git repository in a temporary directory:
  - [advisory]: id, package, date (from `published`), aliases, related, categories,
    informational, withdrawn (from the OSV fields of the same meaning), url (the ADVISORY
    reference);
  - [versions]: from each SEMVER range's events: `introduced A` other than the lowest version
    becomes unaffected `< A`; each `fixed F` becomes patched `>= F` (bounded above by the next
    `introduced`, when there is one).
Functions, OS and architecture scopes are left out: cargo-audit does not filter on them unless
asked, and neither does steward.

Usage: scripts/reference/record-cargo-audit.py [--cargo-audit PATH] [--keep-database DIR]
  (cargo-audit from `cargo install cargo-audit --locked`; STEWARD_CORPUS as for the tests)
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "crates/steward/tests/reference/cargo-audit.tsv"
LOWEST = {"0", "0.0.0", "0.0.0-0"}


def toml_string(text):
    return json.dumps(text)  # a JSON string is a valid TOML basic string


def toml_list(items):
    return "[" + ", ".join(toml_string(item) for item in items) + "]"


def requirements(affected):
    """The (patched, unaffected) requirement lists of one OSV `affected` entry."""
    patched, unaffected = [], []
    for version_range in affected.get("ranges", []):
        if version_range.get("type") != "SEMVER":
            continue
        events = version_range.get("events", [])
        for index, event in enumerate(events):
            if "introduced" in event and event["introduced"] not in LOWEST:
                if index == 0:
                    unaffected.append(f"< {event['introduced']}")
            if "fixed" in event:
                following = next(
                    (later["introduced"] for later in events[index + 1:] if "introduced" in later),
                    None,
                )
                patched.append(
                    f">= {event['fixed']}" + (f", < {following}" if following else "")
                )
    return patched, unaffected


def advisory_markdown(record):
    affected = record["affected"][0]
    specific = affected.get("database_specific") or {}
    patched, unaffected = requirements(affected)
    url = next(
        (ref["url"] for ref in record.get("references", []) if ref.get("type") == "ADVISORY"),
        None,
    )
    lines = [
        "```toml",
        "[advisory]",
        f"id = {toml_string(record['id'])}",
        f"package = {toml_string(affected['package']['name'])}",
        f"date = {toml_string(record['published'][:10])}",
    ]
    if url:
        lines.append(f"url = {toml_string(url)}")
    if specific.get("categories"):
        lines.append(f"categories = {toml_list(specific['categories'])}")
    lines.append(f"aliases = {toml_list(record.get('aliases', []))}")
    lines.append(f"related = {toml_list(record.get('related', []))}")
    if specific.get("informational"):
        lines.append(f"informational = {toml_string(specific['informational'])}")
    if record.get("withdrawn"):
        lines.append(f"withdrawn = {toml_string(record['withdrawn'][:10])}")
    lines += [
        "",
        "[versions]",
        f"patched = {toml_list(patched)}",
        f"unaffected = {toml_list(unaffected)}",
        "```",
        "",
        f"# {record.get('summary') or record['id']}",
        "",
        record.get("details") or "",
        "",
    ]
    return "\n".join(lines)


def write_database(advisories, directory):
    count = 0
    for path in sorted(advisories.glob("*.json")):
        record = json.loads(path.read_text())
        crate = record["affected"][0]["package"]["name"]
        target = directory / "crates" / crate / f"{record['id']}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(advisory_markdown(record))
        count += 1
    git = ["git", "-C", str(directory), "-c", "user.name=steward", "-c", "user.email=steward@localhost"]
    subprocess.run(git[:3] + ["init", "-q", "-b", "main"], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "RustSec advisories from the corpus"], check=True)
    return count


def audit(cargo_audit, database, lockfile):
    result = subprocess.run(
        [cargo_audit, "audit", "--db", str(database), "--no-fetch", "--stale", "--no-yanked",
         "--json", "--file", str(lockfile)],
        capture_output=True,
        text=True,
    )
    if result.returncode not in (0, 1):
        sys.exit(f"cargo-audit failed on {lockfile}:\n{result.stderr}")
    report = json.loads(result.stdout)
    rows = set()
    for vulnerability in report["vulnerabilities"]["list"]:
        package = vulnerability["package"]
        rows.add((package["name"], package["version"], vulnerability["advisory"]["id"], "vulnerability"))
    for kind, warnings in report.get("warnings", {}).items():
        for warning in warnings:
            if warning.get("advisory"):
                package = warning["package"]
                rows.add((package["name"], package["version"], warning["advisory"]["id"], kind))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cargo-audit", default="cargo-audit")
    parser.add_argument("--keep-database", type=pathlib.Path,
                        help="write the advisory-db there and keep it (for timing cargo-audit)")
    arguments = parser.parse_args()
    corpus = pathlib.Path(os.environ.get("STEWARD_CORPUS", ROOT.parent / "shared" / "data"))
    version = subprocess.run(
        [arguments.cargo_audit, "audit", "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    lockfiles = sorted((corpus / "lockfiles").rglob("Cargo.lock"))
    with tempfile.TemporaryDirectory() as temporary:
        database = arguments.keep_database or pathlib.Path(temporary) / "advisory-db"
        database.mkdir(parents=True)
        count = write_database(corpus / "advisories" / "rustsec", database)
        rows = []
        for lockfile in lockfiles:
            relative = lockfile.relative_to(corpus).as_posix()
            for row in sorted(audit(arguments.cargo_audit, database, lockfile)):
                rows.append((relative,) + row)
    with OUTPUT.open("w") as out:
        out.write(f"# {version}, {count} RustSec advisories from the corpus, "
                  f"{len(lockfiles)} Cargo.lock files; written by {pathlib.Path(__file__).name}\n")
        out.write("# lockfile\tcrate\tversion\tadvisory\tkind\n")
        for row in rows:
            out.write("\t".join(row) + "\n")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(rows)} findings in {len(lockfiles)} lockfiles")


if __name__ == "__main__":
    main()
