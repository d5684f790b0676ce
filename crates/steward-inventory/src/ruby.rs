//! Ruby: `Gemfile.lock`, and the groups of the `Gemfile` beside it.

pub(crate) mod gemfile_lock;

use std::collections::HashMap;

/// The groups each gem of a `Gemfile` belongs to (`default` when none), read by pattern:
/// `group :a, :b do … end` blocks and `group:`/`groups:` options on `gem` lines. The Gemfile is
/// Ruby code and is never run; other block openers (`do`, `if`, `unless`, `case`, `begin`) are
/// tracked only so that their `end` closes the right block.
pub(crate) fn gemfile_groups(text: &str) -> HashMap<String, Vec<String>> {
    let mut frames: Vec<Vec<String>> = Vec::new();
    let mut groups: HashMap<String, Vec<String>> = HashMap::new();
    for raw in text.lines() {
        let line = raw.split(" #").next().unwrap_or(raw).trim();
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let first = line
            .split(|c: char| c.is_whitespace() || c == '(')
            .next()
            .unwrap_or_default();
        if line == "end" || line.starts_with("end ") || line.starts_with("end.") {
            frames.pop();
            continue;
        }
        if first == "group" && line.ends_with(" do") {
            frames.push(symbols(
                line.trim_start_matches("group").trim_end_matches(" do"),
            ));
            continue;
        }
        if first == "gem" {
            let Some(name) = first_string(line) else {
                continue;
            };
            let mut own: Vec<String> = frames.iter().flatten().cloned().collect();
            for option in ["group:", "groups:", ":group =>", ":groups =>"] {
                if let Some((_, value)) = line.split_once(option) {
                    // `[:a, :b]` up to its `]`, or one symbol up to the next option.
                    let value = value.trim_start();
                    let end = if value.starts_with('[') {
                        value.find(']')
                    } else {
                        value.find(',')
                    };
                    own.extend(symbols(&value[..end.unwrap_or(value.len())]));
                }
            }
            if own.is_empty() {
                own.push("default".to_owned());
            }
            groups.entry(name.to_owned()).or_default().extend(own);
            continue;
        }
        let opens = line.ends_with(" do")
            || line.contains(" do |")
            || matches!(
                first,
                "if" | "unless" | "case" | "begin" | "while" | "until" | "def" | "class" | "module"
            );
        if opens {
            frames.push(Vec::new());
        }
    }
    groups
}

/// The Ruby symbols in a text (`:development, :test` → `development`, `test`), up to an
/// option (`optional: true`).
fn symbols(text: &str) -> Vec<String> {
    text.split(',')
        .map(|part| {
            part.trim()
                .trim_matches(|c| c == '[' || c == ']' || c == '(' || c == ')')
                .trim()
        })
        .filter_map(|part| {
            part.strip_prefix(':')
                .or_else(|| part.strip_prefix('"')?.strip_suffix('"'))
        })
        .map(str::to_owned)
        .collect()
}

/// The first quoted string of a line.
fn first_string(line: &str) -> Option<&str> {
    let start = line.find(['"', '\''])?;
    let quote = line[start..].chars().next()?;
    let rest = &line[start + 1..];
    Some(&rest[..rest.find(quote)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_groups_of_blocks_and_options() {
        let gemfile = r#"
source "https://rubygems.org"
gem "rails", "~> 7.1"
gem "bootsnap", require: false # comment
group :development, :test do
  gem "rspec-rails"
  if ENV["CI"]
    gem "ci-reporter"
  end
end
gem 'rubocop', group: :development
gem "debug", groups: [:development, :test], platforms: :mri
platforms :jruby do
  gem "jdbc"
end
"#;
        let groups = gemfile_groups(gemfile);
        assert_eq!(groups["rails"], ["default"]);
        assert_eq!(groups["bootsnap"], ["default"]);
        assert_eq!(groups["rspec-rails"], ["development", "test"]);
        assert_eq!(groups["ci-reporter"], ["development", "test"]);
        assert_eq!(groups["rubocop"], ["development"]);
        assert_eq!(groups["debug"], ["development", "test"]);
        assert_eq!(groups["jdbc"], ["default"]);
    }
}
