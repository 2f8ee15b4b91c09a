//! `RustType` -> tokens: with the prelude's names where no item takes them (the modules of
//! operations, where the generator reserves them, and `types` unless a schema is called
//! `Option` or `String`), else with fully qualified paths.

use crate::ir::{Api, RustType};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// How a module writes a [`RustType`]: [`tokens`] or [`short_tokens`].
pub type Written = fn(&RustType) -> TokenStream;

/// How the `types` module writes types: with the prelude's names unless one of its items
/// takes one of [`crate::names::PRELUDE`] (a schema called `Option` or `String`), which
/// would shadow it.
pub fn in_types(api: &Api) -> Written {
    let shadowed = api
        .types
        .iter()
        .any(|t| crate::names::PRELUDE.contains(&t.name.as_str()));
    if shadowed {
        tokens
    } else {
        short_tokens
    }
}

/// `ty` with fully qualified paths.
pub fn tokens(ty: &RustType) -> TokenStream {
    written(ty, false)
}

/// `ty` with the prelude's `String`, `Option`, `Vec` and `Box`: for the `api` modules, where
/// no item takes those names (see `names::PRELUDE`).
pub fn short_tokens(ty: &RustType) -> TokenStream {
    written(ty, true)
}

fn written(ty: &RustType, short: bool) -> TokenStream {
    let tokens = |t: &RustType| written(t, short);
    match ty {
        RustType::String if short => quote!(String),
        RustType::Option(t) if short => {
            let t = tokens(t);
            quote!(Option<#t>)
        }
        RustType::Vec(t) if short => {
            let t = tokens(t);
            quote!(Vec<#t>)
        }
        RustType::Box(t) if short => {
            let t = tokens(t);
            quote!(Box<#t>)
        }
        RustType::Bytes if short => quote!(Vec<u8>),
        RustType::String => quote!(::std::string::String),
        RustType::Bool => quote!(bool),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F32 => quote!(f32),
        RustType::F64 => quote!(f64),
        RustType::Json => quote!(::serde_json::Value),
        RustType::Named(n) => {
            let n = ident(n);
            quote!(crate::types::#n)
        }
        RustType::Option(t) => {
            let t = tokens(t);
            quote!(::std::option::Option<#t>)
        }
        RustType::Vec(t) => {
            let t = tokens(t);
            quote!(::std::vec::Vec<#t>)
        }
        RustType::Map(t) => {
            let t = tokens(t);
            quote!(::std::collections::BTreeMap<::std::string::String, #t>)
        }
        RustType::Box(t) => {
            let t = tokens(t);
            quote!(::std::boxed::Box<#t>)
        }
        RustType::Bytes => quote!(::std::vec::Vec<u8>),
        RustType::Tuple(items) => {
            let items = items.iter().map(tokens);
            quote!((#(#items,)*))
        }
        RustType::Nullable(t) => {
            let t = tokens(t);
            quote!(crate::Nullable<#t>)
        }
    }
}
