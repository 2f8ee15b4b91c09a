//! The committed crates are exactly what the generator makes of their documents.
//!
//! The fixture crates and `generated/` are compiled, linted and exercised against mock servers
//! by the workspace tests; this test ties codegen itself to them, so that a change in how a
//! document is resolved or emitted fails here, in codegen's own tests, naming the first file
//! and line that differ. (`tests/tests/freshness.rs` checks the same through `cargo xtask
//! regen --check`, orphaned files included.)

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A value of the committed `Cargo.toml` (`name = "fixture-petstore"`).
fn manifest_value(manifest: &str, key: &str) -> Option<String> {
    manifest.lines().find_map(|l| {
        let rest = l.strip_prefix(key)?.trim_start().strip_prefix('=')?;
        Some(rest.trim().trim_matches('"').to_owned())
    })
}

/// The document and crate folder of every committed crate, relative to the workspace root.
fn committed() -> Vec<(String, String)> {
    let mut pairs = vec![("spec/users.yaml".to_owned(), "generated".to_owned())];
    let mut specs: Vec<String> = std::fs::read_dir(root().join("tests/fixtures/specs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    specs.sort();
    for spec in specs {
        let stem = spec.rsplit_once('.').unwrap().0.to_owned();
        pairs.push((
            format!("tests/fixtures/specs/{spec}"),
            format!("tests/fixtures/crates/{stem}"),
        ));
    }
    pairs
}

/// The overlays and operation filter of the crate's `regen.toml` (see docs/generator.md).
fn tailoring(dir: &Path) -> oapi_rust_codegen::Tailoring {
    let Ok(text) = std::fs::read_to_string(dir.join("regen.toml")) else {
        return oapi_rust_codegen::Tailoring::default();
    };
    let config: toml::Table = toml::from_str(&text).unwrap();
    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    let filter = config.get("filter");
    let field = |name: &str| strings(filter.and_then(|f| f.get(name)));
    oapi_rust_codegen::Tailoring {
        overlays: strings(config.get("overlays"))
            .into_iter()
            .map(|o| {
                let path = dir.join(&o);
                oapi_rust_codegen::Overlay {
                    text: std::fs::read_to_string(&path).unwrap(),
                    path: o,
                }
            })
            .collect(),
        filter: oapi_rust_codegen::Filter {
            tags: field("tags"),
            operations: field("operations"),
            path_prefixes: field("path-prefixes"),
        },
    }
}

fn first_difference(old: &str, new: &str) -> String {
    let line = old
        .lines()
        .zip(new.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| old.lines().count().min(new.lines().count()));
    format!(
        "line {}: committed {:?}, generated {:?}",
        line + 1,
        old.lines().nth(line),
        new.lines().nth(line)
    )
}

#[test]
fn every_committed_crate_is_what_its_document_gives() {
    let pairs = committed();
    assert!(pairs.len() > 5, "the fixture documents are found");
    for (spec, out) in pairs {
        let dir = root().join(&out);
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        let settings = oapi_rust_codegen::Settings {
            license: manifest_value(&manifest, "license"),
            threads: Some(1),
            ..oapi_rust_codegen::Settings::new(
                manifest_value(&manifest, "name").unwrap(),
                spec.clone(),
                "cargo xtask regen",
            )
        };
        let bytes = std::fs::read(root().join(&spec)).unwrap();
        let bytes = oapi_rust_codegen::tailor(&bytes, &spec, &tailoring(&dir), false)
            .unwrap_or_else(|e| panic!("{spec} cannot be tailored: {e}"))
            .document;
        let files = oapi_rust_codegen::generate(&bytes, &settings)
            .unwrap_or_else(|e| panic!("{spec} no longer generates: {e}"));
        for file in files {
            let committed = std::fs::read_to_string(dir.join(&file.path))
                .unwrap_or_else(|e| panic!("{out}/{}: {e}", file.path));
            assert!(
                committed == file.contents,
                "{out}/{} differs from what {spec} gives ({}); if the change is meant, run \
                 `cargo xtask regen` and commit the result",
                file.path,
                first_difference(&committed, &file.contents)
            );
        }
    }
}
