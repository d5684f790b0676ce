//! `pom.xml`: a Maven project and the dependencies it declares.
//!
//! Versions are resolved as Maven resolves them, from what the scan contains and nothing
//! else: `${property}` references from the project's and its parents' `<properties>` and the
//! project's own coordinates; missing versions from `<dependencyManagement>` of the project,
//! its parents, and the BOMs they import (`<scope>import</scope>`). A parent is found at its
//! `<relativePath>` (by default `../pom.xml`) or anywhere in the scan by its coordinates; a
//! parent or BOM outside the scan is not fetched. A dependency whose version cannot be
//! resolved is still listed, without a version, and reported.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use steward_model::{Dependency, Location, Package, Relationship, Scope, Source};
use steward_purl::{Ecosystem, EcosystemName, Purl};

use crate::format::{ExtractError, Extracted, Format, Input, NamePattern, Shared, join};
use crate::xml::{self, Element};

pub(crate) const FORMAT: Format = Format {
    id: "pom-xml",
    names: &[NamePattern::Exact("pom.xml")],
    ecosystem: "Maven",
    versions: "POM 4.0.0",
    reads: "the project (root, its coordinates inherited from the parent), `<dependencies>` with versions resolved through properties, parents and `<dependencyManagement>` (BOM imports included) found in the scan, profiles active by default, scopes (test as development, provided as build, optional), classifiers and types as purl qualifiers, exact ranges (`[1.2.3]`) as versions and other ranges as requirements",
    gaps: "parents and BOMs outside the scan are not fetched (their versions are reported unresolved); profiles activated otherwise than by default are named in a note, not read; inherited `<dependencies>` are not repeated (the parent lists its own)",
    extract,
};

/// How many parents and imports deep resolution goes.
const MAX_DEPTH: usize = 32;

/// Coordinates: group, artifact, version.
type Coordinates = (String, String, String);

/// The parts of a POM steward reads, uninterpolated.
#[derive(Clone, Debug)]
struct Pom {
    path: String,
    group: Option<String>,
    artifact: Option<String>,
    version: Option<String>,
    parent: Option<Parent>,
    properties: BTreeMap<String, String>,
    managed: Vec<Declared>,
    dependencies: Vec<Declared>,
    /// Profiles not active by default that declare dependencies, which are not read.
    inactive_profiles: Vec<String>,
    line: u32,
}

#[derive(Clone, Debug)]
struct Parent {
    group: String,
    artifact: String,
    version: String,
    relative_path: Option<String>,
}

#[derive(Clone, Debug)]
struct Declared {
    group: String,
    artifact: String,
    version: Option<String>,
    scope: Option<String>,
    kind: Option<String>,
    classifier: Option<String>,
    optional: bool,
    system_path: Option<String>,
    line: u32,
}

impl Pom {
    fn parse(path: &str, text: &str) -> Result<Self, ExtractError> {
        let root = xml::parse(text)?;
        if root.name != "project" {
            return Err(ExtractError::at_line(
                root.line,
                format!("the root element is <{}>, not <project>", root.name),
            ));
        }
        let text_of = |element: &Element, name: &str| element.text_of(name).map(str::to_owned);
        let parent = root.child("parent").and_then(|parent| {
            Some(Parent {
                group: text_of(parent, "groupId")?,
                artifact: text_of(parent, "artifactId")?,
                version: text_of(parent, "version")?,
                // `<relativePath/>` turns the local lookup off.
                relative_path: match parent.child("relativePath") {
                    Some(relative) => Some(relative.text.clone()),
                    None => Some("../pom.xml".to_owned()),
                },
            })
        });
        let declared = |list: Option<&Element>| -> Vec<Declared> {
            list.map(|list| {
                list.children_named("dependency")
                    .filter_map(|dependency| {
                        Some(Declared {
                            group: text_of(dependency, "groupId")?,
                            artifact: text_of(dependency, "artifactId")?,
                            version: text_of(dependency, "version"),
                            scope: text_of(dependency, "scope"),
                            kind: text_of(dependency, "type"),
                            classifier: text_of(dependency, "classifier"),
                            optional: dependency.text_of("optional") == Some("true"),
                            system_path: text_of(dependency, "systemPath"),
                            line: dependency.line,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default()
        };
        let properties = |element: &Element| -> Vec<(String, String)> {
            element
                .child("properties")
                .map(|properties| {
                    properties
                        .children
                        .iter()
                        .map(|property| (property.name.clone(), property.text.clone()))
                        .collect()
                })
                .unwrap_or_default()
        };
        let mut pom = Self {
            path: path.to_owned(),
            group: text_of(&root, "groupId"),
            artifact: text_of(&root, "artifactId"),
            version: text_of(&root, "version"),
            properties: properties(&root).into_iter().collect(),
            managed: declared(root.at(&["dependencyManagement", "dependencies"])),
            dependencies: declared(root.child("dependencies")),
            inactive_profiles: Vec::new(),
            parent,
            line: root.line,
        };
        // A profile active by default adds its properties and dependencies to the project's.
        let profiles = root.child("profiles");
        for profile in profiles
            .into_iter()
            .flat_map(|list| list.children_named("profile"))
        {
            let by_default = profile
                .at(&["activation", "activeByDefault"])
                .map(|flag| flag.text.trim())
                == Some("true");
            let dependencies = declared(profile.child("dependencies"));
            let managed = declared(profile.at(&["dependencyManagement", "dependencies"]));
            if by_default {
                pom.properties.extend(properties(profile));
                pom.dependencies.extend(dependencies);
                pom.managed.extend(managed);
            } else if !dependencies.is_empty() || !managed.is_empty() {
                let id = profile.text_of("id").unwrap_or("(no id)");
                pom.inactive_profiles.push(id.to_owned());
            }
        }
        Ok(pom)
    }

    /// Group, artifact and version, as written or inherited, when all three are known.
    fn full_coordinates(&self) -> Option<Coordinates> {
        let (group, version) = self.coordinates();
        Some((
            group?.to_owned(),
            self.artifact.clone()?,
            version?.to_owned(),
        ))
    }

    /// The group and version, inherited from the parent when not declared.
    fn coordinates(&self) -> (Option<&str>, Option<&str>) {
        let parent = self.parent.as_ref();
        (
            self.group
                .as_deref()
                .or(parent.map(|parent| parent.group.as_str())),
            self.version
                .as_deref()
                .or(parent.map(|parent| parent.version.as_str())),
        )
    }
}

/// The POMs of a scan, each read and parsed once, and their index by coordinates: shared by
/// every `pom.xml` of the scan, so resolving n modules reads each POM once, not n times.
#[derive(Default)]
struct Poms {
    parsed: Mutex<HashMap<String, Option<Arc<Pom>>>>,
    by_coordinates: OnceLock<HashMap<Coordinates, String>>,
}

/// Finds the POMs an input's resolution needs.
struct Resolver<'a> {
    input: &'a Input<'a>,
    poms: Arc<Poms>,
}

impl<'a> Resolver<'a> {
    fn new(input: &'a Input<'a>) -> Self {
        let poms = input.tree.shared().map_or_else(
            || Arc::new(Poms::default()),
            |shared: &Shared| shared.get_or_insert_with(FORMAT.id, Poms::default),
        );
        Self { input, poms }
    }

    fn pom(&self, path: &str) -> Option<Arc<Pom>> {
        let parsed = || {
            self.poms
                .parsed
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
        };
        if let Some(pom) = parsed().get(path) {
            return pom.clone();
        }
        let pom = self
            .input
            .tree
            .read(path)
            .and_then(|text| Pom::parse(path, &text).ok())
            .map(Arc::new);
        parsed().insert(path.to_owned(), pom.clone());
        pom
    }

    /// The POM with these coordinates: at `relative_path` from `from`, else anywhere.
    fn find(
        &self,
        coordinates: &Coordinates,
        from: &str,
        relative_path: Option<&str>,
    ) -> Option<Arc<Pom>> {
        if let Some(relative) = relative_path.filter(|relative| !relative.is_empty()) {
            let directory = from.rfind('/').map_or("", |index| &from[..=index]);
            let mut path = join(directory, relative);
            if !path.ends_with(".xml") {
                path = join(&format!("{path}/"), "pom.xml");
            }
            if let Some(pom) = self
                .pom(&path)
                .filter(|pom| pom.full_coordinates().as_ref() == Some(coordinates))
            {
                return Some(pom);
            }
        }
        let index = self.poms.by_coordinates.get_or_init(|| {
            self.input
                .tree
                .files_named("pom.xml")
                .into_iter()
                .filter_map(|path| Some((self.pom(&path)?.full_coordinates()?, path)))
                .collect()
        });
        self.pom(index.get(coordinates)?)
    }

    /// The POM and its ancestors found in the scan, nearest first, and the first parent that
    /// could not be found.
    fn lineage(&self, pom: Arc<Pom>) -> (Vec<Arc<Pom>>, Option<String>) {
        let mut lineage = vec![pom];
        let mut missing = None;
        while lineage.len() < MAX_DEPTH {
            let current = &lineage[lineage.len() - 1];
            let Some(parent) = current.parent.clone() else {
                break;
            };
            let coordinates = (
                parent.group.clone(),
                parent.artifact.clone(),
                parent.version.clone(),
            );
            match self.find(
                &coordinates,
                &current.path.clone(),
                parent.relative_path.as_deref(),
            ) {
                Some(found) if !lineage.iter().any(|pom| pom.path == found.path) => {
                    lineage.push(found);
                }
                _ => {
                    missing = Some(format!(
                        "{}:{}:{}",
                        parent.group, parent.artifact, parent.version
                    ));
                    break;
                }
            }
        }
        (lineage, missing)
    }

    /// The properties of a lineage: ancestors' first, overridden by descendants', and the
    /// project's own coordinates.
    fn properties(lineage: &[Arc<Pom>]) -> HashMap<String, String> {
        let mut properties = HashMap::new();
        for pom in lineage.iter().rev() {
            properties.extend(
                pom.properties
                    .iter()
                    .map(|(key, value)| (key.clone(), value.clone())),
            );
        }
        let project = &lineage[0];
        let (group, version) = project.coordinates();
        let mut builtin = |key: &str, value: Option<&str>| {
            if let Some(value) = value {
                properties.insert(key.to_owned(), value.to_owned());
            }
        };
        builtin("project.groupId", group);
        builtin("pom.groupId", group);
        builtin("groupId", group);
        builtin("project.artifactId", project.artifact.as_deref());
        let directory = project
            .path
            .rfind('/')
            .map_or(".", |index| &project.path[..index]);
        builtin("project.basedir", Some(directory));
        builtin("basedir", Some(directory));
        builtin("project.version", version);
        builtin("pom.version", version);
        builtin("version", version);
        if let Some(parent) = &project.parent {
            builtin("project.parent.groupId", Some(&parent.group));
            builtin("project.parent.artifactId", Some(&parent.artifact));
            builtin("project.parent.version", Some(&parent.version));
            builtin("parent.version", Some(&parent.version));
        }
        properties
    }

    /// Managed versions and scopes by `group:artifact`, nearest declaration first, BOM imports
    /// after the declarations of the POM that imports them.
    fn managed(
        &self,
        lineage: &[Arc<Pom>],
        properties: &HashMap<String, String>,
        depth: usize,
        missing: &mut Vec<String>,
        expanded: &mut HashSet<String>,
    ) -> Vec<(String, Option<String>, Option<String>)> {
        let mut managed = Vec::new();
        for pom in lineage {
            let mut imports = Vec::new();
            for declared in &pom.managed {
                let group = interpolate(&declared.group, properties);
                let artifact = interpolate(&declared.artifact, properties);
                let version = declared
                    .version
                    .as_deref()
                    .map(|version| interpolate(version, properties));
                if declared.scope.as_deref() == Some("import") {
                    imports.push((group, artifact, version));
                    continue;
                }
                if let (Ok(group), Ok(artifact)) = (group, artifact) {
                    managed.push((
                        format!("{group}:{artifact}"),
                        version.and_then(Result::ok),
                        declared.scope.clone(),
                    ));
                }
            }
            for (group, artifact, version) in imports {
                let (Ok(group), Ok(artifact), Some(Ok(version))) = (group, artifact, version)
                else {
                    missing.push(format!(
                        "a BOM imported by {} whose coordinates do not resolve",
                        pom.path
                    ));
                    continue;
                };
                let coordinates = (group.clone(), artifact.clone(), version.clone());
                let bom = if depth < MAX_DEPTH {
                    self.find(&coordinates, &pom.path, None)
                } else {
                    None
                };
                match bom {
                    // A BOM already expanded adds nothing a nearer declaration has not given:
                    // each is expanded once, so a POM importing itself twice cannot recurse
                    // exponentially.
                    Some(bom) if !expanded.insert(bom.path.clone()) => {}
                    Some(bom) => {
                        let (bom_lineage, _) = self.lineage(bom);
                        let bom_properties = Self::properties(&bom_lineage);
                        managed.extend(self.managed(
                            &bom_lineage,
                            &bom_properties,
                            depth + 1,
                            missing,
                            expanded,
                        ));
                    }
                    None => missing.push(format!("the BOM {group}:{artifact}:{version}")),
                }
            }
        }
        managed
    }
}

/// Replaces `${name}` references, repeatedly; the error names the first one that is unknown.
fn interpolate(text: &str, properties: &HashMap<String, String>) -> Result<String, String> {
    let mut current = text.to_owned();
    for _ in 0..MAX_DEPTH {
        let Some(start) = current.find("${") else {
            return Ok(current);
        };
        let Some(length) = current[start..].find('}') else {
            return Err(format!("`{text}` has an unclosed `${{`"));
        };
        let name = &current[start + 2..start + length];
        let Some(value) = properties.get(name) else {
            return Err(format!("the property `{name}` is not defined"));
        };
        current = format!(
            "{}{value}{}",
            &current[..start],
            &current[start + length + 1..]
        );
    }
    Err(format!("`{text}` refers to itself"))
}

/// The purl with the `classifier` and `type` qualifiers that pick one artifact of the package
/// (`tests`, `sources`, a `test-jar`).
fn with_artifact_qualifiers(purl: Purl, declared: &Declared) -> Purl {
    if declared.classifier.is_none() && declared.kind.as_deref().is_none_or(|kind| kind == "jar") {
        return purl;
    }
    let mut builder = Purl::builder(purl.package_type(), purl.name());
    if let Some(namespace) = purl.namespace() {
        builder = builder.namespace(namespace);
    }
    if let Some(version) = purl.version() {
        builder = builder.version(version);
    }
    if let Some(classifier) = &declared.classifier {
        builder = builder.qualifier("classifier", classifier);
    }
    if let Some(kind) = declared.kind.as_ref().filter(|kind| *kind != "jar") {
        builder = builder.qualifier("type", kind);
    }
    builder.build().unwrap_or(purl)
}

/// The one version of an exact range, `[1.2.3]`, which Maven resolves to that version alone.
fn exact_range(version: &str) -> Option<&str> {
    let pinned = version.strip_prefix('[')?.strip_suffix(']')?.trim();
    (!pinned.is_empty() && !pinned.contains(',')).then_some(pinned)
}

/// A version that is a range (`[1.0,2.0)`, `(,1.0]`) rather than one version.
fn is_range(version: &str) -> bool {
    version.starts_with(['[', '(']) || version.contains(',')
}

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let pom = Arc::new(Pom::parse(input.path, input.text)?);
    let resolver = Resolver::new(input);
    let (lineage, missing_parent) = resolver.lineage(pom);
    let properties = Resolver::properties(&lineage);
    let mut missing = Vec::new();
    let managed = resolver.managed(&lineage, &properties, 0, &mut missing, &mut HashSet::new());
    let project = &lineage[0];
    let maven = || Ecosystem::new(EcosystemName::Maven);
    let mut extracted = Extracted::default();

    let (group, version) = project.coordinates();
    let group =
        group.map(|group| interpolate(group, &properties).unwrap_or_else(|_| group.to_owned()));
    let version = version.and_then(|version| interpolate(version, &properties).ok());
    // The project is the root when it has a name; its dependencies are read either way.
    match (group, &project.artifact) {
        (Some(group), Some(artifact)) => extracted.packages.push(
            Package::new(
                maven(),
                &format!("{group}:{artifact}"),
                version.as_deref(),
                Location::new(input.path, Some(project.line)),
            )
            .with_relationship(Relationship::Root)
            .with_source(Source::Workspace),
        ),
        (None, _) => extracted.notes.push(format!(
            "line {}: the project has no <groupId> and no parent to inherit one from; its dependencies are listed without it",
            project.line
        )),
        (_, None) => extracted.notes.push(format!(
            "line {}: the project has no <artifactId>; its dependencies are listed without it",
            project.line
        )),
    }
    if !project.inactive_profiles.is_empty() {
        extracted.notes.push(format!(
            "profiles not active by default were not read: {}",
            project.inactive_profiles.join(", ")
        ));
    }
    // What resolution could not see, named in every unresolved version's report.
    let mut unseen: Vec<String> = missing_parent
        .iter()
        .map(|parent| format!("the parent {parent}"))
        .collect();
    for problem in missing {
        if !unseen.contains(&problem) {
            unseen.push(problem);
        }
    }
    // Versions left unresolved: problems of the file, or, when a parent or BOM lies outside
    // the scan, what steward knows it cannot know.
    let mut unresolved = Vec::new();
    for declared in &project.dependencies {
        let location = Location::new(input.path, Some(declared.line));
        let (group, artifact) = match (
            interpolate(&declared.group, &properties),
            interpolate(&declared.artifact, &properties),
        ) {
            (Ok(group), Ok(artifact)) => (group, artifact),
            (Err(error), _) | (_, Err(error)) => {
                extracted.skipped.push(format!(
                    "line {}: a dependency's coordinates: {error}",
                    declared.line
                ));
                continue;
            }
        };
        let key = format!("{group}:{artifact}");
        let managed_entry = managed.iter().find(|(name, ..)| *name == key);
        let written = declared
            .version
            .clone()
            .or_else(|| managed_entry.and_then(|(_, version, _)| version.clone()));
        let version = match written
            .as_deref()
            .map(|version| interpolate(version, &properties))
        {
            Some(Ok(version)) => Some(version),
            Some(Err(error)) => {
                unresolved.push(format!(
                    "line {}: the version of {key} is unresolved: {error}",
                    declared.line
                ));
                None
            }
            None => {
                unresolved.push(format!(
                    "line {}: the version of {key} is managed by a POM steward cannot see",
                    declared.line
                ));
                None
            }
        };
        let scope_name = declared
            .scope
            .clone()
            .or_else(|| managed_entry.and_then(|(_, _, scope)| scope.clone()));
        let scope = match scope_name.as_deref() {
            Some("test") => Scope::Development,
            Some("provided") => Scope::Build,
            _ if declared.optional => Scope::Optional,
            _ => Scope::Runtime,
        };
        let (exact, requirement) = match &version {
            Some(version) if let Some(pinned) = exact_range(version) => (Some(pinned), None),
            Some(version) if is_range(version) => (None, Some(version.as_str())),
            Some(version) => (Some(version.as_str()), None),
            None => (None, None),
        };
        let mut package = Package::new(maven(), &key, exact, location)
            .with_requirement(requirement)
            .with_scope(scope)
            .with_relationship(Relationship::Direct)
            .with_source(match (&scope_name.as_deref(), &declared.system_path) {
                (Some("system"), Some(path)) => Source::Path {
                    path: interpolate(path, &properties).unwrap_or_else(|_| path.clone()),
                },
                _ => Source::Registry { url: None },
            });
        // The type and classifier pick one artifact of the package (`tests`, `sources`…).
        if let Some(purl) = package.purl.take() {
            package.purl = Some(with_artifact_qualifiers(purl, declared));
        }
        extracted.packages.push(package);
    }
    if unseen.is_empty() {
        extracted.skipped.extend(unresolved);
    } else if !unresolved.is_empty() {
        extracted.notes.extend(unresolved);
        extracted
            .notes
            .push(format!("outside the scan: {}", unseen.join(", ")));
    }
    if extracted.packages.first().map(|root| root.relationship) == Some(Relationship::Root) {
        extracted.dependencies = (1..extracted.packages.len())
            .map(|to| Dependency { from: 0, to })
            .collect();
    }
    Ok(extracted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::MemoryTree;

    const PARENT: &str = r"<project>
  <groupId>org.acme</groupId>
  <artifactId>parent</artifactId>
  <version>1.0.0</version>
  <packaging>pom</packaging>
  <properties>
    <jackson.version>2.15.2</jackson.version>
    <log4j.version>2.14.1</log4j.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.apache.logging.log4j</groupId>
        <artifactId>log4j-core</artifactId>
        <version>${log4j.version}</version>
      </dependency>
      <dependency>
        <groupId>org.acme</groupId>
        <artifactId>acme-bom</artifactId>
        <version>3.0</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
</project>";

    const BOM: &str = r"<project>
  <groupId>org.acme</groupId>
  <artifactId>acme-bom</artifactId>
  <version>3.0</version>
  <properties><junit.version>5.10.1</junit.version></properties>
  <dependencyManagement><dependencies>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>${junit.version}</version><scope>test</scope></dependency>
  </dependencies></dependencyManagement>
</project>";

    const CHILD: &str = r"<project>
  <parent>
    <groupId>org.acme</groupId>
    <artifactId>parent</artifactId>
    <version>1.0.0</version>
  </parent>
  <artifactId>app</artifactId>
  <properties><jackson.version>2.16.0</jackson.version></properties>
  <dependencies>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
    </dependency>
    <dependency>
      <groupId>com.fasterxml.jackson.core</groupId>
      <artifactId>jackson-databind</artifactId>
      <version>${jackson.version}</version>
      <optional>true</optional>
    </dependency>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
    </dependency>
    <dependency>
      <groupId>javax.servlet</groupId>
      <artifactId>servlet-api</artifactId>
      <version>[2.5,3.0)</version>
      <scope>provided</scope>
    </dependency>
    <dependency>
      <groupId>org.unknown</groupId>
      <artifactId>mystery</artifactId>
      <version>${undefined.version}</version>
    </dependency>
  </dependencies>
</project>";

    #[test]
    fn resolves_through_parents_properties_and_boms() {
        let tree = MemoryTree::new([
            ("pom.xml", PARENT),
            ("bom/pom.xml", BOM),
            ("app/pom.xml", CHILD),
        ]);
        let extracted = extract(&Input {
            path: "app/pom.xml",
            text: CHILD,
            tree: &tree,
        })
        .unwrap();
        let summary: Vec<(&str, Option<&str>, Option<&str>, Scope)> = extracted
            .packages
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.version.as_deref(),
                    p.requirement.as_deref(),
                    p.scope,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("org.acme:app", Some("1.0.0"), None, Scope::Runtime),
                (
                    "org.apache.logging.log4j:log4j-core",
                    Some("2.14.1"),
                    None,
                    Scope::Runtime
                ),
                (
                    "com.fasterxml.jackson.core:jackson-databind",
                    Some("2.16.0"),
                    None,
                    Scope::Optional
                ),
                (
                    "org.junit.jupiter:junit-jupiter",
                    Some("5.10.1"),
                    None,
                    Scope::Development
                ),
                (
                    "javax.servlet:servlet-api",
                    None,
                    Some("[2.5,3.0)"),
                    Scope::Build
                ),
                ("org.unknown:mystery", None, None, Scope::Runtime),
            ]
        );
        assert_eq!(extracted.skipped.len(), 1);
        assert!(
            extracted.skipped[0].contains("undefined.version"),
            "{:?}",
            extracted.skipped
        );
        assert_eq!(
            extracted.packages[1]
                .purl
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")
        );
    }

    #[test]
    fn a_pom_importing_itself_twice_resolves_once() {
        let looping = r"<project>
  <groupId>g</groupId><artifactId>loop</artifactId><version>1</version>
  <dependencyManagement><dependencies>
    <dependency><groupId>g</groupId><artifactId>loop</artifactId><version>1</version>
      <type>pom</type><scope>import</scope></dependency>
    <dependency><groupId>g</groupId><artifactId>loop</artifactId><version>1</version>
      <type>pom</type><scope>import</scope></dependency>
    <dependency><groupId>a</groupId><artifactId>b</artifactId><version>2</version></dependency>
  </dependencies></dependencyManagement>
  <dependencies><dependency><groupId>a</groupId><artifactId>b</artifactId></dependency></dependencies>
</project>";
        let tree = MemoryTree::new([("pom.xml", looping)]);
        let extracted = extract(&Input {
            path: "pom.xml",
            text: looping,
            tree: &tree,
        })
        .unwrap();
        assert_eq!(extracted.packages[1].version.as_deref(), Some("2"));
    }

    #[test]
    fn a_parent_outside_the_scan_is_named() {
        let tree = MemoryTree::new([("app/pom.xml", CHILD)]);
        let extracted = extract(&Input {
            path: "app/pom.xml",
            text: CHILD,
            tree: &tree,
        })
        .unwrap();
        assert!(
            extracted
                .notes
                .iter()
                .any(|line| line.contains("outside the scan: the parent org.acme:parent:1.0.0")),
            "{:?}",
            extracted.notes
        );
        assert!(extracted.skipped.is_empty(), "{:?}", extracted.skipped);
        assert_eq!(extracted.packages[0].version.as_deref(), Some("1.0.0"));
    }
}
