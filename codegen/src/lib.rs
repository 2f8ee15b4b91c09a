//! OpenAPI 3.0 document -> source files of a typed, async Rust client crate.
//!
//! Three stages, data flowing one way: `load` (bytes -> document),
//! `resolve` (document -> IR: names, types, operations, errors located by JSON pointer),
//! `emit` (IR -> formatted Rust). [`generate`] runs all three.

mod emit;
mod error;
pub mod ir;
mod load;
mod names;
mod resolve;

pub use error::{Error, ErrorKind};

/// What to generate, beyond what the document says.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The package name of the generated crate (`cohesity-users`).
    pub crate_name: String,
    /// The crate version; `None` takes the document's `info.version`.
    pub crate_version: Option<String>,
    /// The document's path as shown in generated headers and error messages.
    pub spec_path: String,
    /// The command that regenerates the crate, named in generated headers.
    pub command: String,
    /// The `license` field of the generated Cargo.toml.
    pub license: Option<String>,
}

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root, `/`-separated (`src/lib.rs`).
    pub path: String,
    pub contents: String,
}

/// Parses and checks a document without emitting anything: the IR it resolves to.
pub fn resolve(bytes: &[u8], settings: &Settings) -> Result<ir::Api, Error> {
    let doc = load::load(bytes).map_err(|e| e.in_file(&settings.spec_path))?;
    resolve::resolve(&doc).map_err(|e| e.in_file(&settings.spec_path))
}

/// The files of a client crate for a resolved API.
pub fn emit(api: &ir::Api, settings: &Settings) -> Result<Vec<GeneratedFile>, Error> {
    emit::emit(api, settings).map_err(|e| e.in_file(&settings.spec_path))
}

/// Generates the files of a client crate from the bytes of an OpenAPI 3.0 document.
pub fn generate(bytes: &[u8], settings: &Settings) -> Result<Vec<GeneratedFile>, Error> {
    emit(&resolve(bytes, settings)?, settings)
}
