//! Doc comments from document text, made safe for rustdoc (no accidental doctests).

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` attributes, one per line of `text`.
pub fn doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// Inner `#![doc = "..."]` attributes for a module.
pub fn inner_doc(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #![doc = #lines] )* }
}

/// `text`, or `fallback` when the document gives none.
pub fn doc_or(text: Option<&str>, fallback: &str) -> TokenStream {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => doc(t),
        None => doc(fallback),
    }
}

/// How wide a doc comment's text may be: with `/// ` and the indentation of an item in an
/// `impl` or a struct, its lines end within 100 columns.
const DOC_WIDTH: usize = 92;

fn doc_lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut out = Vec::new();
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            let opening = !in_fence;
            in_fence = !in_fence;
            // An unlabelled fence would be compiled as a Rust doctest.
            out.push(if opening && info.trim().is_empty() {
                " ```text".to_owned()
            } else {
                format!(" {trimmed}")
            });
        } else if in_fence {
            out.push(format!(" {line}"));
        } else if trimmed.is_empty() {
            out.push(String::new());
        } else if trimmed.starts_with('|') || trimmed.starts_with('#') {
            // Tables and headings are one line each in Markdown.
            out.push(format!(" {}", trimmed.trim_end()));
        } else {
            // Indented text would also become a doctest.
            out.extend(
                wrapped(trimmed.trim_end())
                    .into_iter()
                    .map(|l| format!(" {l}")),
            );
        }
    }
    out
}

/// `text` cut at spaces into lines of at most [`DOC_WIDTH`] characters (a longer word stays
/// whole on its own line). A list item's further lines are indented under its text, as
/// Markdown continues an item.
fn wrapped(text: &str) -> Vec<String> {
    let marker = list_marker(text);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !line.trim_start().is_empty()
            && line.chars().count() + 1 + word.chars().count() > DOC_WIDTH
        {
            lines.push(std::mem::take(&mut line));
            line = " ".repeat(marker);
        }
        if !line.trim_start().is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// The width of the list marker `text` starts with (`- `, `* `, `+ `, `1. `, `2) `), or 0.
fn list_marker(text: &str) -> usize {
    if ["- ", "* ", "+ "].iter().any(|m| text.starts_with(m)) {
        return 2;
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &text[digits..];
    if digits > 0 && (rest.starts_with(". ") || rest.starts_with(") ")) {
        digits + 2
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_wrapped_but_tables_and_fences_are_not() {
        let long = "word ".repeat(30).trim_end().to_owned();
        let lines = doc_lines(&format!("{long}\n\n| {long} |\n```text\n{long}\n```"));
        assert_eq!(lines[0], format!(" {}", "word ".repeat(18).trim_end()));
        assert_eq!(lines[1], format!(" {}", "word ".repeat(12).trim_end()));
        assert_eq!(lines[3], format!(" | {long} |"));
        assert_eq!(lines[5], format!(" {long}"));
    }

    #[test]
    fn a_wrapped_list_item_goes_on_under_its_text() {
        let item = format!("- {}", "word ".repeat(25).trim_end());
        let lines = doc_lines(&item);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].starts_with("   word"), "{lines:?}");
        assert_eq!(list_marker("12. x"), 4);
        assert_eq!(list_marker("-x"), 0);
    }

    #[test]
    fn fences_and_indentation_never_become_doctests() {
        let lines = doc_lines("Intro\n\n    indented\n```\ncode\n```\n");
        assert_eq!(
            lines,
            vec![" Intro", "", " indented", " ```text", " code", " ```"]
        );
    }
}
