#!/usr/bin/env python3
"""Records what each ecosystem's reference implementation says about versions.

For every version scheme with a reference that installs on Debian, this script generates
versions (hand-picked traps plus random ones from a grammar, with a fixed seed), asks the
reference whether each is valid and how pairs of them compare, and writes the answers to
crates/steward-version/tests/reference/<scheme>.tsv. The tests read those files; nothing here
runs in CI.

References (install them first):
    apt-get install dpkg ruby php-cli composer rpm golang-go golang-golang-x-mod-dev r-base-core
    pip install packaging        # PEP 440
    packaging 21.3               # PyPI's legacy ordering: installed by this script into a
                                 # scratch directory (LegacyVersion left packaging in 22)
    npm install semver           # node-semver, in scripts/reference/node_modules
    Maven's maven-artifact jar   # /usr/share/maven/lib/maven-artifact-3.x.jar

Requirement syntaxes are recorded the same way, into requirement-<syntax>.tsv: which
requirements are valid and whether versions satisfy them.

Usage: scripts/reference/record-versions.py [SCHEME... | requirement-SYNTAX...]
"""

import os
import pathlib
import random
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ORACLES = HERE / "oracles"
OUTPUT = HERE.parent.parent / "crates" / "steward-version" / "tests" / "reference"
SEED = 20261123


# --- Generators -------------------------------------------------------------------------------


def pick(rng, items, weights=None):
    return rng.choices(items, weights=weights)[0]


def number(rng):
    return pick(rng, ["0", "1", "2", "3", "9", "10", "11", "99", "100", "2023"], [5, 8, 5, 3, 2, 3, 2, 1, 1, 1])


def debian_versions(rng):
    # No empty version: dpkg reads "" as "no version at all", not as a version.
    fixed = [
        "1.0", "1.0-1", "1.0-0", "1:1.0", "0:1.0", "1.0~rc1", "1.0~~", "1.0~", "1.0+b1", "1.0a",
        "1.0.1", "1.01", "1.1", "2.0", "1:0.1", "1.0-1ubuntu1", "1.0-1~deb12u1", "7.88.1-10+deb12u5",
        "3.0.11-1~deb12u2", "1.2.3-4+b1", "1:2.3~rc1-4", "2.3-4", "a", "1.0-", ":1", "a:1.0",
        "1.0 1", "1:", "10:1", "1.0-1-2", "1.0.~1",
    ]
    fragments = ["0", "1", "2", "9", "10", "01", ".", ".", "~", "+", "a", "b", "z", "rc", "beta", "A"]
    generated = []
    for _ in range(500):
        upstream = number(rng) + "".join(pick(rng, fragments) for _ in range(rng.randint(0, 4)))
        version = upstream
        if rng.random() < 0.2:
            version = pick(rng, ["0", "1", "2", "10"]) + ":" + version
        if rng.random() < 0.5:
            version += "-" + "".join(pick(rng, fragments) for _ in range(rng.randint(1, 3)))
        generated.append(version)
    return fixed + generated


def pep440_versions(rng):
    fixed = [
        "1.0", "1.0.0", "1.0.dev0", "1.0a0.dev0", "1.0a0", "1.0a1", "1.0b1", "1.0rc1", "1.0c1",
        "1.0.post0.dev0", "1.0.post0", "1.0-1", "1.0+abc", "1.0+abc.5", "1.0+5", "1.0+abc.def",
        "2!0.1", "1!1.0", "v1.0", " 1.0 ", "1.0-RC_1", "1.0.0preview2", "1.0a.", "1.0-", "1.0-foo",
        "foo", "", "1.0+", "1.0.post", "1.0.r", "1.0-dev", "1.0.rev2", "1.0a.dev1", "1.0-alpha-1",
        "1.0alpha", "1.0.DEV3", "1.0+Ubuntu-1", "1.0+local_version", "0.0", "0", "00", "1.0.0.0.0",
        "1..0", "1.0.", ".1",
    ]
    pre_spellings = ["a", "alpha", "b", "beta", "c", "rc", "pre", "preview", "A", "RC"]
    separators = ["", ".", "-", "_"]
    generated = []
    for _ in range(800):
        version = ".".join(number(rng) for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.1:
            version = pick(rng, ["1", "2"]) + "!" + version
        if rng.random() < 0.35:
            version += pick(rng, separators) + pick(rng, pre_spellings)
            if rng.random() < 0.8:
                version += pick(rng, separators) + number(rng)
        if rng.random() < 0.25:
            if rng.random() < 0.3:
                version += "-" + number(rng)
            else:
                version += pick(rng, separators) + pick(rng, ["post", "rev", "r"])
                if rng.random() < 0.8:
                    version += pick(rng, separators) + number(rng)
        if rng.random() < 0.25:
            version += pick(rng, separators) + "dev"
            if rng.random() < 0.8:
                version += number(rng)
        if rng.random() < 0.15:
            segments = [pick(rng, ["abc", "ubuntu", number(rng), "5", "x1"]) for _ in range(rng.randint(1, 3))]
            version += "+" + pick(rng, [".", "-", "_"]).join(segments)
        if rng.random() < 0.05:
            version = "v" + version
        if rng.random() < 0.05:
            version = version.upper()
        generated.append(version)
    return fixed + generated


def pypi_versions(rng):
    """PEP 440 versions and the ones it refuses, which PyPI still holds from before it."""
    fixed = [
        "1.0-foo", "1.0-goo", "0.3.1-r1-final", "2004d", "2004e", "1.0.0-rc1", "1_2", "1.0_bar",
        "1.0-pre1", "1.0-preview", "1.0-dev-x", "1.0-1-2-x", "1.0.0.0-x", "0.9.x", "1.0-SNAPSHOT",
        "1.0.99999999999-x", "1.0.123456789-x", "release-1", "v1-x", "1.0+", "1.0-", "1.0.",
        "abc", "1.0~rc1", "1.0^2", "20.0-r", "1.0", "1.0.post1", "0.1", "99.0-foo",
    ]
    words = ["foo", "final", "r", "rc", "pre", "dev", "alpha", "beta", "x", "snapshot", "c", "a", "z"]
    separators = [".", "-", "_", "", "+", "~"]
    generated = []
    for _ in range(500):
        version = ".".join(number(rng) for _ in range(rng.randint(1, 3)))
        for _ in range(rng.randint(0, 3)):
            version += pick(rng, separators) + pick(rng, words + [number(rng)])
        generated.append(version)
    return fixed + generated


def maven_versions(rng):
    fixed = [
        "1", "1.0", "1.0.0", "1-SNAPSHOT", "1.0-SNAPSHOT", "1-alpha-1", "1-beta", "1-milestone-1",
        "1-rc-1", "1-sp", "1-foo", "1-1", "1.1", "1-ga", "1-final", "1.0-CR1", "1.0-rc1", "1a1",
        "1.0.0.RC1", "2.14.1", "2.15.0", "2.17.0", "2.0-release", "1.0.0.Final", "1-0.1",
        "1.0-alpha1", "1.0-alpha-1", "1.0.alpha1", "1.0a", "1.0-a", "1-1.foo", "1.0.0.0.0.1",
        "1.2.3-4", "1.2.3.4", "1.0RC1", "1.0.0-M1", "1.0.0.M1", "0.0.0", "1-", "-1", ".1", "1..1",
        "1.0-SP1", "1.0.sp", "1.0-jre", "1.0-android", "31.1-jre", "9999999999999999999", "1.0b2",
    ]
    words = ["alpha", "a", "beta", "b", "m", "milestone", "rc", "cr", "snapshot", "ga", "final",
             "release", "sp", "foo", "jre", "x", "RC", "SNAPSHOT", "Final"]
    generated = []
    for _ in range(800):
        parts = []
        for index in range(rng.randint(1, 5)):
            part = number(rng) if index == 0 or rng.random() < 0.6 else pick(rng, words)
            parts.append(part)
            if index < 4:
                parts.append(pick(rng, [".", ".", "-", ""], [5, 3, 3, 2]))
        generated.append("".join(parts).rstrip(".-") or "1")
    return fixed + generated


def rubygems_versions(rng):
    fixed = [
        "0.9", "1", "1.0", "1.0.0", "1.0.a", "1.0.a2", "1.0.b1", "1.0.rc1", "1.0-rc2", "1.0.1", "1.1",
        "2", "1.01", "", "0", "1.0.0.pre", "1.0-beta", "1.0.pre.beta", "1.0.A", "1.a.1", "1.0.a.0",
        "a", "1..0", "1.0_1", "1.0-", "junk", "1.0 2", " 1.0 ", "7.1.3.4", "1.16.0.rc1", "1-1",
    ]
    generated = []
    for _ in range(600):
        parts = [number(rng)]
        for _ in range(rng.randint(0, 4)):
            parts.append(pick(rng, [number(rng), number(rng), "a", "b", "rc", "pre", "beta", "A", "rc1", "0"]))
        version = ".".join(parts)
        if rng.random() < 0.15:
            version += "-" + pick(rng, ["beta", "rc.1", "1", "pre-2"])
        generated.append(version)
    return fixed + generated


def packagist_versions(rng):
    fixed = [
        "1.0", "v1.2.3", "1.0-beta2", "1.0.0-RC1", "1.0.0rc1", "1.0-b1", "1.0.0-pl3", "1.0.0-stable",
        "1.0.0-dev", "1.0.0-beta.1-dev", "1.0.0+build.5", "2023.01.15", "1.x-dev", "1.0 as 2.0",
        "dev-main", "master", "1.0.0-alpha", "1.0.0-patch1", "1.0.0.0", "1.0.0.0.0", "1.0-", "1.0@beta",
        "20230115", "2023-01-15", "123456", "1.0.0-a1", "1.0.0-p1", "1.0.0.dev", "v1.0.0-BETA2",
        "1.0.0-alpha.1.2", "not a version", "", "1.0.0-beta-dev", "2.1.*-dev", "1.0.0_beta1",
    ]
    stabilities = ["alpha", "a", "beta", "b", "RC", "rc", "patch", "pl", "p", "stable", "dev", "Beta"]
    generated = []
    for _ in range(600):
        version = ".".join(number(rng) for _ in range(rng.randint(1, 4)))
        if rng.random() < 0.1:
            version = "v" + version
        if rng.random() < 0.45:
            version += pick(rng, ["-", ".", "_", ""]) + pick(rng, stabilities)
            if rng.random() < 0.6:
                version += pick(rng, ["", ".", "-"]) + number(rng)
        if rng.random() < 0.15:
            version += pick(rng, ["-", "."]) + "dev"
        generated.append(version)
    return fixed + generated


def rpm_versions(rng):
    fixed = [
        "1.0", "1.0-1", "1:1.0", "0:1.0", "1.0~rc1", "1.0^git1", "1.0a", "1.0.a", "1.0.1", "1.1",
        "1:0.1", "1.0_0", "1.01", "7.76.1-26.el9", "7.76.1-26.el9_3.2", "2.0~beta~1", "1.0^", "1.0~",
        "1.0-1.el9", "1.0-2.el9", "1.0+git", "5.14.0-362.8.1.el9_3",
    ]
    fragments = ["0", "1", "2", "9", "10", "01", ".", ".", "~", "^", "_", "+", "a", "b", "el", "rc"]
    generated = []
    for _ in range(500):
        version = number(rng) + "".join(pick(rng, fragments) for _ in range(rng.randint(0, 4)))
        if rng.random() < 0.2:
            version = pick(rng, ["0", "1", "2"]) + ":" + version
        if rng.random() < 0.6:
            version += "-" + number(rng) + "".join(pick(rng, fragments) for _ in range(rng.randint(0, 2)))
        generated.append(version)
    return fixed + generated


def go_versions(rng):
    fixed = [
        "v1", "v1.2", "v1.0.0", "v1.2.0", "v2.0.0+incompatible", "v0.0.0-20210101120000-abcdef123456",
        "v0.0.0-20210102000000-abcdef123456", "v1.2.4-0.20210101120000-abcdef123456", "v1.2.4",
        "v1.2.3", "v1.2-pre", "v1.2.3-rc.1", "v01.2.3", "v1.2.3-01", "v1.2.3+build", "1.2.3", "v1.2.3.4",
        "v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta", "v1.0.0-beta.2", "v1.0.0-beta.11",
        "v1.0.0-rc.1", "v", "v1.", "v1..2",
        # Numbers beyond 64 bits compare by value.
        "v18446744073709551616.0.0", "v18446744073709551615.0.0", "v1.99999999999999999999.0",
        "v1.0.0-99999999999999999999999", "v1.0.0-18446744073709551616",
    ]
    generated = []
    for _ in range(500):
        parts = rng.randint(1, 3)
        version = "v" + ".".join(number(rng) for _ in range(parts))
        if parts == 3 and rng.random() < 0.35:
            version += "-" + ".".join(pick(rng, ["alpha", "beta", "rc", "0", "1", "11", "2", "x-y", "20210101120000-abcdef123456"]) for _ in range(rng.randint(1, 3)))
        if parts == 3 and rng.random() < 0.1:
            version += "+incompatible"
        generated.append(version)
    return fixed + generated


def semver_versions(rng):
    fixed = [
        "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
        "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0", "1.0.0+a", "1.0.0+b",
        "v1.2.3", "1.2", "01.2.3", "1.x.3", "1.2.3-01", "1.2.3-a..b", "1.2.3.4", "1.0.0+001", "=1.2.3",
        " 1.2.3 ", "V1.2.3", "1.2.3-0", "1.2.3--", "1.2.3-a-b", "1.2.3-", "1.2.3+", "",
        # Numbers beyond 2^53 - 1, which node-semver refuses and steward compares by value.
        "9007199254740992.0.0", "1.0.18446744073709551616", "1.0.0-99999999999999999999999",
    ]
    generated = []
    for _ in range(600):
        version = ".".join(number(rng) for _ in range(3))
        if rng.random() < 0.4:
            version += "-" + ".".join(pick(rng, ["alpha", "beta", "rc", "0", "1", "11", "2", "x-y", "A", "a1"]) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.15:
            version += "+" + ".".join(pick(rng, ["build", "001", "sha", "5"]) for _ in range(rng.randint(1, 2)))
        generated.append(version)
    return fixed + generated


def cran_versions(rng):
    fixed = ["1.0", "1.0.0", "1.0-1", "1.01", "1.1", "1.0.0.0", "1", "1.0a", "0.9-12", "1.2-10",
             "1.2-3", "1.2.3", "3.6.3", "1.0.", "", "a.b", "1.8", "1.8.0", "1.8-0", "1.8.0.1"]
    generated = []
    for _ in range(400):
        version = number(rng)
        for _ in range(rng.randint(1, 3)):
            version += pick(rng, [".", "-"]) + number(rng)
        generated.append(version)
    return fixed + generated


# --- Oracles ----------------------------------------------------------------------------------


def run_lines(command, lines, env=None):
    """Runs an oracle that reads request lines on standard input and answers one per line."""
    result = subprocess.run(
        command, input="\n".join(lines) + "\n", capture_output=True, text=True, check=True, env=env
    )
    answers = result.stdout.splitlines()
    if len(answers) != len(lines):
        raise RuntimeError(f"{command[0]}: {len(answers)} answers for {len(lines)} questions\n{result.stderr}")
    return answers


def dpkg_oracle(lines):
    answers = []
    for line in lines:
        fields = line.split("\t")
        if fields[0] == "v":
            ok = subprocess.run(["dpkg", "--compare-versions", fields[1], "eq", fields[1]], capture_output=True)
            answers.append("valid" if ok.returncode == 0 else "invalid")
        else:
            def holds(relation):
                return subprocess.run(["dpkg", "--compare-versions", fields[1], relation, fields[2]], capture_output=True).returncode == 0
            answers.append("<" if holds("lt") else "=" if holds("eq") else ">")
    return answers


def packaging_oracle(lines):
    from packaging.version import InvalidVersion, Version

    answers = []
    for line in lines:
        fields = line.split("\t")
        if fields[0] == "v":
            try:
                Version(fields[1])
                answers.append("valid")
            except InvalidVersion:
                answers.append("invalid")
        else:
            left, right = Version(fields[1]), Version(fields[2])
            answers.append("<" if left < right else ">" if left > right else "=")
    return answers


def legacy_packaging_oracle(lines):
    """packaging 21.3's `parse`: a `Version`, else a `LegacyVersion` (OSV's PyPI ordering)."""
    scratch = pathlib.Path(tempfile.gettempdir()) / "steward-packaging-21.3"
    if not (scratch / "packaging").is_dir():
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(scratch), "packaging==21.3"],
            check=True,
        )
    program = (
        "import sys, warnings\n"
        "warnings.simplefilter('ignore')\n"
        "from packaging.version import parse\n"
        "for line in sys.stdin.read().splitlines():\n"
        "    fields = line.split('\\t')\n"
        "    if fields[0] == 'v':\n"
        "        print('valid' if fields[1].strip() else 'invalid')\n"
        "    else:\n"
        "        left, right = parse(fields[1]), parse(fields[2])\n"
        "        print('<' if left < right else '>' if left > right else '=')\n"
    )
    env = dict(os.environ, PYTHONPATH=str(scratch))
    return run_lines([sys.executable, "-c", program], lines, env=env)


def maven_oracle(lines, program="Compare.java"):
    jars = "/usr/share/maven/lib/maven-artifact-3.x.jar:/usr/share/maven/lib/commons-lang3.jar"
    return run_lines(["java", "-cp", jars, str(ORACLES / program)], lines)


def go_oracle(lines):
    env = dict(os.environ, GO111MODULE="off", GOPATH="/usr/share/gocode", GOFLAGS="", GOCACHE="/tmp/steward-go-cache")
    # x/mod's semver needs the `v`; steward also reads OSV's versions without it.
    requests = []
    for line in lines:
        fields = line.split("\t")
        requests.append("\t".join([fields[0]] + [f if f.startswith("v") else "v" + f for f in fields[1:]]))
    return run_lines(["go", "run", str(ORACLES / "compare.go")], requests, env=env)


def ruby_oracle(lines):
    return run_lines(["ruby", str(ORACLES / "compare.rb")], lines)


def php_oracle(lines):
    return run_lines(["php", str(ORACLES / "compare.php")], lines)


def r_oracle(lines):
    return run_lines(["Rscript", str(ORACLES / "compare.R")], lines)


def node_oracle(lines, program="compare.js"):
    if not (HERE / "node_modules" / "semver").is_dir():
        subprocess.run(["npm", "install", "--no-save", "--prefix", str(HERE), "semver@7"], check=True, capture_output=True)
    env = dict(os.environ, NODE_PATH=str(HERE / "node_modules"))
    return run_lines(["node", str(ORACLES / program)], lines, env=env)


def rpm_oracle(lines):
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as requests:
        requests.write("\n".join(lines) + "\n")
    env = dict(os.environ, STEWARD_RPM_INPUT=requests.name)
    script = str(ORACLES / "compare.lua")
    result = subprocess.run(["rpm", "--eval", f"%{{lua: dofile('{script}')}}"], capture_output=True, text=True, check=True, env=env)
    os.unlink(requests.name)
    answers = [answer for answer in result.stdout.splitlines() if answer]
    if len(answers) != len(lines):
        raise RuntimeError(f"rpm: {len(answers)} answers for {len(lines)} questions")
    return answers


# --- Requirements -----------------------------------------------------------------------------


def npm_requirements(rng):
    fixed = [
        "^1.2.3", "^0.2.3", "^0.0.3", "^1.2", "^0.0", "^0.x", "^1.x", "~1.2.3", "~1.2", "~1", "~>1.2",
        "1.2.3 - 2.3", "1.2 - 2.3.4", "* - 2", "1.x", "1.2.*", "*", "", ">1.2", "<=1.2", ">1", "<1",
        ">=1.2.3 <2.0.0", "<1.0.0 || >=2.0.0", ">= 1.2.3", "~ 1.2", "^ 1.2", "=1.2.3", "v1.2.3",
        ">=1.2.4-alpha", "1.2.3-beta.1", "01.2.3", "1.2.3.4", "abc", "1.2-beta", ">=1.2.3 <= ",
        ">*", "<x", "1.x.3", "^1.2.3-rc.1", "~1.2.3-rc.1", "1.2.3 - 2.3.4-beta", ">=1 <2 || 3.x",
    ]
    numbers = ["0", "1", "2", "3", "10"]
    operators = ["", "=", ">", ">=", "<", "<=", "~", "^"]
    generated = []
    for _ in range(300):
        parts = []
        for _ in range(rng.randint(1, 2)):
            version = ".".join(pick(rng, numbers + ["x", "*"], [4, 4, 3, 2, 1, 1, 1]) for _ in range(rng.randint(1, 3)))
            if version.count(".") == 2 and "x" not in version and "*" not in version and rng.random() < 0.2:
                version += "-" + pick(rng, ["alpha", "beta.1", "rc.2", "0"])
            parts.append(pick(rng, operators) + version)
        requirement = " ".join(parts)
        if rng.random() < 0.15:
            requirement += " || " + pick(rng, operators) + ".".join(pick(rng, numbers) for _ in range(3))
        generated.append(requirement)
    return fixed + generated


def semver_candidates(rng):
    versions = [".".join(str(rng.choice([0, 1, 2, 3, 4, 10])) for _ in range(3)) for _ in range(40)]
    versions += [v + "-" + rng.choice(["alpha", "beta.1", "rc.2", "0"]) for v in versions[:20]]
    return versions + ["1.2.3", "1.2.4-beta", "1.3.0-beta", "2.0.0-0", "0.0.3", "0.2.9", "1.2.3-rc.1"]


def pep440_requirements(rng):
    fixed = [
        "==1.0", "==1.0.*", "!=1.0.*", "~=1.4.2", "~=1.4", "~=1", "<1.0", ">1.0", "<=1.0", ">=1.0",
        ">=1.0, <2", "===1.0", "==1.0+local", "<1.0+local", ">=1.0.*", "1.0", "==", "==1.0.post1.*",
        "!=1.3", ">1.0.post1", "<1.0rc1", ">=1.0a1", "== 1.0", "~=2.2.post3", "==1!1.0.*", "",
        "~=1.0.0.dev1", "==1.0.dev1.*", "<=1.0+abc", ">1.0.dev1", "== 1.*",
    ]
    operators = ["==", "!=", "<", "<=", ">", ">=", "~="]
    generated = []
    for _ in range(300):
        clauses = []
        for _ in range(rng.randint(1, 2)):
            version = ".".join(pick(rng, ["0", "1", "2", "3"]) for _ in range(rng.randint(1, 3)))
            operator = pick(rng, operators)
            if operator in ("==", "!=") and rng.random() < 0.3:
                version += ".*"
            elif rng.random() < 0.3:
                version += pick(rng, ["a1", "rc1", ".post1", ".dev0", "b2"])
            clauses.append(operator + version)
        generated.append(", ".join(clauses))
    return fixed + generated


def pep440_candidates(rng):
    versions = [".".join(str(rng.choice([0, 1, 2, 3, 4])) for _ in range(rng.randint(1, 3))) for _ in range(40)]
    versions += [v + rng.choice(["a1", "rc1", ".post1", ".dev0", "+local", "b2", ".post1.dev0"]) for v in versions[:25]]
    return versions + ["1.0", "1.0.0", "1.0+local", "1.0rc1", "1.0.post1", "1.4.5", "1.5.0", "2.2.post3", "1!1.0"]


def maven_requirements(rng):
    fixed = [
        "[1.0,2.0)", "(,1.0]", "[1.2]", "(,1.0),(1.1,)", "[2.0,)", "[2.0,2.15.0)", "[1.0", "(1.0)",
        "[2.0,1.0]", "(1.0,1.0)", "[1.0,2.0),[1.5,3.0)", "[1,2,3]", "[ 1.0 , 2.0 ]", "[1.0,1.0]",
        "[1.0-SNAPSHOT,1.0]", "(,2.17.0)", "[2.0-beta9,2.3.1)", "[1.0,)", "(,)",
    ]
    bounds = ["1.0", "1.1", "1.05", "2.0", "2.0-SNAPSHOT", "2.0-rc1", "2.15.0", "2.17.1", "3", ""]
    generated = []
    for _ in range(300):
        lower, upper = pick(rng, bounds), pick(rng, bounds)
        spec = pick(rng, "[(") + lower + "," + upper + pick(rng, "])")
        if rng.random() < 0.1:
            spec = "[" + pick(rng, bounds[:-1]) + "]"
        generated.append(spec)
    return fixed + generated


def maven_candidates(rng):
    return ["1.0", "1.0.0", "1.05", "1.1", "1.2", "2.0", "2.0-SNAPSHOT", "2.0-rc1", "2.0-beta9", "2.14.1",
            "2.15.0", "2.16.0", "2.17.0", "2.17.1", "3", "3.0-alpha", "0.9", "1.0-sp1", "1.0-foo"]


def rubygems_requirements(rng):
    fixed = [
        "~> 1.2.3", "~> 1.2", "~> 1", ">= 1.0, < 2", "1.0.0", "!= 1.3", "~>", "= 1.0", "> 1.0.a",
        "~> 1.2.3.rc1", ">= 0", "~>1.2", "junk", "~> 1.0, >= 1.0.3", "< 2.0.a",
    ]
    operators = ["", "= ", "!= ", "> ", "< ", ">= ", "<= ", "~> "]
    generated = []
    for _ in range(300):
        clauses = []
        for _ in range(rng.randint(1, 2)):
            version = ".".join(pick(rng, ["0", "1", "2", "3"]) for _ in range(rng.randint(1, 3)))
            if rng.random() < 0.15:
                version += pick(rng, [".rc1", ".a", ".beta.2", "-pre"])
            clauses.append(pick(rng, operators) + version)
        generated.append(", ".join(clauses))
    return fixed + generated


def rubygems_candidates(rng):
    versions = [".".join(str(rng.choice([0, 1, 2, 3, 4])) for _ in range(rng.randint(1, 3))) for _ in range(40)]
    return versions + [v + ".rc1" for v in versions[:10]] + ["1.2.3.rc1", "1.0.a", "1.3", "2.0.a"]


def composer_requirements(rng):
    fixed = [
        "^1.2.3", "^0.3", "^0.0.3", "~1.2.3", "~1.2", "~1", "1.2.*", "*", ">=1.0 <2.0", ">=1.0, <2.0",
        "1.0 - 2.0", "1.0 - 2.0.0", "^1 || ^2", "^1 | ^2", "1.0", ">=1.0", "<2.0", "!=1.5", "<>1.5",
        "^2.0@beta", ">=1.0@dev", "~>1.2", "dev-master", "1.0.*@dev", "^1.2.3-beta", ">= 1.0",
        ">1.0 <=2.0 || >=3.0", "v1.0", "1.x", "^v2.1", "~1.2.3.4",
    ]
    operators = ["", "=", "==", "!=", ">", ">=", "<", "<=", "~", "^"]
    generated = []
    for _ in range(300):
        parts = []
        for _ in range(rng.randint(1, 2)):
            version = ".".join(pick(rng, ["0", "1", "2", "3"]) for _ in range(rng.randint(1, 3)))
            operator = pick(rng, operators)
            if operator == "" and rng.random() < 0.3:
                version += ".*"
            elif rng.random() < 0.15:
                version += pick(rng, ["-beta1", "-RC2", "-dev", "-alpha"])
            parts.append(operator + version)
        constraint = pick(rng, [" ", ", "]).join(parts)
        if rng.random() < 0.15:
            constraint += " || ^" + pick(rng, ["1", "2", "3"])
        generated.append(constraint)
    return fixed + generated


def composer_candidates(rng):
    versions = [".".join(str(rng.choice([0, 1, 2, 3, 4])) for _ in range(rng.randint(1, 3))) for _ in range(40)]
    return versions + [v + "-beta1" for v in versions[:10]] + ["1.5", "2.0.0-beta1", "2.0.9", "2.1.0", "0.0.3"]


REQUIREMENTS = {
    "npm": (npm_requirements, semver_candidates, lambda lines: node_oracle(lines, "satisfies.js"), "node-semver 7 (npm `semver`) satisfies"),
    "pep440": (pep440_requirements, pep440_candidates, lambda lines: packaging_specifier_oracle(lines), "Python packaging SpecifierSet.contains(prereleases=True)"),
    "maven": (maven_requirements, maven_candidates, lambda lines: maven_oracle(lines, "Satisfies.java"), "Maven VersionRange.containsVersion (maven-artifact 3.8.7)"),
    "rubygems": (rubygems_requirements, rubygems_candidates, lambda lines: run_lines(["ruby", str(ORACLES / "satisfies.rb")], lines), "Gem::Requirement#satisfied_by?"),
    "composer": (composer_requirements, composer_candidates, lambda lines: run_lines(["php", str(ORACLES / "satisfies.php")], lines), "Composer Semver::satisfies"),
}


def packaging_specifier_oracle(lines):
    from packaging.specifiers import InvalidSpecifier, SpecifierSet
    from packaging.version import Version

    answers = []
    for line in lines:
        fields = line.split("\t")
        try:
            specifiers = SpecifierSet(fields[1])
        except InvalidSpecifier:
            answers.append("invalid")
            continue
        if fields[0] == "r":
            answers.append("valid")
        else:
            answers.append("yes" if specifiers.contains(Version(fields[2]), prereleases=True) else "no")
    return answers


def record_requirements(name):
    requirements_of, candidates_of, oracle, description = REQUIREMENTS[name]
    rng = random.Random(f"{SEED}-requirement-{name}")
    requirements = [r for r in dict.fromkeys(requirements_of(rng)) if "\t" not in r]
    candidates = list(dict.fromkeys(candidates_of(rng)))
    validity = oracle([f"r\t{r}" for r in requirements])
    valid = [r for r, answer in zip(requirements, validity) if answer == "valid"]
    pairs = [(r, v) for r in valid for v in rng.sample(candidates, min(12, len(candidates)))]
    answers = oracle([f"s\t{r}\t{v}" for r, v in pairs])
    path = OUTPUT / f"requirement-{name}.tsv"
    with path.open("w") as out:
        out.write(f"# Recorded by scripts/reference/record-versions.py (seed {SEED}); do not edit.\n")
        out.write(f"# Reference: {description}\n")
        out.write("# Lines: `valid<TAB>requirement`, `invalid<TAB>requirement`, or `yes|no<TAB>requirement<TAB>version`.\n")
        for requirement, answer in zip(requirements, validity):
            out.write(f"{answer}\t{requirement}\n")
        for (requirement, version), answer in zip(pairs, answers):
            out.write(f"{answer}\t{requirement}\t{version}\n")
    print(f"requirement {name}: {len(requirements)} requirements ({len(valid)} valid), {len(pairs)} checks -> {path}")


def tool_version(command):
    try:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()[0].strip()
    except Exception as error:  # noqa: BLE001 - informational only
        return f"unknown ({error})"


SCHEMES = {
    # scheme file: (generator, oracle, reference description)
    "debian": (debian_versions, dpkg_oracle, lambda: "dpkg --compare-versions, " + tool_version(["dpkg", "--version"])),
    "pep440": (pep440_versions, packaging_oracle, lambda: "Python packaging " + __import__("packaging").__version__),
    "maven": (maven_versions, maven_oracle, lambda: "Maven ComparableVersion, " + tool_version(["mvn", "--version"])),
    "rubygems": (rubygems_versions, ruby_oracle, lambda: "Gem::Version, " + tool_version(["ruby", "--version"])),
    "packagist": (packagist_versions, php_oracle, lambda: "Composer VersionParser::normalize + PHP version_compare, " + tool_version(["php", "--version"])),
    "rpm": (rpm_versions, rpm_oracle, lambda: "rpm.vercmp, " + tool_version(["rpm", "--version"])),
    "go": (go_versions, go_oracle, lambda: "golang.org/x/mod/semver (Debian golang-golang-x-mod-dev), " + tool_version(["go", "version"])),
    "semver": (semver_versions, node_oracle, lambda: "node-semver 7 (npm `semver`), node " + tool_version(["node", "--version"])),
    "cran": (cran_versions, r_oracle, lambda: "R package_version (validity) and utils::compareVersion (order), " + r_version()),
    "pypi": (pypi_versions, legacy_packaging_oracle, lambda: "Python packaging 21.3 parse (Version, else LegacyVersion)"),
}


def r_version():
    result = subprocess.run(["Rscript", "--version"], capture_output=True, text=True)
    return (result.stdout + result.stderr).strip()


def record(name):
    generator, oracle, describe = SCHEMES[name]
    rng = random.Random(f"{SEED}-{name}")
    versions = list(dict.fromkeys(generator(rng)))  # unique, in order
    versions = [v for v in versions if "\t" not in v and "\n" not in v]
    validity = oracle([f"v\t{v}" for v in versions])
    valid = [v for v, answer in zip(versions, validity) if answer == "valid"]
    pairs = []
    for index, left in enumerate(valid):
        # Each version against its neighbours and a few random others.
        partners = valid[index + 1 : index + 3] + rng.sample(valid, min(4, len(valid)))
        pairs.extend((left, right) for right in partners)
    pairs = list(dict.fromkeys(pairs))
    orders = oracle([f"c\t{a}\t{b}" for a, b in pairs])
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"{name}.tsv"
    with path.open("w") as out:
        out.write(f"# Recorded by scripts/reference/record-versions.py (seed {SEED}); do not edit.\n")
        out.write(f"# Reference: {describe()}\n")
        out.write("# Lines: `valid<TAB>version`, `invalid<TAB>version`, or `<order><TAB>left<TAB>right`.\n")
        for version, answer in zip(versions, validity):
            out.write(f"{answer}\t{version}\n")
        for (left, right), order in zip(pairs, orders):
            out.write(f"{order}\t{left}\t{right}\n")
    print(f"{name}: {len(versions)} versions ({len(valid)} valid), {len(pairs)} comparisons -> {path}")


if __name__ == "__main__":
    for name in sys.argv[1:] or [*SCHEMES, *(f"requirement-{r}" for r in REQUIREMENTS)]:
        if name.startswith("requirement-"):
            record_requirements(name.removeprefix("requirement-"))
        else:
            record(name)
