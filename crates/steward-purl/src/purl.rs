//! Package URLs (purls), per the purl specification (ECMA-427).
//!
//! A purl is `pkg:type/namespace/name@version?qualifiers#subpath`. [`Purl`] holds the decoded,
//! normalized components; [`Purl::parse`] reads one, [`PurlBuilder`] makes one from components,
//! and `Display` prints the canonical form. Both paths apply the same type-specific rules
//! (lower-casing case-insensitive components, PyPI and Pub name spelling, required and
//! prohibited namespaces, required qualifiers), so a purl that exists is always canonical and
//! `Purl::parse(&purl.to_string()) == Ok(purl)`.
//!
//! Traps this module handles:
//! - `@` both scopes npm names and separates the version. Many tools write scopes unencoded
//!   (`pkg:npm/@babel/core@7.0.0`), so the version separator is the last `@` *after* the last
//!   `/`; `pkg:npm/@babel/core` has no version.
//! - The colon is never percent-encoded (`pkg:deb/debian/attr@1:2.4.47-2%2Bb1`), `+` is not a
//!   space, and `/` inside a qualifier value is encoded (`repository_url=https:%2F%2Fexample.org`).
//! - Qualifier keys must be lower-case (§5.6.6). [`Purl::parse`] rejects `?Arch=x86`;
//!   [`Purl::parse_lenient`], meant for purls written by other tools, lower-cases the key.
//! - Subpath segments `.` and `..` and empty segments are dropped, never followed.
//! - For `git`, the namespace is the host and the name is the rest of the path
//!   (`pkg:git/codeberg.org/forgejo/forgejo`).

mod encoding;
mod types;

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use encoding::{DecodeError, decode, encode_into};
pub use types::registered_types;
use types::{NameSpan, Namespace, rule_for};

/// A parsed, normalized package URL.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Purl {
    package_type: String,
    namespace: Option<String>,
    name: String,
    version: Option<String>,
    qualifiers: BTreeMap<String, String>,
    subpath: Option<String>,
}

/// Why a string or a set of components is not a valid purl.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PurlError {
    /// The input has no `pkg:` scheme.
    #[error("missing the `pkg:` scheme")]
    MissingScheme,
    /// The input has a scheme other than `pkg`.
    #[error("the scheme is `{scheme}`, not `pkg`")]
    WrongScheme {
        /// The scheme found.
        scheme: String,
    },
    /// There is no type after the scheme.
    #[error("missing the package type")]
    MissingType,
    /// The type has a character other than ASCII letters, digits, `.` and `-`, or does not start
    /// with a letter.
    #[error(
        "invalid package type `{package_type}`: it must start with an ASCII letter and contain only ASCII letters, digits, `.` and `-`"
    )]
    InvalidType {
        /// The type found.
        package_type: String,
    },
    /// There is no name.
    #[error("missing the package name")]
    MissingName,
    /// A component has a `%` not followed by two hexadecimal digits.
    #[error("invalid percent-encoding in the {component} `{text}`")]
    BadPercentEncoding {
        /// Which component.
        component: &'static str,
        /// The component as written.
        text: String,
    },
    /// A component decodes to bytes that are not UTF-8.
    #[error("the {component} `{text}` does not decode to UTF-8")]
    NotUtf8 {
        /// Which component.
        component: &'static str,
        /// The component as written.
        text: String,
    },
    /// A namespace or subpath segment decodes to text containing `/`.
    #[error("the {component} segment `{segment}` contains an encoded `/`")]
    SlashInSegment {
        /// Which component.
        component: &'static str,
        /// The decoded segment.
        segment: String,
    },
    /// A qualifier key is not lower-case ASCII letters, digits, `.`, `-` and `_` starting with a
    /// letter.
    #[error(
        "invalid qualifier key `{key}`: it must start with a letter and contain only lower-case ASCII letters, digits, `.`, `-` and `_`"
    )]
    InvalidQualifierKey {
        /// The key as written.
        key: String,
    },
    /// A qualifier key appears twice.
    #[error("the qualifier `{key}` appears more than once")]
    DuplicateQualifier {
        /// The repeated key.
        key: String,
    },
    /// The type requires a namespace and there is none.
    #[error("a `{package_type}` purl needs a namespace")]
    NamespaceRequired {
        /// The type.
        package_type: String,
    },
    /// The type forbids a namespace and there is one.
    #[error("a `{package_type}` purl has no namespace, but `{namespace}` was given")]
    NamespaceProhibited {
        /// The type.
        package_type: String,
        /// The namespace given.
        namespace: String,
    },
    /// The type requires a qualifier that is missing.
    #[error("a `{package_type}` purl needs the qualifier `{key}`")]
    MissingQualifier {
        /// The type.
        package_type: String,
        /// The missing key.
        key: &'static str,
    },
    /// A type-specific rule is broken.
    #[error("invalid `{package_type}` purl: {reason}")]
    TypeRule {
        /// The type.
        package_type: String,
        /// What is wrong.
        reason: String,
    },
}

/// How strictly [`Purl::parse_with`] reads its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Strictness {
    /// The specification as written.
    Strict,
    /// Also accepts what other tools commonly write: upper-case qualifier keys.
    Lenient,
}

/// Access.
impl Purl {
    /// The type, lower-case (`npm`, `maven`, …).
    pub fn package_type(&self) -> &str {
        &self.package_type
    }

    /// The namespace, its segments joined by `/` (`@babel`, `org.apache.commons`,
    /// `github.com/gorilla`).
    pub fn namespace(&self) -> Option<&str> {
        self.namespace.as_deref()
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The version.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// The qualifiers, sorted by key.
    pub fn qualifiers(&self) -> &BTreeMap<String, String> {
        &self.qualifiers
    }

    /// One qualifier's value.
    pub fn qualifier(&self, key: &str) -> Option<&str> {
        self.qualifiers.get(key).map(String::as_str)
    }

    /// The subpath, its segments joined by `/`.
    pub fn subpath(&self) -> Option<&str> {
        self.subpath.as_deref()
    }

    /// Whether the type is registered with the purl specification. An unregistered type is
    /// valid if it follows the generic rules, but the specification asks for a warning.
    pub fn has_registered_type(&self) -> bool {
        rule_for(&self.package_type).is_some()
    }
}

/// Instantiation.
impl Purl {
    /// Starts building a purl of `package_type` named `name`.
    pub fn builder(package_type: &str, name: &str) -> PurlBuilder {
        PurlBuilder {
            package_type: package_type.to_owned(),
            namespace: None,
            name: name.to_owned(),
            version: None,
            qualifiers: Vec::new(),
            subpath: None,
        }
    }

    /// Parses a purl exactly as the specification says.
    pub fn parse(input: &str) -> Result<Self, PurlError> {
        Self::parse_with(input, Strictness::Strict)
    }

    /// Parses a purl, also accepting upper-case qualifier keys (which are lower-cased). Use it
    /// for purls written by other tools, such as SBOMs read back in.
    pub fn parse_lenient(input: &str) -> Result<Self, PurlError> {
        Self::parse_with(input, Strictness::Lenient)
    }

    fn parse_with(input: &str, strictness: Strictness) -> Result<Self, PurlError> {
        let (scheme, rest) = input.split_once(':').ok_or(PurlError::MissingScheme)?;
        if !scheme.eq_ignore_ascii_case("pkg") {
            return Err(PurlError::WrongScheme {
                scheme: scheme.to_owned(),
            });
        }
        let rest = rest.trim_start_matches('/');

        let (rest, subpath) = match rest.rsplit_once('#') {
            Some((rest, subpath)) => (rest, parse_subpath(subpath)?),
            None => (rest, None),
        };
        let (rest, qualifiers) = match rest.rsplit_once('?') {
            Some((rest, query)) => (rest, parse_qualifiers(query, strictness)?),
            None => (rest, BTreeMap::new()),
        };

        let (package_type, path) = rest.split_once('/').unwrap_or((rest, ""));
        let package_type = check_type(package_type)?;

        // The version separator is the last `@` after the last `/`, so that an unencoded npm
        // scope (`@babel/core`) is not taken for a version.
        let last_slash = path.rfind('/').map_or(0, |index| index + 1);
        let (path, version) = match path[last_slash..].rfind('@') {
            // `name/@version`: the name is empty, not the segment before the slash.
            Some(0) => return Err(PurlError::MissingName),
            Some(at) => {
                let at = last_slash + at;
                let version = decode_component("version", &path[at + 1..])?;
                (&path[..at], Some(version).filter(|v| !v.is_empty()))
            }
            None => (path, None),
        };

        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let name_span = rule_for(&package_type).map_or(NameSpan::LastSegment, |r| r.name_span);
        let (namespace_segments, name_segments) = match (name_span, segments.len()) {
            (_, 0) => return Err(PurlError::MissingName),
            (NameSpan::AfterFirstSegment, len) if len > 1 => segments.split_at(1),
            _ => segments.split_at(segments.len() - 1),
        };
        let name = name_segments
            .iter()
            .map(|segment| decode_component("name", segment))
            .collect::<Result<Vec<_>, _>>()?
            .join("/");
        let namespace = decode_segments("namespace", namespace_segments.iter().copied())?;

        let mut purl = Self {
            package_type,
            namespace,
            name,
            version,
            qualifiers,
            subpath,
        };
        purl.apply_type_rules()?;
        Ok(purl)
    }

    /// Lower-cases case-insensitive components, applies the type's normalization and checks its
    /// rules. Shared by parsing and building.
    fn apply_type_rules(&mut self) -> Result<(), PurlError> {
        let Some(rule) = rule_for(&self.package_type) else {
            return if self.name.is_empty() {
                Err(PurlError::MissingName)
            } else {
                Ok(())
            };
        };
        if rule.lowercase_namespace
            && let Some(namespace) = &mut self.namespace
        {
            lowercase(namespace);
        }
        if rule.lowercase_name {
            lowercase(&mut self.name);
        }
        if rule.lowercase_version
            && let Some(version) = &mut self.version
        {
            lowercase(version);
        }
        if let Some(normalize) = rule.normalize {
            normalize(self);
        }
        if self.name.is_empty() {
            return Err(PurlError::MissingName);
        }
        match (rule.namespace, &self.namespace) {
            (Namespace::Required, None) => {
                return Err(PurlError::NamespaceRequired {
                    package_type: self.package_type.clone(),
                });
            }
            (Namespace::Prohibited, Some(namespace)) => {
                return Err(PurlError::NamespaceProhibited {
                    package_type: self.package_type.clone(),
                    namespace: namespace.clone(),
                });
            }
            _ => {}
        }
        if let Some(key) = rule
            .required_qualifiers
            .iter()
            .find(|key| !self.qualifiers.contains_key(**key))
        {
            return Err(PurlError::MissingQualifier {
                package_type: self.package_type.clone(),
                key,
            });
        }
        if let Some(validate) = rule.validate {
            validate(self).map_err(|reason| PurlError::TypeRule {
                package_type: self.package_type.clone(),
                reason,
            })?;
        }
        Ok(())
    }
}

impl FromStr for Purl {
    type Err = PurlError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::parse(input)
    }
}

impl fmt::Display for Purl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::with_capacity(64);
        out.push_str("pkg:");
        out.push_str(&self.package_type);
        out.push('/');
        if let Some(namespace) = &self.namespace {
            push_segments(&mut out, namespace);
            out.push('/');
        }
        let name_span = rule_for(&self.package_type).map_or(NameSpan::LastSegment, |r| r.name_span);
        match name_span {
            NameSpan::AfterFirstSegment => push_segments(&mut out, &self.name),
            NameSpan::LastSegment => encode_into(&mut out, &self.name),
        }
        if let Some(version) = &self.version {
            out.push('@');
            encode_into(&mut out, version);
        }
        for (index, (key, value)) in self.qualifiers.iter().enumerate() {
            out.push(if index == 0 { '?' } else { '&' });
            out.push_str(key);
            out.push('=');
            encode_into(&mut out, value);
        }
        if let Some(subpath) = &self.subpath {
            out.push('#');
            push_segments(&mut out, subpath);
        }
        f.write_str(&out)
    }
}

impl serde::Serialize for Purl {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Purl {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse_lenient(&text).map_err(serde::de::Error::custom)
    }
}

/// Builds a [`Purl`] from decoded components, applying the same rules as parsing.
#[derive(Clone, Debug)]
pub struct PurlBuilder {
    package_type: String,
    namespace: Option<String>,
    name: String,
    version: Option<String>,
    qualifiers: Vec<(String, String)>,
    subpath: Option<String>,
}

impl PurlBuilder {
    /// Sets the namespace; `/` separates its segments.
    #[must_use]
    pub fn namespace(mut self, namespace: &str) -> Self {
        self.namespace = Some(namespace.to_owned());
        self
    }

    /// Sets the version.
    #[must_use]
    pub fn version(mut self, version: &str) -> Self {
        self.version = Some(version.to_owned());
        self
    }

    /// Adds a qualifier. An empty value is the same as no qualifier.
    #[must_use]
    pub fn qualifier(mut self, key: &str, value: &str) -> Self {
        self.qualifiers.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Sets the subpath; `/` separates its segments.
    #[must_use]
    pub fn subpath(mut self, subpath: &str) -> Self {
        self.subpath = Some(subpath.to_owned());
        self
    }

    /// Checks and normalizes the components.
    pub fn build(self) -> Result<Purl, PurlError> {
        let package_type = check_type(&self.package_type)?;
        let namespace = self
            .namespace
            .map(|namespace| {
                let clean = !namespace.contains("//")
                    && !namespace.starts_with('/')
                    && !namespace.ends_with('/');
                if clean {
                    namespace
                } else {
                    let segments: Vec<&str> =
                        namespace.split('/').filter(|s| !s.is_empty()).collect();
                    segments.join("/")
                }
            })
            .filter(|namespace| !namespace.is_empty());
        let mut qualifiers = BTreeMap::new();
        for (key, value) in self.qualifiers {
            check_qualifier_key(&key)?;
            if value.is_empty() {
                continue;
            }
            if qualifiers.insert(key.clone(), value).is_some() {
                return Err(PurlError::DuplicateQualifier { key });
            }
        }
        let subpath = self.subpath.as_deref().and_then(|subpath| {
            let segments: Vec<&str> = subpath
                .split('/')
                .filter(|s| !matches!(*s, "" | "." | ".."))
                .collect();
            (!segments.is_empty()).then(|| segments.join("/"))
        });
        let mut purl = Purl {
            package_type,
            namespace,
            name: if self.name.starts_with('/') || self.name.ends_with('/') {
                self.name.trim_matches('/').to_owned()
            } else {
                self.name
            },
            version: self.version.filter(|v| !v.is_empty()),
            qualifiers,
            subpath,
        };
        purl.apply_type_rules()?;
        Ok(purl)
    }
}

/// Lower-cases `text` in place when it is ASCII (almost always), else by Unicode's rules.
pub(crate) fn lowercase(text: &mut String) {
    if text.is_ascii() {
        text.make_ascii_lowercase();
    } else {
        *text = text.to_lowercase();
    }
}

fn check_type(package_type: &str) -> Result<String, PurlError> {
    if package_type.is_empty() {
        return Err(PurlError::MissingType);
    }
    let starts_with_letter = package_type.starts_with(|c: char| c.is_ascii_alphabetic());
    let allowed = package_type
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if !starts_with_letter || !allowed {
        return Err(PurlError::InvalidType {
            package_type: package_type.to_owned(),
        });
    }
    Ok(package_type.to_ascii_lowercase())
}

fn check_qualifier_key(key: &str) -> Result<(), PurlError> {
    let starts_with_letter = key.starts_with(|c: char| c.is_ascii_lowercase());
    let allowed = key
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_'));
    if starts_with_letter && allowed {
        Ok(())
    } else {
        Err(PurlError::InvalidQualifierKey {
            key: key.to_owned(),
        })
    }
}

fn parse_qualifiers(
    query: &str,
    strictness: Strictness,
) -> Result<BTreeMap<String, String>, PurlError> {
    let mut qualifiers = BTreeMap::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = match strictness {
            Strictness::Strict => key.to_owned(),
            Strictness::Lenient => key.to_ascii_lowercase(),
        };
        check_qualifier_key(&key)?;
        let value = decode_component("qualifier value", value)?;
        if value.is_empty() {
            continue;
        }
        if qualifiers.insert(key.clone(), value).is_some() {
            return Err(PurlError::DuplicateQualifier { key });
        }
    }
    Ok(qualifiers)
}

fn parse_subpath(subpath: &str) -> Result<Option<String>, PurlError> {
    let mut segments = Vec::new();
    for segment in subpath.split('/') {
        let segment = decode_component("subpath", segment)?;
        if matches!(segment.as_str(), "" | "." | "..") {
            continue;
        }
        if segment.contains('/') {
            return Err(PurlError::SlashInSegment {
                component: "subpath",
                segment,
            });
        }
        segments.push(segment);
    }
    Ok((!segments.is_empty()).then(|| segments.join("/")))
}

fn decode_segments<'a>(
    component: &'static str,
    segments: impl Iterator<Item = &'a str>,
) -> Result<Option<String>, PurlError> {
    let mut decoded = Vec::new();
    for segment in segments {
        let segment = decode_component(component, segment)?;
        if segment.contains('/') {
            return Err(PurlError::SlashInSegment { component, segment });
        }
        if !segment.is_empty() {
            decoded.push(segment);
        }
    }
    Ok((!decoded.is_empty()).then(|| decoded.join("/")))
}

fn decode_component(component: &'static str, text: &str) -> Result<String, PurlError> {
    decode(text).map_err(|error| match error {
        DecodeError::BadEscape { .. } => PurlError::BadPercentEncoding {
            component,
            text: text.to_owned(),
        },
        DecodeError::NotUtf8 => PurlError::NotUtf8 {
            component,
            text: text.to_owned(),
        },
    })
}

/// Writes `/`-separated segments, each percent-encoded.
fn push_segments(out: &mut String, segments: &str) {
    for (index, segment) in segments.split('/').enumerate() {
        if index > 0 {
            out.push('/');
        }
        encode_into(out, segment);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_a_scoped_npm_package() {
        let purl = Purl::parse("pkg:npm/%40babel/core@7.24.0").unwrap();
        assert_eq!(purl.namespace(), Some("@babel"));
        assert_eq!(purl.name(), "core");
        assert_eq!(purl.version(), Some("7.24.0"));
        assert_eq!(purl.to_string(), "pkg:npm/%40babel/core@7.24.0");
        // The unencoded spelling many tools write means the same package.
        assert_eq!(Purl::parse("pkg:npm/@babel/core@7.24.0").unwrap(), purl);
    }

    #[test]
    fn builds_a_maven_purl_with_qualifiers() {
        let purl = Purl::builder("maven", "log4j-core")
            .namespace("org.apache.logging.log4j")
            .version("2.14.1")
            .qualifier("type", "jar")
            .qualifier("classifier", "")
            .build()
            .unwrap();
        assert_eq!(
            purl.to_string(),
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar"
        );
    }

    #[test]
    fn strict_and_lenient_parsing_differ_only_in_qualifier_key_case() {
        let input = "pkg:gem/jruby-launcher@1.1.2?Platform=java";
        assert!(matches!(
            Purl::parse(input),
            Err(PurlError::InvalidQualifierKey { .. })
        ));
        assert_eq!(
            Purl::parse_lenient(input).unwrap().to_string(),
            "pkg:gem/jruby-launcher@1.1.2?platform=java"
        );
    }

    #[test]
    fn rejects_duplicate_qualifiers_and_encoded_slashes_in_segments() {
        assert!(matches!(
            Purl::parse("pkg:npm/a@1?x=1&x=2"),
            Err(PurlError::DuplicateQualifier { .. })
        ));
        assert!(matches!(
            Purl::parse("pkg:golang/a%2Fb/c@1"),
            Err(PurlError::SlashInSegment { .. })
        ));
    }

    #[test]
    fn git_names_span_every_segment_after_the_host() {
        let purl = Purl::parse("pkg:git/codeberg.org/forgejo/forgejo@a72d2c0").unwrap();
        assert_eq!(purl.namespace(), Some("codeberg.org"));
        assert_eq!(purl.name(), "forgejo/forgejo");
        assert_eq!(
            purl.to_string(),
            "pkg:git/codeberg.org/forgejo/forgejo@a72d2c0"
        );
    }
}
