//! The generated crate's public API in a comparable form, and the comparison of two of them:
//! which changes break the crate's users, and the version bump that implies.
//!
//! A surface is written next to the generated code (`api-surface.json`) so that the next
//! generation can be compared with what users of the committed crate actually have.

use crate::ir::{
    Api, Input, InputSource, Operation, Outcome, Passing, Place, ResponsePayload, RustType,
    TypeKind,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The public API of a generated crate.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Surface {
    /// What this file is (kept first, for readers of the JSON).
    #[serde(default)]
    pub about: String,
    /// The crate version it was generated as.
    pub version: String,
    /// `users().create_session` -> the operation.
    pub operations: BTreeMap<String, OperationSurface>,
    /// Type name -> the type.
    pub types: BTreeMap<String, TypeSurface>,
    /// Builder method -> where it sends the credential: a header name, `query <name>`,
    /// `cookie <name>`, or [`BASIC`] (a user name and a password).
    pub credentials: BTreeMap<String, String>,
    /// `ApiErrorBody` variants.
    pub error_bodies: BTreeSet<String>,
    /// The public items of the runtime modules the crate copies, by path, with their
    /// signatures (`client::ClientBuilder::timeout`): see `runtime_surface`.
    #[serde(default)]
    pub runtime: BTreeMap<String, String>,
}

/// Where an HTTP basic scheme's credential goes, in [`Surface::credentials`].
pub const BASIC: &str = "HTTP basic (user name, password)";

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OperationSurface {
    pub method: String,
    pub path: String,
    /// Method arguments in order (the required inputs): name and what the caller passes,
    /// then where the value goes (`query sid`, `body`).
    pub args: Vec<(String, String)>,
    /// Request-builder setters (the optional inputs): name -> what the caller passes, then
    /// where the value goes.
    #[serde(default)]
    pub setters: BTreeMap<String, String>,
    /// The request builder the method returns.
    #[serde(default)]
    pub builder: String,
    pub returns: String,
    /// Credentials it sends (builder method names).
    pub credentials: Vec<String>,
    /// The documented response headers `with_headers()` reads: field -> the header's name
    /// (in lower case: it is compared without case) and the field's type.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// The struct `with_headers()` reads them into.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub headers_type: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TypeSurface {
    /// `struct`, `enum`, `union`, `responses`, `alias`, `newtype`.
    pub kind: String,
    /// Struct fields by Rust name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, FieldSurface>,
    /// Enum values (as in JSON), union alternatives or response variants.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    /// The aliased or wrapped type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Reachable from a request (body or parameter): users build values of it.
    pub input: bool,
    /// A struct only answers carry, marked `#[non_exhaustive]`: it may gain fields.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub non_exhaustive: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct FieldSurface {
    pub json: String,
    pub ty: String,
    pub required: bool,
    pub nullable: bool,
    /// Decoded from responses, never sent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
}

/// A type as a reader of the crate's docs would write it.
fn show(ty: &RustType) -> String {
    match ty {
        RustType::String => "String".to_owned(),
        RustType::Bool => "bool".to_owned(),
        RustType::I32 => "i32".to_owned(),
        RustType::I64 => "i64".to_owned(),
        RustType::F32 => "f32".to_owned(),
        RustType::F64 => "f64".to_owned(),
        RustType::Json => "serde_json::Value".to_owned(),
        RustType::Bytes => "Vec<u8>".to_owned(),
        RustType::Named(n) => format!("types::{n}"),
        RustType::Option(t) => format!("Option<{}>", show(t)),
        RustType::Vec(t) => format!("Vec<{}>", show(t)),
        RustType::Map(t) => format!("BTreeMap<String, {}>", show(t)),
        RustType::Box(t) => format!("Box<{}>", show(t)),
        RustType::Nullable(t) => format!("Nullable<{}>", show(t)),
        RustType::Tuple(items) if items.len() == 1 => format!("({},)", show(&items[0])),
        RustType::Tuple(items) => format!(
            "({})",
            items.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// An input as the surface records it: what the caller passes (as the method's or setter's
/// signature says) and where the value goes, so that a name that moves to another parameter
/// (the document added one that took it) is a change.
fn show_input(op: &Operation, input: &Input) -> String {
    let place = match input.source {
        InputSource::Body => "body".to_owned(),
        InputSource::BodyAs(i) => format!(
            "body {}",
            op.body
                .as_ref()
                .and_then(|b| b.alternatives.get(i))
                .map_or("", |a| a.media_type.as_str())
        ),
        InputSource::Param(i) => {
            let p = &op.params[i];
            format!("{} {}", p.location.as_str(), p.api_name)
        }
    };
    format!("{} -> {place}", show_passing(&input.passing))
}

/// What the caller passes for an input, as the method's or setter's signature says.
fn show_passing(passing: &Passing) -> String {
    match passing {
        Passing::Into(t) => format!("impl Into<{}>", show(t)),
        Passing::Items(t) => format!("impl IntoIterator<Item = impl Into<{}>>", show(t)),
        Passing::Ref(t) => format!("&{}", show(t)),
        Passing::Slice(t) => format!("&[{}]", show(t)),
        Passing::Body => "impl Into<reqwest::Body>".to_owned(),
        Passing::Multipart => "reqwest::multipart::Form".to_owned(),
    }
}

/// The surface of the crate generated from `api` as version `version`.
pub fn surface(api: &Api, version: &str, about: &str) -> Surface {
    let mut s = Surface {
        about: about.to_owned(),
        version: version.to_owned(),
        ..Surface::default()
    };
    let credentials: Vec<&str> = api
        .security_schemes
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    for c in &api.security_schemes {
        let place = match &c.place {
            Place::Header { name, .. } => name.clone(),
            Place::Query(name) => format!("query {name}"),
            Place::Cookie(name) => format!("cookie {name}"),
            Place::Basic => BASIC.to_owned(),
        };
        s.credentials.insert(c.name.clone(), place);
    }
    s.error_bodies = api.error_bodies.iter().map(|b| b.variant.clone()).collect();

    for g in &api.groups {
        for op in &g.operations {
            let args = op
                .arguments()
                .map(|i| (i.name.clone(), show_input(op, i)))
                .collect();
            let setters = op
                .setters()
                .map(|i| (i.name.clone(), show_input(op, i)))
                .collect();
            let returns = match &op.outcome {
                Outcome::Single(ResponsePayload::Empty) => "()".to_owned(),
                Outcome::Single(ResponsePayload::Redirect) => "Redirection".to_owned(),
                Outcome::Single(ResponsePayload::Stream(stream)) => {
                    format!("ItemStream<{}>", show(&stream.item))
                }
                Outcome::Single(p) => p.rust_type().map(|t| show(&t)).unwrap_or_default(),
                Outcome::Enum { name, .. } => format!("types::{name}"),
            };
            s.operations.insert(
                format!("{}().{}", g.accessor, op.fn_name),
                OperationSurface {
                    method: op.method.as_str().to_owned(),
                    path: op.path.clone(),
                    args,
                    setters,
                    builder: op.builder.clone(),
                    returns,
                    credentials: op
                        .security
                        .iter()
                        .map(|i| credentials[*i].to_owned())
                        .collect(),
                    headers: op
                        .response_headers
                        .iter()
                        .flat_map(|h| &h.headers)
                        .map(|h| {
                            let ty = if h.required {
                                show(&h.ty)
                            } else {
                                format!("Option<{}>", show(&h.ty))
                            };
                            (
                                h.name.clone(),
                                format!("{}: {ty}", h.api_name.to_ascii_lowercase()),
                            )
                        })
                        .collect(),
                    headers_type: op
                        .response_headers
                        .as_ref()
                        .map(|h| h.name.clone())
                        .unwrap_or_default(),
                },
            );
        }
    }

    for def in &api.types {
        let input = def.input;
        let mut t = TypeSurface {
            input,
            non_exhaustive: !input && matches!(def.kind, TypeKind::Struct { .. }),
            ..TypeSurface::default()
        };
        match &def.kind {
            TypeKind::Struct { fields } => {
                t.kind = "struct".to_owned();
                for f in fields {
                    t.fields.insert(
                        f.name.clone(),
                        FieldSurface {
                            json: f.api_name.clone(),
                            ty: show(&f.ty),
                            required: f.required,
                            nullable: f.nullable,
                            read_only: f.read_only,
                        },
                    );
                }
            }
            TypeKind::StringEnum { variants, .. } => {
                t.kind = "enum".to_owned();
                t.variants = variants.iter().map(|v| v.value.clone()).collect();
            }
            TypeKind::OneOf { variants, .. } => {
                t.kind = "union".to_owned();
                t.variants = variants
                    .iter()
                    .map(|v| format!("{}({})", v.name, show(&v.ty)))
                    .collect();
            }
            TypeKind::Responses { variants } => {
                t.kind = "responses".to_owned();
                t.variants = variants
                    .iter()
                    .map(|v| match (&v.payload, v.payload.rust_type()) {
                        (ResponsePayload::Redirect, _) => format!("{}(Redirection)", v.name),
                        (_, Some(ty)) => format!("{}({})", v.name, show(&ty)),
                        (_, None) => v.name.clone(),
                    })
                    .collect();
            }
            TypeKind::Alias(ty) => {
                t.kind = "alias".to_owned();
                t.target = Some(show(ty));
            }
            TypeKind::Newtype(ty) => {
                t.kind = "newtype".to_owned();
                t.target = Some(show(ty));
            }
        }
        s.types.insert(def.name.clone(), t);
    }
    s
}

/// Changes between two surfaces, each one line, split by whether they break users' code.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Report {
    pub breaking: Vec<String>,
    pub non_breaking: Vec<String>,
}

/// The version bump a report implies (Cargo's rules: below 1.0.0 the minor number is major).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.breaking.is_empty() && self.non_breaking.is_empty()
    }

    pub fn bump(&self) -> Bump {
        if !self.breaking.is_empty() {
            Bump::Major
        } else if !self.non_breaking.is_empty() {
            Bump::Minor
        } else {
            Bump::None
        }
    }

    fn breaking(&mut self, line: String) {
        self.breaking.push(line);
    }

    fn fine(&mut self, line: String) {
        self.non_breaking.push(line);
    }
}

/// The smallest version after `current` that a `bump` allows (`0.y.z`: breaking bumps `y`).
pub fn next_version(current: &str, bump: Bump) -> String {
    let core = current.split(['-', '+']).next().unwrap_or(current);
    let mut parts = core.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    let (major, minor, patch) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    match (bump, major) {
        (Bump::None, _) => format!("{major}.{minor}.{patch}"),
        (Bump::Major, 0) => format!("0.{}.0", minor + 1),
        (Bump::Major, _) => format!("{}.0.0", major + 1),
        (Bump::Minor, 0) | (Bump::Patch, _) => format!("{major}.{minor}.{}", patch + 1),
        (Bump::Minor, _) => format!("{major}.{}.0", minor + 1),
    }
}

/// Whether `new` is at least `needed` (numeric comparison of major.minor.patch).
pub fn version_at_least(new: &str, needed: &str) -> bool {
    let key = |v: &str| -> (u64, u64, u64) {
        let core = v.split(['-', '+']).next().unwrap_or(v);
        let mut p = core.split('.').map(|x| x.parse::<u64>().unwrap_or(0));
        (
            p.next().unwrap_or(0),
            p.next().unwrap_or(0),
            p.next().unwrap_or(0),
        )
    };
    key(new) >= key(needed)
}

/// What changed from `old` to `new`, for users of the generated crate.
pub fn diff(old: &Surface, new: &Surface) -> Report {
    let mut r = Report::default();
    for (name, op) in &new.operations {
        match old.operations.get(name) {
            None => r.fine(format!(
                "operation `{name}` added ({} {})",
                op.method, op.path
            )),
            Some(before) => diff_operation(&mut r, name, before, op),
        }
    }
    for name in old
        .operations
        .keys()
        .filter(|n| !new.operations.contains_key(*n))
    {
        r.breaking(format!("operation `{name}` removed"));
    }
    for (name, t) in &new.types {
        match old.types.get(name) {
            None => r.fine(format!("type `{name}` added")),
            Some(before) => diff_type(&mut r, name, before, t),
        }
    }
    for name in old.types.keys().filter(|n| !new.types.contains_key(*n)) {
        r.breaking(format!("type `{name}` removed"));
    }
    for (name, header) in &new.credentials {
        match old.credentials.get(name) {
            None => r.fine(format!("credential `{name}` added (sent in `{header}`)")),
            // The methods of a basic scheme take a user name and a password; the others one value.
            Some(h) if h != header && (h == BASIC || header == BASIC) => r.breaking(format!(
                "credential `{name}` is now sent in `{header}` instead of `{h}`: its methods take other arguments"
            )),
            Some(h) if h != header => r.fine(format!(
                "credential `{name}` is now sent in `{header}` instead of `{h}`"
            )),
            Some(_) => {}
        }
    }
    for name in old
        .credentials
        .keys()
        .filter(|n| !new.credentials.contains_key(*n))
    {
        r.breaking(format!(
            "credential `{name}` removed (the builder method is gone)"
        ));
    }
    for v in new.error_bodies.difference(&old.error_bodies) {
        r.fine(format!("error body `ApiErrorBody::{v}` added"));
    }
    for v in old.error_bodies.difference(&new.error_bodies) {
        r.breaking(format!("error body `ApiErrorBody::{v}` removed"));
    }
    // A surface recorded before the runtime was recorded has nothing to compare with.
    if !old.runtime.is_empty() {
        diff_runtime(&mut r, &old.runtime, &new.runtime);
    }
    r
}

/// Changes to the public API of the runtime modules (the client, its builder, the error).
fn diff_runtime(r: &mut Report, old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) {
    for (path, signature) in new {
        match old.get(path) {
            None => {
                // A variant added to an enum users may match exhaustively breaks them.
                let owner = path.rsplit_once("::").map(|(o, _)| o);
                let exhaustive_enum = owner.and_then(|o| new.get(o)).is_some_and(|s| s == "enum");
                if signature.contains("variant") && exhaustive_enum {
                    r.breaking(format!(
                        "runtime: variant `{path}` added to an enum that is not `#[non_exhaustive]`"
                    ));
                } else {
                    r.fine(format!("runtime: `{path}` added"));
                }
            }
            Some(before) if before != signature => {
                if crate::runtime_surface::change_breaks(before, signature) {
                    r.breaking(format!(
                        "runtime: `{path}` changed from `{before}` to `{signature}`"
                    ));
                } else {
                    r.fine(format!("runtime: `{path}` gained fields (`{signature}`)"));
                }
            }
            Some(_) => {}
        }
    }
    for path in old.keys().filter(|p| !new.contains_key(*p)) {
        r.breaking(format!("runtime: `{path}` removed"));
    }
}

/// The signature part of a recorded input (`impl Into<String>` of `impl Into<String> -> query sid`).
fn signature(recorded: &str) -> &str {
    recorded.split(" -> ").next().unwrap_or(recorded)
}

fn diff_operation(r: &mut Report, name: &str, old: &OperationSurface, new: &OperationSurface) {
    if old.method != new.method || old.path != new.path {
        r.fine(format!(
            "operation `{name}` now calls {} {} (was {} {})",
            new.method, new.path, old.method, old.path
        ));
    }
    let old_args: BTreeMap<&str, &str> = old
        .args
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let new_args: BTreeMap<&str, &str> = new
        .args
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    for (arg, ty) in &new_args {
        match (old_args.get(arg), old.setters.get(*arg)) {
            (Some(before), _) if before != ty => r.breaking(format!(
                "operation `{name}`: argument `{arg}` changed from `{before}` to `{ty}`"
            )),
            (Some(_), _) => {}
            (None, Some(_)) => r.breaking(format!(
                "operation `{name}`: parameter `{arg}` is now required: an argument of the method (`{}`) instead of a setter",
                signature(ty)
            )),
            (None, None) => r.breaking(format!(
                "operation `{name}`: new required parameter `{arg}: {}`",
                signature(ty)
            )),
        }
    }
    for arg in old_args.keys().filter(|a| !new_args.contains_key(*a)) {
        match new.setters.get(*arg) {
            Some(ty) => r.breaking(format!(
                "operation `{name}`: parameter `{arg}` is now optional: a setter (`.{arg}({})`) instead of an argument of the method",
                signature(ty)
            )),
            None => r.breaking(format!("operation `{name}`: parameter `{arg}` removed")),
        }
    }
    // Setters are called by name, in any order: a new one breaks nobody.
    for (setter, ty) in &new.setters {
        match old.setters.get(setter) {
            None if old_args.contains_key(setter.as_str()) => {} // reported above
            None => r.fine(format!(
                "operation `{name}`: new optional parameter `{setter}` (setter `.{setter}({})`)",
                signature(ty)
            )),
            Some(before) if before != ty => r.breaking(format!(
                "operation `{name}`: setter `{setter}` changed from `{before}` to `{ty}`"
            )),
            Some(_) => {}
        }
    }
    for setter in old.setters.keys() {
        if !new.setters.contains_key(setter) && !new_args.contains_key(setter.as_str()) {
            r.breaking(format!(
                "operation `{name}`: optional parameter `{setter}` removed (setter `.{setter}(..)`)"
            ));
        }
    }
    let same_set =
        old_args.len() == new_args.len() && old_args.keys().all(|a| new_args.contains_key(a));
    let old_order: Vec<&str> = old.args.iter().map(|(n, _)| n.as_str()).collect();
    let new_order: Vec<&str> = new.args.iter().map(|(n, _)| n.as_str()).collect();
    if same_set && old_order != new_order {
        r.breaking(format!(
            "operation `{name}`: parameters reordered ({} -> {})",
            old_order.join(", "),
            new_order.join(", ")
        ));
    }
    if !old.builder.is_empty() && old.builder != new.builder {
        r.breaking(format!(
            "operation `{name}`: its request builder is now `{}` (was `{}`)",
            new.builder, old.builder
        ));
    }
    if old.returns != new.returns {
        r.breaking(format!(
            "operation `{name}`: returns `{}` instead of `{}`",
            new.returns, old.returns
        ));
    }
    // The headers' struct is `#[non_exhaustive]`: a new field breaks nobody.
    for (field, header) in &new.headers {
        match old.headers.get(field) {
            None => r.fine(format!(
                "operation `{name}`: new documented response header {} (field `{field}` of `.with_headers()`)",
                show_header(header)
            )),
            Some(before) if before != header => r.breaking(format!(
                "operation `{name}`: response header field `{field}` changed from {} to {}",
                show_header(before),
                show_header(header)
            )),
            Some(_) => {}
        }
    }
    for (field, header) in &old.headers {
        if !new.headers.contains_key(field) {
            r.breaking(format!(
                "operation `{name}`: response header {} removed (field `{field}` of `.with_headers()`)",
                show_header(header)
            ));
        }
    }
    if !old.headers_type.is_empty()
        && !new.headers_type.is_empty()
        && old.headers_type != new.headers_type
    {
        r.breaking(format!(
            "operation `{name}`: its response headers' struct is now `{}` (was `{}`)",
            new.headers_type, old.headers_type
        ));
    }
    if old.credentials != new.credentials {
        r.fine(format!(
            "operation `{name}`: sends credentials [{}] (was [{}])",
            new.credentials.join(", "),
            old.credentials.join(", ")
        ));
    }
}

/// A recorded header (`X-Rate-Limit: Option<i32>`) as reports quote it.
fn show_header(recorded: &str) -> String {
    match recorded.split_once(": ") {
        Some((name, ty)) => format!("`{name}` (`{ty}`)"),
        None => format!("`{recorded}`"),
    }
}

fn diff_type(r: &mut Report, name: &str, old: &TypeSurface, new: &TypeSurface) {
    if old.kind != new.kind {
        r.breaking(format!(
            "type `{name}` changed from {} to {}",
            old.kind, new.kind
        ));
        return;
    }
    if old.target != new.target {
        r.breaking(format!(
            "type `{name}` is now `{}` (was `{}`)",
            new.target.as_deref().unwrap_or("?"),
            old.target.as_deref().unwrap_or("?")
        ));
    }
    // A struct only answers carry is `#[non_exhaustive]`: no user builds it with a literal.
    if new.non_exhaustive && !old.non_exhaustive {
        r.breaking(format!(
            "type `{name}`: {}, so it is now `#[non_exhaustive]` (struct literals of it stop compiling)",
            if old.input { "no request carries it any more" } else { "only answers carry it" }
        ));
    }
    for (field, f) in &new.fields {
        match old.fields.get(field) {
            // Users build exhaustive structs with struct literals: a new field breaks those.
            None if !new.non_exhaustive && f.required => r.breaking(format!(
                "type `{name}`: new required field `{field}: {}`",
                f.ty
            )),
            None if !new.non_exhaustive => r.breaking(format!(
                "type `{name}`: new optional field `{field}: {}` in a type that requests carry (struct literals need it)",
                f.ty
            )),
            None => r.fine(format!(
                "type `{name}`: new {} field `{field}: {}` (only answers carry the type, which is `#[non_exhaustive]`)",
                if f.required { "required" } else { "optional" },
                f.ty
            )),
            Some(before) => {
                if before.ty != f.ty {
                    r.breaking(format!(
                        "type `{name}`: field `{field}` changed from `{}` to `{}`",
                        before.ty, f.ty
                    ));
                } else if before.required != f.required || before.nullable != f.nullable {
                    // Same Rust type: only what the document says about it changed.
                    r.fine(format!(
                        "type `{name}`: field `{field}` is now {} and {} (same Rust type `{}`)",
                        if f.required { "required" } else { "optional" },
                        if f.nullable { "nullable" } else { "not nullable" },
                        f.ty
                    ));
                }
                if before.read_only != f.read_only {
                    r.fine(format!(
                        "type `{name}`: field `{field}` is now {}",
                        if f.read_only {
                            "read-only (never sent in requests)"
                        } else {
                            "sent in requests (no longer read-only)"
                        }
                    ));
                }
                if before.json != f.json {
                    r.fine(format!(
                        "type `{name}`: field `{field}` is now sent as `{}` (was `{}`)",
                        f.json, before.json
                    ));
                }
            }
        }
    }
    for field in old.fields.keys().filter(|f| !new.fields.contains_key(*f)) {
        r.breaking(format!("type `{name}`: field `{field}` removed"));
    }
    let old_v: BTreeSet<&String> = old.variants.iter().collect();
    let new_v: BTreeSet<&String> = new.variants.iter().collect();
    let what = if new.kind == "enum" {
        "value"
    } else {
        "variant"
    };
    for v in new_v.difference(&old_v) {
        // Generated enums are #[non_exhaustive]; string enums also keep unknown values.
        r.fine(format!("type `{name}`: {what} `{v}` added"));
    }
    for v in old_v.difference(&new_v) {
        r.breaking(format!("type `{name}`: {what} `{v}` removed"));
    }
}
