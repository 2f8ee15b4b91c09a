//! What `cargo xtask` and the workspace tests share: where the committed crate comes from,
//! the settings it is generated with, and the all-or-nothing writer.

pub mod mutants;
pub mod regen;
pub mod semver;
pub use oapi_rust_client_gen::{api_report, crate_stem, settings, warning, write};

use std::path::{Path, PathBuf};

/// The document the committed client crate is generated from, relative to the workspace root.
pub const SPEC: &str = "spec/users.yaml";
/// The committed client crate, relative to the workspace root.
pub const OUT: &str = "generated";
/// The committed client crate's package name.
pub const CRATE_NAME: &str = "cohesity-users";
/// The command that regenerates the committed crate.
pub const REGEN: &str = "cargo xtask regen";

/// The cargo that runs this program (`CARGO`, set by cargo), else `cargo` from `PATH`.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// The workspace's top directory (`XTASK_WORKSPACE_ROOT` overrides it, for tests that
/// regenerate a copy of the workspace).
pub fn workspace_root() -> PathBuf {
    if let Some(root) = std::env::var_os("XTASK_WORKSPACE_ROOT") {
        return PathBuf::from(root);
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// The settings `cargo xtask regen` uses for the committed crate.
pub fn regen_settings() -> oapi_rust_codegen::Settings {
    settings(CRATE_NAME, SPEC, REGEN)
}

/// Documents whose generated crates are committed as workspace members, so that every build,
/// clippy and doc run checks them (relative to the workspace root).
pub const FIXTURE_SPECS: &str = "tests/fixtures/specs";
/// Where their crates go: one folder per document.
pub const FIXTURE_CRATES: &str = "tests/fixtures/crates";

/// One crate `cargo xtask regen` keeps in step with its document.
#[derive(Debug, Clone)]
pub struct Target {
    /// The document, relative to the workspace root (`/`-separated).
    pub spec: String,
    /// The crate's folder, relative to the workspace root.
    pub out: String,
    pub crate_name: String,
}

/// Everything `cargo xtask regen` writes: the client crate, then the fixture crates.
pub fn targets(root: &Path) -> std::io::Result<Vec<Target>> {
    let mut targets = vec![Target {
        spec: SPEC.to_owned(),
        out: OUT.to_owned(),
        crate_name: CRATE_NAME.to_owned(),
    }];
    let dir = root.join(FIXTURE_SPECS);
    if dir.is_dir() {
        let mut specs: Vec<String> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".yaml") || n.ends_with(".json"))
            .collect();
        specs.sort();
        for file in specs {
            let stem = crate_stem(&file);
            targets.push(Target {
                spec: format!("{FIXTURE_SPECS}/{file}"),
                out: format!("{FIXTURE_CRATES}/{stem}"),
                crate_name: format!("fixture-{stem}"),
            });
        }
    }
    Ok(targets)
}

/// Installs the cargo subcommand `subcommand` from the crate `package` (`cargo install
/// --locked`) unless `cargo <subcommand> --version` already answers.
///
/// # Errors
/// When the install fails.
pub fn ensure_cargo_tool(subcommand: &str, package: &str) -> anyhow::Result<()> {
    use std::process::Command;
    let present = Command::new(cargo())
        .args([subcommand, "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if present {
        return Ok(());
    }
    eprintln!("{package} is not installed: installing it (cargo install {package} --locked)");
    let status = Command::new(cargo())
        .args(["install", package, "--locked"])
        .status()?;
    if !status.success() {
        anyhow::bail!("cargo install {package} failed");
    }
    Ok(())
}

/// Copies the folder `from` to `to` (created if missing), its `target/` folders left out:
/// a copy of part of the workspace to regenerate.
///
/// # Errors
/// When a folder cannot be read or made, or a file cannot be copied.
pub fn copy_dir(from: &Path, to: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let Some(name) = path.file_name() else {
            continue;
        };
        if name == "target" {
            continue;
        }
        if path.is_dir() {
            copy_dir(&path, &to.join(name))?;
        } else {
            std::fs::copy(&path, to.join(name))?;
        }
    }
    Ok(())
}
