//! The intermediate representation: everything emission needs, nothing from `openapiv3`.
//!
//! Names here are already legal, unique Rust identifier texts; types are already Rust types.

/// A whole API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub description: Option<String>,
    pub version: String,
    /// The document's `info.license.name`, as written.
    pub license: Option<String>,
    /// `info.contact` as a Cargo author (`Name <email>`, either part alone), if given.
    pub contact: Option<String>,
    /// The API's home page: `info.contact.url`, else the document's `externalDocs.url`.
    pub homepage: Option<String>,
    /// The client's source repository: the `x-repository` extension of `info` (or of the
    /// document), if given.
    pub repository: Option<String>,
    /// Named types, sorted by name.
    pub types: Vec<TypeDef>,
    /// Operation groups (one per tag), sorted by tag.
    pub groups: Vec<Group>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Named types that appear as error response bodies, each with its `ApiErrorBody` variant.
    pub error_bodies: Vec<ErrorBody>,
    /// Client methods that turn a model holding a credential into credentials.
    pub credential_sources: Vec<CredentialSource>,
    /// The distinct sets of security schemes that operations send, in order of first use
    /// (`Operation::security_set` points here).
    pub security_sets: Vec<SecuritySet>,
    /// The defects of the document that were repaired to read it: those of shape in document
    /// order, then those of references.
    pub repairs: Vec<Repair>,
}

/// A place where the document breaks the OpenAPI 3.0 specification but its intent is
/// certain (most often a leftover of a Swagger 2.0 conversion), and what was read instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// RFC 6901 JSON pointer of the node repaired.
    pub pointer: String,
    /// What the document says there.
    pub found: String,
    /// What was read instead.
    pub assumed: String,
    /// How to correct the document.
    pub fix: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    pub kind: TypeKind,
    /// True when a value of this type (transitively) holds a secret field.
    pub holds_secret: bool,
    /// True when users build values of this type: it is reachable from an operation's
    /// inputs (parameters and bodies) through fields, alternatives and aliases. The others
    /// only come back in responses.
    pub input: bool,
    /// True when every field type implements `Default`.
    pub default: bool,
    pub deprecated: bool,
    /// Named values of an integer enum (`x-enum-varnames`), emitted as `const`s of the type.
    pub constants: Vec<Constant>,
}

/// A named value of an integer enum: `pub const PRIORITY_LOW: Priority = 0;`.
#[derive(Debug, Clone, PartialEq)]
pub struct Constant {
    pub name: String,
    /// The name as the document spells it.
    pub api_name: String,
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct {
        fields: Vec<Field>,
    },
    /// A string enum with a catch-all variant for values the document does not list.
    StringEnum {
        variants: Vec<Variant>,
        catch_all: String,
    },
    /// `oneOf`/`anyOf`: one variant per alternative, chosen by a discriminator property
    /// when the document names one, else by the first alternative that parses.
    OneOf {
        variants: Vec<OneOfVariant>,
        discriminator: Option<Discriminator>,
    },
    /// The outcomes of an operation whose success statuses carry different bodies.
    Responses {
        variants: Vec<ResponseVariant>,
    },
    Alias(RustType),
    /// A one-field tuple struct, serialized as its field: for a schema that is defined in
    /// terms of itself (`type: array, items: {$ref: itself}`), which an alias cannot be.
    Newtype(RustType),
}

#[derive(Debug, Clone, PartialEq)]
pub struct OneOfVariant {
    pub name: String,
    pub ty: RustType,
    /// The description written beside the alternative's reference (3.1 and later), if any.
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// The JSON property that names the alternative.
    pub property: String,
    /// Property value -> index into the variants.
    pub mapping: Vec<(String, usize)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseVariant {
    pub name: String,
    pub status: StatusMatch,
    pub payload: ResponsePayload,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    /// The property name as the document and the JSON spell it (`userSid`).
    pub api_name: String,
    pub doc: Option<String>,
    /// The full field type (`Option` already applied when the field may be absent or null).
    pub ty: RustType,
    /// The document lists the property as `required`.
    pub required: bool,
    /// The property may be `null`.
    pub nullable: bool,
    /// Never shown by `Debug`.
    pub secret: bool,
    /// `readOnly`: decoded from responses, never serialized into a request.
    pub read_only: bool,
    pub deprecated: bool,
    /// A string of `format: ipv4` or `ipv6`: which alternative of a union without a
    /// discriminator fits a value depends on it (IPv4 and IPv6 ranges share a shape).
    pub address: Option<Address>,
    /// The object's entries beyond its named properties (`additionalProperties` beside
    /// `properties`): a map (`ty`) flattened into the object, `api_name` empty.
    pub flatten: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Address {
    Ipv4,
    Ipv6,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum RustType {
    String,
    Bool,
    I32,
    I64,
    F32,
    F64,
    /// Any JSON value.
    Json,
    /// A type in the generated `types` module.
    Named(String),
    Option(Box<RustType>),
    Vec(Box<RustType>),
    /// A JSON object with string keys.
    Map(Box<RustType>),
    /// Heap indirection that breaks a recursive type.
    Box(Box<RustType>),
    /// Raw bytes (`Vec<u8>`).
    Bytes,
    /// A JSON array of a fixed number of items, each of its own type (`prefixItems`):
    /// serialized and read as a JSON array of exactly these items, in order.
    Tuple(Vec<RustType>),
    /// An optional `nullable` property of a model that requests carry: absent, `null` or a
    /// value (the runtime's `Nullable<T>`). Only ever a field's whole type.
    Nullable(Box<RustType>),
}

impl RustType {
    /// Every named type this type mentions, wherever (inside `Option`, `Vec`, maps, `Box`).
    pub fn named_types<'t>(&'t self, out: &mut Vec<&'t str>) {
        match self {
            RustType::Named(n) => out.push(n),
            RustType::Tuple(items) => items.iter().for_each(|t| t.named_types(out)),
            RustType::Option(t)
            | RustType::Vec(t)
            | RustType::Map(t)
            | RustType::Box(t)
            | RustType::Nullable(t) => t.named_types(out),
            _ => {}
        }
    }

    /// The type under any `Option`, `Vec`, map and `Box`.
    pub fn innermost(&self) -> &RustType {
        match self {
            RustType::Option(t)
            | RustType::Vec(t)
            | RustType::Map(t)
            | RustType::Box(t)
            | RustType::Nullable(t) => t.innermost(),
            other => other,
        }
    }

    pub fn option(self) -> RustType {
        match self {
            RustType::Option(_) => self,
            other => RustType::Option(Box::new(other)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// `UsersApi`
    pub struct_name: String,
    /// `users` (the `Client` method)
    pub accessor: String,
    /// `users` (the module under `api`, and its file name)
    pub module: String,
    /// The tag as the document spells it.
    pub api_name: String,
    pub doc: Option<String>,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
    /// `QUERY` (OpenAPI 3.2's `query` field): a safe request with a body.
    Query,
    /// Another method (OpenAPI 3.2's `additionalOperations`), as sent: an HTTP token.
    Other(String),
}

impl Method {
    /// The method as sent (`GET`, `QUERY`, `COPY`).
    pub fn as_str(&self) -> &str {
        match self {
            Method::Query => "QUERY",
            Method::Other(name) => name,
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub fn_name: String,
    /// The request builder the method returns (`DeleteSession`), unique in its group's module.
    pub builder: String,
    /// The builder's private field holding the client: `client`, unless an input has that name.
    pub client_field: String,
    /// The builder's private field holding the caller's `RequestOptions`: `options`, unless
    /// an input has that name.
    pub options_field: String,
    /// The `operationId` as written (or, without one, `fn_name`): what traces call it.
    pub operation_id: String,
    /// Marked `x-idempotent: true`: retried after a transient failure whatever its method
    /// (`x-idempotent: false` keeps a `PUT` or `DELETE` from being retried).
    pub idempotent: Option<bool>,
    pub method: Method,
    /// The path template as written (`/users/{id}`), for docs.
    pub path: String,
    pub segments: Vec<Segment>,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// What the caller gives, in one place for emit and the API surface: the required
    /// inputs are the method's arguments, in this order; the optional ones are setters of
    /// the request builder.
    pub inputs: Vec<Input>,
    /// Documented success statuses and what they carry.
    pub success: Vec<(StatusMatch, ResponsePayload)>,
    /// What the method returns on success: the one payload all success statuses share,
    /// or a `Responses` type holding each.
    pub outcome: Outcome,
    /// The headers the success answers document, when any: read, typed, by the request
    /// builder's `with_headers()`.
    pub response_headers: Option<ResponseHeaders>,
    /// True when the success type holds secrets (so decode errors withhold the body).
    pub success_holds_secret: bool,
    /// True when the request body holds secrets (so error text hides their values).
    pub body_holds_secret: bool,
    pub errors: Vec<ErrorResponse>,
    /// Accept header value, when any response has a body.
    pub accept: Option<String>,
    /// Indexes into `Api::security_schemes` whose credentials this operation sends.
    pub security: Vec<usize>,
    /// Index into `Api::security_sets` of `security`.
    pub security_set: usize,
}

/// The headers an operation's success answers document (the Response Object's `headers`),
/// as the struct `with_headers()` reads them into.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeaders {
    /// The struct (`CreateUserHeaders`), unique in its group's module.
    pub name: String,
    /// In document order, one per name (headers' names are compared without case).
    pub headers: Vec<ResponseHeader>,
}

/// One documented response header.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The struct's field.
    pub name: String,
    /// As the document writes it (`X-Rate-Limit`).
    pub api_name: String,
    pub doc: Option<String>,
    /// The value's type (never an `Option`).
    pub ty: RustType,
    /// `required: true` on every success answer: the field is `ty`, else `Option<ty>`.
    pub required: bool,
    /// The value is a credential or a session (`Set-Cookie`, an API key's header, a
    /// `password` format): `Debug` hides it.
    pub secret: bool,
    /// What separates an array's items: `,` (OpenAPI's `simple` style), or what a Swagger
    /// 2.0 `collectionFormat` says (`|`, ` `, a tab).
    pub delimiter: String,
    /// The success statuses that document it (`201`, `2XX`, `default`).
    pub statuses: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Literal(String),
    /// Index into `Operation::params`.
    Param(usize),
    /// Text and parameters in one segment (`{name}.json`, `{owner}-{repo}`, `{name}:publish`).
    Mixed(Vec<Part>),
}

/// A piece of a [`Segment::Mixed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    /// Index into `Operation::params`.
    Param(usize),
}

impl Segment {
    /// The parameters in this segment, in order (indexes into `Operation::params`).
    pub fn params(&self) -> Vec<usize> {
        match self {
            Segment::Literal(_) => Vec::new(),
            Segment::Param(i) => vec![*i],
            Segment::Mixed(parts) => parts
                .iter()
                .filter_map(|p| match p {
                    Part::Param(i) => Some(*i),
                    Part::Text(_) => None,
                })
                .collect(),
        }
    }
}

/// Where a parameter goes: OpenAPI's `in` (`path`, `query`, `header`, `cookie`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

impl Location {
    /// The OpenAPI `in` value: `path`, `query`, `header` or `cookie`.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }

    /// What a parameter in this location is called in docs and messages: "path parameter",
    /// "query parameter", "header", "cookie".
    pub fn describe(self) -> &'static str {
        match self {
            Location::Path => "path parameter",
            Location::Query => "query parameter",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

/// A response's payload: what its body is read as (the glossary's "payload").
#[derive(Debug, Clone, PartialEq)]
pub enum ResponsePayload {
    Empty,
    Json(RustType),
    Text,
    Bytes,
    /// A documented 3XX answer, returned as the runtime's `Redirection` (status, `Location`,
    /// headers) rather than followed; its body is not read.
    Redirect,
    /// A body read item by item (OpenAPI 3.2 `itemSchema` on a sequential media type), as
    /// the runtime's `ItemStream<item>`.
    Stream(Stream),
}

/// A response body that is a sequence of items: its media type as documented, how the items
/// are cut apart, and the item type (for server-sent events, the event as an object of its
/// fields `data`, `event`, `id`, `retry`).
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    pub media_type: String,
    pub framing: Framing,
    pub item: RustType,
}

/// How the items of a [`Stream`] are cut apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `text/event-stream`: server-sent events.
    Sse,
    /// `application/jsonl`, `application/x-ndjson`: one JSON text per line.
    JsonLines,
    /// `application/json-seq` (RFC 7464): JSON texts after record separators.
    JsonSeq,
}

impl ResponsePayload {
    /// The type the payload is read as, when it is an API type (not `()`, a `Redirection`
    /// or an `ItemStream`).
    pub fn rust_type(&self) -> Option<RustType> {
        match self {
            ResponsePayload::Empty | ResponsePayload::Redirect | ResponsePayload::Stream(_) => None,
            ResponsePayload::Json(t) => Some(t.clone()),
            ResponsePayload::Text => Some(RustType::String),
            ResponsePayload::Bytes => Some(RustType::Bytes),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Every success status carries this payload.
    Single(ResponsePayload),
    /// Success statuses carry different payloads, gathered in the named `Responses` type;
    /// `variants` are its variant names, in the order of `Operation::success`.
    Enum { name: String, variants: Vec<String> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: String,
    /// The parameter name as the document and the request spell it (`userSid`).
    pub api_name: String,
    pub location: Location,
    /// The value type, without `Option`.
    pub ty: RustType,
    pub required: bool,
    /// How a query array is written: one `name=item` pair per item (`None`), or one pair
    /// of the items joined by this delimiter as it appears in the URL (`,`, `%20`, `|`).
    /// An object value: one `property=value` pair per property (`None`), or one pair of the
    /// properties and values joined by `,` (`Some(",")`).
    pub delimiter: Option<&'static str>,
    /// `style: deepObject`: an object value as `name[property]=value` pairs.
    pub deep_object: bool,
    pub doc: Option<String>,
}

/// A value the caller gives an operation: a parameter or the request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// The argument or setter name, and the request builder's field.
    pub name: String,
    pub source: InputSource,
    pub required: bool,
    pub passing: Passing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputSource {
    /// Index into `Operation::params`.
    Param(usize),
    Body,
    /// Index into `Body::alternatives`: a setter that sends the body as that media type
    /// instead.
    BodyAs(usize),
}

/// How the caller passes an input, and so how the request builder keeps it.
#[derive(Debug, Clone, PartialEq)]
pub enum Passing {
    /// `impl Into<T>`, kept as `T`.
    Into(RustType),
    /// `impl IntoIterator<Item = impl Into<T>>`, kept as `Vec<T>`.
    Items(RustType),
    /// `&'a T`, borrowed until the request is sent (JSON and form bodies).
    Ref(RustType),
    /// `&'a [T]` (JSON bodies that are arrays).
    Slice(RustType),
    /// `impl Into<reqwest::Body>`, kept as `reqwest::Body` (bodies of other media types).
    Body,
    /// `reqwest::multipart::Form`.
    Multipart,
}

impl Passing {
    /// The API type the caller's value holds (the item type for `Items` and `Slice`), when
    /// it is one.
    pub fn rust_type(&self) -> Option<&RustType> {
        match self {
            Passing::Into(t) | Passing::Items(t) | Passing::Ref(t) | Passing::Slice(t) => Some(t),
            Passing::Body | Passing::Multipart => None,
        }
    }
}

impl Api {
    /// Whether the `data` of a server-sent event decoded as `item` is JSON: the item is an
    /// object whose `data` property is not text. Without such a property (or for another
    /// item type), `data` is the event's text.
    pub fn event_data_is_json(&self, item: &RustType) -> bool {
        /// The type under `Option`, `Box` and `Nullable` (not under `Vec` or maps).
        fn bare(ty: &RustType) -> &RustType {
            match ty {
                RustType::Option(t) | RustType::Box(t) | RustType::Nullable(t) => bare(t),
                other => other,
            }
        }
        let RustType::Named(name) = bare(item) else {
            return false;
        };
        let Some(def) = self.types.iter().find(|t| &t.name == name) else {
            return false;
        };
        match &def.kind {
            TypeKind::Struct { fields } => fields
                .iter()
                .find(|f| f.api_name == "data" && !f.flatten)
                .is_some_and(|f| !matches!(bare(&f.ty), RustType::String)),
            TypeKind::Alias(t) | TypeKind::Newtype(t) => self.event_data_is_json(t),
            _ => false,
        }
    }
}

impl TypeDef {
    /// A `oneOf`/`anyOf` without a discriminator (decoded by the runtime's `fit` module).
    pub fn is_untagged_union(&self) -> bool {
        matches!(
            self.kind,
            TypeKind::OneOf {
                discriminator: None,
                ..
            }
        )
    }
}

impl Operation {
    /// Whether a documented 3XX answer is one of its results (returned, not followed).
    pub fn documents_redirect(&self) -> bool {
        self.success
            .iter()
            .any(|(_, p)| *p == ResponsePayload::Redirect)
    }

    /// Whether a success answer is read item by item ([`ResponsePayload::Stream`]).
    pub fn streams(&self) -> bool {
        self.success
            .iter()
            .any(|(_, p)| matches!(p, ResponsePayload::Stream(_)))
    }

    /// The inputs that are method arguments, in order.
    pub fn arguments(&self) -> impl Iterator<Item = &Input> {
        self.inputs.iter().filter(|i| i.required)
    }

    /// The inputs that are request-builder setters, in order.
    pub fn setters(&self) -> impl Iterator<Item = &Input> {
        self.inputs.iter().filter(|i| !i.required)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub kind: RequestPayload,
    /// The media type as written in the document (sent as `Content-Type`).
    pub media_type: String,
    pub required: bool,
    pub doc: Option<String>,
    /// The other media types the operation accepts, in document order: each a setter of
    /// the request builder that sends its body instead.
    pub alternatives: Vec<BodyAlternative>,
}

/// Another media type a request body may be sent as.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyAlternative {
    pub kind: RequestPayload,
    /// Sent as `Content-Type`.
    pub media_type: String,
    /// True when its type holds secrets (so error text hides their values).
    pub holds_secret: bool,
}

/// A request's payload: what its body is written from, by media type.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestPayload {
    Json(RustType),
    /// `text/*`: a string.
    Text,
    /// Anything else: bytes (or a stream), as `reqwest::Body`.
    Bytes,
    /// `application/x-www-form-urlencoded`, from a model; its array properties (wire names)
    /// and how each is written: a delimiter to join the items with (`encoding`'s `style`
    /// and `explode: false`, or Swagger 2.0's `collectionFormat`), or `None` for one pair
    /// per item (the default).
    Form(RustType, Vec<(String, Option<&'static str>)>),
    /// `multipart/form-data`, as a `reqwest::multipart::Form`; the parts its schema
    /// describes, for the documentation (empty without an object schema).
    Multipart(Vec<FormPart>),
}

/// A part of a `multipart/form-data` body, as its schema's property describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct FormPart {
    /// The part's name (the property's).
    pub name: String,
    pub required: bool,
    /// A file (a `format: binary` string, or a list of them), else text.
    pub file: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StatusMatch {
    Code(u16),
    /// `4XX` is `Range(4)`.
    Range(u16),
    Default,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    pub status: StatusMatch,
    /// Index into `Api::error_bodies`, when the body is a JSON model.
    pub body: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBody {
    pub variant: String,
    pub ty: RustType,
    pub doc: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The scheme's name in the document (`APIKeyHeader`).
    pub api_name: String,
    /// Field and builder-method name (`api_key`).
    pub name: String,
    /// The `static` in the generated `auth` module that describes the scheme (`API_KEY_HEADER`).
    pub static_name: String,
    pub place: Place,
    pub doc: Option<String>,
}

/// A set of security schemes some operations send the credentials of.
#[derive(Debug, Clone, PartialEq)]
pub struct SecuritySet {
    /// Its `static` in the generated `api` module, after the schemes it holds:
    /// `NO_CREDENTIAL`, `ANY_CREDENTIAL` (every scheme of the API), else `CREDENTIAL_` and
    /// the schemes' `static` names joined by `_OR_` (`CREDENTIAL_API_KEY_OR_BEARER`).
    pub name: String,
    /// Indexes into `Api::security_schemes`.
    pub schemes: Vec<usize>,
}

/// A credential's place: where a security scheme's credential is sent (the runtime's
/// `Place`). A parameter's place is its [`Location`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// In a header, after `prefix` (`Bearer ` for HTTP bearer schemes).
    Header {
        name: String,
        prefix: String,
    },
    Query(String),
    Cookie(String),
    /// HTTP basic authentication (a user name and a password).
    Basic,
}

impl Place {
    /// Where the credential goes, for docs and reports: "the `apiKey` header".
    pub fn describe(&self) -> String {
        match self {
            Place::Header { name, prefix } if prefix.is_empty() => {
                format!("the `{name}` header")
            }
            Place::Header { name, prefix } => {
                format!("the `{name}` header as `{prefix}<value>`")
            }
            Place::Query(name) => format!("the `{name}` query parameter"),
            Place::Cookie(name) => format!("the `{name}` cookie"),
            Place::Basic => "the `Authorization` header (HTTP basic)".to_owned(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct CredentialSource {
    /// `with_user_session`
    pub method: String,
    pub type_name: String,
    pub field: String,
    /// The field is `Option<String>` rather than `String`.
    pub optional: bool,
    pub scheme: usize,
}
