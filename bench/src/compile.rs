//! `cargo xtask bench --compile`: what users pay on every build of their own project. The
//! crate generated from a synthetic document is compiled in a workspace of its own, next to a
//! program that calls every operation once; once their dependencies are built, `cargo check`
//! of the crate and `cargo build` of the program are timed after touching the crate.

use anyhow::{bail, Context, Result};
use oapi_rust_codegen::ir::{Passing, RustType};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The argument text that passes a value for `passing`, when there is a simple one.
fn argument(passing: &Passing, defaults: &dyn Fn(&str) -> bool) -> Option<String> {
    Some(match passing {
        Passing::Into(RustType::String) => "\"x\"".to_owned(),
        Passing::Into(RustType::I32 | RustType::I64) => "1".to_owned(),
        Passing::Into(RustType::F32 | RustType::F64) => "1.0".to_owned(),
        Passing::Into(RustType::Bool) => "true".to_owned(),
        Passing::Ref(RustType::Named(n)) if defaults(n) => "&Default::default()".to_owned(),
        Passing::Items(RustType::String) => "[\"x\"]".to_owned(),
        Passing::Slice(_) => "&[]".to_owned(),
        Passing::Body => "Vec::<u8>::new()".to_owned(),
        _ => return None,
    })
}

fn cargo(dir: &Path, args: &[&str]) -> Result<Duration> {
    let started = Instant::now();
    let out = Command::new(xtask::cargo())
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .output()?;
    if !out.status.success() {
        bail!(
            "cargo {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(started.elapsed())
}

/// Makes the file's modification time new, so that cargo rebuilds the crate.
fn touch(path: &Path) -> Result<()> {
    let text = std::fs::read(path)?;
    std::fs::write(path, text)?;
    Ok(())
}

/// Writes our crate for `document` to `<dir>/client`.
fn generate(dir: &Path, document: &[u8]) -> Result<oapi_rust_codegen::ir::Api> {
    generate_as(
        dir,
        "client",
        "synthetic-client",
        document,
        oapi_rust_codegen::TYPES_PER_FILE,
    )
}

/// Writes our crate for `document` to `<dir>/<folder>`, named `name`, with at most
/// `types_per_file` types in `types.rs`.
fn generate_as(
    dir: &Path,
    folder: &str,
    name: &str,
    document: &[u8],
    types_per_file: usize,
) -> Result<oapi_rust_codegen::ir::Api> {
    let settings = oapi_rust_codegen::Settings {
        types_per_file,
        ..xtask::settings(name, "synthetic.json", "cargo xtask bench --compile")
    };
    let api = oapi_rust_codegen::resolve(document, &settings)?;
    let _ = std::fs::remove_dir_all(dir.join(folder));
    for file in oapi_rust_codegen::emit(&api, &settings)? {
        let path = dir.join(folder).join(&file.path);
        std::fs::create_dir_all(path.parent().context("a file's folder")?)?;
        std::fs::write(path, file.contents)?;
    }
    Ok(api)
}

/// `cargo xtask bench --types`: the crate generated from `document` with its types in one
/// `types.rs` and in modules by name prefix (the default), each checked from nothing once
/// their dependencies are, then again after touching it; the same run times both.
pub fn types_layout(document: &[u8], operations: usize) -> Result<()> {
    let root = xtask::workspace_root();
    let dir = root.join("target/bench/types");
    std::fs::create_dir_all(&dir)?;
    let api = generate_as(&dir, "one-file", "one-file", document, usize::MAX)?;
    generate_as(
        &dir,
        "modules",
        "modules",
        document,
        oapi_rust_codegen::TYPES_PER_FILE,
    )?;
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"one-file\", \"modules\"]\n",
    )?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))?;
    let largest = |folder: &str| -> Result<(u64, usize)> {
        let mut files = 0;
        let mut largest = 0;
        let types = dir.join(folder).join("src/types");
        let paths: Vec<std::path::PathBuf> = if types.is_dir() {
            std::fs::read_dir(&types)?
                .map(|e| e.map(|e| e.path()))
                .collect::<std::io::Result<_>>()?
        } else {
            vec![dir.join(folder).join("src/types.rs")]
        };
        for path in paths {
            files += 1;
            largest = largest.max(std::fs::read_to_string(path)?.lines().count() as u64);
        }
        Ok((largest, files))
    };
    println!(
        "synthetic-{operations}: {} types; cargo check of its crate (dependencies already checked): from nothing, then again after a regen touched it",
        api.types.len()
    );
    // Dependencies first, not timed.
    cargo(
        &dir,
        &[
            "check",
            "--quiet",
            "--offline",
            "-p",
            "reqwest",
            "-p",
            "serde",
            "-p",
            "serde_json",
            "-p",
            "form_urlencoded",
            "-p",
            "base64",
        ],
    )?;
    let mut rows = Vec::new();
    for (package, what) in [
        ("one-file", "types.rs alone"),
        ("modules", "types/ by name prefix"),
    ] {
        let first = cargo(&dir, &["check", "--quiet", "--offline", "-p", package])?;
        touch(&dir.join(package).join("src/lib.rs"))?;
        let again = cargo(&dir, &["check", "--quiet", "--offline", "-p", package])?;
        let (lines, files) = largest(package)?;
        println!(
            "  {what}: {files} files, the largest {lines} lines; cargo check {:.1} s, again after a touch {:.1} s",
            first.as_secs_f64(),
            again.as_secs_f64()
        );
        rows.push((first, again));
    }
    println!(
        "  modules / one file: cargo check {:.2}, again after a touch {:.2}",
        rows[1].0.as_secs_f64() / rows[0].0.as_secs_f64(),
        rows[1].1.as_secs_f64() / rows[0].1.as_secs_f64()
    );
    Ok(())
}

/// `document` with each `default` response under `4XX` instead: cargo-progenitor stops
/// (an assertion fails) on an operation whose `default` response has another body type than
/// its success response, as every operation of the synthetic documents does.
fn without_default_responses(document: &[u8]) -> Result<Vec<u8>> {
    let mut doc: serde_json::Value = serde_json::from_slice(document)?;
    if let Some(paths) = doc["paths"].as_object_mut() {
        for item in paths.values_mut() {
            for op in item
                .as_object_mut()
                .into_iter()
                .flat_map(|i| i.values_mut())
            {
                if let Some(responses) = op["responses"].as_object_mut() {
                    if let Some(default) = responses.remove("default") {
                        responses.insert("4XX".to_owned(), default);
                    }
                }
            }
        }
    }
    Ok(serde_json::to_vec(&doc)?)
}

pub fn run(document: &[u8], operations: usize) -> Result<()> {
    let root = xtask::workspace_root();
    let dir = root.join("target/bench/compile");
    let _ = std::fs::remove_dir_all(dir.join("client"));
    let _ = std::fs::remove_dir_all(dir.join("app"));
    std::fs::create_dir_all(&dir)?;

    let api = generate(&dir, document)?;

    // A program that calls every operation once (the ones with arguments it can make).
    let defaults = |name: &str| api.types.iter().any(|t| t.name == name && t.default);
    let mut calls = String::new();
    let mut called = 0;
    for group in &api.groups {
        for op in &group.operations {
            let args: Option<Vec<String>> = op
                .arguments()
                .map(|i| argument(&i.passing, &defaults))
                .collect();
            if let Some(args) = args {
                let _ = writeln!(
                    calls,
                    "    let _ = client.{}().{}({}).await;",
                    group.accessor,
                    op.fn_name,
                    args.join(", ")
                );
                called += 1;
            }
        }
    }
    std::fs::create_dir_all(dir.join("app/src"))?;
    std::fs::write(
        dir.join("app/src/main.rs"),
        format!(
            "async fn every_operation(client: &synthetic_client::Client) {{\n{calls}}}\n\nfn main() {{\n    let _ = every_operation;\n}}\n"
        ),
    )?;
    std::fs::write(
        dir.join("app/Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nsynthetic-client = { path = \"../client\" }\n",
    )?;
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"client\", \"app\"]\n",
    )?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))?;

    println!("Compiling the crate generated from synthetic-{operations} ({called} operations called by the program), dependencies already built");
    // Dependencies first, not timed.
    cargo(&dir, &["build", "--quiet", "--offline", "-p", "app"])?;
    cargo(
        &dir,
        &["check", "--quiet", "--offline", "-p", "synthetic-client"],
    )?;
    let lib = dir.join("client/src/lib.rs");
    touch(&lib)?;
    let check = cargo(
        &dir,
        &["check", "--quiet", "--offline", "-p", "synthetic-client"],
    )?;
    // The `mock` feature (a typed mock server, for users' tests): its dependencies first,
    // not timed, then the crate again with it.
    let with_mock = [
        "check",
        "--quiet",
        "--offline",
        "-p",
        "synthetic-client",
        "--features",
        "mock",
    ];
    cargo(&dir, &with_mock)?;
    touch(&lib)?;
    let mock = cargo(&dir, &with_mock)?;
    touch(&lib)?;
    let build = cargo(&dir, &["build", "--quiet", "--offline", "-p", "app"])?;
    let per_100 = |d: Duration| d.as_secs_f64() * 100.0 / operations.max(1) as f64;
    println!(
        "cargo check of the crate: {:.1} s ({:.2} s per 100 operations)",
        check.as_secs_f64(),
        per_100(check)
    );
    println!(
        "cargo check of the crate with the `mock` feature: {:.1} s ({:.2} s per 100 operations, {:+.0}%)",
        mock.as_secs_f64(),
        per_100(mock),
        (mock.as_secs_f64() / check.as_secs_f64().max(f64::EPSILON) - 1.0) * 100.0
    );
    println!(
        "cargo build of the crate and the program: {:.1} s ({:.2} s per 100 operations)",
        build.as_secs_f64(),
        per_100(build)
    );
    let progenitor = Command::new(xtask::cargo())
        .args(["progenitor", "--help"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !progenitor {
        println!("cargo-progenitor is not installed: no comparison with its crate (cargo install cargo-progenitor)");
        return Ok(());
    }
    // The same document for both, in the form cargo-progenitor accepts.
    let document = without_default_responses(document)?;
    generate(&dir, &document)?;
    touch(&lib)?;
    let ours = cargo(
        &dir,
        &["check", "--quiet", "--offline", "-p", "synthetic-client"],
    )?;
    let theirs = progenitor_check(&dir, &document)?;
    println!(
        "with `default` responses as `4XX` (cargo-progenitor stops on the document as it is): cargo check of our crate {:.1} s, of cargo-progenitor's (builder interface) {:.1} s ({:.2} s per 100 operations); ours / theirs: {:.2} (target: at most 1.0)",
        ours.as_secs_f64(),
        theirs.as_secs_f64(),
        per_100(theirs),
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
    Ok(())
}

/// Generates cargo-progenitor's crate for `document` beside ours, builds its dependencies
/// (fetched if need be), then times `cargo check` of the crate alone.
fn progenitor_check(dir: &Path, document: &[u8]) -> Result<Duration> {
    let spec = dir.join("synthetic.json");
    std::fs::write(&spec, document)?;
    let out = dir.join("progenitor");
    let _ = std::fs::remove_dir_all(&out);
    let generated = Command::new(xtask::cargo())
        .arg("progenitor")
        .arg("-i")
        .arg(&spec)
        .arg("-o")
        .arg(&out)
        .args([
            "-n",
            "synthetic-progenitor",
            "-v",
            "0.1.0",
            "--interface",
            "builder",
        ])
        .output()?;
    if !generated.status.success() {
        bail!(
            "cargo progenitor failed: {}",
            String::from_utf8_lossy(&generated.stderr)
        );
    }
    // A workspace of its own: its dependencies are not ours.
    let manifest = out.join("Cargo.toml");
    let mut text = std::fs::read_to_string(&manifest)?;
    if !text.contains("[workspace]") {
        text.push_str("\n[workspace]\n");
        std::fs::write(&manifest, text)?;
    }
    cargo(&out, &["check", "--quiet"])?;
    touch(&out.join("src/lib.rs"))?;
    cargo(&out, &["check", "--quiet"])
}
