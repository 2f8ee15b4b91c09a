//! `multipart/form-data` bodies, for the APIs that have them.
//!
//! The same in every generated crate that sends multipart bodies (their `Cargo.toml` turns
//! on reqwest's `multipart` feature).

use crate::request::Request;

impl Request<'_> {
    /// A `multipart/form-data` body; `None` sends none.
    pub(crate) fn multipart(self, form: Option<reqwest::multipart::Form>) -> Self {
        match form {
            Some(form) => self.map(|b| b.multipart(form)),
            None => self,
        }
    }
}
