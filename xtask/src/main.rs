//! `cargo xtask`: regenerate the committed client crate, or generate one from any document.

use anyhow::{bail, Context, Result};
use codegen::surface::Surface;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use xtask::write;

/// Generation allocates many small values (tokens, syntax trees), which mimalloc serves
/// faster than the system allocator (`cargo xtask bench` runs with it too).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage:
  cargo xtask regen [--check] [--fixtures | --all] [--verbose] [--strict]
      Regenerate generated/ from spec/users.yaml (--fixtures: the test fixture crates
      from tests/fixtures/specs instead; --all: both). With --check, change nothing and
      fail (naming the stale files) when a crate differs from what its document gives.
      Prints one line per crate when nothing changed; what changed (API report, files,
      timings) otherwise, or always with --verbose.
  cargo xtask generate --spec FILE --out DIR [--name CRATE] [--strict]
      Write a standalone client crate for the document FILE (Swagger 2.0, OpenAPI 3.0, 3.1 or 3.2) into DIR.
  Defects of a document whose intent is certain (Swagger 2.0 leftovers) are repaired with
  one warning each; --strict refuses them instead.
  cargo xtask bench [--compile | --users]
      Release-build benchmarks: generation per stage and its growth, client cost per
      call against hand-written reqwest, peak memory. Writes target/bench/results.csv.
      With --compile: the build time of the crate generated from 1,000 operations.
      With --users: only the generation of spec/users.yaml, over 101 runs, and of the same
      API written as Swagger 2.0 and OpenAPI 3.1 (tests/fixtures/specs/users-*), with ratios.
  cargo xtask mutants [runtime | regen | resolve | surface]... [--iterate]
      Mutation testing (cargo-mutants, installed if missing) of the named parts (all four
      by default): each planted bug must make a test fail. Prints the score per part,
      writes target/mutants/summary.txt, and lists the survivors not explained in
      mutants-survivors.txt. Slow: not part of CI. --iterate tests again only what the
      last run of each part did not catch, and keeps what it caught.
  cargo xtask semver
      After `cargo xtask regen`: compares generated/ with the committed one by the
      API-change report and by cargo-semver-checks (installed if missing), and fails
      when cargo-semver-checks finds a major change the report calls non-breaking.
      Slow (builds rustdoc JSON of both): not part of CI.";

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
    let root = xtask::workspace_root();
    match args.first().map(String::as_str) {
        Some("regen") => {
            let (mut check, mut product, mut fixtures, mut verbose) = (false, true, false, false);
            let mut strict = false;
            for flag in &args[1..] {
                match flag.as_str() {
                    "--check" => check = true,
                    "--strict" => strict = true,
                    "--fixtures" => (product, fixtures) = (false, true),
                    "--all" => (product, fixtures) = (true, true),
                    "--verbose" => verbose = true,
                    other => bail!("unexpected argument {other:?} to regen\n{USAGE}"),
                }
            }
            let jobs: Vec<Job> = xtask::targets(&root)?
                .into_iter()
                .filter(|t| {
                    if t.out == xtask::OUT {
                        product
                    } else {
                        fixtures
                    }
                })
                .map(|t| Job {
                    spec: root.join(&t.spec),
                    spec_in_crate: t.spec.clone(),
                    spec_display: t.spec,
                    out: root.join(&t.out),
                    out_display: t.out,
                    crate_name: t.crate_name,
                    command: xtask::REGEN.to_owned(),
                    verbose,
                    strict,
                })
                .collect();
            // Generate everything before writing anything: one broken document changes nothing.
            let generated: Vec<Generated> = jobs.iter().map(Job::files).collect::<Result<_>>()?;
            let mut ok = true;
            for (job, files) in jobs.iter().zip(&generated) {
                if check {
                    ok &= job.check(files)?;
                } else {
                    job.write(files)?;
                }
            }
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Some("mutants") => xtask::mutants::run(&root, &args[1..]),
        Some("semver") => xtask::semver::run(&root),
        Some("bench") => {
            // Measurements mean something only in a release build.
            let status = std::process::Command::new(xtask::cargo())
                .args(["run", "--quiet", "--release", "-p", "bench", "--"])
                .args(&args[1..])
                .current_dir(&root)
                .status()?;
            Ok(if status.success() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Some("generate") => {
            let mut spec = None;
            let mut out = None;
            let mut name = None;
            let mut strict = false;
            let mut rest = args[1..].iter();
            while let Some(flag) = rest.next() {
                let slot = match flag.as_str() {
                    "--strict" => {
                        strict = true;
                        continue;
                    }
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
            let shown = shown_spec_path(Path::new(&spec), Path::new(&out));
            let job = Job {
                spec: PathBuf::from(&spec),
                command: format!("cargo xtask generate --spec {shown}"),
                spec_in_crate: shown,
                spec_display: spec,
                out: PathBuf::from(&out),
                out_display: out,
                crate_name,
                verbose: true,
                strict,
            };
            let files = job.files()?;
            job.write(&files)?;
            Ok(ExitCode::SUCCESS)
        }
        _ => {
            eprintln!("{USAGE}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The document's path as the generated files name it: relative to the crate's folder
/// (`../api.yaml`), or its file name when the two share no folder but the root; never an
/// absolute path of this machine.
fn shown_spec_path(spec: &Path, out: &Path) -> String {
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

fn default_crate_name(spec: &Path) -> String {
    let file = spec.file_name().and_then(|s| s.to_str()).unwrap_or("api");
    format!("{}-client", xtask::crate_stem(file))
}

/// A crate generated in memory, and what it holds.
struct Generated {
    files: Vec<codegen::GeneratedFile>,
    /// The per-stage progress lines, shown when something changed or with `--verbose`.
    stages: String,
    types: usize,
    operations: usize,
    /// Load to format, writing not included.
    elapsed: std::time::Duration,
}

struct Job {
    spec: PathBuf,
    /// The document's path as messages show it (as given).
    spec_display: String,
    /// The document's path as the generated files name it.
    spec_in_crate: String,
    out: PathBuf,
    out_display: String,
    crate_name: String,
    command: String,
    /// Print progress and every file even when nothing changed.
    verbose: bool,
    /// Refuse a document that needs repairs instead of repairing it.
    strict: bool,
}

impl Job {
    /// Generates the crate in memory, with a progress line per stage on stderr.
    fn files(&self) -> Result<Generated> {
        let started = Instant::now();
        let bytes = std::fs::read(&self.spec)
            .with_context(|| format!("cannot read {}", self.spec.display()))?;
        // Messages name the document as given; the generated files, as the crate sees it.
        let settings = codegen::Settings {
            strict: self.strict,
            ..xtask::settings(&self.crate_name, &self.spec_display, &self.command)
        };
        let api = codegen::resolve(&bytes, &settings)?;
        let settings = codegen::Settings {
            spec_path: self.spec_in_crate.clone(),
            ..settings
        };
        for repair in &api.repairs {
            eprintln!("{}", xtask::warning(&self.spec_display, repair));
        }
        let summary = codegen::summary(&api);
        let mut stages = format!(
            "{}: load + resolve: {} types, {} operations in {} groups ({:.1?})\n",
            self.spec_display,
            summary.types,
            summary.operations,
            summary.groups,
            started.elapsed()
        );
        let emit_started = Instant::now();
        let files = codegen::emit(&api, &settings)?;
        stages.push_str(&format!(
            "{}: emit + format: {} files ({:.1?})",
            self.spec_display,
            files.len(),
            emit_started.elapsed()
        ));
        if self.verbose {
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

    fn write(&self, generated: &Generated) -> Result<()> {
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
        eprintln!(
            "{}: {} files in {}: {} types, {} operations, generated in {:.1?}",
            self.spec_display,
            generated.files.len(),
            self.out_display,
            generated.types,
            generated.operations,
            generated.elapsed
        );
        Ok(())
    }

    /// Reports whether the committed crate is what the document gives.
    fn check(&self, generated: &Generated) -> Result<bool> {
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
    fn api_changes(&self, generated: &Generated) -> Result<String> {
        let new: Surface = generated
            .files
            .iter()
            .find(|f| f.path == codegen::SURFACE_FILE)
            .map(|f| serde_json::from_str(&f.contents))
            .transpose()?
            .unwrap_or_default();
        let old_path = self.out.join(codegen::SURFACE_FILE);
        let old: Surface = match std::fs::read_to_string(&old_path) {
            Ok(text) => serde_json::from_str(&text)
                .with_context(|| format!("{} is not a surface file", old_path.display()))?,
            Err(_) => {
                return Ok(format!(
                    "{}: no {}/{} yet, so no API changes to report",
                    self.spec_display,
                    self.out_display,
                    codegen::SURFACE_FILE
                ))
            }
        };
        Ok(xtask::api_report(
            &self.spec_display,
            &self.out_display,
            &old,
            &new,
        ))
    }
}
