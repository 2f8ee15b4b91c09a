//! `cargo xtask`: regenerate the committed client crate, or generate one from any document.

use anyhow::{bail, Context, Result};
use oapi_rust_client_gen::{default_crate_name, shown_spec_path, Generated, Job};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
  cargo xtask bench [--compile | --users | --client]
      Release-build benchmarks: generation per stage and its growth, client cost per
      call against hand-written reqwest, peak memory. Writes target/bench/results.csv.
      With --compile: the build time of the crate generated from 1,000 operations.
      With --users: only the generation of spec/users.yaml, over 101 runs, and of the same
      API written as Swagger 2.0 and OpenAPI 3.1 (tests/fixtures/specs/users-*), with ratios.
      With --client: only the client's cost per call (retries on, no fault) against
      hand-written reqwest, and their ratio.
  cargo xtask mutants [runtime | regen | writer | resolve | surface]... [--iterate]
      Mutation testing (cargo-mutants, installed if missing) of the named parts (all five
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
                    timings: true,
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
                timings: true,
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
