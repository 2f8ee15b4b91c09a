//! `cargo xtask`: regenerate the committed client crates, generate one from any document,
//! and the slow jobs (benchmarks, mutation testing, semver checks).

use anyhow::Result;
use clap::{Parser, Subcommand};
use oapi_rust_client_gen::args::Generate;
use std::process::ExitCode;

/// Generation allocates many small values (tokens, syntax trees), which mimalloc serves
/// faster than the system allocator (`cargo xtask bench` runs with it too).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "This repository's own jobs: regenerate the committed crates, generate one, \
             benchmarks, mutation testing, semver checks.",
    after_help = "Exit codes: 0 success; 1 a failure (a broken document, a stale crate for \
                  `regen --check`, a failed benchmark); 2 a usage error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate generated/ from spec/users.yaml (or the fixture crates, or both).
    ///
    /// Each crate's `regen.toml`, when it has one, names the overlays and the operation
    /// filter it is generated with. Prints one line per crate when nothing changed; what
    /// changed (API report, files, timings) otherwise, or always with --verbose.
    Regen {
        /// Change nothing; fail, naming the stale files, when a crate differs from what its
        /// document gives.
        #[arg(long)]
        check: bool,
        /// The test fixture crates (tests/fixtures/crates) instead of generated/.
        #[arg(long, conflicts_with = "all")]
        fixtures: bool,
        /// generated/ and the fixture crates.
        #[arg(long)]
        all: bool,
        /// Show progress and every file even when nothing changed.
        #[arg(long)]
        verbose: bool,
        /// Refuse documents that need repairs instead of repairing them.
        #[arg(long)]
        strict: bool,
    },
    /// Write a standalone client crate for a document (Swagger 2.0, OpenAPI 3.0, 3.1 or
    /// 3.2) into a folder.
    ///
    /// Defects of a document whose intent is certain (Swagger 2.0 leftovers) are repaired
    /// with one warning each; --strict refuses them instead.
    Generate(Generate),
    /// Release-build benchmarks: generation per stage and its growth, client cost per call
    /// against hand-written reqwest, peak memory. Writes target/bench/results.csv.
    ///
    /// With --compile: the build time of the crate generated from 1,000 operations. With
    /// --users: only the generation of spec/users.yaml, over 101 runs, and of the same API
    /// written as Swagger 2.0 and OpenAPI 3.1 (tests/fixtures/specs/users-*), with ratios.
    /// With --client: only the client's cost per call (retries on, no fault) against
    /// hand-written reqwest, and their ratio. With --instructions: the instructions of one
    /// generation of spec/users.yaml on one thread, counted by valgrind's callgrind.
    Bench {
        /// Passed to the benchmark program: --compile, --users, --instructions or --client.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Mutation testing (cargo-mutants, installed if missing) of the named parts.
    ///
    /// Parts: runtime, regen, writer, resolve, surface (all by default). Each planted bug
    /// must make a test fail. Prints the score per part, writes target/mutants/summary.txt,
    /// and lists the survivors not explained in mutants-survivors.txt. Slow: not part of CI.
    /// --iterate tests again only what the last run of each part did not catch.
    Mutants {
        /// Parts, and --iterate.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// After `cargo xtask regen`: compare generated/ with the committed one by the
    /// API-change report and by cargo-semver-checks (installed if missing).
    ///
    /// Fails when cargo-semver-checks finds a major change the report calls non-breaking.
    /// Slow (builds rustdoc JSON of both): not part of CI.
    Semver {
        /// Instead, check each edit of `xtask::semver::EDITS` (a parameter added, a field
        /// removed, ...), each on a copy of spec/users.yaml and generated/.
        #[arg(long)]
        edits: bool,
    },
}

fn main() -> ExitCode {
    // clap exits with 2 on a usage error and 0 for --help.
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn exit(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run(command: Command) -> Result<ExitCode> {
    let root = xtask::workspace_root();
    match command {
        Command::Regen {
            check,
            fixtures,
            all,
            verbose,
            strict,
        } => {
            let options = xtask::regen::Options {
                check,
                product: all || !fixtures,
                fixtures: all || fixtures,
                verbose,
                strict,
            };
            xtask::regen::run(&root, &options).map(exit)
        }
        Command::Mutants { args } => xtask::mutants::run(&root, &args),
        Command::Semver { edits } => xtask::semver::run(&root, edits),
        Command::Bench { args } => {
            // Measurements mean something only in a release build.
            let status = std::process::Command::new(xtask::cargo())
                .args(["run", "--quiet", "--release", "-p", "bench", "--"])
                .args(&args)
                .current_dir(&root)
                .status()?;
            Ok(exit(status.success()))
        }
        Command::Generate(args) => {
            let mut job = args.job("cargo xtask");
            job.timings = true;
            let files = job.files()?;
            job.write(&files)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
