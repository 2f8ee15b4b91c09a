//! Keys written twice in one mapping (`paths` listing `/pets` twice, a schema's `properties`
//! naming `id` twice). YAML and JSON readers keep one of the two values and drop the other
//! without a word, which would drop an operation or a field from the crate: the document is
//! refused instead, at the mapping and key.
//!
//! The slow way reads the tree with [`read`], which checks every mapping. The fast way
//! (straight to the model) cannot see them; [`may_repeat`] looks at the text first, cheaply,
//! and sends any document it cannot clear the slow way.

use crate::error::{ErrorKind, Located, Pointer};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

/// `text` (YAML or JSON; `what` it is, for the message: `document`, `overlay`) read as a
/// tree, every mapping's keys checked.
///
/// # Errors
/// A key written twice, at its second entry; or the syntax error, with its line and column.
pub(crate) fn read(text: &str, what: &str) -> Result<Value, Located> {
    let repeated = RefCell::new(None);
    // JSON has no merge keys: `<<` there is a key like any other. Nor is a quoted `"<<"`
    // one, which the reader does not tell from a plain `<<`: a document that quotes one
    // is read without merging.
    let merge =
        !text.trim_start().starts_with('{') && !text.contains("\"<<\"") && !text.contains("'<<'");
    tree(serde_yaml::Deserializer::from_str(text), &repeated, merge).map_err(|e| {
        repeated.take().unwrap_or_else(|| {
            Located::new(
                ErrorKind::Parse,
                &Pointer::root(),
                format!("the {what} is not valid YAML or JSON: {e}"),
                "fix the syntax at the line and column given",
            )
        })
    })
}

/// The tree `deserializer` gives, with every mapping's keys checked: the first key written
/// twice is recorded in `repeated` (and reading stops). With `merge`, YAML merge keys
/// (`<<: *defaults`) are applied, as YAML readers of other languages do.
fn tree<'de, D: de::Deserializer<'de>>(
    deserializer: D,
    repeated: &RefCell<Option<Located>>,
    merge: bool,
) -> Result<Value, D::Error> {
    Node {
        at: None,
        repeated,
        merge,
    }
    .deserialize(deserializer)
}

/// Where a node is: its key or index in its parent, and the parent's place.
struct Place<'p> {
    key: &'p str,
    parent: Option<&'p Place<'p>>,
}

impl Place<'_> {
    fn pointer(&self) -> Pointer {
        let mut keys = vec![self.key];
        let mut up = self.parent;
        while let Some(p) = up {
            keys.push(p.key);
            up = p.parent;
        }
        keys.iter()
            .rev()
            .fold(Pointer::root(), |at, key| at.push(key))
    }
}

/// One node to read, at `at`.
struct Node<'p> {
    at: Option<&'p Place<'p>>,
    repeated: &'p RefCell<Option<Located>>,
    /// Apply YAML merge keys (`<<`).
    merge: bool,
}

impl<'de> DeserializeSeed<'de> for Node<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

// As serde_json's own `Value` reads a node, but for the check of a mapping's keys.
impl<'de> Visitor<'de> for Node<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML or JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        <serde_json::Number as serde::Deserialize>::deserialize(de::value::I128Deserializer::new(v))
            .map(Value::Number)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        <serde_json::Number as serde::Deserialize>::deserialize(de::value::U128Deserializer::new(v))
            .map(Value::Number)
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let index = items.len().to_string();
            let place = Place {
                key: &index,
                parent: self.at,
            };
            let node = Node {
                at: Some(&place),
                repeated: self.repeated,
                merge: self.merge,
            };
            match seq.next_element_seed(node)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        let mut merged = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let place = Place {
                key: &key,
                parent: self.at,
            };
            let node = Node {
                at: Some(&place),
                repeated: self.repeated,
                merge: self.merge,
            };
            let value = map.next_value_seed(node)?;
            if self.merge && key == "<<" {
                // A mapping, or a list of them: merged once the mapping's own keys are read.
                let sources = match value {
                    Value::Object(source) => vec![source],
                    Value::Array(items) if items.iter().all(Value::is_object) => items
                        .into_iter()
                        .filter_map(|item| match item {
                            Value::Object(source) => Some(source),
                            _ => None,
                        })
                        .collect(),
                    _ => {
                        let error = Located::new(
                            ErrorKind::Parse,
                            &place.pointer(),
                            "a YAML merge key (`<<`) whose value is not a mapping or a list of mappings",
                            "merge an anchored mapping (`<<: *name`) or a list of them (`<<: [*a, *b]`)",
                        );
                        let message = error.message.clone();
                        *self.repeated.borrow_mut() = Some(error);
                        return Err(de::Error::custom(message));
                    }
                };
                merged.extend(sources);
                continue;
            }
            if out.contains_key(&key) {
                let error = repeated(&place.pointer(), &key);
                let message = error.message.clone();
                *self.repeated.borrow_mut() = Some(error);
                return Err(de::Error::custom(message));
            }
            out.insert(key, value);
        }
        // The mapping's own keys win over merged ones, and earlier merged mappings over
        // later ones (the YAML merge key type, yaml.org/type/merge).
        for source in merged {
            for (key, value) in source {
                out.entry(key).or_insert(value);
            }
        }
        Ok(Value::Object(out))
    }
}

/// The error for `key` written twice in the mapping that holds `at`.
fn repeated(at: &Pointer, key: &str) -> Located {
    Located::new(
        ErrorKind::Parse,
        at,
        format!("`{key}` is written twice in one mapping: a reader keeps one of its two values and drops the other"),
        "merge the two entries into one, or rename one of them",
    )
}

/// Whether a key may be written twice in one mapping of `text` (YAML in block style, or
/// JSON), or `text` holds what this look does not follow (a flow collection over several
/// lines, anchors and merge keys, complex keys, tabs): then the document must be read the
/// slow way, which [`tree`] checks exactly. `false` means no mapping repeats a key.
pub(crate) fn may_repeat(text: &str) -> bool {
    if text.trim_start().starts_with('{') {
        return json_may_repeat(text);
    }
    yaml_may_repeat(text).unwrap_or(true)
}

/// JSON: every object's keys, compared as written (a key with an escape is not cleared).
fn json_may_repeat(text: &str) -> bool {
    enum Frame<'t> {
        Object {
            keys: HashSet<&'t str>,
            key_next: bool,
        },
        Array,
    }
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                let mut end = start;
                let mut escaped = false;
                while end < bytes.len() && bytes[end] != b'"' {
                    if bytes[end] == b'\\' {
                        escaped = true;
                        end += 1;
                    }
                    end += 1;
                }
                if let Some(Frame::Object { keys, key_next }) = stack.last_mut() {
                    if *key_next {
                        let Some(key) = text.get(start..end.min(bytes.len())) else {
                            return true;
                        };
                        if escaped || !keys.insert(key) {
                            return true;
                        }
                        *key_next = false;
                    }
                }
                i = end + 1;
                continue;
            }
            b'{' => stack.push(Frame::Object {
                keys: HashSet::new(),
                key_next: true,
            }),
            b'[' => stack.push(Frame::Array),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => {
                if let Some(Frame::Object { key_next, .. }) = stack.last_mut() {
                    *key_next = true;
                }
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// A mapping open at a line of block YAML: the column of its keys, and the keys seen.
struct Block<'t> {
    indent: usize,
    keys: Vec<&'t str>,
}

impl Block<'_> {
    /// Whether a key repeats (sorted and compared: cheaper than hashing every key, for the
    /// few keys most mappings have).
    fn repeats(mut self) -> bool {
        self.keys.sort_unstable();
        self.keys.windows(2).any(|pair| pair[0] == pair[1])
    }
}

/// Block YAML, line by line: `Some(true)` when a key repeats, `None` when the text holds
/// what this look does not follow.
fn yaml_may_repeat(text: &str) -> Option<bool> {
    let mut blocks: Vec<Block> = Vec::new();
    // While a scalar goes on over the lines below its key: the key's column (lines deeper
    // than it are the scalar's).
    let mut scalar_below: Option<usize> = None;
    for line in text.lines() {
        let indent = line.bytes().take_while(|b| *b == b' ').count();
        let rest = &line[indent..];
        if rest.starts_with('\t') {
            return None;
        }
        // A line of a scalar that goes on below its key, or a blank one.
        if scalar_below.is_some_and(|column| indent > column) || rest.trim_end().is_empty() {
            continue;
        }
        let content = if rest.contains('#') {
            strip_comment(rest)?
        } else {
            rest
        };
        if content.trim().is_empty() {
            continue;
        }
        scalar_below = None;
        if indent == 0
            && (content.starts_with("---")
                || content.starts_with("...")
                || content.starts_with('%'))
        {
            if blocks.drain(..).any(Block::repeats) {
                return Some(true);
            }
            continue;
        }
        // Sequence items: each `- ` moves the column on; a key after them opens a mapping
        // there (a new one for each item).
        let mut column = indent;
        let mut entry = content;
        let mut item = false;
        while let Some(after) = entry
            .strip_prefix("- ")
            .or_else(|| (entry == "-").then_some(""))
        {
            let spaces = after.bytes().take_while(|b| *b == b' ').count();
            column += 2 + spaces;
            entry = &after[spaces..];
            item = true;
        }
        while blocks
            .last()
            .is_some_and(|b| b.indent > column || (item && b.indent == column))
        {
            if blocks.pop().is_some_and(Block::repeats) {
                return Some(true);
            }
        }
        if entry.is_empty() {
            continue;
        }
        if entry.starts_with(['?', '&', '!', '*']) {
            // A complex key, or a node with an anchor, a tag or an alias.
            return None;
        }
        let Some((key, value)) = split_key(entry)? else {
            // A scalar or flow item of a sequence, or a scalar going on: nothing to check,
            // but a flow collection must close on its line.
            if entry.starts_with(['{', '[']) && !flow_closes(entry)? {
                return None;
            }
            continue;
        };
        if key.starts_with(['&', '*', '!', '?']) || key == "<<" {
            return None;
        }
        match blocks.last_mut() {
            Some(block) if block.indent == column => block.keys.push(key),
            _ => blocks.push(Block {
                indent: column,
                keys: vec![key],
            }),
        }
        let value = value.trim();
        match value.chars().next() {
            None => {}
            Some('|' | '>') => scalar_below = Some(column),
            Some('{' | '[') => {
                if !flow_closes(value)? {
                    return None;
                }
                if value.starts_with('{') && flow_repeats(value)? {
                    return Some(true);
                }
            }
            Some('&' | '*' | '!') => return None,
            // A plain or quoted scalar may go on over deeper lines.
            _ => scalar_below = Some(column),
        }
    }
    Some(blocks.into_iter().any(Block::repeats))
}

/// `line` without its comment (`#` after a space, outside quotes); `None` when a quote does
/// not close on the line.
fn strip_comment(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
    let mut quote = None;
    let mut i = 0;
    while i < bytes.len() {
        match (quote, bytes[i]) {
            (None, b'#') if i == 0 || bytes[i - 1] == b' ' => return Some(&line[..i]),
            (None, q @ (b'"' | b'\''))
                if i == 0 || matches!(bytes[i - 1], b' ' | b'[' | b'{' | b',' | b':') =>
            {
                quote = Some(q)
            }
            (Some(b'"'), b'\\') => i += 1,
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        i += 1;
    }
    Some(line)
}

/// The key of a block mapping entry (`key: value`, `"key": value`, `key:`), quotes taken off,
/// and the rest of the line; `Some(None)` when the line is no entry; `None` when a quoted key
/// holds an escape.
fn split_key(entry: &str) -> Option<Option<(&str, &str)>> {
    if let Some(q) = entry.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        let close = entry[1..].find(q)? + 1;
        let key = &entry[1..close];
        let after = &entry[close + 1..];
        let Some(value) = after
            .strip_prefix(':')
            .filter(|v| v.is_empty() || v.starts_with(' '))
        else {
            return Some(None);
        };
        if key.contains('\\') || (q == '\'' && after.starts_with('\'')) {
            return None;
        }
        return Some(Some((key, value)));
    }
    if entry.starts_with(['{', '[', '|', '>']) {
        return Some(None);
    }
    let end = entry
        .match_indices(':')
        .map(|(i, _)| i)
        .find(|&i| entry[i + 1..].is_empty() || entry[i + 1..].starts_with(' '));
    Some(end.map(|i| (entry[..i].trim_end(), &entry[i + 1..])))
}

/// Whether the flow collection `text` starts closes on the line (outside quotes).
fn flow_closes(text: &str) -> Option<bool> {
    let mut depth = 0i32;
    let mut quote = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match (quote, bytes[i]) {
            (None, b'{' | b'[') => depth += 1,
            (None, b'}' | b']') => {
                depth -= 1;
                if depth == 0 {
                    return Some(text[i + 1..].trim().is_empty());
                }
            }
            (None, q @ (b'"' | b'\'')) => quote = Some(q),
            (Some(b'"'), b'\\') => i += 1,
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        i += 1;
    }
    Some(false)
}

/// Whether a flow mapping on one line (`{a: 1, b: {c: 2}}`) repeats a key at any depth;
/// `None` for what this does not follow (quoted keys with escapes, anchors).
fn flow_repeats(text: &str) -> Option<bool> {
    // Each open collection: its keys when a mapping (and whether a key comes next).
    let mut stack: Vec<Option<(HashSet<String>, bool)>> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'{' => stack.push(Some((HashSet::new(), true))),
            b'[' => stack.push(None),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => {
                if let Some(Some((_, key_next))) = stack.last_mut() {
                    *key_next = true;
                }
            }
            b' ' => {}
            _ => {
                if let Some(Some((keys, key_next))) = stack.last_mut() {
                    if *key_next {
                        // The key runs to `: ` (or `:` before `,`/`}`), quotes taken off.
                        let rest = text.get(i..)?;
                        let (key, len) = if rest.starts_with(['"', '\'']) {
                            let q = rest.as_bytes()[0] as char;
                            let close = rest[1..].find(q)? + 1;
                            let key = &rest[1..close];
                            if key.contains('\\') {
                                return None;
                            }
                            (key, close + 1)
                        } else {
                            let end = rest.match_indices(':').map(|(j, _)| j).find(|&j| {
                                rest[j + 1..].starts_with([' ', ',', '}'])
                                    || rest[j + 1..].is_empty()
                            })?;
                            (rest[..end].trim_end(), end)
                        };
                        if key.starts_with(['&', '*', '!', '?']) {
                            return None;
                        }
                        if !keys.insert(key.to_owned()) {
                            return Some(true);
                        }
                        *key_next = false;
                        i += len;
                        continue;
                    }
                }
                if c == b'"' || c == b'\'' {
                    let close = text[i + 1..].find(c as char)? + 1;
                    i += close + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    Some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Value, Located> {
        super::read(text, "document").inspect_err(|e| {
            assert!(
                e.message.contains("written twice"),
                "not a repeated key: {e:?}"
            );
        })
    }

    #[test]
    fn a_key_written_twice_is_found_where_it_is() {
        let e = read("paths:\n  /a: {get: {}}\n  /b: {}\n  /a: {post: {}}\n").unwrap_err();
        assert_eq!(e.pointer, "/paths/~1a");
        assert_eq!(
            e.message,
            "`/a` is written twice in one mapping: a reader keeps one of its two values and drops the other"
        );
        let e = read(r#"{"a": [{"x": 1, "y": 2, "x": 3}]}"#).unwrap_err();
        assert_eq!(e.pointer, "/a/0/x");
        // 200 and '200' are the same key once read.
        let e = read("r:\n  200: a\n  '200': b\n").unwrap_err();
        assert_eq!(e.pointer, "/r/200");
        // The same key in two mappings is no repeat.
        assert!(read("a: {x: 1}\nb: {x: 1}\nc: [{x: 1}, {x: 2}]\n").is_ok());
    }

    /// YAML merge keys are applied: the mapping's own keys first, then the merged mappings'
    /// in order; in JSON, `<<` is a key like any other.
    #[test]
    fn merge_keys_are_applied_in_yaml_only() {
        let merged = read(
            "base: &base {a: 1, b: 2}\nmore: &more {b: 3, c: 4}\n\
             one: {<<: *base, a: 9}\nboth: {<<: [*base, *more], d: 5}\n",
        )
        .unwrap();
        assert_eq!(merged["one"], serde_json::json!({"a": 9, "b": 2}));
        assert_eq!(
            merged["both"],
            serde_json::json!({"a": 1, "b": 2, "c": 4, "d": 5})
        );
        let json = read(r#"{"one": {"<<": {"a": 1}}}"#).unwrap();
        assert_eq!(json["one"], serde_json::json!({"<<": {"a": 1}}));
        let quoted = read("one: {\"<<\": {a: 1}}\n").unwrap();
        assert_eq!(quoted["one"], serde_json::json!({"<<": {"a": 1}}));
        let e = super::read("one:\n  <<: 3\n", "document").unwrap_err();
        assert_eq!(e.pointer, "/one/<<");
        assert!(e.message.contains("merge key"), "{}", e.message);
    }

    /// Without repeated keys, the tree is what serde_json's `Value` reads.
    #[test]
    fn the_tree_is_the_one_serde_reads() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = vec![root.join("spec/users.yaml")];
        for entry in std::fs::read_dir(root.join("tests/fixtures/specs")).unwrap() {
            files.push(entry.unwrap().path());
        }
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let plain: Value = serde_yaml::from_str(&text).unwrap();
            assert_eq!(read(&text).unwrap(), plain, "{}", file.display());
            // The fast look never clears a document the tree refuses.
            assert!(!may_repeat(&text) || read(&text).is_ok());
        }
        let users = std::fs::read_to_string(root.join("spec/users.yaml")).unwrap();
        assert!(
            !may_repeat(&users),
            "the product's document keeps the fast path"
        );
    }

    /// Lines of block YAML from a few keys, indentations and values: many parse, and many
    /// of those repeat a key somewhere.
    fn yaml_lines() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let line = (
            0..3usize,
            proptest::bool::ANY,
            prop::sample::select(vec!["a", "b", "'a'", "\"b\""]),
            prop::sample::select(vec![
                "",
                " 1",
                " {a: 1, b: 2}",
                " {a: 1, a: 2}",
                " |",
                " text",
                " [a, {a: 1}]",
                " 'x: y'",
                " # a: 1",
            ]),
        )
            .prop_map(|(depth, item, key, value)| {
                let dash = if item { "- " } else { "" };
                format!("{}{dash}{key}:{value}", "  ".repeat(depth))
            });
        prop::collection::vec(line, 1..8).prop_map(|lines| lines.join("\n"))
    }

    proptest::proptest! {
        /// The look never clears a document whose tree repeats a key, and never panics.
        #[test]
        fn the_look_never_clears_a_repeat(text in yaml_lines()) {
            let cleared = !may_repeat(&text);
            if let Err(e) = super::read(&text, "document") {
                if e.message.contains("written twice") {
                    proptest::prop_assert!(!cleared, "{text:?}");
                }
            }
        }

        /// Nor on any text at all.
        #[test]
        fn the_look_takes_any_text(text in "\\PC{0,60}") {
            let _ = may_repeat(&text);
        }
    }

    #[test]
    fn the_fast_look_finds_repeats_and_clears_what_only_looks_like_one() {
        let repeats = [
            "a: 1\nb: 2\na: 3\n",
            "paths:\n  /a:\n    get: {}\n  '/a':\n    put: {}\n",
            "list:\n  - name: a\n    in: q\n    name: b\n",
            "- - x: 1\n    x: 2\n",
            "s: {type: object, properties: {a: {type: string}, a: {type: int}}}\n",
            "{\"a\": {\"b\": 1, \"c\": {\"b\": 2}, \"b\": 3}}",
        ];
        for text in repeats {
            assert!(may_repeat(text), "{text}");
            assert!(read(text).is_err(), "{text}");
        }
        let clear = [
            // Sibling mappings and sequence items hold their own keys.
            "a: {x: 1}\nb: {x: 1}\n",
            "list:\n  - name: a\n    in: q\n  - name: b\n    in: q\nnext: 1\n",
            // Block scalars and scalars over several lines are not keys.
            "a: |\n  b: 1\n  b: 2\nb: 3\n",
            "a: \"some text\n  b: that goes on\n  b: and on\"\nb: 1\n",
            "a: some text\n  that goes on\nb: 1\n",
            "a: \"quoted # not a comment\" # a comment\nb: 'it''s'\n",
            "a: 1 # a: 2\nb: 2\n",
            "x: {p: \"a: b\", q: [1, {p: 2}]}\n",
            "---\na: 1\n...\n",
            "{\"a\": \"{\\\"a\\\": 1}\", \"b\": [{\"a\": 1}, {\"a\": 2}]}",
        ];
        for text in clear {
            assert!(!may_repeat(text), "{text}");
            assert!(read(text).is_ok(), "{text}");
        }
        // What the look does not follow goes the slow way.
        for text in [
            "a: {x: 1,\n  y: 2}\n",
            "a: &base {x: 1}\nb: *base\n",
            "? complex\n: key\n",
            "a:\n\tb: 1\n",
            "{\"a\\u0062\": 1, \"ab\": 2}",
        ] {
            assert!(may_repeat(text), "{text}");
        }
    }
}
