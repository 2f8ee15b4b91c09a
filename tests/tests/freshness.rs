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

/// The fixture documents are unmodified copies of the public ones in ../shared/specs.
#[test]
fn fixture_documents_match_the_shared_copies() {
    let root = workspace_tests::root();
    let shared = root.join("../shared/specs");
    let Ok(entries) = fs::read_dir(&shared) else {
        panic!(
            "{} is missing: it holds the public documents the fixtures copy",
            shared.display()
        );
    };
    let mut compared = 0;
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name.ends_with(".md") {
            continue;
        }
        let copy = root.join(xtask::FIXTURE_SPECS).join(&name);
        assert_eq!(fs::read(&path).unwrap(), fs::read(&copy).unwrap(), "{name}");
        compared += 1;
    }
    assert!(compared >= 5, "only {compared} shared documents found");
}
