//! Where a document fails to read as the OpenAPI model, and what is wrong there, said in the
//! document's words.
//!
//! serde reports a failure with the path it followed, but the model loses the path wherever
//! a node may take several shapes (a `$ref` or an object, a parameter by its `in`) or holds
//! flattened maps (`paths`, `responses`): there it reports the failure at the node, or at the
//! root. So the tree is walked from the root: at each node, the path serde gives is followed
//! as far as it goes, and where it stops short the first member that fails on its own is
//! looked into, until no member fails.

use crate::error::{ErrorKind, Located, Pointer, Result};
use crate::ir::Repair;
use crate::load::Loaded;
use crate::lower::Version;
use crate::moves::Moves;
use serde_json::Value;
use serde_path_to_error::Segment;

/// The document read from the lowered and repaired tree `value` when it reads; else the
/// error for its innermost failing node, in the document as written, naming `version`'s
/// specification.
pub(crate) fn failure(
    value: Value,
    repairs: Vec<Repair>,
    moves: Moves,
    version: Version,
) -> Result<Loaded> {
    let message = match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&value) {
        Ok(doc) => {
            return Ok(Loaded {
                doc,
                repairs,
                moves,
                version,
            })
        }
        Err(e) => e.into_inner().to_string(),
    };
    let (pointer, inner) = innermost(&value, message);
    let specification = version.specification();
    let (message, fix) = in_document_terms(&inner, version);
    let help = fix.map_or_else(
        || {
            format!(
                "compare the node with the {specification} specification and correct its fields"
            )
        },
        str::to_owned,
    );
    let mut error = Located::new(
        ErrorKind::Parse,
        &pointer,
        format!("this is not a valid {specification} node: {message}"),
        help,
    );
    error.pointer = moves.original(&error.pointer);
    Err(error)
}

/// The kinds of node the walk knows: objects of the model, read on their own, and the maps
/// and lists that hold them, looked into member by member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    Document,
    Components,
    Paths,
    PathItem,
    Operation,
    Parameters,
    Parameter,
    RequestBodies,
    RequestBody,
    Responses,
    ResponseMap,
    Response,
    Headers,
    Header,
    Contents,
    MediaType,
    Schemas,
    SchemaList,
    Schema,
    SecuritySchemes,
    SecurityScheme,
}

impl Node {
    /// What the member `key` of this node is, when the walk knows it (extensions, `x-...`,
    /// hold anything).
    fn member(self, key: &str) -> Option<Node> {
        use Node::*;
        if key.starts_with("x-") {
            return None;
        }
        Some(match (self, key) {
            (Document, "paths") => Paths,
            (Document, "components") => Components,
            (Components, "schemas") => Schemas,
            (Components, "parameters") => Parameters,
            (Components, "requestBodies") => RequestBodies,
            (Components, "responses") => ResponseMap,
            (Components, "headers") => Headers,
            (Components, "securitySchemes") => SecuritySchemes,
            (Paths, _) => PathItem,
            (
                PathItem,
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace",
            ) => Operation,
            (PathItem | Operation, "parameters") => Parameters,
            (Operation, "requestBody") => RequestBody,
            (Operation, "responses") => Responses,
            (Parameters, _) => Parameter,
            (RequestBodies, _) => RequestBody,
            (Responses | ResponseMap, _) => Response,
            (Response, "headers") => Headers,
            (Headers, _) => Header,
            (Parameter | Header | RequestBody | Response, "content") => Contents,
            (Contents, _) => MediaType,
            (Parameter | Header | MediaType, "schema") => Schema,
            (Schema, "properties") => Schemas,
            (Schema, "items" | "not" | "additionalProperties") => Schema,
            (Schema, "allOf" | "oneOf" | "anyOf") => SchemaList,
            (Schemas | SchemaList, _) => Schema,
            (SecuritySchemes, _) => SecurityScheme,
            _ => return None,
        })
    }

    /// How `node` fails to read as this kind of object (serde's path inside it and its
    /// message), or `None` when it reads or is a map or list (whose members are read).
    fn failure(self, node: &Value) -> Option<(Vec<Segment>, String)> {
        fn read<T: serde::de::DeserializeOwned>(node: &Value) -> Option<(Vec<Segment>, String)> {
            serde_path_to_error::deserialize::<_, T>(node)
                .err()
                .map(|e| {
                    (
                        e.path().iter().cloned().collect(),
                        e.into_inner().to_string(),
                    )
                })
        }
        use Node::*;
        if let Some(target) = node.get("$ref").filter(|_| self != Document) {
            // A reference: right when it is text (what it points to is read where it is).
            return (!target.is_string()).then(|| {
                (
                    vec![Segment::Map {
                        key: "$ref".to_owned(),
                    }],
                    format!("`$ref: {target}` is not a reference: a `$ref` is text"),
                )
            });
        }
        if self == Schema && !node.is_object() {
            // `true` and `false` are schemas where the model takes them
            // (`additionalProperties`); anything else that is not an object is none.
            return (!node.is_boolean()).then(|| {
                (
                    Vec::new(),
                    format!("`{node}` is not a schema: a schema is an object"),
                )
            });
        }
        match self {
            Document => read::<openapiv3::OpenAPI>(node),
            Components => read::<openapiv3::Components>(node),
            PathItem => read::<openapiv3::PathItem>(node),
            Operation => read::<openapiv3::Operation>(node),
            Parameter => read::<openapiv3::Parameter>(node),
            RequestBody => read::<openapiv3::RequestBody>(node),
            Responses => read::<openapiv3::Responses>(node),
            Response => read::<openapiv3::Response>(node),
            Header => read::<openapiv3::Header>(node),
            MediaType => read::<openapiv3::MediaType>(node),
            Schema => read::<openapiv3::Schema>(node),
            SecurityScheme => read::<openapiv3::SecurityScheme>(node),
            // A list (of an operation's parameters, of schemas) or a map (the rest).
            Parameters | SchemaList if node.is_array() => None,
            Paths | Parameters | RequestBodies | ResponseMap | Headers | Contents | Schemas
            | SecuritySchemes
                if node.is_object() =>
            {
                None
            }
            SchemaList => Some((Vec::new(), format!("`{node}` is not a list"))),
            _ => Some((Vec::new(), format!("`{node}` is not a map"))),
        }
    }

    /// Whether `node`, as this kind, fails to read: an object on its own, a map or list by
    /// any of its members.
    fn fails(self, node: &Value) -> bool {
        self.failure(node).is_some() || self.failing_member(node).is_some()
    }

    /// The first member of `node` (in document order) that fails to read, with its kind.
    fn failing_member(self, node: &Value) -> Option<(String, Node)> {
        let members: Vec<(String, &Value)> = match node {
            Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
            Value::Array(list) => list
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            _ => return None,
        };
        members.into_iter().find_map(|(key, member)| {
            let kind = self.member(&key)?;
            kind.fails(member).then_some((key, kind))
        })
    }
}

/// The innermost node of `value` that fails to read, and what is wrong with it (`message`
/// when nothing more precise is found).
fn innermost(value: &Value, mut message: String) -> (Pointer, String) {
    let mut pointer = Pointer::root();
    let mut kind = Some(Node::Document);
    // Each step goes at least one node deeper, so the document's depth bounds the walk.
    while let Some(at) = kind {
        let Some(node) = value.pointer(pointer.as_str()) else {
            break;
        };
        kind = None;
        if let Some((path, inner)) = at.failure(node) {
            message = inner;
            let before = pointer.clone();
            if !path.is_empty() {
                // Follow serde's path; past the kinds the walk knows, to its end.
                let mut here = Some(at);
                for segment in &path {
                    let key = match segment {
                        Segment::Seq { index } => index.to_string(),
                        Segment::Map { key } => key.clone(),
                        Segment::Enum { variant } => variant.clone(),
                        Segment::Unknown => continue,
                    };
                    here = here.and_then(|h| h.member(&key));
                    pointer = pointer.push(&key);
                }
                if pointer != before {
                    kind = here;
                    continue;
                }
            }
        }
        if let Some((key, member)) = at.failing_member(node) {
            pointer = pointer.push(&key);
            kind = Some(member);
        }
    }
    (pointer, message)
}

/// What serde says of the model's own types (`ReferenceOr`, `ParameterSchemaOrContent`,
/// `struct Schema`, `usize`), said in the words of the document (written in `version`),
/// with the fix when one is known (else `None`, for the caller's).
fn in_document_terms(message: &str, version: Version) -> (String, Option<&'static str>) {
    // A Swagger 2.0 parameter says its value's type on itself.
    if version == Version::Swagger2 && message.contains("enum ParameterSchemaOrContent") {
        return (
            "a parameter has no `type` (an `in: body` one, no `schema`)".to_owned(),
            Some("give the parameter a `type` (`string`, `integer`, `number`, `boolean`, or `array` with `items`), or an `in: body` one a `schema`"),
        );
    }
    let known: &[(&str, &str, &str)] = &[
        (
            "enum ParameterSchemaOrContent",
            "a parameter has neither `schema` nor `content`: it needs one of them",
            "give the parameter a `schema` (or a `content` map with one media type)",
        ),
        (
            "untagged enum AdditionalProperties",
            "`additionalProperties` is neither a boolean nor a schema",
            "write `additionalProperties: true`, `false` or a schema",
        ),
        (
            "untagged enum SchemaKind",
            "these keywords do not make a schema",
            "check the schema's `type` and the keywords that go with it",
        ),
        (
            "untagged enum ReferenceOr",
            "this is neither a `$ref` nor a valid object of its place",
            "write a `$ref`, or correct the object's fields",
        ),
    ];
    if let Some((_, said, fix)) = known
        .iter()
        .find(|(serde_says, ..)| message.contains(serde_says))
    {
        return ((*said).to_owned(), Some(*fix));
    }
    // The model's Rust types in serde's `expected ...`.
    let mut said = String::with_capacity(message.len());
    let mut words = message.split(' ').peekable();
    while let Some(word) = words.next() {
        if !said.is_empty() {
            said.push(' ');
        }
        match word {
            "struct" | "enum" if words.peek().is_some() => {
                let rest = words.next().unwrap_or_default();
                let punctuation = rest.trim_start_matches(|c: char| c.is_alphanumeric());
                said.push_str("an object");
                said.push_str(punctuation);
            }
            "usize" | "u64" | "u32" | "u16" | "u8" => said.push_str("a whole number"),
            "i64" | "i32" => said.push_str("an integer"),
            "f64" | "f32" => said.push_str("a number"),
            _ => said.push_str(word),
        }
    }
    (said, None)
}
