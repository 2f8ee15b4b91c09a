//! Emit for `api/`: one module per tag, one async method per operation.

use super::docs::{doc, inner_doc};
use super::rust_type::{param_tokens, tokens};
use crate::ir::{
    Api, Body, BodyKind, Group, Location, Operation, Outcome, Param, Payload, RustType, Segment,
    StatusMatch,
};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// `api/mod.rs`: the group modules and the `Client` method that reaches each.
pub fn mod_file(api: &Api) -> TokenStream {
    let module_doc = inner_doc("The API's operations, one module per tag.");
    let mods = api.groups.iter().map(|g| {
        let m = ident(&g.accessor);
        let d = doc(&format!("Operations tagged `{}`.", g.tag));
        quote!(#d pub mod #m;)
    });
    let accessors = api.groups.iter().map(|g| {
        let m = ident(&g.accessor);
        let s = ident(&g.struct_name);
        let d = doc(&format!("The operations tagged `{}`.", g.tag));
        quote! {
            #d
            pub fn #m(&self) -> #m::#s<'_> {
                #m::#s { client: self }
            }
        }
    });
    quote! {
        #module_doc
        #(#mods)*

        impl crate::Client {
            #(#accessors)*
        }
    }
}

/// `api/<tag>.rs`.
pub fn group_file(api: &Api, group: &Group) -> TokenStream {
    let module_doc = inner_doc(&format!("Operations tagged `{}`.", group.tag));
    let name = ident(&group.struct_name);
    let mut struct_doc = format!(
        "The operations tagged `{}`; reached through [`crate::Client::{}`].",
        group.tag, group.accessor
    );
    if let Some(d) = &group.doc {
        struct_doc = format!("{d}\n\n{struct_doc}");
    }
    let struct_doc = doc(&struct_doc);
    let methods = group.operations.iter().map(|op| operation(api, op));
    quote! {
        #module_doc

        use crate::error::Error;

        #struct_doc
        #[derive(Debug, Clone, Copy)]
        pub struct #name<'a> {
            pub(crate) client: &'a crate::Client,
        }

        impl #name<'_> {
            #(#methods)*
        }
    }
}

fn operation(api: &Api, op: &Operation) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let docs = doc(&operation_doc(op));
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated = "deprecated in the API description"]));

    let path_params: Vec<&Param> = op
        .segments
        .iter()
        .filter_map(|s| match s {
            Segment::Param(i) => Some(&op.params[*i]),
            Segment::Literal(_) => None,
        })
        .collect();
    let other_params: Vec<&Param> = op
        .params
        .iter()
        .filter(|p| p.location != Location::Path)
        .collect();
    let mut args: Vec<TokenStream> = path_params.iter().map(|p| arg(p)).collect();
    if let Some(body) = &op.body {
        let ty = body_tokens(body);
        args.push(quote!(body: #ty));
    }
    args.extend(other_params.iter().map(|p| arg(p)));

    let segments = op.segments.iter().map(|s| match s {
        Segment::Literal(text) => quote!(#text),
        Segment::Param(i) => {
            let p = &op.params[*i];
            let n = ident(&p.name);
            let wire = &p.wire_name;
            quote!(&crate::client::path_value(#wire, &#n)?)
        }
    });
    let method = ident(op.method.as_str());
    let accept = op
        .accept
        .as_ref()
        .map(|a| quote!(let request = request.header(::reqwest::header::ACCEPT, #a);));
    let has_cookies = other_params.iter().any(|p| p.location == Location::Cookie);
    let cookie_jar = has_cookies.then(|| quote!(let mut cookies = ::std::vec::Vec::new();));
    let params = other_params.iter().map(|p| send_param(p));
    let send_cookies =
        has_cookies.then(|| quote!(let request = crate::client::with_cookies(request, &cookies)?;));
    let body = op.body.as_ref().map(send_body);
    let schemes = op.security.iter().map(|i| {
        let v = ident(&api.security_schemes[*i].variant);
        quote!(crate::client::Scheme::#v)
    });
    let ok_ty = match &op.outcome {
        Outcome::Single(p) => p
            .rust_type()
            .map(|t| tokens(&t))
            .unwrap_or_else(|| quote!(())),
        Outcome::Enum { name, .. } => tokens(&RustType::Named(name.clone())),
    };
    let arms = response_arms(api, op);
    // The API decides how many parameters an operation has.
    let many_args = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));

    quote! {
        #docs
        #deprecated
        #many_args
        pub async fn #fn_name(&self, #(#args),*) -> ::std::result::Result<#ok_ty, Error> {
            let url = self.client.endpoint(&[#(#segments),*]);
            let request = self.client.http_client().request(::reqwest::Method::#method, url);
            #accept
            #cookie_jar
            #(#params)*
            #send_cookies
            #body
            let request = self.client.authorize(request, &[#(#schemes),*]);
            let response = self.client.send(request).await?;
            let status = response.status();
            match status.as_u16() {
                #arms
            }
        }
    }
}

fn send_body(b: &Body) -> TokenStream {
    let media = &b.media_type;
    let with = |body: TokenStream| match &b.kind {
        BodyKind::Json(_) => quote!(request.json(#body)),
        BodyKind::Form(_) => quote!(request.form(#body)),
        BodyKind::Multipart => quote!(request.multipart(#body)),
        BodyKind::Text => quote! {
            request.header(::reqwest::header::CONTENT_TYPE, #media).body(#body.to_owned())
        },
        BodyKind::Bytes => quote! {
            request.header(::reqwest::header::CONTENT_TYPE, #media).body(#body)
        },
    };
    if b.required {
        let send = with(quote!(body));
        quote!(let request = #send;)
    } else {
        let send = with(quote!(body));
        quote! {
            let request = match body {
                ::std::option::Option::Some(body) => #send,
                ::std::option::Option::None => request,
            };
        }
    }
}

fn operation_doc(op: &Operation) -> String {
    let endpoint = format!("`{} {}`", op.method.as_str(), op.path);
    let mut text = match &op.doc {
        Some(d) => format!("{d}\n\n{endpoint}"),
        None => endpoint,
    };
    let documented: Vec<String> = op
        .params
        .iter()
        .map(|p| {
            let desc = p.doc.as_deref().unwrap_or("(no description)").trim();
            let optional = if p.required {
                ""
            } else {
                " (optional: `None` sends nothing)"
            };
            format!("- `{}`{optional}: {desc}", p.name)
        })
        .chain(op.body.iter().map(|b| {
            format!(
                "- `body`: {}",
                b.doc.as_deref().unwrap_or("the request body").trim()
            )
        }))
        .collect();
    if !documented.is_empty() {
        text.push_str("\n\n# Parameters\n");
        text.push_str(&documented.join("\n"));
    }
    text.push_str(
        "\n\n# Errors\n[`Error::Api`] for an error response the API documents, \
         [`Error::UnexpectedStatus`] for any other non-success status, \
         [`Error::Decode`] for a success body that does not parse, \
         [`Error::Transport`] when the exchange fails.",
    );
    text
}

fn arg(p: &Param) -> TokenStream {
    let n = ident(&p.name);
    let ty = param_tokens(&p.ty);
    if p.required {
        quote!(#n: #ty)
    } else {
        quote!(#n: ::std::option::Option<#ty>)
    }
}

fn body_tokens(body: &Body) -> TokenStream {
    let ty = match &body.kind {
        BodyKind::Json(t) | BodyKind::Form(t) => match t {
            RustType::Vec(inner) => {
                let inner = tokens(inner);
                quote!(&[#inner])
            }
            RustType::String => quote!(&str),
            other => {
                let t = tokens(other);
                quote!(&#t)
            }
        },
        BodyKind::Text => quote!(&str),
        BodyKind::Bytes if body.required => {
            return quote!(impl ::std::convert::Into<::reqwest::Body>)
        }
        BodyKind::Bytes => quote!(::reqwest::Body),
        BodyKind::Multipart => quote!(::reqwest::multipart::Form),
    };
    if body.required {
        ty
    } else {
        quote!(::std::option::Option<#ty>)
    }
}

fn send_param(p: &Param) -> TokenStream {
    let n = ident(&p.name);
    let wire = &p.wire_name;
    let send = match p.location {
        Location::Query => {
            let explode = p.explode;
            quote!(crate::client::query(request, #wire, &value, #explode)?)
        }
        Location::Header => quote!(crate::client::header(request, #wire, &value)?),
        Location::Cookie => quote!({
            crate::client::cookie(&mut cookies, #wire, &value)?;
            request
        }),
        Location::Path => quote!(request),
    };
    if p.required {
        quote! {
            let value = #n;
            let request = #send;
        }
    } else {
        quote! {
            let request = match #n {
                ::std::option::Option::Some(value) => #send,
                ::std::option::Option::None => request,
            };
        }
    }
}

fn describe(ty: &RustType) -> String {
    match ty {
        RustType::Named(n) => n.clone(),
        RustType::String => "string".to_owned(),
        RustType::Bool => "boolean".to_owned(),
        RustType::I32 | RustType::I64 => "integer".to_owned(),
        RustType::F32 | RustType::F64 => "number".to_owned(),
        RustType::Json => "JSON value".to_owned(),
        RustType::Option(t) | RustType::Box(t) => describe(t),
        RustType::Bytes => "bytes".to_owned(),
        RustType::Vec(t) => format!("array of {}", describe(t)),
        RustType::Map(t) => format!("map of {}", describe(t)),
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

/// The expression reading `payload` from `response`.
fn read(payload: &Payload, secret: bool) -> TokenStream {
    match payload {
        Payload::Empty => quote!(::std::result::Result::Ok(())),
        Payload::Json(ty) => {
            let t = tokens(ty);
            let expected = describe(ty);
            quote!(crate::client::decode_json::<#t>(response, #expected, #secret).await)
        }
        Payload::Text => quote!(crate::client::read_text(response).await),
        Payload::Bytes => quote!(crate::client::read_bytes(response).await),
    }
}

fn response_arms(api: &Api, op: &Operation) -> TokenStream {
    let mut arms = Vec::new();
    let mut success: Vec<_> = op.success.iter().enumerate().collect();
    // Exact codes before ranges so that both can be documented.
    success.sort_by_key(|(_, (s, _))| matches!(s, StatusMatch::Range(_)));
    let secret = op.success_holds_secret;
    for (i, (status, payload)) in success {
        let pattern = status_pattern(status);
        let value = match &op.outcome {
            Outcome::Single(_) => read(payload, secret),
            Outcome::Enum { name, variants } => {
                let t = tokens(&RustType::Named(name.clone()));
                let variant = ident(&variants[i]);
                match payload {
                    Payload::Empty => quote!(::std::result::Result::Ok(#t::#variant)),
                    other => {
                        let r = read(other, secret);
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
    for e in errors {
        let value = match e.body {
            Some(i) => {
                let b = &api.error_bodies[i];
                let t = tokens(&b.ty);
                let v = ident(&b.variant);
                quote!(crate::client::api_error::<#t>(response, crate::error::ApiErrorBody::#v).await)
            }
            None => quote!(crate::client::api_error_text(response).await),
        };
        let arm = match &e.status {
            StatusMatch::Default => {
                quote!(_ if status.is_client_error() || status.is_server_error() => ::std::result::Result::Err(#value),)
            }
            other => {
                let pattern = status_pattern(other);
                quote!(#pattern => ::std::result::Result::Err(#value),)
            }
        };
        arms.push(arm);
    }
    arms.push(
        quote!(_ => ::std::result::Result::Err(crate::client::unexpected_status(response).await),),
    );
    quote!(#(#arms)*)
}
