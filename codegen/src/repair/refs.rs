//! `$ref`s placed: Swagger 2.0 locations and cross-section references whose intent is
//! certain are rewritten, pointers to nodes inside others (`#/components/schemas/Pet/properties/tags`)
//! move the node under `components`, named after where it lives; the rest are located errors.

use super::{
    component_exists, content_of, node_at, node_at_mut, or_json, ref_node, reference, Kind, Walk,
    METHODS,
};
use crate::error::{ErrorKind, Located, Pointer, Result};
use crate::ir::Repair;
use heck::ToUpperCamelCase;
use serde_json::{Map, Value};

/// Finds the `$ref`s again on the repaired tree `doc` and places each one (`original` is
/// the tree before repairs), recording repairs and the nodes moved.
pub(super) fn place(
    doc: &mut Value,
    original: &Value,
    converting: bool,
    repairs: &mut Vec<Repair>,
    moved: &mut Vec<(Vec<String>, Vec<String>)>,
) -> Result<()> {
    // The sites again, on the repaired tree (repairs move nodes).
    let mut walk = Walk::default();
    walk.document(doc)?;
    let sites = walk.sites;

    // Where each site's `$ref` goes, and the nodes to move under `components`.
    let mut rewrites: Vec<(Vec<String>, Value)> = Vec::new();
    let mut moves: Vec<(Vec<String>, Kind, String)> = Vec::new();
    // Entries of one section referred to where another's belong, whose shape fits:
    // where they came from, their name in the section of the place, the node.
    let mut copies: Vec<(Vec<String>, String, Value)> = Vec::new();
    for site in sites {
        let at = Pointer::root().push_all(&site.at);
        let section = site.kind.section();
        let leftover = [
            ("#/definitions/", "schemas", Kind::Schema),
            ("#/parameters/", "parameters", Kind::Parameter),
            ("#/responses/", "responses", Kind::Response),
        ]
        .into_iter()
        .find_map(|(prefix, section, kind)| {
            let name = site.reference.strip_prefix(prefix)?;
            let name = local_tokens(&format!("#/{name}"))?.join("/");
            // A response that refers to a schema is repaired below.
            let fits = kind == site.kind || (kind == Kind::Schema && site.kind == Kind::Response);
            (fits && component_exists(doc, section, &name)).then_some((prefix, section, name))
        });
        let mut target = site.reference.clone();
        if let Some((prefix, to_section, name)) = &leftover {
            // The old section kept at the top level, with another node of that name: which
            // one is meant is not certain.
            let old = node_at(doc, &[prefix[2..prefix.len() - 1].to_owned(), name.clone()]);
            let new = node_at(
                doc,
                &[
                    "components".to_owned(),
                    (*to_section).to_owned(),
                    name.clone(),
                ],
            );
            if old.is_some() && old != new {
                return Err(Located::new(
                    ErrorKind::Reference,
                    &at.push("$ref"),
                    format!("`$ref: {}` could mean the top-level `{}` or components/{to_section}/{name}, which differ", site.reference, &prefix[2..]),
                    format!("refer to #/components/{to_section}/{name}, or remove the other one"),
                ));
            }
            target = reference(to_section, name);
            if site.kind != Kind::Response || *to_section != "schemas" {
                if !converting {
                    repairs.push(Repair {
                        pointer: at.push("$ref").as_str().to_owned(),
                        found: format!("`$ref: {}` (a Swagger 2.0 location)", site.reference),
                        assumed: format!("`$ref: {target}`, which exists"),
                        fix: format!("refer to {target}"),
                    });
                }
                rewrites.push((site.at.clone(), ref_node(&target)));
                continue;
            }
        }
        // A response given as a schema: that schema is the JSON body.
        if site.kind == Kind::Response {
            if let Some(name) = target.strip_prefix("#/components/schemas/") {
                let name = crate::error::unescape(name);
                if component_exists(doc, "schemas", &name) {
                    let mut response = Map::new();
                    let description = node_at(doc, &["components".into(), "schemas".into(), name])
                        .and_then(|s| s.get("description"))
                        .cloned()
                        .unwrap_or_else(|| "".into());
                    response.insert("description".to_owned(), description);
                    response.insert(
                        "content".to_owned(),
                        content_of(&or_json(&[]), &ref_node(&target)),
                    );
                    repairs.push(Repair {
                        pointer: at.push("$ref").as_str().to_owned(),
                        found: format!(
                            "`$ref: {}`: a response that refers to a schema",
                            site.reference
                        ),
                        assumed: "a response whose body is that schema, sent as application/json"
                            .to_owned(),
                        fix: format!(
                            "write `content: {{application/json: {{schema: {{$ref: '{target}'}}}}}}`, or refer to a response under components/responses"
                        ),
                    });
                    rewrites.push((site.at.clone(), Value::Object(response)));
                    continue;
                }
            }
        }
        // A plain reference: the reader checks it.
        if target
            .strip_prefix("#/components/")
            .and_then(|r| r.split_once('/'))
            .is_some_and(|(s, name)| s == section && !name.contains('/'))
            || !target.starts_with('#')
        {
            continue;
        }
        // A pointer to a node inside the document: followed through references, then moved.
        let mut tokens = local_tokens(&target);
        for _ in 0..32 {
            let Some(node) = tokens.as_deref().and_then(|t| node_at(doc, t)) else {
                break;
            };
            match node.get("$ref").and_then(Value::as_str) {
                Some(next) => tokens = local_tokens(next),
                None => break,
            }
        }
        if let Some(t) = tokens.as_deref() {
            if t.len() < 2 {
                return Err(Located::new(
                    ErrorKind::Reference,
                    &at.push("$ref"),
                    format!(
                        "`$ref: {}` points at the whole document or a whole section of it",
                        site.reference
                    ),
                    format!("refer to one {} entry", section),
                ));
            }
            if !same_way(original, doc, t) {
                return Err(Located::new(
                    ErrorKind::Reference,
                    &at.push("$ref"),
                    format!("`$ref: {}` goes through a node that a repair changed (a Swagger 2.0 leftover renumbered or moved), so what it meant is not certain", site.reference),
                    "repair the document where the warnings say, then correct this pointer",
                ));
            }
        }
        let Some(tokens) = tokens.filter(|t| node_at(doc, t).is_some()) else {
            return Err(Located::new(
                ErrorKind::Reference,
                &at.push("$ref"),
                format!(
                    "`$ref: {}` points to nothing in this document",
                    site.reference
                ),
                "correct the JSON pointer (`/` in a key is written `~1`, `~` is `~0`)",
            ));
        };
        if let [c, s, name] = tokens.as_slice() {
            if c == "components" && s == section {
                rewrites.push((site.at.clone(), ref_node(&reference(section, name))));
                continue;
            }
            if c == "components" {
                if let Some(fit) = fits_across(doc, s, name, site.kind) {
                    let found = format!(
                        "`$ref: {}`: a {} that refers to an entry of components/{s}",
                        site.reference,
                        site.kind.what()
                    );
                    let name = match copies.iter().find(|(from, _, _)| *from == tokens) {
                        Some((_, name, _)) => name.clone(),
                        None => {
                            let mut n = 1;
                            let mut candidate = name.clone();
                            while node_at(
                                doc,
                                &["components".into(), section.into(), candidate.clone()],
                            )
                            .is_some_and(|existing| *existing != fit)
                                || copies.iter().any(|(_, m, _)| *m == candidate)
                            {
                                n += 1;
                                candidate = format!("{name}{n}");
                            }
                            copies.push((tokens.clone(), candidate.clone(), fit));
                            candidate
                        }
                    };
                    let target = reference(section, &name);
                    repairs.push(Repair {
                        pointer: at.push("$ref").as_str().to_owned(),
                        found,
                        assumed: format!(
                            "a {} of that entry's description and content, kept as {}",
                            site.kind.what(),
                            &target[2..]
                        ),
                        fix: format!(
                            "define the {} under components/{section} and refer to it there",
                            site.kind.what()
                        ),
                    });
                    rewrites.push((site.at.clone(), ref_node(&target)));
                    continue;
                }
                return Err(Located::new(
                    ErrorKind::Reference,
                    &at.push("$ref"),
                    format!(
                        "`$ref: {}` points into components/{s}, where a {} entry belongs",
                        site.reference, section
                    ),
                    format!("refer to an entry of components/{section}"),
                ));
            }
        }
        // A schema of a plain value (a string, a number...) makes no type of its own where
        // it lives: it is copied rather than moved, so that it makes none here either.
        if site.kind == Kind::Schema {
            if let Some(node) = node_at(doc, &tokens).filter(|n| plain_value(n)) {
                rewrites.push((site.at.clone(), node.clone()));
                continue;
            }
        }
        let name = match moves.iter().find(|(t, _, _)| *t == tokens) {
            Some((_, _, name)) => name.clone(),
            None => {
                let base = moved_name(doc, &tokens);
                let mut name = base.clone();
                let mut n = 1;
                while component_exists(doc, section, &name)
                    || moves
                        .iter()
                        .any(|(_, k, m)| k.section() == section && *m == name)
                {
                    n += 1;
                    name = format!("{base}{n}");
                }
                moves.push((tokens.clone(), site.kind, name.clone()));
                name
            }
        };
        rewrites.push((site.at.clone(), ref_node(&reference(section, &name))));
    }
    for (at, node) in rewrites {
        if let Some(slot) = node_at_mut(doc, &at) {
            *slot = node;
        }
    }
    for (from, name, node) in copies {
        let section = if from.get(1).is_some_and(|s| s == "responses") {
            "requestBodies"
        } else {
            "responses"
        };
        insert_component(doc, section, name, node);
    }
    // Deepest first, so that a node moved from inside another moves with it as a `$ref`.
    moves.sort_by_key(|(tokens, _, _)| std::cmp::Reverse(tokens.len()));
    for (tokens, kind, name) in moves {
        let section = kind.section();
        let Some(slot) = node_at_mut(doc, &tokens) else {
            continue;
        };
        let node = std::mem::replace(slot, ref_node(&reference(section, &name)));
        moved.push((
            vec!["components".to_owned(), section.to_owned(), name.clone()],
            tokens.clone(),
        ));
        insert_component(doc, section, name, node);
    }
    Ok(())
}

/// A `$ref`'s target as reference tokens, when it is a pointer into this document.
fn local_tokens(reference: &str) -> Option<Vec<String>> {
    let fragment = reference.strip_prefix('#')?;
    let fragment = percent_decode(fragment)?;
    if fragment.is_empty() {
        return Some(Vec::new());
    }
    let rest = fragment.strip_prefix('/')?;
    Some(rest.split('/').map(crate::error::unescape).collect())
}

fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_owned());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// An entry of components/`section` used where a `kind` belongs, as that kind, when its
/// shape fits the place certainly: a request body (`description`, `content`) as a response,
/// or a response without headers or links as a request body.
fn fits_across(doc: &Value, section: &str, name: &str, kind: Kind) -> Option<Value> {
    let node = node_at(doc, &["components".into(), section.into(), name.into()])?;
    let object = node.as_object()?;
    let allowed: &[&str] = match (section, kind) {
        // `required` says nothing of a response: it is dropped.
        ("requestBodies", Kind::Response) => &["description", "content", "required"],
        ("responses", Kind::RequestBody) => &["description", "content"],
        _ => return None,
    };
    if !object.contains_key("content")
        || object
            .keys()
            .any(|k| !k.starts_with("x-") && !allowed.contains(&k.as_str()))
    {
        return None;
    }
    let mut fit = object.clone();
    if kind == Kind::Response {
        fit.remove("required");
        fit.entry("description").or_insert_with(|| "".into());
    }
    Some(Value::Object(fit))
}

/// Whether the way to `tokens` is the same in both trees: every array on it as long.
fn same_way(original: &Value, repaired: &Value, tokens: &[String]) -> bool {
    let (mut a, mut b) = (original, repaired);
    for t in tokens {
        if let (Value::Array(x), Value::Array(y)) = (a, b) {
            if x.len() != y.len() {
                return false;
            }
        }
        match (
            node_at(a, std::slice::from_ref(t)),
            node_at(b, std::slice::from_ref(t)),
        ) {
            (Some(x), Some(y)) => (a, b) = (x, y),
            (Some(_), None) => return false,
            _ => return true,
        }
    }
    true
}

/// A schema of one string, number, integer or boolean, with no enum: it gives no named type.
fn plain_value(schema: &Value) -> bool {
    let Some(object) = schema.as_object() else {
        return false;
    };
    matches!(
        object.get("type").and_then(Value::as_str),
        Some("string" | "number" | "integer" | "boolean")
    ) && !object.contains_key("enum")
}

/// A name for a node moved under `components`, from where it lives:
/// `/components/schemas/Pet/properties/tags/items` -> `PetTagsItem`,
/// `/paths/~1pets/get/responses/200/content/application~1json/schema` -> `ListPets200Response`
/// (with `operationId: listPets`).
fn moved_name(doc: &Value, tokens: &[String]) -> String {
    let (base, rest): (Vec<String>, &[String]) = match tokens {
        [c, _, name, rest @ ..] if c == "components" => (vec![name.clone()], rest),
        // A Swagger 2.0 section left at the top level.
        [s, name, rest @ ..]
            if ["definitions", "parameters", "responses"].contains(&s.as_str()) =>
        {
            (vec![name.clone()], rest)
        }
        [p, path, method, rest @ ..] if p == "paths" && METHODS.contains(&method.as_str()) => {
            let id = node_at(doc, &tokens[..3])
                .and_then(|op| op.get("operationId"))
                .and_then(Value::as_str);
            match id {
                Some(id) => (vec![id.to_owned()], rest),
                None => (vec![path.clone(), method.clone()], rest),
            }
        }
        [p, path, rest @ ..] if p == "paths" => (vec![path.clone()], rest),
        _ => (Vec::new(), tokens),
    };
    let mut words = base;
    for t in rest {
        let word = match t.as_str() {
            "properties" | "content" | "schema" => continue,
            t if t.contains('/') => continue,
            "items" => "item",
            "additionalProperties" => "value",
            "requestBody" => "request",
            "responses" => continue,
            "parameters" => "parameter",
            "headers" => "header",
            t => t,
        };
        words.push(word.to_owned());
    }
    if tokens.iter().any(|t| t == "responses") {
        words.push("response".to_owned());
    }
    let name = words.join(" ").to_upper_camel_case();
    if name.is_empty() {
        "Node".to_owned()
    } else {
        name
    }
}

/// Puts `node` at `components/<section>/<name>` of `doc`, making the maps on the way.
fn insert_component(doc: &mut Value, section: &str, name: String, node: Value) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else {
        return;
    };
    let map = components
        .entry(section)
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(map) = map.as_object_mut() {
        map.insert(name, node);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn local_pointers_are_read_as_tokens() {
        let t = |r: &str| local_tokens(r);
        assert_eq!(
            t("#/paths/~1pets/get"),
            Some(vec![
                "paths".to_owned(),
                "/pets".to_owned(),
                "get".to_owned()
            ])
        );
        assert_eq!(
            t("#/a%20b/c~0d"),
            Some(vec!["a b".to_owned(), "c~d".to_owned()])
        );
        assert_eq!(t("#"), Some(Vec::new()));
        assert_eq!(t("other.yaml#/a"), None);
        assert_eq!(t("#/a%zz"), None);
    }

    #[test]
    fn moved_nodes_are_named_after_where_they_live() {
        let doc = json!({"paths": {"/pets": {"get": {"operationId": "listPets"}}}});
        let name = |tokens: &[&str]| {
            moved_name(
                &doc,
                &tokens.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            name(&[
                "components",
                "schemas",
                "Pet",
                "properties",
                "tags",
                "items"
            ]),
            "PetTagsItem"
        );
        assert_eq!(
            name(&[
                "paths",
                "/pets",
                "get",
                "responses",
                "200",
                "content",
                "application/json",
                "schema"
            ]),
            "ListPets200Response"
        );
    }

    #[test]
    fn only_request_bodies_and_responses_fit_each_other() {
        let doc = json!({"components": {
            "requestBodies": {"R": {"description": "d", "required": true, "content": {}}},
            "responses": {"S": {"description": "d", "content": {}, "headers": {}}},
            "parameters": {"P": {"name": "p", "in": "query"}}
        }});
        assert_eq!(
            fits_across(&doc, "requestBodies", "R", Kind::Response),
            Some(json!({"description": "d", "content": {}}))
        );
        assert_eq!(fits_across(&doc, "responses", "S", Kind::RequestBody), None);
        assert_eq!(fits_across(&doc, "parameters", "P", Kind::Response), None);
        assert_eq!(fits_across(&doc, "requestBodies", "R", Kind::Schema), None);
    }
}
