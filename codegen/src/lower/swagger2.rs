//! Swagger 2.0 -> OpenAPI 3.0, on the document's tree: the document-level part.
//!
//! The sections move under `components` (`definitions` -> `schemas`, `parameters`,
//! `responses`, `securityDefinitions` -> `securitySchemes`), `host`/`basePath`/`schemes`
//! become `servers`, security schemes and `discriminator` take their 3.0 form, and body
//! parameters defined once are written where they are used. The operation-level part
//! (body and form parameters -> `requestBody`, keywords on parameters and headers ->
//! `schema`, `collectionFormat`, response `schema` under `produces`, `type: file`,
//! `x-nullable`, `#/definitions/` references) is the same work as repairing Swagger
//! leftovers in a 3.0 document, so [`crate::repair`] does it, without warnings: it is what
//! 2.0 says, not a defect.

use super::{data_key, down, object, refuse};
use crate::error::Result;
use crate::moves::{at, Tokens};
use serde_json::{Map, Value};

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// Lowers the document level of a Swagger 2.0 document in place; the moves made.
pub(crate) fn lower(doc: &mut Value) -> Result<Vec<(Tokens, Tokens)>> {
    let mut moves = Vec::new();
    inline_body_parameters(doc, &mut moves);
    let Some(root) = doc.as_object_mut() else {
        return Ok(moves);
    };
    root.remove("swagger");
    root.insert("openapi".to_owned(), "3.0.3".into());
    if let Some(servers) = servers(root) {
        root.insert("servers".to_owned(), servers);
    }
    for key in ["host", "basePath", "schemes"] {
        root.remove(key);
    }
    let mut components = Map::new();
    for (old, new) in [
        ("definitions", "schemas"),
        ("parameters", "parameters"),
        ("responses", "responses"),
        ("securityDefinitions", "securitySchemes"),
    ] {
        if let Some(section) = root.remove(old) {
            moves.push((at(&["components", new]), at(&[old])));
            components.insert(new.to_owned(), section);
        }
    }
    if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
        for (name, scheme) in schemes.iter_mut() {
            security_scheme(scheme, &at(&["securityDefinitions", name]))?;
        }
    }
    if !components.is_empty() {
        root.insert("components".to_owned(), Value::Object(components));
    }
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    discriminators(doc);
    Ok(moves)
}

/// `host`, `basePath` and `schemes` as a server list: one URL per scheme.
fn servers(root: &Map<String, Value>) -> Option<Value> {
    let host = root.get("host").and_then(Value::as_str);
    let base = root
        .get("basePath")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim_end_matches('/');
    let Some(host) = host else {
        return (!base.is_empty()).then(|| Value::Array(vec![object(vec![("url", base.into())])]));
    };
    let mut schemes: Vec<&str> = root
        .get("schemes")
        .and_then(Value::as_array)
        .map(|s| s.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if schemes.is_empty() {
        schemes.push("https");
    }
    // Secure first: a client that picks the first server should not pick plain HTTP.
    schemes.sort_by_key(|s| !s.ends_with('s'));
    Some(Value::Array(
        schemes
            .into_iter()
            .filter(|s| matches!(*s, "http" | "https"))
            .map(|s| object(vec![("url", format!("{s}://{host}{base}").into())]))
            .collect(),
    ))
}

fn security_scheme(scheme: &mut Value, at: &[String]) -> Result<()> {
    let Some(map) = scheme.as_object_mut() else {
        return Ok(());
    };
    match map.get("type").and_then(Value::as_str) {
        Some("basic") => {
            map.insert("type".to_owned(), "http".into());
            map.insert("scheme".to_owned(), "basic".into());
        }
        Some("oauth2") => {
            let flow = map
                .remove("flow")
                .and_then(|f| f.as_str().map(str::to_owned))
                .unwrap_or_default();
            let name = match flow.as_str() {
                "implicit" => "implicit",
                "password" => "password",
                "application" => "clientCredentials",
                "accessCode" => "authorizationCode",
                other => {
                    return Err(refuse(
                        &down(at, &["flow"]),
                        format!("an OAuth 2.0 `flow: {other}` that Swagger 2.0 does not define"),
                        "write one of implicit, password, application, accessCode",
                    ))
                }
            };
            let mut flow = Map::new();
            for key in ["authorizationUrl", "tokenUrl"] {
                if let Some(v) = map.remove(key) {
                    flow.insert(key.to_owned(), v);
                }
            }
            flow.insert(
                "scopes".to_owned(),
                map.remove("scopes")
                    .unwrap_or_else(|| Value::Object(Map::new())),
            );
            map.insert(
                "flows".to_owned(),
                object(vec![(name, Value::Object(flow))]),
            );
        }
        _ => {}
    }
    Ok(())
}

/// Operations' `$ref`s to a top-level body or form parameter are replaced by the parameter:
/// such parameters become the request body, which 3.0 does not keep among parameters.
fn inline_body_parameters(doc: &mut Value, moves: &mut Vec<(Tokens, Tokens)>) {
    let Some(Value::Object(defined)) = doc.get("parameters").cloned() else {
        return;
    };
    let is_body = |p: &Value| {
        matches!(
            p.get("in").and_then(Value::as_str),
            Some("body" | "formData")
        )
    };
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (key, node) in item.iter_mut() {
                let params = if key == "parameters" {
                    Some((node, vec!["paths".to_owned(), path.clone()]))
                } else if METHODS.contains(&key.as_str()) {
                    let op_at = vec!["paths".to_owned(), path.clone(), key.clone()];
                    node.get_mut("parameters").map(|p| (p, op_at))
                } else {
                    None
                };
                let Some((Value::Array(params), owner)) = params else {
                    continue;
                };
                for (i, p) in params.iter_mut().enumerate() {
                    let Some(name) = p
                        .get("$ref")
                        .and_then(Value::as_str)
                        .and_then(|r| r.strip_prefix("#/parameters/"))
                        .map(crate::error::unescape)
                    else {
                        continue;
                    };
                    if let Some(target) = defined.get(&name).filter(|t| is_body(t)) {
                        *p = target.clone();
                        moves.push((
                            down(&owner, &["parameters", &i.to_string()]),
                            at(&["parameters", &name]),
                        ));
                    }
                }
            }
        }
    }
    if let Some(Value::Object(defined)) = doc.get_mut("parameters") {
        defined.retain(|_, p| !is_body(p));
    }
}

/// `discriminator: petType` (a property name, Swagger 2.0) -> `discriminator: {propertyName}`.
fn discriminators(node: &mut Value) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(name)) = map.get("discriminator") {
                let name = name.clone();
                map.insert(
                    "discriminator".to_owned(),
                    object(vec![("propertyName", name.into())]),
                );
            }
            for (k, child) in map.iter_mut() {
                if !data_key(k) && !matches!(k.as_str(), "enum" | "default") {
                    discriminators(child);
                }
            }
        }
        Value::Array(list) => list.iter_mut().for_each(discriminators),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sections_move_under_components_and_servers_are_built() {
        let mut doc = json!({
            "swagger": "2.0", "info": {"title": "t", "version": "1"},
            "host": "api.example.com", "basePath": "/v1/", "schemes": ["http", "https"],
            "paths": {},
            "definitions": {"Pet": {"type": "object", "discriminator": "kind"}},
            "responses": {"NotFound": {"description": "d"}},
            "securityDefinitions": {
                "basic": {"type": "basic"},
                "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
                "oauth": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {"read": "r"}}
            }
        });
        let moves = lower(&mut doc).unwrap();
        assert_eq!(doc["openapi"], "3.0.3");
        assert!(doc.get("swagger").is_none());
        assert_eq!(
            doc["servers"],
            json!([{"url": "https://api.example.com/v1"}, {"url": "http://api.example.com/v1"}])
        );
        assert_eq!(
            doc["components"]["schemas"]["Pet"]["discriminator"],
            json!({"propertyName": "kind"})
        );
        assert_eq!(
            doc["components"]["securitySchemes"]["basic"],
            json!({"type": "http", "scheme": "basic"})
        );
        assert_eq!(
            doc["components"]["securitySchemes"]["oauth"],
            json!({"type": "oauth2", "flows": {"authorizationCode": {"authorizationUrl": "https://a", "tokenUrl": "https://t", "scopes": {"read": "r"}}}})
        );
        assert!(moves.contains(&(at(&["components", "schemas"]), at(&["definitions"]))));
    }

    #[test]
    fn body_parameters_defined_once_are_written_where_used() {
        let mut doc = json!({
            "swagger": "2.0", "info": {"title": "t", "version": "1"},
            "parameters": {
                "Body": {"name": "b", "in": "body", "schema": {"type": "string"}},
                "Limit": {"name": "limit", "in": "query", "type": "integer"}
            },
            "paths": {"/a": {"post": {"parameters": [
                {"$ref": "#/parameters/Limit"}, {"$ref": "#/parameters/Body"}
            ], "responses": {}}}}
        });
        let moves = lower(&mut doc).unwrap();
        assert_eq!(
            doc["paths"]["/a"]["post"]["parameters"][1]["in"],
            json!("body")
        );
        assert_eq!(
            doc["paths"]["/a"]["post"]["parameters"][0]["$ref"],
            json!("#/parameters/Limit")
        );
        assert!(doc["components"]["parameters"].get("Body").is_none());
        assert!(moves.contains(&(
            at(&["paths", "/a", "post", "parameters", "1"]),
            at(&["parameters", "Body"])
        )));
    }

    #[test]
    fn unknown_oauth_flows_are_refused_where_they_are() {
        let mut doc = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {},
            "securityDefinitions": {"o": {"type": "oauth2", "flow": "device"}}});
        let e = lower(&mut doc).unwrap_err();
        assert_eq!(e.pointer, "/securityDefinitions/o/flow");
    }
}
