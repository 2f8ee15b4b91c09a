//! Emit for `api/`: one module per tag, holding the group's struct (a method per operation)
//! and, per operation, the request builder that method returns, which is sent when awaited.
//!
//! The API's names (operations, parameters) are used as they are: the generated code reads
//! the builder's fields only through a binding of its own (`op.<name>`), and the builder's
//! field for the client is named to avoid the operation's inputs.

use super::docs::{code_link, doc, from_document, inner_doc};
use super::rust_type::short_tokens as tokens;
use crate::ir::{
    Api, Field, FormPart, Framing, Group, Input, InputSource, Location, Method, Operation, Outcome,
    Param, Part, Passing, RequestPayload, ResponsePayload, RustType, Segment, StatusMatch,
};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// `api/mod.rs`: the group modules and the `Client` method that reaches each.
pub fn mod_file(api: &Api) -> TokenStream {
    let module_doc = inner_doc("The API's operations, one module per tag.");
    let (mods, accessors) =
        group_modules(api, "Operations tagged", "The operations tagged", "client");
    let sets = api.security_sets.iter().map(|set| {
        let schemes: Vec<_> = set
            .schemes
            .iter()
            .map(|i| ident(&api.security_schemes[*i].static_name))
            .collect();
        let listed: Vec<String> = set
            .schemes
            .iter()
            .map(|i| format!("`{}`", api.security_schemes[*i].api_name.replace('`', "'")))
            .collect();
        let d = doc(&if listed.is_empty() {
            "The security schemes of operations that send no credential: none.".to_owned()
        } else {
            format!(
                "The security schemes whose credentials an operation sends: {} (upper case: \
                 never the name of a group module).",
                listed.join(", ")
            )
        });
        let name = ident(&set.name);
        quote! {
            #d
            pub(crate) static #name: &[&crate::client::Scheme] = &[#(&crate::auth::#schemes),*];
        }
    });
    // An API without operations (only webhooks, say) has no sets to look up.
    let security = (!api.groups.is_empty()).then(|| quote!(#(#sets)*));
    quote! {
        #module_doc
        #(#mods)*

        impl crate::Client {
            #(#accessors)*
        }

        #security
    }
}

/// Every method's `# Errors` section: the crate root's section says once what each error
/// means.
const ERRORS: &str = "An [`Error`](crate::Error) when the request fails: [the crate's \
     errors](crate#errors) say which variant means what.";

/// The group's module docs, struct and methods.
pub(super) fn group_head(group: &Group) -> TokenStream {
    let module_doc = inner_doc(&format!("Operations tagged `{}`.", group.api_name));
    let name = ident(&group.struct_name);
    let accessor = format!("crate::Client::{}", ident(&group.accessor));
    let mut struct_doc = format!(
        "The operations tagged `{}`; reached through {}. Each method returns a request \
         builder: set its optional parameters, then `.await` it.",
        group.api_name,
        code_link(&accessor, &accessor)
    );
    if let Some(d) = &group.doc {
        struct_doc = format!("{}\n\n{struct_doc}", from_document(d));
    }
    let struct_doc = doc(&struct_doc);
    let methods = group.operations.iter().map(method);
    let imports = request_imports(group);
    quote! {
        #module_doc

        #imports

        #struct_doc
        #[derive(Debug, Clone, Copy)]
        pub struct #name<'a> {
            pub(crate) client: &'a crate::Client,
        }

        impl<'a> #name<'a> {
            #(#methods)*
        }
    }
}

/// `use crate::request::{...}` of the names of [`crate::names::REQUEST_IMPORTS`] the
/// group's operations use (an unused import would fail clippy).
fn request_imports(group: &Group) -> Option<TokenStream> {
    let ops = &group.operations;
    let used = crate::names::REQUEST_IMPORTS
        .iter()
        .filter(|name| match **name {
            "QueryStyle" => ops
                .iter()
                .any(|op| op.params.iter().any(|p| p.location == Location::Query)),
            // Every operation reads its answer with one.
            _ => !ops.is_empty(),
        });
    let names: Vec<_> = used.map(|n| ident(n)).collect();
    (!names.is_empty()).then(|| quote!(use crate::request::{#(#names),*};))
}

/// The type a caller passes for `passing`.
fn argument_type(passing: &Passing) -> TokenStream {
    match passing {
        Passing::Into(t) => {
            let t = tokens(t);
            quote!(impl Into<#t>)
        }
        Passing::Items(t) => {
            let t = tokens(t);
            quote!(impl IntoIterator<Item = impl Into<#t>>)
        }
        Passing::Ref(t) => {
            let t = tokens(t);
            quote!(&'a #t)
        }
        Passing::Slice(t) => {
            let t = tokens(t);
            quote!(&'a [#t])
        }
        Passing::Body => quote!(impl Into<::reqwest::Body>),
        Passing::Multipart => quote!(::reqwest::multipart::Form),
    }
}

/// The type the builder keeps for `passing` (without `Option`).
fn kept_type(passing: &Passing) -> TokenStream {
    match passing {
        Passing::Into(t) => tokens(t),
        Passing::Items(t) => tokens(&RustType::Vec(Box::new(t.clone()))),
        Passing::Body => quote!(::reqwest::Body),
        // Kept as passed.
        Passing::Ref(_) | Passing::Slice(_) | Passing::Multipart => argument_type(passing),
    }
}

/// The kept value made from `value`, a binding of the argument type.
fn keep(passing: &Passing, value: TokenStream) -> TokenStream {
    match passing {
        Passing::Into(_) | Passing::Body => quote!(#value.into()),
        Passing::Items(_) => {
            quote!(#value.into_iter().map(Into::into).collect())
        }
        Passing::Ref(_) | Passing::Slice(_) | Passing::Multipart => value,
    }
}

fn method(op: &Operation) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let builder = ident(&op.builder);
    let docs = doc(&method_doc(op));
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated = "deprecated in the API description"]));
    let args = op.arguments().map(|i| {
        let n = ident(&i.name);
        let t = argument_type(&i.passing);
        quote!(#n: #t)
    });
    let client = ident(&op.client_field);
    let options = ident(&op.options_field);
    let fields = op.inputs.iter().map(|i| {
        let n = ident(&i.name);
        if i.required {
            match &i.passing {
                // Kept as passed: field init shorthand.
                Passing::Ref(_) | Passing::Slice(_) | Passing::Multipart => quote!(#n),
                other => {
                    let value = keep(other, quote!(#n));
                    quote!(#n: #value)
                }
            }
        } else {
            quote!(#n: None)
        }
    });
    // The API decides how many required inputs an operation has.
    let many_args =
        (op.arguments().count() >= 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #docs
        #deprecated
        #many_args
        pub fn #fn_name(&self, #(#args),*) -> #builder<'a> {
            #builder {
                #client: self.client,
                #(#fields,)*
                #options: crate::RequestOptions::new(),
            }
        }
    }
}

fn method_doc(op: &Operation) -> String {
    let endpoint = format!("`{} {}`", op.method.as_str(), op.path);
    let mut text = match &op.doc {
        Some(d) => format!("{}\n\n{endpoint}", from_document(d)),
        None => endpoint,
    };
    let arguments: Vec<String> = op
        .arguments()
        .map(|i| format!("- `{}`: {}", i.name, in_list_item(&input_doc(op, i))))
        .collect();
    if !arguments.is_empty() {
        text.push_str("\n\n# Arguments\n");
        text.push_str(&arguments.join("\n"));
    }
    let setters: Vec<String> = op
        .setters()
        .map(|i| code_link(&i.name, &format!("{}::{}", op.builder, i.name)))
        .collect();
    text.push_str(&format!(
        "\n\nReturns the request {}{}. Awaiting it sends the request and gives {}.",
        // `struct@`: a request may be named like a derive macro (`Default`).
        code_link(&op.builder, &format!("struct@{}", op.builder)),
        if setters.is_empty() {
            String::new()
        } else {
            format!(
                ", whose optional parameters are set with {}",
                setters.join(", ")
            )
        },
        super::crate_docs::code_concat(&[
            "`Result<`",
            &super::crate_docs::result_markdown(op, false),
            "`, `[`Error`](crate::Error)`>`"
        ])
    ));
    text.push_str(&format!("\n\n# Errors\n{ERRORS}"));
    text
}

/// `text` as the text of a Markdown list item (`- ` before it): its lines after the first
/// indented under the item's text, so that a paragraph after a blank line stays in the item.
fn in_list_item(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (n, line) in text.lines().enumerate() {
        if n > 0 {
            out.push('\n');
            if !line.trim().is_empty() {
                out.push_str("  ");
            }
        }
        out.push_str(line);
    }
    out
}

/// What an input is, for its argument or setter documentation.
fn input_doc(op: &Operation, input: &Input) -> String {
    match input.source {
        InputSource::Param(i) => {
            let p = &op.params[i];
            let place = p.location.describe();
            match p.doc.as_deref().map(str::trim) {
                Some(desc) if !desc.is_empty() => {
                    let text = from_document(desc);
                    // After a list, a table, a code block or a heading, the parenthesis would
                    // join the last item or row (or break the fence): a sentence of its own.
                    if super::docs::ends_in_prose(&text) {
                        format!("{text} (the {place} `{}`)", p.api_name)
                    } else {
                        format!("{text}\n\nThe {place} `{}`.", p.api_name)
                    }
                }
                _ => format!("The {place} `{}`.", p.api_name),
            }
        }
        InputSource::Body => {
            let body = op.body.as_ref();
            let text = body
                .and_then(|b| super::docs::given(b.doc.as_deref()))
                .map_or_else(|| "The request body.".to_owned(), from_document);
            let text = text.trim();
            let text = match body {
                Some(b) if !b.alternatives.is_empty() => format!(
                    "{}, sent as `{}`; the builder's `{}_*` setters send another media type instead.",
                    text.trim_end_matches('.'),
                    b.media_type,
                    op.inputs
                        .iter()
                        .find(|i| i.source == InputSource::Body)
                        .map_or("body", |i| i.name.as_str())
                ),
                _ => text.to_owned(),
            };
            match body.map(|b| &b.kind) {
                Some(RequestPayload::Multipart(parts)) if !parts.is_empty() => {
                    format!("{text}\n\n{}", form_parts_doc(parts))
                }
                _ => text,
            }
        }
        InputSource::BodyAs(i) => {
            let media = op
                .body
                .as_ref()
                .and_then(|b| b.alternatives.get(i))
                .map_or("", |a| a.media_type.as_str());
            let body = op
                .inputs
                .iter()
                .find(|i| i.source == InputSource::Body)
                .map_or("body", |i| i.name.as_str());
            format!(
                "The request body as `{media}`, sent instead of `{body}` (the last body set is sent)."
            )
        }
    }
}

/// The parts of a `multipart/form-data` body, as a Markdown list: what the `Form` the
/// request takes should hold.
fn form_parts_doc(parts: &[FormPart]) -> String {
    let mut text = "A `multipart/form-data` form of these parts:".to_owned();
    for part in parts {
        let what = match (part.file, part.required) {
            (true, true) => " (a file, required)",
            (true, false) => " (a file)",
            (false, true) => " (required)",
            (false, false) => "",
        };
        text.push_str(&format!("\n- `{}`{what}", part.name));
        if let Some(doc) = &part.doc {
            text.push_str(&format!(": {}", in_list_item(&from_document(doc.trim()))));
        }
    }
    text
}

pub(super) fn builder(api: &Api, group: &Group, op: &Operation) -> TokenStream {
    let name = ident(&op.builder);
    let fn_name = ident(&op.fn_name);
    let client = ident(&op.client_field);
    let options = ident(&op.options_field);
    let docs = doc(&format!(
        "The request {} returns (`{} {}`): {}`.await` it to send it. \
         [`with_options`]({}::with_options) gives it a timeout, retries or headers of its own.",
        {
            let method = format!("{}::{}", group.struct_name, op.fn_name);
            code_link(&method, &method)
        },
        op.method.as_str(),
        op.path,
        if op.setters().next().is_some() {
            "set its optional parameters, then "
        } else {
            ""
        },
        op.builder,
    ));
    let fields = op.inputs.iter().map(|i| {
        let n = ident(&i.name);
        let t = kept_type(&i.passing);
        if i.required {
            quote!(#n: #t)
        } else {
            quote!(#n: Option<#t>)
        }
    });
    let setters: Vec<TokenStream> = op
        .setters()
        .map(|i| {
            let n = ident(&i.name);
            let t = argument_type(&i.passing);
            let d = doc(&input_doc(op, i));
            let value = keep(&i.passing, quote!(value));
            // One body is sent: the last one set.
            let others = matches!(i.source, InputSource::Body | InputSource::BodyAs(_))
                .then(|| {
                    op.inputs
                        .iter()
                        .filter(|o| matches!(o.source, InputSource::BodyAs(_)) && o.name != i.name)
                        .map(|o| {
                            let o = ident(&o.name);
                            quote!(self.#o = None;)
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            quote! {
                #d
                pub fn #n(mut self, value: #t) -> Self {
                    self.#n = Some(#value);
                    #(#others)*
                    self
                }
            }
        })
        .collect();
    let with_options = doc(
        "This request's own timeout, retries and extra headers (see \
         [`RequestOptions`](crate::RequestOptions)); what they leave unset is the client's.",
    );
    let ok_ty = ok_type(op);
    let request = request_fn(op);
    let set = ident(&api.security_sets[op.security_set].name);
    let arms = response_arms(api, op);
    let (with_headers, headers_struct) = response_headers(group, op).unzip();
    // Streams and multipart forms cannot be cloned; every other request can be sent again.
    let clone = op
        .inputs
        .iter()
        .all(|i| !matches!(i.passing, Passing::Body | Passing::Multipart))
        .then(|| quote!(#[derive(Clone)]));
    quote! {
        #docs
        #[must_use = "a request is sent only when it is awaited"]
        #clone
        pub struct #name<'a> {
            #client: &'a crate::Client,
            #(#fields,)*
            #options: crate::RequestOptions,
        }

        impl<'a> #name<'a> {
            #(#setters)*

            #with_options
            pub fn with_options(mut self, options: crate::RequestOptions) -> Self {
                self.#options = options;
                self
            }

            #with_headers
        }

        impl<'a> ::std::future::IntoFuture for #name<'a> {
            type Output = Result<#ok_ty, crate::Error>;
            type IntoFuture = crate::Pending<'a, #ok_ty>;

            fn into_future(self) -> Self::IntoFuture {
                crate::request::Pending::new(#fn_name(self), crate::api::#set, |response| {
                    match response.status() {
                        #arms
                    }
                })
            }
        }

        #request
        #headers_struct
    }
}

/// For an operation whose success answers document headers: the builder's `with_headers()`,
/// and the struct it reads them into.
fn response_headers(group: &Group, op: &Operation) -> Option<(TokenStream, TokenStream)> {
    let h = op.response_headers.as_ref()?;
    let name = ident(&h.name);
    let ok_ty = ok_type(op);
    let type_name = &h.name;
    let method_doc = doc(&format!(
        "Sends the request as `.await` does, and gives the answer's status and headers with \
         its value: [`{type_name}`] holds the headers the API documents, read as their \
         types.\n\n# Errors\nAs `.await`; and [`Error::HeaderDecode`](crate::Error::HeaderDecode) \
         when a documented header is not of its type, or one documented as always sent is \
         missing."
    ));
    let method = quote! {
        #method_doc
        pub fn with_headers(self) -> crate::PendingWithHeaders<'a, #ok_ty, #name> {
            ::std::future::IntoFuture::into_future(self).with_headers(#name::read)
        }
    };
    let fields: Vec<Field> = h
        .headers
        .iter()
        .map(|header| {
            let about = format!(
                "The header `{}` (on `{}`{}).",
                header.api_name,
                header.statuses.join("`, `"),
                if header.required { ", always sent" } else { "" }
            );
            Field {
                name: header.name.clone(),
                api_name: header.api_name.clone(),
                doc: Some(match &header.doc {
                    Some(d) => format!("{}\n\n{about}", from_document(d)),
                    None => about,
                }),
                ty: if header.required {
                    header.ty.clone()
                } else {
                    header.ty.clone().option()
                },
                required: header.required,
                nullable: false,
                secret: header.secret,
                read_only: true,
                deprecated: false,
                address: None,
                flatten: false,
            }
        })
        .collect();
    let secret = fields.iter().any(|f| f.secret);
    let debug = (!secret).then(|| quote!(Debug,));
    let debug_impl = secret.then(|| super::types::redacting_debug(type_name, &fields));
    let field_items = fields.iter().map(|f| {
        let d = doc(f.doc.as_deref().unwrap_or_default());
        let n = ident(&f.name);
        let t = tokens(&f.ty);
        quote!(#d pub #n: #t,)
    });
    let reads = fields.iter().zip(&h.headers).map(|(f, header)| {
        let n = ident(&f.name);
        let wire = f.api_name.to_ascii_lowercase();
        let delimiter = &header.delimiter;
        if f.required {
            quote!(#n: crate::headers::required(headers, #wire, #delimiter)?,)
        } else {
            quote!(#n: crate::headers::header(headers, #wire, #delimiter)?,)
        }
    });
    let struct_doc = doc(&format!(
        "The headers the answers of {} document: what [`with_headers`]({}::with_headers) \
         reads.",
        {
            let method = format!("{}::{}", group.struct_name, op.fn_name);
            code_link(&method, &method)
        },
        op.builder
    ));
    let item = quote! {
        #struct_doc
        #[derive(#debug Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#field_items)*
        }

        #debug_impl

        impl #name {
            fn read(
                headers: &::reqwest::header::HeaderMap,
            ) -> Result<Self, crate::headers::Fault> {
                Ok(#name { #(#reads)* })
            }
        }
    };
    Some((method, item))
}

/// The type a payload is read as, when it has one, written by `tokens`.
pub(super) fn payload_type(
    payload: &ResponsePayload,
    tokens: super::rust_type::Written,
) -> Option<TokenStream> {
    match payload {
        ResponsePayload::Redirect => Some(quote!(crate::Redirection)),
        ResponsePayload::Stream(stream) => {
            let item = tokens(&stream.item);
            Some(quote!(crate::ItemStream<#item>))
        }
        other => other.rust_type().map(|t| tokens(&t)),
    }
}

fn ok_type(op: &Operation) -> TokenStream {
    match &op.outcome {
        Outcome::Single(p) => payload_type(p, tokens).unwrap_or_else(|| quote!(())),
        Outcome::Enum { name, .. } => tokens(&RustType::Named(name.clone())),
    }
}

/// The function that makes the request a builder describes (sent when awaited).
fn request_fn(op: &Operation) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let builder = ident(&op.builder);
    let client = ident(&op.client_field);
    let method = match &op.method {
        // Methods `http` has no constant for; resolve took their names from
        // `additionalOperations` checked as HTTP tokens, which `from_bytes` accepts.
        Method::Query | Method::Other(_) => {
            let name = proc_macro2::Literal::byte_string(op.method.as_str().as_bytes());
            let message = format!("`{}` is not an HTTP method name", op.method.as_str());
            quote! {
                ::reqwest::Method::from_bytes(#name).map_err(|_| crate::Error::InvalidParameter {
                    name: "(method)",
                    message: #message.to_owned(),
                })?
            }
        }
        _ => {
            let method = ident(op.method.as_str());
            quote!(::reqwest::Method::#method)
        }
    };
    let segments = op.segments.iter().map(|s| match s {
        Segment::Literal(text) => quote!(#text),
        Segment::Param(i) => {
            let p = &op.params[*i];
            let n = ident(&p.name);
            let wire = &p.api_name;
            quote!(&crate::request::path_value(#wire, &op.#n)?)
        }
        Segment::Mixed(parts) => {
            let first = s.params().first().map(|i| op.params[*i].api_name.clone());
            let parts = parts.iter().map(|p| match p {
                Part::Text(text) => quote!(::std::borrow::Cow::Borrowed(#text)),
                Part::Param(i) => {
                    let p = &op.params[*i];
                    let n = ident(&p.name);
                    let wire = &p.api_name;
                    quote!(::std::borrow::Cow::Owned(crate::request::path_text(#wire, &op.#n)?))
                }
            });
            quote!(&crate::request::path_segment(#first, &[#(#parts),*])?)
        }
    });
    let accept = op.accept.as_ref().map(|a| quote!(.accept(#a)));
    let (id, path) = (&op.operation_id, &op.path);
    let idempotent = op.idempotent.map(|i| quote!(.idempotent(#i)));
    let options = ident(&op.options_field);
    let keep_redirects = op.documents_redirect().then(|| quote!(.keep_redirects()));
    let streamed = op.streams().then(|| quote!(.streamed()));
    let params = op.params.iter().filter_map(|p| {
        let n = ident(&p.name);
        let wire = &p.api_name;
        match p.location {
            Location::Path => None,
            Location::Query => {
                let style = query_style(p);
                Some(quote!(.query(#wire, &op.#n, #style)?))
            }
            Location::Header => Some(quote!(.header(#wire, &op.#n)?)),
            Location::Cookie => Some(quote!(.cookie(#wire, &op.#n)?)),
        }
    });
    let body = op
        .inputs
        .iter()
        .find(|i| i.source == InputSource::Body)
        .zip(op.body.as_ref())
        .map(|(input, body)| {
            let n = ident(&input.name);
            let owned = matches!(input.passing, Passing::Into(_));
            // An `Option` of a reference, or of the value to move into the request.
            let by_ref = match (input.required, owned) {
                (true, true) => quote!(Some(&op.#n)),
                (true, false) => quote!(Some(op.#n)),
                (false, true) => quote!(op.#n.as_ref()),
                (false, false) => quote!(op.#n),
            };
            let moved = if input.required {
                quote!(Some(op.#n))
            } else {
                quote!(op.#n)
            };
            let redacting = op.body_holds_secret.then(|| quote!(.redacting(&op.#n)));
            send_body(&body.kind, &body.media_type, by_ref, moved, redacting)
        });
    // Another media type set with its setter is sent instead.
    let alternatives: Vec<TokenStream> = op
        .inputs
        .iter()
        .filter_map(|input| match input.source {
            InputSource::BodyAs(i) => op.body.as_ref().map(|b| (input, &b.alternatives[i])),
            _ => None,
        })
        .map(|(input, alternative)| {
            let n = ident(&input.name);
            let owned = matches!(input.passing, Passing::Into(_));
            let by_ref = if owned {
                quote!(Some(&value))
            } else {
                quote!(Some(value))
            };
            let redacting = alternative.holds_secret.then(|| quote!(.redacting(&value)));
            let send = send_body(
                &alternative.kind,
                &alternative.media_type,
                by_ref,
                quote!(Some(value)),
                redacting,
            );
            quote!(if let Some(value) = op.#n { request #send } else)
        })
        .collect();
    let body = if alternatives.is_empty() {
        quote!(#body)
    } else {
        quote!(; let request = #(#alternatives)* { request #body })
    };
    quote! {
        fn #fn_name(op: #builder<'_>) -> Result<crate::request::Request<'_>, crate::Error> {
            let request = crate::request::Request::new(op.#client, #method, &[#(#segments),*])
                .operation(#id, #path)
                #idempotent
                .options(op.#options)
                #accept
                #keep_redirects
                #streamed
                #(#params)*
                #body;
            Ok(request)
        }
    }
}

/// The calls that give a request the body of `kind` as `media`, from `by_ref` (an `Option`
/// of a reference) or `moved` (an `Option` of the value), redacting its secrets with `redacting`.
fn send_body(
    kind: &RequestPayload,
    media: &str,
    by_ref: TokenStream,
    moved: TokenStream,
    redacting: Option<TokenStream>,
) -> TokenStream {
    match kind {
        RequestPayload::Json(_) => quote!(.json(#media, #by_ref) #redacting),
        RequestPayload::Form(_, arrays) => {
            let arrays = form_arrays(arrays);
            quote!(.form(#media, #by_ref, #arrays) #redacting)
        }
        RequestPayload::Text | RequestPayload::Bytes => quote!(.raw(#media, #moved)),
        RequestPayload::Multipart(_) => quote!(.multipart(#moved)),
    }
}

/// A form body's array properties as the runtime takes them (`&[("ids", Some(",")), ...]`).
pub(super) fn form_arrays(arrays: &[(String, Option<&'static str>)]) -> TokenStream {
    let items = arrays.iter().map(|(name, delimiter)| match delimiter {
        Some(d) => quote!((#name, Some(#d))),
        None => quote!((#name, None)),
    });
    quote!(&[#(#items),*])
}

/// How a type is named in `Error::Decode` messages.
fn describe(ty: &RustType) -> String {
    match ty {
        RustType::Named(n) => n.clone(),
        RustType::String => "string".to_owned(),
        RustType::Bool => "boolean".to_owned(),
        RustType::I32 | RustType::I64 => "integer".to_owned(),
        RustType::F32 | RustType::F64 => "number".to_owned(),
        RustType::Json => "JSON value".to_owned(),
        RustType::Option(t) | RustType::Box(t) | RustType::Nullable(t) => describe(t),
        RustType::Bytes => "bytes".to_owned(),
        RustType::Vec(t) => format!("array of {}", describe(t)),
        RustType::Map(t) => format!("map of {}", describe(t)),
        RustType::Tuple(items) => format!(
            "array of {}",
            items.iter().map(describe).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn status_pattern(status: &StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(c) => {
            let c = proc_macro2::Literal::u16_unsuffixed(*c);
            quote!(#c)
        }
        StatusMatch::Range(r) => {
            let lo = proc_macro2::Literal::u16_unsuffixed(r * 100);
            let hi = proc_macro2::Literal::u16_unsuffixed(r * 100 + 99);
            quote!(#lo..=#hi)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// Per group, its `pub mod` line (documented `{module_doc} `tag``) and the method that reaches
/// its struct (documented `{accessor_doc} `tag``), which holds the method's owner in the field
/// `field` (`client` for the API, `server` for the mocks).
pub(super) fn group_modules(
    api: &Api,
    module_doc: &str,
    accessor_doc: &str,
    field: &str,
) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let field = ident(field);
    api.groups
        .iter()
        .map(|g| {
            let m = ident(&g.module);
            let a = ident(&g.accessor);
            let s = ident(&g.struct_name);
            let module_doc = doc(&format!("{module_doc} `{}`.", g.api_name));
            let accessor_doc = doc(&format!("{accessor_doc} `{}`.", g.api_name));
            let module = quote!(#module_doc pub mod #m;);
            let accessor = quote! {
                #accessor_doc
                pub fn #a(&self) -> #m::#s<'_> {
                    #m::#s { #field: self }
                }
            };
            (module, accessor)
        })
        .unzip()
}

/// The runtime's `Secrecy` of a body: whether error text may quote it.
fn secrecy(holds_secret: bool) -> TokenStream {
    if holds_secret {
        quote!(Secrecy::HoldsSecret)
    } else {
        quote!(Secrecy::NoSecret)
    }
}

/// The runtime's `QueryStyle` of a query parameter, as the `api` modules import it.
pub(super) fn query_style(p: &Param) -> TokenStream {
    match (p.deep_object, p.delimiter) {
        (true, _) => quote!(QueryStyle::DeepObject),
        (false, Some(d)) => quote!(QueryStyle::Delimited(#d)),
        (false, None) => quote!(QueryStyle::Exploded),
    }
}

/// The expression reading `payload` from `response`.
fn read(api: &Api, payload: &ResponsePayload, secret: &TokenStream) -> TokenStream {
    match payload {
        ResponsePayload::Stream(stream) => {
            let expected = describe(&stream.item);
            let framing = match stream.framing {
                Framing::Sse => {
                    let json_data = api.event_data_is_json(&stream.item);
                    quote!(Sse { json_data: #json_data })
                }
                Framing::JsonLines => quote!(JsonLines),
                Framing::JsonSeq => quote!(JsonSeq),
            };
            quote!(response.stream(crate::stream::Framing::#framing, #expected, #secret))
        }
        ResponsePayload::Empty => quote!(Ok(())),
        ResponsePayload::Json(ty) => {
            let expected = describe(ty);
            quote!(response.json(#expected, #secret))
        }
        ResponsePayload::Text => quote!(response.text()),
        ResponsePayload::Bytes => quote!(response.bytes()),
        ResponsePayload::Redirect => quote!(Ok(response.redirection())),
    }
}

fn response_arms(api: &Api, op: &Operation) -> TokenStream {
    let mut arms = Vec::new();
    let mut success: Vec<_> = op.success.iter().enumerate().collect();
    // Exact codes before ranges so that both can be documented.
    success.sort_by_key(|(_, (s, _))| matches!(s, StatusMatch::Range(_)));
    let secret = secrecy(op.success_holds_secret);
    for (i, (status, payload)) in success {
        let pattern = status_pattern(status);
        let value = match &op.outcome {
            Outcome::Single(_) => read(api, payload, &secret),
            Outcome::Enum { name, variants } => {
                let t = tokens(&RustType::Named(name.clone()));
                let variant = ident(&variants[i]);
                match payload {
                    ResponsePayload::Empty => quote!(Ok(#t::#variant)),
                    ResponsePayload::Redirect => {
                        quote!(Ok(#t::#variant(response.redirection())))
                    }
                    other => {
                        let r = read(api, other, &secret);
                        quote!(#r.map(#t::#variant))
                    }
                }
            }
        };
        arms.push(quote!(#pattern => #value,));
    }
    let mut errors: Vec<_> = op.errors.iter().collect();
    errors.sort_by_key(|e| match e.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let variant = |i: usize| ident(&api.error_bodies[i].variant);
    let mut rest = quote!(response.unexpected(#secret));
    for e in errors {
        match (&e.status, e.body) {
            // The last arm: a documented `default` is an API error when the status is one,
            // and anything else is unexpected.
            (StatusMatch::Default, Some(i)) => {
                let v = variant(i);
                rest = quote!(response.failure(crate::ApiErrorBody::#v, #secret));
            }
            (StatusMatch::Default, None) => rest = quote!(response.failure_text(#secret)),
            (status, body) => {
                let pattern = status_pattern(status);
                let value = match body {
                    Some(i) => {
                        let v = variant(i);
                        quote!(response.api_error(crate::ApiErrorBody::#v))
                    }
                    None => quote!(response.api_error_text()),
                };
                arms.push(quote!(#pattern => Err(#value),));
            }
        }
    }
    arms.push(quote!(_ => Err(#rest),));
    quote!(#(#arms)*)
}
