//! OpenAPI 3.1 and 3.2 -> OpenAPI 3.0, on the document's tree.
//!
//! Schemas are JSON Schema 2020-12 in 3.1; what 3.0 says in other words is rewritten
//! (`type: [T, 'null']` -> `nullable`, several types -> `anyOf`, `const` -> a one-value
//! `enum`, `examples` -> `example`, numeric `exclusiveMinimum`, `contentEncoding`, `$ref`
//! with siblings, `$defs`, `components/pathItems`); keywords that only validate or
//! annotate are dropped; what would change a type or the wire and has no 3.0 form is
//! refused, naming the keyword.

use super::{data_key, down, object, refuse, Version};
use crate::error::Result;
use crate::moves::Tokens;
use heck::ToUpperCamelCase;
use serde_json::{Map, Value};

/// Keywords that validate or annotate only: a client neither sends nor decodes differently.
const IGNORED: [&str; 14] = [
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$comment",
    "$vocabulary",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "dependentRequired",
    "contentSchema",
    "unevaluatedItems",
    "xml",
];

/// Keywords that change a type or the wire and that OpenAPI 3.0 cannot say.
const REFUSED: [(&str, &str); 7] = [
    ("$dynamicRef", "a dynamic reference"),
    ("$recursiveRef", "a recursive reference"),
    ("if", "a conditional schema"),
    ("then", "a conditional schema"),
    ("else", "a conditional schema"),
    ("dependentSchemas", "a schema that depends on a property"),
    ("patternProperties", "properties named by a pattern"),
];

/// The extension marking a lowered tuple (`prefixItems`): the array's `items` is an `anyOf`
/// of the tuple's items, in order.
pub(crate) const TUPLE: &str = "x-oapi-rust-gen-tuple";

/// The extension of a union (`oneOf`, `anyOf`) holding the descriptions written beside its
/// alternatives' references (`{$ref, description}`), by index (`{"0": "..."}`): each becomes
/// its variant's doc comment, where a 3.0 document has no place for it.
pub(crate) const VARIANT_DOCS: &str = "x-oapi-rust-gen-variant-docs";

/// The extension of a path item holding its operations with methods OpenAPI 3.0 does not
/// list (3.2's `query` and `additionalOperations`), by method name as sent (`QUERY`, `COPY`).
pub(crate) const OPERATIONS: &str = "x-oapi-rust-gen-operations";

/// The extension marking a parameter lowered from `in: querystring` (3.2): its value is
/// the whole query string.
pub(crate) const QUERYSTRING: &str = "x-oapi-rust-gen-querystring";

/// The extension marking a response's media type whose `schema` was 3.2's `itemSchema`:
/// the body is a sequence of items of that schema, read one by one. Its value is the
/// media type's framing: `sse`, `jsonl` or `json-seq` (see [`stream_framing`]).
pub(crate) const STREAM: &str = "x-oapi-rust-gen-stream";

/// The framing of a sequential media type the client reads item by item (3.2's
/// `itemSchema`), by its essence (no parameters, lower case): `None` for the others.
pub(crate) fn stream_framing(essence: &str) -> Option<&'static str> {
    match essence {
        "text/event-stream" => Some("sse"),
        "application/jsonl" | "application/x-ndjson" => Some("jsonl"),
        "application/json-seq" => Some("json-seq"),
        _ => None,
    }
}

/// The methods OpenAPI gives fields of their own: `additionalOperations` may not name them.
const FIXED_METHODS: [&str; 9] = [
    "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "QUERY",
];

/// The most items a tuple may have: Rust's tuples implement `Default` up to 12.
const MAX_TUPLE: usize = 12;

/// Keywords beside a `$ref` that only describe: a plain reference keeps the type.
const REF_ANNOTATIONS: [&str; 7] = [
    "description",
    "summary",
    "title",
    "example",
    "examples",
    "deprecated",
    "$comment",
];

/// A property written as a union of one reference and `null`, whose description sits on the
/// reference (`anyOf: [{$ref, description}, {type: 'null'}]`, as utoipa writes an optional
/// field): the description is the property's, unless it has one of its own. (A `$ref`'s
/// description is otherwise dropped where it is neither a property nor an alternative: see
/// [`variant_docs`].)
fn branch_description(map: &mut Map<String, Value>) {
    if map.contains_key("description") {
        return;
    }
    let is_null = |v: &&Value| v.get("type").and_then(Value::as_str) == Some("null");
    let description = ["anyOf", "oneOf"].into_iter().find_map(|key| {
        let list = map.get(key)?.as_array()?;
        let [only] = list.iter().filter(|v| !is_null(v)).collect::<Vec<_>>()[..] else {
            return None;
        };
        let right = list.len() == 2 && only.get("$ref").is_some();
        right.then(|| only.get("description").filter(|d| d.is_string()).cloned())?
    });
    if let Some(description) = description {
        map.insert("description".to_owned(), description);
    }
}

/// The descriptions beside a union's references (`oneOf: [{$ref, description}]`), which
/// lowering the alternatives drops, kept in the union's [`VARIANT_DOCS`].
fn variant_docs(map: &mut Map<String, Value>) {
    let Some(list) = union_key(map).and_then(|key| map.get(key)?.as_array()) else {
        return;
    };
    let docs: Map<String, Value> = list
        .iter()
        .enumerate()
        .filter(|(_, v)| v.get("$ref").is_some())
        .filter_map(|(i, v)| {
            // A blank description says nothing: the variant keeps its own.
            let description = v
                .get("description")
                .filter(|d| d.as_str().is_some_and(|t| !t.trim().is_empty()))?;
            Some((i.to_string(), description.clone()))
        })
        .collect();
    if !docs.is_empty() {
        map.insert(VARIANT_DOCS.to_owned(), Value::Object(docs));
    }
}

/// The key of a union's alternatives as resolve reads them: `oneOf`, unless it is empty, then
/// `anyOf`.
fn union_key(map: &Map<String, Value>) -> Option<&'static str> {
    ["oneOf", "anyOf"].into_iter().find(|key| {
        map.get(*key)
            .and_then(Value::as_array)
            .is_some_and(|list| !list.is_empty())
    })
}

/// A union's [`VARIANT_DOCS`] once only its alternatives at `kept` (indices before) are left,
/// in order: moved to their new indices, or dropped when fewer than two are left (the union
/// becomes the one alternative, or nothing).
fn keep_variant_docs(map: &mut Map<String, Value>, kept: &[usize]) {
    let Some(Value::Object(docs)) = map.remove(VARIANT_DOCS) else {
        return;
    };
    if kept.len() < 2 {
        return;
    }
    let docs: Map<String, Value> = kept
        .iter()
        .enumerate()
        .filter_map(|(n, i)| Some((n.to_string(), docs.get(&i.to_string())?.clone())))
        .collect();
    if !docs.is_empty() {
        map.insert(VARIANT_DOCS.to_owned(), Value::Object(docs));
    }
}

/// Lowers a 3.1 or 3.2 document in place; the moves made, as `(now, was)` prefixes.
pub(crate) fn lower(doc: &mut Value, version: Version) -> Result<Vec<(Tokens, Tokens)>> {
    let mut lowering = Lowering {
        moves: Vec::new(),
        version,
    };
    let Some(root) = doc.as_object_mut() else {
        return Ok(Vec::new());
    };
    root.insert("openapi".to_owned(), "3.0.3".into());
    // The client makes no calls for webhooks and reads no dialect; `$self` (3.2) is a base
    // URI that local references do not use.
    for key in ["webhooks", "jsonSchemaDialect", "$self"] {
        root.remove(key);
    }
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    lowering.path_item_refs(doc);
    lowering.defs(doc);
    lowering.node(doc, &[])?;
    Ok(lowering.moves)
}

struct Lowering {
    moves: Vec<(Tokens, Tokens)>,
    version: Version,
}

impl Lowering {
    /// `paths` entries that refer to `components/pathItems` (3.1) are replaced by the item.
    fn path_item_refs(&mut self, doc: &mut Value) {
        let items = doc
            .get_mut("components")
            .and_then(Value::as_object_mut)
            .and_then(|c| c.remove("pathItems"));
        let Some(Value::Object(items)) = items else {
            return;
        };
        let Some(Value::Object(paths)) = doc.get_mut("paths") else {
            return;
        };
        for (path, item) in paths.iter_mut() {
            let Some(name) = item
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/pathItems/"))
                .map(crate::error::unescape)
            else {
                continue;
            };
            let Some(Value::Object(target)) = items.get(&name) else {
                continue;
            };
            let mut inlined = target.clone();
            if let Some(own) = item.as_object() {
                for (k, v) in own {
                    if k != "$ref" {
                        inlined.insert(k.clone(), v.clone());
                    }
                }
            }
            *item = Value::Object(inlined);
            self.moves.push((
                vec!["paths".to_owned(), path.clone()],
                vec!["components".to_owned(), "pathItems".to_owned(), name],
            ));
        }
    }

    /// `$defs` anywhere under `components/schemas` (or at the top level) move to
    /// `components/schemas`, and references to them follow.
    fn defs(&mut self, doc: &mut Value) {
        let mut found: Vec<(Tokens, String)> = Vec::new();
        if let Some(Value::Object(defs)) = doc.get("$defs") {
            for name in defs.keys() {
                found.push((vec!["$defs".to_owned(), name.clone()], name.clone()));
            }
        }
        if let Some(Value::Object(schemas)) = doc.get("components").and_then(|c| c.get("schemas")) {
            for (name, schema) in schemas {
                collect_defs(
                    schema,
                    &["components".to_owned(), "schemas".to_owned(), name.clone()],
                    name,
                    &mut found,
                );
            }
        }
        if found.is_empty() {
            return;
        }
        let mut taken: Vec<String> = doc
            .get("components")
            .and_then(|c| c.get("schemas"))
            .and_then(Value::as_object)
            .map(|s| s.keys().cloned().collect())
            .unwrap_or_default();
        let mut renames: Vec<(String, String)> = Vec::new();
        let mut nodes: Vec<(String, Value)> = Vec::new();
        // Deepest first: a `$defs` inside another moves before its holder does.
        found.sort_by_key(|(at, _)| std::cmp::Reverse(at.len()));
        for (at, owner) in &found {
            let Some(node) = take(doc, at) else {
                continue;
            };
            let last = at.last().cloned().unwrap_or_default();
            let mut name = last.clone();
            if taken.contains(&name) {
                name = format!("{owner} {last}").to_upper_camel_case();
            }
            let base = name.clone();
            let mut n = 1;
            while taken.contains(&name) {
                n += 1;
                name = format!("{base}{n}");
            }
            taken.push(name.clone());
            renames.push((
                format!("#{}", crate::moves::to_pointer(at)),
                format!("#/components/schemas/{}", escape(&name)),
            ));
            self.moves.push((
                vec!["components".to_owned(), "schemas".to_owned(), name.clone()],
                at.clone(),
            ));
            nodes.push((name, node));
        }
        if let Some(root) = doc.as_object_mut() {
            root.remove("$defs");
            let components = root
                .entry("components")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(components) = components.as_object_mut() {
                let schemas = components
                    .entry("schemas")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Some(schemas) = schemas.as_object_mut() {
                    for (name, node) in nodes {
                        schemas.insert(name, node);
                    }
                }
            }
        }
        rename_refs(doc, &renames);
    }

    /// A node of the document's structure (not a schema): schemas found under it are lowered.
    fn node(&mut self, node: &mut Value, at: &[String]) -> Result<()> {
        match node {
            Value::Object(map) => {
                self.structure(map, at)?;
                for (key, child) in map.iter_mut() {
                    if data_key(key) && key != OPERATIONS {
                        continue;
                    }
                    let here = down(at, &[key]);
                    if key == "schema" {
                        self.schema(child, &here)?;
                    } else if key == "schemas" && at == ["components"] {
                        if let Value::Object(schemas) = child {
                            for (name, schema) in schemas.iter_mut() {
                                self.schema(schema, &down(&here, &[name]))?;
                            }
                        }
                    } else if !matches!(key.as_str(), "enum" | "default" | "const") {
                        self.node(child, &here)?;
                    }
                }
            }
            Value::Array(list) => {
                for (i, child) in list.iter_mut().enumerate() {
                    self.node(child, &down(at, &[&i.to_string()]))?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Checks and rewrites of structure nodes: what 3.2 added to operations, parameters and
    /// media types, and 3.1's security scheme types.
    fn structure(&mut self, map: &mut Map<String, Value>, at: &[String]) -> Result<()> {
        let path_item = matches!(at, [p, _] if p == "paths")
            || (at.len() >= 3 && at[at.len() - 3] == "callbacks");
        if path_item {
            // `responses` is optional in 3.1: none documented is an empty map in 3.0.
            for method in [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ] {
                if let Some(Value::Object(op)) = map.get_mut(method) {
                    op.entry("responses")
                        .or_insert_with(|| Value::Object(Map::new()));
                }
            }
            self.more_methods(map, at)?;
        }
        if map.get("in").and_then(Value::as_str) == Some("querystring") {
            self.querystring(map, at)?;
        }
        for key in ["itemEncoding", "prefixEncoding"] {
            if map.contains_key(key) {
                return Err(refuse(
                    &down(at, &[key]),
                    format!(
                        "`{key}` (OpenAPI 3.2): the encoding of multipart items is not supported"
                    ),
                    "describe the body with `schema` and `encoding`, or leave the operation out",
                ));
            }
        }
        if map.contains_key("itemSchema") {
            self.item_schema(map, at)?;
        }
        if map.get("type").and_then(Value::as_str) == Some("mutualTLS")
            && at.len() == 3
            && at[0] == "components"
            && at[1] == "securitySchemes"
        {
            return Err(refuse(
                &down(at, &["type"]),
                "a `mutualTLS` security scheme (OpenAPI 3.1): the generated client has no client certificates".to_owned(),
                "leave the scheme out, and configure TLS outside the client",
            ));
        }
        // A response without `description` is valid in 3.2.
        if self.version == Version::V32
            && at.len() >= 2
            && at[at.len() - 2] == "responses"
            && !map.contains_key("$ref")
            && !map.contains_key("description")
        {
            map.insert("description".to_owned(), "".into());
        }
        Ok(())
    }

    /// 3.2's `itemSchema` on a response's sequential media type (server-sent events, JSON
    /// lines, JSON text sequences): it becomes the media type's `schema`, marked
    /// [`STREAM`] with the framing, so resolve reads the body as a stream of its items. A
    /// `schema` beside it (the whole body) gives way. Anywhere else (a request body, a
    /// parameter, another media type) it is refused.
    fn item_schema(&mut self, map: &mut Map<String, Value>, at: &[String]) -> Result<()> {
        let here = down(at, &["itemSchema"]);
        let in_response =
            at.len() >= 4 && at[at.len() - 2] == "content" && at[at.len() - 4] == "responses";
        if !in_response {
            return Err(refuse(
                &here,
                "`itemSchema` (OpenAPI 3.2) outside a response: the client reads a body item by item only in a response, and sends none that way".to_owned(),
                "describe this body with `schema` (an array of the items, say), or leave the operation out",
            ));
        }
        let media = at[at.len() - 1].as_str();
        let essence = media
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let Some(framing) = stream_framing(&essence) else {
            return Err(refuse(
                &here,
                format!("`itemSchema` (OpenAPI 3.2) on `{media}`: the client reads items one by one only from `text/event-stream`, `application/jsonl`, `application/x-ndjson` and `application/json-seq`"),
                "use one of those media types, or describe the whole body with `schema`",
            ));
        };
        if let Some(mut item) = map.remove("itemSchema") {
            if framing == "sse" {
                self.event_data(&mut item, at);
            }
            map.insert("schema".to_owned(), item);
            map.insert(STREAM.to_owned(), framing.into());
            self.moves.push((down(at, &["schema"]), here));
        }
        Ok(())
    }

    /// An event's `data` written as OpenAPI 3.2 suggests for JSON in an event, a string with
    /// `contentMediaType` JSON and a `contentSchema`: the property becomes the
    /// `contentSchema`, so the data decodes as its type. Only in an item schema written in
    /// place (a component may be used elsewhere, where the data is a string).
    fn event_data(&mut self, item: &mut Value, at: &[String]) {
        let Some(data) = item.pointer_mut("/properties/data") else {
            return;
        };
        let json = data
            .get("contentMediaType")
            .and_then(Value::as_str)
            .map(|m| {
                m.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .to_ascii_lowercase()
            })
            .is_some_and(|m| m.ends_with("/json") || m.ends_with("+json"));
        let content = match data.as_object_mut() {
            Some(data) if json => data.remove("contentSchema"),
            _ => None,
        };
        if let Some(content) = content {
            *data = content;
            self.moves.push((
                down(at, &["schema", "properties", "data"]),
                down(at, &["itemSchema", "properties", "data", "contentSchema"]),
            ));
        }
    }

    /// 3.2's `query` operation and `additionalOperations` (methods such as `COPY` or
    /// `LOCK`) move to the path item's [`OPERATIONS`] extension, keyed by the method as
    /// sent; resolve reads them beside the others. A method name that is not an HTTP token
    /// (RFC 9110), or that has a field of its own, is refused.
    fn more_methods(&mut self, map: &mut Map<String, Value>, at: &[String]) -> Result<()> {
        let mut more = Map::new();
        if let Some(op) = map.remove("query") {
            self.moves
                .push((down(at, &[OPERATIONS, "QUERY"]), down(at, &["query"])));
            more.insert("QUERY".to_owned(), op);
        }
        match map.remove("additionalOperations") {
            None => {}
            Some(Value::Object(additional)) => {
                for (method, op) in additional {
                    let was = down(at, &["additionalOperations", &method]);
                    let token = !method.is_empty()
                        && method
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
                    if !token {
                        return Err(refuse(
                            &was,
                            format!("`{method}` under `additionalOperations` is not an HTTP method name (letters, digits and `!#$%&'*+-.^_`|~` only)"),
                            "name the operation by its method exactly as it is sent (`COPY`, `LOCK`)",
                        ));
                    }
                    if FIXED_METHODS.contains(&method.to_ascii_uppercase().as_str()) {
                        return Err(refuse(
                            &was,
                            format!("`{method}` under `additionalOperations`: this method has a field of its own, which OpenAPI 3.2 requires"),
                            &format!("move the operation to the path item's `{}` field", method.to_ascii_lowercase()),
                        ));
                    }
                    self.moves.push((down(at, &[OPERATIONS, &method]), was));
                    more.insert(method, op);
                }
            }
            Some(_) => {
                return Err(refuse(
                    &down(at, &["additionalOperations"]),
                    "`additionalOperations` that is not a map of method names to operations"
                        .to_owned(),
                    "write `additionalOperations: {COPY: {...}}`",
                ))
            }
        }
        if more.is_empty() {
            return Ok(());
        }
        for op in more.values_mut() {
            if let Value::Object(op) = op {
                op.entry("responses")
                    .or_insert_with(|| Value::Object(Map::new()));
            }
        }
        map.insert(OPERATIONS.to_owned(), Value::Object(more));
        Ok(())
    }

    /// A parameter `in: querystring` (3.2): the whole query string, serialized by its one
    /// `content` media type. `application/x-www-form-urlencoded` of an object is what an
    /// exploded `form` query parameter of that object sends (`name=value` per property), so
    /// it becomes one, marked [`QUERYSTRING`] so that resolve accepts objects only. Other
    /// media types have no query encoding the client could send faithfully: refused.
    fn querystring(&mut self, map: &mut Map<String, Value>, at: &[String]) -> Result<()> {
        const FORM: &str = "application/x-www-form-urlencoded";
        let content = match map.get("content") {
            Some(Value::Object(content)) => content,
            _ => {
                return Err(refuse(
                    at,
                    "a parameter `in: querystring` without `content`: OpenAPI 3.2 serializes the query string by its media type".to_owned(),
                    &format!("give it `content: {{{FORM}: {{schema: ...}}}}` with an object schema"),
                ))
            }
        };
        let media: Vec<&String> = content.keys().collect();
        let schema = match media.as_slice() {
            [one] if one.split(';').next().unwrap_or_default().trim() == FORM => {
                content[one.as_str()].get("schema").cloned()
            }
            _ => None,
        };
        let Some(schema) = schema else {
            let first = media.first().map(|m| m.as_str()).unwrap_or_default();
            return Err(refuse(
                &down(at, &["content", first]),
                format!("a query string (`in: querystring`) sent as `{first}`: only `{FORM}` of an object, one `name=value` pair per property, is supported"),
                &format!("describe the query string as `{FORM}` with an object schema, or its fields as `in: query` parameters"),
            ));
        };
        let media = media[0].clone();
        map.remove("content");
        map.insert("in".to_owned(), "query".into());
        map.insert("style".to_owned(), "form".into());
        map.insert("explode".to_owned(), true.into());
        map.insert("schema".to_owned(), schema);
        map.insert(QUERYSTRING.to_owned(), true.into());
        map.entry("description").or_insert_with(|| {
            "The whole query string: one `name=value` pair per property.".into()
        });
        self.moves.push((
            down(at, &["schema"]),
            down(at, &["content", &media, "schema"]),
        ));
        for key in ["style", "explode"] {
            self.moves.push((down(at, &[key]), down(at, &["in"])));
        }
        Ok(())
    }

    fn schema(&mut self, node: &mut Value, at: &[String]) -> Result<()> {
        if let Value::Bool(b) = node {
            if !*b {
                return Err(refuse(
                    at,
                    "the schema `false` (no value is valid) where a value is expected".to_owned(),
                    "remove the node, or describe the value it holds",
                ));
            }
            *node = Value::Object(Map::new());
            return Ok(());
        }
        let Value::Object(map) = node else {
            return Ok(());
        };
        let property = at.len() >= 2 && at[at.len() - 2] == "properties";
        // A `$ref` with siblings: annotations are dropped, the rest apply beside the reference;
        // a property's `description` is kept too, as the field's doc comment (as a 3.0
        // document writes it: beside `allOf: [{$ref}]`).
        if map.contains_key("$ref") && map.len() > 1 {
            map.retain(|k, v| {
                (property && k == "description" && v.is_string())
                    || (!REF_ANNOTATIONS.contains(&k.as_str())
                        && !IGNORED.contains(&k.as_str())
                        && k != "$defs")
            });
            if map.len() > 1 {
                let reference = map.remove("$ref").unwrap_or_default();
                let inner = object(vec![("$ref", reference)]);
                match map.get_mut("allOf") {
                    Some(Value::Array(list)) => list.insert(0, inner),
                    _ => {
                        map.insert("allOf".to_owned(), Value::Array(vec![inner]));
                    }
                }
                self.moves.push((down(at, &["allOf", "0"]), at.to_vec()));
            }
        }
        if map.contains_key("$ref") {
            return Ok(());
        }
        for (key, what) in REFUSED {
            let given = match map.get(key) {
                None => false,
                Some(Value::Object(m)) => !m.is_empty() || key != "patternProperties",
                Some(_) => true,
            };
            if given {
                return Err(refuse(
                    &down(at, &[key]),
                    format!("`{key}` ({what}, JSON Schema in OpenAPI 3.1): not supported"),
                    "describe the value with the keywords OpenAPI 3.0 has (`type`, `properties`, `items`, `allOf`, `oneOf`, `anyOf`)",
                ));
            }
        }
        self.tuple(map, at)?;
        if let Some(Value::Array(_)) = map.get("items") {
            return Err(refuse(
                &down(at, &["items"]),
                "`items` as a list (a tuple): not supported".to_owned(),
                "describe the array's items with one schema",
            ));
        }
        match map.get("unevaluatedProperties") {
            Some(Value::Object(_)) => {
                return Err(refuse(
                    &down(at, &["unevaluatedProperties"]),
                    "`unevaluatedProperties` with a schema: not supported".to_owned(),
                    "write `additionalProperties` with that schema",
                ))
            }
            _ => {
                map.remove("unevaluatedProperties");
            }
        }
        for key in IGNORED {
            map.remove(key);
        }
        // Its entries moved to `components/schemas` (see `Lowering::defs`).
        map.remove("$defs");
        if let Some(value) = map.remove("const") {
            map.insert("enum".to_owned(), Value::Array(vec![value]));
        }
        if let Some(examples) = map.remove("examples") {
            if let (Value::Array(list), false) = (&examples, map.contains_key("example")) {
                if let Some(first) = list.first() {
                    map.insert("example".to_owned(), first.clone());
                }
            }
        }
        for (key, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(Value::Number(limit)) = map.get(key).cloned() {
                let lower = key == "exclusiveMinimum";
                let stricter = match map.get(bound).and_then(Value::as_f64) {
                    Some(other) => {
                        let l = limit.as_f64().unwrap_or_default();
                        if lower {
                            l >= other
                        } else {
                            l <= other
                        }
                    }
                    None => true,
                };
                if stricter {
                    map.insert(bound.to_owned(), Value::Number(limit));
                    map.insert(key.to_owned(), true.into());
                } else {
                    map.remove(key);
                }
            }
        }
        let encoding = map.remove("contentEncoding");
        let media = map.remove("contentMediaType");
        if !map.contains_key("format") {
            match (encoding.as_ref().and_then(Value::as_str), &media) {
                (Some("base64" | "base64url"), _) => {
                    map.insert("format".to_owned(), "byte".into());
                }
                (None, Some(Value::String(m)))
                    if !m.contains("json") && !m.starts_with("text/") =>
                {
                    map.insert("format".to_owned(), "binary".into());
                }
                _ => {}
            }
        }
        self.moves.extend(type_list(map, at)?);
        self.integer_bounds(map);
        if property {
            branch_description(map);
        }
        variant_docs(map);
        // Children.
        let tuple = map.contains_key(TUPLE);
        for key in ["items", "not", "additionalProperties"] {
            if key == "items" && tuple {
                // Its items were lowered one by one (see `Lowering::tuple`).
                continue;
            }
            if let Some(child) = map.get_mut(key) {
                if !(key == "additionalProperties" && child.is_boolean()) {
                    self.schema(child, &down(at, &[key]))?;
                }
            }
        }
        if let Some(Value::Object(properties)) = map.get_mut("properties") {
            for (name, child) in properties.iter_mut() {
                self.schema(child, &down(at, &["properties", name]))?;
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(list)) = map.get_mut(key) {
                for (i, child) in list.iter_mut().enumerate() {
                    self.schema(child, &down(at, &[key, &i.to_string()]))?;
                }
            }
        }
        self.null_branches(map, at);
        Ok(())
    }

    /// `prefixItems` (a tuple). A closed tuple (`items: false`, `unevaluatedItems: false`
    /// or `maxItems` equal to the number of `prefixItems`) becomes `type: array` whose
    /// `items` is an `anyOf` of the lowered prefix items, marked [`TUPLE`]: resolve reads it
    /// as a Rust tuple. An open tuple, or one whose last items may be missing, has no Rust
    /// tuple that reads every valid value: it is refused, saying what to change.
    fn tuple(&mut self, map: &mut Map<String, Value>, at: &[String]) -> Result<()> {
        let Some(prefix) = map.remove("prefixItems") else {
            return Ok(());
        };
        let here = down(at, &["prefixItems"]);
        let mut items = match prefix {
            Value::Array(items) if (1..=MAX_TUPLE).contains(&items.len()) => items,
            Value::Array(items) => {
                return Err(refuse(
                    &here,
                    format!(
                        "`prefixItems` with {} items (a tuple): tuples of 1 to {MAX_TUPLE} items are supported",
                        items.len()
                    ),
                    "describe the array with one `items` schema",
                ))
            }
            _ => {
                return Err(refuse(
                    &here,
                    "`prefixItems` that is not a list of schemas".to_owned(),
                    "write `prefixItems` as a list of schemas, one per position",
                ))
            }
        };
        let n = items.len() as u64;
        let closed = map.get("items") == Some(&Value::Bool(false))
            || map.get("unevaluatedItems") == Some(&Value::Bool(false))
            || map.get("maxItems").and_then(Value::as_u64) == Some(n);
        if !closed {
            return Err(match map.get("items") {
                Some(Value::Object(_)) => refuse(
                    &down(at, &["items"]),
                    format!("a tuple of {n} items followed by any number of items of another schema (`items` beside `prefixItems`): a Rust tuple holds a fixed number of values"),
                    "write `items: false` if the array holds exactly the `prefixItems`, or describe every item with one `items` schema (an `anyOf` of the item schemas)",
                ),
                _ => refuse(
                    &here,
                    format!("an open tuple: `prefixItems` without `items: false`, so any items may follow the {n} described"),
                    &format!("write `items: false` (or `maxItems: {n}`) if the array holds exactly these {n} items"),
                ),
            });
        }
        if let Some(min) = map.get("minItems").and_then(Value::as_u64) {
            if min < n {
                return Err(refuse(
                    &down(at, &["minItems"]),
                    format!("a tuple whose last items may be missing (`minItems: {min}` of {n} `prefixItems`): a Rust tuple holds every item"),
                    &format!("write `minItems: {n}` if every item is always there, or describe the array with one `items` schema"),
                ));
            }
        }
        for (i, item) in items.iter_mut().enumerate() {
            self.schema(item, &down(&here, &[&i.to_string()]))?;
        }
        for key in ["items", "unevaluatedItems", "minItems", "maxItems"] {
            map.remove(key);
        }
        match map.get("type") {
            Some(Value::Array(_)) => {}
            _ => {
                map.insert("type".to_owned(), "array".into());
            }
        }
        map.insert(
            "items".to_owned(),
            object(vec![("anyOf", Value::Array(items))]),
        );
        map.insert(TUPLE.to_owned(), true.into());
        self.moves.push((down(at, &["items", "anyOf"]), here));
        Ok(())
    }

    /// Bounds of an integer beyond `i64` (an unsigned 64-bit maximum) validate only: they
    /// are dropped, the format says the width.
    fn integer_bounds(&mut self, map: &mut Map<String, Value>) {
        if map.get("type").and_then(Value::as_str) != Some("integer") {
            return;
        }
        for key in ["minimum", "maximum", "multipleOf"] {
            if map.get(key).is_some_and(|v| {
                v.as_i64().is_none() && v.as_f64().is_some_and(|f| f.fract() == 0.0)
            }) {
                map.remove(key);
            }
        }
    }

    /// `anyOf`/`oneOf` with a `{type: 'null'}` branch (already lowered to `{nullable: true}`):
    /// the branch goes, the schema is nullable; one branch left is the schema itself.
    fn null_branches(&mut self, map: &mut Map<String, Value>, at: &[String]) {
        // The list whose alternatives' descriptions [`variant_docs`] kept, by index.
        let described = union_key(map);
        for key in ["anyOf", "oneOf"] {
            let Some(Value::Array(list)) = map.get(key) else {
                continue;
            };
            let is_null = |v: &Value| {
                v.as_object().is_some_and(|o| {
                    o.get("nullable") == Some(&Value::Bool(true))
                        && o.keys().all(|k| {
                            matches!(k.as_str(), "nullable" | "description" | "title" | "example")
                        })
                })
            };
            if !list.iter().any(is_null) {
                continue;
            }
            let kept: Vec<(usize, Value)> = list
                .iter()
                .cloned()
                .enumerate()
                .filter(|(_, v)| !is_null(v))
                .collect();
            map.insert("nullable".to_owned(), true.into());
            if described == Some(key) {
                let indices: Vec<usize> = kept.iter().map(|(i, _)| *i).collect();
                keep_variant_docs(map, &indices);
            }
            match kept.as_slice() {
                [] => {
                    map.remove(key);
                }
                [(i, only)] if only.get("$ref").is_none() || !map.contains_key("allOf") => {
                    map.remove(key);
                    if only.get("$ref").is_some() {
                        map.insert("allOf".to_owned(), Value::Array(vec![only.clone()]));
                        self.moves
                            .push((down(at, &["allOf", "0"]), down(at, &[key, &i.to_string()])));
                    } else if let Value::Object(o) = only {
                        for (k, v) in o {
                            map.entry(k.clone()).or_insert_with(|| v.clone());
                        }
                        self.moves
                            .push((at.to_vec(), down(at, &[key, &i.to_string()])));
                    }
                }
                _ => {
                    for (n, (i, _)) in kept.iter().enumerate() {
                        if n != *i {
                            self.moves.push((
                                down(at, &[key, &n.to_string()]),
                                down(at, &[key, &i.to_string()]),
                            ));
                        }
                    }
                    map.insert(
                        key.to_owned(),
                        Value::Array(kept.into_iter().map(|(_, v)| v).collect()),
                    );
                }
            }
        }
    }
}

fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// Where `$defs` entries are inside a schema (not inside data).
fn collect_defs(schema: &Value, at: &[String], owner: &str, found: &mut Vec<(Tokens, String)>) {
    let Value::Object(map) = schema else {
        return;
    };
    for (key, child) in map {
        if data_key(key) || matches!(key.as_str(), "enum" | "const" | "default") {
            continue;
        }
        let here = down(at, &[key]);
        if key == "$defs" {
            if let Value::Object(defs) = child {
                for (name, def) in defs {
                    let def_at = down(&here, &[name]);
                    collect_defs(def, &def_at, owner, found);
                    found.push((def_at, owner.to_owned()));
                }
            }
            continue;
        }
        match child {
            Value::Object(_) => collect_defs(child, &here, owner, found),
            Value::Array(list) => {
                for (i, c) in list.iter().enumerate() {
                    collect_defs(c, &down(&here, &[&i.to_string()]), owner, found);
                }
            }
            _ => {}
        }
    }
}

fn take(doc: &mut Value, at: &[String]) -> Option<Value> {
    let (last, parent) = at.split_last()?;
    let mut node = doc;
    for t in parent {
        node = match node {
            Value::Object(m) => m.get_mut(t)?,
            Value::Array(a) => a.get_mut(t.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    let map = node.as_object_mut()?;
    map.remove(last)
}

/// Rewrites every `$ref` that starts with a renamed pointer.
fn rename_refs(node: &mut Value, renames: &[(String, String)]) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                let best = renames
                    .iter()
                    .filter(|(old, _)| {
                        r == old
                            || r.strip_prefix(old.as_str())
                                .is_some_and(|s| s.starts_with('/'))
                    })
                    .max_by_key(|(old, _)| old.len());
                if let Some((old, new)) = best {
                    *r = format!("{new}{}", &r[old.len()..]);
                }
            }
            for (k, child) in map.iter_mut() {
                if !data_key(k) {
                    rename_refs(child, renames);
                }
            }
        }
        Value::Array(list) => list.iter_mut().for_each(|c| rename_refs(c, renames)),
        _ => {}
    }
}

/// `type` written as a list (or `type: 'null'`) in the schema `map` at `at`, in OpenAPI
/// 3.0's words: `null` as `nullable: true`, one other type as `type`, several as `anyOf`
/// with a branch per type, each taking the keywords that apply to its type (and `format`
/// where it fits). The moves made: each branch from `type`.
///
/// # Errors
/// An entry that is not a type's name, or several types beside `enum` or `anyOf`.
pub(crate) fn type_list(
    map: &mut Map<String, Value>,
    at: &[String],
) -> Result<Vec<(Tokens, Tokens)>> {
    let types: Vec<String> =
        match map.get("type") {
            Some(Value::Array(list)) => {
                let mut types = Vec::with_capacity(list.len());
                for (i, t) in list.iter().enumerate() {
                    match t.as_str() {
                        Some(t) => types.push(t.to_owned()),
                        None => return Err(refuse(
                            &down(at, &["type", &i.to_string()]),
                            format!("`{t}` in a list of types: each is a type's name"),
                            "write the type's name as a string (`string`, `integer`, `null`, ...)",
                        )),
                    }
                }
                types
            }
            Some(Value::String(t)) if t == "null" => vec![t.clone()],
            _ => return Ok(Vec::new()),
        };
    let real: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
    if real.len() < types.len() {
        map.insert("nullable".to_owned(), true.into());
    }
    match real.as_slice() {
        [] => {
            // Only `null`: no type of its own, and nullable.
            map.remove("type");
        }
        [one] => {
            map.insert("type".to_owned(), (*one).clone().into());
        }
        several => {
            if map.contains_key("enum") || map.contains_key("anyOf") {
                let keyword = if map.contains_key("enum") {
                    "enum"
                } else {
                    "anyOf"
                };
                return Err(refuse(
                    &down(at, &["type"]),
                    format!("several types in `type` together with `{keyword}`: not supported"),
                    "describe each type as one branch of `anyOf`",
                ));
            }
            map.remove("type");
            let mut branches = Vec::new();
            for t in several {
                let keys: &[&str] = match t.as_str() {
                    "object" => &[
                        "properties",
                        "required",
                        "additionalProperties",
                        "minProperties",
                        "maxProperties",
                    ],
                    "array" => &["items", "minItems", "maxItems", "uniqueItems", TUPLE],
                    "string" => &["minLength", "maxLength", "pattern"],
                    "integer" | "number" => &[
                        "minimum",
                        "maximum",
                        "exclusiveMinimum",
                        "exclusiveMaximum",
                        "multipleOf",
                    ],
                    _ => &[],
                };
                let mut branch = Map::new();
                branch.insert("type".to_owned(), (*t).clone().into());
                for k in keys {
                    if let Some(v) = map.get(*k) {
                        branch.insert((*k).to_owned(), v.clone());
                    }
                }
                let numeric = matches!(t.as_str(), "integer" | "number");
                if let Some(Value::String(f)) = map.get("format") {
                    let numeric_format =
                        matches!(f.as_str(), "int32" | "int64" | "float" | "double");
                    if numeric == numeric_format {
                        branch.insert("format".to_owned(), f.clone().into());
                    }
                }
                branches.push(Value::Object(branch));
            }
            for k in [
                "properties",
                "required",
                "additionalProperties",
                "minProperties",
                "maxProperties",
                "items",
                "minItems",
                "maxItems",
                "uniqueItems",
                TUPLE,
                "minLength",
                "maxLength",
                "pattern",
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
                "multipleOf",
                "format",
            ] {
                map.remove(k);
            }
            let moves = (0..branches.len())
                .map(|i| (down(at, &["anyOf", &i.to_string()]), down(at, &["type"])))
                .collect();
            map.insert("anyOf".to_owned(), Value::Array(branches));
            return Ok(moves);
        }
    }
    Ok(Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lowered(mut doc: Value) -> (Value, Vec<(Tokens, Tokens)>) {
        let moves = lower(&mut doc, Version::V31).unwrap();
        (doc, moves)
    }

    fn schema_doc(schema: Value) -> Value {
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
               "components": {"schemas": {"S": schema}}})
    }

    fn lowered_schema(schema: Value) -> Value {
        lowered(schema_doc(schema)).0["components"]["schemas"]["S"].clone()
    }

    fn refused(schema: Value) -> crate::error::Located {
        let mut doc = schema_doc(schema);
        lower(&mut doc, Version::V31).unwrap_err()
    }

    #[test]
    fn type_lists_with_null_become_nullable() {
        assert_eq!(
            lowered_schema(json!({"type": ["string", "null"], "format": "date-time"})),
            json!({"type": "string", "format": "date-time", "nullable": true})
        );
        assert_eq!(
            lowered_schema(json!({"type": ["null", "integer"]})),
            json!({"type": "integer", "nullable": true})
        );
        assert_eq!(
            lowered_schema(json!({"type": "null"})),
            json!({"nullable": true})
        );
    }

    #[test]
    fn several_real_types_become_any_of() {
        assert_eq!(
            lowered_schema(
                json!({"type": ["string", "integer", "null"], "format": "int64", "maxLength": 3, "description": "d"})
            ),
            json!({"nullable": true, "description": "d", "anyOf": [
                {"type": "string", "maxLength": 3},
                {"type": "integer", "format": "int64"}
            ]})
        );
        let e = refused(json!({"type": ["string", "integer"], "enum": ["a", 1]}));
        assert_eq!(e.pointer, "/components/schemas/S/type");
    }

    #[test]
    fn const_examples_and_exclusive_bounds() {
        assert_eq!(
            lowered_schema(json!({"const": "terms", "examples": ["terms", "x"]})),
            json!({"enum": ["terms"], "example": "terms"})
        );
        assert_eq!(
            lowered_schema(
                json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10, "maximum": 20})
            ),
            json!({"type": "number", "exclusiveMinimum": true, "exclusiveMaximum": true, "minimum": 0, "maximum": 10})
        );
        assert_eq!(
            lowered_schema(
                json!({"type": "integer", "format": "int64", "minimum": 0, "maximum": 18446744073709551615u64})
            ),
            json!({"type": "integer", "format": "int64", "minimum": 0})
        );
    }

    #[test]
    fn content_encoding_and_media_type_say_bytes() {
        assert_eq!(
            lowered_schema(json!({"type": "string", "contentEncoding": "base64"})),
            json!({"type": "string", "format": "byte"})
        );
        assert_eq!(
            lowered_schema(json!({"type": "string", "contentMediaType": "image/png"})),
            json!({"type": "string", "format": "binary"})
        );
    }

    #[test]
    fn ref_siblings_annotations_go_the_rest_wraps() {
        assert_eq!(
            lowered_schema(
                json!({"$ref": "#/components/schemas/T", "description": "d", "$comment": "c"})
            ),
            json!({"$ref": "#/components/schemas/T"})
        );
        // A `$ref` beside `$defs` (moved away) is a plain reference.
        let (doc, _) = lowered(schema_doc(json!({"$ref": "#/components/schemas/S/$defs/T",
            "$defs": {"T": {"type": "string", "enum": ["a"]}}})));
        assert_eq!(
            doc["components"]["schemas"]["S"],
            json!({"$ref": "#/components/schemas/T"})
        );
        // A property that is a reference or null takes the reference's description, unless
        // it has its own; a union of two references keeps none.
        let (doc, _) = lowered(schema_doc(json!({"type": "object", "properties": {
            "a": {"anyOf": [{"$ref": "#/components/schemas/T", "description": "d"}, {"type": "null"}]},
            "b": {"description": "own", "oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/T", "description": "d"}]},
            "c": {"oneOf": [{"$ref": "#/components/schemas/T", "description": "d"}, {"$ref": "#/components/schemas/U"}]}}})));
        let properties = &doc["components"]["schemas"]["S"]["properties"];
        assert_eq!(properties["a"]["description"], json!("d"));
        assert_eq!(properties["b"]["description"], json!("own"));
        assert_eq!(properties["c"].get("description"), None);
        // An alternative's description beside its reference: kept in the union, by index, from
        // the list resolve reads (`oneOf` unless empty).
        let mut union = json!({
            "oneOf": [{"$ref": "#/components/schemas/T", "description": "t"}, {"type": "string", "description": "s"},
                      {"$ref": "#/components/schemas/U"}, {"$ref": "#/components/schemas/V", "description": "v"}],
            "anyOf": [{"$ref": "#/components/schemas/W", "description": "w"}]});
        variant_docs(union.as_object_mut().unwrap());
        assert_eq!(union[VARIANT_DOCS], json!({"0": "t", "3": "v"}));
        let mut union =
            json!({"oneOf": [], "anyOf": [{"$ref": "#/components/schemas/W", "description": "w"}]});
        variant_docs(union.as_object_mut().unwrap());
        assert_eq!(union[VARIANT_DOCS], json!({"0": "w"}));
        let mut union = json!({"anyOf": [{"$ref": "#/components/schemas/W"}]});
        variant_docs(union.as_object_mut().unwrap());
        assert_eq!(union.get(VARIANT_DOCS), None);
        let mut union = json!({"oneOf": [{"$ref": "#/components/schemas/T", "description": ""},
                                         {"$ref": "#/components/schemas/U", "description": " \n "}]});
        variant_docs(union.as_object_mut().unwrap());
        assert_eq!(union.get(VARIANT_DOCS), None);
        // A property's description is its field's doc: kept, beside the reference.
        let (doc, _) = lowered(schema_doc(json!({"type": "object", "properties": {
            "p": {"$ref": "#/components/schemas/T", "description": "d", "title": "t"},
            "properties": {"$ref": "#/components/schemas/T", "description": "d"}}})));
        assert_eq!(
            doc["components"]["schemas"]["S"]["properties"],
            json!({"p": {"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]},
                "properties": {"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]}})
        );
        let (doc, moves) = lowered(schema_doc(
            json!({"$ref": "#/components/schemas/T", "readOnly": true, "description": "d"}),
        ));
        assert_eq!(
            doc["components"]["schemas"]["S"],
            json!({"readOnly": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        assert!(moves.contains(&(
            crate::moves::at(&["components", "schemas", "S", "allOf", "0"]),
            crate::moves::at(&["components", "schemas", "S"])
        )));
    }

    /// A union's alternatives' descriptions follow them when its `null` branches are taken
    /// out, and go with the union when one alternative is left.
    #[test]
    fn variant_docs_follow_their_alternatives_past_null_branches() {
        let t = |d: &str| json!({"$ref": format!("#/components/schemas/{d}"), "description": d});
        let union = lowered_schema(
            json!({"oneOf": [{"type": "null"}, t("A"), {"type": "string"}, t("B")]}),
        );
        assert_eq!(union["oneOf"].as_array().map(Vec::len), Some(3));
        assert_eq!(union[VARIANT_DOCS], json!({"0": "A", "2": "B"}));
        let union = lowered_schema(json!({"anyOf": [t("A"), {"type": "null"}]}));
        assert_eq!(union.get(VARIANT_DOCS), None);
        assert_eq!(union.get("anyOf"), None);
    }

    #[test]
    fn null_branches_make_nullable() {
        assert_eq!(
            lowered_schema(
                json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}], "description": "d"})
            ),
            json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        assert_eq!(
            lowered_schema(json!({"anyOf": [{"type": "string"}, {"type": "null"}]})),
            json!({"nullable": true, "type": "string"})
        );
        assert_eq!(
            lowered_schema(
                json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]})
            ),
            json!({"nullable": true, "oneOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn defs_move_to_components_and_refs_follow() {
        let (doc, moves) = lowered(schema_doc(json!({
            "type": "object",
            "properties": {"tag": {"$ref": "#/components/schemas/S/$defs/Tag"}},
            "$defs": {"Tag": {"type": "object", "properties": {"n": {"type": "string"}}}}
        })));
        assert_eq!(
            doc["components"]["schemas"]["S"]["properties"]["tag"],
            json!({"$ref": "#/components/schemas/Tag"})
        );
        assert_eq!(doc["components"]["schemas"]["Tag"]["type"], "object");
        assert!(doc["components"]["schemas"]["S"].get("$defs").is_none());
        assert!(moves.contains(&(
            crate::moves::at(&["components", "schemas", "Tag"]),
            crate::moves::at(&["components", "schemas", "S", "$defs", "Tag"])
        )));
    }

    #[test]
    fn path_items_from_components_are_inlined() {
        let (doc, moves) = lowered(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"$ref": "#/components/pathItems/A"}},
            "components": {"pathItems": {"A": {"get": {"responses": {"204": {"description": "d"}}}}}},
            "webhooks": {"w": {}}
        }));
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["204"]["description"],
            "d"
        );
        assert!(doc.get("webhooks").is_none());
        assert!(doc["components"].get("pathItems").is_none());
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(
            moves,
            vec![(
                crate::moves::at(&["paths", "/a"]),
                crate::moves::at(&["components", "pathItems", "A"])
            )]
        );
    }

    #[test]
    fn what_changes_the_wire_without_a_3_0_form_is_refused_by_name() {
        let e = refused(json!({"type": "array", "prefixItems": [{"type": "string"}]}));
        assert_eq!(e.pointer, "/components/schemas/S/prefixItems");
        assert!(e.message.contains("`prefixItems`"), "{}", e.message);
        let e = refused(json!({"type": "object", "properties": {"a": {"if": {}}}}));
        assert_eq!(e.pointer, "/components/schemas/S/properties/a/if");
        let e = refused(json!({"$dynamicRef": "#node"}));
        assert!(e.message.contains("$dynamicRef"));
    }

    #[test]
    fn what_3_2_adds_to_operations_is_moved_or_refused_by_name() {
        let doc = |paths: Value| json!({"openapi": "3.2.0", "info": {"title": "t", "version": "1"}, "paths": paths});
        let fail = |d: Value| lower(&mut d.clone(), Version::V32).unwrap_err().pointer;
        let mut d = doc(json!({"/a": {"query": {}, "additionalOperations": {"COPY": {}}}}));
        let moves = lower(&mut d, Version::V32).unwrap();
        assert_eq!(
            d["paths"]["/a"],
            json!({OPERATIONS: {"QUERY": {"responses": {}}, "COPY": {"responses": {}}}})
        );
        assert!(moves.contains(&(
            crate::moves::at(&["paths", "/a", OPERATIONS, "COPY"]),
            crate::moves::at(&["paths", "/a", "additionalOperations", "COPY"])
        )));
        assert_eq!(
            fail(doc(json!({"/a": {"additionalOperations": {"GET": {}}}}))),
            "/paths/~1a/additionalOperations/GET"
        );
        let mut d = doc(
            json!({"/a": {"get": {"parameters": [{"name": "q", "in": "querystring",
            "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}}]}}}),
        );
        lower(&mut d, Version::V32).unwrap();
        let p = &d["paths"]["/a"]["get"]["parameters"][0];
        assert_eq!(
            (
                &p["in"],
                &p["style"],
                &p["explode"],
                &p["schema"],
                &p[QUERYSTRING]
            ),
            (
                &json!("query"),
                &json!("form"),
                &json!(true),
                &json!({"type": "object"}),
                &json!(true)
            )
        );
        assert_eq!(
            fail(doc(
                json!({"/a": {"get": {"parameters": [{"name": "q", "in": "querystring"}]}}})
            )),
            "/paths/~1a/get/parameters/0"
        );
        // `itemSchema` streams a response's sequential media type; anywhere else it is
        // refused where it is written.
        let mut streams = doc(
            json!({"/a": {"get": {"responses": {"200": {"description": "d",
            "content": {"text/event-stream": {"schema": {"type": "string"},
                "itemSchema": {"type": "object", "properties": {"data": {"type": ["string", "null"]}}}}}}}}}}),
        );
        lower(&mut streams, Version::V32).unwrap();
        assert_eq!(
            streams["paths"]["/a"]["get"]["responses"]["200"]["content"]["text/event-stream"],
            json!({"schema": {"type": "object", "properties": {"data": {"type": "string", "nullable": true}}},
                STREAM: "sse"})
        );
        // A response under `components` streams too.
        let mut component = doc(json!({}));
        component["components"] = json!({"responses": {"Logs": {"description": "d",
            "content": {"application/jsonl": {"itemSchema": {"type": "integer"}}}}}});
        lower(&mut component, Version::V32).unwrap();
        assert_eq!(
            component["components"]["responses"]["Logs"]["content"]["application/jsonl"],
            json!({"schema": {"type": "integer"}, STREAM: "jsonl"})
        );
        // An event's `data` of JSON text (`contentMediaType`, `contentSchema`) is the
        // `contentSchema`.
        let mut json_data = doc(
            json!({"/a": {"get": {"responses": {"200": {"description": "d",
            "content": {"text/event-stream": {"itemSchema": {"type": "object", "properties": {
                "data": {"type": "string", "contentMediaType": "application/json",
                    "contentSchema": {"type": "object", "properties": {"n": {"type": "integer"}}}},
                "id": {"type": "string", "contentMediaType": "application/json",
                    "contentSchema": {"type": "integer"}}}}}}}}}}}),
        );
        let moves = lower(&mut json_data, Version::V32).unwrap();
        assert_eq!(
            json_data["paths"]["/a"]["get"]["responses"]["200"]["content"]["text/event-stream"]
                ["schema"]["properties"],
            json!({"data": {"type": "object", "properties": {"n": {"type": "integer"}}},
                "id": {"type": "string"}})
        );
        assert!(moves.contains(&(
            crate::moves::at(&[
                "paths",
                "/a",
                "get",
                "responses",
                "200",
                "content",
                "text/event-stream",
                "schema",
                "properties",
                "data"
            ]),
            crate::moves::at(&[
                "paths",
                "/a",
                "get",
                "responses",
                "200",
                "content",
                "text/event-stream",
                "itemSchema",
                "properties",
                "data",
                "contentSchema"
            ])
        )));
        assert_eq!(
            fail(doc(
                json!({"/a": {"get": {"responses": {"200": {"description": "d",
                "content": {"multipart/mixed": {"itemSchema": {"type": "string"}}}}}}}})
            )),
            "/paths/~1a/get/responses/200/content/multipart~1mixed/itemSchema"
        );
        assert_eq!(
            fail(doc(json!({"/a": {"post": {"requestBody": {
                "content": {"application/jsonl": {"itemSchema": {"type": "string"}}}}}}}))),
            "/paths/~1a/post/requestBody/content/application~1jsonl/itemSchema"
        );
        assert_eq!(
            fail(doc(
                json!({"/a": {"get": {"responses": {"200": {"description": "d",
                "content": {"application/jsonl": {"itemEncoding": {}}}}}}}})
            )),
            "/paths/~1a/get/responses/200/content/application~1jsonl/itemEncoding"
        );
        let mut ok = doc(json!({"/a": {"get": {"responses": {"204": {}}}}}));
        lower(&mut ok, Version::V32).unwrap();
        assert_eq!(
            ok["paths"]["/a"]["get"]["responses"]["204"]["description"],
            ""
        );
    }
}
