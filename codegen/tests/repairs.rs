//! Vendor documents read as their authors meant them: `$ref`s to nodes inside others, and
//! Swagger 2.0 leftovers repaired with one recorded repair each, or refused with `strict`.

use oapi_rust_codegen::ir::{
    Api, FormPart, Location, Operation, Repair, RequestPayload, ResponsePayload, RustType, TypeKind,
};
use oapi_rust_codegen::{Error, ErrorKind, Settings};

mod common;

use common::{repairs_found, HEAD};

fn settings(strict: bool) -> Settings {
    Settings {
        spec_path: "specs/vendor.yaml".to_owned(),
        strict,
        ..common::settings()
    }
}

fn resolve(text: &str) -> Api {
    oapi_rust_codegen::resolve(text.as_bytes(), &settings(false))
        .unwrap_or_else(|e| panic!("{e}\nfor:\n{text}"))
}

fn refuse(text: &str, strict: bool) -> Error {
    match oapi_rust_codegen::resolve(text.as_bytes(), &settings(strict)) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

/// The error of resolving `text` (repairs made, not refused), checked to be of `kind` at
/// `pointer`.
fn refused_at(text: &str, kind: ErrorKind, pointer: &str) -> Error {
    let e = refuse(text, false);
    assert_eq!((e.kind, e.pointer.as_str()), (kind, pointer), "{e}");
    e
}

/// A fixture document (its crate is committed, compiled and linted with the others).
fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/specs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn op<'a>(api: &'a Api, name: &str) -> &'a Operation {
    api.groups
        .iter()
        .flat_map(|g| &g.operations)
        .find(|o| o.fn_name == name)
        .unwrap_or_else(|| panic!("no operation {name}"))
}

fn field_type(api: &Api, ty: &str, field: &str) -> RustType {
    let def = api
        .types
        .iter()
        .find(|t| t.name == ty)
        .unwrap_or_else(|| panic!("no type {ty} among {:?}", names(api)));
    match &def.kind {
        TypeKind::Struct { fields } => fields
            .iter()
            .find(|f| f.name == field)
            .unwrap_or_else(|| panic!("no field {field} in {ty}"))
            .ty
            .clone(),
        other => panic!("{ty} is {other:?}"),
    }
}

fn names(api: &Api) -> Vec<&str> {
    api.types.iter().map(|t| t.name.as_str()).collect()
}

fn named(n: &str) -> RustType {
    RustType::Named(n.to_owned())
}

fn opt(t: RustType) -> RustType {
    RustType::Option(Box::new(t))
}

fn vec(t: RustType) -> RustType {
    RustType::Vec(Box::new(t))
}

#[test]
fn references_to_nodes_inside_others_resolve_with_names_from_where_they_live() {
    let api = resolve(&fixture("pointer-refs.yaml"));
    assert!(
        api.repairs.is_empty(),
        "valid pointers are no repair: {:?}",
        api.repairs
    );
    // The node moved under components, and both places use it.
    assert_eq!(
        field_type(&api, "Pet", "tags"),
        opt(vec(named("PetTagsItem")))
    );
    assert_eq!(
        field_type(&api, "Pet", "first_tag"),
        opt(named("PetTagsItem"))
    );
    assert_eq!(
        field_type(&api, "PetTagsItem", "label"),
        opt(RustType::String)
    );
    // A string is a string wherever it lives.
    assert_eq!(field_type(&api, "Pet", "label"), opt(RustType::String));
    assert_eq!(field_type(&api, "TagAllOf0", "name"), opt(RustType::String));
    assert_eq!(field_type(&api, "Pet", "base"), opt(named("TagAllOf0")));
    // A parameter and a response of another operation.
    let get = op(&api, "get_pet");
    let params: Vec<(&str, Location)> = get
        .params
        .iter()
        .map(|p| (p.api_name.as_str(), p.location))
        .collect();
    assert_eq!(params, [("limit", Location::Query), ("id", Location::Path)]);
    assert_eq!(
        get.success,
        op(&api, "list_pets").success,
        "the same response"
    );
    assert_eq!(
        get.success[0].1,
        ResponsePayload::Json(vec(named("Pet"))),
        "{:?}",
        get.success
    );
    let put = op(&api, "put_pet");
    assert_eq!(
        put.body.as_ref().map(|b| &b.kind),
        Some(&RequestPayload::Json(named("Pet")))
    );
}

#[test]
fn a_pointer_to_nothing_is_a_located_error() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{b: {{$ref: '#/components/schemas/A/properties/c'}}}}}}\n"
    );
    let e = refused_at(
        &text,
        ErrorKind::Reference,
        "/components/schemas/A/properties/b/$ref",
    );
    assert_eq!(
        e.message,
        "`$ref: #/components/schemas/A/properties/c` points to nothing in this document"
    );
    assert_eq!(e.file, "specs/vendor.yaml");
}

#[test]
fn references_to_other_files_stay_a_located_error() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{b: {{$ref: 'common.yaml#/components/schemas/B'}}}}}}\n"
    );
    let e = refused_at(
        &text,
        ErrorKind::Reference,
        "/components/schemas/A/properties/b",
    );
    assert!(e.message.contains("common.yaml"), "{e}");
}

/// A document of `body` under `HEAD`, as YAML and as JSON: each is read its own fast way.
fn yaml_and_json(body: &str) -> [String; 2] {
    let yaml = format!("{HEAD}{body}");
    let value: serde_json::Value = serde_yaml::from_str(&yaml).unwrap();
    let json = value.to_string();
    [yaml, json]
}

fn pointers(repairs: &[Repair]) -> Vec<&str> {
    repairs.iter().map(|r| r.pointer.as_str()).collect()
}

#[test]
fn swagger_leftovers_are_repaired_one_recorded_repair_each() {
    let api = resolve(&fixture("swagger-leftovers.yaml"));
    assert_eq!(
        pointers(&api.repairs),
        [
            "/paths/~1pets~1{id}/parameters/0/required",
            "/paths/~1pets~1{id}/parameters/0",
            "/paths/~1pets~1{id}/get/parameters/0",
            "/paths/~1pets~1{id}/get/parameters/0/collectionFormat",
            "/paths/~1pets~1{id}/get/parameters/1",
            "/paths/~1pets~1{id}/get/parameters/1/collectionFormat",
            "/paths/~1pets~1{id}/get/responses/200/schema",
            "/paths/~1pets~1{id}/put/parameters/0",
            "/paths/~1pets~1{id}~1photo/post/parameters/1",
            "/paths/~1pets~1{id}~1photo/post/requestBody/content/multipart~1form-data/schema/properties/file/type",
            "/components/schemas/Pet/properties/name/required",
            "/components/schemas/Pet/properties/owner/x-nullable",
            "/components/schemas/Pet/properties/photo/type",
            "/components/schemas/Pet/properties/nick/type",
            "/components/schemas/Pet/properties/tag/type",
            "/paths/~1pets~1{id}/get/parameters/2/$ref",
            "/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema/$ref",
            "/paths/~1pets~1{id}/get/responses/404/$ref",
            "/paths/~1pets~1{id}/get/responses/default/$ref",
            "/paths/~1pets~1{id}/put/requestBody/content/application~1json/schema/$ref",
        ],
        "{:#?}",
        api.repairs
    );
    let by = |p: &str| api.repairs.iter().find(|r| r.pointer == p).unwrap();
    assert_eq!(
        by("/paths/~1pets~1{id}/get/parameters/2/$ref"),
        &Repair {
            pointer: "/paths/~1pets~1{id}/get/parameters/2/$ref".to_owned(),
            found: "`$ref: #/parameters/Trace` (a Swagger 2.0 location)".to_owned(),
            assumed: "`$ref: #/components/parameters/Trace`, which exists".to_owned(),
            fix: "refer to #/components/parameters/Trace".to_owned(),
        }
    );
    assert_eq!(
        by("/paths/~1pets~1{id}/get/responses/default/$ref"),
        &Repair {
            pointer: "/paths/~1pets~1{id}/get/responses/default/$ref".to_owned(),
            found: "`$ref: #/components/schemas/Problem`: a response that refers to a schema"
                .to_owned(),
            assumed: "a response whose body is that schema, sent as application/json".to_owned(),
            fix: "write `content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}`, or refer to a response under components/responses".to_owned(),
        }
    );
    assert_eq!(
        by("/paths/~1pets~1{id}/get/parameters/0"),
        &Repair {
            pointer: "/paths/~1pets~1{id}/get/parameters/0".to_owned(),
            found: "a parameter with `type`, `items` on itself (Swagger 2.0)".to_owned(),
            assumed: "they describe its value: they are read as its `schema`".to_owned(),
            fix: "move them under `schema`".to_owned(),
        }
    );

    // What was read.
    let get = op(&api, "get_pet");
    let params: Vec<(&str, Location, bool, Option<&str>)> = get
        .params
        .iter()
        .map(|p| (p.api_name.as_str(), p.location, p.required, p.delimiter))
        .collect();
    assert_eq!(
        params,
        [
            ("id", Location::Path, true, None),
            ("tags", Location::Query, false, Some(",")),
            ("ids", Location::Query, false, None),
            ("trace", Location::Header, false, None),
        ]
    );
    assert_eq!(get.success[0].1, ResponsePayload::Json(named("Pet")));
    let error_types: Vec<Option<&RustType>> = get
        .errors
        .iter()
        .map(|e| e.body.map(|i| &api.error_bodies[i].ty))
        .collect();
    assert_eq!(error_types, [None, Some(&named("Problem"))]);
    let put = op(&api, "put_pet");
    let body = put.body.as_ref().unwrap();
    assert_eq!(
        (
            &body.kind,
            body.media_type.as_str(),
            body.required,
            body.doc.as_deref()
        ),
        (
            &RequestPayload::Json(named("Pet")),
            "application/json",
            true,
            Some("the new pet")
        )
    );
    let photo = op(&api, "post_photo");
    let body = photo.body.as_ref().unwrap();
    assert_eq!(
        (&body.kind, body.media_type.as_str()),
        (
            &RequestPayload::Multipart(vec![
                FormPart {
                    name: "file".into(),
                    required: true,
                    file: true,
                    doc: None
                },
                FormPart {
                    name: "note".into(),
                    required: false,
                    file: false,
                    doc: None
                },
            ]),
            "multipart/form-data"
        )
    );
    assert_eq!(field_type(&api, "Pet", "name"), RustType::String);
    assert_eq!(field_type(&api, "Pet", "owner"), opt(RustType::String));
    // In a JSON model a binary string is the text sent.
    assert_eq!(field_type(&api, "Pet", "photo"), opt(RustType::String));
    assert_eq!(field_type(&api, "Pet", "nick"), opt(RustType::String));
}

#[test]
fn strict_refuses_the_first_repair_with_what_it_would_assume() {
    let e = refuse(&fixture("swagger-leftovers.yaml"), true);
    assert_eq!(e.kind, ErrorKind::Defect);
    assert_eq!(e.file, "specs/vendor.yaml");
    assert_eq!(e.pointer, "/paths/~1pets~1{id}/parameters/0/required");
    assert_eq!(
        e.message,
        "a path parameter that is not `required: true` (refused: strict)"
    );
    assert_eq!(
        e.help,
        "set `required: true`; without strict checking the generator would assume it is required, as every path parameter is"
    );
}

#[test]
fn a_clean_document_needs_no_repair_even_when_strict() {
    let text = fixture("pointer-refs.yaml");
    let strict = oapi_rust_codegen::resolve(text.as_bytes(), &settings(true)).unwrap();
    assert_eq!(strict, resolve(&text));
}

#[test]
fn ambiguous_leftovers_stay_errors() {
    // Two body parameters.
    let text = format!(
        "{HEAD}paths:\n  /a:\n    post:\n      parameters:\n        - {{name: a, in: body, schema: {{type: string}}}}\n        - {{name: b, in: body, schema: {{type: string}}}}\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let e = refused_at(&text, ErrorKind::Invalid, "/paths/~1a/post/parameters/1");
    assert!(
        e.message.starts_with("a second `in: body` parameter"),
        "{e}"
    );
    assert_eq!(
        e.help,
        "describe the body once, as the operation's `requestBody`"
    );
    // A body parameter beside form parameters, in a Swagger 2.0 document: the help is one
    // Swagger 2.0 can follow (it has no `requestBody`).
    let e = refuse(
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /img:\n    post:\n      \
         consumes: [multipart/form-data]\n      parameters:\n        \
         - {in: formData, name: image, type: file, required: true}\n        \
         - {in: body, name: request, schema: {type: object}}\n      \
         responses: {'200': {description: ok}}\n",
        false,
    );
    assert_eq!(e.pointer, "/paths/~1img/post/parameters/1", "{e}");
    assert_eq!(
        e.message,
        "an `in: body` parameter beside `in: formData` ones: an operation's body is one or \
         the other, and which one it is is not certain"
    );
    assert_eq!(
        e.help,
        "keep one `in: body` parameter, or the `in: formData` ones, as Swagger 2.0 allows"
    );
    // A body parameter next to a request body.
    let text = format!(
        "{HEAD}paths:\n  /a:\n    post:\n      parameters:\n        - {{name: a, in: body, schema: {{type: string}}}}\n      requestBody: {{content: {{text/plain: {{schema: {{type: string}}}}}}}}\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let e = refuse(&text, false);
    assert!(e.message.contains("next to a `requestBody`"), "{e}");
    // `#/definitions/X` where the document keeps another X there.
    let text = format!(
        "{HEAD}paths: {{}}\ndefinitions:\n  B: {{type: integer}}\ncomponents:\n  schemas:\n    B: {{type: string}}\n    A: {{type: object, properties: {{b: {{$ref: '#/definitions/B'}}}}}}\n"
    );
    refused_at(
        &text,
        ErrorKind::Reference,
        "/components/schemas/A/properties/b/$ref",
    );
    // `#/definitions/X` with no `components/schemas/X`: nothing to assume.
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{b: {{$ref: '#/definitions/B'}}}}}}\n"
    );
    refused_at(
        &text,
        ErrorKind::Reference,
        "/components/schemas/A/properties/b/$ref",
    );
    // A list of types with an entry that names none.
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{b: {{type: [string, 5]}}}}}}\n"
    );
    let e = refused_at(
        &text,
        ErrorKind::Unsupported,
        "/components/schemas/A/properties/b/type/1",
    );
    assert!(e.message.contains("`5` in a list of types"), "{e}");
}

/// A list of several types in an OpenAPI 3.0 document (which has no such lists) is read as
/// 3.1 reads it: a union with a branch per type, nullable when `null` is one of them.
#[test]
fn several_types_in_a_3_0_document_become_a_union() {
    let body = "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {b: {type: [string, integer, 'null'], maxLength: 3}}}\n";
    for text in yaml_and_json(body) {
        let api = resolve(&text);
        assert_eq!(
            pointers(&api.repairs),
            ["/components/schemas/A/properties/b/type"]
        );
        let repair = &api.repairs[0];
        assert_eq!(
            repair.found,
            "`type: [\"string\", \"integer\", \"null\"]` (OpenAPI 3.1)"
        );
        assert_eq!(
            repair.assumed,
            "`anyOf: [{type: \"string\"}, {type: \"integer\"}], nullable: true`"
        );
        assert_eq!(
            repair.fix,
            "write `anyOf: [{type: \"string\"}, {type: \"integer\"}]` and `nullable: true`"
        );
        assert_eq!(refuse(&text, true).pointer, repair.pointer);
        // The same type as the 3.1 document's.
        let v31 = resolve(&text.replace("3.0.3", "3.1.0"));
        assert_eq!(field_type(&api, "A", "b"), field_type(&v31, "A", "b"));
        assert_eq!(api.types, v31.types);
    }
}

/// Leftovers that an OpenAPI 3.0 reader accepts and silently drops (a response's `schema`,
/// `collectionFormat`, `x-nullable`, a path parameter not marked required) are found too,
/// in YAML and in JSON.
#[test]
fn leftovers_a_reader_would_drop_silently_are_repaired() {
    let cases = [
        (
            "paths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, schema: {type: string}}\n",
            "/paths/~1a/get/responses/200/schema",
        ),
        (
            "paths:\n  /a/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, schema: {type: string}}\n      responses: {'204': {description: ok}}\n",
            "/paths/~1a~1{id}/get/parameters/0/required",
        ),
        (
            "paths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, schema: {type: array, items: {type: string}}, collectionFormat: pipes}\n      responses: {'204': {description: ok}}\n",
            "/paths/~1a/get/parameters/0/collectionFormat",
        ),
        (
            "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {b: {type: string, x-nullable: true}}}\n",
            "/components/schemas/A/properties/b/x-nullable",
        ),
        // A list of one type (huma writes `type: [array]` in 3.0 documents).
        (
            "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {b: {type: [array], items: {type: string}}}}\n",
            "/components/schemas/A/properties/b/type",
        ),
    ];
    for (body, pointer) in cases {
        for text in yaml_and_json(body) {
            assert_eq!(pointers(&resolve(&text).repairs), [pointer], "{text}");
            assert_eq!(refuse(&text, true).pointer, pointer);
        }
    }
    let api = resolve(&format!("{HEAD}{}", cases[0].0));
    assert_eq!(
        op(&api, "get_a").success[0].1,
        ResponsePayload::Json(RustType::String)
    );
    let api = resolve(&format!("{HEAD}{}", cases[2].0));
    assert_eq!(op(&api, "get_a").params[0].delimiter, Some("|"));
    let api = resolve(&format!("{HEAD}{}", cases[4].0));
    assert_eq!(field_type(&api, "A", "b"), opt(vec(RustType::String)));
    assert_eq!(api.repairs[0].found, "`type: [\"array\"]` (OpenAPI 3.1)");
}

#[test]
fn pointers_a_repair_would_make_wrong_or_that_mean_nothing_are_refused() {
    // The body parameter leaves the list: index 1 would now be another parameter.
    let text = format!(
        "{HEAD}paths:\n  /a:\n    post:\n      parameters:\n        - {{name: body, in: body, schema: {{type: string}}}}\n        - {{name: limit, in: query, schema: {{type: integer}}}}\n        - {{name: offset, in: query, schema: {{type: integer}}}}\n      responses: {{'204': {{description: ok}}}}\n  /b:\n    get:\n      parameters:\n        - $ref: '#/paths/~1a/post/parameters/1'\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let e = refused_at(
        &text,
        ErrorKind::Reference,
        "/paths/~1b/get/parameters/0/$ref",
    );
    assert!(
        e.message
            .contains("goes through a node that a repair changed"),
        "{e}"
    );
    // The whole document, or a whole section.
    for target in ["#", "#/components"] {
        let text = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{b: {{$ref: '{target}'}}}}}}\n"
        );
        let e = refuse(&text, false);
        assert_eq!(
            e.pointer, "/components/schemas/A/properties/b/$ref",
            "{target}"
        );
        assert!(
            e.message
                .ends_with("points at the whole document or a whole section of it"),
            "{e}"
        );
    }
    // Another section's entry: moving it would break its users. (The `x-nullable`, a
    // leftover, sends the document the repairing way.)
    let text = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Limit'\n        - $ref: '#/components/requestBodies/Body'\n      responses: {{'204': {{description: ok}}}}\ncomponents:\n  parameters:\n    Limit: {{name: limit, in: query, schema: {{type: integer, x-nullable: true}}}}\n  requestBodies:\n    Body: {{content: {{text/plain: {{schema: {{type: string}}}}}}}}\n"
    );
    let e = refuse(&text, false);
    assert_eq!(e.pointer, "/paths/~1a/get/parameters/1/$ref");
    assert_eq!(
        e.message,
        "`$ref: #/components/requestBodies/Body` points into components/requestBodies, where a parameters entry belongs"
    );
}

#[test]
fn x_nullable_next_to_a_ref_is_a_nullable_reference() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    B: {{type: object, properties: {{x: {{type: integer}}}}}}\n    A:\n      type: object\n      required: [b]\n      properties:\n        b: {{$ref: '#/components/schemas/B', x-nullable: true}}\n"
    );
    let api = resolve(&text);
    assert_eq!(
        pointers(&api.repairs),
        ["/components/schemas/A/properties/b/x-nullable"]
    );
    assert_eq!(field_type(&api, "A", "b"), opt(named("B")));
}

/// Leftovers the fast path must not miss: a `schema` on an error response or on a response
/// under components, `type: file`, a path parameter under components.
#[test]
fn the_fast_path_sends_every_leftover_to_the_repairs() {
    let cases = [
        (
            "paths:\n  /a:\n    get:\n      responses:\n        '204': {description: ok}\n        '404': {description: missing, schema: {type: string}}\n",
            "/paths/~1a/get/responses/404/schema",
        ),
        (
            "paths: {}\ncomponents:\n  responses:\n    Gone: {description: gone, schema: {type: string}}\n",
            "/components/responses/Gone/schema",
        ),
        (
            "paths: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: {f: {type: file}}}\n",
            "/components/schemas/A/properties/f/type",
        ),
        (
            "paths: {}\ncomponents:\n  parameters:\n    Id: {name: id, in: path, schema: {type: string}}\n",
            "/components/parameters/Id/required",
        ),
        (
            "paths: {}\ncomponents:\n  responses:\n    Gone: {$ref: '#/components/schemas/G'}\n  schemas:\n    G: {type: string}\n",
            "/components/responses/Gone/$ref",
        ),
    ];
    for (body, pointer) in cases {
        for text in yaml_and_json(body) {
            assert_eq!(pointers(&resolve(&text).repairs), [pointer], "{text}");
        }
    }
}

#[test]
fn bodies_http_never_sends_are_warned_about_and_never_decoded() {
    let text = fixture("bodiless.yaml");
    let api = resolve(&text);
    // The 204's `content: {application/json: {}}` describes no body: no warning for it.
    let warned = repairs_found(&api);
    assert_eq!(
        warned,
        [
            (
                "/paths/~1things~1{id}/get/responses/304/content",
                "a `304` response with `content`, but HTTP sends a 304 answer without a body"
            ),
            (
                "/paths/~1things~1{id}/put/responses/205/content",
                "a `205` response with `content`, but HTTP sends a 205 answer without a body"
            ),
            (
                "/paths/~1things~1{id}/head/responses/200/content",
                "a `200` response to HEAD with `content`, but HTTP answers HEAD without a body"
            ),
        ]
    );
    for r in &api.repairs {
        assert_eq!(
            r.assumed,
            "the answer has no body, and nothing is decoded from it"
        );
    }
    for name in ["delete_thing", "reset_thing", "thing_exists"] {
        let o = op(&api, name);
        assert!(
            o.success.iter().all(|(_, p)| *p == ResponsePayload::Empty),
            "{name}: {:?}",
            o.success
        );
    }
    // What the schema means: a binary string is bytes, a number as text a number.
    assert_eq!(op(&api, "download").success[0].1, ResponsePayload::Bytes);
    assert_eq!(
        op(&api, "count").success[0].1,
        ResponsePayload::Json(RustType::I64)
    );
    let e = refuse(&text, true);
    assert_eq!(e.kind, ErrorKind::Defect);
    assert_eq!(e.pointer, "/paths/~1things~1{id}/get/responses/304/content");
    assert!(e.message.ends_with("(refused: strict)"), "{e}");
}

#[test]
fn repairs_of_the_loader_come_before_warnings_of_resolve() {
    let text = format!(
        "{HEAD}paths:
  /a:
    delete:
      responses:
        '204':
          description: gone
          content:
            application/json: {{schema: {{type: string}}}}
    get:
      responses:
        '200':
          description: ok
          schema: {{type: string}}
"
    );
    let api = resolve(&text);
    let pointers: Vec<&str> = api.repairs.iter().map(|r| r.pointer.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/paths/~1a/get/responses/200/schema",
            "/paths/~1a/delete/responses/204/content"
        ]
    );
}

/// A Swagger 2.0 `schema: {}` on a 204 (grpc-gateway writes it for an empty answer)
/// describes nothing: no warning; a schema that describes a body is warned about at the
/// `schema`, where the 2.0 document says it.
#[test]
fn a_swagger_2_0_body_on_a_204_is_warned_about_only_when_it_describes_one() {
    let doc = |schema: &str| {
        format!("swagger: '2.0'\ninfo: {{title: t, version: '1'}}\npaths:\n  /t/{{id}}:\n    delete:\n      operationId: del\n      parameters: [{{name: id, in: path, required: true, type: string}}]\n      responses: {{'204': {{description: empty, schema: {schema}}}}}\n")
    };
    assert!(resolve(&doc("{}")).repairs.is_empty());
    let api = resolve(&doc("{type: string}"));
    assert_eq!(
        pointers(&api.repairs),
        ["/paths/~1t~1{id}/delete/responses/204/schema"]
    );
    // In the document's words: 2.0 has no `content`.
    let r = &api.repairs[0];
    assert_eq!(
        (r.found.as_str(), r.fix.as_str()),
        (
            "a `204` response with `schema`, but HTTP sends a 204 answer without a body",
            "remove `schema` from the `204` response"
        )
    );
}

/// A response given as an entry of components/requestBodies whose shape fits a response
/// (`description`, `content`): repaired once per entry, shared by every place, with a
/// warning; `strict` refuses; an entry whose shape does not fit stays a located error.
#[test]
fn a_response_given_as_a_request_body_is_repaired_when_its_shape_fits() {
    let doc = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          \
         $ref: '#/components/requestBodies/SomethingResponse'\n  /b:\n    get:\n      operationId: getB\n      \
         responses:\n        '200':\n          $ref: '#/components/requestBodies/SomethingResponse'\n\
         components:\n  requestBodies:\n    SomethingResponse:\n      description: Something.\n      \
         required: true\n      content:\n        application/json:\n          schema:\n            \
         $ref: '#/components/schemas/Something'\n  schemas:\n    Something:\n      type: object\n      \
         properties:\n        id: {{type: string}}\n"
    );
    let api = resolve(&doc);
    for name in ["get_a", "get_b"] {
        let success = &op(&api, name).success;
        assert_eq!(success.len(), 1, "{name}");
        assert_eq!(
            success[0].1,
            ResponsePayload::Json(named("Something")),
            "{name}"
        );
    }
    assert_eq!(
        api.repairs,
        ["/paths/~1a/get/responses/200/$ref", "/paths/~1b/get/responses/200/$ref"]
            .map(|pointer| Repair {
                pointer: pointer.to_owned(),
                found: "`$ref: #/components/requestBodies/SomethingResponse`: a response that refers to an entry of components/requestBodies".to_owned(),
                assumed: "a response of that entry's description and content, kept as components/responses/SomethingResponse".to_owned(),
                fix: "define the response under components/responses and refer to it there".to_owned(),
            })
            .to_vec()
    );
    let e = refuse(&doc, true);
    assert_eq!(e.kind, ErrorKind::Defect);
    assert_eq!(e.pointer, "/paths/~1a/get/responses/200/$ref");

    // A parameter where a response belongs: no certain intent.
    let doc = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          \
         $ref: '#/components/parameters/P'\ncomponents:\n  parameters:\n    P: {{name: p, in: query, schema: {{type: string}}}}\n"
    );
    let e = refuse(&doc, false);
    assert_eq!(e.kind, ErrorKind::Reference);
    assert_eq!(e.pointer, "/paths/~1a/get/responses/200/$ref");
    assert!(
        e.message.contains("points into components/parameters"),
        "{e}"
    );
}

/// `required: "true"` on a property (a string; some tools write it so) is repaired as the
/// boolean is, in a 3.0 document and in a 3.1 one.
#[test]
fn required_written_as_a_string_on_a_property_is_repaired() {
    for head in [HEAD, "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"] {
        let text = format!(
            "{head}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{files: {{type: string, required: 'true'}}, note: {{type: string, required: 'false'}}}}}}\n"
        );
        let api = resolve(&text);
        assert_eq!(
            pointers(&api.repairs),
            [
                "/components/schemas/A/properties/files/required",
                "/components/schemas/A/properties/note/required"
            ]
        );
        assert_eq!(api.repairs[0].found, "`required: \"true\"` on a property");
        assert_eq!(field_type(&api, "A", "files"), RustType::String);
        assert_eq!(field_type(&api, "A", "note"), opt(RustType::String));
    }
}

/// `required` naming a property the object does not declare: its value would be lost
/// without a word. Warned where the name is written, unless something of the object keeps
/// it (`additionalProperties`, or another `allOf` part that declares it).
#[test]
fn a_required_property_no_property_declares_is_warned_about() {
    let doc = |schemas: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      \
             responses:\n        '200':\n          description: d\n          content:\n            \
             application/json:\n              schema: {{$ref: '#/components/schemas/A'}}\n\
             components:\n  schemas:\n{schemas}"
        )
    };
    let api = resolve(&doc(
        "    A:\n      type: object\n      required: [id, kind]\n      properties:\n        \
         id: {type: string}\n",
    ));
    assert_eq!(pointers(&api.repairs), ["/components/schemas/A/required/1"]);
    assert_eq!(
        api.repairs[0].found,
        "`required` names `kind`, which no property of the object declares"
    );
    assert!(refuse(
        &doc("    A:\n      type: object\n      required: [kind]\n      properties:\n        id: {type: string}\n"),
        true
    )
    .to_string()
    .contains("`required` names `kind`"));
    // Kept by a map of the other properties, or declared by another part.
    let kept = resolve(&doc(
        "    A:\n      type: object\n      required: [kind]\n      additionalProperties: true\n      \
         properties:\n        id: {type: string}\n",
    ));
    assert!(kept.repairs.is_empty(), "{:?}", kept.repairs);
    let parts = resolve(&doc(
        "    A:\n      allOf:\n        - $ref: '#/components/schemas/B'\n        - \
         {type: object, required: [kind], properties: {id: {type: string}}}\n    B:\n      \
         type: object\n      properties:\n        kind: {type: string}\n",
    ));
    assert!(parts.repairs.is_empty(), "{:?}", parts.repairs);
    // In a Swagger 2.0 document, where it is written there.
    let v2 = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
        responses:\n        '200': {description: d, schema: {$ref: '#/definitions/A'}}\n\
        definitions:\n  A:\n    type: object\n    required: [kind]\n    properties:\n      \
        id: {type: string}\n";
    assert_eq!(
        pointers(&resolve(v2).repairs),
        ["/definitions/A/required/0"]
    );
}

/// Two operations with one operationId: the second gets the next free name, warned about at
/// its `operationId` (which of the two is renamed depends on the document's order).
#[test]
fn a_repeated_operation_id_is_warned_about() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      \
        operationId: join\n      responses: {'204': {description: d}}\n  /b:\n    post:\n      \
        operationId: join\n      responses: {'204': {description: d}}\n";
    let api = resolve(text);
    assert_eq!(pointers(&api.repairs), ["/paths/~1b/post/operationId"]);
    assert_eq!(
        api.repairs[0].found,
        "operationId `join` gives the method name `join`, which POST /a has already"
    );
    let names: Vec<&str> = api.groups[0]
        .operations
        .iter()
        .map(|o| o.fn_name.as_str())
        .collect();
    assert_eq!(names, ["join", "join2"]);
    assert!(refuse(text, true)
        .to_string()
        .contains("operationId `join`"));
    // Ids differing only in case name one method too; under two tags, two groups each
    // have their own `join`, and nothing depends on the order.
    let cased = resolve(&text.replacen("operationId: join", "operationId: Join", 1));
    assert_eq!(pointers(&cased.repairs), ["/paths/~1b/post/operationId"]);
    let tagged = resolve(
        &text
            .replacen("operationId: join", "operationId: join\n      tags: [a]", 1)
            .replacen(
                "operationId: join\n      responses",
                "operationId: join\n      tags: [b]\n      responses",
                1,
            ),
    );
    assert!(tagged.repairs.is_empty(), "{:?}", tagged.repairs);
}

/// `type: integer` (any type but `object`) beside `properties`: read as the object the
/// properties describe, warned about at the `type`.
#[test]
fn a_type_beside_properties_is_warned_about() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    patch:\n      \
        requestBody:\n        required: true\n        content:\n          application/json:\n            \
        schema: {type: integer, required: [version], properties: {version: {type: integer}}}\n      \
        responses: {'204': {description: d}}\n";
    let api = resolve(text);
    assert_eq!(
        pointers(&api.repairs),
        ["/paths/~1a/patch/requestBody/content/application~1json/schema/type"]
    );
    assert_eq!(api.repairs[0].found, "`type: integer` beside `properties`");
    assert!(refuse(text, true)
        .to_string()
        .contains("`type: integer` beside `properties`"));
}
