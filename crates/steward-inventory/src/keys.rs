//! Maps read in the input's order: `Keys`, the keys without their values (the names in a
//! `dependencies` object), and `Entries`, keys with values.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{IgnoredAny, MapAccess, Visitor};

/// The keys of a map, in the input's order; the values are skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Keys<'a>(pub(crate) Vec<Cow<'a, str>>);

impl Keys<'_> {
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(AsRef::as_ref)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Keys<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeysVisitor<'a>(std::marker::PhantomData<&'a ()>);

        impl<'de: 'a, 'a> Visitor<'de> for KeysVisitor<'a> {
            type Value = Keys<'a>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut keys = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some((key, IgnoredAny)) = map.next_entry::<Cow<'de, str>, IgnoredAny>()? {
                    keys.push(key);
                }
                Ok(Keys(keys))
            }

            // YAML writes an empty map as `~` or nothing at all.
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Keys::default())
            }
        }

        deserializer.deserialize_map(KeysVisitor(std::marker::PhantomData))
    }
}

/// The entries of a map, in the input's order (where a map type would sort or hash them).
#[derive(Debug)]
pub(crate) struct Entries<'a, T>(pub(crate) Vec<(Cow<'a, str>, T)>);

impl<T> Default for Entries<'_, T> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<'de: 'a, 'a, T: Deserialize<'de>> Deserialize<'de> for Entries<'a, T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<'a, T>(std::marker::PhantomData<(&'a (), T)>);

        impl<'de: 'a, 'a, T: Deserialize<'de>> Visitor<'de> for EntriesVisitor<'a, T> {
            type Value = Entries<'a, T>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry::<Cow<'de, str>, T>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }

        deserializer.deserialize_map(EntriesVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_and_skips_values() {
        let keys: Keys<'_> =
            serde_json::from_str(r#"{"b": {"deep": [1, 2]}, "a\u0041": "x"}"#).unwrap();
        assert_eq!(keys.iter().collect::<Vec<_>>(), ["b", "aA"]);
    }

    #[test]
    fn reads_entries_in_order() {
        let entries: Entries<'_, u32> =
            serde_json::from_str(r#"{"b": 1, "a": 2, "b": 3}"#).unwrap();
        let read: Vec<(&str, u32)> = entries.0.iter().map(|(k, v)| (k.as_ref(), *v)).collect();
        assert_eq!(read, [("b", 1), ("a", 2), ("b", 3)]);
    }
}
