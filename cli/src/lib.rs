//! The generator as a tool: what the `oapi-rust-gen` command and `cargo xtask` share.
//!
//! A [`Job`] generates one client crate from one OpenAPI document in memory, then writes it
//! all-or-nothing ([`write::replace_generated`]), checks a committed copy against it
//! ([`Job::check`]), or reports what changed for the crate's users ([`api_report`]). The
//! generator itself is the `codegen` library.

pub mod args;
pub mod config;
pub mod write;

use anyhow::{Context, Result};
use oapi_rust_codegen::surface::Surface;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Generation settings for a crate named `crate_name` from the document shown as `spec_path`.
pub fn settings(crate_name: &str, spec_path: &str, command: &str) -> oapi_rust_codegen::Settings {
    oapi_rust_codegen::Settings {
        license: Some("MIT OR Apache-2.0".to_owned()),
        ..oapi_rust_codegen::Settings::new(crate_name, spec_path, command)
    }
}

/// The warning shown for a repaired defect of the document `file`.
pub fn warning(file: &str, repair: &oapi_rust_codegen::ir::Repair) -> String {
    format!(
        "warning: {file}: at {}: {}; assumed {}\n  help: {} (or pass --strict to refuse such documents)",
        if repair.pointer.is_empty() {
            "/"
        } else {
            &repair.pointer
        },
        repair.found,
        repair.assumed,
        repair.fix
    )
}

/// A crate-name-friendly form of a file name: `param-overrides.yaml` -> `param-overrides`.
pub fn crate_stem(file: &str) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    name.trim_matches('-').to_owned()
}

/// The API-change report `regen` prints: breaking and non-breaking changes for users of the
/// crate in `out`, and the version bump they imply.
pub fn api_report(
    spec: &str,
    out: &str,
    old: &oapi_rust_codegen::surface::Surface,
    new: &oapi_rust_codegen::surface::Surface,
) -> String {
    use oapi_rust_codegen::surface::{diff, next_version, version_at_least, Bump};
    use std::fmt::Write;
    let report = diff(old, new);
    if report.is_empty() {
        return format!("{spec}: no change to the public API of {out}");
    }
    let mut text = format!("{spec}: API changes for users of {out}:\n");
    for (title, lines) in [
        ("breaking", &report.breaking),
        ("non-breaking", &report.non_breaking),
    ] {
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(text, "  {title}:");
        for line in lines {
            let _ = writeln!(text, "    - {line}");
        }
    }
    let bump = report.bump();
    let needed = next_version(&old.version, bump);
    let kind = match bump {
        Bump::Major => "breaking changes: a major version bump",
        Bump::Minor | Bump::Patch => "additions only: a minor version bump",
        Bump::None => "no version bump",
    };
    let verdict = if version_at_least(&new.version, &needed) {
        format!("version {} -> {} is enough", old.version, new.version)
    } else {
        format!(
            "the version is {} (from info.version): raise info.version to {needed} or more",
            new.version
        )
    };
    let _ = write!(
        text,
        "  semver: {kind} ({} -> at least {needed}); {verdict}",
        old.version
    );
    text
}

/// The document's path as the generated files name it: relative to the crate's folder
/// (`../api.yaml`), or its file name when the two share no folder but the root; never an
/// absolute path of this machine.
pub fn shown_spec_path(spec: &Path, out: &Path) -> String {
    use std::path::Component;
    let file_name = || {
        spec.file_name()
            .map_or_else(|| "api".to_owned(), |n| n.to_string_lossy().into_owned())
    };
    let parts = |p: &Path| -> Option<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for c in std::path::absolute(p).ok()?.components() {
            match c {
                Component::Normal(n) => out.push(n.to_string_lossy().into_owned()),
                Component::ParentDir => {
                    out.pop();
                }
                _ => {}
            }
        }
        Some(out)
    };
    let (Some(spec_parts), Some(out_parts)) = (parts(spec), parts(out)) else {
        return file_name();
    };
    let common = spec_parts
        .iter()
        .zip(&out_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return file_name();
    }
    let mut shown: Vec<String> = vec!["..".to_owned(); out_parts.len() - common];
    shown.extend(spec_parts[common..].iter().cloned());
    shown.join("/")
}

/// The crate name `generate` gives when none is asked for: `petstore.yaml` ->
/// `petstore-client`; a file name that does not start with a letter is prefixed
/// (`2024-01-01.yaml` -> `api-2024-01-01-client`, `.yaml` -> `api-client`). Always a name
/// [`crate_name`] takes.
pub fn default_crate_name(spec: &Path) -> String {
    let file = spec.file_name().and_then(|s| s.to_str()).unwrap_or("api");
    let mut stem = crate_stem(file);
    if !stem.starts_with(|c: char| c.is_ascii_alphabetic()) {
        stem = format!("api-{stem}").trim_end_matches('-').to_owned();
    }
    // `-client` within crates.io's 64 characters.
    stem.truncate(CRATE_NAME_MAX - "-client".len());
    format!("{}-client", stem.trim_end_matches('-'))
}

/// The longest package name crates.io takes.
const CRATE_NAME_MAX: usize = 64;

/// `name` when Cargo takes it as a package name, crates.io would publish it and Rust code
/// can name its library (as the crate's documentation and examples do): ASCII letters,
/// digits, `-` and `_`, starting with a letter, at most 64 characters, and (`-` read as `_`)
/// neither a Rust keyword nor a crate every Rust program has (`std`, `core`, `alloc`,
/// `proc_macro`, `test`). The rules are Cargo's (`cargo new`) and crates.io's.
///
/// # Errors
/// What is wrong with `name`, as `--name`'s error says it.
pub fn crate_name(name: &str) -> Result<String, String> {
    let library = name.replace('-', "_");
    let problem = if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        "it must start with an ASCII letter"
    } else if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "`{name}` is not a crate name: `{c}` is not an ASCII letter, digit, `-` or `_`"
        ));
    } else if name.len() > CRATE_NAME_MAX {
        "it is longer than 64 characters"
    } else if oapi_rust_codegen::is_keyword(&library) {
        "it is a Rust keyword"
    } else if ["std", "core", "alloc", "proc_macro", "test"].contains(&library.as_str()) {
        "it is the name of a crate of Rust's standard library"
    } else {
        return Ok(name.to_owned());
    };
    Err(format!("`{name}` is not a crate name: {problem}"))
}

/// The command and the document path a generated crate records in its header
/// (`` # @generated by `...` from spec/users.yaml (Title 1.0). ``, the first line of its
/// `Cargo.toml`), if it has one: `("oapi-rust-gen generate --spec ../api.yaml --out .",
/// "../api.yaml")`. The path is the name `check` gives the document, so that a crate
/// generated elsewhere (by `cargo xtask`, from another folder) compares equal when only that
/// name differs; the command is what `check` and `diff` read flags from
/// ([`args::recorded_generate`]).
pub fn recorded(crate_dir: &Path) -> Option<(String, String)> {
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).ok()?;
    let first = manifest.lines().next()?;
    let rest = first.strip_prefix("# @generated by `")?;
    let (command, after) = rest.split_once("` from ")?;
    let (spec, _) = after.split_once(" (")?;
    Some((command.to_owned(), spec.to_owned()))
}

/// The document `bytes` (named `shown` in messages) with the overlays at `overlays` applied
/// and only the operations `filter` keeps, each warning printed on stderr.
///
/// # Errors
/// When an overlay cannot be read, or the tailoring fails (the error names the file and the
/// JSON pointer).
pub fn tailored(
    bytes: &[u8],
    shown: &str,
    overlays: &[PathBuf],
    filter: &oapi_rust_codegen::Filter,
    strict: bool,
) -> Result<Vec<u8>> {
    let mut tailoring = oapi_rust_codegen::Tailoring {
        overlays: Vec::new(),
        filter: filter.clone(),
    };
    for path in overlays {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the overlay {}", path.display()))?;
        tailoring.overlays.push(oapi_rust_codegen::Overlay {
            path: path.display().to_string(),
            text,
        });
    }
    let tailored = oapi_rust_codegen::tailor(bytes, shown, &tailoring, strict)?;
    for (file, repair) in &tailored.warnings {
        eprintln!("{}", warning(file, repair));
    }
    Ok(tailored.document)
}

/// A crate generated in memory, and what it holds.
#[derive(Debug)]
pub struct Generated {
    pub files: Vec<oapi_rust_codegen::GeneratedFile>,
    /// The per-stage progress lines, shown when something changed or with `--verbose`.
    pub stages: String,
    pub types: usize,
    pub operations: usize,
    /// Load to format, writing not included.
    pub elapsed: std::time::Duration,
}

/// One crate to generate from one document, and how to report it.
#[derive(Debug, Clone)]
pub struct Job {
    pub spec: PathBuf,
    /// The document's path as messages show it (as given).
    pub spec_display: String,
    /// The document's path as the generated files name it.
    pub spec_in_crate: String,
    pub out: PathBuf,
    pub out_display: String,
    pub crate_name: String,
    pub command: String,
    /// OpenAPI Overlay documents applied to the document, in order (paths as given, shown
    /// as given).
    pub overlays: Vec<PathBuf>,
    /// Which operations to keep (default: all).
    pub filter: oapi_rust_codegen::Filter,
    /// Print progress and every file even when nothing changed.
    pub verbose: bool,
    /// Refuse a document that needs repairs instead of repairing it.
    pub strict: bool,
    /// Show how long each stage took (`cargo xtask`); without it the output is the same on
    /// every run (the `oapi-rust-gen` command, whose work takes well under a second for
    /// most documents).
    pub timings: bool,
}

impl Job {
    /// Generates the crate in memory, with a progress line per stage on stderr.
    /// # Errors
    /// When the document cannot be read or does not give a client (the error names the file,
    /// the JSON pointer and a fix).
    pub fn files(&self) -> Result<Generated> {
        let started = Instant::now();
        let bytes = std::fs::read(&self.spec)
            .with_context(|| format!("cannot read {}", self.spec.display()))?;
        let bytes = tailored(
            &bytes,
            &self.spec_display,
            &self.overlays,
            &self.filter,
            self.strict,
        )?;
        // Messages name the document as given; the generated files, as the crate sees it.
        let settings = oapi_rust_codegen::Settings {
            strict: self.strict,
            ..settings(&self.crate_name, &self.spec_display, &self.command)
        };
        let api = oapi_rust_codegen::resolve(&bytes, &settings)?;
        let settings = oapi_rust_codegen::Settings {
            spec_path: self.spec_in_crate.clone(),
            ..settings
        };
        for repair in &api.repairs {
            eprintln!("{}", warning(&self.spec_display, repair));
        }
        let summary = oapi_rust_codegen::summary(&api);
        let mut stages = format!(
            "{}: load + resolve: {} types, {} operations in {} groups ({:.1?})\n",
            self.spec_display,
            summary.types,
            summary.operations,
            summary.groups,
            started.elapsed()
        );
        let emit_started = Instant::now();
        let files = oapi_rust_codegen::emit(&api, &settings)?;
        stages.push_str(&format!(
            "{}: emit + format: {} files ({:.1?})",
            self.spec_display,
            files.len(),
            emit_started.elapsed()
        ));
        if self.verbose && self.timings {
            eprintln!("{stages}");
        }
        Ok(Generated {
            files,
            stages,
            types: summary.types,
            operations: summary.operations,
            elapsed: started.elapsed(),
        })
    }

    /// Writes the crate all-or-nothing, printing what changed for its users and which files.
    ///
    /// # Errors
    /// When a file cannot be written (nothing is changed then) or the committed surface file
    /// cannot be read.
    pub fn write(&self, generated: &Generated) -> Result<()> {
        if !self.verbose && write::stale(&self.out, &generated.files)?.is_empty() {
            println!(
                "{} is up to date with {} ({} files)",
                self.out_display,
                self.spec_display,
                generated.files.len()
            );
            return Ok(());
        }
        if !self.verbose {
            eprintln!("{}", generated.stages);
        }
        // What changes for the crate's users, judged before the committed surface is replaced.
        println!("{}", self.api_changes(generated)?);
        let report = write::replace_generated(&self.out, &generated.files)?;
        // Unchanged files are counted in the summary, not listed.
        for line in report.iter().filter(|l| !l.ends_with("(unchanged)")) {
            println!("{}/{line}", self.out_display);
        }
        let mut summary = format!(
            "{}: {} files in {}: {} types, {} operations",
            self.spec_display,
            generated.files.len(),
            self.out_display,
            generated.types,
            generated.operations,
        );
        if self.timings {
            summary.push_str(&format!(", generated in {:.1?}", generated.elapsed));
        }
        eprintln!("{summary}");
        Ok(())
    }

    /// Reports whether the committed crate is what the document gives.
    /// # Errors
    /// When the committed surface file cannot be read.
    pub fn check(&self, generated: &Generated) -> Result<bool> {
        let stale = write::stale(&self.out, &generated.files)?;
        if stale.is_empty() {
            println!(
                "{} is up to date with {}",
                self.out_display, self.spec_display
            );
            return Ok(true);
        }
        eprintln!(
            "{} is stale: these files differ from what {} gives:",
            self.out_display, self.spec_display
        );
        for path in stale {
            eprintln!("  {}/{path}", self.out_display);
        }
        eprintln!("{}", self.api_changes(generated)?);
        eprintln!("run `{}` and commit the result", self.command);
        Ok(false)
    }

    /// The API-change report: the committed crate's surface against the new one.
    /// # Errors
    /// When the committed surface file is not one.
    pub fn api_changes(&self, generated: &Generated) -> Result<String> {
        let new: Surface = generated
            .files
            .iter()
            .find(|f| f.path == oapi_rust_codegen::SURFACE_FILE)
            .map(|f| serde_json::from_str(&f.contents))
            .transpose()?
            .unwrap_or_default();
        let old_path = self.out.join(oapi_rust_codegen::SURFACE_FILE);
        let old: Surface = match std::fs::read_to_string(&old_path) {
            Ok(text) => serde_json::from_str(&text)
                .with_context(|| format!("{} is not a surface file", old_path.display()))?,
            Err(_) => {
                return Ok(format!(
                    "{}: no {}/{} yet, so no API changes to report",
                    self.spec_display,
                    self.out_display,
                    oapi_rust_codegen::SURFACE_FILE
                ))
            }
        };
        Ok(api_report(
            &self.spec_display,
            &self.out_display,
            &old,
            &new,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_are_cargos() {
        for ok in ["petstore-client", "a", "my_api2", "Api-X"] {
            assert_eq!(crate_name(ok).as_deref(), Ok(ok));
        }
        for (bad, why) in [
            ("9lives", "it must start with an ASCII letter"),
            ("-x", "it must start with an ASCII letter"),
            ("_x", "it must start with an ASCII letter"),
            ("", "it must start with an ASCII letter"),
            ("type", "it is a Rust keyword"),
            ("self", "it is a Rust keyword"),
            (
                "proc-macro",
                "it is the name of a crate of Rust's standard library",
            ),
            (
                "std",
                "it is the name of a crate of Rust's standard library",
            ),
        ] {
            assert_eq!(
                crate_name(bad),
                Err(format!("`{bad}` is not a crate name: {why}")),
                "{bad}"
            );
        }
        assert_eq!(
            crate_name("a.b"),
            Err("`a.b` is not a crate name: `.` is not an ASCII letter, digit, `-` or `_`".into())
        );
        assert!(crate_name(&"a".repeat(65)).is_err());
        assert!(crate_name(&"a".repeat(64)).is_ok());
    }

    #[test]
    fn default_crate_names_are_valid() {
        for (file, name) in [
            ("petstore.yaml", "petstore-client"),
            ("2024-01-01.yaml", "api-2024-01-01-client"),
            (".yaml", "api-client"),
            ("---.json", "api-client"),
            ("Ünïcode API.yaml", "n-code-api-client"),
        ] {
            let made = default_crate_name(Path::new(file));
            assert_eq!(made, name);
            assert_eq!(crate_name(&made).as_deref(), Ok(name));
        }
        let long = default_crate_name(Path::new(&format!("{}.yaml", "x".repeat(100))));
        assert_eq!(long.len(), 64);
        assert!(crate_name(&long).is_ok());
    }
}
