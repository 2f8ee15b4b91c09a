//! Traces (the `tracing` feature): one span per exchange, naming the operation and its
//! path template, and never a credential or a secret.

use super::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Every span, field and event, as text: `span exchange: operation=..., ...` lines.
#[derive(Default)]
struct Collect {
    text: Arc<Mutex<String>>,
    ids: AtomicU64,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push_str(&format!(" {}={value}", field.name()));
    }
}

impl Subscriber for Collect {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let id = self.ids.fetch_add(1, Ordering::SeqCst) + 1;
        let mut line = format!("\nspan {id} {}:", span.metadata().name());
        span.record(&mut Fields(&mut line));
        self.text.lock().unwrap().push_str(&line);
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut line = format!("\nrecord {}:", span.into_u64());
        values.record(&mut Fields(&mut line));
        self.text.lock().unwrap().push_str(&line);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut line = "\nevent:".to_owned();
        event.record(&mut Fields(&mut line));
        self.text.lock().unwrap().push_str(&line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn each_exchange_is_a_span_with_the_template_and_no_secret() {
    let collect = Collect::default();
    let text = collect.text.clone();
    let _default = tracing::subscriber::set_default(collect);
    // With a single dispatcher registered, tracing asks the other tests' threads (which
    // have none) whether a callsite is on, and caches their "never": a second one makes it
    // ask every registered dispatcher, and the cache is then built again.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    tracing::callsite::rebuild_interest_cache();

    let answer = |status: &str| {
        format!("HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
    };
    let mut server =
        Scripted::start(vec![answer("503 Service Unavailable"), answer("200 OK")]).await;
    let client = with_every_place(&format!("{}/v2", server.origin));
    let client = with_credential(&client, &API_KEY, "key-secret-1").unwrap();
    let client = Client {
        inner: Arc::new(crate::client::Inner {
            pause: crate::retry::Pause {
                sleep: Some(Arc::new(|_| Box::pin(async {}))),
                jitter: None,
            },
            ..(*client.inner).clone()
        }),
    };
    let segment = path_value("id", &"thing-42").unwrap();
    let body_secret = "pw-secret-2".to_owned();
    let response = Request::new(&client, Method::GET, &["things", &segment])
        .operation("getThing", "/things/{id}")
        .query("token", &"q-secret-3", QueryStyle::Exploded)
        .unwrap()
        .json(
            "application/json",
            Some(&serde_json::json!({"p": body_secret})),
        )
        .redacting(&body_secret)
        .send(&[&API_KEY, &QUERY_KEY, &COOKIE_KEY, &BASIC])
        .await
        .unwrap();
    assert_eq!((response.status(), response.attempts), (200, 2));
    let requests = server.requests();
    assert!(requests[0].contains("key-secret-1"), "{requests:?}");

    let text = text.lock().unwrap().clone();
    let spans: Vec<&str> = text.lines().filter(|l| l.starts_with("span ")).collect();
    assert_eq!(
        spans,
        [
            "span 1 exchange: operation=getThing method=GET path=/things/{id} attempt=1",
            "span 2 exchange: operation=getThing method=GET path=/things/{id} attempt=2",
        ],
        "{text}"
    );
    assert!(
        text.contains("\nrecord 1: status=503\nrecord 1: duration_ms="),
        "{text}"
    );
    assert!(
        text.contains("\nrecord 2: status=200\nrecord 2: duration_ms="),
        "{text}"
    );
    assert!(
        text.contains("event: message=a transient failure: sending again attempt=1 wait_ms="),
        "{text}"
    );
    for secret in [
        "key-secret-1",
        "pw-secret-2",
        "q-secret-3",
        "thing-42",
        "q+k/1",
        "q%2Bk",
        "c-k-2",
        "pa:ss",
        "YW5uOnBh",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}
