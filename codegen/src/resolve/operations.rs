//! Resolve for operations: paths and methods -> typed operations grouped by tag.

use super::{deref, Security};
use crate::error::{ErrorKind, Located, Pointer, Result};
use crate::ir::{
    Body, BodyAlternative, ErrorBody, ErrorResponse, FormPart, Framing, Group, Input, InputSource,
    Location, Method, Operation, Outcome, Param, Part, Passing, Repair, RequestPayload,
    ResponseHeader, ResponseHeaders, ResponsePayload, ResponseVariant, RustType, Segment,
    StatusMatch, Stream, TypeDef, TypeKind,
};
use crate::lower::v31::{stream_framing, STREAM};
use crate::names::{pascal, snake, Scope};
use crate::resolve::schemas::{all_of_parts, is_password, item_of, object_type, Object, Schemas};
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr, Schema,
    SchemaKind, StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use std::collections::BTreeMap;

/// Operations of methods OpenAPI 3.0 has no field for (3.2's `query` and
/// `additionalOperations`), by path: the method as sent and the operation.
pub(crate) type MoreOperations = BTreeMap<String, Vec<(String, openapiv3::Operation)>>;

/// Reads the operations lowering put in the path items' extension (see
/// `lower::v31::OPERATIONS`).
pub(crate) fn more_operations(doc: &OpenAPI) -> Result<MoreOperations> {
    use crate::lower::v31::OPERATIONS;
    let mut out = MoreOperations::new();
    for (path, item) in &doc.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let Some(serde_json::Value::Object(more)) = item.extensions.get(OPERATIONS) else {
            continue;
        };
        let ptr = Pointer::root().push("paths").push(path).push(OPERATIONS);
        let mut list = Vec::new();
        for (method, op) in more {
            let op = serde_json::from_value(op.clone()).map_err(|e| {
                Located::new(
                    ErrorKind::Parse,
                    &ptr.push(method),
                    format!("the operation is not an OpenAPI operation: {e}"),
                    "write the operation as OpenAPI 3.2 describes operations",
                )
            })?;
            list.push((method.clone(), op));
        }
        out.insert(path.clone(), list);
    }
    Ok(out)
}

pub(crate) struct Operations<'a, 'b> {
    pub doc: &'a OpenAPI,
    pub more: &'a MoreOperations,
    pub schemas: &'b mut Schemas<'a>,
    pub security: &'b Security,
    pub error_bodies: Vec<ErrorBody>,
    /// Parameters of named types, checked once every type is resolved (see `check_params`).
    pub param_checks: Vec<ParamCheck>,
    /// Where the document contradicts HTTP (a body on a 204, on an answer to HEAD), and
    /// what was read instead.
    pub warnings: Vec<Repair>,
    error_scope: Scope,
}

/// A parameter whose type is named: whether it is an object is known once every type is
/// resolved.
pub(crate) struct ParamCheck {
    pub ty: RustType,
    pub name: String,
    pub location: Location,
    pub delimiter: Option<&'static str>,
    pub deep_object: bool,
    /// The whole query string (`in: querystring`, 3.2): an object only.
    pub whole_query: bool,
    pub ptr: Pointer,
}

struct RawParam<'a> {
    data: &'a openapiv3::ParameterData,
    location: Location,
    delimiter: Option<&'static str>,
    deep_object: bool,
    ptr: Pointer,
}

impl<'a, 'b> Operations<'a, 'b> {
    pub fn new(
        doc: &'a OpenAPI,
        more: &'a MoreOperations,
        schemas: &'b mut Schemas<'a>,
        security: &'b Security,
    ) -> Self {
        Operations {
            doc,
            more,
            schemas,
            security,
            error_bodies: Vec::new(),
            param_checks: Vec::new(),
            warnings: Vec::new(),
            error_scope: Scope::with_reserved(&["Text"]),
        }
    }

    /// The operations grouped by tag. Accessors are named later, with the client's other
    /// methods (see `resolve`).
    pub fn groups(&mut self) -> Result<Vec<Group>> {
        // tag -> operations, in document order within each tag.
        let mut by_tag: BTreeMap<String, Vec<Operation>> = BTreeMap::new();
        let mut fn_scopes: BTreeMap<String, Scope> = BTreeMap::new();
        // (tag, method name) -> the method and path of the operation that has it.
        let mut taken: BTreeMap<(String, String), String> = BTreeMap::new();
        let paths_ptr = Pointer::root().push("paths");
        for (path, item) in &self.doc.paths.paths {
            let item_ptr = paths_ptr.push(path);
            let ReferenceOr::Item(item) = item else {
                return Err(Located::new(
                    ErrorKind::Unsupported,
                    &item_ptr,
                    "path items given by `$ref` are not supported",
                    "write the path item inline under `paths`",
                ));
            };
            let fixed = [
                (Method::Get, "get", &item.get),
                (Method::Put, "put", &item.put),
                (Method::Post, "post", &item.post),
                (Method::Delete, "delete", &item.delete),
                (Method::Options, "options", &item.options),
                (Method::Head, "head", &item.head),
                (Method::Patch, "patch", &item.patch),
                (Method::Trace, "trace", &item.trace),
            ];
            let mut methods: Vec<(Method, String, Pointer, &'a openapiv3::Operation)> = fixed
                .into_iter()
                .filter_map(|(method, key, op)| {
                    op.as_ref()
                        .map(|op| (method, key.to_owned(), item_ptr.push(key), op))
                })
                .collect();
            let more_ptr = item_ptr.push(crate::lower::v31::OPERATIONS);
            for (name, op) in self.more.get(path).into_iter().flatten() {
                let method = match name.as_str() {
                    "QUERY" => Method::Query,
                    _ => Method::Other(name.clone()),
                };
                methods.push((method, name.to_lowercase(), more_ptr.push(name), op));
            }
            for (method, key, ptr, op) in methods {
                let tag = op
                    .tags
                    .first()
                    .cloned()
                    .unwrap_or_else(|| "default".to_owned());
                let base_name = match &op.operation_id {
                    Some(id) => snake(id),
                    None => snake(&format!("{key} {path}")),
                };
                let fn_name = fn_scopes.entry(tag.clone()).or_default().claim(&base_name);
                // Another operation of the group took the name (the same operationId, or one
                // differing only in case): which of the two gets the `2` follows the order of
                // the document, so reordering it would swap the methods.
                let here = format!("{} {path}", method.as_str());
                if fn_name != base_name {
                    if let Some(first) = taken.get(&(tag.clone(), base_name.clone())) {
                        let what = match &op.operation_id {
                            Some(id) => format!("operationId `{id}`"),
                            None => "the method and path".to_owned(),
                        };
                        let at = match &op.operation_id {
                            Some(_) => ptr.push("operationId"),
                            None => ptr.clone(),
                        };
                        self.warnings.push(Repair {
                            pointer: at.to_string(),
                            found: format!("{what} gives the method name `{base_name}`, which {first} has already"),
                            assumed: format!("this operation's method is `{fn_name}`: which of the two gets the other name follows the order of the document"),
                            fix: "give each operation its own operationId (not differing only in case)".to_owned(),
                        });
                    }
                }
                taken.insert((tag.clone(), fn_name.clone()), here);
                let operation = self.operation(
                    fn_name,
                    method,
                    path,
                    &item.parameters,
                    op,
                    (&item_ptr, &ptr),
                )?;
                by_tag.entry(tag).or_default().push(operation);
            }
        }

        // `api/mod.rs` is the parent module's own file; `api::api` reads as a mistake.
        let mut module_scope = Scope::with_reserved(&["mod", "api"]);
        let mut struct_scope = Scope::default();
        let groups = by_tag
            .into_iter()
            .map(|(tag, mut operations)| {
                let struct_name = struct_scope.claim(&pascal(&format!("{tag} api")));
                // Builders share the group's module with the group's struct.
                let mut reserved = vec![struct_name.as_str()];
                reserved.extend(crate::names::PRELUDE);
                reserved.extend(crate::names::REQUEST_IMPORTS);
                let mut builders = Scope::with_reserved(&reserved);
                for op in &mut operations {
                    op.builder = builders.claim(&pascal(&op.fn_name));
                }
                // After every builder: a header documented later renames no builder.
                for op in &mut operations {
                    let builder = op.builder.clone();
                    if let Some(h) = &mut op.response_headers {
                        h.name = builders.claim(&format!("{builder}Headers"));
                        let mut fields = Scope::default();
                        for header in &mut h.headers {
                            header.name = fields.claim(&snake(&header.api_name));
                        }
                    }
                }
                (tag, struct_name, operations)
            })
            .map(|(tag, struct_name, operations)| Group {
                struct_name,
                accessor: String::new(),
                module: module_scope.claim(&snake(&tag)),
                doc: self
                    .doc
                    .tags
                    .iter()
                    .find(|t| t.name == tag)
                    .and_then(|t| t.description.clone()),
                api_name: tag,
                operations,
            })
            .collect();
        Ok(groups)
    }

    fn operation(
        &mut self,
        fn_name: String,
        method: Method,
        path: &str,
        path_params: &'a [ReferenceOr<Parameter>],
        op: &'a openapiv3::Operation,
        (item_ptr, ptr): (&Pointer, &Pointer),
    ) -> Result<Operation> {
        let context = pascal(&fn_name);
        let raw = self.merged_params(path_params, &op.parameters, item_ptr, ptr)?;
        // The API's names as they are: the generated code keeps its own names apart. Only
        // `into_future` is taken (a setter of that name would hide
        // `IntoFuture::into_future`), and the builders' own methods, `with_options` and
        // `with_headers` (taken whether or not the operation documents headers: a header
        // documented later must not rename a setter).
        let mut scope = Scope::with_reserved(&["into_future", "with_options", "with_headers"]);
        let mut params = Vec::new();
        for p in raw {
            let schema = match &p.data.format {
                ParameterSchemaOrContent::Schema(s) => s,
                ParameterSchemaOrContent::Content(_) => {
                    return Err(Located::new(
                        ErrorKind::Unsupported,
                        &p.ptr.push("content"),
                        format!(
                            "parameter `{}` is described by `content`, which is not supported",
                            p.data.name
                        ),
                        "describe the parameter with `schema` instead",
                    ))
                }
            };
            // A parameter of components/parameters is one type for every operation using
            // it, named after the component.
            let ty = self.schemas.type_of_in_component(
                schema,
                &p.ptr.push("schema"),
                &format!("{context}{}", pascal(&p.data.name)),
            )?;
            // Absence already says "not sent"; a nullable parameter is just optional.
            let ty = match ty {
                RustType::Option(inner) => *inner,
                other => other,
            };
            self.check_param_type(&ty, &p)?;
            params.push(Param {
                name: scope.claim(&snake(&p.data.name)),
                api_name: p.data.name.clone(),
                location: p.location,
                ty,
                required: p.data.required || p.location == Location::Path,
                delimiter: p.delimiter,
                deep_object: p.deep_object,
                doc: p.data.description.clone(),
            });
        }
        let segments = segments(path, &params, ptr)?;
        let body = self.body(op, ptr, &context)?;
        let inputs = inputs(&params, &segments, body.as_ref(), &mut scope);
        let client_field = scope.claim("client");
        let options_field = scope.claim("options");
        let idempotent = match op.extensions.get("x-idempotent") {
            None => None,
            Some(serde_json::Value::Bool(b)) => Some(*b),
            Some(_) => {
                return Err(Located::new(
                    ErrorKind::Invalid,
                    &ptr.push("x-idempotent"),
                    "`x-idempotent` must be `true` or `false`",
                    "write `x-idempotent: true` for an operation the server applies once however often it is sent, or remove it",
                ))
            }
        };
        let (success, errors, accept, response_headers) =
            self.responses(op, &method, ptr, &context)?;
        let outcome = self.outcome(&success, &context);
        let doc = match (&op.summary, &op.description) {
            (Some(s), Some(d)) if s.trim() == d.trim() => Some(d.clone()),
            (Some(s), Some(d)) => Some(format!("{s}\n\n{d}")),
            (s, d) => s.clone().or_else(|| d.clone()),
        };
        let operation_id = op.operation_id.clone().unwrap_or_else(|| fn_name.clone());
        Ok(Operation {
            fn_name,
            // Named with the other builders of its group, in `groups`.
            builder: String::new(),
            client_field,
            options_field,
            operation_id,
            idempotent,
            method,
            path: path.to_owned(),
            segments,
            doc,
            deprecated: op.deprecated,
            params,
            body,
            inputs,
            success,
            outcome,
            response_headers,
            // Known only once every type is resolved; `resolve` fills it in.
            success_holds_secret: false,
            body_holds_secret: false,
            errors,
            accept,
            // Known once every operation is resolved; `resolve` fills it in.
            security_set: 0,
            security: self.security.for_operation(
                op.security.as_ref().or(self.doc.security.as_ref()),
                &ptr.push("security"),
            )?,
        })
    }

    fn merged_params(
        &self,
        path_level: &'a [ReferenceOr<Parameter>],
        op_level: &'a [ReferenceOr<Parameter>],
        item_ptr: &Pointer,
        op_ptr: &Pointer,
    ) -> Result<Vec<RawParam<'a>>> {
        let mut out: Vec<RawParam<'a>> = Vec::new();
        for (list, base) in [(path_level, item_ptr), (op_level, op_ptr)] {
            for (i, p) in list.iter().enumerate() {
                let p_ptr = base.push("parameters").push(i);
                let components = self.doc.components.as_ref().map(|c| &c.parameters);
                let (param, p_ptr) = deref(p, &p_ptr, "parameters", components)?;
                let unsupported = |style: &str, hint: &str| {
                    Err(Located::new(
                        ErrorKind::Unsupported,
                        &p_ptr.push("style"),
                        format!("parameter style `{style}` is not supported"),
                        hint.to_owned(),
                    ))
                };
                let mut deep_object = false;
                let (data, location, delimiter) = match param {
                    Parameter::Query {
                        parameter_data,
                        style,
                        ..
                    } => {
                        // `explode` defaults to true for `form` only (OpenAPI 3.0.3, 4.7.12.1).
                        let (delimiter, default_explode) = match style {
                            QueryStyle::DeepObject => {
                                // The serialization table defines it exploded only.
                                if parameter_data.explode == Some(false) {
                                    return Err(Located::new(
                                        ErrorKind::Unsupported,
                                        &p_ptr.push("explode"),
                                        "`style: deepObject` with `explode: false` has no serialization in OpenAPI 3.0",
                                        "remove `explode: false` (deepObject is always exploded), or use `style: form`",
                                    ));
                                }
                                deep_object = true;
                                (",", true)
                            }
                            joined => (delimiter(joined), *joined == QueryStyle::Form),
                        };
                        let explode = parameter_data.explode.unwrap_or(default_explode);
                        (
                            parameter_data,
                            Location::Query,
                            (!explode).then_some(delimiter),
                        )
                    }
                    Parameter::Path {
                        parameter_data,
                        style,
                    } => match style {
                        PathStyle::Simple => (parameter_data, Location::Path, None),
                        PathStyle::Matrix => {
                            return unsupported("matrix", "use `style: simple` (the default)")
                        }
                        PathStyle::Label => {
                            return unsupported("label", "use `style: simple` (the default)")
                        }
                    },
                    // OpenAPI 3.0.3 (4.7.12.1): a header parameter named `Accept` or
                    // `Content-Type` "SHALL be ignored": the client sends the media types the
                    // operation documents (a Swagger 2.0 one is read the same way). One named
                    // `Authorization` is kept: documents without a security scheme describe
                    // their credential so.
                    Parameter::Header { parameter_data, .. }
                        if ["accept", "content-type"]
                            .contains(&parameter_data.name.to_ascii_lowercase().as_str()) =>
                    {
                        continue;
                    }
                    Parameter::Header { parameter_data, .. } => {
                        (parameter_data, Location::Header, None)
                    }
                    Parameter::Cookie { parameter_data, .. } => {
                        (parameter_data, Location::Cookie, None)
                    }
                };
                let raw = RawParam {
                    data,
                    location,
                    delimiter,
                    deep_object,
                    ptr: p_ptr,
                };
                // An operation-level parameter overrides the path-level one of the same name and place.
                match out
                    .iter_mut()
                    .find(|o| o.data.name == data.name && o.location == location)
                {
                    Some(existing) => *existing = raw,
                    None => out.push(raw),
                }
            }
        }
        Ok(out)
    }

    fn body(
        &mut self,
        op: &'a openapiv3::Operation,
        ptr: &Pointer,
        context: &str,
    ) -> Result<Option<Body>> {
        let Some(body) = &op.request_body else {
            return Ok(None);
        };
        let components = self.doc.components.as_ref().map(|c| &c.request_bodies);
        let (body, body_ptr) = deref(body, &ptr.push("requestBody"), "requestBodies", components)?;
        if body.content.is_empty() {
            return Err(Located::new(
                ErrorKind::Invalid,
                &body_ptr.push("content"),
                "the request body has no `content`",
                "add at least one media type under `content`",
            ));
        }
        // JSON when offered; else the first representation, sent as its natural Rust type.
        // The others are alternatives, in document order.
        let primary = body
            .content
            .iter()
            .position(|(m, c)| is_json(m, c))
            .unwrap_or(0);
        let mut sent: Vec<(RequestPayload, String)> = Vec::new();
        for (i, (media, content)) in body.content.iter().enumerate() {
            let name = if i == primary {
                format!("{context}Body")
            } else {
                format!("{context}{}Body", pascal(&media_name(media)))
            };
            let kind = self.body_kind(media, content, &body_ptr, &name)?;
            // A wildcard (`*/*`) names no type to send: JSON goes as JSON, bytes as what
            // they are.
            let media_type = match &kind {
                _ if !media.contains('*') => media.clone(),
                RequestPayload::Json(_) => "application/json".to_owned(),
                _ => "application/octet-stream".to_owned(),
            };
            if !media_type
                .bytes()
                .all(|b| b == b'\t' || (0x20..0x7f).contains(&b))
            {
                return Err(Located::new(
                    ErrorKind::Invalid,
                    &body_ptr.push("content").push(media),
                    format!("media type `{media}` cannot be sent in a `Content-Type` header"),
                    "write the media type in visible ASCII (`type/subtype; parameter=value`)",
                ));
            }
            if i == primary {
                sent.insert(0, (kind, media_type));
            } else if !sent.iter().any(|(_, m)| *m == media_type) {
                sent.push((kind, media_type));
            }
        }
        let mut sent = sent.into_iter();
        let Some((kind, media_type)) = sent.next() else {
            return Ok(None);
        };
        Ok(Some(Body {
            kind,
            media_type,
            required: body.required,
            doc: body.description.clone(),
            alternatives: sent
                .map(|(kind, media_type)| BodyAlternative {
                    kind,
                    media_type,
                    // Known only once every type is resolved; `resolve` fills it in.
                    holds_secret: false,
                })
                .collect(),
        }))
    }

    /// How a request body of `media` is sent: JSON for JSON types (`application/json`,
    /// `+json`, `*/json`, and wildcards with a schema), form-encoded, multipart, text, or bytes.
    fn body_kind(
        &mut self,
        media: &str,
        content: &'a openapiv3::MediaType,
        body_ptr: &Pointer,
        name: &str,
    ) -> Result<RequestPayload> {
        let schema_ptr = body_ptr.push("content").push(media).push("schema");
        let essence = essence(media);
        Ok(if is_json(media, content) {
            RequestPayload::Json(match &content.schema {
                Some(s) => self.schemas.type_of_in_component(s, &schema_ptr, name)?,
                None => RustType::Json,
            })
        } else if essence == "application/x-www-form-urlencoded" {
            match &content.schema {
                Some(s) => RequestPayload::Form(
                    self.schemas.type_of_in_component(s, &schema_ptr, name)?,
                    self.form_arrays(s, content, &schema_ptr)?,
                ),
                None => RequestPayload::Form(RustType::Map(Box::new(RustType::String)), Vec::new()),
            }
        } else if essence == "multipart/form-data" {
            RequestPayload::Multipart(match &content.schema {
                Some(s) => self.form_parts(s, &schema_ptr)?,
                None => Vec::new(),
            })
        } else if essence.starts_with("text/") {
            RequestPayload::Text
        } else {
            RequestPayload::Bytes
        })
    }

    /// The array properties of a form body's `schema` (wire names), each with the delimiter
    /// its `encoding` gives it (`style` and `explode`, read as for a query parameter: `form`
    /// is exploded unless `explode: false` is written beside `style: form`), or `None` for
    /// one pair per item.
    fn form_arrays(
        &self,
        schema: &'a ReferenceOr<Schema>,
        content: &openapiv3::MediaType,
        ptr: &Pointer,
    ) -> Result<Vec<(String, Option<&'static str>)>> {
        let components = self.doc.components.as_ref();
        let (item, _) = deref(schema, ptr, "schemas", components.map(|c| &c.schemas))?;
        let Some(object) = object_type(item) else {
            return Ok(Vec::new());
        };
        Ok(object
            .properties
            .iter()
            .filter(|(_, p)| {
                item_of(components, *p).is_some_and(|p| {
                    matches!(p.schema_kind, SchemaKind::Type(Type::Array(_)))
                        || matches!(&p.schema_kind, SchemaKind::Any(a) if a.items.is_some())
                })
            })
            .map(|(name, _)| {
                let encoding = content.encoding.get(name);
                // `openapiv3` reads a missing `explode` as false: only `explode: false` beside
                // an explicit `style: form` is taken to join the items.
                let delimiter = match encoding.map(|e| (e.style.as_ref(), e.explode)) {
                    Some((Some(style), false)) if *style != QueryStyle::DeepObject => {
                        Some(delimiter(style))
                    }
                    _ => None,
                };
                (name.clone(), delimiter)
            })
            .collect())
    }

    /// The parts a `multipart/form-data` body's `schema` describes: its properties, in
    /// document order (none when it is no object).
    fn form_parts(&self, schema: &'a ReferenceOr<Schema>, ptr: &Pointer) -> Result<Vec<FormPart>> {
        let components = self.doc.components.as_ref();
        let (mut item, _) = deref(schema, ptr, "schemas", components.map(|c| &c.schemas))?;
        // `allOf` of one schema (FastAPI's optional form body): that schema's parts.
        for _ in 0..32 {
            match all_of_parts(item) {
                [one] if object_type(item).is_none() => match item_of(components, one) {
                    Some(part) => item = part,
                    None => break,
                },
                _ => break,
            }
        }
        let Some(Object {
            properties,
            required,
        }) = object_type(item)
        else {
            return Ok(Vec::new());
        };
        let schema_of = |p: &'a ReferenceOr<Box<Schema>>| item_of(components, p);
        let binary = |s: &Schema| {
            matches!(
                &s.schema_kind,
                SchemaKind::Type(Type::String(st))
                    if st.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
            )
        };
        Ok(properties
            .iter()
            .map(|(name, p)| {
                let schema = schema_of(p);
                let file = schema.is_some_and(|s| {
                    binary(s)
                        || matches!(&s.schema_kind, SchemaKind::Type(Type::Array(a))
                            if a.items.as_ref().and_then(&schema_of).is_some_and(binary))
                });
                FormPart {
                    name: name.clone(),
                    required: required.contains(name),
                    file,
                    doc: schema
                        .and_then(|s| s.schema_data.description.clone())
                        .filter(|d| !d.trim().is_empty()),
                }
            })
            .collect())
    }

    #[allow(clippy::type_complexity)]
    fn responses(
        &mut self,
        op: &'a openapiv3::Operation,
        method: &Method,
        ptr: &Pointer,
        context: &str,
    ) -> Result<(
        Vec<(StatusMatch, ResponsePayload)>,
        Vec<ErrorResponse>,
        Option<String>,
        Option<ResponseHeaders>,
    )> {
        let responses_ptr = ptr.push("responses");
        let mut success = Vec::new();
        let mut headers: Vec<(ResponseHeader, &'a ReferenceOr<Schema>)> = Vec::new();
        let mut success_count = 0;
        let mut errors = Vec::new();
        // The media type read from each answer that has a body, in document order.
        let mut accept: Vec<&str> = Vec::new();
        // Documented 3XX answers are results too (returned, not followed).
        let declared_success = op.responses.responses.keys().any(|code| match code {
            StatusCode::Code(c) => (200..400).contains(c),
            StatusCode::Range(r) => matches!(r, 2 | 3),
        });
        let entries = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    StatusCode::Code(c) => StatusMatch::Code(*c),
                    StatusCode::Range(r) => StatusMatch::Range(*r),
                };
                (status, code.to_string(), r)
            })
            .chain(
                op.responses
                    .default
                    .iter()
                    .map(|r| (StatusMatch::Default, "default".to_owned(), r)),
            );
        for (status, key, response) in entries {
            let components = self.doc.components.as_ref().map(|c| &c.responses);
            let (response, r_ptr) =
                deref(response, &responses_ptr.push(&key), "responses", components)?;
            let redirect = matches!(status, StatusMatch::Code(300..=399) | StatusMatch::Range(3));
            // HTTP sends no body with these, whatever the document says (RFC 9110, 6.4.1).
            let bodiless =
                *method == Method::Head || matches!(status, StatusMatch::Code(204 | 205 | 304));
            // A body described as nothing at all (`schema: {}`, which grpc-gateway writes for
            // an empty answer) loses nothing: no warning.
            let described = response.content.values().any(|c| {
                c.schema.as_ref().is_some_and(|s| {
                    !matches!(s, ReferenceOr::Item(item) if item.schema_data == Default::default()
                        && item.schema_kind == SchemaKind::Any(Default::default()))
                })
            });
            if bodiless && described {
                self.warn_bodiless(method, &status, &key, &r_ptr);
            }
            // The representation read: JSON when offered, else the first.
            let chosen = response
                .content
                .iter()
                .find(|(m, c)| is_json(m, c))
                .or_else(|| response.content.first());
            // Without parameters (`; charset=utf-8`): a media range matches them all. A
            // wildcard read as JSON asks for JSON, what the client can read.
            //
            // An answer read as bytes or text is read so whichever of its media types comes:
            // the client asks for each of them (a file offered as `application/zip` and
            // `application/json`), not only the one chosen.
            if let Some((media, content)) = chosen.filter(|_| !redirect) {
                let read = read_as(media, content);
                let asked = response
                    .content
                    .iter()
                    .filter(|(m, c)| *m == media || (read != Read::Json && read_as(m, c) == read));
                for (media, content) in asked {
                    let range = match media.split(';').next().unwrap_or_default().trim() {
                        wildcard if wildcard.contains('*') && is_json(media, content) => {
                            "application/json"
                        }
                        range => range,
                    };
                    if !accept.contains(&range) {
                        accept.push(range);
                    }
                }
            }
            let is_success_code =
                redirect || matches!(status, StatusMatch::Code(200..=299) | StatusMatch::Range(2));
            // With no 2XX response documented, `default` describes success too.
            let is_success =
                is_success_code || (status == StatusMatch::Default && !declared_success);
            let suffix = match status {
                StatusMatch::Default => "Default".to_owned(),
                _ => key.clone(),
            };
            let payload = match chosen {
                _ if redirect => ResponsePayload::Redirect,
                _ if bodiless => ResponsePayload::Empty,
                None => ResponsePayload::Empty,
                Some((media, content)) if content.extensions.contains_key(STREAM) => {
                    let schema_ptr = r_ptr.push("content").push(media).push("schema");
                    let framing = framing(content.extensions.get(STREAM).and_then(|v| v.as_str()));
                    let item = match &content.schema {
                        Some(s) => self.schemas.type_of_in_component(
                            s,
                            &schema_ptr,
                            &format!("{context}Item"),
                        )?,
                        None => RustType::Json,
                    };
                    ResponsePayload::Stream(Stream {
                        media_type: essence(media),
                        framing,
                        item,
                    })
                }
                // JSON lines or a JSON text sequence described by `schema` (before 3.2's
                // `itemSchema`, documents write each item's schema there, as Ollama does;
                // 3.2 reads `schema` as the whole sequence, an array of the items): a
                // stream of the items. Read whole, a body of several items parses as
                // nothing.
                Some((
                    media,
                    openapiv3::MediaType {
                        schema: Some(schema),
                        ..
                    },
                )) if matches!(stream_framing(&essence(media)), Some("jsonl" | "json-seq")) => {
                    let schema_ptr = r_ptr.push("content").push(media).push("schema");
                    let framing = framing(stream_framing(&essence(media)));
                    // The array written here, or the component it refers to (a reference
                    // to nothing is left to `type_of_in_component`, which says so).
                    let components = self.doc.components.as_ref().map(|c| &c.schemas);
                    let (array, array_ptr) = match deref(schema, &schema_ptr, "schemas", components)
                    {
                        Ok((item, at)) => (Some(item), at),
                        Err(_) => (None, schema_ptr.clone()),
                    };
                    let array_items = array.and_then(|s| match &s.schema_kind {
                        SchemaKind::Type(Type::Array(a)) => a.items.as_ref(),
                        _ => None,
                    });
                    let item = match array_items {
                        Some(items) => self.schemas.type_of_in_component(
                            items,
                            &array_ptr.push("items"),
                            &format!("{context}Item"),
                        )?,
                        None => self.schemas.type_of_in_component(
                            schema,
                            &schema_ptr,
                            &format!("{context}Item"),
                        )?,
                    };
                    ResponsePayload::Stream(Stream {
                        media_type: essence(media),
                        framing,
                        item,
                    })
                }
                Some((media, content)) => {
                    let schema_ptr = r_ptr.push("content").push(media).push("schema");
                    let name = format!("{context}Response{suffix}");
                    // What the schema means, then what the media type's name says.
                    match (&content.schema, read_as(media, content)) {
                        (_, Read::Bytes) => ResponsePayload::Bytes,
                        (_, Read::Text) => ResponsePayload::Text,
                        (Some(s), Read::Json) => ResponsePayload::Json(
                            self.schemas.type_of_in_component(s, &schema_ptr, &name)?,
                        ),
                        (None, Read::Json) => ResponsePayload::Json(RustType::Json),
                    }
                }
            };
            if is_success {
                success_count += 1;
                self.success_headers(response, &r_ptr, &key, context, &mut headers)?;
                let success_status = match status {
                    StatusMatch::Default => StatusMatch::Range(2),
                    ref other => other.clone(),
                };
                success.push((success_status, payload.clone()));
            }
            if !is_success_code {
                let body = match payload {
                    ResponsePayload::Json(RustType::Named(name)) => Some(self.error_body(&name)),
                    _ => None,
                };
                errors.push(ErrorResponse { status, body });
            }
        }
        if op.responses.responses.is_empty() && op.responses.default.is_none() {
            // Nothing documented: any 2XX is success, and its body is handed over as bytes.
            success.push((StatusMatch::Range(2), ResponsePayload::Bytes));
        }
        // A stream is not `Clone` or `PartialEq`, as a `Responses` enum's variants are.
        let streams = success
            .iter()
            .any(|(_, p)| matches!(p, ResponsePayload::Stream(_)));
        if streams && success.iter().any(|(_, p)| *p != success[0].1) {
            return Err(Located::new(
                ErrorKind::Unsupported,
                &responses_ptr,
                "the operation's success answers are a stream of items (`itemSchema`) and something else: the client returns one stream or one other result",
                "document the stream as the operation's only success response, or every success response as the same stream",
            ));
        }
        let accept = (!accept.is_empty()).then(|| accept.join(", "));
        // Required only when every success answer says so.
        let headers: Vec<ResponseHeader> = headers
            .into_iter()
            .map(|(mut h, _)| {
                h.required &= h.statuses.len() == success_count;
                h
            })
            .collect();
        let headers = (!headers.is_empty()).then(|| ResponseHeaders {
            // Named with the group's builders, in `groups`.
            name: String::new(),
            headers,
        });
        Ok((success, errors, accept, headers))
    }

    /// Adds the headers `response` (a success answer, `key`) documents to `out`, merged by
    /// name, without case. A `Content-Type` header is left out, as OpenAPI 3.0.3 (4.7.17)
    /// says it SHALL be: the media type is the response's `content`.
    fn success_headers(
        &mut self,
        response: &'a openapiv3::Response,
        r_ptr: &Pointer,
        key: &str,
        context: &str,
        out: &mut Vec<(ResponseHeader, &'a ReferenceOr<Schema>)>,
    ) -> Result<()> {
        for (api_name, header) in &response.headers {
            let lower = api_name.to_ascii_lowercase();
            if lower == "content-type" {
                continue;
            }
            let components = self.doc.components.as_ref().map(|c| &c.headers);
            let (header, h_ptr) = deref(
                header,
                &r_ptr.push("headers").push(api_name),
                "headers",
                components,
            )?;
            // `with_headers()` is optional: a header the client cannot read is left out of
            // it, with a warning, rather than failing the whole document.
            let mut leave_out = |at: &Pointer, found: String| {
                self.warnings.push(Repair {
                    pointer: at.to_string(),
                    found,
                    assumed: format!("the header `{api_name}` is not one of the typed headers `with_headers()` reads (it is still among `all_headers`)"),
                    fix: "describe the header with a `schema` of a string, number, boolean, array or object of those".to_owned(),
                });
            };
            let schema = match &header.format {
                ParameterSchemaOrContent::Schema(s) => s,
                ParameterSchemaOrContent::Content(_) => {
                    leave_out(
                        &h_ptr.push("content"),
                        format!("response header `{api_name}` is described by `content`, which the client does not read"),
                    );
                    continue;
                }
            };
            if let Some((known, first)) = out
                .iter_mut()
                .find(|(h, _)| h.api_name.eq_ignore_ascii_case(api_name))
            {
                // Written twice in one response (`X-Id` and `x-id`): one status still.
                if known.statuses.last().map(String::as_str) != Some(key) {
                    known.statuses.push(key.to_owned());
                }
                known.required &= header.required;
                if !same_value(first, schema) && known.ty != RustType::String {
                    known.ty = RustType::String;
                    self.warnings.push(Repair {
                        pointer: h_ptr.push("schema").to_string(),
                        found: format!(
                            "the header `{api_name}` is described differently on `{}` and on `{key}`",
                            known.statuses[0]
                        ),
                        assumed: "its text is read as it is, a `String`".to_owned(),
                        fix: "describe the header the same way on every success response".to_owned(),
                    });
                }
                continue;
            }
            let ty = match self.schemas.type_of_in_component(
                schema,
                &h_ptr.push("schema"),
                &format!("{context}{}", pascal(api_name)),
            ) {
                // Absence already says "not sent".
                Ok(RustType::Option(inner)) => *inner,
                Ok(ty) => ty,
                Err(e) => {
                    leave_out(&h_ptr.push("schema"), e.message);
                    continue;
                }
            };
            let secret = ["set-cookie", "authorization", "proxy-authorization"]
                .contains(&lower.as_str())
                || self
                    .security
                    .header_names()
                    .any(|n| n.eq_ignore_ascii_case(api_name))
                || matches!(schema, ReferenceOr::Item(s) if is_password(s));
            let delimiter = header
                .extensions
                .get(crate::repair::DELIMITER)
                .and_then(|d| d.as_str())
                .unwrap_or(",");
            out.push((
                ResponseHeader {
                    // Fields are named in `groups`, once every header is known.
                    name: String::new(),
                    api_name: api_name.clone(),
                    doc: header.description.clone(),
                    ty,
                    required: header.required,
                    secret,
                    delimiter: delimiter.to_owned(),
                    statuses: vec![key.to_owned()],
                },
                schema,
            ));
        }
        Ok(())
    }

    /// Records that a response documents a body HTTP does not send (a 204, 205 or 304
    /// answer, any answer to HEAD), once per response.
    fn warn_bodiless(&mut self, method: &Method, status: &StatusMatch, key: &str, at: &Pointer) {
        let pointer = at.push("content").as_str().to_owned();
        if self.warnings.iter().any(|w| w.pointer == pointer) {
            return;
        }
        let (found, fix) = if *method == Method::Head
            && !matches!(status, StatusMatch::Code(204 | 205 | 304))
        {
            (
                format!("a `{key}` response to HEAD with `content`, but HTTP answers HEAD without a body"),
                "remove `content` from the responses of the HEAD operation (describe the headers with `headers`)".to_owned(),
            )
        } else {
            (
                format!("a `{key}` response with `content`, but HTTP sends a {key} answer without a body"),
                format!("remove `content` from the `{key}` response"),
            )
        };
        self.warnings.push(Repair {
            pointer,
            found,
            assumed: "the answer has no body, and nothing is decoded from it".to_owned(),
            fix,
        });
    }

    /// One payload when all success statuses agree; else a `Responses` enum type.
    fn outcome(&mut self, success: &[(StatusMatch, ResponsePayload)], context: &str) -> Outcome {
        let first = success
            .first()
            .map(|(_, p)| p.clone())
            .unwrap_or(ResponsePayload::Empty);
        if success.iter().all(|(_, p)| *p == first) {
            return Outcome::Single(first);
        }
        let name = self.schemas.claim_name(&format!("{context}Response"));
        let mut scope = Scope::default();
        let variants: Vec<ResponseVariant> = success
            .iter()
            .map(|(status, payload)| ResponseVariant {
                name: scope.claim(&status_variant(status)),
                status: status.clone(),
                payload: payload.clone(),
            })
            .collect();
        self.schemas.add(TypeDef {
            name: name.clone(),
            doc: Some(format!(
                "What `{}` answers on success: one variant per documented status.",
                crate::names::snake(context)
            )),
            kind: TypeKind::Responses {
                variants: variants.clone(),
            },
            holds_secret: false,
            input: false,
            default: false,
            deprecated: false,
            constants: Vec::new(),
        });
        Outcome::Enum {
            name,
            variants: variants.into_iter().map(|v| v.name).collect(),
        }
    }

    /// Checks what a parameter's type can be sent as: named types once every type is known
    /// (`check_params`), the rest now.
    fn check_param_type(&mut self, ty: &RustType, p: &RawParam<'_>) -> Result<()> {
        let check = ParamCheck {
            ty: ty.clone(),
            name: p.data.name.clone(),
            location: p.location,
            delimiter: p.delimiter,
            deep_object: p.deep_object,
            whole_query: p
                .data
                .extensions
                .contains_key(crate::lower::v31::QUERYSTRING),
            ptr: p.ptr.clone(),
        };
        let mut named = Vec::new();
        ty.named_types(&mut named);
        if !named.is_empty() {
            self.param_checks.push(check);
            return Ok(());
        }
        // Without named types, the shape is known now.
        check_params(&[check], &[])
    }

    fn error_body(&mut self, type_name: &str) -> usize {
        let ty = RustType::Named(type_name.to_owned());
        if let Some(i) = self.error_bodies.iter().position(|b| b.ty == ty) {
            return i;
        }
        self.error_bodies.push(ErrorBody {
            variant: self.error_scope.claim(type_name),
            doc: format!("The body parsed as [`crate::types::{type_name}`]."),
            ty,
        });
        self.error_bodies.len() - 1
    }
}

/// What the caller gives, in signature order: path parameters as they appear in the path,
/// the body, then the other parameters in document order. The body takes the name `body`
/// unless a parameter has it.
fn inputs(
    params: &[Param],
    segments: &[Segment],
    body: Option<&Body>,
    scope: &mut Scope,
) -> Vec<Input> {
    let param = |i: usize| {
        let p = &params[i];
        Input {
            name: p.name.clone(),
            source: InputSource::Param(i),
            required: p.required,
            passing: match &p.ty {
                RustType::Vec(item) => Passing::Items((**item).clone()),
                other => Passing::Into(other.clone()),
            },
        }
    };
    let mut out: Vec<Input> = Vec::new();
    // Path parameters in the order the path template shows them.
    let mut in_path: Vec<usize> = Vec::new();
    for i in segments.iter().flat_map(Segment::params) {
        // A template used twice (`/{id}/{id}`, `{id}-{id}`) is one input.
        if !in_path.contains(&i) {
            in_path.push(i);
        }
    }
    out.extend(in_path.into_iter().map(param));
    let mut alternatives = Vec::new();
    if let Some(b) = body {
        let name = if scope.contains("body") {
            scope.claim("request_body")
        } else {
            scope.claim("body")
        };
        out.push(Input {
            name: name.clone(),
            source: InputSource::Body,
            required: b.required,
            passing: body_passing(&b.kind),
        });
        // Setters after the other parameters': a media type the API adds later is a new
        // setter, and moves no other input.
        for (i, alternative) in b.alternatives.iter().enumerate() {
            alternatives.push(Input {
                name: scope.claim(&format!("{name}_{}", media_name(&alternative.media_type))),
                source: InputSource::BodyAs(i),
                required: false,
                passing: body_passing(&alternative.kind),
            });
        }
    }
    out.extend(
        (0..params.len())
            .filter(|i| params[*i].location != Location::Path)
            .map(param),
    );
    out.extend(alternatives);
    out
}

/// How the caller passes a body of `kind`.
fn body_passing(kind: &RequestPayload) -> Passing {
    match kind {
        RequestPayload::Json(t) | RequestPayload::Form(t, _) => match t {
            RustType::Vec(item) => Passing::Slice((**item).clone()),
            RustType::Named(_) | RustType::Map(_) | RustType::Json | RustType::Option(_) => {
                Passing::Ref(t.clone())
            }
            other => Passing::Into(other.clone()),
        },
        RequestPayload::Text => Passing::Into(RustType::String),
        RequestPayload::Bytes => Passing::Body,
        RequestPayload::Multipart(_) => Passing::Multipart,
    }
}

/// The framing of a stream, by its name in [`STREAM`] (`sse`, `jsonl`, `json-seq`).
fn framing(name: Option<&str>) -> Framing {
    match name {
        Some("sse") => Framing::Sse,
        Some("jsonl") => Framing::JsonLines,
        _ => Framing::JsonSeq,
    }
}

/// The media type without parameters, lower case (`application/json; charset=utf-8` -> `application/json`).
/// Whether two header schemas describe the same values (their annotations aside).
fn same_value(a: &ReferenceOr<Schema>, b: &ReferenceOr<Schema>) -> bool {
    match (a, b) {
        (ReferenceOr::Item(a), ReferenceOr::Item(b)) => {
            a.schema_kind == b.schema_kind && a.schema_data.nullable == b.schema_data.nullable
        }
        (a, b) => a == b,
    }
}

fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a body is JSON: `application/json`, `+json` and `*/json` types always; `*/*`
/// and `application/*` (which converters write for "whatever the server sends") when the
/// schema describes JSON data, that is when there is one and it is not a binary string.
fn is_json(media: &str, content: &openapiv3::MediaType) -> bool {
    let essence = essence(media);
    if essence.ends_with("/json") || essence.ends_with("+json") {
        return true;
    }
    if essence != "*/*" && essence != "application/*" {
        return false;
    }
    content.schema.is_some() && !is_binary(content)
}

/// Whether the schema is an inline `type: string, format: binary` (raw bytes).
fn is_binary(content: &openapiv3::MediaType) -> bool {
    matches!(
        &content.schema,
        Some(ReferenceOr::Item(schema)) if matches!(
            &schema.schema_kind,
            openapiv3::SchemaKind::Type(openapiv3::Type::String(s))
                if s.format == openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
        )
    )
}

/// What joins an array's items in a query parameter (or a form property) of `style` written
/// with `explode: false`: `,` for `form`, `%20` for `spaceDelimited`, `|` for
/// `pipeDelimited` (OpenAPI 3.0.3, 4.7.12.4); `deepObject` takes no arrays (`,`).
fn delimiter(style: &QueryStyle) -> &'static str {
    match style {
        QueryStyle::SpaceDelimited => "%20",
        QueryStyle::PipeDelimited => "|",
        QueryStyle::Form | QueryStyle::DeepObject => ",",
    }
}

/// How a response body is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Read {
    Json,
    Text,
    Bytes,
}

/// How to read a response body of `media`, by what its schema means first: a binary string
/// is bytes whatever the media type; a number or boolean sent as `text/plain` is read as
/// the JSON number or boolean it spells; then JSON types as JSON, `text/*` as text, the
/// rest as bytes.
fn read_as(media: &str, content: &openapiv3::MediaType) -> Read {
    if is_binary(content) {
        return Read::Bytes;
    }
    if is_json(media, content) {
        return Read::Json;
    }
    if !essence(media).starts_with("text/") {
        return Read::Bytes;
    }
    let scalar = matches!(
        &content.schema,
        Some(ReferenceOr::Item(schema)) if matches!(
            &schema.schema_kind,
            openapiv3::SchemaKind::Type(
                openapiv3::Type::Integer(_) | openapiv3::Type::Number(_) | openapiv3::Type::Boolean(_)
            )
        )
    );
    if scalar {
        Read::Json
    } else {
        Read::Text
    }
}

/// A media type as a name part: its subtype (`application/merge-patch+json` ->
/// `merge_patch_json`), or `any` for a wildcard.
fn media_name(media: &str) -> String {
    let essence = essence(media);
    let name = snake(essence.rsplit('/').next().unwrap_or_default());
    if name.is_empty() {
        "any".to_owned()
    } else {
        name
    }
}

/// A variant name for a success status: the reason phrase where there is a common one.
fn status_variant(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(200) => "Ok".to_owned(),
        StatusMatch::Code(201) => "Created".to_owned(),
        StatusMatch::Code(202) => "Accepted".to_owned(),
        StatusMatch::Code(203) => "NonAuthoritative".to_owned(),
        StatusMatch::Code(204) => "NoContent".to_owned(),
        StatusMatch::Code(206) => "PartialContent".to_owned(),
        StatusMatch::Code(300) => "MultipleChoices".to_owned(),
        StatusMatch::Code(301) => "MovedPermanently".to_owned(),
        StatusMatch::Code(302) => "Found".to_owned(),
        StatusMatch::Code(303) => "SeeOther".to_owned(),
        StatusMatch::Code(304) => "NotModified".to_owned(),
        StatusMatch::Code(307) => "TemporaryRedirect".to_owned(),
        StatusMatch::Code(308) => "PermanentRedirect".to_owned(),
        StatusMatch::Code(c) => format!("Status{c}"),
        StatusMatch::Range(r) => format!("Status{r}xx"),
        StatusMatch::Default => "Other".to_owned(),
    }
}

/// What a parameter's value is, for its serialization.
#[derive(PartialEq)]
enum Shape {
    /// A string, number, boolean, enum, a union (checked at run time), or an array of those.
    Scalar,
    /// An object whose properties are all scalars (a model or a map): `form` and
    /// `deepObject` in the query.
    Object,
    /// Anything else: nothing the serialization table defines.
    Other,
}

/// Whether a value of `ty` (a property's type) is one text in a parameter.
fn is_scalar(ty: &RustType, types: &BTreeMap<&str, &TypeDef>) -> bool {
    match ty {
        RustType::Option(t) | RustType::Box(t) => is_scalar(t, types),
        RustType::Vec(_) | RustType::Map(_) | RustType::Bytes => false,
        RustType::Named(n) => match types.get(n.as_str()).map(|d| &d.kind) {
            Some(TypeKind::Alias(t) | TypeKind::Newtype(t)) => is_scalar(t, types),
            Some(TypeKind::Struct { .. }) | None => false,
            Some(_) => true,
        },
        _ => true,
    }
}

fn shape(ty: &RustType, types: &BTreeMap<&str, &TypeDef>) -> Shape {
    let object = |scalar: bool| if scalar { Shape::Object } else { Shape::Other };
    match ty {
        RustType::Option(t) | RustType::Box(t) => shape(t, types),
        RustType::Map(t) => object(is_scalar(t, types)),
        RustType::Vec(t) if is_scalar(t, types) => Shape::Scalar,
        RustType::Vec(_) | RustType::Bytes => Shape::Other,
        RustType::Named(n) => match types.get(n.as_str()).map(|d| &d.kind) {
            Some(TypeKind::Alias(t) | TypeKind::Newtype(t)) => shape(t, types),
            Some(TypeKind::Struct { fields }) => {
                object(fields.iter().all(|f| is_scalar(&f.ty, types)))
            }
            _ => Shape::Scalar,
        },
        _ => Shape::Scalar,
    }
}

/// Checks parameters of named types against the serialization they are given, once every
/// type is known: an object goes in the query with `style: form` or `deepObject` only, and
/// `deepObject` takes objects only. A parameter every value of which would be refused at
/// run time is refused here.
pub(crate) fn check_params(checks: &[ParamCheck], types: &[TypeDef]) -> Result<()> {
    let types: BTreeMap<&str, &TypeDef> = types.iter().map(|d| (d.name.as_str(), d)).collect();
    for c in checks {
        let shape = shape(&c.ty, &types);
        if c.whole_query && shape != Shape::Object {
            return Err(Located::new(
                ErrorKind::Unsupported,
                &c.ptr.push("schema"),
                format!("the query string `{}` (`in: querystring`) is not an object of strings, numbers, booleans or enums: it has no `application/x-www-form-urlencoded` form the client sends", c.name),
                "give it an object schema whose properties are strings, numbers, booleans or enums, one `name=value` pair each",
            ));
        }
        check_shape(
            shape,
            &c.name,
            c.location,
            c.delimiter,
            c.deep_object,
            &c.ptr,
        )?;
    }
    Ok(())
}

fn check_shape(
    shape: Shape,
    name: &str,
    location: Location,
    delimiter: Option<&str>,
    deep_object: bool,
    ptr: &Pointer,
) -> Result<()> {
    let form = matches!(delimiter, None | Some(","));
    match shape {
        Shape::Scalar if deep_object => Err(Located::new(
            ErrorKind::Unsupported,
            &ptr.push("style"),
            format!("parameter `{name}` has `style: deepObject`, which OpenAPI defines for objects only"),
            "use `style: form` (the default) for this parameter, or give it an object schema",
        )),
        Shape::Scalar => Ok(()),
        Shape::Object if location == Location::Query && (form || deep_object) => Ok(()),
        Shape::Object if location == Location::Query => Err(Located::new(
            ErrorKind::Unsupported,
            &ptr.push("style"),
            format!("parameter `{name}` is an object with a delimited style, which the generator does not send (its names would be lost)"),
            "use `style: form` or `style: deepObject` for an object parameter",
        )),
        Shape::Object => Err(Located::new(
            ErrorKind::Unsupported,
            &ptr.push("schema"),
            format!("parameter `{name}` is an object, which the generator sends in the query only"),
            "send the object's properties as parameters of their own, or move it to the query",
        )),
        Shape::Other => Err(Located::new(
            ErrorKind::Unsupported,
            &ptr.push("schema"),
            format!("parameter `{name}` has a type that cannot be sent in this location"),
            "use a string, number, boolean or enum, an array of those, or in the query an object whose properties are those",
        )),
    }
}

/// A path template's own text as URL text: what a path segment may hold as it is (RFC 3986's
/// `pchar`, and `%` escapes the template already has) is kept, anything else (spaces,
/// non-ASCII...) percent-encoded, so that the runtime sends the path exactly as written.
fn url_text(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let escape = c == '%'
            && bytes.len() > i + 2
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit();
        if escape || c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@".contains(c) {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

fn segments(path: &str, params: &[Param], ptr: &Pointer) -> Result<Vec<Segment>> {
    let mut out = Vec::new();
    let param_named = |name: &str| {
        params
            .iter()
            .position(|p| p.location == Location::Path && p.api_name == name)
            .ok_or_else(|| {
                Located::new(
                    ErrorKind::Invalid,
                    ptr,
                    format!("the path has a `{{{name}}}` template but the operation declares no path parameter `{name}`"),
                    format!("add a parameter with `name: {name}` and `in: path`"),
                )
            })
    };
    for part in path.split('/').filter(|s| !s.is_empty()) {
        if !part.contains(['{', '}']) {
            if matches!(part, "." | "..") {
                return Err(Located::new(
                    ErrorKind::Invalid,
                    ptr,
                    format!("the path has a `{part}` segment, which URLs resolve away"),
                    "write the path without `.` and `..` segments",
                ));
            }
            out.push(Segment::Literal(url_text(part)));
            continue;
        }
        // Text and `{name}` templates, in order.
        let mut parts = Vec::new();
        let mut rest = part;
        while !rest.is_empty() {
            let open = rest.find('{').unwrap_or(rest.len());
            let (text, tail) = rest.split_at(open);
            if text.contains('}') {
                return Err(Located::new(
                    ErrorKind::Invalid,
                    ptr,
                    format!("path segment `{part}` has a `}}` that closes no template"),
                    "write templates as `{name}`",
                ));
            }
            if !text.is_empty() {
                parts.push(Part::Text(url_text(text)));
            }
            if tail.is_empty() {
                break;
            }
            let Some(close) = tail.find('}') else {
                return Err(Located::new(
                    ErrorKind::Invalid,
                    ptr,
                    format!("path segment `{part}` has a `{{` that is never closed"),
                    "write templates as `{name}`",
                ));
            };
            let name = &tail[1..close];
            if name.is_empty() || name.contains('{') {
                return Err(Located::new(
                    ErrorKind::Invalid,
                    ptr,
                    format!("path segment `{part}` has a template without a plain name"),
                    "write templates as `{name}`",
                ));
            }
            parts.push(Part::Param(param_named(name)?));
            rest = &tail[close + 1..];
        }
        out.push(match parts.as_slice() {
            [Part::Param(i)] => Segment::Param(*i),
            _ => Segment::Mixed(parts),
        });
    }
    // `/` itself, or a path written with a closing slash: an empty last segment keeps it.
    if path.ends_with('/') {
        out.push(Segment::Literal(String::new()));
    }
    for p in params.iter().filter(|p| p.location == Location::Path) {
        if !path.contains(&format!("{{{}}}", p.api_name)) {
            return Err(Located::new(
                ErrorKind::Invalid,
                ptr,
                format!(
                    "path parameter `{}` does not appear in the path",
                    p.api_name
                ),
                "remove the parameter or add its `{name}` segment to the path",
            ));
        }
    }
    Ok(out)
}
