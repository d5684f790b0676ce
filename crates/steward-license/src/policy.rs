//! A licence policy and its check over an inventory.
//!
//! A package meets the policy when its licence expression can be satisfied with licences that
//! are allowed (every licence, when the allow list is empty) and not denied: `MIT OR GPL-3.0`
//! meets a policy denying GPL-3.0, `MIT AND GPL-3.0` does not. A package with several recorded
//! licences must meet all of them. An exception allows one licence for one package, with a
//! reason. A package whose licence is not known — none recorded, or text that is no SPDX
//! expression (`BSD`, `see LICENSE`) — is listed as unknown, and is a problem only when the
//! policy says `unknown = "deny"`. The project itself (a root) is not checked.

use serde::{Deserialize, Serialize};
use steward_model::{Distinct, Inventory, Package, Relationship};

use crate::normalize::expression;

/// What to do with a package whose licence is not known.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unknown {
    /// List it, without failing.
    #[default]
    Warn,
    /// A problem, like a denied licence.
    Deny,
}

/// One licence allowed for one package.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Exception {
    /// The package: its name, or its package URL without version.
    pub package: String,
    /// The licence allowed for it (an SPDX identifier).
    pub license: String,
    /// Why.
    pub reason: String,
}

/// A licence policy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// The licences allowed; every licence not denied when empty.
    pub allow: Vec<String>,
    /// The licences denied.
    pub deny: Vec<String>,
    /// Licences allowed for one package each.
    pub exceptions: Vec<Exception>,
    /// What an unknown licence is.
    pub unknown: Unknown,
}

/// Why a policy cannot be used.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    /// A licence that is no SPDX identifier.
    #[error("`{0}` is not an SPDX licence identifier (or a LicenseRef-)")]
    NotALicense(String),
}

/// Why a package does not meet the policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Problem {
    /// Its licences cannot be satisfied with allowed ones.
    Denied {
        /// The licences that are denied or not allowed.
        offending: Vec<String>,
    },
    /// Its licence is not known.
    Unknown,
}

/// The outcome of a check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LicenseCheck {
    /// Distinct packages checked.
    pub checked: usize,
    /// Packages (indices into the inventory) that do not meet the policy, with why.
    pub problems: Vec<(usize, Problem)>,
    /// Packages whose licence is not known, when that is only a warning.
    pub unknown: Vec<usize>,
    /// Packages that meet it only by an exception (index into the policy's exceptions).
    pub excepted: Vec<(usize, usize)>,
}

impl LicenseCheck {
    /// Whether a package fails the policy.
    pub fn fails(&self) -> bool {
        !self.problems.is_empty()
    }
}

impl Policy {
    /// Checks that every licence the policy names is an SPDX identifier.
    pub fn validate(&self) -> Result<(), PolicyError> {
        let named = self
            .allow
            .iter()
            .chain(&self.deny)
            .chain(self.exceptions.iter().map(|exception| &exception.license));
        for license in named {
            let known = spdx::license_id(license).is_some() || license.starts_with("LicenseRef-");
            if !known {
                return Err(PolicyError::NotALicense(license.clone()));
            }
        }
        Ok(())
    }

    /// Whether the policy allows `license` for everyone.
    fn allows(&self, license: &str) -> bool {
        !self.deny.iter().any(|denied| denied == license)
            && (self.allow.is_empty() || self.allow.iter().any(|allowed| allowed == license))
    }

    /// Checks every distinct package of `inventory`.
    pub fn check(&self, inventory: &Inventory) -> LicenseCheck {
        let mut check = LicenseCheck::default();
        for members in inventory.distinct().groups {
            let package = &inventory.packages[members[0]];
            if package.relationship == Relationship::Root {
                continue;
            }
            check.checked += 1;
            let licenses = Distinct::licenses(inventory, &members);
            match self.verdict(package, &licenses) {
                Verdict::Meets => {}
                Verdict::Excepted(exception) => check.excepted.push((members[0], exception)),
                Verdict::Unknown if self.unknown == Unknown::Warn => check.unknown.push(members[0]),
                Verdict::Unknown => check.problems.push((members[0], Problem::Unknown)),
                Verdict::Denied(offending) => {
                    check
                        .problems
                        .push((members[0], Problem::Denied { offending }));
                }
            }
        }
        check
    }

    fn verdict(&self, package: &Package, licenses: &[&str]) -> Verdict {
        let expressions: Option<Vec<spdx::Expression>> =
            licenses.iter().map(|license| expression(license)).collect();
        let Some(expressions) = expressions.filter(|expressions| !expressions.is_empty()) else {
            return Verdict::Unknown;
        };
        let meets = |allows: &dyn Fn(&str) -> bool| {
            expressions
                .iter()
                .all(|expression| expression.evaluate(|requirement| allows(&name(requirement))))
        };
        if meets(&|license| self.allows(license)) {
            return Verdict::Meets;
        }
        for (index, exception) in self.exceptions.iter().enumerate() {
            if names(&exception.package, package)
                && meets(&|license| self.allows(license) || license == exception.license)
            {
                return Verdict::Excepted(index);
            }
        }
        let mut offending: Vec<String> = expressions
            .iter()
            .flat_map(spdx::Expression::requirements)
            .map(|requirement| name(&requirement.req))
            .filter(|license| !self.allows(license))
            .collect();
        offending.sort();
        offending.dedup();
        Verdict::Denied(offending)
    }
}

enum Verdict {
    Meets,
    Excepted(usize),
    Unknown,
    Denied(Vec<String>),
}

/// A licence requirement's name as policies write it (`GPL-2.0-or-later`, `LicenseRef-x`).
fn name(requirement: &spdx::LicenseReq) -> String {
    requirement.to_string()
}

/// Whether `scope` (a name, or a package URL without version) names `package`.
fn names(scope: &str, package: &Package) -> bool {
    if scope.starts_with("pkg:") {
        return package.purl.as_ref().is_some_and(|purl| {
            let text = purl.to_string();
            let without_version = text.split(['@', '?', '#']).next().unwrap_or(&text);
            without_version == scope
        });
    }
    scope == package.name || scope == package.normalized_name
}

#[cfg(test)]
mod tests {
    use steward_model::Location;
    use steward_purl::{Ecosystem, EcosystemName};

    use super::*;

    fn package(name: &str, licenses: &[&str]) -> Package {
        let mut package = Package::new(
            Ecosystem::new(EcosystemName::Npm),
            name,
            Some("1.0.0"),
            Location::new("package-lock.json", None),
        );
        package.licenses = licenses.iter().map(|&license| license.to_owned()).collect();
        package
    }

    fn inventory() -> Inventory {
        Inventory {
            packages: vec![
                package("permissive", &["MIT"]),
                package("either", &["MIT OR GPL-3.0-only"]),
                package("both", &["MIT AND GPL-3.0-only"]),
                package("vague", &["BSD"]),
                package("silent", &[]),
                package("excepted", &["GPL-3.0-only"]),
            ],
            ..Inventory::default()
        }
    }

    fn policy() -> Policy {
        Policy {
            allow: Vec::new(),
            deny: vec!["GPL-3.0-only".to_owned()],
            exceptions: vec![Exception {
                package: "excepted".to_owned(),
                license: "GPL-3.0-only".to_owned(),
                reason: "a build tool, never shipped".to_owned(),
            }],
            unknown: Unknown::Warn,
        }
    }

    #[test]
    fn denies_what_cannot_be_satisfied_otherwise() {
        let check = policy().check(&inventory());
        assert_eq!(check.checked, 6);
        assert_eq!(
            check.problems,
            [(
                2,
                Problem::Denied {
                    offending: vec!["GPL-3.0-only".to_owned()]
                }
            )]
        );
        assert_eq!(check.unknown, [3, 4]);
        assert_eq!(check.excepted, [(5, 0)]);
    }

    #[test]
    fn an_allow_list_and_denied_unknowns() {
        let policy = Policy {
            allow: vec!["MIT".to_owned()],
            unknown: Unknown::Deny,
            ..Policy::default()
        };
        let check = policy.check(&inventory());
        let failing: Vec<usize> = check.problems.iter().map(|(index, _)| *index).collect();
        assert_eq!(failing, [2, 3, 4, 5]);
        assert_eq!(
            Policy {
                deny: vec!["GPL-3".to_owned()],
                ..Policy::default()
            }
            .validate(),
            Err(PolicyError::NotALicense("GPL-3".to_owned()))
        );
    }
}
