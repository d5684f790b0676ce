//! The `[trust]` table: the signers `steward verify` trusts and the rules it holds artifacts
//! to, when no `--key` or certificate identity is given.

use serde::Deserialize;

/// `[trust]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TrustConfig {
    /// How many vouching steps from a signer of the policy a key may be (0, the default,
    /// allows none).
    #[serde(default)]
    pub(crate) max_vouch_depth: usize,
    /// `[[trust.signer]]` tables.
    #[serde(default)]
    pub(crate) signer: Vec<SignerConfig>,
    /// `[[trust.rule]]` tables.
    #[serde(default)]
    pub(crate) rule: Vec<RuleConfig>,
}

/// One `[[trust.signer]]`: a key, or a Sigstore identity with its issuer; checked to be one
/// of the two when read, so that an error names the table's line.
#[derive(Debug, Deserialize)]
#[serde(try_from = "SignerFields")]
pub(crate) struct SignerConfig(pub(crate) SignerFields);

impl TryFrom<SignerFields> for SignerConfig {
    type Error = String;

    fn try_from(fields: SignerFields) -> Result<Self, String> {
        fields.check()?;
        Ok(Self(fields))
    }
}

/// The keys of a `[[trust.signer]]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SignerFields {
    #[serde(deserialize_with = "super::not_empty")]
    pub(crate) name: String,
    /// A public key file, relative to the configuration file.
    pub(crate) key: Option<String>,
    /// The RSA signature scheme of `key`.
    pub(crate) scheme: Option<String>,
    /// The Sigstore certificate identity (SAN), exactly.
    pub(crate) identity: Option<String>,
    /// A regular expression the Sigstore certificate identity must match in full.
    #[serde(default, deserialize_with = "pattern")]
    pub(crate) identity_pattern: Option<regex::Regex>,
    /// The OIDC issuer of the identity.
    pub(crate) issuer: Option<String>,
    /// The first day the signer counts.
    #[serde(default, deserialize_with = "optional_date")]
    pub(crate) not_before: Option<jiff::civil::Date>,
    /// The last day the signer counts.
    #[serde(default, deserialize_with = "optional_date")]
    pub(crate) not_after: Option<jiff::civil::Date>,
    /// Why the signer no longer counts at all.
    pub(crate) revoked: Option<String>,
}

/// One `[[trust.rule]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleConfig {
    #[serde(deserialize_with = "super::not_empty")]
    pub(crate) name: String,
    /// Globs of artifact paths (as given to `steward verify`) the rule covers.
    pub(crate) artifacts: Vec<String>,
    /// The signers that count, by name.
    pub(crate) signers: Vec<String>,
    /// How many distinct signers must have signed (default 1).
    #[serde(default = "one")]
    pub(crate) threshold: usize,
    /// The predicate type the attestations must have.
    pub(crate) predicate_type: Option<String>,
    /// The oldest a signature may be, in days.
    pub(crate) max_age_days: Option<u32>,
}

fn one() -> usize {
    1
}

fn pattern<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<regex::Regex>, D::Error> {
    let pattern = String::deserialize(deserializer)?;
    regex::Regex::new(&format!("^(?:{pattern})$"))
        .map(Some)
        .map_err(serde::de::Error::custom)
}

fn optional_date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<jiff::civil::Date>, D::Error> {
    super::date(deserializer).map(Some)
}

impl SignerFields {
    /// What is wrong with the combination of keys, if anything.
    pub(crate) fn check(&self) -> Result<(), String> {
        let sigstore = self.identity.is_some() || self.identity_pattern.is_some();
        match (&self.key, sigstore, &self.issuer) {
            (Some(_), false, None) => Ok(()),
            (None, true, Some(_))
                if !(self.identity.is_some() && self.identity_pattern.is_some()) =>
            {
                Ok(())
            }
            _ => Err(format!(
                "signer {:?} needs either `key`, or `identity` (or `identity_pattern`) with `issuer`",
                self.name
            )),
        }
    }
}
