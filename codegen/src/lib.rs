//! OpenAPI document (Swagger 2.0, OpenAPI 3.0, 3.1 or 3.2) -> source files of a typed, async Rust
//! client crate.
//!
//! Three stages, data flowing one way: **load** (bytes -> one OpenAPI 3.0 document; its
//! two steps, lowering Swagger 2.0 and OpenAPI 3.1/3.2 and repairing vendor defects, are part
//! of it), **resolve** (document -> IR: names, types, operations, errors located by JSON
//! pointer), **emit** (IR -> formatted Rust; its two steps, making the files as chunks and
//! formatting each chunk, are timed apart). [`generate`] runs all three; [`stages`] runs them
//! one step at a time.
//!
//! # Quick start
//!
//! From a build script, the client of a document in the crate's folder, for the crate to
//! include (see [`build`] for what the crate's `Cargo.toml` needs):
//!
//! ```no_run
//! // In the `main` of build.rs:
//! oapi_rust_codegen::build::generate_into_out_dir("openapi.yaml").unwrap();
//! ```
//!
//! In memory, the files of a client crate (`Cargo.toml`, `src/lib.rs`, ...), for a program
//! to write where it wants:
//!
//! ```
//! use oapi_rust_codegen::{generate, Settings};
//!
//! let document = b"openapi: 3.0.3
//! info: {title: Pets, version: 1.0.0}
//! paths:
//!   /pets:
//!     get:
//!       operationId: listPets
//!       responses:
//!         '200': {description: ok}
//! ";
//! let settings = Settings::new("pets-client", "pets.yaml", "my-generator");
//! let files = generate(document, &settings)?;
//! assert!(files.iter().any(|f| f.path == "src/api/default.rs"));
//! # Ok::<(), oapi_rust_codegen::Error>(())
//! ```
//!
//! A document that does not give a client is an [`Error`] that names the file
//! (`spec_path`), the JSON pointer of the fault and what to change. The command-line tool
//! is the `oapi-rust-gen` binary of the package `oapi-rust-client-gen`.

pub mod build;
mod duplicates;
mod emit;
mod error;
mod filter;
pub mod ir;
mod load;
mod locate;
mod lower;
mod moves;
mod names;
mod overlay;
mod repair;
mod resolve;
#[cfg(test)]
mod runtime_read;
mod runtime_surface;
pub mod surface;

pub use emit::SURFACE_FILE;
pub use error::{Error, ErrorKind};
pub use filter::Filter;
pub use names::is_keyword;
pub use overlay::Overlay;

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
    /// How many threads make and format the code: `None` for one per core. The output is
    /// the same whatever the number.
    pub threads: Option<usize>,
    /// Refuse documents that need a repair (see [`ir::Repair`]) instead of repairing them:
    /// the first one is an [`ErrorKind::Defect`] error.
    pub strict: bool,
    /// The most types `types.rs` holds: an API with more gets a `types/` folder of modules
    /// by name prefix, none over this size unless names share a whole prefix (see
    /// [`TYPES_PER_FILE`]).
    pub types_per_file: usize,
}

impl Settings {
    /// The settings of the crate `crate_name` generated from the document shown as
    /// `spec_path` by `command` (both named in generated headers), with the defaults: the
    /// document's `info.version` as the crate's version, no licence, one thread per core,
    /// repairs made rather than refused, [`TYPES_PER_FILE`]. Change a field with struct
    /// update syntax: `Settings { strict: true, ..Settings::new(..) }`.
    pub fn new(
        crate_name: impl Into<String>,
        spec_path: impl Into<String>,
        command: impl Into<String>,
    ) -> Self {
        Settings {
            crate_name: crate_name.into(),
            crate_version: None,
            spec_path: spec_path.into(),
            command: command.into(),
            license: None,
            threads: None,
            strict: false,
            types_per_file: TYPES_PER_FILE,
        }
    }
}

/// The default of [`Settings::types_per_file`].
pub const TYPES_PER_FILE: usize = 250;

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root, `/`-separated (`src/lib.rs`).
    pub path: String,
    pub contents: String,
}

/// Stack for the generator's work: document models and schemas nest, and deserializing and
/// resolving them recurses once per level, so deep (or hostile) documents need room.
pub(crate) const STACK_BYTES: usize = 256 << 20;

/// Runs `work` on a thread with [`STACK_BYTES`] of stack.
fn on_big_stack<T: Send>(
    file: &str,
    work: impl FnOnce() -> Result<T, Error> + Send,
) -> Result<T, Error> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("codegen".to_owned())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, work)
            .map_err(|e| Error {
                kind: ErrorKind::Invalid,
                file: file.to_owned(),
                pointer: String::new(),
                message: format!("the generator could not start its worker thread ({e})"),
                help: "free memory or threads on this machine and run again".to_owned(),
            })?;
        handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// What a resolved API holds, for progress lines: callers need not read the IR.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Named types.
    pub types: usize,
    /// Operations, in all groups.
    pub operations: usize,
    /// Operation groups (one per tag).
    pub groups: usize,
}

/// The counts of `api`.
pub fn summary(api: &ir::Api) -> Summary {
    Summary {
        types: api.types.len(),
        operations: api.groups.iter().map(|g| g.operations.len()).sum(),
        groups: api.groups.len(),
    }
}

/// Parses and checks a document without emitting anything: the IR it resolves to.
///
/// # Errors
/// When the document cannot be read, does not give a client, or needs a repair while
/// `settings.strict` is set: the error names `settings.spec_path`, the JSON pointer of the
/// fault and a fix.
pub fn resolve(bytes: &[u8], settings: &Settings) -> Result<ir::Api, Error> {
    on_big_stack(&settings.spec_path, || {
        let loaded =
            load::load(bytes, settings.strict).map_err(|e| e.in_file(&settings.spec_path))?;
        let api = resolve::resolve(&loaded.doc)
            .map_err(|e| loaded.locate(e).in_file(&settings.spec_path))?;
        with_repairs(api, &loaded, settings)
    })
}

/// The API with the load stage's repairs first, then resolve's warnings (where the document
/// contradicts HTTP, or allows no payload that decodes), which `strict` refuses like repairs.
/// Resolve's warnings point into the read (lowered, repaired) tree: they are taken back
/// into the document as written through the load stage's moves, and said in its words.
fn with_repairs(
    mut api: ir::Api,
    loaded: &load::Loaded,
    settings: &Settings,
) -> Result<ir::Api, Error> {
    for r in &mut api.repairs {
        r.pointer = loaded.moves.original(&r.pointer);
        for text in [&mut r.found, &mut r.assumed, &mut r.fix] {
            *text = loaded.in_its_words(text);
        }
    }
    if settings.strict {
        if let Some(r) = api.repairs.first() {
            return Err(load::refused(r).in_file(&settings.spec_path));
        }
    }
    let own = std::mem::replace(&mut api.repairs, loaded.repairs.clone());
    api.repairs.extend(own);
    Ok(api)
}

/// The files of a client crate for a resolved API.
///
/// # Errors
/// When the code generated for a file does not parse (a bug in the generator, as the
/// error says).
pub fn emit(api: &ir::Api, settings: &Settings) -> Result<Vec<GeneratedFile>, Error> {
    on_big_stack(&settings.spec_path, || {
        emit::emit(api, settings).map_err(|e| e.in_file(&settings.spec_path))
    })
}

/// The pipeline's stages one by one, on the caller's thread (no extra stack), for callers that
/// time or report them separately. [`generate`] is these four steps in a row: load, resolve,
/// and emit's two steps.
pub mod stages {
    use super::{Error, GeneratedFile, Settings};

    /// A loaded (parsed, version-checked, repaired) document.
    pub struct Document(crate::load::Loaded);

    /// One emitted file, not yet formatted.
    pub use crate::emit::Emitted;

    /// Load: bytes -> document (lowered to OpenAPI 3.0 and repaired).
    pub fn load(bytes: &[u8], settings: &Settings) -> Result<Document, Error> {
        crate::load::load(bytes, settings.strict)
            .map(Document)
            .map_err(|e| e.in_file(&settings.spec_path))
    }

    /// Resolve: document -> IR.
    pub fn resolve(doc: &Document, settings: &Settings) -> Result<crate::ir::Api, Error> {
        let api = crate::resolve::resolve(&doc.0.doc)
            .map_err(|e| doc.0.locate(e).in_file(&settings.spec_path))?;
        super::with_repairs(api, &doc.0, settings)
    }

    /// Emit, first step: IR -> the crate's files, Rust ones as chunks whose tokens are made in
    /// [`format()`] (cheap: token streams cannot cross threads, so they are made where they are
    /// formatted).
    pub fn emit<'a>(api: &'a crate::ir::Api, settings: &Settings) -> Vec<Emitted<'a>> {
        crate::emit::files(api, settings)
    }

    /// Emit, second step: each chunk's tokens made and formatted, on `settings.threads`
    /// threads (the calling thread one of them).
    pub fn format(
        files: Vec<Emitted<'_>>,
        settings: &Settings,
    ) -> Result<Vec<GeneratedFile>, Error> {
        crate::emit::format(files, settings.threads).map_err(|e| e.in_file(&settings.spec_path))
    }
}

/// What is done to a document before it is read, so that the vendor's file stays as the
/// vendor wrote it: overlays applied in order, then the operation filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tailoring {
    /// OpenAPI Overlay (1.0 or 1.1) documents, applied in this order.
    pub overlays: Vec<Overlay>,
    /// Which operations to keep (default: all).
    pub filter: Filter,
}

impl Tailoring {
    /// True when tailoring changes nothing.
    pub fn is_empty(&self) -> bool {
        self.overlays.is_empty() && self.filter.is_empty()
    }
}

/// A tailored document, and the warnings tailoring gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tailored {
    /// The document to generate from: the bytes given when the tailoring is empty, else the
    /// tailored tree as JSON (which [`resolve()`] and [`generate`] read like any document).
    pub document: Vec<u8>,
    /// Each warning with the file it is about: an overlay's action whose target matches
    /// nothing (`/actions/2/target` of that overlay), or a filter entry that matches no
    /// operation (`/paths` of the document).
    pub warnings: Vec<(String, ir::Repair)>,
}

/// Applies `tailoring` to the document `bytes` (YAML or JSON, any version the generator
/// reads), named `spec_path` in messages: each overlay in order, then the operation filter,
/// all on the document as written (before Swagger 2.0 or OpenAPI 3.1/3.2 are lowered).
/// Errors found later point into the tailored document, not the vendor's file.
///
/// # Errors
/// When the document or an overlay is not YAML or JSON, an overlay is not Overlay 1.0 or
/// 1.1 or has a malformed action (the error names the overlay's file and the action's
/// pointer, `/actions/2/target`), the filter keeps no operation, or `strict` is set and
/// tailoring gives a warning (an [`ErrorKind::Defect`]).
pub fn tailor(
    bytes: &[u8],
    spec_path: &str,
    tailoring: &Tailoring,
    strict: bool,
) -> Result<Tailored, Error> {
    if tailoring.is_empty() {
        return Ok(Tailored {
            document: bytes.to_vec(),
            warnings: Vec::new(),
        });
    }
    on_big_stack(spec_path, || {
        let mut doc = load::text(bytes)
            .and_then(|text| duplicates::read(text, "document"))
            .map_err(|e| e.in_file(spec_path))?;
        let mut warnings = Vec::new();
        let refuse = |file: &str, r: &ir::Repair| load::refused(r).in_file(file);
        for o in &tailoring.overlays {
            let outcome =
                overlay::apply(&o.text, &mut doc, spec_path).map_err(|e| e.in_file(&o.path))?;
            for r in outcome.warnings {
                if strict {
                    return Err(refuse(&o.path, &r));
                }
                warnings.push((o.path.clone(), r));
            }
        }
        if !tailoring.filter.is_empty() {
            for r in filter::apply(&tailoring.filter, &mut doc).map_err(|e| e.in_file(spec_path))? {
                if strict {
                    return Err(refuse(spec_path, &r));
                }
                warnings.push((spec_path.to_owned(), r));
            }
        }
        let document = serde_json::to_vec(&doc).map_err(|e| {
            error::Located::new(
                ErrorKind::Invalid,
                &error::Pointer::root(),
                format!("the tailored document cannot be written as JSON ({e})"),
                "report this as a bug in the generator, with the document and overlays",
            )
            .in_file(spec_path)
        })?;
        Ok(Tailored { document, warnings })
    })
}

/// Generates the files of a client crate from the bytes of a document (Swagger 2.0, OpenAPI
/// 3.0, 3.1 or 3.2).
///
/// # Errors
/// When the document cannot be read, does not give a client, or needs a repair while
/// `settings.strict` is set: the error names `settings.spec_path`, the JSON pointer of the
/// fault and a fix.
pub fn generate(bytes: &[u8], settings: &Settings) -> Result<Vec<GeneratedFile>, Error> {
    emit(&resolve(bytes, settings)?, settings)
}
