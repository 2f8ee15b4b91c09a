//! Hiding secrets in the text that errors quote: a secret is found in any of the forms a
//! server or gateway commonly quotes text in, not only as it was sent.
//!
//! The same in every generated crate.
//!
//! Each character of a secret may appear as itself (ASCII letters in either case) or
//! escaped: JSON (`\"`, `\\`, `\/`, `\n`..., `\u00e9` in any case, surrogate pairs), Rust's
//! `Debug` (`\u{e9}`, which parser messages and `Debug` output use), Python's bytes (`\xc3\xa9`),
//! URL and form encoding (`%C3%A9` in any case, Latin-1 `%E9`, `%u00E9`, `+` for a space),
//! and HTML character references (`&#233;`, `&#x00E9;`, `&#039;`, and the named ones of
//! HTML 4: `&eacute;`, `&lt;`...). Escapes may be mixed within one echo, and one escape may
//! itself be escaped once more (a JSON echo quoted inside JSON: `\\\"`), so a secret matches
//! at every place where the text decodes to it. Matching is linear in the text for ordinary
//! secrets; a pathological text that would take too long is hidden whole.

/// What stands in for a secret.
pub(crate) const MASK: &str = "***";

/// How many escapes may be nested: an escape, and an escape of its characters.
const DEPTH: u8 = 2;

/// The matching steps one call may take before it hides the whole text instead.
const BUDGET: usize = 4_000_000;

/// `text` with each of `secrets` replaced by [`MASK`] wherever the text holds it in any form
/// (see the module's documentation), the longest secret first where two could match at one
/// place. Empty secrets are ignored.
pub(crate) fn redact<'s>(text: &str, secrets: impl IntoIterator<Item = &'s str>) -> String {
    redact_prefix(text, secrets, usize::MAX).0
}

/// The first `chars` characters of [`redact`]`(text, secrets)`, and how many bytes of `text`
/// they stand for (`text.len()` when it is all there). Only as much of `text` is searched as
/// those characters need: a secret that starts among them is found whole, however far it
/// reaches.
pub(crate) fn redact_prefix<'s>(
    text: &str,
    secrets: impl IntoIterator<Item = &'s str>,
    chars: usize,
) -> (String, usize) {
    let mut secrets: Vec<Vec<char>> = secrets
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.chars().collect())
        .collect();
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.dedup();
    let mut matcher = Matcher {
        text,
        budget: BUDGET,
    };
    let mut out = String::with_capacity(text.len().min(chars.saturating_mul(4)));
    let mut written = 0;
    let mut i = 0;
    'text: while i < text.len() {
        if written >= chars {
            return (out, i);
        }
        let first = text.as_bytes()[i];
        for secret in &secrets {
            if !may_start(first, secret[0]) {
                continue;
            }
            if let Some(end) = matcher.secret_at(i, secret) {
                out.push_str(MASK);
                written += MASK.len();
                i = end;
                continue 'text;
            }
            if matcher.budget == 0 {
                return (MASK.to_owned(), text.len());
            }
        }
        let c = text[i..].chars().next().unwrap_or_default();
        out.push(c);
        written += 1;
        i += c.len_utf8().max(1);
    }
    (out, text.len())
}

/// Whether an echo of `c` may start with the byte `b`: as itself, or with the first byte of
/// an escape (`\`, `%`, `&`, or `+` for a space).
fn may_start(b: u8, c: char) -> bool {
    let mut buf = [0; 4];
    let first = c.encode_utf8(&mut buf).as_bytes()[0];
    b.eq_ignore_ascii_case(&first) || matches!(b, b'\\' | b'%' | b'&' | b'+')
}

struct Matcher<'t> {
    text: &'t str,
    budget: usize,
}

impl Matcher<'_> {
    /// Where an echo of `secret` that starts at `start` ends (the furthest end, if several).
    fn secret_at(&mut self, start: usize, secret: &[char]) -> Option<usize> {
        self.text_at(start, secret.iter().copied(), DEPTH)
            .into_iter()
            .max()
    }

    /// Where the echoes of `c` that start at `at` end, with escapes nested up to `depth`.
    fn char_at(&mut self, at: usize, c: char, depth: u8) -> Vec<usize> {
        let mut ends = Vec::new();
        if self.budget == 0 {
            return ends;
        }
        self.budget -= 1;
        let rest = &self.text[at..];
        let same = |d: char| d == c || (c.is_ascii() && d.eq_ignore_ascii_case(&c));
        if rest.chars().next().is_some_and(same) {
            ends.push(at + c.len_utf8());
        }
        if depth == 0 || !rest.starts_with(['\\', '%', '&', '+']) {
            return ends;
        }
        if let Some(len) = escape_of(rest, c) {
            ends.push(at + len);
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
        self.text_at(at, form.chars(), depth)
    }

    /// Where the echoes of the characters `text` that start at `at` end, each character
    /// echoed as itself or, `depth` escapes deep, in an escaped form.
    fn text_at(&mut self, at: usize, text: impl Iterator<Item = char>, depth: u8) -> Vec<usize> {
        let mut ends = vec![at];
        for c in text {
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

/// The length of the escape of `c` that `text` starts with, in any spelling of a numeric
/// escape (leading zeros, either case) or by an HTML name.
fn escape_of(text: &str, c: char) -> Option<usize> {
    let mut buf = [0; 4];
    let utf8 = c.encode_utf8(&mut buf).as_bytes();
    let code = c as u32;
    let hex = |digits: &str| u32::from_str_radix(digits, 16).ok();
    // `\uXXXX` (a surrogate pair for the others), `\u{X}`, `%uXXXX`.
    let unit = |t: &str, prefix: &str| -> Option<u32> {
        let digits = t.strip_prefix(prefix)?.get(..4)?;
        digits
            .bytes()
            .all(|b| b.is_ascii_hexdigit())
            .then(|| hex(digits))?
    };
    for prefix in ["\\u", "%u", "%U"] {
        if let Some(first) = unit(text, prefix) {
            if first == code {
                return Some(prefix.len() + 4);
            }
            if (0xD800..0xDC00).contains(&first) {
                let second = unit(&text[prefix.len() + 4..], prefix)?;
                let pair = 0x10000 + ((first - 0xD800) << 10) + second.checked_sub(0xDC00)?;
                return (pair == code).then_some(2 * (prefix.len() + 4));
            }
        }
    }
    if let Some(body) = text.strip_prefix("\\u{") {
        let end = body.bytes().take(7).position(|b| b == b'}')?;
        return (hex(&body[..end]) == Some(code)).then_some(4 + end);
    }
    // Bytes: `%XX` or `\xXX`, UTF-8 or (below 256) Latin-1.
    for prefix in ["%", "\\x", "\\X"] {
        let byte = |t: &str| -> Option<u8> {
            let digits = t.strip_prefix(prefix)?.get(..2)?;
            let hex = digits.bytes().all(|b| b.is_ascii_hexdigit());
            hex.then(|| u8::from_str_radix(digits, 16).ok())?
        };
        let step = prefix.len() + 2;
        if byte(text).is_some_and(|b| u32::from(b) == code) {
            return Some(step);
        }
        let all = utf8
            .iter()
            .enumerate()
            .all(|(i, b)| text.get(i * step..).and_then(byte) == Some(*b));
        if all {
            return Some(step * utf8.len());
        }
    }
    // HTML: `&#N;`, `&#xN;`, `&name;`.
    let body = text.strip_prefix('&')?;
    let end = body.bytes().take(13).position(|b| b == b';')?;
    let reference = &body[..end];
    let value = if let Some(n) = reference.strip_prefix('#') {
        match n.strip_prefix(['x', 'X']) {
            Some(h) if h.bytes().all(|b| b.is_ascii_hexdigit()) => hex(h),
            Some(_) => None,
            None if n.bytes().all(|b| b.is_ascii_digit()) => n.parse().ok(),
            None => None,
        }
    } else {
        HTML_NAMES
            .iter()
            .find(|(name, _)| *name == reference)
            .map(|(_, v)| *v)
    };
    (value == Some(code)).then_some(end + 2)
}

/// HTML 4's character entity references (the Latin-1 set, the special characters and the
/// common symbols), which HTML encoders such as PHP's `htmlentities` write.
const HTML_NAMES: &[(&str, u32)] = &[
    ("quot", 34),
    ("amp", 38),
    ("apos", 39),
    ("lt", 60),
    ("gt", 62),
    ("nbsp", 160),
    ("iexcl", 161),
    ("cent", 162),
    ("pound", 163),
    ("curren", 164),
    ("yen", 165),
    ("brvbar", 166),
    ("sect", 167),
    ("uml", 168),
    ("copy", 169),
    ("ordf", 170),
    ("laquo", 171),
    ("not", 172),
    ("shy", 173),
    ("reg", 174),
    ("macr", 175),
    ("deg", 176),
    ("plusmn", 177),
    ("sup2", 178),
    ("sup3", 179),
    ("acute", 180),
    ("micro", 181),
    ("para", 182),
    ("middot", 183),
    ("cedil", 184),
    ("sup1", 185),
    ("ordm", 186),
    ("raquo", 187),
    ("frac14", 188),
    ("frac12", 189),
    ("frac34", 190),
    ("iquest", 191),
    ("Agrave", 192),
    ("Aacute", 193),
    ("Acirc", 194),
    ("Atilde", 195),
    ("Auml", 196),
    ("Aring", 197),
    ("AElig", 198),
    ("Ccedil", 199),
    ("Egrave", 200),
    ("Eacute", 201),
    ("Ecirc", 202),
    ("Euml", 203),
    ("Igrave", 204),
    ("Iacute", 205),
    ("Icirc", 206),
    ("Iuml", 207),
    ("ETH", 208),
    ("Ntilde", 209),
    ("Ograve", 210),
    ("Oacute", 211),
    ("Ocirc", 212),
    ("Otilde", 213),
    ("Ouml", 214),
    ("times", 215),
    ("Oslash", 216),
    ("Ugrave", 217),
    ("Uacute", 218),
    ("Ucirc", 219),
    ("Uuml", 220),
    ("Yacute", 221),
    ("THORN", 222),
    ("szlig", 223),
    ("agrave", 224),
    ("aacute", 225),
    ("acirc", 226),
    ("atilde", 227),
    ("auml", 228),
    ("aring", 229),
    ("aelig", 230),
    ("ccedil", 231),
    ("egrave", 232),
    ("eacute", 233),
    ("ecirc", 234),
    ("euml", 235),
    ("igrave", 236),
    ("iacute", 237),
    ("icirc", 238),
    ("iuml", 239),
    ("eth", 240),
    ("ntilde", 241),
    ("ograve", 242),
    ("oacute", 243),
    ("ocirc", 244),
    ("otilde", 245),
    ("ouml", 246),
    ("divide", 247),
    ("oslash", 248),
    ("ugrave", 249),
    ("uacute", 250),
    ("ucirc", 251),
    ("uuml", 252),
    ("yacute", 253),
    ("thorn", 254),
    ("yuml", 255),
    ("OElig", 338),
    ("oelig", 339),
    ("Scaron", 352),
    ("scaron", 353),
    ("Yuml", 376),
    ("fnof", 402),
    ("circ", 710),
    ("tilde", 732),
    ("ndash", 8211),
    ("mdash", 8212),
    ("lsquo", 8216),
    ("rsquo", 8217),
    ("sbquo", 8218),
    ("ldquo", 8220),
    ("rdquo", 8221),
    ("bdquo", 8222),
    ("dagger", 8224),
    ("Dagger", 8225),
    ("bull", 8226),
    ("hellip", 8230),
    ("permil", 8240),
    ("lsaquo", 8249),
    ("rsaquo", 8250),
    ("euro", 8364),
    ("trade", 8482),
];

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
