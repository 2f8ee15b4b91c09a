//! Every published version of the document, lowered to one: Swagger 2.0 and OpenAPI
//! 3.1/3.2 documents become OpenAPI 3.0 trees before they are read, so everything after
//! loading works on one model. Each version's lowering lives in its own module; what it
//! moves is recorded (see [`crate::moves`]) so that errors point into the original.
//!
//! Lowering keeps everything that changes a type or the wire; what it cannot express in
//! OpenAPI 3.0 is refused with a located error naming the keyword.

pub(crate) mod swagger2;
pub(crate) mod v31;

use crate::error::{ErrorKind, Located, Pointer, Result};
use serde_json::Value;

/// The versions the generator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    Swagger2,
    V30,
    V31,
    V32,
}

impl Version {
    /// The specification this version is, as its documents are named: `OpenAPI 3.1`.
    pub fn specification(self) -> &'static str {
        match self {
            Version::Swagger2 => "Swagger 2.0",
            Version::V30 => "OpenAPI 3.0",
            Version::V31 => "OpenAPI 3.1",
            Version::V32 => "OpenAPI 3.2",
        }
    }

    /// The version named by a document's `swagger` and `openapi` fields, or a located error.
    pub fn of(swagger: Option<String>, openapi: Option<String>) -> Result<Version> {
        let root = Pointer::root();
        if let Some(swagger) = swagger {
            return if swagger == "2.0" {
                Ok(Version::Swagger2)
            } else {
                Err(Located::new(
                    ErrorKind::Version,
                    &root.push("swagger"),
                    format!("this is a Swagger {swagger} document; Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2 are supported"),
                    "write `swagger: '2.0'` if the document follows Swagger 2.0",
                ))
            };
        }
        let version = |prefix: &str, v: &str| v == prefix || v.starts_with(&format!("{prefix}."));
        match openapi {
            Some(v) if version("3.0", &v) => Ok(Version::V30),
            Some(v) if version("3.1", &v) => Ok(Version::V31),
            Some(v) if version("3.2", &v) => Ok(Version::V32),
            Some(v) => Err(Located::new(
                ErrorKind::Version,
                &root.push("openapi"),
                format!("this is an OpenAPI {v} document; Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2 are supported"),
                "set `openapi` to the version the document follows (3.0.3, 3.1.1 or 3.2.0)",
            )),
            None => Err(Located::new(
                ErrorKind::Version,
                &root,
                "the document has neither an `openapi` nor a `swagger` version field",
                "add `openapi: 3.0.3` (or the version the document follows) at the top level",
            )),
        }
    }
}

/// A refusal of `keyword` at `at`.
pub(crate) fn refuse(at: &[String], message: String, help: &str) -> Located {
    Located::new(
        ErrorKind::Unsupported,
        &Pointer::root().push_all(at),
        message,
        help,
    )
}

/// The tokens `at` followed by `tokens`: a node below the one at `at`.
pub(crate) fn down(at: &[String], tokens: &[&str]) -> Vec<String> {
    let mut at = at.to_vec();
    at.extend(tokens.iter().map(|t| (*t).to_owned()));
    at
}

/// Whether an object key holds data (examples, extensions) rather than document structure.
pub(crate) fn data_key(key: &str) -> bool {
    key == "example" || key == "examples" || key.starts_with("x-")
}

pub(crate) fn object(entries: Vec<(&str, Value)>) -> Value {
    Value::Object(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_from_their_fields() {
        let v = |s: Option<&str>, o: Option<&str>| {
            Version::of(s.map(str::to_owned), o.map(str::to_owned))
        };
        assert_eq!(v(Some("2.0"), None).unwrap(), Version::Swagger2);
        assert_eq!(v(None, Some("3.0.3")).unwrap(), Version::V30);
        assert_eq!(v(None, Some("3.0")).unwrap(), Version::V30);
        assert_eq!(v(None, Some("3.1.0")).unwrap(), Version::V31);
        assert_eq!(v(None, Some("3.2.0")).unwrap(), Version::V32);
        let e = v(None, Some("3.10.0")).unwrap_err();
        assert_eq!(
            (e.kind, e.pointer.as_str()),
            (ErrorKind::Version, "/openapi")
        );
        let e = v(Some("1.2"), None).unwrap_err();
        assert_eq!(e.pointer, "/swagger");
        assert!(e.message.contains("Swagger 1.2"), "{}", e.message);
        assert_eq!(v(None, None).unwrap_err().pointer, "");
    }
}
