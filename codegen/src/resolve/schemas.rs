//! Resolve for schemas: component and inline schemas -> named Rust types and `RustType`s.

use crate::error::{ErrorKind, Located, Pointer, Result};
use crate::ir::{Field, RustType, TypeDef, TypeKind, Variant};
use crate::names::{pascal, snake, Scope};
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

/// The properties of an object-like schema, from whichever shape the document model chose.
struct ObjectShape<'a> {
    properties: Vec<(&'a String, &'a ReferenceOr<Box<Schema>>)>,
    required: &'a [String],
}

pub(crate) struct Schemas<'a> {
    components: &'a openapiv3::Components,
    /// Component schema key -> Rust type name.
    names: BTreeMap<String, String>,
    scope: Scope,
    types: BTreeMap<String, TypeDef>,
    pub credential_marks: Vec<CredentialMark>,
}

impl<'a> Schemas<'a> {
    pub fn new(components: &'a openapiv3::Components) -> Self {
        // Claiming every component name first keeps them stable whatever inline types exist.
        let mut scope = Scope::default();
        let names = components
            .schemas
            .keys()
            .map(|key| (key.clone(), scope.claim(&pascal(key))))
            .collect();
        Schemas {
            components,
            names,
            scope,
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

    /// The Rust type for a schema used in place, hoisting it to a named type called after
    /// `context` when it needs a declaration of its own (objects, enums).
    pub fn type_of<T: std::borrow::Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<T>,
        ptr: &Pointer,
        context: &str,
    ) -> Result<RustType> {
        let item = match view(schema) {
            View::Ref(r) => return self.ref_type(r, ptr),
            View::Item(item) => item,
        };
        let ty = if needs_declaration(item) {
            let name = self.scope.claim(&pascal(context));
            self.define(name.clone(), item, ptr)?;
            RustType::Named(name)
        } else {
            self.plain_type(item, ptr, context)?
        };
        Ok(if item.schema_data.nullable {
            ty.option()
        } else {
            ty
        })
    }

    fn ref_type(&self, reference: &str, ptr: &Pointer) -> Result<RustType> {
        let Some(key) = reference.strip_prefix("#/components/schemas/") else {
            return Err(Located::new(
                ErrorKind::Reference,
                ptr,
                format!("`$ref: {reference}` does not point into #/components/schemas"),
                "move the schema under components/schemas and refer to it as #/components/schemas/<Name> (references to other files or nested nodes are not followed)",
            ));
        };
        let key = key.replace("~1", "/").replace("~0", "~");
        match self.names.get(&key) {
            Some(name) => Ok(RustType::Named(name.clone())),
            None => Err(Located::new(
                ErrorKind::Reference,
                ptr,
                format!("`$ref: {reference}` points to nothing: there is no schema `{key}` under components/schemas"),
                format!("define `{key}` under components/schemas, or correct the reference"),
            )),
        }
    }

    fn define(&mut self, name: String, item: &Schema, ptr: &Pointer) -> Result<()> {
        let doc = item.schema_data.description.clone();
        let kind = if let Some(values) = string_enum(item) {
            TypeKind::StringEnum {
                variants: enum_variants(&values),
                catch_all: String::new(),
            }
        } else if let Some(shape) = object_shape(item) {
            TypeKind::Struct {
                fields: self.fields(&name, &shape, ptr)?,
            }
        } else {
            let ty = self.plain_type(item, ptr, &name)?;
            TypeKind::Alias(if item.schema_data.nullable {
                ty.option()
            } else {
                ty
            })
        };
        let mut def = TypeDef::new(name, doc, kind);
        def.deprecated = item.schema_data.deprecated;
        if let TypeKind::StringEnum {
            variants,
            catch_all,
        } = &mut def.kind
        {
            let mut scope = Scope::with_reserved(&[]);
            for v in variants.iter() {
                scope.claim(&v.name);
            }
            *catch_all = scope.claim("Unknown");
        }
        self.insert(def);
        Ok(())
    }

    fn insert(&mut self, def: TypeDef) {
        self.types.insert(def.name.clone(), def);
    }

    fn fields(
        &mut self,
        owner: &str,
        shape: &ObjectShape<'_>,
        ptr: &Pointer,
    ) -> Result<Vec<Field>> {
        let mut scope = Scope::default();
        let mut fields = Vec::new();
        for (json_name, prop) in &shape.properties {
            let prop_ptr = ptr.push("properties").push(json_name);
            let context = format!("{owner}{}", pascal(json_name));
            let ty = self.type_of(prop, &prop_ptr, &context)?;
            let required = shape.required.iter().any(|r| r == *json_name);
            let ty = if required { ty } else { ty.option() };
            let name = scope.claim(&snake(json_name));
            let (doc, deprecated, secret) = match view(prop) {
                View::Item(s) => {
                    if let Some(scheme) = s.schema_data.extensions.get(CREDENTIAL_EXTENSION) {
                        self.credential_marks.push(CredentialMark {
                            type_name: owner.to_owned(),
                            field: name.clone(),
                            ty: ty.clone(),
                            scheme: scheme.as_str().unwrap_or_default().to_owned(),
                            pointer: prop_ptr.push(CREDENTIAL_EXTENSION),
                        });
                    }
                    (
                        s.schema_data.description.clone(),
                        s.schema_data.deprecated,
                        is_secret_item(s),
                    )
                }
                View::Ref(_) => (None, false, false),
            };
            fields.push(Field {
                name,
                json_name: (*json_name).clone(),
                doc,
                ty,
                secret,
                deprecated,
            });
        }
        Ok(fields)
    }

    /// Types that need no declaration of their own.
    fn plain_type(&mut self, item: &Schema, ptr: &Pointer, context: &str) -> Result<RustType> {
        Ok(match &item.schema_kind {
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
            SchemaKind::Any(any)
                if any.all_of.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.not.is_none() =>
            {
                if any.additional_properties.is_some() {
                    self.map_type(any.additional_properties.as_ref(), ptr, context)?
                } else {
                    RustType::Json
                }
            }
            SchemaKind::AllOf { .. }
            | SchemaKind::OneOf { .. }
            | SchemaKind::AnyOf { .. }
            | SchemaKind::Any(_) => {
                return Err(Located::new(
                    ErrorKind::Unsupported,
                    ptr,
                    "schemas composed with allOf/oneOf/anyOf are not supported yet",
                    "describe the type as a plain object with properties, or as a $ref to one",
                ))
            }
            SchemaKind::Not { .. } => {
                return Err(Located::new(
                    ErrorKind::Unsupported,
                    ptr,
                    "`not` schemas have no Rust type",
                    "remove the `not` constraint or replace the schema with the type it allows",
                ))
            }
        })
    }

    fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
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
    pub fn finish(self) -> Vec<TypeDef> {
        let mut types = self.types;
        box_recursion(&mut types);
        fill_facts(&mut types);
        types.into_values().collect()
    }
}

impl TypeDef {
    fn new(name: String, doc: Option<String>, kind: TypeKind) -> Self {
        TypeDef {
            name,
            doc,
            kind,
            holds_secret: false,
            default: false,
            deprecated: false,
        }
    }
}

fn is_secret_item(s: &Schema) -> bool {
    s.schema_data.write_only
        || matches!(
            &s.schema_kind,
            SchemaKind::Type(Type::String(st))
                if st.format == VariantOrUnknownOrEmpty::Item(StringFormat::Password)
        )
}

fn needs_declaration(item: &Schema) -> bool {
    string_enum(item).is_some() || object_shape(item).is_some()
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

fn object_shape(item: &Schema) -> Option<ObjectShape<'_>> {
    match &item.schema_kind {
        SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => Some(ObjectShape {
            properties: o.properties.iter().collect(),
            required: &o.required,
        }),
        SchemaKind::Any(a)
            if !a.properties.is_empty()
                && a.all_of.is_empty()
                && a.one_of.is_empty()
                && a.any_of.is_empty() =>
        {
            Some(ObjectShape {
                properties: a.properties.iter().collect(),
                required: &a.required,
            })
        }
        _ => None,
    }
}

fn enum_variants(values: &[String]) -> Vec<Variant> {
    let mut scope = Scope::default();
    let mut seen = BTreeSet::new();
    values
        .iter()
        .filter(|v| seen.insert(v.as_str()))
        .map(|v| Variant {
            name: scope.claim(&pascal(v)),
            value: v.clone(),
        })
        .collect()
}

/// The named types a type holds inline (not behind `Vec`, a map or `Box`).
fn inline_targets(ty: &RustType, out: &mut Vec<String>) {
    match ty {
        RustType::Named(n) => out.push(n.clone()),
        RustType::Option(inner) => inline_targets(inner, out),
        _ => {}
    }
}

fn inline_edges(def: &TypeDef) -> Vec<String> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct { fields } => fields.iter().for_each(|f| inline_targets(&f.ty, &mut out)),
        TypeKind::Alias(ty) => inline_targets(ty, &mut out),
        TypeKind::StringEnum { .. } => {}
    }
    out
}

fn reaches(types: &BTreeMap<String, TypeDef>, from: &str, to: &str) -> bool {
    let mut stack = vec![from.to_owned()];
    let mut seen = BTreeSet::new();
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if seen.insert(n.clone()) {
            if let Some(def) = types.get(&n) {
                stack.extend(inline_edges(def));
            }
        }
    }
    false
}

/// Boxes struct fields that would otherwise make a type contain itself.
fn box_recursion(types: &mut BTreeMap<String, TypeDef>) {
    let mut to_box = Vec::new();
    for (name, def) in types.iter() {
        if let TypeKind::Struct { fields } = &def.kind {
            for (i, f) in fields.iter().enumerate() {
                let mut targets = Vec::new();
                inline_targets(&f.ty, &mut targets);
                if targets.iter().any(|t| reaches(types, t, name)) {
                    to_box.push((name.clone(), i));
                }
            }
        }
    }
    for (name, i) in to_box {
        if let Some(TypeKind::Struct { fields }) = types.get_mut(&name).map(|d| &mut d.kind) {
            fields[i].ty = box_named(fields[i].ty.clone());
        }
    }
}

fn box_named(ty: RustType) -> RustType {
    match ty {
        RustType::Option(inner) => RustType::Option(Box::new(box_named(*inner))),
        named @ RustType::Named(_) => RustType::Box(Box::new(named)),
        other => other,
    }
}

fn named_in(ty: &RustType, out: &mut Vec<String>) {
    match ty {
        RustType::Named(n) => out.push(n.clone()),
        RustType::Option(t) | RustType::Vec(t) | RustType::Map(t) | RustType::Box(t) => {
            named_in(t, out)
        }
        _ => {}
    }
}

fn type_is_default(ty: &RustType, types: &BTreeMap<String, TypeDef>) -> bool {
    match ty {
        RustType::Named(n) => types.get(n).is_some_and(|d| d.default),
        RustType::Box(t) => type_is_default(t, types),
        _ => true,
    }
}

/// Fills `holds_secret` and `default` by fixpoint (least fixpoint for `default`, so a
/// type that needs itself to have a default never derives one).
fn fill_facts(types: &mut BTreeMap<String, TypeDef>) {
    loop {
        let mut changed = false;
        let names: Vec<String> = types.keys().cloned().collect();
        for name in names {
            let def = &types[&name];
            let mut refs = Vec::new();
            let (own_secret, field_types): (bool, Vec<&RustType>) = match &def.kind {
                TypeKind::Struct { fields } => (
                    fields.iter().any(|f| f.secret),
                    fields.iter().map(|f| &f.ty).collect(),
                ),
                TypeKind::Alias(ty) => (false, vec![ty]),
                TypeKind::StringEnum { .. } => (false, vec![]),
            };
            field_types.iter().for_each(|t| named_in(t, &mut refs));
            let secret = own_secret
                || refs
                    .iter()
                    .any(|r| types.get(r).is_some_and(|d| d.holds_secret));
            let default = !matches!(def.kind, TypeKind::StringEnum { .. })
                && field_types.iter().all(|t| type_is_default(t, types));
            if let Some(def) = types.get_mut(&name) {
                changed |= (secret && !def.holds_secret) || (default && !def.default);
                def.holds_secret |= secret;
                def.default |= default;
            }
        }
        if !changed {
            break;
        }
    }
}
