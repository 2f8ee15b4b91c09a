//! The runtime against a loopback server that records the exact request bytes.

use crate::auth::{API_KEY, BEARER};
use crate::client::{
    with_credential, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT,
};
use crate::request::{path_value, Request, Response};
use crate::{ApiErrorBody, Client, Error};
use reqwest::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A server that answers one request with `answer` and hands back the request it read.
async fn server(answer: &'static str) -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v2", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
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
        socket.write_all(answer.as_bytes()).await.unwrap();
        socket.shutdown().await.unwrap();
        String::from_utf8(seen).unwrap()
    });
    (url, task)
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
        .query("tags", &["x", "y&z"], true)
        .unwrap()
        .query("ids", &[1, 2], false)
        .unwrap()
        .query("absent", &None::<String>, true)
        .unwrap()
        .header("X-Request-Id", &"r-1")
        .unwrap()
        .header("X-Absent", &None::<i64>)
        .unwrap()
        .cookie("session", &"abc")
        .unwrap()
        .cookie("theme", &Some("dark"))
        .unwrap()
        .json(Some(&serde_json::json!({"a": 1})))
        .send(&[&API_KEY])
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let request = seen.await.unwrap();
    let lines = lines(&request);
    assert_eq!(
        lines[0],
        "POST /v2/things/a%2Fb%20c%3F%23?tags=x&tags=y%26z&ids=1%2C2 HTTP/1.1"
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
            format!("parameter `id` cannot be sent: a path parameter cannot be {bad:?}: the request would go to another resource")
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
        .query("q", &serde_json::json!({"a": 1}), true)
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "parameter `q` cannot be sent: only strings, numbers, booleans and arrays of them can be sent as parameters"
    );
}

#[tokio::test]
async fn credentials_with_line_breaks_are_refused_without_quoting_them() {
    let err = Client::builder("http://127.0.0.1:9/v2")
        .api_key("secret\r\nX-Evil: 1")
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid client configuration: the ApiKey credential cannot be sent as an HTTP header value: it holds a line break or another control character"
    );
    let client = Client::new("http://127.0.0.1:9/v2").unwrap();
    let err = with_credential(&client, &BEARER, "tok\n").unwrap_err();
    assert!(!err.to_string().contains("tok"), "{err}");
}

#[test]
fn debug_never_shows_credentials_or_the_url_password() {
    let builder = Client::builder("https://user:pw@h.example/v2").api_key("key-1");
    let text = format!("{builder:?}");
    assert!(
        text.contains(r#"base_url: "https://user:***@h.example/v2""#),
        "{text}"
    );
    assert!(text.contains(r#"credentials: ["ApiKey"]"#), "{text}");
    assert!(!text.contains("key-1") && !text.contains("pw@"), "{text}");
    let client = builder.build().unwrap();
    let client = with_credential(&client, &BEARER, "tok-2").unwrap();
    assert_eq!(
        format!("{client:?}"),
        r#"Client { base_url: "https://user:***@h.example/v2", credentials: ["ApiKey", "Bearer"], .. }"#
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
    assert_eq!(DEFAULT_USER_AGENT, "runtime/0.1.0");
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
        ("mailto:a@b", "must start with http:// or https://"),
        ("http://h/v2?x=1", "must not have a query or fragment"),
        ("http://h/v2#top", "must not have a query or fragment"),
        ("not a url", "is not a valid URL"),
    ] {
        let err = Client::new(url).unwrap_err().to_string();
        assert!(err.contains(why), "{url}: {err}");
    }
}

async fn answered(answer: &'static str) -> Response {
    let (url, _seen) = server(answer).await;
    let client = Client::new(&url).unwrap();
    Request::new(&client, Method::GET, &[])
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
    let err = response.api_error(ApiErrorBody::Problem).await;
    assert_eq!(
        err.to_string(),
        r#"the server answered 404 Not Found: Problem { title: "no thing" }"#
    );
    let response =
        answered("HTTP/1.1 500 Internal Server Error\r\ncontent-length: 14\r\n\r\n<html>oops</b>")
            .await;
    let err = response.api_error(ApiErrorBody::Problem).await;
    assert!(
        matches!(&err, Error::Api { body: ApiErrorBody::Text(t), .. } if t == "<html>oops</b>"),
        "{err:?}"
    );
    let long = "HTTP/1.1 418 I'm a teapot\r\ncontent-length: 300\r\n\r\n";
    let body = "x".repeat(300);
    let answer: &'static str = Box::leak(format!("{long}{body}").into_boxed_str());
    let err = answered(answer).await.unexpected().await;
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
        .await
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
        .await
        .unwrap_err();
    assert!(err.to_string().contains("s3cret"), "{err}");
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
        .form(Some(&Form {
            name: "a b&c",
            n: 2,
        }))
        .send(&[])
        .await
        .unwrap();
    let request = seen.await.unwrap();
    assert!(
        request.contains("\r\ncontent-type: application/x-www-form-urlencoded\r\n"),
        "{request}"
    );
    assert!(request.ends_with("\r\n\r\nname=a+b%26c&n=2"), "{request}");

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
        .json(None::<&serde_json::Value>)
        .form(None::<&serde_json::Value>)
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
        .query("q", &empty, true)
        .unwrap()
        .query("r", &Some(&empty), false)
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
    assert_eq!(answered(ok).await.text().await.unwrap(), "h\u{e9}llo");
    assert_eq!(
        answered(ok).await.bytes().await.unwrap(),
        "h\u{e9}llo".as_bytes()
    );
    let err = answered("HTTP/1.1 409 Conflict\r\ncontent-length: 0\r\n\r\n")
        .await
        .api_error_text()
        .await;
    assert_eq!(
        err.to_string(),
        "the server answered 409 Conflict: (empty body)"
    );
}

#[tokio::test]
async fn a_pending_request_is_a_send_future() {
    let (url, _seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    let pending: crate::request::Pending<'_, u16> = Box::pin(async {
        let response = Request::new(&client, Method::GET, &[]).send(&[]).await?;
        Ok(response.status())
    });
    // `Pending` is `Send` by its definition: this compiles only because the future is.
    assert_eq!(pending.await.unwrap(), 204);
}
