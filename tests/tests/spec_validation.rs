//! `spec/users.yaml` checked independently of the generator: against the official OpenAPI 3.0
//! JSON Schema (kept in `tests/fixtures/openapi-schema/`, validated with the `jsonschema`
//! crate), and every local `$ref` resolving; the checks shown to reject broken copies.

use serde_json::Value;

fn openapi_schema() -> jsonschema::Validator {
    let path = workspace_tests::root().join("tests/fixtures/openapi-schema/schema-3.0.yaml");
    let schema: Value = serde_yaml::from_slice(&std::fs::read(path).unwrap()).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .build(&schema)
        .expect("the OpenAPI 3.0 schema compiles")
}

/// Every `$ref` in `node` that is not resolvable in `doc`.
fn dangling_refs(doc: &Value, node: &Value, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                let resolves = target
                    .strip_prefix('#')
                    .is_some_and(|pointer| doc.pointer(pointer).is_some());
                if !resolves {
                    out.push(format!("dangling $ref {target}"));
                }
            }
            map.values().for_each(|v| dangling_refs(doc, v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| dangling_refs(doc, v, out)),
        _ => {}
    }
}

/// `Ok(())` when `text` is a valid OpenAPI 3.0 document whose references all resolve;
/// otherwise every problem found, one per line.
fn validate(text: &str) -> Result<(), String> {
    let doc: Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    let mut problems: Vec<String> = openapi_schema()
        .iter_errors(&doc)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect();
    dangling_refs(&doc, &doc, &mut problems);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn spec_text() -> String {
    String::from_utf8(workspace_tests::users_spec()).unwrap()
}

#[test]
fn users_spec_is_valid_openapi_3_0() {
    validate(&spec_text()).unwrap();
}

#[test]
fn the_checks_reject_broken_copies() {
    let broken = [
        (
            "a dangling reference",
            spec_text().replace(
                "#/components/schemas/UserSession'",
                "#/components/schemas/Nope'",
            ),
            "dangling $ref #/components/schemas/Nope",
        ),
        (
            "a parameter location that does not exist",
            spec_text().replacen("in: query", "in: querystring", 1),
            "/paths/~1api-keys/get/parameters/0",
        ),
        (
            "an OpenAPI 3.1 version",
            spec_text().replace("openapi: 3.0.3", "openapi: 3.1.0"),
            "at /openapi",
        ),
    ];
    for (what, text, mentions) in broken {
        let err = validate(&text).expect_err(what);
        assert!(err.contains(mentions), "{what}: {err}");
    }
}
