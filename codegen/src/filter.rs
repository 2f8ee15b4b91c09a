//! The operation filter: keeps the operations a user asks for (by tag, operationId or path
//! prefix), the reusable components they reach through `$ref` (transitively), and nothing
//! else, before the document is read. It works on the document's tree as written, so it
//! reads Swagger 2.0 (`definitions`, ...) and OpenAPI 3.x (`components`) alike.

use crate::error::{ErrorKind, Located, Pointer};
use crate::ir::Repair;
use serde_json::Value;
use std::collections::BTreeSet;

/// Which operations to keep. An operation is kept when it has one of the `tags`, or one of
/// the `operations` as its operationId, or a path starting with one of the `path_prefixes`.
/// All lists empty: the filter keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Tags (`users`): operations with any of them are kept.
    pub tags: Vec<String>,
    /// operationIds (`getUsers`): these operations are kept.
    pub operations: Vec<String>,
    /// Path prefixes (`/users`): operations on paths starting with any of them are kept.
    pub path_prefixes: Vec<String>,
}

impl Filter {
    /// True when the filter keeps every operation.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty() && self.path_prefixes.is_empty()
    }
}

/// The HTTP methods a Path Item holds operations under (OpenAPI 3.2 adds `query`).
const METHODS: [&str; 9] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
];

/// Component sections whose entries are dropped when no kept operation reaches them
/// (security schemes stay: they are named by `security`, not referenced).
const SECTIONS: [&[&str]; 12] = [
    &["components", "schemas"],
    &["components", "responses"],
    &["components", "parameters"],
    &["components", "examples"],
    &["components", "requestBodies"],
    &["components", "headers"],
    &["components", "links"],
    &["components", "callbacks"],
    &["components", "pathItems"],
    &["definitions"],
    &["parameters"],
    &["responses"],
];

/// Applies `filter` to `doc`; the warnings name filter entries that match no operation.
pub(crate) fn apply(filter: &Filter, doc: &mut Value) -> Result<Vec<Repair>, Located> {
    let paths_at = Pointer::root().push("paths");
    let mut used: BTreeSet<(u8, String)> = BTreeSet::new();
    let mut kept = 0usize;
    let mut kept_tags: BTreeSet<String> = BTreeSet::new();
    let snapshot = doc.clone();
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        paths.retain(|path, item| {
            // A Path Item given by `$ref` is judged by the item it refers to.
            let target = item
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|p| snapshot.pointer(p));
            let keep_op = |op: &Value, used: &mut BTreeSet<(u8, String)>| {
                let mut keep = false;
                let tags = op.get("tags").and_then(Value::as_array);
                for tag in tags.into_iter().flatten().filter_map(Value::as_str) {
                    if filter.tags.iter().any(|t| t == tag) {
                        used.insert((0, tag.to_owned()));
                        keep = true;
                    }
                }
                if let Some(id) = op.get("operationId").and_then(Value::as_str) {
                    if filter.operations.iter().any(|o| o == id) {
                        used.insert((1, id.to_owned()));
                        keep = true;
                    }
                }
                for prefix in &filter.path_prefixes {
                    if path.starts_with(prefix.as_str()) {
                        used.insert((2, prefix.clone()));
                        keep = true;
                    }
                }
                keep
            };
            if let Some(target) = target {
                let keep = METHODS
                    .iter()
                    .filter_map(|m| target.get(*m))
                    .fold(false, |k, op| keep_op(op, &mut used) | k);
                if keep {
                    kept += 1;
                }
                return keep;
            }
            let Some(item) = item.as_object_mut() else {
                return true;
            };
            let mut any = false;
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                if keep_op(op, &mut used) {
                    any = true;
                    kept += 1;
                    collect_tags(op, &mut kept_tags);
                } else {
                    item.shift_remove(method);
                }
            }
            if let Some(more) = item
                .get_mut("additionalOperations")
                .and_then(Value::as_object_mut)
            {
                more.retain(|_, op| {
                    let keep = keep_op(op, &mut used);
                    if keep {
                        kept += 1;
                        collect_tags(op, &mut kept_tags);
                    }
                    keep
                });
                any |= !more.is_empty();
            }
            any
        });
    }
    if kept == 0 {
        return Err(Located::new(
            ErrorKind::Invalid,
            &paths_at,
            "the operation filter keeps no operation of the document",
            "check the tags, operationIds and path prefixes given against the document",
        ));
    }
    if let Some(root) = doc.as_object_mut() {
        // The client makes no calls for webhooks: they would only keep schemas alive.
        root.shift_remove("webhooks");
        if let Some(tags) = root.get_mut("tags").and_then(Value::as_array_mut) {
            tags.retain(|t| {
                t.get("name")
                    .and_then(Value::as_str)
                    .is_none_or(|n| kept_tags.contains(n))
            });
        }
    }
    drop_unreached(doc);
    let mut warnings = Vec::new();
    for (kind, list) in [
        (0u8, &filter.tags),
        (1, &filter.operations),
        (2, &filter.path_prefixes),
    ] {
        for entry in list {
            if used.contains(&(kind, entry.clone())) {
                continue;
            }
            let what = ["tag", "operationId", "path prefix"][usize::from(kind)];
            warnings.push(Repair {
                pointer: paths_at.as_str().to_owned(),
                found: format!("the operation filter's {what} `{entry}` matches no operation"),
                assumed: "it keeps nothing".to_owned(),
                fix: format!("correct the {what}, or leave it out of the filter"),
            });
        }
    }
    Ok(warnings)
}

fn collect_tags(op: &Value, into: &mut BTreeSet<String>) {
    let tags = op.get("tags").and_then(Value::as_array);
    into.extend(
        tags.into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned),
    );
}

/// The component entry (`/components/schemas/Pet`, `/definitions/Pet`) a local reference
/// points into, if it points into one.
fn entry_of(reference: &str) -> Option<String> {
    let pointer = reference.strip_prefix('#')?;
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    let depth = SECTIONS
        .iter()
        .find(|s| tokens.len() > s.len() && tokens.iter().zip(s.iter()).all(|(a, b)| a == b))?
        .len();
    Some(format!("/{}", tokens[..=depth].join("/")))
}

/// Every local `$ref` (and discriminator mapping) under `node`.
fn references(node: &Value, swagger: bool, out: &mut Vec<String>) {
    match node {
        Value::Object(members) => {
            for (key, value) in members {
                match (key.as_str(), value) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    ("mapping", Value::Object(map)) => {
                        for target in map.values().filter_map(Value::as_str) {
                            if target.starts_with('#') {
                                out.push(target.to_owned());
                            } else if swagger {
                                out.push(format!("#/definitions/{target}"));
                            } else {
                                out.push(format!("#/components/schemas/{target}"));
                            }
                        }
                    }
                    _ => references(value, swagger, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| references(i, swagger, out)),
        _ => {}
    }
}

/// Removes the component entries no path reaches.
fn drop_unreached(doc: &mut Value) {
    let swagger = doc.get("swagger").is_some();
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut todo = Vec::new();
    for root in ["paths", "security"] {
        if let Some(node) = doc.get(root) {
            references(node, swagger, &mut todo);
        }
    }
    while let Some(reference) = todo.pop() {
        let Some(entry) = entry_of(&reference) else {
            continue;
        };
        if !reached.insert(entry.clone()) {
            continue;
        }
        if let Some(node) = doc.pointer(&entry) {
            references(node, swagger, &mut todo);
        }
    }
    for section in SECTIONS {
        let pointer: String = section.iter().map(|s| format!("/{s}")).collect();
        if let Some(map) = doc.pointer_mut(&pointer).and_then(Value::as_object_mut) {
            map.retain(|name, _| {
                let escaped = name.replace('~', "~0").replace('/', "~1");
                name.starts_with("x-") || reached.contains(&format!("{pointer}/{escaped}"))
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "openapi": "3.0.3",
            "tags": [{"name": "a"}, {"name": "b"}],
            "paths": {
                "/a": {"get": {"operationId": "getA", "tags": ["a"],
                    "responses": {"200": {"description": "d", "content": {"application/json":
                        {"schema": {"$ref": "#/components/schemas/A"}}}}}}},
                "/b": {"get": {"operationId": "getB", "tags": ["b"],
                    "responses": {"200": {"$ref": "#/components/responses/B"}}}}
            },
            "components": {
                "schemas": {
                    "A": {"type": "object", "properties": {"inner": {"$ref": "#/components/schemas/Inner"}}},
                    "Inner": {"type": "string"},
                    "B": {"type": "string"},
                    "Unused": {"type": "string"}
                },
                "responses": {"B": {"description": "d", "content": {"application/json":
                    {"schema": {"$ref": "#/components/schemas/B"}}}}},
                "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "k"}}
            }
        })
    }

    #[test]
    fn keeps_the_operations_and_what_they_reach() {
        let mut d = doc();
        let filter = Filter {
            operations: vec!["getA".into()],
            ..Filter::default()
        };
        assert!(apply(&filter, &mut d).unwrap().is_empty());
        let names: Vec<&String> = d["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(names, ["A", "Inner"]);
        assert!(d["components"]["responses"].as_object().unwrap().is_empty());
        assert_eq!(
            d["components"]["securitySchemes"]
                .as_object()
                .unwrap()
                .len(),
            1
        );
        assert_eq!(d["tags"], json!([{"name": "a"}]));
        assert!(d["paths"].get("/b").is_none());
    }

    #[test]
    fn tags_and_prefixes_keep_too_and_unmatched_entries_warn() {
        let mut d = doc();
        let filter = Filter {
            tags: vec!["b".into(), "zzz".into()],
            path_prefixes: vec!["/nope".into()],
            ..Filter::default()
        };
        let warnings = apply(&filter, &mut d).unwrap();
        let names: Vec<&String> = d["components"]["schemas"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(names, ["B"]);
        let found: Vec<&str> = warnings.iter().map(|w| w.found.as_str()).collect();
        assert_eq!(
            found,
            [
                "the operation filter's tag `zzz` matches no operation",
                "the operation filter's path prefix `/nope` matches no operation"
            ]
        );
    }

    #[test]
    fn keeping_nothing_is_an_error() {
        let filter = Filter {
            tags: vec!["zzz".into()],
            ..Filter::default()
        };
        let e = apply(&filter, &mut doc()).unwrap_err();
        assert_eq!(e.pointer, "/paths");
        assert_eq!(
            e.message,
            "the operation filter keeps no operation of the document"
        );
    }
}
