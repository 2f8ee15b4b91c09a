//! Choosing the alternative of a `oneOf`/`anyOf` without a discriminator that a JSON value
//! actually matches, when several parse.
//!
//! The same in every generated crate whose API has such a union; copied only into those.
//! Generated types reachable from those unions implement [`Fit`].

use serde_json::Value;
use std::collections::BTreeMap;

/// Whether a value decoded from JSON took all of it as the API describes it.
pub(crate) trait Fit {
    /// `self` was decoded from `json`. False when decoding only succeeded by leaving
    /// something out or catching it: an object property the schema does not name (which
    /// decoding ignores), a string enum value the document does not list (taken by the
    /// `Unknown` catch-all), an `ipv4`/`ipv6` string that is not such an address.
    fn fits(&self, json: &Value) -> bool;
}

macro_rules! always_fits {
    ($($t:ty),*) => {$(
        impl Fit for $t {
            fn fits(&self, _: &Value) -> bool {
                true
            }
        }
    )*};
}
always_fits!(String, bool, i32, i64, f32, f64, Value);

impl<T: Fit> Fit for Option<T> {
    fn fits(&self, json: &Value) -> bool {
        self.as_ref().is_none_or(|value| value.fits(json))
    }
}

impl<T: Fit> Fit for Box<T> {
    fn fits(&self, json: &Value) -> bool {
        (**self).fits(json)
    }
}

impl<T: Fit> Fit for Vec<T> {
    fn fits(&self, json: &Value) -> bool {
        json.as_array().is_some_and(|items| {
            items.len() == self.len() && self.iter().zip(items).all(|(v, j)| v.fits(j))
        })
    }
}

/// A tuple (`prefixItems`) fits a JSON array of exactly its items, each fitting its own.
macro_rules! tuple_fits {
    ($($len:literal: ($($t:ident $i:tt),+))*) => {$(
        impl<$($t: Fit),+> Fit for ($($t,)+) {
            fn fits(&self, json: &Value) -> bool {
                json.as_array().is_some_and(|items| {
                    items.len() == $len $(&& self.$i.fits(&items[$i]))+
                })
            }
        }
    )*};
}
// As many items as the generator makes tuples of (`MAX_TUPLE` in its `lower::v31`).
tuple_fits! {
    1: (A 0)
    2: (A 0, B 1)
    3: (A 0, B 1, C 2)
    4: (A 0, B 1, C 2, D 3)
    5: (A 0, B 1, C 2, D 3, E 4)
    6: (A 0, B 1, C 2, D 3, E 4, F 5)
    7: (A 0, B 1, C 2, D 3, E 4, F 5, G 6)
    8: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7)
    9: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8)
    10: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9)
    11: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10)
    12: (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11)
}

impl<T: Fit> Fit for BTreeMap<String, T> {
    fn fits(&self, json: &Value) -> bool {
        json.as_object().is_some_and(|object| {
            self.iter()
                .all(|(key, value)| object.get(key).is_some_and(|j| value.fits(j)))
        })
    }
}

/// Whether `json` is an object whose every property is one of `known` (a struct's fits
/// check, before its fields'): a struct also decodes from an array of its fields, and
/// ignores properties it does not name.
pub(crate) fn object_of(json: &Value, known: &[&str]) -> bool {
    json.as_object()
        .is_some_and(|object| object.keys().all(|key| known.contains(&key.as_str())))
}

/// `json` (an object) without its properties `known`: what a struct leaves to the union
/// alternative flattened into it (an `allOf` part). Anything else as it is.
pub(crate) fn without(json: &Value, known: &[&str]) -> Value {
    match json.as_object() {
        Some(object) => Value::Object(
            object
                .iter()
                .filter(|(key, _)| !known.contains(&key.as_str()))
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect(),
        ),
        None => json.clone(),
    }
}

/// Whether `json` is absent, null, or a string holding an IPv4 (`v6` false) or IPv6 address.
pub(crate) fn ip(json: &Value, v6: bool) -> bool {
    match json {
        Value::Null => true,
        Value::String(text) if v6 => text.parse::<std::net::Ipv6Addr>().is_ok(),
        Value::String(text) => text.parse::<std::net::Ipv4Addr>().is_ok(),
        _ => false,
    }
}

/// One alternative: `json` decoded as it, when it parses.
pub(crate) type Candidate<T> = fn(&Value) -> Result<T, serde_json::Error>;

/// Decodes `json` as the first of `candidates` (in document order) that parses and
/// [fits](Fit) it, else as the first that parses; `type_name` names the union in the error
/// when none does.
pub(crate) fn pick<T: Fit>(
    json: &Value,
    candidates: &[Candidate<T>],
    type_name: &str,
) -> Result<T, String> {
    let mut first = None;
    for candidate in candidates {
        if let Ok(value) = candidate(json) {
            if value.fits(json) {
                return Ok(value);
            }
            first.get_or_insert(value);
        }
    }
    first.ok_or_else(|| format!("the value matches none of the alternatives of {type_name}"))
}
