//! Rust identifiers from arbitrary OpenAPI names: case conversion, keywords, uniqueness.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Keywords that `r#` can escape.
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Words that cannot be identifiers even as raw identifiers; they get a trailing `_`.
const RESERVED: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Whether `word` is a Rust keyword (strict, reserved or edition-reserved), `_` included,
/// which cannot name a crate that code uses.
pub fn is_keyword(word: &str) -> bool {
    RAW_KEYWORDS.contains(&word) || RESERVED.contains(&word)
}

/// Keeps ASCII letters, digits and `_`; everything else separates words. A plural acronym
/// (`IPs`, `URLs`, in `BackfillNodeIPs`) is one word (`Ips`), not an acronym and a word
/// (`I`, `Ps`); so is an acronym with its version (`IPv6`: `Ipv6`, not `I`, `Pv6`).
fn ascii_words(name: &str) -> String {
    let chars: Vec<char> = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut out = String::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_uppercase())
            .count();
        let plural = run >= 2
            && chars.get(i + run) == Some(&'s')
            && !chars.get(i + run + 1).is_some_and(char::is_ascii_lowercase);
        // An acronym with its version (`IPv6`, `IPv4`): one word, not `I` and `Pv6`.
        let versioned = run >= 2
            && chars.get(i + run) == Some(&'v')
            && chars.get(i + run + 1).is_some_and(char::is_ascii_digit);
        if plural || versioned {
            out.push(chars[i]);
            out.extend(chars[i + 1..i + run].iter().map(char::to_ascii_lowercase));
            i += run;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// `snake_case` identifier text for a field, parameter, method or module.
/// Never empty, never starts with a digit, never a reserved word.
pub fn snake(name: &str) -> String {
    identifier(ascii_words(name).to_snake_case(), "value", "n_")
}

/// `UpperCamelCase` identifier text for a type or variant.
/// Never empty, never starts with a digit, never `Self`.
pub fn pascal(name: &str) -> String {
    identifier(ascii_words(name).to_upper_camel_case(), "Empty", "V")
}

/// `SHOUTY_SNAKE_CASE` identifier text for a `static`. Never empty, never starts with a digit.
pub fn shouty(name: &str) -> String {
    identifier(ascii_words(name).to_shouty_snake_case(), "VALUE", "N_")
}

/// `cased` made an identifier: `empty` when it is empty, after `digit_prefix` when it starts
/// with a digit, and with a `_` after a reserved word.
fn identifier(cased: String, empty: &str, digit_prefix: &str) -> String {
    let mut s = cased;
    if s.is_empty() {
        s = empty.to_owned();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, digit_prefix);
    }
    if RESERVED.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// The token for an identifier text: keywords become raw identifiers (`r#type`).
pub fn ident(text: &str) -> proc_macro2::Ident {
    if RAW_KEYWORDS.contains(&text) {
        proc_macro2::Ident::new_raw(text, proc_macro2::Span::call_site())
    } else {
        proc_macro2::Ident::new(text, proc_macro2::Span::call_site())
    }
}

/// A module name that is a plain identifier (no raw `r#`): keywords get a trailing `_`.
pub fn module_name(text: &str) -> String {
    if RAW_KEYWORDS.contains(&text) || RESERVED.contains(&text) {
        format!("{text}_")
    } else {
        text.to_owned()
    }
}

/// Hands out names that are unique within one scope, deterministically:
/// the first claim of `Foo` gets `Foo`, the next `Foo2`, then `Foo3`.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    used: BTreeSet<String>,
}

impl Scope {
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            used: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.used.contains(name)
    }

    pub fn claim(&mut self, base: &str) -> String {
        let mut candidate = base.to_owned();
        let mut n = 2;
        // `Self_` (a keyword's escape) numbered is `Self2`: `Self_2` is not UpperCamelCase.
        let stem = match base.trim_end_matches('_') {
            "" => base,
            stem => stem,
        };
        while self.used.contains(&candidate) {
            candidate = if stem.ends_with(|c: char| c.is_ascii_digit()) {
                format!("{stem}_{n}")
            } else {
                format!("{stem}{n}")
            };
            n += 1;
        }
        self.used.insert(candidate.clone());
        candidate
    }
}

/// The runtime's `crate::request` items the generated `api` modules import by name (the
/// arguments that say how a query parameter is written and whether a body may be quoted):
/// no request builder takes one of them either.
pub const REQUEST_IMPORTS: &[&str] = &["QueryStyle", "Secrecy"];

/// The prelude names the generated `api` modules use unqualified (`Ok`, `Option<T>`, `Into`):
/// no request builder takes one of them (an operation `ok` gets the builder `Ok2`).
pub const PRELUDE: &[&str] = &[
    "Ok",
    "Err",
    "Some",
    "None",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Into",
    "IntoIterator",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_handles_keywords_digits_and_symbols() {
        assert_eq!(snake("sessionId"), "session_id");
        assert_eq!(snake("APIKeyHeader"), "api_key_header");
        assert_eq!(snake("type"), "type");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("1st"), "n_1st");
        assert_eq!(snake("a-b.c"), "a_b_c");
        assert_eq!(snake("ünïcode"), "n_code");
        assert_eq!(snake(""), "value");
        // Plural acronyms are one word.
        assert_eq!(snake("BackfillNodeIPs"), "backfill_node_ips");
        assert_eq!(snake("getURLsByIDs"), "get_urls_by_ids");
        assert_eq!(snake("listAPIsV2"), "list_apis_v2");
        assert_eq!(snake("IPsec"), "i_psec");
        assert_eq!(pascal("node_IPs"), "NodeIps");
        // So are versioned acronyms.
        assert_eq!(snake("EnableIPv6"), "enable_ipv6");
        assert_eq!(snake("GlobalIPv6Address"), "global_ipv6_address");
        assert_eq!(pascal("IPv4"), "Ipv4");
        assert_eq!(snake("IPvX"), "i_pv_x");
    }

    #[test]
    fn pascal_handles_symbols_and_digits() {
        assert_eq!(pascal("email"), "Email");
        assert_eq!(pascal("+1"), "V1");
        assert_eq!(pascal(""), "Empty");
        assert_eq!(pascal("a-b"), "AB");
        assert_eq!(pascal("Self"), "Self_");
    }

    #[test]
    fn scope_suffixes_collisions_deterministically() {
        let mut scope = Scope::with_reserved(&["body"]);
        assert_eq!(scope.claim("body"), "body2");
        assert_eq!(scope.claim("x"), "x");
        assert_eq!(scope.claim("x"), "x2");
        assert_eq!(scope.claim("v1"), "v1");
        assert_eq!(scope.claim("v1"), "v1_2");
        assert_eq!(scope.claim("Self_"), "Self_");
        assert_eq!(scope.claim("Self_"), "Self2");
        assert_eq!(scope.claim("self_"), "self_");
        assert_eq!(scope.claim("self_"), "self2");
        assert_eq!(scope.claim("_"), "_");
        assert_eq!(scope.claim("_"), "_2");
    }
}
