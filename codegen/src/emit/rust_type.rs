//! `RustType` -> tokens, always with fully qualified paths.

use crate::ir::RustType;
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

pub fn tokens(ty: &RustType) -> TokenStream {
    match ty {
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
    }
}
