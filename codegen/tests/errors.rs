//! What the generator refuses, and how it says so: kind, file, JSON pointer, message, help.

use oapi_rust_codegen::{generate, Error, ErrorKind, Settings};

mod common;

fn settings() -> Settings {
    Settings {
        spec_path: "specs/t.yaml".to_owned(),
        threads: None,
        ..common::settings()
    }
}

/// A minimal document with `paths` and `schemas` spliced in (YAML, indented as at top level).
fn doc(paths: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{}\ncomponents:\n{}\n",
        indent(paths, 2),
        indent(components, 2)
    )
}

fn indent(text: &str, n: usize) -> String {
    if text.trim().is_empty() {
        return format!("{}{{}}", " ".repeat(n));
    }
    text.lines()
        .map(|l| format!("{}{l}\n", " ".repeat(n)))
        .collect()
}

fn fails(text: &str) -> Error {
    match generate(text.as_bytes(), &settings()) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

fn assert_error(e: &Error, kind: ErrorKind, pointer: &str, message_part: &str) {
    assert_eq!(e.kind, kind, "{e}");
    assert_eq!(e.file, "specs/t.yaml");
    assert_eq!(e.pointer, pointer, "{e}");
    assert!(e.message.contains(message_part), "{e}");
    assert!(!e.help.is_empty());
}

const GET_OK: &str = "responses:\n  '200':\n    description: ok\n";

#[test]
fn display_names_file_pointer_and_help() {
    let e = fails(&doc(
        "",
        "schemas:\n  A:\n    type: object\n    properties:\n      b:\n        $ref: '#/components/schemas/Missing'",
    ));
    assert_eq!(
        e.to_string(),
        "specs/t.yaml: at /components/schemas/A/properties/b: `$ref: #/components/schemas/Missing` points to nothing: there is no schema `Missing` under components/schemas\n  help: define `Missing` under components/schemas, or correct the reference"
    );
}

#[test]
fn references_outside_the_document_are_refused() {
    let e = fails(&doc("", "schemas:\n  A:\n    $ref: 'other.yaml#/B'"));
    assert_error(
        &e,
        ErrorKind::Reference,
        "/components/schemas/A",
        "does not point into #/components/schemas",
    );
}

#[test]
fn dangling_parameter_and_response_references() {
    let e = fails(&doc(
        &format!(
            "/a:\n  get:\n    parameters:\n      - $ref: '#/components/parameters/P'\n{}",
            indent(GET_OK, 4)
        ),
        "",
    ));
    assert_error(
        &e,
        ErrorKind::Reference,
        "/paths/~1a/get/parameters/0",
        "no `P` under components/parameters",
    );

    let e = fails(&doc(
        "/a:\n  get:\n    responses:\n      '200':\n        $ref: '#/components/responses/R'",
        "",
    ));
    assert_error(
        &e,
        ErrorKind::Reference,
        "/paths/~1a/get/responses/200",
        "no `R` under components/responses",
    );
}

#[test]
fn versions_other_than_the_published_ones_are_named() {
    let e = fails("swagger: '1.2'\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert_error(&e, ErrorKind::Version, "/swagger", "Swagger 1.2");
    let e = fails("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
    assert_error(&e, ErrorKind::Version, "/openapi", "OpenAPI 4.0.0");
    assert!(e
        .message
        .contains("Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2 are supported"));
}

/// A 3.1 keyword that cannot be honoured is refused by name, where it is.
#[test]
fn refused_3_1_keywords_are_named_where_they_are() {
    let e = fails(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
         Point:\n      type: array\n      prefixItems: [{type: number}, {type: number}]\n",
    );
    assert_error(
        &e,
        ErrorKind::Unsupported,
        "/components/schemas/Point/prefixItems",
        "`prefixItems`",
    );
}

#[test]
fn syntax_errors_give_the_line() {
    let e = fails("openapi: 3.0.3\ninfo: [unclosed\n");
    assert_eq!(e.kind, ErrorKind::Parse);
    assert!(e.message.contains("line"), "{e}");
}

#[test]
fn not_schemas_are_unsupported() {
    let e = fails(&doc("", "schemas:\n  A:\n    not:\n      type: string"));
    assert_error(
        &e,
        ErrorKind::Unsupported,
        "/components/schemas/A",
        "`not` schemas",
    );
}

#[test]
fn all_of_parts_must_be_objects() {
    let e = fails(&doc(
        "",
        "schemas:\n  A:\n    allOf:\n      - type: object\n        properties:\n          x: {type: string}\n      - type: string",
    ));
    assert_error(
        &e,
        ErrorKind::Unsupported,
        "/components/schemas/A/allOf/1",
        "not an object",
    );
}

#[test]
fn schemas_that_are_only_themselves_are_refused() {
    let e = fails(&doc(
        "",
        "schemas:\n  A:\n    $ref: '#/components/schemas/B'\n  B:\n    $ref: '#/components/schemas/A'",
    ));
    assert_eq!(e.kind, ErrorKind::Invalid, "{e}");
    assert!(
        e.pointer == "/components/schemas/A" || e.pointer == "/components/schemas/B",
        "{e}"
    );
    assert!(e.message.contains("defined only as itself"), "{e}");
}

#[test]
fn path_templates_must_match_parameters() {
    let e = fails(&doc(
        &format!("/a/{{id}}:\n  get:\n{}", indent(GET_OK, 4)),
        "",
    ));
    assert_error(
        &e,
        ErrorKind::Invalid,
        "/paths/~1a~1{id}/get",
        "no path parameter `id`",
    );

    // Text and templates in one segment are fine; broken templates are not.
    for (path, pointer, message) in [
        (
            "/files/{name.json",
            "/paths/~1files~1{name.json/get",
            "path segment `{name.json` has a `{` that is never closed",
        ),
        (
            "/files/name}.json",
            "/paths/~1files~1name}.json/get",
            "path segment `name}.json` has a `}` that closes no template",
        ),
        (
            "/files/{}.json",
            "/paths/~1files~1{}.json/get",
            "path segment `{}.json` has a template without a plain name",
        ),
        (
            "/files/{name}-{other}",
            "/paths/~1files~1{name}-{other}/get",
            "the path has a `{other}` template but the operation declares no path parameter `other`",
        ),
    ] {
        let e = fails(&doc(
            &format!(
                "{path}:\n  get:\n    parameters:\n      - {{name: name, in: path, required: true, schema: {{type: string}}}}\n{}",
                indent(GET_OK, 4)
            ),
            "",
        ));
        assert_error(&e, ErrorKind::Invalid, pointer, message);
    }
}

#[test]
fn parameters_described_by_content_are_unsupported() {
    let e = fails(&doc(
        &format!(
            "/a:\n  get:\n    parameters:\n      - name: q\n        in: query\n        content:\n          application/json:\n            schema: {{type: object}}\n{}",
            indent(GET_OK, 4)
        ),
        "",
    ));
    assert_error(
        &e,
        ErrorKind::Unsupported,
        "/paths/~1a/get/parameters/0/content",
        "described by `content`",
    );
}

#[test]
fn unsupported_security_schemes_and_unknown_requirements() {
    let e = fails(&doc(
        "",
        "securitySchemes:\n  Digest:\n    type: http\n    scheme: digest",
    ));
    assert_error(
        &e,
        ErrorKind::Unsupported,
        "/components/securitySchemes/Digest/scheme",
        "the HTTP authentication scheme `digest` is not supported (`basic` and `bearer` are)",
    );

    let e = fails(&doc(
        &format!(
            "/a:\n  get:\n    security:\n      - Nope: []\n{}",
            indent(GET_OK, 4)
        ),
        "",
    ));
    assert_error(
        &e,
        ErrorKind::Reference,
        "/paths/~1a/get/security/0/Nope",
        "not under components/securitySchemes",
    );
}

#[test]
fn credential_extension_must_name_a_scheme() {
    let e = fails(&doc(
        "",
        "schemas:\n  S:\n    type: object\n    properties:\n      id:\n        type: string\n        x-rust-credential: Missing",
    ));
    assert_error(
        &e,
        ErrorKind::Reference,
        "/components/schemas/S/properties/id/x-rust-credential",
        "names no security scheme",
    );
}

#[test]
fn discriminator_mapping_must_name_an_alternative() {
    let e = fails(&doc(
        "",
        "schemas:\n  A:\n    type: object\n    properties:\n      k: {type: string}\n  B:\n    type: object\n    properties:\n      k: {type: string}\n  U:\n    oneOf:\n      - $ref: '#/components/schemas/A'\n    discriminator:\n      propertyName: k\n      mapping:\n        b: '#/components/schemas/B'",
    ));
    assert_eq!(e.kind, ErrorKind::Reference, "{e}");
    assert_eq!(
        e.pointer, "/components/schemas/U/discriminator/mapping/b",
        "{e}"
    );
}

#[test]
fn shape_errors_are_located_inside_paths_and_components() {
    let e = fails(&doc("/a:\n  get:\n    responses: 7", ""));
    assert_error(
        &e,
        ErrorKind::Parse,
        "/paths/~1a/get/responses",
        "not a valid OpenAPI 3.0 node",
    );
    let e = fails(&doc("", "parameters:\n  P:\n    name: p\n    in: nowhere"));
    assert_eq!(e.kind, ErrorKind::Parse);
    assert!(e.pointer.starts_with("/components/parameters/P"), "{e}");
}

/// Errors found after a Swagger 2.0 or OpenAPI 3.1 document is lowered point into the
/// document as written.
#[test]
fn errors_in_lowered_documents_point_into_the_original() {
    let e = fails(
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      \
         parameters:\n        - {name: q, in: query, type: string}\n        - name: b\n          \
         in: body\n          schema: {$ref: '#/definitions/Nope'}\n      responses: {'204': {description: d}}\n",
    );
    assert_eq!(e.kind, ErrorKind::Reference, "{e}");
    assert_eq!(e.pointer, "/paths/~1a/post/parameters/1/schema/$ref", "{e}");
    let e = fails(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
         A:\n      $ref: '#/components/schemas/Nope'\n      readOnly: true\n",
    );
    assert_eq!(e.kind, ErrorKind::Reference, "{e}");
    assert_eq!(e.pointer, "/components/schemas/A", "{e}");
}

#[test]
fn x_idempotent_must_be_a_boolean() {
    let e = fails(&doc(
        &format!(
            "/a:\n  post:\n    x-idempotent: 'yes'\n{}",
            indent(GET_OK, 4)
        ),
        "",
    ));
    assert_error(
        &e,
        ErrorKind::Invalid,
        "/paths/~1a/post/x-idempotent",
        "`x-idempotent` must be `true` or `false`",
    );
}

/// A 3.1 document's operation, `op` spliced in (YAML, as under the method).
fn v31_operation(op: &str) -> String {
    format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n{}",
        indent(op, 6)
    )
}

/// A node that does not read as the model is named at its innermost place, in the words
/// of the document's own version, with a fix the user can act on: not at the parameter or
/// operation that holds it, and not in the model's Rust type names.
#[test]
fn shape_errors_are_located_at_the_innermost_node_in_the_documents_words() {
    let e = fails(&v31_operation(
        "parameters: [{name: node, in: query, required: true}]\nresponses: {'204': {description: ok}}",
    ));
    assert_eq!(
        e.to_string(),
        "specs/t.yaml: at /paths/~1a/get/parameters/0: this is not a valid OpenAPI 3.1 node: a \
         parameter has neither `schema` nor `content`: it needs one of them\n  help: give the \
         parameter a `schema` (or a `content` map with one media type)"
    );
    // A reference to another file in a Swagger 2.0 document: the help names 2.0's section.
    let e = fails(
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
         responses: {'200': {description: OK, schema: {$ref: 'common.yaml#/definitions/Error'}}}\n",
    );
    assert_eq!(e.pointer, "/paths/~1a/get/responses/200/schema", "{e}");
    assert!(
        e.help.contains("refer to it as #/definitions/<Name>") && !e.help.contains("components"),
        "{e}"
    );
    // A Swagger 2.0 parameter without `type`: said in 2.0's words, with a fix 2.0 takes.
    let e = fails(
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /login:\n    post:\n      \
         parameters: [{in: header, name: X-Trace, required: true}]\n      \
         responses: {'200': {description: OK}}\n",
    );
    assert_eq!(
        e.to_string(),
        "specs/t.yaml: at /paths/~1login/post/parameters/0: this is not a valid Swagger 2.0 node: \
         a parameter has no `type` (an `in: body` one, no `schema`)\n  help: give the parameter a \
         `type` (`string`, `integer`, `number`, `boolean`, or `array` with `items`), or an \
         `in: body` one a `schema`"
    );
    let e = fails(&v31_operation(
        "requestBody:\n  content:\n    application/json:\n      schema:\n        type: object\n        \
         properties: {a: {items: {type: integer, minimum: z}}}\nresponses: {'204': {description: ok}}",
    ));
    assert_error(
        &e,
        ErrorKind::Parse,
        "/paths/~1a/get/requestBody/content/application~1json/schema/properties/a/items",
        "this is not a valid OpenAPI 3.1 node: invalid type: string \"z\", expected a JSON number",
    );
    assert!(e.help.contains("the OpenAPI 3.1 specification"), "{e}");
    let e = fails(&v31_operation(
        "responses: {'200': {description: ok, headers: {X: {schema: {type: string, minLength: q}}}}}",
    ));
    assert_error(
        &e,
        ErrorKind::Parse,
        "/paths/~1a/get/responses/200/headers/X/schema",
        "invalid type: string \"q\", expected a whole number",
    );
    let e = fails(&v31_operation(
        "parameters: [{$ref: 5}]\nresponses: {'204': {description: ok}}",
    ));
    assert_error(
        &e,
        ErrorKind::Parse,
        "/paths/~1a/get/parameters/0/$ref",
        "`$ref: 5` is not a reference",
    );
    let e = fails(&v31_operation(
        "parameters: [{name: a, in: query, schema: {type: string, additionalProperties: 5}}]\n\
         responses: {'204': {description: ok}}",
    ));
    assert_error(
        &e,
        ErrorKind::Parse,
        "/paths/~1a/get/parameters/0/schema/additionalProperties",
        "`5` is not a schema",
    );
    let e = fails(&v31_operation("responses: 7"));
    assert_error(
        &e,
        ErrorKind::Parse,
        "/paths/~1a/get/responses",
        "expected an object",
    );
}

/// A `type` that names no type would make "any value" of what the document meant.
#[test]
fn a_type_that_names_no_type_is_refused() {
    let e = fails(&doc(
        "",
        "schemas:\n  A:\n    type: object\n    properties:\n      x: {type: strin}",
    ));
    assert_error(
        &e,
        ErrorKind::Invalid,
        "/components/schemas/A/properties/x/type",
        "`type: strin` names no type",
    );
    let e = fails(&v31_operation(
        "requestBody: {content: {application/json: {schema: {type: [string, 5]}}}}\n\
         responses: {'204': {description: ok}}",
    ));
    assert_error(
        &e,
        ErrorKind::Unsupported,
        "/paths/~1a/get/requestBody/content/application~1json/schema/type/1",
        "`5` in a list of types",
    );
}

/// A key written twice in one mapping: readers keep one of the two values, which would drop
/// an operation or a field without a word. Refused at the second entry, whichever way the
/// document is read: YAML or JSON, OpenAPI 3.0 (the fast way) or 3.1, through an overlay.
#[test]
fn a_key_written_twice_in_a_mapping_is_refused_where_it_is() {
    let message = "`/a` is written twice in one mapping: a reader keeps one of its two values and drops the other";
    for version in ["3.0.3", "3.1.0"] {
        let text = format!(
            "openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      \
             responses: {{'204': {{description: ok}}}}\n  /a:\n    post:\n      \
             responses: {{'204': {{description: ok}}}}\n"
        );
        let e = fails(&text);
        assert_eq!(
            (e.kind, e.pointer.as_str(), e.message.as_str()),
            (ErrorKind::Parse, "/paths/~1a", message),
            "{version}"
        );
        assert_eq!(
            e.help,
            "merge the two entries into one, or rename one of them"
        );
    }
    let json = r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},
        "components":{"schemas":{"A":{"type":"object","properties":{"x":{"type":"string"},"x":{"type":"integer"}}}}}}"#;
    let e = fails(json);
    assert_eq!(e.pointer, "/components/schemas/A/properties/x", "{e}");
    // Tailoring reads the document (and each overlay) the same way.
    let tailoring = oapi_rust_codegen::Tailoring {
        overlays: vec![oapi_rust_codegen::Overlay {
            path: "o.yaml".into(),
            text:
                "overlay: 1.0.0\ninfo: {title: o, version: '1'}\nactions:\n  - target: $.info\n    \
                   update: {x-a: 1}\n    update: {x-b: 2}\n"
                    .into(),
        }],
        ..Default::default()
    };
    let e =
        oapi_rust_codegen::tailor(json.as_bytes(), "specs/t.yaml", &tailoring, false).unwrap_err();
    assert_eq!(e.pointer, "/components/schemas/A/properties/x", "{e}");
    let valid = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
    let e =
        oapi_rust_codegen::tailor(valid.as_bytes(), "specs/t.yaml", &tailoring, false).unwrap_err();
    assert_eq!(
        (e.file.as_str(), e.pointer.as_str()),
        ("o.yaml", "/actions/0/update"),
        "{e}"
    );
}
