//! `cargo xtask mutants`: mutation testing, with cargo-mutants, of the parts whose promises
//! matter most: the runtime every generated crate copies, the regen path and its
//! all-or-nothing writer, resolve and the API-surface report. Each planted bug (a mutant) must make a test fail; the ones that
//! survive are either explained in `mutants-survivors.txt` or reported.

use anyhow::{bail, Context, Result};
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode};

/// One part of the code base, mutated and tested on its own.
struct Part {
    name: &'static str,
    /// The package whose tests must catch the mutants.
    package: &'static str,
    /// The files mutated (cargo-mutants `--file` globs, from the workspace root).
    files: &'static [&'static str],
    /// Files left out: stand-ins for generated code, and tests.
    exclude: &'static [&'static str],
}

const PARTS: &[Part] = &[
    Part {
        name: "runtime",
        package: "runtime",
        files: &["runtime/src/*.rs"],
        // `lib.rs` stands in for the modules codegen writes per API; `tests.rs` is tests.
        exclude: &["runtime/src/lib.rs", "runtime/src/tests.rs"],
    },
    Part {
        name: "regen",
        package: "xtask",
        files: &[
            "xtask/src/main.rs",
            "xtask/src/lib.rs",
            "xtask/src/regen.rs",
        ],
        exclude: &[],
    },
    Part {
        name: "writer",
        package: "oapi-rust-client-gen",
        files: &["cli/src/write.rs"],
        exclude: &[],
    },
    Part {
        name: "resolve",
        package: "oapi-rust-codegen",
        files: &["codegen/src/resolve/*.rs"],
        exclude: &[],
    },
    Part {
        name: "surface",
        package: "oapi-rust-codegen",
        files: &["codegen/src/surface.rs"],
        exclude: &[],
    },
];

/// The score every part must reach.
const TARGET: f64 = 0.9;

/// The file listing survivors judged acceptable, one per line: the mutant as cargo-mutants
/// names it (without line and column), ` # `, and why.
pub const SURVIVORS: &str = "mutants-survivors.txt";

/// Installs cargo-mutants when `cargo mutants` is not there.
fn ensure_tool() -> Result<()> {
    crate::ensure_cargo_tool("mutants", "cargo-mutants")
}

/// A mutant's name without its line and column (`runtime/src/request.rs: replace ...`), so
/// that explanations survive edits elsewhere in the file.
pub fn without_position(line: &str) -> String {
    let mut parts = line.splitn(4, ':');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(file), Some(l), Some(c), Some(rest))
            if l.bytes().all(|b| b.is_ascii_digit()) && c.bytes().all(|b| b.is_ascii_digit()) =>
        {
            format!("{file}:{rest}")
        }
        _ => line.to_owned(),
    }
}

/// The explained survivors: mutant name (without position) -> reason.
pub fn explained(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("//"))
        .filter_map(|l| l.split_once(" # "))
        .map(|(mutant, why)| (without_position(mutant.trim()), why.trim().to_owned()))
        .collect()
}

/// How one part fared.
pub struct Outcome {
    pub caught: usize,
    pub missed: Vec<String>,
    pub timeouts: Vec<String>,
    pub unviable: usize,
}

impl Outcome {
    /// Caught among the mutants that built: a timeout counts as caught only when it is a
    /// hang the tests detect, which cargo-mutants cannot tell, so it counts as missed.
    pub fn score(&self) -> f64 {
        let total = self.caught + self.missed.len() + self.timeouts.len();
        if total == 0 {
            1.0
        } else {
            self.caught as f64 / total as f64
        }
    }
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// The mutants of earlier runs that did not build: cargo-mutants `--iterate` lists them
/// with the caught ones in `previously_caught.txt`, so they are kept here to be told apart.
const CARRIED_UNVIABLE: &str = "unviable-before-iterating.txt";

fn outcome(dir: &Path) -> Outcome {
    let out = dir.join("mutants.out");
    let carried = lines(&dir.join(CARRIED_UNVIABLE));
    let previously = lines(&out.join("previously_caught.txt"));
    let previously_unviable = previously.iter().filter(|m| carried.contains(m)).count();
    Outcome {
        // With `--iterate`, what earlier runs caught is in `previously_caught.txt`.
        caught: lines(&out.join("caught.txt")).len() + previously.len() - previously_unviable,
        missed: lines(&out.join("missed.txt")),
        timeouts: lines(&out.join("timeout.txt")),
        unviable: lines(&out.join("unviable.txt")).len() + previously_unviable,
    }
}

pub fn run(root: &Path, args: &[String]) -> Result<ExitCode> {
    // `--iterate`: test again only the mutants the last run of a part did not catch, keeping
    // what it caught (for working through survivors one test at a time).
    let iterate = args.iter().any(|a| a == "--iterate");
    let args: Vec<String> = args.iter().filter(|a| *a != "--iterate").cloned().collect();
    let chosen: Vec<&Part> = if args.is_empty() {
        PARTS.iter().collect()
    } else {
        args.iter()
            .map(|a| {
                PARTS
                    .iter()
                    .find(|p| p.name == a.as_str())
                    .with_context(|| {
                        format!(
                            "unknown part {a:?}: choose among {}",
                            PARTS.iter().map(|p| p.name).collect::<Vec<_>>().join(", ")
                        )
                    })
            })
            .collect::<Result<_>>()?
    };
    ensure_tool()?;
    let explained = explained(&std::fs::read_to_string(root.join(SURVIVORS)).unwrap_or_default());
    let mut summary = String::new();
    let mut ok = true;
    for part in chosen {
        let dir = root.join("target/mutants").join(part.name);
        std::fs::create_dir_all(&dir)?;
        let carried = dir.join(CARRIED_UNVIABLE);
        if iterate {
            let mut unviable = lines(&carried);
            unviable.extend(lines(&dir.join("mutants.out/unviable.txt")));
            std::fs::write(&carried, unviable.join("\n"))?;
        } else {
            let _ = std::fs::remove_file(&carried);
        }
        let mut command = Command::new(crate::cargo());
        command
            .current_dir(root)
            .args(["mutants", "--no-shuffle", "--jobs", "2", "--timeout", "300"])
            .args(["--profile", "mutants", "--package", part.package])
            .args(iterate.then_some("--iterate"))
            .arg("--output")
            .arg(&dir);
        for f in part.files {
            command.args(["--file", f]);
        }
        for e in part.exclude {
            command.args(["--exclude", e]);
        }
        eprintln!(
            "cargo mutants: part {} (tests of package {})",
            part.name, part.package
        );
        // cargo-mutants exits non-zero when a mutant survives: the files say how it went.
        let status = command.status()?;
        if !dir.join("mutants.out/caught.txt").exists() {
            bail!("cargo mutants stopped before testing mutants ({status}); see its output above");
        }
        let result = outcome(&dir);
        let score = result.score();
        let _ = writeln!(
            summary,
            "{}: {:.1}% caught ({} caught, {} missed, {} timed out; {} unviable, not counted)",
            part.name,
            score * 100.0,
            result.caught,
            result.missed.len(),
            result.timeouts.len(),
            result.unviable
        );
        ok &= score >= TARGET;
        for mutant in result.missed.iter().chain(&result.timeouts) {
            let name = without_position(mutant);
            match explained.iter().find(|(m, _)| *m == name) {
                Some((_, why)) => {
                    let _ = writeln!(summary, "  survived, explained: {mutant} ({why})");
                }
                None => {
                    ok = false;
                    let _ = writeln!(summary, "  survived, NOT explained: {mutant}");
                }
            }
        }
    }
    print!("{summary}");
    let path = root.join("target/mutants/summary.txt");
    std::fs::create_dir_all(path.parent().context("target/mutants")?)?;
    std::fs::write(&path, &summary)?;
    println!("wrote {}", path.display());
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn survivors_are_matched_without_their_position() {
        assert_eq!(
            without_position("runtime/src/fit.rs:42:9: replace == with != in pick"),
            "runtime/src/fit.rs: replace == with != in pick"
        );
        assert_eq!(without_position("no position here"), "no position here");
        let listed = explained(
            "// comment\nruntime/src/fit.rs:1:1: replace a with b # equivalent: b is a\n\nmalformed line\n",
        );
        assert_eq!(
            listed,
            [(
                "runtime/src/fit.rs: replace a with b".to_owned(),
                "equivalent: b is a".to_owned()
            )]
        );
    }

    #[test]
    fn an_iterated_run_counts_what_earlier_runs_caught_but_not_what_did_not_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("mutants.out");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("caught.txt"), "a\nb\n").unwrap();
        std::fs::write(out.join("previously_caught.txt"), "c\nd\nu\n").unwrap();
        std::fs::write(out.join("missed.txt"), "m\n").unwrap();
        std::fs::write(dir.path().join(CARRIED_UNVIABLE), "u\nv").unwrap();
        let o = outcome(dir.path());
        assert_eq!((o.caught, o.missed.len(), o.unviable), (4, 1, 1));
    }

    #[test]
    fn timeouts_count_against_the_score_and_unviable_mutants_not_at_all() {
        let o = Outcome {
            caught: 9,
            missed: vec!["m".to_owned()],
            timeouts: vec![],
            unviable: 5,
        };
        assert_eq!(o.score(), 0.9);
        let o = Outcome {
            caught: 8,
            missed: vec![],
            timeouts: vec!["t".to_owned(), "u".to_owned()],
            unviable: 0,
        };
        assert_eq!(o.score(), 0.8);
        let none = Outcome {
            caught: 0,
            missed: vec![],
            timeouts: vec![],
            unviable: 3,
        };
        assert_eq!(none.score(), 1.0);
    }
}
