#!/usr/bin/env bash
# Runs the reference validators of each SBOM standard on documents steward writes; the JSON
# schemas of CycloneDX JSON and SPDX 2.3 JSON are checked by the test suite
# (crates/steward-sbom/tests/corpus.rs), these cover the rest:
#
#   CycloneDX 1.6 XML  the official XSD (cyclonedx-python-lib), whole lockfile corpus
#   SPDX 3.0.1         spdx-python-model (generated from the SHACL model), whole corpus
#   SPDX 2.3           pyspdxtools (JSON and tag-value) and ntia-conformance-checker, on
#                      real projects (pyspdxtools needs minutes for the whole corpus)
#
# (`spdx3-validate` fetches the SPDX 3 schema and SHACL model from spdx.org when it runs, which
# these machines cannot reach; spdx-python-model carries the model with it.)
#
# Needs Python with pip and the network to PyPI (once; the tools are kept in
# target/reference/sbom-tools), the steward binary built by `cargo build`, and the corpus.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
corpus="${STEWARD_CORPUS:-$(cd .. && pwd)/shared/data}"
tools=target/reference/sbom-tools
if [ ! -x "$tools/bin/ntia-checker" ] || [ ! -d "$tools/lib" ] ||
    ! "$tools/bin/python" -c 'import spdx_python_model, cyclonedx.validation.xml' 2>/dev/null; then
    python3 -m venv "$tools"
    "$tools/bin/pip" install --quiet --disable-pip-version-check \
        spdx-tools==0.8.5 ntia-conformance-checker==6.0.0 \
        'cyclonedx-python-lib[xml-validation]==11.12.0' spdx-python-model==0.0.6
fi
cargo build --quiet --locked --bin steward
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export SOURCE_DATE_EPOCH=1700000000
# The subject's supplier and version are the user's to say.
sbom() {
    target/debug/steward --quiet sbom --subject-supplier "steward CI" --subject-version 1.0.0 "$@" ||
        [ $? -eq 2 ]
}

# The lockfile corpus, and the Debian root built by build-installed.sh (distributions, licence
# texts as LicenseRefs).
root="${STEWARD_INSTALLED:-target/reference/installed}/debian-rootfs"
sbom "$corpus/lockfiles" --format cyclonedx-xml --output "$out/corpus.cdx.xml"
sbom --root "$root" --format cyclonedx-xml --output "$out/root.cdx.xml"
"$tools/bin/python" scripts/reference/validate-cyclonedx-xml.py "$out/corpus.cdx.xml" "$out/root.cdx.xml"
sbom "$corpus/lockfiles" --format spdx3-json --output "$out/corpus.spdx3.json"
sbom --root "$root" --format spdx3-json --output "$out/root.spdx3.json"
"$tools/bin/python" scripts/reference/validate-spdx3.py "$out/corpus.spdx3.json" "$out/root.spdx3.json"
sbom --root "$root" --format spdx-tag-value --output "$out/root.spdx"
if ! result="$("$tools/bin/pyspdxtools" --infile "$out/root.spdx" 2>&1)"; then
    echo "the Debian root (spdx-tag-value): pyspdxtools refused it:" >&2
    echo "$result" >&2
    exit 1
fi
echo "the Debian root: valid SPDX 2.3 (spdx-tag-value, pyspdxtools)"

for project in cargo/ripgrep npm/cdxgen-2024-lockv3; do
    [ -d "$corpus/lockfiles/$project" ] || continue
    name="$(echo "$project" | tr '/' '-')"
    # pyspdxtools tells the syntax by the file name.
    for format in spdx-json:.spdx.json spdx-tag-value:.spdx; do
        document="$out/$name${format#*:}"
        format="${format%%:*}"
        sbom "$corpus/lockfiles/$project" --format "$format" --output "$document"
        if ! result="$("$tools/bin/pyspdxtools" --infile "$document" 2>&1)"; then
            echo "$project ($format): pyspdxtools refused it:" >&2
            echo "$result" >&2
            exit 1
        fi
        report="$("$tools/bin/ntia-checker" "$document")"
        if ! grep -q "Conformant: True" <<<"$report"; then
            echo "$project ($format): not NTIA-conformant:" >&2
            echo "$report" >&2
            exit 1
        fi
        echo "$project: valid SPDX 2.3 ($format, pyspdxtools), NTIA minimum elements present"
    done
done
