//! The runtime against a loopback server that records the exact request bytes.

use crate::auth::{API_KEY, BASIC, BEARER, COOKIE_KEY, QUERY_KEY};
use crate::client::{
    with_basic_credential, with_credential, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
    DEFAULT_USER_AGENT,
};
use crate::request::{path_segment, path_text, path_value, Request, Response};
use crate::{ApiErrorBody, Client, Error};
use reqwest::Method;
use std::borrow::Cow;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Reads one request (head and `Content-Length` body) from `socket`.
async fn read_request(socket: &mut tokio::net::TcpStream) -> String {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = socket.read(&mut buf).await.unwrap();
        seen.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&seen);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| l.strip_prefix("content-length: "))
                .map_or(0, |v| v.trim().parse::<usize>().unwrap());
            if seen.len() >= end + 4 + length {
                break;
            }
        }
        if n == 0 {
            break;
        }
    }
    String::from_utf8(seen).unwrap()
}

/// A server that answers one request with `answer` and hands back the request it read.
async fn server(answer: &'static str) -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v2", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let seen = read_request(&mut socket).await;
        socket.write_all(answer.as_bytes()).await.unwrap();
        socket.shutdown().await.unwrap();
        seen
    });
    (url, task)
}

/// A server that answers the requests it gets with `answers`, one per connection, in turn,
/// and reports each request it read on the channel as soon as it has it.
struct Scripted {
    /// `http://127.0.0.1:<port>`
    origin: String,
    seen: tokio::sync::mpsc::UnboundedReceiver<String>,
    task: tokio::task::JoinHandle<()>,
}

impl Scripted {
    async fn start(answers: Vec<String>) -> Self {
        Self::start_for(|_| answers).await
    }

    /// Like `start`, with answers made once the server's origin is known.
    async fn start_for(answers: impl FnOnce(&str) -> Vec<String>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let origin = format!("http://{}", listener.local_addr().unwrap());
        let answers = answers(&origin);
        let (tx, seen) = tokio::sync::mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            for answer in answers {
                let (mut socket, _) = listener.accept().await.unwrap();
                let request = read_request(&mut socket).await;
                let _ = tx.send(request);
                socket.write_all(answer.as_bytes()).await.unwrap();
                socket.shutdown().await.unwrap();
            }
        });
        Scripted { origin, seen, task }
    }

    /// The requests read so far (the client has its answer, so they are all here).
    fn requests(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        while let Ok(r) = self.seen.try_recv() {
            out.push(r);
        }
        out
    }
}

impl Drop for Scripted {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn redirect(status: &str, location: &str) -> String {
    format!("HTTP/1.1 {status}\r\nlocation: {location}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
}

const NO_CONTENT: &str = "HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n";

fn lines(request: &str) -> Vec<&str> {
    request.split("\r\n").collect()
}

#[tokio::test]
async fn parameters_are_encoded_and_only_the_listed_credentials_are_sent() {
    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::builder(url).api_key("key-1").build().unwrap();
    let client = with_credential(&client, &BEARER, "tok").unwrap();
    let segment = path_value("id", &"a/b c?#").unwrap();
    let response = Request::new(&client, Method::POST, &["things", &segment])
        .accept("application/json")
        .query("tags", &["x", "y&z"], None)
        .unwrap()
        .query("ids", &[1, 2], Some(","))
        .unwrap()
        .query("absent", &None::<String>, None)
        .unwrap()
        .header("X-Request-Id", &"r-1")
        .unwrap()
        .header("X-Absent", &None::<i64>)
        .unwrap()
        .cookie("session", &"abc")
        .unwrap()
        .cookie("theme", &Some("dark"))
        .unwrap()
        .json("application/json", Some(&serde_json::json!({"a": 1})))
        .send(&[&API_KEY])
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let request = seen.await.unwrap();
    let lines = lines(&request);
    assert_eq!(
        lines[0],
        "POST /v2/things/a%2Fb%20c%3F%23?tags=x&tags=y%26z&ids=1,2 HTTP/1.1"
    );
    let mut headers: Vec<&str> = lines[1..lines.len() - 2].to_vec();
    headers.sort_unstable();
    let host = headers
        .iter()
        .find(|h| h.starts_with("host: "))
        .unwrap()
        .to_string();
    assert_eq!(
        headers,
        [
            "accept: application/json",
            "content-length: 7",
            "content-type: application/json",
            "cookie: session=abc; theme=dark",
            host.as_str(),
            &format!("user-agent: {DEFAULT_USER_AGENT}"),
            "x-api-key: key-1",
            "x-request-id: r-1",
        ]
    );
    assert_eq!(lines.last(), Some(&r#"{"a":1}"#));
}

#[tokio::test]
async fn values_that_would_change_the_request_are_refused_before_sending() {
    let client = Client::new("http://127.0.0.1:9/v2").unwrap();
    for bad in ["", ".", ".."] {
        let err = path_value("id", &bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("parameter `id` cannot be sent: a path segment cannot be {bad:?}: the request would go to another resource")
        );
    }
    let request = Request::new(&client, Method::GET, &[]);
    let err = request.header("X-Id", &"a\r\nX-Evil: 1").err().unwrap();
    assert_eq!(
        err.to_string(),
        "parameter `X-Id` cannot be sent: the value holds a line break or another byte not allowed in an HTTP header"
    );
    let request = Request::new(&client, Method::GET, &[]);
    let err = request.cookie("c", &"a; b=c").err().unwrap();
    assert!(
        matches!(err, Error::InvalidParameter { name: "c", .. }),
        "{err:?}"
    );
    let request = Request::new(&client, Method::GET, &[]);
    let err = request
        .query("q", &serde_json::json!([{"a": 1}]), None)
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "parameter `q` cannot be sent: only strings, numbers, booleans and arrays of them can be sent as parameters"
    );
    for delimiter in [None, Some(",")] {
        let request = Request::new(&client, Method::GET, &[]);
        let err = request
            .query("q", &serde_json::json!({"a": 1, "b": [2]}), delimiter)
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "parameter `q` cannot be sent: property `b` is an array or an object, which an object parameter cannot carry"
        );
    }
    for value in [serde_json::json!({"a": {"b": 1}}), serde_json::json!(1)] {
        let request = Request::new(&client, Method::GET, &[]);
        let err = request.query_deep_object("q", &value).err().unwrap();
        assert!(
            matches!(err, Error::InvalidParameter { name: "q", .. }),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn credentials_with_line_breaks_are_refused_without_quoting_them() {
    let err = Client::builder("http://127.0.0.1:9/v2")
        .api_key("secret\r\nX-Evil: 1")
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid client configuration: the ApiKey credential cannot be sent: it holds a line break, a tab, another control character or a non-ASCII character, or starts or ends with a space"
    );
    for bad in ["", " lead", "trail ", "t\u{f6}ken", "tab\tbed", "nul\0"] {
        let err = Client::builder("http://127.0.0.1:9/v2")
            .api_key(bad)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config { .. }), "{bad:?}: {err:?}");
        assert!(bad.is_empty() || !err.to_string().contains(bad), "{err}");
    }
    let err = Client::builder("http://127.0.0.1:9/v2")
        .api_key("k".repeat(9000))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid client configuration: the ApiKey credential cannot be sent: it is 9000 bytes long; at most 8192 fit a header"
    );
    let client = Client::new("http://127.0.0.1:9/v2").unwrap();
    let err = with_credential(&client, &BEARER, "tok\n").unwrap_err();
    assert!(!err.to_string().contains("tok"), "{err}");
}

#[test]
fn debug_never_shows_credentials() {
    let builder = Client::builder("https://h.example/v2").api_key("key-1");
    let text = format!("{builder:?}");
    assert!(text.contains(r#"credentials: ["ApiKey"]"#), "{text}");
    assert!(!text.contains("key-1"), "{text}");
    let client = builder.build().unwrap();
    let client = with_credential(&client, &BEARER, "tok-2").unwrap();
    assert_eq!(
        format!("{client:?}"),
        r#"Client { base_url: "https://h.example/v2", credentials: ["ApiKey", "Bearer"], .. }"#
    );
}

#[test]
fn setting_a_credential_again_replaces_it() {
    let builder = Client::builder("http://h/v2").api_key("a").api_key("b");
    assert_eq!(
        format!("{builder:?}").matches("ApiKey").count(),
        1,
        "{builder:?}"
    );
}

#[test]
fn the_defaults_are_the_documented_ones() {
    assert_eq!(DEFAULT_CONNECT_TIMEOUT, std::time::Duration::from_secs(10));
    assert_eq!(DEFAULT_TIMEOUT, std::time::Duration::from_secs(60));
    // `<crate name>/<crate version>`, whatever the version is.
    assert_eq!(
        DEFAULT_USER_AGENT,
        format!("{}/{}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
    );
    let text = format!("{:?}", Client::builder("http://h/v2"));
    assert!(
        text.contains("connect_timeout: 10s, timeout: 60s"),
        "{text}"
    );
    assert!(text.contains("accept_invalid_certs: false"), "{text}");
}

#[test]
fn base_urls_must_be_http_without_query_or_fragment() {
    for (url, why) in [
        ("ftp://h/v2", "must start with http:// or https://"),
        ("mailto:someone", "must start with http:// or https://"),
        (
            "http://h/v2?x=1",
            "the base URL \"http://h/v2\" must not have a query or fragment",
        ),
        ("http://h/v2#top", "must not have a query or fragment"),
        ("not a url", "is not a valid URL"),
    ] {
        let err = Client::new(url).unwrap_err().to_string();
        assert!(err.contains(why), "{url}: {err}");
    }
}

async fn answered(answer: &'static str) -> Response<'static> {
    let (url, _seen) = server(answer).await;
    // One answer: a 5XX is not retried here (see `tests/retry.rs`).
    let client = Client::builder(&url).retries(0).build().unwrap();
    let client: &'static Client = Box::leak(Box::new(client));
    Request::new(client, Method::GET, &[])
        .send(&[])
        .await
        .unwrap()
}

#[tokio::test]
async fn error_bodies_parse_as_the_model_or_are_kept_as_text() {
    let response =
        answered("HTTP/1.1 404 Not Found\r\ncontent-length: 20\r\n\r\n{\"title\":\"no thing\"}")
            .await;
    assert!(response.is_error());
    let err = response.api_error(ApiErrorBody::Problem);
    assert_eq!(
        err.to_string(),
        r#"the server answered 404 Not Found: no thing"#
    );
    let response =
        answered("HTTP/1.1 500 Internal Server Error\r\ncontent-length: 14\r\n\r\n<html>oops</b>")
            .await;
    let err = response.api_error(ApiErrorBody::Problem);
    assert!(
        matches!(&err, Error::Api { body: ApiErrorBody::Text(t), .. } if t == "<html>oops</b>"),
        "{err:?}"
    );
    let long = "HTTP/1.1 418 I'm a teapot\r\ncontent-length: 300\r\n\r\n";
    let body = "x".repeat(300);
    let answer: &'static str = Box::leak(format!("{long}{body}").into_boxed_str());
    let err = answered(answer).await.unexpected(false);
    assert_eq!(
        err.to_string(),
        format!(
            "the server answered 418 I'm a teapot, which the API description does not document for this operation; body: \"{}...\"",
            "x".repeat(200)
        )
    );
}

#[tokio::test]
async fn a_body_that_may_hold_secrets_is_never_quoted() {
    let answer = "HTTP/1.1 200 OK\r\ncontent-length: 22\r\n\r\n{\"sessionId\": \"s3cret\"";
    let err = answered(answer)
        .await
        .json::<serde_json::Value>("UserSession", true)
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.ends_with("the body is not shown because it may hold secrets"),
        "{text}"
    );
    assert!(!text.contains("s3cret") && !format!("{err:?}").contains("s3cret"));
    let err = answered(answer)
        .await
        .json::<serde_json::Value>("Thing", false)
        .unwrap_err();
    assert!(err.to_string().contains("s3cret"), "{err}");
}

#[tokio::test]
async fn object_parameters_go_as_form_or_deep_objects() {
    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    let object = serde_json::json!({"a b": "x&y", "n": 1, "none": null, "t": true});
    Request::new(&client, Method::GET, &[])
        .query("exploded", &object, None)
        .unwrap()
        .query("form", &object, Some(","))
        .unwrap()
        .query("comma", &serde_json::json!({"k": "v,w"}), Some(","))
        .unwrap()
        .query_deep_object("deep", &object)
        .unwrap()
        .query_deep_object("absent", &None::<serde_json::Value>)
        .unwrap()
        .query("empty", &serde_json::json!({}), Some(","))
        .unwrap()
        .query_deep_object("empty", &serde_json::json!({}))
        .unwrap()
        .send(&[])
        .await
        .unwrap();
    let request = seen.await.unwrap();
    assert_eq!(
        lines(&request)[0],
        "GET /v2?a+b=x%26y&n=1&t=true&form=a+b,x%26y,n,1,t,true&comma=k,v%2Cw\
         &deep[a+b]=x%26y&deep[n]=1&deep[t]=true HTTP/1.1"
    );
}

#[tokio::test]
async fn a_status_without_a_body_decodes_as_null() {
    for answer in [
        "HTTP/1.1 204 No Content\r\n\r\n",
        "HTTP/1.1 205 Reset Content\r\ncontent-length: 0\r\n\r\n",
    ] {
        let value = answered(answer)
            .await
            .json::<Option<u8>>("Thing", false)
            .unwrap();
        assert_eq!(value, None);
        let err = answered(answer)
            .await
            .json::<Vec<u8>>("Thing", false)
            .unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    }
    // Any other status with an empty body is a body that ends too early.
    let err = answered("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
        .await
        .json::<Option<u8>>("Thing", false)
        .unwrap_err();
    assert!(err.to_string().contains("EOF"), "{err}");
}

#[tokio::test]
async fn bodies_go_with_their_media_type() {
    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    #[derive(serde::Serialize)]
    struct Form {
        name: &'static str,
        n: u8,
    }
    Request::new(&client, Method::POST, &["f"])
        .form(
            "application/x-www-form-urlencoded; charset=utf-8",
            Some(&Form {
                name: "a b&c",
                n: 2,
            }),
        )
        .send(&[])
        .await
        .unwrap();
    let request = seen.await.unwrap();
    assert!(
        request.contains("\r\ncontent-type: application/x-www-form-urlencoded; charset=utf-8\r\n"),
        "{request}"
    );
    assert!(request.ends_with("\r\n\r\nname=a+b%26c&n=2"), "{request}");

    // JSON goes as the media type given, `+json` and parameters included, never another.
    for media in [
        "application/vnd.api+json",
        "application/json; charset=utf-8",
    ] {
        let (url, seen) = server(NO_CONTENT).await;
        let client = Client::new(&url).unwrap();
        Request::new(&client, Method::PATCH, &[])
            .json(media, Some(&serde_json::json!({"a": [1, "x"]})))
            .send(&[])
            .await
            .unwrap();
        let request = seen.await.unwrap();
        let types: Vec<&str> = request
            .lines()
            .filter(|l| l.to_ascii_lowercase().starts_with("content-type:"))
            .collect();
        assert_eq!(types, [format!("content-type: {media}")], "{request}");
        assert!(request.ends_with("\r\n\r\n{\"a\":[1,\"x\"]}"), "{request}");
    }

    for (media, body, expected) in [
        ("text/plain", "héllo", "héllo"),
        ("application/octet-stream", "\u{1}\u{2}", "\u{1}\u{2}"),
    ] {
        let (url, seen) = server(NO_CONTENT).await;
        let client = Client::new(&url).unwrap();
        Request::new(&client, Method::PUT, &[])
            .raw(media, Some(body.to_owned()))
            .send(&[])
            .await
            .unwrap();
        let request = seen.await.unwrap();
        assert!(
            request.contains(&format!("\r\ncontent-type: {media}\r\n")),
            "{request}"
        );
        assert!(
            request.ends_with(&format!("\r\n\r\n{expected}")),
            "{request}"
        );
    }

    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    let form = reqwest::multipart::Form::new().text("file", "contents");
    Request::new(&client, Method::POST, &[])
        .multipart(Some(form))
        .send(&[])
        .await
        .unwrap();
    let request = seen.await.unwrap();
    assert!(
        request.contains("\r\ncontent-type: multipart/form-data; boundary="),
        "{request}"
    );
    assert!(
        request.contains("Content-Disposition: form-data; name=\"file\"\r\n\r\ncontents\r\n"),
        "{request}"
    );

    // `None` sends no body of any kind.
    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    Request::new(&client, Method::POST, &[])
        .json("application/json", None::<&serde_json::Value>)
        .form(
            "application/x-www-form-urlencoded",
            None::<&serde_json::Value>,
        )
        .raw("text/plain", None::<String>)
        .multipart(None)
        .send(&[])
        .await
        .unwrap();
    let request = seen.await.unwrap();
    assert!(!request.contains("content-type"), "{request}");
    assert!(request.ends_with("\r\n\r\n"), "{request}");
}

#[tokio::test]
async fn empty_arrays_send_nothing_in_any_location() {
    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    let empty: Vec<String> = Vec::new();
    Request::new(&client, Method::GET, &[])
        .query("q", &empty, None)
        .unwrap()
        .query("r", &Some(&empty), Some(","))
        .unwrap()
        .header("X-List", &empty)
        .unwrap()
        .cookie("c", &Some(&empty))
        .unwrap()
        .header("X-Empty", &"")
        .unwrap()
        .send(&[])
        .await
        .unwrap();
    let request = seen.await.unwrap();
    let lines = lines(&request);
    assert_eq!(lines[0], "GET /v2 HTTP/1.1");
    assert!(
        !request.contains("x-list") && !request.contains("cookie"),
        "{request}"
    );
    // An empty string is a value: sent as an empty header.
    assert!(lines.contains(&"x-empty: "), "{request}");
}

#[tokio::test]
async fn success_bodies_as_text_or_bytes_and_error_bodies_without_a_model() {
    let ok = "HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-type: text/plain\r\n\r\nh\u{e9}llo";
    let ok: &'static str = Box::leak(
        ok.replace("content-length: 5", "content-length: 6")
            .into_boxed_str(),
    );
    assert_eq!(answered(ok).await.text().unwrap(), "h\u{e9}llo");
    assert_eq!(answered(ok).await.bytes().unwrap(), "h\u{e9}llo".as_bytes());
    let err = answered("HTTP/1.1 409 Conflict\r\ncontent-length: 0\r\n\r\n")
        .await
        .api_error_text();
    assert_eq!(
        err.to_string(),
        "the server answered 409 Conflict: (empty body)"
    );
}

#[tokio::test]
async fn a_pending_request_is_a_send_future() {
    let (url, _seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    let pending: crate::request::Pending<'_, u16> = crate::request::Pending::new(
        Ok(Request::new(&client, Method::GET, &[])),
        &[],
        |response| Ok(response.status()),
    );
    fn is_send<T: Send>(_: &T) {}
    is_send(&pending);
    assert_eq!(pending.await.unwrap(), 204);
    // A request that could not be made is its error, without sending anything.
    let refused: crate::request::Pending<'_, u16> = crate::request::Pending::new(
        Request::new(&client, Method::GET, &[]).header("X-Bad", &"a\nb"),
        &[],
        |response| Ok(response.status()),
    );
    assert!(matches!(
        refused.await,
        Err(Error::InvalidParameter { name: "X-Bad", .. })
    ));
}

/// An answer that would plant a session, were it taken as the result.
const PLANTED: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 23\r\nconnection: close\r\n\r\n{\"sessionId\":\"planted\"}";

async fn login_through(client: &Client) -> Result<Response<'_>, Error> {
    Request::new(client, Method::POST, &["users", "sessions"])
        .json(
            "application/json",
            Some(&serde_json::json!({"password": "pw-secret"})),
        )
        .send(&[&API_KEY, &BEARER])
        .await
}

async fn with_both_credentials(base: String) -> Client {
    let client = Client::builder(base).api_key("key-1234").build().unwrap();
    with_credential(&client, &BEARER, "tok-5678").unwrap()
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_refused_and_nothing_is_sent_there() {
    for (status, code) in [
        ("301 Moved Permanently", 301),
        ("302 Found", 302),
        ("303 See Other", 303),
        ("307 Temporary Redirect", 307),
        ("308 Permanent Redirect", 308),
    ] {
        let mut other = Scripted::start(vec![PLANTED.to_owned()]).await;
        let target = format!("{}/v2/steal?token=x", other.origin);
        let mut first = Scripted::start(vec![redirect(status, &target)]).await;
        let client = with_both_credentials(format!("{}/v2", first.origin)).await;
        let err = login_through(&client).await.err().unwrap();
        match &err {
            Error::Redirect { status, location } => {
                assert_eq!(status.as_u16(), code);
                assert_eq!(location, &other.origin);
            }
            e => panic!("{e:?}"),
        }
        assert_eq!(other.requests(), Vec::<String>::new(), "{status}");
        let sent = first.requests();
        assert_eq!(sent.len(), 1);
        assert!(
            sent[0].contains("\r\nx-api-key: key-1234\r\n"),
            "{}",
            sent[0]
        );
        // The target's path and query (which may carry tokens) are not repeated.
        assert!(!err.to_string().contains("steal") && !err.to_string().contains("token=x"));
        assert!(err.to_string().starts_with(&format!(
            "the server answered {status} from or toward {}: another origin",
            other.origin
        )));
    }
}

#[tokio::test]
async fn a_redirect_to_another_scheme_on_the_same_host_and_port_is_refused() {
    // From http to https on the same host and port: another origin all the same.
    let mut server = Scripted::start_for(|origin| {
        let https = origin.replace("http://", "https://");
        vec![redirect("302 Found", &format!("{https}/v2/x"))]
    })
    .await;
    let client = with_both_credentials(format!("{}/v2", server.origin)).await;
    let err = login_through(&client).await.err().unwrap();
    let https = server.origin.replace("http://", "https://");
    assert!(
        matches!(&err, Error::Redirect { location, .. } if *location == https),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn redirects_within_the_origin_are_followed_up_to_the_limit() {
    // 307 keeps the method, the body and the credentials: same origin, same trust.
    let mut server = Scripted::start(vec![
        redirect("307 Temporary Redirect", "/v2/moved"),
        NO_CONTENT.replace("\r\n\r\n", "\r\nconnection: close\r\n\r\n"),
    ])
    .await;
    let client = with_both_credentials(format!("{}/v2", server.origin)).await;
    let response = login_through(&client).await.ok().unwrap();
    assert_eq!(response.status(), 204);
    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    assert!(
        sent[1].starts_with("POST /v2/moved HTTP/1.1\r\n"),
        "{}",
        sent[1]
    );
    assert!(
        sent[1].contains("\r\nx-api-key: key-1234\r\n"),
        "{}",
        sent[1]
    );
    assert!(
        sent[1].ends_with("\r\n\r\n{\"password\":\"pw-secret\"}"),
        "{}",
        sent[1]
    );

    // A loop stops at the limit: one redirect followed, the second is the error.
    let mut server = Scripted::start(vec![
        redirect("302 Found", "/v2/a"),
        redirect("302 Found", "/v2/b"),
        redirect("302 Found", "/v2/c"),
    ])
    .await;
    let client = Client::builder(format!("{}/v2", server.origin))
        .redirect_limit(1)
        .build()
        .unwrap();
    let err = login_through(&client).await.err().unwrap();
    assert!(
        matches!(&err, Error::Redirect { status, location } if status.as_u16() == 302 && *location == server.origin),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_answer_from_another_origin_is_never_a_result_even_through_a_client_that_follows() {
    let mut other = Scripted::start(vec![PLANTED.to_owned()]).await;
    let mut first = Scripted::start(vec![redirect(
        "302 Found",
        &format!("{}/v2/x", other.origin),
    )])
    .await;
    // A client of the user's own, with reqwest's default policy (it follows).
    let client = Client::builder(format!("{}/v2", first.origin))
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let err = login_through(&client).await.err().unwrap();
    assert!(
        matches!(&err, Error::Redirect { status, location } if status.as_u16() == 200 && *location == other.origin),
        "{err:?}"
    );
    assert_eq!((first.requests().len(), other.requests().len()), (1, 1));
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_whether_announced_or_streamed() {
    let (url, _seen) = server("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n0123456789").await;
    let client = Client::builder(url).max_response_bytes(10).build().unwrap();
    let err = Request::new(&client, Method::GET, &[])
        .send(&[])
        .await
        .err()
        .unwrap();
    assert!(
        matches!(err, Error::BodyTooLarge { limit: 10, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the server answered 200 OK with a body larger than 10 bytes, the client's limit; raise it with `ClientBuilder::max_response_bytes` if the API really sends that much"
    );

    // A chunked body with no length, up to 64 MiB, against a 1 MiB limit: the client stops
    // reading soon after the limit and the server's writes fail.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v2", listener.local_addr().unwrap());
    let streamer = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        read_request(&mut socket).await;
        let head = "HTTP/1.1 500 Internal Server Error\r\ntransfer-encoding: chunked\r\n\r\n";
        socket.write_all(head.as_bytes()).await.unwrap();
        let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
        let mut written = 0usize;
        while written < 64 << 20 {
            if socket.write_all(chunk.as_bytes()).await.is_err() {
                break;
            }
            written += 0x10000;
        }
        written
    });
    let client = Client::builder(url)
        .max_response_bytes(1 << 20)
        .build()
        .unwrap();
    let err = Request::new(&client, Method::GET, &[])
        .send(&[])
        .await
        .err()
        .unwrap();
    assert!(
        matches!(
            err,
            Error::BodyTooLarge {
                limit: 0x100000,
                ..
            }
        ),
        "{err:?}"
    );
    drop(client);
    let written = streamer.await.unwrap();
    assert!(written < 16 << 20, "the server wrote {written} bytes");
}

#[tokio::test]
async fn error_text_never_holds_a_credential_or_a_secret_the_parser_quotes() {
    // A server that echoes the credentials it received.
    let (url, _seen) = server(
        "HTTP/1.1 500 Internal Server Error\r\ncontent-length: 38\r\n\r\nbad key key-1234 and token tok-5678 !!",
    )
    .await;
    let client = with_both_credentials(url).await;
    let response = Request::new(&client, Method::GET, &[])
        .send(&[])
        .await
        .ok()
        .unwrap();
    let err = response.api_error_text();
    assert_eq!(
        err.to_string(),
        "the server answered 500 Internal Server Error: \"bad key *** and token *** !!\""
    );

    // serde quotes the value it could not take: not for types that hold secrets.
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Session {
        n: i64,
    }
    let answer = "HTTP/1.1 201 Created\r\ncontent-length: 19\r\n\r\n{\"n\": \"s3cret-abc\"}";
    let err = answered(answer)
        .await
        .json::<Session>("UserSession", true)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the server answered 201 Created but the body is not a valid UserSession (a missing field or a value of the wrong type at line 1 column 18); the body is not shown because it may hold secrets"
    );
    assert!(!format!("{err:?}").contains("s3cret"));
    let err = answered(answer)
        .await
        .json::<Session>("Thing", false)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("invalid type: string \"s3cret-abc\""),
        "{err}"
    );

    // An undocumented status of an operation whose answers hold secrets.
    let answer = "HTTP/1.1 200 OK\r\ncontent-length: 25\r\n\r\n{\"sessionId\":\"s3cret-abc\"}";
    let err = answered(answer).await.unexpected(true);
    assert_eq!(
        err.to_string(),
        "the server answered 200 OK, which the API description does not document for this operation; the body is not shown because it may hold secrets"
    );
    assert!(!format!("{err:?}").contains("s3cret"));
}

#[tokio::test]
async fn values_too_long_for_a_url_or_header_are_refused_without_being_quoted() {
    let client = Client::new("http://127.0.0.1:9/v2").unwrap();
    let long = "v".repeat(9000);
    let expected = "parameter `p` cannot be sent: the value is 9000 bytes long; at most 8192 fit a URL or a header";
    let errors = [
        path_value("p", &long).unwrap_err(),
        Request::new(&client, Method::GET, &[])
            .query("p", &long, None)
            .err()
            .unwrap(),
        Request::new(&client, Method::GET, &[])
            .query("p", &[&long[..5000], &long[..5000]], Some(","))
            .err()
            .unwrap(),
        Request::new(&client, Method::GET, &[])
            .header("p", &long)
            .err()
            .unwrap(),
        Request::new(&client, Method::GET, &[])
            .cookie("p", &long)
            .err()
            .unwrap(),
    ];
    for (i, err) in errors.iter().enumerate() {
        let text = err.to_string();
        let expected = if i == 2 {
            expected.replace("9000", "10001")
        } else {
            expected.to_owned()
        };
        assert_eq!(text, expected);
        assert!(!format!("{err:?}").contains("vvvvvvvv"));
    }
    // Exactly the limit is fine.
    assert!(path_value("p", &"v".repeat(8192)).is_ok());
}

#[tokio::test]
async fn an_undocumented_answer_is_the_api_error_when_it_is_one_and_unexpected_otherwise() {
    let not_found = "HTTP/1.1 404 Not Found\r\ncontent-length: 16\r\n\r\n{\"title\":\"gone\"}";
    let err = answered(not_found)
        .await
        .failure(ApiErrorBody::Problem, false);
    assert_eq!(
        err.to_string(),
        r#"the server answered 404 Not Found: gone"#
    );
    let ok = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
    let err = answered(ok).await.failure(ApiErrorBody::Problem, true);
    assert!(
        matches!(err, Error::UnexpectedStatus { body: None, .. }),
        "{err:?}"
    );
    let err = answered("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 4\r\n\r\ndown")
        .await
        .failure_text(false);
    assert_eq!(
        err.to_string(),
        "the server answered 503 Service Unavailable: \"down\""
    );
    let err = answered(ok).await.failure_text(false);
    assert!(
        matches!(&err, Error::UnexpectedStatus { body: Some(b), .. } if b == "{}"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_credential_cut_by_the_quoted_prefix_is_still_hidden() {
    // The key starts at character 195 of the body: the first 200 characters end inside it.
    let body = format!("{}key-1234 {}", "x".repeat(195), "y".repeat(100));
    let answer: &'static str = Box::leak(
        format!(
            "HTTP/1.1 500 Internal Server Error\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_boxed_str(),
    );
    let (url, _seen) = server(answer).await;
    let client = with_both_credentials(url).await;
    let response = Request::new(&client, Method::GET, &[])
        .send(&[])
        .await
        .ok()
        .unwrap();
    let err = response.api_error_text();
    let text = err.to_string();
    assert!(!text.contains("key-"), "{text}");
    assert!(text.contains(&format!("{}***", "x".repeat(195))), "{text}");
}

#[tokio::test]
async fn delimited_arrays_write_the_delimiter_as_it_is_and_encode_it_inside_items() {
    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    Request::new(&client, Method::GET, &["things"])
        .query("form", &["a,b", "c"], Some(","))
        .unwrap()
        .query("space", &["a b", "c"], Some("%20"))
        .unwrap()
        .query("pipe", &["a|b", "c"], Some("|"))
        .unwrap()
        .query("one", &"x,y", Some(","))
        .unwrap()
        .query("each", &["a,b", "c d"], None)
        .unwrap()
        .query("k y", &1, None)
        .unwrap()
        .send(&[])
        .await
        .unwrap();
    let request = seen.await.unwrap();
    assert_eq!(
        lines(&request)[0],
        "GET /v2/things?form=a%2Cb,c&space=a+b%20c&pipe=a%7Cb|c&one=x%2Cy&each=a%2Cb&each=c+d&k+y=1 HTTP/1.1"
    );
}

#[tokio::test]
async fn an_empty_last_segment_keeps_the_closing_slash() {
    for (segments, path) in [
        (&[""][..], "/v2/"),
        (&["things", ""][..], "/v2/things/"),
        (&[][..], "/v2"),
    ] {
        let (url, seen) = server(NO_CONTENT).await;
        let client = Client::new(&url).unwrap();
        Request::new(&client, Method::GET, segments)
            .send(&[])
            .await
            .unwrap();
        let request = seen.await.unwrap();
        assert_eq!(lines(&request)[0], format!("GET {path} HTTP/1.1"));
    }
    // A base URL that ends with a slash gets no second one.
    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::new(&format!("{url}/")).unwrap();
    Request::new(&client, Method::GET, &[""])
        .send(&[])
        .await
        .unwrap();
    assert_eq!(lines(&seen.await.unwrap())[0], "GET /v2/ HTTP/1.1");
}

#[tokio::test]
async fn a_documented_redirect_is_returned_not_followed() {
    let answer = "HTTP/1.1 303 See Other\r\nlocation: /v2/home?code=c0de\r\nset-cookie: sid=s3cret; Path=/; HttpOnly\r\nset-cookie: theme=dark\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
    let mut server = Scripted::start(vec![answer.to_owned(), NO_CONTENT.to_owned()]).await;
    let client = Client::new(&format!("{}/v2", server.origin)).unwrap();
    let response = Request::new(&client, Method::POST, &["login"])
        .keep_redirects()
        .send(&[])
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let redirection = response.redirection();
    assert_eq!(redirection.status.as_u16(), 303);
    assert_eq!(
        redirection.location.as_ref().map(|u| u.as_str()),
        Some(format!("{}/v2/home?code=c0de", server.origin).as_str())
    );
    assert_eq!(
        redirection.cookies().collect::<Vec<_>>(),
        ["sid=s3cret", "theme=dark"]
    );
    let debug = format!("{redirection:?}");
    assert_eq!(
        debug,
        format!(
            r#"Redirection {{ status: 303, location: Some("{}/v2/home"), headers: ["location", "set-cookie", "content-length", "connection"] }}"#,
            server.origin
        )
    );
    // Only the one request: the redirect was not followed.
    assert_eq!(server.requests().len(), 1);
    // Without `keep_redirects` the same answer is an error, even within the origin when the
    // limit is 0.
    let mut server = Scripted::start(vec![answer.to_owned()]).await;
    let client = Client::builder(format!("{}/v2", server.origin))
        .redirect_limit(0)
        .build()
        .unwrap();
    let err = Request::new(&client, Method::POST, &["login"])
        .send(&[])
        .await
        .err()
        .unwrap();
    assert!(matches!(err, Error::Redirect { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_error_model_that_says_nothing_shows_the_body_text_kept_beside_it() {
    let gateway = "HTTP/1.1 502 Bad Gateway\r\ncontent-length: 37\r\n\r\n{\"error\":\"upstream timed out\",\"id\":7}";
    let err = answered(gateway).await.api_error(ApiErrorBody::Status);
    match &err {
        Error::Api { body, text, .. } => {
            assert_eq!(
                body,
                &ApiErrorBody::Status(crate::api_error::Status {
                    code: None,
                    message: None
                })
            );
            assert_eq!(
                text.as_deref(),
                Some(r#"{"error":"upstream timed out","id":7}"#)
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        r#"the server answered 502 Bad Gateway: "{\"error\":\"upstream timed out\",\"id\":7}""#
    );
    // A model that says something is shown as the model; the text is still kept.
    let said = "HTTP/1.1 409 Conflict\r\ncontent-length: 19\r\n\r\n{\"message\":\"taken\"}";
    let err = answered(said).await.api_error(ApiErrorBody::Status);
    assert_eq!(
        err.to_string(),
        r#"the server answered 409 Conflict: taken"#
    );
    assert!(matches!(&err, Error::Api { text: Some(t), .. } if t == r#"{"message":"taken"}"#));
    // An empty body says nothing either.
    let empty = "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 2\r\n\r\n{}";
    let err = answered(empty).await.api_error(ApiErrorBody::Status);
    assert_eq!(
        err.to_string(),
        r#"the server answered 503 Service Unavailable: "{}""#
    );
    // A model holding a secret keeps no text.
    let locked = "HTTP/1.1 423 Locked\r\ncontent-length: 25\r\n\r\n{\"unlock_token\":\"s3cret\"}";
    let err = answered(locked).await.api_error(ApiErrorBody::Lockout);
    assert!(matches!(&err, Error::Api { text: None, .. }), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("s3cret"), "{err:?}");
}

/// A union whose alternatives share a shape, as generated: `{"type": "instance", ...}`
/// against alternatives whose `type` enums each allow one value.
mod union {
    use crate::fit::{object_of, pick, Fit};
    use serde::Deserialize;
    use serde_json::Value;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(from = "String")]
    pub enum Kind {
        Instance,
        Unknown(String),
    }
    impl From<String> for Kind {
        fn from(s: String) -> Self {
            if s == "instance" {
                Kind::Instance
            } else {
                Kind::Unknown(s)
            }
        }
    }
    impl Fit for Kind {
        fn fits(&self, _: &Value) -> bool {
            !matches!(self, Kind::Unknown(_))
        }
    }

    #[derive(Debug, PartialEq, Deserialize)]
    pub struct Project {
        pub r#type: String,
    }
    impl Fit for Project {
        fn fits(&self, json: &Value) -> bool {
            object_of(json, &["type"]) && self.r#type.fits(&json["type"])
        }
    }

    #[derive(Debug, PartialEq, Deserialize)]
    pub struct Instance {
        pub r#type: Kind,
        pub value: Option<Vec<i64>>,
    }
    impl Fit for Instance {
        fn fits(&self, json: &Value) -> bool {
            object_of(json, &["type", "value"])
                && self.r#type.fits(&json["type"])
                && self.value.fits(&json["value"])
        }
    }

    #[derive(Debug, PartialEq)]
    pub enum Target {
        Project(Project),
        Instance(Instance),
    }
    impl Fit for Target {
        fn fits(&self, json: &Value) -> bool {
            match self {
                Target::Project(v) => v.fits(json),
                Target::Instance(v) => v.fits(json),
            }
        }
    }
    pub fn decode(text: &str) -> Result<Target, String> {
        let json: Value = serde_json::from_str(text).unwrap();
        pick(
            &json,
            &[
                |j| Project::deserialize(j).map(Target::Project),
                |j| Instance::deserialize(j).map(Target::Instance),
            ],
            "Target",
        )
    }
}

#[test]
fn a_union_decodes_as_the_alternative_the_value_matches_exactly() {
    use crate::fit::Fit;
    use union::{decode, Instance, Kind, Project, Target};
    // `Project` parses too, ignoring `value`: `Instance` names every property.
    assert_eq!(
        decode(r#"{"type": "instance", "value": [1]}"#),
        Ok(Target::Instance(Instance {
            r#type: Kind::Instance,
            value: Some(vec![1])
        }))
    );
    // Both name every property; `Instance` only through its catch-all: `Project` wins.
    assert_eq!(
        decode(r#"{"type": "project"}"#),
        Ok(Target::Project(Project {
            r#type: "project".to_owned()
        }))
    );
    // Both fit exactly: the first in document order.
    assert_eq!(
        decode(r#"{"type": "instance"}"#),
        Ok(Target::Project(Project {
            r#type: "instance".to_owned()
        }))
    );
    // None fits exactly: the first that parses.
    assert_eq!(
        decode(r#"{"type": "silo", "extra": true}"#),
        Ok(Target::Project(Project {
            r#type: "silo".to_owned()
        }))
    );
    assert_eq!(
        decode(r#"{"type": 1}"#),
        Err("the value matches none of the alternatives of Target".to_owned())
    );
    // A struct also parses from an array of its fields, which never fits.
    assert!(!Project {
        r#type: "a".to_owned()
    }
    .fits(&serde_json::json!(["a"])));
    assert!(crate::fit::ip(&serde_json::json!("10.0.0.1"), false));
    assert!(!crate::fit::ip(&serde_json::json!("fd00::1"), false));
    assert!(crate::fit::ip(&serde_json::json!("fd00::1"), true));
    assert!(!crate::fit::ip(&serde_json::json!(7), true));
}

#[tokio::test]
async fn a_secret_of_the_request_echoed_in_the_answer_never_reaches_error_text() {
    let password = "pw-S3cret!".to_owned();
    let echo = |status: &str, body: &str| {
        format!(
            "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let answers = vec![
        echo(
            "400 Bad Request",
            r#"{"message":"wrong password pw-S3cret! for admin"}"#,
        ),
        echo("502 Bad Gateway", "<p>upstream got password=pw-S3cret!</p>"),
        echo("200 OK", r#"{"password": "pw-S3cret!", oops}"#),
    ];
    let server = Scripted::start(answers).await;
    let client = Client::new(&format!("{}/v2", server.origin)).unwrap();
    let login = || {
        Request::new(&client, Method::POST, &["login"])
            .json(
                "application/json",
                Some(&serde_json::json!({ "password": password })),
            )
            .hiding(&password)
            .send(&[])
    };
    // A model that shows the secret is replaced by the (hidden) text.
    let err = login().await.unwrap().api_error(ApiErrorBody::Status);
    assert!(
        matches!(&err, Error::Api { body: ApiErrorBody::Text(t), text: Some(k), .. }
            if t == r#"{"message":"wrong password *** for admin"}"# && t == k),
        "{err:?}"
    );
    let err = login().await.unwrap().api_error_text();
    assert_eq!(
        err.to_string(),
        r#"the server answered 502 Bad Gateway: "<p>upstream got password=***</p>""#
    );
    let err = login()
        .await
        .unwrap()
        .json::<serde_json::Value>("Thing", false)
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("S3cret"), "{shown}");
    assert!(
        shown.contains(r#"{\"password\": \"***\", oops}"#),
        "{shown}"
    );
}

#[test]
fn the_http_client_is_the_one_built_with_the_settings_or_the_one_given() {
    let client = Client::builder("http://h/v2")
        .user_agent("settings-test/1")
        .build()
        .unwrap();
    let shown = format!("{:?}", client.http_client());
    assert!(shown.contains("settings-test/1"), "{shown}");
    let own = reqwest::Client::builder()
        .user_agent("my-own/2")
        .build()
        .unwrap();
    let client = Client::builder("http://h/v2")
        .http_client(own)
        .build()
        .unwrap();
    let shown = format!("{:?}", client.http_client());
    assert!(shown.contains("my-own/2"), "{shown}");
}

#[test]
fn a_credential_of_exactly_the_limit_is_accepted_and_one_byte_more_refused() {
    let limit = crate::client::MAX_PARAMETER_BYTES;
    let at_limit = "k".repeat(limit);
    assert!(Client::builder("http://h/v2")
        .api_key(at_limit.clone())
        .build()
        .is_ok());
    let err = Client::builder("http://h/v2")
        .api_key(format!("{at_limit}k"))
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
}

#[tokio::test]
async fn bodies_of_exactly_the_limit_are_read_whether_announced_or_streamed() {
    for answer in [
        "HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n0123456789",
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n6\r\n012345\r\n4\r\n6789\r\n0\r\n\r\n",
    ] {
        let (url, _seen) = server(answer).await;
        let client = Client::builder(url).max_response_bytes(10).build().unwrap();
        let response = Request::new(&client, Method::GET, &[])
            .send(&[])
            .await
            .unwrap();
        assert_eq!(response.bytes().unwrap(), b"0123456789");
    }
}

#[tokio::test]
async fn booleans_are_sent_as_true_and_false() {
    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    Request::new(&client, Method::GET, &[])
        .query("on", &true, None)
        .unwrap()
        .query("off", &[false, true], Some(","))
        .unwrap()
        .send(&[])
        .await
        .unwrap();
    assert_eq!(
        lines(&seen.await.unwrap())[0],
        "GET /v2?on=true&off=false,true HTTP/1.1"
    );
}

#[tokio::test]
async fn every_error_tells_its_status_source_and_whether_it_timed_out() {
    use std::error::Error as _;
    let status = reqwest::StatusCode::BAD_GATEWAY;
    let answered = [
        Error::Api {
            status,
            body: ApiErrorBody::Text(String::new()),
            text: None,
        },
        Error::UnexpectedStatus { status, body: None },
        Error::Decode {
            status,
            expected: "Thing",
            body_prefix: None,
            detail: String::new(),
        },
        Error::Redirect {
            status,
            location: String::new(),
        },
        Error::BodyTooLarge { status, limit: 1 },
    ];
    for err in &answered {
        assert_eq!(err.status(), Some(status), "{err:?}");
        assert!(err.source().is_none() && !err.is_timeout(), "{err:?}");
    }
    let config = Error::Config {
        message: String::new(),
    };
    assert_eq!(config.status(), None);
    assert!(!config.is_timeout());

    // Connection refused: a transport error with its cause, said once.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}/v2", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder(&closed).retries(0).build().unwrap();
    let err = Request::new(&client, Method::GET, &[])
        .send(&[])
        .await
        .err()
        .unwrap();
    assert!(err.source().is_some(), "{err:?}");
    assert!(!err.is_timeout());
    assert_eq!(err.status(), None);
    let text = err.to_string();
    assert!(
        text.starts_with("request failed: error sending request for url"),
        "{text}"
    );
    assert_eq!(text.matches("Connection refused").count(), 1, "{text}");
    assert!(text.ends_with("(could not connect: check the base URL, that the server is up and reachable, and the TLS settings)"), "{text}");

    // A server that never answers, with a short timeout.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v2", listener.local_addr().unwrap());
    let _held = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        std::future::pending::<()>().await;
        drop(socket);
    });
    let client = Client::builder(url)
        .timeout(std::time::Duration::from_millis(200))
        .build()
        .unwrap();
    let err = Request::new(&client, Method::GET, &[])
        .send(&[])
        .await
        .err()
        .unwrap();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        err.to_string()
            .contains("the server did not answer in time"),
        "{err}"
    );
}

#[tokio::test]
async fn pending_shows_nothing_of_the_request() {
    let client = Client::new("http://127.0.0.1:9/v2").unwrap();
    let pending: crate::request::Pending<'_, u16> = crate::request::Pending::new(
        Ok(Request::new(&client, Method::GET, &[])),
        &[],
        |response| Ok(response.status()),
    );
    assert_eq!(format!("{pending:?}"), "Pending { .. }");
}

#[test]
fn secrets_are_found_inside_every_container() {
    use crate::request::Secrets;
    use std::collections::BTreeMap;
    let mut found = Vec::new();
    let map: BTreeMap<String, String> = [("k".to_owned(), "in-map".to_owned())].into();
    let boxed: Box<String> = Box::new("in-box".to_owned());
    let nested: Option<Vec<Option<String>>> = Some(vec![
        Some("in-vec".to_owned()),
        None,
        Some("and-on".to_owned()),
    ]);
    let slice: &[String] = &["in-slice".to_owned()];
    let by_ref = &map;
    <&BTreeMap<String, String> as Secrets>::secrets(&by_ref, &mut found);
    boxed.secrets(&mut found);
    nested.secrets(&mut found);
    slice.secrets(&mut found);
    None::<String>.secrets(&mut found);
    assert_eq!(found, ["in-map", "in-box", "in-vec", "and-on", "in-slice"]);
}

#[test]
fn containers_fit_only_when_every_value_in_them_does() {
    use crate::fit::{ip, Fit};
    use serde_json::json;
    use std::collections::BTreeMap;
    use union::Kind;
    let known = || Kind::Instance;
    let unknown = || Kind::Unknown("x".to_owned());
    assert!(Some(known()).fits(&json!("instance")));
    assert!(!Some(unknown()).fits(&json!("x")));
    assert!(None::<Kind>.fits(&json!(null)));
    assert!(Box::new(known()).fits(&json!("instance")));
    assert!(!Box::new(unknown()).fits(&json!("x")));
    assert!(vec![known(), known()].fits(&json!(["instance", "instance"])));
    assert!(!vec![known(), unknown()].fits(&json!(["instance", "x"])));
    assert!(!vec![known()].fits(&json!("instance")));
    let map = |k: Kind| BTreeMap::from([("a".to_owned(), k)]);
    assert!(map(known()).fits(&json!({"a": "instance"})));
    assert!(!map(unknown()).fits(&json!({"a": "x"})));
    assert!(!map(known()).fits(&json!(["instance"])));
    // An absent or null optional address fits.
    assert!(ip(&json!(null), false) && ip(&json!(null), true));
}

#[test]
fn a_segment_of_text_and_parameters_is_refused_when_it_would_change_the_request() {
    let text = |v: &str| Cow::Owned(path_text("a", &v).unwrap());
    assert_eq!(
        path_segment("a", &[text("x/y"), Cow::Borrowed(".json")]).unwrap(),
        "x%2Fy.json"
    );
    assert_eq!(
        path_segment("a", &[text(""), Cow::Borrowed(":publish")]).unwrap(),
        ":publish"
    );
    for parts in [
        vec![text("."), text("")],
        vec![text("."), text(".")],
        vec![text(""), text("")],
    ] {
        let err = path_segment("a", &parts).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("parameter `a` cannot be sent: a path segment cannot be "),
            "{err}"
        );
    }
}

/// A client with a credential in each place: query, cookie, basic.
fn with_every_place(base: &str) -> Client {
    let client = Client::builder(base)
        .basic("ann", "pa:ss w\u{f6}rd")
        .build()
        .unwrap();
    let client = with_credential(&client, &QUERY_KEY, "q+k/1").unwrap();
    with_credential(&client, &COOKIE_KEY, "c-k-2").unwrap()
}

#[tokio::test]
async fn each_credential_goes_where_its_scheme_says_and_only_for_the_schemes_listed() {
    let (url, seen) = server(NO_CONTENT).await;
    let client = with_every_place(&url);
    Request::new(&client, Method::GET, &["a"])
        .query("n", &1, None)
        .unwrap()
        .cookie("theme", &"dark")
        .unwrap()
        .send(&[&QUERY_KEY, &COOKIE_KEY, &BASIC])
        .await
        .unwrap();
    let request = seen.await.unwrap();
    let lines = lines(&request);
    assert_eq!(lines[0], "GET /v2/a?n=1&api_key=q%2Bk%2F1 HTTP/1.1");
    let mut headers: Vec<&str> = lines[1..lines.len() - 2]
        .iter()
        .copied()
        .filter(|h| !h.starts_with("host: ") && !h.starts_with("user-agent: "))
        .collect();
    headers.sort_unstable();
    // base64 of `ann:pa:ss wörd` (UTF-8).
    assert_eq!(
        headers,
        [
            "accept: */*",
            "authorization: Basic YW5uOnBhOnNzIHfDtnJk",
            "cookie: theme=dark; sid=c-k-2",
        ]
    );

    // An operation that lists none of them sends none of them.
    let (url, seen) = server(NO_CONTENT).await;
    let client = with_every_place(&url);
    Request::new(&client, Method::GET, &["a"])
        .send(&[&API_KEY])
        .await
        .unwrap();
    let request = seen.await.unwrap();
    assert!(request.starts_with("GET /v2/a HTTP/1.1\r\n"), "{request}");
    for secret in ["api_key", "q%2Bk", "c-k-2", "Basic", "cookie:"] {
        assert!(!request.contains(secret), "{secret} in {request}");
    }
}

#[tokio::test]
async fn a_request_with_a_credential_in_its_url_follows_no_redirect_and_errors_never_show_it() {
    // Same origin: followed for other requests, not for this one.
    let mut scripted = Scripted::start(vec![redirect("302 Found", "/v2/b")]).await;
    let client = with_every_place(&format!("{}/v2", scripted.origin));
    let err = Request::new(&client, Method::GET, &["a"])
        .send(&[&QUERY_KEY])
        .await
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        format!(
            "the server answered 302 Found from or toward {}: another origin than the base URL's, more redirects than allowed, or a redirect of a request that carries a credential in its URL; the client does not follow: check the base URL (scheme, host, port), or raise the limit with `ClientBuilder::redirect_limit` for redirects within the origin",
            scripted.origin
        )
    );
    assert_eq!(scripted.requests().len(), 1);

    // A transport error names the URL without its query.
    let client = with_every_place("http://127.0.0.1:9/v2");
    let err = Request::new(&client, Method::GET, &["a"])
        .query("n", &1, None)
        .unwrap()
        .send(&[&QUERY_KEY, &COOKIE_KEY, &BASIC])
        .await
        .err()
        .unwrap();
    let (text, debug) = (err.to_string(), format!("{err:?}"));
    assert!(text.contains("http://127.0.0.1:9/v2/a)"), "{text}");
    for shown in [text, debug] {
        for secret in ["q+k", "q%2Bk", "api_key", "c-k-2", "pa:ss", "YW5u", "n=1"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
}

#[tokio::test]
async fn query_cookie_and_basic_credentials_echoed_back_are_hidden() {
    let body = "no: q+k/1 q%2Bk%2F1 c-k-2 pa:ss w\u{f6}rd YW5uOnBhOnNzIHfDtnJk ann ok";
    let answer = format!(
        "HTTP/1.1 401 Unauthorized\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let (url, _seen) = server(Box::leak(answer.into_boxed_str())).await;
    let client = with_every_place(&url);
    let err = Request::new(&client, Method::GET, &[])
        .send(&[])
        .await
        .ok()
        .unwrap()
        .api_error_text();
    assert_eq!(
        err.to_string(),
        "the server answered 401 Unauthorized: \"no: *** *** *** *** *** ann ok\""
    );
    let text = format!("{client:?}");
    assert_eq!(
        text,
        format!(
            r#"Client {{ base_url: "{url}", credentials: ["Basic", "QueryKey", "CookieKey"], .. }}"#
        )
    );
}

#[test]
fn credentials_a_place_cannot_take_are_refused_without_quoting_them() {
    let client = Client::new("http://127.0.0.1:9/v2").unwrap();
    let refused = |r: Result<Client, Error>| r.err().unwrap().to_string();
    assert_eq!(
        refused(with_credential(&client, &COOKIE_KEY, "a;b")),
        "invalid client configuration: the CookieKey credential cannot be sent: a cookie value cannot hold `;`, `,`, spaces, `\"` or `\\`"
    );
    assert_eq!(
        refused(with_basic_credential(&client, &BASIC, "a:b", "pw-1")),
        "invalid client configuration: the Basic credential cannot be sent: a user name cannot hold `:`"
    );
    assert_eq!(
        refused(with_basic_credential(&client, &BASIC, "ann", "pw\n-1")),
        "invalid client configuration: the Basic credential cannot be sent: the password holds a line break, a tab or another control character"
    );
    assert_eq!(
        refused(with_basic_credential(&client, &BASIC, "", "pw-1")),
        "invalid client configuration: the Basic user name cannot be sent: it is empty"
    );
    assert_eq!(
        refused(with_credential(&client, &BASIC, "ann:pw-1")),
        "invalid client configuration: the Basic credential cannot be sent: it needs a user name and a password"
    );
    assert_eq!(
        refused(with_basic_credential(&client, &QUERY_KEY, "ann", "pw-1")),
        "invalid client configuration: the QueryKey credential cannot be sent: it is one value, not a user name and password"
    );
    // An empty password is a password.
    assert!(with_basic_credential(&client, &BASIC, "ann", "").is_ok());
}

#[tokio::test]
async fn a_credential_echoed_in_a_parsed_error_model_or_in_another_encoding_is_hidden() {
    let echo = |body: &str| {
        format!(
            "HTTP/1.1 401 Unauthorized\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let answers = vec![
        // The error model's message quotes the key (the model would show it).
        echo(r#"{"message":"bad key q+k/1"}"#),
        // JSON-escaped as PHP writes it, and the basic pair's user name alone.
        echo(r#"{"message":"bad key q+k\/1 for key-user"}"#),
    ];
    let server = Scripted::start(answers).await;
    let client = Client::builder(format!("{}/v2", server.origin))
        .basic("key-user", "")
        .build()
        .unwrap();
    let client = with_credential(&client, &QUERY_KEY, "q+k/1").unwrap();
    let send = || Request::new(&client, Method::GET, &["a"]).send(&[]);
    let err = send().await.unwrap().api_error(ApiErrorBody::Status);
    assert!(
        matches!(&err, Error::Api { body: ApiErrorBody::Text(t), .. } if t == r#"{"message":"bad key ***"}"#),
        "{err:?}"
    );
    let err = send().await.unwrap().api_error(ApiErrorBody::Status);
    let shown = format!("{err} {err:?}");
    assert!(
        shown.contains(r#"bad key *** for ***"#) && !shown.contains("key-user"),
        "{shown}"
    );
}

#[test]
fn an_error_model_reads_as_a_sentence_of_its_code_and_message() {
    struct Shown<T>(T);
    impl<T: serde::Serialize> std::fmt::Display for Shown<T> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            crate::error::describe(f, &self.0)
        }
    }
    let shown = |v: serde_json::Value| Shown(v).to_string();
    assert_eq!(
        shown(
            serde_json::json!({"errorCode": "KStatusUnauthorized", "message": "Session expired", "taskLogId": null})
        ),
        "KStatusUnauthorized: Session expired"
    );
    assert_eq!(
        shown(serde_json::json!({"type": "about:blank", "title": "Not Found", "status": 404})),
        "404: Not Found"
    );
    assert_eq!(
        shown(serde_json::json!({"error": "invalid_grant"})),
        "invalid_grant"
    );
    assert_eq!(
        shown(serde_json::json!({"error": "invalid_grant", "error_description": "expired"})),
        "invalid_grant: expired"
    );
    assert_eq!(shown(serde_json::json!({"code": 7})), "7");
    assert_eq!(
        shown(serde_json::json!({"a": 1, "b": null, "c": "x\ny"})),
        "a: 1, c: x\\ny"
    );
    assert_eq!(
        shown(serde_json::json!({"message": "line\n\u{1b}[31mred"})),
        "line\\n\\u{1b}[31mred"
    );
}

#[test]
fn a_secret_that_holds_another_is_hidden_whole() {
    assert_eq!(
        crate::redact::redact("a abc ab", ["ab", "abc"]),
        "a *** ***"
    );
}

#[tokio::test]
async fn a_redirect_location_never_holds_the_query_credential() {
    let (url, _seen) =
        server("HTTP/1.1 303 See Other\r\nlocation: #top\r\ncontent-length: 0\r\n\r\n").await;
    let client = with_credential(&Client::new(&url).unwrap(), &QUERY_KEY, "q-k-9").unwrap();
    let response = Request::new(&client, Method::GET, &["a"])
        .keep_redirects()
        .send(&[&QUERY_KEY])
        .await
        .unwrap();
    let location = response.location.clone().unwrap();
    assert_eq!(location.as_str(), format!("{url}/a#top"));
}

#[tokio::test]
async fn a_bearer_token_goes_after_its_prefix() {
    let (url, seen) = server(NO_CONTENT).await;
    let client = with_credential(&Client::new(&url).unwrap(), &BEARER, "tok-7").unwrap();
    Request::new(&client, Method::GET, &["a"])
        .send(&[&BEARER])
        .await
        .unwrap();
    let request = seen.await.unwrap();
    assert!(
        request.contains("\r\nauthorization: Bearer tok-7\r\n"),
        "{request}"
    );
}

mod attack;
mod hostile;
mod redact;
mod retry;
mod session;
#[cfg(feature = "tracing")]
mod traces;
