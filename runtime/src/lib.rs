//! The fixed part of every generated client crate, compiled and tested here as ordinary Rust.
//!
//! `codegen` copies `client.rs`, `error.rs`, `request.rs` (and `multipart.rs`, for APIs that
//! send multipart bodies) verbatim into each crate it generates, next to the modules it
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
mod multipart;
mod request;

pub use client::{Client, ClientBuilder};
pub use error::{ApiErrorBody, Error};

/// Stands in for the generated `api_error` module: an API with one error model.
mod api_error {
    /// The body of an error response.
    #[derive(Debug, Clone, PartialEq)]
    #[non_exhaustive]
    pub enum ApiErrorBody {
        /// The body parsed as `Problem`.
        Problem(Problem),
        /// A body that is not one of the API's error models: its first characters.
        Text(String),
    }

    /// An error model.
    #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
    pub struct Problem {
        /// What went wrong.
        pub title: String,
    }

    impl std::fmt::Display for ApiErrorBody {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match self {
                ApiErrorBody::Problem(model) => write!(f, "{model:?}"),
                ApiErrorBody::Text(text) if text.is_empty() => f.write_str("(empty body)"),
                ApiErrorBody::Text(text) => write!(f, "{text:?}"),
            }
        }
    }
}

/// Stands in for the generated `auth` module: two security schemes.
mod auth {
    use crate::client::Scheme;

    pub(crate) static API_KEY: Scheme = Scheme {
        name: "ApiKey",
        header: "x-api-key",
        prefix: "",
    };
    pub(crate) static BEARER: Scheme = Scheme {
        name: "Bearer",
        header: "authorization",
        prefix: "Bearer ",
    };

    impl crate::ClientBuilder {
        /// The `ApiKey` credential.
        pub fn api_key(self, value: impl Into<String>) -> Self {
            crate::client::set_credential(self, &API_KEY, value.into())
        }
    }
}

#[cfg(test)]
mod tests;
