//! Generating the client at build time, from a crate's `build.rs`.
//!
//! The client becomes the crate that runs the build script: its `src/lib.rs` includes the
//! generated root module, whose `mod` items point (`#[path]`) into `OUT_DIR`. The generated
//! code names its own items `crate::...`, so it must sit at a crate's root: give the client a
//! small crate of its own (a workspace member) rather than a module of a larger one.
//!
//! ```no_run
//! // The body of `fn main` in build.rs:
//! if let Err(e) = oapi_rust_codegen::build::generate_into_out_dir("openapi.yaml") {
//!     // `file: at /pointer: what is wrong` and a `help:` line.
//!     eprintln!("error: {e}");
//!     std::process::exit(1);
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! //! A client for the Pet Store API, generated at build time from `openapi.yaml`.
//! include!(concat!(env!("OUT_DIR"), "/openapi-client.rs"));
//! ```
//!
//! The crate's `[dependencies]` need what a generated crate's do (`reqwest`, `serde`,
//! `serde_json`, ..., and `wiremock` as an optional one), and its `[features]` the `mock`
//! feature (the typed mock server, for tests): [`generate_into_out_dir`] names the missing
//! ones.

use crate::{Error, ErrorKind, Settings};
use std::path::{Path, PathBuf};

/// The file, in `OUT_DIR`, that the crate's `src/lib.rs` includes.
pub const INCLUDE_FILE: &str = "openapi-client.rs";
/// The folder, in `OUT_DIR`, that holds the generated crate's files.
pub const CRATE_DIR: &str = "openapi-client";

/// Generates the client for `document` (a path relative to the crate's folder) into
/// `OUT_DIR`, for the crate whose build script calls it, and tells cargo to run the script
/// again when the document changes (`cargo:rerun-if-changed`). Repairs of the document's
/// defects are shown as `cargo:warning` lines. Returns the path of [`INCLUDE_FILE`].
///
/// # Errors
/// When not run by cargo as a build script (`OUT_DIR`, `CARGO_MANIFEST_DIR` or
/// `CARGO_PKG_NAME` unset), when the document cannot be read or does not give a client (the
/// error names the file, the JSON pointer and a fix), when `OUT_DIR` cannot be written, and
/// when the crate's `[dependencies]` lack one the generated code uses.
pub fn generate_into_out_dir(document: impl AsRef<Path>) -> Result<PathBuf, Error> {
    generate_into_out_dir_with(document, &Options::default())
}

/// How [`generate_into_out_dir_with`] treats the document, beyond what it says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// OpenAPI Overlay (1.0 or 1.1) documents applied to the document in this order, as paths
    /// relative to the crate's folder; cargo runs the build script again when one changes.
    /// An action whose target matches nothing is a `cargo:warning` (an error with `strict`).
    pub overlays: Vec<PathBuf>,
    /// Which operations to keep, with the schemas they reach (default: all).
    pub filter: crate::Filter,
    /// Refuse a document that needs repairs, and overlay actions or filter entries that
    /// match nothing, instead of warning.
    pub strict: bool,
}

/// [`generate_into_out_dir`] with overlays, an operation filter or strict checking:
///
/// ```no_run
/// // The body of `fn main` in build.rs:
/// let options = oapi_rust_codegen::build::Options {
///     overlays: vec!["local.overlay.yaml".into()],
///     filter: oapi_rust_codegen::Filter { tags: vec!["pets".into()], ..Default::default() },
///     strict: false,
/// };
/// if let Err(e) = oapi_rust_codegen::build::generate_into_out_dir_with("openapi.yaml", &options) {
///     eprintln!("error: {e}");
///     std::process::exit(1);
/// }
/// ```
///
/// # Errors
/// Those of [`generate_into_out_dir`], and when an overlay cannot be read or is not a valid
/// overlay, or the filter keeps no operation (see [`crate::tailor`]).
pub fn generate_into_out_dir_with(
    document: impl AsRef<Path>,
    options: &Options,
) -> Result<PathBuf, Error> {
    let document = document.as_ref();
    let shown = document.display().to_string().replace('\\', "/");
    let manifest_dir = PathBuf::from(env(&shown, "CARGO_MANIFEST_DIR")?);
    let out_dir = PathBuf::from(env(&shown, "OUT_DIR")?);
    let crate_name = env(&shown, "CARGO_PKG_NAME")?;
    let spec = manifest_dir.join(document);
    println!("cargo:rerun-if-changed={}", spec.display());
    let bytes = std::fs::read(&spec).map_err(|e| {
        failure(
            &shown,
            format!("cannot read {} ({e})", spec.display()),
            "give generate_into_out_dir the document's path relative to the crate's folder",
        )
    })?;
    let mut tailoring = crate::Tailoring {
        overlays: Vec::new(),
        filter: options.filter.clone(),
    };
    for overlay in &options.overlays {
        let path = manifest_dir.join(overlay);
        println!("cargo:rerun-if-changed={}", path.display());
        let overlay_shown = overlay.display().to_string().replace('\\', "/");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            failure(
                &overlay_shown,
                format!("cannot read {} ({e})", path.display()),
                "give Options::overlays paths relative to the crate's folder",
            )
        })?;
        tailoring.overlays.push(crate::Overlay {
            path: overlay_shown,
            text,
        });
    }
    let tailored = crate::tailor(&bytes, &shown, &tailoring, options.strict)?;
    for (file, r) in &tailored.warnings {
        println!(
            "cargo:warning={file}: at {}: {}; assumed {} (help: {})",
            r.pointer, r.found, r.assumed, r.fix
        );
    }
    let settings = Settings {
        strict: options.strict,
        ..Settings::new(
            crate_name,
            shown.clone(),
            "oapi_rust_codegen::build::generate_into_out_dir in build.rs",
        )
    };
    let api = crate::resolve(&tailored.document, &settings)?;
    for r in &api.repairs {
        let pointer = if r.pointer.is_empty() {
            "/"
        } else {
            &r.pointer
        };
        println!(
            "cargo:warning={shown}: at {pointer}: {}; assumed {} (help: {})",
            r.found, r.assumed, r.fix
        );
    }
    let files = crate::emit(&api, &settings)?;
    let manifest = files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .map_or("", |f| f.contents.as_str());
    check_dependencies(&manifest_dir.join("Cargo.toml"), manifest)?;
    let root = out_dir.join(CRATE_DIR);
    let write_error = |path: &Path, e: std::io::Error| {
        failure(
            &shown,
            format!("cannot write {} ({e})", path.display()),
            "check that the build's target folder is writable",
        )
    };
    if root.exists() {
        std::fs::remove_dir_all(&root).map_err(|e| write_error(&root, e))?;
    }
    for f in &files {
        let path = root.join(&f.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
        }
        std::fs::write(&path, &f.contents).map_err(|e| write_error(&path, e))?;
    }
    let lib = files
        .iter()
        .find(|f| f.path == "src/lib.rs")
        .map_or("", |f| f.contents.as_str());
    let include = out_dir.join(INCLUDE_FILE);
    std::fs::write(&include, root_module(lib, &root.join("src")))
        .map_err(|e| write_error(&include, e))?;
    Ok(include)
}

fn env(shown: &str, name: &str) -> Result<String, Error> {
    std::env::var(name).map_err(|_| {
        failure(
            shown,
            format!("{name} is not set"),
            "call generate_into_out_dir from a build script (build.rs), which cargo runs with it",
        )
    })
}

fn failure(file: &str, message: String, help: &str) -> Error {
    Error {
        kind: ErrorKind::Invalid,
        file: file.to_owned(),
        pointer: String::new(),
        message,
        help: help.to_owned(),
    }
}

/// The keys of the `[dependencies]` table of a Cargo.toml, with their lines.
fn dependencies(manifest: &str) -> Vec<(&str, &str)> {
    table(manifest, "[dependencies]")
}

/// The keys of the table `header` (`[features]`) of a Cargo.toml, with their lines.
fn table<'m>(manifest: &'m str, header: &str) -> Vec<(&'m str, &'m str)> {
    let mut found = Vec::new();
    let mut inside = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            inside = line == header;
        } else if let (true, Some((key, _))) = (inside, line.split_once('=')) {
            found.push((key.trim(), line));
        }
    }
    found
}

/// Fails, naming the lines to add, when the crate's Cargo.toml lacks a dependency of the
/// generated code.
fn check_dependencies(own_manifest: &Path, generated_manifest: &str) -> Result<(), Error> {
    let shown = own_manifest.display().to_string();
    let own_text = std::fs::read_to_string(own_manifest).map_err(|e| {
        failure(
            &shown,
            format!("cannot read the crate's manifest ({e})"),
            "run the build script through cargo",
        )
    })?;
    let own: Vec<&str> = dependencies(&own_text)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    let missing: Vec<&str> = dependencies(generated_manifest)
        .into_iter()
        .filter(|(k, _)| !own.contains(k))
        .map(|(_, line)| line)
        .collect();
    if missing.is_empty() {
        // The generated code names its features (`#[cfg(feature = "mock")]`): the crate
        // declares them, or every build warns of an unexpected `cfg`.
        let features: Vec<&str> = table(&own_text, "[features]")
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        let missing: Vec<&str> = table(generated_manifest, "[features]")
            .into_iter()
            .filter(|(k, _)| !features.contains(k))
            .map(|(_, line)| line)
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        return Err(missing_lines(
            shown,
            "features",
            "the generated client has features this crate does not declare",
            &missing,
        ));
    }
    Err(missing_lines(
        shown,
        "dependencies",
        "the generated client uses crates this one does not depend on",
        &missing,
    ))
}

/// The error for the `missing` lines (`name = ...`) of the table `table` of the crate's
/// `Cargo.toml` (shown as `shown`): `what`, then the names, and the lines to add.
fn missing_lines(shown: String, table: &str, what: &str, missing: &[&str]) -> Error {
    Error {
        kind: ErrorKind::Invalid,
        file: shown,
        pointer: format!("/{table}"),
        message: format!(
            "{what}: {}",
            missing
                .iter()
                .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim()))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        help: format!("add under [{table}]:\n{}", missing.join("\n")),
    }
}

/// The generated `src/lib.rs` made fit for `include!` at a crate's root: its crate-level
/// docs dropped (the including crate has its own), its inner attributes put on each module
/// instead, and each module given the `#[path]` of its file in `src`.
fn root_module(lib: &str, src: &Path) -> String {
    let mut attributes: Vec<String> = Vec::new();
    let mut out = String::from(
        "// @generated by oapi_rust_codegen::build::generate_into_out_dir: included by the crate's \
         src/lib.rs.\n",
    );
    let mut lines = lib.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("//!") {
            continue;
        }
        if let Some(rest) = line.strip_prefix("#!") {
            let mut attribute = rest.to_owned();
            while !attribute.trim_end().ends_with(']') {
                match lines.next() {
                    Some(more) => {
                        attribute.push('\n');
                        attribute.push_str(more);
                    }
                    None => break,
                }
            }
            attributes.push(format!("#{attribute}"));
            continue;
        }
        let declared = line
            .strip_prefix("pub mod ")
            .or_else(|| line.strip_prefix("mod "))
            .and_then(|rest| rest.strip_suffix(';'));
        if let Some(name) = declared {
            let file = src.join(format!("{name}.rs"));
            let file = if file.exists() {
                file
            } else {
                src.join(name).join("mod.rs")
            };
            for attribute in &attributes {
                out.push_str(attribute);
                out.push('\n');
            }
            out.push_str(&format!("#[path = {:?}]\n", file.display().to_string()));
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_module_points_into_out_dir_and_keeps_the_crate_attributes_on_each_module() {
        let lib = "//! Docs.\n#![deny(missing_docs)]\n#![allow(\n    clippy::a,\n    clippy::b\n)]\npub mod api;\n\n#[allow(dead_code)]\nmod request;\npub use api::X;\n";
        let src = Path::new("/out/openapi-client/src");
        assert_eq!(
            root_module(lib, src),
            "// @generated by oapi_rust_codegen::build::generate_into_out_dir: included by the crate's src/lib.rs.\n\
             #[deny(missing_docs)]\n#[allow(\n    clippy::a,\n    clippy::b\n)]\n\
             #[path = \"/out/openapi-client/src/api/mod.rs\"]\npub mod api;\n\n#[allow(dead_code)]\n\
             #[deny(missing_docs)]\n#[allow(\n    clippy::a,\n    clippy::b\n)]\n\
             #[path = \"/out/openapi-client/src/request/mod.rs\"]\nmod request;\npub use api::X;\n"
        );
    }

    #[test]
    fn a_missing_dependency_is_named_with_the_line_to_add() {
        let dir = std::env::temp_dir().join(format!("codegen-build-deps-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let own = dir.join("Cargo.toml");
        std::fs::write(
            &own,
            "[package]\nname = \"x\"\n\n[dependencies]\nserde = \"1\"\n",
        )
        .unwrap();
        let err = check_dependencies(
            &own,
            "[package]\nname = \"y\"\n\n[dependencies]\nserde = { version = \"1\" }\nurl = \"2\"\n\n[dev-dependencies]\ntokio = \"1\"\n",
        )
        .unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            err.to_string(),
            format!(
                "{}: at /dependencies: the generated client uses crates this one does not depend on: url\n  help: add under [dependencies]:\nurl = \"2\"",
                own.display()
            )
        );
    }

    #[test]
    fn a_missing_feature_is_named_with_the_line_to_add() {
        let dir =
            std::env::temp_dir().join(format!("codegen-build-features-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let own = dir.join("Cargo.toml");
        let wiremock = "wiremock = { version = \"0.6\", optional = true }";
        std::fs::write(
            &own,
            format!("[package]\nname = \"x\"\n\n[dependencies]\n{wiremock}\n"),
        )
        .unwrap();
        let err = check_dependencies(
            &own,
            &format!("[package]\nname = \"y\"\n\n[dependencies]\n{wiremock}\n\n[features]\nmock = [\"dep:wiremock\"]\n"),
        )
        .unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            err.to_string(),
            format!(
                "{}: at /features: the generated client has features this crate does not declare: mock\n  help: add under [features]:\nmock = [\"dep:wiremock\"]",
                own.display()
            )
        );
    }
}
