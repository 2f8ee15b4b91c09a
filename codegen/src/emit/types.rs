//! Emit for `types.rs`: one Rust item per named type.

use super::docs::{doc, doc_or, from_document, given, inner_doc};
use super::rust_type::{self, Written};
use crate::ir::{
    Address, Api, Discriminator, Field, OneOfVariant, ResponsePayload, ResponseVariant, RustType,
    StatusMatch, TypeDef, TypeKind, Variant,
};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The file in chunks: the module docs, one chunk per type, then the shared helper.
/// A module of the `types` folder: the types whose lowercase names start with `prefix`.
pub struct Module {
    /// The module (and file) name: `prefix`, made an identifier.
    pub name: String,
    pub prefix: String,
    /// Indexes into `Api::types`, in document order.
    pub types: Vec<usize>,
}

/// How the types are laid out: one module for all (`types.rs`) when there are at most
/// `limit`; else one per first letter of their names, a module over `limit` cut by the next
/// letter, and so on. A type's module depends on its own name and on how many types share
/// its prefix, never on the document's order: adding a schema moves no other type, unless
/// its prefix crosses the limit.
pub fn modules(api: &Api, limit: usize) -> Vec<Module> {
    if api.types.len() <= limit {
        return vec![Module {
            name: "types".to_owned(),
            prefix: String::new(),
            types: (0..api.types.len()).collect(),
        }];
    }
    // Lowercase, so that no two files differ only by case.
    let keys: Vec<Vec<char>> = api
        .types
        .iter()
        .map(|t| {
            t.name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_lowercase()
                    } else {
                        '_'
                    }
                })
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    split(&keys, (0..keys.len()).collect(), 1, limit.max(1), &mut out);
    out.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    out
}

fn split(
    keys: &[Vec<char>],
    members: Vec<usize>,
    depth: usize,
    limit: usize,
    out: &mut Vec<Module>,
) {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for i in members {
        let prefix: String = keys[i].iter().take(depth).collect();
        groups.entry(prefix).or_default().push(i);
    }
    for (prefix, members) in groups {
        let longer = members.iter().any(|&i| keys[i].len() > depth);
        if members.len() > limit && longer {
            // The names as long as the prefix stay in its module.
            let (exact, rest): (Vec<usize>, Vec<usize>) =
                members.into_iter().partition(|&i| keys[i].len() <= depth);
            if !exact.is_empty() {
                out.push(module(prefix, exact));
            }
            split(keys, rest, depth + 1, limit, out);
        } else {
            out.push(module(prefix, members));
        }
    }
}

/// File names Windows reserves, whatever the extension: a crate holding one cannot be
/// checked out there.
fn reserved_on_windows(name: &str) -> bool {
    matches!(name, "con" | "prn" | "aux" | "nul")
        || ((name.starts_with("com") || name.starts_with("lpt"))
            && name.len() == 4
            && name[3..].bytes().all(|b| (b'1'..=b'9').contains(&b)))
}

fn module(prefix: String, types: Vec<usize>) -> Module {
    let name = if !prefix.starts_with(|c: char| c.is_ascii_lowercase()) {
        format!("t{prefix}")
    } else if reserved_on_windows(&prefix) {
        format!("{prefix}_")
    } else {
        crate::names::module_name(&prefix)
    };
    Module {
        name,
        prefix,
        types,
    }
}

/// `types/mod.rs`: the modules, each re-exported whole, and the helpers they share.
pub fn mod_chunks<'a>(api: &'a Api, modules: &[Module]) -> Vec<super::Chunk<'a>> {
    let names: Vec<String> = modules.iter().map(|m| m.name.clone()).collect();
    let mut out = vec![super::chunk(move || {
        let doc = inner_doc(
            "The API's data types: one item per schema, in modules by name prefix, all re-exported here.",
        );
        let items = names.iter().map(|n| {
            let n = ident(n);
            quote! {
                mod #n;
                pub use self::#n::*;
            }
        });
        quote!(#doc #(#items)*)
    })];
    if has_secret_fields(api) {
        out.push(super::chunk(redacted_helper));
    }
    out
}

/// Whether a struct of the crate has a field `Debug` hides (the `Redacted` helper's users):
/// a type's, or a documented response header's.
fn has_secret_fields(api: &Api) -> bool {
    let headers = api
        .groups
        .iter()
        .flat_map(|g| &g.operations)
        .filter_map(|op| op.response_headers.as_ref())
        .flat_map(|h| &h.headers);
    api.types
        .iter()
        .any(|t| matches!(&t.kind, TypeKind::Struct { fields } if fields.iter().any(|f| f.secret)))
        || headers.into_iter().any(|h| h.secret)
}

/// The items of `module`'s types (all of them for `None`, in `types.rs`).
pub fn chunks<'a>(api: &'a Api, module: Option<&Module>) -> Vec<super::Chunk<'a>> {
    let about = match module {
        None => "The API's data types: one item per schema.".to_owned(),
        Some(m) => format!(
            "The types whose names start with `{}` (any case), re-exported by `types`.",
            m.prefix
        ),
    };
    let mut out = vec![super::chunk(move || inner_doc(&about))];
    let fit = fit_types(api);
    let secret: BTreeSet<&str> = api
        .types
        .iter()
        .filter(|t| t.holds_secret)
        .map(|t| t.name.as_str())
        .collect();
    let secret = std::sync::Arc::new(secret);
    let members: Vec<&TypeDef> = match module {
        None => api.types.iter().collect(),
        Some(m) => m.types.iter().map(|&i| &api.types[i]).collect(),
    };
    let written = rust_type::in_types(api);
    out.extend(members.into_iter().map(|t| {
        let fits = fit.contains(t.name.as_str());
        let secret = secret.clone();
        super::chunk(move || {
            let item = type_def(t, written);
            let fit = fits.then(|| fit_impl(t));
            let secrets = t.holds_secret.then(|| secrets_impl(t, &secret)).flatten();
            quote!(#item #fit #secrets)
        })
    }));
    if module.is_none() && has_secret_fields(api) {
        out.push(super::chunk(redacted_helper));
    }
    out
}

/// A type's item (built by users when [`TypeDef::input`], else read from responses only).
fn type_def(def: &TypeDef, tokens: Written) -> TokenStream {
    let input = def.input;
    let fallback = format!("The `{}` schema.", def.name);
    let mut doc_text = given(def.doc.as_deref()).map_or(fallback, from_document);
    if def.deprecated {
        doc_text.push_str("\n\n**Deprecated** in the API description.");
    }
    let evolving = !input && matches!(def.kind, TypeKind::Struct { .. });
    if evolving {
        doc_text.push_str(if def.default {
            "\n\nNo request of the API sends it, so it may gain fields in a compatible release: \
             it is `#[non_exhaustive]`. To make one (in a test, say), start from \
             `Default::default()` and set its fields, or deserialize it."
        } else {
            "\n\nNo request of the API sends it, so it may gain fields in a compatible release: \
             it is `#[non_exhaustive]`. To make one (in a test, say), deserialize it."
        });
    }
    let docs = doc(&doc_text);
    match &def.kind {
        TypeKind::Struct { fields } => struct_def(def, &docs, fields, evolving, tokens),
        TypeKind::StringEnum {
            variants,
            catch_all,
        } => string_enum(&def.name, &docs, variants, catch_all),
        TypeKind::OneOf {
            variants,
            discriminator,
        } => one_of(&def.name, &docs, variants, discriminator.as_ref(), tokens),
        TypeKind::Responses { variants } => responses(&def.name, &docs, variants, tokens),
        TypeKind::Newtype(ty) => {
            let name = ident(&def.name);
            let ty = tokens(ty);
            let default = def.default.then(|| quote!(Default,));
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
        TypeKind::Alias(ty) => {
            let name = ident(&def.name);
            let ty = tokens(ty);
            let constants = def.constants.iter().map(|c| {
                let d = doc(&format!("`{}`: {}.", c.value, c.api_name.replace('`', "'")));
                let n = ident(&c.name);
                let magnitude = proc_macro2::Literal::u64_unsuffixed(c.value.unsigned_abs());
                let value = if c.value < 0 {
                    quote!(-#magnitude)
                } else {
                    quote!(#magnitude)
                };
                quote!(#d pub const #n: #name = #value;)
            });
            quote! {
                #docs
                pub type #name = #ty;
                #(#constants)*
            }
        }
    }
}

fn struct_def(
    def: &TypeDef,
    docs: &TokenStream,
    fields: &[Field],
    evolving: bool,
    tokens: Written,
) -> TokenStream {
    let name = ident(&def.name);
    let has_secret = fields.iter().any(|f| f.secret);
    let debug = (!has_secret).then(|| quote!(Debug,));
    let default = def.default.then(|| quote!(Default,));
    let field_items = fields.iter().map(|f| field(f, tokens));
    let debug_impl = has_secret.then(|| redacting_debug(&def.name, fields));
    let non_exhaustive = evolving.then(|| quote!(#[non_exhaustive]));
    quote! {
        #docs
        #[derive(#debug Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        #non_exhaustive
        pub struct #name {
            #(#field_items)*
        }
        #debug_impl
    }
}

fn field(f: &Field, tokens: Written) -> TokenStream {
    let name = ident(&f.name);
    let ty = tokens(&f.ty);
    let fallback = format!("The `{}` property.", f.api_name);
    let mut text = given(f.doc.as_deref()).map_or(fallback, from_document);
    if f.secret {
        text.push_str("\n\nA secret: `Debug` output shows `***` instead.");
    }
    if f.read_only {
        text.push_str("\n\nRead-only: set by the server, never sent in a request.");
    }
    if matches!(f.ty, RustType::Nullable(_)) {
        text.push_str(
            "\n\n[`crate::Nullable::Absent`] leaves it out of the request, [`crate::Nullable::Null`] sends `null` (to clear it).",
        );
    }
    if f.deprecated {
        text.push_str("\n\n**Deprecated** in the API description.");
    }
    let docs = doc(&text);
    if f.flatten {
        return quote! {
            #docs
            #[serde(flatten)]
            pub #name: #ty,
        };
    }
    let json = &f.api_name;
    let rename = (f.name != *json).then(|| quote!(rename = #json,));
    let option = matches!(f.ty, RustType::Option(_));
    let nullable = matches!(f.ty, RustType::Nullable(_));
    let default = (option || nullable).then(|| quote!(default,));
    // A read-only field is never sent; an absent optional one is left out; a required one
    // is always sent, `null` included.
    let skip = if f.read_only {
        None
    } else if nullable {
        Some(quote!(skip_serializing_if = "crate::Nullable::is_absent",))
    } else if option && !f.required {
        Some(quote!(
            skip_serializing_if = "::std::option::Option::is_none",
        ))
    } else {
        None
    };
    let serde = (rename.is_some() || default.is_some() || skip.is_some())
        .then(|| quote!(#[serde(#rename #default #skip)]));
    // With the `mock` feature, the mock server's answers carry it (they are what a server
    // sends); requests never do.
    let read_only = f.read_only.then(|| {
        quote! {
            #[cfg_attr(not(feature = "mock"), serde(skip_serializing))]
            #[cfg_attr(feature = "mock", serde(skip_serializing_if = "crate::mock_server::in_request"))]
        }
    });
    quote! {
        #docs
        #serde
        #read_only
        pub #name: #ty,
    }
}

pub(super) fn redacting_debug(type_name: &str, fields: &[Field]) -> TokenStream {
    let name = ident(type_name);
    let entries = fields.iter().map(|f| {
        let label = &f.name;
        let field = ident(&f.name);
        match (f.secret, &f.ty) {
            (false, _) => quote!(.field(#label, &self.#field)),
            (true, RustType::Option(_)) => {
                quote!(.field(#label, &self.#field.as_ref().map(|_| crate::types::Redacted)))
            }
            (true, RustType::Nullable(_)) => {
                quote!(.field(#label, &self.#field.value().map(|_| crate::types::Redacted)))
            }
            (true, _) => quote!(.field(#label, &crate::types::Redacted)),
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#entries)*
                    .finish()
            }
        }
    }
}

fn redacted_helper() -> TokenStream {
    quote! {
        /// Stands in for a secret in `Debug` output.
        pub(crate) struct Redacted;

        impl ::std::fmt::Debug for Redacted {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("***")
            }
        }
    }
}

fn string_enum(
    type_name: &str,
    docs: &TokenStream,
    variants: &[Variant],
    catch_all: &str,
) -> TokenStream {
    let name = ident(type_name);
    let other = ident(catch_all);
    let variant_items = variants.iter().map(|v| {
        let d = if v.value.is_empty() {
            doc("The empty string.")
        } else {
            doc(&format!("`{}`", v.value.replace('`', "'")))
        };
        let n = ident(&v.name);
        quote!(#d #n,)
    });
    let to_str = variants.iter().map(|v| {
        let n = ident(&v.name);
        let value = &v.value;
        quote!(Self::#n => #value,)
    });
    let from_str = variants.iter().map(|v| {
        let n = ident(&v.name);
        let value = &v.value;
        quote!(#value => Self::#n,)
    });
    let other_doc = doc_or(
        None,
        "A value this version of the crate does not know, kept exactly as received so that it is not lost when sent back.",
    );
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_items)*
            #other_doc
            #other(::std::string::String),
        }

        impl #name {
            /// The value as it appears in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#other(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::#other(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match Self::from(value.as_str()) {
                    Self::#other(_) => Self::#other(value),
                    known => known,
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value))
            }
        }
    }
}

fn one_of(
    type_name: &str,
    docs: &TokenStream,
    variants: &[OneOfVariant],
    discriminator: Option<&Discriminator>,
    tokens: Written,
) -> TokenStream {
    let name = ident(type_name);
    let items = variants.iter().map(|v| {
        let n = ident(&v.name);
        let t = tokens(&v.ty);
        // Every variant has a doc (the crate denies missing docs): a blank one is not one.
        let d = doc_or(
            v.doc.as_deref().map(from_document).as_deref(),
            &format!("The `{}` alternative.", v.name),
        );
        quote!(#d #n(#t),)
    });
    // Both kinds serialize as the alternative they hold, and decode through a JSON value.
    let (note, decode) = match discriminator {
        None => {
            let candidates = variants.iter().map(|v| {
                let n = ident(&v.name);
                let t = tokens(&v.ty);
                quote!(|json| <#t as ::serde::Deserialize>::deserialize(json).map(Self::#n),)
            });
            let note = doc(
                "Decoded as the first alternative, in the document's order, that the JSON \
                 value matches exactly (no property its schema does not name, no enum value \
                 it does not list, `ipv4`/`ipv6` strings that are such addresses); when none \
                 does, as the first that parses.",
            );
            let decode = quote! {
                crate::fit::pick(&json, &[#(#candidates)*], #type_name).map_err(::serde::de::Error::custom)
            };
            (note, decode)
        }
        Some(d) => {
            let property = &d.property;
            let arms = d.mapping.iter().map(|(value, i)| {
                let v = ident(&variants[*i].name);
                quote! {
                    #value => ::serde_json::from_value(json).map(Self::#v).map_err(::serde::de::Error::custom),
                }
            });
            let note = doc(&format!(
                "Decoded by the value of its `{property}` property; encoded as the alternative it holds."
            ));
            let decode = quote! {
                let tag = match json.get(#property).and_then(::serde_json::Value::as_str) {
                    ::std::option::Option::Some(tag) => tag.to_owned(),
                    ::std::option::Option::None => {
                        return ::std::result::Result::Err(::serde::de::Error::missing_field(#property))
                    }
                };
                match tag.as_str() {
                    #(#arms)*
                    other => ::std::result::Result::Err(::serde::de::Error::custom(format!(
                        "unknown `{}` value {other:?}", #property
                    ))),
                }
            };
            (note, decode)
        }
    };
    quote! {
        #docs
        ///
        #note
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #(#items)*
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let json = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                #decode
            }
        }
    }
}

fn responses(
    type_name: &str,
    docs: &TokenStream,
    variants: &[ResponseVariant],
    tokens: Written,
) -> TokenStream {
    let name = ident(type_name);
    let items = variants.iter().map(|v| {
        let n = ident(&v.name);
        let status = match &v.status {
            StatusMatch::Code(c) => format!("`{c}`"),
            StatusMatch::Range(r) => format!("`{r}XX`"),
            StatusMatch::Default => "any other success status".to_owned(),
        };
        match super::operations::payload_type(&v.payload, tokens) {
            Some(t) => {
                let what = match &v.payload {
                    ResponsePayload::Text => "its text",
                    ResponsePayload::Bytes => "its bytes",
                    ResponsePayload::Redirect => "where it points and its headers (not followed)",
                    _ => "its body",
                };
                let d = doc(&format!("Status {status}, with {what}."));
                quote!(#d #n(#t),)
            }
            None => {
                let d = doc(&format!("Status {status}, without a body."));
                quote!(#d #n,)
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum #name {
            #(#items)*
        }
    }
}

/// Whether the API has a `oneOf`/`anyOf` without a discriminator (decoded by the runtime's
/// `fit` module).
pub fn has_untagged_union(api: &Api) -> bool {
    api.types.iter().any(TypeDef::is_untagged_union)
}

/// The types that implement `Fit`: every union without a discriminator, and every type
/// their values can hold.
fn fit_types(api: &Api) -> BTreeSet<&str> {
    let by_name: BTreeMap<&str, &TypeDef> =
        api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut stack: Vec<&str> = api
        .types
        .iter()
        .filter(|t| t.is_untagged_union())
        .map(|t| t.name.as_str())
        .collect();
    let mut out = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if !out.insert(name) {
            continue;
        }
        let Some(def) = by_name.get(name) else {
            continue;
        };
        let mut mentioned = Vec::new();
        match &def.kind {
            TypeKind::Struct { fields } => {
                for f in fields {
                    f.ty.named_types(&mut mentioned);
                }
            }
            TypeKind::OneOf { variants, .. } => {
                for v in variants {
                    v.ty.named_types(&mut mentioned);
                }
            }
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => ty.named_types(&mut mentioned),
            TypeKind::StringEnum { .. } | TypeKind::Responses { .. } => {}
        }
        stack.extend(mentioned);
    }
    out
}

/// `Fit` for one type (see the runtime's `fit` module): what makes a decoded value an
/// exact match for its JSON.
fn fit_impl(def: &TypeDef) -> Option<TokenStream> {
    let body = match &def.kind {
        TypeKind::Struct { fields } => {
            let known: Vec<&String> = fields
                .iter()
                .filter(|f| !f.flatten)
                .map(|f| &f.api_name)
                .collect();
            let checks = fields.iter().map(|f| {
                let n = ident(&f.name);
                match (&f.ty, f.flatten) {
                    // The object's other properties: any it has.
                    (RustType::Map(_), true) => {
                        return quote!(&& crate::fit::Fit::fits(&self.#n, json));
                    }
                    // A union's alternative: the properties the object does not name.
                    (_, true) => {
                        return quote! {
                            && crate::fit::Fit::fits(&self.#n, &crate::fit::without(json, &[#(#known),*]))
                        };
                    }
                    _ => {}
                }
                let json = &f.api_name;
                let address = f.address.map(|a| {
                    let v6 = a == Address::Ipv6;
                    quote!(&& crate::fit::ip(&json[#json], #v6))
                });
                if matches!(f.ty, RustType::Nullable(_)) {
                    return quote! {
                        && self.#n.value().is_none_or(|v| crate::fit::Fit::fits(v, &json[#json])) #address
                    };
                }
                quote!(&& crate::fit::Fit::fits(&self.#n, &json[#json]) #address)
            });
            // With a map of the other properties, every property is one it takes.
            let object = if fields.iter().any(|f| f.flatten) {
                quote!(json.is_object())
            } else {
                quote!(crate::fit::object_of(json, &[#(#known),*]))
            };
            quote!(#object #(#checks)*)
        }
        TypeKind::StringEnum { catch_all, .. } => {
            let other = ident(catch_all);
            quote! {
                let _ = json;
                !matches!(self, Self::#other(_))
            }
        }
        TypeKind::OneOf { variants, .. } => {
            let arms = variants.iter().map(|v| {
                let n = ident(&v.name);
                quote!(Self::#n(value) => crate::fit::Fit::fits(value, json),)
            });
            quote!(match self { #(#arms)* })
        }
        TypeKind::Newtype(_) => quote!(crate::fit::Fit::fits(&self.0, json)),
        TypeKind::Alias(_) | TypeKind::Responses { .. } => return None,
    };
    let name = ident(&def.name);
    Some(quote! {
        impl crate::fit::Fit for #name {
            fn fits(&self, json: &::serde_json::Value) -> bool {
                #body
            }
        }
    })
}

/// `Secrets` for a type that holds secrets (see the runtime's `request` module): the values
/// of its secret string fields, and of those of the types it holds, so that error text can
/// hide them when the type is sent.
fn secrets_impl(def: &TypeDef, secret: &BTreeSet<&str>) -> Option<TokenStream> {
    // Whether a value of `ty` has secrets to give: a secret string, or a type holding some.
    let gives = |ty: &RustType, is_secret: bool| match ty.innermost() {
        RustType::String => is_secret,
        RustType::Named(n) => secret.contains(n.as_str()),
        _ => false,
    };
    let body = match &def.kind {
        TypeKind::Struct { fields } => {
            let calls: Vec<TokenStream> = fields
                .iter()
                .filter(|f| gives(&f.ty, f.secret))
                .map(|f| {
                    let n = ident(&f.name);
                    if matches!(f.ty, RustType::Nullable(_)) {
                        return quote! {
                            if let ::std::option::Option::Some(value) = self.#n.value() {
                                crate::request::Secrets::secrets(value, out);
                            }
                        };
                    }
                    quote!(crate::request::Secrets::secrets(&self.#n, out);)
                })
                .collect();
            if calls.is_empty() {
                quote!(let _ = out;)
            } else {
                quote!(#(#calls)*)
            }
        }
        TypeKind::OneOf { variants, .. } => {
            let arms: Vec<TokenStream> = variants
                .iter()
                .filter(|v| gives(&v.ty, false))
                .map(|v| {
                    let n = ident(&v.name);
                    quote!(Self::#n(value) => crate::request::Secrets::secrets(value, out),)
                })
                .collect();
            let giving: Vec<_> = variants.iter().filter(|v| gives(&v.ty, false)).collect();
            match giving[..] {
                [] => quote!(let _ = out;),
                // Every variant: an exhaustive match.
                _ if giving.len() == variants.len() => quote! {
                    match self {
                        #(#arms)*
                    }
                },
                // One of several (clippy's `single_match` asks for `if let`).
                [one] => {
                    let n = ident(&one.name);
                    quote! {
                        if let Self::#n(value) = self {
                            crate::request::Secrets::secrets(value, out);
                        }
                    }
                }
                _ => quote! {
                    match self {
                        #(#arms)*
                        _ => {}
                    }
                },
            }
        }
        TypeKind::Newtype(ty) if gives(ty, false) => {
            quote!(crate::request::Secrets::secrets(&self.0, out);)
        }
        _ => return None,
    };
    let name = ident(&def.name);
    Some(quote! {
        impl crate::request::Secrets for #name {
            fn secrets<'s>(&'s self, out: &mut ::std::vec::Vec<&'s str>) {
                #body
            }
        }
    })
}
