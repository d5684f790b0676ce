//! `steward scan --format html` in a real browser: headless Chromium (Debian's `chromium`, or
//! the one `STEWARD_CHROMIUM` names) opens the report from a file, with no network, and must
//! log nothing to the console — a blocked load or script would be a Content-Security-Policy
//! violation logged there. The sorting script runs (the page opened at `#sort=3-descending`
//! lists the most severe first), and a screenshot is taken and checked to be a full page.
//! `docs/images/scan-report.png` is such a screenshot, reviewed by hand (see docs/scan.md).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::steward;
use steward_test::fixture;

fn chromium() -> String {
    std::env::var("STEWARD_CHROMIUM").unwrap_or_else(|_| "chromium".to_owned())
}

/// The HTML report of the filters fixture, written to `dir/report.html`.
fn report(dir: &Path) -> PathBuf {
    let db = common::filters_database(dir);
    let report = dir.join("report.html");
    steward(dir)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .args(["scan", "--offline", "--format", "html", "--db"])
        .arg(&db)
        .arg("--output")
        .arg(&report)
        .arg(fixture("scan/filters/project"))
        .assert()
        .code(1);
    report
}

/// Chromium, headless and offline, on `url` with `flags`: its standard output and error.
fn browse(dir: &Path, url: &str, flags: &[&str]) -> (String, String) {
    let output = Command::new("timeout")
        .arg("120")
        .arg(chromium())
        .args([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            // Nothing leaves the machine, whatever the page asks.
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .args(flags)
        .arg(url)
        .output()
        .unwrap_or_else(|error| {
            panic!(
                "cannot run {} (apt-get install chromium): {error}",
                chromium()
            )
        });
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_report_needs_nothing_from_outside() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(report(dir.path())).unwrap();
    for external in ["src=", "<link", "@import", "url("] {
        assert!(
            !text.contains(external),
            "the report loads something: {external}"
        );
    }
    assert!(text.contains("Content-Security-Policy\" content=\"default-src 'none';"));
}

#[test]
fn renders_in_chromium_without_console_errors_and_sorts() {
    let dir = tempfile::tempdir().unwrap();
    let report = report(dir.path());
    let url = format!("file://{}#sort=3-descending", report.display());
    let (dom, log) = browse(dir.path(), &url, &["--dump-dom"]);
    let console: Vec<&str> = log
        .lines()
        .filter(|line| line.contains(":CONSOLE"))
        .collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
    let order: Vec<&str> = dom
        .match_indices("\">TEST-2026-")
        .map(|(at, _)| &dom[at + 2..at + 13])
        .collect();
    // The table, most severe first (critical, high, medium, low, unrated), then the details.
    assert_eq!(
        &order[..5],
        [
            "TEST-2026-1",
            "TEST-2026-2",
            "TEST-2026-4",
            "TEST-2026-3",
            "TEST-2026-5"
        ]
    );
    assert!(dom.contains("aria-sort=\"descending\"><button type=\"button\">Severity"));
}

#[test]
fn a_screenshot_is_a_full_page() {
    let dir = tempfile::tempdir().unwrap();
    let report = report(dir.path());
    let screenshot = dir.path().join("report.png");
    browse(
        dir.path(),
        &format!("file://{}", report.display()),
        &[
            &format!("--screenshot={}", screenshot.display()),
            "--window-size=1280,1000",
            "--hide-scrollbars",
        ],
    );
    let png = std::fs::read(&screenshot).expect("a screenshot");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1280, 1000));
    // A blank page compresses to almost nothing; this one has charts, a table and text.
    assert!(png.len() > 30_000, "{} bytes", png.len());
}
