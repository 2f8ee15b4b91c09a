//! The fixed part of every generated client crate, compiled and tested here as ordinary Rust.
//!
//! `codegen` copies `client.rs`, `error.rs`, `request.rs` (and `multipart.rs`, for APIs that
//! send multipart bodies, `nullable.rs`, for APIs whose `PATCH` bodies have optional nullable
//! properties, `stream.rs`, for APIs that stream items, `headers.rs`, for APIs whose success
//! answers document headers, `redirection.rs`, for documented 3XX answers) verbatim into each crate it generates, next to the modules it
//! writes for the API. Those modules are what this file stands in for: `api_error`
//! ([`ApiErrorBody`], with the API's error models and a `Text` variant) and `auth` (one
//! `client::Scheme` per security scheme, and a builder method for each). Nothing in the
//! copied files depends on more than that.

#![deny(missing_docs)]
// Not every API uses every helper (cookies, forms, text bodies...): the copies are whole
// files. The tests use every one, so in test builds dead code is still reported.
#![cfg_attr(not(test), allow(dead_code))]

pub mod client;
pub mod error;
mod fit;
mod headers;
#[cfg(any(test, feature = "mock"))]
pub mod mock_server;
mod multipart;
pub mod nullable;
mod redact;
mod redirection;
mod request;
pub mod retry;
mod session;
mod stream;

pub use client::{Client, ClientBuilder};
pub use error::{ApiErrorBody, Error};
pub use headers::{PendingWithHeaders, WithHeaders};
#[cfg(any(test, feature = "mock"))]
pub use mock_server::{Answer, Failure, Matcher, MockServer, Mounted, Unshadowed};
pub use nullable::Nullable;
pub use redirection::Redirection;
pub use request::Pending;
pub use retry::{RequestOptions, RetryPolicy};
pub use stream::ItemStream;

/// Stands in for the generated `api_error` module: an API with three error models, one
/// with a required field, one of optional fields only, and one holding a secret.
mod api_error {
    /// The body of an error response.
    #[derive(Clone, PartialEq)]
    #[non_exhaustive]
    pub enum ApiErrorBody {
        /// The body parsed as `Problem`.
        Problem(Problem),
        /// The body parsed as `Status`.
        Status(Status),
        /// The body parsed as `Lockout`.
        Lockout(Lockout),
        /// A body that is not one of the API's error models: its first characters.
        Text(String),
    }

    /// An error model with a required field.
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Problem {
        /// What went wrong.
        pub title: String,
    }

    /// An error model whose fields are all optional: any JSON object parses as it.
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Status {
        /// A code.
        pub code: Option<i64>,
        /// A message.
        pub message: Option<String>,
    }

    /// An error model holding a secret (its `Debug` would hide it).
    #[derive(Clone, PartialEq, serde::Deserialize)]
    pub struct Lockout {
        /// A token to unlock with.
        pub unlock_token: String,
    }

    impl std::fmt::Debug for Lockout {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Lockout")
                .field("unlock_token", &"***")
                .finish()
        }
    }

    impl ApiErrorBody {
        /// Whether the body parsed as a model that has none of its fields set.
        pub(crate) fn is_blank(&self) -> bool {
            matches!(self, ApiErrorBody::Status(m) if m.code.is_none() && m.message.is_none())
        }

        /// Whether the body parsed as a model that holds secrets.
        pub(crate) fn holds_secret(&self) -> bool {
            matches!(self, ApiErrorBody::Lockout(_))
        }
    }

    impl std::fmt::Display for ApiErrorBody {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                ApiErrorBody::Problem(model) => crate::error::describe(f, model),
                ApiErrorBody::Status(model) => crate::error::describe(f, model),
                ApiErrorBody::Lockout(model) => write!(f, "{model:?}"),
                ApiErrorBody::Text(text) => crate::error::quoted(f, text),
            }
        }
    }

    impl std::fmt::Debug for ApiErrorBody {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                ApiErrorBody::Problem(model) => std::fmt::Debug::fmt(model, f),
                ApiErrorBody::Status(model) => std::fmt::Debug::fmt(model, f),
                ApiErrorBody::Lockout(model) => std::fmt::Debug::fmt(model, f),
                ApiErrorBody::Text(text) => f.debug_tuple("Text").field(text).finish(),
            }
        }
    }
}

/// Stands in for the generated `auth` module: a scheme of each place.
mod auth {
    use crate::client::{Place, Scheme};

    pub(crate) static API_KEY: Scheme = Scheme {
        name: "ApiKey",
        place: Place::Header {
            name: "x-api-key",
            prefix: "",
        },
    };
    pub(crate) static BEARER: Scheme = Scheme {
        name: "Bearer",
        place: Place::Header {
            name: "authorization",
            prefix: "Bearer ",
        },
    };
    pub(crate) static QUERY_KEY: Scheme = Scheme {
        name: "QueryKey",
        place: Place::Query("api_key"),
    };
    pub(crate) static COOKIE_KEY: Scheme = Scheme {
        name: "CookieKey",
        place: Place::Cookie("sid"),
    };
    pub(crate) static BASIC: Scheme = Scheme {
        name: "Basic",
        place: Place::Basic,
    };

    impl crate::ClientBuilder {
        /// The `ApiKey` credential.
        pub fn api_key(self, value: impl Into<String>) -> Self {
            crate::client::set_credential(self, &API_KEY, value.into())
        }

        /// The `Basic` credential.
        pub fn basic(self, username: impl Into<String>, password: impl Into<String>) -> Self {
            crate::client::set_basic_credential(self, &BASIC, username.into(), password.into())
        }
    }

    impl crate::Client {
        /// A copy that sends the `Basic` credential.
        pub fn with_basic(&self, username: &str, password: &str) -> Result<Self, crate::Error> {
            crate::client::with_basic_credential(self, &BASIC, username, password)
        }
    }
}

#[cfg(test)]
mod mock_tests;
#[cfg(test)]
mod nullable_tests;
#[cfg(test)]
mod tests;
