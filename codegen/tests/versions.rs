//! One API, one crate, whatever version its document is written in: `spec/users.yaml`
//! (OpenAPI 3.0) written by hand as OpenAPI 3.1 and as Swagger 2.0 generates the same
//! crate, file by file, the document's path in headers aside.

use oapi_rust_codegen::ir::Api;
use oapi_rust_codegen::Error;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

mod common;

fn settings(spec: &str) -> oapi_rust_codegen::Settings {
    oapi_rust_codegen::Settings {
        crate_name: "cohesity-users".to_owned(),
        spec_path: spec.to_owned(),
        command: "cargo xtask regen".to_owned(),
        strict: true,
        ..common::settings()
    }
}

/// The IR of the document at `spec` (relative to the workspace root).
fn api_of(spec: &str) -> Api {
    let bytes = std::fs::read(root().join(spec)).unwrap();
    oapi_rust_codegen::resolve(&bytes, &settings(spec)).unwrap_or_else(|e| panic!("{e}"))
}

/// The error resolving the document `text` gives, checked to point at `pointer` and to
/// say each of `parts`.
fn refused(text: &str, pointer: &str, parts: &[&str]) -> Error {
    let e = oapi_rust_codegen::resolve(text.as_bytes(), &settings("t.yaml")).unwrap_err();
    assert_eq!(e.pointer, pointer, "{e}");
    for part in parts {
        assert!(e.to_string().contains(part), "{part:?} in {e}");
    }
    e
}

/// The crate `spec` generates, its own path replaced by `SPEC`.
fn crate_of(spec: &str) -> Vec<(String, String)> {
    let api = api_of(spec);
    assert!(api.repairs.is_empty(), "{spec}: {:?}", api.repairs);
    oapi_rust_codegen::emit(&api, &settings(spec))
        .unwrap()
        .into_iter()
        .map(|f| (f.path, f.contents.replace(spec, "SPEC")))
        .collect()
}

/// `spec` generates the crate `spec/users.yaml` generates.
fn assert_same_crate_as_users(spec: &str) {
    let reference = &crate_of("spec/users.yaml");
    let other = crate_of(spec);
    let paths = |c: &[(String, String)]| c.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&other), paths(reference), "{spec}: the files");
    for ((path, a), (_, b)) in reference.iter().zip(&other) {
        if let Some(line) = a.lines().zip(b.lines()).position(|(x, y)| x != y) {
            panic!(
                "{spec}: {path} differs at line {}: 3.0 {:?}, this {:?}",
                line + 1,
                a.lines().nth(line),
                b.lines().nth(line)
            );
        }
        assert_eq!(a, b, "{spec}: {path}");
    }
}

#[test]
fn users_in_openapi_3_1_is_the_same_crate() {
    assert_same_crate_as_users("tests/fixtures/specs/users-oas31.yaml");
}

#[test]
fn users_in_openapi_3_2_is_the_same_crate() {
    assert_same_crate_as_users("tests/fixtures/specs/users-oas32.yaml");
}

/// Converting a valid Swagger 2.0 document is no repair: `crate_of` asserts there is none
/// (and generates with `strict`).
#[test]
fn users_in_swagger_2_0_is_the_same_crate() {
    assert_same_crate_as_users("tests/fixtures/specs/users-swagger2.yaml");
}

/// The published examples of every version (copies of public documents under
/// tests/fixtures/specs) are valid: they generate with `strict`, so with no repair.
#[test]
fn published_examples_of_every_version_need_no_repair() {
    let mut n = 0;
    for entry in std::fs::read_dir(root().join("tests/fixtures/specs")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if ["swagger2-", "oas31-", "oas32-", "users-"]
            .iter()
            .any(|p| name.starts_with(p))
        {
            let spec = format!("tests/fixtures/specs/{name}");
            let api = api_of(&spec);
            assert!(api.repairs.is_empty(), "{spec}: {:?}", api.repairs);
            n += 1;
        }
    }
    assert_eq!(n, 19);
}

/// Swagger 2.0 as Swagger 2.0 says it: form parameters and files, `collectionFormat`,
/// operation `consumes`/`produces`, security schemes of each type.
#[test]
fn swagger_2_0_constructs_become_what_3_0_says() {
    use oapi_rust_codegen::ir::{RequestPayload, ResponsePayload};
    let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\nhost: h.example\nbasePath: /v1\n\
        securityDefinitions:\n  basic: {type: basic}\n  key: {type: apiKey, name: X-Key, in: header}\n\
        paths:\n  /upload:\n    post:\n      operationId: upload\n      consumes: [multipart/form-data]\n      \
        produces: [text/plain]\n      security: [{basic: []}, {key: []}]\n      parameters:\n        \
        - {name: tags, in: query, type: array, items: {type: string}, collectionFormat: pipes}\n        \
        - {name: file, in: formData, type: file, required: true}\n        \
        - {name: note, in: formData, type: string}\n      responses:\n        '200':\n          \
        description: ok\n          schema: {type: string}\n";
    let api = oapi_rust_codegen::resolve(text.as_bytes(), &settings("t.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(api.repairs.is_empty(), "{:?}", api.repairs);
    let op = &api.groups[0].operations[0];
    assert_eq!(op.params.len(), 1);
    assert_eq!(op.params[0].delimiter, Some("|"));
    assert_eq!(op.success[0].1, ResponsePayload::Text);
    let body = op.body.as_ref().expect("the form parameters are the body");
    // The form's parts, for the documentation: `type: file` parameters are files.
    let parts = match &body.kind {
        RequestPayload::Multipart(parts) => parts
            .iter()
            .map(|p| (p.name.as_str(), p.required, p.file))
            .collect::<Vec<_>>(),
        other => panic!("{other:?}"),
    };
    assert_eq!(parts, [("file", true, true), ("note", false, false)]);
    assert_eq!(body.media_type, "multipart/form-data");
    assert_eq!(api.security_schemes.len(), 2);
}

/// A form's array parameters are written as their `collectionFormat` says (the form's
/// `encoding`): `multi` one pair per item, the others joined by their delimiter; and so
/// is a query array without one (Swagger 2.0's default is `csv`, OpenAPI 3.0's one pair
/// per item).
#[test]
fn swagger_2_0_form_arrays_keep_their_collection_format() {
    use oapi_rust_codegen::ir::RequestPayload;
    let form = |formats: &[&str]| {
        let params: String = formats
            .iter()
            .enumerate()
            .map(|(i, f)| format!("        - {{name: p{i}, in: formData, type: array, items: {{type: string}}, collectionFormat: {f}}}\n"))
            .collect();
        format!(
            "swagger: '2.0'\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    post:\n      \
            consumes: [application/x-www-form-urlencoded]\n      parameters:\n{params}        \
            - {{name: plain, in: formData, type: array, items: {{type: integer}}}}\n      \
            responses: {{'204': {{description: d}}}}\n"
        )
    };
    let text = form(&["csv", "ssv", "pipes", "multi"]);
    let api = oapi_rust_codegen::resolve(text.as_bytes(), &settings("t.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(api.repairs.is_empty(), "{:?}", api.repairs);
    let body = api.groups[0].operations[0].body.as_ref().unwrap();
    let RequestPayload::Form(_, arrays) = &body.kind else {
        panic!("{:?}", body.kind);
    };
    let arrays: Vec<(&str, Option<&str>)> = arrays.iter().map(|(n, d)| (n.as_str(), *d)).collect();
    assert_eq!(
        arrays,
        [
            ("p0", Some(",")),
            ("p1", Some("%20")),
            ("p2", Some("|")),
            ("p3", None),
            // No `collectionFormat`: Swagger 2.0's default, `csv`.
            ("plain", Some(",")),
        ]
    );
    refused(
        &form(&["tsv"]),
        "/paths/~1a/post/parameters/0/collectionFormat",
        &["`collectionFormat: tsv`"],
    );
    let query = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
        parameters:\n        - {name: q, in: query, type: array, items: {type: string}}\n      \
        responses: {'204': {description: d}}\n";
    let api = oapi_rust_codegen::resolve(query.as_bytes(), &settings("t.yaml")).unwrap();
    assert_eq!(api.groups[0].operations[0].params[0].delimiter, Some(","));
    // The same array in an OpenAPI 3.0 document keeps 3.0's default.
    let v30 = query.replace("swagger: '2.0'", "openapi: 3.0.3").replace(
        "type: array, items: {type: string}",
        "schema: {type: array, items: {type: string}}",
    );
    let api = oapi_rust_codegen::resolve(v30.as_bytes(), &settings("t.yaml")).unwrap();
    assert_eq!(api.groups[0].operations[0].params[0].delimiter, None);
}

/// Valid Swagger 2.0 that OpenAPI 3.0 cannot say is refused where it is, not dropped.
#[test]
fn swagger_2_0_collection_formats_without_a_3_0_style_are_refused() {
    let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
        parameters:\n        - {name: q, in: query, type: array, items: {type: string}, collectionFormat: tsv}\n      \
        responses: {'204': {description: d}}\n";
    let e = oapi_rust_codegen::resolve(text.as_bytes(), &settings("t.yaml")).unwrap_err();
    assert_eq!(e.kind, oapi_rust_codegen::ErrorKind::Unsupported);
    assert_eq!(e.pointer, "/paths/~1a/get/parameters/0/collectionFormat");
    assert!(e.message.contains("`collectionFormat: tsv`"), "{e}");
}

/// Each OpenAPI 3.1 construct of tests/fixtures/specs/oas31-constructs.yaml becomes what
/// its 3.0 counterpart would (the crate is committed and linted with the other fixtures).
#[test]
fn openapi_3_1_constructs_become_what_3_0_says() {
    use oapi_rust_codegen::ir::{RustType, TypeKind};
    let spec = "tests/fixtures/specs/oas31-constructs.yaml";
    let api = api_of(spec);
    let ty = |name: &str| &common::def(&api, name).kind;
    let TypeKind::Struct { fields } = ty("Thing") else {
        panic!("Thing is {:?}", ty("Thing"));
    };
    let field = |name: &str| {
        fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no field {name}"))
    };
    let opt = |t: RustType| RustType::Option(Box::new(t));
    let named = |n: &str| RustType::Named(n.to_owned());
    // `const` -> a one-value enum.
    assert_eq!(field("kind").ty, named("ThingKind"));
    let TypeKind::StringEnum { variants, .. } = ty("ThingKind") else {
        panic!("ThingKind is {:?}", ty("ThingKind"));
    };
    assert_eq!(
        variants
            .iter()
            .map(|v| v.value.as_str())
            .collect::<Vec<_>>(),
        ["thing"]
    );
    // `type: [string, 'null']` -> nullable.
    assert_eq!(field("note").ty, opt(RustType::String));
    assert!(field("note").nullable);
    // Numeric `exclusiveMinimum` keeps the format's type.
    assert_eq!(field("count").ty, opt(RustType::I32));
    // Several types -> `anyOf`.
    assert_eq!(field("size").ty, opt(named("ThingSize")));
    assert!(
        matches!(ty("ThingSize"), TypeKind::OneOf { .. }),
        "{:?}",
        ty("ThingSize")
    );
    // A `{type: 'null'}` branch -> a nullable reference.
    assert_eq!(field("owner").ty, opt(named("Owner")));
    assert!(field("owner").nullable);
    // `contentEncoding: base64` -> `format: byte`, a string in JSON.
    assert_eq!(field("blob").ty, opt(RustType::String));
    // `$defs`, referred to with a sibling `description`: the field's doc.
    assert_eq!(field("tag").ty, opt(named("Tag")));
    assert_eq!(field("tag").doc.as_deref(), Some("The thing's tag."));
    assert!(matches!(ty("Tag"), TypeKind::Struct { .. }));
    // An unsigned 64-bit maximum does not stop the reader.
    assert_eq!(field("big").ty, opt(RustType::I64));
    // A description beside an alternative's reference: its variant's doc.
    assert_eq!(field("holder").ty, opt(named("ThingHolder")));
    let TypeKind::OneOf { variants, .. } = ty("ThingHolder") else {
        panic!("ThingHolder is {:?}", ty("ThingHolder"));
    };
    assert_eq!(
        variants
            .iter()
            .map(|v| (v.name.as_str(), v.doc.as_deref()))
            .collect::<Vec<_>>(),
        [("Owner", Some("Held by its owner.")), ("Tag", None)]
    );
    let types = crate_of(spec)
        .into_iter()
        .find(|(path, _)| path == "src/types.rs")
        .map(|(_, text)| text)
        .unwrap_or_default();
    assert!(
        types.contains(
            "    /// Held by its owner.\n    Owner(crate::types::Owner),\n    /// The `Tag` alternative.\n"
        ),
        "{types}"
    );
    // `components/pathItems`: both operations, with the item's path parameter.
    let ops: Vec<_> = api.groups.iter().flat_map(|g| &g.operations).collect();
    assert_eq!(
        ops.iter()
            .filter(|o| o.path == "/things/{id}")
            .map(|o| (o.fn_name.as_str(), o.params.len()))
            .collect::<Vec<_>>(),
        [("get_thing", 1), ("put_thing", 1)]
    );
    // `schema` on JSON lines and a JSON text sequence: streams of the items (an array's
    // `items` for the sequence).
    use oapi_rust_codegen::ir::{Framing, Outcome, ResponsePayload};
    let streams: Vec<_> = ops
        .iter()
        .filter_map(|o| match &o.outcome {
            Outcome::Single(ResponsePayload::Stream(s)) => Some((
                o.fn_name.as_str(),
                s.media_type.as_str(),
                s.framing,
                s.item.clone(),
            )),
            _ => None,
        })
        .collect();
    let progress = RustType::Named("Progress".to_owned());
    assert_eq!(
        streams,
        [
            (
                "pull",
                "application/x-ndjson",
                Framing::JsonLines,
                progress.clone()
            ),
            (
                "list_batches",
                "application/json-seq",
                Framing::JsonSeq,
                progress
            ),
        ]
    );
    assert!(api.repairs.is_empty());
}

/// `prefixItems` closed by `items: false`, `unevaluatedItems: false` or `maxItems` (with
/// `minItems` of every item) become Rust tuples, their items typed one by one
/// (tests/fixtures/specs/oas31-tuples.yaml).
#[test]
fn closed_prefix_items_become_tuples() {
    use oapi_rust_codegen::ir::{ResponsePayload, RustType, TypeKind};
    let spec = "tests/fixtures/specs/oas31-tuples.yaml";
    let api = api_of(spec);
    let ty = |name: &str| &common::def(&api, name).kind;
    let opt = |t: RustType| RustType::Option(Box::new(t));
    let named = |n: &str| RustType::Named(n.to_owned());
    assert_eq!(
        *ty("Point"),
        TypeKind::Alias(RustType::Tuple(vec![RustType::F64, RustType::F64]))
    );
    let TypeKind::Struct { fields } = ty("Reading") else {
        panic!("Reading is {:?}", ty("Reading"));
    };
    let field = |name: &str| &fields.iter().find(|f| f.name == name).unwrap().ty;
    assert_eq!(*field("at"), named("Point"));
    assert_eq!(
        *field("value"),
        RustType::Tuple(vec![RustType::String, RustType::F64, named("Unit")])
    );
    assert_eq!(
        *field("range"),
        opt(RustType::Tuple(vec![RustType::I32, opt(RustType::I32)]))
    );
    assert_eq!(
        *field("source"),
        opt(RustType::Tuple(vec![
            RustType::String,
            named("ReadingSourceItem1")
        ]))
    );
    assert!(matches!(ty("ReadingSourceItem1"), TypeKind::Struct { .. }));
    let ops: Vec<_> = api.groups.iter().flat_map(|g| &g.operations).collect();
    assert_eq!(
        ops[1].success[0].1,
        ResponsePayload::Json(RustType::Vec(Box::new(named("Point"))))
    );
    assert!(api.repairs.is_empty());
}

/// `nullable: true`, the 3.0 keyword 3.1 dropped, is honoured in a 3.1 document as in 3.0
/// (frameworks that write 3.1 still write it), beside a `$ref` too, without a warning.
#[test]
fn a_3_0_nullable_in_a_3_1_document_is_honoured() {
    use oapi_rust_codegen::ir::{RustType, TypeKind};
    let text = "openapi: 3.1.0\ninfo: {title: n, version: '1'}\npaths: {}\ncomponents:\n  \
        schemas:\n    A:\n      type: object\n      required: [x, r, s]\n      properties:\n        \
        x: {type: string, nullable: true}\n        r: {$ref: '#/components/schemas/B', nullable: true}\n        \
        s: {type: string}\n    B: {type: object, properties: {y: {type: integer}}}\n";
    let api = oapi_rust_codegen::resolve(text.as_bytes(), &settings("n.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(api.repairs.is_empty(), "{:?}", api.repairs);
    let TypeKind::Struct { fields } = &common::def(&api, "A").kind else {
        panic!("A is not a struct");
    };
    let types: Vec<(&str, &RustType, bool)> = fields
        .iter()
        .map(|f| (f.name.as_str(), &f.ty, f.nullable))
        .collect();
    let opt = |t: RustType| RustType::Option(Box::new(t));
    assert_eq!(
        types,
        [
            ("x", &opt(RustType::String), true),
            ("r", &opt(RustType::Named("B".to_owned())), true),
            ("s", &RustType::String, false),
        ]
    );
}

/// Tuples a Rust tuple cannot read faithfully are refused where they are, saying what to
/// write instead: open tuples, items of another schema after them, items that may be
/// missing, and more items than a tuple holds.
#[test]
fn tuples_that_are_not_fixed_are_refused_with_a_fix() {
    let schema = |schema: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    T: {schema}\n"
        )
    };
    let unsupported = |text: &str, pointer: &str, parts: &[&str]| {
        let e = refused(&schema(text), pointer, parts);
        assert_eq!(e.kind, oapi_rust_codegen::ErrorKind::Unsupported, "{e}");
    };
    unsupported(
        "{type: array, prefixItems: [{type: string}, {type: integer}]}",
        "/components/schemas/T/prefixItems",
        &["open tuple", "`items: false` (or `maxItems: 2`)"],
    );
    unsupported(
        "{type: array, prefixItems: [{type: string}], items: {type: integer}}",
        "/components/schemas/T/items",
        &["`items` beside `prefixItems`"],
    );
    unsupported(
        "{type: array, prefixItems: [{type: string}, {type: integer}], minItems: 1, maxItems: 2}",
        "/components/schemas/T/minItems",
        &["`minItems: 2`"],
    );
    let thirteen = vec!["{type: string}"; 13].join(", ");
    unsupported(
        &format!("{{type: array, prefixItems: [{thirteen}], items: false}}"),
        "/components/schemas/T/prefixItems",
        &["1 to 12"],
    );
    // An error inside a tuple's item points at the item as written.
    refused(
        &schema("{type: array, prefixItems: [{type: string}, {$ref: '#/components/schemas/Nope'}], items: false}"),
        "/components/schemas/T/prefixItems/1",
        &[],
    );
}

/// 3.2's `query` field and `additionalOperations` are operations of their methods, named
/// like the others; `in: querystring` is an object sent as the whole query
/// (tests/fixtures/specs/oas32-methods.yaml).
#[test]
fn query_additional_operations_and_querystring_are_read() {
    use oapi_rust_codegen::ir::{Location, Method, RustType};
    let spec = "tests/fixtures/specs/oas32-methods.yaml";
    let api = api_of(spec);
    let ops: Vec<_> = api.groups.iter().flat_map(|g| &g.operations).collect();
    assert_eq!(
        ops.iter()
            .map(|o| (o.fn_name.as_str(), o.method.as_str(), o.path.as_str()))
            .collect::<Vec<_>>(),
        [
            ("search_by_query_string", "GET", "/search"),
            ("search", "QUERY", "/search"),
            ("copy_file", "COPY", "/files/{name}"),
            ("lock_files_name", "LOCK", "/files/{name}"),
        ]
    );
    assert_eq!(ops[1].method, Method::Query);
    assert_eq!(ops[2].method, Method::Other("COPY".to_owned()));
    assert!(ops[1].body.is_some());
    let filter = &ops[0].params[0];
    assert_eq!(
        (
            filter.location,
            &filter.ty,
            filter.delimiter,
            filter.required
        ),
        (
            Location::Query,
            &RustType::Named("Filter".to_owned()),
            None,
            true
        )
    );
    assert_eq!(
        ops[2]
            .params
            .iter()
            .map(|p| p.api_name.as_str())
            .collect::<Vec<_>>(),
        ["name", "Destination"]
    );
    assert!(api.repairs.is_empty());
}

/// What 3.2 adds to operations that the client cannot send faithfully is refused where it
/// is written, with what to change.
#[test]
fn methods_and_query_strings_without_a_faithful_client_are_refused() {
    let path_a = |paths: &str, pointer: &str, part: &str| {
        let text = format!(
            "openapi: 3.2.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    {paths}\ncomponents:\n  schemas:\n    S: {{type: string}}\n"
        );
        refused(&text, pointer, &[part]);
    };
    path_a(
        "additionalOperations: {'CO PY': {}}",
        "/paths/~1a/additionalOperations/CO PY",
        "not an HTTP method name",
    );
    path_a(
        "additionalOperations: {post: {}}",
        "/paths/~1a/additionalOperations/post",
        "the path item's `post` field",
    );
    path_a(
        "get: {parameters: [{name: q, in: querystring, content: {application/json: {schema: {type: object}}}}]}",
        "/paths/~1a/get/parameters/0/content/application~1json",
        "application/x-www-form-urlencoded",
    );
    path_a(
        "get: {parameters: [{name: q, in: querystring, content: {application/x-www-form-urlencoded: {schema: {$ref: '#/components/schemas/S'}}}}]}",
        "/paths/~1a/get/parameters/0/content/application~1x-www-form-urlencoded/schema",
        "`in: querystring`",
    );
    // An error about a QUERY operation points at `query`, as written.
    path_a(
        "query: {parameters: [{name: id, in: path, required: true, schema: {type: string}}]}",
        "/paths/~1a/query",
        "`id`",
    );
}

/// Resolve's own warnings on a lowered document (a body on a 204, found after lowering)
/// point into the document as written, not into the lowered tree: here into the
/// `components/pathItems` entry a path refers to, and into 3.2's `query` operation.
#[test]
fn resolve_warnings_point_into_the_document_as_written() {
    let text = "openapi: 3.2.0\ninfo: {title: t, version: '1'}\n\
        paths:\n  /a:\n    $ref: '#/components/pathItems/A'\n  /b:\n    query:\n      \
        responses: {'204': {description: d, content: {application/json: {schema: {type: string}}}}}\n\
        components:\n  pathItems:\n    A:\n      delete:\n        \
        responses: {'204': {description: d, content: {application/json: {schema: {type: string}}}}}\n";
    let mut lenient = settings("t.yaml");
    lenient.strict = false;
    let api =
        oapi_rust_codegen::resolve(text.as_bytes(), &lenient).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        api.repairs
            .iter()
            .map(|r| r.pointer.as_str())
            .collect::<Vec<_>>(),
        [
            "/components/pathItems/A/delete/responses/204/content",
            "/paths/~1b/query/responses/204/content"
        ]
    );
    refused(
        text,
        "/components/pathItems/A/delete/responses/204/content",
        &[],
    );
}

/// 3.2's `itemSchema` on a response's sequential media type is a stream of its items: the
/// item schema a type like any other, the framing by media type, `Accept` naming it
/// (tests/fixtures/specs/oas32-streams.yaml).
#[test]
fn item_schemas_of_responses_are_streams_of_their_items() {
    use oapi_rust_codegen::ir::{Framing, Outcome, ResponsePayload, RustType, StatusMatch, Stream};
    let spec = "tests/fixtures/specs/oas32-streams.yaml";
    let bytes = std::fs::read(root().join(spec)).unwrap();
    let api = oapi_rust_codegen::resolve(&bytes, &settings(spec)).unwrap_or_else(|e| panic!("{e}"));
    assert!(api.repairs.is_empty());
    let ops: Vec<_> = api.groups.iter().flat_map(|g| &g.operations).collect();
    let stream = |media: &str, framing, item: RustType| {
        ResponsePayload::Stream(Stream {
            media_type: media.to_owned(),
            framing,
            item,
        })
    };
    let named = |n: &str| RustType::Named(n.to_owned());
    assert_eq!(
        ops.iter()
            .map(|o| (
                o.fn_name.as_str(),
                &o.success,
                o.accept.as_deref(),
                o.streams()
            ))
            .collect::<Vec<_>>(),
        [
            (
                "watch_topic",
                &vec![(
                    StatusMatch::Code(200),
                    stream("text/event-stream", Framing::Sse, named("TickEvent"))
                )],
                Some("text/event-stream, application/json"),
                true
            ),
            (
                "stream_messages",
                &vec![(
                    StatusMatch::Code(200),
                    stream(
                        "text/event-stream",
                        Framing::Sse,
                        named("StreamMessagesItem")
                    )
                )],
                Some("text/event-stream"),
                true
            ),
            (
                "watch_quotes",
                &vec![(
                    StatusMatch::Code(200),
                    stream("text/event-stream", Framing::Sse, named("WatchQuotesItem"))
                )],
                Some("text/event-stream"),
                true
            ),
            (
                "tail_logs",
                &vec![(
                    StatusMatch::Code(200),
                    stream("application/jsonl", Framing::JsonLines, named("LogLine"))
                )],
                Some("application/jsonl, application/json"),
                true
            ),
            (
                "sample_metrics",
                &vec![(
                    StatusMatch::Code(200),
                    stream("application/x-ndjson", Framing::JsonLines, RustType::I64)
                )],
                Some("application/x-ndjson"),
                true
            ),
            (
                "export_records",
                &vec![(
                    StatusMatch::Code(200),
                    stream(
                        "application/json-seq",
                        Framing::JsonSeq,
                        named("ExportRecordsItem")
                    )
                )],
                Some("application/json-seq"),
                true
            ),
        ]
    );
    assert!(matches!(
        ops[0].outcome,
        Outcome::Single(ResponsePayload::Stream(_))
    ));
    // The 404 of `watchTopic` is still the API's error model.
    assert!(ops[0].errors[0].body.is_some());
    // An event's `data` is JSON when the item's `data` is not text.
    assert!(api.event_data_is_json(&named("TickEvent")));
    assert!(!api.event_data_is_json(&named("StreamMessagesItem")));
    // `data` of `contentMediaType: application/json` is its `contentSchema`.
    assert!(api.event_data_is_json(&named("WatchQuotesItem")));
    assert!(!api.event_data_is_json(&RustType::I64));
    let types: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert!(types.contains(&"ExportRecordsItem"), "{types:?}");
}

/// `itemSchema` where the client cannot read items one by one is refused where it is
/// written, with what to change.
#[test]
fn item_schemas_the_client_cannot_stream_are_refused() {
    let refused = |operation: &str| {
        let text = format!(
            "openapi: 3.2.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    {operation}\n"
        );
        let e = oapi_rust_codegen::resolve(text.as_bytes(), &settings("t.yaml")).unwrap_err();
        (e.pointer.clone(), e.to_string())
    };
    let (at, text) = refused(
        "post: {requestBody: {content: {application/jsonl: {itemSchema: {type: object}}}}, responses: {'204': {}}}",
    );
    assert_eq!(
        at,
        "/paths/~1a/post/requestBody/content/application~1jsonl/itemSchema"
    );
    assert!(text.contains("t.yaml"), "{text}");
    assert!(text.contains("outside a response"), "{text}");
    assert!(text.contains("describe this body with `schema`"), "{text}");
    let (at, text) = refused(
        "get: {responses: {'200': {content: {multipart/mixed: {itemSchema: {type: object}}}}}}",
    );
    assert_eq!(
        at,
        "/paths/~1a/get/responses/200/content/multipart~1mixed/itemSchema"
    );
    assert!(
        text.contains("`text/event-stream`, `application/jsonl`"),
        "{text}"
    );
    let (at, text) = refused(
        "get: {responses: {'200': {content: {application/jsonl: {itemSchema: {type: object}}}}, '201': {content: {application/json: {schema: {type: object}}}}}}",
    );
    assert_eq!(at, "/paths/~1a/get/responses");
    assert!(text.contains("a stream of items"), "{text}");
    let (at, _) =
        refused("get: {responses: {'200': {content: {application/jsonl: {itemEncoding: {}}}}}}");
    assert_eq!(
        at,
        "/paths/~1a/get/responses/200/content/application~1jsonl/itemEncoding"
    );
    // An error inside an item schema points into `itemSchema`, as written.
    let (at, _) = refused(
        "get: {responses: {'200': {content: {application/jsonl: {itemSchema: {$ref: '#/components/schemas/Missing'}}}}}}",
    );
    assert_eq!(
        at,
        "/paths/~1a/get/responses/200/content/application~1jsonl/itemSchema"
    );
}

/// Response headers, as Swagger 2.0 writes them (keywords on the header), are the success
/// answers' documented headers: typed, required only when every success answer says so,
/// `Content-Type` left out, a credential's header secret.
#[test]
fn swagger_2_0_response_headers_are_typed() {
    use oapi_rust_codegen::ir::{ResponseHeader, RustType};
    let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\n\
        securityDefinitions: {key: {type: apiKey, in: header, name: X-Api-Key}}\n\
        paths:\n  /a:\n    post:\n      operationId: make\n      responses:\n        \
        '201':\n          description: d\n          headers:\n            \
        Location: {type: string, description: Where it is.}\n            \
        X-Rate-Limit: {type: integer, format: int32}\n            \
        X-Api-Key: {type: string}\n            \
        Content-Type: {type: string}\n            \
        X-Tags: {type: array, items: {type: string}, collectionFormat: pipes}\n        \
        '202':\n          description: d\n          headers:\n            \
        location: {type: string}\n        \
        '400':\n          description: d\n          headers:\n            \
        X-Error-Id: {type: string}\n";
    let api = oapi_rust_codegen::resolve(text.as_bytes(), &settings("t.yaml"))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(api.repairs.is_empty(), "{:?}", api.repairs);
    let op = &api.groups[0].operations[0];
    let headers = op.response_headers.as_ref().unwrap();
    assert_eq!(headers.name, "MakeHeaders");
    let header = |name: &str, ty: RustType, statuses: &[&str], secret: bool| ResponseHeader {
        name: name.to_lowercase().replace('-', "_"),
        api_name: name.to_owned(),
        doc: (name == "Location").then(|| "Where it is.".to_owned()),
        ty,
        required: false,
        secret,
        delimiter: if name == "X-Tags" { "|" } else { "," }.to_owned(),
        statuses: statuses.iter().map(|s| s.to_string()).collect(),
    };
    assert_eq!(
        headers.headers,
        [
            header("Location", RustType::String, &["201", "202"], false),
            header("X-Rate-Limit", RustType::I32, &["201"], false),
            header("X-Api-Key", RustType::String, &["201"], true),
            header(
                "X-Tags",
                RustType::Vec(Box::new(RustType::String)),
                &["201"],
                false
            ),
        ]
    );
    // Required where every success answer says so; an error answer's headers are not read.
    let v30 = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
        responses:\n        '200':\n          description: d\n          headers:\n            \
        ETag: {required: true, schema: {type: string}}\n            \
        X-Both: {required: true, schema: {type: string}}\n        \
        '206':\n          description: d\n          headers:\n            \
        X-Both: {required: true, schema: {type: string}}\n";
    let api = oapi_rust_codegen::resolve(v30.as_bytes(), &settings("t.yaml")).unwrap();
    let required: Vec<(&str, bool)> = api.groups[0].operations[0]
        .response_headers
        .as_ref()
        .unwrap()
        .headers
        .iter()
        .map(|h| (h.api_name.as_str(), h.required))
        .collect();
    assert_eq!(required, [("ETag", false), ("X-Both", true)]);
    // No documented header: no `with_headers()`.
    let none = v30.replace("headers:", "x-headers:");
    let api = oapi_rust_codegen::resolve(none.as_bytes(), &settings("t.yaml")).unwrap();
    assert_eq!(api.groups[0].operations[0].response_headers, None);
    let lenient = oapi_rust_codegen::Settings {
        strict: false,
        ..settings("t.yaml")
    };
    let warned = |text: &str| {
        let api = oapi_rust_codegen::resolve(text.as_bytes(), &lenient).unwrap();
        let warnings: Vec<(String, String)> = api
            .repairs
            .iter()
            .map(|r| (r.pointer.clone(), r.found.clone()))
            .collect();
        let headers: Vec<(String, RustType, bool, Vec<String>)> = api.groups[0].operations[0]
            .response_headers
            .iter()
            .flat_map(|h| &h.headers)
            .map(|h| {
                (
                    h.api_name.clone(),
                    h.ty.clone(),
                    h.required,
                    h.statuses.clone(),
                )
            })
            .collect();
        (warnings, headers)
    };
    let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // A header the client cannot read (`content`, or a schema with no Rust type) is left
    // out of `with_headers()`, warned about; the document still generates.
    let (warnings, headers) = warned(
        &v30.replace(
            "ETag: {required: true, schema: {type: string}}",
            "ETag: {content: {text/plain: {schema: {type: string}}}}",
        )
        .replace(
            "X-Both: {required: true, schema: {type: string}}\n        '206'",
            "X-Both: {required: true, schema: {not: {type: string}}}\n        '206'",
        ),
    );
    assert_eq!(
        warnings.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        [
            "/paths/~1a/get/responses/200/headers/ETag/content",
            "/paths/~1a/get/responses/200/headers/X-Both/schema",
        ]
    );
    assert_eq!(
        warnings[0].1,
        "response header `ETag` is described by `content`, which the client does not read"
    );
    // X-Both is then known from the 206 only: not required on 200.
    assert_eq!(
        headers,
        [(
            "X-Both".to_owned(),
            RustType::String,
            false,
            strings(&["206"])
        )]
    );
    // One header described otherwise on two statuses: read as text, warned about. Written
    // twice in one response, differing by case: one status.
    let (warnings, headers) = warned(&v30.replace(
        "X-Both: {required: true, schema: {type: string}}\n        '206'",
        "X-Both: {required: true, schema: {type: integer}}\n            \
             x-both: {required: true, schema: {type: integer}}\n        '206'",
    ));
    assert_eq!(
        warnings,
        [(
            "/paths/~1a/get/responses/206/headers/X-Both/schema".to_owned(),
            "the header `X-Both` is described differently on `200` and on `206`".to_owned()
        )]
    );
    assert_eq!(
        headers,
        [
            (
                "ETag".to_owned(),
                RustType::String,
                false,
                strings(&["200"])
            ),
            (
                "X-Both".to_owned(),
                RustType::String,
                true,
                strings(&["200", "206"])
            ),
        ]
    );
}

/// A Swagger 2.0 parameter described by `schema` (which 2.0 gives to `in: body` only) is read
/// as OpenAPI 3.0 reads it, with a warning at its `schema` (`--strict` refuses it).
#[test]
fn swagger_2_0_schema_on_a_non_body_parameter_is_a_repair() {
    let text = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
        parameters:\n        - {name: q, in: query, schema: {type: integer}}\n      \
        responses: {'204': {description: d}}\n";
    let lenient = oapi_rust_codegen::Settings {
        strict: false,
        ..settings("t.yaml")
    };
    let api = oapi_rust_codegen::resolve(text.as_bytes(), &lenient).unwrap();
    let pointers: Vec<(&str, &str)> = api
        .repairs
        .iter()
        .map(|r| (r.pointer.as_str(), r.found.as_str()))
        .collect();
    assert_eq!(
        pointers,
        [(
            "/paths/~1a/get/parameters/0/schema",
            "a parameter with `schema`, which Swagger 2.0 gives only to `in: body` parameters"
        )]
    );
    assert_eq!(
        api.groups[0].operations[0].params[0].ty,
        oapi_rust_codegen::ir::RustType::I64
    );
    refused(text, "/paths/~1a/get/parameters/0/schema", &["`in: body`"]);
}

/// YAML merge keys (`<<: *anchor`), as PowerDNS's Swagger 2.0 document shares its error
/// responses and properties: applied, not read as a key named `<<`.
#[test]
fn yaml_merge_keys_are_applied() {
    let text = "swagger: '2.0'\ninfo: {title: merge, version: '1'}\npaths:\n  /error:\n    get:\n      \
        operationId: error\n      responses: &commonErrors\n        \
        '404': {description: not found, schema: {$ref: '#/definitions/Error'}}\n  /zones/{id}:\n    \
        get:\n      operationId: getZone\n      \
        parameters: [{name: id, in: path, required: true, type: string}]\n      responses:\n        \
        '200': {description: ok, schema: {$ref: '#/definitions/Zone'}}\n        \
        <<: *commonErrors\ndefinitions:\n  Error:\n    type: object\n    required: [error]\n    \
        properties: {error: {type: string}}\n  Base:\n    type: object\n    \
        properties: &baseProps\n      id: {type: string}\n      name: {type: string}\n  Zone:\n    \
        type: object\n    properties:\n      <<: *baseProps\n      serial: {type: integer}\n";
    let api = api_of_text(text);
    assert!(api.repairs.is_empty(), "{:?}", api.repairs);
    let zone = api.types.iter().find(|t| t.name == "Zone").unwrap();
    let oapi_rust_codegen::ir::TypeKind::Struct { fields } = &zone.kind else {
        panic!("{:?}", zone.kind)
    };
    let names: Vec<&str> = fields.iter().map(|f| f.api_name.as_str()).collect();
    assert_eq!(names, ["serial", "id", "name"]);
    let get_zone = api
        .groups
        .iter()
        .flat_map(|g| &g.operations)
        .find(|o| o.fn_name == "get_zone")
        .unwrap();
    let errors: Vec<String> = get_zone
        .errors
        .iter()
        .map(|e| format!("{:?}", e.status))
        .collect();
    assert_eq!(errors, ["Code(404)"]);
    assert!(get_zone.errors[0].body.is_some());
}

fn api_of_text(text: &str) -> Api {
    oapi_rust_codegen::resolve(text.as_bytes(), &settings("t.yaml"))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A multipart body whose schema is `allOf` of one `$ref` (FastAPI's optional form body)
/// lists the referenced schema's parts.
#[test]
fn a_multipart_body_of_all_of_one_schema_has_its_parts() {
    use oapi_rust_codegen::ir::RequestPayload;
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /create:\n    post:\n      \
        operationId: create\n      requestBody:\n        content:\n          multipart/form-data:\n            \
        schema: {allOf: [{$ref: '#/components/schemas/Body'}], title: Body}\n      \
        responses: {'204': {description: ok}}\ncomponents:\n  schemas:\n    Body:\n      \
        type: object\n      properties:\n        config: {type: string, format: binary}\n        \
        name: {type: string}\n";
    let api = api_of_text(text);
    let body = api.groups[0].operations[0].body.as_ref().unwrap();
    let RequestPayload::Multipart(parts) = &body.kind else {
        panic!("{:?}", body.kind)
    };
    let parts: Vec<(&str, bool)> = parts.iter().map(|p| (p.name.as_str(), p.file)).collect();
    assert_eq!(parts, [("config", true), ("name", false)]);
}

/// A merge key in flow style, in a 3.0 document the fast path would read straight: applied
/// too.
#[test]
fn flow_style_merge_keys_are_applied() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  \
        schemas:\n    A:\n      type: object\n      \
        properties: {<<: {name: {type: string}}, id: {type: string}}\n";
    let api = api_of_text(text);
    let a = api.types.iter().find(|t| t.name == "A").unwrap();
    let oapi_rust_codegen::ir::TypeKind::Struct { fields } = &a.kind else {
        panic!("{:?}", a.kind)
    };
    let names: Vec<&str> = fields.iter().map(|f| f.api_name.as_str()).collect();
    assert_eq!(names, ["id", "name"]);
}
