//! How `types` is laid out: one file up to `Settings::types_per_file` types, else a folder of
//! modules by name prefix, each re-exported whole.

use oapi_rust_codegen::{generate, Settings};

mod common;

fn settings(types_per_file: usize) -> Settings {
    Settings {
        types_per_file,
        ..common::settings()
    }
}

fn doc(names: &[&str]) -> String {
    let mut text =
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
            .to_owned();
    for n in names {
        text.push_str(&format!(
            "    {n}: {{type: object, properties: {{x: {{type: integer}}}}}}\n"
        ));
    }
    text
}

/// The `types` files, and for each the types it defines.
fn layout(names: &[&str], limit: usize) -> Vec<(String, Vec<String>)> {
    let files = generate(doc(names).as_bytes(), &settings(limit)).unwrap();
    files
        .into_iter()
        .filter(|f| f.path.starts_with("src/types"))
        .map(|f| {
            let types = f
                .contents
                .lines()
                .filter_map(|l| l.strip_prefix("pub struct "))
                .map(|l| l.trim_end_matches(" {").to_owned())
                .collect();
            (f.path, types)
        })
        .collect()
}

fn owned(v: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    v.iter()
        .map(|(p, t)| (p.to_string(), t.iter().map(|s| s.to_string()).collect()))
        .collect()
}

#[test]
fn types_stay_in_one_file_up_to_the_limit() {
    assert_eq!(
        layout(&["Pet", "Owner"], 2),
        owned(&[("src/types.rs", &["Owner", "Pet"])])
    );
}

#[test]
fn over_the_limit_types_go_in_modules_by_prefix_cut_further_where_one_is_too_big() {
    let names = [
        "Pet", "PetTag", "Pen", "Owner", "In", "Index", "Inn", "Apple", "Type", "Typed",
    ];
    assert_eq!(
        layout(&names, 2),
        owned(&[
            ("src/types/mod.rs", &[],),
            ("src/types/a.rs", &["Apple"]),
            // `In` is exactly the prefix `in`; `in` is a keyword, so the module is `in_`.
            ("src/types/in_.rs", &["In"]),
            ("src/types/ind.rs", &["Index"]),
            ("src/types/inn.rs", &["Inn"]),
            ("src/types/o.rs", &["Owner"]),
            ("src/types/pen.rs", &["Pen"]),
            // Two fit the limit: `PetTag` stays with `Pet`.
            ("src/types/pet.rs", &["Pet", "PetTag"]),
            ("src/types/t.rs", &["Type", "Typed"]),
        ])
    );
    let files = generate(doc(&names).as_bytes(), &settings(2)).unwrap();
    let module = &files
        .iter()
        .find(|f| f.path == "src/types/mod.rs")
        .unwrap()
        .contents;
    assert!(
        module.contains("mod in_;\npub use self::in_::*;\n"),
        "{module}"
    );
    assert!(
        module.contains("mod pet;\npub use self::pet::*;\n"),
        "{module}"
    );
}

#[test]
fn adding_a_type_moves_no_other_unless_its_prefix_crosses_the_limit() {
    let before = layout(&["Pet", "Owner", "Apple"], 2);
    let after = layout(&["Pet", "Owner", "Apple", "Bee"], 2);
    for file in &before {
        assert!(after.contains(file), "{file:?} moved: {after:?}");
    }
    assert!(after.contains(&("src/types/b.rs".to_owned(), vec!["Bee".to_owned()])));
}

#[test]
fn module_names_windows_reserves_get_an_underscore() {
    let names = ["Con", "Config", "Com1", "Com1x"];
    let files: Vec<String> = layout(&names, 1).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        files,
        [
            "src/types/mod.rs",
            "src/types/com1_.rs",
            "src/types/com1x.rs",
            "src/types/con_.rs",
            "src/types/conf.rs",
        ]
    );
}

/// The manifest takes the crate's metadata from the document: its license, contact, home
/// page and repository, and points at the generated README and at docs.rs.
#[test]
fn the_manifest_carries_the_documents_metadata() {
    let doc = "openapi: 3.0.3\n\
               info:\n  title: Pets\n  version: 1.2.0\n  \
               license: {name: Apache 2.0}\n  \
               contact: {name: Pet Team, email: pets@example.com, url: 'https://pets.example.com'}\n  \
               x-repository: https://github.com/example/pets-client\n\
               paths: {}\n";
    let files = generate(doc.as_bytes(), &settings(250)).unwrap();
    let manifest = &files
        .iter()
        .find(|f| f.path == "Cargo.toml")
        .unwrap()
        .contents;
    let package: Vec<&str> = manifest
        .lines()
        .skip_while(|l| *l != "[package]")
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(
        package,
        [
            "[package]",
            "name = \"t\"",
            "version = \"1.2.0\"",
            "edition = \"2021\"",
            "rust-version = \"1.85\"",
            "description = \"Async Rust client for Pets.\"",
            "authors = [\"Pet Team <pets@example.com>\"]",
            "license = \"Apache-2.0\"",
            "readme = \"README.md\"",
            "documentation = \"https://docs.rs/t\"",
            "homepage = \"https://pets.example.com\"",
            "repository = \"https://github.com/example/pets-client\"",
            "keywords = [\"openapi\", \"api\", \"client\"]",
            "categories = [\"api-bindings\", \"web-programming::http-client\"]",
        ]
    );
    assert!(manifest.ends_with(
        "[package.metadata.docs.rs]\nall-features = true\ntargets = [\"x86_64-unknown-linux-gnu\"]\n"
    ));
    assert!(files.iter().any(|f| f.path == "README.md"));
}
