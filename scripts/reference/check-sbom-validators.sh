#!/usr/bin/env bash
# Runs the SPDX project's own validators on SPDX 2.3 documents steward writes for real corpus
# projects: pyspdxtools (spdx-tools) must accept them, and ntia-conformance-checker must find the
# NTIA minimum elements in them. The JSON schemas are checked by the test suite
# (crates/steward-sbom/tests/corpus.rs); these are the reference tools on top.
#
# Needs Python with pip and the network to PyPI (once; the tools are kept in
# target/reference/sbom-tools), the steward binary built by `cargo build`, and the corpus.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
corpus="${STEWARD_CORPUS:-$(cd .. && pwd)/shared/data}"
tools=target/reference/sbom-tools
if [ ! -x "$tools/bin/ntia-checker" ]; then
    python3 -m venv "$tools"
    "$tools/bin/pip" install --quiet --disable-pip-version-check \
        spdx-tools==0.8.5 ntia-conformance-checker==6.0.0
fi
cargo build --quiet --locked --bin steward
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# Projects of different ecosystems; the subject's supplier and version are the user's to say.
for project in cargo/ripgrep npm/cdxgen-2024-lockv3; do
    [ -d "$corpus/lockfiles/$project" ] || continue
    name="$(echo "$project" | tr '/' '-')"
    document="$out/$name.spdx.json"
    SOURCE_DATE_EPOCH=1700000000 target/debug/steward --quiet sbom "$corpus/lockfiles/$project" \
        --format spdx-json --subject-supplier "steward CI" --subject-version 1.0.0 \
        --output "$document" || [ $? -eq 2 ]
    "$tools/bin/pyspdxtools" --infile "$document"
    report="$("$tools/bin/ntia-checker" "$document")"
    if ! grep -q "Conformant: True" <<<"$report"; then
        echo "$project: not NTIA-conformant:" >&2
        echo "$report" >&2
        exit 1
    fi
    echo "$project: valid SPDX 2.3 (pyspdxtools), NTIA minimum elements present"
done
