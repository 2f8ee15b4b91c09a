//! Emit for the generated crate's `README.md`: what the crate is, how to add it, the quick
//! start of its documentation, and its operations by tag, each linked to its page on docs.rs
//! (the page crates.io and the repository show).

use crate::ir::Api;
use crate::Settings;
use std::fmt::Write;

/// `text` safe in a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

pub fn text(api: &Api, settings: &Settings, header: &str, version: &str) -> String {
    let name = &settings.crate_name;
    let krate = name.replace('-', "_");
    let mut out = String::new();
    for line in header.lines() {
        let _ = writeln!(out, "<!-- {line} -->");
    }
    let _ = writeln!(out, "\n# {name}\n");
    let _ = writeln!(
        out,
        "An async Rust client for {}, version {}, generated from its OpenAPI document \
         (`{}`). Its documentation: <https://docs.rs/{name}>.",
        api.title.trim_end_matches('.'),
        api.version,
        settings.spec_path
    );
    if let Some(description) = &api.description {
        let _ = writeln!(out, "\n{}", description.trim_end());
    }
    let _ = writeln!(
        out,
        "\n## Install\n\n```toml\n[dependencies]\n{name} = \"{version}\"\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n```"
    );
    // The documentation's quick start, with the lines rustdoc hides shown.
    let quick_start = super::crate_docs::quick_start(api, &krate)
        .replacen("```no_run", "```rust,no_run", 1)
        .lines()
        .map(|l| {
            if l == "#" {
                ""
            } else {
                l.strip_prefix("# ").unwrap_or(l)
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let _ = writeln!(out, "\n## Quick start\n\n{quick_start}");
    let _ = writeln!(out, "\n## Operations");
    for group in &api.groups {
        let _ = writeln!(
            out,
            "\nTag `{}`, through `Client::{}()`:\n\n| operation | request |\n|---|---|",
            group.api_name, group.accessor
        );
        for op in &group.operations {
            let _ = writeln!(
                out,
                "| [`{}`](https://docs.rs/{name}/latest/{krate}/api/{}/struct.{}.html#method.{}) | `{} {}` |",
                op.fn_name,
                group.module,
                group.struct_name,
                op.fn_name,
                op.method.as_str(),
                cell(&op.path)
            );
        }
    }
    out
}
