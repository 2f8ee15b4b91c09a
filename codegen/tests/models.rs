//! What resolve makes of models as real servers fill them, asserted on the IR: discriminator
//! values in every form a document gives them (and warnings where none can decode), integer
//! enums' names, names that must pass Rust's lints.

use oapi_rust_codegen::ir::{Api, TypeKind};
use oapi_rust_codegen::{Error, ErrorKind, Settings};

mod common;

use common::{def, repairs_found, resolve, schemas, HEAD};

fn refuse_strict(text: &str) -> Error {
    let strict = Settings {
        strict: true,
        ..common::settings()
    };
    match oapi_rust_codegen::resolve(text.as_bytes(), &strict) {
        Ok(_) => panic!("expected --strict to refuse\n{text}"),
        Err(e) => e,
    }
}

/// A union's discriminator values and the variant each selects.
fn tags(api: &Api, name: &str) -> Vec<(String, String)> {
    match &def(api, name).kind {
        TypeKind::OneOf {
            variants,
            discriminator: Some(d),
        } => d
            .mapping
            .iter()
            .map(|(v, i)| (v.clone(), variants[*i].name.clone()))
            .collect(),
        other => panic!("{name} is {other:?}"),
    }
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

const PINNED: &str = "
    U:
      oneOf:
        - $ref: '#/components/schemas/A'
        - $ref: '#/components/schemas/B'
        - $ref: '#/components/schemas/C'
      discriminator:
        propertyName: kind
        mapping:
          c-mapped: '#/components/schemas/C'
    A:
      type: object
      properties:
        kind: {type: string, enum: [a]}
    B:
      allOf:
        - type: object
          properties:
            kind: {$ref: '#/components/schemas/BKind'}
    BKind: {type: string, enum: [b1, b2]}
    C:
      type: object
      properties:
        kind: {type: string}
";

#[test]
fn discriminator_values_come_from_the_mapping_pinned_enums_and_schema_names() {
    let api = resolve(&schemas(PINNED));
    assert_eq!(
        tags(&api, "U"),
        pairs(&[("c-mapped", "C"), ("a", "A"), ("b1", "B"), ("b2", "B")])
    );
    assert!(api.repairs.is_empty(), "{:?}", api.repairs);
    // Without a mapping, a schema that pins nothing is reached by its name.
    let api = resolve(&schemas(&PINNED.replace(
        "        mapping:\n          c-mapped: '#/components/schemas/C'\n",
        "",
    )));
    assert_eq!(
        tags(&api, "U"),
        pairs(&[("a", "A"), ("b1", "B"), ("b2", "B"), ("C", "C")])
    );
}

#[test]
fn a_base_with_a_discriminator_is_the_union_of_the_schemas_extending_it() {
    let api = resolve(&schemas(
        "
    Pet:
      type: object
      properties:
        petType: {type: string}
      discriminator:
        propertyName: petType
        mapping:
          kitty: '#/components/schemas/Cat'
    Cat:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - properties: {indoor: {type: boolean}}
    Dog:
      allOf:
        - $ref: '#/components/schemas/Pet'
    Alone:
      type: object
      properties:
        kind: {type: string}
      discriminator:
        propertyName: kind
",
    ));
    assert_eq!(
        tags(&api, "Pet"),
        pairs(&[("kitty", "Cat"), ("Dog", "Dog")])
    );
    // The children are structs holding the base's properties.
    assert!(matches!(&def(&api, "Cat").kind, TypeKind::Struct { fields } if fields.len() == 2));
    // A base nothing extends stays a struct.
    assert!(matches!(def(&api, "Alone").kind, TypeKind::Struct { .. }));
}

#[test]
fn alternatives_no_payload_can_reach_are_warned_and_refused_when_strict() {
    let text = schemas(
        "
    U:
      oneOf:
        - $ref: '#/components/schemas/A'
        - $ref: '#/components/schemas/Again'
        - type: object
          properties:
            kind: {type: string}
        - $ref: '#/components/schemas/M'
      discriminator:
        propertyName: kind
        mapping:
          m: '#/components/schemas/M'
    A:
      type: object
      properties:
        kind: {type: string, enum: [a]}
    Again:
      type: object
      properties:
        kind: {type: string, enum: [a]}
    M:
      type: object
      properties:
        kind: {type: string, enum: [n]}
",
    );
    let api = resolve(&text);
    let found = repairs_found(&api);
    assert_eq!(
        found,
        [
            (
                "/components/schemas/U/discriminator/mapping/m",
                "discriminator value `m` maps to `M`, whose `kind` allows only `n`: no payload both reaches it and is one",
            ),
            (
                "/components/schemas/U/oneOf/1",
                "no `kind` value selects alternative 1 (`Again`): its `kind` values (`a`) already name another alternative",
            ),
            (
                "/components/schemas/U/oneOf/2",
                "no `kind` value selects alternative 2 (`Variant2`): it is written inline and pins no `kind` value",
            ),
        ]
    );
    assert_eq!(tags(&api, "U"), pairs(&[("m", "M"), ("a", "A")]));
    let e = refuse_strict(&text);
    assert_eq!(e.kind, ErrorKind::Defect);
    let text = e.to_string();
    assert!(
        text.contains("/components/schemas/U/discriminator/mapping/m"),
        "{text}"
    );
    assert!(text.contains("(refused: strict)"), "{text}");
}

#[test]
fn integer_enums_with_names_get_constants_and_every_integer_enum_lists_its_values() {
    let api = resolve(&schemas(
        "
    Level:
      type: integer
      enum: [-1, 0, 2]
      x-enum-varnames: [Off, info, Very Loud]
    Day:
      type: integer
      enum: [1, 2]
      x-enumNames: [Mon]
    Plain:
      type: integer
      enum: [3, 4]
    Holder:
      type: object
      properties:
        tries:
          description: Tries.
          type: integer
          enum: [1, 3]
          x-enum-varnames: [Once, Thrice]
",
    ));
    let constants = |name: &str| -> Vec<(String, i64)> {
        def(&api, name)
            .constants
            .iter()
            .map(|c| (c.name.clone(), c.value))
            .collect()
    };
    assert_eq!(
        constants("Level"),
        [
            ("LEVEL_OFF".to_owned(), -1),
            ("LEVEL_INFO".to_owned(), 0),
            ("LEVEL_VERY_LOUD".to_owned(), 2)
        ]
    );
    assert_eq!(constants("Day"), [("DAY_MON".to_owned(), 1)]);
    assert!(constants("Plain").is_empty());
    assert_eq!(
        def(&api, "Level").doc.as_deref(),
        Some("One of `-1` (Off), `0` (info), `2` (Very Loud).")
    );
    assert_eq!(def(&api, "Plain").doc.as_deref(), Some("One of `3`, `4`."));
    let TypeKind::Struct { fields } = &def(&api, "Holder").kind else {
        panic!()
    };
    assert_eq!(
        fields[0].doc.as_deref(),
        Some("Tries.\n\nOne of `1` (Once), `3` (Thrice).")
    );
}

#[test]
fn names_that_differ_by_case_from_a_keyword_stay_upper_camel_case() {
    let api = resolve(&schemas(
        "
    Target:
      type: string
      enum: [self, Self, SELF, other]
",
    ));
    let TypeKind::StringEnum { variants, .. } = &def(&api, "Target").kind else {
        panic!()
    };
    let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Self_", "Self2", "Self3", "Other"]);
}

#[test]
fn credentials_never_take_a_client_builder_method_name() {
    let api = resolve(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  securitySchemes:\n    \
         redirect_limit: {{type: apiKey, in: header, name: A}}\n    \
         max_response_bytes: {{type: apiKey, in: header, name: B}}\n    \
         user_agent: {{type: apiKey, in: header, name: C}}\n"
    ));
    let names: Vec<&str> = api
        .security_schemes
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["redirect_limit2", "max_response_bytes2", "user_agent2"]
    );
}

#[test]
fn all_of_parts_that_say_less_about_a_property_keep_what_the_others_say() {
    use oapi_rust_codegen::ir::RustType;
    let api = resolve(&schemas(
        "
    Base:
      type: object
      properties:
        id: {type: integer, format: int32}
        state: {type: string, enum: [on, off]}
        size: {type: integer}
        ref: {$ref: '#/components/schemas/Other'}
        narrowed: {type: string}
    Other:
      type: object
      properties:
        x: {type: string}
    Child:
      allOf:
        - $ref: '#/components/schemas/Base'
        - properties:
            id: {description: Re-listed to describe it.}
            state: {type: string}
            size: {type: number}
            ref: {}
            narrowed: {type: string, enum: [a]}
",
    ));
    let TypeKind::Struct { fields } = &def(&api, "Child").kind else {
        panic!()
    };
    let types: Vec<(&str, &RustType)> = fields.iter().map(|f| (f.name.as_str(), &f.ty)).collect();
    let opt = |t: RustType| RustType::Option(Box::new(t));
    let named = |n: &str| opt(RustType::Named(n.to_owned()));
    assert_eq!(
        types,
        [
            ("id", &opt(RustType::I32)),
            ("state", &named("BaseState")),
            ("size", &opt(RustType::I64)),
            ("ref", &named("Other")),
            ("narrowed", &named("ChildNarrowed")),
        ]
    );
    // The base's enum (the base's own type), not the re-listing's plain string.
    assert!(matches!(
        &def(&api, "BaseState").kind,
        TypeKind::StringEnum { variants, .. } if variants.len() == 2
    ));
}

#[test]
fn all_of_parts_that_give_a_property_two_types_are_a_located_error() {
    let text = schemas(
        "
    Base:
      type: object
      properties:
        id: {type: integer}
    Child:
      allOf:
        - $ref: '#/components/schemas/Base'
        - properties:
            id: {type: string}
",
    );
    let e = match oapi_rust_codegen::resolve(text.as_bytes(), &common::settings()) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    };
    assert_eq!(e.kind, ErrorKind::Invalid);
    assert_eq!(
        e.to_string(),
        "t.yaml: at /components/schemas/Child/allOf/1/properties/id: `allOf` parts give property `id` two types: `integer` at /components/schemas/Base/properties/id and `string` here, which no value can be both\n  help: give the property the same type in every `allOf` part, or leave its schema out of the parts that only describe it"
    );
}

#[test]
fn additional_properties_beside_properties_become_a_flattened_map() {
    use oapi_rust_codegen::ir::RustType;
    let api = resolve(&schemas(
        "
    M:
      type: object
      properties:
        additional_properties: {type: string}
      additionalProperties: {type: integer}
    N:
      type: object
      properties:
        a: {type: string}
      additionalProperties: false
",
    ));
    let TypeKind::Struct { fields } = &def(&api, "M").kind else {
        panic!()
    };
    let last = fields.last().unwrap();
    assert!(last.flatten);
    assert_eq!(last.name, "additional_properties2");
    assert_eq!(last.ty, RustType::Map(Box::new(RustType::I64)));
    let TypeKind::Struct { fields } = &def(&api, "N").kind else {
        panic!()
    };
    assert!(fields.iter().all(|f| !f.flatten));
}

#[test]
fn optional_nullable_properties_of_patch_bodies_are_tri_state() {
    use oapi_rust_codegen::ir::RustType;
    let text = format!(
        "{HEAD}paths:
  /a:
    patch:
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Patch'}}
      responses: {{'204': {{description: done}}}}
    post:
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/Create'}}
      responses: {{'204': {{description: done}}}}
components:
  schemas:
    Patch:
      type: object
      required: [always]
      properties:
        parent: {{type: integer, nullable: true}}
        always: {{type: integer, nullable: true}}
        seen: {{type: integer, nullable: true, readOnly: true}}
        plain: {{type: integer}}
        inner: {{$ref: '#/components/schemas/Inner'}}
    Inner:
      type: object
      properties:
        note: {{type: string, nullable: true}}
    Create:
      type: object
      properties:
        parent: {{type: integer, nullable: true}}
"
    );
    let api = resolve(&text);
    let ty = |t: &str, f: &str| -> RustType {
        let TypeKind::Struct { fields } = &def(&api, t).kind else {
            panic!()
        };
        fields.iter().find(|x| x.name == f).unwrap().ty.clone()
    };
    let opt = |t: RustType| RustType::Option(Box::new(t));
    assert_eq!(
        ty("Patch", "parent"),
        RustType::Nullable(Box::new(RustType::I64))
    );
    // Required: always sent, `null` when `None`; read-only: never sent.
    assert_eq!(ty("Patch", "always"), opt(RustType::I64));
    assert_eq!(ty("Patch", "seen"), opt(RustType::I64));
    assert_eq!(ty("Patch", "plain"), opt(RustType::I64));
    assert_eq!(
        ty("Inner", "note"),
        RustType::Nullable(Box::new(RustType::String))
    );
    // Whole representations (POST, PUT) keep `Option`.
    assert_eq!(ty("Create", "parent"), opt(RustType::I64));
}

#[test]
fn an_alternative_that_is_not_an_object_is_warned() {
    let api = resolve(&schemas(
        "
    U:
      oneOf:
        - $ref: '#/components/schemas/A'
        - $ref: '#/components/schemas/Code'
      discriminator:
        propertyName: kind
    A:
      type: object
      properties:
        kind: {type: string}
    Code: {type: integer}
",
    ));
    let found = repairs_found(&api);
    assert_eq!(
        found,
        [(
            "/components/schemas/U/oneOf/1",
            "alternative 1 (`Code`) is an integer, which has no `kind` property to select it"
        )]
    );
}

/// A required write-only property is required in requests only (OpenAPI 3.0.3,
/// `writeOnly`): the server never sends it, so it is optional, for answers to decode.
#[test]
fn a_required_write_only_property_is_optional() {
    use oapi_rust_codegen::ir::RustType;
    let api = resolve(&schemas(
        "
    Card:
      type: object
      required: [number, cvc]
      properties:
        number: {type: string}
        cvc: {type: string, writeOnly: true}
",
    ));
    let TypeKind::Struct { fields } = &def(&api, "Card").kind else {
        panic!()
    };
    let shape: Vec<(&str, &RustType, bool)> = fields
        .iter()
        .map(|f| (f.name.as_str(), &f.ty, f.required))
        .collect();
    assert_eq!(
        shape,
        [
            ("number", &RustType::String, true),
            ("cvc", &RustType::Option(Box::new(RustType::String)), false),
        ]
    );
    assert_eq!(
        fields[1].doc.as_deref(),
        Some("Write-only: required in requests, never sent back by the server.")
    );
}

/// Swagger's inheritance as vRNI and Azure write it: the base types its discriminator with
/// one enum of every tag (which its children inherit: it pins none of them), and children
/// extend children (each, at any depth, is an alternative, tagged by its schema name).
#[test]
fn inherited_tag_enums_pin_nothing_and_grandchildren_are_alternatives() {
    let api = resolve(&schemas(
        "
    EntityType: {type: string, enum: [Host, VirtualMachine, EC2Instance]}
    BaseEntity:
      type: object
      discriminator: {propertyName: entity_type}
      required: [entity_type]
      properties:
        entity_type: {$ref: '#/components/schemas/EntityType'}
    Host:
      allOf: [{$ref: '#/components/schemas/BaseEntity'}, {properties: {cpus: {type: integer}}}]
    BaseVirtualMachine:
      allOf: [{$ref: '#/components/schemas/BaseEntity'}, {properties: {cpus: {type: integer}}}]
    VirtualMachine:
      allOf: [{$ref: '#/components/schemas/BaseVirtualMachine'}, {properties: {vcenter: {type: string}}}]
    EC2Instance:
      allOf: [{$ref: '#/components/schemas/BaseVirtualMachine'}, {properties: {vpc: {type: string}}}]
",
    ));
    assert!(api.repairs.is_empty(), "{:?}", api.repairs);
    assert_eq!(
        tags(&api, "BaseEntity"),
        pairs(&[
            ("Host", "Host"),
            ("BaseVirtualMachine", "BaseVirtualMachine"),
            ("VirtualMachine", "VirtualMachine"),
            ("EC2Instance", "Ec2Instance"),
        ])
    );
}

/// Azure's `x-ms-discriminator-value` names a child's tag (`Blob` for `BlobDataSet`).
#[test]
fn azure_discriminator_values_tag_children() {
    let api = resolve(&schemas(
        "
    DataSet:
      type: object
      discriminator: {propertyName: kind}
      required: [kind]
      properties:
        kind: {type: string}
    BlobDataSet:
      x-ms-discriminator-value: Blob
      allOf: [{$ref: '#/components/schemas/DataSet'}, {properties: {containerName: {type: string}}}]
    KustoDataSet:
      allOf: [{$ref: '#/components/schemas/DataSet'}, {properties: {cluster: {type: string}}}]
",
    ));
    assert!(api.repairs.is_empty(), "{:?}", api.repairs);
    assert_eq!(
        tags(&api, "DataSet"),
        pairs(&[("Blob", "BlobDataSet"), ("KustoDataSet", "KustoDataSet")])
    );
}

/// `allOf` parts that give a property a free-form object and a composite of objects: the
/// composite says more, and stays (either order).
#[test]
fn a_free_form_object_gives_way_to_a_composite_in_all_of() {
    use oapi_rust_codegen::ir::RustType;
    for (first, second) in [
        (
            "{type: object}",
            "{allOf: [{$ref: '#/components/schemas/S'}, {$ref: '#/components/schemas/P'}]}",
        ),
        (
            "{allOf: [{$ref: '#/components/schemas/S'}, {$ref: '#/components/schemas/P'}]}",
            "{type: object}",
        ),
    ] {
        let api = resolve(&schemas(&format!(
            "
    S: {{type: object, properties: {{self: {{type: string}}}}}}
    P: {{type: object, properties: {{next: {{type: string}}}}}}
    Page:
      allOf:
        - {{type: object, properties: {{links: {first}}}}}
        - {{type: object, properties: {{links: {second}}}}}
"
        )));
        let TypeKind::Struct { fields } = &def(&api, "Page").kind else {
            panic!()
        };
        let RustType::Option(links) = &fields[0].ty else {
            panic!("{:?}", fields[0].ty)
        };
        let RustType::Named(links) = links.as_ref() else {
            panic!("{links:?}")
        };
        let TypeKind::Struct { fields } = &def(&api, links).kind else {
            panic!("{links}")
        };
        let names: Vec<&str> = fields.iter().map(|f| f.api_name.as_str()).collect();
        assert_eq!(names, ["self", "next"], "{first} then {second}");
    }
}

/// A `oneOf` alternative that is a one-value string enum (utoipa's unit variant beside
/// struct ones) is named by its value.
#[test]
fn one_value_string_alternatives_are_named_by_their_value() {
    let api = resolve(&schemas(
        "
    RepairType:
      oneOf:
        - {type: string, enum: [tables]}
        - {type: string, enum: [blocks]}
        - type: object
          required: [scrub]
          properties:
            scrub: {type: string, enum: [start, pause]}
",
    ));
    let TypeKind::OneOf { variants, .. } = &def(&api, "RepairType").kind else {
        panic!()
    };
    let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Tables", "Blocks", "Scrub"]);
}

/// A component that is `allOf` of one schema written in place is that schema's type under
/// the component's name, not an alias of a `Name2`.
#[test]
fn all_of_one_inline_schema_is_the_component_itself() {
    let api = resolve(&schemas(
        "
    HostSummary:
      allOf:
        - type: object
          properties:
            shareType: {type: string, enum: [NFS, SMB]}
",
    ));
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["HostSummary", "HostSummaryShareType"]);
    assert!(matches!(
        def(&api, "HostSummary").kind,
        TypeKind::Struct { .. }
    ));
}

/// What the fixes of inheritance, `allOf` of one schema and write-only properties must not
/// touch (a review's cases): each shape below keeps its meaning.
#[test]
fn review_cases_keep_their_meaning() {
    use oapi_rust_codegen::ir::RustType;
    let api = resolve(&schemas(
        "
    NullableInner: {allOf: [{type: object, nullable: true, properties: {a: {type: string}}}]}
    Described:
      description: Outer doc.
      allOf: [{type: object, properties: {a: {type: string}}}]
    Pet:
      type: object
      discriminator: {propertyName: kind}
      required: [kind]
      properties: {kind: {type: string}}
    Dog:
      allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {kind: {type: string, enum: [dog]}}}]
    Cat:
      allOf: [{$ref: '#/components/schemas/Pet'}, {properties: {kind: {type: string, enum: [cat]}}}]
    Puppy:
      allOf: [{$ref: '#/components/schemas/Dog'}, {properties: {weeks: {type: integer}}}]
    Kind: {type: string, enum: [Host, Vm]}
    Named:
      type: object
      properties: {kind: {$ref: '#/components/schemas/Kind'}}
    Entity:
      discriminator: {propertyName: kind}
      allOf: [{$ref: '#/components/schemas/Named'}, {type: object, properties: {id: {type: string}}}]
    Host:
      allOf: [{$ref: '#/components/schemas/Entity'}, {properties: {cpus: {type: integer}}}]
    Vm:
      allOf: [{$ref: '#/components/schemas/Entity'}, {properties: {vcpus: {type: integer}}}]
    Cvc: {type: string, writeOnly: true}
    Card:
      type: object
      required: [cvc, pin]
      properties:
        cvc: {$ref: '#/components/schemas/Cvc'}
        pin: {type: string, writeOnly: true, nullable: true}
",
    ));
    assert!(api.repairs.is_empty(), "{:?}", api.repairs);
    // A nullable part, or a component with a description, keeps the alias.
    assert!(
        matches!(
            &def(&api, "NullableInner").kind,
            TypeKind::Alias(RustType::Option(_))
        ),
        "{:?}",
        def(&api, "NullableInner").kind
    );
    assert_eq!(def(&api, "Described").doc.as_deref(), Some("Outer doc."));
    // A grandchild that only repeats its parent's pinned tag is reached as the parent.
    assert_eq!(tags(&api, "Pet"), pairs(&[("dog", "Dog"), ("cat", "Cat")]));
    // A base that is `allOf` of the schema declaring the tag enum: that enum pins nothing.
    assert_eq!(
        tags(&api, "Entity"),
        pairs(&[("Host", "Host"), ("Vm", "Vm")])
    );
    // Write-only through `$ref`; a nullable one keeps `required` (sent as `null`).
    let TypeKind::Struct { fields } = &def(&api, "Card").kind else {
        panic!()
    };
    let shape: Vec<(&str, bool)> = fields
        .iter()
        .map(|f| (f.name.as_str(), f.required))
        .collect();
    assert_eq!(shape, [("cvc", false), ("pin", true)]);
    // A free-form object against a union of non-objects is still two types.
    let e = oapi_rust_codegen::resolve(
        schemas(
            "
    X:
      allOf:
        - {type: object, properties: {v: {type: object}}}
        - {type: object, properties: {v: {oneOf: [{type: string}, {type: integer}]}}}
",
        )
        .as_bytes(),
        &common::settings(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("two types"), "{e}");
}
