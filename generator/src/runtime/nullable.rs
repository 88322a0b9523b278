//! `Nullable<T>`: a value that the API lets be an explicit JSON `null`, distinct from absent.

// Functions are `#[inline]`, see `mod.rs`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field value that can be an explicit JSON `null`.
///
/// Used as `Option<Nullable<T>>` where the docs say `null` is a value: `None` leaves the
/// field out, `Some(Nullable::Null)` sends `null` (e.g. to clear it),
/// `Some(Nullable::Value(v))` sends `v`. Reading works the same way round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nullable<T> {
    /// An explicit JSON `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether this is an explicit `null`.
    #[inline]
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if not `null`.
    #[inline]
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(value) => Some(value),
        }
    }

    /// A `Nullable` of a reference to the value.
    #[inline]
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(value),
        }
    }

    /// The value, if not `null`, by value.
    #[inline]
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(value) => Some(value),
        }
    }

    /// Maps the value, keeping `null`.
    #[inline]
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    #[inline]
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T> From<Nullable<T>> for Option<T> {
    #[inline]
    fn from(nullable: Nullable<T>) -> Self {
        nullable.into_option()
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Null => serializer.serialize_none(),
            Nullable::Value(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            None => Nullable::Null,
            Some(value) => Nullable::Value(value),
        })
    }
}

/// `deserialize_with` helper for `Option<Nullable<T>>` fields: with `#[serde(default)]`,
/// a missing field is `None` and an explicit `null` is `Some(Nullable::Null)` (serde
/// alone would read both as `None`).
#[inline]
pub fn deserialize_optional<'de, D, T>(deserializer: D) -> Result<Option<Nullable<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Nullable::deserialize(deserializer).map(Some)
}

/// `deserialize_with` helper for `Option<serde_json::Value>` fields (documented as any
/// value): with `#[serde(default)]`, a missing field is `None` and an explicit `null` is
/// `Some(Value::Null)`, so that it is sent back as received (serde alone would drop it).
#[inline]
pub fn deserialize_present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}
