//! `spec/users.yaml` describes every fact of the Users API kept in
//! `tests/fixtures/users-api-facts.json` (read off Cohesity's SDKs): each operation with its
//! method, path, operationId, parameters, body and success response, and each model field
//! with its JSON name, type, required, nullable and readOnly flags and enum values. The spec
//! is checked as the generator resolves it (allOf merged), so what is checked is what the
//! generated crate has; each operation is a method named as in the Python SDK.

use oapi_rust_codegen::ir::{
    Api, Field, Location, Operation, RequestPayload, ResponsePayload, RustType, StatusMatch,
    TypeDef, TypeKind,
};
use serde_json::Value;
use std::collections::BTreeSet;

fn facts() -> Value {
    let path = workspace_tests::root().join("tests/fixtures/users-api-facts.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn api() -> Api {
    oapi_rust_codegen::resolve(&workspace_tests::users_spec(), &xtask::regen_settings()).unwrap()
}

/// Type names compared as the generator spells them (`UserAPIKey` is `UserApiKey`).
fn same_name(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    key(a) == key(b)
}

fn type_named<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|t| same_name(&t.name, name))
        .unwrap_or_else(|| panic!("no type for model `{name}`"))
}

/// Whether `ty` is the reference's type text (`string`, `integer`, `array<X>`, `Model`).
fn is_type(api: &Api, ty: &RustType, fact: &str) -> bool {
    match (ty, fact) {
        (RustType::Option(inner), _) => is_type(api, inner, fact),
        (RustType::String, "string") | (RustType::I64, "integer") | (RustType::Bool, "boolean") => {
            true
        }
        (RustType::Vec(item), _) => fact
            .strip_prefix("array<")
            .and_then(|f| f.strip_suffix('>'))
            .is_some_and(|f| is_type(api, item, f)),
        // An inline enum is a string in the reference.
        (RustType::Named(n), "string") => {
            matches!(type_named(api, n).kind, TypeKind::StringEnum { .. })
        }
        (RustType::Named(n), model) => same_name(n, model),
        _ => false,
    }
}

fn operation<'a>(api: &'a Api, fn_name: &str) -> &'a Operation {
    let users = api.groups.iter().find(|g| g.accessor == "users").unwrap();
    users
        .operations
        .iter()
        .find(|op| op.fn_name == fn_name)
        .unwrap_or_else(|| panic!("no method `users().{fn_name}`"))
}

#[test]
fn every_operation_is_in_the_spec_as_the_sdk_has_it() {
    let facts = facts();
    let api = api();
    let doc: serde_yaml::Value = serde_yaml::from_slice(&workspace_tests::users_spec()).unwrap();
    let facts_ops = facts["operations"].as_array().unwrap();
    assert_eq!(facts_ops.len(), 26);
    let operations: usize = api.groups.iter().map(|g| g.operations.len()).sum();
    assert_eq!(operations, 26, "one method per operation, no more");
    for f in facts_ops {
        let sdk = f["sdk_method"].as_str().unwrap();
        let op = operation(&api, sdk);
        let path = f["path"].as_str().unwrap();
        let method = f["method"].as_str().unwrap();
        assert_eq!(
            (op.method.as_str(), op.path.as_str()),
            (method, path),
            "{sdk}"
        );
        assert_eq!(
            doc["paths"][path][method.to_lowercase()]["operationId"].as_str(),
            f["operation_id"].as_str(),
            "{sdk}"
        );
        let params = f["params"].as_array().unwrap();
        assert_eq!(op.params.len(), params.len(), "{sdk}: parameters");
        for p in params {
            let name = p["name"].as_str().unwrap();
            let param = op
                .params
                .iter()
                .find(|q| q.api_name == name)
                .unwrap_or_else(|| panic!("{sdk}: no parameter `{name}`"));
            let location = match p["in"].as_str().unwrap() {
                "path" => Location::Path,
                "query" => Location::Query,
                other => panic!("{other}"),
            };
            assert_eq!(param.location, location, "{sdk}.{name}");
            assert_eq!(
                param.required,
                p["required"].as_bool().unwrap(),
                "{sdk}.{name}"
            );
            let ty = p["type"].as_str().unwrap();
            assert!(
                is_type(&api, &param.ty, ty),
                "{sdk}.{name}: {:?} is not {ty}",
                param.ty
            );
            if ty.starts_with("array<") {
                assert_eq!(
                    param.delimiter,
                    Some(","),
                    "{sdk}.{name}: arrays are comma-separated"
                );
            }
        }
        match (&op.body, f["body"].as_object()) {
            (None, None) => {}
            (Some(body), Some(fact)) => {
                let RequestPayload::Json(ty) = &body.kind else {
                    panic!("{sdk}: the body is JSON")
                };
                assert!(
                    is_type(&api, ty, fact["type"].as_str().unwrap()),
                    "{sdk}: body {ty:?}"
                );
                assert_eq!(body.required, fact["required"].as_bool().unwrap(), "{sdk}");
            }
            (ours, theirs) => panic!("{sdk}: body {ours:?} against {theirs:?}"),
        }
        let status = f["success"]["status"].as_u64().unwrap() as u16;
        assert_eq!(op.success.len(), 1, "{sdk}");
        let (code, payload) = &op.success[0];
        assert_eq!(*code, StatusMatch::Code(status), "{sdk}");
        match (payload, f["success"]["body"].as_str()) {
            (ResponsePayload::Empty, None) => {}
            (ResponsePayload::Json(ty), Some(model)) => assert!(is_type(&api, ty, model), "{sdk}"),
            (ours, theirs) => panic!("{sdk}: answers {ours:?}, the SDK {theirs:?}"),
        }
        // Every error answer is the `Error` model.
        assert_eq!(op.errors.len(), 1, "{sdk}");
        assert_eq!(op.errors[0].status, StatusMatch::Default, "{sdk}");
        let body = op.errors[0].body.expect("the default answer has a model");
        assert_eq!(
            api.error_bodies[body].ty,
            RustType::Named("Error".to_owned())
        );
    }
}

fn fields(def: &TypeDef) -> &[Field] {
    match &def.kind {
        TypeKind::Struct { fields } => fields,
        other => panic!("{} is {other:?}, not a struct", def.name),
    }
}

#[test]
fn every_model_field_is_in_the_spec_with_its_flags() {
    let facts = facts();
    let api = api();
    let models = facts["models"].as_object().unwrap();
    assert_eq!(models.len(), 29, "28 models and Error");
    let mut checked = 0;
    for (model, facts_fields) in models {
        let def = type_named(&api, model);
        let ours = fields(def);
        let facts_fields = facts_fields.as_array().unwrap();
        let names: BTreeSet<&str> = ours.iter().map(|f| f.api_name.as_str()).collect();
        let theirs: BTreeSet<&str> = facts_fields
            .iter()
            .map(|f| f["json"].as_str().unwrap())
            .collect();
        assert_eq!(names, theirs, "{model}: the fields");
        for f in facts_fields {
            let json = f["json"].as_str().unwrap();
            let field = ours.iter().find(|x| x.api_name == json).unwrap();
            let at = format!("{model}.{json}");
            let ty = f["type"].as_str().unwrap();
            assert!(
                is_type(&api, &field.ty, ty),
                "{at}: {:?} is not {ty}",
                field.ty
            );
            assert_eq!(
                field.required,
                f["required"].as_bool().unwrap(),
                "{at}: required"
            );
            assert_eq!(
                field.nullable,
                f["nullable"].as_bool().unwrap(),
                "{at}: nullable"
            );
            assert_eq!(
                field.read_only,
                f["read_only"].as_bool().unwrap(),
                "{at}: readOnly"
            );
            if let Some(values) = f["enum"].as_array() {
                let mut named = Vec::new();
                field.ty.named_types(&mut named);
                let TypeKind::StringEnum { variants, .. } = &type_named(&api, named[0]).kind else {
                    panic!("{at}: not an enum")
                };
                let ours: Vec<&str> = variants.iter().map(|v| v.value.as_str()).collect();
                let theirs: Vec<&str> = values.iter().map(|v| v.as_str().unwrap()).collect();
                assert_eq!(ours, theirs, "{at}: enum values");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 129);
}

#[test]
fn secrets_are_redacted_wherever_they_appear() {
    let api = api();
    for (model, json) in [
        ("CreateUserSessionRequestParams", "password"),
        ("CreateUserSessionRequestParams", "privateKey"),
        ("CreateUserSessionRequestParams", "otpCode"),
        ("UserSession", "sessionId"),
        ("LocalUserParams", "password"),
        ("LocalUserUpdateParams", "password"),
        ("LocalUserUpdateParams", "currentPassword"),
        ("CreatedUserAPIKey", "apiKey"),
        ("S3AccountParams", "s3SecretKey"),
        ("SecretKeyEntity", "secret-key"),
    ] {
        let field = fields(type_named(&api, model))
            .iter()
            .find(|f| f.api_name == json)
            .unwrap();
        assert!(field.secret, "{model}.{json} is a secret");
    }
}
