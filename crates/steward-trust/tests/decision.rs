//! Decision predicates: each kind has its shape, and anything else is refused saying why.

use serde_json::json;
use steward_trust::decision::{Decision, DecisionError, Kind};

fn base(decision: &str) -> serde_json::Value {
    json!({
        "decision": decision,
        "role": "qa",
        "rationale": "ran the test plan",
        "time": "2026-12-06T21:00:00Z",
    })
}

#[test]
fn each_kind_has_its_shape() {
    let mut review = base("review");
    review["outcome"] = json!("approve");
    review["buildsOn"] = json!([{"sha256": "ab".repeat(32)}]);
    let read = Decision::parse(&review).expect("a review");
    assert_eq!(read.decision, Kind::Review);
    assert_eq!(read.to_value().expect("writes"), review);

    let mut suppress = base("suppress");
    suppress["suppression"] = json!({"advisory": "GHSA-abcd-efgh-ijkl", "package": "pkg:cargo/serde@1.0.219", "expires": "2027-06-30"});
    Decision::parse(&suppress).expect("a suppression");
    let mut revoke = base("revoke");
    revoke["revokes"] = json!({"sha256": "0f".repeat(32)});
    Decision::parse(&revoke).expect("a revocation");
    for kind in ["author", "release"] {
        Decision::parse(&base(kind)).expect(kind);
    }
}

#[test]
fn malformed_decisions_are_refused_with_their_reason() {
    let with = |decision: &str, field: &str, value: serde_json::Value| {
        let mut predicate = base(decision);
        predicate[field] = value;
        Decision::parse(&predicate).expect_err(field).to_string()
    };
    assert_eq!(
        Decision::parse(&base("review"))
            .expect_err("no outcome")
            .to_string(),
        "a review decision needs an outcome: approve, request-changes or reject"
    );
    assert!(with("review", "outcome", json!("pass")).contains("needs an outcome"));
    assert!(with("test", "outcome", json!("approve")).contains("pass or fail"));
    assert!(with("release", "outcome", json!("approve")).contains("has no outcome"));
    assert!(
        with(
            "release",
            "suppression",
            json!({"advisory": "CVE-1", "expires": "2027-01-01"})
        )
        .contains("suppresses nothing")
    );
    assert!(
        with("release", "revokes", json!({"sha256": "00".repeat(32)})).contains("revokes nothing")
    );
    assert!(
        with(
            "suppress",
            "suppression",
            json!({"advisory": "CVE-1", "expires": "soon"})
        )
        .contains("\"soon\" is not a date")
    );
    assert!(with("author", "time", json!("yesterday")).contains("not an RFC 3339 time"));
    assert!(with("author", "role", json!("  ")).contains("role is empty"));
    assert!(with("author", "buildsOn", json!([{"sha256": "AB"}])).contains("not a SHA-256 digest"));
    assert!(with("author", "unexpected", json!(1)).starts_with("not a decision: unknown field"));
    assert!(matches!(
        Decision::parse(&base("merge")),
        Err(DecisionError::Json(_))
    ));
    assert!(
        Decision::parse(&base("suppress"))
            .expect_err("no suppression")
            .to_string()
            .contains("needs the advisory and its expiry")
    );
    assert!(
        Decision::parse(&base("revoke"))
            .expect_err("no target")
            .to_string()
            .contains("needs the statement it revokes")
    );
}
