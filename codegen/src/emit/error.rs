//! Emit for `api_error.rs`: `ApiErrorBody`, the bodies of the API's error responses (the
//! runtime's `error.rs` re-exports it next to `Error`).

use super::docs::{doc, inner_doc};
use crate::ir::Api;
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
    let display_arms = api.error_bodies.iter().map(|b| {
        let v = ident(&b.variant);
        // The model's `Debug`, which never shows its secret fields.
        quote!(ApiErrorBody::#v(model) => write!(f, "{model:?}"),)
    });
    quote! {
        #module_doc

        /// The body of an error response.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ApiErrorBody {
            #(#variants)*
            /// A body that is not one of the API's error models (an HTML error page, say):
            /// its first characters.
            Text(::std::string::String),
        }

        impl ::std::fmt::Display for ApiErrorBody {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#display_arms)*
                    ApiErrorBody::Text(text) if text.is_empty() => f.write_str("(empty body)"),
                    ApiErrorBody::Text(text) => write!(f, "{text:?}"),
                }
            }
        }
    }
}
