//! What resolve makes of schemas and operations that the fixture documents do not hold,
//! asserted on the IR: plain types of schemas a strict reader cannot place, enums, docs,
//! addresses, parameter types, `allOf` depth and cycles, recursion, credentials in models.

use oapi_rust_codegen::ir::{Address, Api, ResponsePayload, RustType, StatusMatch, TypeKind};
use oapi_rust_codegen::{Error, ErrorKind};

mod common;

use common::{def, resolve, schemas, settings, HEAD};

fn refuse(text: &str) -> Error {
    match oapi_rust_codegen::resolve(text.as_bytes(), &settings()) {
        Ok(_) => panic!("expected an error for\n{text}"),
        Err(e) => e,
    }
}

fn field<'a>(api: &'a Api, ty: &str, name: &str) -> &'a oapi_rust_codegen::ir::Field {
    match &def(api, ty).kind {
        TypeKind::Struct { fields } => fields
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no field {name} in {ty}")),
        other => panic!("{ty} is {other:?}"),
    }
}

fn b(t: RustType) -> Box<RustType> {
    Box::new(t)
}

#[test]
fn schemas_a_strict_reader_cannot_place_still_get_their_plain_type() {
    // Each of these fails the reader's typed form (an enum value of another type, a bound of
    // another type) or has no `type`: resolve reads them from what they hold.
    let api = resolve(&schemas(
        "    A:
      type: object
      required: [items_only, map_only, int, num, flag, text, untyped]
      properties:
        items_only: {items: {type: string}}
        map_only: {minProperties: 1, additionalProperties: {type: integer}}
        int: {type: integer, enum: [true]}
        num: {type: number, enum: [true]}
        flag: {type: boolean, enum: [1]}
        text: {type: string, enum: [true]}
        untyped: {description: anything}
        nothing: {type: 'null'}
",
    ));
    let ty = |n: &str| field(&api, "A", n).ty.clone();
    assert_eq!(ty("items_only"), RustType::Vec(b(RustType::String)));
    assert_eq!(ty("map_only"), RustType::Map(b(RustType::I64)));
    assert_eq!(ty("int"), RustType::I64);
    assert_eq!(ty("num"), RustType::F64);
    assert_eq!(ty("flag"), RustType::Bool);
    assert_eq!(ty("text"), RustType::String);
    assert_eq!(ty("untyped"), RustType::Json);
    // A type this reader does not know is any JSON value.
    assert_eq!(ty("nothing"), RustType::Option(b(RustType::Json)));
}

fn variants(api: &Api, name: &str) -> Vec<(String, String)> {
    match &def(api, name).kind {
        TypeKind::StringEnum { variants, .. } => variants
            .iter()
            .map(|v| (v.name.clone(), v.value.clone()))
            .collect(),
        other => panic!("{name} is {other:?}"),
    }
}

#[test]
fn enums_without_a_type_and_with_signs_are_string_enums_named_by_their_values() {
    let api = resolve(&schemas(
        "    Untyped: {enum: [on, off, null]}
    Signs: {type: string, enum: ['+', '-', '+1', '-1', '-x']}
",
    ));
    let pairs = |v: &[(&str, &str)]| {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        variants(&api, "Untyped"),
        pairs(&[("On", "on"), ("Off", "off")])
    );
    let signs = variants(&api, "Signs");
    let names: Vec<&str> = signs.iter().map(|(n, _)| n.as_str()).collect();
    // A sign before a digit is spelled; any other stays punctuation (named by position).
    assert!(
        names.contains(&"Plus1") && names.contains(&"Minus1"),
        "{signs:?}"
    );
    assert!(
        !names.iter().any(|n| *n == "Plus" || *n == "Minus"),
        "{signs:?}"
    );
    assert!(names.contains(&"X"), "{signs:?}");
}

#[test]
fn number_enums_stay_numbers_with_their_values_in_the_doc() {
    let api = resolve(&schemas(
        "    Ratio: {type: number, description: How much., enum: [1.5, 2.5]}
    Step: {type: integer, enum: [1, 2]}
",
    ));
    let ratio = def(&api, "Ratio");
    assert_eq!(ratio.kind, TypeKind::Alias(RustType::F64));
    assert_eq!(
        ratio.doc.as_deref(),
        Some("How much.\n\nOne of `1.5`, `2.5`.")
    );
    assert_eq!(def(&api, "Step").doc.as_deref(), Some("One of `1`, `2`."));
}

#[test]
fn only_ip_formats_make_an_address() {
    let api = resolve(&schemas(
        "    A:
      type: object
      properties:
        v4: {type: string, format: ipv4}
        v6: {type: string, format: ipv6}
        host: {type: string, format: hostname}
",
    ));
    let address = |n: &str| field(&api, "A", n).address;
    assert_eq!(address("v4"), Some(Address::Ipv4));
    assert_eq!(address("v6"), Some(Address::Ipv6));
    assert_eq!(address("host"), None);
}

fn op_doc(operation: &str) -> String {
    format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n{}\ncomponents:\n  schemas:\n    Obj: {{type: object, properties: {{x: {{type: integer}}}}}}\n",
        operation
            .lines()
            .map(|l| format!("      {l}\n"))
            .collect::<String>()
    )
}

#[test]
fn wildcard_media_types_are_json_unless_the_schema_is_binary() {
    let api = resolve(&op_doc(
        "responses:
  '200':
    description: ok
    content:
      '*/*': {schema: {type: string, format: binary}}
  '201':
    description: ok
    content:
      '*/*': {schema: {type: string}}
",
    ));
    let op = &api.groups[0].operations[0];
    let payloads: Vec<&ResponsePayload> = op.success.iter().map(|(_, p)| p).collect();
    assert_eq!(
        payloads,
        [
            &ResponsePayload::Bytes,
            &ResponsePayload::Json(RustType::String)
        ]
    );
}

#[test]
fn an_inline_default_response_body_is_named_after_default() {
    let api = resolve(&op_doc(
        "responses:
  '204': {description: done}
  default:
    description: failed
    content:
      application/json: {schema: {type: object, properties: {code: {type: integer}}}}
",
    ));
    let op = &api.groups[0].operations[0];
    assert_eq!(op.errors.len(), 1);
    assert_eq!(op.errors[0].status, StatusMatch::Default);
    assert!(
        api.types.iter().any(|t| t.name == "GetAResponseDefault"),
        "{:?}",
        api.types.iter().map(|t| &t.name).collect::<Vec<_>>()
    );
}

#[test]
fn parameters_of_types_a_url_or_header_cannot_carry_are_refused() {
    let other = "has a type that cannot be sent in this location";
    let cases = [
        ("in: query, schema: {type: array, items: {type: array, items: {type: string}}}", "schema", other),
        ("in: query, schema: {type: array, items: {type: object, additionalProperties: {type: string}}}", "schema", other),
        ("in: query, schema: {type: array, items: {type: object, additionalProperties: {type: string}, nullable: true}}", "schema", other),
        ("in: query, schema: {type: array, items: {$ref: '#/components/schemas/Obj'}}", "schema", other),
        // An object's properties are one text each.
        ("in: query, schema: {type: object, additionalProperties: {type: array, items: {type: string}}}", "schema", other),
        ("in: query, schema: {type: object, properties: {a: {$ref: '#/components/schemas/Obj'}}}", "schema", other),
        ("in: query, style: deepObject, schema: {type: object, properties: {a: {type: array, items: {type: string}}}}", "schema", other),
        // Objects go in the query only, with `form` or `deepObject`.
        ("in: header, schema: {type: object, additionalProperties: {type: string}}", "schema", "sends in the query only"),
        ("in: cookie, schema: {$ref: '#/components/schemas/Obj'}", "schema", "sends in the query only"),
        ("in: query, style: pipeDelimited, schema: {$ref: '#/components/schemas/Obj'}", "style", "delimited style"),
        ("in: query, style: spaceDelimited, schema: {type: object, additionalProperties: {type: string}}", "style", "delimited style"),
        // `deepObject` is for objects, always exploded.
        ("in: query, style: deepObject, schema: {type: string}", "style", "for objects only"),
        ("in: query, style: deepObject, schema: {type: array, items: {type: string}}", "style", "for objects only"),
        ("in: query, style: deepObject, schema: {$ref: '#/components/schemas/Color'}", "style", "for objects only"),
        ("in: query, style: deepObject, explode: false, schema: {$ref: '#/components/schemas/Obj'}", "explode", "`explode: false`"),
    ];
    // `op_doc` defines `Obj`, an object of plain values; and an enum beside it.
    let components = "    Color: {type: string, enum: [red]}\n";
    for (param, at, message) in cases {
        let text = format!(
            "{}{components}",
            op_doc(&format!(
                "parameters:\n  - {{name: q, {param}}}\nresponses: {{'204': {{description: done}}}}\n"
            ))
        );
        let e = refuse(&text);
        assert_eq!(e.kind, ErrorKind::Unsupported, "{param}: {e}");
        assert_eq!(
            e.pointer,
            format!("/paths/~1a/get/parameters/0/{at}"),
            "{param}"
        );
        assert!(
            e.message.starts_with("parameter `q` ") || at == "explode",
            "{param}: {e}"
        );
        assert!(e.message.contains(message), "{param}: {e}");
    }
    // Arrays of plain values, nullable values, and objects of plain values in the query go.
    let api = resolve(&format!(
        "{}{components}",
        op_doc(
            "parameters:
  - {name: q, in: query, schema: {type: array, items: {type: string}}}
  - {name: n, in: query, schema: {type: integer, nullable: true}}
  - {name: m, in: query, schema: {type: object, additionalProperties: {type: string}, nullable: true}}
  - {name: o, in: query, explode: false, schema: {$ref: '#/components/schemas/Obj'}}
  - {name: d, in: query, style: deepObject, schema: {$ref: '#/components/schemas/Obj'}}
  - {name: c, in: query, style: deepObject, schema: {type: object, properties: {c: {$ref: '#/components/schemas/Color'}}}}
responses: {'204': {description: done}}
",
        )
    ));
    let params = &api.groups[0].operations[0].params;
    let styles: Vec<(&str, Option<&str>, bool)> = params
        .iter()
        .map(|p| (p.api_name.as_str(), p.delimiter, p.deep_object))
        .collect();
    assert_eq!(
        styles,
        [
            ("q", None, false),
            ("n", None, false),
            ("m", None, false),
            ("o", Some(","), false),
            ("d", None, true),
            ("c", None, true),
        ]
    );
}

/// `A0` includes `A1` through `allOf`, which includes `A2`... down to an object.
fn all_of_chain(levels: usize) -> String {
    let mut text = String::new();
    for i in 0..levels {
        text.push_str(&format!(
            "    A{i}: {{allOf: [{{$ref: '#/components/schemas/A{}'}}, {{type: object, properties: {{p{i}: {{type: integer}}}}}}]}}\n",
            i + 1
        ));
    }
    text.push_str(&format!(
        "    A{levels}: {{type: object, properties: {{x: {{type: integer}}}}}}\n"
    ));
    schemas(&text)
}

#[test]
fn all_of_merges_up_to_thirty_two_levels_deep() {
    let api = resolve(&all_of_chain(33));
    assert_eq!(
        field(&api, "A0", "x").ty,
        RustType::Option(b(RustType::I64))
    );
    let e = refuse(&all_of_chain(34));
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert_eq!(e.message, "this `allOf` includes itself");
}

#[test]
fn all_of_parts_without_a_type_merge_unless_they_are_unions() {
    // A part with properties and its own `allOf` (no `type`): both merged.
    let api = resolve(&schemas(
        "    Base: {type: object, properties: {id: {type: string}}}
    Part:
      properties: {name: {type: string}}
      allOf: [{$ref: '#/components/schemas/Base'}]
    Whole:
      allOf: [{$ref: '#/components/schemas/Part'}, {type: object, properties: {own: {type: string}}}]
",
    ));
    let names: Vec<&str> = match &def(&api, "Whole").kind {
        TypeKind::Struct { fields } => fields.iter().map(|f| f.name.as_str()).collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(names, ["id", "name", "own"]);
    // A part that is a union cannot be merged into fields.
    for union in ["oneOf", "anyOf"] {
        let e = refuse(&schemas(&format!(
            "    Part:
      properties: {{name: {{type: string}}}}
      {union}: [{{type: object}}, {{type: string}}]
    Whole:
      allOf: [{{$ref: '#/components/schemas/Part'}}, {{type: object}}]
"
        )));
        assert_eq!(e.kind, ErrorKind::Unsupported, "{union}: {e}");
        // At the part that uses it, naming what and where it is, with a rewrite that works.
        assert_eq!(e.pointer, "/components/schemas/Whole/allOf/0", "{union}");
        assert!(
            e.message.starts_with(&format!(
                "this `allOf` part is a `{union}` union (the schema at /components/schemas/Part)"
            )),
            "{e}"
        );
        assert!(
            e.help
                .starts_with(&format!("write the union on the schema instead: `{union}`")),
            "{e}"
        );
    }
    // A part without a type that includes itself is a cycle, found.
    let e = refuse(&schemas(
        "    Loop:
      properties: {x: {type: string}}
      allOf: [{$ref: '#/components/schemas/Loop'}]
",
    ));
    assert_eq!(e.message, "this `allOf` includes itself");
}

/// A union of objects as an `allOf` part (utoipa's enum flattened into a struct): one field
/// of the union's type, flattened, beside the other parts' properties. A union with an
/// alternative that is no object, a second union, or a union beside `additionalProperties`
/// has no such form: refused at the part.
#[test]
fn an_all_of_part_that_is_a_union_of_objects_is_a_flattened_field() {
    let api = resolve(&schemas(
        "    Alias:
      oneOf:
        - {type: object, required: [global], properties: {global: {type: string}}}
        - {type: object, required: [local], properties: {local: {type: string}}}
    Request:
      allOf:
        - $ref: '#/components/schemas/Alias'
        - {type: object, required: [bucket], properties: {bucket: {type: string}}}
",
    ));
    let names: Vec<(&str, &str, bool)> = match &def(&api, "Request").kind {
        TypeKind::Struct { fields } => fields
            .iter()
            .map(|f| (f.name.as_str(), f.api_name.as_str(), f.flatten))
            .collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(names, [("bucket", "bucket", false), ("alias", "", true)]);
    let alias = field(&api, "Request", "alias");
    assert_eq!(alias.ty, RustType::Named("Alias".into()));
    assert!(alias.required);

    let refused = |extra: &str, part: &str| {
        let e = refuse(&schemas(&format!(
            "    U:
      anyOf: [{{type: object, properties: {{a: {{type: string}}}}}}, {part}]
    W:
      allOf: [{{$ref: '#/components/schemas/U'}}, {{type: object, properties: {{b: {{type: string}}}}}}{extra}]
"
        )));
        assert_eq!(e.kind, ErrorKind::Unsupported, "{e}");
        e
    };
    let e = refused("", "{type: string}");
    assert_eq!(e.pointer, "/components/schemas/W/allOf/0");
    let e = refused(", {$ref: '#/components/schemas/U'}", "{type: object}");
    assert_eq!(e.pointer, "/components/schemas/W/allOf/2");
    let e = refuse(&schemas(
        "    U:
      oneOf: [{type: object, properties: {a: {type: string}}}]
    W:
      allOf: [{$ref: '#/components/schemas/U'}, {type: object, additionalProperties: true}]
",
    ));
    assert_eq!(e.pointer, "/components/schemas/W/allOf/0", "{e}");
    assert!(e.message.contains("beside `additionalProperties`"), "{e}");
}

/// An inline alternative's own `description` documents its variant (utoipa writes a Rust
/// enum's variant docs so); an alternative without one gets none here (emit says which it is).
#[test]
fn an_inline_alternatives_description_documents_its_variant() {
    let api = resolve(&schemas(
        "    Input:
      oneOf:
        - {type: string, description: A single string}
        - {type: array, items: {type: string}}
",
    ));
    let docs: Vec<Option<&str>> = match &def(&api, "Input").kind {
        TypeKind::OneOf { variants, .. } => variants.iter().map(|v| v.doc.as_deref()).collect(),
        other => panic!("{other:?}"),
    };
    assert_eq!(docs, [Some("A single string"), None]);
}

/// An inline alternative is named by what sets it apart, as a reader would name it: its
/// `title`, the value of the property that tags it, the property only it requires, its one
/// property; `Variant` and its index only when none of these does.
#[test]
fn inline_alternatives_are_named_by_what_sets_them_apart() {
    let api = resolve(&schemas(
        "    Shape:
      oneOf:
        - {title: plain dot, type: string}
        - {type: object, required: [kind, r], properties: {kind: {type: string, enum: [circle]}, r: {type: number}}}
        - {type: object, required: [a, b], properties: {a: {type: number}, b: {type: number}}}
        - {type: object, properties: {note: {type: string}}}
        - {type: object, required: [kind, r], properties: {kind: {type: string}, r: {type: integer}}}
        - {type: array, items: {type: object, properties: {x: {type: number}}}}
        - $ref: '#/components/schemas/Named'
    Named: {type: object, properties: {n: {type: string}}}
    Twins:
      anyOf:
        - {title: same, type: object, properties: {x: {type: string}}}
        - {title: same, type: object, properties: {y: {type: string}}}
",
    ));
    let variants = |ty: &str| -> Vec<(String, RustType)> {
        match &def(&api, ty).kind {
            TypeKind::OneOf { variants, .. } => variants
                .iter()
                .map(|v| (v.name.clone(), v.ty.clone()))
                .collect(),
            other => panic!("{other:?}"),
        }
    };
    let named = |n: &str| RustType::Named(n.to_owned());
    assert_eq!(
        variants("Shape"),
        [
            ("PlainDot".to_owned(), RustType::String),
            ("Circle".to_owned(), named("ShapeCircle")),
            // `a` and `b` are required here only: the first names it.
            ("A".to_owned(), named("ShapeA")),
            ("Note".to_owned(), named("ShapeNote")),
            // `kind` and `r` are held by another alternative too.
            ("Variant4".to_owned(), named("ShapeVariant4")),
            (
                "Array".to_owned(),
                RustType::Vec(b(named("ShapeVariant5Item")))
            ),
            ("Named".to_owned(), named("Named")),
        ]
    );
    assert_eq!(
        variants("Twins"),
        [
            ("Variant0".to_owned(), named("TwinsVariant0")),
            ("Variant1".to_owned(), named("TwinsVariant1")),
        ]
    );
}

#[test]
fn a_schema_defined_only_as_itself_is_named_by_its_key() {
    let e = refuse(&schemas(
        "    first-alias: {$ref: '#/components/schemas/second-alias'}
    second-alias: {$ref: '#/components/schemas/first-alias'}
",
    ));
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert_eq!(e.pointer, "/components/schemas/first-alias");
    assert_eq!(
        e.message,
        "schema `first-alias` is defined only as itself, through a chain of $refs"
    );
}

#[test]
fn recursion_through_unions_and_newtypes_is_boxed_and_defaults_follow_boxes() {
    let api = resolve(&schemas(
        "    Tree:
      type: object
      required: [child]
      properties:
        child: {$ref: '#/components/schemas/Node'}
    Node:
      oneOf:
        - {$ref: '#/components/schemas/Tree'}
        - {type: string}
    Wrapper:
      type: object
      required: [inner]
      properties:
        inner: {$ref: '#/components/schemas/Wrapped'}
    Wrapped:
      type: array
      items: {$ref: '#/components/schemas/Wrapper'}
",
    ));
    let boxed = |n: &str| RustType::Box(b(RustType::Named(n.to_owned())));
    // The cycle Tree -> Node -> Tree is cut where resolve puts the boxes: some field or
    // variant on it is boxed.
    let tree = field(&api, "Tree", "child").ty.clone();
    let node_variants: Vec<RustType> = match &def(&api, "Node").kind {
        TypeKind::OneOf { variants, .. } => variants.iter().map(|v| v.ty.clone()).collect(),
        other => panic!("{other:?}"),
    };
    assert!(
        tree == boxed("Node") && node_variants[0] == boxed("Tree"),
        "{tree:?} {node_variants:?}"
    );
    // A default needs the default of what a box holds: a union has none.
    assert!(!def(&api, "Node").default);
    assert!(!def(&api, "Tree").default);
}

#[test]
fn an_alias_cycle_through_a_container_becomes_newtypes() {
    let api = resolve(&schemas(
        "    A: {$ref: '#/components/schemas/B'}
    B: {type: array, items: {$ref: '#/components/schemas/A'}}
",
    ));
    assert_eq!(
        def(&api, "A").kind,
        TypeKind::Newtype(RustType::Named("B".to_owned()))
    );
    assert!(matches!(def(&api, "B").kind, TypeKind::Newtype(_)));
}

#[test]
fn only_string_properties_can_hold_a_credential() {
    let text = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  securitySchemes:\n    Key: {{type: apiKey, in: header, name: X-Key}}\n    Basic: {{type: http, scheme: basic}}\n  schemas:\n    Session:\n      type: object\n      properties:\n        key: {{type: string, x-rust-credential: Key}}\n        maybe: {{type: string, nullable: true, x-rust-credential: Key}}\n"
    );
    let api = resolve(&text);
    let optional: Vec<(String, bool)> = api
        .credential_sources
        .iter()
        .map(|c| (c.field.clone(), c.optional))
        .collect();
    assert_eq!(
        optional,
        [("key".to_owned(), true), ("maybe".to_owned(), true)]
    );
    for (schema, message) in [
        ("{type: integer, x-rust-credential: Key}", "only string properties can hold a credential"),
        ("{type: array, items: {type: string}, x-rust-credential: Key}", "only string properties can hold a credential"),
        ("{type: string, x-rust-credential: Basic}", "`Basic` is an HTTP basic scheme, whose credential is a user name and a password, not one property"),
    ] {
        // Required (the type itself) and optional (an `Option` of it).
        for required in ["[key]", "[]"] {
            let text = format!(
                "{HEAD}paths: {{}}\ncomponents:\n  securitySchemes:\n    Key: {{type: apiKey, in: header, name: X-Key}}\n    Basic: {{type: http, scheme: basic}}\n  schemas:\n    Session:\n      type: object\n      required: {required}\n      properties:\n        key: {schema}\n"
            );
            let e = refuse(&text);
            assert_eq!(e.message, message, "{schema} {required}");
            assert_eq!(
                e.pointer,
                "/components/schemas/Session/properties/key/x-rust-credential",
                "{schema}"
            );
        }
    }
}

#[test]
fn a_template_used_twice_is_one_input() {
    let api = resolve(&format!(
        "{HEAD}paths:\n  /a/{{id}}-{{id}}/{{id}}:\n    get:\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n      responses: {{'204': {{description: ok}}}}\n"
    ));
    assert_eq!(api.groups[0].operations[0].inputs.len(), 1);
}

#[test]
fn credential_header_and_cookie_names_must_be_tokens() {
    for (scheme, message) in [
        (
            "{type: apiKey, in: header, name: 'X Key'}",
            "`X Key` cannot be a header name",
        ),
        (
            "{type: apiKey, in: cookie, name: 'sid;x'}",
            "`sid;x` cannot be a cookie name",
        ),
    ] {
        let e = refuse(&format!(
            "{HEAD}paths: {{}}\ncomponents:\n  securitySchemes:\n    K: {scheme}\n"
        ));
        assert_eq!(e.kind, ErrorKind::Invalid);
        assert_eq!(e.pointer, "/components/securitySchemes/K/name");
        assert!(e.message.starts_with(message), "{e}");
    }
    // A query parameter's name is encoded: anything goes.
    resolve(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  securitySchemes:\n    K: {{type: apiKey, in: query, name: 'api key'}}\n"
    ));
}

/// Header parameters named `Accept` or `Content-Type` are ignored, as OpenAPI 3.0.3 says
/// (the client sends the documented media types; a second value would go beside them);
/// `Authorization` is kept, and so is a Swagger 2.0 document's.
#[test]
fn accept_and_content_type_header_parameters_are_ignored() {
    let params =
        "        - {name: Content-Type, in: header, required: true, schema: {type: string}}
        - {name: accept, in: header, schema: {type: string}}
        - {name: Authorization, in: header, schema: {type: string}}
        - {name: X-Trace, in: header, schema: {type: string}}
";
    let text = format!(
        "{HEAD}paths:\n  /echo:\n    post:\n      operationId: echo\n      parameters:\n{params}      requestBody: {{content: {{application/json: {{schema: {{type: object}}}}}}}}\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let names = |api: &Api| -> Vec<String> {
        api.groups[0].operations[0]
            .params
            .iter()
            .map(|p| p.api_name.clone())
            .collect()
    };
    assert_eq!(names(&resolve(&text)), ["Authorization", "X-Trace"]);
    let swagger = "swagger: '2.0'\ninfo: {title: t, version: '1'}\nconsumes: [application/json]\npaths:\n  /echo:\n    post:\n      operationId: echo\n      parameters:\n        - {in: header, name: Content-Type, type: string, required: true}\n        - {in: body, name: body, required: true, schema: {type: object}}\n      responses: {'204': {description: ok}}\n";
    let api = resolve(swagger);
    assert!(names(&api).is_empty(), "{:?}", names(&api));
    assert!(api.repairs.is_empty(), "{:?}", api.repairs);
}

/// An answer read as bytes (or as text) is read so whichever of its media types the server
/// picks: the client asks for each of them, not only the one it would choose.
#[test]
fn accept_names_every_media_type_a_file_or_text_answer_comes_as() {
    let swagger = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /export:\n    get:\n      operationId: exportData\n      produces: [application/zip, application/json]\n      responses:\n        '200': {description: archive, schema: {type: file}}\n        '404': {description: missing, schema: {type: object}}\n";
    let api = resolve(swagger);
    let op = &api.groups[0].operations[0];
    assert_eq!(op.success[0].1, ResponsePayload::Bytes);
    assert_eq!(
        op.accept.as_deref(),
        Some("application/zip, application/json")
    );
    let text = format!(
        "{HEAD}paths:\n  /report:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            text/csv: {{schema: {{type: string}}}}\n            text/plain; charset=utf-8: {{schema: {{type: string}}}}\n            application/json: {{schema: {{type: object}}}}\n"
    );
    let api = resolve(&text);
    let op = &api.groups[0].operations[0];
    // JSON is chosen when offered, and asked for alone.
    assert_eq!(op.accept.as_deref(), Some("application/json"));
    let api = resolve(&text.replace(
        "            application/json: {schema: {type: object}}\n",
        "",
    ));
    let op = &api.groups[0].operations[0];
    assert_eq!(op.success[0].1, ResponsePayload::Text);
    assert_eq!(op.accept.as_deref(), Some("text/csv, text/plain"));
}

/// A `oneOf`/`anyOf` whose alternatives only say which properties must be present ("at
/// least one of these") is validation: the schema keeps the shape its other keywords give,
/// alone and as an `allOf` part.
#[test]
fn alternatives_that_only_require_properties_leave_the_object_as_it_is() {
    let api = resolve(&schemas(
        "    Arg:
      type: object
      properties: {hint: {type: string}, value: {type: string}}
      anyOf: [{required: [hint]}, {required: [value]}]
    Base: {type: object, properties: {value: {type: string}}}
    Named:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties: {hint: {type: string}}
          oneOf: [{required: [hint]}, {type: object, required: [value]}]
",
    ));
    for ty in ["Arg", "Named"] {
        let names: Vec<(&str, RustType)> = match &def(&api, ty).kind {
            TypeKind::Struct { fields } => fields
                .iter()
                .map(|f| (f.name.as_str(), f.ty.clone()))
                .collect(),
            other => panic!("{ty} is {other:?}"),
        };
        let opt = |t| RustType::Option(b(t));
        let mut names = names;
        names.sort_by_key(|(n, _)| *n);
        assert_eq!(
            names,
            [
                ("hint", opt(RustType::String)),
                ("value", opt(RustType::String))
            ],
            "{ty}"
        );
    }
}

/// A parameter of components/parameters is one type for every operation that uses it,
/// named after the component (a Swagger 2.0 `#/parameters/X` too).
#[test]
fn a_shared_parameter_is_one_type() {
    let text = "swagger: '2.0'\ninfo: {title: S, version: '1'}\nparameters:\n  Fields: {name: fields, in: query, type: array, collectionFormat: csv, items: {type: string, enum: [name, size]}}\npaths:\n  /a: {get: {operationId: listA, parameters: [{$ref: '#/parameters/Fields'}], responses: {'204': {description: ok}}}}\n  /b: {get: {operationId: listB, parameters: [{$ref: '#/parameters/Fields'}], responses: {'204': {description: ok}}}}\n";
    let api = resolve(text);
    let types: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(types, ["FieldsItem"]);
    for op in &api.groups[0].operations {
        assert_eq!(
            op.params[0].ty,
            RustType::Vec(b(RustType::Named("FieldsItem".into()))),
            "{}",
            op.fn_name
        );
    }
}

/// One schema node, one type: an enum written in a base schema's property is one type for
/// the base and for every schema that extends it through `allOf`.
#[test]
fn an_inline_enum_of_an_all_of_base_is_one_type() {
    let api = resolve(&schemas(
        "    Input: {type: object, properties: {format: {type: string, enum: [string, filepath]}}}
    NamedInput:
      allOf:
        - $ref: '#/components/schemas/Input'
        - {type: object, properties: {name: {type: string}}}
    KeyValueInput:
      allOf:
        - $ref: '#/components/schemas/NamedInput'
        - {type: object, properties: {value: {type: string}}}
",
    ));
    let format = RustType::Option(b(RustType::Named("InputFormat".into())));
    for ty in ["Input", "NamedInput", "KeyValueInput"] {
        assert_eq!(field(&api, ty, "format").ty, format, "{ty}");
    }
    let enums: Vec<&str> = api
        .types
        .iter()
        .filter(|t| matches!(t.kind, TypeKind::StringEnum { .. }))
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(enums, ["InputFormat"]);
}
