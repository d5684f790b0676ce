//! Installed Ruby gems: the `specifications/*.gemspec` files RubyGems writes for each
//! installed gem. They are Ruby code; steward reads the `name` and `version` assignments by
//! pattern and never runs them.

use steward_inventory::{ExtractError, Extracted};
use steward_model::{Location, Package};
use steward_purl::{Ecosystem, EcosystemName};

use crate::readers::{Found, Reader, Wants};

pub(crate) const GEMSPEC: Reader = Reader {
    id: "ruby-gemspec",
    ecosystem: "RubyGems",
    finds: "specifications/*.gemspec",
    reads: "name, version, licences",
    gaps: "read by pattern (`s.name = \"…\"`), never evaluated",
    wants: Wants::Path(|path| {
        path.ends_with(".gemspec")
            && path
                .rsplit('/')
                .nth(1)
                .is_some_and(|directory| directory == "specifications")
    }),
    extract,
};

fn extract(found: &Found<'_>) -> Result<Extracted, ExtractError> {
    let text = found.text();
    let mut name = None;
    let mut version = None;
    let mut licenses = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        let Some((target, value)) = line.split_once('=') else {
            continue;
        };
        let attribute = target.trim().rsplit('.').next().unwrap_or_default();
        let quoted = quoted_strings(value);
        match attribute {
            "name" if name.is_none() => name = quoted.first().cloned(),
            "version" if version.is_none() => version = quoted.first().cloned(),
            "licenses" | "license" => licenses.extend(quoted),
            _ => {}
        }
    }
    let (Some(name), Some(version)) = (name, version) else {
        return Err(ExtractError::syntax(
            "no `name` or `version` assignment in the gemspec",
        ));
    };
    let mut package = Package::new(
        Ecosystem::new(EcosystemName::RubyGems),
        &name,
        Some(&version),
        Location::new(found.path, None),
    );
    package.licenses = licenses;
    Ok(Extracted {
        packages: vec![package],
        ..Extracted::default()
    })
}

/// The double-quoted strings in a Ruby expression (`"1.2.3".freeze`, `["MIT", "Ruby"]`).
fn quoted_strings(value: &str) -> Vec<String> {
    value
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Limits;

    #[test]
    fn reads_a_rubygems_specification() {
        let text = "# -*- encoding: utf-8 -*-\nGem::Specification.new do |s|\n  s.name = \"rack\".freeze\n  s.version = \"3.0.8\".freeze\n  s.licenses = [\"MIT\".freeze]\nend\n";
        let extracted = extract(&Found {
            path: "/usr/lib/ruby/gems/3.1.0/specifications/rack-3.0.8.gemspec",
            bytes: text.as_bytes(),
            limits: &Limits::default(),
        })
        .unwrap();
        assert_eq!(extracted.packages[0].name, "rack");
        assert_eq!(extracted.packages[0].version.as_deref(), Some("3.0.8"));
        assert_eq!(extracted.packages[0].licenses, ["MIT"]);
    }
}
