//! `Nullable` on the wire: absent, `null` and a value are three things in a request.

use crate::Nullable;
use serde::{Deserialize, Serialize};

/// What a generated request model holds for an optional `nullable` property.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
struct Update {
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    parent: Nullable<i64>,
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    name: Nullable<String>,
}

#[test]
fn absent_null_and_a_value_are_sent_as_three_things() {
    let update = Update {
        parent: Nullable::Null,
        name: "n".to_owned().into(),
    };
    assert_eq!(
        serde_json::to_string(&update).unwrap(),
        r#"{"parent":null,"name":"n"}"#
    );
    assert_eq!(serde_json::to_string(&Update::default()).unwrap(), "{}");
    let only = Update {
        parent: 7.into(),
        ..Default::default()
    };
    assert_eq!(serde_json::to_string(&only).unwrap(), r#"{"parent":7}"#);
    // Alone (not a field), absent can only be written as null.
    assert_eq!(
        serde_json::to_string(&Nullable::<i64>::Absent).unwrap(),
        "null"
    );
}

#[test]
fn decoding_tells_a_missing_property_from_null() {
    let decoded: Update = serde_json::from_str(r#"{"parent":null}"#).unwrap();
    assert_eq!(
        decoded,
        Update {
            parent: Nullable::Null,
            name: Nullable::Absent,
        }
    );
    let decoded: Update = serde_json::from_str(r#"{"name":"x","parent":3}"#).unwrap();
    assert_eq!(decoded.parent, Nullable::Value(3));
    assert_eq!(decoded.name.value().map(String::as_str), Some("x"));
    assert_eq!(decoded.parent.into_value(), Some(3));
    assert_eq!(Nullable::<i64>::Null.value(), None);
    assert_eq!(Nullable::<i64>::Absent.into_value(), None);
    assert!(Nullable::<i64>::Absent.is_absent());
    assert!(!Nullable::<i64>::Null.is_absent());
    assert!(serde_json::from_str::<Update>(r#"{"parent":"x"}"#).is_err());
}
