//! The committed generated/ crate is exactly what spec/users.yaml gives (`cargo xtask regen --check`).

#[test]
fn committed_client_is_fresh() {
    let files = workspace_tests::users_files();
    let out = workspace_tests::root().join(xtask::OUT);
    let stale = xtask::write::stale(&out, &files).expect("generated/ is readable");
    assert!(
        stale.is_empty(),
        "generated/ is stale (files: {stale:?}); run `cargo xtask regen` and commit the result"
    );
}
