//! Helpers shared by the workspace's integration tests.

use std::path::PathBuf;

/// The workspace's top directory.
pub fn root() -> PathBuf {
    xtask::workspace_root()
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
