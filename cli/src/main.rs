//! `oapi-rust-gen`: generate a typed async Rust client crate from an OpenAPI document, check
//! that a committed one is fresh, and report what changed between two versions of an API.
//!
//! Exit codes: 0 success; 1 the document or the crate is at fault (the message names the
//! file, the JSON pointer and what to change), or a stale crate for `check`; 2 a usage error.

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use oapi_rust_client_gen::args::{job, recorded_generate, Generate, Tailor};
use oapi_rust_client_gen::{api_report, default_crate_name, recorded, settings, tailored, warning};
use oapi_rust_codegen::surface::Surface;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The name this program is installed under, as the generated files quote it.
const BIN: &str = "oapi-rust-gen";

#[derive(Parser)]
#[command(
    name = "oapi-rust-gen",
    version,
    about = "Generate a typed async Rust client crate from an OpenAPI document \
             (Swagger 2.0, OpenAPI 3.0, 3.1 or 3.2)",
    after_help = "Exit codes: 0 success; 1 the document or the crate is at fault (or the \
                  crate is stale, for `check`); 2 a usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write a client crate for the document into a folder (all files or none).
    ///
    /// Files the generator wrote before and no longer produces are removed; other files in
    /// the folder are left alone. Defects of a document whose intent is certain (Swagger 2.0
    /// leftovers) are repaired with one warning each; --strict refuses them instead.
    Generate(Generate),
    /// Check that a crate is what the document gives; exit 1 naming the stale files if not.
    ///
    /// Without --spec, the document is the one the crate's header records (the `generate`
    /// command that wrote it); without overlay or filter flags, the recorded ones apply.
    Check {
        /// The OpenAPI document (YAML or JSON); default: the one DIR's header records.
        #[arg(long, value_name = "FILE")]
        spec: Option<PathBuf>,
        /// The generated crate's folder.
        #[arg(long = "crate", value_name = "DIR")]
        crate_dir: PathBuf,
        /// The package name it was generated with (default: the one in DIR/Cargo.toml).
        #[arg(long, value_name = "CRATE", value_parser = oapi_rust_client_gen::crate_name)]
        name: Option<String>,
        /// Refuse a document that needs repairs instead of repairing it.
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        tailor: Tailor,
    },
    /// Report the API changes between two versions of a document, and the version bump.
    ///
    /// The overlay and filter flags apply to both documents (to the new one only when the
    /// old version is a crate); without them, a crate's recorded ones apply.
    Diff {
        /// The old version: a document, or a generated crate's folder (read through its
        /// committed api-surface.json).
        #[arg(long, value_name = "FILE_OR_CRATE_DIR")]
        old: PathBuf,
        /// The new document.
        #[arg(long, value_name = "FILE")]
        new: PathBuf,
        #[command(flatten)]
        tailor: Tailor,
    },
}

fn main() -> ExitCode {
    // clap exits with 2 on a usage error and 0 for --help and --version.
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn run(command: Command) -> Result<bool> {
    match command {
        Command::Generate(args) => {
            let job = args.job(BIN);
            let files = job.files()?;
            job.write(&files)?;
            Ok(true)
        }
        Command::Check {
            spec,
            crate_dir,
            name,
            strict,
            tailor,
        } => {
            let name = match name {
                Some(n) => n,
                None => package_name(&crate_dir)?,
            };
            let header = recorded(&crate_dir);
            let recorded = header
                .as_ref()
                .and_then(|(command, _)| recorded_generate(BIN, command, &crate_dir));
            let spec = match (spec, &recorded) {
                (Some(spec), _) => spec,
                // A document outside every folder the crate's shares is recorded by its
                // file name alone.
                (None, Some(recorded)) if !recorded.spec.is_file() => bail!(
                    "{} records its document as a path from {} that is not a file there \
                     ({}): pass --spec",
                    crate_dir.join("Cargo.toml").display(),
                    crate_dir.display(),
                    recorded.spec.display()
                ),
                (None, Some(recorded)) => recorded.spec.clone(),
                (None, None) => bail!(
                    "{} records no `{BIN} generate` command to take the document from: pass \
                     --spec",
                    crate_dir.join("Cargo.toml").display()
                ),
            };
            let tailor = chosen(tailor, recorded);
            let mut job = job(BIN, &spec, &crate_dir, name, strict, &tailor);
            // The name the crate gives its document is a label: a crate generated from
            // another folder (by `cargo xtask regen`, say) is fresh when its content is.
            if let Some((_, spec_in_crate)) = header {
                job.spec_in_crate = spec_in_crate;
            }
            let files = job.files()?;
            job.check(&files)
        }
        Command::Diff { old, new, tailor } => {
            let (old_surface, tailor) = if old.is_dir() {
                let path = old.join(oapi_rust_codegen::SURFACE_FILE);
                let text = std::fs::read_to_string(&path).with_context(|| {
                    format!(
                        "cannot read {}: is {} a generated crate?",
                        path.display(),
                        old.display()
                    )
                })?;
                let surface = serde_json::from_str(&text)
                    .with_context(|| format!("{} is not a surface file", path.display()))?;
                let recorded =
                    recorded(&old).and_then(|(command, _)| recorded_generate(BIN, &command, &old));
                (surface, chosen(tailor, recorded))
            } else {
                (surface_of(&old, &tailor)?, tailor)
            };
            let new_surface = surface_of(&new, &tailor)?;
            println!(
                "{}",
                api_report(
                    &new.display().to_string(),
                    &old.display().to_string(),
                    &old_surface,
                    &new_surface
                )
            );
            Ok(true)
        }
    }
}

/// The flags given, or when none is, those of the `generate` command a crate records.
fn chosen(given: Tailor, recorded: Option<Generate>) -> Tailor {
    match recorded {
        Some(recorded) if given.is_empty() => recorded.tailor,
        _ => given,
    }
}

/// The public API of the crate `document` gives, tailored as `tailor` says.
fn surface_of(document: &Path, tailor: &Tailor) -> Result<Surface> {
    let bytes =
        std::fs::read(document).with_context(|| format!("cannot read {}", document.display()))?;
    let shown = document.display().to_string();
    let bytes = tailored(&bytes, &shown, &tailor.overlays, &tailor.filter(), false)?;
    let settings = settings(&default_crate_name(document), &shown, BIN);
    let api = oapi_rust_codegen::resolve(&bytes, &settings)?;
    for repair in &api.repairs {
        eprintln!("{}", warning(&shown, repair));
    }
    let files = oapi_rust_codegen::emit(&api, &settings)?;
    let surface = files
        .iter()
        .find(|f| f.path == oapi_rust_codegen::SURFACE_FILE)
        .map(|f| serde_json::from_str(&f.contents))
        .transpose()?
        .unwrap_or_default();
    Ok(surface)
}

/// The `name` of `[package]` in `dir/Cargo.toml`.
fn package_name(dir: &Path) -> Result<String> {
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).with_context(|| {
        format!(
            "cannot read {}: pass --name, or --crate a generated crate's folder",
            manifest.display()
        )
    })?;
    text.lines()
        .skip_while(|l| l.trim() != "[package]")
        .find_map(|l| {
            let (key, value) = l.split_once('=')?;
            (key.trim() == "name").then(|| value.trim().trim_matches('"').to_owned())
        })
        .with_context(|| format!("{} has no [package] name: pass --name", manifest.display()))
}
