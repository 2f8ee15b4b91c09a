//! Stage 1, Load: document bytes (YAML or JSON) -> `openapiv3::OpenAPI`, 3.0.x only.

use crate::error::{ErrorKind, Located, Pointer, Result};

pub(crate) fn load(bytes: &[u8]) -> Result<openapiv3::OpenAPI> {
    let root = Pointer::root();
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Located::new(
            ErrorKind::Parse,
            &root,
            format!("the document is not UTF-8 text ({e})"),
            "save the document as UTF-8",
        )
    })?;
    // JSON is YAML, so one parser reads both.
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        Located::new(
            ErrorKind::Parse,
            &root,
            format!("the document is not valid YAML or JSON: {e}"),
            "fix the syntax at the line and column given",
        )
    })?;
    check_version(&value)?;
    serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value).map_err(|e| {
        let pointer = path_to_pointer(e.path());
        let inner = e.into_inner().to_string();
        Located::new(
            ErrorKind::Parse,
            &pointer,
            format!("this is not a valid OpenAPI 3.0 node: {inner}"),
            "compare the node with the OpenAPI 3.0.3 specification and correct its fields",
        )
    })
}

fn check_version(value: &serde_yaml::Value) -> Result<()> {
    let root = Pointer::root();
    let field = |name: &str| value.get(name).map(scalar_text);
    if let Some(swagger) = field("swagger") {
        return Err(Located::new(
            ErrorKind::Version,
            &root.push("swagger"),
            format!("this is a Swagger {swagger} document; only OpenAPI 3.0.x is supported"),
            "convert it to OpenAPI 3.0 (for example with swagger2openapi) and generate from that",
        ));
    }
    match field("openapi") {
        Some(v) if v.starts_with("3.0.") || v == "3.0" => Ok(()),
        Some(v) => Err(Located::new(
            ErrorKind::Version,
            &root.push("openapi"),
            format!("this is an OpenAPI {v} document; only OpenAPI 3.0.x is supported"),
            if v.starts_with("3.1") {
                "OpenAPI 3.1 is not supported yet: describe the API in OpenAPI 3.0.3 (nullable instead of type arrays, no `const`, no `$ref` siblings)"
            } else {
                "set `openapi: 3.0.3` and make the document follow that version"
            },
        )),
        None => Err(Located::new(
            ErrorKind::Version,
            &root,
            "the document has no `openapi` version field, so it is not an OpenAPI 3.0 document",
            "add `openapi: 3.0.3` at the top level",
        )),
    }
}

fn scalar_text(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        other => format!("{other:?}"),
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> Pointer {
    use serde_path_to_error::Segment;
    path.iter().fold(Pointer::root(), |p, seg| match seg {
        Segment::Seq { index } => p.push(index),
        Segment::Map { key } => p.push(key),
        Segment::Enum { variant } => p.push(variant),
        Segment::Unknown => p,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_other_versions_by_name() {
        let e = load(b"swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Version);
        assert_eq!(e.pointer, "/swagger");
        assert!(e.message.contains("Swagger 2.0"), "{}", e.message);

        let e = load(b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Version);
        assert!(e.message.contains("OpenAPI 3.1.0"), "{}", e.message);
    }

    #[test]
    fn locates_shape_errors() {
        let doc = b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let e = load(doc).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Parse);
        assert_eq!(e.pointer, "/paths/~1a/get/responses", "{}", e.message);
    }

    #[test]
    fn reads_json_too() {
        let doc = br#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}"#;
        assert!(load(doc).is_ok());
    }
}
