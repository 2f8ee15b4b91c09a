//! Reads the runtime modules a generated crate copies (`runtime/src/*.rs`) once, here, rather
//! than at every run of the generator: `$OUT_DIR/runtime_read.rs` gets, for each module, its
//! public items (`ITEMS`) and the methods of its `Client` and `ClientBuilder` (`METHODS`), as
//! `src/runtime_read.rs` finds them. Parsing the runtime took about 40% of a run of the
//! command-line tool on `spec/users.yaml`.

use std::fmt::Write as _;
use std::path::Path;

#[path = "src/runtime_read.rs"]
mod runtime_read;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
    println!("cargo::rerun-if-changed={}", dir.display());
    let mut modules: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_stem()?.to_str()?.to_owned();
            (path.extension()? == "rs").then_some((name, path))
        })
        .map(|(name, path)| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            (name, text)
        })
        .collect();
    modules.sort();

    let mut items = String::new();
    let mut methods = String::new();
    for (name, text) in &modules {
        let file = syn::parse_file(text)
            .unwrap_or_else(|e| panic!("runtime/src/{name}.rs does not parse: {e}"));
        let found = runtime_read::items(name, &file);
        let _ = write!(items, "    ({name:?}, &[");
        for (path, signature) in &found {
            let _ = write!(items, "({path:?}, {signature:?}), ");
        }
        items.push_str("]),\n");
        let m = runtime_read::methods(&file);
        let _ = writeln!(
            methods,
            "    ({name:?}, &{:?}, &{:?}),",
            m.client, m.builder
        );
    }
    let out = format!(
        "/// Each runtime module's public items: path -> signature (see `runtime_read::items`).\n\
         static ITEMS: &[(&str, &[(&str, &str)])] = &[\n{items}];\n\n\
         /// Each runtime module's `Client` and `ClientBuilder` methods (see\n\
         /// `runtime_read::methods`).\n\
         static METHODS: &[(&str, &[&str], &[&str])] = &[\n{methods}];\n"
    );
    let path = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("runtime_read.rs");
    std::fs::write(&path, out).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}
