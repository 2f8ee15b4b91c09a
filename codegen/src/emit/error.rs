//! Emit for `error.rs`: the generated crate's one error type.

use super::docs::{doc, inner_doc};
use crate::ir::Api;
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

pub fn file(api: &Api) -> TokenStream {
    let module_doc =
        inner_doc("The one error type of this crate, and the bodies of error responses.");
    let variants = api.error_bodies.iter().map(|b| {
        let d = doc(&b.doc);
        let v = ident(&b.variant);
        let ty = super::rust_type::tokens(&b.ty);
        quote!(#d #v(#ty),)
    });
    let display_arms = api.error_bodies.iter().map(|b| {
        let v = ident(&b.variant);
        quote!(ApiErrorBody::#v(model) => write!(f, "{model:?}"),)
    });
    quote! {
        #module_doc

        /// Everything that can go wrong when calling the API.
        ///
        /// `Display` says what happened and what to check; no credential or secret field
        /// ever appears in it.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum Error {
            /// The client cannot be configured as asked: a base URL that is not `http(s)`, a
            /// credential that cannot be a header value, an unreadable CA certificate.
            Config {
                /// What is wrong.
                message: ::std::string::String,
            },
            /// A parameter's value cannot be sent (a header value with a line break, say).
            /// Nothing was sent.
            InvalidParameter {
                /// The parameter's name in the API description.
                name: &'static str,
                /// What is wrong with the value.
                message: ::std::string::String,
            },
            /// The exchange with the server failed: connection refused, name resolution, TLS
            /// handshake or certificate, timeout, or a connection dropped mid-response.
            Transport(::reqwest::Error),
            /// The server answered with an error status that the API documents.
            Api {
                /// The HTTP status.
                status: ::reqwest::StatusCode,
                /// The body: the API's error model when it parses as one, else its text.
                body: ApiErrorBody,
            },
            /// The server answered with a status the API does not document for the operation.
            UnexpectedStatus {
                /// The HTTP status.
                status: ::reqwest::StatusCode,
                /// The first characters of the body.
                body: ::std::string::String,
            },
            /// A success status whose body is not what the API describes.
            Decode {
                /// The HTTP status.
                status: ::reqwest::StatusCode,
                /// The type the body should have been.
                expected: &'static str,
                /// The first characters of the body; `None` when the expected type holds
                /// secrets, so the body is never quoted.
                body_prefix: ::std::option::Option<::std::string::String>,
                /// Why decoding failed.
                source: ::serde_json::Error,
            },
        }

        /// The body of an error response.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ApiErrorBody {
            #(#variants)*
            /// A body that is not one of the API's error models (an HTML error page, say):
            /// its first characters.
            Text(::std::string::String),
        }

        impl Error {
            /// The HTTP status, when the server answered.
            pub fn status(&self) -> ::std::option::Option<::reqwest::StatusCode> {
                match self {
                    Error::Api { status, .. } | Error::UnexpectedStatus { status, .. } | Error::Decode { status, .. } => ::std::option::Option::Some(*status),
                    Error::Transport(e) => e.status(),
                    Error::Config { .. } | Error::InvalidParameter { .. } => ::std::option::Option::None,
                }
            }

            /// Whether the server did not answer in time.
            pub fn is_timeout(&self) -> bool {
                matches!(self, Error::Transport(e) if e.is_timeout())
            }
        }

        impl ::std::fmt::Display for ApiErrorBody {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#display_arms)*
                    ApiErrorBody::Text(text) if text.is_empty() => f.write_str("(empty body)"),
                    ApiErrorBody::Text(text) => write!(f, "{text:?}"),
                }
            }
        }

        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
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
                    Error::Api { status, body } => write!(f, "the server answered {status}: {body}"),
                    Error::UnexpectedStatus { status, body } => write!(
                        f,
                        "the server answered {status}, which the API description does not document for this operation; body: {body:?}"
                    ),
                    Error::Decode { status, expected, body_prefix, source } => {
                        write!(f, "the server answered {status} but the body is not a valid {expected} ({source}); ")?;
                        match body_prefix {
                            ::std::option::Option::Some(prefix) => write!(f, "body: {prefix:?}"),
                            ::std::option::Option::None => f.write_str("the body is not shown because it may hold secrets"),
                        }
                    }
                }
            }
        }

        impl ::std::error::Error for Error {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Error::Transport(e) => ::std::option::Option::Some(e),
                    Error::Decode { source, .. } => ::std::option::Option::Some(source),
                    _ => ::std::option::Option::None,
                }
            }
        }

        /// An error and its sources, joined by `": "`.
        pub(crate) fn chain(error: &dyn ::std::error::Error) -> ::std::string::String {
            let mut text = error.to_string();
            let mut source = error.source();
            while let ::std::option::Option::Some(e) = source {
                let next = e.to_string();
                if !text.contains(&next) {
                    text.push_str(": ");
                    text.push_str(&next);
                }
                source = e.source();
            }
            text
        }
    }
}
