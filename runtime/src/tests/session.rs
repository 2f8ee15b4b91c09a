//! Sessions that renew: one new login when a session has expired, shared by the calls that
//! meet it, and the call sent once more.

use super::*;
use crate::client::Scheme;
use crate::request::Pending;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

/// A server with a login (`POST /v2/login`, answering `{"token":"s-<n>"}` for the n-th
/// login) and an operation (`GET /v2/things`) that wants the last token in `x-api-key`, and
/// answers `401` with the token it got otherwise.
struct Sessions {
    url: String,
    logins: Arc<AtomicU32>,
    calls: Arc<AtomicU32>,
    /// The token the server accepts; `""` accepts none (every session has expired).
    valid: Arc<Mutex<String>>,
    /// Refuses every token, a new one too.
    refuse_all: Arc<std::sync::atomic::AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Sessions {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Sessions {
    /// `refuse_logins_after`: logins after that many are answered `403`. `gather`: that many
    /// refused calls are held until all have come, then answered together.
    async fn start(refuse_logins_after: u32, gather: usize) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/v2", listener.local_addr().unwrap());
        let logins = Arc::new(AtomicU32::new(0));
        let calls = Arc::new(AtomicU32::new(0));
        let valid = Arc::new(Mutex::new(String::new()));
        let barrier = Arc::new(tokio::sync::Barrier::new(gather.max(1)));
        let refuse_all = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let state = (
            logins.clone(),
            calls.clone(),
            valid.clone(),
            refuse_all.clone(),
        );
        let task = tokio::spawn(async move {
            loop {
                let (mut socket, _) = listener.accept().await.unwrap();
                let (logins, calls, valid, refuse_all) = state.clone();
                let barrier = barrier.clone();
                tokio::spawn(async move {
                    let request = read_request(&mut socket).await;
                    let answer = if request.starts_with("POST /v2/login ") {
                        let n = logins.fetch_add(1, Ordering::SeqCst) + 1;
                        if n > refuse_logins_after {
                            json("403 Forbidden", r#"{"message":"locked out"}"#.to_owned())
                        } else {
                            *valid.lock().unwrap() = format!("s-{n}");
                            json("201 Created", format!(r#"{{"token":"s-{n}"}}"#))
                        }
                    } else {
                        calls.fetch_add(1, Ordering::SeqCst);
                        let token = lines(&request)
                            .iter()
                            .find_map(|l| l.strip_prefix("x-api-key: "))
                            .unwrap_or_default()
                            .to_owned();
                        let accepted = !token.is_empty()
                            && token == *valid.lock().unwrap()
                            && !refuse_all.load(Ordering::SeqCst);
                        if accepted {
                            json("200 OK", "{}".to_owned())
                        } else {
                            if gather > 0 {
                                barrier.wait().await;
                            }
                            json(
                                "401 Unauthorized",
                                format!(r#"{{"message":"session {token} expired"}}"#),
                            )
                        }
                    };
                    socket.write_all(answer.as_bytes()).await.unwrap();
                    socket.shutdown().await.unwrap();
                });
            }
        });
        Sessions {
            url,
            logins,
            calls,
            valid,
            refuse_all,
            task,
        }
    }

    fn expire(&self) {
        self.valid.lock().unwrap().clear();
    }

    /// A client of this server after its first login.
    async fn signed_in(&self) -> Client {
        Client::new(&self.url)
            .unwrap()
            .with_login(login)
            .await
            .unwrap()
    }

    fn counts(&self) -> (u32, u32) {
        (
            self.logins.load(Ordering::SeqCst),
            self.calls.load(Ordering::SeqCst),
        )
    }
}

fn json(status: &str, body: String) -> String {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// The login: `POST /login` with a password, and its token as the `ApiKey` credential.
async fn login(client: Client) -> Result<Client, Error> {
    let response = Request::new(&client, Method::POST, &["login"])
        .json(
            "application/json",
            Some(&serde_json::json!({"password": "pw-secret-1"})),
        )
        .send(&[])
        .await?;
    if response.status() != 201 {
        return Err(response.api_error_text());
    }
    let body: serde_json::Value = response.json("Login", Secrecy::HoldsSecret)?;
    with_credential(
        &client,
        &API_KEY,
        body["token"].as_str().unwrap_or_default(),
    )
}

static NEEDS_KEY: [&Scheme; 1] = [&API_KEY];
static NEEDS_BEARER: [&Scheme; 1] = [&BEARER];

/// A call of `GET /things` with the credentials of `schemes`.
fn call<'a>(client: &'a Client, schemes: &'a [&'a Scheme]) -> Pending<'a, ()> {
    Pending::new(
        Ok(Request::new(client, Method::GET, &["things"])),
        schemes,
        |response| match response.status() {
            200 => Ok(()),
            _ => Err(response.api_error_text()),
        },
    )
}

#[tokio::test]
async fn an_expired_session_is_renewed_once_and_the_call_sent_again() {
    let server = Sessions::start(u32::MAX, 0).await;
    let client = Client::new(&server.url).unwrap();
    let signed_in = client.with_login(login).await.unwrap();
    assert_eq!(server.counts(), (1, 0));
    call(&signed_in, &NEEDS_KEY).await.unwrap();
    assert_eq!(server.counts(), (1, 1));
    server.expire();
    // A copy made with a `with_` method shares the session.
    let copy = with_credential(&signed_in, &BEARER, "tok").unwrap();
    call(&copy, &NEEDS_KEY).await.unwrap();
    assert_eq!(server.counts(), (2, 3));
    call(&signed_in, &NEEDS_KEY).await.unwrap();
    assert_eq!(server.counts(), (2, 4));
    // The client it was made from has no session, and renews nothing.
    let err = call(&client, &NEEDS_KEY).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(server.counts(), (2, 5));
}

#[tokio::test]
async fn calls_that_meet_an_expired_session_together_share_one_login() {
    const CALLS: usize = 6;
    let server = Sessions::start(u32::MAX, CALLS).await;
    let signed_in = server.signed_in().await;
    server.expire();
    // All the calls are refused together (the server holds the first answers until all
    // have come), then each waits for the one new login.
    let calls: Vec<_> = (0..CALLS).map(|_| call(&signed_in, &NEEDS_KEY)).collect();
    let results = futures_join_all(calls).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(server.counts(), (2, 2 * CALLS as u32));
}

/// Awaits every future, polled together on this task.
async fn futures_join_all<F: std::future::Future + Unpin>(futures: Vec<F>) -> Vec<F::Output> {
    let mut futures: Vec<Option<F>> = futures.into_iter().map(Some).collect();
    let mut out: Vec<Option<F::Output>> = futures.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, slot) in futures.iter_mut().zip(out.iter_mut()) {
            if let Some(f) = future {
                match std::pin::Pin::new(f).poll(cx) {
                    std::task::Poll::Ready(value) => {
                        *slot = Some(value);
                        *future = None;
                    }
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().map(Option::unwrap).collect()
}

#[tokio::test]
async fn a_401_after_the_new_login_is_the_result_and_says_two_attempts() {
    let server = Sessions::start(u32::MAX, 0).await;
    let signed_in = server.signed_in().await;
    // Every session is refused, the new one too.
    server.refuse_all.store(true, Ordering::SeqCst);
    let err = call(&signed_in, &NEEDS_KEY).await.unwrap_err();
    assert_eq!(server.counts(), (2, 2));
    assert_eq!(err.attempts(), 2);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    // The session ids the server echoes are hidden, the old one and the new one.
    let text = err.to_string();
    assert_eq!(
        text,
        "after 2 attempts, the server answered 401 Unauthorized: \"{\\\"message\\\":\\\"session *** expired\\\"}\""
    );
}

#[tokio::test]
async fn a_failed_login_is_the_error_of_the_call_that_ran_it() {
    let server = Sessions::start(1, 0).await;
    let signed_in = server.signed_in().await;
    server.expire();
    let err = call(&signed_in, &NEEDS_KEY).await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(
        err.to_string(),
        "the server answered 403 Forbidden: \"{\\\"message\\\":\\\"locked out\\\"}\""
    );
    assert_eq!(server.counts(), (2, 1));
    // A later call tries again.
    let _ = call(&signed_in, &NEEDS_KEY).await.unwrap_err();
    assert_eq!(server.counts(), (3, 2));
    // And the first login's failure is `with_login`'s error.
    let server = Sessions::start(0, 0).await;
    let err = Client::new(&server.url)
        .unwrap()
        .with_login(login)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
}

#[tokio::test]
async fn a_401_from_an_operation_that_does_not_send_the_session_logs_in_no_more() {
    let server = Sessions::start(u32::MAX, 0).await;
    let signed_in = server.signed_in().await;
    server.expire();
    let err = call(&signed_in, &NEEDS_BEARER).await.unwrap_err();
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.counts(), (1, 1));
}

#[tokio::test]
async fn the_session_client_shows_no_secret() {
    let server = Sessions::start(u32::MAX, 0).await;
    let signed_in = server.signed_in().await;
    let shown = format!("{signed_in:?}");
    assert!(
        !shown.contains("s-1") && !shown.contains("pw-secret-1"),
        "{shown}"
    );
}
