//! One request on its way out and its response on the way back: what the generated
//! operations call to encode parameters and bodies, add credentials, send, and read.
//!
//! The same in every generated crate.

use crate::client::{origin, Client, Place, Scheme, MAX_PARAMETER_BYTES};
use crate::error::{ApiErrorBody, Error};
use crate::retry::RequestOptions;
use reqwest::header::{
    HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, LOCATION, RETRY_AFTER,
};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

/// The exchange, boxed: one type whatever the operation.
type Exchange<'a> = Pin<Box<dyn Future<Output = Result<Response<'a>, Error>> + Send + 'a>>;

/// The future of an operation: what a request builder turns into when awaited (its
/// `IntoFuture`), resolving to the operation's result. `Send`; it sends nothing until it is
/// polled.
//
// The exchange (sending the request and reading the whole answer) is the same code for
// every operation; `read` is the operation's own plain function from the answer to its
// result. Operations hold no `async` code of their own, so the compiler builds no state
// machine per operation.
#[must_use = "a request is sent only when it is awaited"]
pub struct Pending<'a, T> {
    exchange: Result<Exchange<'a>, Option<Error>>,
    read: fn(Response<'a>) -> Result<T, Error>,
}

impl<'a, T> Pending<'a, T> {
    /// Sends `request` (once awaited) with the credentials of `schemes`, and reads its
    /// answer with `read`; a request that could not be made is its error.
    pub(crate) fn new(
        request: Result<Request<'a>, Error>,
        schemes: &'a [&'a Scheme],
        read: fn(Response<'a>) -> Result<T, Error>,
    ) -> Self {
        Pending {
            exchange: match request {
                Ok(request) => Ok(Box::pin(request.send(schemes))),
                Err(e) => Err(Some(e)),
            },
            read,
        }
    }
}

impl<T> std::fmt::Debug for Pending<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending").finish_non_exhaustive()
    }
}

impl<'a, T> Pending<'a, T> {
    /// Polls the exchange; its answer is given to `answer`, with the operation's own reading
    /// of it (what `.await` gives; `headers.rs` reads the headers too).
    pub(crate) fn poll_answer<U>(
        &mut self,
        cx: &mut Context<'_>,
        answer: impl FnOnce(Response<'a>, fn(Response<'a>) -> Result<T, Error>) -> Result<U, Error>,
    ) -> Poll<Result<U, Error>> {
        match &mut self.exchange {
            Ok(exchange) => match exchange.as_mut().poll(cx) {
                Poll::Ready(Ok(response)) => {
                    let attempts = response.attempts;
                    Poll::Ready(answer(response, self.read).map_err(|e| with_attempts(e, attempts)))
                }
                Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
                Poll::Pending => Poll::Pending,
            },
            // Polled again after its error: that is a bug of the caller, answered with a
            // configuration error rather than a panic.
            Err(e) => Poll::Ready(Err(e.take().unwrap_or_else(|| Error::Config {
                message: "the request was polled after it completed".to_owned(),
            }))),
        }
    }
}

impl<T> Future for Pending<'_, T> {
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.get_mut()
            .poll_answer(cx, |response, read| read(response))
    }
}

/// A request being built: the URL, then parameters and a body, then credentials on `send`.
pub(crate) struct Request<'a> {
    client: &'a Client,
    builder: reqwest::RequestBuilder,
    /// The query string, encoded (`a=1&b=x,y`).
    query: String,
    cookies: Vec<String>,
    /// The operation documents 3XX answers: they are returned, not followed.
    keep_redirects: bool,
    /// Secret values of the body (passwords, keys): error text never shows them.
    secrets: Vec<String>,
    /// Why the request must not be sent, found while it was built (see [`Request::new`]).
    refused: Option<Error>,
    /// The caller's options for this request (timeout, retries, headers).
    options: RequestOptions,
    /// The API description marks the operation `x-idempotent` (`true`: it is retried
    /// whatever its method; `false`: never); `None` goes by the method.
    idempotent: Option<bool>,
    operation: Operation,
    /// A success answer's body is read item by item (see `stream.rs`), not here.
    streamed: bool,
}

/// Which operation a request is, for traces.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(not(feature = "tracing"), allow(dead_code))]
pub(crate) struct Operation {
    /// The `operationId` (or, without one, the method's name).
    pub(crate) id: &'static str,
    /// The path template (`/users/{id}`), never the filled path.
    pub(crate) path: &'static str,
}

impl<'a> Request<'a> {
    /// A request for the base URL with `segments` appended: each is URL text, as
    /// [`path_value`], [`path_segment`] and the generator (for the path template's own
    /// text) write it. An empty last segment keeps the path's closing slash (`/` itself, or
    /// `/things/`).
    ///
    /// The URL is then read back: when its path is not exactly the one written (a URL
    /// parser that would strip, decode or resolve something of it), the request is
    /// refused when sent, so no value can reach another resource.
    pub(crate) fn new(client: &'a Client, method: reqwest::Method, segments: &[&str]) -> Self {
        let mut url = client.inner.base_url.clone();
        let base = url.path();
        // The base URL's closing slash, if any, is the separator before the first segment.
        let mut path = base.strip_suffix('/').unwrap_or(base).to_owned();
        for segment in segments {
            path.push('/');
            path.push_str(segment);
        }
        if path.is_empty() {
            path.push('/');
        }
        url.set_path(&path);
        let refused = (url.path() != path).then(|| Error::InvalidParameter {
            name: "(path)",
            message: "the URL parser would change the request's path; nothing was sent".to_owned(),
        });
        Request {
            builder: client.inner.http.request(method, url),
            client,
            query: String::new(),
            cookies: Vec::new(),
            keep_redirects: false,
            secrets: Vec::new(),
            refused,
            options: RequestOptions::default(),
            idempotent: None,
            operation: Operation { id: "", path: "" },
            streamed: false,
        }
    }

    /// Leaves the body of a success answer unread, for the operation to read item by item
    /// (see `stream.rs`); an answer of any other status is read whole, as always.
    pub(crate) fn streamed(mut self) -> Self {
        self.streamed = true;
        self
    }

    /// Names the operation (its `operationId`) and its path template, for traces.
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) fn operation(mut self, id: &'static str, path: &'static str) -> Self {
        self.operation = Operation { id, path };
        self
    }

    /// Whether the request may be retried whatever its method (the API description marks
    /// the operation `x-idempotent: true` or `false`).
    pub(crate) fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }

    /// The caller's options for this request (see [`RequestOptions`]).
    pub(crate) fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    /// Applies `f` to the underlying `reqwest` request.
    pub(crate) fn map(
        mut self,
        f: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Self {
        self.builder = f(self.builder);
        self
    }

    /// The `Accept` header: the media types the operation's answers are documented as.
    pub(crate) fn accept(self, media_type: &'static str) -> Self {
        self.map(|b| b.header(ACCEPT, media_type))
    }

    /// Adds a query parameter, written in `style` (see [`QueryStyle`]). The items of a
    /// `Delimited` array are joined by the delimiter, written as it is, while the same
    /// character inside an item is percent-encoded: `ids=a,b%2Cc` is the two items `a` and
    /// `b,c`. `None` and empty arrays add nothing.
    ///
    /// An object (a model or a map) is `style: form`: one `property=value` pair per
    /// property when `Exploded` (the name not sent), else
    /// `name=property,value,property,value`. Properties that are `null` are left out; one
    /// that is an array or an object is refused.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] for a value the style cannot write (an array inside an
    /// object, a `DeepObject` value that is not an object) or that is too long.
    pub(crate) fn query(
        mut self,
        name: &'static str,
        value: &impl Serialize,
        style: QueryStyle,
    ) -> Result<Self, Error> {
        let delimiter = match style {
            QueryStyle::Exploded => None,
            QueryStyle::Delimited(delimiter) => Some(delimiter),
            QueryStyle::DeepObject => return self.query_deep_object(name, value),
        };
        let value = to_json(name, value)?;
        if let serde_json::Value::Object(object) = value {
            let pairs = object_pairs(name, object)?;
            return Ok(match delimiter {
                None => pairs.iter().fold(self, |request, (key, text)| {
                    request.push_query(&encode(key), text)
                }),
                Some(_) if pairs.is_empty() => self,
                Some(delimiter) => {
                    let items: Vec<String> = pairs
                        .iter()
                        .flat_map(|(key, text)| [encode(key), encode(text)])
                        .collect();
                    fits(name, &items.join(delimiter))?;
                    self.push_query_encoded(&encode(name), &items.join(delimiter))
                }
            });
        }
        let texts = param_texts(name, value)?;
        if texts.is_empty() {
            return Ok(self);
        }
        let values = match delimiter {
            None => {
                for text in &texts {
                    fits(name, text)?;
                }
                texts.iter().map(|t| encode(t)).collect()
            }
            Some(delimiter) => {
                fits(name, &texts.join(delimiter))?;
                let items: Vec<String> = texts.iter().map(|t| encode(t)).collect();
                vec![items.join(delimiter)]
            }
        };
        let key = encode(name);
        for value in values {
            self = self.push_query_encoded(&key, &value);
        }
        Ok(self)
    }

    /// Adds a query parameter of `style: deepObject`: one `name[property]=value` pair per
    /// property of the object `value` (`filter[color]=red&filter[size]=L`); `null`
    /// properties are left out, and `None` adds nothing. A value that is not an object, or
    /// a property that is an array or an object, is refused.
    fn query_deep_object(self, name: &'static str, value: &impl Serialize) -> Result<Self, Error> {
        let object = match to_json(name, value)? {
            serde_json::Value::Null => return Ok(self),
            serde_json::Value::Object(object) => object,
            _ => {
                return Err(Error::InvalidParameter {
                    name,
                    message: "a `deepObject` parameter must be an object".to_owned(),
                })
            }
        };
        let pairs = object_pairs(name, object)?;
        let name = encode(name);
        Ok(pairs.iter().fold(self, |request, (key, text)| {
            request.push_query_encoded(&format!("{name}[{}]", encode(key)), &encode(text))
        }))
    }

    /// Adds `key=text` to the query, `text` form-encoded (`key` already is).
    fn push_query(self, key: &str, text: &str) -> Self {
        self.push_query_encoded(key, &encode(text))
    }

    /// Adds `key=value` to the query, both already encoded.
    fn push_query_encoded(mut self, key: &str, value: &str) -> Self {
        push_pair(&mut self.query, key, value);
        self
    }

    /// Keeps the secret values of `body` (a request body that holds passwords or keys) to
    /// redact them from error text: a server that echoes the request in its error answer
    /// does not get them into a message.
    pub(crate) fn redacting(mut self, body: &impl Secrets) -> Self {
        let mut secrets = Vec::new();
        body.secrets(&mut secrets);
        self.secrets.extend(
            secrets
                .into_iter()
                .filter(|s| !s.is_empty())
                .map(str::to_owned),
        );
        self
    }

    /// Returns 3XX answers instead of following them: for operations that document one
    /// (a login answering `303 See Other`, say).
    pub(crate) fn keep_redirects(mut self) -> Self {
        self.keep_redirects = true;
        self
    }

    /// Adds a header parameter (array items joined by `,`), checked before anything is sent:
    /// a value HTTP would not carry as it is (a control character, a space at either end,
    /// an array item holding `,`) is refused. `None` and empty arrays add nothing.
    pub(crate) fn header(self, name: &'static str, value: &impl Serialize) -> Result<Self, Error> {
        let value = to_json(name, value)?;
        let is_array = value.is_array();
        let texts = param_texts(name, value)?;
        if texts.is_empty() {
            return Ok(self);
        }
        let refuse = |message: &str| Error::InvalidParameter {
            name,
            message: message.to_owned(),
        };
        if is_array && texts.iter().any(|t| t.contains(',') || t.trim() != t) {
            return Err(refuse(
                "an item of a header array cannot hold `,` or start or end with a space",
            ));
        }
        let text = texts.join(",");
        if text.trim_matches([' ', '\t']) != text {
            return Err(refuse(
                "a header value cannot start or end with a space: HTTP strips it",
            ));
        }
        let value = header_value(name, &text)?;
        Ok(self.map(|b| b.header(name, value)))
    }

    /// Adds a cookie parameter (all are sent in one `Cookie` header, array items joined by
    /// `,`). A value is what RFC 6265 (section 4.1.1) allows a cookie to hold: visible ASCII
    /// but `"`, `,`, `;` and `\\`; anything else is refused. `None` and empty arrays add
    /// nothing.
    pub(crate) fn cookie(
        mut self,
        name: &'static str,
        value: &impl Serialize,
    ) -> Result<Self, Error> {
        let texts = param_texts(name, to_json(name, value)?)?;
        if texts.is_empty() {
            return Ok(self);
        }
        let text = texts.join(",");
        fits(name, &text)?;
        let cookie_octet = |c: char| c.is_ascii_graphic() && !matches!(c, '"' | ',' | ';' | '\\');
        if !texts.iter().all(|t| t.chars().all(cookie_octet)) {
            return Err(Error::InvalidParameter {
                name,
                message: "a cookie value can hold only visible ASCII characters, but not `\"`, `,`, `;` or `\\`"
                    .to_owned(),
            });
        }
        self.cookies.push(format!("{name}={text}"));
        Ok(self)
    }

    /// A JSON body, sent as `media_type` (`application/json`, `application/vnd.api+json`,
    /// `application/merge-patch+json`, ...); `None` sends none.
    pub(crate) fn json<T: Serialize + ?Sized>(
        self,
        media_type: &'static str,
        body: Option<&T>,
    ) -> Self {
        match body {
            Some(body) => self.map(|b| b.header(CONTENT_TYPE, media_type).json(body)),
            None => self,
        }
    }

    /// A form-encoded body, sent as `media_type` (`application/x-www-form-urlencoded`,
    /// with its parameters); `None` sends none. The body is written as OpenAPI 3.0.3
    /// (section 4.7.14, the Encoding Object) writes one: see [`form_body`], and `arrays`
    /// there. A body it cannot write is refused when sent ([`Error::InvalidParameter`]
    /// named `body`).
    pub(crate) fn form<T: Serialize + ?Sized>(
        mut self,
        media_type: &'static str,
        body: Option<&T>,
        arrays: &[(&'static str, Option<&'static str>)],
    ) -> Self {
        let Some(body) = body else {
            return self;
        };
        match form_body(body, arrays) {
            Ok(text) => self.map(|b| b.header(CONTENT_TYPE, media_type).body(text)),
            Err(e) => {
                self.refused.get_or_insert(e);
                self
            }
        }
    }

    /// A body sent as it is, with its media type; `None` sends none.
    pub(crate) fn raw(
        self,
        media_type: &'static str,
        body: Option<impl Into<reqwest::Body>>,
    ) -> Self {
        match body {
            Some(body) => self.map(|b| b.header(CONTENT_TYPE, media_type).body(body)),
            None => self,
        }
    }

    /// What the request holds so far, without credentials: the `reqwest` request (method,
    /// URL without the query, headers, body), the encoded query and the cookies. The `mock`
    /// feature's matchers encode an operation's inputs this way, exactly as it sends them.
    #[cfg(any(test, feature = "mock"))]
    pub(crate) fn into_parts(self) -> Result<(reqwest::Request, String, Vec<String>), Error> {
        if let Some(refused) = self.refused {
            return Err(refused);
        }
        let request = self.builder.build().map_err(transport)?;
        Ok((request, self.query, self.cookies))
    }

    /// Adds the configured credential of each of `schemes` and the cookies, sends, and reads
    /// the whole answer (up to the client's limit), sending again after a transient failure
    /// as the client's [`crate::RetryPolicy`] and the request's options say, and once more
    /// after logging in again when a session has expired (see [`Client::with_login`]).
    ///
    /// A redirect that comes back (to another origin, or past the redirect limit) and an
    /// answer from another origin than the base URL's are [`Error::Redirect`]: nothing they
    /// say becomes a result. With [`Request::keep_redirects`], a 3XX answer is the
    /// response, for the operation to read; its body is not read.
    pub(crate) async fn send(self, schemes: &[&Scheme]) -> Result<Response<'a>, Error> {
        let Request {
            client,
            builder,
            mut query,
            mut cookies,
            keep_redirects,
            mut secrets,
            refused,
            mut options,
            idempotent,
            operation,
            streamed,
        } = self;
        if let Some(refused) = refused {
            return Err(refused);
        }
        if let Some(message) = options.refused.take() {
            return Err(Error::Config { message });
        }
        let inner = &client.inner;
        let session = inner.session.as_deref().filter(|s| s.covers(schemes));
        let mut builder = builder;
        // A credential in the URL: the request never follows a redirect (see `Place::Query`).
        let mut query_credential = false;
        let mut secret_cookie = false;
        // The session's credentials are added to each attempt: a new login changes them.
        let mut session_schemes: Vec<&Scheme> = Vec::new();
        for scheme in schemes {
            if session.is_some_and(|s| s.get(scheme).is_some()) {
                if inner.refuse_secrets_in_clear {
                    return Err(in_clear());
                }
                query_credential |= matches!(scheme.place, Place::Query(_));
                session_schemes.push(scheme);
                continue;
            }
            let Some(secret) = inner.credentials.get(scheme) else {
                continue;
            };
            if inner.refuse_secrets_in_clear {
                return Err(in_clear());
            }
            match scheme.place {
                Place::Header { name, .. } => builder = builder.header(name, secret.value.clone()),
                Place::Basic => builder = builder.header(AUTHORIZATION, secret.value.clone()),
                Place::Query(name) => {
                    push_query_credential(&mut query, name, &secret.value);
                    query_credential = true;
                }
                Place::Cookie(name) => {
                    let value = secret.value.to_str().unwrap_or_default();
                    cookies.push(format!("{name}={value}"));
                    secret_cookie = true;
                }
            }
        }
        if inner.refuse_secrets_in_clear && !secrets.is_empty() {
            return Err(in_clear());
        }
        if !cookies.is_empty() {
            let mut value = header_value("Cookie", &cookies.join("; "))?;
            value.set_sensitive(secret_cookie);
            builder = builder.header(COOKIE, value);
        }
        let mut request = builder.build().map_err(transport)?;
        if !query.is_empty() {
            // The base URL has no query (`ClientBuilder::build` refuses one).
            request.url_mut().set_query(Some(&query));
        }
        if let Some(timeout) = options.timeout {
            *request.timeout_mut() = Some(timeout);
        }
        let idempotent = options.idempotent.or(idempotent).unwrap_or(matches!(
            *request.method(),
            Method::GET
                | Method::HEAD
                | Method::PUT
                | Method::DELETE
                | Method::OPTIONS
                | Method::TRACE
        ));
        let retries = match (idempotent, options.retries) {
            (false, _) => 0,
            (true, Some(retries)) => retries,
            (true, None) => inner.retry.retries,
        };
        let exchange = Exchanger {
            client,
            http: if keep_redirects || query_credential {
                &inner.http_keeping_redirects
            } else {
                &inner.http
            },
            keep_redirects,
            query_credential,
            operation,
            streamed,
        };
        let mut renewable = session.is_some() && !session_schemes.is_empty();
        let mut waited = Duration::ZERO;
        let mut attempt: u32 = 0;
        let mut retried: u32 = 0;
        let mut request = Some(request);
        loop {
            attempt += 1;
            let Some(original) = request.take() else {
                return Err(Error::Config {
                    message: "the request was sent after its last attempt".to_owned(),
                });
            };
            // A request whose body is a stream cannot be cloned: it is sent once.
            let copy = (retried < retries || renewable)
                .then(|| original.try_clone())
                .flatten();
            let last = copy.is_none();
            let mut this = match copy {
                Some(copy) => {
                    request = Some(original);
                    copy
                }
                None => original,
            };
            let mut generation = 0;
            if let Some(session) = session {
                for scheme in &session_schemes {
                    if let Some((secret, seen)) = session.get(scheme) {
                        generation = seen;
                        add_credential(&mut this, scheme, &secret)?;
                        for form in &secret.forms {
                            if !secrets.contains(form) {
                                secrets.push(form.clone());
                            }
                        }
                    }
                }
            }
            for (name, value) in &options.headers {
                this.headers_mut().insert(name.clone(), value.clone());
            }
            // The last attempt takes the secrets; the others lend a copy.
            let kept = if last {
                std::mem::take(&mut secrets)
            } else {
                secrets.clone()
            };
            let outcome = exchange.send(this, attempt, kept).await;
            // A `401` to a request that sent the session: log in again, send once more.
            if let (Ok(answer), Some(session), true, false) = (&outcome, session, renewable, last) {
                if answer.status == StatusCode::UNAUTHORIZED {
                    renewable = false;
                    #[cfg(feature = "tracing")]
                    tracing::info!(attempt, "the session has expired: logging in again");
                    match session.renew(generation).await {
                        Ok(crate::session::Renewed::Retry) => continue,
                        Ok(crate::session::Renewed::Stop) => {}
                        Err(e) => return Err(with_attempts(e, attempt)),
                    }
                }
            }
            let transient = match &outcome {
                Ok(answer) => matches!(answer.status.as_u16(), 429 | 502 | 503 | 504),
                Err(failure) => failure.retryable,
            };
            if transient && !last && retried < retries {
                let retry_after = match &outcome {
                    Ok(answer) => answer.headers.get(RETRY_AFTER).and_then(|value| {
                        crate::retry::retry_after(value, std::time::SystemTime::now())
                    }),
                    Err(_) => None,
                };
                let unit = inner.pause.unit();
                if let Some(wait) = inner.retry.wait(retried + 1, retry_after, waited, unit) {
                    #[cfg(feature = "tracing")]
                    tracing::info!(
                        attempt,
                        wait_ms = wait.as_millis() as u64,
                        "a transient failure: sending again"
                    );
                    inner.pause.sleep(wait).await;
                    waited += wait;
                    retried += 1;
                    continue;
                }
            }
            return match outcome {
                Ok(mut answer) => {
                    answer.attempts = attempt;
                    Ok(answer)
                }
                Err(failure) => Err(with_attempts(failure.error, attempt)),
            };
        }
    }
}

/// What every attempt of one request shares.
struct Exchanger<'a> {
    client: &'a Client,
    http: &'a reqwest::Client,
    keep_redirects: bool,
    /// The URL holds a credential.
    query_credential: bool,
    operation: Operation,
    /// A success answer's body is left unread (see [`Request::streamed`]).
    streamed: bool,
}

impl<'a> Exchanger<'a> {
    /// One attempt: sends `request` and reads the answer.
    async fn send(
        &self,
        request: reqwest::Request,
        attempt: u32,
        secrets: Vec<String>,
    ) -> Result<Response<'a>, Failure> {
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            let span = tracing::info_span!(
                "exchange",
                operation = self.operation.id,
                method = request.method().as_str(),
                path = self.operation.path,
                attempt,
                status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
                error = tracing::field::Empty,
            );
            let started = std::time::Instant::now();
            let outcome = self
                .send_untraced(request, secrets)
                .instrument(span.clone())
                .await;
            match &outcome {
                Ok(answer) => {
                    span.record("status", answer.status.as_u16());
                }
                Err(failure) => {
                    if let Some(status) = failure.error.status() {
                        span.record("status", status.as_u16());
                    }
                    span.record("error", failure.kind());
                }
            }
            span.record("duration_ms", started.elapsed().as_millis() as u64);
            outcome
        }
        #[cfg(not(feature = "tracing"))]
        {
            let _ = (attempt, self.operation);
            self.send_untraced(request, secrets).await
        }
    }

    async fn send_untraced(
        &self,
        request: reqwest::Request,
        secrets: Vec<String>,
    ) -> Result<Response<'a>, Failure> {
        let inner = &self.client.inner;
        let proxy = inner.proxy.as_deref();
        let mut response = self.http.execute(request).await.map_err(|e| match proxy {
            // Through a proxy, the proxy is all the client connects to.
            Some(proxy) if e.is_connect() => Failure::last(Error::Proxy {
                proxy: proxy.to_owned(),
                status: None,
                source: Some(strip_query(e)),
            }),
            // No byte of the answer came: to connect failed, or the connection closed before
            // the status line. Not a timeout: that is the caller's limit on the attempt.
            _ => Failure {
                retryable: transient(&e),
                error: transport(e),
            },
        })?;
        let status = response.status();
        if let (Some(proxy), StatusCode::PROXY_AUTHENTICATION_REQUIRED) = (proxy, status) {
            return Err(Failure::last(Error::Proxy {
                proxy: proxy.to_owned(),
                status: Some(status),
                source: None,
            }));
        }
        if !same_origin(response.url(), &inner.base_url) {
            return Err(Failure::last(Error::Redirect {
                status,
                location: origin(response.url()),
            }));
        }
        // A 3XX answer: where it points, resolved against the URL answered. Unless the
        // operation documents it, it is an error; else its body is not read.
        let (location, body) = if status.is_redirection() {
            // Resolved against a URL that holds no credential: a `Location` of `""` or
            // `#top` is the URL answered.
            let mut answered = response.url().clone();
            if self.query_credential {
                answered.set_query(None);
            }
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .and_then(|l| answered.join(l).ok());
            if !self.keep_redirects {
                let location = location
                    .map_or_else(|| "(no valid Location header)".to_owned(), |u| origin(&u));
                return Err(Failure::last(Error::Redirect { status, location }));
            }
            (location, Vec::new())
        } else if self.streamed && status.is_success() {
            (None, Vec::new())
        } else {
            let body = read(&mut response, inner.max_response_bytes).await;
            (None, body.map_err(Failure::last)?)
        };
        let headers = std::mem::take(response.headers_mut());
        let unread = (self.streamed && status.is_success()).then_some(response);
        Ok(Response {
            status,
            headers,
            location,
            body,
            unread,
            attempts: 1,
            redactor: Redactor {
                client: self.client,
                secrets,
            },
        })
    }
}

/// Whether a failure to send is worth sending again: no byte of the answer came (to connect
/// failed, or the connection closed before the status line), and not because of TLS (an
/// unknown certificate, a refused handshake), which fails the same way every time. Not a
/// timeout either: that is the caller's limit on the attempt.
fn transient(error: &reqwest::Error) -> bool {
    if error.is_timeout() || !(error.is_connect() || error.is_request()) {
        return false;
    }
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            // rustls reports its failures as `InvalidData`.
            if io.kind() == std::io::ErrorKind::InvalidData {
                return false;
            }
            // The error an `io::Error` wraps, which its `source` skips.
            if let Some(inner) = io.get_ref() {
                source = Some(inner);
                continue;
            }
        }
        source = e.source();
    }
    true
}

/// An attempt that failed before an answer could be read.
struct Failure {
    error: Error,
    /// No byte of an answer came, and sending again is safe for an idempotent request.
    retryable: bool,
}

impl Failure {
    fn last(error: Error) -> Self {
        Failure {
            error,
            retryable: false,
        }
    }

    /// The kind of failure, for traces (never the error's text, which names the URL).
    #[cfg(feature = "tracing")]
    fn kind(&self) -> &'static str {
        match &self.error {
            Error::Transport(e) if e.is_timeout() => "timeout",
            Error::Transport(e) if e.is_connect() => "connect",
            Error::Transport(_) => "transport",
            Error::Proxy { .. } => "proxy",
            Error::Redirect { .. } => "redirect",
            Error::BodyTooLarge { .. } => "body too large",
            _ => "other",
        }
    }
}

/// `error` as the error of a call sent `attempts` times.
fn with_attempts(error: Error, attempts: u32) -> Error {
    match error {
        error if attempts <= 1 => error,
        Error::Retried { last, .. } => Error::Retried { attempts, last },
        last => Error::Retried {
            attempts,
            last: Box::new(last),
        },
    }
}

/// Appends the credential `value` of the query parameter `name` to the encoded `query`.
fn push_query_credential(query: &mut String, name: &str, value: &HeaderValue) {
    // Always text: `credential` accepts visible ASCII only.
    let value = value.to_str().unwrap_or_default();
    if !query.is_empty() {
        query.push('&');
    }
    query.extend(form_urlencoded::byte_serialize(name.as_bytes()));
    query.push('=');
    query.extend(form_urlencoded::byte_serialize(value.as_bytes()));
}

/// Adds the credential `secret` of `scheme` to a request already built (a session's, which
/// a new login changes between attempts).
fn add_credential(
    request: &mut reqwest::Request,
    scheme: &Scheme,
    secret: &crate::client::Secret,
) -> Result<(), Error> {
    match scheme.place {
        Place::Header { name, .. } => {
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                Error::Config {
                    message: format!("`{name}` is not a valid header name"),
                }
            })?;
            request.headers_mut().insert(name, secret.value.clone());
        }
        Place::Basic => {
            request
                .headers_mut()
                .insert(AUTHORIZATION, secret.value.clone());
        }
        Place::Query(name) => {
            let mut query = request.url().query().unwrap_or_default().to_owned();
            push_query_credential(&mut query, name, &secret.value);
            request.url_mut().set_query(Some(&query));
        }
        Place::Cookie(name) => {
            let value = secret.value.to_str().unwrap_or_default();
            let cookie = match request.headers().get(COOKIE).and_then(|c| c.to_str().ok()) {
                Some(cookies) => format!("{cookies}; {name}={value}"),
                None => format!("{name}={value}"),
            };
            let mut value = header_value("Cookie", &cookie)?;
            value.set_sensitive(true);
            request.headers_mut().insert(COOKIE, value);
        }
    }
    Ok(())
}

/// A transport error without the query of the URL it names: a query may hold a credential
/// or another value that must not reach a log.
pub(crate) fn transport(error: reqwest::Error) -> Error {
    Error::Transport(strip_query(error))
}

/// `error` without the query of the URL it names.
fn strip_query(mut error: reqwest::Error) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        url.set_query(None);
    }
    error
}

/// The error of a request that would send a credential or a secret in clear.
fn in_clear() -> Error {
    Error::Config {
        message: "the request carries a credential or a password, and the base URL is plain http:// to another machine, where anyone on the way (a proxy too) could read it: use https://, or allow it knowingly with `ClientBuilder::allow_http_credentials(true)`; nothing was sent".to_owned(),
    }
}

/// The whole body, refused past `limit` whether it is announced by `Content-Length` or
/// streamed: no more than the limit is held.
async fn read(response: &mut reqwest::Response, limit: usize) -> Result<Vec<u8>, Error> {
    let too_large = Error::BodyTooLarge {
        status: response.status(),
        limit,
    };
    let announced = response.content_length().unwrap_or(0);
    if announced > limit as u64 {
        return Err(too_large);
    }
    let mut body = Vec::with_capacity(announced as usize);
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if chunk.len() > limit - body.len() {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Whether two URLs have one origin (scheme, host, port), without allocating.
fn same_origin(a: &reqwest::Url, b: &reqwest::Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

/// What a path value keeps as it is: RFC 3986's unreserved characters, `:` and `@`.
/// Everything else is percent-encoded as UTF-8 (RFC 3986, section 2.2: reserved characters
/// that are data): controls (which URL parsers strip), spaces, `/`, `\\`, `?`, `#`, `%`,
/// the sub-delimiters (a `;` starts path parameters that servlet containers strip before
/// resolving dots, a `,` separates an array's items), non-ASCII...
const PATH_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b'@');

/// A path parameter as one whole segment of URL text: see [`path_text`] and
/// [`path_segment`].
pub(crate) fn path_value(name: &'static str, value: &impl Serialize) -> Result<String, Error> {
    path_segment(name, &[Cow::Owned(path_text(name, value)?)])
}

/// A path parameter as URL text, to stand in a segment alone or with other text
/// (`{name}.json`): each item percent-encoded (so `/`, `?`, `#`, `%` and control characters
/// stay inside it), array items joined by `,` (an item's own `,` is `%2C`).
pub(crate) fn path_text(name: &'static str, value: &impl Serialize) -> Result<String, Error> {
    let items: Vec<String> = param_texts(name, to_json(name, value)?)?
        .iter()
        .map(|item| percent_encoding::utf8_percent_encode(item, PATH_VALUE).to_string())
        .collect();
    let text = items.join(",");
    fits(name, &text)?;
    Ok(text)
}

/// A path segment of URL text: the template's own text and [`path_text`]s (`{owner}-{repo}`
/// is the owner's text, `-` and the repo's). A segment that comes out empty, `.` or `..`
/// (also written `%2e`) is refused, naming `name`, its first parameter: URLs resolve them, so
/// the request would go to another resource.
pub(crate) fn path_segment(name: &'static str, parts: &[Cow<'_, str>]) -> Result<String, Error> {
    let text = parts.concat();
    fits(name, &text)?;
    let dots = text.to_ascii_lowercase().replace("%2e", ".");
    if matches!(dots.as_str(), "" | "." | "..") {
        return Err(Error::InvalidParameter {
            name,
            message: format!(
                "a path segment cannot be {dots:?}: the request would go to another resource"
            ),
        });
    }
    Ok(text)
}

/// Form-encodes `text` (`a b&c` -> `a+b%26c`).
fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The form-encoded text of `body`, an object: one `property=value` pair per property,
/// `null` ones left out; an array property one `property=item` pair per item (`style:
/// form`, exploded: the default), or, when `arrays` gives it a delimiter, one pair of the
/// items joined by it (written as it is, the same character inside an item
/// percent-encoded, as in the query); an object property one `key=value` pair per property
/// of its own (`style: form`, exploded). `arrays` names the body's array properties, each
/// with its delimiter or `None`.
///
/// # Errors
/// [`Error::InvalidParameter`] named `body` when `body` is not an object, or holds a value
/// nested deeper than these.
pub(crate) fn form_body<T: Serialize + ?Sized>(
    body: &T,
    arrays: &[(&'static str, Option<&'static str>)],
) -> Result<String, Error> {
    // Through the JSON text, whose properties are in the model's order (a `serde_json::Map`
    // would sort them).
    let text = serde_json::to_string(body).map_err(|e| Error::InvalidParameter {
        name: "body",
        message: e.to_string(),
    })?;
    let Entries(object) = serde_json::from_str(&text).map_err(|_| Error::InvalidParameter {
        name: "body",
        message: "a form body must be an object".to_owned(),
    })?;
    let mut out = String::new();
    let mut push = |key: &str, value: &str| push_pair(&mut out, &encode(key), value);
    for (key, value) in object {
        match value {
            serde_json::Value::Object(inner) => {
                for (inner_key, text) in object_pairs("body", inner)? {
                    push(&inner_key, &encode(&text));
                }
            }
            value => {
                let is_array = value.is_array();
                let texts = param_texts("body", value)?;
                let delimiter = arrays
                    .iter()
                    .find(|(name, _)| *name == key)
                    .and_then(|(_, delimiter)| *delimiter);
                match delimiter {
                    Some(delimiter) if is_array && !texts.is_empty() => {
                        let items: Vec<String> = texts.iter().map(|t| encode(t)).collect();
                        push(&key, &items.join(delimiter));
                    }
                    _ => {
                        for text in &texts {
                            push(&key, &encode(text));
                        }
                    }
                }
            }
        }
    }
    Ok(out)
}

/// Adds `key=value` (both already encoded) to the form-encoded `pairs`, after a `&`.
fn push_pair(pairs: &mut String, key: &str, value: &str) {
    if !pairs.is_empty() {
        pairs.push('&');
    }
    pairs.push_str(key);
    pairs.push('=');
    pairs.push_str(value);
}

/// A JSON object's properties in the order they are written.
struct Entries(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// A parameter value as JSON.
fn to_json(name: &'static str, value: &impl Serialize) -> Result<serde_json::Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::InvalidParameter {
        name,
        message: e.to_string(),
    })
}

/// An object parameter's properties and their texts, `null` ones left out.
fn object_pairs(
    name: &'static str,
    object: serde_json::Map<String, serde_json::Value>,
) -> Result<Vec<(String, String)>, Error> {
    let mut pairs = Vec::with_capacity(object.len());
    for (key, value) in object {
        let text = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::String(s) => s,
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            _ => {
                return Err(Error::InvalidParameter {
                    name,
                    message: format!(
                        "property `{key}` is an array or an object, which an object parameter cannot carry"
                    ),
                })
            }
        };
        fits(name, &text)?;
        pairs.push((key, text));
    }
    Ok(pairs)
}

/// A parameter value (as JSON, see [`to_json`]) as the texts sent: a scalar as itself, an
/// array item by item, `None` as nothing.
fn param_texts(name: &'static str, value: serde_json::Value) -> Result<Vec<String>, Error> {
    fn text(name: &'static str, value: serde_json::Value) -> Result<String, Error> {
        match value {
            serde_json::Value::String(s) => Ok(s),
            serde_json::Value::Number(n) => Ok(n.to_string()),
            serde_json::Value::Bool(b) => Ok(b.to_string()),
            _ => Err(Error::InvalidParameter {
                name,
                message:
                    "only strings, numbers, booleans and arrays of them can be sent as parameters"
                        .to_owned(),
            }),
        }
    }
    match value {
        serde_json::Value::Null => Ok(Vec::new()),
        serde_json::Value::Array(items) => items.into_iter().map(|item| text(name, item)).collect(),
        other => text(name, other).map(|t| vec![t]),
    }
}

/// Refuses a value longer than [`MAX_PARAMETER_BYTES`], without quoting it.
fn fits(name: &'static str, text: &str) -> Result<(), Error> {
    if text.len() > MAX_PARAMETER_BYTES {
        return Err(Error::InvalidParameter {
            name,
            message: format!(
                "the value is {} bytes long; at most {MAX_PARAMETER_BYTES} fit a URL or a header",
                text.len()
            ),
        });
    }
    Ok(())
}

/// A header value, refused when it holds a control character (tab included) or is too long.
fn header_value(name: &'static str, text: &str) -> Result<HeaderValue, Error> {
    fits(name, text)?;
    let refused = || Error::InvalidParameter {
        name,
        message: "the value holds a line break or another byte not allowed in an HTTP header"
            .to_owned(),
    };
    if text.chars().any(char::is_control) {
        return Err(refused());
    }
    HeaderValue::from_str(text).map_err(|_| refused())
}

/// An answer, read whole (up to the client's limit), for the operation to decode the way its
/// documentation says. What error messages quote of it never holds a configured credential
/// or a secret of the request.
pub(crate) struct Response<'a> {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    /// For a 3XX answer, its `Location` resolved against the URL answered.
    pub(crate) location: Option<Url>,
    pub(crate) body: Vec<u8>,
    /// A success answer of a [`Request::streamed`] request: its body, not read yet.
    pub(crate) unread: Option<reqwest::Response>,
    /// How many times the request was sent.
    pub(crate) attempts: u32,
    pub(crate) redactor: Redactor<'a>,
}

/// What error text must not show: the client's credentials and the request's secrets.
pub(crate) struct Redactor<'a> {
    pub(crate) client: &'a Client,
    pub(crate) secrets: Vec<String>,
}

impl Redactor<'_> {
    /// Every secret error text must hide: the client's credentials, then the request's.
    fn secrets(&self) -> impl Iterator<Item = &str> {
        let credentials = self.client.inner.credentials.secrets();
        credentials.chain(self.secrets.iter().map(String::as_str))
    }

    /// `text` with every credential and secret replaced by `***`, in any form it is quoted in.
    pub(crate) fn redact(&self, text: &str) -> String {
        crate::redact::redact(text, self.secrets())
    }

    /// What an error shows of `bytes` that did not decode as JSON (`e`): a redacted quote
    /// of them and the parser's redacted message; for bytes that hold secrets
    /// (`Secrecy::HoldsSecret`), no quote, and only the kind and place of the fault (the
    /// parser's message quotes values).
    pub(crate) fn decode_failure(
        &self,
        bytes: &[u8],
        e: &serde_json::Error,
        secrecy: Secrecy,
    ) -> (Option<String>, String) {
        match secrecy {
            Secrecy::HoldsSecret => (None, fault(e)),
            Secrecy::NoSecret => (Some(self.quote(bytes)), self.redact(&e.to_string())),
        }
    }

    /// Whether `value`'s `Debug` shows a credential of the client or a secret of the request.
    fn shows_secret(&self, value: &impl std::fmt::Debug) -> bool {
        let text = format!("{value:?}");
        self.redact(&text) != text
    }

    /// The first characters of a body, for error messages, without credentials or secrets.
    /// A secret that starts among them is hidden whole, wherever the cut falls. A body that
    /// is not UTF-8 is read as Latin-1, where a secret's non-ASCII characters are one byte.
    pub(crate) fn quote(&self, bytes: &[u8]) -> String {
        let start = bytes
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(bytes.len());
        let bytes = &bytes[start..];
        let text = match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect()),
        };
        let (shown, read) = crate::redact::redact_prefix(&text, self.secrets(), BODY_PREFIX_CHARS);
        let more = !text[read..].trim().is_empty();
        let shown = shown.trim_end();
        if more {
            format!("{shown}...")
        } else {
            shown.to_owned()
        }
    }
}

/// How a query parameter's value is written: OpenAPI's `style` and `explode` (OpenAPI
/// 3.1.1, "Style Values"). A scalar is one `name=value` pair in every style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum QueryStyle {
    /// `explode: true`, the default of `style: form`: one `name=item` pair per item of an
    /// array, one `property=value` pair per property of an object (the name not sent).
    Exploded,
    /// `explode: false`: one pair, the items (or the properties and values) joined by the
    /// delimiter, written as it is: `,` for `form`, `%20` for `spaceDelimited`, `|` for
    /// `pipeDelimited`.
    Delimited(&'static str),
    /// `style: deepObject`: one `name[property]=value` pair per property of an object.
    DeepObject,
}

/// Whether an answer's body may be quoted in error text. A body documented to hold a
/// secret (a session id, a key: `format: password` or `writeOnly` fields) never is, even
/// when it is malformed or comes with a status the operation does not document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Secrecy {
    /// The body holds no secret: error text may quote it (redacted).
    NoSecret,
    /// The body holds a secret: error text never quotes it.
    HoldsSecret,
}

/// Values that error text must never show: the secret fields of a request body (generated
/// for the API's types that hold secrets).
pub(crate) trait Secrets {
    /// Adds the secret values `self` holds to `out`.
    fn secrets<'s>(&'s self, out: &mut Vec<&'s str>);
}

impl Secrets for String {
    fn secrets<'s>(&'s self, out: &mut Vec<&'s str>) {
        out.push(self);
    }
}

impl<T: Secrets + ?Sized> Secrets for &T {
    fn secrets<'s>(&'s self, out: &mut Vec<&'s str>) {
        (**self).secrets(out);
    }
}

impl<T: Secrets + ?Sized> Secrets for Box<T> {
    fn secrets<'s>(&'s self, out: &mut Vec<&'s str>) {
        (**self).secrets(out);
    }
}

impl<T: Secrets> Secrets for Option<T> {
    fn secrets<'s>(&'s self, out: &mut Vec<&'s str>) {
        if let Some(value) = self {
            value.secrets(out);
        }
    }
}

impl<T: Secrets> Secrets for [T] {
    fn secrets<'s>(&'s self, out: &mut Vec<&'s str>) {
        for value in self {
            value.secrets(out);
        }
    }
}

impl<T: Secrets> Secrets for Vec<T> {
    fn secrets<'s>(&'s self, out: &mut Vec<&'s str>) {
        self.as_slice().secrets(out);
    }
}

impl<T: Secrets> Secrets for std::collections::BTreeMap<String, T> {
    fn secrets<'s>(&'s self, out: &mut Vec<&'s str>) {
        for value in self.values() {
            value.secrets(out);
        }
    }
}

impl Response<'_> {
    /// The status code.
    pub(crate) fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// Whether the status is 4XX or 5XX.
    pub(crate) fn is_error(&self) -> bool {
        self.status.is_client_error() || self.status.is_server_error()
    }

    /// Decodes a success body as `T` (`expected` names it in errors). A body meant to hold
    /// secrets (`Secrecy::HoldsSecret`) is never quoted, even when malformed, and neither is the parser's message,
    /// which quotes values. A status that has no body by HTTP's rules (204, 205, 304)
    /// decodes as `null`: an `Option` is `None`, a JSON value is `Null`.
    pub(crate) fn json<T: DeserializeOwned>(
        self,
        expected: &'static str,
        secrecy: Secrecy,
    ) -> Result<T, Error> {
        let body: &[u8] = match self.status.as_u16() {
            204 | 205 | 304 if self.body.is_empty() => b"null",
            _ => &self.body,
        };
        serde_json::from_slice(body).map_err(|e| {
            let (body_prefix, detail) = self.redactor.decode_failure(&self.body, &e, secrecy);
            Error::Decode {
                status: self.status,
                expected,
                body_prefix,
                detail,
            }
        })
    }

    /// A success body as text (invalid UTF-8 replaced).
    pub(crate) fn text(self) -> Result<String, Error> {
        Ok(match String::from_utf8(self.body) {
            Ok(text) => text,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        })
    }

    /// A success body as bytes.
    pub(crate) fn bytes(self) -> Result<Vec<u8>, Error> {
        Ok(self.body)
    }

    /// An error response whose body may be the model `T`; any other body is kept as text.
    /// The text is kept with the model too, unless the model holds secrets.
    pub(crate) fn api_error<T: DeserializeOwned>(self, wrap: fn(T) -> ApiErrorBody) -> Error {
        let text = self.redactor.quote(&self.body);
        let body = match serde_json::from_slice::<T>(&self.body).map(wrap) {
            // A model that echoes a secret of the request is shown as the text, where the
            // secret is hidden.
            Ok(model) if !self.redactor.shows_secret(&model) => model,
            _ => ApiErrorBody::Text(text.clone()),
        };
        Error::Api {
            text: (!body.holds_secret()).then_some(text),
            status: self.status,
            body,
        }
    }

    /// An error response the API describes without a model.
    pub(crate) fn api_error_text(self) -> Error {
        let text = self.redactor.quote(&self.body);
        Error::Api {
            status: self.status,
            body: ApiErrorBody::Text(text.clone()),
            text: Some(text),
        }
    }

    /// The answer to any status an operation documents no other way: an error status is the
    /// API's error (the model `T`, or text), any other status is unexpected.
    pub(crate) fn failure<T: DeserializeOwned>(
        self,
        wrap: fn(T) -> ApiErrorBody,
        secrecy: Secrecy,
    ) -> Error {
        if self.is_error() {
            self.api_error(wrap)
        } else {
            self.unexpected(secrecy)
        }
    }

    /// Like [`Response::failure`], for an API that describes its error answers without a model.
    pub(crate) fn failure_text(self, secrecy: Secrecy) -> Error {
        if self.is_error() {
            self.api_error_text()
        } else {
            self.unexpected(secrecy)
        }
    }

    /// A status the API description does not document for the operation. The body is not
    /// quoted when the operation's answers hold secrets (`Secrecy::HoldsSecret`): a server that
    /// answers 200 where 201 is documented may still send the session.
    pub(crate) fn unexpected(self, secrecy: Secrecy) -> Error {
        Error::UnexpectedStatus {
            status: self.status,
            body: (secrecy == Secrecy::NoSecret).then(|| self.redactor.quote(&self.body)),
        }
    }
}

// Texts read back as typed values: parameters the mock server received, and response
// headers. Each tries the readings a text can have, in order, and keeps the first `T` takes.

/// A text as the JSON value it most likely is: a number or a boolean, else a string.
pub(crate) fn scalar(text: &str) -> serde_json::Value {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) if v.is_number() || v.is_boolean() => v,
        _ => serde_json::Value::String(text.to_owned()),
    }
}

/// `whole` (or its `items`, when it is an array) as `T`: strings first, then numbers and
/// booleans where the text is one.
pub(crate) fn decode<T: DeserializeOwned>(whole: &str, items: &[String]) -> Result<T, String> {
    let strings = serde_json::Value::Array(
        items
            .iter()
            .map(|t| serde_json::Value::String(t.clone()))
            .collect(),
    );
    let scalars = serde_json::Value::Array(items.iter().map(|t| scalar(t)).collect());
    let candidates = [
        serde_json::Value::String(whole.to_owned()),
        scalar(whole),
        strings,
        scalars,
    ];
    let mut error = String::new();
    for candidate in candidates {
        match serde_json::from_value(candidate) {
            Ok(v) => return Ok(v),
            Err(e) => error = e.to_string(),
        }
    }
    Err(error)
}

/// `object` (of strings, and arrays of strings) as `T`: its strings read as the numbers or
/// booleans they write where `T` takes those, else as strings.
pub(crate) fn decode_strings<T: DeserializeOwned>(
    object: serde_json::Map<String, serde_json::Value>,
) -> Result<T, String> {
    let scalars = object
        .iter()
        .map(|(k, v)| {
            let v = match v {
                serde_json::Value::String(s) => scalar(s),
                serde_json::Value::Array(items) => serde_json::Value::Array(
                    items
                        .iter()
                        .map(|i| i.as_str().map_or(serde_json::Value::Null, scalar))
                        .collect(),
                ),
                other => other.clone(),
            };
            (k.clone(), v)
        })
        .collect();
    serde_json::from_value(serde_json::Value::Object(scalars))
        .or_else(|_| serde_json::from_value(serde_json::Value::Object(object)))
        .map_err(|e: serde_json::Error| e.to_string())
}

/// `key=value` pairs (one per key) as `T`, as [`decode_strings`] reads them.
pub(crate) fn decode_object<T: DeserializeOwned>(pairs: &[(String, String)]) -> Result<T, String> {
    decode_strings(
        pairs
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect(),
    )
}

/// What is wrong with a JSON text that may hold secrets, without quoting it (the parser's
/// message quotes values): the kind of fault and where it is.
fn fault(e: &serde_json::Error) -> String {
    let fault = match e.classify() {
        serde_json::error::Category::Io => "the body could not be read",
        serde_json::error::Category::Syntax => "malformed JSON",
        serde_json::error::Category::Data => "a missing field or a value of the wrong type",
        serde_json::error::Category::Eof => "the JSON ends too early",
    };
    format!("{fault} at line {} column {}", e.line(), e.column())
}

/// How much of a body error messages quote.
const BODY_PREFIX_CHARS: usize = 200;
