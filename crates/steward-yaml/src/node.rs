//! The parsed tree, and serde's view of it. Scalars are typed as serde-saphyr types them; where
//! that is not certain without a full parser (numbers, nulls read as text, anything but maps,
//! sequences, strings, booleans and options) the reader declines.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::scalar::Scalar;

/// A node of the subset: scalar, mapping (in document order) or sequence.
#[derive(Debug)]
pub(crate) enum Node<'a> {
    Scalar(Scalar<'a>),
    Map(Vec<(Scalar<'a>, Self)>),
    Seq(Vec<Self>),
}

/// The subset reader declines: the full parser reads the document instead. It carries no
/// message, since the full parser's error is the one shown.
#[derive(Debug)]
pub(crate) struct Decline;

impl std::fmt::Display for Decline {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("outside the YAML subset")
    }
}

impl std::error::Error for Decline {}

impl de::Error for Decline {
    fn custom<T: std::fmt::Display>(_message: T) -> Self {
        Self
    }
}

/// The methods whose types the subset leaves to the full parser.
macro_rules! decline {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Decline> {
            Err(Decline)
        })*
    };
}

/// The typed requests a scalar and a node answer alike.
macro_rules! declined_types {
    () => {
        decline! {
            deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
            deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
            deserialize_f32 deserialize_f64 deserialize_char deserialize_bytes
            deserialize_byte_buf deserialize_unit
        }

        fn deserialize_unit_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _visitor: V,
        ) -> Result<V::Value, Decline> {
            Err(Decline)
        }

        fn deserialize_tuple<V: Visitor<'de>>(
            self,
            _length: usize,
            _visitor: V,
        ) -> Result<V::Value, Decline> {
            Err(Decline)
        }

        fn deserialize_tuple_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _length: usize,
            _visitor: V,
        ) -> Result<V::Value, Decline> {
            Err(Decline)
        }

        fn deserialize_enum<V: Visitor<'de>>(
            self,
            _name: &'static str,
            _variants: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Decline> {
            Err(Decline)
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Decline> {
            visitor.visit_newtype_struct(self)
        }

        fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
            visitor.visit_unit()
        }
    };
}

impl<'de> Deserializer<'de> for &Scalar<'de> {
    type Error = Decline;

    /// Null, then booleans, then (declined) numbers, then strings, as serde-saphyr infers.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        if self.is_null() {
            return visitor.visit_unit();
        }
        if let Some(boolean) = self.boolean() {
            return visitor.visit_bool(boolean);
        }
        if self.may_be_number() {
            return Err(Decline);
        }
        self.deserialize_str(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        visitor.visit_bool(self.boolean().ok_or(Decline)?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        if self.is_null() {
            return Err(Decline);
        }
        match &self.text {
            std::borrow::Cow::Borrowed(text) => visitor.visit_borrowed_str(text),
            std::borrow::Cow::Owned(text) => visitor.visit_str(text),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        if self.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    decline! { deserialize_seq deserialize_map }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Decline> {
        Err(Decline)
    }

    declined_types!();
}

impl<'de> Deserializer<'de> for &Node<'de> {
    type Error = Decline;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self {
            Node::Scalar(scalar) => scalar.deserialize_any(visitor),
            Node::Map(entries) => visitor.visit_map(Entries::new(entries)),
            Node::Seq(items) => visitor.visit_seq(Items(items.iter())),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.scalar()?.deserialize_bool(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.scalar()?.deserialize_str(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.scalar()?.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        self.scalar()?.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self {
            Node::Scalar(scalar) => scalar.deserialize_option(visitor),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self {
            Node::Seq(items) => visitor.visit_seq(Items(items.iter())),
            _ => Err(Decline),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Decline> {
        match self {
            Node::Map(entries) => visitor.visit_map(Entries::new(entries)),
            _ => Err(Decline),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Decline> {
        self.deserialize_map(visitor)
    }

    declined_types!();
}

impl<'a> Node<'a> {
    fn scalar(&self) -> Result<&Scalar<'a>, Decline> {
        match self {
            Node::Scalar(scalar) => Ok(scalar),
            _ => Err(Decline),
        }
    }
}

/// A mapping's entries, handed to serde one key and one value at a time.
struct Entries<'b, 'de> {
    entries: std::slice::Iter<'b, (Scalar<'de>, Node<'de>)>,
    value: Option<&'b Node<'de>>,
}

impl<'b, 'de> Entries<'b, 'de> {
    fn new(entries: &'b [(Scalar<'de>, Node<'de>)]) -> Self {
        Entries {
            entries: entries.iter(),
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Decline;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Decline> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Decline> {
        seed.deserialize(self.value.take().ok_or(Decline)?)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A sequence's items.
struct Items<'b, 'de>(std::slice::Iter<'b, Node<'de>>);

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Decline;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Decline> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}
