//! `steward verify --layout`: in-toto-golang's demo supply chain verifies for its product with
//! the owner's key when its inspection may be left out, and not otherwise; an artifact that no
//! step produced does not verify.

mod common;

use common::steward;

fn golang(name: &str) -> String {
    steward_test::corpus_path(&format!("trust/in-toto/in-toto-golang/test/data/{name}"))
        .display()
        .to_string()
}

fn verify(artifact: &str, extra: &[&str]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let output = steward(dir.path())
        .arg("verify")
        .arg(artifact)
        .args([
            "--layout",
            &golang("demo.layout"),
            "--key",
            &golang("alice.pub"),
        ])
        .args(["--key-scheme", "rsa-pss-sha256", "--format", "json"])
        .args(extra)
        .output()
        .expect("runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn the_demo_product_verifies_only_with_inspections_left_out() {
    let product = golang("foo.tar.gz");
    let (status, report) = verify(&product, &["--without-inspections"]);
    assert_eq!(status, Some(0), "{report}");
    assert!(report.contains("inspection untar"), "{report}");
    let (status, report) = verify(&product, &[]);
    assert_eq!(status, Some(1), "{report}");
    assert!(report.contains("never runs commands"), "{report}");
}

#[test]
fn an_artifact_no_step_produced_does_not_verify() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    common::write(dir.path(), "other.tar.gz", "not the product");
    let other = dir.path().join("other.tar.gz").display().to_string();
    let (status, report) = verify(&other, &["--without-inspections"]);
    assert_eq!(status, Some(1), "{report}");
    assert!(report.contains("not a product of any step"), "{report}");
}
