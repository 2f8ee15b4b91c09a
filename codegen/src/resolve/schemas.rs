//! Resolve for schemas: component and inline schemas -> named Rust types and `RustType`s.

use crate::error::{ErrorKind, Located, Pointer, Result};
use crate::ir::{
    Address, Constant, Discriminator, Field, OneOfVariant, RustType, TypeDef, TypeKind, Variant,
};
use crate::names::{pascal, shouty, snake, Scope};
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

/// The vendor extension that marks a property as holding a credential for a security scheme.
pub(crate) const CREDENTIAL_EXTENSION: &str = "x-rust-credential";

/// A property marked with [`CREDENTIAL_EXTENSION`], checked once the schemes are known.
#[derive(Debug, Clone)]
pub(crate) struct CredentialMark {
    pub type_name: String,
    pub field: String,
    pub ty: RustType,
    pub scheme: String,
    pub pointer: Pointer,
}

/// A borrowed schema or reference, whatever box the document model puts it in.
enum View<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

fn view<T: std::borrow::Borrow<Schema>>(s: &ReferenceOr<T>) -> View<'_> {
    match s {
        ReferenceOr::Reference { reference } => View::Ref(reference),
        ReferenceOr::Item(item) => View::Item(item.borrow()),
    }
}

/// One property of an object-like schema, with where it was written.
struct Property<'a> {
    api_name: &'a String,
    schema: &'a ReferenceOr<Box<Schema>>,
    ptr: Pointer,
}

/// The properties of an object-like schema (merged over `allOf`).
#[derive(Default)]
struct ObjectShape<'a> {
    properties: Vec<Property<'a>>,
    required: Vec<&'a String>,
    /// Where each of `required` is first written.
    required_at: Vec<Pointer>,
    /// `additionalProperties` beside the properties (a schema, or `true`), and where.
    additional: Option<(&'a AdditionalProperties, Pointer)>,
    /// An `allOf` part that is a union of objects (`oneOf`/`anyOf`, or a `$ref` to one),
    /// and where it is written: its properties sit beside the others (utoipa writes an
    /// enum flattened into a struct so).
    union: Option<(&'a ReferenceOr<Schema>, Pointer)>,
}

impl<'a> ObjectShape<'a> {
    fn add(
        &mut self,
        components: &'a openapiv3::Components,
        properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &'a [String],
        additional: Option<&'a AdditionalProperties>,
        ptr: &Pointer,
    ) -> Result<()> {
        for (api_name, schema) in properties {
            let prop = Property {
                api_name,
                schema,
                ptr: ptr.push("properties").push(api_name),
            };
            match self.properties.iter_mut().find(|p| p.api_name == api_name) {
                Some(existing) => {
                    if replaces(components, existing, &prop)? {
                        *existing = prop;
                    }
                }
                None => self.properties.push(prop),
            }
        }
        for (i, r) in required.iter().enumerate() {
            if !self.required.contains(&r) {
                self.required.push(r);
                self.required_at.push(ptr.push("required").push(i));
            }
        }
        match additional {
            Some(AdditionalProperties::Any(false)) | None => {}
            Some(a) => self.additional = Some((a, ptr.push("additionalProperties"))),
        }
        Ok(())
    }
}

/// Whether a later `allOf` part's `new` definition of a property takes the place of the
/// `existing` one: not when it says less (no type, or the same type without the enum), so
/// that no part erases another's constraint; a different type is a located error.
fn replaces(
    components: &openapiv3::Components,
    existing: &Property<'_>,
    new: &Property<'_>,
) -> Result<bool> {
    let (old_kind, old_enum) = constraint(components, existing.schema);
    let (new_kind, new_enum) = constraint(components, new.schema);
    Ok(match (old_kind, new_kind) {
        (_, None) => old_kind.is_none() && !old_enum,
        (None, Some(_)) => true,
        (Some(a), Some(b)) if a == b => new_enum || !old_enum,
        // An integer is a number: the narrower type stays.
        (Some("integer"), Some("number")) => false,
        (Some("number"), Some("integer")) => true,
        // A free-form object says less than a union or intersection (of objects, or the
        // value would fit neither): the composite stays (Train Travel's `links: {type:
        // object}` beside `links: {allOf: [Self, Pagination]}`).
        (Some("object"), Some("composite"))
            if free_form(components, existing.schema) && of_objects(components, new.schema) =>
        {
            true
        }
        (Some("composite"), Some("object"))
            if free_form(components, new.schema) && of_objects(components, existing.schema) =>
        {
            false
        }
        (Some(a), Some(b)) => {
            return Err(Located::new(
                ErrorKind::Invalid,
                &new.ptr,
                format!(
                    "`allOf` parts give property `{}` two types: `{a}` at {} and `{b}` here, which no value can be both",
                    new.api_name, existing.ptr
                ),
                "give the property the same type in every `allOf` part, or leave its schema out of the parts that only describe it",
            ))
        }
    })
}

/// The schema `schema` is, through a chain of `$ref`s into `components` (when given);
/// `None` when a reference points elsewhere or at nothing, or the chain loops.
pub(super) fn item_of<'s, T: std::borrow::Borrow<Schema>>(
    components: Option<&'s openapiv3::Components>,
    schema: &'s ReferenceOr<T>,
) -> Option<&'s Schema> {
    let mut reference = match view(schema) {
        View::Item(item) => return Some(item),
        View::Ref(r) => r,
    };
    // A chain longer than this is a loop.
    for _ in 0..32 {
        let key = reference.strip_prefix("#/components/schemas/")?;
        match components?.schemas.get(&crate::error::unescape(key))? {
            ReferenceOr::Item(item) => return Some(item),
            ReferenceOr::Reference { reference: next } => reference = next,
        }
    }
    None
}

/// Whether `schema` is an object of anything: no properties, and no schema for the others.
fn free_form<T: std::borrow::Borrow<Schema>>(
    components: &openapiv3::Components,
    schema: &ReferenceOr<T>,
) -> bool {
    let free = |additional: &Option<AdditionalProperties>| {
        matches!(additional, None | Some(AdditionalProperties::Any(true)))
    };
    match item_of(Some(components), schema).map(|s| &s.schema_kind) {
        Some(SchemaKind::Type(Type::Object(o))) => {
            o.properties.is_empty() && free(&o.additional_properties)
        }
        Some(SchemaKind::Any(a)) => {
            a.properties.is_empty()
                && free(&a.additional_properties)
                && a.all_of.is_empty()
                && a.one_of.is_empty()
                && a.any_of.is_empty()
        }
        _ => false,
    }
}

/// Whether every part or alternative of the composite `schema` is an object (or a
/// composite of objects).
fn of_objects<T: std::borrow::Borrow<Schema>>(
    components: &openapiv3::Components,
    schema: &ReferenceOr<T>,
) -> bool {
    fn parts(kind: &SchemaKind) -> Vec<&ReferenceOr<Schema>> {
        match kind {
            SchemaKind::AllOf { all_of: p }
            | SchemaKind::OneOf { one_of: p }
            | SchemaKind::AnyOf { any_of: p } => p.iter().collect(),
            SchemaKind::Any(a) => a.all_of.iter().chain(&a.one_of).chain(&a.any_of).collect(),
            _ => Vec::new(),
        }
    }
    let Some(item) = item_of(Some(components), schema) else {
        return false;
    };
    let parts = parts(&item.schema_kind);
    !parts.is_empty()
        && parts
            .iter()
            .all(|p| matches!(constraint(components, *p).0, Some("object" | "composite")))
}

/// A schema's JSON type, when it states one (through `$ref`s), and whether it lists an `enum`.
fn constraint<T: std::borrow::Borrow<Schema>>(
    components: &openapiv3::Components,
    schema: &ReferenceOr<T>,
) -> (Option<&'static str>, bool) {
    // A reference that leads nowhere, whatever it is, is a constraint of its own.
    let Some(item) = item_of(Some(components), schema) else {
        return (Some("$ref"), false);
    };
    match &item.schema_kind {
        SchemaKind::Type(Type::String(s)) => (Some("string"), !s.enumeration.is_empty()),
        SchemaKind::Type(Type::Integer(i)) => (Some("integer"), !i.enumeration.is_empty()),
        SchemaKind::Type(Type::Number(n)) => (Some("number"), !n.enumeration.is_empty()),
        SchemaKind::Type(Type::Boolean(b)) => (Some("boolean"), !b.enumeration.is_empty()),
        SchemaKind::Type(Type::Array(_)) => (Some("array"), false),
        SchemaKind::Type(Type::Object(_)) => (Some("object"), false),
        SchemaKind::Any(a) => {
            let kind = match a.typ.as_deref() {
                Some("string") => Some("string"),
                Some("integer") => Some("integer"),
                Some("number") => Some("number"),
                Some("boolean") => Some("boolean"),
                Some("array") => Some("array"),
                Some("object") => Some("object"),
                _ if !a.properties.is_empty() || a.additional_properties.is_some() => {
                    Some("object")
                }
                _ if a.items.is_some() => Some("array"),
                // A union or intersection constrains in its own ways: kept as written.
                _ if !a.all_of.is_empty() || !a.one_of.is_empty() || !a.any_of.is_empty() => {
                    Some("composite")
                }
                _ => None,
            };
            (kind, !a.enumeration.is_empty())
        }
        SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
            (Some("composite"), false)
        }
        SchemaKind::Not { .. } => (Some("not"), false),
    }
}

/// The JSON Schema types: a schema's `type` names one of them (`null` only as OpenAPI 3.1
/// writes it, which lowering has taken out, or as a 3.0 document misuses it: any value).
const TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "array", "object", "null",
];

/// Refuses a `type` that names no type (`type: strin`): read as "any value", it would drop
/// the type the document meant without a word.
fn known_type(item: &Schema, ptr: &Pointer) -> Result<()> {
    match &item.schema_kind {
        SchemaKind::Any(any) => match any.typ.as_deref() {
            Some(t) if !TYPES.contains(&t) => Err(Located::new(
                ErrorKind::Invalid,
                &ptr.push("type"),
                format!("`type: {t}` names no type: a schema's type is one of string, number, integer, boolean, array or object"),
                "correct the type's name",
            )),
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// The error for the `allOf` part at `part` (whose schema, `kind`, is at `at`: elsewhere when
/// the part is a `$ref`) that is no object: located at the part, naming what it is, with
/// the rewrite that says the same in a form the generator takes.
fn unmergeable(kind: &SchemaKind, part: &Pointer, at: &Pointer) -> Located {
    let union = match kind {
        SchemaKind::OneOf { .. } => Some("oneOf"),
        SchemaKind::AnyOf { .. } => Some("anyOf"),
        SchemaKind::Any(a) if !a.one_of.is_empty() => Some("oneOf"),
        SchemaKind::Any(a) if !a.any_of.is_empty() => Some("anyOf"),
        _ => None,
    };
    let what = match union {
        Some(keyword) => format!("a `{keyword}` union"),
        None => "not an object".to_owned(),
    };
    let whose = if part == at {
        String::new()
    } else {
        format!(" (the schema at {})", at.as_str())
    };
    let (message, help) = match union {
        Some(keyword) => (
            format!("this `allOf` part is {what}{whose}: the other parts' properties cannot be merged into each of its alternatives"),
            format!("write the union on the schema instead: `{keyword}` whose alternatives each are `allOf: [the alternative, the other parts]` (an overlay can do this in a document you do not own)"),
        ),
        None => (
            format!("this `allOf` part is {what}{whose}, so it cannot be merged into one object"),
            "make every `allOf` part an object schema (or a $ref to one)".to_owned(),
        ),
    };
    Located::new(ErrorKind::Unsupported, part, message, help)
}

/// How a schema turns into Rust.
enum Shape<'a> {
    /// Needs a declaration of its own.
    Declare(Declared<'a>),
    /// `allOf` with one part and nothing of its own: that part's type.
    Same(&'a ReferenceOr<Schema>, Pointer),
    /// Needs no declaration of its own.
    Plain,
}

/// The schemas that become a struct or an enum.
enum Declared<'a> {
    StringEnum(Vec<String>),
    Object(ObjectShape<'a>),
    OneOf {
        parts: Vec<Part<'a>>,
        discriminator: Option<&'a openapiv3::Discriminator>,
        ptr: Pointer,
    },
}

/// One alternative of a union: a schema of the document, or a component schema that extends
/// a base with a discriminator (Swagger's inheritance: `allOf: [$ref: Base, ...]`).
#[derive(Clone, Copy)]
enum Part<'a> {
    Written(&'a ReferenceOr<Schema>),
    Child(&'a str),
}

pub(crate) struct Schemas<'a> {
    components: &'a openapiv3::Components,
    /// Component schema key -> Rust type name.
    names: BTreeMap<String, String>,
    scope: Scope,
    /// Component keys -> the component schemas whose `allOf` lists it by `$ref`.
    direct_children: BTreeMap<String, Vec<&'a str>>,
    /// Component keys -> the component schemas that extend it at any depth, for bases with
    /// a discriminator (see [`descendants`]).
    children: BTreeMap<String, Vec<&'a str>>,
    /// Places where the document allows no payload that decodes (a union alternative no
    /// discriminator value reaches), warned about like repairs.
    pub warnings: Vec<crate::ir::Repair>,
    /// The types declared for schemas written in place, by the schema's pointer.
    declared: BTreeMap<String, String>,
    /// Names of the integer enums' constants, unique in the `types` module.
    constant_scope: Scope,
    types: BTreeMap<String, TypeDef>,
    pub credential_marks: Vec<CredentialMark>,
}

/// Type names the generated `types` module uses for itself.
const RESERVED_TYPE_NAMES: &[&str] = &["Redacted"];

impl<'a> Schemas<'a> {
    pub fn new(components: &'a openapiv3::Components) -> Self {
        // Claiming every component name first keeps them stable whatever inline types exist.
        let mut scope = Scope::with_reserved(RESERVED_TYPE_NAMES);
        let names = components
            .schemas
            .keys()
            .map(|key| (key.clone(), scope.claim(&pascal(key))))
            .collect();
        let direct_children = direct_children(components);
        Schemas {
            components,
            names,
            scope,
            constant_scope: Scope::default(),
            children: descendants(&direct_children),
            direct_children,
            declared: BTreeMap::new(),
            warnings: Vec::new(),
            types: BTreeMap::new(),
            credential_marks: Vec::new(),
        }
    }

    pub fn resolve_components(&mut self) -> Result<()> {
        let base = Pointer::root().push("components").push("schemas");
        for (key, schema) in &self.components.schemas {
            let name = self.names[key].clone();
            let ptr = base.push(key);
            match view(schema) {
                View::Ref(r) => {
                    let target = self.ref_type(r, &ptr)?;
                    self.insert(TypeDef::new(name, None, TypeKind::Alias(target)));
                }
                View::Item(item) => self.define(name, item, &ptr)?,
            }
        }
        Ok(())
    }

    /// Claims a fresh type name (for types the operations need, like response enums).
    pub fn claim_name(&mut self, base: &str) -> String {
        self.scope.claim(&pascal(base))
    }

    /// Adds a type made outside the schemas (a response enum).
    pub fn add(&mut self, def: TypeDef) {
        self.insert(def);
    }

    /// The Rust type for a schema used in place, hoisting it to a named type called after
    /// `context` when it needs a declaration of its own (objects, enums, unions).
    pub fn type_of<T: std::borrow::Borrow<Schema>>(
        &mut self,
        schema: &'a ReferenceOr<T>,
        ptr: &Pointer,
        context: &str,
    ) -> Result<RustType> {
        let item: &'a Schema = match view(schema) {
            View::Ref(r) => return self.ref_type(r, ptr),
            View::Item(item) => item,
        };
        known_type(item, ptr)?;
        let ty = match self.shape(item, ptr)? {
            Shape::Plain => self.plain_type(item, ptr, context)?,
            Shape::Same(part, part_ptr) => self.type_of(part, &part_ptr, context)?,
            // One node, one type: a schema written in place is declared once, however many
            // places reach it (an `allOf` part's properties, merged into every schema that
            // extends it).
            Shape::Declare(_) if self.declared.contains_key(ptr.as_str()) => {
                RustType::Named(self.declared[ptr.as_str()].clone())
            }
            Shape::Declare(declared) => {
                let name = self.scope.claim(&pascal(context));
                self.declared.insert(ptr.as_str().to_owned(), name.clone());
                self.declare(name.clone(), item, declared)?;
                RustType::Named(name)
            }
        };
        Ok(if item.schema_data.nullable {
            ty.option()
        } else {
            ty
        })
    }

    /// [`Self::type_of`] for a schema inside a component of another section
    /// (`components/responses/NotFound`, `components/requestBodies/Pet`): named after the
    /// component, and one type for every operation that uses it.
    pub fn type_of_in_component<T: std::borrow::Borrow<Schema>>(
        &mut self,
        schema: &'a ReferenceOr<T>,
        ptr: &Pointer,
        context: &str,
    ) -> Result<RustType> {
        let component = ptr
            .as_str()
            .strip_prefix("/components/")
            .and_then(|rest| rest.split('/').nth(1))
            .map(crate::error::unescape);
        // The first place to reach the component names its type; the others get the same
        // type (one schema node, one type: see `declared`).
        self.type_of(schema, ptr, component.as_deref().unwrap_or(context))
    }

    fn ref_type(&self, reference: &str, ptr: &Pointer) -> Result<RustType> {
        let key = self.ref_key(reference, ptr)?;
        let ty = RustType::Named(self.names[&key].clone());
        // A nullable object or enum cannot fold `null` into its own type: the reference can.
        let nullable_declared = match &self.components.schemas[&key] {
            ReferenceOr::Item(item) => {
                item.schema_data.nullable && matches!(self.shape(item, ptr), Ok(Shape::Declare(_)))
            }
            ReferenceOr::Reference { .. } => false,
        };
        Ok(if nullable_declared { ty.option() } else { ty })
    }

    /// The component key a schema `$ref` names, checked to exist.
    fn ref_key(&self, reference: &str, ptr: &Pointer) -> Result<String> {
        let Some(key) = reference.strip_prefix("#/components/schemas/") else {
            return Err(Located::new(
                ErrorKind::Reference,
                ptr,
                format!("`$ref: {reference}` does not point into #/components/schemas"),
                "move the schema under components/schemas and refer to it as #/components/schemas/<Name> (references to other files are not followed)",
            ));
        };
        let key = crate::error::unescape(key);
        if self.names.contains_key(&key) {
            Ok(key)
        } else {
            Err(Located::new(
                ErrorKind::Reference,
                ptr,
                format!("`$ref: {reference}` points to nothing: there is no schema `{key}` under components/schemas"),
                format!("define `{key}` under components/schemas, or correct the reference"),
            ))
        }
    }

    fn shape(&self, item: &'a Schema, ptr: &Pointer) -> Result<Shape<'a>> {
        if let Some(values) = string_enum(item) {
            return Ok(Shape::Declare(Declared::StringEnum(values)));
        }
        // A base schema whose discriminator names the schemas that extend it (Swagger's
        // inheritance): a value of it is one of them.
        let union = match &item.schema_kind {
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
            SchemaKind::Any(a) => {
                !alternatives(&a.one_of).is_empty() || !alternatives(&a.any_of).is_empty()
            }
            _ => false,
        };
        if let (Some(d), false) = (&item.schema_data.discriminator, union) {
            if let Some(children) = self.children_of(item) {
                return Ok(Shape::Declare(Declared::OneOf {
                    parts: children.iter().map(|c| Part::Child(c)).collect(),
                    discriminator: Some(d),
                    ptr: ptr.clone(),
                }));
            }
        }
        let (all_of, one_of, any_of, own) = match &item.schema_kind {
            SchemaKind::AllOf { all_of } => (&all_of[..], &[][..], &[][..], None),
            SchemaKind::OneOf { one_of } => (&[][..], &one_of[..], &[][..], None),
            SchemaKind::AnyOf { any_of } => (&[][..], &[][..], &any_of[..], None),
            SchemaKind::Any(a) => (
                &a.all_of[..],
                alternatives(&a.one_of),
                alternatives(&a.any_of),
                Some((
                    &a.properties,
                    &a.required[..],
                    a.additional_properties.as_ref(),
                )),
            ),
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                let mut shape = ObjectShape::default();
                shape.add(
                    self.components,
                    &o.properties,
                    &o.required,
                    o.additional_properties.as_ref(),
                    ptr,
                )?;
                return Ok(Shape::Declare(Declared::Object(shape)));
            }
            _ => return Ok(Shape::Plain),
        };
        let has_own = own.is_some_and(|(p, _, _)| !p.is_empty());
        if !one_of.is_empty() || !any_of.is_empty() {
            let (parts, key) = if one_of.is_empty() {
                (any_of, "anyOf")
            } else {
                (one_of, "oneOf")
            };
            return Ok(Shape::Declare(Declared::OneOf {
                parts: parts.iter().map(Part::Written).collect(),
                discriminator: item.schema_data.discriminator.as_ref(),
                ptr: ptr.push(key),
            }));
        }

        if !all_of.is_empty() {
            if all_of.len() == 1 && !has_own {
                return Ok(Shape::Same(&all_of[0], ptr.push("allOf").push(0)));
            }
            let mut shape = ObjectShape::default();
            self.merge_all_of(all_of, &ptr.push("allOf"), &mut shape, 0)?;
            if let Some((props, required, additional)) = own {
                shape.add(self.components, props, required, additional, ptr)?;
            }
            return Ok(Shape::Declare(Declared::Object(shape)));
        }
        if has_own {
            let mut shape = ObjectShape::default();
            if let Some((props, required, additional)) = own {
                shape.add(self.components, props, required, additional, ptr)?;
            }
            return Ok(Shape::Declare(Declared::Object(shape)));
        }
        Ok(Shape::Plain)
    }

    /// The component schemas that extend `item` (a component schema) through `allOf`.
    fn children_of(&self, item: &Schema) -> Option<&Vec<&'a str>> {
        let key = self.components.schemas.iter().find_map(|(k, s)| match s {
            ReferenceOr::Item(s) if std::ptr::eq(s, item) => Some(k),
            _ => None,
        })?;
        self.children.get(key).filter(|c| !c.is_empty())
    }

    /// The values a union alternative allows for the discriminator `property`: those of a
    /// string `enum` on the property (`kind: {enum: [terms]}`), merged over `allOf`.
    fn pinned_values(&self, part: &'a ReferenceOr<Schema>, property: &str) -> Option<Vec<String>> {
        self.pinned_values_from(part, property, 0)
    }

    fn pinned_values_from(
        &self,
        part: &'a ReferenceOr<Schema>,
        property: &str,
        depth: usize,
    ) -> Option<Vec<String>> {
        let (item, at) = super::deref(
            part,
            &Pointer::root(),
            "schemas",
            Some(&self.components.schemas),
        )
        .ok()?;
        let shape = match self.shape(item, &at) {
            Ok(Shape::Declare(Declared::Object(shape))) => shape,
            // `allOf` of one part: that part's values (a loop of these is a located error
            // elsewhere; here it only stops).
            Ok(Shape::Same(part, _)) if depth < 32 => {
                return self.pinned_values_from(part, property, depth + 1)
            }
            _ => return None,
        };
        let prop = shape.properties.iter().find(|p| p.api_name == property)?;
        match view(prop.schema) {
            View::Item(schema) => string_enum(schema),
            View::Ref(r) => {
                let key = self.ref_key(r, &prop.ptr).ok()?;
                let (schema, _) = super::deref(
                    &self.components.schemas[&key],
                    &prop.ptr,
                    "schemas",
                    Some(&self.components.schemas),
                )
                .ok()?;
                string_enum(schema)
            }
        }
    }

    /// The values `item`'s own property `property` allows (a string `enum`, written there
    /// or by `$ref`): what a base of children declares for its discriminator.
    fn own_pinned_values(&self, item: &'a Schema, property: &str) -> Option<Vec<String>> {
        self.own_pinned_values_from(item, property, 0)
    }

    /// The enum of every tag the base at `ptr` itself gives its discriminator `property`
    /// (which its children inherit, so it names none of them).
    fn base_tags(&self, ptr: &Pointer, property: &str) -> Option<Vec<String>> {
        let base = component_key(ptr)?;
        self.own_pinned_values(self.components.schemas.get(&base)?.as_item()?, property)
    }

    /// `parts` without the descendants that are not the base's own children and only repeat
    /// tags an earlier alternative pins (`Puppy` extends `Dog`, whose `kind` is `dog`): a
    /// payload of those tags is that alternative, and no payload would reach them.
    fn without_inherited_tags(
        &self,
        parts: &[Part<'a>],
        discriminator: Option<&openapiv3::Discriminator>,
        ptr: &Pointer,
    ) -> Vec<Part<'a>> {
        let (Some(d), Some(Part::Child(_))) = (discriminator, parts.first()) else {
            return parts.to_vec();
        };
        let own_children = component_key(ptr).and_then(|base| self.direct_children.get(&base));
        let inherited = self.base_tags(ptr, &d.property_name);
        let mut pinned: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for part in parts {
            let Part::Child(key) = part else {
                out.push(*part);
                continue;
            };
            let schema = &self.components.schemas[*key];
            let direct = own_children.is_some_and(|c| c.contains(key));
            let pins = self
                .pinned_values(schema, &d.property_name)
                .filter(|p| Some(p) != inherited.as_ref());
            if let Some(pins) = pins {
                if !direct && pins.iter().all(|v| pinned.contains(v)) {
                    continue;
                }
                pinned.extend(pins);
            }
            out.push(*part);
        }
        out
    }

    /// [`Self::own_pinned_values`], also through the `allOf` parts `item` extends (a base
    /// that is itself `allOf` of a schema declaring the property).
    fn own_pinned_values_from(
        &self,
        item: &'a Schema,
        property: &str,
        depth: usize,
    ) -> Option<Vec<String>> {
        if let Some(prop) = object_type(item).and_then(|o| o.properties.get(property)) {
            return string_enum(item_of(Some(self.components), prop)?);
        }
        if depth > 32 {
            return None;
        }
        all_of_parts(item).iter().find_map(|part| {
            self.own_pinned_values_from(item_of(Some(self.components), part)?, property, depth + 1)
        })
    }

    fn merge_all_of(
        &self,
        parts: &'a [ReferenceOr<Schema>],
        ptr: &Pointer,
        shape: &mut ObjectShape<'a>,
        depth: usize,
    ) -> Result<()> {
        if depth > 32 {
            return Err(Located::new(
                ErrorKind::Invalid,
                ptr,
                "this `allOf` includes itself",
                "break the cycle: a schema cannot be one of its own `allOf` parts",
            ));
        }
        for (i, part) in parts.iter().enumerate() {
            let (item, at) = super::deref(
                part,
                &ptr.push(i),
                "schemas",
                Some(&self.components.schemas),
            )?;
            match &item.schema_kind {
                SchemaKind::Type(Type::Object(o)) => shape.add(
                    self.components,
                    &o.properties,
                    &o.required,
                    o.additional_properties.as_ref(),
                    &at,
                )?,
                SchemaKind::AllOf { all_of } => {
                    self.merge_all_of(all_of, &at.push("allOf"), shape, depth + 1)?
                }
                SchemaKind::Any(a)
                    if alternatives(&a.one_of).is_empty() && alternatives(&a.any_of).is_empty() =>
                {
                    self.merge_all_of(&a.all_of, &at.push("allOf"), shape, depth + 1)?;
                    shape.add(
                        self.components,
                        &a.properties,
                        &a.required,
                        a.additional_properties.as_ref(),
                        &at,
                    )?;
                }
                kind if shape.union.is_none() && self.union_of_objects(kind) => {
                    shape.union = Some((part, ptr.push(i)));
                }
                other => return Err(unmergeable(other, &ptr.push(i), &at)),
            }
        }
        Ok(())
    }

    /// Whether `kind` is a union (`oneOf`/`anyOf` and nothing else) whose every alternative
    /// is an object: its value's properties can sit beside an object's own.
    fn union_of_objects(&self, kind: &'a SchemaKind) -> bool {
        let alternatives = match kind {
            SchemaKind::OneOf { one_of } => one_of,
            SchemaKind::AnyOf { any_of } => any_of,
            SchemaKind::Any(a)
                if a.properties.is_empty()
                    && a.additional_properties.is_none()
                    && a.all_of.is_empty()
                    && (a.one_of.is_empty() != a.any_of.is_empty()) =>
            {
                if a.one_of.is_empty() {
                    &a.any_of
                } else {
                    &a.one_of
                }
            }
            _ => return false,
        };
        !alternatives.is_empty()
            && alternatives
                .iter()
                .all(|a| constraint(self.components, a).0 == Some("object"))
    }

    fn define(&mut self, name: String, item: &'a Schema, ptr: &Pointer) -> Result<()> {
        let ty = match self.shape(item, ptr)? {
            Shape::Declare(declared) => return self.declare(name, item, declared),
            Shape::Plain => self.plain_type(item, ptr, &name)?,
            // `allOf` of one schema written in place (Rubrik's summaries): that schema is
            // the component's own type, under its name, rather than an alias of a `Name2`.
            Shape::Same(part, part_ptr) => {
                if let ReferenceOr::Item(inner) = part {
                    // Only when the component says nothing of its own the part would lose
                    // (a description, `deprecated`, `nullable`), and the part is no alias.
                    let plain = item.schema_data.description.is_none()
                        && !item.schema_data.deprecated
                        && !item.schema_data.nullable
                        && !inner.schema_data.nullable;
                    if plain && !self.declared.contains_key(part_ptr.as_str()) {
                        if let Shape::Declare(declared) = self.shape(inner, &part_ptr)? {
                            self.declared
                                .insert(part_ptr.as_str().to_owned(), name.clone());
                            return self.declare(name, inner, declared);
                        }
                    }
                }
                self.type_of(part, &part_ptr, &name)?
            }
        };
        let ty = if item.schema_data.nullable {
            ty.option()
        } else {
            ty
        };
        let mut def = TypeDef::new(name.clone(), plain_doc(item), TypeKind::Alias(ty.clone()));
        def.deprecated = item.schema_data.deprecated;
        if matches!(ty, RustType::I32 | RustType::I64) {
            def.constants = integer_names(item)
                .into_iter()
                .map(|(value, api_name)| Constant {
                    name: self
                        .constant_scope
                        .claim(&shouty(&format!("{name} {api_name}"))),
                    api_name,
                    value,
                })
                .collect();
        }
        self.insert(def);
        Ok(())
    }

    fn declare(&mut self, name: String, item: &'a Schema, declared: Declared<'a>) -> Result<()> {
        let kind = match declared {
            Declared::StringEnum(values) => {
                let variants = enum_variants(&values);
                let mut scope = Scope::default();
                for v in &variants {
                    scope.claim(&v.name);
                }
                TypeKind::StringEnum {
                    variants,
                    catch_all: scope.claim("Unknown"),
                }
            }
            Declared::Object(shape) => {
                // `type: integer` beside `properties` (Open Assistants' bodies): the
                // properties say what the value is.
                if let SchemaKind::Any(a) = &item.schema_kind {
                    let own = shape
                        .properties
                        .iter()
                        .find(|p| a.properties.contains_key(p.api_name.as_str()));
                    if let (Some(typ), Some(own)) = (a.typ.as_deref(), own) {
                        if typ != "object" {
                            self.warnings.push(crate::ir::Repair {
                                pointer: own.ptr.parent().parent().push("type").to_string(),
                                found: format!("`type: {typ}` beside `properties`"),
                                assumed: "an object of those properties".to_owned(),
                                fix: "write `type: object`, or remove the properties".to_owned(),
                            });
                        }
                    }
                }
                TypeKind::Struct {
                    fields: self.fields(&name, &shape)?,
                }
            }
            Declared::OneOf {
                parts,
                discriminator,
                ptr,
            } => {
                let docs = item
                    .schema_data
                    .extensions
                    .get(crate::lower::v31::VARIANT_DOCS);
                self.one_of(&name, &parts, discriminator, &ptr, docs)?
            }
        };
        let mut def = TypeDef::new(name, item.schema_data.description.clone(), kind);
        def.deprecated = item.schema_data.deprecated;
        self.insert(def);
        Ok(())
    }

    fn one_of(
        &mut self,
        name: &str,
        parts: &[Part<'a>],
        discriminator: Option<&'a openapiv3::Discriminator>,
        ptr: &Pointer,
        docs: Option<&serde_json::Value>,
    ) -> Result<TypeKind> {
        let parts = &self.without_inherited_tags(parts, discriminator, ptr)[..];
        let mut scope = Scope::default();
        let mut variants = Vec::new();
        // Component key of each variant that is a `$ref` (or a child), for the discriminator.
        let mut keys = Vec::new();
        // Each variant's schema, for the values it pins the discriminator to, and where it is.
        let mut schemas = Vec::new();
        let mut pointers = Vec::new();
        let words = alternative_words(parts, self.components);
        for (i, part) in parts.iter().enumerate() {
            let part_ptr = match part {
                Part::Written(_) => ptr.push(i),
                Part::Child(key) => Pointer::root().push("components").push("schemas").push(key),
            };
            pointers.push(part_ptr.clone());
            let (ty, key, schema) = match *part {
                Part::Written(part) => (
                    self.type_of(
                        part,
                        &part_ptr,
                        &format!(
                            "{name}{}",
                            words[i].as_deref().unwrap_or(&format!("Variant{i}"))
                        ),
                    )?,
                    match part {
                        ReferenceOr::Reference { reference } => {
                            Some(self.ref_key(reference, &part_ptr)?)
                        }
                        ReferenceOr::Item(_) => None,
                    },
                    part,
                ),
                Part::Child(key) => (
                    RustType::Named(self.names[key].clone()),
                    Some(key.to_owned()),
                    &self.components.schemas[key],
                ),
            };
            keys.push(key);
            schemas.push(schema);
            // The description written beside the alternative's `$ref` (3.1, kept by
            // lowering), else an inline alternative's own.
            let doc = match part {
                Part::Written(part) => docs
                    .and_then(|d| d.get(i.to_string()))
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_owned)
                    .or_else(|| match part {
                        ReferenceOr::Item(schema) => plain_doc(schema),
                        ReferenceOr::Reference { .. } => None,
                    }),
                Part::Child(_) => None,
            };
            // An inline alternative's type is named after the union: its variant, by the
            // word alone (`Alias::GlobalAlias(AliasGlobalAlias)`); one of a type of Rust's
            // (`String`), by its word if it has one.
            let variant = match (part, &ty) {
                (Part::Written(ReferenceOr::Item(_)), RustType::Named(n)) => n
                    .strip_prefix(name)
                    .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
                    .map_or_else(|| variant_name(&ty), str::to_owned),
                (Part::Written(ReferenceOr::Item(_)), _) => {
                    words[i].clone().unwrap_or_else(|| variant_name(&ty))
                }
                _ => variant_name(&ty),
            };
            variants.push(OneOfVariant {
                name: scope.claim(&variant),
                ty,
                doc,
            });
        }
        let discriminator = match discriminator {
            None => None,
            Some(d) => {
                let d_ptr = match parts.first() {
                    Some(Part::Child(_)) => ptr.push("discriminator"),
                    _ => ptr.parent().push("discriminator"),
                };
                let property = &d.property_name;
                // Children that inherit the base's own enum of every tag (vRNI's
                // `entity_type: {$ref: EntityType}`) pin nothing: their schema name is
                // their value, as Swagger 2.0 says.
                let inherited = match parts.first() {
                    Some(Part::Child(_)) => self.base_tags(ptr, property),
                    _ => None,
                };
                let pins: Vec<Option<Vec<String>>> = schemas
                    .iter()
                    .map(|s| self.pinned_values(s, property))
                    .map(|p| p.filter(|p| Some(p) != inherited.as_ref()))
                    .collect();
                let mut mapping: Vec<(String, usize)> = Vec::new();
                for (value, target) in &d.mapping {
                    let key = target
                        .strip_prefix("#/components/schemas/")
                        .unwrap_or(target);
                    let Some(i) = keys.iter().position(|k| k.as_deref() == Some(key)) else {
                        return Err(Located::new(
                            ErrorKind::Reference,
                            &d_ptr.push("mapping").push(value),
                            format!("discriminator value `{value}` maps to `{target}`, which is not one of the alternatives"),
                            "map each value to a $ref that is listed in oneOf/anyOf",
                        ));
                    };
                    if let Some(pinned) = pins[i].as_ref().filter(|p| !p.contains(value)) {
                        self.warnings.push(crate::ir::Repair {
                            pointer: d_ptr.push("mapping").push(value).to_string(),
                            found: format!(
                                "discriminator value `{value}` maps to `{key}`, whose `{property}` allows only {}: no payload both reaches it and is one",
                                quoted(pinned)
                            ),
                            assumed: format!("a payload whose `{property}` is `{value}` decodes as `{key}`"),
                            fix: format!("make the mapping and `{key}`'s `{property}` enum agree"),
                        });
                    }
                    mapping.push((value.clone(), i));
                }
                // Alternatives the mapping does not name: the values they pin the property
                // to, else their schema name.
                for i in 0..parts.len() {
                    if mapping.iter().any(|(_, j)| *j == i) {
                        continue;
                    }
                    // Azure's documents name a child's tag with `x-ms-discriminator-value`
                    // (`Blob` for `BlobDataSet`).
                    let named = schemas[i]
                        .as_item()
                        .and_then(|s| s.schema_data.extensions.get("x-ms-discriminator-value"))
                        .and_then(serde_json::Value::as_str);
                    let values = match (&pins[i], named, &keys[i]) {
                        (Some(pinned), _, _) => pinned.clone(),
                        (None, Some(named), _) => vec![named.to_owned()],
                        (None, None, Some(key)) => vec![key.clone()],
                        (None, None, None) => Vec::new(),
                    };
                    let mut reached = false;
                    for value in values {
                        if mapping.iter().any(|(v, _)| *v == value) {
                            continue;
                        }
                        mapping.push((value, i));
                        reached = true;
                    }
                    let (kind, _) = constraint(self.components, schemas[i]);
                    if let Some(kind @ ("string" | "integer" | "number" | "boolean" | "array")) =
                        kind
                    {
                        self.warnings.push(crate::ir::Repair {
                            pointer: pointers[i].to_string(),
                            found: format!(
                                "alternative {i} (`{}`) is a{} {kind}, which has no `{property}` property to select it",
                                variants[i].name,
                                if kind == "integer" || kind == "array" { "n" } else { "" },
                            ),
                            assumed: "no payload decodes as it".to_owned(),
                            fix: "make every alternative of a union with a discriminator an object schema"
                                .to_owned(),
                        });
                    } else if !reached {
                        let what = match &pins[i] {
                            Some(p) => format!(
                                "its `{property}` values ({}) already name another alternative",
                                quoted(p)
                            ),
                            None => format!("it is written inline and pins no `{property}` value"),
                        };
                        self.warnings.push(crate::ir::Repair {
                            pointer: pointers[i].to_string(),
                            found: format!("no `{property}` value selects alternative {i} (`{}`): {what}", variants[i].name),
                            assumed: "no payload decodes as it".to_owned(),
                            fix: format!("give the alternative a `{property}` enum of its own value, or map one to it under discriminator.mapping"),
                        });
                    }
                }
                Some(Discriminator {
                    property: property.clone(),
                    mapping,
                })
            }
        };
        Ok(TypeKind::OneOf {
            variants,
            discriminator,
        })
    }

    fn insert(&mut self, def: TypeDef) {
        self.types.insert(def.name.clone(), def);
    }

    fn fields(&mut self, owner: &str, shape: &ObjectShape<'a>) -> Result<Vec<Field>> {
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for prop in &shape.properties {
            let api_name = prop.api_name;
            let context = format!("{owner}{}", pascal(api_name));
            let ty = self.type_of(prop.schema, &prop.ptr, &context)?;
            let nullable = matches!(ty, RustType::Option(_));
            let required = shape.required.contains(&api_name);
            let ty = if required { ty } else { ty.option() };
            let name = scope.claim(&snake(api_name));
            let address = match view(prop.schema) {
                View::Item(s) => match &s.schema_kind {
                    SchemaKind::Type(Type::String(st)) => match &st.format {
                        VariantOrUnknownOrEmpty::Unknown(f) if f == "ipv4" => Some(Address::Ipv4),
                        VariantOrUnknownOrEmpty::Unknown(f) if f == "ipv6" => Some(Address::Ipv6),
                        _ => None,
                    },
                    _ => None,
                },
                View::Ref(_) => None,
            };
            let (doc, deprecated, secret, read_only) = match view(prop.schema) {
                View::Item(s) => {
                    if let Some(scheme) = s.schema_data.extensions.get(CREDENTIAL_EXTENSION) {
                        self.credential_marks.push(CredentialMark {
                            type_name: owner.to_owned(),
                            field: name.clone(),
                            ty: ty.clone(),
                            scheme: scheme.as_str().unwrap_or_default().to_owned(),
                            pointer: prop.ptr.push(CREDENTIAL_EXTENSION),
                        });
                    }
                    (
                        plain_doc(s),
                        s.schema_data.deprecated,
                        is_secret_item(s),
                        s.schema_data.read_only,
                    )
                }
                View::Ref(_) => (None, false, false, false),
            };
            // A required write-only property is required in requests only (OpenAPI 3.0.3,
            // Schema Object, `writeOnly`): a server never sends it, so an answer without it
            // must decode. It is optional, and its doc says to set it.
            let write_only = item_of(Some(self.components), prop.schema)
                .is_some_and(|s| s.schema_data.write_only);
            // A nullable one is an `Option` already, sent as `null` when unset: kept so.
            let (ty, required, doc) = if write_only && required && !nullable {
                let note = "Write-only: required in requests, never sent back by the server.";
                let doc = Some(match doc {
                    Some(d) if !d.trim().is_empty() => format!("{d}\n\n{note}"),
                    _ => note.to_owned(),
                });
                (ty.option(), false, doc)
            } else {
                (ty, required, doc)
            };
            fields.push(Field {
                name,
                api_name: api_name.clone(),
                doc,
                ty,
                required,
                nullable,
                secret,
                read_only,
                deprecated,
                address,
                flatten: false,
            });
        }
        // A required property no property declares: nothing of the object's keeps it (no
        // `additionalProperties` map, no union part that may declare it).
        if shape.additional.is_none() && shape.union.is_none() {
            for (name, at) in shape.required.iter().zip(&shape.required_at) {
                if shape.properties.iter().all(|p| p.api_name != *name) {
                    self.warnings.push(crate::ir::Repair {
                        pointer: at.to_string(),
                        found: format!("`required` names `{name}`, which no property of the object declares"),
                        assumed: format!("`{name}` is not one of `{owner}`'s fields: its value is not kept when decoded, and never sent"),
                        fix: format!("declare `{name}` under `properties` (`{{}}` for any value), or remove it from `required`"),
                    });
                }
            }
        }
        if let Some((additional, ptr)) = &shape.additional {
            let value = match additional {
                AdditionalProperties::Schema(s) => {
                    self.type_of(s.as_ref(), ptr, &format!("{owner}AdditionalProperty"))?
                }
                AdditionalProperties::Any(_) => RustType::Json,
            };
            fields.push(Field {
                name: scope.claim("additional_properties"),
                api_name: String::new(),
                doc: Some(
                    "The object's other properties (`additionalProperties`): kept when decoded, sent as entries of the object."
                        .to_owned(),
                ),
                ty: RustType::Map(Box::new(value)),
                required: false,
                nullable: false,
                secret: false,
                read_only: false,
                deprecated: false,
                address: None,
                flatten: true,
            });
        }
        if let Some((part, ptr)) = &shape.union {
            if let Some((_, additional)) = &shape.additional {
                return Err(Located::new(
                    ErrorKind::Unsupported,
                    ptr,
                    format!("an `allOf` part that is a union, beside `additionalProperties` (at {}): the object's other properties could belong to either", additional.as_str()),
                    "describe the other properties in the union's alternatives, or drop `additionalProperties`",
                ));
            }
            let ty = self.type_of(part, ptr, &format!("{owner}Alternative"))?;
            let (base, union) = match &ty {
                RustType::Named(name) => (snake(name), format!("`{name}`")),
                _ => ("alternative".to_owned(), "the union".to_owned()),
            };
            fields.push(Field {
                name: scope.claim(&base),
                api_name: String::new(),
                doc: Some(format!(
                    "Which alternative of {union} this object also is (an `allOf` part): its properties sit beside the object's own in the JSON."
                )),
                ty,
                required: true,
                nullable: false,
                secret: false,
                read_only: false,
                deprecated: false,
                address: None,
                flatten: true,
            });
        }
        Ok(fields)
    }

    /// Types that need no declaration of their own.
    fn plain_type(&mut self, item: &'a Schema, ptr: &Pointer, context: &str) -> Result<RustType> {
        Ok(match &item.schema_kind {
            // Formats (date-time, uuid, byte, binary, ...) stay the text that was sent.
            SchemaKind::Type(Type::String(_)) => RustType::String,
            SchemaKind::Type(Type::Boolean(_)) => RustType::Bool,
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => RustType::I32,
                _ => RustType::I64,
            },
            SchemaKind::Type(Type::Number(n)) => match &n.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => RustType::F32,
                _ => RustType::F64,
            },
            SchemaKind::Type(Type::Array(a))
                if item
                    .schema_data
                    .extensions
                    .contains_key(crate::lower::v31::TUPLE) =>
            {
                self.tuple(a.items.as_ref(), ptr, context)?
            }
            SchemaKind::Type(Type::Array(a)) => {
                let items = match &a.items {
                    Some(items) => {
                        self.type_of(items, &ptr.push("items"), &format!("{context}Item"))?
                    }
                    None => RustType::Json,
                };
                RustType::Vec(Box::new(items))
            }
            SchemaKind::Type(Type::Object(o)) => {
                self.map_type(o.additional_properties.as_ref(), ptr, context)?
            }
            SchemaKind::Any(any) => match (&any.typ, &any.items) {
                (_, Some(items)) => {
                    let items =
                        self.type_of(items, &ptr.push("items"), &format!("{context}Item"))?;
                    RustType::Vec(Box::new(items))
                }
                _ if any.additional_properties.is_some() => {
                    self.map_type(any.additional_properties.as_ref(), ptr, context)?
                }
                (Some(t), None) if t == "string" => RustType::String,
                (Some(t), None) if t == "integer" => RustType::I64,
                (Some(t), None) if t == "number" => RustType::F64,
                (Some(t), None) if t == "boolean" => RustType::Bool,
                _ => RustType::Json,
            },
            SchemaKind::Not { .. } => {
                return Err(Located::new(
                    ErrorKind::Unsupported,
                    ptr,
                    "`not` schemas have no Rust type",
                    "remove the `not` constraint or replace the schema with the type it allows",
                ))
            }
            SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                RustType::Json
            }
        })
    }

    /// A tuple lowered from `prefixItems` (see `lower::v31`): `items` is an `anyOf` of the
    /// tuple's items, in order.
    fn tuple(
        &mut self,
        items: Option<&'a ReferenceOr<Box<Schema>>>,
        ptr: &Pointer,
        context: &str,
    ) -> Result<RustType> {
        let ptr = ptr.push("items");
        let parts = match items {
            Some(ReferenceOr::Item(items)) => match &items.schema_kind {
                SchemaKind::AnyOf { any_of } => Some(any_of),
                SchemaKind::Any(a) if !a.any_of.is_empty() => Some(&a.any_of),
                _ => None,
            },
            _ => None,
        };
        let Some(parts) = parts else {
            return Err(Located::new(
                ErrorKind::Invalid,
                &ptr,
                "a tuple whose items are not a list of schemas",
                "write `prefixItems` as a list of schemas, one per position",
            ));
        };
        let ptr = ptr.push("anyOf");
        let mut types = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            types.push(self.type_of(part, &ptr.push(i), &format!("{context}Item{i}"))?);
        }
        Ok(RustType::Tuple(types))
    }

    fn map_type(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        ptr: &Pointer,
        context: &str,
    ) -> Result<RustType> {
        let value = match additional {
            Some(AdditionalProperties::Schema(s)) => self.type_of(
                s.as_ref(),
                &ptr.push("additionalProperties"),
                &format!("{context}Value"),
            )?,
            _ => RustType::Json,
        };
        Ok(RustType::Map(Box::new(value)))
    }

    /// The named types, sorted, with recursion boxed and derived facts filled in.
    pub fn finish(self) -> Result<Vec<TypeDef>> {
        let mut types = self.types;
        if let Err(name) = super::facts::alias_cycles_to_newtypes(&mut types) {
            let key = self
                .names
                .iter()
                .find(|(_, n)| **n == name)
                .map(|(k, _)| k.clone())
                .unwrap_or(name);
            return Err(Located::new(
                ErrorKind::Invalid,
                &Pointer::root().push("components").push("schemas").push(&key),
                format!("schema `{key}` is defined only as itself, through a chain of $refs"),
                "give the schema a type of its own (an object, an array, ...) somewhere in the chain",
            ));
        }
        super::facts::box_recursion(&mut types);
        super::facts::fill_facts(&mut types);
        Ok(types.into_values().collect())
    }
}

/// The values of an integer enum with the names the document gives them
/// (`x-enum-varnames`, or `x-enumNames`), in order; none when it names none.
fn integer_names(item: &Schema) -> Vec<(i64, String)> {
    let SchemaKind::Type(Type::Integer(i)) = &item.schema_kind else {
        return Vec::new();
    };
    let ext = &item.schema_data.extensions;
    let Some(names) = ext
        .get("x-enum-varnames")
        .or_else(|| ext.get("x-enumNames"))
        .and_then(|v| v.as_array())
    else {
        return Vec::new();
    };
    i.enumeration
        .iter()
        .zip(names)
        .filter_map(|(v, n)| Some(((*v)?, n.as_str()?.to_owned())))
        .filter(|(_, n)| !n.is_empty())
        .collect()
}

/// `` `a`, `b` ``
fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Component schema key -> the component schemas that extend it through `allOf` `$ref`s
/// (`direct`, see [`direct_children`]), at any depth (Swagger's inheritance:
/// `VirtualMachine` extends `BaseVirtualMachine`, which extends `BaseEntity`, so a
/// `BaseEntity` may be a `VirtualMachine`): the direct ones first, then theirs, each once.
fn descendants<'a>(direct: &BTreeMap<String, Vec<&'a str>>) -> BTreeMap<String, Vec<&'a str>> {
    direct
        .keys()
        .map(|base| {
            let mut all: Vec<&str> = Vec::new();
            let mut next = 0;
            let mut queue: Vec<&str> = direct[base].clone();
            while let Some(child) = queue.get(next).copied() {
                next += 1;
                // A cycle of `allOf`s (refused elsewhere) stops here.
                if child == base || all.contains(&child) {
                    continue;
                }
                all.push(child);
                if let Some(grand) = direct.get(child) {
                    queue.extend(grand);
                }
            }
            (base.clone(), all)
        })
        .collect()
}

/// The key of the component schema at `ptr` (`/components/schemas/<key>`), if it is one.
fn component_key(ptr: &Pointer) -> Option<String> {
    ptr.as_str()
        .strip_prefix("/components/schemas/")
        .map(crate::error::unescape)
}

/// The `allOf` parts of `item` (none when it has no `allOf`).
pub(super) fn all_of_parts(item: &Schema) -> &[ReferenceOr<Schema>] {
    match &item.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(a) => &a.all_of,
        _ => &[],
    }
}

/// Component schema key -> the component schemas that list it as an `allOf` part by `$ref`.
fn direct_children(components: &openapiv3::Components) -> BTreeMap<String, Vec<&str>> {
    let mut out: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (key, schema) in &components.schemas {
        let ReferenceOr::Item(item) = schema else {
            continue;
        };
        let all_of = match &item.schema_kind {
            SchemaKind::AllOf { all_of } => &all_of[..],
            SchemaKind::Any(a) if a.one_of.is_empty() && a.any_of.is_empty() => &a.all_of[..],
            _ => continue,
        };
        for part in all_of {
            if let ReferenceOr::Reference { reference } = part {
                if let Some(base) = reference.strip_prefix("#/components/schemas/") {
                    let base = crate::error::unescape(base);
                    let list = out.entry(base).or_default();
                    if !list.contains(&key.as_str()) {
                        list.push(key);
                    }
                }
            }
        }
    }
    out
}

/// The description, plus the allowed values of a number enum (kept as a number type), with
/// their names when the document gives them.
fn plain_doc(item: &Schema) -> Option<String> {
    let names = integer_names(item);
    let values: Vec<String> = match &item.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => i
            .enumeration
            .iter()
            .flatten()
            .map(|v| match names.iter().find(|(n, _)| n == v) {
                Some((_, name)) => format!("`{v}` ({})", name.replace('`', "'")),
                None => format!("`{v}`"),
            })
            .collect(),
        SchemaKind::Type(Type::Number(n)) => n
            .enumeration
            .iter()
            .flatten()
            .map(|v| format!("`{v}`"))
            .collect(),
        _ => Vec::new(),
    };
    let description = item.schema_data.description.clone();
    if values.is_empty() {
        return description;
    }
    let allowed = format!("One of {}.", values.join(", "));
    Some(match description {
        Some(d) => format!("{d}\n\n{allowed}"),
        None => allowed,
    })
}

/// The alternatives of a `oneOf`/`anyOf` written beside other keywords, as a union: none
/// when every one only says which properties must be present (`anyOf: [{required: [a]},
/// {required: [b]}]`, "a or b or both") or nothing at all (`oneOf: [{}]`), which
/// constrains the value without changing its shape: validation, left to the server.
fn alternatives(parts: &[ReferenceOr<Schema>]) -> &[ReferenceOr<Schema>] {
    let presence_only = |part: &ReferenceOr<Schema>| match part {
        ReferenceOr::Item(s) => {
            !s.schema_data.nullable
                && match &s.schema_kind {
                    SchemaKind::Any(a) => {
                        *a == openapiv3::AnySchema {
                            required: a.required.clone(),
                            ..Default::default()
                        }
                    }
                    SchemaKind::Type(Type::Object(o)) => {
                        *o == openapiv3::ObjectType {
                            required: o.required.clone(),
                            ..Default::default()
                        }
                    }
                    _ => false,
                }
        }
        ReferenceOr::Reference { .. } => false,
    };
    if !parts.is_empty() && parts.iter().all(presence_only) {
        &[]
    } else {
        parts
    }
}

/// The word each alternative of a union is named by when it is written in place (its
/// type is the union's name and the word): its `title`; else the one value of a property
/// that tags it (a one-value string `enum`, or a 3.1 `const`); else the first property it
/// requires that no other alternative holds; else its one property, when no other holds
/// it. `None` for none of these, and for a word two alternatives would share (the type is
/// then named `Variant` and the index).
fn alternative_words<'s>(
    parts: &[Part<'s>],
    components: &'s openapiv3::Components,
) -> Vec<Option<String>> {
    // Every alternative's properties, referenced ones' too (a property all share, such as
    // a discriminator, names none).
    let objects: Vec<Option<Object<'s>>> = parts
        .iter()
        .map(|part| match *part {
            Part::Written(schema) => item_of(Some(components), schema).and_then(object_type),
            Part::Child(key) => components
                .schemas
                .get(key)
                .and_then(|s| item_of(Some(components), s))
                .and_then(object_type),
        })
        .collect();
    let held_elsewhere = |i: usize, property: &str| {
        objects
            .iter()
            .enumerate()
            .any(|(j, o)| j != i && o.is_some_and(|o| o.properties.contains_key(property)))
    };
    let words: Vec<Option<String>> = parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let Part::Written(ReferenceOr::Item(schema)) = part else {
                return None;
            };
            let title = schema.schema_data.title.as_deref();
            let object = objects[i];
            let tag = || {
                object?.properties.values().find_map(|p| match p {
                    ReferenceOr::Item(p) => match &p.schema_kind {
                        SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
                            [Some(value)] => Some(value.as_str()),
                            _ => None,
                        },
                        _ => None,
                    },
                    ReferenceOr::Reference { .. } => None,
                })
            };
            let own_required = || {
                object?
                    .required
                    .iter()
                    .find(|r| !held_elsewhere(i, r))
                    .map(String::as_str)
            };
            let only_property = || match object?.properties.keys().collect::<Vec<_>>()[..] {
                [one] if !held_elsewhere(i, one) => Some(one.as_str()),
                _ => None,
            };
            // A one-value string enum (utoipa's unit variant beside struct ones): the value.
            let value = || match &schema.schema_kind {
                SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
                    [Some(value)] => Some(value.as_str()),
                    _ => None,
                },
                _ => None,
            };
            title
                .or_else(value)
                .or_else(tag)
                .or_else(own_required)
                .or_else(only_property)
                .map(pascal)
                .filter(|word| word.starts_with(|c: char| c.is_ascii_uppercase()))
        })
        .collect();
    words
        .iter()
        .map(|word| {
            word.clone().filter(|w| {
                words
                    .iter()
                    .filter(|other| other.as_ref() == Some(w))
                    .count()
                    == 1
            })
        })
        .collect()
}

/// An object schema's properties and required list.
#[derive(Clone, Copy)]
pub(super) struct Object<'s> {
    pub properties: &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub required: &'s [String],
}

/// `schema`'s properties and required list, whether `type: object` is written or not
/// (`None` for a schema of no properties without it).
pub(super) fn object_type(schema: &Schema) -> Option<Object<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some(Object {
            properties: &o.properties,
            required: &o.required,
        }),
        SchemaKind::Any(a) if !a.properties.is_empty() => Some(Object {
            properties: &a.properties,
            required: &a.required,
        }),
        _ => None,
    }
}

/// A variant name for a `oneOf` alternative of type `ty`.
fn variant_name(ty: &RustType) -> String {
    match ty {
        RustType::Named(n) => n.clone(),
        RustType::String => "String".to_owned(),
        RustType::Bool => "Boolean".to_owned(),
        RustType::I32 | RustType::I64 => "Integer".to_owned(),
        RustType::F32 | RustType::F64 => "Number".to_owned(),
        RustType::Json => "Value".to_owned(),
        RustType::Vec(_) | RustType::Tuple(_) => "Array".to_owned(),
        RustType::Map(_) => "Map".to_owned(),
        RustType::Bytes => "Bytes".to_owned(),
        RustType::Option(t) | RustType::Box(t) | RustType::Nullable(t) => variant_name(t),
    }
}

impl TypeDef {
    fn new(name: String, doc: Option<String>, kind: TypeKind) -> Self {
        TypeDef {
            name,
            doc,
            kind,
            holds_secret: false,
            input: false,
            default: false,
            deprecated: false,
            constants: Vec::new(),
        }
    }
}

fn is_secret_item(s: &Schema) -> bool {
    s.schema_data.write_only || is_password(s)
}

/// A string of `format: password`.
pub(crate) fn is_password(s: &Schema) -> bool {
    matches!(
        &s.schema_kind,
        SchemaKind::Type(Type::String(st))
            if st.format == VariantOrUnknownOrEmpty::Item(StringFormat::Password)
    )
}

fn string_enum(item: &Schema) -> Option<Vec<String>> {
    let values: Vec<String> = match &item.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().cloned().collect(),
        SchemaKind::Any(a) if !a.enumeration.is_empty() => {
            let strings: Option<Vec<String>> = a
                .enumeration
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| v.as_str().map(str::to_owned))
                .collect();
            strings?
        }
        _ => return None,
    };
    (!values.is_empty()).then_some(values)
}

/// `+1` -> `plus 1`, `-1` -> `minus 1`: signs carry meaning that case conversion drops.
fn spell_signs(value: &str) -> String {
    let digit_after = |rest: &str| rest.starts_with(|c: char| c.is_ascii_digit());
    match (value.strip_prefix('+'), value.strip_prefix('-')) {
        (Some(rest), _) if digit_after(rest) => format!("plus {rest}"),
        (_, Some(rest)) if digit_after(rest) => format!("minus {rest}"),
        _ => value.to_owned(),
    }
}

fn enum_variants(values: &[String]) -> Vec<Variant> {
    let mut scope = Scope::default();
    let mut seen = BTreeSet::new();
    values
        .iter()
        .filter(|v| seen.insert(v.as_str()))
        .map(|v| Variant {
            name: scope.claim(&pascal(&spell_signs(v))),
            value: v.clone(),
        })
        .collect()
}
