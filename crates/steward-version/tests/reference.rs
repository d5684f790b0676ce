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
const DEVIATIONS: &[(&str, &str, &str)] = &[];

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
