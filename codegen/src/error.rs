//! The generator's error type: every failure names the file, the JSON pointer and a fix.

use std::fmt;

/// What went wrong, in categories a caller (or a test) can match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The bytes are not YAML/JSON, or do not have the shape of an OpenAPI document.
    Parse,
    /// The document is not OpenAPI 3.0.x (Swagger 2.0, OpenAPI 3.1, ...).
    Version,
    /// A `$ref` points at nothing, or somewhere this generator does not look.
    Reference,
    /// A construct the generator does not (yet) turn into Rust.
    Unsupported,
    /// The document contradicts itself (for example a path parameter that is not in the path).
    Invalid,
    /// A defect the generator would repair (see [`crate::ir::Repair`]), refused because
    /// [`crate::Settings::strict`] is set.
    Defect,
}

/// A located generation error: `file`, JSON `pointer` into it, what is wrong, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Category of the failure.
    pub kind: ErrorKind,
    /// The document's file name as the caller gave it (see [`crate::Settings::spec_path`]).
    pub file: String,
    /// RFC 6901 JSON pointer of the offending node (`""` for the whole document).
    pub pointer: String,
    /// What is wrong.
    pub message: String,
    /// What the user can change to get past it.
    pub help: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(
            f,
            "{}: at {}: {}\n  help: {}",
            self.file, pointer, self.message, self.help
        )
    }
}

impl std::error::Error for Error {}

/// An error before the file name is attached; the stages produce these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Located {
    pub kind: ErrorKind,
    pub pointer: String,
    pub message: String,
    pub help: String,
}

impl Located {
    pub fn new(
        kind: ErrorKind,
        pointer: &Pointer,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Located {
            kind,
            pointer: pointer.as_str().to_owned(),
            message: message.into(),
            help: help.into(),
        }
    }

    pub fn in_file(self, file: &str) -> Error {
        Error {
            kind: self.kind,
            file: file.to_owned(),
            pointer: self.pointer,
            message: self.message,
            help: self.help,
        }
    }
}

pub(crate) type Result<T, E = Located> = std::result::Result<T, E>;

/// An RFC 6901 reference token as the key it stands for (`~1` -> `/`, `~0` -> `~`): the
/// inverse of the escaping [`Pointer::push`] does.
pub(crate) fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// An RFC 6901 JSON pointer, built one reference token at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// The pointer one level down, with `token` escaped (`~` -> `~0`, `/` -> `~1`).
    pub fn push(&self, token: impl fmt::Display) -> Self {
        let token = token.to_string();
        let mut pointer = String::with_capacity(self.0.len() + 1 + token.len());
        pointer.push_str(&self.0);
        pointer.push('/');
        for c in token.chars() {
            match c {
                '~' => pointer.push_str("~0"),
                '/' => pointer.push_str("~1"),
                c => pointer.push(c),
            }
        }
        Pointer(pointer)
    }

    /// The pointer `tokens` further down.
    pub fn push_all(&self, tokens: &[String]) -> Self {
        tokens.iter().fold(self.clone(), |p, t| p.push(t))
    }

    /// The pointer one level up (the root's parent is the root).
    pub fn parent(&self) -> Self {
        match self.0.rsplit_once('/') {
            Some((head, _)) => Pointer(head.to_owned()),
            None => Pointer::root(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
