//! A property that a request can leave out, send as `null`, or send with a value: the
//! optional `nullable` properties of the models that requests carry, where leaving a field
//! out (keep it as it is) and `null` (clear it) ask a server for different things.
//!
//! Copied into the crates whose requests carry such a property; re-exported at their root.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional `nullable` property: absent (not sent), `null`, or a value.
///
/// Build one from a value with `.into()` (`Nullable::from(5)`), or name the state:
/// `Nullable::Null` clears a field in a partial update, `Nullable::Absent` (the default)
/// leaves it out. Decoded, a missing property is `Absent` and `null` is `Null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// Not sent (and not received).
    #[default]
    Absent,
    /// Sent (or received) as `null`.
    Null,
    /// Sent (or received) as this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the property is left out (`skip_serializing_if` of the fields).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// The value, when there is one (`None` for both `Absent` and `Null`).
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }

    /// The value, when there is one, by value.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Absent | Nullable::Null => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // `Absent` is skipped by its field; alone (in a sequence) it can only be `null`.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
            Nullable::Value(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            Some(value) => Nullable::Value(value),
            None => Nullable::Null,
        })
    }
}
