//! The command-line arguments `oapi-rust-gen generate` and `cargo xtask generate` share, and
//! the [`Job`] they describe.

use crate::{default_crate_name, shown_spec_path, Job};
use clap::{Args, Parser};
use std::path::{Path, PathBuf};

/// What is done to the document before generation, leaving the file itself untouched.
#[derive(Args, Clone, Debug, Default)]
pub struct Tailor {
    /// An OpenAPI Overlay (1.0 or 1.1) document applied to the document before generation;
    /// repeat for more, applied in the order given. An action whose target matches nothing
    /// is a warning (--strict: an error).
    #[arg(long = "overlay", value_name = "FILE")]
    pub overlays: Vec<PathBuf>,
    /// Keep the operations with this tag (repeatable), with the schemas they reach.
    #[arg(long = "tag", value_name = "TAG")]
    pub tags: Vec<String>,
    /// Keep the operation with this operationId (repeatable), with the schemas it reaches.
    #[arg(long = "operation", value_name = "OPERATION_ID")]
    pub operations: Vec<String>,
    /// Keep the operations on paths starting with this prefix (repeatable).
    #[arg(long = "path-prefix", value_name = "PREFIX")]
    pub path_prefixes: Vec<String>,
}

impl Tailor {
    /// Whether no flag was given: the whole document, as it is.
    pub fn is_empty(&self) -> bool {
        self.overlays.is_empty()
            && self.tags.is_empty()
            && self.operations.is_empty()
            && self.path_prefixes.is_empty()
    }

    /// The operation filter the flags give (all operations when none is given).
    pub fn filter(&self) -> oapi_rust_codegen::Filter {
        oapi_rust_codegen::Filter {
            tags: self.tags.clone(),
            operations: self.operations.clone(),
            path_prefixes: self.path_prefixes.clone(),
        }
    }

    /// The flags as the generated header's command repeats them (overlays relative to `out`;
    /// values quoted as a POSIX shell reads them, when they need it).
    pub fn flags(&self, out: &Path) -> String {
        let mut flags = String::new();
        for o in &self.overlays {
            flags.push_str(&format!(" --overlay {}", quoted(&shown_spec_path(o, out))));
        }
        for (flag, values) in [
            ("--tag", &self.tags),
            ("--operation", &self.operations),
            ("--path-prefix", &self.path_prefixes),
        ] {
            for v in values {
                flags.push_str(&format!(" {flag} {}", quoted(v)));
            }
        }
        flags
    }
}

/// The arguments of `generate`: write a client crate for a document into a folder.
#[derive(Args, Clone, Debug)]
pub struct Generate {
    /// The OpenAPI document (YAML or JSON).
    #[arg(long, value_name = "FILE")]
    pub spec: PathBuf,
    /// The crate's folder (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The package name (default: the document's file name and `-client`).
    #[arg(long, value_name = "CRATE", value_parser = crate::crate_name)]
    pub name: Option<String>,
    /// Refuse a document that needs repairs instead of repairing it.
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub tailor: Tailor,
}

impl Generate {
    /// The job these arguments describe, run by `program` (`oapi-rust-gen`, `cargo xtask`),
    /// as the generated header repeats it.
    pub fn job(&self, program: &str) -> Job {
        let name = self
            .name
            .clone()
            .unwrap_or_else(|| default_crate_name(&self.spec));
        job(
            program,
            &self.spec,
            &self.out,
            name,
            self.strict,
            &self.tailor,
        )
    }
}

/// `value` as one word of a POSIX shell command line: as it is when it can be, else quoted
/// (`'Pet Store'`). A value holding a NUL byte (which no command-line argument can) is kept.
fn quoted(value: &str) -> std::borrow::Cow<'_, str> {
    shlex::try_quote(value).unwrap_or(std::borrow::Cow::Borrowed(value))
}

/// The job for `spec` and the crate in `out`, named as `program generate` names them.
pub fn job(
    program: &str,
    spec: &Path,
    out: &Path,
    crate_name: String,
    strict: bool,
    tailor: &Tailor,
) -> Job {
    let shown = shown_spec_path(spec, out);
    Job {
        spec: spec.to_path_buf(),
        spec_display: spec.display().to_string(),
        command: format!(
            "{program} generate --spec {} --out .{}",
            quoted(&shown),
            tailor.flags(out)
        ),
        spec_in_crate: shown,
        out: out.to_path_buf(),
        out_display: out.display().to_string(),
        crate_name,
        overlays: tailor.overlays.clone(),
        filter: tailor.filter(),
        verbose: true,
        strict,
        timings: false,
    }
}

/// The `generate` arguments of `command`, which the header of the crate in `crate_dir`
/// records (see [`crate::recorded`]), when `program generate` wrote it (`None` for a crate
/// `cargo xtask regen` wrote, or a command that does not parse): its document and overlays as
/// paths from here, its filter flags. `check` and `diff` take them when given none of their
/// own.
pub fn recorded_generate(program: &str, command: &str, crate_dir: &Path) -> Option<Generate> {
    /// `generate`'s arguments as a command line of their own.
    #[derive(Parser)]
    struct Recorded {
        #[command(flatten)]
        generate: Generate,
    }
    let args = command.strip_prefix(program)?.strip_prefix(" generate ")?;
    let words = shlex::split(args)?;
    let parsed =
        Recorded::try_parse_from(std::iter::once("generate".to_owned()).chain(words)).ok()?;
    let mut generate = parsed.generate;
    // The header gives paths from the crate's folder.
    generate.spec = from_crate(crate_dir, &generate.spec);
    generate.out = crate_dir.to_path_buf();
    for overlay in &mut generate.tailor.overlays {
        *overlay = from_crate(crate_dir, overlay);
    }
    Some(generate)
}

/// `path`, given from the crate's folder, as a path from here: `my-client/../api.yaml` reads
/// `api.yaml` when that is the same file (a symbolic link to the folder aside), and a path
/// under the current folder is shown from it.
fn from_crate(crate_dir: &Path, path: &Path) -> PathBuf {
    use std::path::Component;
    let joined = crate_dir.join(path);
    let mut lexical = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir
                if matches!(lexical.components().next_back(), Some(Component::Normal(_))) =>
            {
                lexical.pop();
            }
            c => lexical.push(c),
        }
    }
    // Shown from the current folder when under it.
    if let Some(under) = std::env::current_dir()
        .ok()
        .and_then(|here| lexical.strip_prefix(here).ok().map(Path::to_path_buf))
    {
        lexical = under;
    }
    let same = |a: &Path, b: &Path| matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b);
    if same(&lexical, &joined) {
        lexical
    } else {
        joined
    }
}
