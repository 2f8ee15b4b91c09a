//! Where nodes of the read document came from: lowering a Swagger 2.0 or OpenAPI 3.1/3.2
//! document to OpenAPI 3.0 (and repairing it) moves nodes, and every error or warning must
//! point into the document as its author wrote it.

/// Reference tokens of a JSON pointer.
pub(crate) type Tokens = Vec<String>;

/// Moves made in steps: each step is a list of `(now, was)` pointer prefixes. A pointer into
/// the final tree is taken back through the steps, last first; within a step the longest
/// prefix that matches wins.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Moves {
    steps: Vec<Vec<(Tokens, Tokens)>>,
}

impl Moves {
    /// Records the moves of one step (after those already recorded).
    pub fn step(&mut self, moves: Vec<(Tokens, Tokens)>) {
        if !moves.is_empty() {
            self.steps.push(moves);
        }
    }

    /// `pointer` (into the final tree) as a pointer into the original document.
    pub fn original(&self, pointer: &str) -> String {
        if self.steps.is_empty() {
            return pointer.to_owned();
        }
        let mut tokens = tokens(pointer);
        for step in self.steps.iter().rev() {
            tokens = back(step, tokens);
        }
        to_pointer(&tokens)
    }

    /// Like [`Moves::original`], for a pointer made after the first `done` steps only.
    pub fn original_before(&self, done: usize, pointer: &str) -> String {
        let mut tokens = tokens(pointer);
        for step in self.steps.iter().take(done).rev() {
            tokens = back(step, tokens);
        }
        to_pointer(&tokens)
    }

    /// How many steps are recorded.
    pub fn len(&self) -> usize {
        self.steps.len()
    }
}

fn back(step: &[(Tokens, Tokens)], tokens: Tokens) -> Tokens {
    let best = step
        .iter()
        .filter(|(now, _)| tokens.starts_with(now))
        .max_by_key(|(now, _)| now.len());
    match best {
        Some((now, was)) => {
            let mut out = was.clone();
            out.extend(tokens[now.len()..].iter().cloned());
            out
        }
        None => tokens,
    }
}

/// The reference tokens of an RFC 6901 pointer (`~1` -> `/`, `~0` -> `~`).
pub(crate) fn tokens(pointer: &str) -> Tokens {
    match pointer.strip_prefix('/') {
        None => Vec::new(),
        Some(rest) => rest.split('/').map(crate::error::unescape).collect(),
    }
}

pub(crate) fn to_pointer(tokens: &[String]) -> String {
    crate::error::Pointer::root()
        .push_all(tokens)
        .as_str()
        .to_owned()
}

/// Tokens from string slices.
pub(crate) fn at(tokens: &[&str]) -> Tokens {
    tokens.iter().map(|t| (*t).to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_go_back_through_every_step_longest_prefix_first() {
        let mut moves = Moves::default();
        moves.step(vec![(at(&["components", "schemas"]), at(&["definitions"]))]);
        moves.step(vec![
            (
                at(&["paths", "/a", "get", "requestBody"]),
                at(&["paths", "/a", "get", "parameters", "1"]),
            ),
            (
                at(&[
                    "paths",
                    "/a",
                    "get",
                    "requestBody",
                    "content",
                    "application/json",
                ]),
                at(&["paths", "/a", "get", "parameters", "1"]),
            ),
            (
                at(&["paths", "/a", "get", "parameters", "1"]),
                at(&["paths", "/a", "get", "parameters", "2"]),
            ),
        ]);
        assert_eq!(
            moves.original("/components/schemas/Pet/properties/a~1b"),
            "/definitions/Pet/properties/a~1b"
        );
        assert_eq!(
            moves.original("/paths/~1a/get/requestBody/content/application~1json/schema/type"),
            "/paths/~1a/get/parameters/1/schema/type"
        );
        assert_eq!(
            moves.original("/paths/~1a/get/parameters/1/name"),
            "/paths/~1a/get/parameters/2/name"
        );
        assert_eq!(
            moves.original("/paths/~1a/get/parameters/10"),
            "/paths/~1a/get/parameters/10"
        );
        assert_eq!(moves.original(""), "");
        assert_eq!(
            moves.original_before(1, "/components/schemas/X"),
            "/definitions/X"
        );
        assert_eq!(moves.len(), 2);
    }

    #[test]
    fn no_moves_no_change() {
        let moves = Moves::default();
        assert_eq!(moves.original("/a/b~1c"), "/a/b~1c");
    }
}
