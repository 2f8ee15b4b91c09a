//! Finding secrets in the forms servers quote them in.

use crate::redact::{redact, MASK};

#[test]
fn a_secret_is_found_in_each_form_and_in_mixed_forms() {
    for (text, secret, hidden) in [
        (r#"a pw\"SECRET\\123 b"#, r#"pw"SECRET\123"#, "a *** b"),
        (r"caf\u00e9 and caf\u00E9", "café", "*** and ***"),
        (r"<a\/b>", "a/b", "<***>"),
        ("a+b%26c|a%20b%26c|a%20b&amp;c", "a b&c", "***|***|***"),
        (
            r"\u003cx\u003e &lt;x&gt; &#60;x&#x3e;",
            "<x>",
            "*** *** ***",
        ),
        (r"\u{e9}t\u{e9}", "été", "***"),
        (r#"(pw\\\"SECRET)"#, r#"pw"SECRET"#, "(***)"),
        ("%5C%22", r#"\""#, "***"),
        (r"\ud83d\ude00!", "\u{1f600}", "***!"),
        ("no: a%2 b", "a b", "no: a%2 b"),
        ("k=pw&x=1, got \"pw\"", "pw", "k=***&x=1, got \"***\""),
    ] {
        assert_eq!(redact(text, [secret]), hidden, "{text}");
    }
}

#[test]
fn the_longest_secret_is_hidden_whole() {
    assert_eq!(redact("abcdef", ["bc", "abcdef"]), "***");
    assert_eq!(redact("xabc", ["ab", "abc"]), "x***");
}

#[test]
fn a_text_too_costly_to_search_is_hidden_whole() {
    let secret = "\\".repeat(2_000) + "x";
    let text = "\\".repeat(20_000);
    assert_eq!(redact(&text, [secret.as_str()]), MASK);
}
