//! Hiding secrets in the text that errors quote: a secret is found in any of the forms a
//! server or gateway commonly quotes text in, not only as it was sent.
//!
//! The same in every generated crate.
//!
//! Each character of a secret may appear as itself or escaped: JSON (`\"`, `\\`, `\/`,
//! `\n`..., `\u00e9` in either case, surrogate pairs), Rust's `Debug` (`\u{e9}`, which
//! parser messages and `Debug` output use), URL and form encoding (`%C3%A9` in either case,
//! `+` for a space), and HTML character references (`&lt;`, `&amp;`, `&quot;`, `&#39;`,
//! `&#233;`, `&#xE9;`). Escapes may be mixed within one echo, and one escape may itself be
//! escaped once more (a JSON echo quoted inside JSON: `\\\"`), so a secret matches at every
//! place where the text decodes to it. Matching is linear in the text for ordinary
//! secrets; a pathological text that would take too long is hidden whole.

/// What stands in for a secret.
pub(crate) const MASK: &str = "***";

/// How many escapes may be nested: an escape, and an escape of its characters.
const DEPTH: u8 = 2;

/// The matching steps one call may take before it hides the whole text instead.
const BUDGET: usize = 4_000_000;

/// The most characters of text one character of a secret may take when escaped (a surrogate
/// pair `\uD83D\uDE00` escaped again): how far past a cut a secret that starts before it
/// may reach.
pub(crate) const MAX_ECHO_CHARS_PER_CHAR: usize = 12 * 6;

/// `text` with each of `secrets` replaced by [`MASK`] wherever the text holds it in any form
/// (see the module's documentation), the longest secret first where two could match at one
/// place. Empty secrets are ignored.
pub(crate) fn redact<'s>(text: &str, secrets: impl IntoIterator<Item = &'s str>) -> String {
    let mut secrets: Vec<Vec<char>> = secrets
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().collect())
        .collect();
    if secrets.is_empty() {
        return text.to_owned();
    }
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.dedup();
    let mut matcher = Matcher {
        text,
        budget: BUDGET,
    };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'text: while i < text.len() {
        let first = text.as_bytes()[i];
        for secret in &secrets {
            if !may_start(first, secret[0]) {
                continue;
            }
            if let Some(end) = matcher.secret_at(i, secret) {
                out.push_str(MASK);
                i = end;
                continue 'text;
            }
            if matcher.budget == 0 {
                return MASK.to_owned();
            }
        }
        let c = text[i..].chars().next().unwrap_or_default();
        out.push(c);
        i += c.len_utf8().max(1);
    }
    out
}

/// Whether an echo of `c` may start with the byte `b`: as itself, or with the first byte of
/// an escape (`\`, `%`, `&`, or `+` for a space).
fn may_start(b: u8, c: char) -> bool {
    let mut buf = [0; 4];
    b == c.encode_utf8(&mut buf).as_bytes()[0] || matches!(b, b'\\' | b'%' | b'&' | b'+')
}

struct Matcher<'t> {
    text: &'t str,
    budget: usize,
}

impl Matcher<'_> {
    /// Where an echo of `secret` that starts at `start` ends (the furthest end, if several).
    fn secret_at(&mut self, start: usize, secret: &[char]) -> Option<usize> {
        let mut ends = vec![start];
        for &c in secret {
            let mut next = Vec::new();
            for &at in &ends {
                for end in self.char_at(at, c, DEPTH) {
                    if !next.contains(&end) {
                        next.push(end);
                    }
                }
            }
            if next.is_empty() {
                return None;
            }
            ends = next;
        }
        ends.into_iter().max()
    }

    /// Where the echoes of `c` that start at `at` end, with escapes nested up to `depth`.
    fn char_at(&mut self, at: usize, c: char, depth: u8) -> Vec<usize> {
        let mut ends = Vec::new();
        if self.budget == 0 {
            return ends;
        }
        self.budget -= 1;
        let rest = &self.text[at..];
        if rest.starts_with(c) {
            ends.push(at + c.len_utf8());
        }
        if depth == 0 || !rest.starts_with(['\\', '%', '&', '+']) {
            return ends;
        }
        for form in escapes(c) {
            for end in self.form_at(at, &form, depth - 1) {
                if !ends.contains(&end) {
                    ends.push(end);
                }
            }
        }
        ends
    }

    /// Where the echoes of the text `form` (an escape) that start at `at` end.
    fn form_at(&mut self, at: usize, form: &str, depth: u8) -> Vec<usize> {
        let mut ends = vec![at];
        for c in form.chars() {
            let mut next = Vec::new();
            for &at in &ends {
                for end in self.char_at(at, c, depth) {
                    if !next.contains(&end) {
                        next.push(end);
                    }
                }
            }
            if next.is_empty() {
                return next;
            }
            ends = next;
        }
        ends
    }
}

/// The escapes `c` may be written as, other than itself.
fn escapes(c: char) -> Vec<String> {
    let code = c as u32;
    let mut forms = Vec::new();
    // JSON (RFC 8259, section 7) and Rust's `Debug`.
    match c {
        '"' => forms.push("\\\"".to_owned()),
        '\\' => forms.push("\\\\".to_owned()),
        '/' => forms.push("\\/".to_owned()),
        '\'' => forms.push("\\'".to_owned()),
        '\u{8}' => forms.push("\\b".to_owned()),
        '\u{c}' => forms.push("\\f".to_owned()),
        '\n' => forms.push("\\n".to_owned()),
        '\r' => forms.push("\\r".to_owned()),
        '\t' => forms.push("\\t".to_owned()),
        '\0' => forms.push("\\0".to_owned()),
        _ => {}
    }
    let mut utf16 = [0; 2];
    let units = c.encode_utf16(&mut utf16);
    let lower: String = units.iter().map(|u| format!("\\u{u:04x}")).collect();
    let upper: String = units.iter().map(|u| format!("\\u{u:04X}")).collect();
    forms.push(format!("\\u{{{code:x}}}"));
    forms.push(lower);
    forms.push(upper);
    // URL and form encoding (RFC 3986, section 2.1; `application/x-www-form-urlencoded`).
    let mut buf = [0; 4];
    let bytes = c.encode_utf8(&mut buf).as_bytes();
    forms.push(bytes.iter().map(|b| format!("%{b:02X}")).collect());
    forms.push(bytes.iter().map(|b| format!("%{b:02x}")).collect());
    if c == ' ' {
        forms.push("+".to_owned());
    }
    // HTML character references.
    match c {
        '<' => forms.push("&lt;".to_owned()),
        '>' => forms.push("&gt;".to_owned()),
        '&' => forms.push("&amp;".to_owned()),
        '"' => forms.push("&quot;".to_owned()),
        '\'' => forms.push("&apos;".to_owned()),
        _ => {}
    }
    forms.push(format!("&#{code};"));
    forms.push(format!("&#x{code:x};"));
    forms.push(format!("&#x{code:X};"));
    forms.dedup();
    forms
}
