//! The emitted code for spec/users.yaml, pinned file by file: any change in output shows
//! up as a readable diff in review (`cargo insta review`, or update the .snap files).

#[test]
fn users_spec_emitted_code() {
    let files = workspace_tests::users_files();
    let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        names,
        [
            "Cargo.toml",
            "api-surface.json",
            "src/lib.rs",
            "src/client.rs",
            "src/error.rs",
            "src/types.rs",
            "src/api/mod.rs",
            "src/api/users.rs"
        ]
    );
    for file in &files {
        let name = format!("users__{}", file.path.replace(['/', '.'], "_"));
        insta::assert_snapshot!(name, &file.contents);
    }
}

#[test]
fn generation_is_deterministic() {
    assert_eq!(
        workspace_tests::users_files(),
        workspace_tests::users_files()
    );
}
