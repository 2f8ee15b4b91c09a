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

fn doc_lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    text.trim()
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if let Some(info) = trimmed.strip_prefix("```") {
                let opening = !in_fence;
                in_fence = !in_fence;
                // An unlabelled fence would be compiled as a Rust doctest.
                return if opening && info.trim().is_empty() {
                    " ```text".to_owned()
                } else {
                    format!(" {trimmed}")
                };
            }
            if in_fence {
                format!(" {line}")
            } else if trimmed.is_empty() {
                String::new()
            } else {
                // Indented text would also become a doctest.
                format!(" {}", trimmed.trim_end())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_and_indentation_never_become_doctests() {
        let lines = doc_lines("Intro\n\n    indented\n```\ncode\n```\n");
        assert_eq!(
            lines,
            vec![" Intro", "", " indented", " ```text", " code", " ```"]
        );
    }
}
