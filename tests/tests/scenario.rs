//! A whole administration flow against the in-memory fake cluster: log in, create a user,
//! give it an API key, rotate the key, list keys, delete the key and the user, log out; and
//! the fake's answers to unknown SIDs and missing credentials as the client reports them.

use cohesity_users::types::{
    AssignedSources, CreateGroupParams, CreateUserParameters, DeleteUsersRequest, LocalUserParams,
    UpdateUserParameters,
};
use cohesity_users::{ApiErrorBody, Client, Error};
use cohesity_users_fake::FakeCluster;
use workspace_tests::mock_cohesity::{PASSWORD, USERNAME, USER_SID};
use workspace_tests::users::{api_key_named, sessions_of, signed_in};

fn api_error(err: Error) -> (u16, String) {
    match err {
        Error::Api {
            status,
            body: ApiErrorBody::Error(model),
            ..
        } => (status.as_u16(), model.error_code.unwrap_or_default()),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_administrator_manages_a_user_and_its_api_key() {
    let fake = FakeCluster::start().await;
    let anonymous = Client::new(fake.base_url()).unwrap();

    // Log in.
    let admin = signed_in(&anonymous, USERNAME, PASSWORD).await;

    // Create a user (its password goes in the request, never in an answer).
    let new_user = CreateUserParameters {
        username: "alice".to_owned(),
        domain: "LOCAL".to_owned(),
        roles: Some(vec!["COHESITY_VIEWER".to_owned()]),
        local_user_params: Some(LocalUserParams {
            email: Some("alice@example.com".to_owned()),
            password: Some("alice-pw-1".to_owned()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let created = admin
        .users()
        .create_users(std::slice::from_ref(&new_user))
        .await
        .unwrap();
    let alice = &created.users.as_ref().unwrap()[0];
    let alice_sid = alice.sid.clone().unwrap();
    assert_eq!(alice.username.as_deref(), Some("alice"));
    assert_eq!(
        alice.roles.as_deref(),
        Some(&["COHESITY_VIEWER".to_owned()][..])
    );

    // Filter the users by name; update one.
    let found = admin
        .users()
        .get_users()
        .usernames(["alice"])
        .await
        .unwrap();
    assert_eq!(found.users.unwrap().len(), 1);
    let updated = admin
        .users()
        .update_user(
            &alice_sid,
            &UpdateUserParameters {
                description: Some("on call".to_owned()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.description.as_deref(), Some("on call"));

    // An API key for her: created, used, rotated (the old key stops working), listed.
    let key = admin
        .users()
        .create_user_api_key(&alice_sid, &api_key_named("ci"))
        .await
        .unwrap();
    let key_id = key.id.clone().unwrap();
    assert!(format!("{key:?}").contains("api_key: Some(***)"), "{key:?}");
    let as_alice = anonymous.with_created_user_api_key(&key).unwrap();
    let me = as_alice.users().get_user_by_sid(&alice_sid).await.unwrap();
    assert_eq!(me.username.as_deref(), Some("alice"));

    let rotated = admin
        .users()
        .rotate_user_api_key(&alice_sid, &key_id)
        .await
        .unwrap();
    assert_ne!(rotated.api_key, key.api_key);
    assert!(rotated.last_rotated_time_msecs.is_some());
    let (status, code) = api_error(
        as_alice
            .users()
            .get_user_by_sid(&alice_sid)
            .await
            .unwrap_err(),
    );
    assert_eq!((status, code.as_str()), (401, "KStatusUnauthorized"));
    let as_alice = anonymous.with_created_user_api_key(&rotated).unwrap();
    as_alice.users().get_user_by_sid(&alice_sid).await.unwrap();

    let keys = admin.users().get_user_api_keys(&alice_sid).await.unwrap();
    let ids: Vec<_> = keys.api_keys.unwrap().into_iter().map(|k| k.id).collect();
    assert_eq!(ids, [Some(key_id.clone())]);
    let all = admin
        .users()
        .get_all_api_keys()
        .owner_sids([alice_sid.as_str()])
        .is_active(true)
        .await
        .unwrap();
    assert_eq!(all.api_keys.unwrap().len(), 1);

    // Delete the key, then the user.
    admin
        .users()
        .delete_user_api_key_by_id(&alice_sid, &key_id)
        .await
        .unwrap();
    let (status, _) = api_error(
        admin
            .users()
            .get_user_api_key_by_id(&alice_sid, &key_id)
            .await
            .unwrap_err(),
    );
    assert_eq!(status, 404);
    admin
        .users()
        .delete_users(&DeleteUsersRequest {
            sids: vec![alice_sid.clone()],
        })
        .await
        .unwrap();
    let (status, code) = api_error(admin.users().get_user_by_sid(&alice_sid).await.unwrap_err());
    assert_eq!((status, code.as_str()), (404, "KStatusNotFound"));

    // Log out: the session no longer works.
    admin.users().delete_session().sid(USER_SID).await.unwrap();
    let (status, _) = api_error(admin.users().get_users().await.unwrap_err());
    assert_eq!(status, 401);
}

#[tokio::test]
async fn groups_principals_sessions_and_s3_keys() {
    let fake = FakeCluster::start().await;
    let anonymous = Client::new(fake.base_url()).unwrap();
    let (status, code) = api_error(anonymous.users().get_groups().await.unwrap_err());
    assert_eq!((status, code.as_str()), (401, "KStatusUnauthorized"));
    let admin = signed_in(&anonymous, USERNAME, PASSWORD).await;

    let groups = admin
        .users()
        .create_group(&[CreateGroupParams {
            name: "ops".to_owned(),
            domain: "LOCAL".to_owned(),
            ..Default::default()
        }])
        .await
        .unwrap();
    let group_sid = groups.groups.unwrap()[0].sid.clone().unwrap();
    let group = admin.users().get_group_by_sid(&group_sid).await.unwrap();
    assert_eq!(
        (group.name.as_str(), group.domain.as_str()),
        ("ops", "LOCAL")
    );

    let principals = admin
        .users()
        .get_security_principals([USER_SID, group_sid.as_str()])
        .await
        .unwrap();
    let names: Vec<_> = principals
        .security_principals
        .unwrap()
        .into_iter()
        .map(|p| p.principal_name.unwrap_or_default())
        .collect();
    assert_eq!(names, ["admin", "ops"]);

    let sources = AssignedSources {
        source_ids: Some(vec![1, 2]),
        view_ids: Some(vec![7]),
    };
    admin
        .users()
        .update_principal_sources(&group_sid, &sources)
        .await
        .unwrap();
    assert_eq!(
        admin
            .users()
            .get_principal_sources(&group_sid)
            .await
            .unwrap(),
        sources
    );

    assert_eq!(sessions_of(&admin, USER_SID).await, Some(1));

    let secret = admin.users().regenerate_s3_key(USER_SID).await.unwrap();
    assert!(format!("{secret:?}").contains("***"), "{secret:?}");
    assert!(secret.secret_key.is_some());

    admin.users().delete_group(&group_sid).await.unwrap();
    let (status, _) = api_error(admin.users().delete_group(&group_sid).await.unwrap_err());
    assert_eq!(status, 404);
}
