//! Emit for the generated crate's `Cargo.toml`.

use crate::ir::Api;
use crate::Settings;
use std::fmt::Write;

/// A TOML basic string, quoted and escaped.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `name` as an SPDX license expression (what Cargo's `license` takes): as it is when it is
/// one (`MIT`, `Apache-2.0 OR MIT`), the SPDX identifier of a common spelling
/// (`Apache 2.0`, `MIT License`), else `None`.
pub fn spdx(name: &str) -> Option<String> {
    let id = |w: &str| {
        !w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
    };
    let words: Vec<&str> = name
        .split_whitespace()
        .map(|w| w.trim_matches(['(', ')']))
        .collect();
    let expression = words.iter().enumerate().all(|(i, w)| {
        if i % 2 == 1 {
            matches!(*w, "OR" | "AND" | "WITH")
        } else {
            id(w) && w.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        }
    }) && words.len() % 2 == 1;
    if expression {
        return Some(name.to_owned());
    }
    let lower = name.to_ascii_lowercase();
    let known = [
        ("apache 2.0", "Apache-2.0"),
        ("apache license 2.0", "Apache-2.0"),
        ("apache license, version 2.0", "Apache-2.0"),
        ("apache-2", "Apache-2.0"),
        ("mit license", "MIT"),
        ("bsd 3-clause", "BSD-3-Clause"),
        ("bsd-3", "BSD-3-Clause"),
        ("gpl v3", "GPL-3.0-only"),
    ];
    known
        .iter()
        .find(|(spelling, _)| lower == *spelling)
        .map(|(_, id)| (*id).to_owned())
}

pub fn cargo_toml(api: &Api, settings: &Settings, header: &str, version: &str) -> String {
    // The runtime's `request.rs` sends JSON and forms (and writes query strings with
    // `form_urlencoded`, which reqwest's `url` already builds; `client.rs` encodes HTTP
    // basic credentials with `base64`, which reqwest already builds too); `retry.rs` waits
    // with tokio's timer and reads `Retry-After` dates with `httpdate`, and `session.rs`
    // holds one login at a time with tokio's mutex (reqwest builds tokio and hyper
    // `httpdate`); `multipart.rs` is copied only into crates that send multipart bodies.
    let mut features = vec!["rustls", "json", "form", "http2"];
    if super::runtime::uses_multipart(api) {
        features.push("multipart");
    }
    let features: Vec<String> = features.iter().map(|f| format!("\"{f}\"")).collect();
    let description = format!("Async Rust client for {}.", api.title.trim_end_matches('.'));
    let mut out = String::new();
    for line in header.lines() {
        let _ = writeln!(out, "# {line}");
    }
    let _ = writeln!(out, "[package]");
    let _ = writeln!(out, "name = {}", toml_string(&settings.crate_name));
    let _ = writeln!(out, "version = {}", toml_string(version));
    let _ = writeln!(out, "edition = \"2021\"");
    let _ = writeln!(out, "rust-version = \"1.85\"");
    let _ = writeln!(out, "description = {}", toml_string(&description));
    if let Some(contact) = &api.contact {
        let _ = writeln!(out, "authors = [{}]", toml_string(contact));
    }
    // The document's license is the crate's; the settings' only stands in for none.
    match api.license.as_deref().map(str::trim) {
        Some(name) => match spdx(name) {
            Some(license) => {
                let _ = writeln!(out, "license = {}", toml_string(&license));
            }
            None => {
                let _ = writeln!(
                    out,
                    "# The document's license, {}, is no SPDX expression: name it by its SPDX identifier in `info.license`.",
                    toml_string(name)
                );
            }
        },
        None => {
            if let Some(license) = &settings.license {
                let _ = writeln!(out, "license = {}", toml_string(license));
            }
        }
    }
    let _ = writeln!(out, "readme = \"README.md\"");
    let _ = writeln!(
        out,
        "documentation = {}",
        toml_string(&format!("https://docs.rs/{}", settings.crate_name))
    );
    for (key, value) in [("homepage", &api.homepage), ("repository", &api.repository)] {
        if let Some(url) = value {
            let _ = writeln!(out, "{key} = {}", toml_string(url));
        }
    }
    out.push_str(
        "keywords = [\"openapi\", \"api\", \"client\"]\n\
         categories = [\"api-bindings\", \"web-programming::http-client\"]\n",
    );
    let _ = writeln!(
        out,
        "\n[dependencies]\nreqwest = {{ version = \"0.13\", default-features = false, features = [{}] }}",
        features.join(", ")
    );
    if super::runtime::uses_stream(api) {
        // `stream.rs` reads the body frame by frame and is a `Stream`: both crates are
        // reqwest's own dependencies already.
        out.push_str("http-body = \"1\"\nfutures-core = \"0.3\"\n");
    }
    out.push_str(
        "serde = { version = \"1\", features = [\"derive\"] }\n\
         serde_json = \"1\"\n\
         form_urlencoded = \"1\"\n\
         percent-encoding = \"2\"\n\
         http = \"1\"\n\
         hyper-util = { version = \"0.1\", default-features = false, features = [\"client-proxy\"] }\n\
         url = \"2\"\n\
         base64 = \"0.23\"\n\
         tokio = { version = \"1\", default-features = false, features = [\"time\", \"sync\"] }\n\
         httpdate = \"1\"\n\
         tracing = { version = \"0.1\", default-features = false, features = [\"std\"], optional = true }\n\
         # The `mock` feature: a typed mock server for the tests of programs using this crate.\n\
         wiremock = { version = \"0.6\", optional = true }\n\
         \n[features]\n\
         # One `tracing` span per exchange: operation, method, path template, attempt, status, duration.\n\
         tracing = [\"dep:tracing\"]\n\
         # A typed mock server of the API (the `mock` module), for tests; off by default.\n\
         mock = [\"dep:wiremock\"]\n\
         \n[dev-dependencies]\n\
         tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n\
         \n# docs.rs builds the documentation as `cargo doc` does here, for one target.\n\
         [package.metadata.docs.rs]\n\
         all-features = true\n\
         targets = [\"x86_64-unknown-linux-gnu\"]\n",
    );
    out
}
