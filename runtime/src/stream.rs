//! A success body read item by item, for OpenAPI 3.2's sequential media types
//! (`itemSchema`): server-sent events (`text/event-stream`), JSON lines
//! (`application/jsonl`, `application/x-ndjson`) and JSON text sequences
//! (`application/json-seq`, RFC 7464).
//!
//! The same in every generated crate whose API streams; copied only into those.

use crate::client::Client;
use crate::error::Error;
use crate::request::{Redactor, Response, Secrecy};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

/// How the items of a streamed body are cut apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// `text/event-stream`, read as the WHATWG HTML standard's "event stream
    /// interpretation" says: each event is decoded as the JSON object
    /// `{"data", "event", "id", "retry"}` (the fields it has), its `data` the JSON text the
    /// lines hold when `json_data`, else their text.
    Sse {
        /// The item type's `data` is not text: the lines hold JSON.
        json_data: bool,
    },
    /// One JSON text per line (LF or CRLF); blank lines are skipped.
    JsonLines,
    /// Each JSON text after a record separator (RS, 0x1E), RFC 7464.
    JsonSeq,
}

/// The record separator of RFC 7464.
const RS: u8 = 0x1E;

/// A success body read item by item: the answer to an operation whose API documents it as a
/// sequence (OpenAPI 3.2 `itemSchema` on `text/event-stream`, `application/jsonl`,
/// `application/x-ndjson` or `application/json-seq`), each item decoded as `T` as it comes.
///
/// Read it with [`ItemStream::next`] (`while let Some(item) = stream.next().await`), or as
/// a [`futures_core::Stream`] of `Result<T, Error>` (with `futures`' `StreamExt`). It ends
/// (`None`) when the server ends the body.
///
/// - Memory is bounded: one item (for server-sent events, one event's lines) larger than the
///   client's limit ([`crate::ClientBuilder::max_response_bytes`], 32 MiB by default) is
///   [`Error::ItemTooLarge`], and the stream ends; the body as a whole has no limit.
/// - An item that does not decode as `T` is [`Error::ItemDecode`], naming its index (from
///   0): its framing is intact, so the stream goes on with the next item.
/// - The connection failing or timing out is [`Error::Transport`], and the stream ends. The
///   client's timeout ([`crate::ClientBuilder::timeout`], 60 seconds by default) covers the
///   whole exchange, body included: give a long stream its own with
///   [`crate::RequestOptions::timeout`].
///
/// The request was sent again (after a transient failure, as the client's
/// [`crate::RetryPolicy`] says) only before the answer's first byte: once items come, a
/// failure ends the stream, never repeats items.
#[must_use = "a stream yields its items only when read"]
pub struct ItemStream<T> {
    /// The rest of the body; `None` once it ended or failed.
    body: Option<reqwest::Body>,
    /// Bytes received; those from `start` are not cut into items yet (at most one item's
    /// once what is whole is cut).
    buffer: Vec<u8>,
    /// The first byte of `buffer` not cut yet: items are cut by moving it, and the bytes
    /// before it are dropped once per chunk received, so cutting stays linear.
    start: usize,
    /// How far `buffer` is known to hold no delimiter.
    scanned: usize,
    framing: Framing,
    /// The event being read, for server-sent events.
    event: Event,
    /// The index of the next item.
    index: u64,
    /// The most bytes one item may have.
    limit: usize,
    /// The item type's name, for errors.
    expected: &'static str,
    /// Whether items hold secrets (errors never quote those).
    secrecy: Secrecy,
    status: StatusCode,
    /// What error text must not show: the client's credentials, the request's secrets.
    client: Client,
    secrets: Vec<String>,
    item: PhantomData<fn() -> T>,
}

/// The fields of a server-sent event being read, and what lasts from one event to the next.
#[derive(Default)]
struct Event {
    /// The `data` lines, each followed by `\n`.
    data: String,
    /// The `event` field (the event type); empty for none (`message`).
    kind: String,
    /// The last `id` field, which lasts into the next events.
    last_id: String,
    /// The `retry` field, when the event has a valid one (milliseconds).
    retry: Option<u64>,
    /// The last line ended with CR: an LF right after it ends nothing.
    after_cr: bool,
    /// A byte order mark may still start the stream.
    at_start: bool,
}

impl<T> std::fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ItemStream")
            .field("status", &self.status)
            .field("items_read", &self.index)
            .field("ended", &self.body.is_none())
            .finish_non_exhaustive()
    }
}

impl Response<'_> {
    /// The body as a stream of items of `T` framed by `framing`, `expected` naming `T` in
    /// errors; with `Secrecy::HoldsSecret`, `T` holds secrets, so errors never quote an item.
    pub(crate) fn stream<T: DeserializeOwned>(
        self,
        framing: Framing,
        expected: &'static str,
        secrecy: Secrecy,
    ) -> Result<ItemStream<T>, Error> {
        let body = match self.unread {
            Some(response) => reqwest::Body::from(response),
            None => reqwest::Body::from(self.body),
        };
        Ok(ItemStream {
            body: Some(body),
            buffer: Vec::new(),
            start: 0,
            scanned: 0,
            framing,
            event: Event {
                at_start: true,
                ..Event::default()
            },
            index: 0,
            limit: self.redactor.client.inner.max_response_bytes,
            expected,
            secrecy,
            status: self.status,
            client: self.redactor.client.clone(),
            secrets: self.redactor.secrets,
            item: PhantomData,
        })
    }
}

/// What cutting the buffer gave.
enum Cut {
    /// An item's bytes (for server-sent events, the event's object as JSON already).
    Item(Result<Vec<u8>, String>),
    /// Nothing whole yet.
    More,
    /// An item past the limit.
    TooLarge,
}

impl<T: DeserializeOwned> ItemStream<T> {
    /// The next item; `None` once the body has ended (or after an error that ends it).
    ///
    /// # Errors
    ///
    /// [`Error::ItemDecode`] for an item that is not a `T` (the stream goes on);
    /// [`Error::ItemTooLarge`] for an item past the client's limit and [`Error::Transport`]
    /// when the connection fails or times out (the stream ends).
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        use http_body::Body as _;
        loop {
            let ended = self.body.is_none();
            let too_large = match self.cut(ended) {
                Cut::Item(item) => return Poll::Ready(Some(self.decode(item))),
                Cut::TooLarge => true,
                // What is held now is one unfinished item (for events, its data and a line).
                Cut::More => self.event.data.len() + self.buffer.len() - self.start > self.limit,
            };
            if too_large {
                self.body = None;
                self.buffer = Vec::new();
                (self.start, self.scanned) = (0, 0);
                self.event.data = String::new();
                return Poll::Ready(Some(Err(Error::ItemTooLarge {
                    index: self.index,
                    limit: self.limit,
                })));
            }
            let Some(body) = self.body.as_mut() else {
                return Poll::Ready(None);
            };
            match Pin::new(body).poll_frame(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => self.body = None,
                Poll::Ready(Some(Err(e))) => {
                    self.body = None;
                    self.buffer = Vec::new();
                    (self.start, self.scanned) = (0, 0);
                    return Poll::Ready(Some(Err(crate::request::transport(e))));
                }
                Poll::Ready(Some(Ok(frame))) => {
                    if let Ok(data) = frame.into_data() {
                        // What is cut goes, once per chunk.
                        self.buffer.drain(..self.start);
                        self.scanned -= self.start.min(self.scanned);
                        self.start = 0;
                        self.buffer.extend_from_slice(&data);
                    }
                }
            }
        }
    }

    /// Cuts the next whole item from the buffer; at the end of the body (`ended`), what is
    /// left is the last item of JSON lines and sequences (an unfinished event is dropped, as
    /// the HTML standard says).
    fn cut(&mut self, ended: bool) -> Cut {
        loop {
            let delimiter = match self.framing {
                Framing::Sse { json_data } => return self.cut_event(ended, json_data),
                Framing::JsonLines => b'\n',
                Framing::JsonSeq => RS,
            };
            let from = self.scanned.max(self.start).min(self.buffer.len());
            let found = self.buffer[from..].iter().position(|b| *b == delimiter);
            let piece: Vec<u8> = match found {
                Some(at) => {
                    let piece = self.buffer[self.start..from + at].to_vec();
                    self.start = from + at + 1;
                    piece
                }
                None if ended && self.start < self.buffer.len() => {
                    let piece = self.buffer[self.start..].to_vec();
                    self.start = self.buffer.len();
                    piece
                }
                None => {
                    self.scanned = self.buffer.len();
                    return Cut::More;
                }
            };
            self.scanned = self.start;
            if piece.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if piece.len() > self.limit {
                return Cut::TooLarge;
            }
            return Cut::Item(Ok(piece));
        }
    }

    /// Reads lines of server-sent events until one ends an event that has data.
    fn cut_event(&mut self, ended: bool, json_data: bool) -> Cut {
        loop {
            let event = &mut self.event;
            let rest = &self.buffer[self.start..];
            if event.at_start {
                if rest.len() < 3 && !ended && b"\xEF\xBB\xBF".starts_with(rest) {
                    return Cut::More;
                }
                if rest.starts_with(b"\xEF\xBB\xBF") {
                    self.start += 3;
                }
                event.at_start = false;
            }
            if event.after_cr && self.start < self.buffer.len() {
                if self.buffer[self.start] == b'\n' {
                    self.start += 1;
                }
                event.after_cr = false;
            }
            let from = self.scanned.max(self.start).min(self.buffer.len());
            let Some(at) = self.buffer[from..]
                .iter()
                .position(|b| matches!(b, b'\n' | b'\r'))
            else {
                // An event not ended by a blank line when the body ends is not dispatched.
                self.scanned = self.buffer.len();
                return Cut::More;
            };
            let end = from + at;
            event.after_cr = self.buffer[end] == b'\r';
            let line = String::from_utf8_lossy(&self.buffer[self.start..end]).into_owned();
            self.start = end + 1;
            self.scanned = self.start;
            if line.is_empty() {
                if event.data.len() > self.limit {
                    return Cut::TooLarge;
                }
                if let Some(item) = event.dispatch(json_data) {
                    return Cut::Item(item);
                }
                continue;
            }
            if line.starts_with(':') {
                continue;
            }
            let (field, value) = match line.split_once(':') {
                Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
                None => (line.as_ref(), ""),
            };
            match field {
                "event" => value.clone_into(&mut event.kind),
                "data" => {
                    event.data.push_str(value);
                    event.data.push('\n');
                }
                "id" if !value.contains('\0') => value.clone_into(&mut event.last_id),
                "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                    event.retry = value.parse().ok();
                }
                _ => {}
            }
        }
    }

    /// Decodes one item, counting it.
    fn decode(&mut self, item: Result<Vec<u8>, String>) -> Result<T, Error> {
        let index = self.index;
        self.index += 1;
        let fault = match item {
            Ok(bytes) => match serde_json::from_slice::<T>(&bytes) {
                Ok(value) => return Ok(value),
                Err(e) => (bytes, e),
            },
            Err(data) => {
                let e = serde_json::from_str::<serde_json::Value>(&data)
                    .err()
                    .unwrap_or_else(|| serde::de::Error::custom("not JSON"));
                (data.into_bytes(), e)
            }
        };
        let (bytes, e) = fault;
        let redactor = Redactor {
            client: &self.client,
            secrets: self.secrets.clone(),
        };
        let (item_prefix, detail) = redactor.decode_failure(&bytes, &e, self.secrecy);
        Err(Error::ItemDecode {
            index,
            expected: self.expected,
            item_prefix,
            detail,
        })
    }
}

impl Event {
    /// A blank line: the event read so far as an item, when it has data; then a new event
    /// (its `id` lasts). `Err` holds a `data` that should have been JSON and is not.
    fn dispatch(&mut self, json_data: bool) -> Option<Result<Vec<u8>, String>> {
        let retry = self.retry.take();
        let kind = std::mem::take(&mut self.kind);
        if self.data.is_empty() {
            return None;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        let data = if json_data {
            match serde_json::from_str(&data) {
                Ok(value) => value,
                Err(_) => return Some(Err(data)),
            }
        } else {
            serde_json::Value::String(data)
        };
        Some(Ok(self.object(data, kind, retry)))
    }

    /// The event as the JSON object OpenAPI 3.2 models it as: `data`, and `event`, `id`,
    /// `retry` when it has them.
    fn object(&self, data: serde_json::Value, kind: String, retry: Option<u64>) -> Vec<u8> {
        let mut object = serde_json::Map::new();
        object.insert("data".to_owned(), data);
        if !kind.is_empty() {
            object.insert("event".to_owned(), serde_json::Value::String(kind));
        }
        if !self.last_id.is_empty() {
            object.insert(
                "id".to_owned(),
                serde_json::Value::String(self.last_id.clone()),
            );
        }
        if let Some(retry) = retry {
            object.insert("retry".to_owned(), retry.into());
        }
        serde_json::to_vec(&object).unwrap_or_default()
    }
}

impl<T: DeserializeOwned> futures_core::Stream for ItemStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}
