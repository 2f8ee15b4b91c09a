//! Requests and sign-ins of the Users client that the workspace tests make alike.

use cohesity_users::types::{
    CreateOrUpdateApiKeyRequest, CreateUserParameters, CreateUserSessionRequestParams,
    LocalUserParams,
};
use cohesity_users::{Client, Error};

/// The sid of the fake cluster's seeded `admin` user.
pub const ADMIN_SID: &str = "S-1-100-21-4242";

/// A login of the `LOCAL` domain's user `username`.
pub fn login(username: &str, password: &str) -> CreateUserSessionRequestParams {
    CreateUserSessionRequestParams {
        username: Some(username.to_owned()),
        password: Some(password.to_owned()),
        domain: Some("LOCAL".to_owned()),
        ..Default::default()
    }
}

/// The login of the fake cluster's seeded `admin` user (the mock's too).
pub fn admin_login() -> CreateUserSessionRequestParams {
    login("admin", "mock-password")
}

/// `client` with the session of a new login of `username`.
///
/// # Panics
/// When the login or the session is refused.
pub async fn signed_in(client: &Client, username: &str, password: &str) -> Client {
    let session = client
        .users()
        .create_session(&login(username, password))
        .await
        .unwrap();
    client.with_user_session(&session).unwrap()
}

/// `client` signed in as the admin, logging in again when the session expires.
///
/// # Errors
/// The first login's error.
pub async fn renewing(client: &Client) -> Result<Client, Error> {
    client
        .with_login(|client| async move {
            let session = client.users().create_session(&admin_login()).await?;
            client.with_user_session(&session)
        })
        .await
}

/// How many sessions the user `sid` has open, as the cluster counts them.
///
/// # Panics
/// When the cluster refuses the count.
pub async fn sessions_of(client: &Client, sid: &str) -> Option<i64> {
    client
        .users()
        .get_active_sessions_count()
        .sids([sid])
        .await
        .unwrap()
        .total_sessions_count
}

/// A new user of the `LOCAL` domain with a password and nothing else set.
pub fn local_user(username: &str, password: &str) -> CreateUserParameters {
    CreateUserParameters {
        username: username.to_owned(),
        domain: "LOCAL".to_owned(),
        local_user_params: Some(LocalUserParams {
            password: Some(password.to_owned()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// An API key request that sets only the key's name.
pub fn api_key_named(name: &str) -> CreateOrUpdateApiKeyRequest {
    CreateOrUpdateApiKeyRequest {
        name: Some(name.to_owned()),
        ..Default::default()
    }
}
