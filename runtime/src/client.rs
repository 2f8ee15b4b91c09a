//! The HTTP client: configuration, TLS, timeouts and credentials.
//!
//! The same in every generated crate. Operations are added to [`Client`] by the generated
//! `api` module, and one builder method per security scheme of the API by `auth`; this file
//! adds no crate-private methods to either type, so an API's names never meet ours.

use crate::error::Error;
use crate::retry::{Pause, RetryPolicy};
use crate::session::{Login, Session};
use reqwest::header::HeaderValue;
use reqwest::Url;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// How long to wait for a connection to the server by default.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one request may take by default, from connecting to the last byte of the response.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The `User-Agent` sent by default: this crate's name and version.
pub const DEFAULT_USER_AGENT: &str =
    concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
/// The largest response body the client reads by default (32 MiB): a larger one is
/// [`Error::BodyTooLarge`].
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 << 20;
/// How many redirects within the base URL's origin the client follows by default.
pub const DEFAULT_REDIRECT_LIMIT: usize = 10;
/// The longest parameter value the client sends (8 KiB): a path, query, header or cookie
/// value must fit the request line or a header, which servers commonly limit to 8 KiB.
pub const MAX_PARAMETER_BYTES: usize = 8 << 10;

/// A client for the API.
///
/// Cheap to clone: clones share one connection pool. Operations are grouped by tag,
/// each group reached through a method of its own (see the `api` module).
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Clone)]
pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    /// Like `http`, but follows no redirect: for operations that document 3XX answers.
    pub(crate) http_keeping_redirects: reqwest::Client,
    pub(crate) base_url: Url,
    pub(crate) credentials: Credentials,
    pub(crate) max_response_bytes: usize,
    /// The origin of the proxy requests go through (for messages), when there is one.
    pub(crate) proxy: Option<String>,
    /// Credentials and secrets of the request are not sent: the base URL is plain `http` to
    /// another machine, and the user did not allow it.
    pub(crate) refuse_secrets_in_clear: bool,
    pub(crate) retry: RetryPolicy,
    /// How the client waits between attempts (tests see the waits without waiting).
    pub(crate) pause: Pause,
    /// The session that renews, for a client made by [`Client::with_login`].
    pub(crate) session: Option<Arc<Session>>,
}

/// A security scheme of the API: where its credential is sent. The generated `auth`
/// module holds one `static` per scheme.
#[derive(Debug)]
pub(crate) struct Scheme {
    /// The scheme's name in the API description (`APIKeyHeader`).
    pub(crate) name: &'static str,
    pub(crate) place: Place,
}

/// Where a security scheme's credential is sent.
// An API uses the places its schemes need; this file serves every API.
#[allow(dead_code)]
#[derive(Debug)]
pub(crate) enum Place {
    /// In a header, after `prefix` (`Bearer ` for HTTP bearer schemes).
    Header {
        name: &'static str,
        prefix: &'static str,
    },
    /// As a query parameter. Requests that carry one never follow a redirect: the URL
    /// holds the credential.
    Query(&'static str),
    /// As a cookie.
    Cookie(&'static str),
    /// HTTP basic authentication: `Authorization: Basic <base64 of user:password>`.
    Basic,
}

/// A credential as given to a builder or `with_` method.
#[derive(Clone)]
pub(crate) enum Given {
    Value(String),
    Basic { username: String, password: String },
}

/// A configured credential: what is sent, and what error text must never show.
#[derive(Clone)]
pub(crate) struct Secret {
    /// The header value (marked sensitive), or the text of the query parameter or cookie.
    pub(crate) value: HeaderValue,
    /// The forms of it error text must redact (see [`secret_forms`]), each found in whatever
    /// encoding it comes back in.
    pub(crate) forms: Vec<String>,
}

/// The configured credentials, one per scheme, in the order they were set.
/// `Debug` shows the schemes' names only.
#[derive(Clone, Default)]
pub(crate) struct Credentials(Vec<(&'static Scheme, Secret)>);

impl Credentials {
    pub(crate) fn set(&mut self, scheme: &'static Scheme, secret: Secret) {
        match self.0.iter_mut().find(|(s, _)| s.name == scheme.name) {
            Some(slot) => slot.1 = secret,
            None => self.0.push((scheme, secret)),
        }
    }

    /// The credential to send for `scheme`, when one is configured.
    pub(crate) fn get(&self, scheme: &Scheme) -> Option<&Secret> {
        self.0
            .iter()
            .find(|(s, _)| s.name == scheme.name)
            .map(|(_, secret)| secret)
    }

    fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|(s, _)| s.name).collect()
    }

    /// Each scheme and its credential.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'static Scheme, &Secret)> {
        self.0.iter().map(|(scheme, secret)| (*scheme, secret))
    }

    /// The secrets of the configured credentials, for error text to redact (see
    /// [`crate::redact`]).
    pub(crate) fn secrets(&self) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .flat_map(|(_, s)| s.forms.iter().map(String::as_str))
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.names()).finish()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            // Never holds a password: `build` refuses URLs with user information.
            .field("base_url", &self.inner.base_url.as_str())
            .field("credentials", &self.inner.credentials)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the API at `base_url` (for example `https://cluster.example.com/v2`),
    /// with default settings and no credentials.
    ///
    /// # Errors
    /// [`Error::Config`] when `base_url` is not an `http` or `https` URL.
    pub fn new(base_url: &str) -> Result<Self, Error> {
        Self::builder(base_url).build()
    }

    /// A builder for a client of the API at `base_url`, to set credentials, timeouts and TLS.
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            accept_invalid_certs: false,
            root_certificates: Vec::new(),
            http: None,
            credentials: Vec::new(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            redirect_limit: DEFAULT_REDIRECT_LIMIT,
            proxy_from_environment: true,
            allow_http_credentials: false,
            retry: RetryPolicy::new(),
        }
    }

    /// The URL that operation paths are appended to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The underlying `reqwest` client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// Logs in with `login` and returns a copy of this client that sends the session it
    /// gives, and that logs in again when the session has expired.
    ///
    /// `login` gets this client (without any session of its own) and returns a copy that
    /// sends the session's credentials: typically it calls the API's login operation and
    /// the `with_` method of the credential it answers. It is called once now, and again
    /// when an operation that sends one of the credentials it set is answered
    /// `401 Unauthorized`: then the call is sent once more with the new session. Calls that
    /// meet the expired session at the same time share one login. If that login fails, the
    /// call that ran it gets the login's error (the other calls their `401`), and a later
    /// `401` tries again. A request whose body is a stream is not sent again.
    ///
    /// The returned client and every copy made of it (`with_` methods, `clone`) share the
    /// session. `login` holds what it needs to log in (a password): keep it in a type whose
    /// `Debug` hides it, as the API's types holding secrets do; this crate never shows it.
    ///
    /// ```ignore
    /// let login = CreateUserSessionRequestParams { /* user name, password */ };
    /// let signed_in = client
    ///     .with_login(move |client| {
    ///         let login = login.clone();
    ///         async move {
    ///             let session = client.users().create_session(&login).await?;
    ///             client.with_user_session(&session)
    ///         }
    ///     })
    ///     .await?;
    /// ```
    ///
    /// # Errors
    /// The error of the first login.
    pub async fn with_login<F, Fut>(&self, login: F) -> Result<Client, Error>
    where
        F: Fn(Client) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Client, Error>> + Send + 'static,
    {
        let login: Login = Arc::new(move |client| Box::pin(login(client)));
        let mut base = (*self.inner).clone();
        base.session = None;
        let base = Client {
            inner: Arc::new(base),
        };
        let session = Session::start(base.clone(), login).await?;
        let mut inner = (*base.inner).clone();
        inner.session = Some(Arc::new(session));
        Ok(Client {
            inner: Arc::new(inner),
        })
    }
}

/// A copy of `client` that also sends `value` as the credential of `scheme`, sharing the
/// connection pool (the generated `with_<scheme>` methods).
pub(crate) fn with_credential(
    client: &Client,
    scheme: &'static Scheme,
    value: &str,
) -> Result<Client, Error> {
    with_given(client, scheme, &Given::Value(value.to_owned()))
}

/// [`with_credential`] for an HTTP basic scheme: a user name and a password.
// Used by the APIs that have such a scheme; this file serves every API.
#[allow(dead_code)]
pub(crate) fn with_basic_credential(
    client: &Client,
    scheme: &'static Scheme,
    username: &str,
    password: &str,
) -> Result<Client, Error> {
    let given = Given::Basic {
        username: username.to_owned(),
        password: password.to_owned(),
    };
    with_given(client, scheme, &given)
}

fn with_given(client: &Client, scheme: &'static Scheme, given: &Given) -> Result<Client, Error> {
    let secret = credential(scheme, given)?;
    let mut inner = (*client.inner).clone();
    inner.credentials.set(scheme, secret);
    Ok(Client {
        inner: Arc::new(inner),
    })
}

/// `builder` with `value` as the credential of `scheme` (the generated builder methods).
pub(crate) fn set_credential(
    builder: ClientBuilder,
    scheme: &'static Scheme,
    value: String,
) -> ClientBuilder {
    set_given(builder, scheme, Given::Value(value))
}

/// [`set_credential`] for an HTTP basic scheme: a user name and a password.
// Used by the APIs that have such a scheme; this file serves every API.
#[allow(dead_code)]
pub(crate) fn set_basic_credential(
    builder: ClientBuilder,
    scheme: &'static Scheme,
    username: String,
    password: String,
) -> ClientBuilder {
    set_given(builder, scheme, Given::Basic { username, password })
}

fn set_given(mut builder: ClientBuilder, scheme: &'static Scheme, given: Given) -> ClientBuilder {
    builder.credentials.retain(|(s, _)| s.name != scheme.name);
    builder.credentials.push((scheme, given));
    builder
}

/// Refuses text that cannot be sent as a credential, without quoting it.
fn check(scheme: &Scheme, what: &str, value: &str, ascii: bool) -> Result<(), Error> {
    let refuse = |why: &str| Error::Config {
        message: format!("the {} {what} cannot be sent: {why}", scheme.name),
    };
    if value.is_empty() {
        return Err(refuse("it is empty"));
    }
    // Spaces inside are allowed: an API key scheme in `Authorization` takes `Bearer <token>`.
    let allowed = |c: char| {
        if ascii {
            c.is_ascii_graphic() || c == ' '
        } else {
            !c.is_control()
        }
    };
    if !value.chars().all(allowed) || value.starts_with(' ') || value.ends_with(' ') {
        return Err(refuse(if ascii {
            "it holds a line break, a tab, another control character or a non-ASCII character, or starts or ends with a space"
        } else {
            "it holds a line break, a tab or another control character, or starts or ends with a space"
        }));
    }
    if value.len() > MAX_PARAMETER_BYTES {
        return Err(refuse(&format!(
            "it is {} bytes long; at most {MAX_PARAMETER_BYTES} fit a header",
            value.len()
        )));
    }
    Ok(())
}

/// The forms of a credential `value` error text must redact: the value, and, when it is an
/// `Authorization` value with its scheme (`Bearer <token>`), the part after the scheme,
/// which a server may quote alone. [`crate::redact`] finds each in any encoding.
fn secret_forms(value: &str) -> Vec<String> {
    let mut parts = vec![value.to_owned()];
    if let Some((_, rest)) = value.split_once(' ') {
        let rest = rest.trim();
        if !rest.is_empty() {
            parts.push(rest.to_owned());
        }
    }
    parts
}

/// A credential as it is sent, which `Debug` never shows. A key, token or session id must
/// be visible ASCII with inner spaces only (a cookie's without `;`, `,`, `"`, `\` or
/// spaces); a user name and password must hold no control character, and a user name no
/// `:`. Refused values are never quoted in the error.
fn credential(scheme: &Scheme, given: &Given) -> Result<Secret, Error> {
    let refuse = |why: &str| Error::Config {
        message: format!("the {} credential cannot be sent: {why}", scheme.name),
    };
    let sensitive = |text: &str| -> Result<HeaderValue, Error> {
        let mut value =
            HeaderValue::from_str(text).map_err(|_| refuse("it is not a valid header value"))?;
        value.set_sensitive(true);
        Ok(value)
    };
    match (&scheme.place, given) {
        (Place::Basic, Given::Basic { username, password }) => {
            check(scheme, "user name", username, false)?;
            if username.contains(':') {
                return Err(refuse("a user name cannot hold `:`"));
            }
            if password.chars().any(char::is_control) {
                return Err(refuse(
                    "the password holds a line break, a tab or another control character",
                ));
            }
            use base64::Engine as _;
            let encoded =
                base64::engine::general_purpose::STANDARD.encode(format!("{username}:{password}"));
            // With no password, the user name is the secret (an API key given as one).
            let secret = if password.is_empty() {
                username
            } else {
                password
            };
            let mut forms = vec![encoded.clone()];
            forms.extend(secret_forms(secret));
            Ok(Secret {
                value: sensitive(&format!("Basic {encoded}"))?,
                forms,
            })
        }
        (Place::Basic, Given::Value(_)) => Err(refuse("it needs a user name and a password")),
        (_, Given::Basic { .. }) => Err(refuse("it is one value, not a user name and password")),
        (place, Given::Value(value)) => {
            check(scheme, "credential", value, true)?;
            let forms = secret_forms(value);
            let value = match place {
                Place::Header { prefix, .. } => sensitive(&format!("{prefix}{value}"))?,
                Place::Cookie(_) if value.contains([';', ',', ' ', '"', '\\']) => {
                    return Err(refuse(
                        "a cookie value cannot hold `;`, `,`, spaces, `\"` or `\\`",
                    ))
                }
                _ => sensitive(value)?,
            };
            Ok(Secret { value, forms })
        }
    }
}

/// Configures a [`Client`]; made by [`Client::builder`].
///
/// TLS certificates are verified by default, against the system's trust store and any
/// certificate added with [`ClientBuilder::add_root_certificate_pem`].
pub struct ClientBuilder {
    base_url: String,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: String,
    accept_invalid_certs: bool,
    root_certificates: Vec<Vec<u8>>,
    http: Option<reqwest::Client>,
    credentials: Vec<(&'static Scheme, Given)>,
    max_response_bytes: usize,
    redirect_limit: usize,
    proxy_from_environment: bool,
    allow_http_credentials: bool,
    retry: RetryPolicy,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credentials: Vec<&str> = self.credentials.iter().map(|(s, _)| s.name).collect();
        f.debug_struct("ClientBuilder")
            .field(
                "base_url",
                &shown_base_url(&self.base_url)
                    .unwrap_or_else(|| "(not shown: it may hold a password)".to_owned()),
            )
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("accept_invalid_certs", &self.accept_invalid_certs)
            .field("root_certificates", &self.root_certificates.len())
            .field("http_client", &self.http.is_some())
            .field("credentials", &credentials)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("redirect_limit", &self.redirect_limit)
            .field("proxy_from_environment", &self.proxy_from_environment)
            .field("allow_http_credentials", &self.allow_http_credentials)
            .field("retry", &self.retry)
            .finish()
    }
}

impl ClientBuilder {
    /// How long to wait for a connection (default [`DEFAULT_CONNECT_TIMEOUT`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one request may take, from connecting to the last byte of the
    /// response (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
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
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// The largest response body the client reads (default [`DEFAULT_MAX_RESPONSE_BYTES`]).
    /// A larger body, announced by `Content-Length` or streamed, is
    /// [`Error::BodyTooLarge`], and no more than this is held in memory.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// How many redirects the client follows within the base URL's origin (same scheme,
    /// host and port; default [`DEFAULT_REDIRECT_LIMIT`], `0` follows none). A redirect to
    /// another origin is never followed, whatever the limit: it is [`Error::Redirect`], and
    /// neither credentials nor the body go there.
    pub fn redirect_limit(mut self, limit: usize) -> Self {
        self.redirect_limit = limit;
        self
    }

    /// Ignores the proxy environment variables: requests go straight to the server.
    ///
    /// By default, as curl does, a proxy is taken from `HTTPS_PROXY` (for an `https` base
    /// URL) or `HTTP_PROXY` (for `http`; not when `REQUEST_METHOD` is set, as under CGI),
    /// else `ALL_PROXY`, each also in lower case, unless `NO_PROXY` lists the host. A base
    /// URL on this machine (`localhost`, `127.0.0.0/8`, `::1`) never goes through a proxy.
    /// Through a proxy, an `https` request is a tunnel (`CONNECT host:port`): the proxy sees
    /// neither the request nor the answer. A plain `http` request is the proxy's to read and
    /// answer, which is one reason credentials are not sent over plain `http` (see
    /// [`ClientBuilder::allow_http_credentials`]).
    pub fn no_proxy(mut self) -> Self {
        self.proxy_from_environment = false;
        self
    }

    /// Sends credentials and the secrets of request bodies (passwords) over plain `http` to
    /// another machine (default `false`: such a request is refused with [`Error::Config`]
    /// before anything is sent). Anyone on the way, a proxy included, can then read them.
    /// Requests to this machine (`localhost`, `127.0.0.0/8`, `::1`) are allowed, unless they
    /// go through a client of your own ([`ClientBuilder::http_client`]), whose proxy
    /// settings this crate does not know.
    pub fn allow_http_credentials(mut self, allow: bool) -> Self {
        self.allow_http_credentials = allow;
        self
    }

    /// Sends requests through `client` instead of one built here. The timeouts, user
    /// agent, TLS and redirect settings of this builder then do not apply: `client` brings
    /// its own. Give it `reqwest::redirect::Policy::none()`: a client that follows redirects
    /// to other origins would send them the credentials of headers it does not know are
    /// secret (`apiKey`, `session-id`). An answer from another origin is still refused.
    /// Operations that document a 3XX answer return it only if `client` does not follow it.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// How many times a request is sent again after a transient failure (default
    /// [`crate::retry::DEFAULT_RETRIES`]; `0` sends every request once). Which failures
    /// are retried, and the waits between attempts: [`RetryPolicy`].
    pub fn retries(mut self, retries: u32) -> Self {
        self.retry = self.retry.retries(retries);
        self
    }

    /// When and how requests are sent again after a transient failure (default
    /// [`RetryPolicy::new`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::Config`] when the base URL is not an `http`/`https` URL, a credential
    /// cannot be sent as a header value, a root certificate is not valid PEM, or the
    /// TLS backend cannot start.
    pub fn build(self) -> Result<Client, Error> {
        build(self, &|name| std::env::var(name).ok())
    }
}

/// Whether `url`'s host is this machine: `localhost` or a loopback address.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => {
            name.eq_ignore_ascii_case("localhost")
                || name.to_ascii_lowercase().ends_with(".localhost")
        }
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The proxy that requests to `base_url` go through, read from the environment by `env`
/// (see [`ClientBuilder::no_proxy`]): its URL without user information, and the
/// `Proxy-Authorization` value of the user information it had.
fn proxy_for(
    base_url: &Url,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<(Url, Option<HeaderValue>)>, Error> {
    if is_loopback(base_url) {
        return Ok(None);
    }
    let first = |names: [&str; 2]| names.iter().find_map(|n| env(n)).unwrap_or_default();
    // Under CGI, `HTTP_PROXY` may come from a request's `Proxy` header (httpoxy).
    let http = if env("REQUEST_METHOD").is_some() {
        String::new()
    } else {
        first(["HTTP_PROXY", "http_proxy"])
    };
    let matcher = hyper_util::client::proxy::matcher::Matcher::builder()
        .all(first(["ALL_PROXY", "all_proxy"]))
        .http(http)
        .https(first(["HTTPS_PROXY", "https_proxy"]))
        .no(first(["NO_PROXY", "no_proxy"]))
        .build();
    let Ok(uri) = origin(base_url).parse::<http::Uri>() else {
        return Ok(None);
    };
    let Some(intercept) = matcher.intercept(&uri) else {
        return Ok(None);
    };
    let proxy = intercept.uri();
    let url = Url::parse(&proxy.to_string())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| Error::Config {
            message: format!(
                "the proxy {}://{} set in the environment is not an http or https proxy; set NO_PROXY for the API's host, or call ClientBuilder::no_proxy",
                proxy.scheme_str().unwrap_or_default(),
                proxy.authority().map_or("", |a| a.host())
            ),
        })?;
    Ok(Some((url, intercept.basic_auth().cloned())))
}

/// [`ClientBuilder::build`], with the environment read by `env`.
pub(crate) fn build(
    builder: ClientBuilder,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Client, Error> {
    let base_url = parse_base_url(&builder.base_url)?;
    let mut credentials = Credentials::default();
    for (scheme, given) in &builder.credentials {
        credentials.set(scheme, credential(scheme, given)?);
    }
    let mut proxy_origin = None;
    let own_client = builder.http.is_some();
    let (http, http_keeping_redirects) = match builder.http {
        // The caller's client brings its own redirect and proxy policies (see `http_client`).
        Some(http) => (http.clone(), http),
        None => {
            let config = |message: String| Error::Config { message };
            let mut roots = Vec::new();
            for pem in &builder.root_certificates {
                let certs = reqwest::Certificate::from_pem_bundle(pem)
                    .map_err(|e| config(format!("a root certificate is not valid PEM: {e}")))?;
                if certs.is_empty() {
                    return Err(config(
                        "a root certificate holds no `-----BEGIN CERTIFICATE-----` block"
                            .to_owned(),
                    ));
                }
                roots.extend(certs);
            }
            let proxy = if builder.proxy_from_environment {
                proxy_for(&base_url, env)?
            } else {
                None
            };
            let proxy = match proxy {
                Some((url, auth)) => {
                    proxy_origin = Some(origin(&url));
                    let mut proxy = reqwest::Proxy::all(url.as_str()).map_err(|e| {
                        config(format!("the proxy {} cannot be used ({e})", origin(&url)))
                    })?;
                    if let Some(auth) = auth {
                        proxy = proxy.custom_http_auth(auth);
                    }
                    Some(proxy)
                }
                None => None,
            };
            let limit = builder.redirect_limit;
            let redirects = reqwest::redirect::Policy::custom(move |attempt| {
                let same_origin = attempt
                    .previous()
                    .first()
                    .is_some_and(|first| first.origin() == attempt.url().origin());
                // Stopping hands the redirect back: `Request::send` turns it into
                // `Error::Redirect`.
                if same_origin && attempt.previous().len() <= limit {
                    attempt.follow()
                } else {
                    attempt.stop()
                }
            });
            let build = |policy: reqwest::redirect::Policy| {
                // The environment was read above, once: reqwest does not read it again.
                let mut http = reqwest::Client::builder()
                    .connect_timeout(builder.connect_timeout)
                    .timeout(builder.timeout)
                    .user_agent(&builder.user_agent)
                    .redirect(policy)
                    .no_proxy()
                    .tls_certs_merge(roots.iter().cloned())
                    .tls_danger_accept_invalid_certs(builder.accept_invalid_certs);
                if let Some(proxy) = &proxy {
                    http = http.proxy(proxy.clone());
                }
                http.build().map_err(|e| {
                    config(format!(
                        "the HTTP client could not be built ({}); check the root certificates and TLS settings",
                        crate::error::chain(&e)
                    ))
                })
            };
            (build(redirects)?, build(reqwest::redirect::Policy::none())?)
        }
    };
    // A client of the caller's own may send even this machine's requests through a proxy.
    let safe_in_clear = is_loopback(&base_url) && !own_client;
    let refuse_secrets_in_clear =
        base_url.scheme() == "http" && !safe_in_clear && !builder.allow_http_credentials;
    Ok(Client {
        inner: Arc::new(Inner {
            http,
            http_keeping_redirects,
            base_url,
            credentials,
            max_response_bytes: builder.max_response_bytes,
            proxy: proxy_origin,
            refuse_secrets_in_clear,
            retry: builder.retry,
            pause: Pause::default(),
            session: None,
        }),
    })
}

/// A base URL as given, for messages and `Debug`: only the scheme, host, port and path of a
/// text that parses as a URL and holds no `@`. Anything else might hold user information
/// (`http://admin:pw/x@host` does not parse as the user meant), and is never shown.
fn shown_base_url(text: &str) -> Option<String> {
    match Url::parse(text) {
        Ok(url) if !text.contains('@') && !url.cannot_be_a_base() => {
            Some(format!("{}{}", origin(&url), url.path()))
        }
        _ => None,
    }
}

/// The origin (`scheme://host:port`) of a URL, for messages: never its path, query or
/// user information.
pub(crate) fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// The base URL, refused (never quoted whole) unless it is an `http` or `https` URL without
/// user information, query or fragment.
fn parse_base_url(text: &str) -> Result<Url, Error> {
    let config = |message: String| Error::Config { message };
    if text.contains('@') {
        return Err(config(
            "the base URL must not hold `@`: a user name or password (user:password@host) is not accepted there, give credentials with the builder's credential methods".to_owned(),
        ));
    }
    let url = Url::parse(text).map_err(|e| {
        config(format!(
            "the base URL is not a valid URL ({e}); give the API's full URL, like https://host.example.com/v2"
        ))
    })?;
    let shown = shown_base_url(text).map_or_else(String::new, |s| format!(" {s:?}"));
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(config(format!(
            "the base URL{shown} must start with http:// or https://"
        )));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(config(format!(
            "the base URL{shown} must not have a query or fragment"
        )));
    }
    Ok(url)
}
