//! `steward db` and `steward scan` end to end: the shared corpus's advisories (RustSec, PyPA,
//! Go, GitHub) against the incident fixtures and the real lockfiles, in every report format.

mod common;

use std::path::{Path, PathBuf};

use common::{scan_json, steward};
use predicates::str::contains;
use serde_json::Value;
use steward_test::{corpus_path, fixture};

/// A database with every advisory of the corpus, in `dir`.
fn corpus_database(dir: &Path) -> PathBuf {
    let db = dir.join("db");
    let advisories = corpus_path("advisories");
    steward(dir)
        .args(["db", "import", "--db"])
        .arg(&db)
        .args(["rustsec", "pypa", "go", "ghsa"].map(|part| advisories.join(part)))
        .assert()
        .success()
        .stderr(contains("new snapshot sha256:"));
    db
}

/// The package report named `name`.
fn package<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["packages"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|package| package["name"] == name)
        .unwrap_or_else(|| panic!("no finding on {name}: {report:#}"))
}

fn ids(package: &Value) -> Vec<&str> {
    package["findings"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|finding| finding["id"].as_str().expect("an id"))
        .collect()
}

#[test]
fn well_known_incidents_are_found_with_their_fix() {
    let dir = tempfile::tempdir().unwrap();
    let db = corpus_database(dir.path());

    // Log4Shell and its two follow-ups, each a critical or high CVSS score computed from its
    // vector; 2.17.0 is the first version fixing all three.
    let report = scan_json(dir.path(), &db, &fixture("scan/log4shell"));
    assert_eq!(report["schema"], "steward-scan/1");
    assert!(
        report["database"]["digest"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    let log4j = package(&report, "org.apache.logging.log4j:log4j-core");
    assert_eq!(
        ids(log4j),
        [
            "GHSA-7rjr-3q55-vv33",
            "GHSA-jfh8-c2jp-5v3q",
            "GHSA-p6xc-xr62-6r2g"
        ]
    );
    let log4shell = &log4j["findings"][1];
    assert_eq!(log4shell["aliases"], serde_json::json!(["CVE-2021-44228"]));
    assert_eq!(log4shell["severity"]["level"], "critical");
    assert_eq!(log4shell["severity"]["score"], 10.0);
    assert_eq!(log4j["fix"], "2.17.0");
    assert_eq!(log4j["locations"][0]["line"], 8);
    assert!(
        report["packages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["name"] != "org.apache.logging.log4j:log4j-api")
    );

    // RustSec and the GHSA it aliases are one finding, reported under the RustSec id.
    let report = scan_json(dir.path(), &db, &fixture("scan/rustsec"));
    let regex = package(&report, "regex");
    assert_eq!(ids(regex), ["RUSTSEC-2022-0013"]);
    assert_eq!(
        regex["findings"][0]["records"],
        serde_json::json!(["GHSA-m5pq-gvj9-9vr8", "RUSTSEC-2022-0013"])
    );
    assert!(
        regex["findings"][0]["aliases"]
            .as_array()
            .unwrap()
            .contains(&"CVE-2022-24713".into())
    );
    assert_eq!(regex["fix"], "1.5.5");
    assert_eq!(report["packages"].as_array().unwrap().len(), 1);

    // PyPA's YAML record and GitHub's JSON one for requests are one finding.
    let report = scan_json(dir.path(), &db, &fixture("scan/pysec"));
    let requests = package(&report, "requests");
    assert_eq!(ids(requests), ["PYSEC-2023-74"]);
    assert_eq!(
        requests["findings"][0]["records"],
        serde_json::json!(["GHSA-j8r2-6x86-q33q", "PYSEC-2023-74"])
    );
    assert_eq!(requests["fix"], "2.31.0");
    assert_eq!(requests["findings"][0]["severity"]["level"], "medium");

    // Go modules by SemVer with the `v` prefix the module system writes.
    let report = scan_json(dir.path(), &db, &fixture("scan/go"));
    let text = package(&report, "golang.org/x/text");
    assert!(
        ids(text).starts_with(&["GO-2021-0113", "GO-2022-1059"]),
        "{:?}",
        ids(text)
    );
    assert_eq!(text["version"], "v0.3.5");

    // lodash, and minimist brought in by mkdirp; the fix for each is the first version fixing
    // both of its advisories.
    let report = scan_json(dir.path(), &db, &fixture("scan/lodash"));
    let lodash = package(&report, "lodash");
    assert_eq!(ids(lodash), ["GHSA-jf85-cpcp-j695", "GHSA-p6mc-m468-83gw"]);
    assert_eq!(lodash["fix"], "4.17.20");
    let minimist = package(&report, "minimist");
    assert_eq!(minimist["fix"], "0.2.4");
    assert_eq!(minimist["via"][0]["name"], "mkdirp");
    assert_eq!(minimist["relationship"], "transitive");
}

#[test]
fn distribution_packages_match_by_source_package_within_their_release() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    steward(dir.path())
        .args(["db", "import", "--db"])
        .arg(&db)
        .arg(fixture("scan/debian/advisories"))
        .assert()
        .success();
    let output = steward(dir.path())
        .args(["scan", "--format", "json", "--fail-on", "never", "--db"])
        .arg(&db)
        .arg("--root")
        .arg(fixture("scan/debian/root"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<(&str, &str, Vec<&str>, &str)> = report["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|package| {
            (
                package["name"].as_str().unwrap(),
                package["version"].as_str().unwrap(),
                ids(package),
                package["fix"].as_str().unwrap(),
            )
        })
        .collect();
    // openssl's advisory for Debian 12 reaches both binary packages built from it, its Debian 11
    // one neither; of zlib's, only the one fixed above the installed epoch-1 version matches.
    assert_eq!(
        found,
        [
            (
                "libssl3",
                "3.0.11-1~deb12u1",
                vec!["DEBIAN-CVE-2099-0001"],
                "3.0.11-1~deb12u2"
            ),
            (
                "openssl",
                "3.0.11-1~deb12u1",
                vec!["DEBIAN-CVE-2099-0001"],
                "3.0.11-1~deb12u2"
            ),
            (
                "zlib1g",
                "1:1.2.13.dfsg-1",
                vec!["DEBIAN-CVE-2099-0004"],
                "1:1.2.13.dfsg-1+deb12u1"
            ),
        ]
    );
    assert_eq!(report["summary"]["looked_up"], 2);
}

#[test]
fn every_format_is_deterministic_and_names_the_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let db = corpus_database(dir.path());
    // The whole lockfile corpus, where a few files are read only in part (exit status 2).
    let lockfiles = corpus_path("lockfiles");
    let digest = {
        let report = scan_json(dir.path(), &db, &corpus_path("lockfiles/cargo"));
        assert!(report["summary"]["vulnerabilities"].as_u64().unwrap() > 0);
        report["database"]["digest"].as_str().unwrap().to_owned()
    };
    for format in ["table", "json", "sarif", "markdown", "cyclonedx"] {
        let run = || {
            steward(dir.path())
                .env("SOURCE_DATE_EPOCH", "1700000000")
                .args(["scan", "--fail-on", "never", "--format", format, "--db"])
                .arg(&db)
                .arg(&lockfiles)
                .output()
                .unwrap()
        };
        let (first, second) = (run(), run());
        assert_eq!(first.status.code(), Some(2), "{format}");
        assert_eq!(first.stdout, second.stdout, "{format}");
        let text = String::from_utf8(first.stdout).unwrap();
        assert!(
            text.contains(&digest),
            "{format} does not name the snapshot"
        );
    }
}

#[test]
fn sarif_is_valid_and_points_into_the_lockfile() {
    let dir = tempfile::tempdir().unwrap();
    let db = corpus_database(dir.path());
    let output = steward(dir.path())
        .args(["scan", "--format", "sarif", "--fail-on", "never", "--db"])
        .arg(&db)
        .arg(fixture("scan/lodash"))
        .arg(corpus_path("lockfiles/cargo"))
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    let schema: Value = serde_json::from_slice(
        &std::fs::read(corpus_path("schemas/sarif-2.1.0/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let lodash = results
        .iter()
        .find(|result| result["ruleId"] == "GHSA-jf85-cpcp-j695")
        .unwrap();
    let location = &lodash["locations"][0]["physicalLocation"];
    assert!(
        location["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("scan/lodash/package-lock.json")
    );
    assert_eq!(location["region"]["startLine"], 15);
    assert_eq!(lodash["level"], "error");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    let rule = &rules[usize::try_from(lodash["ruleIndex"].as_u64().unwrap()).unwrap()];
    assert_eq!(rule["id"], "GHSA-jf85-cpcp-j695");
    assert_eq!(rule["properties"]["security-severity"], "9.1");
}

#[test]
fn fail_on_sets_exit_status_one_and_suppressions_apply_until_they_expire() {
    let dir = tempfile::tempdir().unwrap();
    let db = corpus_database(dir.path());
    let target = fixture("scan/lodash");
    let scan = |fail_on: &str| {
        steward(dir.path())
            .args(["scan", "--fail-on", fail_on, "--db"])
            .arg(&db)
            .arg(&target)
            .assert()
    };
    scan("critical").code(1);
    scan("never").code(0);
    // lodash's and minimist's critical advisories suppressed: the high one still fails `high`,
    // and nothing fails `critical`.
    let config = dir.path().join("steward.toml");
    std::fs::write(
        &config,
        "[[suppress]]\nid = \"CVE-2019-10744\"\nreason = \"defaultsDeep is never called\"\nexpires = 2999-01-01\nowner = \"platform\"\n\n\
         [[suppress]]\nid = \"GHSA-xvch-5gv4-984h\"\nreason = \"minimist only parses our own arguments\"\nexpires = 2999-01-01\npackage = \"pkg:npm/minimist\"\n\n\
         [[suppress]]\nid = \"GHSA-p6mc-m468-83gw\"\nreason = \"was accepted\"\nexpires = 2020-01-01\n\n\
         [[suppress]]\nid = \"GHSA-0000-0000-0000\"\nreason = \"nothing matches\"\nexpires = 2999-01-01\n",
    )
    .unwrap();
    let with_config = |fail_on: &str, format: &str| {
        let mut command = assert_cmd::Command::cargo_bin("steward").unwrap();
        command
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .env_remove("STEWARD_LOG")
            .args(["--config"])
            .arg(&config)
            .args(["scan", "--format", format, "--fail-on", fail_on, "--db"])
            .arg(&db)
            .arg(&target);
        command
    };
    with_config("critical", "table")
        .assert()
        .code(0)
        .stderr(contains(
            "the suppression of GHSA-p6mc-m468-83gw expired on 2020-01-01",
        ))
        .stderr(contains(
            "the suppression of GHSA-0000-0000-0000 matches no finding",
        ))
        .stdout(contains("2 suppressed"));
    with_config("high", "table").assert().code(1);
    let output = with_config("never", "json").output().unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let lodash = package(&report, "lodash");
    assert_eq!(
        lodash["findings"][0]["suppressed"]["reason"],
        "defaultsDeep is never called"
    );
    assert_eq!(lodash["findings"][0]["suppressed"]["owner"], "platform");
    assert!(lodash["findings"][1].get("suppressed").is_none());
    assert_eq!(
        report["suppressions"]["expired"][0]["id"],
        "GHSA-p6mc-m468-83gw"
    );
    assert_eq!(
        report["suppressions"]["unused"][0]["id"],
        "GHSA-0000-0000-0000"
    );
    assert_eq!(report["summary"]["suppressed"], 2);

    // The same scan as CycloneDX VEX: the suppressed vulnerability carries the analysis, the
    // one whose suppression expired does not.
    let output = with_config("never", "cyclonedx").output().unwrap();
    let bom: Value = serde_json::from_slice(&output.stdout).unwrap();
    let vulnerability = |id: &str| {
        bom["vulnerabilities"]
            .as_array()
            .unwrap()
            .iter()
            .find(|vulnerability| vulnerability["id"] == id)
            .unwrap_or_else(|| panic!("no {id}"))
            .clone()
    };
    assert_eq!(
        vulnerability("GHSA-jf85-cpcp-j695")["analysis"],
        serde_json::json!({
            "response": ["will_not_fix"],
            "detail": "suppressed until 2999-01-01: defaultsDeep is never called"
        })
    );
    assert!(
        vulnerability("GHSA-p6mc-m468-83gw")
            .get("analysis")
            .is_none()
    );
}

#[test]
fn cyclonedx_is_a_valid_sbom_with_its_vulnerabilities() {
    let dir = tempfile::tempdir().unwrap();
    let db = corpus_database(dir.path());
    let output = steward(dir.path())
        .args([
            "scan",
            "--format",
            "cyclonedx",
            "--fail-on",
            "never",
            "--db",
        ])
        .arg(&db)
        .arg(fixture("scan/lodash"))
        .arg(corpus_path("lockfiles/cargo"))
        .output()
        .unwrap();
    let bom: Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors: Vec<String> = steward_test::cyclonedx_validator()
        .iter_errors(&bom)
        .take(10)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let digest = scan_json(dir.path(), &db, &fixture("scan/lodash"))["database"]["digest"].clone();
    assert_eq!(
        bom["metadata"]["properties"][0],
        serde_json::json!({"name": "steward:advisory-database", "value": digest})
    );
    let vulnerabilities = bom["vulnerabilities"].as_array().unwrap();
    let lodash = vulnerabilities
        .iter()
        .find(|vulnerability| vulnerability["id"] == "GHSA-jf85-cpcp-j695")
        .unwrap();
    assert_eq!(
        lodash["ratings"],
        serde_json::json!([{
            "severity": "critical",
            "score": 9.1,
            "method": "CVSSv31",
            "vector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H"
        }])
    );
    assert_eq!(lodash["references"][0]["id"], "CVE-2019-10744");
    assert_eq!(lodash["recommendation"], "Upgrade lodash to 4.17.20.");
    assert_eq!(
        lodash["affects"],
        serde_json::json!([{
            "ref": "pkg:npm/lodash@4.17.11",
            "versions": [{"version": "4.17.11", "status": "affected"}]
        }])
    );
    // Every vulnerability affects components of the document.
    let references: Vec<&Value> = bom["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|component| &component["bom-ref"])
        .collect();
    for vulnerability in vulnerabilities {
        let affects = vulnerability["affects"].as_array().unwrap();
        assert!(!affects.is_empty(), "{vulnerability:#}");
        for affected in affects {
            assert!(references.contains(&&affected["ref"]), "{affected:#}");
        }
    }
    // RustSec's informational advisories are rated `info`.
    let unmaintained = vulnerabilities
        .iter()
        .find(|vulnerability| vulnerability["id"] == "RUSTSEC-2024-0375")
        .unwrap();
    assert_eq!(
        unmaintained["ratings"],
        serde_json::json!([{"severity": "info"}])
    );
    assert_eq!(unmaintained["properties"][0]["value"], "unmaintained");
}

#[test]
fn without_a_database_the_scan_says_so_reports_the_inventory_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let output = steward(dir.path())
        .args(["scan", "--offline", "--format", "json", "--db"])
        .arg(dir.path().join("none"))
        .arg(fixture("scan/lodash"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("there is no advisory database") && stderr.contains("steward db import"),
        "{stderr}"
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(report["database"].is_null());
    assert_eq!(report["summary"]["packages"], 4);
    steward(dir.path())
        .args(["scan", "--offline", "--db"])
        .arg(dir.path().join("none"))
        .arg(fixture("scan/lodash"))
        .assert()
        .code(2)
        .stdout(contains("no advisory database: nothing was checked"));
}

#[test]
fn an_ecosystem_the_database_has_no_records_for_is_an_error_not_an_all_clear() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    // Debian records only; the lodash project is npm.
    steward(dir.path())
        .args(["db", "import", "--db"])
        .arg(&db)
        .arg(fixture("scan/debian/advisories"))
        .assert()
        .success();
    steward(dir.path())
        .args(["scan", "--fail-on", "never", "--db"])
        .arg(&db)
        .arg(fixture("scan/lodash"))
        .assert()
        .code(2)
        .stderr(contains(
            "the advisory database has no records for npm, so those packages were not checked",
        ))
        .stderr(contains("steward db update --ecosystem npm"));
}

#[test]
fn an_undetermined_record_is_its_own_level_and_fails_until_suppressed() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("records");
    std::fs::create_dir(&records).unwrap();
    // A fix no SemVer parser reads: steward cannot tell whether regex is affected.
    std::fs::write(
        records.join("TEST-2099-0001.json"),
        r#"{"id": "TEST-2099-0001", "modified": "2024-01-01T00:00:00Z", "affected": [{
            "package": {"ecosystem": "crates.io", "name": "regex"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "one.two"}]}]
        }], "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]}"#,
    )
    .unwrap();
    let db = dir.path().join("db");
    steward(dir.path())
        .args(["db", "import", "--db"])
        .arg(&db)
        .arg(&records)
        .assert()
        .success();
    let output = steward(dir.path())
        .args(["scan", "--offline", "--db"])
        .arg(&db)
        .arg(fixture("scan/rustsec"))
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{table}");
    assert!(
        table.contains("TEST-2099-0001") && table.contains("undetermined"),
        "{table}"
    );
    assert!(
        table.contains("undetermined: TEST-2099-0001 for regex"),
        "{table}"
    );
    let markdown = steward(dir.path())
        .args([
            "scan",
            "--offline",
            "--fail-on",
            "never",
            "--format",
            "markdown",
            "--db",
        ])
        .arg(&db)
        .arg(fixture("scan/rustsec"))
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&markdown.stdout).contains("| undetermined (critical 9.8) |"),
        "{}",
        String::from_utf8_lossy(&markdown.stdout)
    );
    let sarif = steward(dir.path())
        .args([
            "scan",
            "--offline",
            "--fail-on",
            "never",
            "--format",
            "sarif",
            "--db",
        ])
        .arg(&db)
        .arg(fixture("scan/rustsec"))
        .output()
        .unwrap();
    let sarif: Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "TEST-2099-0001");
    assert_eq!(result["level"], "error");
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .contains("may be affected by TEST-2099-0001: undetermined"),
        "{result}"
    );
    let config = dir.path().join("steward.toml");
    std::fs::write(
        &config,
        "[[suppress]]\nid = \"TEST-2099-0001\"\nreason = \"checked by hand\"\nexpires = 2999-01-01\n",
    )
    .unwrap();
    let mut suppressed = assert_cmd::Command::cargo_bin("steward").unwrap();
    suppressed
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["--config"])
        .arg(&config)
        .args(["scan", "--offline", "--db"])
        .arg(&db)
        .arg(fixture("scan/rustsec"))
        .assert()
        .code(0);
}
