//! Success bodies read item by item (`stream.rs`): server-sent events, JSON lines and JSON
//! text sequences, cut wherever the server's chunks fall; items that do not decode, items
//! past the limit, error statuses read whole.

use super::*;
use crate::stream::{Framing, ItemStream};
use serde::Deserialize;

/// An answer of status 200 whose body comes in `pieces`, one HTTP chunk each.
fn chunked(content_type: &str, pieces: &[&str]) -> &'static str {
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n"
    );
    for piece in pieces {
        answer.push_str(&format!("{:x}\r\n{piece}\r\n", piece.len()));
    }
    answer.push_str("0\r\n\r\n");
    Box::leak(answer.into_boxed_str())
}

/// Sends a streamed request to a server answering `answer`, with the client `builder`
/// makes; the request it read, and the answer.
async fn streamed_with(
    answer: &'static str,
    builder: impl FnOnce(crate::ClientBuilder) -> crate::ClientBuilder,
) -> (String, Response<'static>) {
    let (url, seen) = server(answer).await;
    let client = builder(Client::builder(&url).retries(0)).build().unwrap();
    let client: &'static Client = Box::leak(Box::new(client));
    let response = Request::new(client, Method::GET, &["events"])
        .accept("text/event-stream")
        .streamed()
        .send(&[])
        .await
        .unwrap();
    (seen.await.unwrap(), response)
}

async fn streamed(answer: &'static str) -> Response<'static> {
    streamed_with(answer, |b| b).await.1
}

/// Every item, then what ended the stream (`None`: its end).
async fn all<T: serde::de::DeserializeOwned>(mut stream: ItemStream<T>) -> Vec<Result<T, String>> {
    let mut out = Vec::new();
    while let Some(item) = stream.next().await {
        out.push(item.map_err(|e| e.to_string()));
    }
    // Ended for good.
    assert!(stream.next().await.is_none());
    out
}

#[derive(Debug, PartialEq, Deserialize)]
struct Tick {
    n: u32,
}

#[tokio::test]
async fn json_lines_are_items_wherever_the_chunks_cut_them() {
    let answer = chunked(
        "application/jsonl",
        &[
            "{\"n\":1}\n{\"n\"",
            ":2}\r\n\r\n  \n{\"n\":3",
            "}\r",
            "\n{\"n\":4}",
        ],
    );
    let (request, response) = streamed_with(answer, |b| b).await;
    assert_eq!(lines(&request)[0], "GET /v2/events HTTP/1.1");
    assert!(
        lines(&request).contains(&"accept: text/event-stream"),
        "{request}"
    );
    let items = ticks(response, Framing::JsonLines).await;
    // Blank lines are skipped, CRLF ends a line, and the last needs no line break.
    assert_eq!(items, [1, 2, 3, 4]);
}

#[tokio::test]
async fn an_item_that_does_not_decode_is_its_own_error_and_the_stream_goes_on() {
    let answer = chunked(
        "application/x-ndjson",
        &["{\"n\":1}\n{\"n\":\"two\"}\nnot json\n{\"n\":4}\n"],
    );
    let stream = streamed(answer)
        .await
        .stream::<Tick>(Framing::JsonLines, "Tick", Secrecy::NoSecret)
        .unwrap();
    let items = all(stream).await;
    assert_eq!(items.len(), 4, "{items:?}");
    assert_eq!(items[0], Ok(Tick { n: 1 }));
    assert_eq!(
        items[1],
        Err(r#"item 1 of the streamed body is not a valid Tick (invalid type: string "two", expected u32 at line 1 column 10); item: "{\"n\":\"two\"}""#.to_owned())
    );
    assert_eq!(
        items[2],
        Err(r#"item 2 of the streamed body is not a valid Tick (expected ident at line 1 column 2); item: "not json""#.to_owned())
    );
    assert_eq!(items[3], Ok(Tick { n: 4 }));
    // The error names the index as a field too.
    let stream = streamed(chunked("application/jsonl", &["[]\n"]))
        .await
        .stream::<Tick>(Framing::JsonLines, "Tick", Secrecy::HoldsSecret)
        .unwrap();
    let mut stream = stream;
    let err = stream.next().await.unwrap().unwrap_err();
    assert!(
        matches!(
            &err,
            Error::ItemDecode {
                index: 0,
                expected: "Tick",
                item_prefix: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "item 0 of the streamed body is not a valid Tick (a missing field or a value of the wrong type at line 1 column 2); the item is not shown because it may hold secrets"
    );
}

#[tokio::test]
async fn json_text_sequences_are_cut_at_record_separators() {
    let answer = chunked(
        "application/json-seq",
        &[
            "\u{1e}{\"n\":1}\n\u{1e}{\"n\"",
            ":2}\n\u{1e}\n\u{1e}{\"n\":3}",
        ],
    );
    let stream = streamed(answer)
        .await
        .stream::<Tick>(Framing::JsonSeq, "Tick", Secrecy::NoSecret)
        .unwrap();
    let items: Vec<u32> = all(stream)
        .await
        .into_iter()
        .map(|t| t.unwrap().n)
        .collect();
    assert_eq!(items, [1, 2, 3]);
}

/// An event as OpenAPI 3.2 models one: an object of its fields.
#[derive(Debug, PartialEq, Deserialize)]
struct Event<D> {
    data: D,
    event: Option<String>,
    id: Option<String>,
    retry: Option<u64>,
}

#[tokio::test]
async fn server_sent_events_are_read_as_the_html_standard_says() {
    let answer = chunked(
        "text/event-stream",
        &[
            // A byte order mark, a comment, two data lines joined by `\n`.
            "\u{feff}: hello\ndata: first\ndata:  second\n\n",
            // `event`, `id` (which lasts), `retry`; CRLF split across chunks; a field
            // without a colon; unknown fields ignored.
            "event: tick\r",
            "\nid: 7\r\nretry: 1500\r\nfoo: bar\r\ndata\r\n\r\n",
            // CR alone ends lines; the id lasts; an invalid retry is ignored.
            "data: third\rretry: soon\r\r",
            // An event without data is not dispatched; an empty id clears it.
            "event: nothing\n\nid\ndata:fourth\n\n",
            // An event the body ends before its blank line is dropped.
            "data: unfinished\n",
        ],
    );
    let stream = streamed(answer)
        .await
        .stream::<Event<String>>(
            Framing::Sse { json_data: false },
            "Event",
            Secrecy::NoSecret,
        )
        .unwrap();
    let items: Vec<Event<String>> = all(stream).await.into_iter().map(Result::unwrap).collect();
    let event = |data: &str, event: Option<&str>, id: Option<&str>, retry| Event {
        data: data.to_owned(),
        event: event.map(str::to_owned),
        id: id.map(str::to_owned),
        retry,
    };
    assert_eq!(
        items,
        [
            event("first\n second", None, None, None),
            event("", Some("tick"), Some("7"), Some(1500)),
            event("third", None, Some("7"), None),
            event("fourth", None, None, None),
        ]
    );
}

#[tokio::test]
async fn event_data_is_json_when_the_item_type_says_so() {
    let answer = chunked(
        "text/event-stream",
        &["data: {\"n\":\ndata: 1}\n\ndata: oops\n\ndata: {\"n\":3}\n\n"],
    );
    let stream = streamed(answer)
        .await
        .stream::<Event<Tick>>(Framing::Sse { json_data: true }, "Event", Secrecy::NoSecret)
        .unwrap();
    let items = all(stream).await;
    assert_eq!(items.len(), 3, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().data, Tick { n: 1 });
    assert_eq!(
        items[1],
        Err(r#"item 1 of the streamed body is not a valid Event (expected value at line 1 column 1); item: "oops""#.to_owned())
    );
    assert_eq!(items[2].as_ref().unwrap().data, Tick { n: 3 });
}

#[tokio::test]
async fn an_item_past_the_limit_ends_the_stream_whatever_the_framing() {
    let long = "x".repeat(40);
    let line: &'static str = Box::leak(format!("{{\"n\":1}}\n\"{long}").into_boxed_str());
    let event: &'static str = Box::leak(
        format!("data: {{\"n\":1}}\n\ndata: 1\ndata: {long}\n\ndata: 2\n\n").into_boxed_str(),
    );
    let whole: &'static str =
        Box::leak(format!("{{\"n\":1}}\n\"{long}\"\n{{\"n\":3}}\n").into_boxed_str());
    for (framing, pieces) in [
        // Never ended: the limit is met while the line is still coming.
        (Framing::JsonLines, [line, "more", "more"]),
        // Come whole in one chunk, it is refused all the same.
        (Framing::JsonLines, [whole, "", ""]),
        (Framing::JsonSeq, ["\u{1e}{\"n\":1}\n\u{1e}", line, "\n"]),
        (Framing::Sse { json_data: true }, [event, "", ""]),
    ] {
        let pieces: Vec<&str> = pieces.into_iter().filter(|p| !p.is_empty()).collect();
        let answer = chunked("application/jsonl", &pieces);
        let (_, response) = streamed_with(answer, |b| b.max_response_bytes(32)).await;
        let mut stream = response
            .stream::<serde_json::Value>(framing, "Tick", Secrecy::NoSecret)
            .unwrap();
        assert!(stream.next().await.unwrap().is_ok(), "{framing:?}");
        let err = stream.next().await.unwrap().unwrap_err();
        assert!(
            matches!(
                err,
                Error::ItemTooLarge {
                    index: 1,
                    limit: 32
                }
            ),
            "{framing:?}: {err:?}"
        );
        assert_eq!(
            err.to_string(),
            "item 1 of the streamed body is larger than 32 bytes, the client's limit; the stream ends there; raise the limit with `ClientBuilder::max_response_bytes` if the API really sends items that large"
        );
        assert!(stream.next().await.is_none(), "{framing:?}");
    }
}

/// An item is handed over as soon as it has come, before the rest of the body is sent.
#[tokio::test]
async fn items_come_before_the_body_ends() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (go, rest) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        read_request(&mut socket).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n";
        let first = "data: 1\n\n";
        socket
            .write_all(format!("{head}{:x}\r\n{first}\r\n", first.len()).as_bytes())
            .await
            .unwrap();
        // The rest only once the client has read the first event.
        rest.await.unwrap();
        let second = "data: 2\n\n";
        socket
            .write_all(format!("{:x}\r\n{second}\r\n0\r\n\r\n", second.len()).as_bytes())
            .await
            .unwrap();
        socket.shutdown().await.unwrap();
    });
    let client = Client::builder(&url).build().unwrap();
    let first = async {
        let response = Request::new(&client, Method::GET, &[])
            .streamed()
            .send(&[])
            .await
            .unwrap();
        let mut stream = response
            .stream::<Event<u8>>(Framing::Sse { json_data: true }, "Event", Secrecy::NoSecret)
            .unwrap();
        let first = stream.next().await;
        (stream, first)
    };
    // Were the body read whole first, this would wait for ever: bounded, to fail instead.
    let (mut stream, first) = tokio::time::timeout(std::time::Duration::from_secs(30), first)
        .await
        .expect("the first event came before the rest of the body");
    assert_eq!(first.unwrap().unwrap().data, 1);
    go.send(()).unwrap();
    assert_eq!(stream.next().await.unwrap().unwrap().data, 2);
    assert!(stream.next().await.is_none());
    server.await.unwrap();
}

#[tokio::test]
async fn an_error_status_is_read_whole_for_the_api_error() {
    let response = streamed(
        "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 20\r\n\r\n{\"title\":\"no thing\"}",
    )
    .await;
    assert!(response.unread.is_none());
    assert_eq!(
        response.api_error(ApiErrorBody::Problem).to_string(),
        "the server answered 404 Not Found: no thing"
    );
}

#[tokio::test]
async fn an_item_never_shows_a_credential() {
    let (url, _seen) = server(chunked("application/jsonl", &["{\"n\":\"key-1234\"}\n"])).await;
    let client = Client::builder(&url).api_key("key-1234").build().unwrap();
    let response = Request::new(&client, Method::GET, &[])
        .streamed()
        .send(&[&API_KEY])
        .await
        .unwrap();
    let mut stream = response
        .stream::<Tick>(Framing::JsonLines, "Tick", Secrecy::NoSecret)
        .unwrap();
    let err = stream.next().await.unwrap().unwrap_err().to_string();
    assert!(!err.contains("key-1234"), "{err}");
    assert!(err.contains("***"), "{err}");
}

#[tokio::test]
async fn the_stream_is_a_futures_stream() {
    fn stream<S: futures_core::Stream<Item = Result<Tick, Error>> + Send + Unpin + 'static>(_: &S) {
    }
    let items = streamed(chunked("application/jsonl", &["{\"n\":1}\n"]))
        .await
        .stream::<Tick>(Framing::JsonLines, "Tick", Secrecy::NoSecret)
        .unwrap();
    stream(&items);
    assert_eq!(
        format!("{items:?}"),
        "ItemStream { status: 200, items_read: 0, ended: false, .. }"
    );
}

/// A transient failure before the answer is retried as for any request; the stream is the
/// answer of the last attempt.
#[tokio::test]
async fn a_stream_is_retried_before_its_answer_only() {
    let mut server = Scripted::start(vec![
        "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 4\r\nconnection: close\r\n\r\nbusy"
            .to_owned(),
        chunked("application/jsonl", &["{\"n\":1}\n", "{\"n\":2}\n"]).to_owned(),
    ])
    .await;
    let client = Client::new(&server.origin).unwrap();
    let client = Client {
        inner: std::sync::Arc::new(crate::client::Inner {
            pause: crate::retry::Pause {
                sleep: Some(std::sync::Arc::new(|_| Box::pin(async {}))),
                jitter: None,
            },
            ..(*client.inner).clone()
        }),
    };
    let response = Request::new(&client, Method::GET, &["logs"])
        .streamed()
        .send(&[])
        .await
        .unwrap();
    assert_eq!((response.status(), response.attempts), (200, 2));
    let items = ticks(response, Framing::JsonLines).await;
    assert_eq!(items, [1, 2]);
    assert_eq!(server.requests().len(), 2);
}

/// Many items in one chunk: each is cut where it ends, in order, none lost (cutting moves
/// an offset rather than shifting the buffer, so a chunk of a million lines stays linear).
#[tokio::test]
async fn many_items_in_one_chunk_come_in_order() {
    for (framing, item) in [
        (Framing::JsonLines, "1\n"),
        (Framing::JsonSeq, "\u{1e}1\n"),
        (Framing::Sse { json_data: true }, "data: 1\n\n"),
    ] {
        let count = 1 << 18;
        let body = item.repeat(count);
        let answer = format!(
            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        let answer: &'static str = Box::leak(answer.into_boxed_str());
        let started = std::time::Instant::now();
        let mut stream = streamed(answer)
            .await
            .stream::<serde_json::Value>(framing, "n", Secrecy::NoSecret)
            .unwrap();
        let mut n = 0;
        while let Some(item) = stream.next().await {
            let item = item.unwrap();
            let value = item.get("data").unwrap_or(&item);
            assert_eq!(value, 1, "{framing:?}");
            n += 1;
        }
        assert_eq!(n, count, "{framing:?}");
        eprintln!("{framing:?}: {count} items in {:?}", started.elapsed());
    }
}

/// The `n` of each item of `response`'s body, read as `Tick`s framed by `framing`; every
/// item must decode.
async fn ticks(response: Response<'_>, framing: Framing) -> Vec<u32> {
    let stream = response
        .stream::<Tick>(framing, "Tick", Secrecy::NoSecret)
        .unwrap();
    all(stream)
        .await
        .into_iter()
        .map(|t| t.unwrap().n)
        .collect()
}
