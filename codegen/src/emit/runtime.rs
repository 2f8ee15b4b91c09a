//! The client's shared helpers that only some APIs need, emitted only when used.

use crate::ir::{Api, BodyKind, Location, Operation, Payload};
use proc_macro2::TokenStream;
use quote::quote;

/// Which helpers the operations call.
#[derive(Debug, Default, Clone, Copy)]
pub struct Uses {
    pub params: bool,
    pub path: bool,
    pub query: bool,
    pub header: bool,
    pub cookie: bool,
    pub json: bool,
    pub text: bool,
    pub bytes: bool,
    pub api_error: bool,
    pub api_error_text: bool,
    pub form: bool,
    pub multipart: bool,
}

impl Uses {
    pub fn of(api: &Api) -> Self {
        let ops: Vec<&Operation> = api.groups.iter().flat_map(|g| &g.operations).collect();
        let any = |f: &dyn Fn(&Operation) -> bool| ops.iter().any(|op| f(op));
        let param_in = |loc: Location| any(&|op| op.params.iter().any(|p| p.location == loc));
        let payload =
            |f: &dyn Fn(&Payload) -> bool| any(&|op| op.success.iter().any(|(_, p)| f(p)));
        let body =
            |f: &dyn Fn(&BodyKind) -> bool| any(&|op| op.body.as_ref().is_some_and(|b| f(&b.kind)));
        let mut uses = Uses {
            params: false,
            path: param_in(Location::Path),
            query: param_in(Location::Query),
            header: param_in(Location::Header),
            cookie: param_in(Location::Cookie),
            json: payload(&|p| matches!(p, Payload::Json(_))),
            text: payload(&|p| matches!(p, Payload::Text)),
            bytes: payload(&|p| matches!(p, Payload::Bytes)),
            api_error: any(&|op| op.errors.iter().any(|e| e.body.is_some())),
            api_error_text: any(&|op| op.errors.iter().any(|e| e.body.is_none())),
            form: body(&|k| matches!(k, BodyKind::Form(_))),
            multipart: body(&|k| matches!(k, BodyKind::Multipart)),
        };
        uses.params = uses.path || uses.query || uses.header || uses.cookie;
        uses
    }
}

pub fn helpers(uses: &Uses) -> TokenStream {
    let params = uses.params.then(|| quote! {
        /// A parameter value as the texts sent: a scalar as itself, an array item by item.
        fn param_texts(name: &'static str, value: &impl ::serde::Serialize) -> ::std::result::Result<::std::vec::Vec<::std::string::String>, Error> {
            fn text(name: &'static str, value: ::serde_json::Value) -> ::std::result::Result<::std::string::String, Error> {
                match value {
                    ::serde_json::Value::String(s) => ::std::result::Result::Ok(s),
                    ::serde_json::Value::Number(n) => ::std::result::Result::Ok(n.to_string()),
                    ::serde_json::Value::Bool(b) => ::std::result::Result::Ok(b.to_string()),
                    _ => ::std::result::Result::Err(Error::InvalidParameter {
                        name,
                        message: "only strings, numbers, booleans and arrays of them can be sent as parameters".to_owned(),
                    }),
                }
            }
            let value = ::serde_json::to_value(value).map_err(|e| Error::InvalidParameter { name, message: e.to_string() })?;
            match value {
                ::serde_json::Value::Null => ::std::result::Result::Ok(::std::vec::Vec::new()),
                ::serde_json::Value::Array(items) => items.into_iter().map(|item| text(name, item)).collect(),
                other => text(name, other).map(|t| ::std::vec![t]),
            }
        }
    });
    let path = uses.path.then(|| quote! {
        /// A path parameter's text (arrays comma-separated); `endpoint` percent-encodes it.
        /// Empty, `.` and `..` are refused: URLs resolve them (even percent-encoded), so the
        /// request would go to another resource.
        pub(crate) fn path_value(name: &'static str, value: &impl ::serde::Serialize) -> ::std::result::Result<::std::string::String, Error> {
            let text = param_texts(name, value)?.join(",");
            if matches!(text.as_str(), "" | "." | "..") {
                return ::std::result::Result::Err(Error::InvalidParameter {
                    name,
                    message: format!("a path parameter cannot be {text:?}: the request would go to another resource"),
                });
            }
            ::std::result::Result::Ok(text)
        }
    });
    let query = uses.query.then(|| quote! {
        /// Adds a query parameter: arrays as one pair per item (`explode`) or comma-separated.
        pub(crate) fn query(request: ::reqwest::RequestBuilder, name: &'static str, value: &impl ::serde::Serialize, explode: bool) -> ::std::result::Result<::reqwest::RequestBuilder, Error> {
            let texts = param_texts(name, value)?;
            ::std::result::Result::Ok(if explode {
                let pairs: ::std::vec::Vec<(&str, &str)> = texts.iter().map(|t| (name, t.as_str())).collect();
                request.query(&pairs)
            } else if texts.is_empty() {
                request
            } else {
                request.query(&[(name, texts.join(","))])
            })
        }
    });
    let header_value = (uses.header || uses.cookie).then(|| quote! {
        fn header_value(name: &'static str, text: &str) -> ::std::result::Result<::reqwest::header::HeaderValue, Error> {
            ::reqwest::header::HeaderValue::from_str(text).map_err(|_| Error::InvalidParameter {
                name,
                message: "the value holds a line break or another byte not allowed in an HTTP header".to_owned(),
            })
        }
    });
    let header = uses.header.then(|| quote! {
        /// Adds a header parameter, checked before anything is sent.
        pub(crate) fn header(request: ::reqwest::RequestBuilder, name: &'static str, value: &impl ::serde::Serialize) -> ::std::result::Result<::reqwest::RequestBuilder, Error> {
            let text = param_texts(name, value)?.join(",");
            ::std::result::Result::Ok(request.header(name, header_value(name, &text)?))
        }
    });
    let cookie = uses.cookie.then(|| quote! {
        /// Collects a cookie parameter as `name=value`.
        pub(crate) fn cookie(cookies: &mut ::std::vec::Vec<::std::string::String>, name: &'static str, value: &impl ::serde::Serialize) -> ::std::result::Result<(), Error> {
            let text = param_texts(name, value)?.join(",");
            if text.contains([';', ' ', '"', '\\']) {
                return ::std::result::Result::Err(Error::InvalidParameter {
                    name,
                    message: "a cookie value cannot hold `;`, spaces, `\"` or `\\`".to_owned(),
                });
            }
            cookies.push(format!("{name}={text}"));
            ::std::result::Result::Ok(())
        }

        /// Sends the collected cookies in one `Cookie` header.
        pub(crate) fn with_cookies(request: ::reqwest::RequestBuilder, cookies: &[::std::string::String]) -> ::std::result::Result<::reqwest::RequestBuilder, Error> {
            if cookies.is_empty() {
                return ::std::result::Result::Ok(request);
            }
            ::std::result::Result::Ok(request.header(::reqwest::header::COOKIE, header_value("Cookie", &cookies.join("; "))?))
        }
    });
    let json = uses.json.then(|| {
        quote! {
            /// Decodes a success body as `T` (`expected` names it in errors).
            pub(crate) async fn decode_json<T: ::serde::de::DeserializeOwned>(
                response: ::reqwest::Response,
                expected: &'static str,
                holds_secret: bool,
            ) -> ::std::result::Result<T, Error> {
                let status = response.status();
                let bytes = response.bytes().await.map_err(Error::Transport)?;
                ::serde_json::from_slice(&bytes).map_err(|source| Error::Decode {
                    status,
                    expected,
                    // A body meant to hold secrets is never quoted, even when malformed.
                    body_prefix: (!holds_secret).then(|| body_prefix(&bytes)),
                    source,
                })
            }
        }
    });
    let text = uses.text.then(|| quote! {
        /// A success body as text.
        pub(crate) async fn read_text(response: ::reqwest::Response) -> ::std::result::Result<::std::string::String, Error> {
            response.text().await.map_err(Error::Transport)
        }
    });
    let bytes = uses.bytes.then(|| quote! {
        /// A success body as bytes.
        pub(crate) async fn read_bytes(response: ::reqwest::Response) -> ::std::result::Result<::std::vec::Vec<u8>, Error> {
            response.bytes().await.map(|b| b.to_vec()).map_err(Error::Transport)
        }
    });
    let api_error = uses.api_error.then(|| quote! {
        /// An error response whose body may be the model `T`; any other body is kept as text.
        pub(crate) async fn api_error<T: ::serde::de::DeserializeOwned>(
            response: ::reqwest::Response,
            wrap: fn(T) -> crate::error::ApiErrorBody,
        ) -> Error {
            let status = response.status();
            match response.bytes().await {
                ::std::result::Result::Ok(bytes) => Error::Api {
                    status,
                    body: match ::serde_json::from_slice::<T>(&bytes) {
                        ::std::result::Result::Ok(model) => wrap(model),
                        ::std::result::Result::Err(_) => crate::error::ApiErrorBody::Text(body_prefix(&bytes)),
                    },
                },
                ::std::result::Result::Err(e) => Error::Transport(e),
            }
        }
    });
    let api_error_text = uses.api_error_text.then(|| quote! {
        /// An error response the API describes without a model.
        pub(crate) async fn api_error_text(response: ::reqwest::Response) -> Error {
            let status = response.status();
            match response.bytes().await {
                ::std::result::Result::Ok(bytes) => Error::Api { status, body: crate::error::ApiErrorBody::Text(body_prefix(&bytes)) },
                ::std::result::Result::Err(e) => Error::Transport(e),
            }
        }
    });
    quote! {
        #params #path #query #header_value #header #cookie
        #json #text #bytes #api_error #api_error_text
    }
}
