//! The generated Users client through transient faults: retries against a mock server, and
//! a session that expires on the fake cluster and is renewed, and the administration flow
//! through a failover and an expiry on the fake (traces: `traces.rs`).

use cohesity_users::{Client, Error, RequestOptions, RetryPolicy};
use cohesity_users_fake::FakeCluster;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::users::{
    admin_login, api_key_named, local_user, renewing, sessions_of, ADMIN_SID,
};

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
    assert_eq!(sessions_of(&admin, ADMIN_SID).await, Some(1));
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

/// What the administration flow leaves on the cluster: its users, alice's API keys and its
/// live sessions.
#[derive(Debug, PartialEq)]
struct Outcome {
    usernames: Vec<String>,
    alice_keys: Vec<String>,
    sessions: usize,
}

/// The administration flow, signed in with a session that renews: list the users, create
/// alice, read her back, give her two API keys, list them, delete one. With `faults`, the
/// cluster fails over around the idempotent calls (503s with `Retry-After: 0`, then 429s)
/// and every session expires mid-flow; creates are never preceded by a fault, since a
/// create is sent once (the server may have applied it).
async fn administration(cluster: &FakeCluster, faults: bool) -> Outcome {
    let fault = |count, status| {
        if faults {
            cluster.fail_next(count, status, Some(0));
        }
    };
    let admin = renewing(&quick(cluster.base_url())).await.unwrap();
    fault(2, 503);
    let before = admin.users().get_users().await.unwrap();
    assert_eq!(before.users.map(|u| u.len()), Some(1));

    let alice = local_user("alice", "alice-pw-1");
    let created = admin
        .users()
        .create_users(std::slice::from_ref(&alice))
        .await
        .unwrap();
    let sid = created.users.unwrap()[0].sid.clone().unwrap();

    if faults {
        cluster.expire_sessions();
    }
    fault(1, 502);
    let read = admin.users().get_user_by_sid(&sid).await.unwrap();
    assert_eq!(read.username.as_deref(), Some("alice"));

    let mut ids = Vec::new();
    for name in ["ci", "backup"] {
        let key = admin
            .users()
            .create_user_api_key(&sid, &api_key_named(name))
            .await
            .unwrap();
        ids.push(key.id.unwrap());
    }
    fault(2, 429);
    let keys = admin.users().get_user_api_keys(&sid).await.unwrap();
    assert_eq!(keys.api_keys.map(|k| k.len()), Some(2));
    fault(2, 503);
    admin
        .users()
        .delete_user_api_key_by_id(&sid, &ids[0])
        .await
        .unwrap();
    Outcome {
        usernames: cluster.usernames(),
        alice_keys: cluster.api_key_names("alice"),
        sessions: cluster.session_count(),
    }
}

#[tokio::test]
async fn the_administration_flow_through_a_failover_and_an_expiry_ends_as_without_them() {
    let calm = FakeCluster::start().await;
    let expected = administration(&calm, false).await;
    assert_eq!(
        expected,
        Outcome {
            usernames: vec!["admin".to_owned(), "alice".to_owned()],
            alice_keys: vec!["backup".to_owned()],
            sessions: 1,
        }
    );
    let stormy = FakeCluster::start().await;
    assert_eq!(administration(&stormy, true).await, expected);
    // Every fault was met and ridden out: 7 failed answers, one 401 and one new login more.
    assert_eq!(stormy.request_count(), calm.request_count() + 9);
}
