//! The headers of a success answer, beside its value: what the request builder's
//! `with_headers()` gives for an operation whose answers document headers (`ETag`,
//! `Location`, `X-Rate-Limit-Remaining`...).
//!
//! The same in every generated crate whose API documents response headers; copied only into
//! those.

use crate::error::Error;
use crate::request::{decode, decode_strings, scalar, Pending};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A success answer's value, with its status and headers: what a request builder's
/// `with_headers()` resolves to.
///
/// `headers` holds the headers the API documents for the operation's success answers, typed
/// (the operation's `...Headers` struct); `all_headers` every header as it came.
///
/// `Debug` shows the value, the typed headers (whose secrets, such as a `Set-Cookie`, are
/// hidden) and the names of the other headers: never their values, which may carry a session.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct WithHeaders<T, H> {
    /// What `.await` on the request builder gives.
    pub value: T,
    /// The documented headers, read as their types.
    pub headers: H,
    /// The answer's status.
    pub status: StatusCode,
    /// Every header of the answer, documented or not.
    pub all_headers: HeaderMap,
}

impl<T: fmt::Debug, H: fmt::Debug> fmt::Debug for WithHeaders<T, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.all_headers.keys().map(|k| k.as_str()).collect();
        f.debug_struct("WithHeaders")
            .field("value", &self.value)
            .field("headers", &self.headers)
            .field("status", &self.status)
            .field("all_headers", &names)
            .finish()
    }
}

/// The future of a request builder's `with_headers()`: [`Pending`], reading the answer's
/// documented headers too. `Send`; it sends nothing until it is polled.
#[must_use = "a request is sent only when it is awaited"]
pub struct PendingWithHeaders<'a, T, H> {
    pending: Pending<'a, T>,
    read: fn(&HeaderMap) -> Result<H, Fault>,
}

/// A documented header that does not read as its type, or is missing: what
/// [`Error::HeaderDecode`] says once the status is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fault {
    name: &'static str,
    missing: bool,
}

impl<'a, T> Pending<'a, T> {
    /// This future, also reading the documented headers of its success answer with `read`.
    pub(crate) fn with_headers<H>(
        self,
        read: fn(&HeaderMap) -> Result<H, Fault>,
    ) -> PendingWithHeaders<'a, T, H> {
        PendingWithHeaders {
            pending: self,
            read,
        }
    }
}

impl<T, H> fmt::Debug for PendingWithHeaders<'_, T, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingWithHeaders").finish_non_exhaustive()
    }
}

impl<T, H> Future for PendingWithHeaders<'_, T, H> {
    type Output = Result<WithHeaders<T, H>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let read_headers = this.read;
        this.pending.poll_answer(cx, |response, read| {
            let status = response.status;
            let all_headers = response.headers.clone();
            // The value first: an error status is the API's error, not a header fault.
            let value = read(response)?;
            let headers = read_headers(&all_headers).map_err(|Fault { name, missing }| {
                Error::HeaderDecode {
                    status,
                    name,
                    missing,
                }
            })?;
            Ok(WithHeaders {
                value,
                headers,
                status,
                all_headers,
            })
        })
    }
}

/// The header `name` (lower case) of `headers` as `T`, `None` when the answer has none.
///
/// The value is read as OpenAPI's `simple` style writes it (OpenAPI 3.0.3, 4.7.12.1, the
/// style of every header): a string as it is, a number or a boolean from its text, an object
/// from `key=value,...` or `key,value,...`, an array from its items. Items are separated by
/// `delimiter`: `,`, unless a Swagger 2.0 `collectionFormat` says otherwise (`|`, ` `,
/// tab). Several fields of the one name are one value, joined by the delimiter (RFC 9110,
/// 5.3). `Set-Cookie` fields are never joined (RFC 6265, 3; a cookie's `Expires` holds a
/// comma): each is one item of an array, and one line of a string.
///
/// # Errors
/// A [`Fault`] naming the header when the value does not read as `T`.
pub(crate) fn header<T: DeserializeOwned>(
    headers: &HeaderMap,
    name: &'static str,
    delimiter: &str,
) -> Result<Option<T>, Fault> {
    let mut values = headers.get_all(name).iter().peekable();
    if values.peek().is_none() {
        return Ok(None);
    }
    let fields: Vec<String> = values
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect();
    let (whole, items) = if name == "set-cookie" {
        (fields.join("\n"), fields)
    } else {
        let whole = fields.join(delimiter);
        let items = whole
            .split(delimiter)
            .map(|t| t.trim_matches([' ', '\t']).to_owned())
            .collect();
        (whole, items)
    };
    let text = |value: serde_json::Value| serde_json::from_value::<T>(value).ok();
    // The whole text first, then an object (whose fields an array must not fill by
    // position), then an array.
    text(serde_json::Value::String(whole.clone()))
        .or_else(|| text(scalar(&whole)))
        .or_else(|| object(&items))
        .or_else(|| decode(&whole, &items).ok())
        .map(Some)
        .ok_or(Fault {
            name,
            missing: false,
        })
}

/// `items` as an object: `key=value` each, or keys and values in turn.
fn object<T: DeserializeOwned>(items: &[String]) -> Option<T> {
    let exploded: Option<serde_json::Map<String, serde_json::Value>> = items
        .iter()
        .map(|item| {
            let (k, v) = item.split_once('=')?;
            Some((k.to_owned(), serde_json::Value::String(v.to_owned())))
        })
        .collect();
    let pairs = exploded.or_else(|| {
        (items.len() % 2 == 0).then(|| {
            items
                .chunks(2)
                .map(|p| (p[0].clone(), serde_json::Value::String(p[1].clone())))
                .collect()
        })
    })?;
    decode_strings(pairs).ok()
}

/// The header `name` (lower case) of `headers` as `T`, which the API documents as always
/// sent, read as [`header`] reads it.
///
/// # Errors
/// A [`Fault`] naming the header when it is missing or does not read as `T`.
pub(crate) fn required<T: DeserializeOwned>(
    headers: &HeaderMap,
    name: &'static str,
    delimiter: &str,
) -> Result<T, Fault> {
    header(headers, name, delimiter)?.ok_or(Fault {
        name,
        missing: true,
    })
}
