//! Retries: which failures are sent again, how many times, and the waits between attempts.

use super::*;
use crate::request::Pending;
use crate::retry::{retry_after, Pause, RetryPolicy};
use crate::RequestOptions;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

const OK: &str = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok";

fn answer(status: &str, headers: &str) -> String {
    format!("HTTP/1.1 {status}\r\n{headers}content-length: 4\r\nconnection: close\r\n\r\nbusy")
}

/// `client` with the waits between attempts recorded (and not waited) and the jitter `unit`.
fn recording(client: Client, unit: f64) -> (Client, Arc<Mutex<Vec<Duration>>>) {
    let waits = Arc::new(Mutex::new(Vec::new()));
    let seen = waits.clone();
    let mut inner = (*client.inner).clone();
    inner.pause = Pause {
        sleep: Some(Arc::new(move |wait| {
            seen.lock().unwrap().push(wait);
            Box::pin(async {})
        })),
        jitter: Some(Arc::new(move || unit)),
    };
    (
        Client {
            inner: Arc::new(inner),
        },
        waits,
    )
}

/// A client of `server` under `/v2`, [`recording`] with the jitter `unit`.
fn recorded_client(server: &Scripted, unit: f64) -> (Client, Arc<Mutex<Vec<Duration>>>) {
    recording(Client::new(&format!("{}/v2", server.origin)).unwrap(), unit)
}

fn waits(recorded: &Arc<Mutex<Vec<Duration>>>) -> Vec<Duration> {
    recorded.lock().unwrap().clone()
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// The request line of each request.
fn request_lines(requests: &[String]) -> Vec<&str> {
    requests.iter().map(|r| lines(r)[0]).collect()
}

#[tokio::test]
async fn a_get_answered_503_then_200_is_sent_again_after_the_backoff() {
    let mut server = Scripted::start(vec![
        answer("503 Service Unavailable", ""),
        answer("502 Bad Gateway", ""),
        OK.to_owned(),
    ])
    .await;
    let (client, recorded) = recorded_client(&server, 0.5);
    let response = sent(&client, Method::GET, &["things"]).await;
    assert_eq!((response.status(), response.attempts), (200, 3));
    assert_eq!(
        request_lines(&server.requests()),
        ["GET /v2/things HTTP/1.1"; 3]
    );
    // Full jitter of 200 ms, then of 400 ms, at one half.
    assert_eq!(waits(&recorded), [ms(100), ms(200)]);
}

#[tokio::test]
async fn retry_after_in_seconds_or_as_a_date_is_waited_even_past_the_backoff_cap() {
    let in_ten = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(10));
    let mut server = Scripted::start(vec![
        answer("429 Too Many Requests", "retry-after: 7\r\n"),
        answer(
            "503 Service Unavailable",
            &format!("retry-after: {in_ten}\r\n"),
        ),
        OK.to_owned(),
    ])
    .await;
    let (client, recorded) = recorded_client(&server, 0.5);
    let response = sent(&client, Method::DELETE, &["things"]).await;
    assert_eq!((response.status(), response.attempts), (200, 3));
    assert_eq!(server.requests().len(), 3);
    let waits = waits(&recorded);
    assert_eq!(waits[0], Duration::from_secs(7));
    // An HTTP date has whole seconds: 9 to 10 s from now.
    assert!(
        waits[1] > Duration::from_secs(8) && waits[1] <= Duration::from_secs(10),
        "{waits:?}"
    );
}

#[tokio::test]
async fn a_retry_after_past_the_budget_ends_the_retries_at_once() {
    let mut server = Scripted::start(vec![
        answer("503 Service Unavailable", "retry-after: 31\r\n"),
        OK.to_owned(),
    ])
    .await;
    let (client, recorded) = recorded_client(&server, 0.5);
    let response = sent(&client, Method::GET, &[]).await;
    assert_eq!((response.status(), response.attempts), (503, 1));
    assert_eq!(server.requests().len(), 1);
    assert_eq!(waits(&recorded), []);
}

#[tokio::test]
async fn waits_stop_at_the_budget_and_the_error_says_how_many_attempts_were_made() {
    let mut server = Scripted::start(vec![answer("503 Service Unavailable", ""); 5]).await;
    let client = Client::builder(format!("{}/v2", server.origin))
        .retry_policy(
            RetryPolicy::new()
                .retries(4)
                .initial_backoff(ms(100))
                .max_backoff(ms(300))
                .budget(ms(500)),
        )
        .build()
        .unwrap();
    let (client, recorded) = recording(client, 0.999_999);
    let pending: Pending<'_, ()> = Pending::new(
        Ok(Request::new(&client, Method::GET, &[])),
        &[],
        |response| Err(response.api_error_text()),
    );
    let err = pending.await.unwrap_err();
    // 100 + 200 ms, then 300 ms would pass 500 ms.
    assert_eq!(waits(&recorded).len(), 2);
    assert_eq!(server.requests().len(), 3);
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(matches!(err.last_attempt(), Error::Api { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "after 3 attempts, the server answered 503 Service Unavailable: \"busy\""
    );
}

#[tokio::test]
async fn a_post_is_sent_once_unless_marked_idempotent() {
    for (mark, sent) in [(None, 1), (Some("document"), 2), (Some("options"), 2)] {
        let mut server =
            Scripted::start(vec![answer("503 Service Unavailable", ""), OK.to_owned()]).await;
        let (client, _) = recorded_client(&server, 0.0);
        let mut request = Request::new(&client, Method::POST, &["things"])
            .json("application/json", Some(&serde_json::json!({"a": 1})));
        match mark {
            Some("document") => request = request.idempotent(true),
            Some(_) => request = request.options(RequestOptions::new().idempotent(true)),
            None => {}
        }
        let response = request.send(&[]).await.unwrap();
        let requests = server.requests();
        assert_eq!(requests.len(), sent, "{mark:?}");
        assert_eq!(response.attempts as usize, sent);
        assert!(
            requests.iter().all(|r| r.ends_with("{\"a\":1}")),
            "{requests:?}"
        );
    }
    // PATCH too.
    let mut server =
        Scripted::start(vec![answer("429 Too Many Requests", ""), OK.to_owned()]).await;
    let (client, _) = recorded_client(&server, 0.0);
    let response = sent(&client, Method::PATCH, &[]).await;
    assert_eq!((response.status(), server.requests().len()), (429, 1));
}

#[tokio::test]
async fn statuses_other_than_429_502_503_504_are_not_retried() {
    for status in [
        "400 Bad Request",
        "401 Unauthorized",
        "404 Not Found",
        "409 Conflict",
        "500 Internal Server Error",
        "501 Not Implemented",
    ] {
        let mut server = Scripted::start(vec![answer(status, ""), OK.to_owned()]).await;
        let (client, recorded) = recorded_client(&server, 0.0);
        let response = sent(&client, Method::GET, &[]).await;
        assert_eq!(server.requests().len(), 1, "{status}");
        assert_eq!(response.attempts, 1);
        assert!(waits(&recorded).is_empty());
    }
    for status in ["429 Too Many Requests", "504 Gateway Timeout"] {
        let mut server = Scripted::start(vec![answer(status, ""), OK.to_owned()]).await;
        let (client, _) = recorded_client(&server, 0.0);
        let response = sent(&client, Method::GET, &[]).await;
        assert_eq!(
            (response.status(), server.requests().len()),
            (200, 2),
            "{status}"
        );
    }
}

#[tokio::test]
async fn a_body_that_cannot_be_cloned_is_sent_once() {
    let mut server =
        Scripted::start(vec![answer("503 Service Unavailable", ""), OK.to_owned()]).await;
    let (client, recorded) = recorded_client(&server, 0.0);
    let form = reqwest::multipart::Form::new().text("name", "value");
    let response = Request::new(&client, Method::PUT, &["upload"])
        .multipart(Some(form))
        .send(&[])
        .await
        .unwrap();
    assert_eq!((response.status(), response.attempts), (503, 1));
    assert_eq!(server.requests().len(), 1);
    assert!(waits(&recorded).is_empty());
}

#[tokio::test]
async fn zero_retries_switch_them_off_for_the_client_or_one_request() {
    let mut server =
        Scripted::start(vec![answer("503 Service Unavailable", ""), OK.to_owned()]).await;
    let client = Client::builder(format!("{}/v2", server.origin))
        .retries(0)
        .build()
        .unwrap();
    let (client, _) = recording(client, 0.0);
    let response = sent(&client, Method::GET, &[]).await;
    assert_eq!((response.status(), server.requests().len()), (503, 1));

    let mut server =
        Scripted::start(vec![answer("503 Service Unavailable", ""), OK.to_owned()]).await;
    let (client, _) = recorded_client(&server, 0.0);
    let response = Request::new(&client, Method::GET, &[])
        .options(RequestOptions::new().retries(0))
        .send(&[])
        .await
        .unwrap();
    assert_eq!((response.status(), server.requests().len()), (503, 1));

    // And more than the client's, per request.
    let mut server = Scripted::start(vec![answer("503 Service Unavailable", ""); 4]).await;
    let client = Client::builder(format!("{}/v2", server.origin))
        .retries(0)
        .build()
        .unwrap();
    let (client, recorded) = recording(client, 0.0);
    let response = Request::new(&client, Method::GET, &[])
        .options(RequestOptions::new().retries(3))
        .send(&[])
        .await
        .unwrap();
    assert_eq!((response.attempts, server.requests().len()), (4, 4));
    assert_eq!(waits(&recorded).len(), 3);
}

#[tokio::test]
async fn a_connection_closed_before_the_answer_or_refused_is_retried() {
    // The first connection is closed without an answer, the second answered.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v2", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let mut seen = Vec::new();
        for answer in [None, Some(OK)] {
            let (mut socket, _) = listener.accept().await.unwrap();
            seen.push(read_request(&mut socket).await);
            if let Some(answer) = answer {
                socket.write_all(answer.as_bytes()).await.unwrap();
            }
            socket.shutdown().await.unwrap();
        }
        seen
    });
    let client = Client::new(&url).unwrap();
    let (client, recorded) = recording(client, 0.0);
    let response = sent(&client, Method::GET, &[]).await;
    assert_eq!((response.status(), response.attempts), (200, 2));
    assert_eq!(server.await.unwrap().len(), 2);
    assert_eq!(waits(&recorded), [Duration::ZERO]);

    // Nobody listening: every attempt fails to connect, and the error says so.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}/v2", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::new(&closed).unwrap();
    let (client, recorded) = recording(client, 0.5);
    let err = failed(&client, Method::GET, &[], &[]).await;
    assert_eq!(waits(&recorded), [ms(100), ms(200)]);
    assert_eq!(err.attempts(), 3);
    assert!(matches!(err.last_attempt(), Error::Transport(e) if e.is_connect()));
    let text = err.to_string();
    assert!(
        text.starts_with("after 3 attempts, request failed: "),
        "{text}"
    );
    assert!(!err.is_timeout() && err.status().is_none());
}

#[tokio::test]
async fn a_timeout_is_not_retried() {
    // A server that reads the request and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v2", listener.local_addr().unwrap());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let _server = tokio::spawn(async move {
        let mut open = Vec::new();
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let _ = tx.send(read_request(&mut socket).await);
            open.push(socket);
        }
    });
    let client = Client::new(&url).unwrap();
    let (client, _) = recording(client, 0.0);
    let err = Request::new(&client, Method::GET, &[])
        .options(RequestOptions::new().timeout(ms(200)))
        .send(&[])
        .await
        .err()
        .unwrap();
    assert!(err.is_timeout() && err.attempts() == 1, "{err:?}");
    assert!(rx.try_recv().is_ok());
    assert!(rx.try_recv().is_err());
}

#[tokio::test]
async fn extra_headers_are_sent_on_every_attempt_and_bad_ones_refused() {
    let mut server =
        Scripted::start(vec![answer("503 Service Unavailable", ""), OK.to_owned()]).await;
    let client = Client::builder(format!("{}/v2", server.origin))
        .api_key("key-1")
        .build()
        .unwrap();
    let (client, _) = recording(client, 0.0);
    let options = RequestOptions::new()
        .header("X-Request-Id", "42")
        .header("accept", "text/plain");
    assert_eq!(
        format!("{options:?}"),
        "RequestOptions { timeout: None, retries: None, idempotent: None, headers: [\"x-request-id\", \"accept\"] }"
    );
    Request::new(&client, Method::GET, &[])
        .accept("application/json")
        .options(options)
        .send(&[&API_KEY])
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        let lines = lines(request);
        assert!(lines.contains(&"x-request-id: 42"), "{request}");
        assert!(lines.contains(&"accept: text/plain"), "{request}");
        assert!(!lines.contains(&"accept: application/json"), "{request}");
        assert!(lines.contains(&"x-api-key: key-1"), "{request}");
    }
    for (options, message) in [
        (
            RequestOptions::new().header("bad name", "1"),
            "invalid client configuration: the extra header name \"bad name\" is not a valid HTTP header name; nothing was sent",
        ),
        (
            RequestOptions::new().header("x-a", "1\r\nx-b: 2"),
            "invalid client configuration: the value of the extra header `x-a` holds a line break or another byte not allowed in an HTTP header; nothing was sent",
        ),
    ] {
        let err = Request::new(&client, Method::GET, &[])
            .options(options)
            .send(&[])
            .await
            .err()
            .unwrap();
        assert_eq!(err.to_string(), message);
    }
}

#[test]
fn the_backoff_doubles_from_the_initial_one_up_to_the_cap_with_full_jitter() {
    let policy = RetryPolicy::new();
    assert_eq!(policy, RetryPolicy::default());
    let ceilings: Vec<Duration> = (1..=7).map(|n| policy.backoff(n, 1.0)).collect();
    assert_eq!(
        ceilings,
        [
            ms(200),
            ms(400),
            ms(800),
            ms(1600),
            ms(3200),
            ms(5000),
            ms(5000)
        ]
    );
    assert_eq!(policy.backoff(3, 0.25), ms(200));
    assert_eq!(policy.backoff(1, 0.0), Duration::ZERO);
    // Far retries neither overflow nor pass the cap.
    assert_eq!(policy.backoff(u32::MAX, 1.0), ms(5000));
    let huge = RetryPolicy::new()
        .initial_backoff(Duration::MAX)
        .max_backoff(Duration::MAX);
    assert_eq!(huge.backoff(40, 1.0), Duration::MAX);
    // The budget counts every wait; a Retry-After replaces the backoff.
    assert_eq!(policy.wait(1, None, Duration::ZERO, 0.5), Some(ms(100)));
    assert_eq!(
        policy.wait(1, Some(Duration::from_secs(20)), Duration::ZERO, 0.5),
        Some(Duration::from_secs(20))
    );
    assert_eq!(
        policy.wait(
            2,
            Some(Duration::from_secs(11)),
            Duration::from_secs(20),
            0.5
        ),
        None
    );
    assert_eq!(
        policy.wait(
            2,
            Some(Duration::from_secs(10)),
            Duration::from_secs(20),
            0.5
        ),
        Some(Duration::from_secs(10))
    );
    assert_eq!(RetryPolicy::none(), RetryPolicy::new().retries(0));
}

#[test]
fn retry_after_is_read_as_seconds_or_an_http_date_in_any_of_its_three_forms() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777); // 1994-11-06 08:49:37
    let value = |text: &str| reqwest::header::HeaderValue::from_str(text).unwrap();
    for (text, wait) in [
        ("120", Some(Duration::from_secs(120))),
        (" 0 ", Some(Duration::ZERO)),
        (
            "99999999999999999999999",
            Some(Duration::from_secs(u64::MAX)),
        ),
        (
            "Sun, 06 Nov 1994 08:50:07 GMT",
            Some(Duration::from_secs(30)),
        ),
        (
            "Sunday, 06-Nov-94 08:50:07 GMT",
            Some(Duration::from_secs(30)),
        ),
        ("Sun Nov  6 08:50:07 1994", Some(Duration::from_secs(30))),
        ("Sun, 06 Nov 1994 08:00:00 GMT", Some(Duration::ZERO)),
        ("-1", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
    ] {
        assert_eq!(retry_after(&value(text), now), wait, "{text:?}");
    }
}

#[test]
fn the_jitter_is_spread_over_zero_to_one() {
    let units: Vec<f64> = (0..1000).map(|_| crate::retry::random_unit()).collect();
    assert!(units.iter().all(|u| (0.0..1.0).contains(u)));
    assert!(units.iter().any(|u| *u < 0.1) && units.iter().any(|u| *u > 0.9));
}

/// The waits with tokio's clock paused: the call takes exactly what the server asked, and
/// no real time.
#[tokio::test(start_paused = true)]
async fn the_waits_are_slept_on_the_tokio_clock() {
    let mut server = Scripted::start(vec![
        answer("503 Service Unavailable", "retry-after: 2\r\n"),
        answer("503 Service Unavailable", "retry-after: 3\r\n"),
        OK.to_owned(),
    ])
    .await;
    // A reqwest client without timeouts: no timer of its own for the paused clock to reach.
    let client = Client::builder(format!("{}/v2", server.origin))
        .http_client(reqwest::Client::builder().no_proxy().build().unwrap())
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();
    let response = sent(&client, Method::GET, &[]).await;
    assert_eq!((response.status(), response.attempts), (200, 3));
    assert_eq!(started.elapsed(), Duration::from_secs(5));
    assert_eq!(server.requests().len(), 3);
}
