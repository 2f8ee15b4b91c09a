//! Doc comments from document text, made safe for rustdoc (no accidental doctests).

use proc_macro2::TokenStream;
use quote::quote;
use std::cell::RefCell;

/// `#[doc = "..."]` attributes, one per line of `text`.
///
/// While [`deferring`] makes a chunk, one attribute stands for all the lines instead, and
/// [`restore`] puts them back into the formatted chunk: doc text is most of a generated
/// crate's bytes, and `syn` and `prettyplease` would otherwise escape, parse, unescape and
/// print every line of it, for a third of the formatting time.
pub fn doc(text: &str) -> TokenStream {
    attributes(text, None)
}

/// Inner `#![doc = "..."]` attributes for a module (deferred as [`doc`]'s are).
pub fn inner_doc(text: &str) -> TokenStream {
    attributes(text, Some(quote!(!)))
}

/// `text` as doc attributes, inner ones after `#!` when `bang` is given.
fn attributes(text: &str, bang: Option<TokenStream>) -> TokenStream {
    match defer(logical_lines(text)) {
        // An outer key is a path attribute, the cheapest for syn to parse; an inner one (once
        // a module) is a doc attribute, which prettyplease prints on its own line.
        Ok(Some(key)) if bang.is_none() => {
            let key = proc_macro2::Ident::new(&key, proc_macro2::Span::call_site());
            quote! { #[#key] }
        }
        Ok(Some(key)) => quote! { #![doc = #key] },
        Ok(None) => TokenStream::new(),
        Err(lines) => {
            let lines = wrapped_lines(&lines, DOC_WIDTH);
            quote! { #( # #bang [doc = #lines] )* }
        }
    }
}

thread_local! {
    /// While [`deferring`] runs on this thread: the lines of each doc comment made, which
    /// its attribute's key (`KEY` and the index) stands for.
    static DEFERRED: RefCell<Option<Vec<Vec<DocLine>>>> = const { RefCell::new(None) };
}

/// A deferred doc comment's key: this, then the index of its lines. An outer one is the
/// attribute `#[__doc_key_N]`; an inner one the doc attribute `#![doc = "__doc_key_N"]`,
/// whose line (`//!__doc_key_N`) no doc comment can write: doc lines made by
/// [`logical_lines`] are empty or start with a space.
const KEY: &str = "__doc_key_";

/// The key standing for `lines` while [`deferring`] runs (`None` for no lines), or the
/// lines back when it does not.
fn defer(lines: Vec<DocLine>) -> Result<Option<String>, Vec<DocLine>> {
    DEFERRED.with(|deferred| match deferred.borrow_mut().as_mut() {
        Some(table) if !lines.is_empty() => {
            table.push(lines);
            Ok(Some(format!("{KEY}{}", table.len() - 1)))
        }
        Some(_) => Ok(None),
        None => Err(lines),
    })
}

/// The doc comments' lines deferred while `make` ran, with what it made: give both to
/// [`restore`] once the tokens are formatted.
pub(super) fn deferring<T>(make: impl FnOnce() -> T) -> (T, Vec<Vec<DocLine>>) {
    let outer = DEFERRED.with(|d| d.replace(Some(Vec::new())));
    let made = make();
    let table = DEFERRED.with(|d| d.replace(outer)).unwrap_or_default();
    (made, table)
}

/// `source` (formatted) with each deferred doc comment (`///` or `//!` and a key) written
/// out as its lines at its indentation, wrapped to end within [`LINE_WIDTH`] there (a key
/// may stand in several places: the tokens of one doc comment can be used twice), and any
/// other doc line too long cut by [`rewrap_doc_lines`]; `None` when a key is missing or
/// unknown, so that no doc text is lost unseen.
pub(super) fn restore(source: String, table: &[Vec<DocLine>]) -> Option<String> {
    let extra: usize = table.iter().flatten().map(|l| l.text.len() + 16).sum();
    let mut out = String::with_capacity(source.len() + extra);
    let mut restored = vec![false; table.len()];
    let mut too_long = false;
    for line in source.lines() {
        let (indent, trimmed) = line.split_at(indentation(line));
        let key = trimmed
            .strip_prefix("#[")
            .and_then(|rest| rest.strip_prefix(KEY)?.strip_suffix(']'))
            .map(|index| ("///", index))
            .or_else(|| {
                let index = trimmed.strip_prefix("//!")?.strip_prefix(KEY)?;
                Some(("//!", index))
            });
        let Some((marker, index)) = key else {
            too_long = too_long || long_doc_line(line);
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let index = index.parse::<usize>().ok()?;
        let lines = table.get(index)?;
        // `/// ` after the indentation; never narrower than [`MIN_WIDTH`].
        let width = LINE_WIDTH
            .saturating_sub(indent.len() + marker.len() + 1)
            .clamp(MIN_WIDTH, DOC_WIDTH);
        each_wrapped_line(lines, width, |doc_line| {
            out.push_str(indent);
            out.push_str(marker);
            out.push_str(doc_line.trim_end());
            out.push('\n');
        });
        restored[index] = true;
    }
    if !source.ends_with('\n') {
        out.pop();
    }
    if !restored.iter().all(|r| *r) {
        return None;
    }
    // Most chunks have no such line.
    Some(if too_long { rewrap_doc_lines(out) } else { out })
}

/// Whether `line` is a doc-comment line longer than [`LINE_WIDTH`] that
/// [`rewrap_doc_lines`] would cut: a look at its length in bytes (never fewer than its
/// characters) settles it for most lines.
fn long_doc_line(line: &str) -> bool {
    line.len() > LINE_WIDTH && {
        let text = line.trim_start();
        (text.starts_with("/// ") || text.starts_with("//! "))
            && !text[4..].starts_with(['|', '#'])
            && line.chars().count() > LINE_WIDTH
    }
}

/// The indentation of a line of formatted code, in bytes: formatted code is indented with
/// spaces alone (its string literals hold no raw line breaks or tabs).
pub(super) fn indentation(line: &str) -> usize {
    line.bytes().take_while(|b| *b == b' ').count()
}

/// The document's text, when it says something: `None` for none, or a blank one
/// (`description: ""`).
pub fn given(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.trim().is_empty())
}

/// `text`, or `fallback` when the document gives none.
pub fn doc_or(text: Option<&str>, fallback: &str) -> TokenStream {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => doc(t),
        None => doc(fallback),
    }
}

/// Text from the API document, made safe for rustdoc: bracketed text that rustdoc would
/// take for a link to a Rust item (`[deprecated]`, `[Pet]`, `[`Pet`]`) is escaped as
/// `\[..\]`, since the API's descriptions name things of their own world. Inline and
/// reference links (`[text](url)`, `[text][ref]`, `[ref]: url`), code spans, fenced code and
/// text already escaped are left as they are.
pub fn from_document(text: &str) -> String {
    let mut in_fence = false;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("```") {
                in_fence = !in_fence;
                return line.to_owned();
            }
            if in_fence {
                line.to_owned()
            } else {
                only_inline_links(line)
            }
        })
        .collect();
    lines.join("\n")
}

/// One line of [`from_document`].
fn only_inline_links(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                out.extend(&chars[i..(i + 2).min(chars.len())]);
                i += 2;
            }
            '`' => {
                let end = code_span_end(&chars, i);
                out.extend(&chars[i..end]);
                i = end;
            }
            '[' => match closing_bracket(&chars, i) {
                // A reference link: its text and its label, as they are.
                Some(close) if chars.get(close + 1) == Some(&'[') => {
                    let end = closing_bracket(&chars, close + 1).map_or(close + 1, |e| e + 1);
                    out.extend(&chars[i..end]);
                    i = end;
                }
                // An inline link, or a reference definition (`[ref]: url`, opening its line).
                Some(close)
                    if chars.get(close + 1) == Some(&'(')
                        || (chars.get(close + 1) == Some(&':')
                            && chars[..i].iter().all(|c| *c == ' ')) =>
                {
                    out.push('[');
                    i += 1;
                }
                Some(close) => {
                    out.push_str("\\[");
                    out.push_str(&only_inline_links(
                        &chars[i + 1..close].iter().collect::<String>(),
                    ));
                    out.push_str("\\]");
                    i = close + 1;
                }
                _ => {
                    out.push('[');
                    i += 1;
                }
            },
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Where the code span opened by the backticks at `start` ends (after its closing run of
/// as many backticks), or after the opening run when nothing closes it.
fn code_span_end(chars: &[char], start: usize) -> usize {
    let run = chars[start..].iter().take_while(|c| **c == '`').count();
    let mut i = start + run;
    while i < chars.len() {
        let n = chars[i..].iter().take_while(|c| **c == '`').count();
        if n == run {
            return i + n;
        }
        i += n.max(1);
    }
    start + run
}

/// The `]` that closes the `[` at `open` (nested pairs and code spans skipped), if any.
fn closing_bracket(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '`' => {
                i = code_span_end(chars, i);
                continue;
            }
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// A link to the Rust item at `path`, shown as the code `text`. Raw identifiers are
/// written without `r#` in the target, which rustdoc does not read there
/// (`crate::Client::r#type` links as `crate::Client::type`).
pub fn code_link(text: &str, path: &str) -> String {
    let target = path.replace("r#", "");
    if target == text {
        format!("[`{text}`]")
    } else {
        format!("[`{text}`]({target})")
    }
}

/// How wide a doc comment's text may be: with `/// ` and the indentation of an item in an
/// `impl` or a struct, its lines end within 100 columns.
const DOC_WIDTH: usize = 92;

/// The narrowest a deeply indented doc comment's text is wrapped to.
const MIN_WIDTH: usize = 40;

/// One line of a doc comment before it is wrapped: `text` is empty or starts with a space;
/// `wrap` is set for prose, which may be cut at spaces (code, tables and headings may not).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DocLine {
    text: String,
    wrap: bool,
}

/// `text`'s lines, made safe for rustdoc, before wrapping.
///
/// Prose loses its indentation (indented text would become a doctest), except in Markdown
/// lists: an item nested in another, and a line that goes on with an item, are indented to
/// the text of the item they belong to, as CommonMark reads them (a line after a blank one
/// belongs to the innermost item whose text it reaches). A line that goes on with an item
/// without being indented under it (a "lazy" line, clippy's `doc_lazy_continuation`) is
/// indented as if it were. Tabs become four spaces (clippy's `tabs_in_doc_comments`).
fn logical_lines(text: &str) -> Vec<DocLine> {
    let text = if text.contains('\t') {
        std::borrow::Cow::Owned(text.replace('\t', "    "))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let mut in_fence = false;
    let mut out = Vec::new();
    // The list items open at the current line, outermost first.
    let mut items: Vec<ListItem> = Vec::new();
    let mut after_blank = false;
    let kept = |text: String| DocLine { text, wrap: false };
    let lines = text.trim_end().lines().skip_while(|l| l.trim().is_empty());
    for line in lines {
        let indent = indentation(line);
        let trimmed = &line[indent..];
        if let Some(info) = trimmed.strip_prefix("```") {
            let opening = !in_fence;
            in_fence = !in_fence;
            items.clear();
            // An unlabelled fence would be compiled as a Rust doctest.
            out.push(kept(if opening && info.trim().is_empty() {
                " ```text".to_owned()
            } else {
                format!(" {trimmed}")
            }));
        } else if in_fence {
            out.push(kept(format!(" {line}")));
        } else if trimmed.trim_end().is_empty() {
            out.push(kept(String::new()));
            after_blank = true;
            continue;
        } else if trimmed.starts_with('#') {
            // A heading is one line, and ends any list.
            items.clear();
            out.push(kept(format!(" {}", trimmed.trim_end())));
        } else {
            let marker = list_marker(trimmed);
            if marker > 0 || after_blank {
                // An item, or a paragraph after a blank line, is inside the open items
                // whose text its indentation reaches.
                while items.last().is_some_and(|item| indent < item.source_text) {
                    items.pop();
                }
            }
            // Any other line goes on with the paragraph before it, in the innermost item,
            // however it is indented.
            let at = items.last().map_or(0, |item| item.text);
            out.push(DocLine {
                text: format!(" {:at$}{}", "", trimmed.trim_end()),
                // Tables are one line each in Markdown.
                wrap: !trimmed.starts_with('|'),
            });
            if marker > 0 {
                items.push(ListItem {
                    source_text: indent + marker,
                    text: at + marker,
                });
            }
        }
        after_blank = false;
    }
    out
}

/// A Markdown list item open at a line of a doc comment: the column of its text in the
/// document (where its lines go on) and in the doc comment.
struct ListItem {
    source_text: usize,
    text: usize,
}

/// `lines` with their prose wrapped to `width` characters.
fn wrapped_lines(lines: &[DocLine], width: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len());
    each_wrapped_line(lines, width, |line| out.push(line.to_owned()));
    out
}

/// Each of `lines`, their prose wrapped to `width` characters, given to `emit` in order.
fn each_wrapped_line(lines: &[DocLine], width: usize, mut emit: impl FnMut(&str)) {
    for line in lines {
        if line.wrap {
            wrap(
                line.text.strip_prefix(' ').unwrap_or(&line.text),
                width,
                &mut emit,
            );
        } else {
            emit(&line.text);
        }
    }
}

/// `text`'s lines, made safe for rustdoc and wrapped to [`DOC_WIDTH`].
#[cfg(test)]
fn doc_lines(text: &str) -> Vec<String> {
    wrapped_lines(&logical_lines(text), DOC_WIDTH)
}

/// The lines [`wrap`] gives, without their leading space.
#[cfg(test)]
fn wrapped(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    wrap(text, width, &mut |line: &str| {
        lines.push(line[1..].to_owned())
    });
    lines
}

/// `text` cut at spaces into lines of at most `width` characters (a longer word stays whole
/// on its own line), each given to `emit` after a space, as a doc line starts. The first
/// line keeps `text`'s indentation; the others are indented as much, and a list item's
/// further lines under its text, as Markdown continues an item.
fn wrap(text: &str, width: usize, emit: &mut impl FnMut(&str)) {
    let (indent, text) = text.split_at(indentation(text));
    let hanging = indent.len() + list_marker(text);
    let mut line = String::with_capacity(text.len().min(width) + indent.len() + 1);
    line.push(' ');
    line.push_str(indent);
    // The line's width in characters (the leading space aside), and whether it holds more
    // than whitespace yet (a "word" of tabs or no-break spaces does not count, as a line
    // that starts with one is still blank).
    let (mut chars, mut has_word) = (indent.len(), false);
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let word_chars = word.chars().count();
        if has_word && chars + 1 + word_chars > width {
            emit(&line);
            line.truncate(1);
            line.extend(std::iter::repeat_n(' ', hanging));
            (chars, has_word) = (hanging, false);
        }
        if has_word {
            line.push(' ');
            chars += 1;
        }
        line.push_str(word);
        chars += word_chars;
        has_word = has_word || !word.trim_start().is_empty();
    }
    emit(&line);
}

/// Whether Markdown `text`'s last paragraph is prose alone: no list item, table row, heading
/// or code fence, after which text added on its last line would join that block.
pub(super) fn ends_in_prose(text: &str) -> bool {
    let last_paragraph = text.rsplit("\n\n").next().unwrap_or_default();
    !last_paragraph.lines().any(|line| {
        let line = line.trim_start();
        line.starts_with(['|', '#']) || line.starts_with("```") || list_marker(line) > 0
    })
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

/// The widest a line of generated code may be, doc comments included (as rustfmt's default).
const LINE_WIDTH: usize = 100;

/// `source` (formatted Rust) with each doc-comment line longer than [`LINE_WIDTH`] cut at
/// spaces under the same `///` or `//!` prefix (and the same indentation of its text, which
/// continues a list item). [`doc`] wraps text before it knows how deep its item will be
/// indented; this finishes the job. Code blocks, tables and headings are left as they are,
/// and so is a word longer than the line.
fn rewrap_doc_lines(source: String) -> String {
    let mut out = String::with_capacity(source.len() + 64);
    let mut in_fence = false;
    for line in source.lines() {
        let (indent, trimmed) = line.split_at(indentation(line));
        let Some(marker) = ["/// ", "//! "]
            .into_iter()
            .find(|m| trimmed.starts_with(m))
        else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let text = &trimmed[marker.len()..];
        if text.trim_start().starts_with("```") {
            in_fence = !in_fence;
        }
        let keep = in_fence
            || line.chars().count() <= LINE_WIDTH
            || text.starts_with('|')
            || text.starts_with('#');
        if keep {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let continued = &text[..text.len() - text.trim_start().len()];
        let prefix = format!("{indent}{marker}{continued}");
        let width = LINE_WIDTH.saturating_sub(prefix.chars().count()).max(1);
        let mut current = String::new();
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
                out.push_str(&prefix);
                out.push_str(&current);
                out.push('\n');
                current.clear();
            }
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push_str(&prefix);
        out.push_str(&current);
        out.push('\n');
    }
    if !source.ends_with('\n') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_doc_lines_are_cut_under_their_prefix() {
        let long = "word ".repeat(30);
        let source = format!(
            "        /// {long}\n        ///   {long}\n/// ```\n/// {long}\n/// ```\n//! | {long} |\nfn f() {{}}\n"
        );
        let out = rewrap_doc_lines(source.clone());
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("        /// word") && lines[0].len() <= LINE_WIDTH);
        assert!(lines[1].starts_with("        /// word") && !lines[1].starts_with("        ///  "));
        // A list item's continuation keeps its indentation.
        let continued: Vec<&&str> = lines
            .iter()
            .filter(|l| l.starts_with("        ///   word"))
            .collect();
        assert!(continued.len() >= 2, "{out}");
        assert!(
            lines.iter().all(|l| l.len() <= LINE_WIDTH
                || l.starts_with("/// word")
                || l.starts_with("//! |")),
            "{out}"
        );
        // Code blocks and tables stay as they are; the words are all kept, in order.
        assert!(out.contains(&format!("/// ```\n/// {long}\n/// ```")));
        assert!(out.contains(&format!("//! | {long} |")));
        assert!(out.ends_with("fn f() {}\n"));
        let words = |t: &str| t.split_whitespace().filter(|w| *w == "word").count();
        assert_eq!(words(&out), words(&source));
    }

    #[test]
    fn restore_cuts_a_long_doc_line_it_did_not_write() {
        let long = "word ".repeat(30);
        let source = format!("        /// {}\nfn f() {{}}\n", long.trim_end());
        let out = restore(source.clone(), &[]).unwrap();
        assert_eq!(out, rewrap_doc_lines(source));
        assert!(out.lines().all(|l| l.len() <= LINE_WIDTH), "{out}");
        assert_eq!(out.lines().count(), 3, "{out}");
    }

    #[test]
    fn bracketed_text_is_escaped_but_links_and_code_are_not() {
        let cases = [
            (
                "Lists [deprecated] keys of [Pet].",
                "Lists \\[deprecated\\] keys of \\[Pet\\].",
            ),
            (
                "See [`Pet`] and [a [nested] one].",
                "See \\[`Pet`\\] and \\[a \\[nested\\] one\\].",
            ),
            (
                "[the docs](https://x.example/a) and [`Error`](crate::Error)",
                "[the docs](https://x.example/a) and [`Error`](crate::Error)",
            ),
            ("[text][ref] and [v2]: x", "[text][ref] and \\[v2\\]: x"),
            ("  [ref]: https://x.example", "  [ref]: https://x.example"),
            (
                "`page[number]=2` and ``a ` [b]`` and \\[c]",
                "`page[number]=2` and ``a ` [b]`` and \\[c]",
            ),
            (
                "an unclosed [ and `an unclosed span [x]",
                "an unclosed [ and `an unclosed span \\[x\\]",
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(only_inline_links(text), expected, "{text}");
        }
    }

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

    /// Lines that go on with a list item are indented under its text, however the document
    /// indents them (clippy's `doc_lazy_continuation` and `doc_overindented_list_items`);
    /// nesting and paragraphs follow CommonMark; tabs become spaces.
    #[test]
    fn list_items_keep_their_lines_and_nesting() {
        let text = " - DEFAULT: the default.\n - SET_ONLY: only\nthe set.\n\
                    Steps:\n- one,\n      deeper\n  - nested,\nlazy\n\n    in nested\n\n  \
                    in one\n\nafter\n1. first\n# Heading\nplain\tline";
        assert_eq!(
            doc_lines(text),
            [
                " - DEFAULT: the default.",
                " - SET_ONLY: only",
                "   the set.",
                "   Steps:",
                " - one,",
                "   deeper",
                "   - nested,",
                "     lazy",
                "",
                "     in nested",
                "",
                "   in one",
                "",
                " after",
                " 1. first",
                " # Heading",
                " plain line",
            ]
        );
        // A wrapped nested item goes on under its own text.
        let long = format!("- a\n  - {}", "word ".repeat(25).trim_end());
        let lines = doc_lines(&long);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[1].starts_with("   - word") && lines[2].starts_with("     word"));
    }

    #[test]
    fn fences_and_indentation_never_become_doctests() {
        let lines = doc_lines("Intro\n\n    indented\n```\ncode\n```\n");
        assert_eq!(
            lines,
            vec![" Intro", "", " indented", " ```text", " code", " ```"]
        );
    }

    /// A chunk's tokens made with its doc comments deferred format, once they are restored,
    /// to exactly what the attributes made line by line format to; a key lost in between
    /// is an error, not missing docs.
    #[test]
    fn deferred_doc_comments_come_back_as_written() {
        let text = format!(
            "{}\n\n```\ncode  \n```\n- an item\n\n| a | table |",
            "word ".repeat(30)
        );
        let item = || {
            let (outer, inner) = (doc(&text), inner_doc("Module."));
            quote! {
                #inner
                #outer
                pub struct S;
                impl S {
                    #outer
                    pub fn f() {}
                }
            }
        };
        let unparse = |tokens| prettyplease::unparse(&syn::parse2(tokens).unwrap());
        let direct = unparse(item());
        let (tokens, table) = deferring(item);
        assert_eq!(table.len(), 2);
        let formatted = unparse(tokens);
        assert!(!formatted.contains("word"), "{formatted}");
        assert_eq!(restore(formatted, &table).as_deref(), Some(direct.as_str()));
        assert_eq!(doc("").to_string(), "");
        // Outside `deferring`, doc comments are attributes line by line.
        assert!(doc("a\n\nb").to_string().contains("\" b\""));
        // A key missing from the formatted text, or one the table does not hold.
        assert_eq!(restore("/// __doc_key_0\n".to_owned(), &table[..1]), None);
        assert_eq!(restore("#[__doc_key_7]\n".to_owned(), &table[..1]), None);
        assert_eq!(restore("//!__doc_key_0\n".to_owned(), &table[..2]), None);
    }

    /// Words that are whitespace alone (a tab, a no-break space) leave a line blank: the
    /// next word follows them without a space, as before wrapping kept a running count.
    #[test]
    fn whitespace_words_leave_a_line_blank() {
        let long = "x".repeat(92);
        assert_eq!(
            wrapped(&format!("{long} \u{a0} end"), 92),
            [long.clone(), "\u{a0}end".to_owned()]
        );
        assert_eq!(
            wrapped(&format!("{long} \t next"), 92),
            [long, "\tnext".to_owned()]
        );
    }

    /// A deferred doc comment is wrapped once, to the width left at its own indentation:
    /// no short tail is left over from wrapping it for a shallower place first.
    #[test]
    fn deferred_doc_comments_are_wrapped_at_their_depth() {
        let text = "word ".repeat(33);
        let (_, table) = deferring(|| doc(&text));
        let restored = restore("        #[__doc_key_0]\n".to_owned(), &table).unwrap();
        let lines: Vec<&str> = restored.lines().collect();
        assert_eq!(lines.len(), 2, "{restored}");
        assert!(lines.iter().all(|l| l.starts_with("        /// word")));
        assert!(lines.iter().all(|l| l.len() <= LINE_WIDTH && l.len() > 80));
        // Far deeper than any generated item: the text keeps a readable width.
        let deep = restore(format!("{}#[__doc_key_0]\n", " ".repeat(90)), &table).unwrap();
        assert!(deep.lines().all(|l| l.trim_start().len() <= 4 + MIN_WIDTH));
        assert_eq!(deep.lines().count(), 5);
    }
}
