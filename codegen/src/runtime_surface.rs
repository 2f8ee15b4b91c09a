//! The public API of the runtime modules a generated crate copies (`client.rs`, `error.rs`,
//! ...), read from their source with `syn`, for the API-change report: a change to the
//! runtime that breaks users is reported like a change of the API description.

use std::collections::BTreeMap;
use syn::{Fields, ImplItem, Item, Visibility};

/// Each public item of the modules (`(name, source)`), by path (`client::ClientBuilder::timeout`,
/// `error::Error::Api`): its signature, with `non_exhaustive` first when it is marked so.
///
/// The sources are the generator's own (`include_str!`): each is parsed once per process.
pub fn items(modules: &[(&'static str, &'static str)]) -> BTreeMap<String, String> {
    static PARSED: std::sync::Mutex<BTreeMap<&'static str, BTreeMap<String, String>>> =
        std::sync::Mutex::new(BTreeMap::new());
    let mut parsed = PARSED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut out = BTreeMap::new();
    for (module, text) in modules {
        let own = parsed.entry(module).or_insert_with(|| {
            let mut own = BTreeMap::new();
            if let Ok(file) = syn::parse_file(text) {
                for item in &file.items {
                    add_item(&mut own, module, item);
                }
            }
            own
        });
        out.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
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

/// Whether the change of a runtime item from `old` to `new` breaks users: a field gained by a
/// `non_exhaustive` struct or variant does not; any other change does.
pub fn change_breaks(old: &str, new: &str) -> bool {
    let fields = |text: &str| -> Option<Vec<String>> {
        let inner = text.strip_prefix("non_exhaustive ")?;
        let list = inner.split_once('{')?.1.rsplit_once('}')?.0;
        Some(
            list.split(", ")
                .map(|f| f.trim().to_owned())
                .filter(|f| !f.is_empty())
                .collect(),
        )
    };
    match (fields(old), fields(new)) {
        (Some(before), Some(after)) => !before.iter().all(|f| after.contains(f)),
        _ => true,
    }
}
