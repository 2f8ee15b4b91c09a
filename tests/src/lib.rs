//! Helpers shared by the workspace's integration tests.

use std::path::PathBuf;

/// The workspace's top directory.
pub fn root() -> PathBuf {
    xtask::workspace_root()
}

/// A `cargo` command: the cargo running the tests (`$CARGO`), else the one on the `PATH`,
/// in the workspace's top directory.
pub fn cargo() -> std::process::Command {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = std::process::Command::new(cargo);
    command.current_dir(root());
    command
}

/// The bytes of `spec/users.yaml`.
pub fn users_spec() -> Vec<u8> {
    std::fs::read(root().join(xtask::SPEC)).expect("spec/users.yaml is readable")
}

/// The files `cargo xtask regen` writes, generated in memory.
pub fn users_files() -> Vec<oapi_rust_codegen::GeneratedFile> {
    oapi_rust_codegen::generate(&users_spec(), &xtask::regen_settings())
        .expect("spec/users.yaml generates")
}

pub mod mock_cohesity;
pub mod users;
