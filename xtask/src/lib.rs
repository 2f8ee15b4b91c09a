//! What `cargo xtask` and the workspace tests share: where the committed crate comes from,
//! the settings it is generated with, and the all-or-nothing writer.

pub mod write;

use std::path::{Path, PathBuf};

/// The document the committed client crate is generated from, relative to the workspace root.
pub const SPEC: &str = "spec/users.yaml";
/// The committed client crate, relative to the workspace root.
pub const OUT: &str = "generated";
/// The committed client crate's package name.
pub const CRATE_NAME: &str = "cohesity-users";
/// The command that regenerates the committed crate.
pub const REGEN: &str = "cargo xtask regen";

/// The workspace's top directory (`XTASK_WORKSPACE_ROOT` overrides it, for tests that
/// regenerate a copy of the workspace).
pub fn workspace_root() -> PathBuf {
    if let Some(root) = std::env::var_os("XTASK_WORKSPACE_ROOT") {
        return PathBuf::from(root);
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Generation settings for a crate named `crate_name` from the document shown as `spec_path`.
pub fn settings(crate_name: &str, spec_path: &str, command: &str) -> codegen::Settings {
    codegen::Settings {
        crate_name: crate_name.to_owned(),
        crate_version: None,
        spec_path: spec_path.to_owned(),
        command: command.to_owned(),
        license: Some("MIT OR Apache-2.0".to_owned()),
    }
}

/// The settings `cargo xtask regen` uses for the committed crate.
pub fn regen_settings() -> codegen::Settings {
    settings(CRATE_NAME, SPEC, REGEN)
}
