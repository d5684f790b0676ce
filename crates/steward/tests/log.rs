//! `steward log verify-proof`: the Go checksum database's real inclusion proof verifies for its
//! entry with its key; another entry or key is exit status 1; a malformed proof is 2.

mod common;

use common::steward;

const PROOF: &str = "trust/signed-note/transparency-dev-incubator/cmd/tlog-verify/testdata/go.sum-database-tree-43930254";
const SUM_GOLANG_ORG: &str = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
const PETER: &str = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

fn corpus(suffix: &str) -> String {
    steward_test::corpus_path(&format!("{PROOF}{suffix}"))
        .display()
        .to_string()
}

fn verify(proof: &str, key: &str, entry: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let output = steward(dir.path())
        .args(["log", "verify-proof", proof, "--key", key, "--entry", entry])
        .args(["--origin", "go.sum database tree", "--format", "json"])
        .output()
        .expect("runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

#[test]
fn the_go_checksum_database_proof_verifies_for_its_entry_and_key_only() {
    let (status, report) = verify(&corpus(".tlog-proof"), SUM_GOLANG_ORG, &corpus(".raw"));
    assert_eq!(status, Some(0), "{report}");
    assert!(report.contains("\"tree_size\": 58253265"), "{report}");
    let (status, report) = verify(
        &corpus(".tlog-proof"),
        SUM_GOLANG_ORG,
        &corpus(".tlog-proof"),
    );
    assert_eq!(status, Some(1), "{report}");
    assert!(report.contains("does not lead from the entry"), "{report}");
    let (status, report) = verify(&corpus(".tlog-proof"), PETER, &corpus(".raw"));
    assert_eq!(status, Some(1), "{report}");
    assert!(report.contains("no key given signed"), "{report}");
}

#[test]
fn a_malformed_proof_or_key_is_an_error_naming_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    common::write(
        dir.path(),
        "bad.tlog-proof",
        "c2sp.org/tlog-proof@v1\nindex x\n\n",
    );
    let bad = dir.path().join("bad.tlog-proof").display().to_string();
    let (status, report) = verify(&bad, SUM_GOLANG_ORG, &corpus(".raw"));
    assert_eq!(status, Some(2), "{report}");
    assert!(
        report.contains("bad.tlog-proof") && report.contains("line 2"),
        "{report}"
    );
    let (status, report) = verify(&corpus(".tlog-proof"), "not-a-key", &corpus(".raw"));
    assert_eq!(status, Some(2), "{report}");
    assert!(report.contains("not-a-key"), "{report}");
}
