//! Retries and the options of one request: which failures are sent again, how long the
//! client waits before each new attempt (exponential backoff with full jitter, capped, and
//! `Retry-After`), within which total budget.
//!
//! The same in every generated crate. `Request::send` (in `request.rs`) runs the attempts;
//! this file decides what they wait.

use reqwest::header::{HeaderName, HeaderValue};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// How many times a request is sent again after a transient failure, by default: `2`, so
/// at most 3 attempts in all.
pub const DEFAULT_RETRIES: u32 = 2;
/// The longest wait before the first retry, by default (200 ms); each further retry may wait
/// twice as long as the one before, up to [`DEFAULT_MAX_BACKOFF`].
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(200);
/// The longest backoff before one retry, by default (5 s). A `Retry-After` may ask for
/// more, within the budget.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(5);
/// The most time one call spends waiting between its attempts, in all, by default (30 s).
/// A `Retry-After` that would go past it ends the retries at once.
pub const DEFAULT_RETRY_BUDGET: Duration = Duration::from_secs(30);

/// When and how a request is sent again after a transient failure (see
/// [`crate::ClientBuilder::retry_policy`]).
///
/// Retried, for idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`, `TRACE`) and
/// for operations the API description marks `x-idempotent: true` (or a request given
/// [`RequestOptions::idempotent`]): a failure to connect or a connection closed before the
/// answer's status line, and the answers `429 Too Many Requests`, `502 Bad Gateway`,
/// `503 Service Unavailable` and `504 Gateway Timeout`. Never retried: a timeout, any other
/// status, a failure while the answer's body is read, and a request whose body is a stream
/// (it cannot be sent twice).
///
/// Before retry `n` (1, 2, ...) the client waits a random time between zero and
/// `min(max_backoff, initial_backoff * 2^(n-1))` ("full jitter"), or what the answer's
/// `Retry-After` asks (seconds or an HTTP date), even past `max_backoff`. The waits of one
/// call never add up to more than `budget`: a wait that would go past it is not made, and
/// the last answer or failure is the call's result.
///
/// The default is [`RetryPolicy::new`]: [`DEFAULT_RETRIES`], [`DEFAULT_INITIAL_BACKOFF`],
/// [`DEFAULT_MAX_BACKOFF`], [`DEFAULT_RETRY_BUDGET`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) retries: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::new()
    }
}

impl RetryPolicy {
    /// The default policy: up to [`DEFAULT_RETRIES`] retries, backoff from
    /// [`DEFAULT_INITIAL_BACKOFF`] up to [`DEFAULT_MAX_BACKOFF`], [`DEFAULT_RETRY_BUDGET`] of
    /// waiting in all.
    pub const fn new() -> Self {
        RetryPolicy {
            retries: DEFAULT_RETRIES,
            initial_backoff: DEFAULT_INITIAL_BACKOFF,
            max_backoff: DEFAULT_MAX_BACKOFF,
            budget: DEFAULT_RETRY_BUDGET,
        }
    }

    /// No retries: every request is sent once.
    pub const fn none() -> Self {
        Self::new().retries(0)
    }

    /// How many times a request may be sent again (`0`: never; attempts are `retries + 1`).
    pub const fn retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }

    /// The longest wait before the first retry; each further one may wait twice as long.
    pub const fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff before one retry (a `Retry-After` may ask for more).
    pub const fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The most time one call spends waiting between its attempts, in all.
    pub const fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// The backoff before retry `retry` (1 for the first) with the random `unit` (in
    /// `[0, 1)`): `unit` times `min(max_backoff, initial_backoff * 2^(retry-1))`.
    pub(crate) fn backoff(&self, retry: u32, unit: f64) -> Duration {
        let doubled = self
            .initial_backoff
            .checked_mul(1u32 << retry.saturating_sub(1).min(31))
            .unwrap_or(self.max_backoff);
        let ceiling = doubled.min(self.max_backoff);
        if unit >= 1.0 {
            return ceiling;
        }
        // Never `mul_f64`, which panics past `Duration::MAX`.
        Duration::try_from_secs_f64(ceiling.as_secs_f64() * unit.max(0.0)).unwrap_or(ceiling)
    }

    /// The wait before retry `retry`, when `waited` was already spent waiting: the answer's
    /// `Retry-After` when it gave one, else the backoff. `None` when it would go past the
    /// budget: the retries end.
    pub(crate) fn wait(
        &self,
        retry: u32,
        retry_after: Option<Duration>,
        waited: Duration,
        unit: f64,
    ) -> Option<Duration> {
        let wait = retry_after.unwrap_or_else(|| self.backoff(retry, unit));
        (waited.saturating_add(wait) <= self.budget).then_some(wait)
    }
}

/// A `Retry-After` value (RFC 9110, section 10.2.3) as a wait from `now`: delay-seconds
/// (`120`), or an HTTP-date (`Sun, 06 Nov 1994 08:49:37 GMT`, and the two obsolete forms),
/// a date in the past being no wait. `None` for anything else.
pub(crate) fn retry_after(value: &HeaderValue, now: SystemTime) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        // More digits than a u64 holds is still "a long time".
        return Some(Duration::from_secs(text.parse().unwrap_or(u64::MAX)));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A random number in `[0, 1)` for the jitter: not for secrets, only to spread retries.
pub(crate) fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    // Each `RandomState` has new keys (random per thread, then counted up).
    let bits = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// What waits between attempts and where the jitter comes from. Tests replace both, to see
/// the waits asked for without waiting.
#[derive(Clone, Default)]
pub(crate) struct Pause {
    /// Instead of `tokio::time::sleep`.
    pub(crate) sleep: Option<Arc<dyn Fn(Duration) -> Sleep + Send + Sync>>,
    /// Instead of [`random_unit`].
    pub(crate) jitter: Option<Arc<dyn Fn() -> f64 + Send + Sync>>,
}

/// A wait between attempts.
pub(crate) type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

impl Pause {
    pub(crate) fn unit(&self) -> f64 {
        match &self.jitter {
            Some(jitter) => jitter(),
            None => random_unit(),
        }
    }

    pub(crate) async fn sleep(&self, wait: Duration) {
        match &self.sleep {
            Some(sleep) => sleep(wait).await,
            None => tokio::time::sleep(wait).await,
        }
    }
}

/// Options of one request, given to a request builder's `with_options`: a timeout, the
/// number of retries, whether it may be retried although its method is not idempotent, and
/// headers to add. What is not set is the client's.
///
/// ```ignore
/// let users = client
///     .users()
///     .get_users()
///     .with_options(
///         RequestOptions::new()
///             .timeout(Duration::from_secs(5))
///             .retries(0)
///             .header("x-request-id", "42"),
///     )
///     .await?;
/// ```
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retries: Option<u32>,
    pub(crate) idempotent: Option<bool>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// Why a header cannot be sent, found when it was added; the request is then refused.
    pub(crate) refused: Option<String>,
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may be secrets: only their names are shown.
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("retries", &self.retries)
            .field("idempotent", &self.idempotent)
            .field("headers", &names)
            .finish()
    }
}

impl RequestOptions {
    /// No options: the client's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// How long this request may take, each attempt from connecting to the last byte of
    /// the answer, instead of the client's timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times this request may be sent again (`0`: once only), instead of the
    /// client's [`RetryPolicy`] count; its backoff and budget still apply.
    pub fn retries(mut self, retries: u32) -> Self {
        self.retries = Some(retries);
        self
    }

    /// Whether this request may be retried whatever its method: `true` for a `POST` or
    /// `PATCH` the server applies once however often it comes (with an idempotency key,
    /// say), `false` for one that must never be sent twice. Without it, the operation's
    /// `x-idempotent` mark in the API description decides, else the method.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = Some(idempotent);
        self
    }

    /// Adds the header `name: value`, replacing a header of that name the request has
    /// (never a credential: credentials are set last). A name or value HTTP does not allow
    /// makes the request fail with [`crate::Error::Config`], sending nothing. The value is
    /// not treated as a secret in error text: give credentials to the client.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(name), Ok(value)) if !value.as_bytes().iter().any(u8::is_ascii_control) => {
                self.headers.push((name, value))
            }
            (Err(_), _) => {
                self.refused = Some(format!(
                    "the extra header name {name:?} is not a valid HTTP header name; nothing was sent"
                ))
            }
            _ => {
                self.refused = Some(format!(
                    "the value of the extra header `{name}` holds a line break or another byte not allowed in an HTTP header; nothing was sent"
                ))
            }
        }
        self
    }
}
