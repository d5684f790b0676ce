//! `steward scan`'s filters: each leaves out what it names, says how much in the summary, and
//! only what is shown decides the exit status. Against advisories written for the test
//! (`tests/fixtures/scan/filters`).

mod common;

use std::path::Path;

use common::steward;
use predicates::prelude::*;
use predicates::str::contains;
use serde_json::Value;
use steward_test::fixture;

/// The JSON report and exit status of a scan of the project with `flags`.
fn scan(dir: &Path, db: &Path, flags: &[&str]) -> (Value, Option<i32>) {
    let output = steward(dir)
        .args(["scan", "--offline", "--format", "json", "--db"])
        .arg(db)
        .args(flags)
        .arg(fixture("scan/filters/project"))
        .output()
        .expect("steward runs");
    let report = serde_json::from_slice(&output.stdout).expect("the report is JSON");
    (report, output.status.code())
}

fn ids(report: &Value) -> Vec<String> {
    let mut ids: Vec<String> = report["packages"]
        .as_array()
        .expect("a list")
        .iter()
        .flat_map(|package| package["findings"].as_array().expect("a list"))
        .map(|finding| finding["id"].as_str().expect("an id").to_owned())
        .collect();
    ids.sort();
    ids
}

#[test]
fn without_filters_everything_is_shown() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::filters_database(dir.path());
    let (report, status) = scan(dir.path(), &db, &[]);
    assert_eq!(
        ids(&report),
        [
            "TEST-2026-1",
            "TEST-2026-2",
            "TEST-2026-3",
            "TEST-2026-4",
            "TEST-2026-5"
        ]
    );
    assert_eq!(status, Some(1));
    assert!(report["summary"].get("filters").is_none());
}

#[test]
fn severity_shows_only_the_levels_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::filters_database(dir.path());
    let (report, _) = scan(dir.path(), &db, &["--severity", "critical,high"]);
    assert_eq!(ids(&report), ["TEST-2026-1", "TEST-2026-2"]);
    let filters = &report["summary"]["filters"];
    assert_eq!(filters["severity"], serde_json::json!(["critical", "high"]));
    assert_eq!(filters["findings_of_other_severities"], 3);
    // Trivy's name for unrated is accepted too.
    let (report, _) = scan(dir.path(), &db, &["--severity", "unknown"]);
    assert_eq!(ids(&report), ["TEST-2026-5"]);
}

#[test]
fn only_what_is_shown_decides_the_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::filters_database(dir.path());
    let (report, status) = scan(dir.path(), &db, &["--severity", "low", "--fail-on", "high"]);
    assert_eq!(ids(&report), ["TEST-2026-3"]);
    assert_eq!(status, Some(0));
}

#[test]
fn a_suppression_of_a_hidden_finding_is_not_called_unused() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::filters_database(dir.path());
    let config = dir.path().join("steward.toml");
    std::fs::write(
        &config,
        "[[suppress]]\nid = \"TEST-2026-3\"\nreason = \"a low flaw, accepted\"\nexpires = 2999-01-01\n",
    )
    .unwrap();
    assert_cmd::Command::cargo_bin("steward")
        .unwrap()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("STEWARD_CONFIG", &config)
        .args(["scan", "--offline", "--severity", "critical", "--db"])
        .arg(&db)
        .arg(fixture("scan/filters/project"))
        .assert()
        .code(1)
        .stderr(contains("matches no finding").not());
}

#[test]
fn ignore_unfixed_leaves_out_what_no_version_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::filters_database(dir.path());
    let (report, _) = scan(dir.path(), &db, &["--ignore-unfixed"]);
    assert!(!ids(&report).contains(&"TEST-2026-2".to_owned()));
    assert_eq!(report["summary"]["filters"]["unfixed_findings"], 1);
    assert_eq!(report["summary"]["filters"]["ignore_unfixed"], true);
}

#[test]
fn ecosystem_keeps_one_ecosystem_and_counts_the_packages_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::filters_database(dir.path());
    let (report, _) = scan(dir.path(), &db, &["--ecosystem", "pypi"]);
    assert_eq!(ids(&report), ["TEST-2026-4"]);
    assert_eq!(
        report["summary"]["filters"]["packages_of_other_ecosystems"],
        4
    );
    steward(dir.path())
        .args(["scan", "--offline", "--db"])
        .arg(&db)
        .args(["--ecosystem", "klingon"])
        .arg(fixture("scan/filters/project"))
        .assert()
        .code(2)
        .stderr(contains("`klingon` is not an ecosystem steward knows"));
}

#[test]
fn exclude_leaves_paths_out_of_the_walk_from_the_flag_or_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::filters_database(dir.path());
    let (report, _) = scan(dir.path(), &db, &["--exclude", "fixtures/"]);
    assert!(!ids(&report).contains(&"TEST-2026-5".to_owned()));
    assert_eq!(report["summary"]["filters"]["excluded_paths"], 1);
    assert!(
        report["files"]
            .as_array()
            .unwrap()
            .iter()
            .all(|file| !file["path"].as_str().unwrap().contains("project/fixtures"))
    );
    // The same from `[scan] exclude`, and a bad glob named as such.
    let config = dir.path().join("steward.toml");
    std::fs::write(&config, "[scan]\nexclude = [\"**/fixtures\"]\n").unwrap();
    let output = assert_cmd::Command::cargo_bin("steward")
        .unwrap()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .env("STEWARD_CONFIG", &config)
        .args(["scan", "--offline", "--format", "json", "--db"])
        .arg(&db)
        .arg(fixture("scan/filters/project"))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(!ids(&report).contains(&"TEST-2026-5".to_owned()));
    steward(dir.path())
        .args(["inventory", "--exclude", "a{b"])
        .arg(fixture("scan/filters/project"))
        .assert()
        .code(2)
        .stderr(contains("the exclusion `a{b` is not a glob"));
}

/// The table report of a scan of the project, with `COLUMNS` and `flags`.
fn table(dir: &Path, db: &Path, columns: &str, flags: &[&str]) -> String {
    let output = steward(dir)
        .env("COLUMNS", columns)
        .args(["scan", "--offline", "--db"])
        .arg(db)
        .args(flags)
        .arg(fixture("scan/filters/project"))
        .output()
        .expect("steward runs");
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn the_table_fits_the_width_with_titles_and_paths_relative_to_the_project() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::filters_database(dir.path());
    for columns in ["80", "160"] {
        let text = table(dir.path(), &db, columns, &[]);
        let width: usize = columns.parse().unwrap();
        for line in text.lines() {
            assert!(line.chars().count() <= width, "{columns}: {line}");
        }
        // Wide enough, the title is a column; else it moves under its row.
        if width >= 160 {
            assert!(text.contains("TITLE"), "{text}");
        } else {
            assert!(
                text.contains("\n    A critical flaw with a fix\n"),
                "{text}"
            );
        }
        assert!(text.contains("package-lock.json:"), "{text}");
        assert!(
            !text.contains("project/package-lock.json"),
            "paths are relative to the project: {text}"
        );
    }
    let wide = table(dir.path(), &db, "160", &[]);
    assert!(wide.contains("A critical flaw with a fix"), "{wide}");
    assert!(!wide.contains('\u{1b}'), "NO_COLOR: {wide}");
    let colored = table(dir.path(), &db, "160", &["--color", "always"]);
    assert!(colored.contains("\u{1b}[1m\u{1b}[31mcritical"), "{colored}");
    assert!(
        wide.contains("advisory database: 5 records, made "),
        "{wide}"
    );
    assert!(wide.contains("\nsnapshot sha256:"), "{wide}");
}

#[test]
fn markdown_links_each_id_to_its_own_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::filters_database(dir.path());
    let output = steward(dir.path())
        .args(["scan", "--offline", "--format", "markdown", "--db"])
        .arg(&db)
        .arg(fixture("scan/filters/project"))
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.contains("[TEST-2026-1](https://osv.dev/vulnerability/TEST-2026-1)"),
        "{text}"
    );
    assert!(text.contains("`package-lock.json:"), "{text}");
}
