//! A 3XX answer that an operation documents, returned rather than followed.
//!
//! The same in every generated crate whose API documents one; copied only into those.

use crate::request::Response;
use reqwest::header::{HeaderMap, SET_COOKIE};
use reqwest::{StatusCode, Url};
use std::fmt;

/// A 3XX answer the API documents for the operation (a login answering `303 See Other`
/// with `Location` and `Set-Cookie`, say), returned as it came: the client did not follow
/// it, and did not read its body.
///
/// `Debug` shows the status, where `Location` points without its query, and the header
/// names: never a cookie or a header value that may carry a session.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Redirection {
    /// The status (`303 See Other`, `304 Not Modified`...).
    pub status: StatusCode,
    /// The `Location` header resolved against the request's URL; `None` when it is absent
    /// or not a valid URL reference (its text is still in `headers`).
    pub location: Option<Url>,
    /// Every header of the answer.
    pub headers: HeaderMap,
}

impl Redirection {
    /// The `name=value` part of each `Set-Cookie` header, without its attributes (`Path`,
    /// `HttpOnly`...): what to send back in a `Cookie` header.
    pub fn cookies(&self) -> impl Iterator<Item = &str> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .map(str::trim)
            .filter(|pair| pair.contains('='))
    }
}

impl fmt::Debug for Redirection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A query may carry a token (an OAuth `code`, a session): only the place is shown.
        let location = self
            .location
            .as_ref()
            .map(|u| format!("{}{}", u.origin().ascii_serialization(), u.path()));
        let names: Vec<&str> = self.headers.keys().map(|k| k.as_str()).collect();
        f.debug_struct("Redirection")
            .field("status", &self.status)
            .field("location", &location)
            .field("headers", &names)
            .finish()
    }
}

impl Response<'_> {
    /// The answer as a [`Redirection`].
    pub(crate) fn redirection(self) -> Redirection {
        Redirection {
            status: self.status,
            location: self.location,
            headers: self.headers,
        }
    }
}
