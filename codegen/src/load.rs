//! Stage load: document bytes (YAML or JSON; Swagger 2.0, OpenAPI 3.0, 3.1 or 3.2) ->
//! `openapiv3::OpenAPI`, the OpenAPI 3.0 model: other versions are lowered to 3.0 first
//! (see [`crate::lower`]), then defects are repaired (see [`crate::repair`]).

use crate::error::{ErrorKind, Located, Pointer, Result};
use crate::ir::Repair;
use crate::lower::{self, Version};
use crate::moves::Moves;
use crate::repair;

/// A document read: the OpenAPI 3.0 model, the repairs made, and where lowering and
/// repairs moved nodes (to take pointers back into the document as written).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Loaded {
    pub doc: openapiv3::OpenAPI,
    pub repairs: Vec<Repair>,
    pub moves: Moves,
    /// The version the document is written in.
    pub version: Version,
}

impl Loaded {
    fn straight(doc: openapiv3::OpenAPI) -> Self {
        Loaded {
            doc,
            repairs: Vec::new(),
            moves: Moves::default(),
            version: Version::V30,
        }
    }

    /// `error` (located in the read document) located in the document as written, and
    /// said in its words: a Swagger 2.0 document's sections are `definitions`,
    /// `parameters` and `responses`, not `components`.
    pub fn locate(&self, mut error: Located) -> Located {
        error.pointer = self.moves.original(&error.pointer);
        error.message = self.in_its_words(&error.message);
        error.help = self.in_its_words(&error.help);
        error
    }

    /// `text`, said of the read (OpenAPI 3.0) document, in the words of the document as
    /// written: for Swagger 2.0, its sections (`definitions`, `parameters`, `responses`,
    /// not `components/...`), and `schema` where 3.0 has a media type's `content` (2.0
    /// describes a body by the `schema` of its response or `in: body` parameter).
    pub fn in_its_words(&self, text: &str) -> String {
        if self.version != Version::Swagger2 {
            return text.to_owned();
        }
        let text = text.replace("`content`", "`schema`");
        ["schemas", "parameters", "responses"]
            .iter()
            .fold(text, |text, section| {
                let to = if *section == "schemas" {
                    "definitions"
                } else {
                    section
                };
                text.replace(&format!("components/{section}"), to)
            })
    }
}

/// The document's bytes as text, or the error: a document is UTF-8.
pub(crate) fn text(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|e| {
        Located::new(
            ErrorKind::Parse,
            &Pointer::root(),
            format!("the document is not UTF-8 text ({e})"),
            "save the document as UTF-8",
        )
    })
}

/// Whether a 3.0 document read straight into the model (`doc`, from `text`) may stay so:
/// it needs no repair, no mapping repeats a key (readers keep one of the values; the slow
/// way refuses it, located), and it has no YAML merge key (which only the slow way applies).
fn straight(text: &str, doc: &openapiv3::OpenAPI) -> bool {
    // A YAML merge key (`<<`), in block or flow style, is applied the slow way only.
    repair::untouched(text, doc) && !crate::duplicates::may_repeat(text) && !text.contains("<<")
}

pub(crate) fn load(bytes: &[u8], strict: bool) -> Result<Loaded> {
    let text = text(bytes)?;
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
            let version = Version::of(
                v.swagger.as_ref().map(json_scalar_text),
                v.openapi.as_ref().map(json_scalar_text),
            )?;
            if version == Version::V30 {
                if let Ok(doc) = serde_json::from_str::<openapiv3::OpenAPI>(text) {
                    if straight(text, &doc) {
                        return Ok(Loaded::straight(doc));
                    }
                }
            }
        }
    } else if !written_in_another_version(text) {
        if let Ok(doc) = serde_yaml::from_str::<openapiv3::OpenAPI>(text) {
            // Fast path for valid YAML: straight to the document, without building a tree
            // first. A 3.0 document that needs nothing goes no further; anything else goes
            // the slow way below, which lowers other versions, repairs and locates errors.
            if Version::of(None, Some(doc.openapi.clone()))? == Version::V30 && straight(text, &doc)
            {
                return Ok(Loaded::straight(doc));
            }
        }
    }
    read_tree(text, strict)
}

/// Whether a YAML document says at its top level that it is Swagger 2.0 or OpenAPI 3.1 or
/// 3.2 (`swagger: '2.0'`, `openapi: 3.1.0`): then reading it as 3.0 first would only cost a
/// whole parse. A cheap look at unindented lines; when unsure, false.
fn written_in_another_version(text: &str) -> bool {
    text.lines().any(|line| {
        let value = |key: &str| {
            line.strip_prefix(key)
                .map(|v| v.trim().trim_matches(|c| c == '\'' || c == '"'))
        };
        value("swagger:").is_some()
            || value("openapi:").is_some_and(|v| v.starts_with("3.1") || v.starts_with("3.2"))
    })
}

/// The slow way: the document's tree is built, lowered to OpenAPI 3.0, repaired, then
/// read; errors are located in the document as written.
fn read_tree(text: &str, strict: bool) -> Result<Loaded> {
    let (value, repairs, moves, version) = lowered_tree(text, strict)?;
    // Read from the owned tree, its strings moved into the model rather than copied; only
    // when that fails is the tree made again, to locate the failure.
    match serde_json::from_value::<openapiv3::OpenAPI>(value) {
        Ok(doc) => Ok(Loaded {
            doc,
            repairs,
            moves,
            version,
        }),
        Err(_) => {
            let (value, repairs, moves, version) = lowered_tree(text, strict)?;
            crate::locate::failure(value, repairs, moves, version)
        }
    }
}

/// The document's tree lowered to OpenAPI 3.0 and repaired: the repairs made, the moves
/// of both, and the version the document is written in.
fn lowered_tree(
    text: &str,
    strict: bool,
) -> Result<(serde_json::Value, Vec<Repair>, Moves, Version)> {
    // JSON is YAML, so one parser reads both; a key written twice in a mapping is refused.
    let mut value = crate::duplicates::read(text, "document")?;
    let field = |name: &str| value.get(name).map(json_scalar_text);
    let version = Version::of(field("swagger"), field("openapi"))?;
    let mut moves = Moves::default();
    match version {
        Version::Swagger2 => moves.step(lower::swagger2::lower(&mut value)?),
        Version::V31 | Version::V32 => moves.step(lower::v31::lower(&mut value, version)?),
        Version::V30 => {}
    }
    let lowered = moves.len();
    let back = |mut e: Located, moves: &Moves| {
        e.pointer = moves.original(&e.pointer);
        e
    };
    let (mut repairs, moved) =
        repair::repair(&mut value, version == Version::Swagger2).map_err(|e| back(e, &moves))?;
    if version == Version::Swagger2 {
        if let Some(root) = value.as_object_mut() {
            root.remove("produces");
            root.remove("consumes");
        }
    }
    for r in &mut repairs {
        r.pointer = moves.original_before(lowered, &r.pointer);
    }
    moves.step(moved);
    if strict {
        if let Some(r) = repairs.first() {
            return Err(refused(r));
        }
    }
    Ok((value, repairs, moves, version))
}

fn json_scalar_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
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
        load(bytes, false).map(|loaded| loaded.doc)
    }

    #[test]
    fn reads_every_published_version_and_names_others() {
        for head in [
            "swagger: '2.0'\n",
            "openapi: 3.0.3\n",
            "openapi: 3.1.0\n",
            "openapi: 3.2.0\n",
        ] {
            let text = format!("{head}info: {{title: t, version: '1'}}\npaths: {{}}\n");
            let doc = load_doc(text.as_bytes()).unwrap();
            assert!(doc.paths.paths.is_empty(), "{head}");
        }
        let e =
            load_doc(b"openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap_err();
        assert_eq!(e.kind, ErrorKind::Version);
        assert_eq!(e.pointer, "/openapi");
        assert!(e.message.contains("OpenAPI 4.0.0"), "{}", e.message);
    }

    /// Errors found after lowering point into the document as written.
    #[test]
    fn errors_point_into_the_document_as_written() {
        let doc = b"swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions:\n  A:\n    type: object\n    properties: 7\n";
        let e = load_doc(doc).unwrap_err();
        assert_eq!(e.pointer, "/definitions/A/properties", "{}", e.message);
        assert_eq!(
            e.message,
            "this is not a valid Swagger 2.0 node: `7` is not a map"
        );
        let doc = b"swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      parameters:\n        - {name: b, in: body, schema: {type: object, properties: 7}}\n      responses: {'204': {description: d}}\n";
        let e = load_doc(doc).unwrap_err();
        assert_eq!(
            e.pointer, "/paths/~1a/post/parameters/0/schema/properties",
            "{}",
            e.message
        );
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
                read_tree(&text, false).unwrap().doc,
                loaded.doc,
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

    #[test]
    fn other_versions_skip_the_3_0_attempt() {
        assert!(written_in_another_version("swagger: '2.0'\ninfo: {}\n"));
        assert!(written_in_another_version("info: {}\nopenapi: \"3.1.0\"\n"));
        assert!(written_in_another_version("openapi: 3.2.0\n"));
        assert!(!written_in_another_version("openapi: 3.0.3\n"));
        // Only the top level says the version.
        assert!(!written_in_another_version(
            "info:\n  openapi: 3.1.0\nopenapi: 3.0.3\n"
        ));
    }

    #[test]
    fn a_lowered_document_that_is_not_3_0_is_located_in_the_original() {
        let doc = b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    $ref: '#/components/pathItems/A'\ncomponents:\n  pathItems:\n    A:\n      get: {responses: {'200': {description: 1}}}\n";
        let e = load(doc, false).unwrap_err();
        assert_eq!(e.kind, ErrorKind::Parse);
        assert!(
            e.pointer.starts_with("/components/pathItems/A/get"),
            "{}",
            e.pointer
        );
    }
}
