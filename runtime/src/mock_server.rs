//! The `mock` feature: a mock server on loopback that answers an API's operations with typed
//! values, checks how often each was called, says what differed when a request matches no
//! operation, and reads the requests it received back as an operation's inputs.
//!
//! The same in every generated crate, on `wiremock`. The generated `mock` module adds, per
//! operation, the `Route` it is reached by, its `Inputs`, and to its [`Matcher`] setters named
//! as the operation's inputs, which encode each value here exactly as the operation's request
//! does (through the `request` module), and responders that take only the type each status
//! documents.

use crate::client::Client;
use crate::request::{decode, decode_object, decode_strings, QueryStyle, Request};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::cell::Cell;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

/// A mock server of the API on a free port of 127.0.0.1: mount answers to operations on it
/// (`mock.<group>().<operation>()...respond_<status>(..).await`), point a [`crate::Client`]
/// at [`MockServer::uri`], run the code under test, then read what it sent back.
///
/// A request that matches no mounted operation is answered `404 Not Found` with a text body
/// saying which mounted operation is the closest and what differed (method, path, query,
/// headers, cookies, body). That, and every call count set with [`Answer::times`] that was
/// not met, fails the test: [`MockServer::verify`] returns them, and dropping the server
/// panics with those not returned yet (unless the thread is already panicking).
pub struct MockServer {
    server: wiremock::MockServer,
    shared: Arc<Shared>,
}

/// What the server and its mounted answers share.
#[derive(Default)]
struct Shared {
    mounted: Mutex<Vec<Arc<Mounting>>>,
    /// One message per request that matched no mounted operation.
    unmatched: Mutex<Vec<String>>,
    /// The problems [`MockServer::verify`] already returned.
    reported: Mutex<Vec<String>>,
}

/// Locks `mutex`, whatever a panicking holder left (the lists stay consistent).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl std::fmt::Debug for MockServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MockServer")
            .field("uri", &self.server.uri())
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a mock server with nothing mounted.
    ///
    /// # Panics
    /// Outside an async runtime, or when no loopback port can be bound.
    pub async fn start() -> Self {
        let server = wiremock::MockServer::start().await;
        let shared = Arc::new(Shared::default());
        // Lowest priority: it answers only what no mounted operation matches.
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Unmatched(shared.clone()))
            .with_priority(u8::MAX)
            .mount(&server)
            .await;
        MockServer { server, shared }
    }

    /// The base URL to build the client with (`http://127.0.0.1:<port>`): the mounted
    /// operations are matched at their documented paths right under it.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// Checks what happened so far: each request that matched no mounted operation, and
    /// each call count set with [`Answer::times`] that does not hold, one line each. The
    /// problems returned are not reported again when the server is dropped.
    ///
    /// # Errors
    /// [`Failure`], listing the problems, when there is one.
    pub fn verify(&self) -> Result<(), Failure> {
        let problems = self.problems();
        let mut reported = lock(&self.shared.reported);
        for problem in &problems {
            if !reported.contains(problem) {
                reported.push(problem.clone());
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(Failure { problems })
        }
    }

    /// The `wiremock` server underneath, to mount a `wiremock::Mock` of your own (matched
    /// before the catch-all answer of requests that match no operation) or read every
    /// request received.
    pub fn wiremock(&self) -> &wiremock::MockServer {
        &self.server
    }

    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for mounted in lock(&self.shared.mounted).iter() {
            if let Some(expected) = mounted.times {
                let calls = mounted.calls.load(Ordering::SeqCst);
                if calls != expected {
                    let route = mounted.expectation.route;
                    problems.push(format!(
                        "`{}` ({} {}) was expected to be called {}, and was called {}",
                        route.operation,
                        route.method,
                        route.path,
                        count(expected),
                        count(calls)
                    ));
                }
            }
        }
        problems.extend(lock(&self.shared.unmatched).iter().cloned());
        problems
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        let reported = lock(&self.shared.reported).clone();
        let problems: Vec<String> = self
            .problems()
            .into_iter()
            .filter(|p| !reported.contains(p))
            .collect();
        if !problems.is_empty() {
            panic!("{}", Failure { problems });
        }
    }
}

/// `1 time`, `2 times`.
fn count(n: u64) -> String {
    if n == 1 {
        "1 time".to_owned()
    } else {
        format!("{n} times")
    }
}

/// What went wrong on a [`MockServer`]: requests that matched no mounted operation and call
/// counts not met, one line each (its `Display`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    problems: Vec<String>,
}

impl Failure {
    /// The problems, one message each.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.problems.join("\n"))
    }
}

impl std::error::Error for Failure {}

/// How an operation's requests are reached: its method and path template.
pub(crate) struct Route {
    /// `<group>.<operation>`, as the client's methods are named (`users.get_users`).
    pub(crate) operation: &'static str,
    pub(crate) method: &'static str,
    /// The path template as documented (`/users/{id}`), for messages.
    pub(crate) path: &'static str,
    /// The path's segments as the request writes them.
    pub(crate) segments: &'static [Segment],
    /// The documented statuses, each with the matcher's method that answers it.
    pub(crate) statuses: &'static [Status],
    /// The matcher's method that answers the statuses not documented
    /// (`respond_undocumented`, or `mock_respond_undocumented` when an input takes the name).
    pub(crate) undocumented: &'static str,
}

/// A documented status of an operation and the matcher's method that answers it.
pub(crate) enum Status {
    Code(u16, &'static str),
    /// `4XX` is `Range(4, ..)`.
    Range(u16, &'static str),
    Default(&'static str),
}

/// One segment of a [`Route`]'s path.
pub(crate) enum Segment {
    /// Text of the template, as URL text.
    Literal(&'static str),
    /// A whole segment that is the path parameter of this wire name.
    Param(&'static str),
    /// Text and parameters in one segment (`{name}.json`).
    Mixed(&'static [Part]),
}

/// A piece of a [`Segment::Mixed`].
pub(crate) enum Part {
    Text(&'static str),
    Param(&'static str),
}

impl Route {
    /// The matcher's method that answers `status` as documented (an exact code first, then
    /// its range, then `default`), `None` when it is not documented.
    fn responder(&self, status: u16) -> Option<&'static str> {
        let code = self.statuses.iter().find_map(|s| match s {
            Status::Code(c, r) if *c == status => Some(*r),
            _ => None,
        });
        let range = || {
            self.statuses.iter().find_map(|s| match s {
                Status::Range(n, r) if *n == status / 100 => Some(*r),
                _ => None,
            })
        };
        let default = || {
            self.statuses.iter().find_map(|s| match s {
                Status::Default(r) => Some(*r),
                _ => None,
            })
        };
        code.or_else(range).or_else(default)
    }

    /// The URL text of each path parameter when `path` (a request's, percent-encoded) is
    /// this route's, else `None`.
    fn captures(&self, path: &str) -> Option<Vec<(&'static str, String)>> {
        if self.segments.is_empty() {
            return (path == "/").then(Vec::new);
        }
        let got: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
        if got.len() != self.segments.len() {
            return None;
        }
        let mut out = Vec::new();
        for (segment, text) in self.segments.iter().zip(got) {
            match segment {
                Segment::Literal(literal) => {
                    if *literal != text {
                        return None;
                    }
                }
                Segment::Param(name) => out.push((*name, text.to_owned())),
                Segment::Mixed(parts) => {
                    let mut rest = text;
                    for (i, part) in parts.iter().enumerate() {
                        match part {
                            Part::Text(t) => rest = rest.strip_prefix(t)?,
                            Part::Param(name) => {
                                // Up to the next text of the template, or the segment's end.
                                let end = match parts.get(i + 1) {
                                    Some(Part::Text(next)) => rest.find(next)?,
                                    Some(Part::Param(_)) => 0,
                                    None => rest.len(),
                                };
                                out.push((*name, rest[..end].to_owned()));
                                rest = &rest[end..];
                            }
                        }
                    }
                    if !rest.is_empty() {
                        return None;
                    }
                }
            }
        }
        Some(out)
    }
}

/// What a matcher expects of one input, encoded as the operation sends it.
#[derive(Clone, PartialEq)]
enum Piece {
    /// The URL text of a path parameter.
    Path { name: &'static str, text: String },
    /// The query pairs (encoded) a parameter is sent as; `keys` are the keys it may use.
    Query {
        name: &'static str,
        keys: Vec<String>,
        pairs: Vec<(String, String)>,
    },
    /// A header's value, `None` for none.
    Header {
        name: &'static str,
        value: Option<String>,
    },
    /// A cookie's `name=value`, `None` for none.
    Cookie {
        name: &'static str,
        value: Option<String>,
    },
    /// The body: JSON compared as JSON, anything else byte for byte.
    Body { json: bool, bytes: Vec<u8> },
}

impl Piece {
    /// Whether `other` is about the same input (and replaces it).
    fn same_input(&self, other: &Piece) -> bool {
        match (self, other) {
            (Piece::Path { name: a, .. }, Piece::Path { name: b, .. })
            | (Piece::Query { name: a, .. }, Piece::Query { name: b, .. })
            | (Piece::Header { name: a, .. }, Piece::Header { name: b, .. })
            | (Piece::Cookie { name: a, .. }, Piece::Cookie { name: b, .. }) => a == b,
            (Piece::Body { .. }, Piece::Body { .. }) => true,
            _ => false,
        }
    }
}

/// What a request to a route must hold to match: the pieces the matcher's setters gave.
#[derive(Clone)]
pub(crate) struct Expectation {
    route: &'static Route,
    pieces: Vec<Piece>,
}

/// The client the setters encode with: requests are built with it, never sent.
fn encoder() -> &'static Client {
    static CLIENT: OnceLock<Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        Client::new("http://mock.invalid").expect("a client for http://mock.invalid")
    })
}

/// Splits an encoded query into its pairs, still encoded.
fn raw_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (p.to_owned(), String::new()),
        })
        .collect()
}

/// Form-decodes one encoded key or value.
fn form_decode(text: &str) -> String {
    form_urlencoded::parse(text.as_bytes())
        .next()
        .map(|(k, _)| k.into_owned())
        .unwrap_or_default()
}

fn show_pairs(pairs: &[&(String, String)]) -> String {
    if pairs.is_empty() {
        return "none".to_owned();
    }
    let text: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
    format!("`{}`", text.join("&"))
}

fn show(value: Option<&str>) -> String {
    value.map_or_else(|| "none".to_owned(), |v| format!("`{v}`"))
}

/// A body as text for a message.
fn show_body(bytes: &[u8]) -> String {
    if bytes.is_empty() {
        "none".to_owned()
    } else {
        format!("`{}`", String::from_utf8_lossy(bytes))
    }
}

/// The cookie `name=value` a request sent, if any.
fn sent_cookie(request: &wiremock::Request, name: &str) -> Option<String> {
    let prefix = format!("{name}=");
    request
        .headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split("; "))
        .find(|c| c.starts_with(&prefix))
        .map(str::to_owned)
}

impl Expectation {
    /// Any request to `route`.
    pub(crate) fn new(route: &'static Route) -> Self {
        Expectation {
            route,
            pieces: Vec::new(),
        }
    }

    fn with(mut self, piece: Piece) -> Self {
        self.pieces.retain(|p| !p.same_input(&piece));
        self.pieces.push(piece);
        self
    }

    /// A request with `f` applied, as the operation encodes it.
    fn encode(
        &self,
        name: &str,
        f: impl FnOnce(Request<'static>) -> Result<Request<'static>, crate::Error>,
    ) -> (reqwest::Request, String, Vec<String>) {
        let request = Request::new(encoder(), reqwest::Method::POST, &[]);
        match f(request).and_then(Request::into_parts) {
            Ok(parts) => parts,
            Err(e) => panic!(
                "`{}`: the value given for `{name}` cannot be sent: {e}",
                self.route.operation
            ),
        }
    }

    /// Requests whose path parameter `name` is `value`.
    ///
    /// # Panics
    /// When the operation would refuse to send `value`.
    pub(crate) fn path(self, name: &'static str, value: &impl Serialize) -> Self {
        // A whole segment is refused as the request refuses it (`..`, empty).
        let whole = self
            .route
            .segments
            .iter()
            .any(|s| matches!(s, Segment::Param(n) if *n == name));
        let text = if whole {
            crate::request::path_value(name, value)
        } else {
            crate::request::path_text(name, value)
        };
        match text {
            Ok(text) => self.with(Piece::Path { name, text }),
            Err(e) => panic!(
                "`{}`: the value given for `{name}` cannot be sent: {e}",
                self.route.operation
            ),
        }
    }

    /// Requests whose query parameter `name` is `value`, written in `style` (see
    /// `Request::query`).
    pub(crate) fn query(
        self,
        name: &'static str,
        value: &impl Serialize,
        style: QueryStyle,
    ) -> Self {
        let (_, query, _) = self.encode(name, |r| r.query(name, value, style));
        self.with_query(name, raw_pairs(&query))
    }

    fn with_query(self, name: &'static str, pairs: Vec<(String, String)>) -> Self {
        let mut keys: Vec<String> =
            vec![form_urlencoded::byte_serialize(name.as_bytes()).collect()];
        for (k, _) in &pairs {
            if !keys.contains(k) {
                keys.push(k.clone());
            }
        }
        self.with(Piece::Query { name, keys, pairs })
    }

    /// Requests whose header `name` is `value`.
    pub(crate) fn header(self, name: &'static str, value: &impl Serialize) -> Self {
        let (request, _, _) = self.encode(name, |r| r.header(name, value));
        let value = request
            .headers()
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        self.with(Piece::Header { name, value })
    }

    /// Requests whose cookie `name` is `value`.
    pub(crate) fn cookie(self, name: &'static str, value: &impl Serialize) -> Self {
        let (_, _, cookies) = self.encode(name, |r| r.cookie(name, value));
        let value = cookies.into_iter().next();
        self.with(Piece::Cookie { name, value })
    }

    /// Requests whose JSON body is `body` (compared as JSON values).
    pub(crate) fn json<T: Serialize + ?Sized>(self, body: &T) -> Self {
        let bytes = serde_json::to_vec(body).unwrap_or_else(|e| {
            panic!(
                "`{}`: the body given cannot be sent: {e}",
                self.route.operation
            )
        });
        self.with(Piece::Body { json: true, bytes })
    }

    /// Requests whose form body is `body`, encoded as the operation sends it (`arrays`: its
    /// array properties, see `request::form_body`).
    pub(crate) fn form<T: Serialize + ?Sized>(
        self,
        media_type: &'static str,
        body: &T,
        arrays: &[(&'static str, Option<&'static str>)],
    ) -> Self {
        let (request, _, _) = self.encode("body", |r| Ok(r.form(media_type, Some(body), arrays)));
        let bytes = body_bytes(&request).unwrap_or_default();
        self.with(Piece::Body { json: false, bytes })
    }

    /// Requests whose body is `body`, byte for byte.
    ///
    /// # Panics
    /// When `body` is a stream, whose bytes cannot be known beforehand.
    pub(crate) fn raw(self, media_type: &'static str, body: impl Into<reqwest::Body>) -> Self {
        let (request, _, _) = self.encode("body", |r| Ok(r.raw(media_type, Some(body))));
        let Some(bytes) = body_bytes(&request) else {
            panic!(
                "`{}`: a streamed body cannot be matched; give its bytes",
                self.route.operation
            )
        };
        self.with(Piece::Body { json: false, bytes })
    }

    /// How `request` differs from what this expects: nothing when it matches.
    fn differences(&self, request: &wiremock::Request) -> Vec<String> {
        let route = self.route;
        let mut out = Vec::new();
        if request.method.as_str() != route.method {
            out.push(format!(
                "method differs: expected `{}`, got `{}`",
                route.method, request.method
            ));
        }
        let Some(captures) = route.captures(request.url.path()) else {
            out.push(format!(
                "path differs: expected `{}`, got `{}`",
                route.path,
                request.url.path()
            ));
            return out;
        };
        let query = raw_pairs(request.url.query().unwrap_or(""));
        for piece in &self.pieces {
            match piece {
                Piece::Path { name, text } => {
                    let got = captures.iter().find(|(n, _)| n == name).map(|(_, t)| t);
                    if got != Some(text) {
                        out.push(format!(
                            "path parameter `{name}` differs: expected `{text}`, got {}",
                            show(got.map(String::as_str))
                        ));
                    }
                }
                Piece::Query { name, keys, pairs } => {
                    let got: Vec<&(String, String)> =
                        query.iter().filter(|(k, _)| keys.contains(k)).collect();
                    let expected: Vec<&(String, String)> = pairs.iter().collect();
                    if got != expected {
                        out.push(format!(
                            "query parameter `{name}` differs: expected {}, got {}",
                            show_pairs(&expected),
                            show_pairs(&got)
                        ));
                    }
                }
                Piece::Header { name, value } => {
                    let got = request
                        .headers
                        .get(*name)
                        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
                    if &got != value {
                        out.push(format!(
                            "header `{name}` differs: expected {}, got {}",
                            show(value.as_deref()),
                            show(got.as_deref())
                        ));
                    }
                }
                Piece::Cookie { name, value } => {
                    let got = sent_cookie(request, name);
                    if &got != value {
                        out.push(format!(
                            "cookie `{name}` differs: expected {}, got {}",
                            show(value.as_deref()),
                            show(got.as_deref())
                        ));
                    }
                }
                Piece::Body { json, bytes } => {
                    let same = if *json {
                        let parse = |b: &[u8]| serde_json::from_slice::<Value>(b).ok();
                        parse(bytes).is_some() && parse(bytes) == parse(&request.body)
                    } else {
                        *bytes == request.body
                    };
                    if !same {
                        out.push(format!(
                            "body differs: expected {}, got {}",
                            show_body(bytes),
                            show_body(&request.body)
                        ));
                    }
                }
            }
        }
        out
    }

    /// The answer `status` with `reply`, to mount on `server` by awaiting it, given by the
    /// matcher's method `responder` (`None`: the one for undocumented statuses).
    ///
    /// # Panics
    /// When `status` is no HTTP status (100 to 999), or is documented as answered by another
    /// method than `responder` (so that what is answered is the type the API documents).
    pub(crate) fn answer<'m>(
        self,
        server: &'m MockServer,
        status: u16,
        responder: Option<&'static str>,
        reply: Reply,
    ) -> Answer<'m> {
        let route = self.route;
        assert!(
            (100..=999).contains(&status),
            "`{}`: {status} is not an HTTP status",
            route.operation
        );
        match (route.responder(status), responder) {
            (Some(documented), Some(called)) if documented == called => {}
            (Some(documented), _) => panic!(
                "`{}`: status {status} is documented: answer it with `{documented}`",
                route.operation
            ),
            (None, Some(called)) => panic!(
                "`{}`: status {status} is not one `{called}` answers: it is not documented, answer it with `{}`",
                route.operation, route.undocumented
            ),
            (None, None) => {}
        }
        let template = wiremock::ResponseTemplate::new(status);
        let template = match reply {
            Reply::Empty => template,
            Reply::Body { media_type, bytes } => template.set_body_raw(bytes, &media_type),
            Reply::Redirect(location) => template.insert_header("location", location.as_str()),
        };
        Answer {
            server,
            expectation: self,
            template,
            times: None,
        }
    }

    /// The requests `server` received that match this, with their path parameters.
    pub(crate) async fn received(&self, server: &MockServer) -> Vec<Received> {
        let requests = server.server.received_requests().await.unwrap_or_default();
        requests
            .into_iter()
            .filter(|r| self.differences(r).is_empty())
            .filter_map(|request| {
                let params = self.route.captures(request.url.path())?;
                Some(Received {
                    operation: self.route.operation,
                    query: raw_pairs(request.url.query().unwrap_or("")),
                    params,
                    request,
                })
            })
            .collect()
    }

    /// The expectation's line in a message: `` `users.get_users` (GET /users) ``.
    fn describe(&self) -> String {
        format!(
            "`{}` ({} {})",
            self.route.operation, self.route.method, self.route.path
        )
    }
}

/// The bytes of a built request's body, unless it is a stream.
fn body_bytes(request: &reqwest::Request) -> Option<Vec<u8>> {
    match request.body() {
        None => Some(Vec::new()),
        Some(body) => body.as_bytes().map(<[u8]>::to_vec),
    }
}

/// What an answer carries.
pub(crate) enum Reply {
    Empty,
    Body {
        media_type: String,
        bytes: Vec<u8>,
    },
    /// A `Location` header.
    Redirect(String),
}

thread_local! {
    /// Set while the mock server writes an answer's JSON.
    static ANSWERING: Cell<bool> = const { Cell::new(false) };
}

/// Whether a read-only property is left out of the JSON being written: always, but in the
/// mock server's answers (the models' `skip_serializing_if` with the `mock` feature).
pub(crate) fn in_request<T: ?Sized>(_: &T) -> bool {
    !ANSWERING.with(Cell::get)
}

impl Reply {
    /// `body` as JSON, read-only properties included (as a server sends them).
    pub(crate) fn json<T: Serialize + ?Sized>(body: &T) -> Self {
        ANSWERING.with(|a| a.set(true));
        let bytes = serde_json::to_vec(body);
        ANSWERING.with(|a| a.set(false));
        Reply::Body {
            media_type: "application/json".to_owned(),
            bytes: bytes.unwrap_or_default(),
        }
    }

    /// `body` as `text/plain`.
    pub(crate) fn text(body: impl Into<String>) -> Self {
        Reply::Body {
            media_type: "text/plain".to_owned(),
            bytes: body.into().into_bytes(),
        }
    }

    /// `body` as `media_type`.
    pub(crate) fn bytes(media_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply::Body {
            media_type: media_type.to_owned(),
            bytes: body.into(),
        }
    }
}

/// The requests to one operation to answer: every one, until the setters of the operation's
/// module (named as its inputs) narrow them. Answer them with a `respond_*` method and
/// `.await` it. `I` is the operation's `Inputs`, as [`Matcher::received`] reads requests back;
/// each operation's module names its own matcher `Matcher<'m>`.
#[must_use = "a matcher answers nothing until one of its `respond_*` answers is awaited"]
pub struct Matcher<'m, I> {
    pub(crate) server: &'m MockServer,
    pub(crate) expectation: Expectation,
    read: fn(&Received) -> I,
}

impl<I> Clone for Matcher<'_, I> {
    fn clone(&self) -> Self {
        Matcher {
            server: self.server,
            expectation: self.expectation.clone(),
            read: self.read,
        }
    }
}

impl<I> std::fmt::Debug for Matcher<'_, I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("operation", &self.expectation.route.operation)
            .finish_non_exhaustive()
    }
}

/// The matcher of every request to `route` on `server`, read back by `read` (a free function:
/// a matcher's methods are the operation's setters, named as its inputs, and a few more).
pub(crate) fn matcher<'m, I>(
    server: &'m MockServer,
    route: &'static Route,
    read: fn(&Received) -> I,
) -> Matcher<'m, I> {
    Matcher {
        server,
        expectation: Expectation::new(route),
        read,
    }
}

/// The inputs of an operation none of which is named like a method every matcher has
/// ([`Matcher::respond_undocumented`], [`Matcher::received`]): every operation's but one
/// with such an input, whose setter keeps the input's name and whose matcher has the method
/// with `mock_` in front.
pub trait Unshadowed {}

impl<'m, I: Unshadowed> Matcher<'m, I> {
    /// Answers the matched requests with a status the API does not document for the
    /// operation, and `body` as `content_type`: to test how the code under test copes with
    /// what a server should not send. `.await` it to mount it.
    ///
    /// # Panics
    /// When `status` is documented (answer it with its own `respond_*` method), or when
    /// `content_type` is not a valid header value.
    pub fn respond_undocumented(
        self,
        status: u16,
        content_type: &str,
        body: impl Into<Vec<u8>>,
    ) -> Answer<'m> {
        respond_undocumented(self, status, content_type, body)
    }

    /// The requests the server received that this matcher matches, read back as the
    /// operation's inputs, in the order received.
    ///
    /// # Panics
    /// When a received request holds a value that does not read as its input's type.
    pub async fn received(&self) -> Vec<I> {
        received(self).await
    }
}

/// [`Matcher::respond_undocumented`], for every matcher.
pub(crate) fn respond_undocumented<'m, I>(
    matcher: Matcher<'m, I>,
    status: u16,
    content_type: &str,
    body: impl Into<Vec<u8>>,
) -> Answer<'m> {
    matcher.expectation.answer(
        matcher.server,
        status,
        None,
        Reply::bytes(content_type, body),
    )
}

/// [`Matcher::received`], for every matcher.
pub(crate) async fn received<I>(matcher: &Matcher<'_, I>) -> Vec<I> {
    matcher
        .expectation
        .received(matcher.server)
        .await
        .iter()
        .map(matcher.read)
        .collect()
}

/// An answer to an operation, made by one of its matcher's `respond_*` methods: awaiting it
/// mounts it on the server, where it answers every request the matcher matches (the answer
/// mounted first wins when several match).
#[must_use = "an answer is mounted only when it is awaited"]
pub struct Answer<'m> {
    server: &'m MockServer,
    expectation: Expectation,
    template: wiremock::ResponseTemplate,
    times: Option<u64>,
}

impl std::fmt::Debug for Answer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Answer")
            .field("operation", &self.expectation.route.operation)
            .field("times", &self.times)
            .finish_non_exhaustive()
    }
}

impl Answer<'_> {
    /// Expects exactly `n` requests to be answered by this answer: otherwise
    /// [`MockServer::verify`] reports it (and dropping the server panics).
    pub fn times(mut self, n: u64) -> Self {
        self.times = Some(n);
        self
    }

    /// Adds a response header (`Retry-After`, say).
    ///
    /// # Panics
    /// When `name` or `value` is not a valid header name or value.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.template = self.template.insert_header(name, value);
        self
    }
}

impl<'m> IntoFuture for Answer<'m> {
    type Output = Mounted;
    type IntoFuture = Pin<Box<dyn Future<Output = Mounted> + Send + 'm>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let mounting = Arc::new(Mounting {
                expectation: self.expectation,
                times: self.times,
                calls: AtomicU64::new(0),
            });
            lock(&self.server.shared.mounted).push(mounting.clone());
            wiremock::Mock::given(Matches(mounting.clone()))
                .respond_with(Replies {
                    mounting: mounting.clone(),
                    template: self.template,
                })
                .mount(&self.server.server)
                .await;
            Mounted { mounting }
        })
    }
}

/// An answer mounted on a [`MockServer`].
#[derive(Clone)]
pub struct Mounted {
    mounting: Arc<Mounting>,
}

impl std::fmt::Debug for Mounted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mounted")
            .field("operation", &self.mounting.expectation.route.operation)
            .field("calls", &self.calls())
            .finish()
    }
}

impl Mounted {
    /// How many requests it has answered so far.
    pub fn calls(&self) -> u64 {
        self.mounting.calls.load(Ordering::SeqCst)
    }
}

/// A mounted answer's expectation, count and calls.
struct Mounting {
    expectation: Expectation,
    times: Option<u64>,
    calls: AtomicU64,
}

/// The `wiremock` matcher of a mounted answer.
struct Matches(Arc<Mounting>);

impl wiremock::Match for Matches {
    fn matches(&self, request: &wiremock::Request) -> bool {
        self.0.expectation.differences(request).is_empty()
    }
}

/// The `wiremock` responder of a mounted answer: counts the requests it answers.
struct Replies {
    mounting: Arc<Mounting>,
    template: wiremock::ResponseTemplate,
}

impl wiremock::Respond for Replies {
    fn respond(&self, _: &wiremock::Request) -> wiremock::ResponseTemplate {
        self.mounting.calls.fetch_add(1, Ordering::SeqCst);
        self.template.clone()
    }
}

/// Answers the requests no mounted operation matches, and records why.
struct Unmatched(Arc<Shared>);

impl wiremock::Respond for Unmatched {
    fn respond(&self, request: &wiremock::Request) -> wiremock::ResponseTemplate {
        let message = unmatched(&lock(&self.0.mounted), request);
        lock(&self.0.unmatched).push(message.clone());
        wiremock::ResponseTemplate::new(404).set_body_raw(message, "text/plain")
    }
}

/// The message for `request`, which none of `mounted` matches: the closest one (the same
/// path first, then the same method, then the fewest differences; the first mounted on a
/// tie) and how the request differs from it.
fn unmatched(mounted: &[Arc<Mounting>], request: &wiremock::Request) -> String {
    let mut shown = format!("{} {}", request.method, request.url.path());
    if let Some(query) = request.url.query() {
        shown.push('?');
        shown.push_str(query);
    }
    let closest = mounted
        .iter()
        .map(|m| {
            let differences = m.expectation.differences(request);
            let path = m.expectation.route.captures(request.url.path()).is_some();
            let method = request.method.as_str() == m.expectation.route.method;
            ((!path, !method, differences.len()), m, differences)
        })
        .min_by_key(|(rank, _, _)| *rank);
    match closest {
        None => format!("{shown} matched no mounted operation: none is mounted"),
        Some((_, m, differences)) => format!(
            "{shown} matched no mounted operation; the closest is {}: {}",
            m.expectation.describe(),
            differences.join("; ")
        ),
    }
}

/// A request the server received for an operation, read back as its inputs by the
/// generated `Inputs` of the operation. Each method panics, naming the operation and the
/// input, when the request holds a value that does not read as the input's type.
pub(crate) struct Received {
    operation: &'static str,
    request: wiremock::Request,
    params: Vec<(&'static str, String)>,
    /// The query's pairs, still encoded.
    query: Vec<(String, String)>,
}

impl Received {
    fn read<T>(&self, what: &str, result: Result<T, String>) -> T {
        result.unwrap_or_else(|e| {
            panic!(
                "`{}`: the {what} of a received request does not read as the operation's type: {e}",
                self.operation
            )
        })
    }

    /// A required input's value.
    ///
    /// # Panics
    /// When the request has none.
    pub(crate) fn required<T>(&self, name: &str, value: Option<T>) -> T {
        value.unwrap_or_else(|| {
            panic!(
                "`{}`: a received request has no `{name}`, which the operation requires",
                self.operation
            )
        })
    }

    /// The path parameter `name`.
    pub(crate) fn path<T: DeserializeOwned>(&self, name: &'static str) -> Option<T> {
        let (_, text) = self.params.iter().find(|(n, _)| *n == name)?;
        let decoded = |t: &str| {
            percent_encoding::percent_decode_str(t)
                .decode_utf8_lossy()
                .into_owned()
        };
        let items: Vec<String> = text.split(',').map(decoded).collect();
        let what = format!("path parameter `{name}`");
        Some(self.read(&what, decode(&decoded(text), &items)))
    }

    /// The query parameter `name`: one pair per item (`Exploded`), or the items of one pair
    /// joined by the delimiter (`Delimited`, as written in the URL).
    pub(crate) fn query<T: DeserializeOwned>(
        &self,
        name: &'static str,
        style: QueryStyle,
    ) -> Option<T> {
        let key: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
        let values: Vec<&String> = self
            .query
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, v)| v)
            .collect();
        let first = values.first()?;
        let items: Vec<String> = match style {
            QueryStyle::Delimited(d) => first.split(d).map(form_decode).collect(),
            QueryStyle::Exploded | QueryStyle::DeepObject => {
                values.iter().map(|v| form_decode(v)).collect()
            }
        };
        let what = format!("query parameter `{name}`");
        Some(self.read(&what, decode(&form_decode(first), &items)))
    }

    /// The object query parameter `name`: `name[property]=value` pairs (`DeepObject`), one
    /// pair of properties and values joined by the delimiter (`Delimited`), or else every
    /// pair whose key is none of `others` (the operation's other query parameters).
    pub(crate) fn query_object<T: DeserializeOwned>(
        &self,
        name: &'static str,
        style: QueryStyle,
        others: &[&str],
    ) -> Option<T> {
        let decoded: Vec<(String, String)> = self
            .query
            .iter()
            .map(|(k, v)| (form_decode(k), form_decode(v)))
            .collect();
        let pairs: Vec<(String, String)> = if style == QueryStyle::DeepObject {
            decoded
                .into_iter()
                .filter_map(|(k, v)| {
                    let property = k.strip_prefix(name)?.strip_prefix('[')?.strip_suffix(']')?;
                    Some((property.to_owned(), v))
                })
                .collect()
        } else if let QueryStyle::Delimited(d) = style {
            let key: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
            let (_, raw) = self.query.iter().find(|(k, _)| *k == key)?;
            let items: Vec<String> = raw.split(d).map(form_decode).collect();
            items
                .chunks(2)
                .map(|c| (c[0].clone(), c.get(1).cloned().unwrap_or_default()))
                .collect()
        } else {
            decoded
                .into_iter()
                .filter(|(k, _)| !others.contains(&k.as_str()))
                .collect()
        };
        if pairs.is_empty() {
            return None;
        }
        let what = format!("query parameter `{name}`");
        Some(self.read(&what, decode_object(&pairs)))
    }

    /// The header `name` (array items separated by `,`).
    pub(crate) fn header<T: DeserializeOwned>(&self, name: &'static str) -> Option<T> {
        let value = self.request.headers.get(name)?;
        let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
        let items: Vec<String> = text.split(',').map(|t| t.trim().to_owned()).collect();
        let what = format!("header `{name}`");
        Some(self.read(&what, decode(&text, &items)))
    }

    /// The cookie `name` (array items separated by `,`).
    pub(crate) fn cookie<T: DeserializeOwned>(&self, name: &'static str) -> Option<T> {
        let cookie = sent_cookie(&self.request, name)?;
        let text = &cookie[name.len() + 1..];
        let items: Vec<String> = text.split(',').map(str::to_owned).collect();
        let what = format!("cookie `{name}`");
        Some(self.read(&what, decode(text, &items)))
    }

    /// Whether the body was sent as `media_type` (the operation's alternatives differ by it).
    pub(crate) fn sent_as(&self, media_type: &str) -> bool {
        let sent = self
            .request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let essence = |m: &str| {
            m.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        };
        essence(sent) == essence(media_type)
    }

    /// The JSON body, `None` when there is none.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Option<T> {
        if self.request.body.is_empty() {
            return None;
        }
        let result = serde_json::from_slice(&self.request.body).map_err(|e| e.to_string());
        Some(self.read("body", result))
    }

    /// The form body, `None` when there is none; `arrays` names its array properties, each
    /// with its delimiter or `None` (one pair per item), as the operation writes them.
    pub(crate) fn form<T: DeserializeOwned>(
        &self,
        arrays: &[(&'static str, Option<&'static str>)],
    ) -> Option<T> {
        if self.request.body.is_empty() {
            return None;
        }
        let mut object = Map::new();
        for (key, value) in form_urlencoded::parse(&self.request.body) {
            match arrays.iter().find(|(name, _)| *name == key) {
                Some((_, delimiter)) => {
                    let items = object
                        .entry(key.into_owned())
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(items) = items {
                        match delimiter {
                            // `%20` is the space it stands for once decoded.
                            Some(d) => items.extend(
                                value
                                    .split(d.replace("%20", " ").as_str())
                                    .map(|item| Value::String(item.to_owned())),
                            ),
                            None => items.push(Value::String(value.into_owned())),
                        }
                    }
                }
                None => {
                    object.insert(key.into_owned(), Value::String(value.into_owned()));
                }
            }
        }
        Some(self.read("body", decode_strings(object)))
    }

    /// The body as text, `None` when there is none.
    pub(crate) fn text(&self) -> Option<String> {
        (!self.request.body.is_empty())
            .then(|| String::from_utf8_lossy(&self.request.body).into_owned())
    }

    /// The body's bytes, `None` when there is none.
    pub(crate) fn bytes(&self) -> Option<Vec<u8>> {
        (!self.request.body.is_empty()).then(|| self.request.body.clone())
    }
}
