//! The runtime against a loopback server that records the exact request bytes: the
//! servers and helpers every topic's tests share, then one module per topic.

use crate::auth::{API_KEY, BASIC, BEARER, COOKIE_KEY, QUERY_KEY};
use crate::client::{
    with_basic_credential, with_credential, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT,
    DEFAULT_USER_AGENT,
};
use crate::request::{path_segment, path_text, path_value, QueryStyle, Request, Response, Secrecy};
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

/// The request [`server`] read, once `request` is sent (with no credentials) and answered.
async fn sent_request(request: Request<'_>, seen: tokio::task::JoinHandle<String>) -> String {
    request.send(&[]).await.unwrap();
    seen.await.unwrap()
}

/// The answer to `method` of the path `segments`, sent with no credentials.
async fn sent<'c>(client: &'c Client, method: Method, segments: &[&str]) -> Response<'c> {
    Request::new(client, method, segments)
        .send(&[])
        .await
        .unwrap()
}

/// The error of `method` of the path `segments`, sent with the credentials of `schemes`.
async fn failed(
    client: &Client,
    method: Method,
    segments: &[&str],
    schemes: &[&crate::client::Scheme],
) -> Error {
    Request::new(client, method, segments)
        .send(schemes)
        .await
        .err()
        .unwrap()
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

async fn answered(answer: &'static str) -> Response<'static> {
    let (url, _seen) = server(answer).await;
    // One answer: a 5XX is not retried here (see `tests/retry.rs`).
    let client = Client::builder(&url).retries(0).build().unwrap();
    let client: &'static Client = Box::leak(Box::new(client));
    sent(client, Method::GET, &[]).await
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

/// A client with a credential in each place: query, cookie, basic.
fn with_every_place(base: &str) -> Client {
    let client = Client::builder(base)
        .basic("ann", "pa:ss w\u{f6}rd")
        .build()
        .unwrap();
    let client = with_credential(&client, &QUERY_KEY, "q+k/1").unwrap();
    with_credential(&client, &COOKIE_KEY, "c-k-2").unwrap()
}

mod attack;
mod client;
mod credentials;
mod headers;
mod hostile;
mod redact;
mod redirects;
mod requests;
mod responses;
mod retry;
mod secrets;
mod session;
mod streams;
#[cfg(feature = "tracing")]
mod traces;
