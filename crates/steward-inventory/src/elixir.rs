//! Elixir: `mix.lock`, and a reader for the Elixir terms it is written in.

pub(crate) mod mix_lock;

/// How deep terms may nest.
const MAX_DEPTH: usize = 64;

/// An Elixir literal term, as `mix.lock` writes them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Term {
    Atom(String),
    String(String),
    /// Numbers and anything else kept as written (`true`, `nil`, `1.0`).
    Other(String),
    Tuple(Vec<Self>),
    List(Vec<Self>),
    /// `%{key => value}` or `%{"key": value}`.
    Map(Vec<(Self, Self)>),
}

impl Term {
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(text) | Self::Atom(text) => Some(text),
            _ => None,
        }
    }

    /// The value of a keyword in a keyword list (`[hex: :plug, optional: false]`).
    pub(crate) fn keyword(&self, key: &str) -> Option<&Self> {
        let Self::List(items) = self else {
            return None;
        };
        items.iter().find_map(|item| match item {
            Self::Tuple(pair) if pair.len() == 2 && pair[0] == Self::Atom(key.to_owned()) => {
                Some(&pair[1])
            }
            _ => None,
        })
    }
}

/// Reads terms from a text, keeping its position for locations and errors.
pub(crate) struct Parser<'a> {
    text: &'a str,
    position: usize,
}

impl<'a> Parser<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Self { text, position: 0 }
    }

    /// The byte offset reached.
    pub(crate) fn position(&self) -> usize {
        self.position
    }

    fn rest(&self) -> &'a str {
        &self.text[self.position..]
    }

    /// Skips whitespace and comments.
    pub(crate) fn skip_space(&mut self) {
        loop {
            let rest = self.rest();
            let trimmed = rest.trim_start();
            self.position += rest.len() - trimmed.len();
            if trimmed.starts_with('#') {
                self.position += trimmed.find('\n').unwrap_or(trimmed.len());
            } else {
                return;
            }
        }
    }

    /// Consumes `token` if it comes next.
    pub(crate) fn eat(&mut self, token: &str) -> bool {
        self.skip_space();
        if self.rest().starts_with(token) {
            self.position += token.len();
            true
        } else {
            false
        }
    }

    pub(crate) fn expect(&mut self, token: &str) -> Result<(), String> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(format!("expected `{token}`"))
        }
    }

    pub(crate) fn at_end(&mut self) -> bool {
        self.skip_space();
        self.rest().is_empty()
    }

    /// One term.
    pub(crate) fn term(&mut self, depth: usize) -> Result<Term, String> {
        if depth > MAX_DEPTH {
            return Err(format!("terms nest deeper than {MAX_DEPTH}"));
        }
        self.skip_space();
        let rest = self.rest();
        if rest.starts_with('"') {
            return self.string().map(Term::String);
        }
        if let Some(after) = rest.strip_prefix(':') {
            self.position += 1;
            if after.starts_with('"') {
                return self.string().map(Term::Atom);
            }
            return Ok(Term::Atom(self.word()));
        }
        if self.eat("{") {
            return self.sequence("}", depth).map(Term::Tuple);
        }
        if self.eat("[") {
            return self.sequence("]", depth).map(Term::List);
        }
        if self.eat("%{") {
            return self.map(depth).map(Term::Map);
        }
        let word = self.word();
        if word.is_empty() {
            return Err(format!(
                "unexpected `{}`",
                rest.chars().next().unwrap_or(' ')
            ));
        }
        // `key: value` inside a list is the tuple `{:key, value}`.
        if self.rest().starts_with(": ") || self.rest().starts_with(":\n") {
            self.position += 1;
            let value = self.term(depth + 1)?;
            return Ok(Term::Tuple(vec![Term::Atom(word), value]));
        }
        Ok(Term::Other(word))
    }

    fn word(&mut self) -> String {
        let rest = self.rest();
        let end = rest
            .find(|c: char| {
                !(c.is_alphanumeric() || matches!(c, '_' | '.' | '?' | '!' | '@' | '-' | '+'))
            })
            .unwrap_or(rest.len());
        self.position += end;
        rest[..end].to_owned()
    }

    fn string(&mut self) -> Result<String, String> {
        let rest = &self.rest()[1..];
        let mut value = String::new();
        let mut characters = rest.char_indices();
        while let Some((index, character)) = characters.next() {
            match character {
                '"' => {
                    self.position += index + 2;
                    return Ok(value);
                }
                '\\' => match characters.next() {
                    Some((_, 'n')) => value.push('\n'),
                    Some((_, 't')) => value.push('\t'),
                    Some((_, other)) => value.push(other),
                    None => break,
                },
                _ => value.push(character),
            }
        }
        Err("a string is not closed".to_owned())
    }

    fn sequence(&mut self, close: &str, depth: usize) -> Result<Vec<Term>, String> {
        let mut items = Vec::new();
        loop {
            if self.eat(close) {
                return Ok(items);
            }
            items.push(self.term(depth + 1)?);
            if !self.eat(",") {
                self.expect(close)?;
                return Ok(items);
            }
        }
    }

    fn map(&mut self, depth: usize) -> Result<Vec<(Term, Term)>, String> {
        let mut entries = Vec::new();
        loop {
            if self.eat("}") {
                return Ok(entries);
            }
            let entry = self.entry(depth)?;
            entries.push(entry);
            if !self.eat(",") {
                self.expect("}")?;
                return Ok(entries);
            }
        }
    }

    /// One map entry: `"key": value` or `key => value`.
    pub(crate) fn entry(&mut self, depth: usize) -> Result<(Term, Term), String> {
        let key = self.term(depth + 1)?;
        if let Term::Tuple(pair) = &key
            && let [Term::Atom(_), _] = pair.as_slice()
        {
            // `key: value` was read as a keyword pair.
            let mut pair = pair.clone();
            let value = pair.pop().unwrap_or(Term::Other(String::new()));
            return Ok((pair.pop().unwrap_or(Term::Other(String::new())), value));
        }
        if self.eat(":") || self.eat("=>") {
            return Ok((key, self.term(depth + 1)?));
        }
        Err("expected `:` or `=>` after a map key".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_lock_entries() {
        let mut parser = Parser::new(
            r#"%{"a": {:hex, :a, "1.0.0", [:mix], [{:b, "~> 1.0", [hex: :b, optional: false]}], "hexpm"}, "c": {:git, "https://x/c.git", "abc", [branch: "main"]},}"#,
        );
        let Term::Map(entries) = parser.term(0).unwrap() else {
            panic!("not a map");
        };
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].0, Term::String("a".into()));
        let Term::Tuple(fields) = &entries[0].1 else {
            panic!("not a tuple");
        };
        assert_eq!(fields[0], Term::Atom("hex".into()));
        let Term::List(dependencies) = &fields[4] else {
            panic!("not a list");
        };
        let Term::Tuple(dependency) = &dependencies[0] else {
            panic!("not a tuple");
        };
        assert_eq!(dependency[2].keyword("hex"), Some(&Term::Atom("b".into())));
        assert!(Parser::new("%{\"a\": {").term(0).is_err());
    }
}
