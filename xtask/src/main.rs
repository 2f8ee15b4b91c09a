//! `cargo xtask`: regenerate the committed client crate, or generate one from any document.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use xtask::{write, CRATE_NAME, OUT, SPEC};

const USAGE: &str = "\
usage:
  cargo xtask regen [--check]
      Regenerate generated/ from spec/users.yaml; with --check, change nothing and
      fail (naming the stale files) when generated/ differs from what the spec gives.
  cargo xtask generate --spec FILE --out DIR [--name CRATE]
      Write a standalone client crate for the OpenAPI 3.0 document FILE into DIR.";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    match args.first().map(String::as_str) {
        Some("regen") => {
            let check = match &args[1..] {
                [] => false,
                [flag] if flag == "--check" => true,
                _ => bail!("unexpected arguments to regen\n{USAGE}"),
            };
            let job = Job {
                spec: root.join(SPEC),
                spec_display: SPEC.to_owned(),
                out: root.join(OUT),
                out_display: OUT.to_owned(),
                crate_name: CRATE_NAME.to_owned(),
                command: xtask::REGEN.to_owned(),
            };
            if check {
                job.check()
            } else {
                job.write().map(|()| ExitCode::SUCCESS)
            }
        }
        Some("generate") => {
            let mut spec = None;
            let mut out = None;
            let mut name = None;
            let mut rest = args[1..].iter();
            while let Some(flag) = rest.next() {
                let slot = match flag.as_str() {
                    "--spec" => &mut spec,
                    "--out" => &mut out,
                    "--name" => &mut name,
                    other => bail!("unknown flag {other:?}\n{USAGE}"),
                };
                *slot = Some(
                    rest.next()
                        .with_context(|| format!("{flag} needs a value"))?
                        .clone(),
                );
            }
            let (Some(spec), Some(out)) = (spec, out) else {
                bail!("generate needs --spec and --out\n{USAGE}");
            };
            let crate_name = match name {
                Some(n) => n,
                None => default_crate_name(Path::new(&spec)),
            };
            let job = Job {
                spec: PathBuf::from(&spec),
                spec_display: spec.clone(),
                out: PathBuf::from(&out),
                out_display: out,
                crate_name,
                command: format!("cargo xtask generate --spec {spec}"),
            };
            job.write().map(|()| ExitCode::SUCCESS)
        }
        _ => {
            eprintln!("{USAGE}");
            Ok(ExitCode::FAILURE)
        }
    }
}

fn workspace_root() -> PathBuf {
    xtask::workspace_root()
}

fn default_crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
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
    format!("{}-client", name.trim_matches('-'))
}

struct Job {
    spec: PathBuf,
    spec_display: String,
    out: PathBuf,
    out_display: String,
    crate_name: String,
    command: String,
}

impl Job {
    fn files(&self) -> Result<Vec<codegen::GeneratedFile>> {
        let started = Instant::now();
        let bytes = std::fs::read(&self.spec)
            .with_context(|| format!("cannot read {}", self.spec.display()))?;
        let settings = xtask::settings(&self.crate_name, &self.spec_display, &self.command);
        let api = codegen::resolve(&bytes, &settings)?;
        let operations: usize = api.groups.iter().map(|g| g.operations.len()).sum();
        eprintln!(
            "resolved {}: {} types, {} operations in {} groups ({:.1?})",
            self.spec_display,
            api.types.len(),
            operations,
            api.groups.len(),
            started.elapsed()
        );
        let files = codegen::emit(&api, &settings)?;
        eprintln!(
            "emitted {} files ({:.1?} in all)",
            files.len(),
            started.elapsed()
        );
        Ok(files)
    }

    fn write(&self) -> Result<()> {
        let files = self.files()?;
        let report = write::replace_generated(&self.out, &files)?;
        for line in report {
            println!("{}/{line}", self.out_display);
        }
        Ok(())
    }

    fn check(&self) -> Result<ExitCode> {
        let files = self.files()?;
        let stale = write::stale(&self.out, &files)?;
        if stale.is_empty() {
            println!(
                "{} is up to date with {}",
                self.out_display, self.spec_display
            );
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!(
            "{} is stale: these files differ from what {} gives:",
            self.out_display, self.spec_display
        );
        for path in stale {
            eprintln!("  {}/{path}", self.out_display);
        }
        eprintln!("run `{}` and commit the result", self.command);
        Ok(ExitCode::FAILURE)
    }
}
