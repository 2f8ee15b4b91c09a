//! The fake as a user starts it: seeded with their own users and keys, with faults on demand.

use cohesity_users::types::CreateUserSessionRequestParams;
use cohesity_users::{Client, Error};
use cohesity_users_fake::FakeCluster;

fn login(username: &str, password: &str) -> CreateUserSessionRequestParams {
    CreateUserSessionRequestParams {
        username: Some(username.into()),
        password: Some(password.into()),
        domain: Some("LOCAL".into()),
        ..Default::default()
    }
}

/// `client` with the session of a new login of `username`.
async fn signed_in(client: &Client, username: &str, password: &str) -> Client {
    let session = client
        .users()
        .create_session(&login(username, password))
        .await
        .unwrap();
    client.with_user_session(&session).unwrap()
}

/// The error of a login of `username` that the fake refuses.
async fn refused_login(client: &Client, username: &str, password: &str) -> Error {
    client
        .users()
        .create_session(&login(username, password))
        .await
        .unwrap_err()
}

fn status(error: &Error) -> u16 {
    error.status().map_or(0, |s| s.as_u16())
}

#[tokio::test]
async fn seeded_users_log_in_and_seeded_keys_authenticate() {
    let fake = FakeCluster::builder()
        .user("ops", "ops-password")
        .user("auditor", "auditor-password")
        .api_key("auditor", "reporting", "auditor-key-1")
        .start()
        .await;
    assert_eq!(fake.sid_of("ops").as_deref(), Some("S-1-100-21-1001"));
    assert_eq!(fake.sid_of("auditor").as_deref(), Some("S-1-100-21-1002"));
    assert_eq!(fake.sid_of("admin"), None);
    assert_eq!(fake.api_key_names("auditor"), ["reporting"]);

    let client = Client::new(fake.base_url()).unwrap();
    let ops = signed_in(&client, "ops", "ops-password").await;
    assert_eq!(fake.session_count(), 1);
    let users = ops.users().get_users().await.unwrap().users.unwrap();
    let names: Vec<&str> = users.iter().filter_map(|u| u.username.as_deref()).collect();
    assert_eq!(names, ["ops", "auditor"]);

    let wrong = refused_login(&client, "ops", "not-it").await;
    assert_eq!(status(&wrong), 401);

    let by_key = Client::builder(fake.base_url())
        .api_key("auditor-key-1")
        .build()
        .unwrap();
    let keys = by_key
        .users()
        .get_all_api_keys()
        .await
        .unwrap()
        .api_keys
        .unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].name.as_deref(), Some("reporting"));
    assert_eq!(keys[0].user_sid.as_deref(), Some("S-1-100-21-1002"));
}

#[tokio::test]
async fn expired_sessions_are_refused_until_the_client_logs_in_again() {
    let fake = FakeCluster::start().await;
    let client = Client::new(fake.base_url()).unwrap();
    let admin = signed_in(&client, "admin", "mock-password").await;
    admin.users().get_users().await.unwrap();

    fake.expire_sessions();
    assert_eq!(fake.session_count(), 0);
    let refused = admin.users().get_users().await.unwrap_err();
    assert_eq!(status(&refused), 401);
    assert_eq!(
        refused.to_string(),
        "the server answered 401 Unauthorized: KStatusUnauthorized: Unauthorized: check the username, password and session."
    );

    let admin = signed_in(&client, "admin", "mock-password").await;
    admin.users().get_users().await.unwrap();
}

#[tokio::test]
async fn the_next_requests_fail_as_asked_then_the_fake_answers_again() {
    let fake = FakeCluster::start().await;
    fake.fail_next(2, 503, Some(7));
    let http = reqwest::Client::new();
    let url = format!("{}/users/sessions", fake.base_url());
    let body = r#"{"username":"admin","password":"mock-password","domain":"LOCAL"}"#;
    let log_in = || {
        http.post(&url)
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    for _ in 0..2 {
        let answer = log_in().await.unwrap();
        assert_eq!(answer.status().as_u16(), 503);
        assert_eq!(answer.headers()["retry-after"], "7");
        assert_eq!(
            answer.text().await.unwrap(),
            r#"{"errorCode":"KStatusFaultInjected","message":"fault injected by the test: 503 Service Unavailable"}"#
        );
    }
    // The faults did not reach the state: no session was made.
    assert_eq!(fake.session_count(), 0);
    let answer = log_in().await.unwrap();
    assert_eq!(answer.status().as_u16(), 201);
    assert_eq!(fake.session_count(), 1);
    assert_eq!(fake.request_count(), 3);

    // Through the client: a 429 without Retry-After is the API's error.
    fake.fail_next(1, 429, None);
    let client = Client::new(fake.base_url()).unwrap();
    let error = refused_login(&client, "admin", "mock-password").await;
    assert_eq!(status(&error), 429);
}
