//! What the generator needs to know of the runtime modules a generated crate copies
//! (`runtime/src/*.rs`), read from their source with `syn`: each module's public items, for
//! the API-change report, and the methods of `Client` and `ClientBuilder`, which generated
//! names must not take.
//!
//! The build script (`codegen/build.rs`) includes this file and runs it on every runtime
//! module, so that the generator reads the tables it writes instead of parsing the runtime
//! at each run; the generator's tests include it to test it.

use std::collections::BTreeMap;
use syn::{Fields, ImplItem, Item, Visibility};

/// The public items of `module` (parsed as `file`), by path
/// (`client::ClientBuilder::timeout`, `error::Error::Api`): each one's signature, with
/// `non_exhaustive` first when it is marked so.
pub fn items(module: &str, file: &syn::File) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for item in &file.items {
        add_item(&mut out, module, item);
    }
    out
}

fn public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("non_exhaustive"))
}

/// `fields` as its public fields (`a: T, b: U`), or its types for a tuple; an enum
/// variant's fields (`variant`) are all public.
fn field_list(fields: &Fields, variant: bool) -> String {
    let shown: Vec<String> = fields
        .iter()
        .filter(|f| variant || public(&f.vis))
        .map(|f| {
            let ty = &f.ty;
            match &f.ident {
                Some(name) => format!("{name}: {}", quote::quote!(#ty)),
                None => quote::quote!(#ty).to_string(),
            }
        })
        .collect();
    shown.join(", ")
}

fn marked(attrs: &[syn::Attribute], text: String) -> String {
    if non_exhaustive(attrs) {
        format!("non_exhaustive {text}")
    } else {
        text
    }
}

fn add_item(out: &mut BTreeMap<String, String>, module: &str, item: &Item) {
    match item {
        Item::Struct(s) if public(&s.vis) => {
            let text = format!("struct {{ {} }}", field_list(&s.fields, false));
            out.insert(format!("{module}::{}", s.ident), marked(&s.attrs, text));
        }
        Item::Enum(e) if public(&e.vis) => {
            let path = format!("{module}::{}", e.ident);
            out.insert(path.clone(), marked(&e.attrs, "enum".to_owned()));
            for v in &e.variants {
                let text = format!("variant {{ {} }}", field_list(&v.fields, true));
                out.insert(format!("{path}::{}", v.ident), marked(&v.attrs, text));
            }
        }
        Item::Const(c) if public(&c.vis) => {
            let ty = &c.ty;
            out.insert(
                format!("{module}::{}", c.ident),
                format!("const {}", quote::quote!(#ty)),
            );
        }
        Item::Fn(f) if public(&f.vis) => {
            let sig = &f.sig;
            out.insert(
                format!("{module}::{}", f.sig.ident),
                quote::quote!(#sig).to_string(),
            );
        }
        Item::Impl(i) if i.trait_.is_none() => {
            let ty = &i.self_ty;
            let owner = quote::quote!(#ty).to_string().replace(' ', "");
            for member in &i.items {
                if let ImplItem::Fn(f) = member {
                    if public(&f.vis) {
                        let sig = &f.sig;
                        out.insert(
                            format!("{module}::{owner}::{}", f.sig.ident),
                            quote::quote!(#sig).to_string(),
                        );
                    }
                }
            }
        }
        _ => {}
    }
}

/// The methods of `Client` (or the mock's `MockServer`) and `ClientBuilder` in a module.
#[derive(Debug, Default, PartialEq)]
pub struct Methods {
    pub client: Vec<String>,
    pub builder: Vec<String>,
}

/// The methods of `Client` and `ClientBuilder` in `file`: their own public ones, and
/// those of the traits they implement or derive (`clone`, `fmt`, ...), which a method of
/// the same name would hide.
pub fn methods(file: &syn::File) -> Methods {
    let mut out = Methods {
        client: Vec::new(),
        builder: Vec::new(),
    };
    let trait_methods = |name: &str| -> &'static [&'static str] {
        match name {
            "Clone" => &["clone", "clone_from", "to_owned"],
            "Debug" | "Display" => &["fmt", "to_string"],
            "Default" => &["default"],
            _ => &[],
        }
    };
    for item in &file.items {
        let (ty, names): (String, Vec<String>) = match item {
            syn::Item::Struct(s) => {
                let mut names = Vec::new();
                for attr in s.attrs.iter().filter(|a| a.path().is_ident("derive")) {
                    let _ = attr.parse_nested_meta(|meta| {
                        if let Some(last) = meta.path.segments.last() {
                            names.extend(
                                trait_methods(&last.ident.to_string())
                                    .iter()
                                    .map(|m| (*m).to_owned()),
                            );
                        }
                        Ok(())
                    });
                }
                (s.ident.to_string(), names)
            }
            syn::Item::Impl(i) => {
                let syn::Type::Path(path) = &*i.self_ty else {
                    continue;
                };
                let Some(ty) = path.path.segments.last() else {
                    continue;
                };
                let names = match &i.trait_ {
                    Some((t, _)) => {
                        let trait_name = t
                            .segments
                            .last()
                            .map(|s| s.ident.to_string())
                            .unwrap_or_default();
                        let mut names: Vec<String> = trait_methods(&trait_name)
                            .iter()
                            .map(|m| (*m).to_owned())
                            .collect();
                        names.extend(i.items.iter().filter_map(|f| match f {
                            syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                            _ => None,
                        }));
                        names
                    }
                    None => i
                        .items
                        .iter()
                        .filter_map(|f| match f {
                            syn::ImplItem::Fn(f) if matches!(f.vis, syn::Visibility::Public(_)) => {
                                Some(f.sig.ident.to_string())
                            }
                            _ => None,
                        })
                        .collect(),
                };
                (ty.ident.to_string(), names)
            }
            _ => continue,
        };
        let target = match ty.as_str() {
            // `MockServer` (in `mock_server.rs`) gets the tag accessors as `Client` does.
            "Client" | "MockServer" => &mut out.client,
            "ClientBuilder" => &mut out.builder,
            _ => continue,
        };
        for name in names {
            if !target.contains(&name) {
                target.push(name);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> syn::File {
        syn::parse_file(source).unwrap()
    }

    #[test]
    fn public_items_are_read_with_their_signatures() {
        let found = items(
            "m",
            &parse(
                "#[non_exhaustive] pub struct S { pub a: u8, b: u8 } struct Hidden; \
             pub enum E { A(u8), #[non_exhaustive] B { x: String } } pub const N: usize = 1; \
             pub fn f(x: &str) -> bool { true } impl S { pub fn g(&self) {} fn h(&self) {} } \
             impl Clone for S { fn clone(&self) -> Self { todo!() } }",
            ),
        );
        let expected = [
            ("m::E", "enum"),
            ("m::E::A", "variant { u8 }"),
            ("m::E::B", "non_exhaustive variant { x: String }"),
            ("m::N", "const usize"),
            ("m::S", "non_exhaustive struct { a: u8 }"),
            ("m::S::g", "fn g (& self)"),
            ("m::f", "fn f (x : & str) -> bool"),
        ];
        assert_eq!(
            found,
            expected
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<BTreeMap<_, _>>()
        );
    }

    #[test]
    fn the_build_scripts_tables_are_what_the_runtime_source_gives() {
        let client = parse(include_str!("../../runtime/src/client.rs"));
        assert_eq!(
            crate::runtime_surface::items(&["client"]),
            items("client", &client)
        );
        let m = methods(&client);
        let (client_methods, builder_methods) = crate::runtime_surface::methods("client");
        assert_eq!(m.client, client_methods);
        assert_eq!(m.builder, builder_methods);
    }

    #[test]
    fn private_methods_and_other_types_methods_are_not_reserved() {
        let parsed = methods(&parse(
            "#[derive(Clone)] pub struct Client; impl Client { pub fn a(&self) {} fn b(&self) {} } \
             impl std::fmt::Debug for ClientBuilder { fn fmt(&self) {} } impl Other { pub fn c() {} }",
        ));
        assert_eq!(parsed.client, ["clone", "clone_from", "to_owned", "a"]);
        assert_eq!(parsed.builder, ["fmt", "to_string"]);
    }
}
