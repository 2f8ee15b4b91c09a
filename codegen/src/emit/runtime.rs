//! The fixed part of every generated crate: the `runtime` package's modules, copied verbatim.
//!
//! They are ordinary Rust in `runtime/src/`, compiled, linted and unit-tested there; emit
//! only decides which of them a crate needs.

use crate::ir::{Api, BodyKind};

/// One module copied from `runtime/src/`.
pub struct Module {
    /// Its name in the generated crate (and file `src/<name>.rs`).
    pub name: &'static str,
    /// Where it comes from, for the generated file's header.
    pub source: &'static str,
    pub text: &'static str,
}

static CLIENT: Module = Module {
    name: "client",
    source: "runtime/src/client.rs",
    text: include_str!("../../../runtime/src/client.rs"),
};
static NULLABLE: Module = Module {
    name: "nullable",
    source: "runtime/src/nullable.rs",
    text: include_str!("../../../runtime/src/nullable.rs"),
};
static ERROR: Module = Module {
    name: "error",
    source: "runtime/src/error.rs",
    text: include_str!("../../../runtime/src/error.rs"),
};
static REQUEST: Module = Module {
    name: "request",
    source: "runtime/src/request.rs",
    text: include_str!("../../../runtime/src/request.rs"),
};
static REDACT: Module = Module {
    name: "redact",
    source: "runtime/src/redact.rs",
    text: include_str!("../../../runtime/src/redact.rs"),
};
static REDIRECTION: Module = Module {
    name: "redirection",
    source: "runtime/src/redirection.rs",
    text: include_str!("../../../runtime/src/redirection.rs"),
};
static FIT: Module = Module {
    name: "fit",
    source: "runtime/src/fit.rs",
    text: include_str!("../../../runtime/src/fit.rs"),
};
static RETRY: Module = Module {
    name: "retry",
    source: "runtime/src/retry.rs",
    text: include_str!("../../../runtime/src/retry.rs"),
};
static SESSION: Module = Module {
    name: "session",
    source: "runtime/src/session.rs",
    text: include_str!("../../../runtime/src/session.rs"),
};
static STREAM: Module = Module {
    name: "stream",
    source: "runtime/src/stream.rs",
    text: include_str!("../../../runtime/src/stream.rs"),
};
static MULTIPART: Module = Module {
    name: "multipart",
    source: "runtime/src/multipart.rs",
    text: include_str!("../../../runtime/src/multipart.rs"),
};

/// The `mock` feature's server, matchers and read-back: copied into every crate, compiled
/// only with the feature (not part of [`modules`], whose public items are the client's).
pub static MOCK_SERVER: Module = Module {
    name: "mock_server",
    source: "runtime/src/mock_server.rs",
    text: include_str!("../../../runtime/src/mock_server.rs"),
};

/// Whether any operation sends a `multipart/form-data` body (which needs reqwest's
/// `multipart` feature and the `multipart` module).
pub fn uses_multipart(api: &Api) -> bool {
    api.groups
        .iter()
        .flat_map(|g| &g.operations)
        .any(|op| matches!(op.body.as_ref().map(|b| &b.kind), Some(BodyKind::Multipart)))
}

/// Whether any operation documents a 3XX answer (returned as the `redirection` module's
/// `Redirection`).
pub fn uses_redirection(api: &Api) -> bool {
    api.groups
        .iter()
        .flat_map(|g| &g.operations)
        .any(|op| op.documents_redirect())
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
