//! Security schemes: each scheme of `components/securitySchemes` as a credential the client
//! can send (its place, its setter and `with_` names), and the schemes each operation
//! accepts.

use super::RUNTIME_METHODS;
use crate::error::{ErrorKind, Located, Pointer, Result};
use crate::ir::{Place, SecurityScheme, SecuritySet};
use crate::names::{shouty, snake, Scope};
use openapiv3::{ReferenceOr, SecurityRequirement};

/// The security schemes the generated client can send.
pub(crate) struct Security {
    pub schemes: Vec<SecurityScheme>,
}

impl Security {
    pub(super) fn new(components: &openapiv3::Components, scope: &mut Scope) -> Result<Self> {
        let base = Pointer::root().push("components").push("securitySchemes");
        let mut schemes = Vec::new();
        let mut statics = Scope::default();
        let builder_methods: Vec<&str> =
            RUNTIME_METHODS.builder.iter().map(String::as_str).collect();
        let mut setters = Scope::with_reserved(&builder_methods);
        for (api_name, scheme) in &components.security_schemes {
            let ptr = base.push(api_name);
            let ReferenceOr::Item(scheme) = scheme else {
                return Err(Located::new(
                    ErrorKind::Unsupported,
                    &ptr,
                    "security schemes given by `$ref` are not supported",
                    "write the scheme inline",
                ));
            };
            use openapiv3::SecurityScheme as S;
            let (place, doc) = match scheme {
                S::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => (
                    match location {
                        openapiv3::APIKeyLocation::Header => Place::Header {
                            name: name.clone(),
                            prefix: String::new(),
                        },
                        openapiv3::APIKeyLocation::Query => Place::Query(name.clone()),
                        openapiv3::APIKeyLocation::Cookie => Place::Cookie(name.clone()),
                    },
                    description.clone(),
                ),
                S::HTTP {
                    scheme,
                    description,
                    ..
                } if scheme.eq_ignore_ascii_case("bearer") => (
                    Place::Header {
                        name: "Authorization".to_owned(),
                        prefix: "Bearer ".to_owned(),
                    },
                    description.clone(),
                ),
                S::HTTP {
                    scheme,
                    description,
                    ..
                } if scheme.eq_ignore_ascii_case("basic") => {
                    (Place::Basic, description.clone())
                }
                S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. } => (
                    Place::Header {
                        name: "Authorization".to_owned(),
                        prefix: "Bearer ".to_owned(),
                    },
                    description.clone(),
                ),
                S::HTTP { scheme, .. } => {
                    return Err(Located::new(
                        ErrorKind::Unsupported,
                        &ptr.push("scheme"),
                        format!("the HTTP authentication scheme `{scheme}` is not supported (`basic` and `bearer` are)"),
                        "describe the credential as `type: http` with `scheme: basic` or `scheme: bearer`, or as an API key",
                    ))
                }
            };
            let sent_name = match &place {
                Place::Header { name, .. } => Some(("header", name)),
                Place::Cookie(name) => Some(("cookie", name)),
                Place::Query(_) | Place::Basic => None,
            };
            if let Some((what, sent)) = sent_name {
                let token = !sent.is_empty()
                    && sent
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
                if !token {
                    return Err(Located::new(
                        ErrorKind::Invalid,
                        &ptr.push("name"),
                        format!("`{sent}` cannot be a {what} name: it must be letters, digits and `!#$%&'*+-.^_`|~` only"),
                        format!("give the {what} name as the server expects it"),
                    ));
                }
            }
            let mut name = snake(api_name);
            if let Some(stripped) = name.strip_suffix("_header") {
                if !stripped.is_empty() {
                    name = stripped.to_owned();
                }
            }
            // Unique setter names give unique `with_` names, which no `Client` method starts with.
            let name = setters.claim(&name);
            scope.claim(&format!("with_{name}"));
            schemes.push(SecurityScheme {
                api_name: api_name.clone(),
                name,
                static_name: statics.claim(&shouty(api_name)),
                place,
                doc,
            });
        }
        Ok(Security { schemes })
    }

    /// The names of the headers credentials are sent in (API keys in a header).
    pub(super) fn header_names(&self) -> impl Iterator<Item = &str> {
        self.schemes.iter().filter_map(|s| match &s.place {
            Place::Header { name, .. } => Some(name.as_str()),
            _ => None,
        })
    }

    /// The schemes an operation accepts: every scheme named in any alternative.
    pub(super) fn for_operation(
        &self,
        requirements: Option<&Vec<SecurityRequirement>>,
        ptr: &Pointer,
    ) -> Result<Vec<usize>> {
        let mut out = Vec::new();
        for (i, requirement) in requirements.into_iter().flatten().enumerate() {
            for name in requirement.keys() {
                let Some(idx) = self.schemes.iter().position(|s| &s.api_name == name) else {
                    return Err(Located::new(
                        ErrorKind::Reference,
                        &ptr.push(i).push(name),
                        format!("security requirement names `{name}`, which is not under components/securitySchemes"),
                        format!("define `{name}` under components/securitySchemes, or remove it here"),
                    ));
                };
                if !out.contains(&idx) {
                    out.push(idx);
                }
            }
        }
        out.sort_unstable();
        Ok(out)
    }
}

/// The distinct sets of `schemes` indexes the `used` lists hold, in order of first use, each
/// named (see [`SecuritySet::name`]); and for each list, the index of its set.
pub(super) fn security_sets(
    schemes: &[SecurityScheme],
    used: &[&[usize]],
) -> (Vec<SecuritySet>, Vec<usize>) {
    let mut sets: Vec<SecuritySet> = Vec::new();
    let mut names = Scope::default();
    let indexes = used
        .iter()
        .map(|&set| {
            if let Some(i) = sets.iter().position(|s| s.schemes == set) {
                return i;
            }
            let name = match set.len() {
                0 => "NO_CREDENTIAL".to_owned(),
                n if n == schemes.len() && n > 1 => "ANY_CREDENTIAL".to_owned(),
                _ => {
                    let statics: Vec<&str> = set
                        .iter()
                        .map(|s| schemes[*s].static_name.as_str())
                        .collect();
                    format!("CREDENTIAL_{}", statics.join("_OR_"))
                }
            };
            sets.push(SecuritySet {
                name: names.claim(&name),
                schemes: set.to_vec(),
            });
            sets.len() - 1
        })
        .collect();
    (sets, indexes)
}
