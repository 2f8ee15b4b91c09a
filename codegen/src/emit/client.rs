//! Emit for `client.rs`: `Client`, its builder, credentials and the plumbing operations share.

use super::docs::{doc, inner_doc};
use crate::ir::{Api, CredentialSource, SecurityScheme};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

pub fn file(api: &Api) -> TokenStream {
    let module_doc =
        inner_doc("The HTTP client: configuration, credentials, and what every operation shares.");
    let schemes = &api.security_schemes;
    let fields: Vec<_> = schemes.iter().map(|s| ident(&s.name)).collect();
    let variants: Vec<_> = schemes.iter().map(|s| ident(&s.variant)).collect();
    let headers: Vec<_> = schemes.iter().map(|s| s.header.as_str()).collect();
    let prefixes: Vec<_> = schemes.iter().map(|s| s.prefix.as_str()).collect();
    let labels: Vec<_> = schemes.iter().map(|s| s.spec_name.as_str()).collect();
    let builder_setters = schemes.iter().map(builder_setter);
    let with_methods = schemes.iter().map(with_method);
    let sources = api
        .credential_sources
        .iter()
        .map(|c| credential_source(c, &schemes[c.scheme]));
    let builder = builder(&fields, &labels, &prefixes, builder_setters);
    let count = proc_macro2::Literal::usize_unsuffixed(schemes.len());
    let credential_fn = (!schemes.is_empty()).then(|| quote! {
        /// A credential as a header value that `Debug` never shows.
        fn credential(scheme: &str, prefix: &str, value: &str) -> ::std::result::Result<::reqwest::header::HeaderValue, Error> {
            let mut header = ::reqwest::header::HeaderValue::from_str(&format!("{prefix}{value}")).map_err(|_| Error::Config {
                message: format!("the {scheme} credential cannot be sent as an HTTP header value: it holds a line break or another control character"),
            })?;
            header.set_sensitive(true);
            ::std::result::Result::Ok(header)
        }

    });
    let with_credentials = (!schemes.is_empty()).then(|| quote! {
            fn with_credentials(&self, update: impl ::std::ops::FnOnce(&mut Credentials)) -> Self {
                let mut inner = (*self.inner).clone();
                update(&mut inner.credentials);
                Client { inner: ::std::sync::Arc::new(inner) }
            }

    });
    let helpers = super::runtime::helpers(&super::runtime::Uses::of(api));
    quote! {
        #module_doc

        use crate::error::Error;

        /// How long to wait for a connection to the server by default.
        pub const DEFAULT_CONNECT_TIMEOUT: ::std::time::Duration = ::std::time::Duration::from_secs(10);
        /// How long one request may take by default, from connecting to the last byte of the response.
        pub const DEFAULT_TIMEOUT: ::std::time::Duration = ::std::time::Duration::from_secs(60);
        /// The `User-Agent` sent by default: this crate's name and version.
        pub const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

        /// A client for the API.
        ///
        /// Cheap to clone: clones share one connection pool. Operations are grouped by tag,
        /// each group reached through a method of its own (see the `api` module).
        #[derive(Clone)]
        pub struct Client {
            inner: ::std::sync::Arc<Inner>,
        }

        #[derive(Clone)]
        struct Inner {
            http: ::reqwest::Client,
            base_url: ::reqwest::Url,
            credentials: Credentials,
        }

        /// One header value per security scheme; `None` means "not configured, not sent".
        #[derive(Clone, Default)]
        struct Credentials {
            #( #fields: ::std::option::Option<::reqwest::header::HeaderValue>, )*
        }

        /// The security schemes an operation accepts, named as in the API description.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(clippy::enum_variant_names)]
        pub(crate) enum Scheme {
            #( #variants, )*
        }

        impl Credentials {
            fn header(&self, scheme: Scheme) -> ::std::option::Option<(&'static str, &::reqwest::header::HeaderValue)> {
                match scheme {
                    #( Scheme::#variants => self.#fields.as_ref().map(|value| (#headers, value)), )*
                }
            }

            fn configured(&self) -> ::std::vec::Vec<&'static str> {
                let all: [(bool, &'static str); #count] = [#( (self.#fields.is_some(), #labels), )*];
                all.iter().filter(|(set, _)| *set).map(|(_, name)| *name).collect()
            }
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &redacted_url(&self.inner.base_url))
                    .field("credentials", &self.inner.credentials.configured())
                    .finish_non_exhaustive()
            }
        }

        impl Client {
            /// A client for the API at `base_url` (for example `https://cluster.example.com/v2`),
            /// with default settings and no credentials.
            ///
            /// # Errors
            /// [`Error::Config`] when `base_url` is not an `http` or `https` URL.
            pub fn new(base_url: &str) -> ::std::result::Result<Self, Error> {
                Self::builder(base_url).build()
            }

            /// A builder for a client of the API at `base_url`, to set credentials, timeouts and TLS.
            pub fn builder(base_url: impl ::std::convert::Into<::std::string::String>) -> ClientBuilder {
                ClientBuilder::new(base_url.into())
            }

            /// The URL that operation paths are appended to.
            pub fn base_url(&self) -> &::reqwest::Url {
                &self.inner.base_url
            }

            /// The underlying `reqwest` client.
            pub fn http_client(&self) -> &::reqwest::Client {
                &self.inner.http
            }

            #(#with_methods)*
            #(#sources)*

            #with_credentials
            /// The base URL with `segments` appended, each percent-encoded as one path segment.
            pub(crate) fn endpoint(&self, segments: &[&str]) -> ::reqwest::Url {
                let mut url = self.inner.base_url.clone();
                // Always `Ok`: `ClientBuilder::build` only accepts URLs that can be a base.
                if let ::std::result::Result::Ok(mut path) = url.path_segments_mut() {
                    path.pop_if_empty().extend(segments);
                }
                url
            }

            /// Adds the configured credential of each scheme in `schemes`.
            pub(crate) fn authorize(&self, mut request: ::reqwest::RequestBuilder, schemes: &[Scheme]) -> ::reqwest::RequestBuilder {
                for scheme in schemes {
                    if let ::std::option::Option::Some((name, value)) = self.inner.credentials.header(*scheme) {
                        request = request.header(name, value.clone());
                    }
                }
                request
            }

            pub(crate) async fn send(&self, request: ::reqwest::RequestBuilder) -> ::std::result::Result<::reqwest::Response, Error> {
                request.send().await.map_err(Error::Transport)
            }
        }

        #builder

        #credential_fn
        /// The URL without a password, for `Debug` output.
        fn redacted_url(url: &::reqwest::Url) -> ::std::string::String {
            let mut url = url.clone();
            if url.password().is_some() {
                let _ = url.set_password(::std::option::Option::Some("***"));
            }
            url.to_string()
        }

        fn parse_base_url(text: &str) -> ::std::result::Result<::reqwest::Url, Error> {
            let config = |message: ::std::string::String| Error::Config { message };
            let url = ::reqwest::Url::parse(text).map_err(|e| config(format!(
                "the base URL {text:?} is not a valid URL ({e}); give the API's full URL, like https://host.example.com/v2"
            )))?;
            if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
                return ::std::result::Result::Err(config(format!("the base URL {text:?} must start with http:// or https://")));
            }
            if url.query().is_some() || url.fragment().is_some() {
                return ::std::result::Result::Err(config(format!("the base URL {text:?} must not have a query or fragment")));
            }
            ::std::result::Result::Ok(url)
        }

        /// How much of a body error messages quote.
        const BODY_PREFIX_CHARS: usize = 200;

        /// The first characters of a body, for error messages.
        fn body_prefix(bytes: &[u8]) -> ::std::string::String {
            let text = ::std::string::String::from_utf8_lossy(bytes);
            let text = text.trim();
            match text.char_indices().nth(BODY_PREFIX_CHARS) {
                ::std::option::Option::Some((end, _)) => format!("{}...", &text[..end]),
                ::std::option::Option::None => text.to_owned(),
            }
        }

        #helpers

        /// A status the API description does not document for the operation.
        pub(crate) async fn unexpected_status(response: ::reqwest::Response) -> Error {
            let status = response.status();
            match response.bytes().await {
                ::std::result::Result::Ok(bytes) => Error::UnexpectedStatus { status, body: body_prefix(&bytes) },
                ::std::result::Result::Err(e) => Error::Transport(e),
            }
        }
    }
}

fn builder(
    fields: &[proc_macro2::Ident],
    labels: &[&str],
    prefixes: &[&str],
    setters: impl Iterator<Item = TokenStream>,
) -> TokenStream {
    let count = proc_macro2::Literal::usize_unsuffixed(fields.len());
    quote! {
        /// Configures a [`Client`]; made by [`Client::builder`].
        ///
        /// TLS certificates are verified by default, against the system's trust store and any
        /// certificate added with [`ClientBuilder::add_root_certificate_pem`].
        pub struct ClientBuilder {
            base_url: ::std::string::String,
            connect_timeout: ::std::time::Duration,
            timeout: ::std::time::Duration,
            user_agent: ::std::string::String,
            accept_invalid_certs: bool,
            root_certificates: ::std::vec::Vec<::std::vec::Vec<u8>>,
            http: ::std::option::Option<::reqwest::Client>,
            #( #fields: ::std::option::Option<::std::string::String>, )*
        }

        impl ::std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let all: [(bool, &str); #count] = [#( (self.#fields.is_some(), #labels), )*];
                let credentials: ::std::vec::Vec<&str> =
                    all.iter().filter(|(set, _)| *set).map(|(_, name)| *name).collect();
                f.debug_struct("ClientBuilder")
                    .field("base_url", &match ::reqwest::Url::parse(&self.base_url) {
                        ::std::result::Result::Ok(url) => redacted_url(&url),
                        ::std::result::Result::Err(_) => self.base_url.clone(),
                    })
                    .field("connect_timeout", &self.connect_timeout)
                    .field("timeout", &self.timeout)
                    .field("user_agent", &self.user_agent)
                    .field("accept_invalid_certs", &self.accept_invalid_certs)
                    .field("root_certificates", &self.root_certificates.len())
                    .field("http_client", &self.http.is_some())
                    .field("credentials", &credentials)
                    .finish()
            }
        }

        impl ClientBuilder {
            fn new(base_url: ::std::string::String) -> Self {
                ClientBuilder {
                    base_url,
                    connect_timeout: DEFAULT_CONNECT_TIMEOUT,
                    timeout: DEFAULT_TIMEOUT,
                    user_agent: DEFAULT_USER_AGENT.to_owned(),
                    accept_invalid_certs: false,
                    root_certificates: ::std::vec::Vec::new(),
                    http: ::std::option::Option::None,
                    #( #fields: ::std::option::Option::None, )*
                }
            }

            /// How long to wait for a connection (default [`DEFAULT_CONNECT_TIMEOUT`]).
            pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.connect_timeout = timeout;
                self
            }

            /// How long one request may take, from connecting to the last byte of the
            /// response (default [`DEFAULT_TIMEOUT`]).
            pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.timeout = timeout;
                self
            }

            /// The `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
            pub fn user_agent(mut self, user_agent: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.user_agent = user_agent.into();
                self
            }

            /// Accepts **any** TLS certificate, including self-signed and expired ones, for any
            /// host name. Anyone between the client and the server can then read and change
            /// the traffic, credentials included. Prefer [`ClientBuilder::add_root_certificate_pem`]
            /// with the server's CA certificate.
            pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
                self.accept_invalid_certs = accept;
                self
            }

            /// Trusts the CA certificate(s) in `pem` (PEM text, one or more certificates) in
            /// addition to the system's trust store: the way to reach a server whose
            /// certificate is self-signed or signed by a private CA, with verification on.
            pub fn add_root_certificate_pem(mut self, pem: impl ::std::convert::Into<::std::vec::Vec<u8>>) -> Self {
                self.root_certificates.push(pem.into());
                self
            }

            /// Sends requests through `client` instead of one built here. The timeouts, user
            /// agent and TLS settings of this builder then do not apply: `client` brings its own.
            pub fn http_client(mut self, client: ::reqwest::Client) -> Self {
                self.http = ::std::option::Option::Some(client);
                self
            }

            /// Builds the client.
            ///
            /// # Errors
            /// [`Error::Config`] when the base URL is not an `http`/`https` URL, a credential
            /// cannot be sent as a header value, a root certificate is not valid PEM, or the
            /// TLS backend cannot start.
            pub fn build(self) -> ::std::result::Result<Client, Error> {
                let base_url = parse_base_url(&self.base_url)?;
                let credentials = Credentials {
                    #( #fields: match &self.#fields {
                        ::std::option::Option::Some(value) => ::std::option::Option::Some(credential(#labels, #prefixes, value)?),
                        ::std::option::Option::None => ::std::option::Option::None,
                    }, )*
                };
                let http = match self.http {
                    ::std::option::Option::Some(http) => http,
                    ::std::option::Option::None => {
                        let config = |message: ::std::string::String| Error::Config { message };
                        let mut roots = ::std::vec::Vec::new();
                        for pem in &self.root_certificates {
                            let certs = ::reqwest::Certificate::from_pem_bundle(pem)
                                .map_err(|e| config(format!("a root certificate is not valid PEM: {e}")))?;
                            if certs.is_empty() {
                                return ::std::result::Result::Err(config(
                                    "a root certificate holds no `-----BEGIN CERTIFICATE-----` block".to_owned(),
                                ));
                            }
                            roots.extend(certs);
                        }
                        ::reqwest::Client::builder()
                            .connect_timeout(self.connect_timeout)
                            .timeout(self.timeout)
                            .user_agent(self.user_agent)
                            .tls_certs_merge(roots)
                            .tls_danger_accept_invalid_certs(self.accept_invalid_certs)
                            .build()
                            .map_err(|e| config(format!(
                                "the HTTP client could not be built ({}); check the root certificates and TLS settings",
                                crate::error::chain(&e)
                            )))?
                    }
                };
                ::std::result::Result::Ok(Client {
                    inner: ::std::sync::Arc::new(Inner { http, base_url, credentials }),
                })
            }

            #(#setters)*
        }
    }
}

fn builder_setter(s: &SecurityScheme) -> TokenStream {
    let name = ident(&s.name);
    let mut text = format!(
        "The `{}` credential, sent in the `{}` header of the operations that accept it{}.",
        s.spec_name,
        s.header,
        if s.prefix.is_empty() {
            String::new()
        } else {
            format!(" as `{}<value>`", s.prefix)
        }
    );
    if let Some(d) = &s.doc {
        text.push_str("\n\n");
        text.push_str(d);
    }
    let docs = doc(&text);
    quote! {
        #docs
        pub fn #name(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.#name = ::std::option::Option::Some(value.into());
            self
        }
    }
}

fn with_method(s: &SecurityScheme) -> TokenStream {
    let name = ident(&s.name);
    let method = ident(&format!("with_{}", s.name));
    let label = &s.spec_name;
    let prefix = &s.prefix;
    let docs = doc(&format!(
        "A copy of this client that sends `value` as the `{}` credential (`{}` header).\n\
         The copy shares this client's connection pool.\n\n\
         # Errors\n[`Error::Config`] when `value` cannot be sent as a header value.",
        s.spec_name, s.header
    ));
    quote! {
        #docs
        pub fn #method(&self, value: &str) -> ::std::result::Result<Self, Error> {
            let header = credential(#label, #prefix, value)?;
            ::std::result::Result::Ok(self.with_credentials(|c| c.#name = ::std::option::Option::Some(header)))
        }
    }
}

fn credential_source(c: &CredentialSource, s: &SecurityScheme) -> TokenStream {
    let method = ident(&c.method);
    let with = ident(&format!("with_{}", s.name));
    let ty = ident(&c.type_name);
    let field = ident(&c.field);
    let docs = doc(&format!(
        "A copy of this client that authenticates with `{}`: its `{}` is sent as the `{}` credential \
         (`{}` header). The copy shares this client's connection pool.\n\n\
         # Errors\n[`Error::Config`] when the value is missing or cannot be sent as a header value.",
        c.type_name, c.field, s.spec_name, s.header
    ));
    let value = if c.optional {
        let missing = format!("the {} holds no {}", c.type_name, c.field);
        quote! {
            let value = from.#field.as_deref().ok_or_else(|| Error::Config { message: #missing.to_owned() })?;
        }
    } else {
        quote!(let value = from.#field.as_str();)
    };
    quote! {
        #docs
        pub fn #method(&self, from: &crate::types::#ty) -> ::std::result::Result<Self, Error> {
            #value
            self.#with(value)
        }
    }
}
