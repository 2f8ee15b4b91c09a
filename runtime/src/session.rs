//! Sessions that renew: a client that holds a way to log in, and logs in again, once for
//! all the calls that meet it, when a session has expired.
//!
//! The same in every generated crate. [`crate::Client::with_login`] makes such a client;
//! [`crate::request::Request::send`] sends the session's credentials and asks for a new
//! session on a `401 Unauthorized`.

use crate::client::{Client, Credentials, Scheme, Secret};
use crate::error::Error;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};

/// A login: from a client without the session, a copy of it that sends the session's
/// credentials (the caller's closure given to [`Client::with_login`]).
pub(crate) type Login = Arc<
    dyn Fn(Client) -> Pin<Box<dyn Future<Output = Result<Client, Error>> + Send>> + Send + Sync,
>;

/// A session that renews, shared by a client and every copy made of it.
pub(crate) struct Session {
    login: Login,
    /// The client to log in with: the one `with_login` was called on, without a session.
    base: Client,
    state: Mutex<State>,
    /// Held while a login runs: calls that meet an expired session wait for it, and then
    /// use its session (single flight).
    renewing: tokio::sync::Mutex<()>,
}

struct State {
    /// Counts the logins, failed ones too: a call that saw an older one knows another call
    /// logged in again since.
    generation: u64,
    /// Whether the last login gave a session.
    valid: bool,
    /// The credentials the last login set: those it added or changed on the base client.
    credentials: Credentials,
}

/// What a call that met an expired session does next.
pub(crate) enum Renewed {
    /// Send again, with the new session.
    Retry,
    /// Another call's login failed just now: the call's answer stands.
    Stop,
}

impl Session {
    /// Logs in with `login` on `base` and holds the session it gives.
    pub(crate) async fn start(base: Client, login: Login) -> Result<Session, Error> {
        let signed_in = login(base.clone()).await?;
        let credentials = added(&base, &signed_in);
        Ok(Session {
            login,
            base,
            state: Mutex::new(State {
                generation: 0,
                valid: true,
                credentials,
            }),
            renewing: tokio::sync::Mutex::new(()),
        })
    }

    /// The session's credential for `scheme`, when the session holds one, with the
    /// generation of the login that gave it.
    pub(crate) fn get(&self, scheme: &Scheme) -> Option<(Secret, u64)> {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let secret = state.credentials.get(scheme)?.clone();
        Some((secret, state.generation))
    }

    /// Whether the session holds a credential for one of `schemes`.
    pub(crate) fn covers(&self, schemes: &[&Scheme]) -> bool {
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        schemes.iter().any(|s| state.credentials.get(s).is_some())
    }

    /// Logs in again, unless another call did since the login of generation `seen`: then
    /// its session is used (or, if that login failed, the call ends with its answer).
    ///
    /// # Errors
    /// The login's error, when this call ran the login and it failed.
    pub(crate) async fn renew(&self, seen: u64) -> Result<Renewed, Error> {
        let _one_login = self.renewing.lock().await;
        {
            let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
            if state.generation != seen {
                return Ok(if state.valid {
                    Renewed::Retry
                } else {
                    Renewed::Stop
                });
            }
        }
        let result = (self.login)(self.base.clone()).await;
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.generation += 1;
        match result {
            Ok(signed_in) => {
                state.credentials = added(&self.base, &signed_in);
                state.valid = true;
                Ok(Renewed::Retry)
            }
            Err(e) => {
                state.valid = false;
                Err(e)
            }
        }
    }
}

/// The credentials `signed_in` sends that `base` does not (or sends with another value).
fn added(base: &Client, signed_in: &Client) -> Credentials {
    let old = &base.inner.credentials;
    signed_in
        .inner
        .credentials
        .iter()
        .filter(|(scheme, secret)| old.get(scheme).is_none_or(|o| o.value != secret.value))
        .fold(Credentials::default(), |mut out, (scheme, secret)| {
            out.set(scheme, secret.clone());
            out
        })
}
