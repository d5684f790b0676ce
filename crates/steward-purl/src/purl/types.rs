//! The rules of each registered purl type, in one table.
//!
//! Each row restates the type's definition from the purl specification's type registry
//! (`types/<type>-definition.json`): whether a namespace is required or prohibited, which
//! components are case-insensitive (and so lower-cased in the canonical form), which qualifiers
//! are mandatory, and the few type-specific normalizations and checks. A type that is not in the
//! table is valid if it follows the generic rules; it only gets no type-specific treatment.

use super::Purl;

/// Whether a type needs, allows or forbids a namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Namespace {
    Required,
    Optional,
    Prohibited,
}

/// How the path after the type splits into namespace and name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameSpan {
    /// The last segment is the name, all segments before it the namespace (the generic rule).
    LastSegment,
    /// The first segment is the namespace, all segments after it the name (`git`).
    AfterFirstSegment,
}

/// A type-specific check; `Err` says why the purl is invalid.
pub(crate) type Validate = fn(&Purl) -> Result<(), String>;

/// One registered purl type.
#[derive(Debug)]
pub(crate) struct TypeRule {
    pub(crate) package_type: &'static str,
    pub(crate) namespace: Namespace,
    pub(crate) name_span: NameSpan,
    pub(crate) lowercase_namespace: bool,
    pub(crate) lowercase_name: bool,
    pub(crate) lowercase_version: bool,
    pub(crate) required_qualifiers: &'static [&'static str],
    /// Type-specific normalization applied after lower-casing.
    pub(crate) normalize: Option<fn(&mut Purl)>,
    /// Type-specific validation; returns why the purl is invalid.
    pub(crate) validate: Option<Validate>,
}

const fn rule(package_type: &'static str, namespace: Namespace) -> TypeRule {
    TypeRule {
        package_type,
        namespace,
        name_span: NameSpan::LastSegment,
        lowercase_namespace: false,
        lowercase_name: false,
        lowercase_version: false,
        required_qualifiers: &[],
        normalize: None,
        validate: None,
    }
}

impl TypeRule {
    const fn lowercase_namespace(mut self) -> Self {
        self.lowercase_namespace = true;
        self
    }
    const fn lowercase_name(mut self) -> Self {
        self.lowercase_name = true;
        self
    }
    const fn lowercase_version(mut self) -> Self {
        self.lowercase_version = true;
        self
    }
    const fn required_qualifiers(mut self, keys: &'static [&'static str]) -> Self {
        self.required_qualifiers = keys;
        self
    }
    const fn normalize(mut self, normalize: fn(&mut Purl)) -> Self {
        self.normalize = Some(normalize);
        self
    }
    const fn validate(mut self, validate: Validate) -> Self {
        self.validate = Some(validate);
        self
    }
    const fn name_span(mut self, name_span: NameSpan) -> Self {
        self.name_span = name_span;
        self
    }
}

use Namespace::{Optional, Prohibited, Required};

/// Every registered type, sorted by name (a test keeps it sorted for the binary search).
static RULES: &[TypeRule] = &[
    rule("alpm", Required)
        .lowercase_namespace()
        .lowercase_name(),
    rule("apk", Required).lowercase_namespace().lowercase_name(),
    rule("bazel", Prohibited),
    rule("bitbucket", Required)
        .lowercase_namespace()
        .lowercase_name(),
    rule("bitnami", Prohibited).lowercase_name(),
    rule("brew", Optional)
        .lowercase_namespace()
        .lowercase_name(),
    rule("cargo", Prohibited),
    rule("chrome-extension", Prohibited)
        .lowercase_name()
        .validate(validate_chrome_extension),
    rule("cocoapods", Prohibited),
    rule("composer", Required)
        .lowercase_namespace()
        .lowercase_name(),
    rule("conan", Optional),
    rule("conda", Prohibited),
    rule("cpan", Optional).validate(validate_cpan),
    rule("cran", Prohibited),
    rule("deb", Required).lowercase_namespace().lowercase_name(),
    rule("docker", Optional),
    rule("gem", Prohibited),
    rule("generic", Optional),
    rule("git", Required)
        .name_span(NameSpan::AfterFirstSegment)
        .normalize(normalize_git),
    rule("github", Required)
        .lowercase_namespace()
        .lowercase_name(),
    rule("golang", Required),
    rule("hackage", Prohibited),
    rule("hex", Optional).lowercase_namespace().lowercase_name(),
    rule("huggingface", Required).lowercase_version(),
    rule("julia", Prohibited).required_qualifiers(&["uuid"]),
    rule("luarocks", Optional)
        .lowercase_namespace()
        .lowercase_name(),
    rule("maven", Required),
    rule("mlflow", Prohibited).normalize(normalize_mlflow),
    rule("npm", Optional),
    rule("nuget", Prohibited),
    rule("oci", Prohibited).lowercase_name().lowercase_version(),
    rule("opam", Prohibited),
    rule("otp", Prohibited).lowercase_name(),
    rule("pub", Prohibited).normalize(normalize_pub),
    rule("pypi", Prohibited).normalize(normalize_pypi),
    rule("qpkg", Required).lowercase_namespace(),
    rule("rpm", Required).lowercase_namespace(),
    rule("swid", Optional),
    rule("swift", Required),
    rule("vcpkg", Prohibited),
    rule("vscode-extension", Required)
        .lowercase_namespace()
        .lowercase_name()
        .lowercase_version(),
    rule("yocto", Optional).lowercase_namespace(),
];

/// The rule of a registered type, if `package_type` (lower-case) is one.
pub(crate) fn rule_for(package_type: &str) -> Option<&'static TypeRule> {
    RULES
        .binary_search_by(|rule| rule.package_type.cmp(package_type))
        .ok()
        .map(|index| &RULES[index])
}

/// The registered types, in order.
pub fn registered_types() -> impl Iterator<Item = &'static str> {
    RULES.iter().map(|rule| rule.package_type)
}

/// PyPI: case-insensitive, and `_` is spelled `-` (the purl type definition; PEP 503's full
/// normalization, which also folds `.`, is [`crate::normalize_name`]'s job).
fn normalize_pypi(purl: &mut Purl) {
    purl.name = purl.name.to_lowercase().replace('_', "-");
}

/// Pub: lower-case, and anything outside `[a-z0-9_]` becomes `_`.
fn normalize_pub(purl: &mut Purl) {
    purl.name = purl
        .name
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
}

/// MLflow: model names are case-insensitive on Databricks and case-sensitive on Azure ML; the
/// registry is told apart by the `repository_url` qualifier.
fn normalize_mlflow(purl: &mut Purl) {
    let on_databricks = purl
        .qualifiers
        .get("repository_url")
        .is_some_and(|url| url.to_ascii_lowercase().contains("azuredatabricks.net"));
    if on_databricks {
        purl.name = purl.name.to_lowercase();
    }
}

/// git: the namespace is the host alone and the name the whole repository path after it. The
/// path is case-sensitive in general, but GitHub and Bitbucket treat owner and repository names
/// case-insensitively (as their own `github`/`bitbucket` types say).
fn normalize_git(purl: &mut Purl) {
    if let Some((host, rest)) = purl.namespace.as_deref().and_then(|ns| ns.split_once('/')) {
        purl.name = format!("{rest}/{}", purl.name);
        purl.namespace = Some(host.to_owned());
    }
    if purl.name.contains("//") || purl.name.starts_with('/') || purl.name.ends_with('/') {
        purl.name = purl
            .name
            .split('/')
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("/");
    }
    let host = purl.namespace.as_deref().unwrap_or_default();
    if matches!(
        host.to_ascii_lowercase().as_str(),
        "github" | "github.com" | "bitbucket" | "bitbucket.org"
    ) {
        purl.namespace = Some(host.to_lowercase());
        super::lowercase(&mut purl.name);
    }
}

/// Chrome extension ids are 32 letters `a`–`p`; versions are one to four dot-separated numbers.
fn validate_chrome_extension(purl: &Purl) -> Result<(), String> {
    let name_ok = purl.name.len() == 32 && purl.name.bytes().all(|b| (b'a'..=b'p').contains(&b));
    if !name_ok {
        return Err("the name must be 32 letters between `a` and `p`".to_owned());
    }
    if let Some(version) = &purl.version {
        let parts: Vec<&str> = version.split('.').collect();
        let version_ok = parts.len() <= 4
            && parts
                .iter()
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
        if !version_ok {
            return Err("the version must be one to four dot-separated numbers".to_owned());
        }
    }
    Ok(())
}

/// CPAN purls name distributions (`URI-PackageURL`), never modules (`URI::PackageURL`).
fn validate_cpan(purl: &Purl) -> Result<(), String> {
    if purl.name.contains("::") {
        return Err(format!(
            "`{}` is a module name; a cpan purl names the distribution (`{}`)",
            purl.name,
            purl.name.replace("::", "-")
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        for pair in RULES.windows(2) {
            assert!(
                pair[0].package_type < pair[1].package_type,
                "{} must come before {}",
                pair[0].package_type,
                pair[1].package_type
            );
        }
    }

    #[test]
    fn every_type_is_found() {
        for rule in RULES {
            assert!(rule_for(rule.package_type).is_some());
        }
        assert!(rule_for("bintray").is_none());
    }
}
