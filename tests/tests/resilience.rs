//! The generated Users client through transient faults: retries against a mock server, and
//! a session that expires on the fake cluster and is renewed (traces: `traces.rs`).

use cohesity_users::types::CreateUserSessionRequestParams;
use cohesity_users::{Client, Error, RequestOptions, RetryPolicy};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::fake_cluster::FakeCluster;

const ADMIN_SID: &str = "S-1-100-21-4242";

fn admin_login() -> CreateUserSessionRequestParams {
    CreateUserSessionRequestParams {
        username: Some("admin".into()),
        password: Some("mock-password".into()),
        domain: Some("LOCAL".into()),
        ..Default::default()
    }
}

/// A client whose retries wait a millisecond at most.
fn quick(base_url: &str) -> Client {
    Client::builder(base_url)
        .retry_policy(
            RetryPolicy::new()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(1)),
        )
        .build()
        .unwrap()
}

/// The client signed in as the admin, logging in again when the session expires.
async fn renewing(client: &Client) -> Result<Client, Error> {
    client
        .with_login(|client| async move {
            let session = client.users().create_session(&admin_login()).await?;
            client.with_user_session(&session)
        })
        .await
}

#[tokio::test]
async fn a_failover_of_503s_is_ridden_out_by_reads_and_never_replays_a_create() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/users"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(r#"{"users":[]}"#, "application/json"),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = quick(&format!("{}/v2", server.uri()));
    let users = client.users().get_users().await.unwrap();
    assert_eq!(users.users, Some(vec![]));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);

    // A create is sent once: the server may have applied it.
    let err = client.users().create_users(&[]).await.expect_err("503");
    assert_eq!(err.attempts(), 1);
    assert!(matches!(err, Error::Api { .. }), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 4);

    // Unless the caller says it may be.
    let err = client
        .users()
        .create_users(&[])
        .with_options(RequestOptions::new().idempotent(true).retries(1))
        .await
        .expect_err("503");
    assert_eq!(err.attempts(), 2);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 6);
}

#[tokio::test]
async fn an_expired_session_is_renewed_by_one_login_for_all_the_calls_that_meet_it() {
    let cluster = FakeCluster::start().await;
    let client = Client::new(cluster.base_url()).unwrap();
    let admin = renewing(&client).await.unwrap();
    admin.users().get_users().await.unwrap();

    // The session ends on the cluster (as after its lifetime): every session of the admin
    // is deleted, by another session of the admin's.
    let other = client.users().create_session(&admin_login()).await.unwrap();
    let other = client.with_user_session(&other).unwrap();
    other.users().delete_session().sid(ADMIN_SID).await.unwrap();
    let err = other.users().get_users().await.expect_err("logged out");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));

    // Five calls meet the expired session together: one new login serves them all.
    let calls = (0..5).map(|_| {
        let admin = admin.clone();
        tokio::spawn(async move { admin.users().get_users().await.map(|_| ()) })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.unwrap().unwrap();
    }
    let count = admin
        .users()
        .get_active_sessions_count()
        .sids([ADMIN_SID])
        .await
        .unwrap();
    assert_eq!(count.total_sessions_count, Some(1));
}

#[tokio::test]
async fn a_wrong_password_fails_the_login_and_shows_no_secret() {
    let cluster = FakeCluster::start().await;
    let client = Client::new(cluster.base_url()).unwrap();
    let err = client
        .with_login(|client| async move {
            let mut login = admin_login();
            login.password = Some("wrong-pw-31".into());
            let session = client.users().create_session(&login).await?;
            client.with_user_session(&session)
        })
        .await
        .expect_err("refused");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert!(!format!("{err} {err:?}").contains("wrong-pw-31"));
}
