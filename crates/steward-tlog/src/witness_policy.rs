//! Witness policies, in the line format of Sigsum's trust policies: which witnesses a verifier
//! knows and how many of them must have cosigned a checkpoint.
//!
//! ```text
//! # comment
//! log HEXKEY [URL]                       a log's Ed25519 key (kept, not needed to judge)
//! witness NAME HEXKEY [URL]              a witness: its cosigner name and Ed25519 key
//! group NAME K|all|any MEMBER...         K of the members (witnesses or groups)
//! quorum NAME|none                       the witness or group that must be satisfied
//! ```
//!
//! Names are defined once, before use, so a group cannot contain itself.

use crate::cosignature::Witness;
use crate::note::NoteProblem;

/// The most witnesses and groups a policy defines, which also bounds how deep groups nest.
const NAME_LIMIT: usize = 256;

/// Why a witness policy is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("line {line}: {reason}")]
    Line { line: usize, reason: String },
    #[error("no `quorum` line")]
    NoQuorum,
}

/// A group: `threshold` of `members` (indexes into the policy's names).
#[derive(Debug)]
struct Group {
    threshold: usize,
    members: Vec<usize>,
}

#[derive(Debug)]
enum Member {
    Witness(usize),
    Group(Group),
}

/// A witness policy, read.
#[derive(Debug)]
pub struct WitnessPolicy {
    /// The logs' keys (raw Ed25519), with their URLs.
    pub logs: Vec<([u8; 32], Option<String>)>,
    witnesses: Vec<Witness>,
    names: Vec<(String, Member)>,
    /// `None`: `quorum none`, nothing is required.
    quorum: Option<usize>,
}

fn hex_key(text: &str) -> Option<[u8; 32]> {
    let bytes = steward_trust::unhex(text)?;
    bytes.try_into().ok()
}

impl WitnessPolicy {
    pub fn parse(text: &str) -> Result<Self, PolicyError> {
        let mut policy = Self {
            logs: Vec::new(),
            witnesses: Vec::new(),
            names: Vec::new(),
            quorum: None,
        };
        let mut quorum_seen = false;
        for (offset, line) in text.lines().enumerate() {
            let line_number = offset + 1;
            let fail = |reason: String| PolicyError::Line {
                line: line_number,
                reason,
            };
            let words: Vec<&str> = line
                .split('#')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .collect();
            match words.as_slice() {
                [] => {}
                ["log", key, rest @ ..] if rest.len() <= 1 => {
                    let key = hex_key(key)
                        .ok_or_else(|| fail(format!("{key:?} is not a hex Ed25519 key")))?;
                    policy
                        .logs
                        .push((key, rest.first().map(|url| (*url).to_owned())));
                }
                ["witness", name, key, rest @ ..] if rest.len() <= 1 => {
                    let public = hex_key(key)
                        .ok_or_else(|| fail(format!("{key:?} is not a hex Ed25519 key")))?;
                    let witness = Witness::new(name, &public)
                        .map_err(|error: NoteProblem| fail(error.to_string()))?
                        .with_url(rest.first().map(|url| (*url).to_owned()));
                    policy
                        .define(name, Member::Witness(policy.witnesses.len()))
                        .map_err(fail)?;
                    policy.witnesses.push(witness);
                }
                ["group", name, threshold, members @ ..] if !members.is_empty() => {
                    let members = members
                        .iter()
                        .map(|member| {
                            policy
                                .find(member)
                                .ok_or_else(|| fail(format!("{member:?} is not defined above")))
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    let threshold = match *threshold {
                        "all" => members.len(),
                        "any" => 1,
                        digits => digits
                            .parse::<usize>()
                            .ok()
                            .filter(|k| (1..=members.len()).contains(k))
                            .ok_or_else(|| {
                                fail(format!(
                                    "threshold {digits:?} is not all, any or 1 to {}",
                                    members.len()
                                ))
                            })?,
                    };
                    policy
                        .define(name, Member::Group(Group { threshold, members }))
                        .map_err(fail)?;
                }
                ["quorum", name] if !quorum_seen => {
                    quorum_seen = true;
                    if *name != "none" {
                        policy.quorum = Some(
                            policy
                                .find(name)
                                .ok_or_else(|| fail(format!("{name:?} is not defined above")))?,
                        );
                    }
                }
                ["quorum", ..] if quorum_seen => {
                    return Err(fail("a second `quorum` line".to_owned()));
                }
                _ => {
                    return Err(fail(format!(
                        "not a policy line: {:?}",
                        line.chars().take(100).collect::<String>()
                    )));
                }
            }
        }
        if quorum_seen {
            Ok(policy)
        } else {
            Err(PolicyError::NoQuorum)
        }
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|(defined, _)| defined == name)
    }

    fn define(&mut self, name: &str, member: Member) -> Result<(), String> {
        if self.names.len() == NAME_LIMIT {
            return Err(format!("more than {NAME_LIMIT} witnesses and groups"));
        }
        if self.find(name).is_some() || name == "none" {
            return Err(format!("{name:?} is defined twice"));
        }
        self.names.push((name.to_owned(), member));
        Ok(())
    }

    /// The witnesses the policy knows.
    pub fn witnesses(&self) -> &[Witness] {
        &self.witnesses
    }

    /// Whether the witnesses named in `cosigned` satisfy the quorum.
    pub fn is_satisfied(&self, cosigned: &[String]) -> bool {
        self.quorum
            .is_none_or(|quorum| self.satisfied(quorum, cosigned))
    }

    fn satisfied(&self, index: usize, cosigned: &[String]) -> bool {
        match &self.names[index].1 {
            Member::Witness(witness) => {
                let name = self.witnesses[*witness].name();
                cosigned.iter().any(|signer| signer == name)
            }
            Member::Group(group) => {
                group
                    .members
                    .iter()
                    .filter(|member| self.satisfied(**member, cosigned))
                    .count()
                    >= group.threshold
            }
        }
    }

    /// The quorum, as a sentence: what must have cosigned.
    pub fn describe(&self) -> String {
        self.quorum.map_or_else(
            || "no witness".to_owned(),
            |quorum| self.describe_member(quorum),
        )
    }

    fn describe_member(&self, index: usize) -> String {
        match &self.names[index].1 {
            Member::Witness(witness) => self.witnesses[*witness].name().to_owned(),
            Member::Group(group) => format!(
                "{} of ({})",
                group.threshold,
                group
                    .members
                    .iter()
                    .map(|member| self.describe_member(*member))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }
}
