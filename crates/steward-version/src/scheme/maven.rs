//! Maven versions, ordered as Maven's `ComparableVersion` orders them (the reference is the
//! `maven-artifact` of the Maven on the build machine, 3.8.7).
//!
//! The version is lower-cased and cut into items: `.` and `-` separate items, and so does every
//! change between digits and letters. A `-`, and a change between digits and letters, also
//! opens a nested list, which is "less important" than what follows a dot. Numbers compare
//! numerically at any size; qualifiers compare by rank:
//! `alpha < beta < milestone < rc < snapshot < "" (release) < sp < any other, alphabetically`,
//! with the aliases `a1`/`b1`/`m1` (a single letter followed by a digit), `cr` = `rc`, and
//! `ga` = `final` = `release` = the release. A qualifier that follows other items in a list
//! opens a nested list of its own (`1.0.0.RC1` reads as `1-rc-1`, equal to `1.0-RC1`). Trailing
//! zeros and release qualifiers are dropped (`1.0.0 == 1 == 1-ga`).
//!
//! Traps: `1-SNAPSHOT < 1`; `1.0-RC1 < 1.0`; `1.0-sp1 > 1.0`; `1.0-foo > 1.0-sp` (unknown
//! qualifiers are newest); `1.1 > 1-1` because a dot outranks a dash; `1.0.0.RC1` reads as
//! `1-rc-1`.
//!
//! Known deviation: Java counts every Unicode decimal digit as a digit; steward counts ASCII
//! digits only, so a version with other digits orders those as letters.

use std::cmp::Ordering;
use std::fmt;

use crate::error::{VersionError, compare_digit_runs};

/// A Maven version.
#[derive(Clone, Debug)]
pub struct MavenVersion {
    original: Box<str>,
    items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    /// Digits without leading zeros (empty for zero).
    Number(Box<str>),
    Qualifier(Qualifier),
    List(Vec<Self>),
}

/// A qualifier's rank; `Known(5)` is the release (empty, `ga`, `final`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Qualifier {
    Known(u8),
    Unknown(Box<str>),
}

const KNOWN_QUALIFIERS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
const RELEASE: Qualifier = Qualifier::Known(5);

impl Qualifier {
    fn new(text: &str, followed_by_digit: bool) -> Self {
        let text = match (followed_by_digit, text) {
            (true, "a") => "alpha",
            (true, "b") => "beta",
            (true, "m") => "milestone",
            (_, "ga" | "final" | "release") => "",
            (_, "cr") => "rc",
            (_, other) => other,
        };
        match KNOWN_QUALIFIERS.iter().position(|known| *known == text) {
            Some(rank) => Self::Known(u8::try_from(rank).unwrap_or(u8::MAX)),
            None => Self::Unknown(text.into()),
        }
    }
}

impl Item {
    fn number(digits: &str) -> Self {
        Self::Number(digits.trim_start_matches('0').into())
    }

    fn is_null(&self) -> bool {
        match self {
            Self::Number(digits) => digits.is_empty(),
            Self::Qualifier(qualifier) => *qualifier == RELEASE,
            Self::List(items) => items.is_empty(),
        }
    }

    /// How the item compares with a missing one (Maven's `compareTo(null)`): zero, the release
    /// and an all-null list are equal to it.
    fn sign(&self) -> Ordering {
        match self {
            Self::Number(digits) if digits.is_empty() => Ordering::Equal,
            Self::Number(_) => Ordering::Greater,
            Self::Qualifier(qualifier) => qualifier.cmp(&RELEASE),
            Self::List(items) => sign_of(items),
        }
    }

    /// Maven's rank of the kinds when two items of different kinds meet.
    fn kind(&self) -> u8 {
        match self {
            Self::Qualifier(_) => 0,
            Self::List(_) => 1,
            Self::Number(_) => 2,
        }
    }

    /// Two items of the same kind, by value.
    fn compare_values(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Self::Number(left), Self::Number(right)) => compare_digit_runs(left, right),
            (Self::Qualifier(left), Self::Qualifier(right)) => left.cmp(right),
            (Self::List(left), Self::List(right)) => compare_lists(left, right),
            _ => self.kind().cmp(&other.kind()),
        }
    }
}

/// How a list compares with a missing item: as its first item that is not null does.
fn sign_of(items: &[Item]) -> Ordering {
    items
        .iter()
        .map(Item::sign)
        .find(|sign| *sign != Ordering::Equal)
        .unwrap_or(Ordering::Equal)
}

/// Maven's comparison made a total order.
///
/// `ComparableVersion` compares a missing item by the item's sign but two present items of
/// different kinds by kind alone, which is not transitive (`0cr < . < a < 0cr`). Here each
/// position is compared first by the sign of the rest of its list — what Maven says of that
/// rest against a missing one — then, within one sign, as Maven does: kind, then value. Where
/// the rests are both null the lists are equal. Every pair Maven orders consistently keeps
/// Maven's answer (the recorded references hold); the cycles Maven has are broken by sign.
fn compare_lists(left: &[Item], right: &[Item]) -> Ordering {
    let (mut left_rest, mut right_rest) = (Rest::new(left), Rest::new(right));
    for index in 0..left.len().max(right.len()) {
        let (left_sign, right_sign) = (left_rest.sign_from(index), right_rest.sign_from(index));
        if left_sign != right_sign {
            return left_sign.cmp(&right_sign);
        }
        if left_sign == Ordering::Equal {
            return Ordering::Equal;
        }
        let ordering = match (left.get(index), right.get(index)) {
            (Some(l), Some(r)) => l.kind().cmp(&r.kind()).then_with(|| l.compare_values(r)),
            // One list ended and the other's rest has a sign: the signs decided above.
            _ => Ordering::Equal,
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
    Ordering::Equal
}

/// The sign of a list's rest from a growing index, finding each item that is not null once.
struct Rest<'a> {
    items: &'a [Item],
    /// The first item at or after the last index asked whose sign is not `Equal`.
    next: usize,
    sign: Ordering,
}

impl<'a> Rest<'a> {
    fn new(items: &'a [Item]) -> Self {
        Self {
            items,
            next: 0,
            sign: Ordering::Equal,
        }
    }

    fn sign_from(&mut self, index: usize) -> Ordering {
        if index == 0 || index > self.next {
            self.next = index;
            self.sign = Ordering::Equal;
            while let Some(item) = self.items.get(self.next) {
                self.sign = item.sign();
                if self.sign != Ordering::Equal {
                    break;
                }
                self.next += 1;
            }
        }
        self.sign
    }
}

/// Removes trailing null items, looking past nested lists, as `ListItem.normalize` does.
fn normalize(items: &mut Vec<Item>) {
    let mut index = items.len();
    while index > 0 {
        index -= 1;
        if items[index].is_null() {
            items.remove(index);
        } else if !matches!(items[index], Item::List(_)) {
            break;
        }
    }
}

impl MavenVersion {
    /// Parses a Maven version. Every string is a Maven version except the empty one.
    pub fn parse(text: &str) -> Result<Self, VersionError> {
        if text.is_empty() {
            return Err(VersionError::new("Maven", text, "the version is empty"));
        }
        // Every `-` nests a list: the length bounds the depth of recursion.
        crate::error::check_length("Maven", text)?;
        let lowered = text.to_lowercase();
        // The open lists, innermost last; each list is closed (normalized and attached to its
        // parent) at the end.
        let mut lists: Vec<Vec<Item>> = vec![Vec::new()];
        let mut is_digit = false;
        let mut start = 0;
        let chars: Vec<(usize, char)> = lowered.char_indices().collect();
        let item = |is_digit: bool, text: &str| {
            if is_digit {
                Item::number(text)
            } else {
                Item::Qualifier(Qualifier::new(text, false))
            }
        };
        for &(index, c) in &chars {
            let current = lists.last_mut().expect("there is always an open list");
            match c {
                '.' | '-' => {
                    if index == start {
                        current.push(Item::Number("".into()));
                    } else {
                        current.push(item(is_digit, &lowered[start..index]));
                    }
                    start = index + c.len_utf8();
                    if c == '-' {
                        lists.push(Vec::new());
                    }
                }
                c if c.is_ascii_digit() => {
                    if !is_digit && index > start {
                        // A qualifier followed by a number goes in a list of its own, unless
                        // the current list is still empty.
                        if !current.is_empty() {
                            lists.push(Vec::new());
                        }
                        let current = lists.last_mut().expect("there is always an open list");
                        current.push(Item::Qualifier(Qualifier::new(
                            &lowered[start..index],
                            true,
                        )));
                        start = index;
                        lists.push(Vec::new());
                    }
                    is_digit = true;
                }
                _ => {
                    if is_digit && index > start {
                        current.push(Item::number(&lowered[start..index]));
                        start = index;
                        lists.push(Vec::new());
                    }
                    is_digit = false;
                }
            }
        }
        if lowered.len() > start {
            if !is_digit && lists.last().is_some_and(|current| !current.is_empty()) {
                lists.push(Vec::new());
            }
            let current = lists.last_mut().expect("there is always an open list");
            current.push(item(is_digit, &lowered[start..]));
        }
        // Close the lists from the innermost out. Each nested list was appended to its parent
        // when opened in Maven; here it is attached when closed, at the same position (last).
        while lists.len() > 1 {
            let mut inner = lists.pop().unwrap_or_default();
            normalize(&mut inner);
            if let Some(parent) = lists.last_mut() {
                parent.push(Item::List(inner));
            }
        }
        let mut items = lists.pop().unwrap_or_default();
        normalize(&mut items);
        Ok(Self {
            original: text.into(),
            items,
        })
    }

    /// Maven's canonical form (`1.0.0.RC1` → `1-rc-1`).
    pub fn canonical(&self) -> String {
        let mut text = String::new();
        write_items(&mut text, &self.items);
        text
    }
}

fn write_items(out: &mut String, items: &[Item]) {
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(if matches!(item, Item::List(_)) {
                '-'
            } else {
                '.'
            });
        }
        match item {
            Item::Number(digits) if digits.is_empty() => out.push('0'),
            Item::Number(digits) => out.push_str(digits),
            Item::Qualifier(Qualifier::Known(rank)) => {
                out.push_str(KNOWN_QUALIFIERS[usize::from(*rank)]);
            }
            Item::Qualifier(Qualifier::Unknown(text)) => out.push_str(text),
            Item::List(inner) => write_items(out, inner),
        }
    }
}

impl Ord for MavenVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        compare_lists(&self.items, &other.items)
    }
}

impl PartialOrd for MavenVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for MavenVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for MavenVersion {}

impl fmt::Display for MavenVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.original)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> MavenVersion {
        MavenVersion::parse(text).unwrap()
    }

    #[test]
    fn qualifiers_and_separators_order_like_maven() {
        let ordered = [
            "1-alpha-1",
            "1-beta",
            "1-milestone-1",
            "1-rc-1",
            "1-snapshot",
            "1",
            "1-sp",
            "1-foo",
            "1-1",
            "1.1",
        ];
        for pair in ordered.windows(2) {
            assert!(parse(pair[0]) < parse(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(parse("1.0.0"), parse("1"));
        assert_eq!(parse("1-ga"), parse("1-final"));
        assert_eq!(parse("1.0-ga"), parse("1"));
        assert_eq!(parse("1a1"), parse("1-alpha-1"));
        assert_eq!(parse("1.0-CR1"), parse("1.0-rc1"));
        assert!(parse("1.0-SNAPSHOT") < parse("1.0"));
        assert!(parse("2.14.1") < parse("2.15.0"));
    }

    #[test]
    fn canonical_forms_match_maven() {
        assert_eq!(parse("1.0.0.RC1").canonical(), "1-rc-1");
        assert_eq!(parse("1.0-SNAPSHOT").canonical(), "1-snapshot");
        assert_eq!(parse("1.0").canonical(), "1");
    }
}
