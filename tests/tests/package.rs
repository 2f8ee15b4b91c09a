//! A generated crate is ready for crates.io: `cargo package --list` names exactly the crate's
//! files (the generated ones, the README among them, and the hand-written examples), and
//! the manifest carries what crates.io and docs.rs read. (`scripts/test` also runs the full
//! `cargo package`, which builds the packaged crate on its own: see CONTRIBUTING.md.)

#[test]
fn cargo_package_lists_the_generated_crate_and_its_readme() {
    let root = workspace_tests::root();
    let out = workspace_tests::cargo()
        .args([
            "package",
            "--list",
            "--offline",
            "--allow-dirty",
            "-p",
            "cohesity-users",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // Without a warning (cargo warns of a missing description, license, ...).
    assert!(!stderr.contains("warning"), "{stderr}");
    let listed = String::from_utf8(out.stdout).unwrap();
    let listed: Vec<&str> = listed
        .lines()
        .filter(|l| *l != ".cargo_vcs_info.json")
        .collect();
    // What cargo adds (the lock file, the manifest as written), the generated files, and
    // the hand-written examples: exactly these.
    let mut expected: Vec<String> = workspace_tests::users_files()
        .into_iter()
        .map(|f| f.path)
        .chain(["Cargo.lock", "Cargo.toml.orig"].map(str::to_owned))
        .chain(["examples/login_logout.rs", "examples/users_and_keys.rs"].map(str::to_owned))
        .collect();
    expected.sort();
    assert!(expected.contains(&"README.md".to_owned()));
    assert_eq!(listed, expected);
    let manifest = std::fs::read_to_string(root.join("generated/Cargo.toml")).unwrap();
    for line in [
        "description = \"Async Rust client for Cohesity cluster v2 API (Users).\"",
        "license = \"MIT OR Apache-2.0\"",
        "readme = \"README.md\"",
        "documentation = \"https://docs.rs/cohesity-users\"",
        "[package.metadata.docs.rs]",
    ] {
        assert!(
            manifest.lines().any(|l| l == line),
            "no `{line}` in:\n{manifest}"
        );
    }
    let readme = std::fs::read_to_string(root.join("generated/README.md")).unwrap();
    assert!(
        readme.contains("\n## Install\n\n```toml\n[dependencies]\ncohesity-users = \"0.4.0\"\n")
    );
    assert!(readme
        .contains("\n## Quick start\n\n```rust,no_run\nuse cohesity_users::{Client, Error};\n"));
    assert!(readme.contains(
        "| [`get_users`](https://docs.rs/cohesity-users/latest/cohesity_users/api/users/struct.UsersApi.html#method.get_users) | `GET /users` |"
    ));
}
