//! The one error type of this crate.
//!
//! The same in every generated crate; [`ApiErrorBody`], which holds the API's own error
//! models, is generated for each API.

pub use crate::api_error::ApiErrorBody;
use reqwest::StatusCode;
use std::fmt;

/// Everything that can go wrong when calling the API.
///
/// `Display` says what happened and what to check; no credential or secret field
/// ever appears in it. Variants may gain fields in later versions: match them with `..`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The client cannot be configured as asked: a base URL that is not `http(s)`, a
    /// credential that cannot be a header value, an unreadable CA certificate.
    #[non_exhaustive]
    Config {
        /// What is wrong.
        message: String,
    },
    /// A parameter's value cannot be sent (a header value with a line break, say).
    /// Nothing was sent.
    #[non_exhaustive]
    InvalidParameter {
        /// The parameter's name in the API description.
        name: &'static str,
        /// What is wrong with the value.
        message: String,
    },
    /// The exchange with the server failed: connection refused, name resolution, TLS
    /// handshake or certificate, timeout, or a connection dropped mid-response.
    Transport(reqwest::Error),
    /// The server answered with an error status that the API documents.
    #[non_exhaustive]
    Api {
        /// The HTTP status.
        status: StatusCode,
        /// The body: the API's error model when it parses as one, else its text.
        body: ApiErrorBody,
        /// The body's first characters as sent, whether or not it parsed as a model, with
        /// the client's credentials hidden: what a proxy or gateway said when its JSON
        /// parses as a model of optional fields that it fills none of. `None` when the
        /// model holds secrets, so the body is never quoted.
        text: Option<String>,
    },
    /// The server answered with a status the API does not document for the operation.
    #[non_exhaustive]
    UnexpectedStatus {
        /// The HTTP status.
        status: StatusCode,
        /// The first characters of the body; `None` when the operation's answers hold
        /// secrets, so the body is never quoted.
        body: Option<String>,
    },
    /// A success status whose body is not what the API describes.
    #[non_exhaustive]
    Decode {
        /// The HTTP status.
        status: StatusCode,
        /// The type the body should have been.
        expected: &'static str,
        /// The first characters of the body; `None` when the expected type holds
        /// secrets, so the body is never quoted.
        body_prefix: Option<String>,
        /// Why decoding failed: the JSON parser's message, or, when the expected type holds
        /// secrets (the parser quotes values), only the kind of fault and where it is.
        detail: String,
    },
    /// A success answer's header that the API documents is missing, though documented as
    /// always sent, or is not of its documented type. Only a request builder's
    /// `with_headers()` reads headers; `.await` alone never fails so. The value is never
    /// quoted: a header may carry a session.
    #[non_exhaustive]
    HeaderDecode {
        /// The HTTP status.
        status: StatusCode,
        /// The header's name, in lower case.
        name: &'static str,
        /// `true`: the header is missing; `false`: its value is not of its type.
        missing: bool,
    },
    /// The server redirected the request to another origin (scheme, host or port), or more
    /// often than the client's redirect limit. The client did not follow: neither the
    /// credentials nor the body were sent there, and nothing it answered is used.
    #[non_exhaustive]
    Redirect {
        /// The redirect's status (or, with a client of your own that followed, the status
        /// the other origin answered).
        status: StatusCode,
        /// The origin (`scheme://host:port`) redirected to: never its path or query.
        location: String,
    },
    /// The proxy that requests go through (see [`crate::ClientBuilder::no_proxy`]) could not
    /// be reached, would not open a tunnel to the server, or asked for credentials
    /// (`407 Proxy Authentication Required`).
    #[non_exhaustive]
    Proxy {
        /// The proxy's origin (`http://proxy.example:3128`), never its user information.
        proxy: String,
        /// What the proxy answered, when it answered (`407`).
        status: Option<StatusCode>,
        /// The transport error, when the proxy could not be reached or refused the tunnel.
        source: Option<reqwest::Error>,
    },
    /// The response body is larger than the client's limit
    /// ([`crate::ClientBuilder::max_response_bytes`]); the rest was not read.
    #[non_exhaustive]
    BodyTooLarge {
        /// The HTTP status.
        status: StatusCode,
        /// The limit, in bytes.
        limit: usize,
    },
    /// An item of a streamed body (server-sent events, JSON lines, a JSON text sequence:
    /// see `ItemStream`, in crates whose API streams) is not what the API describes. Only
    /// that item is lost: the stream goes on with the next.
    #[non_exhaustive]
    ItemDecode {
        /// The item's place in the stream, from 0 (every item counts, decoded or not).
        index: u64,
        /// The type the item should have been.
        expected: &'static str,
        /// The item's first characters (for an event, its fields as a JSON object); `None`
        /// when the item type holds secrets, so items are never quoted.
        item_prefix: Option<String>,
        /// Why decoding failed: the JSON parser's message, or, when the item type holds
        /// secrets, only the kind of fault and where it is.
        detail: String,
    },
    /// An item of a streamed body (for server-sent events, one event's lines) is larger
    /// than the client's limit ([`crate::ClientBuilder::max_response_bytes`]): it was not
    /// read, and the stream ends.
    #[non_exhaustive]
    ItemTooLarge {
        /// The item's place in the stream, from 0.
        index: u64,
        /// The limit, in bytes.
        limit: usize,
    },
    /// The request was sent more than once, and the last attempt failed with `last`: the
    /// attempts before it met transient faults (see [`crate::RetryPolicy`]), or a
    /// session that had expired and was renewed ([`crate::Client::with_login`]).
    #[non_exhaustive]
    Retried {
        /// How many times the request was sent (2 or more).
        attempts: u32,
        /// The last attempt's error.
        last: Box<Error>,
    },
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. }
            | Error::HeaderDecode { status, .. }
            | Error::Redirect { status, .. }
            | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::Transport(e) => e.status(),
            Error::Proxy { status, .. } => *status,
            Error::Retried { last, .. } => last.status(),
            Error::Config { .. }
            | Error::InvalidParameter { .. }
            | Error::ItemDecode { .. }
            | Error::ItemTooLarge { .. } => None,
        }
    }

    /// Whether the server did not answer in time.
    pub fn is_timeout(&self) -> bool {
        match self {
            Error::Transport(e) => e.is_timeout(),
            Error::Retried { last, .. } => last.is_timeout(),
            _ => false,
        }
    }

    /// How many times the request was sent: `attempts` of [`Error::Retried`], `0` when
    /// nothing was sent ([`Error::Config`], [`Error::InvalidParameter`]), else `1`.
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Retried { attempts, .. } => *attempts,
            Error::Config { .. } | Error::InvalidParameter { .. } => 0,
            _ => 1,
        }
    }

    /// The error of the last attempt: the one [`Error::Retried`] holds, else `self`.
    pub fn last_attempt(&self) -> &Error {
        match self {
            Error::Retried { last, .. } => last.last_attempt(),
            other => other,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config { message } => write!(f, "invalid client configuration: {message}"),
            Error::InvalidParameter { name, message } => {
                write!(f, "parameter `{name}` cannot be sent: {message}")
            }
            Error::Transport(e) => {
                let detail = chain(e);
                let hint = if e.is_timeout() {
                    "the server did not answer in time: check that the base URL points at the API, or raise the timeout"
                } else if detail.contains("certificate") {
                    "the server's TLS certificate was not accepted: trust its CA with `add_root_certificate_pem`"
                } else if e.is_connect() {
                    "could not connect: check the base URL, that the server is up and reachable, and the TLS settings"
                } else {
                    "check the network and the server"
                };
                write!(f, "request failed: {detail} ({hint})")
            }
            Error::Api { status, body, text } => match text {
                // A model with none of its fields set says nothing: the text does.
                Some(text) if body.is_blank() => {
                    write!(f, "the server answered {status}: ")?;
                    quoted(f, text)
                }
                _ => write!(f, "the server answered {status}: {body}"),
            },
            Error::UnexpectedStatus { status, body } => {
                write!(
                    f,
                    "the server answered {status}, which the API description does not document for this operation; "
                )?;
                match body {
                    Some(body) => write!(f, "body: {body:?}"),
                    None => f.write_str("the body is not shown because it may hold secrets"),
                }
            }
            Error::Decode {
                status,
                expected,
                body_prefix,
                detail,
            } => {
                write!(
                    f,
                    "the server answered {status} but the body is not a valid {expected} ({detail}); "
                )?;
                match body_prefix {
                    Some(prefix) => write!(f, "body: {prefix:?}"),
                    None => f.write_str("the body is not shown because it may hold secrets"),
                }
            }
            Error::HeaderDecode {
                status,
                name,
                missing: true,
            } => write!(
                f,
                "the server answered {status} without the header `{name}`, which the API description documents as always sent"
            ),
            Error::HeaderDecode { status, name, .. } => write!(
                f,
                "the server answered {status} with a header `{name}` that is not of the type the API description documents; its value is not shown because it may hold secrets"
            ),
            Error::Redirect { status, location } => write!(
                f,
                "the server answered {status} from or toward {location}: another origin than the base URL's, more redirects than allowed, or a redirect of a request that carries a credential in its URL; the client does not follow: check the base URL (scheme, host, port), or raise the limit with `ClientBuilder::redirect_limit` for redirects within the origin"
            ),
            Error::Proxy {
                proxy,
                status,
                source,
            } => {
                write!(f, "the proxy {proxy} ")?;
                match (status, source) {
                    (Some(status), _) => write!(f, "answered {status}")?,
                    (None, Some(e)) => write!(f, "failed: {}", chain(e))?,
                    (None, None) => f.write_str("failed")?,
                }
                f.write_str(" (the proxy comes from HTTPS_PROXY, HTTP_PROXY or ALL_PROXY: give it its credentials there as http://user:password@host:port, list the API's host in NO_PROXY, or call `ClientBuilder::no_proxy`)")
            }
            Error::BodyTooLarge { status, limit } => write!(
                f,
                "the server answered {status} with a body larger than {limit} bytes, the client's limit; raise it with `ClientBuilder::max_response_bytes` if the API really sends that much"
            ),
            Error::ItemDecode {
                index,
                expected,
                item_prefix,
                detail,
            } => {
                write!(
                    f,
                    "item {index} of the streamed body is not a valid {expected} ({detail}); "
                )?;
                match item_prefix {
                    Some(prefix) => write!(f, "item: {prefix:?}"),
                    None => f.write_str("the item is not shown because it may hold secrets"),
                }
            }
            Error::ItemTooLarge { index, limit } => write!(
                f,
                "item {index} of the streamed body is larger than {limit} bytes, the client's limit; the stream ends there; raise the limit with `ClientBuilder::max_response_bytes` if the API really sends items that large"
            ),
            Error::Retried { attempts, last } => {
                write!(f, "after {attempts} attempts, {last}")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Proxy {
                source: Some(e), ..
            } => Some(e),
            Error::Retried { last, .. } => Some(last.as_ref()),
            _ => None,
        }
    }
}

/// An error model as a sentence, for `Display`: its message (the first of the fields
/// `message`, `detail`, `title`, `description`, `error_description`, `reason`, `error`, `msg`
/// that holds text, matched without regard to case, `_` or `-`), after its code (`code`,
/// `errorCode`, `error_code`, `status`, `error`, `type`) when it has one: `KStatusUnauthorized:
/// Session expired`. A model with neither shows its fields as `name: value` pairs. Control
/// characters the server sent are escaped.
// Used by the APIs that have error models; this file serves every API.
#[allow(dead_code)]
pub(crate) fn describe(f: &mut fmt::Formatter<'_>, model: &impl serde::Serialize) -> fmt::Result {
    let fields = match serde_json::to_value(model) {
        Ok(serde_json::Value::Object(fields)) => fields,
        Ok(other) => return f.write_str(&escaped(&other.to_string())),
        Err(_) => return f.write_str("(an error model that cannot be shown)"),
    };
    let key = |name: &str| -> String {
        name.chars()
            .filter(|c| *c != '_' && *c != '-')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let scalar = |value: &serde_json::Value| match value {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    let first = |names: &[&str], except: Option<&str>| {
        names.iter().find_map(|name| {
            fields
                .iter()
                .filter(|(k, _)| Some(k.as_str()) != except)
                .find(|(k, _)| key(k) == *name)
                .and_then(|(k, v)| Some((k.as_str(), scalar(v)?)))
        })
    };
    let message = first(
        &[
            "message",
            "detail",
            "title",
            "description",
            "errordescription",
            "reason",
            "error",
            "msg",
        ],
        None,
    );
    let code = first(
        &["code", "errorcode", "status", "error", "type"],
        message.as_ref().map(|(k, _)| *k),
    );
    match (code, message) {
        (Some((_, code)), Some((_, message))) => {
            write!(f, "{}: {}", escaped(&code), escaped(&message))
        }
        (None, Some((_, text))) | (Some((_, text)), None) => f.write_str(&escaped(&text)),
        (None, None) => {
            let pairs: Vec<String> = fields
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k}: {}", scalar(v).unwrap_or_else(|| v.to_string())))
                .collect();
            f.write_str(&escaped(&pairs.join(", ")))
        }
    }
}

/// `text` with its control characters escaped (`\n`, `\u{1b}`): a server's text cannot
/// start a new line of a log or move a terminal's cursor.
#[allow(dead_code)]
fn escaped(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A body's quoted text, or that it is empty.
pub(crate) fn quoted(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    if text.is_empty() {
        f.write_str("(empty body)")
    } else {
        write!(f, "{text:?}")
    }
}

/// An error and its sources, joined by `": "`.
pub(crate) fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        let next = e.to_string();
        if !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = e.source();
    }
    text
}
