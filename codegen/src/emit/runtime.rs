//! The fixed part of every generated crate: the `runtime` package's modules, copied verbatim.
//!
//! They are ordinary Rust in `runtime/src/`, compiled, linted and unit-tested there; emit
//! only decides which of them a crate needs.

use crate::ir::{Api, RequestPayload};

/// One module copied from `runtime/src/`.
pub struct Module {
    /// Its name in the generated crate (and file `src/<name>.rs`).
    pub name: &'static str,
    /// Where it comes from, for the generated file's header.
    pub source: &'static str,
    pub text: &'static str,
}

/// The static `$static` of the runtime module `runtime/src/$name.rs`.
macro_rules! module {
    ($(#[$doc:meta])* $vis:vis $static:ident = $name:literal) => {
        $(#[$doc])*
        $vis static $static: Module = Module {
            name: $name,
            source: concat!("runtime/src/", $name, ".rs"),
            text: include_str!(concat!("../../../runtime/src/", $name, ".rs")),
        };
    };
}

module!(CLIENT = "client");
module!(NULLABLE = "nullable");
module!(ERROR = "error");
module!(REQUEST = "request");
module!(REDACT = "redact");
module!(REDIRECTION = "redirection");
module!(HEADERS = "headers");
module!(FIT = "fit");
module!(RETRY = "retry");
module!(SESSION = "session");
module!(STREAM = "stream");
module!(MULTIPART = "multipart");
module!(
    /// The `mock` feature's server, matchers and read-back: copied into every crate, compiled
    /// only with the feature (not part of [`modules`], whose public items are the client's).
    pub MOCK_SERVER = "mock_server"
);

/// Whether any operation sends a `multipart/form-data` body (which needs reqwest's
/// `multipart` feature and the `multipart` module).
pub fn uses_multipart(api: &Api) -> bool {
    api.groups.iter().flat_map(|g| &g.operations).any(|op| {
        matches!(
            op.body.as_ref().map(|b| &b.kind),
            Some(RequestPayload::Multipart(_))
        )
    })
}

/// Whether any operation documents a 3XX answer (returned as the `redirection` module's
/// `Redirection`).
pub fn uses_redirection(api: &Api) -> bool {
    api.groups
        .iter()
        .flat_map(|g| &g.operations)
        .any(|op| op.documents_redirect())
}

/// Whether any operation's success answers document headers (read by its builder's
/// `with_headers()` with the `headers` module).
pub fn uses_headers(api: &Api) -> bool {
    api.groups
        .iter()
        .flat_map(|g| &g.operations)
        .any(|op| op.response_headers.is_some())
}

/// Whether any operation reads a success body item by item (3.2's `itemSchema`, as the
/// `stream` module's `ItemStream`).
pub fn uses_stream(api: &Api) -> bool {
    api.groups
        .iter()
        .flat_map(|g| &g.operations)
        .any(|op| op.streams())
}

/// Whether a model holds an absent / `null` / value property (see `RustType::Nullable`).
pub fn uses_nullable(api: &Api) -> bool {
    api.types.iter().any(|t| {
        matches!(&t.kind, crate::ir::TypeKind::Struct { fields }
            if fields.iter().any(|f| matches!(f.ty, crate::ir::RustType::Nullable(_))))
    })
}

/// The runtime modules the crate for `api` needs.
pub fn modules(api: &Api) -> Vec<&'static Module> {
    let mut out = vec![&CLIENT, &ERROR, &REDACT, &REQUEST, &RETRY, &SESSION];
    if uses_multipart(api) {
        out.push(&MULTIPART);
    }
    if uses_redirection(api) {
        out.push(&REDIRECTION);
    }
    if uses_headers(api) {
        out.push(&HEADERS);
    }
    if uses_stream(api) {
        out.push(&STREAM);
    }
    if super::types::has_untagged_union(api) {
        out.push(&FIT);
    }
    if uses_nullable(api) {
        out.push(&NULLABLE);
    }
    out
}
