//! `mix.lock`, Mix's lockfile: an Elixir map from application name to a tuple, read as data
//! (never evaluated).
//!
//! `{:hex, :package, "version", "inner checksum", managers, dependencies, "repository",
//! "outer checksum"}` is a Hex package; `{:git, "url", "commit", options}` a git checkout.
//! Dependencies (`{:app, "requirement", [hex: :package, optional: …]}`) become edges. The
//! `mix.exs` beside the lockfile says which are direct and which only for `:dev` or `:test`.

use std::collections::HashMap;

use steward_model::{Dependency, HashAlgorithm, Location, Package, Scope, Source};
use steward_purl::{Ecosystem, EcosystemName, Purl};

use crate::elixir::{Parser, Term};
use crate::format::{ExtractError, Extracted, Format, Input, NamePattern};
use crate::graph;
use crate::text::LineIndex;

pub(crate) const FORMAT: Format = Format {
    id: "mix-lock",
    names: &[NamePattern::Exact("mix.lock")],
    ecosystem: "Hex",
    versions: "all (Mix 1.x)",
    reads: "Hex packages (with the repository and the outer SHA-256 checksum) and git dependencies (with the commit), dependency edges, direct dependencies and `only: :dev`/`:test` scope from the `mix.exs` beside it",
    gaps: "`mix.exs` is read by pattern (`{:app, …}` tuples), never run; path dependencies are not in `mix.lock`",
    extract,
};

fn extract(input: &Input<'_>) -> Result<Extracted, ExtractError> {
    let mut parser = Parser::new(input.text);
    let lines = LineIndex::new(input.text);
    let syntax = |parser: &Parser<'_>, message: String| {
        let (line, column) = lines.line_and_column(parser.position());
        ExtractError::at(line, column, message)
    };
    parser
        .expect("%{")
        .map_err(|message| syntax(&parser, message))?;
    let mut entries: Vec<(u32, String, Term)> = Vec::new();
    loop {
        if parser.eat("}") {
            break;
        }
        parser.skip_space();
        let line = lines.line(parser.position());
        let (key, value) = parser
            .entry(0)
            .map_err(|message| syntax(&parser, message))?;
        let Some(key) = key.as_str() else {
            return Err(syntax(
                &parser,
                "a key that is not a string or atom".to_owned(),
            ));
        };
        entries.push((line, key.to_owned(), value));
        if !parser.eat(",") {
            parser
                .expect("}")
                .map_err(|message| syntax(&parser, message))?;
            break;
        }
    }
    if !parser.at_end() {
        return Err(syntax(&parser, "text after the map".to_owned()));
    }

    let mut extracted = Extracted::default();
    let mut by_app: HashMap<String, usize> = HashMap::new();
    let mut dependencies_of: Vec<Vec<String>> = Vec::new();
    for (line, app, value) in &entries {
        let Term::Tuple(fields) = value else {
            extracted
                .skipped
                .push(format!("line {line}: the entry `{app}` is not a tuple"));
            continue;
        };
        let kind = fields.first().and_then(Term::as_str);
        let (name, version, source, checksum, dependencies) = match (kind, fields.as_slice()) {
            (
                Some("hex"),
                [
                    _,
                    package,
                    version,
                    _inner,
                    _managers,
                    dependencies,
                    rest @ ..,
                ],
            ) => {
                let repository = rest.first().and_then(Term::as_str);
                let outer = rest.get(1).and_then(Term::as_str);
                (
                    package.as_str().unwrap_or(app).to_owned(),
                    version.as_str().map(str::to_owned),
                    Source::Registry {
                        url: repository.and_then(repository_url),
                    },
                    outer.map(str::to_owned),
                    Some(dependencies),
                )
            }
            (Some("git"), [_, url, commit, options, ..]) => {
                let reference = ["tag", "branch", "ref"]
                    .iter()
                    .find_map(|key| options.keyword(key).and_then(Term::as_str))
                    .map(str::to_owned);
                (
                    app.clone(),
                    None,
                    Source::Git {
                        url: url.as_str().unwrap_or_default().to_owned(),
                        reference,
                        commit: commit.as_str().map(str::to_owned),
                    },
                    None,
                    None,
                )
            }
            _ => {
                extracted.skipped.push(format!(
                    "line {line}: the entry `{app}` is neither a Hex package nor a git dependency"
                ));
                continue;
            }
        };
        let mut package = Package::new(
            Ecosystem::new(EcosystemName::Hex),
            &name,
            version.as_deref(),
            Location::new(input.path, Some(*line)),
        )
        .with_source(source);
        // An organisation's private packages: the purl names the organisation as namespace.
        let repository = fields
            .get(6)
            .filter(|_| kind == Some("hex"))
            .and_then(Term::as_str);
        if let Some(organisation) =
            repository.and_then(|repository| repository.strip_prefix("hexpm:"))
        {
            package.purl = Purl::builder("hex", &name)
                .namespace(organisation)
                .version(version.as_deref().unwrap_or_default())
                .build()
                .ok();
        }
        if let Some(checksum) = checksum {
            package = package.with_hash(HashAlgorithm::Sha256, &checksum.to_ascii_lowercase());
        }
        let mut names = Vec::new();
        if let Some(Term::List(items)) = dependencies {
            for item in items {
                if let Term::Tuple(fields) = item
                    && let Some(dependency) = fields.first().and_then(Term::as_str)
                {
                    names.push(dependency.to_owned());
                }
            }
        }
        by_app.insert(app.clone(), extracted.packages.len());
        dependencies_of.push(names);
        extracted.packages.push(package);
    }
    for (from, names) in dependencies_of.iter().enumerate() {
        // Optional dependencies the project does not use are not locked.
        for to in names.iter().filter_map(|name| by_app.get(name)) {
            extracted.dependencies.push(Dependency { from, to: *to });
        }
    }
    if let Some(text) = input.tree.read(&format!("{}mix.exs", input.directory())) {
        let root_edges: Vec<(usize, Scope)> = declared(&text)
            .into_iter()
            .filter_map(|(app, scope)| Some((*by_app.get(&app)?, scope)))
            .collect();
        graph::assign_scopes(&mut extracted, &root_edges);
        let direct: Vec<usize> = root_edges.iter().map(|(index, _)| *index).collect();
        graph::assign_relationships(&mut extracted, &direct);
    }
    Ok(extracted)
}

/// The address of a Hex repository named in `mix.lock`: the public one (`hexpm`, the default,
/// so none), an organisation's (`hexpm:org`), or a self-hosted one, known only by the name it
/// was given on the developer's machine (kept as written).
fn repository_url(repository: &str) -> Option<String> {
    match repository.strip_prefix("hexpm:") {
        _ if repository == "hexpm" => None,
        Some(organisation) => Some(format!("https://repo.hex.pm/repos/{organisation}")),
        None => Some(repository.to_owned()),
    }
}

/// The dependencies a `mix.exs` declares, by pattern: lines starting with `{:app,`, with
/// `only: :dev`, `only: :test` or `only: [:dev, :test]` as development.
fn declared(text: &str) -> Vec<(String, Scope)> {
    text.lines()
        .filter_map(|line| {
            let rest = line.trim_start().strip_prefix("{:")?;
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
            if !rest[end..].trim_start().starts_with(',') {
                return None;
            }
            let only = rest.split_once("only:").map(|(_, only)| only);
            let development = only.is_some_and(|only| {
                let only = only.split(['}', ']']).next().unwrap_or(only);
                !only.contains(":prod") && (only.contains(":dev") || only.contains(":test"))
            });
            Some((
                rest[..end].to_owned(),
                if development {
                    Scope::Development
                } else {
                    Scope::Runtime
                },
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_dependencies_by_pattern() {
        let mix = "  defp deps do\n    [\n      {:phoenix, \"~> 1.7\"},\n      {:floki, \">= 0.30.0\", only: :test},\n      {:esbuild, \"~> 0.8\", runtime: Mix.env() == :dev, only: [:dev, :test]},\n      {:jason, \"~> 1.2\"}\n    ]\n";
        assert_eq!(
            declared(mix),
            [
                ("phoenix".to_owned(), Scope::Runtime),
                ("floki".to_owned(), Scope::Development),
                ("esbuild".to_owned(), Scope::Development),
                ("jason".to_owned(), Scope::Runtime),
            ]
        );
    }
}
