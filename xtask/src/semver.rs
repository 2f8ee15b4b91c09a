//! `cargo xtask semver`: cargo-semver-checks as a second opinion on the API-change report.
//!
//! The report compares the API surface committed in git (`HEAD`) with the one in the work
//! tree (after `cargo xtask regen`). cargo-semver-checks then compares the two crates
//! themselves, asked to accept the release the report allows: when the report finds only
//! additions, any major change cargo-semver-checks finds is one the report missed.

use anyhow::{bail, Context, Result};
use codegen::surface::{diff, Surface};
use std::path::Path;
use std::process::{Command, ExitCode};

/// Compares `generated/` in the work tree with `HEAD`'s, by the report and by
/// cargo-semver-checks (installed if missing).
///
/// # Errors
/// When git, the surfaces or cargo-semver-checks cannot be read or run.
pub fn run(root: &Path) -> Result<ExitCode> {
    let committed = Command::new("git")
        .args(["show", "HEAD:generated/api-surface.json"])
        .current_dir(root)
        .output()
        .context("running git")?;
    if !committed.status.success() {
        bail!("git show HEAD:generated/api-surface.json failed: is generated/ committed?");
    }
    let old: Surface = serde_json::from_slice(&committed.stdout)?;
    let new: Surface = serde_json::from_str(&std::fs::read_to_string(
        root.join("generated/api-surface.json"),
    )?)?;
    let report = diff(&old, &new);
    // cargo-semver-checks' release types: below 1.0.0, a patch release must be compatible.
    let release = match (report.breaking.is_empty(), new.version.starts_with("0.")) {
        (false, _) => "major",
        (true, true) => "patch",
        (true, false) => "minor",
    };
    println!(
        "the API-change report: {} breaking, {} non-breaking; checking as a {release} release",
        report.breaking.len(),
        report.non_breaking.len()
    );
    crate::ensure_cargo_tool("semver-checks", "cargo-semver-checks")?;
    let output = Command::new(crate::cargo())
        .args(["semver-checks", "check-release", "--manifest-path"])
        .arg(root.join("generated/Cargo.toml"))
        .args(["--baseline-rev", "HEAD", "--release-type", release])
        .current_dir(root)
        .output()
        .context("running cargo semver-checks")?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    print!("{text}");
    if output.status.success() {
        println!("cargo-semver-checks agrees with the report ({release} release)");
        return Ok(ExitCode::SUCCESS);
    }
    if report.breaking.is_empty() {
        eprintln!(
            "cargo-semver-checks finds a major change the report calls non-breaking: the report says {} (a {release} release), cargo-semver-checks says major (above)",
            if report.is_empty() { "nothing changed" } else { "additions only" }
        );
    } else {
        eprintln!("cargo-semver-checks failed (above)");
    }
    Ok(ExitCode::FAILURE)
}
