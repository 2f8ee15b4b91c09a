//! Stage 1, Load: document bytes (YAML or JSON) -> `openapiv3::OpenAPI`, 3.0.x only.

use crate::error::{ErrorKind, Located, Pointer, Result};
use crate::ir::Repair;
use crate::repair;

pub(crate) fn load(bytes: &[u8], strict: bool) -> Result<(openapiv3::OpenAPI, Vec<Repair>)> {
    let root = Pointer::root();
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Located::new(
            ErrorKind::Parse,
            &root,
            format!("the document is not UTF-8 text ({e})"),
            "save the document as UTF-8",
        )
    })?;
    // Fast path for JSON documents (large ones usually are): serde_json is quicker and leaner
    // than the YAML reader. Anything it does not accept goes the YAML way, which also
    // locates errors.
    if text.trim_start().starts_with('{') {
        /// Just the version fields; serde_json skips the rest without building it.
        #[derive(serde::Deserialize)]
        struct Versions {
            swagger: Option<serde_json::Value>,
            openapi: Option<serde_json::Value>,
        }
        if let Ok(v) = serde_json::from_str::<Versions>(text) {
            check_version(
                v.swagger.as_ref().map(json_scalar_text),
                v.openapi.as_ref().map(json_scalar_text),
            )?;
            if let Ok(doc) = serde_json::from_str::<openapiv3::OpenAPI>(text) {
                if repair::untouched(text, &doc) {
                    return Ok((doc, Vec::new()));
                }
            }
        }
    } else if let Ok(doc) = serde_yaml::from_str::<openapiv3::OpenAPI>(text) {
        // Fast path for valid YAML: straight to the document, without building a tree
        // first. The version is checked on what it read; anything else goes the slow way
        // below, which repairs and locates errors.
        check_version(None, Some(doc.openapi.clone()))?;
        if repair::untouched(text, &doc) {
            return Ok((doc, Vec::new()));
        }
    }
    read_tree(text, strict)
}

/// The slow way: the document's tree is built, repaired, then read; errors are located.
fn read_tree(text: &str, strict: bool) -> Result<(openapiv3::OpenAPI, Vec<Repair>)> {
    let root = Pointer::root();
    // JSON is YAML, so one parser reads both.
    let mut value: serde_json::Value = serde_yaml::from_str(text).map_err(|e| {
        Located::new(
            ErrorKind::Parse,
            &root,
            format!("the document is not valid YAML or JSON: {e}"),
            "fix the syntax at the line and column given",
        )
    })?;
    let field = |name: &str| value.get(name).map(json_scalar_text);
    check_version(field("swagger"), field("openapi"))?;
    let repairs = repair::repair(&mut value)?;
    if strict {
        if let Some(r) = repairs.first() {
            return Err(refused(r));
        }
    }
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&value) {
        Ok(doc) => {
            drop(value);
            Ok((doc, repairs))
        }
        Err(e) => {
            let (pointer, inner) = narrow(&value)
                .unwrap_or_else(|| (path_to_pointer(e.path()), e.into_inner().to_string()));
            Err(Located::new(
                ErrorKind::Parse,
                &pointer,
                format!("this is not a valid OpenAPI 3.0 node: {inner}"),
                "compare the node with the OpenAPI 3.0.3 specification and correct its fields",
            ))
        }
    }
}

/// Finds the failing node inside `paths` and `components`, whose flattened maps hide the
/// path from serde: each entry is deserialized on its own, and the first failure is located.
fn narrow(value: &serde_json::Value) -> Option<(Pointer, String)> {
    fn first_failure<T: serde::de::DeserializeOwned>(
        map: Option<&serde_json::Value>,
        base: Pointer,
    ) -> Option<(Pointer, String)> {
        let map = map?.as_object()?;
        map.iter().find_map(|(key, node)| {
            if key.starts_with("x-") {
                return None;
            }
            serde_path_to_error::deserialize::<_, T>(node)
                .err()
                .map(|e| {
                    let at = e.path().iter().fold(base.push(key), push_segment);
                    (at, e.into_inner().to_string())
                })
        })
    }
    let root = Pointer::root();
    let components = value.get("components");
    let section = |name: &str| components.and_then(|c| c.get(name));
    let cbase = |name: &str| root.push("components").push(name);
    first_failure::<openapiv3::PathItem>(value.get("paths"), root.push("paths"))
        .or_else(|| first_failure::<openapiv3::Schema>(section("schemas"), cbase("schemas")))
        .or_else(|| {
            first_failure::<openapiv3::Parameter>(section("parameters"), cbase("parameters"))
        })
        .or_else(|| {
            first_failure::<openapiv3::RequestBody>(
                section("requestBodies"),
                cbase("requestBodies"),
            )
        })
        .or_else(|| first_failure::<openapiv3::Response>(section("responses"), cbase("responses")))
        .or_else(|| {
            first_failure::<openapiv3::SecurityScheme>(
                section("securitySchemes"),
                cbase("securitySchemes"),
            )
        })
}

fn push_segment(p: Pointer, seg: &serde_path_to_error::Segment) -> Pointer {
    use serde_path_to_error::Segment;
    match seg {
        Segment::Seq { index } => p.push(index),
        Segment::Map { key } => p.push(key),
        Segment::Enum { variant } => p.push(variant),
        Segment::Unknown => p,
    }
}

/// Refuses anything but OpenAPI 3.0.x, naming the version found.
fn check_version(swagger: Option<String>, openapi: Option<String>) -> Result<()> {
    let root = Pointer::root();
    if let Some(swagger) = swagger {
        return Err(Located::new(
            ErrorKind::Version,
            &root.push("swagger"),
            format!("this is a Swagger {swagger} document; only OpenAPI 3.0.x is supported"),
            "convert it to OpenAPI 3.0 (for example with swagger2openapi) and generate from that",
        ));
    }
    match openapi {
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

fn json_scalar_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn path_to_pointer(path: &serde_path_to_error::Path) -> Pointer {
    path.iter().fold(Pointer::root(), push_segment)
}

/// The error for a defect `--strict` refuses.
pub(crate) fn refused(r: &Repair) -> Located {
    Located {
        kind: ErrorKind::Defect,
        pointer: r.pointer.clone(),
        message: format!("{} (refused: strict)", r.found),
        help: format!(
            "{}; without strict checking the generator would assume {}",
            r.fix, r.assumed
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_doc(bytes: &[u8]) -> Result<openapiv3::OpenAPI> {
        load(bytes, false).map(|(doc, _)| doc)
    }

    #[test]
    fn rejects_other_versions_by_name() {
        let e =
            load_doc(b"swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Version);
        assert_eq!(e.pointer, "/swagger");
        assert!(e.message.contains("Swagger 2.0"), "{}", e.message);

        let e =
            load_doc(b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Version);
        assert!(e.message.contains("OpenAPI 3.1.0"), "{}", e.message);
    }

    #[test]
    fn locates_shape_errors() {
        let doc = b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let e = load_doc(doc).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Parse);
        assert_eq!(e.pointer, "/paths/~1a/get/responses", "{}", e.message);
    }

    /// Every committed document reads the same through the repairing path as through the
    /// fast one, and the fast path is taken for the product's own document.
    #[test]
    fn valid_documents_read_the_same_either_way() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = vec![root.join("spec/users.yaml")];
        for entry in std::fs::read_dir(root.join("tests/fixtures/specs")).unwrap() {
            files.push(entry.unwrap().path());
        }
        assert!(files.len() > 5);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let loaded = load(text.as_bytes(), false).unwrap();
            assert_eq!(
                read_tree(&text, false).unwrap(),
                loaded,
                "{}",
                file.display()
            );
        }
        let text = std::fs::read_to_string(root.join("spec/users.yaml")).unwrap();
        let doc: openapiv3::OpenAPI = serde_yaml::from_str(&text).unwrap();
        assert!(repair::untouched(&text, &doc));
    }

    #[test]
    fn reads_json_too() {
        let doc = br#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{}}"#;
        assert!(load_doc(doc).is_ok());
    }
}
