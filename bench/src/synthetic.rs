//! Synthetic OpenAPI documents of any size, for measuring how generation scales.

use serde_json::{json, Map, Value};

/// A document with `operations` operations (a GET and a POST per resource) and one schema per
/// operation (a resource and its creation body), spread over 20 tags. Each resource refers to
/// the one before it (in chains of ten), holds an enum, an array, a map and a date.
pub fn document(operations: usize) -> Value {
    let resources = operations.div_ceil(2);
    let mut paths = Map::new();
    let mut schemas = Map::new();
    schemas.insert(
        "Error".to_owned(),
        json!({
            "type": "object",
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}}
        }),
    );
    let mut emitted = 0;
    for i in 0..resources {
        let tag = format!("group{}", i % 20);
        let mut resource = json!({
            "type": "object",
            "description": format!("Resource number {i}."),
            "required": ["id", "name"],
            "properties": {
                "id": {"type": "integer", "format": "int64"},
                "name": {"type": "string", "description": "Its name."},
                "status": {"type": "string", "enum": ["active", "inactive", "in-progress"]},
                "labels": {"type": "array", "items": {"type": "string"}},
                "meta": {"type": "object", "additionalProperties": {"type": "string"}},
                "createdAt": {"type": "string", "format": "date-time"},
                "secret": {"type": "string", "format": "password"}
            }
        });
        // Chains of ten: a resource holds the one before it (by value), as real models hold
        // a few levels of others. A chain of hundreds would be a different test: rustc's
        // drop check overflows on types nested that deep in any crate that holds them.
        if i % 10 > 0 {
            resource["properties"]["previous"] =
                json!({"$ref": format!("#/components/schemas/Resource{}", i - 1)});
        }
        schemas.insert(format!("Resource{i}"), resource);
        schemas.insert(
            format!("NewResource{i}"),
            json!({
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "labels": {"type": "array", "items": {"type": "string"}}
                }
            }),
        );
        let error = json!({
            "description": "Error",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        });
        let one = |status: &str| {
            json!({
                status: {
                    "description": "The resource.",
                    "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/Resource{i}")}}}
                },
                "default": error.clone()
            })
        };
        let mut item = Map::new();
        item.insert(
            "get".to_owned(),
            json!({
                "operationId": format!("getResource{i}"),
                "tags": [tag],
                "summary": format!("Get resource {i}"),
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32"}},
                    {"name": "filter", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}
                ],
                "responses": one("200")
            }),
        );
        emitted += 1;
        paths.insert(format!("/resources{i}/{{id}}"), Value::Object(item));
        if emitted < operations {
            paths.insert(
                format!("/resources{i}"),
                json!({
                    "post": {
                        "operationId": format!("createResource{i}"),
                        "tags": [format!("group{}", i % 20)],
                        "requestBody": {
                            "required": true,
                            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/NewResource{i}")}}}
                        },
                        "responses": one("201")
                    }
                }),
            );
            emitted += 1;
        }
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": format!("Synthetic API with {operations} operations"), "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas}
    })
}

#[cfg(test)]
mod tests {
    use super::document;

    #[test]
    fn has_the_requested_number_of_operations() {
        for n in [1, 10, 11, 100] {
            let doc = document(n);
            let ops: usize = doc["paths"]
                .as_object()
                .unwrap()
                .values()
                .map(|item| item.as_object().unwrap().len())
                .sum();
            assert_eq!(ops, n);
        }
    }
}
