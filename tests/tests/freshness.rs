//! Every committed generated crate is exactly what its document gives (`cargo xtask regen --check`).

use std::fs;

#[test]
fn committed_crates_are_fresh() {
    let root = workspace_tests::root();
    let targets = xtask::targets(&root).unwrap();
    assert!(targets.len() > 1, "the fixture documents are found");
    for target in targets {
        let settings = xtask::settings(&target.crate_name, &target.spec, xtask::REGEN);
        let bytes = fs::read(root.join(&target.spec)).unwrap();
        let files = codegen::generate(&bytes, &settings).unwrap();
        let stale = xtask::write::stale(&root.join(&target.out), &files).unwrap();
        assert!(
            stale.is_empty(),
            "{} is stale (files: {stale:?}); run `cargo xtask regen` and commit the result",
            target.out
        );
    }
}
