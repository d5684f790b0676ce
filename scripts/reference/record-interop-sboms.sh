#!/usr/bin/env bash
# Records SBOMs that other generators write for corpus projects, so that
# `cargo test -p steward-inventory --test interop` can check steward reads them and that the
# packages differ from steward's own inventory of the same lockfiles only as docs/sbom.md
# explains. The generators work from the lockfiles alone (no install, no network lookups):
#
#   @cyclonedx/cyclonedx-npm  (npm)   --package-lock-only
#   @cyclonedx/cdxgen         (npm)   --no-install-deps, its default CycloneDX version (1.7)
#   cyclonedx-bom             (PyPI)  cyclonedx-py requirements / pipenv
#
# Needs Node with npm, Python with pip and the network to npm and PyPI (once; tools are kept
# in target/reference/interop-tools). Output goes to tests/interop/<generator>/<project>.cdx.json;
# review the diff, then bless the expected differences with
# `STEWARD_BLESS=1 cargo test -p steward-inventory --test interop`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root="$PWD"
corpus="${STEWARD_CORPUS:-$(cd .. && pwd)/shared/data}"
lockfiles="$corpus/lockfiles"
tools="$root/target/reference/interop-tools"
out="$root/tests/interop"

if [ ! -x "$tools/node_modules/.bin/cdxgen" ]; then
    mkdir -p "$tools"
    npm install --prefix "$tools" --silent --no-audit --no-fund \
        @cyclonedx/cyclonedx-npm@6.0.1 @cyclonedx/cdxgen@12.8.4
fi
if [ ! -x "$tools/python/bin/cyclonedx-py" ]; then
    python3 -m venv "$tools/python"
    "$tools/python/bin/pip" install --quiet --disable-pip-version-check cyclonedx-bom==7.5.0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A writable copy of a corpus project under its own name (the generators write caches beside
# the lockfile, and name the project after its directory).
copy() {
    local name
    name="$(basename "$1")"
    rm -rf "${work:?}/$name"
    cp -r "$lockfiles/$1" "$work/$name"
    echo "$work/$name"
}
# Generators stamp the time and a random serial number; both are pinned so re-recording
# only shows real changes.
pin() {
    python3 - "$1" <<'EOF'
import json, sys
path = sys.argv[1]
with open(path) as f:
    bom = json.load(f)
bom["serialNumber"] = "urn:uuid:00000000-0000-4000-8000-000000000000"
bom.get("metadata", {})["timestamp"] = "2026-01-01T00:00:00Z"
with open(path, "w") as f:
    json.dump(bom, f, indent=2, sort_keys=True)
    f.write("\n")
EOF
}

rm -rf "$out"/cyclonedx-npm "$out"/cdxgen "$out"/cyclonedx-py
mkdir -p "$out/cyclonedx-npm" "$out/cdxgen" "$out/cyclonedx-py"

for project in npm/bookstack; do
    name="$(basename "$project")"
    dir="$(copy "$project")"
    (cd "$dir" && "$tools/node_modules/.bin/cyclonedx-npm" --package-lock-only \
        --spec-version 1.6 --output-format JSON --output-reproducible \
        --output-file "$out/cyclonedx-npm/$name.cdx.json" package.json)
    pin "$out/cyclonedx-npm/$name.cdx.json"
done

for project in npm/bookstack pypi/poetry; do
    name="$(basename "$project")"
    dir="$(copy "$project")"
    (cd "$dir" && FETCH_LICENSE=false "$tools/node_modules/.bin/cdxgen" --no-install-deps \
        --no-recurse -o "$out/cdxgen/$name.cdx.json" . >/dev/null)
    pin "$out/cdxgen/$name.cdx.json"
done

py="$tools/python/bin/cyclonedx-py"
# (`cyclonedx-py poetry` stops on the corpus' poetry project: its pyproject.toml names the
# project in PEP 621's `[project]`, where cyclonedx-bom 7.5.0 looks for `[tool.poetry]`.)
dir="$(copy pypi/sigstore-conformance)"
"$py" requirements --spec-version 1.6 --output-reproducible \
    --of JSON -o "$out/cyclonedx-py/sigstore-conformance.cdx.json" "$dir/requirements.txt"
dir="$(copy pypi/osv-schema-tools-ghsa)"
"$py" pipenv --spec-version 1.6 --output-reproducible \
    --of JSON -o "$out/cyclonedx-py/osv-schema-tools-ghsa.cdx.json" "$dir"
for file in "$out"/cyclonedx-py/*.cdx.json; do pin "$file"; done

echo "recorded:"
find "$out" -name '*.cdx.json' -printf '  %p %s bytes\n' | sort
