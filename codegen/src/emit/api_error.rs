//! Emit for `api_error.rs`: `ApiErrorBody`, the bodies of the API's error responses (the
//! runtime's `error.rs` re-exports it next to `Error`).

use super::docs::{doc, inner_doc};
use crate::ir::{Api, ErrorBody, RustType, TypeKind};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

pub fn file(api: &Api) -> TokenStream {
    let module_doc = inner_doc("The bodies of the API's error responses.");
    let variants = api.error_bodies.iter().map(|b| {
        let d = doc(&b.doc);
        let v = ident(&b.variant);
        let ty = super::rust_type::tokens(&b.ty);
        quote!(#d #v(#ty),)
    });
    let def = |b: &ErrorBody| match &b.ty {
        RustType::Named(name) => api.types.iter().find(|t| &t.name == name),
        _ => None,
    };
    // A struct whose fields are all optional parses from any JSON object: when none is
    // set, the model says nothing and the error shows the body's text instead.
    let blank = api.error_bodies.iter().filter_map(|b| {
        let Some(TypeKind::Struct { fields }) = def(b).map(|t| &t.kind) else {
            return None;
        };
        if !fields.iter().all(|f| matches!(f.ty, RustType::Option(_))) {
            return None;
        }
        let v = ident(&b.variant);
        let unset: Vec<TokenStream> = fields
            .iter()
            .map(|f| {
                let n = ident(&f.name);
                quote!(model.#n.is_none())
            })
            .collect();
        Some(if unset.is_empty() {
            quote!(ApiErrorBody::#v(_) => true,)
        } else {
            quote!(ApiErrorBody::#v(model) => #(#unset)&&*,)
        })
    });
    let secret = api
        .error_bodies
        .iter()
        .filter(|b| def(b).is_some_and(|t| t.holds_secret))
        .map(|b| {
            let v = ident(&b.variant);
            quote!(ApiErrorBody::#v(_) => true,)
        });
    let display_arms = api.error_bodies.iter().map(|b| {
        let v = ident(&b.variant);
        if def(b).is_some_and(|t| t.holds_secret) {
            // The model's `Debug`, which never shows its secret fields.
            quote!(ApiErrorBody::#v(model) => write!(f, "{model:?}"),)
        } else {
            quote!(ApiErrorBody::#v(model) => crate::error::describe(f, model),)
        }
    });
    let debug_arms = api.error_bodies.iter().map(|b| {
        let v = ident(&b.variant);
        quote!(ApiErrorBody::#v(model) => ::std::fmt::Debug::fmt(model, f),)
    });
    quote! {
        #module_doc

        /// The body of an error response. `Display` reads as a sentence made of the model's
        /// message and code; `Debug` shows the model itself.
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ApiErrorBody {
            #(#variants)*
            /// A body that is not one of the API's error models (an HTML error page, say):
            /// its first characters.
            Text(::std::string::String),
        }

        impl ApiErrorBody {
            /// Whether the body parsed as a model that has none of its fields set (any JSON
            /// object does, when they are all optional).
            pub(crate) fn is_blank(&self) -> bool {
                #[allow(clippy::match_like_matches_macro, clippy::match_single_binding)]
                match self {
                    #(#blank)*
                    _ => false,
                }
            }

            /// Whether the body parsed as a model that holds secrets (its text is then
            /// never kept).
            pub(crate) fn holds_secret(&self) -> bool {
                #[allow(clippy::match_like_matches_macro, clippy::match_single_binding)]
                match self {
                    #(#secret)*
                    _ => false,
                }
            }
        }

        impl ::std::fmt::Debug for ApiErrorBody {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#debug_arms)*
                    ApiErrorBody::Text(text) => f.debug_tuple("Text").field(text).finish(),
                }
            }
        }

        impl ::std::fmt::Display for ApiErrorBody {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#display_arms)*
                    ApiErrorBody::Text(text) => crate::error::quoted(f, text),
                }
            }
        }
    }
}
