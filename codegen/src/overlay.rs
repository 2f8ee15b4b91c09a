//! Overlays: the OpenAPI Initiative's Overlay Specification (1.0, and 1.1's `copy`) applied
//! to the document's tree before it is read, so that local changes to a vendor's document
//! live in a small file of their own.
//!
//! An overlay is a list of actions, each selecting nodes of the document with an RFC 9535
//! JSONPath query (`target`) and then removing them (`remove: true`), merging a value into
//! them (`update`), or merging a copy of another node into them (`copy`, 1.1). Actions apply
//! in order, each to the document as the ones before it left it.

use crate::error::{ErrorKind, Located, Pointer};
use crate::ir::Repair;
use serde_json::Value;
use serde_json_path::JsonPath;

/// One overlay document: its text (YAML or JSON) and the name messages give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlay {
    /// The overlay's path as shown in messages (as the user gave it).
    pub path: String,
    /// The overlay document, YAML or JSON.
    pub text: String,
}

/// An action that changed nothing (its target matches no node): a warning, or with
/// `strict` the error.
pub(crate) struct Outcome {
    pub warnings: Vec<Repair>,
}

fn invalid(pointer: &Pointer, message: impl Into<String>, help: impl Into<String>) -> Located {
    Located::new(ErrorKind::Invalid, pointer, message, help)
}

/// The nodes `query` selects in `doc`, as JSON pointers, in the query's order.
fn select(query: &JsonPath, doc: &Value) -> Vec<String> {
    query
        .query_located(doc)
        .locations()
        .map(|l| l.to_json_pointer())
        .collect()
}

/// The JSONPath query of the action field `field` (`target`, `copy`).
fn query(action: &Value, field: &str, at: &Pointer) -> Result<Option<(String, JsonPath)>, Located> {
    let Some(text) = action.get(field) else {
        return Ok(None);
    };
    let at = at.push(field);
    let Some(text) = text.as_str() else {
        return Err(invalid(
            &at,
            format!("`{field}` is {}, not a JSONPath query", kind(text)),
            format!("write `{field}` as a string such as \"$.paths['/users'].get\""),
        ));
    };
    let path = JsonPath::parse(text).map_err(|e| {
        invalid(
            &at,
            format!(
                "`{text}` is not an RFC 9535 JSONPath query: {} (at character {})",
                e.message(),
                e.position()
            ),
            "correct the query; it starts with `$`, names members as `.name` or `['name']` and \
             filters as `[?@.field == 'value']`",
        )
    })?;
    Ok(Some((text.to_owned(), path)))
}

/// What a JSON value is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Applies the overlay `text` to `doc`. Errors and warnings point into the overlay
/// (`/actions/2/target`); the caller names the overlay's file. `document` names the document
/// in warnings.
pub(crate) fn apply(text: &str, doc: &mut Value, document: &str) -> Result<Outcome, Located> {
    let root = Pointer::root();
    let overlay = crate::duplicates::read(text, "overlay")?;
    let version = overlay.get("overlay").map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    match version.as_deref() {
        Some(v) if v.starts_with("1.0.") || v.starts_with("1.1.") => {}
        Some(v) => {
            return Err(Located::new(
                ErrorKind::Version,
                &root.push("overlay"),
                format!("this is an Overlay {v} document; the generator reads Overlay 1.0 and 1.1"),
                "write the overlay in Overlay 1.0 or 1.1 (`overlay: 1.1.0`)",
            ))
        }
        None => {
            return Err(Located::new(
                ErrorKind::Version,
                &root,
                "this is no overlay: it has no `overlay` version field",
                "start the overlay with `overlay: 1.1.0`, an `info` and a list of `actions`",
            ))
        }
    }
    let actions_at = root.push("actions");
    let Some(actions) = overlay.get("actions").and_then(Value::as_array) else {
        return Err(invalid(
            &actions_at,
            "the overlay has no list of `actions`",
            "give `actions` as a list of objects with a `target` and an `update`, `copy` or `remove`",
        ));
    };
    let mut warnings = Vec::new();
    for (i, action) in actions.iter().enumerate() {
        let at = actions_at.push(i);
        let Some((target_text, target)) = query(action, "target", &at)? else {
            return Err(invalid(
                &at.push("target"),
                "the action has no `target`",
                "give the action a `target`: a JSONPath query selecting the nodes it changes",
            ));
        };
        let selected = select(&target, doc);
        if selected.is_empty() {
            warnings.push(Repair {
                pointer: at.push("target").as_str().to_owned(),
                found: format!("the target `{target_text}` matches nothing in {document}"),
                assumed: "the action changes nothing".to_owned(),
                fix: "correct the target, or remove the action if the document no longer needs it"
                    .to_owned(),
            });
            continue;
        }
        let remove = match action.get("remove") {
            None | Some(Value::Bool(false)) => false,
            Some(Value::Bool(true)) => true,
            Some(other) => {
                return Err(invalid(
                    &at.push("remove"),
                    format!("`remove` is {}, not a boolean", kind(other)),
                    "write `remove: true` or leave it out",
                ))
            }
        };
        if remove {
            remove_all(doc, selected, &at)?;
            continue;
        }
        // Overlay 1.1: `copy` selects one node whose value is merged like an update; it
        // counts only without an `update`.
        let value = match (action.get("update"), query(action, "copy", &at)?) {
            (Some(update), _) => (update.clone(), at.push("update")),
            (None, Some((copy_text, copy))) => {
                let sources = select(&copy, doc);
                let [source] = sources.as_slice() else {
                    return Err(invalid(
                        &at.push("copy"),
                        format!(
                            "the copy source `{copy_text}` selects {} nodes; it must select exactly one",
                            sources.len()
                        ),
                        "narrow the query to the one node to copy",
                    ));
                };
                let value = doc.pointer(source).cloned().unwrap_or(Value::Null);
                (value, at.push("copy"))
            }
            (None, None) => {
                return Err(invalid(
                    &at,
                    "the action has no `update`, `copy` or `remove: true`",
                    "say what the action does to its target",
                ))
            }
        };
        for pointer in &selected {
            if let Some(node) = doc.pointer_mut(pointer) {
                merge(node, &value.0, pointer, &value.1)?;
            }
        }
    }
    Ok(Outcome { warnings })
}

/// Merges `update` into `node` as the Overlay Specification says: objects member by member
/// (recursively), arrays by appending (the update's entries when it is an array, else the
/// update itself), anything else replaced.
fn merge(node: &mut Value, update: &Value, pointer: &str, at: &Pointer) -> Result<(), Located> {
    match (node, update) {
        (Value::Object(members), Value::Object(changes)) => {
            for (key, change) in changes {
                match members.get_mut(key) {
                    Some(member) if member.is_object() || member.is_array() => {
                        let inner = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                        merge(member, change, &inner, at)?;
                    }
                    _ => {
                        members.insert(key.clone(), change.clone());
                    }
                }
            }
            Ok(())
        }
        (Value::Object(_), other) => Err(invalid(
            at,
            format!(
                "the action merges {} into the object at {pointer}; an object can only take an object",
                kind(other)
            ),
            "give the update as an object of the members to add or replace, or target the member itself",
        )),
        (Value::Array(items), Value::Array(more)) => {
            items.extend(more.iter().cloned());
            Ok(())
        }
        (Value::Array(items), one) => {
            items.push(one.clone());
            Ok(())
        }
        (node, value) => {
            *node = value.clone();
            Ok(())
        }
    }
}

/// One step of a JSON pointer, for ordering: array indexes by number.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Index(usize),
    Name(String),
}

/// Removes the nodes at `pointers`, deepest and last first, so that removing one never
/// shifts another's array index.
fn remove_all(doc: &mut Value, pointers: Vec<String>, at: &Pointer) -> Result<(), Located> {
    let key = |p: &String| -> Vec<Step> {
        p.split('/')
            .skip(1)
            .map(|t| match t.parse() {
                Ok(i) => Step::Index(i),
                Err(_) => Step::Name(crate::error::unescape(t)),
            })
            .collect()
    };
    let mut keyed: Vec<(Vec<Step>, String)> = pointers.into_iter().map(|p| (key(&p), p)).collect();
    keyed.sort();
    keyed.dedup_by(|a, b| a.1 == b.1);
    for (steps, pointer) in keyed.into_iter().rev() {
        let Some(last) = steps.last() else {
            return Err(invalid(
                &at.push("target"),
                "the action removes the whole document",
                "target the nodes to remove, not `$`",
            ));
        };
        let parent = pointer.rsplit_once('/').map_or("", |(head, _)| head);
        match (doc.pointer_mut(parent), last) {
            (Some(Value::Object(members)), Step::Name(name)) => {
                members.shift_remove(name);
            }
            (Some(Value::Object(members)), Step::Index(i)) => {
                members.shift_remove(&i.to_string());
            }
            (Some(Value::Array(items)), Step::Index(i)) if *i < items.len() => {
                items.remove(*i);
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(overlay: &str, mut doc: Value) -> (Value, Vec<Repair>) {
        let outcome = apply(overlay, &mut doc, "api.yaml").unwrap();
        (doc, outcome.warnings)
    }

    #[test]
    fn update_merges_objects_and_appends_to_arrays() {
        let doc = json!({"info": {"title": "t", "x-a": {"b": 1}}, "tags": [{"name": "a"}]});
        let overlay = "overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  \
            - target: $.info\n    update: {title: u, x-a: {c: 2}}\n  \
            - target: $.tags\n    update: {name: b}\n  \
            - target: $.tags\n    update: [{name: c}]\n";
        let (doc, warnings) = run(overlay, doc);
        assert!(warnings.is_empty());
        assert_eq!(
            doc,
            json!({"info": {"title": "u", "x-a": {"b": 1, "c": 2}},
                   "tags": [{"name": "a"}, {"name": "b"}, {"name": "c"}]})
        );
    }

    #[test]
    fn remove_takes_every_match_out_of_objects_and_arrays() {
        let doc = json!({"a": {"x": 1, "y": 2}, "l": [1, 2, 3, 4]});
        let overlay = "overlay: 1.1.0\ninfo: {title: o, version: '1'}\nactions:\n  \
            - target: $.a.x\n    remove: true\n  \
            - target: $.l[?@ > 1]\n    remove: true\n";
        let (doc, _) = run(overlay, doc);
        assert_eq!(doc, json!({"a": {"y": 2}, "l": [1]}));
    }

    #[test]
    fn copy_merges_one_node_into_the_targets() {
        let doc = json!({"a": {"x": 1}, "b": {"y": 2}});
        let overlay = "overlay: 1.1.0\ninfo: {title: o, version: '1'}\nactions:\n  \
            - target: $.b\n    copy: $.a\n";
        let (doc, _) = run(overlay, doc);
        assert_eq!(doc, json!({"a": {"x": 1}, "b": {"y": 2, "x": 1}}));
    }

    #[test]
    fn a_target_matching_nothing_is_a_warning_naming_the_action() {
        let overlay = "overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  \
            - target: $.info\n    update: {title: u}\n  \
            - target: $.nothing\n    remove: true\n";
        let (doc, warnings) = run(overlay, json!({"info": {}}));
        assert_eq!(doc, json!({"info": {"title": "u"}}));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer, "/actions/1/target");
        assert_eq!(
            warnings[0].found,
            "the target `$.nothing` matches nothing in api.yaml"
        );
    }

    #[test]
    fn bad_queries_and_versions_are_located() {
        let e = apply(
            "overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  - target: $.a[\n    remove: true\n",
            &mut json!({}),
            "api.yaml",
        )
        .err()
        .unwrap();
        assert_eq!(e.pointer, "/actions/0/target");
        assert!(
            e.message
                .starts_with("`$.a[` is not an RFC 9535 JSONPath query: "),
            "{}",
            e.message
        );
        let e = apply("overlay: 2.0.0\nactions: []\n", &mut json!({}), "api.yaml")
            .err()
            .unwrap();
        assert_eq!(
            (e.kind, e.pointer.as_str()),
            (ErrorKind::Version, "/overlay")
        );
    }
}
