//! Making and formatting the code on several threads gives exactly the bytes one thread gives.

use oapi_rust_codegen::Settings;

mod common;

fn settings(threads: usize) -> Settings {
    Settings {
        threads: Some(threads),
        ..common::settings()
    }
}

/// A document with `n` operations, each with its own body and answer types.
fn synthetic(n: usize) -> String {
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    for i in 0..n {
        let thing = format!("Thing{i}");
        schemas.insert(
            thing.clone(),
            serde_json::json!({"type": "object", "required": ["id"], "properties": {
                "id": {"type": "integer"}, "name": {"type": "string", "nullable": true},
                "tags": {"type": "array", "items": {"type": "string"}}}}),
        );
        paths.insert(
            format!("/things{i}/{{id}}"),
            serde_json::json!({"put": {"operationId": format!("PutThing{i}"), "tags": [format!("g{}", i % 7)],
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                               {"name": "q", "in": "query", "schema": {"type": "integer"}}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{thing}")}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{thing}")}}}}}}}),
        );
    }
    serde_json::json!({"openapi": "3.0.3", "info": {"title": "s", "version": "1"},
        "paths": paths, "components": {"schemas": schemas}})
    .to_string()
}

#[test]
fn any_number_of_threads_gives_the_same_bytes() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let documents = [
        std::fs::read_to_string(root.join("tests/fixtures/specs/kitchen-sink.yaml")).unwrap(),
        std::fs::read_to_string(root.join("spec/users.yaml")).unwrap(),
        synthetic(300),
    ];
    for doc in &documents {
        let one = oapi_rust_codegen::generate(doc.as_bytes(), &settings(1)).unwrap();
        for threads in [2, 3, 8] {
            assert_eq!(
                oapi_rust_codegen::generate(doc.as_bytes(), &settings(threads)).unwrap(),
                one
            );
        }
    }
}
