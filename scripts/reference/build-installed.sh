#!/usr/bin/env bash
# Builds the real installed trees that `steward inventory --root/--image` and binary reading
# are tested against, and records what the reference tools say about each:
#
#   debian-rootfs/        a minimal Debian 12 (mmdebstrap, minbase + fzf + python3-six)
#   dpkg-query.tsv        dpkg-query -W over its database
#   debian-oci/           the same tree as an OCI image layout (umoci): tag `bookworm`, one
#                         layer; tag `bookworm-nofzf`, a second layer that deletes /usr/bin/fzf
#   debian-oci.tar        that layout as one tar archive
#   fzf-go-version-m.txt  go version -m on the Debian package's Go binary
#   auditable-hello       a Rust binary built with cargo auditable (its Cargo.lock beside it, and
#                         cargo tree's list of the crates compiled into it)
#   venv/, pip-list.json  a virtualenv with pinned packages, and pip list
#   npm/, npm-ls.json     a node_modules tree installed by npm, and npm ls --all
#   rpm-rootfs/           an RPM database (SQLite form) holding packages built from
#                         installed/rpm/*.spec and an imported signing key, under a Rocky 9
#                         os-release; rpm-qa.tsv is rpm -qa over it
#
# Needs root (mmdebstrap into a directory, umoci unpack), apt, Python, Node and the network to
# Debian, PyPI, npm and crates.io. Output goes to $STEWARD_INSTALLED (default
# target/reference/installed), which the tests read; nothing here is committed. A finished
# build is reused while this script and its inputs are unchanged.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
here=scripts/reference/installed
out="${STEWARD_INSTALLED:-target/reference/installed}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

stamp="$(cat "$0" "$here/package.json" "$here/auditable-hello/Cargo.toml" "$here/auditable-hello/Cargo.lock" \
    "$here"/auditable-hello/src/*.rs "$here/auditable-hello/build.rs" "$here"/rpm/*.spec | sha256sum | cut -d' ' -f1)"
if [ -f "$out/.complete" ] && [ "$(cat "$out/.complete")" = "$stamp" ]; then
    echo "reference trees are up to date in $out"
    exit 0
fi
rm -rf "$out"
mkdir -p "$out"

missing=()
for tool in mmdebstrap umoci go rpmbuild gpg; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    packages=("${missing[@]/go/golang-go}")
    packages=("${packages[@]/rpmbuild/rpm}")
    apt-get install -y -q "${packages[@]}" >/dev/null
fi

echo "::: Debian root filesystem"
mmdebstrap --quiet --variant=minbase --include=fzf,python3-six bookworm "$out/debian-rootfs"
dpkg-query --admindir="$out/debian-rootfs/var/lib/dpkg" -W \
    -f='${db:Status-Status}\t${Package}\t${Architecture}\t${Version}\t${source:Package}\t${source:Version}\n' \
    | awk -F'\t' '$1 == "installed"' | cut -f2- | sort >"$out/dpkg-query.tsv"

echo "::: the same tree as an OCI image layout"
umoci init --layout "$out/debian-oci"
umoci new --image "$out/debian-oci:bookworm"
umoci unpack --image "$out/debian-oci:bookworm" "$out/bundle" >/dev/null
rm -rf "$out/bundle/rootfs"
cp -a "$out/debian-rootfs" "$out/bundle/rootfs"
umoci repack --image "$out/debian-oci:bookworm" "$out/bundle"
rm -rf "$out/bundle"
umoci unpack --image "$out/debian-oci:bookworm" "$out/bundle" >/dev/null
umoci config --image "$out/debian-oci:bookworm" --tag bookworm-nofzf
rm "$out/bundle/rootfs/usr/bin/fzf"
umoci repack --image "$out/debian-oci:bookworm-nofzf" "$out/bundle"
rm -rf "$out/bundle"
umoci gc --layout "$out/debian-oci"
tar -C "$out/debian-oci" -cf "$out/debian-oci.tar" .

echo "::: a Go binary from a Debian package"
go version -m "$out/debian-rootfs/usr/bin/fzf" >"$out/fzf-go-version-m.txt"

echo "::: a Rust binary built with cargo auditable"
export PATH="$out/tools/bin:$PATH"
cargo install --quiet --locked cargo-auditable --root "$out/tools"
cargo auditable build --quiet --release --locked \
    --manifest-path "$here/auditable-hello/Cargo.toml" --target-dir "$out/auditable-target"
cp "$out/auditable-target/release/auditable-hello" "$out/auditable-hello"
cp "$here/auditable-hello/Cargo.lock" "$out/auditable-hello.Cargo.lock"
# What cargo compiles into it for this platform (the lockfile also lists other platforms').
(cd "$here/auditable-hello" && cargo tree --quiet --locked -e normal,build --prefix none) \
    | sed 's/ (\*)//; s/ (proc-macro)//; s/ (\/.*//' | sort -u >"$out/auditable-hello.cargo-tree.txt"

echo "::: a Python virtualenv"
python3 -m venv "$out/venv"
"$out/venv/bin/pip" install --quiet --disable-pip-version-check \
    requests==2.31.0 six==1.16.0 packaging==24.0 attrs==23.2.0
"$out/venv/bin/pip" list --disable-pip-version-check --format json >"$out/pip-list.json"

echo "::: a node_modules tree"
mkdir -p "$out/npm"
cp "$here/package.json" "$out/npm/"
(cd "$out/npm" && npm install --silent --no-audit --no-fund --ignore-scripts >/dev/null)
(cd "$out/npm" && npm ls --all --json >"$out/npm-ls.json")

echo "::: RPM databases"
for spec in "$here"/rpm/*.spec; do
    rpmbuild --quiet --define "_topdir $out/rpmbuild" -bb "$spec" >/dev/null
done
export GNUPGHOME="$out/gnupg"
mkdir -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'steward reference <reference@steward.invalid>' ed25519 sign never
gpg --batch --armor --export >"$out/signing-key.asc"
# Debian's rpm writes only the SQLite form (the one Fedora 33+ and RHEL 9 use).
rpm=(rpm --root "$out/rpm-rootfs" --dbpath /var/lib/rpm --define "_db_backend sqlite")
mkdir -p "$out/rpm-rootfs/etc"
printf 'NAME="Rocky Linux"\nID="rocky"\nVERSION_ID="9.4"\n' >"$out/rpm-rootfs/etc/os-release"
"${rpm[@]}" --initdb
# --justdb records the packages without running or unpacking anything.
"${rpm[@]}" --install --justdb --nodeps --ignorearch --ignoreos "$out"/rpmbuild/RPMS/*/*.rpm 2>/dev/null
"${rpm[@]}" --import "$out/signing-key.asc"
"${rpm[@]}" -qa --qf '%{NAME}\t%{EVR}\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}\n' | sort >"$out/rpm-qa.tsv"

echo "$stamp" >"$out/.complete"
echo "reference trees built in $out"
