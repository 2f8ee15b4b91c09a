//! What the codegen test files share: the settings of a test crate, and documents and IR
//! lookups that several files build their cases on.

// Each file under tests/ is a crate of its own that uses a part of this module.
#![allow(dead_code)]

use oapi_rust_codegen::ir::{Api, TypeDef};
use oapi_rust_codegen::Settings;

/// The settings of a test crate `t` from `t.yaml`: one thread, repairs made rather than
/// refused, the default types per file. A test that needs another value says only that one:
/// `Settings { strict: true, ..settings() }`.
pub fn settings() -> Settings {
    Settings {
        threads: Some(1),
        ..Settings::new("t", "t.yaml", "test")
    }
}

/// The `openapi` and `info` lines of a 3.0 test document.
pub const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

/// A document with no operations and these schemas (YAML, at the indentation of a schema
/// name under `components/schemas`).
pub fn schemas(text: &str) -> String {
    format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n{text}")
}

/// The IR of `text` under [`settings`]; panics with the error and the document.
pub fn resolve(text: &str) -> Api {
    oapi_rust_codegen::resolve(text.as_bytes(), &settings())
        .unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The type named `name`; panics when there is none.
pub fn def<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

/// Each repair's pointer and what it found, in order.
pub fn repairs_found(api: &Api) -> Vec<(&str, &str)> {
    api.repairs
        .iter()
        .map(|r| (r.pointer.as_str(), r.found.as_str()))
        .collect()
}
