//! Every scheme against its ecosystem's reference implementation.
//!
//! `tests/reference/<scheme>.tsv` holds what the reference said about generated and
//! hand-picked versions — which are valid, and how pairs compare — recorded by
//! `scripts/reference/record-versions.py`. Each scheme must agree on every line, except the
//! deliberate deviations listed here with their reason (also in docs/versions.md); the test
//! fails if a listed deviation no longer deviates.

use std::cmp::Ordering;
use std::path::PathBuf;

use steward_version::Scheme;
use steward_version::requirement::{Requirement, Syntax};

/// `(scheme file, version or "left right", why steward differs)`.
/// Why steward's Maven order leaves `ComparableVersion` on these pairs: each pair belongs to a
/// cycle in Maven's own answers (`0.cr.2 < 0 < 0-1`, yet Maven says `0-1 < 0.cr.2`), which no
/// total order can keep whole.
const CYCLE: &str = "Maven's ComparableVersion is not transitive here (a qualifier or list meets an item of another kind while the version cut before it orders the other way); steward's total order breaks the cycle by the sign against the shorter version";

const BEYOND_SAFE_INTEGERS: &str = "node-semver refuses numeric parts above 2^53 - 1 (JavaScript's safe integers); steward compares numbers of any size, as OSV's SemVer ordering and Go's x/mod/semver do";

const DEVIATIONS: &[(&str, &str, &str)] = &[
    ("semver", "9007199254740992.0.0", BEYOND_SAFE_INTEGERS),
    ("semver", "1.0.18446744073709551616", BEYOND_SAFE_INTEGERS),
    ("maven", "1.0-alpha-1 1.foo.Final.3", CYCLE),
    ("maven", "1.0-alpha-1 01.x-1", CYCLE),
    ("maven", "1.0b2 1.a.0-SNAPSHOT", CYCLE),
    ("maven", "01.x-1 1.0.0.RC1", CYCLE),
    ("maven", "0-1 0.cr.2", CYCLE),
    ("maven", "1.a.0-SNAPSHOT 1-rc.3.release", CYCLE),
    ("maven", "1.x-Final-0 1.RC", CYCLE),
    ("maven", "1.x-Final-0 1-RC", CYCLE),
    ("maven", "2.x-3.10 2-SNAPSHOT", CYCLE),
    ("maven", "1.final.111-RC 1.0-alpha1", CYCLE),
    ("maven", "1.sp-0 1snapshot", CYCLE),
    ("maven", "9.x-0.final.milestone 9.0.0.rc", CYCLE),
    ("maven", "2.Final.final-RC 2.b.2.10", CYCLE),
    ("maven", "1.m-3 1.0-alpha1", CYCLE),
];

fn reference_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("reference")
        .join(format!("{name}.tsv"))
}

fn is_deviation(scheme: &str, case: &str) -> bool {
    DEVIATIONS
        .iter()
        .any(|(file, listed, _)| *file == scheme && *listed == case)
}

fn check(name: &str, scheme: Scheme) {
    let text = std::fs::read_to_string(reference_file(name)).expect("read the reference file");
    let mut failures = Vec::new();
    let mut deviations_seen = Vec::new();
    let (mut validity_lines, mut comparison_lines) = (0, 0);
    for line in text.lines().filter(|line| !line.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let (case, outcome) = match fields.as_slice() {
            [answer @ ("valid" | "invalid"), version] => {
                validity_lines += 1;
                let parsed = scheme.parse(version);
                let agrees = parsed.is_ok() == (*answer == "valid");
                let got = match parsed {
                    Ok(version) => format!("valid ({version})"),
                    Err(error) => format!("invalid ({})", error.reason()),
                };
                (
                    (*version).to_owned(),
                    agrees
                        .then_some(())
                        .ok_or(format!("reference: {answer}, steward: {got}")),
                )
            }
            [order @ ("<" | "=" | ">"), left, right] => {
                comparison_lines += 1;
                let expected = match *order {
                    "<" => Ordering::Less,
                    "=" => Ordering::Equal,
                    _ => Ordering::Greater,
                };
                let outcome = match (scheme.parse(left), scheme.parse(right)) {
                    (Ok(l), Ok(r)) => {
                        let actual = l.cmp(&r);
                        (actual == expected)
                            .then_some(())
                            .ok_or(format!("reference: {order}, steward: {actual:?}"))
                    }
                    (l, r) => Err(format!(
                        "reference compares them, steward cannot parse: {:?} {:?}",
                        l.err().map(|e| e.to_string()),
                        r.err().map(|e| e.to_string())
                    )),
                };
                (format!("{left} {right}"), outcome)
            }
            _ => panic!("{name}: malformed reference line `{line}`"),
        };
        match outcome {
            Ok(()) if is_deviation(name, &case) => {
                failures.push(format!("listed deviation now agrees: `{case}`"));
            }
            Ok(()) => {}
            Err(_) if is_deviation(name, &case) => deviations_seen.push(case),
            Err(why) => failures.push(format!("`{case}`: {why}")),
        }
    }
    assert!(
        validity_lines > 100 && comparison_lines > 1000,
        "{name}: too few reference lines"
    );
    assert!(
        failures.is_empty(),
        "{name}: {} disagreements with the reference:\n{}",
        failures.len(),
        failures
            .iter()
            .take(60)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    let listed = DEVIATIONS
        .iter()
        .filter(|(file, _, _)| *file == name)
        .count();
    assert_eq!(
        deviations_seen.len(),
        listed,
        "{name}: a listed deviation is missing from the reference file"
    );
}

#[test]
fn debian_agrees_with_dpkg() {
    check("debian", Scheme::Debian);
}

#[test]
fn pep440_agrees_with_packaging() {
    check("pep440", Scheme::Pep440);
}

#[test]
fn maven_agrees_with_comparable_version() {
    check("maven", Scheme::Maven);
}

#[test]
fn rubygems_agrees_with_gem_version() {
    check("rubygems", Scheme::RubyGems);
}

#[test]
fn packagist_agrees_with_composer_and_php() {
    check("packagist", Scheme::Packagist);
}

#[test]
fn rpm_agrees_with_rpmvercmp() {
    check("rpm", Scheme::Rpm);
}

#[test]
fn go_agrees_with_x_mod_semver() {
    check("go", Scheme::Go);
}

#[test]
fn semver_agrees_with_node_semver() {
    check("semver", Scheme::SemVer);
}

#[test]
fn pypi_agrees_with_legacy_packaging() {
    check("pypi", Scheme::PyPi);
}

#[test]
fn cran_agrees_with_r() {
    check("cran", Scheme::Cran);
}

/// `(syntax file, requirement or "requirement version", why steward differs)`.
const REQUIREMENT_DEVIATIONS: &[(&str, &str, &str)] = &[];

fn is_requirement_deviation(name: &str, case: &str) -> bool {
    REQUIREMENT_DEVIATIONS
        .iter()
        .any(|(file, listed, _)| *file == name && *listed == case)
}

fn check_requirements(name: &str, syntax: Syntax) {
    let text = std::fs::read_to_string(reference_file(&format!("requirement-{name}")))
        .expect("read the reference file");
    let mut failures = Vec::new();
    let mut deviations_seen = 0;
    let mut checks = 0;
    for line in text.lines().filter(|line| !line.starts_with('#')) {
        let fields: Vec<&str> = line.split('\t').collect();
        let (case, outcome): (String, Result<(), String>) = match fields.as_slice() {
            [answer @ ("valid" | "invalid"), requirement] => {
                let parsed = Requirement::parse(syntax, requirement);
                let agrees = parsed.is_ok() == (*answer == "valid");
                (
                    (*requirement).to_owned(),
                    agrees.then_some(()).ok_or_else(|| {
                        format!(
                            "reference: {answer}, steward: {:?}",
                            parsed.err().map(|e| e.to_string())
                        )
                    }),
                )
            }
            [answer @ ("yes" | "no"), requirement, version] => {
                checks += 1;
                let outcome = match (
                    Requirement::parse(syntax, requirement),
                    syntax.scheme().parse(version),
                ) {
                    (Ok(requirement), Ok(version)) => {
                        let matched = requirement.matches(&version);
                        (matched == (*answer == "yes"))
                            .then_some(())
                            .ok_or(format!("reference: {answer}, steward: {matched}"))
                    }
                    (requirement, version) => Err(format!(
                        "steward cannot read it: {:?} {:?}",
                        requirement.err().map(|e| e.to_string()),
                        version.err().map(|e| e.to_string())
                    )),
                };
                (format!("{requirement} {version}"), outcome)
            }
            _ => panic!("{name}: malformed reference line `{line}`"),
        };
        match outcome {
            Ok(()) if is_requirement_deviation(name, &case) => {
                failures.push(format!("listed deviation now agrees: `{case}`"));
            }
            Ok(()) => {}
            Err(_) if is_requirement_deviation(name, &case) => deviations_seen += 1,
            Err(why) => failures.push(format!("`{case}`: {why}")),
        }
    }
    assert!(checks > 1000, "{name}: too few reference lines");
    assert!(
        failures.is_empty(),
        "{name}: {} disagreements with the reference:\n{}",
        failures.len(),
        failures
            .iter()
            .take(60)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    let listed = REQUIREMENT_DEVIATIONS
        .iter()
        .filter(|(file, _, _)| *file == name)
        .count();
    assert_eq!(
        deviations_seen, listed,
        "{name}: a listed deviation is missing from the reference file"
    );
}

#[test]
fn npm_ranges_agree_with_node_semver() {
    check_requirements("npm", Syntax::Npm);
}

#[test]
fn pep440_specifiers_agree_with_packaging() {
    check_requirements("pep440", Syntax::Pep440);
}

#[test]
fn maven_ranges_agree_with_version_range() {
    check_requirements("maven", Syntax::Maven);
}

#[test]
fn rubygems_requirements_agree_with_gem_requirement() {
    check_requirements("rubygems", Syntax::RubyGems);
}

#[test]
fn composer_constraints_agree_with_composer() {
    check_requirements("composer", Syntax::Composer);
}
