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
