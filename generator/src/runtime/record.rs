//! `Deserialize` of the types' structs that keep undocumented keys (`extra`), written once.
//!
//! serde's derive of such a struct (`#[serde(flatten)]` on a map) expands to about 270 lines:
//! a key visitor with one method per kind of key serde can meet, buffering unknown ones, for
//! every struct. It was half of a generated crate's compile time. [`record_deserialize!`]
//! expands to one loop over the keys instead; the key type, the duplicate check and the
//! missing-field rule are the generic functions below, type-checked once per crate. The
//! decoding is the derive's: same errors (`missing field`, `duplicate field`, `invalid type:
//! ..., expected struct Name`), an absent `Option` field is `None`, unknown keys go to the map
//! in order, the last of a repeated unknown key wins.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

/// `Deserialize` for a struct whose every field is read by key and whose undocumented keys go
/// to a `serde_json::Map` field. `{ field = "wire", .. }` lists the fields read as serde's
/// derive reads them (absent: `None` for an `Option`, an error otherwise); `[field = "wire", ..]`
/// the fields that are `Some` of the value whenever the key is present, `null` included
/// (`Nullable` and any-JSON fields), `None` when absent; then the map field's name.
// Item names the macro declares (the visitor, the generic parameters) start with `__`, which
// no generated type's name does: unlike local variables, they are not hygienic.
macro_rules! record_deserialize {
    ($name:ident { $($field:ident = $wire:literal),* $(,)? } [ $($present:ident = $present_wire:literal),* $(,)? ] $extra:ident) => {
        // A deprecated field is still read, as the derive reads it.
        #[allow(deprecated)]
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                struct __Fields;
                impl<'de> ::serde::de::Visitor<'de> for __Fields {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("struct ", ::std::stringify!($name)))
                    }
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(self, mut map: __A) -> ::std::result::Result<$name, __A::Error> {
                        $(let mut $field = ::std::option::Option::None;)*
                        $(let mut $present = ::std::option::Option::None;)*
                        let mut extra = ::serde_json::Map::new();
                        while let ::std::option::Option::Some(key) = map.next_key::<crate::runtime::record::Key<'de>>()? {
                            match key.as_str() {
                                $($wire => crate::runtime::record::slot(&mut map, &mut $field, $wire)?,)*
                                $($present_wire => crate::runtime::record::slot(&mut map, &mut $present, $present_wire)?,)*
                                _ => {
                                    extra.insert(key.into_string(), map.next_value()?);
                                }
                            }
                        }
                        ::std::result::Result::Ok($name {
                            $($field: match $field {
                                ::std::option::Option::Some(value) => value,
                                ::std::option::Option::None => crate::runtime::record::missing($wire)?,
                            },)*
                            $($present,)*
                            $extra: extra,
                        })
                    }
                }
                deserializer.deserialize_map(__Fields)
            }
        }
    };
}

pub(crate) use record_deserialize;

/// A key of a JSON object, borrowed from the input when it can be (no escapes): known keys
/// then cost no allocation.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    #[inline]
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            #[inline]
            fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }
            #[inline]
            fn visit_str<E: de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }
            #[inline]
            fn visit_string<E: de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// Reads the value of a key into its slot; a key seen twice is an error, as with the derive.
#[inline]
pub fn slot<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    wire: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(wire));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The value of an absent field, by serde's rule: a type that reads `null` as a value
/// (`Option`, `Nullable`) gets it, any other is a `missing field` error.
#[inline]
pub fn missing<'de, T: Deserialize<'de>, E: de::Error>(wire: &'static str) -> Result<T, E> {
    T::deserialize(Absent(wire, PhantomData))
}

/// The deserializer of an absent field: `None` for an option, an error for anything else.
struct Absent<E>(&'static str, PhantomData<E>);

impl<'de, E: de::Error> Deserializer<'de> for Absent<E> {
    type Error = E;

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, E> {
        Err(de::Error::missing_field(self.0))
    }

    #[inline]
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::{Map, Value};

    use crate::runtime::Nullable;

    /// Read by the macro: a renamed raw field, an optional one, and the two kinds of field
    /// whose `null` stays `Some`.
    #[derive(Debug, PartialEq)]
    struct ByKey {
        r#type: String,
        count: Option<u32>,
        note: Option<Nullable<String>>,
        any: Option<Value>,
        extra: Map<String, Value>,
    }
    crate::runtime::record_deserialize!(ByKey { r#type = "type", count = "count" } [note = "note", any = "any"] extra);

    /// The same struct as the generator wrote it before the macro: serde's derive.
    #[derive(Debug, PartialEq, Deserialize)]
    struct Derived {
        #[serde(rename = "type")]
        r#type: String,
        count: Option<u32>,
        #[serde(default, deserialize_with = "crate::runtime::nullable::deserialize_optional")]
        note: Option<Nullable<String>>,
        #[serde(default, deserialize_with = "crate::runtime::nullable::deserialize_present")]
        any: Option<Value>,
        #[serde(flatten)]
        extra: Map<String, Value>,
    }

    impl From<Derived> for ByKey {
        fn from(d: Derived) -> ByKey {
            ByKey { r#type: d.r#type, count: d.count, note: d.note, any: d.any, extra: d.extra }
        }
    }

    /// The macro decodes every input as the derive does: the value, or the error's text
    /// (the derive's names its struct `Derived`).
    #[test]
    fn decodes_as_serde_derive_does() {
        let inputs = [
            r#"{"type":"a"}"#,
            r#"{"type":"a","count":null,"note":null,"any":null}"#,
            r#"{"type":"a","count":3,"note":"n","any":[1],"z":1,"b":{"c":2}}"#,
            r#"{"z":1,"type":"a","z":2}"#,
            r#"{"typ\u0065":"escaped key","c\u006fde":1}"#,
            r#"{"count":3}"#,
            r#"{"type":"a","type":"b"}"#,
            r#"{"type":"a","count":null,"count":1}"#,
            r#"{"type":"a","note":null,"note":"x"}"#,
            r#"{"type":1}"#,
            r#"{"type":"a","count":"x"}"#,
            r#"{"type":"a","count":-1}"#,
            r#"["a"]"#,
            r#""a""#,
            "null",
            r#"{"type":"a""#,
        ];
        for input in inputs {
            let by_key = serde_json::from_str::<ByKey>(input).map_err(|e| e.to_string());
            let derived = serde_json::from_str::<Derived>(input)
                .map(ByKey::from)
                .map_err(|e| e.to_string().replace("Derived", "ByKey"));
            assert_eq!(by_key, derived, "{input}");
            // From a `Value` too: its keys are owned strings, not borrowed from the input.
            if let Ok(value) = serde_json::from_str::<Value>(input) {
                let by_key = serde_json::from_value::<ByKey>(value.clone()).map_err(|e| e.to_string());
                let derived = serde_json::from_value::<Derived>(value)
                    .map(ByKey::from)
                    .map_err(|e| e.to_string().replace("Derived", "ByKey"));
                assert_eq!(by_key, derived, "{input} as a value");
            }
        }
    }

    #[test]
    fn null_stays_some_and_absent_is_none() {
        let read: ByKey = serde_json::from_str(r#"{"type":"a","count":null,"note":null,"any":null}"#).unwrap();
        assert_eq!((read.count, read.note, read.any), (None, Some(Nullable::Null), Some(Value::Null)));
        let read: ByKey = serde_json::from_str(r#"{"type":"a"}"#).unwrap();
        assert_eq!((read.count, read.note, read.any), (None, None, None));
    }
}
