//! A user's first program, written from the README and the crate's documentation alone:
//! the administration flow against the fake cluster, ending only its own sessions. And what
//! the fake refuses as a cluster does.

use cohesity_users::types::{CreateOrUpdateApiKeyRequest, CreateUserParameters, LocalUserParams};
use cohesity_users::{Client, Error};
use cohesity_users_fake::FakeCluster;
use workspace_tests::users::{api_key_named, local_user, login, signed_in};

/// The user's program, as a user writes it (only the login's parameters are the tests'):
/// log in, create a user with an API key, rotate it, delete both, and
/// log out of its own sessions only.
async fn automation(client: &Client) -> Result<(), Error> {
    let session = client
        .users()
        .create_session(&login("admin", "mock-password"))
        .await?;
    let admin = client.with_user_session(&session)?;

    let created = admin
        .users()
        .create_users(&[CreateUserParameters {
            username: "bob".into(),
            domain: "LOCAL".into(),
            local_user_params: Some(LocalUserParams {
                password: Some("bob-pw".into()),
                ..Default::default()
            }),
            ..Default::default()
        }])
        .await?;
    let sid = created.users.unwrap_or_default()[0]
        .sid
        .clone()
        .unwrap_or_default();
    let key = admin
        .users()
        .create_user_api_key(
            &sid,
            &CreateOrUpdateApiKeyRequest {
                name: Some("ci".into()),
                ..Default::default()
            },
        )
        .await?;
    let id = key.id.clone().unwrap_or_default();
    admin.users().rotate_user_api_key(&sid, &id).await?;
    admin.users().delete_user_api_key_by_id(&sid, &id).await?;
    admin.users().delete_user(&sid).await?;

    // Log out: this user's own sessions, found by its sid (the crate docs' way).
    let me = admin
        .users()
        .get_users()
        .usernames(["admin"])
        .domain("LOCAL")
        .await?;
    if let Some(own) = me
        .users
        .unwrap_or_default()
        .first()
        .and_then(|u| u.sid.clone())
    {
        admin.users().delete_session().sid(own).await?;
    }
    Ok(())
}

#[tokio::test]
async fn a_first_program_runs_the_administration_flow_and_ends_only_its_own_sessions() {
    let fake = FakeCluster::start().await;
    let client = Client::new(fake.base_url()).unwrap();
    // Someone else is logged in beside the program.
    let admin = signed_in(&client, "admin", "mock-password").await;
    admin
        .users()
        .create_users(&[local_user("carol", "carol-pw")])
        .await
        .unwrap();
    let carol = signed_in(&client, "carol", "carol-pw").await;

    automation(&client).await.unwrap();

    // Carol's session lives on; the program's (and the admin's) are gone.
    let count = carol.users().get_active_sessions_count().await.unwrap();
    let per_user = count.sessions_per_user.unwrap_or_default();
    assert_eq!(per_user.len(), 1, "{per_user:?}");
    assert_eq!(per_user[0].sessions_count, Some(1));
    let err = admin.users().get_users().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "the server answered 401 Unauthorized: KStatusUnauthorized: Unauthorized: check the username, password and session."
    );
}

#[tokio::test]
async fn the_fake_refuses_what_a_cluster_refuses() {
    let fake = FakeCluster::start().await;
    let client = Client::new(fake.base_url()).unwrap();
    let admin = signed_in(&client, "admin", "mock-password").await;
    let user = |name: &str| CreateUserParameters {
        username: name.into(),
        domain: "LOCAL".into(),
        ..Default::default()
    };
    // A second user of the same name in a domain.
    let err = admin
        .users()
        .create_users(&[user("admin")])
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the server answered 409 Conflict: KStatusAlreadyExists: a user admin already exists in domain LOCAL"
    );
    let err = admin
        .users()
        .create_users(&[user("dan"), user("dan")])
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(409));

    // A rotated key's old value.
    let sid = admin
        .users()
        .get_users()
        .usernames(["admin"])
        .await
        .unwrap()
        .users
        .unwrap()[0]
        .sid
        .clone()
        .unwrap();
    let key = admin
        .users()
        .create_user_api_key(&sid, &api_key_named("k"))
        .await
        .unwrap();
    let old = client.with_created_user_api_key(&key).unwrap();
    old.users().get_users().await.unwrap();
    let rotated = admin
        .users()
        .rotate_user_api_key(&sid, key.id.as_deref().unwrap())
        .await
        .unwrap();
    assert_ne!(rotated.api_key, key.api_key);
    let err = old.users().get_users().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    let new = client.with_created_user_api_key(&rotated).unwrap();
    new.users().get_users().await.unwrap();
}
