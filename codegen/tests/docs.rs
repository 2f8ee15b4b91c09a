//! What the generated crate tells its users: each operation's result type, the root page,
//! and the package metadata taken from the document.

use oapi_rust_codegen::{generate, Settings};

mod common;

fn settings(license: Option<&str>) -> Settings {
    Settings {
        crate_name: "pet-client".to_owned(),
        spec_path: "pets.yaml".to_owned(),
        license: license.map(str::to_owned),
        ..common::settings()
    }
}

fn document(license: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: Pets, version: '1'{license}}}\n\
         components:\n  securitySchemes:\n    key: {{type: apiKey, in: header, name: X-Key}}\n  \
         schemas:\n    Pet: {{type: object, properties: {{name: {{type: string}}}}}}\n\
         security: [{{key: []}}]\n\
         paths:\n  /pets/{{id}}:\n    get:\n      operationId: getPet\n      tags: [pets]\n      \
         parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      \
         responses:\n        '200':\n          description: ok\n          content:\n            \
         application/json:\n              schema: {{type: array, items: {{$ref: '#/components/schemas/Pet'}}}}\n"
    )
}

fn file(license: &str, settings_license: Option<&str>, path: &str) -> String {
    generate(document(license).as_bytes(), &settings(settings_license))
        .unwrap()
        .into_iter()
        .find(|f| f.path == path)
        .unwrap()
        .contents
}

#[test]
fn an_operation_says_what_awaiting_it_gives() {
    // The doc text as one line: docs are wrapped at 100 columns.
    let api = file("", None, "src/api/pets.rs").replace("\n    /// ", " ");
    // `struct@`: a request may share its name with a derive macro (`Default`).
    let line =
        "/// Returns the request [`GetPet`](struct@GetPet). Awaiting it sends the request and \
        gives `Result<Vec<`[`Pet`](crate::types::Pet)`>, `[`Error`](crate::Error)`>`.";
    assert!(api.contains(line), "{api}");
    // What each error means is said once, on the crate's page, and linked.
    let errors = "# Errors An [`Error`](crate::Error) when the request fails: [the crate's \
        errors](crate#errors) say which variant means what.";
    assert!(api.contains(errors), "{api}");
}

#[test]
fn the_root_page_has_a_quick_start_and_every_operation() {
    let lib = file("", None, "src/lib.rs");
    for line in [
        "//! use pet_client::{Client, Error};",
        "//!     // The `key` credential, sent in the `X-Key` header.",
        "//!     .key(\"...\")",
        "//! match client.pets().get_pet(\"...\").await {",
        "//! [`Client::pets`] (tag `pets`):",
        "//! | [`get_pet`](crate::api::pets::PetsApi::get_pet) | `id`: `String` | `Vec<`[`Pet`](crate::types::Pet)`>` |",
        "pub use ::reqwest;",
    ] {
        assert!(lib.contains(line), "{line}\n{lib}");
    }
}

#[test]
fn the_license_is_the_documents() {
    let manifest = |license: &str, fallback| file(license, fallback, "Cargo.toml");
    let line = |m: String| {
        m.lines()
            .find(|l| l.starts_with("license") || l.contains("no SPDX"))
            .map(str::to_owned)
    };
    assert_eq!(
        line(manifest(
            ", license: {name: MIT}",
            Some("MIT OR Apache-2.0")
        ))
        .as_deref(),
        Some("license = \"MIT\"")
    );
    assert_eq!(
        line(manifest(", license: {name: Apache 2.0}", None)).as_deref(),
        Some("license = \"Apache-2.0\"")
    );
    assert_eq!(
        line(manifest(", license: {name: 'Apache-2.0 OR MIT'}", None)).as_deref(),
        Some("license = \"Apache-2.0 OR MIT\"")
    );
    assert_eq!(
        line(manifest(", license: {name: 'See our terms of use'}", None)).as_deref(),
        Some("# The document's license, \"See our terms of use\", is no SPDX expression: name it by its SPDX identifier in `info.license`.")
    );
    // No license in the document: the settings' stands in, or none.
    assert_eq!(
        line(manifest("", Some("MIT OR Apache-2.0"))).as_deref(),
        Some("license = \"MIT OR Apache-2.0\"")
    );
    assert_eq!(line(manifest("", None)), None);
}

/// A `multipart/form-data` body is a `reqwest::multipart::Form`: its documentation lists the
/// parts the document's schema describes, which are files, which are required, and what
/// each is, so that the form can be built without the document at hand.
#[test]
fn a_multipart_body_lists_its_parts() {
    let document = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /upload:\n    post:\n      \
        operationId: upload\n      requestBody:\n        required: true\n        content:\n          \
        multipart/form-data:\n            schema: {$ref: '#/components/schemas/UploadForm'}\n      \
        responses: {'204': {description: done}}\ncomponents:\n  schemas:\n    UploadForm:\n      \
        type: object\n      required: [file, title]\n      properties:\n        \
        file: {type: string, format: binary, description: The file to store}\n        \
        title: {type: string, description: \"Shown in listings,\\nby [title].\"}\n        \
        pages: {type: array, items: {type: string, format: binary}}\n        tag: {type: string}\n";
    let api = generate(document.as_bytes(), &settings(None))
        .unwrap()
        .into_iter()
        .find(|f| f.path == "src/api/default.rs")
        .unwrap()
        .contents;
    let lines = [
        "    /// - `body`: The request body.",
        "    ///",
        "    ///   A `multipart/form-data` form of these parts:",
        "    ///   - `file` (a file, required): The file to store",
        "    ///   - `title` (required): Shown in listings,",
        "    ///     by \\[title\\].",
        "    ///   - `pages` (a file)",
        "    ///   - `tag`",
        "    ///",
    ]
    .join("\n");
    assert!(api.contains(&lines), "{api}");
}

/// A parameter's place is said after its description: in parentheses after prose, as a
/// sentence of its own after a list or a code block (where the parenthesis would join the
/// last item, or break the fence).
#[test]
fn a_parameters_place_never_joins_a_list_or_a_code_block() {
    let document = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
        operationId: getA\n      parameters:\n        \
        - {name: m, in: query, description: \" - A: one.\\n - B: two\\nlines.\", schema: {type: string}}\n        \
        - {name: c, in: query, description: \"Like:\\n```\\nx\\n```\", schema: {type: string}}\n        \
        - {name: p, in: query, description: \"Plain text.\", schema: {type: string}}\n      \
        responses: {'204': {description: done}}\n";
    let api = generate(document.as_bytes(), &settings(None))
        .unwrap()
        .into_iter()
        .find(|f| f.path == "src/api/default.rs")
        .unwrap()
        .contents;
    for lines in [
        &[
            "    /// - B: two",
            "    ///   lines.",
            "    ///",
            "    /// The query parameter `m`.",
        ][..],
        &["    /// ```", "    ///", "    /// The query parameter `c`."],
        &["    /// Plain text. (the query parameter `p`)"],
    ] {
        assert!(api.contains(&lines.join("\n")), "{lines:?} in\n{api}");
    }
}
