//! Documents as their authors meant them, before they are read as OpenAPI 3.0.
//!
//! Three parts, all on the document's tree (after [`crate::lower`] made it 3.0):
//! - this module walks the document: leftovers of Swagger 2.0 whose intent is certain (and
//!   other defects) are repaired, each one recorded as a [`Repair`] that the caller shows
//!   as a warning (or refuses, with `--strict`); in a Swagger 2.0 document being converted
//!   the same rewrites are plain conversion, with no repair. Anything ambiguous is left for
//!   the reader to refuse with a located error.
//! - [`refs`] places the `$ref`s: Swagger locations, entries of another section whose shape
//!   fits, and pointers to a node inside another (`#/components/schemas/Pet/properties/tags`),
//!   whose node is moved under `components`, named after where it lives.
//! - [`fast`] tells, cheaply, that a 3.0 document needs none of this (the fast path).

use crate::error::{ErrorKind, Located, Pointer, Result};
use crate::ir::Repair;
use crate::lower::down;
use serde_json::{Map, Value};

mod fast;
mod refs;

pub(crate) use fast::untouched;

/// What a position in the document holds, and so where a `$ref` there must point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Schema,
    Parameter,
    RequestBody,
    Response,
    Header,
}

impl Kind {
    /// The kind in words, for messages.
    fn what(self) -> &'static str {
        match self {
            Kind::Schema => "schema",
            Kind::Parameter => "parameter",
            Kind::RequestBody => "request body",
            Kind::Response => "response",
            Kind::Header => "header",
        }
    }

    fn section(self) -> &'static str {
        match self {
            Kind::Schema => "schemas",
            Kind::Parameter => "parameters",
            Kind::RequestBody => "requestBodies",
            Kind::Response => "responses",
            Kind::Header => "headers",
        }
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The keywords of a Swagger 2.0 parameter or header that belong in its `schema`.
const SCHEMA_KEYWORDS: [&str; 16] = [
    "type",
    "format",
    "items",
    "enum",
    "default",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
];

/// A `$ref` found at a position of a known kind.
struct Site {
    at: Vec<String>,
    kind: Kind,
    reference: String,
}

#[derive(Default)]
struct Walk {
    repairs: Vec<Repair>,
    sites: Vec<Site>,
    /// The document's top-level `produces` (Swagger 2.0): the media types of bodies.
    produces: Vec<String>,
    consumes: Vec<String>,
    /// A Swagger 2.0 document being converted: what 2.0 allows is no defect, so it is
    /// done without a [`Repair`].
    converting: bool,
    /// Nodes moved, as `(now, was)` pointer prefixes (see [`crate::moves`]).
    moves: Vec<(Vec<String>, Vec<String>)>,
    /// The first construct found that cannot be converted.
    refused: Option<Located>,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The OpenAPI 3.0 `style` and `explode` that write a Swagger 2.0 `collectionFormat` on a
/// parameter `in: place` (a form's, `formData`, as the query's); `None` for a format the
/// place cannot take (`tsv`; `multi`, `ssv`, `pipes` outside the query and forms).
fn collection_style(format: &str, place: &str) -> Option<(&'static str, bool)> {
    match (format, place) {
        ("csv", "query" | "cookie" | "formData") => Some(("form", false)),
        ("csv", _) => Some(("simple", false)),
        ("multi", "query" | "formData") => Some(("form", true)),
        ("ssv", "query" | "formData") => Some(("spaceDelimited", false)),
        ("pipes", "query" | "formData") => Some(("pipeDelimited", false)),
        _ => None,
    }
}

impl Walk {
    /// A parameter's `collectionFormat`, or, for an `array` in a Swagger 2.0 document, 2.0's
    /// default, `csv` (its Parameter Object); a 3.0 document's array without one keeps
    /// 3.0's default style.
    fn collection_format_of<'v>(
        &self,
        parameter: &'v Map<String, Value>,
        array: bool,
    ) -> Option<&'v str> {
        match parameter.get("collectionFormat").and_then(Value::as_str) {
            Some(format) => Some(format),
            None if self.converting && array => Some("csv"),
            None => None,
        }
    }

    /// A Swagger 2.0 construct rewritten: a repair in a 3.0 document, a plain conversion
    /// in a 2.0 one.
    fn convert(&mut self, at: &[String], found: String, assumed: String, fix: String) {
        if !self.converting {
            self.repair(at, found, assumed, fix);
        }
    }

    fn repair(&mut self, at: &[String], found: String, assumed: String, fix: String) {
        self.repairs.push(Repair {
            pointer: Pointer::root().push_all(at).as_str().to_owned(),
            found,
            assumed,
            fix,
        });
    }

    /// Records the node's `$ref`, if it is one: the node is then left as it is.
    fn site(&mut self, node: &Value, at: &[String], kind: Kind) -> bool {
        match node.get("$ref") {
            Some(Value::String(reference)) => {
                self.sites.push(Site {
                    at: at.to_vec(),
                    kind,
                    reference: reference.clone(),
                });
                true
            }
            _ => false,
        }
    }

    fn document(&mut self, doc: &mut Value) -> Result<()> {
        self.produces = strings(doc.get("produces"));
        self.consumes = strings(doc.get("consumes"));
        if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
            for (path, item) in paths.iter_mut() {
                self.path_item(item, &["paths".to_owned(), path.clone()])?;
            }
        }
        if let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) {
            for kind in [
                Kind::Schema,
                Kind::Parameter,
                Kind::RequestBody,
                Kind::Response,
                Kind::Header,
            ] {
                let section = kind.section();
                let Some(map) = components.get_mut(section).and_then(Value::as_object_mut) else {
                    continue;
                };
                for (name, node) in map.iter_mut() {
                    let at = vec!["components".to_owned(), section.to_owned(), name.clone()];
                    match kind {
                        Kind::Schema => self.schema(node, &at),
                        Kind::Parameter => self.parameter(node, &at),
                        Kind::RequestBody => self.request_body(node, &at),
                        Kind::Response => self.response(node, &at, &self.produces.clone()),
                        Kind::Header => self.header(node, &at),
                    }
                }
            }
        }
        match self.refused.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn path_item(&mut self, item: &mut Value, at: &[String]) -> Result<()> {
        let Some(item) = item.as_object_mut() else {
            return Ok(());
        };
        if let Some(Value::Array(params)) = item.get_mut("parameters") {
            for (i, p) in params.iter_mut().enumerate() {
                self.parameter(p, &down(at, &["parameters", &i.to_string()]));
            }
        }
        for method in METHODS {
            if let Some(op) = item.get_mut(method) {
                self.operation(op, &down(at, &[method]))?;
            }
        }
        Ok(())
    }

    fn operation(&mut self, op: &mut Value, at: &[String]) -> Result<()> {
        let Some(op) = op.as_object_mut() else {
            return Ok(());
        };
        let mut produces = strings(op.get("produces"));
        if produces.is_empty() {
            produces = self.produces.clone();
        }
        let mut consumes = strings(op.get("consumes"));
        if consumes.is_empty() {
            consumes = self.consumes.clone();
        }
        if let Some(Value::Array(params)) = op.get_mut("parameters") {
            for (i, p) in params.iter_mut().enumerate() {
                self.parameter(p, &down(at, &["parameters", &i.to_string()]));
            }
        }
        self.body_parameters(op, at, &consumes)?;
        if let Some(body) = op.get_mut("requestBody") {
            self.request_body(body, &down(at, &["requestBody"]));
        }
        if let Some(Value::Object(responses)) = op.get_mut("responses") {
            for (status, r) in responses.iter_mut() {
                self.response(r, &down(at, &["responses", status]), &produces);
            }
        }
        Ok(())
    }

    /// `in: body` and `in: formData` parameters (Swagger 2.0) become the request body, when
    /// the operation has none and they say one thing.
    fn body_parameters(
        &mut self,
        op: &mut Map<String, Value>,
        at: &[String],
        consumes: &[String],
    ) -> Result<()> {
        let Some(Value::Array(params)) = op.get("parameters") else {
            return Ok(());
        };
        let place = |p: &Value| p.get("in").and_then(Value::as_str).map(str::to_owned);
        let body: Vec<usize> = (0..params.len())
            .filter(|&i| place(&params[i]).as_deref() == Some("body"))
            .collect();
        let form: Vec<usize> = (0..params.len())
            .filter(|&i| place(&params[i]).as_deref() == Some("formData"))
            .collect();
        if body.is_empty() && form.is_empty() {
            return Ok(());
        }
        let first = body.first().or(form.first()).copied().unwrap_or_default();
        let first_at = down(at, &["parameters", &first.to_string()]);
        // A Swagger 2.0 document has no `requestBody` to write instead.
        let help = if self.converting {
            "keep one `in: body` parameter, or the `in: formData` ones, as Swagger 2.0 allows"
        } else {
            "describe the body once, as the operation's `requestBody`"
        };
        let refuse = |at: &[String], message: &str| {
            Err(Located::new(
                ErrorKind::Invalid,
                &Pointer::root().push_all(at),
                message,
                help,
            ))
        };
        if op.contains_key("requestBody") {
            return refuse(&first_at, "an `in: body` or `in: formData` parameter (Swagger 2.0) next to a `requestBody`: which one is the body is not certain");
        }
        if let [_, second, ..] = body[..] {
            return refuse(
                &down(at, &["parameters", &second.to_string()]),
                "a second `in: body` parameter: an operation has one body, and which one it is is not certain",
            );
        }
        if let (Some(&b), false) = (body.first(), form.is_empty()) {
            return refuse(
                &down(at, &["parameters", &b.to_string()]),
                "an `in: body` parameter beside `in: formData` ones: an operation's body is one or the other, and which one it is is not certain",
            );
        }
        let Some(Value::Array(params)) = op.get_mut("parameters") else {
            return Ok(());
        };
        let taken: Vec<Value> = {
            let chosen: Vec<usize> = body.iter().chain(&form).copied().collect();
            let mut kept = Vec::new();
            let mut taken = Vec::new();
            for (i, p) in std::mem::take(params).into_iter().enumerate() {
                if chosen.contains(&i) {
                    taken.push(p);
                } else {
                    if kept.len() != i {
                        self.moves.push((
                            down(at, &["parameters", &kept.len().to_string()]),
                            down(at, &["parameters", &i.to_string()]),
                        ));
                    }
                    kept.push(p);
                }
            }
            *params = kept;
            taken
        };
        if params.is_empty() {
            op.remove("parameters");
        }
        let mut request = Map::new();
        if let [param] = taken.as_slice() {
            if let Some(d) = param.get("description") {
                request.insert("description".to_owned(), d.clone());
            }
        }
        let required = taken
            .iter()
            .any(|p| p.get("required").and_then(Value::as_bool) == Some(true));
        let (media_types, schema, what) = if body.is_empty() {
            let mut properties = Map::new();
            let mut names = Vec::new();
            let mut binary = false;
            for p in &taken {
                let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
                let mut schema = p.get("schema").cloned().unwrap_or_else(|| {
                    Value::Object(
                        SCHEMA_KEYWORDS
                            .iter()
                            .filter_map(|k| p.get(*k).map(|v| ((*k).to_owned(), v.clone())))
                            .collect(),
                    )
                });
                if schema.get("format").and_then(Value::as_str) == Some("binary")
                    || schema.get("type").and_then(Value::as_str) == Some("file")
                {
                    binary = true;
                }
                if let (Some(d), Some(s)) = (p.get("description"), schema.as_object_mut()) {
                    s.entry("description").or_insert_with(|| d.clone());
                }
                if p.get("required").and_then(Value::as_bool) == Some(true) {
                    names.push(Value::String(name.to_owned()));
                }
                properties.insert(name.to_owned(), schema);
            }
            let mut schema = Map::new();
            schema.insert("type".to_owned(), "object".into());
            schema.insert("properties".to_owned(), Value::Object(properties));
            if !names.is_empty() {
                schema.insert("required".to_owned(), Value::Array(names));
            }
            let multipart = binary || consumes.iter().any(|c| c.starts_with("multipart/"));
            let media = if multipart {
                "multipart/form-data"
            } else {
                "application/x-www-form-urlencoded"
            };
            (
                vec![media.to_owned()],
                Value::Object(schema),
                format!("an object of the `in: formData` parameters, sent as {media}"),
            )
        } else {
            let media = or_json(consumes);
            let what = format!("its schema, sent as {}", media.join(" or "));
            (
                media,
                taken[0].get("schema").cloned().unwrap_or(Value::Null),
                what,
            )
        };
        let mut content = content_of(&media_types, &schema);
        // A form's arrays are written as their `collectionFormat` says: the media type's
        // `encoding` (a multipart body is built by the caller).
        if body.is_empty() && media_types[0] == "application/x-www-form-urlencoded" {
            let mut encoding = Map::new();
            for (&i, p) in form.iter().zip(&taken) {
                let Some(p) = p.as_object() else {
                    continue;
                };
                let array = p.get("type").and_then(Value::as_str) == Some("array");
                let Some(format) = self.collection_format_of(p, array) else {
                    continue;
                };
                let Some((style, explode)) = collection_style(format, "formData") else {
                    return Err(Located::new(
                            ErrorKind::Unsupported,
                            &Pointer::root().push_all(&down(
                                at,
                                &["parameters", &i.to_string(), "collectionFormat"],
                            )),
                            format!("`collectionFormat: {format}` on an `in: formData` parameter: a form has no style for it, so the client cannot send it"),
                            "describe the array with `csv`, `ssv`, `pipes` or `multi`",
                        ));
                };
                let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
                encoding.insert(
                    name.to_owned(),
                    serde_json::json!({"style": style, "explode": explode}),
                );
            }
            if let (false, Some(media)) = (
                encoding.is_empty(),
                content
                    .get_mut(&media_types[0])
                    .and_then(Value::as_object_mut),
            ) {
                media.insert("encoding".to_owned(), Value::Object(encoding));
            }
        }
        request.insert("content".to_owned(), content);
        self.moves
            .push((down(at, &["requestBody"]), first_at.clone()));
        for media in &media_types {
            let schema_at = down(at, &["requestBody", "content", media, "schema"]);
            if body.is_empty() {
                for (&i, p) in form.iter().zip(&taken) {
                    let name = p.get("name").and_then(Value::as_str).unwrap_or_default();
                    self.moves.push((
                        down(&schema_at, &["properties", name]),
                        down(at, &["parameters", &i.to_string()]),
                    ));
                }
            } else {
                self.moves.push((
                    schema_at,
                    down(at, &["parameters", &first.to_string(), "schema"]),
                ));
            }
        }
        if required {
            request.insert("required".to_owned(), Value::Bool(true));
        }
        op.insert("requestBody".to_owned(), Value::Object(request));
        self.convert(
            &first_at,
            if body.is_empty() {
                "`in: formData` parameters (Swagger 2.0)".to_owned()
            } else {
                "an `in: body` parameter (Swagger 2.0)".to_owned()
            },
            format!("the request body is {what}"),
            "describe the body as the operation's `requestBody`".to_owned(),
        );
        Ok(())
    }

    fn parameter(&mut self, node: &mut Value, at: &[String]) {
        if self.site(node, at, Kind::Parameter) {
            return;
        }
        let place = node
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        if place == "path" && node.get("required") != Some(&Value::Bool(true)) {
            if let Some(p) = node.as_object_mut() {
                p.insert("required".to_owned(), Value::Bool(true));
            }
            self.repair(
                &down(at, &["required"]),
                "a path parameter that is not `required: true`".to_owned(),
                "it is required, as every path parameter is".to_owned(),
                "set `required: true`".to_owned(),
            );
        }
        if place != "body" && place != "formData" {
            self.schema_keywords(node, at, "parameter");
            self.collection_format(node, at, &place);
        }
        if let Some(schema) = node.get_mut("schema") {
            self.schema(schema, &down(at, &["schema"]));
        }
        self.content(node, at);
    }

    fn header(&mut self, node: &mut Value, at: &[String]) {
        if self.site(node, at, Kind::Header) {
            return;
        }
        self.header_collection_format(node, at);
        self.schema_keywords(node, at, "header");
        if let Some(schema) = node.get_mut("schema") {
            self.schema(schema, &down(at, &["schema"]));
        }
        self.content(node, at);
    }

    /// A Swagger 2.0 parameter or header describes its value on itself: the keywords move
    /// into `schema`.
    fn schema_keywords(&mut self, node: &mut Value, at: &[String], what: &str) {
        let Some(object) = node.as_object_mut() else {
            return;
        };
        if self.converting && object.contains_key("schema") && !object.contains_key("type") {
            // Swagger 2.0 gives `schema` to `in: body` parameters only; OpenAPI 3.0's reading
            // (it describes the value) is what its author meant.
            self.repair(
                &down(at, &["schema"]),
                format!("a {what} with `schema`, which Swagger 2.0 gives only to `in: body` parameters"),
                "it describes the value, as OpenAPI 3.0 reads it".to_owned(),
                format!("write the schema's keywords (`type`, `items`, `format`, ...) on the {what} itself"),
            );
        }
        if object.contains_key("schema")
            || object.contains_key("content")
            || !object.contains_key("type")
        {
            return;
        }
        let mut schema = Map::new();
        for key in SCHEMA_KEYWORDS {
            if let Some(v) = object.remove(key) {
                schema.insert(key.to_owned(), v);
            }
        }
        self.moves.push((down(at, &["schema"]), at.to_vec()));
        let moved: Vec<&str> = schema.keys().map(String::as_str).collect();
        let moved = moved.join("`, `");
        object.insert("schema".to_owned(), Value::Object(schema));
        self.convert(
            at,
            format!("a {what} with `{moved}` on itself (Swagger 2.0)"),
            "they describe its value: they are read as its `schema`".to_owned(),
            "move them under `schema`".to_owned(),
        );
    }

    /// A header's `collectionFormat` (Swagger 2.0, on response headers): `csv` is 3.0's
    /// `simple` style; `ssv`, `pipes` and `tsv` are kept as the [`DELIMITER`] extension,
    /// which the client reads the items by; `multi`, which 2.0 does not allow on headers,
    /// is read as `csv`, with a warning.
    fn header_collection_format(&mut self, node: &mut Value, at: &[String]) {
        let Some(object) = node.as_object_mut() else {
            return;
        };
        let Some(format) = object.remove("collectionFormat") else {
            return;
        };
        let format = format.as_str().unwrap_or_default().to_owned();
        let here = down(at, &["collectionFormat"]);
        let delimiter = match format.as_str() {
            "csv" => None,
            "ssv" => Some(" "),
            "pipes" => Some("|"),
            "tsv" => Some("\t"),
            _ => {
                self.repair(
                    &here,
                    format!("`collectionFormat: {format}` on a header, which Swagger 2.0 allows only in the query and forms"),
                    "the items are separated by commas, as in every header".to_owned(),
                    "write `collectionFormat: csv`, or remove it".to_owned(),
                );
                return;
            }
        };
        if let Some(delimiter) = delimiter {
            object.insert(DELIMITER.to_owned(), delimiter.into());
        }
        self.convert(
            &here,
            format!("`collectionFormat: {format}` (Swagger 2.0) on a header"),
            "its array's items are separated as it says".to_owned(),
            "describe the header's items as comma-separated (`style: simple`)".to_owned(),
        );
    }

    fn collection_format(&mut self, node: &mut Value, at: &[String], place: &str) {
        let Some(object) = node.as_object_mut() else {
            return;
        };
        // In the path and headers, `csv` is OpenAPI 3.0's default too.
        let array = object
            .get("schema")
            .and_then(|s| s.get("type"))
            .and_then(Value::as_str)
            == Some("array")
            && matches!(place, "query" | "cookie");
        let Some(format) = self.collection_format_of(object, array).map(str::to_owned) else {
            return;
        };
        let (style, explode) = match collection_style(&format, place) {
            Some(style) => style,
            // `tsv`, or a format this place cannot take: left for the reader, which then
            // sends the default style; the warning says what was dropped.
            None => {
                if self.converting {
                    // Valid Swagger 2.0 that OpenAPI 3.0 cannot say: dropping it would change
                    // the wire.
                    self.refused.get_or_insert_with(|| {
                        Located::new(
                            ErrorKind::Unsupported,
                            &Pointer::root().push_all(&down(at, &["collectionFormat"])),
                            format!("`collectionFormat: {format}` on an `in: {place}` parameter: OpenAPI 3.0 has no style for it, so the client cannot send it"),
                            "describe the array with a format the place takes (`csv`, or `multi`, `ssv`, `pipes` in the query)",
                        )
                    });
                    return;
                }
                object.remove("collectionFormat");
                self.repair(
                    &down(at, &["collectionFormat"]),
                    format!("`collectionFormat: {format}` (Swagger 2.0) on an `in: {place}` parameter, which OpenAPI 3.0 cannot express"),
                    "the default style of the place".to_owned(),
                    "describe the array with `style` and `explode`".to_owned(),
                );
                return;
            }
        };
        object.remove("collectionFormat");
        if !object.contains_key("style") && !object.contains_key("explode") {
            object.insert("style".to_owned(), style.into());
            object.insert("explode".to_owned(), explode.into());
        }
        self.convert(
            &down(at, &["collectionFormat"]),
            format!("`collectionFormat: {format}` (Swagger 2.0)"),
            format!("`style: {style}, explode: {explode}`"),
            format!("write `style: {style}` and `explode: {explode}` instead"),
        );
    }

    fn content(&mut self, node: &mut Value, at: &[String]) {
        if let Some(Value::Object(content)) = node.get_mut("content") {
            for (media, m) in content.iter_mut() {
                if let Some(schema) = m.get_mut("schema") {
                    self.schema(schema, &down(at, &["content", media, "schema"]));
                }
            }
        }
    }

    fn request_body(&mut self, node: &mut Value, at: &[String]) {
        if self.site(node, at, Kind::RequestBody) {
            return;
        }
        self.content(node, at);
    }

    fn response(&mut self, node: &mut Value, at: &[String], produces: &[String]) {
        if self.site(node, at, Kind::Response) {
            return;
        }
        let Some(object) = node.as_object_mut() else {
            return;
        };
        if !object.contains_key("description") {
            object.insert("description".to_owned(), "".into());
            self.repair(
                at,
                "a response without `description`".to_owned(),
                "an empty description".to_owned(),
                "add a `description`".to_owned(),
            );
        }
        if !object.contains_key("content") {
            if let Some(schema) = object.remove("schema") {
                let media = or_json(produces);
                object.insert("content".to_owned(), content_of(&media, &schema));
                for m in &media {
                    self.moves
                        .push((down(at, &["content", m, "schema"]), down(at, &["schema"])));
                }
                // What is said of the whole `content` is said of the `schema` it was made of.
                self.moves
                    .push((down(at, &["content"]), down(at, &["schema"])));
                self.convert(
                    &down(at, &["schema"]),
                    "a response with `schema` on itself (Swagger 2.0)".to_owned(),
                    format!(
                        "it is the schema of the body, sent as {}",
                        media.join(" or ")
                    ),
                    "move it under `content: {<media type>: {schema: ...}}`".to_owned(),
                );
            }
        }
        if let Some(Value::Object(headers)) = object.get_mut("headers") {
            for (name, h) in headers.iter_mut() {
                self.header(h, &down(at, &["headers", name]));
            }
        }
        self.content(node, at);
    }

    fn schema(&mut self, node: &mut Value, at: &[String]) {
        // `x-nullable` next to a `$ref` (go-swagger writes it): a nullable reference.
        if let Some(object) = node.as_object_mut().filter(|o| o.contains_key("$ref")) {
            if let Some(extension) = object.remove("x-nullable") {
                let reference = object.remove("$ref").unwrap_or_default();
                object.insert(
                    "allOf".to_owned(),
                    Value::Array(vec![ref_node_value(reference)]),
                );
                if extension == Value::Bool(true) {
                    object.insert("nullable".to_owned(), true.into());
                }
                self.convert(
                    &down(at, &["x-nullable"]),
                    format!("`x-nullable: {extension}` next to a `$ref` (a Swagger 2.0 extension)"),
                    format!("`allOf: [{{$ref}}], nullable: {extension}`"),
                    "write `allOf` with the `$ref`, and `nullable`".to_owned(),
                );
            }
        }
        if self.site(node, at, Kind::Schema) {
            return;
        }
        let Some(object) = node.as_object_mut() else {
            return;
        };
        match object.get("type") {
            Some(Value::String(t)) if t == "file" => {
                object.insert("type".to_owned(), "string".into());
                object.insert("format".to_owned(), "binary".into());
                self.convert(
                    &down(at, &["type"]),
                    "`type: file` (Swagger 2.0)".to_owned(),
                    "`type: string, format: binary`".to_owned(),
                    "write `type: string, format: binary`".to_owned(),
                );
            }
            Some(Value::Array(types)) => {
                let shown: Vec<String> = types.iter().map(Value::to_string).collect();
                let found = format!("`type: [{}]` (OpenAPI 3.1)", shown.join(", "));
                let moves = match crate::lower::v31::type_list(object, at) {
                    Ok(moves) => moves,
                    Err(e) => {
                        self.refused.get_or_insert(e);
                        return;
                    }
                };
                let nullable = object.get("nullable") == Some(&Value::Bool(true));
                let written = match (object.get("type"), object.get("anyOf")) {
                    (Some(only), _) => format!("type: {only}"),
                    (None, Some(Value::Array(branches))) if !moves.is_empty() => {
                        let types: Vec<String> = branches
                            .iter()
                            .filter_map(|b| Some(format!("{{type: {}}}", b.get("type")?)))
                            .collect();
                        format!("anyOf: [{}]", types.join(", "))
                    }
                    _ => String::new(),
                };
                let (assumed, fix) = match (written.is_empty(), nullable) {
                    (false, true) => (
                        format!("`{written}, nullable: true`"),
                        format!("write `{written}` and `nullable: true`"),
                    ),
                    (false, false) => (format!("`{written}`"), format!("write `{written}`")),
                    (true, _) => (
                        "any value, or `null`: `nullable: true`".to_owned(),
                        "write `nullable: true` and no `type`".to_owned(),
                    ),
                };
                self.moves.extend(moves);
                self.repair(&down(at, &["type"]), found, assumed, fix);
            }
            _ => {}
        }
        if let Some(extension) = object.remove("x-nullable") {
            if extension == Value::Bool(true) && !object.contains_key("nullable") {
                object.insert("nullable".to_owned(), true.into());
            }
            self.convert(
                &down(at, &["x-nullable"]),
                format!("`x-nullable: {extension}` (a Swagger 2.0 extension)"),
                format!("`nullable: {extension}`"),
                "write `nullable` instead".to_owned(),
            );
        }
        // `required: true` on a property (Swagger 2.0 tools wrote it there): the property
        // is in its object's `required` list.
        let mut required_here = Vec::new();
        if let Some(Value::Object(properties)) = object.get_mut("properties") {
            for (name, p) in properties.iter_mut() {
                // A boolean, or the string of one (`required: "true"`, as some tools write it).
                let flag = |v: &Value| match v {
                    Value::Bool(b) => Some((*b, v.to_string())),
                    Value::String(s) if s == "true" || s == "false" => {
                        Some((s == "true", format!("{s:?}")))
                    }
                    _ => None,
                };
                if let Some(flag) = p
                    .as_object_mut()
                    .and_then(|p| p.get("required").and_then(flag).map(|f| (p, f)))
                    .map(|(p, f)| {
                        p.remove("required");
                        f
                    })
                {
                    required_here.push((name.clone(), flag));
                }
            }
        }
        for (name, (flag, written)) in required_here {
            if flag {
                let list = object
                    .entry("required")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(list) = list {
                    if !list.iter().any(|v| v.as_str() == Some(&name)) {
                        list.push(Value::String(name.clone()));
                    }
                }
            }
            self.repair(
                &down(at, &["properties", &name, "required"]),
                format!("`required: {written}` on a property"),
                if flag {
                    "the property is in its object's `required` list".to_owned()
                } else {
                    "the property is optional".to_owned()
                },
                "list required properties in the object's `required` array".to_owned(),
            );
        }
        for key in ["items", "not", "additionalProperties"] {
            if let Some(child) = object.get_mut(key) {
                if child.is_object() {
                    self.schema(child, &down(at, &[key]));
                }
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(list)) = object.get_mut(key) {
                for (i, child) in list.iter_mut().enumerate() {
                    self.schema(child, &down(at, &[key, &i.to_string()]));
                }
            }
        }
        if let Some(Value::Object(properties)) = object.get_mut("properties") {
            for (name, child) in properties.iter_mut() {
                self.schema(child, &down(at, &["properties", name]));
            }
        }
    }
}

fn node_at<'v>(doc: &'v Value, tokens: &[String]) -> Option<&'v Value> {
    tokens.iter().try_fold(doc, |node, t| match node {
        Value::Object(m) => m.get(t),
        Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    })
}

fn node_at_mut<'v>(doc: &'v mut Value, tokens: &[String]) -> Option<&'v mut Value> {
    tokens.iter().try_fold(doc, |node, t| match node {
        Value::Object(m) => m.get_mut(t),
        Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
        _ => None,
    })
}

fn reference(section: &str, name: &str) -> String {
    format!(
        "#/components/{section}/{}",
        name.replace('~', "~0").replace('/', "~1")
    )
}

fn ref_node(target: &str) -> Value {
    ref_node_value(Value::String(target.to_owned()))
}

fn ref_node_value(reference: Value) -> Value {
    let mut m = Map::new();
    m.insert("$ref".to_owned(), reference);
    Value::Object(m)
}

/// A `content` map: `schema` under each of `media_types`.
fn content_of(media_types: &[String], schema: &Value) -> Value {
    Value::Object(
        media_types
            .iter()
            .map(|m| {
                let mut media = Map::new();
                media.insert("schema".to_owned(), schema.clone());
                (m.clone(), Value::Object(media))
            })
            .collect(),
    )
}

/// The media types a Swagger 2.0 `produces` or `consumes` names, else JSON.
fn or_json(media_types: &[String]) -> Vec<String> {
    if media_types.is_empty() {
        vec!["application/json".to_owned()]
    } else {
        media_types.to_vec()
    }
}

fn component_exists(doc: &Value, section: &str, name: &str) -> bool {
    doc.get("components")
        .and_then(|c| c.get(section))
        .and_then(|s| s.get(name))
        .is_some()
}

/// What [`repair`] did: the repairs made and the nodes moved, as `(now, was)` prefixes.
/// The extension that keeps a Swagger 2.0 response header's `collectionFormat` (OpenAPI 3.0
/// reads headers in the `simple` style only, items separated by commas): the text between
/// its array's items.
pub(crate) const DELIMITER: &str = "x-oapi-rust-gen-delimiter";

pub(crate) type Repaired = (Vec<Repair>, Vec<(Vec<String>, Vec<String>)>);

/// Repairs `doc` in place: the repairs made, or the located error of a `$ref` into this
/// document that points at nothing.
///
/// With `converting` (a Swagger 2.0 document), what 2.0 allows is converted without a
/// repair. The nodes moved are returned as `(now, was)` prefixes.
pub(crate) fn repair(doc: &mut Value, converting: bool) -> Result<Repaired> {
    let mut walk = Walk {
        converting,
        ..Walk::default()
    };
    // `$ref`s were written against the document as it was: a pointer whose way a repair
    // changed (an array renumbered, a node moved) is refused rather than followed.
    let original = doc.clone();
    walk.document(doc)?;
    let mut repairs = walk.repairs;
    let mut moved = walk.moves;
    // Errors below are found on the repaired tree: they point where the node was.
    let walked = {
        let mut m = crate::moves::Moves::default();
        m.step(moved.clone());
        m
    };
    let result = refs::place(doc, &original, converting, &mut repairs, &mut moved);
    result.map_err(|mut e| {
        e.pointer = walked.original(&e.pointer);
        e
    })?;
    Ok((repairs, moved))
}
