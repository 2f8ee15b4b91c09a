//! No input makes Load + Resolve (or the whole generator) panic: random bytes, and real
//! documents broken at random places. Failing cases are kept in `fuzz.proptest-regressions`
//! and replayed first; hand-made hard cases live in `tests/corpus/`.

use oapi_rust_codegen::{generate, resolve, Settings};
use proptest::prelude::*;
use serde_json::{json, Value};

mod common;

fn settings() -> Settings {
    Settings {
        crate_name: "fuzz".to_owned(),
        spec_path: "fuzz.yaml".to_owned(),
        threads: None,
        ..common::settings()
    }
}

const SEEDS: &[&str] = &[
    include_str!("../../spec/users.yaml"),
    include_str!("../../tests/fixtures/specs/kitchen-sink.yaml"),
    include_str!("../../tests/fixtures/specs/petstore.yaml"),
    include_str!("../../tests/fixtures/specs/buildomat.json"),
];

fn seed(i: usize) -> Value {
    serde_yaml::from_str(SEEDS[i]).expect("seed documents parse")
}

/// Every node's path in a document, as keys and indexes.
fn node_paths(v: &Value, at: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(at.clone());
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                at.push(Value::String(k.clone()));
                node_paths(child, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                at.push(json!(i));
                node_paths(child, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(v: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    path.iter().try_fold(v, |node, step| match step {
        Value::String(k) => node.get_mut(k.as_str()),
        Value::Number(i) => node.get_mut(i.as_u64()? as usize),
        _ => None,
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete,
    Replace(Value),
}

/// Small values that are likely to trip a generator: wrong types, references, compositions.
fn nasty_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        "[a-zA-Z0-9_{}/#~ .+-]{0,12}".prop_map(Value::String),
        Just(json!([])),
        Just(json!({})),
        Just(json!({"type": "object"})),
        Just(json!({"type": "array"})),
        Just(json!({"type": "string", "enum": ["", "a", "A", "+1", null]})),
        Just(json!({"$ref": "#/components/schemas/Nope"})),
        Just(json!({"$ref": "#/components/schemas/Error"})),
        Just(json!({"$ref": "#/components/schemas/Thing"})),
        Just(json!({"$ref": "#"})),
        Just(json!({"$ref": "other.yaml#/X"})),
        Just(json!({"oneOf": []})),
        Just(json!({"anyOf": [{"type": "string"}, {"$ref": "#/components/schemas/Error"}]})),
        Just(json!({"allOf": [{"$ref": "#/components/schemas/Error"}, {"type": "integer"}]})),
        Just(json!({"not": {}})),
        Just(json!({"in": "path", "name": "x", "schema": {"type": "object"}})),
        Just(json!({"content": {"application/xml": {}}})),
        Just(json!({"x-rust-credential": "Nope", "type": "string"})),
    ]
}

fn mutation() -> impl Strategy<Value = (usize, Mutation)> {
    (
        any::<usize>(),
        prop_oneof![
            1 => Just(Mutation::Delete),
            3 => nasty_value().prop_map(Mutation::Replace),
        ],
    )
}

fn mutate(mut doc: Value, mutations: &[(usize, Mutation)]) -> Value {
    for (pick, m) in mutations {
        let mut paths = Vec::new();
        node_paths(&doc, &mut Vec::new(), &mut paths);
        let path = &paths[pick % paths.len()];
        let Some((last, parent_path)) = path.split_last() else {
            continue;
        };
        match m {
            Mutation::Replace(v) => {
                if let Some(node) = node_mut(&mut doc, path) {
                    *node = v.clone();
                }
            }
            Mutation::Delete => match (node_mut(&mut doc, parent_path), last) {
                (Some(Value::Object(map)), Value::String(k)) => {
                    map.remove(k.as_str());
                }
                (Some(Value::Array(items)), Value::Number(i)) => {
                    let i = i.as_u64().unwrap_or(0) as usize;
                    if i < items.len() {
                        items.remove(i);
                    }
                }
                _ => {}
            },
        }
    }
    doc
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = resolve(&bytes, &settings());
    }

    #[test]
    fn broken_documents_never_panic_load_or_resolve(
        which in 0..SEEDS.len(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let doc = mutate(seed(which), &mutations);
        let bytes = serde_json::to_vec(&doc).unwrap();
        let _ = resolve(&bytes, &settings());
    }
}

proptest! {
    // The whole pipeline, emit included, on fewer cases: emit is the slow stage.
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn broken_documents_never_panic_the_generator(
        which in 0..SEEDS.len(),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        let doc = mutate(seed(which), &mutations);
        let bytes = serde_json::to_vec(&doc).unwrap();
        // A document error is an accepted outcome; the generator failing itself is not.
        if let Err(e) = generate(&bytes, &settings()) {
            prop_assert!(!e.message.starts_with("internal error"), "{}", e);
        }
    }
}

/// Each hand-made hard case generates or fails with an error, without panicking.
#[test]
fn corpus_never_panics() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let outcome = std::panic::catch_unwind(|| generate(&bytes, &settings()).map(|_| ()));
        match outcome {
            Err(_) => panic!("{} panicked", path.display()),
            Ok(Err(e)) => assert!(
                !e.message.starts_with("internal error"),
                "{}: {e}",
                path.display()
            ),
            Ok(Ok(())) => {}
        }
        count += 1;
    }
    assert!(count >= 5);
}

#[test]
fn deeply_nested_schemas_do_not_overflow() {
    let mut schema = json!({"type": "string"});
    for _ in 0..100 {
        schema = json!({"type": "array", "items": schema});
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Deep": schema}}
    });
    let bytes = serde_json::to_vec(&doc).unwrap();
    assert_eq!(resolve(&bytes, &settings()).unwrap().types.len(), 1);
    let files = generate(&bytes, &settings()).unwrap();
    let types = files.iter().find(|f| f.path == "src/types.rs").unwrap();
    assert!(
        types.contents.contains("pub type Deep ="),
        "{}",
        types.contents
    );
}

/// JSON documents take a faster reader than YAML ones; the crate must not depend on which.
#[test]
fn json_and_yaml_of_one_document_generate_the_same_crate() {
    for yaml in [SEEDS[0], SEEDS[1], SEEDS[2]] {
        let value: Value = serde_yaml::from_str(yaml).unwrap();
        let json = serde_json::to_vec_pretty(&value).unwrap();
        let from_yaml = generate(yaml.as_bytes(), &settings()).unwrap();
        let from_json = generate(&json, &settings()).unwrap();
        assert_eq!(from_yaml, from_json);
    }
}
