//! Stage resolve: `openapiv3::OpenAPI` -> [`crate::ir::Api`]. Every `$ref`, name and
//! unsupported construct is dealt with here, with the JSON pointer of the node at fault.

mod facts;
mod graph;
mod operations;
mod schemas;
mod security;

use security::Security;

use crate::error::{ErrorKind, Located, Pointer, Result};
use crate::ir::{Api, CredentialSource, Place, RustType};
use crate::names::{snake, Scope};
use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr};
use schemas::Schemas;

/// The public methods of the generated `Client` and `ClientBuilder` (and of the mock's
/// `MockServer`), read by the build script from the runtime source every crate copies
/// (`runtime/src/client.rs`, `mock_server.rs`), so that they can never lag it: tag accessors
/// and `with_` methods never take a `Client` method's name, credential setters never a
/// `ClientBuilder` one (the same name twice is E0592).
pub(crate) struct RuntimeMethods {
    pub client: Vec<String>,
    pub builder: Vec<String>,
}

static RUNTIME_METHODS: std::sync::LazyLock<RuntimeMethods> = std::sync::LazyLock::new(|| {
    let (client, builder) = crate::runtime_surface::methods("client");
    let mut methods = RuntimeMethods {
        client: client.iter().map(|m| (*m).to_owned()).collect(),
        builder: builder.iter().map(|m| (*m).to_owned()).collect(),
    };
    // The `mock` feature's `MockServer` has a method per tag too, named as the client's.
    let (mock, _) = crate::runtime_surface::methods("mock_server");
    for name in mock {
        if !methods.client.iter().any(|m| m == name) {
            methods.client.push((*name).to_owned());
        }
    }
    methods
});

pub(crate) fn resolve(doc: &OpenAPI) -> Result<Api> {
    let empty = openapiv3::Components::default();
    let components = doc.components.as_ref().unwrap_or(&empty);
    let client_methods: Vec<&str> = RUNTIME_METHODS.client.iter().map(String::as_str).collect();
    let mut method_scope = Scope::with_reserved(&client_methods);
    let security = Security::new(components, &mut method_scope)?;

    let more = operations::more_operations(doc)?;
    let mut schemas = Schemas::new(components);
    schemas.resolve_components()?;
    let (groups, error_bodies, param_checks, mut warnings) = {
        let mut ops = operations::Operations::new(doc, &more, &mut schemas, &security);
        let groups = ops.groups()?;
        (groups, ops.error_bodies, ops.param_checks, ops.warnings)
    };
    let marks = std::mem::take(&mut schemas.credential_marks);
    // Resolve's warnings: the operations' (where the document contradicts HTTP), then the
    // schemas' (where no payload decodes).
    warnings.append(&mut schemas.warnings);
    let types = nullable_in_requests(schemas.finish()?, &groups);
    operations::check_params(&param_checks, &types)?;

    let mut credential_sources = Vec::new();
    for mark in marks {
        let Some(scheme) = security
            .schemes
            .iter()
            .position(|s| s.api_name == mark.scheme)
        else {
            return Err(Located::new(
                ErrorKind::Reference,
                &mark.pointer,
                format!("`{}` names no security scheme", mark.scheme),
                "set it to the name of a scheme under components/securitySchemes",
            ));
        };
        if security.schemes[scheme].place == Place::Basic {
            return Err(Located::new(
                ErrorKind::Unsupported,
                &mark.pointer,
                format!("`{}` is an HTTP basic scheme, whose credential is a user name and a password, not one property", mark.scheme),
                "name an API key or bearer scheme, or remove the extension",
            ));
        }
        let optional = match &mark.ty {
            RustType::String => false,
            RustType::Option(inner) if **inner == RustType::String => true,
            _ => {
                return Err(Located::new(
                    ErrorKind::Invalid,
                    &mark.pointer,
                    "only string properties can hold a credential",
                    "move the extension to a string property",
                ))
            }
        };
        credential_sources.push(CredentialSource {
            method: method_scope.claim(&format!("with_{}", snake(&mark.type_name))),
            type_name: mark.type_name,
            field: mark.field,
            optional,
            scheme,
        });
    }

    let secret_types: std::collections::HashSet<&str> = types
        .iter()
        .filter(|d| d.holds_secret)
        .map(|d| d.name.as_str())
        .collect();
    let holds_secret = |ty: &RustType| matches!(ty.innermost(), RustType::Named(n) if secret_types.contains(n.as_str()));
    // Tag accessors are `Client` methods too: named last, they avoid every other one
    // (`new`, `with_api_key`, `with_user_session`, ...).
    let mut groups = groups;
    for g in &mut groups {
        g.accessor = method_scope.claim(&snake(&g.api_name));
    }
    let used: Vec<&[usize]> = groups
        .iter()
        .flat_map(|g| &g.operations)
        .map(|op| op.security.as_slice())
        .collect();
    let (security_sets, indexes) = security::security_sets(&security.schemes, &used);
    for (op, set) in groups
        .iter_mut()
        .flat_map(|g| g.operations.iter_mut())
        .zip(indexes)
    {
        op.security_set = set;
    }
    for op in groups.iter_mut().flat_map(|g| g.operations.iter_mut()) {
        op.success_holds_secret = match &op.outcome {
            crate::ir::Outcome::Single(crate::ir::ResponsePayload::Json(ty)) => holds_secret(ty),
            crate::ir::Outcome::Single(crate::ir::ResponsePayload::Stream(s)) => {
                holds_secret(&s.item)
            }
            crate::ir::Outcome::Enum { name, .. } => holds_secret(&RustType::Named(name.clone())),
            crate::ir::Outcome::Single(_) => false,
        };
        let kind_holds_secret = |kind: &crate::ir::RequestPayload| match kind {
            crate::ir::RequestPayload::Json(ty) | crate::ir::RequestPayload::Form(ty, _) => {
                holds_secret(ty)
            }
            _ => false,
        };
        op.body_holds_secret = op.body.as_ref().is_some_and(|b| kind_holds_secret(&b.kind));
        for alternative in op.body.iter_mut().flat_map(|b| b.alternatives.iter_mut()) {
            alternative.holds_secret = kind_holds_secret(&alternative.kind);
        }
    }

    let mut api = Api {
        title: doc.info.title.clone(),
        description: doc.info.description.clone(),
        version: doc.info.version.clone(),
        license: doc.info.license.as_ref().map(|l| l.name.clone()),
        contact: doc.info.contact.as_ref().and_then(|c| {
            let name = c.name.as_deref().map(str::trim).filter(|n| !n.is_empty());
            let email = c.email.as_deref().map(str::trim).filter(|e| !e.is_empty());
            match (name, email) {
                (Some(n), Some(e)) => Some(format!("{n} <{e}>")),
                (Some(n), None) => Some(n.to_owned()),
                (None, Some(e)) => Some(format!("<{e}>")),
                (None, None) => None,
            }
        }),
        homepage: doc
            .info
            .contact
            .as_ref()
            .and_then(|c| c.url.clone())
            .or_else(|| doc.external_docs.as_ref().map(|d| d.url.clone()))
            .filter(|u| u.starts_with("http://") || u.starts_with("https://")),
        repository: [&doc.info.extensions, &doc.extensions]
            .iter()
            .find_map(|x| x.get("x-repository").and_then(|v| v.as_str()))
            .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
            .map(str::to_owned),
        types,
        groups,
        security_schemes: security.schemes,
        error_bodies,
        credential_sources,
        security_sets,
        // The loader's repairs come first (see `crate::resolve`).
        repairs: warnings,
    };
    facts::mark_inputs(&mut api);
    Ok(api)
}

/// The models that `PATCH` requests carry (JSON and form bodies, and every type they hold)
/// send their optional `nullable` properties as [`RustType::Nullable`]: absent, `null` or a
/// value, which a partial update tells apart ("leave it as it is" from "clear it"). Other
/// methods send whole representations, where a property left out and `null` mean the same,
/// and keep `Option<T>` (which reads responses simply, and breaks no existing client).
fn nullable_in_requests(
    mut types: Vec<crate::ir::TypeDef>,
    groups: &[crate::ir::Group],
) -> Vec<crate::ir::TypeDef> {
    use crate::ir::{RequestPayload, TypeKind};
    let mut stack: Vec<String> = Vec::new();
    let patches = groups
        .iter()
        .flat_map(|g| &g.operations)
        .filter(|op| op.method == crate::ir::Method::Patch);
    for op in patches {
        if let Some(RequestPayload::Json(ty) | RequestPayload::Form(ty, _)) =
            op.body.as_ref().map(|b| &b.kind)
        {
            let mut names = Vec::new();
            ty.named_types(&mut names);
            stack.extend(names.into_iter().map(str::to_owned));
        }
    }
    let index: std::collections::HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let mut carried = std::collections::HashSet::new();
    while let Some(name) = stack.pop() {
        let Some(&i) = index.get(&name) else {
            continue;
        };
        if !carried.insert(i) {
            continue;
        }
        let mut names = Vec::new();
        match &types[i].kind {
            TypeKind::Struct { fields } => fields.iter().for_each(|f| f.ty.named_types(&mut names)),
            TypeKind::OneOf { variants, .. } => {
                variants.iter().for_each(|v| v.ty.named_types(&mut names))
            }
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => ty.named_types(&mut names),
            TypeKind::StringEnum { .. } | TypeKind::Responses { .. } => {}
        }
        stack.extend(names.into_iter().map(str::to_owned));
    }
    for i in carried {
        let TypeKind::Struct { fields } = &mut types[i].kind else {
            continue;
        };
        for f in fields {
            if f.nullable && !f.required && !f.read_only && !f.flatten {
                if let RustType::Option(inner) = &f.ty {
                    f.ty = RustType::Nullable(inner.clone());
                }
            }
        }
    }
    types
}

/// Follows a `$ref` into `#/components/<section>/`, through chains of references.
pub(crate) fn deref<'a, T>(
    item: &'a ReferenceOr<T>,
    ptr: &Pointer,
    section: &str,
    components: Option<&'a IndexMap<String, ReferenceOr<T>>>,
) -> Result<(&'a T, Pointer)> {
    let mut current = item;
    let mut at = ptr.clone();
    // A chain longer than this is a loop.
    for _ in 0..32 {
        let reference = match current {
            ReferenceOr::Item(t) => return Ok((t, at)),
            ReferenceOr::Reference { reference } => reference,
        };
        let prefix = format!("#/components/{section}/");
        let Some(key) = reference.strip_prefix(&prefix) else {
            return Err(Located::new(
                ErrorKind::Reference,
                &at,
                format!("`$ref: {reference}` does not point into #/components/{section}"),
                format!("define the target under components/{section} and refer to it as {prefix}<Name>"),
            ));
        };
        let key = crate::error::unescape(key);
        let Some(next) = components.and_then(|c| c.get(&key)) else {
            return Err(Located::new(
                ErrorKind::Reference,
                &at,
                format!("`$ref: {reference}` points to nothing: there is no `{key}` under components/{section}"),
                format!("define `{key}` under components/{section}, or correct the reference"),
            ));
        };
        at = Pointer::root().push("components").push(section).push(&key);
        current = next;
    }
    Err(Located::new(
        ErrorKind::Reference,
        ptr,
        "this `$ref` chain loops",
        "make the chain of references end in a definition",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_methods_are_read_from_the_runtime() {
        let m = &*RUNTIME_METHODS;
        // The `mock` feature's `MockServer` methods too: it has the tag accessors.
        for name in [
            "new",
            "builder",
            "base_url",
            "http_client",
            "clone",
            "fmt",
            "start",
            "uri",
            "verify",
            "wiremock",
        ] {
            assert!(m.client.iter().any(|n| n == name), "{name}: {:?}", m.client);
        }
        for name in [
            "build",
            "timeout",
            "connect_timeout",
            "user_agent",
            "danger_accept_invalid_certs",
            "add_root_certificate_pem",
            "http_client",
            "max_response_bytes",
            "redirect_limit",
            "fmt",
        ] {
            assert!(
                m.builder.iter().any(|n| n == name),
                "{name}: {:?}",
                m.builder
            );
        }
    }
}
