//! Verdicts from an in-toto layout: an artifact verifies when the layout does and the artifact
//! is a product of one of its steps.

use super::{ArtifactVerdict, Evidence, SignatureVerdict};
use crate::layout::LayoutVerdict;

/// Judges one artifact (its SHA-256 in hex) by the verified layout read from `source`.
pub fn judge_layout(
    artifact: String,
    sha256: String,
    source: &str,
    layout: &LayoutVerdict,
) -> ArtifactVerdict {
    let mut reasons = layout.reasons.clone();
    let product = layout
        .products
        .iter()
        .find(|product| product.sha256 == sha256);
    if layout.verified && product.is_none() {
        reasons.push("not a product of any step of the layout".to_owned());
    }
    let mut signatures: Vec<SignatureVerdict> = layout
        .steps
        .iter()
        .map(|step| SignatureVerdict {
            signer: Some(format!(
                "step {}: functionaries {}",
                step.name,
                step.functionaries.join(", ")
            )),
            claimed_keyid: None,
            counted: true,
            reason: None,
        })
        .collect();
    signatures.extend(
        layout
            .inspections_not_run
            .iter()
            .map(|name| SignatureVerdict {
                signer: Some(format!("inspection {name}")),
                claimed_keyid: None,
                counted: false,
                reason: Some("not run: steward never runs commands".to_owned()),
            }),
    );
    let mut evidence = Evidence::of_signatures(source, signatures);
    evidence.subject = product.map(|product| format!("{} (step {})", product.path, product.step));
    ArtifactVerdict::new(artifact, sha256, reasons, vec![evidence])
}
