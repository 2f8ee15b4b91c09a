//! Emit for `mock/`: the typed mock server of the cargo feature `mock`.
//!
//! Per group, a struct reached through `MockServer::<group>()`; per operation, a module with
//! its `ROUTE` (method, path, documented statuses), its `Matcher` (a setter per input with
//! the request builder's names and types, a `respond_*` method per documented status, one
//! for undocumented statuses, and `received`) and its `Inputs` (a received request read
//! back). What is the same for every API is `runtime/src/mock_server.rs`, copied as
//! `mock_server.rs`. The matcher's own methods never take an input's name: one that would
//! gets `mock_` in front.

use super::docs::{code_link, doc, inner_doc};
use super::operations::{group_modules, query_style};
use super::rust_type::short_tokens as tokens;
use crate::ir::{
    Api, Group, Input, InputSource, Location, Operation, Part, Passing, RequestPayload,
    ResponsePayload, RustType, Segment, StatusMatch, TypeKind,
};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// `mock/mod.rs`: the module's docs, the runtime's types re-exported, the group modules and
/// the `MockServer` method that reaches each.
pub fn mod_file(api: &Api) -> TokenStream {
    let text = "A typed mock server of the API, for the tests of programs that use this \
        crate (cargo feature `mock`, off by default; it adds `wiremock`).\n\n\
        [`MockServer::start`] serves on 127.0.0.1; build the client with [`MockServer::uri`]. \
        Each operation is mocked through the same group and name as the client's \
        (`mock.<group>().<operation>()`): set the inputs to match with the request \
        builder's names and types (none set: any request to the operation), answer with \
        the `respond_*` method of a documented status, which takes only the type the API \
        documents for it (`respond_undocumented` answers the others), and `.await` to mount \
        it. [`Answer::times`] expects a call count. `received()` reads the requests an \
        operation received back as its typed inputs.\n\n\
        A request that matches no mounted answer is answered `404` with a message naming the \
        closest mounted operation and what differed; it and any call count not met are \
        returned by [`MockServer::verify`], and fail the test when the server is dropped. \
        The crate's root documentation shows a test written this way.";
    let module_doc = inner_doc(text);
    let (mods, accessors) = group_modules(
        api,
        "Mocks of the operations tagged",
        "Mocks of the operations tagged",
        "server",
    );
    quote! {
        #module_doc

        pub use crate::mock_server::{Answer, Failure, Matcher, MockServer, Mounted, Unshadowed};

        #(#mods)*

        impl MockServer {
            #(#accessors)*
        }
    }
}

/// A link to the client's accessor of `group`'s operations (`crate::Client::users`).
fn client_accessor(group: &Group) -> String {
    let path = format!("crate::Client::{}", ident(&group.accessor));
    code_link(&path, &path)
}

pub(super) fn group_head(group: &Group) -> TokenStream {
    let module_doc = inner_doc(&format!(
        "Mocks of the operations tagged `{}`: a module per operation.",
        group.api_name
    ));
    let name = ident(&group.struct_name);
    let struct_doc = doc(&format!(
        "The operations tagged `{}`, to mock; reached through {}. Each method returns the \
         operation's matcher: set the inputs to match, then answer with a `respond_*` method \
         and `.await` it.",
        group.api_name,
        code_link(
            &format!("MockServer::{}", group.accessor),
            &format!("crate::mock::MockServer::{}", ident(&group.accessor))
        ),
    ));
    let methods = group.operations.iter().map(|op| {
        let m = ident(&op.fn_name);
        let d = doc(&format!(
            "Mocks `{} {}`, the request {} sends (on {}): the matcher of its requests.",
            op.method.as_str(),
            op.path,
            code_link(
                &op.fn_name,
                &format!(
                    "crate::api::{}::{}::{}",
                    ident(&group.module),
                    group.struct_name,
                    ident(&op.fn_name)
                )
            ),
            client_accessor(group),
        ));
        quote! {
            #d
            pub fn #m(&self) -> #m::Matcher<'m> {
                matcher(self.server, &#m::ROUTE, #m::Inputs::read)
            }
        }
    });
    quote! {
        #module_doc
        // The API names the operations: one may have its tag's name.
        #![allow(clippy::module_inception)]

        use crate::mock_server::{matcher, MockServer};

        #struct_doc
        #[derive(Debug, Clone, Copy)]
        pub struct #name<'m> {
            pub(crate) server: &'m MockServer,
        }

        impl<'m> #name<'m> {
            #(#methods)*
        }
    }
}

/// The methods every operation's matcher has (`runtime/src/mock_server.rs`) unless an input
/// takes one's name: the operation's matcher then has it with `mock_` in front.
const MATCHER_METHODS: &[&str] = &["respond_undocumented", "received"];

/// The name of a matcher method: `base`, or with `mock_` in front while an input has it.
pub(super) fn own_name(op: &Operation, base: &str) -> String {
    let mut name = base.to_owned();
    while op.inputs.iter().any(|i| i.name == name) {
        name = format!("mock_{name}");
    }
    name
}

/// Whether an input of the operation is named like a method every matcher has.
fn shadows(op: &Operation) -> bool {
    op.inputs
        .iter()
        .any(|i| MATCHER_METHODS.contains(&i.name.as_str()))
}

/// The responder method of a documented status: `respond_200`, `respond_4xx`,
/// `respond_default`.
pub(super) fn responder_name(op: &Operation, status: &StatusMatch) -> String {
    own_name(
        op,
        &match status {
            StatusMatch::Code(c) => format!("respond_{c}"),
            StatusMatch::Range(r) => format!("respond_{r}xx"),
            StatusMatch::Default => "respond_default".to_owned(),
        },
    )
}

/// Whether `ty` is sent as an object (a model or a map): its query form differs.
fn is_object(api: &Api, ty: &RustType) -> bool {
    match ty {
        RustType::Map(_) => true,
        RustType::Box(t) | RustType::Option(t) => is_object(api, t),
        RustType::Named(n) => {
            api.types
                .iter()
                .find(|t| &t.name == n)
                .is_some_and(|t| match &t.kind {
                    TypeKind::Struct { .. } => true,
                    TypeKind::Alias(inner) | TypeKind::Newtype(inner) => is_object(api, inner),
                    _ => false,
                })
        }
        _ => false,
    }
}

/// The media type and kind of the body an input sends, if it sends one.
fn body_of<'o>(op: &'o Operation, input: &Input) -> Option<(&'o str, &'o RequestPayload)> {
    let body = op.body.as_ref()?;
    match input.source {
        InputSource::Body => Some((&body.media_type, &body.kind)),
        InputSource::BodyAs(i) => body
            .alternatives
            .get(i)
            .map(|a| (a.media_type.as_str(), &a.kind)),
        InputSource::Param(_) => None,
    }
}

/// The type an input is read back as (without `Option`).
fn read_type(passing: &Passing) -> TokenStream {
    match passing {
        Passing::Into(t) | Passing::Ref(t) => tokens(t),
        Passing::Items(t) | Passing::Slice(t) => tokens(&RustType::Vec(Box::new(t.clone()))),
        Passing::Body | Passing::Multipart => quote!(Vec<u8>),
    }
}

/// Whether the `Inputs` field of `input` is optional: inputs that are not required, and
/// bodies of an operation that accepts other media types (one of them is sent).
fn optional_field(op: &Operation, input: &Input) -> bool {
    let alternatives = op.body.as_ref().is_some_and(|b| !b.alternatives.is_empty());
    !input.required || (alternatives && !matches!(input.source, InputSource::Param(_)))
}

/// The matcher's setter of `input`, `None` for a multipart body (which cannot be matched).
fn setter(op: &Operation, input: &Input) -> Option<TokenStream> {
    let n = ident(&input.name);
    let (ty, value) = match &input.passing {
        Passing::Into(t) => {
            let t = tokens(t);
            (quote!(impl Into<#t>), quote!(let value: #t = value.into();))
        }
        Passing::Items(t) => {
            let t = tokens(t);
            (
                quote!(impl IntoIterator<Item = impl Into<#t>>),
                quote!(let value: Vec<#t> = value.into_iter().map(Into::into).collect();),
            )
        }
        Passing::Ref(t) => {
            let t = tokens(t);
            (quote!(&#t), quote!())
        }
        Passing::Slice(t) => {
            let t = tokens(t);
            (quote!(&[#t]), quote!())
        }
        Passing::Body => (quote!(impl Into<::reqwest::Body>), quote!()),
        Passing::Multipart => return None,
    };
    // A reference to the value, for the encoders that take one.
    let by_ref = match &input.passing {
        Passing::Ref(_) | Passing::Slice(_) => quote!(value),
        _ => quote!(&value),
    };
    let call = match input.source {
        InputSource::Param(i) => {
            let p = &op.params[i];
            let wire = &p.api_name;
            match p.location {
                Location::Path => quote!(.path(#wire, #by_ref)),
                Location::Query => {
                    let style = query_style(p);
                    quote!(.query(#wire, #by_ref, #style))
                }
                Location::Header => quote!(.header(#wire, #by_ref)),
                Location::Cookie => quote!(.cookie(#wire, #by_ref)),
            }
        }
        InputSource::Body | InputSource::BodyAs(_) => {
            let (media, kind) = body_of(op, input)?;
            match kind {
                RequestPayload::Json(_) => quote!(.json(#by_ref)),
                RequestPayload::Form(_, arrays) => {
                    let arrays = super::operations::form_arrays(arrays);
                    quote!(.form(#media, #by_ref, #arrays))
                }
                RequestPayload::Text | RequestPayload::Bytes => quote!(.raw(#media, value)),
                RequestPayload::Multipart(_) => return None,
            }
        }
    };
    let what = match input.source {
        InputSource::Param(i) => {
            let p = &op.params[i];
            let place = p.location.describe();
            format!("{place} `{}`", p.api_name)
        }
        _ => "body".to_owned(),
    };
    let d = doc(&format!(
        "Matches the requests whose {what} is `value`, encoded as the operation sends it.\n\n\
         # Panics\nWhen the operation would refuse to send `value`{}.",
        if matches!(input.passing, Passing::Body) {
            ", or when it is a stream (its bytes cannot be known beforehand)"
        } else {
            ""
        }
    ));
    Some(quote! {
        #d
        pub fn #n(mut self, value: #ty) -> Self {
            #value
            self.expectation = self.expectation #call;
            self
        }
    })
}

/// The responder of a status and what it carries.
fn responder(
    op: &Operation,
    status: &StatusMatch,
    payload: &ResponsePayload,
    error_model: Option<&RustType>,
) -> TokenStream {
    let name = responder_name(op, status);
    let n = ident(&name);
    let (status_arg, status_value, status_text) = match status {
        StatusMatch::Code(c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(*c);
            (quote!(), quote!(#c), format!("`{c}`"))
        }
        StatusMatch::Range(r) => (
            quote!(status: u16,),
            quote!(status),
            format!("`status` (a `{r}XX` status not documented on its own)"),
        ),
        StatusMatch::Default => (
            quote!(status: u16,),
            quote!(status),
            "`status` (a status not documented on its own: `default`)".to_owned(),
        ),
    };
    let json = |t: &RustType| match t {
        RustType::Vec(inner) => {
            let inner = tokens(inner);
            quote!(&[#inner])
        }
        other => {
            let t = tokens(other);
            quote!(&#t)
        }
    };
    let (body_arg, reply, carries) = match (error_model, payload) {
        (Some(model), _) => (
            {
                let t = json(model);
                quote!(body: #t,)
            },
            quote!(Reply::json(body)),
            "`body` as JSON".to_owned(),
        ),
        (None, ResponsePayload::Json(t)) => (
            {
                let t = json(t);
                quote!(body: #t,)
            },
            quote!(Reply::json(body)),
            "`body` as JSON".to_owned(),
        ),
        (None, ResponsePayload::Text) => (
            quote!(body: impl Into<String>,),
            quote!(Reply::text(body)),
            "`body` as `text/plain`".to_owned(),
        ),
        (None, ResponsePayload::Bytes) => (
            quote!(body: impl Into<Vec<u8>>,),
            quote!(Reply::bytes("application/octet-stream", body)),
            "`body` as `application/octet-stream`".to_owned(),
        ),
        (None, ResponsePayload::Stream(stream)) => {
            let media = &stream.media_type;
            (
                quote!(body: impl Into<Vec<u8>>,),
                quote!(Reply::bytes(#media, body)),
                format!("`body` as `{media}`, as it is: the items framed as that media type says"),
            )
        }
        (None, ResponsePayload::Redirect) => (
            quote!(location: &str,),
            quote!(Reply::Redirect(ToString::to_string(location))),
            "`location` as its `Location` header".to_owned(),
        ),
        (None, ResponsePayload::Empty) => (quote!(), quote!(Reply::Empty), "no body".to_owned()),
    };
    let panics = match status {
        StatusMatch::Code(_) => String::new(),
        _ => "\n\n# Panics\nWhen `status` is documented otherwise, or is not one this answers."
            .to_owned(),
    };
    let d = doc(&format!(
        "Answers the matched requests {status_text} with {carries}. `.await` it to mount \
         it.{panics}"
    ));
    quote! {
        #d
        pub fn #n(self, #status_arg #body_arg) -> Answer<'m> {
            self.expectation.answer(self.server, #status_value, Some(#name), #reply)
        }
    }
}

/// The expression reading `input` from `received` (a `mock_server::Received`), as the
/// `Option` of its value.
fn read(api: &Api, op: &Operation, input: &Input) -> TokenStream {
    let t = read_type(&input.passing);
    match input.source {
        InputSource::Param(i) => {
            let p = &op.params[i];
            let wire = &p.api_name;
            match p.location {
                Location::Path => quote!(received.path::<#t>(#wire)),
                Location::Query => {
                    let style = query_style(p);
                    if p.deep_object || is_object(api, &p.ty) {
                        let others = op
                            .params
                            .iter()
                            .filter(|o| o.location == Location::Query && o.api_name != p.api_name)
                            .map(|o| o.api_name.as_str());
                        quote!(received.query_object::<#t>(#wire, #style, &[#(#others),*]))
                    } else {
                        quote!(received.query::<#t>(#wire, #style))
                    }
                }
                Location::Header => quote!(received.header::<#t>(#wire)),
                Location::Cookie => quote!(received.cookie::<#t>(#wire)),
            }
        }
        InputSource::Body | InputSource::BodyAs(_) => {
            let Some((media, kind)) = body_of(op, input) else {
                return quote!(None);
            };
            let value = match (&input.passing, kind) {
                (Passing::Body | Passing::Multipart, _)
                | (_, RequestPayload::Bytes | RequestPayload::Multipart(_)) => {
                    quote!(received.bytes())
                }
                (_, RequestPayload::Json(_)) => quote!(received.json::<#t>()),
                (_, RequestPayload::Form(_, arrays)) => {
                    let arrays = super::operations::form_arrays(arrays);
                    quote!(received.form::<#t>(#arrays))
                }
                (_, RequestPayload::Text) => quote!(received.text()),
            };
            let alternatives = op.body.as_ref().is_some_and(|b| !b.alternatives.is_empty());
            if alternatives {
                quote!(if received.sent_as(#media) { #value } else { None })
            } else {
                value
            }
        }
    }
}

/// One operation's module: `ROUTE`, `Matcher`, `Inputs`.
pub(super) fn operation(api: &Api, group: &Group, op: &Operation) -> TokenStream {
    let m = ident(&op.fn_name);
    let operation = format!("{}.{}", group.accessor, op.fn_name);
    let method = op.method.as_str();
    let path = &op.path;
    let segments = op.segments.iter().map(|s| match s {
        Segment::Literal(text) => quote!(Segment::Literal(#text)),
        Segment::Param(i) => {
            let wire = &op.params[*i].api_name;
            quote!(Segment::Param(#wire))
        }
        Segment::Mixed(parts) => {
            let parts = parts.iter().map(|p| match p {
                Part::Text(t) => quote!(Part::Text(#t)),
                Part::Param(i) => {
                    let wire = &op.params[*i].api_name;
                    quote!(Part::Param(#wire))
                }
            });
            quote!(Segment::Mixed(&[#(#parts),*]))
        }
    });
    let mut documented: Vec<(&StatusMatch, &ResponsePayload, Option<&RustType>)> =
        op.success.iter().map(|(s, p)| (s, p, None)).collect();
    for e in &op.errors {
        let model = e.body.map(|i| &api.error_bodies[i].ty);
        documented.push((&e.status, &ResponsePayload::Empty, model));
    }
    let statuses = documented.iter().map(|(s, _, _)| {
        let name = responder_name(op, s);
        match s {
            StatusMatch::Code(c) => {
                let c = proc_macro2::Literal::u16_unsuffixed(*c);
                quote!(Status::Code(#c, #name))
            }
            StatusMatch::Range(r) => {
                let r = proc_macro2::Literal::u16_unsuffixed(*r);
                quote!(Status::Range(#r, #name))
            }
            StatusMatch::Default => quote!(Status::Default(#name)),
        }
    });
    let setters = op.inputs.iter().filter_map(|i| setter(op, i));
    let responders = documented
        .iter()
        .map(|(s, p, model)| responder(op, s, p, *model));
    let fields = op.inputs.iter().map(|i| {
        let n = ident(&i.name);
        let t = read_type(&i.passing);
        let d = doc(&match i.passing {
            Passing::Body | Passing::Multipart => format!("`{}`: the body's bytes.", i.name),
            _ => format!("`{}`, as the request builder takes it.", i.name),
        });
        if optional_field(op, i) {
            quote!(#d pub #n: Option<#t>)
        } else {
            quote!(#d pub #n: #t)
        }
    });
    let reads = op.inputs.iter().map(|i| {
        let n = ident(&i.name);
        let value = read(api, op, i);
        if optional_field(op, i) {
            quote!(#n: #value)
        } else {
            let name = &i.name;
            quote!(#n: received.required(#name, #value))
        }
    });
    let read_fn = if op.inputs.is_empty() {
        quote! {
            pub(crate) fn read(_: &Received) -> Self {
                Inputs {}
            }
        }
    } else {
        quote! {
            pub(crate) fn read(received: &Received) -> Self {
                Inputs {
                    #(#reads,)*
                }
            }
        }
    };
    let module_doc = doc(&format!(
        "The mock of `{method} {path}` ({}`().{}`).",
        client_accessor(group),
        op.fn_name
    ));
    let undocumented_name = own_name(op, "respond_undocumented");
    let received_name = own_name(op, "received");
    let shadowed = shadows(op);
    let read_back = if shadowed {
        format!("`{received_name}`")
    } else {
        "[`received`](crate::mock::Matcher::received)".to_owned()
    };
    let matcher_doc = doc(&format!(
        "The requests to `{method} {path}` to answer: every one, until the setters (named as \
         the operation's inputs) narrow them. Answer them with a `respond_*` method and \
         `.await` it; {read_back} reads them back."
    ));
    // Where an input takes the name of a method every matcher has, the matcher has both
    // under names of its own.
    let (own_methods, unshadowed) = if shadowed {
        let undocumented = ident(&undocumented_name);
        let received = ident(&received_name);
        let undocumented_doc = doc(
            "Answers the matched requests with a status the API does not document for the \
             operation, and `body` as `content_type` (see \
             [`Matcher::respond_undocumented`](crate::mock::Matcher::respond_undocumented)). \
             `.await` it to mount it.\n\n\
             # Panics\nWhen `status` is documented (answer it with its own `respond_*` \
             method), or when `content_type` is not a valid header value.",
        );
        let received_doc = doc(
            "The requests the server received that this matcher matches, read back as the \
             operation's inputs, in the order received.\n\n\
             # Panics\nWhen a received request holds a value that does not read as its \
             input's type.",
        );
        let methods = quote! {
            #undocumented_doc
            pub fn #undocumented(self, status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Answer<'m> {
                crate::mock_server::respond_undocumented(self, status, content_type, body)
            }

            #received_doc
            pub async fn #received(&self) -> Vec<Inputs> {
                crate::mock_server::received(self).await
            }
        };
        (methods, quote!())
    } else {
        (
            quote!(),
            quote!(impl crate::mock_server::Unshadowed for Inputs {}),
        )
    };
    let items = quote! {
        /// How the operation's requests are reached, and its documented statuses.
        pub(crate) static ROUTE: Route = Route {
            operation: #operation,
            method: #method,
            path: #path,
            segments: &[#(#segments),*],
            statuses: &[#(#statuses),*],
            undocumented: #undocumented_name,
        };

        #matcher_doc
        pub type Matcher<'m> = crate::mock_server::Matcher<'m, Inputs>;

        impl<'m> Matcher<'m> {
            #(#setters)*

            #(#responders)*

            #own_methods
        }

        #unshadowed

        /// A request the operation received, read back as its inputs.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct Inputs {
            #(#fields,)*
        }

        impl Inputs {
            #read_fn
        }
    };
    let imports = runtime_imports(op, !documented.is_empty());
    quote! {
        #module_doc
        pub mod #m {
            #imports
            #items
        }
    }
}

/// The runtime items an operation's module writes by their own names: the mock server's
/// (`runtime/src/mock_server.rs`) and the query styles of `runtime/src/request.rs`.
const MOCK_SERVER_ITEMS: &[&str] = &[
    "Answer", "Part", "Received", "Reply", "Route", "Segment", "Status",
];

/// The `use` of the runtime items an operation's module writes (see [`MOCK_SERVER_ITEMS`]):
/// those of a path's segments, of documented statuses and of query parameters only when it
/// has them, so that no import goes unused.
fn runtime_imports(op: &Operation, has_statuses: bool) -> TokenStream {
    let names = MOCK_SERVER_ITEMS
        .iter()
        .filter(|name| match **name {
            "Segment" => !op.segments.is_empty(),
            "Part" => op.segments.iter().any(|s| matches!(s, Segment::Mixed(_))),
            "Status" => has_statuses,
            _ => true,
        })
        .map(|name| ident(name));
    let query = op.inputs.iter().any(|i| match i.source {
        InputSource::Param(p) => op.params[p].location == Location::Query,
        _ => false,
    });
    let query_style = query.then(|| quote!(request::QueryStyle,));
    quote! {
        use crate::{mock_server::{#(#names),*}, #query_style};
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The methods [`MATCHER_METHODS`] lists are the public ones the runtime's generic
    /// `Matcher` has (as the build script read them from `runtime/src/mock_server.rs`).
    #[test]
    fn matcher_methods_are_the_runtimes() {
        let items = crate::runtime_surface::items(&["mock_server"]);
        let mut runtime: Vec<&str> = items
            .keys()
            .filter_map(|path| path.strip_prefix("mock_server::Matcher<'m,I>::"))
            .collect();
        runtime.sort_unstable();
        let mut listed = MATCHER_METHODS.to_vec();
        listed.sort_unstable();
        assert_eq!(runtime, listed);
    }

    /// The names an operation's module imports are the runtime's own (that it imports only
    /// those it writes, the fixture crates' clippy checks: an unused import fails it).
    #[test]
    fn operations_import_runtime_items() {
        let file = syn::parse_file(super::super::runtime::MOCK_SERVER.text).unwrap();
        let defined: Vec<String> = file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Struct(s) => Some(s.ident.to_string()),
                syn::Item::Enum(e) => Some(e.ident.to_string()),
                _ => None,
            })
            .collect();
        for name in MOCK_SERVER_ITEMS {
            assert!(defined.iter().any(|d| d == name), "{name}");
        }
    }
}
