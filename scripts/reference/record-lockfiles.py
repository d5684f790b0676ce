#!/usr/bin/env python3
"""Records, for every lockfile of the shared corpus, the packages it locks as the package
manager itself (or, where it cannot run here, an independent reader) sees them, into
crates/steward-inventory/tests/reference/lockfiles.json, which tests/corpus.rs compares with
steward's inventory.

For each lockfile (path relative to $STEWARD_CORPUS/lockfiles): the sorted distinct
`name@version` pairs of the third-party packages it locks (the project and its workspace
members are not packages of their own lockfile), and, where the tool says so, the names of the
direct dependencies. Names are as the ecosystem compares them (PEP 503 for PyPI).

Readers, best first:
    npm ls --all --package-lock-only --json         package-lock.json
    @yarnpkg/lockfile, @yarnpkg/parsers (parseSyml) yarn.lock, Yarn 1 and Berry
    @pnpm/lockfile.fs + @pnpm/dependency-path       pnpm-lock.yaml 9 (5.x and 6.x, which pnpm's
                                                    reader no longer knows: PyYAML)
    jsonc-parser                                    bun.lock
    Bundler::LockfileParser (ruby, Debian)          Gemfile.lock
    pip's own requirements parser + packaging       requirements.txt
    tomllib / json / PyYAML / ElementTree           Cargo.lock, poetry/pdm/uv.lock, Pipfile.lock,
                                                    composer.lock, packages.lock.json,
                                                    pubspec.lock, conan.lock, gradle files
    the go.mod grammar (go 1.19 from Debian cannot read `go 1.27` files), mix.lock tuples, by
    pattern.

Usage (needs node, npm, ruby; installs the npm packages into scripts/reference/node_modules
and `packaging` and PyYAML with pip):
    python3 scripts/reference/record-lockfiles.py
"""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import tomllib
import xml.etree.ElementTree as ElementTree

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CORPUS = pathlib.Path(os.environ.get("STEWARD_CORPUS", ROOT.parent / "shared" / "data")) / "lockfiles"
OUTPUT = ROOT / "crates" / "steward-inventory" / "tests" / "reference" / "lockfiles.json"
NODE_PACKAGES = ["@yarnpkg/lockfile@1", "@yarnpkg/parsers@3", "@pnpm/lockfile.fs", "@pnpm/dependency-path", "jsonc-parser@3"]


def setup():
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "packaging", "pyyaml"], check=True)
    if not (HERE / "node_modules" / "@pnpm" / "lockfile.fs").is_dir():
        subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(HERE), *NODE_PACKAGES],
                       check=True, capture_output=True)


def pep503(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def node_view(kind, directory):
    env = dict(os.environ, REFERENCE_NODE_MODULES=str(HERE / "node_modules"))
    output = subprocess.run(["node", str(HERE / "lockfile-view.mjs"), kind, str(directory)], env=env,
                            check=True, capture_output=True, text=True).stdout
    view = json.loads(output)
    return {tuple(package) for package in view["packages"]}, view["direct"]


def npm(path):
    # npm ls wants a writable project; it reads only the lockfile with --package-lock-only.
    with tempfile.TemporaryDirectory() as scratch:
        for name in ("package.json", "package-lock.json", "npm-shrinkwrap.json"):
            if (path.parent / name).exists():
                (pathlib.Path(scratch) / name).write_bytes((path.parent / name).read_bytes())
        result = subprocess.run(["npm", "ls", "--all", "--package-lock-only", "--json"], cwd=scratch,
                                capture_output=True, text=True)
    tree = json.loads(result.stdout)
    packages = set()

    def walk(node):
        for key, child in (node.get("dependencies") or {}).items():
            if "version" in child:
                # An alias (`b-alias` → npm:b@2) resolves to the package it names.
                resolved = child.get("resolved") or ""
                match = re.search(r"/(@[^/]+/[^/]+|[^/@]+)/-/", resolved)
                packages.add((match.group(1) if match else key, child["version"]))
            walk(child)

    walk(tree)
    direct = sorted(tree.get("dependencies") or {})
    return packages, direct


def pnpm(path):
    text = path.read_text()
    if re.match(r"lockfileVersion: '?[56]", text):
        import yaml
        lockfile = yaml.safe_load(text)
        packages = set()
        for key in lockfile.get("packages") or {}:
            if str(lockfile["lockfileVersion"]).startswith("5"):
                # `/name/version_peers`
                name, _, version = key[1:].rpartition("/")
                packages.add((name, version.split("_")[0]))
            else:
                # `/name@version(peers)`
                name, _, version = key[1:].split("(")[0].rpartition("@")
                packages.add((name, version))
        direct = []
        importers = lockfile.get("importers") or {".": lockfile}
        for importer in importers.values():
            for group in ("dependencies", "devDependencies", "optionalDependencies"):
                for name, version in (importer.get(group) or {}).items():
                    version = version["version"] if isinstance(version, dict) else str(version)
                    if not version.startswith("link:"):
                        direct.append(name)
        return packages, direct
    return node_view("pnpm", path.parent)


def cargo(path):
    lockfile = tomllib.loads(path.read_text())
    # Packages without a source are the workspace's own crates.
    return {(package["name"], package["version"]) for package in lockfile.get("package", []) if "source" in package}, None


def python_toml(path):
    lockfile = tomllib.loads(path.read_text())
    packages = set()
    for package in lockfile.get("package", []):
        source = package.get("source") or {}
        if "editable" in source or "virtual" in source:
            continue  # uv: the workspace's own members
        packages.add((pep503(package["name"]), package["version"]))
    return packages, None


def pipfile(path):
    lockfile = json.loads(path.read_text())
    packages = set()
    for section in ("default", "develop"):
        for name, entry in lockfile.get(section, {}).items():
            if "version" in entry:
                packages.add((pep503(name), entry["version"].removeprefix("==")))
    return packages, None


def requirements(path):
    from packaging.requirements import Requirement
    from pip._internal.network.session import PipSession
    from pip._internal.req.req_file import parse_requirements
    packages = set()
    for parsed in parse_requirements(str(path), session=PipSession()):
        try:
            requirement = Requirement(parsed.requirement)
        except Exception:
            continue  # pip accepts it (`pkg==v1.0`), packaging does not: no version to record
        pins = [spec.version for spec in requirement.specifier if spec.operator in ("==", "===")]
        if pins:
            packages.add((pep503(requirement.name), pins[0]))
    return packages, None


def go(path):
    """go.mod: requirements after `replace` and `exclude`, the `// indirect` ones transitive."""
    text = re.sub(r"//(?! indirect).*", "", path.read_text())
    directives = {}
    for block, body in re.findall(r"^(\w+)\s*\(\n(.*?)^\)", text, re.M | re.S):
        directives.setdefault(block, []).extend(line for line in body.splitlines() if line.strip())
    for block, line in re.findall(r"^(\w+)\s+([^(\n][^\n]*)$", text, re.M):
        directives.setdefault(block, []).append(line)
    replaced = {}
    for line in directives.get("replace", []):
        old, new = (side.split() for side in line.split("=>"))
        replaced[tuple(old)] = new
    excluded = {tuple(line.split()) for line in directives.get("exclude", [])}
    packages, direct = set(), []
    for line in directives.get("require", []):
        fields = line.split()
        module, version = fields[0], fields[1]
        if (module, version) in excluded:
            continue
        new = replaced.get((module, version)) or replaced.get((module,))
        if new is not None:
            if len(new) == 1:
                continue  # replaced by a local directory: no version
            module, version = new
        packages.add((module, version))
        if "// indirect" not in line:
            direct.append(module)
    toolchain = directives.get("toolchain", [None])[0]
    version = toolchain.removeprefix("go") if toolchain else directives["go"][0]
    packages.add(("stdlib", version))
    # The standard library is a direct dependency of every module.
    return packages, [*direct, "stdlib"]


def bundler(path):
    script = ("l = Bundler::LockfileParser.new(File.read(ARGV[0])); "
              "puts JSON.generate(packages: l.specs.map { |s| [s.name, s.version.to_s] }, direct: l.dependencies.keys)")
    env = dict(os.environ, BUNDLE_GEMFILE=str(path.parent / "Gemfile"))
    output = subprocess.run(["ruby", "-rbundler", "-rjson", "-e", script, str(path)], cwd=path.parent, env=env,
                            check=True, capture_output=True, text=True).stdout
    view = json.loads(output)
    packages = {tuple(package) for package in view["packages"]}
    # Dependencies for other platforms only (`platforms: :mingw`) have no locked spec.
    locked = {name for name, _ in packages}
    return packages, [name for name in view["direct"] if name in locked]


def composer(path):
    lockfile = json.loads(path.read_text())
    packages = {(package["name"].lower(), package["version"])
                for section in ("packages", "packages-dev") for package in lockfile.get(section) or []}
    return packages, None


def nuget(path):
    lockfile = json.loads(path.read_text())
    packages, direct = set(), set()
    for target in lockfile.get("dependencies", {}).values():
        for name, entry in target.items():
            if entry.get("type") == "Project":
                continue
            packages.add((name.lower(), entry["resolved"]))
            if entry.get("type") == "Direct":
                direct.add(name.lower())
    return packages, sorted(direct)


def pubspec(path):
    import yaml
    lockfile = yaml.safe_load(path.read_text())
    packages = lockfile.get("packages") or {}
    return ({(name, entry["version"]) for name, entry in packages.items()},
            [name for name, entry in packages.items() if entry.get("dependency", "").startswith("direct")])


def mix(path):
    text = path.read_text()
    packages = set(re.findall(r'\{:hex, :(\w+), "([^"]+)"', text))
    return packages, None


def conan(path):
    lockfile = json.loads(path.read_text())
    packages = set()
    for section in ("requires", "build_requires", "python_requires"):
        for reference in lockfile.get(section, []):
            name, version = reference.split("#")[0].split("@")[0].split("/", 1)
            packages.add((name, version))
    return packages, None


def gradle_lockfile(path):
    packages = set()
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith("#") and not line.startswith("empty="):
            group, artifact, version = line.split("=")[0].split(":")
            packages.add((f"{group}:{artifact}", version))
    return packages, None


def gradle_verification(path):
    namespace = {"m": "https://schema.gradle.org/dependency-verification"}
    root = ElementTree.parse(path).getroot()
    # Components without a group (Kotlin/Native's prebuilt toolchains) are named alone.
    return {(":".join(filter(None, (c.get("group"), c.get("name")))), c.get("version"))
            for c in root.iterfind(".//m:components/m:component", namespace)}, None


READERS = {
    "package-lock.json": ("npm ls --package-lock-only", npm),
    "yarn.lock": ("yarn's parsers", lambda path: node_view("yarn", path.parent)),
    "pnpm-lock.yaml": ("pnpm's lockfile reader (5.x, 6.x: PyYAML)", pnpm),
    "bun.lock": ("jsonc-parser", lambda path: node_view("bun", path.parent)),
    "Cargo.lock": ("tomllib", cargo),
    "poetry.lock": ("tomllib", python_toml),
    "pdm.lock": ("tomllib", python_toml),
    "uv.lock": ("tomllib", python_toml),
    "Pipfile.lock": ("json", pipfile),
    "requirements.txt": ("pip's requirements parser", requirements),
    "go.mod": ("go.mod grammar", go),
    "Gemfile.lock": ("Bundler::LockfileParser", bundler),
    "composer.lock": ("json", composer),
    "packages.lock.json": ("json", nuget),
    "pubspec.lock": ("PyYAML", pubspec),
    "mix.lock": ("pattern", mix),
    "conan.lock": ("json", conan),
    "gradle.lockfile": ("lines", gradle_lockfile),
    "verification-metadata.xml": ("ElementTree", gradle_verification),
}


def main():
    setup()
    recorded = {}
    for path in sorted(CORPUS.rglob("*")):
        reader = READERS.get(path.name)
        if reader is None:
            continue
        tool, read = reader
        packages, direct = read(path)
        entry = {"reader": tool, "packages": sorted(f"{name}@{version}" for name, version in packages)}
        if direct is not None:
            entry["direct"] = sorted(set(direct))
        recorded[str(path.relative_to(CORPUS))] = entry
        print(f"{path.relative_to(CORPUS)}: {len(packages)} packages ({tool})")
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
