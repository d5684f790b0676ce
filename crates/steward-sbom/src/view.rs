//! The inventory as every writer sees it: one component per distinct package, with every place
//! it was found, the edges between components, and what the subject depends on directly.

use sha2::{Digest, Sha256};
use steward_model::{Hash, HashAlgorithm, Location, Package, Relationship, Scope, Source};
use steward_purl::{EcosystemName, OsvPackage};

use crate::{Request, Subject};

/// An SBOM's content, ready to be spelled in a format.
#[derive(Debug)]
pub(crate) struct Sbom<'a> {
    pub(crate) subject: &'a Subject,
    pub(crate) tool_version: &'a str,
    pub(crate) inventory: &'a steward_model::Inventory,
    /// The components, in the inventory's (canonical) order.
    pub(crate) components: Vec<Component<'a>>,
    /// `(from, to)`: the component at `from` depends on the one at `to`.
    pub(crate) edges: Vec<(usize, usize)>,
    /// The components nothing else depends on: what the subject depends on directly.
    pub(crate) top_level: Vec<usize>,
    /// The creation time, `YYYY-MM-DDThh:mm:ssZ`.
    pub(crate) created: String,
    /// A digest of the content (not the creation time), from which identifiers are derived.
    digest: [u8; 32],
}

/// One distinct package.
#[derive(Debug)]
pub(crate) struct Component<'a> {
    /// The package as first found; the others found equal to it only add what is below.
    pub(crate) package: &'a Package,
    /// Its purl, or for a package without a version, the purl of its name alone.
    pub(crate) purl: Option<String>,
    /// Who distributed it, where known.
    pub(crate) supplier: Option<String>,
    /// The widest scope it is found in.
    pub(crate) scope: Scope,
    /// The closest relationship it is found in.
    pub(crate) relationship: Relationship,
    pub(crate) hashes: Vec<&'a Hash>,
    pub(crate) licenses: Vec<&'a str>,
    /// Every place it was found.
    pub(crate) locations: Vec<&'a Location>,
}

impl<'a> Sbom<'a> {
    pub(crate) fn new(request: &Request<'a>) -> Self {
        let inventory = request.inventory;
        let distinct = inventory.distinct();
        let components: Vec<Component<'a>> = distinct
            .groups
            .iter()
            .map(|members| {
                let mut component =
                    Component::new(&inventory.packages[members[0]], request.subject);
                for &member in members {
                    component.absorb(&inventory.packages[member]);
                }
                component
            })
            .collect();
        let component_of = distinct.group_of;
        let mut edges: Vec<(usize, usize)> = inventory
            .dependencies
            .iter()
            .map(|edge| (component_of[edge.from], component_of[edge.to]))
            .filter(|(from, to)| from != to)
            .collect();
        edges.sort_unstable();
        edges.dedup();
        let top_level = top_level(components.len(), &edges);
        let subject = request.subject;
        let mut hasher = Sha256::new();
        let content = serde_json::to_vec(&(
            format!("{:?}", subject.kind),
            &subject.name,
            &subject.version,
            &subject.digest,
            &inventory.packages,
            &inventory.dependencies,
            &inventory.distributions,
        ))
        .expect("an inventory always serializes");
        hasher.update(&content);
        Self {
            subject,
            tool_version: request.tool_version,
            inventory,
            components,
            edges,
            top_level,
            created: request.created.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            digest: hasher.finalize().into(),
        }
    }

    /// A UUID derived from the content (version 8, "custom": the first bytes of its digest).
    pub(crate) fn uuid(&self) -> uuid::Uuid {
        let mut bytes = [0; 16];
        bytes.copy_from_slice(&self.digest[..16]);
        uuid::Uuid::new_v8(bytes)
    }

    /// The components `index` depends on.
    pub(crate) fn dependencies_of(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        let start = self.edges.partition_point(|&(from, _)| from < index);
        self.edges[start..]
            .iter()
            .take_while(move |&&(from, _)| from == index)
            .map(|&(_, to)| to)
    }
}

impl<'a> Component<'a> {
    fn new(package: &'a Package, subject: &Subject) -> Self {
        let purl = package.purl.as_ref().map(ToString::to_string).or_else(|| {
            OsvPackage {
                ecosystem: package.ecosystem.clone(),
                name: package.name.clone(),
            }
            .to_purl(None)
            .ok()
            .map(|purl| purl.to_string())
        });
        Self {
            package,
            purl,
            supplier: supplier(package, subject),
            scope: package.scope,
            relationship: package.relationship,
            hashes: Vec::new(),
            licenses: Vec::new(),
            locations: Vec::new(),
        }
    }

    /// Takes in a package equal to this component.
    fn absorb(&mut self, package: &'a Package) {
        self.widen(package.scope, package.relationship, [&package.location]);
        for hash in &package.hashes {
            if !self.hashes.contains(&hash) {
                self.hashes.push(hash);
            }
        }
        for license in &package.licenses {
            if !self.licenses.contains(&license.as_str()) {
                self.licenses.push(license);
            }
        }
    }

    /// The widest scope, the closest relationship, and every place found.
    fn widen(
        &mut self,
        scope: Scope,
        relationship: Relationship,
        locations: impl IntoIterator<Item = &'a Location>,
    ) {
        if scope.precedence() < self.scope.precedence() {
            self.scope = scope;
        }
        self.relationship = self.relationship.min(relationship);
        for location in locations {
            if !self.locations.contains(&location) {
                self.locations.push(location);
            }
        }
    }

    /// The hashes both SBOM standards can carry: MD5 and SHA-1/2, as hex of the right length.
    pub(crate) fn hex_hashes(&self) -> impl Iterator<Item = (&HashAlgorithm, &str)> {
        self.hashes.iter().filter_map(|hash| {
            let length = match hash.algorithm {
                HashAlgorithm::Md5 => 32,
                HashAlgorithm::Sha1 => 40,
                HashAlgorithm::Sha256 => 64,
                HashAlgorithm::Sha384 => 96,
                HashAlgorithm::Sha512 => 128,
                HashAlgorithm::Other(_) => return None,
            };
            let is_hex = hash.value.len() == length
                && hash.value.bytes().all(|byte| byte.is_ascii_hexdigit());
            is_hex.then_some((&hash.algorithm, hash.value.as_str()))
        })
    }

    /// `file:line`, with the layer and the chain of archive entries where there are any.
    pub(crate) fn describe(location: &Location) -> String {
        let mut text = location.file.clone();
        for entry in &location.inside {
            text.push('!');
            text.push_str(entry);
        }
        if let Some(line) = location.line {
            text.push(':');
            text.push_str(&line.to_string());
        }
        if let Some(layer) = &location.layer {
            text.push_str(" (layer ");
            text.push_str(layer);
            text.push(')');
        }
        text
    }
}

/// What the subject depends on directly: every component nothing depends on, then, for
/// cycles nothing outside depends on, the first component of each, so that every component
/// can be reached from the subject.
fn top_level(count: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut depended_on = vec![false; count];
    for &(_, to) in edges {
        depended_on[to] = true;
    }
    let mut reached = vec![false; count];
    let mut top_level = Vec::new();
    let reach = |start: usize, reached: &mut Vec<bool>| {
        let mut stack = vec![start];
        while let Some(index) = stack.pop() {
            if std::mem::replace(&mut reached[index], true) {
                continue;
            }
            let first = edges.partition_point(|&(from, _)| from < index);
            stack.extend(
                edges[first..]
                    .iter()
                    .take_while(|&&(from, _)| from == index)
                    .map(|&(_, to)| to),
            );
        }
    };
    for index in (0..count).filter(|&index| !depended_on[index]) {
        top_level.push(index);
        reach(index, &mut reached);
    }
    for index in 0..count {
        if !reached[index] {
            top_level.push(index);
            reach(index, &mut reached);
        }
    }
    top_level.sort_unstable();
    top_level
}

/// Who distributed a package, where the inventory says: the distribution that packaged it,
/// the registry it came from, or the host of its git or download address. The project's own
/// packages (workspace members, paths) are the subject's supplier's.
fn supplier(package: &Package, subject: &Subject) -> Option<String> {
    let ecosystem = package.ecosystem.name();
    if matches!(ecosystem.purl_type(), Some("deb" | "apk" | "rpm")) {
        return Some(ecosystem.to_string());
    }
    match &package.source {
        Source::Registry { url: Some(url) } if url.contains("crates.io-index") => {
            Some("crates.io".to_owned())
        }
        Source::Registry { url: Some(url) } | Source::Git { url, .. } | Source::Url { url } => {
            host(url).map(str::to_owned)
        }
        Source::Registry { url: None } => default_registry(ecosystem).map(str::to_owned),
        Source::Workspace | Source::Path { .. } => subject.supplier.clone(),
        Source::Unknown => None,
    }
}

/// The host of `scheme://[user@]host[:port]/…` or `user@host:path`.
fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split('/').next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// The registry an ecosystem's packages come from when the input names none.
fn default_registry(ecosystem: &EcosystemName) -> Option<&'static str> {
    Some(match ecosystem {
        EcosystemName::CratesIo => "crates.io",
        EcosystemName::Npm => "registry.npmjs.org",
        EcosystemName::PyPi => "pypi.org",
        EcosystemName::Maven => "repo.maven.apache.org",
        EcosystemName::Go => "proxy.golang.org",
        EcosystemName::NuGet => "nuget.org",
        EcosystemName::Packagist => "packagist.org",
        EcosystemName::RubyGems => "rubygems.org",
        EcosystemName::Pub => "pub.dev",
        EcosystemName::Hex => "hex.pm",
        EcosystemName::ConanCenter => "center.conan.io",
        EcosystemName::Hackage => "hackage.haskell.org",
        EcosystemName::Cran => "cran.r-project.org",
        _ => return None,
    })
}
