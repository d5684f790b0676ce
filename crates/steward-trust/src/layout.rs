//! in-toto v0.9 layouts and links: the layout, signed by the project owner's keys, names the
//! steps of a supply chain, who may carry out each (functionary keys and a threshold) and what
//! each may consume and produce; each functionary's signed link records what a step did.
//!
//! Verification follows the in-toto specification v0.9 (section 5): the layout's signatures by
//! every key given, its expiry, each step's links signed by its functionaries (a threshold of
//! distinct keys, whose links must agree), and every step's artifact rules. Signatures are over
//! the canonical JSON of `signed`. Inspections are commands the verifier would run; steward
//! never runs a command, so a layout with inspections does not verify unless the caller
//! accepts leaving them out, and the report names each one not run. Sublayouts and X.509
//! functionaries (`cert_constraints`) are refused.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::artifact_rules::{self, ArtifactRule, Artifacts, Kind, StepArtifacts};
use crate::canonical_json;
use crate::key::{Algorithm, PublicKey};
use crate::scheme::{Scheme, VerifyingKey};

/// Why a layout or link is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error("malformed in-toto metadata: {0}")]
    Malformed(String),
    #[error("the layout's key {keyid}: {reason}")]
    Key { keyid: String, reason: String },
    #[error("step {step}: {reason}")]
    Step { step: String, reason: String },
}

fn malformed(reason: impl std::fmt::Display) -> LayoutError {
    LayoutError::Malformed(reason.to_string())
}

/// Signed in-toto v0.9 metadata: `signed` and its signatures.
#[derive(Debug, Clone)]
struct Metadata {
    signed: Value,
    canonical: Vec<u8>,
    signatures: Vec<(String, Vec<u8>)>,
}

impl Metadata {
    fn parse(bytes: &[u8], expected_type: &str) -> Result<Self, LayoutError> {
        #[derive(Deserialize)]
        struct Raw {
            signed: Value,
            signatures: Vec<RawSignature>,
        }
        #[derive(Deserialize)]
        struct RawSignature {
            keyid: String,
            sig: String,
        }
        let raw: Raw = serde_json::from_slice(bytes).map_err(malformed)?;
        if raw.signed.get("_type").and_then(Value::as_str) != Some(expected_type) {
            return Err(malformed(format!("not an in-toto {expected_type}")));
        }
        let canonical = canonical_json::encode(&raw.signed).map_err(malformed)?;
        let signatures = raw
            .signatures
            .into_iter()
            .map(|signature| {
                crate::unhex(&signature.sig)
                    .map(|sig| (signature.keyid, sig))
                    .ok_or_else(|| malformed("a signature is not hex"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            signed: raw.signed,
            canonical,
            signatures,
        })
    }

    /// Whether a signature claiming `keyid` verifies with `key`.
    fn signed_by(&self, keyid: &str, key: &VerifyingKey) -> bool {
        self.signatures
            .iter()
            .any(|(id, sig)| id == keyid && key.verify(&self.canonical, sig).is_ok())
    }

    /// Whether any signature verifies with `key`.
    fn signed_by_key(&self, key: &VerifyingKey) -> bool {
        self.signatures
            .iter()
            .any(|(_, sig)| key.verify(&self.canonical, sig).is_ok())
    }
}

#[derive(Debug, Clone, Deserialize)]
struct StepText {
    name: String,
    #[serde(default)]
    expected_materials: Vec<Vec<String>>,
    #[serde(default)]
    expected_products: Vec<Vec<String>>,
    #[serde(default)]
    pubkeys: Vec<String>,
    #[serde(default = "one")]
    threshold: usize,
    #[serde(default)]
    cert_constraints: Vec<Value>,
}

const fn one() -> usize {
    1
}

#[derive(Debug, Clone, Deserialize)]
struct LayoutText {
    expires: String,
    #[serde(default)]
    steps: Vec<StepText>,
    #[serde(default)]
    inspect: Vec<StepText>,
    #[serde(default)]
    keys: BTreeMap<String, KeyText>,
}

/// A key as securesystemslib writes it.
#[derive(Debug, Clone, Deserialize)]
struct KeyText {
    keytype: String,
    scheme: String,
    keyval: KeyValue,
}

#[derive(Debug, Clone, Deserialize)]
struct KeyValue {
    public: String,
}

/// The verifying key of a securesystemslib key: Ed25519 (hex), RSA-PSS or ECDSA (PEM).
fn layout_key(keyid: &str, key: &KeyText) -> Result<VerifyingKey, LayoutError> {
    let refuse = |reason: String| LayoutError::Key {
        keyid: keyid.to_owned(),
        reason,
    };
    let (public, scheme) = match (key.keytype.as_str(), key.scheme.as_str()) {
        ("ed25519", "ed25519") => {
            let raw = crate::unhex(&key.keyval.public)
                .ok_or_else(|| refuse("the Ed25519 key is not hex".to_owned()))?;
            (
                PublicKey::from_raw(Algorithm::Ed25519, raw).map_err(|e| refuse(e.to_string()))?,
                None,
            )
        }
        ("rsa", scheme @ ("rsassa-pss-sha256" | "rsa-pkcs1v15-sha256")) => (
            PublicKey::parse(key.keyval.public.as_bytes()).map_err(|e| refuse(e.to_string()))?,
            Some(if scheme == "rsassa-pss-sha256" {
                Scheme::RsaPssSha256
            } else {
                Scheme::RsaPkcs1Sha256
            }),
        ),
        ("ecdsa" | "ecdsa-sha2-nistp256" | "ecdsa-sha2-nistp384", _) => (
            PublicKey::parse(key.keyval.public.as_bytes()).map_err(|e| refuse(e.to_string()))?,
            None,
        ),
        (keytype, scheme) => return Err(refuse(format!("{keytype} with scheme {scheme}"))),
    };
    VerifyingKey::new(public, scheme).map_err(|error| refuse(error.to_string()))
}

/// A signed link: what one functionary recorded of one step.
#[derive(Debug, Clone)]
pub struct Link {
    /// The file it came from.
    pub source: String,
    metadata: Metadata,
    pub name: String,
    pub materials: Artifacts,
    pub products: Artifacts,
}

impl Link {
    /// Reads a link file (`STEP.KEYID-PREFIX.link`).
    pub fn parse(source: &str, bytes: &[u8]) -> Result<Self, LayoutError> {
        #[derive(Deserialize)]
        struct LinkText {
            name: String,
            #[serde(default)]
            materials: Artifacts,
            #[serde(default)]
            products: Artifacts,
        }
        let metadata = Metadata::parse(bytes, "link")?;
        let text: LinkText = serde_json::from_value(metadata.signed.clone()).map_err(malformed)?;
        Ok(Self {
            source: source.to_owned(),
            metadata,
            name: text.name,
            materials: text.materials,
            products: text.products,
        })
    }

    fn artifacts(&self) -> StepArtifacts<'_> {
        StepArtifacts {
            materials: &self.materials,
            products: &self.products,
        }
    }
}

/// What verifying a layout found.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct LayoutVerdict {
    pub verified: bool,
    /// Why it did not verify; empty when it did.
    pub reasons: Vec<String>,
    /// Each step: the functionaries whose links counted.
    pub steps: Vec<StepVerdict>,
    /// Inspections the layout asks for, which steward does not run.
    pub inspections_not_run: Vec<String>,
    /// The SHA-256 of every product of the links counted, with its step and path.
    #[serde(skip)]
    pub products: Vec<Product>,
}

/// A product a counted link records.
#[derive(Debug, Clone)]
pub struct Product {
    pub step: String,
    pub path: String,
    pub sha256: String,
}

/// One step: whose links counted, and why others did not.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StepVerdict {
    pub name: String,
    pub functionaries: Vec<String>,
    pub refusals: Vec<String>,
}

/// A layout, read and its signatures checked against nothing yet.
#[derive(Debug, Clone)]
pub struct Layout {
    metadata: Metadata,
    text: LayoutText,
}

impl Layout {
    pub fn parse(bytes: &[u8]) -> Result<Self, LayoutError> {
        let metadata = Metadata::parse(bytes, "layout")?;
        let text: LayoutText =
            serde_json::from_value(metadata.signed.clone()).map_err(malformed)?;
        Ok(Self { metadata, text })
    }

    /// The link files the layout's steps may have, as in-toto names them:
    /// `STEP.KEYID-PREFIX.link` (the first eight hex digits of each functionary's key id).
    pub fn link_file_names(&self) -> Vec<String> {
        self.text
            .steps
            .iter()
            .flat_map(|step| {
                step.pubkeys.iter().map(|keyid| {
                    let prefix = keyid.get(..8).unwrap_or(keyid);
                    format!("{}.{prefix}.link", step.name)
                })
            })
            .collect()
    }

    /// The layout's inspections, by name.
    pub fn inspections(&self) -> Vec<String> {
        self.text
            .inspect
            .iter()
            .map(|step| step.name.clone())
            .collect()
    }

    /// Verifies the layout, signed by every one of `owner_keys`, at `now`, against `links`.
    /// Inspections make it fail unless `without_inspections`.
    pub fn verify(
        &self,
        owner_keys: &[VerifyingKey],
        links: &[Link],
        now: i64,
        without_inspections: bool,
    ) -> LayoutVerdict {
        let mut verdict = LayoutVerdict {
            inspections_not_run: self.inspections(),
            ..LayoutVerdict::default()
        };
        if owner_keys.is_empty() {
            verdict.reasons.push("no layout key was given".to_owned());
        }
        for key in owner_keys {
            if !self.metadata.signed_by_key(key) {
                verdict.reasons.push(format!(
                    "the layout is not signed by the key {}",
                    key.key().id()
                ));
            }
        }
        match self.text.expires.parse::<jiff::Timestamp>() {
            Ok(expires) if expires.as_second() > now => {}
            Ok(_) => verdict
                .reasons
                .push(format!("the layout expired at {}", self.text.expires)),
            Err(_) => verdict
                .reasons
                .push(format!("the expiry {:?} is not a time", self.text.expires)),
        }
        if !verdict.inspections_not_run.is_empty() && !without_inspections {
            verdict.reasons.push(format!(
                "the layout asks to run inspections ({}); steward never runs commands",
                verdict.inspections_not_run.join(", ")
            ));
        }
        if let Err(reason) = self.verify_steps(links, &mut verdict) {
            verdict.reasons.push(reason.to_string());
        }
        verdict.verified = verdict.reasons.is_empty();
        verdict
    }

    /// Each step's links (a threshold of distinct functionaries, agreeing), then every step's
    /// artifact rules against the links chosen.
    fn verify_steps(&self, links: &[Link], verdict: &mut LayoutVerdict) -> Result<(), LayoutError> {
        let keys: BTreeMap<&str, VerifyingKey> = self
            .text
            .keys
            .iter()
            .map(|(keyid, key)| layout_key(keyid, key).map(|verifying| (keyid.as_str(), verifying)))
            .collect::<Result<_, _>>()?;
        let mut chosen: BTreeMap<String, &Link> = BTreeMap::new();
        for step in &self.text.steps {
            let (step_verdict, link) = step_links(step, links, &keys)?;
            verdict.steps.push(step_verdict);
            chosen.insert(step.name.clone(), link);
        }
        verdict.products = chosen
            .iter()
            .flat_map(|(step, link)| {
                link.products.iter().filter_map(move |(path, hashes)| {
                    Some(Product {
                        step: step.clone(),
                        path: path.clone(),
                        sha256: hashes.get("sha256")?.clone(),
                    })
                })
            })
            .collect();
        let artifacts: BTreeMap<String, StepArtifacts<'_>> = chosen
            .iter()
            .map(|(name, link)| (name.clone(), link.artifacts()))
            .collect();
        for step in &self.text.steps {
            let own = artifacts[&step.name];
            let refuse = |error: artifact_rules::RuleError| LayoutError::Step {
                step: step.name.clone(),
                reason: error.to_string(),
            };
            for (rules, kind) in [
                (&step.expected_materials, Kind::Materials),
                (&step.expected_products, Kind::Products),
            ] {
                let rules = parse_rules(rules).map_err(refuse)?;
                artifact_rules::check(&rules, kind, own, &artifacts).map_err(refuse)?;
            }
        }
        Ok(())
    }
}

fn parse_rules(
    rules: &[Vec<String>],
) -> Result<Vec<(String, ArtifactRule)>, artifact_rules::RuleError> {
    rules
        .iter()
        .map(|words| ArtifactRule::parse(words).map(|rule| (words.join(" "), rule)))
        .collect()
}

/// The links of `step` signed by its functionaries: at least its threshold of distinct keys,
/// all recording the same materials and products; the first is the step's.
fn step_links<'a>(
    step: &StepText,
    links: &'a [Link],
    keys: &BTreeMap<&str, VerifyingKey>,
) -> Result<(StepVerdict, &'a Link), LayoutError> {
    let refuse = |reason: String| LayoutError::Step {
        step: step.name.clone(),
        reason,
    };
    if !step.cert_constraints.is_empty() && step.pubkeys.is_empty() {
        return Err(refuse("X.509 functionaries are not supported".to_owned()));
    }
    let mut verdict = StepVerdict {
        name: step.name.clone(),
        functionaries: Vec::new(),
        refusals: Vec::new(),
    };
    let mut counted: Vec<&Link> = Vec::new();
    for link in links.iter().filter(|link| link.name == step.name) {
        let signer = step.pubkeys.iter().find(|keyid| {
            !verdict.functionaries.contains(keyid)
                && keys
                    .get(keyid.as_str())
                    .is_some_and(|key| link.metadata.signed_by(keyid, key))
        });
        match signer {
            Some(keyid) => {
                verdict.functionaries.push(keyid.clone());
                counted.push(link);
            }
            None => verdict.refusals.push(format!(
                "{}: not signed by a functionary of the step (or one already counted)",
                link.source
            )),
        }
    }
    if counted.len() < step.threshold.max(1) {
        return Err(refuse(format!(
            "{} of the {} functionaries' links required{}",
            counted.len(),
            step.threshold.max(1),
            if verdict.refusals.is_empty() {
                String::new()
            } else {
                format!(" ({})", verdict.refusals.join("; "))
            }
        )));
    }
    let first = counted[0];
    if let Some(other) = counted
        .iter()
        .find(|link| link.materials != first.materials || link.products != first.products)
    {
        return Err(refuse(format!(
            "the links {} and {} disagree on materials or products",
            first.source, other.source
        )));
    }
    Ok((verdict, first))
}
