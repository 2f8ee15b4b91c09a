//! The generated crate's root documentation: what the API is, a quick start written from the
//! document (client, credential, one call, errors), what the client needs to run, and every
//! operation with its arguments and result.

use crate::ir::{Api, Group, Operation, Outcome, Passing, Place, ResponsePayload, RustType};
use crate::Settings;

/// Markdown pieces joined: where a code span ends and the next begins, they are one span
/// (`` `Vec<` `` and `` `String` `` make `` `Vec<String` ``, never a double backtick).
pub fn code_concat(pieces: &[&str]) -> String {
    let mut out = String::new();
    for piece in pieces {
        if out.ends_with('`') && piece.starts_with('`') {
            out.pop();
            out.push_str(&piece[1..]);
        } else {
            out.push_str(piece);
        }
    }
    out
}

/// `ty` as Markdown for docs: its Rust spelling, the API's types linked.
pub fn type_markdown(ty: &RustType) -> String {
    let wrap = |outer: &str, inner: &RustType| {
        code_concat(&[&format!("`{outer}<`"), &type_markdown(inner), "`>`"])
    };
    match ty {
        RustType::String => "`String`".to_owned(),
        RustType::Bool => "`bool`".to_owned(),
        RustType::I32 => "`i32`".to_owned(),
        RustType::I64 => "`i64`".to_owned(),
        RustType::F32 => "`f32`".to_owned(),
        RustType::F64 => "`f64`".to_owned(),
        RustType::Json => "[`serde_json::Value`]".to_owned(),
        RustType::Bytes => "`Vec<u8>`".to_owned(),
        RustType::Named(n) => format!("[`{n}`](crate::types::{n})"),
        RustType::Option(t) => wrap("Option", t),
        RustType::Nullable(t) => code_concat(&["`Nullable<`", &type_markdown(t), "`>`"]),
        RustType::Vec(t) => wrap("Vec", t),
        RustType::Box(t) => wrap("Box", t),
        RustType::Map(t) => code_concat(&["`BTreeMap<String, `", &type_markdown(t), "`>`"]),
        RustType::Tuple(items) => {
            let mut parts = vec!["`(`".to_owned()];
            for (i, t) in items.iter().enumerate() {
                if i > 0 {
                    parts.push("`, `".to_owned());
                }
                parts.push(type_markdown(t));
            }
            parts.push(if items.len() == 1 { "`,)`" } else { "`)`" }.to_owned());
            let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
            code_concat(&parts)
        }
    }
}

/// What the caller passes for an input, as Markdown.
pub fn passing_markdown(passing: &Passing) -> String {
    match passing {
        Passing::Into(t) => type_markdown(t),
        Passing::Items(t) => format!("items of {}", type_markdown(t)),
        Passing::Ref(t) => code_concat(&["`&`", &type_markdown(t)]),
        Passing::Slice(t) => code_concat(&["`&[`", &type_markdown(t), "`]`"]),
        Passing::Body => "`impl Into<reqwest::Body>`".to_owned(),
        Passing::Multipart => "`reqwest::multipart::Form`".to_owned(),
    }
}

/// What awaiting an operation's request gives on success, as Markdown; `at_root` for the
/// crate's own page, where the crate's items need no path.
pub fn result_markdown(op: &Operation, at_root: bool) -> String {
    match &op.outcome {
        Outcome::Single(ResponsePayload::Redirect) if at_root => "[`Redirection`]".to_owned(),
        Outcome::Single(ResponsePayload::Redirect) => {
            "[`Redirection`](crate::Redirection)".to_owned()
        }
        Outcome::Single(ResponsePayload::Stream(stream)) => {
            let stream_link = if at_root {
                "[`ItemStream`]"
            } else {
                "[`ItemStream`](crate::ItemStream)"
            };
            format!(
                "{stream_link} of {}, read item by item",
                type_markdown(&stream.item)
            )
        }
        Outcome::Single(p) => p
            .rust_type()
            .map_or_else(|| "`()`".to_owned(), |t| type_markdown(&t)),
        Outcome::Enum { name, .. } => type_markdown(&RustType::Named(name.clone())),
    }
}

/// The crate's root documentation.
pub fn text(api: &Api, settings: &Settings) -> String {
    let krate = settings.crate_name.replace('-', "_");
    let mut text = format!("Async client for {}, version {}.", api.title, api.version);
    if let Some(d) = &api.description {
        text.push_str("\n\n");
        text.push_str(&super::docs::from_document(d));
    }
    text.push_str(&format!(
        "\n\nGenerated from `{}`.\n\n# Quick start\n\n{}",
        settings.spec_path,
        quick_start(api, &krate)
    ));
    text.push_str(
        "\n\n# What it needs\n\n\
         The client is async, on `reqwest`: await its requests on a Tokio runtime \
         (`#[tokio::main]`, or one you build); another executor's `block_on` does not drive \
         it. TLS is rustls (whose crypto backend builds C code: a C compiler is needed), \
         with certificates verified by default: trust a private CA with \
         [`ClientBuilder::add_root_certificate_pem`]. A `reqwest::Client` of your own \
         ([`ClientBuilder::http_client`]) must come from the same `reqwest` as this crate's, \
         re-exported as [`reqwest`].\n\n\
         # Errors\n\n\
         Every operation fails with [`Error`]: [`Error::Api`] for an error answer the API \
         documents (with its parsed body), [`Error::UnexpectedStatus`] for any other status \
         that is not a success, [`Error::Decode`] for a success body that does not parse, \
         [`Error::Transport`] when the exchange fails, and the others its documentation \
         lists. `Display` says what happened and what to check, and never shows a credential \
         or a password.",
    );
    text.push_str(&testing(api, &krate));
    text.push_str("\n\n# Operations\n");
    for group in &api.groups {
        text.push_str(&operations_table(group));
    }
    text
}

/// A program that builds a client with the API's first credential, makes one call and
/// handles its errors.
pub(crate) fn quick_start(api: &Api, krate: &str) -> String {
    let mut code = format!(
        "```no_run\nuse {krate}::{{Client, Error}};\n\n\
         # async fn example() -> Result<(), Error> {{\n\
         let client = Client::builder(\"https://api.example.com\")\n"
    );
    if let Some(scheme) = api.security_schemes.first() {
        let value = match scheme.place {
            Place::Basic => "\"user\", \"password\"",
            _ => "\"...\"",
        };
        code.push_str(&format!(
            "    // The `{}` credential, sent in {}.\n    .{}({value})\n",
            scheme.api_name,
            scheme.place.describe(),
            scheme.name
        ));
    }
    code.push_str("    .build()?;\n");
    match example_call(api) {
        Some(call) => code.push_str(&format!(
            "match client.{call}.await {{\n    \
             Ok(result) => println!(\"{{result:?}}\"),\n    \
             Err(Error::Api {{ status, body, .. }}) => eprintln!(\"the API answered {{status}}: {{body}}\"),\n    \
             Err(other) => return Err(other),\n}}\n"
        )),
        None => code.push_str("# let _ = client;\n"),
    }
    code.push_str("# Ok(())\n# }\n```");
    code
}

/// The "Testing your code" section: the `mock` feature, with a test of the example call
/// when its first success status takes a value that can be written (compiled as a doctest
/// only with the feature).
fn testing(api: &Api, krate: &str) -> String {
    let mut text = format!(
        "\n\n# Testing your code\n\n\
         With the cargo feature `mock` (in your dev-dependencies: `{} = {{ version = \"...\", \
         features = [\"mock\"] }}`), the module `mock` is a typed mock server of the API: \
         each operation is answered with the type the API documents for the status, call \
         counts are checked, a request that matches nothing fails the test naming the \
         closest operation and what differed, and the requests received read back as the \
         operations' inputs.",
        krate.replace('_', "-")
    );
    let Some((group, op, call)) = example_operation(api) else {
        return text;
    };
    let Some((status, payload)) = op.success.first() else {
        return text;
    };
    let crate::ir::StatusMatch::Code(_) = status else {
        return text;
    };
    let value = match payload {
        ResponsePayload::Empty => String::new(),
        ResponsePayload::Text => "\"...\"".to_owned(),
        ResponsePayload::Bytes => "vec![1u8]".to_owned(),
        ResponsePayload::Json(RustType::Vec(_)) => "&[]".to_owned(),
        ResponsePayload::Json(RustType::Named(n))
            if api.types.iter().any(|t| &t.name == n && t.default) =>
        {
            "&Default::default()".to_owned()
        }
        _ => return text,
    };
    let respond = super::mock::responder_name(op, status);
    let received = super::mock::own_name(op, "received");
    text.push_str(&format!(
        "\n\n```no_run\n\
         # #[cfg(feature = \"mock\")]\n\
         # async fn example() {{\n\
         use {krate}::{{mock::MockServer, Client}};\n\n\
         // In a `#[tokio::test]`: the API, answering one request.\n\
         let mock = MockServer::start().await;\n\
         mock.{accessor}().{op}().{respond}({value}).times(1).await;\n\n\
         // The code under test, with a client of the mock.\n\
         let client = Client::new(&mock.uri()).unwrap();\n\
         client.{call}.await.unwrap();\n\n\
         // What it sent, as the operation's inputs; then the counts and unmatched requests.\n\
         let sent = mock.{accessor}().{op}().{received}().await;\n\
         assert_eq!(sent.len(), 1);\n\
         mock.verify().unwrap();\n\
         # }}\n```",
        accessor = group.accessor,
        op = op.fn_name,
    ));
    text
}

/// A call of an operation whose arguments can be written as literals (a `GET` one first).
fn example_call(api: &Api) -> Option<String> {
    example_operation(api).map(|(_, _, call)| call)
}

/// The operation [`example_call`] calls, its group and the call.
fn example_operation(api: &Api) -> Option<(&Group, &Operation, String)> {
    let ops = || {
        api.groups
            .iter()
            .flat_map(|g| g.operations.iter().map(move |op| (g, op)))
    };
    let literal = |ty: &RustType| match ty {
        RustType::String => Some("\"...\""),
        RustType::I32 | RustType::I64 => Some("1"),
        RustType::F32 | RustType::F64 => Some("1.0"),
        RustType::Bool => Some("true"),
        _ => None,
    };
    let call = |g: &Group, op: &Operation| -> Option<String> {
        let args = op
            .arguments()
            .map(|i| match &i.passing {
                Passing::Into(ty) => literal(ty),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        Some(format!(
            "{}().{}({})",
            g.accessor,
            op.fn_name,
            args.join(", ")
        ))
    };
    ops()
        .filter(|(_, op)| op.method == crate::ir::Method::Get)
        .find_map(|(g, op)| call(g, op).map(|c| (g, op, c)))
        .or_else(|| ops().find_map(|(g, op)| call(g, op).map(|c| (g, op, c))))
}

/// A table of a group's operations: the call, its arguments, and what awaiting it gives.
fn operations_table(group: &Group) -> String {
    let mut text = format!(
        "\n{} (tag `{}`):\n\n| operation | arguments | result |\n|---|---|---|\n",
        {
            let accessor = format!("Client::{}", crate::names::ident(&group.accessor));
            super::docs::code_link(&accessor, &accessor)
        },
        group.api_name.replace('|', "\\|")
    );
    for op in &group.operations {
        let args: Vec<String> = op
            .arguments()
            .map(|i| format!("`{}`: {}", i.name, passing_markdown(&i.passing)))
            .collect();
        text.push_str(&format!(
            "| {} | {} | {} |\n",
            super::docs::code_link(
                &op.fn_name,
                &format!(
                    "crate::api::{}::{}::{}",
                    group.module, group.struct_name, op.fn_name
                )
            ),
            if args.is_empty() {
                "".to_owned()
            } else {
                args.join(", ")
            },
            result_markdown(op, true)
        ));
    }
    text
}
