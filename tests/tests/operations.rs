//! Every operation of the Users API against a mock server: the exact request (method, path,
//! query, headers, body bytes) and the decoding of its documented answer. `create_session` and
//! `delete_session`, and the error answers, are covered in `behaviour.rs`.

use cohesity_users::types::{
    AssignedSources, CreateGroupParams, CreateOrUpdateApiKeyRequest, CreateUserParameters,
    DeleteGroupsRequest, DeleteUsersRequest, LocalGroupParams, LocalUserParams,
    LocalUserUpdateParams, SecurityPrincipalObjectClass, UpdateGroupParameters,
    UpdateUserParameters, UserParamsLockedReason,
};
use cohesity_users::Client;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A mock answering `status` with `body` (JSON) to anything, and a client with an API key.
async fn serve(status: u16, body: Option<&str>) -> (MockServer, Client) {
    let server = MockServer::start().await;
    let mut answer = ResponseTemplate::new(status);
    if let Some(body) = body {
        answer = answer.set_body_raw(body.as_bytes().to_vec(), "application/json");
    }
    Mock::given(any()).respond_with(answer).mount(&server).await;
    let client = Client::builder(format!("{}/v2", server.uri()))
        .api_key("key-1")
        .build()
        .unwrap();
    (server, client)
}

/// The one request the mock got is `method target` with `body` (exact bytes), the API key,
/// `Accept: application/json`, and a JSON `Content-Type` exactly when there is a body.
async fn sent(server: &MockServer, method: &str, target: &str, body: Option<&str>) {
    let requests: Vec<Request> = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let req = &requests[0];
    let header = |name: &str| req.headers.get(name).map(|v| v.to_str().unwrap());
    let path_and_query = match req.url.query() {
        Some(q) => format!("{}?{q}", req.url.path()),
        None => req.url.path().to_owned(),
    };
    assert_eq!(
        (req.method.as_str(), path_and_query.as_str()),
        (method, target)
    );
    assert_eq!(header("apikey"), Some("key-1"));
    assert_eq!(header("accept"), Some("application/json"));
    match body {
        Some(body) => {
            assert_eq!(header("content-type"), Some("application/json"));
            assert_eq!(String::from_utf8_lossy(&req.body), body);
        }
        None => {
            assert_eq!(header("content-type"), None);
            assert!(req.body.is_empty());
        }
    }
}

const USER: &str = r#"{"description":"d","effectiveTimeMsecs":1,"expiryTimeMsecs":2,"locked":true,"restricted":false,"roles":["COHESITY_VIEWER"],"createdTimeMsecs":3,"domain":"LOCAL","forcePasswordChange":false,"lastLoginTimeMsecs":4,"lastUpdatedTimeMsecs":5,"localUserParams":{"email":"a@example.com"},"lockedReason":"LockedByAdmin","otherGroups":["g"],"primaryGroup":"users","s3AccountParams":{"s3AccessKeyId":"AK","s3AccountId":"acct","s3SecretKey":"s3-secret-value"},"sid":"S-1","tenantId":"t/","username":"alice"}"#;
const GROUP: &str = r#"{"description":null,"domain":"LOCAL","localGroupParams":{"userSids":["S-1"]},"name":"ops","restricted":true,"roles":["r"],"tenantIds":["t/"],"createdTimeMsecs":1,"lastUpdatedTimeMsecs":2,"sid":"S-2","smbPrincipals":[{"domain":"D","name":"n","objectClass":"User"}]}"#;
const KEY: &str = r#"{"createdByUserSid":"S-0","createdTimeMsecs":1,"expiryTimeMsecs":null,"id":"k1","isActive":true,"isExpired":false,"lastRotatedTimeMsecs":2,"name":"ci","userSid":"S-1"}"#;
const CREATED_KEY: &str = r#"{"id":"k1","name":"ci","userSid":"S-1","apiKey":"the-api-key-value"}"#;

#[tokio::test]
async fn users_are_listed_got_created_updated_and_deleted() {
    let (server, c) = serve(200, Some(&format!(r#"{{"users":[{USER}]}}"#))).await;
    let list = c
        .users()
        .get_users()
        .domain("LOCAL")
        .sids(["S-1", "S-2"])
        .usernames(["alice"])
        .match_partial_names(true)
        .email_addresses(["a@example.com"])
        .roles(["r1", "r2"])
        .tenant_ids(["t/"])
        .include_tenants(false)
        .await
        .unwrap();
    sent(
        &server,
        "GET",
        "/v2/users?domain=LOCAL&sids=S-1,S-2&usernames=alice&matchPartialNames=true&emailAddresses=a%40example.com&roles=r1,r2&tenantIds=t%2F&includeTenants=false",
        None,
    )
    .await;
    let user = &list.users.unwrap()[0];
    assert_eq!(user.username.as_deref(), Some("alice"));
    assert_eq!(
        user.locked_reason,
        Some(UserParamsLockedReason::LockedByAdmin)
    );
    assert_eq!(user.created_time_msecs, Some(3));
    // The S3 secret key is decoded but never shown.
    let s3 = user.s3_account_params.as_ref().unwrap();
    assert_eq!(s3.s3_secret_key.as_deref(), Some("s3-secret-value"));
    assert!(!format!("{user:?}").contains("s3-secret-value"));

    let (server, c) = serve(200, Some(USER)).await;
    let user = c.users().get_user_by_sid("S-1/x").await.unwrap();
    sent(&server, "GET", "/v2/users/S-1%2Fx", None).await;
    assert_eq!(user.sid.as_deref(), Some("S-1"));

    // Read-only fields (primaryGroup, groups) are never sent, even when set.
    let (server, c) = serve(201, Some(&format!(r#"{{"users":[{USER}]}}"#))).await;
    let new_user = CreateUserParameters {
        username: "alice".to_owned(),
        domain: "LOCAL".to_owned(),
        primary_group: Some("users".to_owned()),
        other_groups: Some(vec!["g".to_owned()]),
        local_user_params: Some(LocalUserParams {
            email: Some("a@example.com".to_owned()),
            password: Some("pw-1".to_owned()),
            groups: Some(vec!["g".to_owned()]),
            primary_group: Some("users".to_owned()),
        }),
        ..Default::default()
    };
    assert!(!format!("{new_user:?}").contains("pw-1"));
    let created = c.users().create_users(&[new_user]).await.unwrap();
    sent(
        &server,
        "POST",
        "/v2/users",
        Some(r#"[{"domain":"LOCAL","localUserParams":{"email":"a@example.com","password":"pw-1"},"username":"alice"}]"#),
    )
    .await;
    assert_eq!(created.users.unwrap().len(), 1);

    let (server, c) = serve(200, Some(USER)).await;
    let update = UpdateUserParameters {
        description: Some("d".to_owned()),
        roles: Some(Vec::new()),
        local_user_params: Some(LocalUserUpdateParams {
            password: Some("new-pw".to_owned()),
            current_password: Some("old-pw".to_owned()),
            ..Default::default()
        }),
        ..Default::default()
    };
    c.users().update_user("S-1", &update).await.unwrap();
    sent(
        &server,
        "PUT",
        "/v2/users/S-1",
        Some(r#"{"description":"d","roles":[],"localUserParams":{"password":"new-pw","currentPassword":"old-pw"}}"#),
    )
    .await;

    let (server, c) = serve(204, None).await;
    c.users().delete_user("S-1").await.unwrap();
    sent(&server, "DELETE", "/v2/users/S-1", None).await;

    let (server, c) = serve(204, None).await;
    let request = DeleteUsersRequest {
        sids: vec!["S-1".to_owned(), "S-2".to_owned()],
    };
    c.users().delete_users(&request).await.unwrap();
    sent(
        &server,
        "POST",
        "/v2/users/delete",
        Some(r#"{"sids":["S-1","S-2"]}"#),
    )
    .await;

    let (server, c) = serve(201, Some(r#"{"secret-key":"new-s3-secret"}"#)).await;
    let key = c.users().regenerate_s3_key("S-1").await.unwrap();
    sent(&server, "POST", "/v2/users/S-1/s3-secret-key", None).await;
    assert_eq!(key.secret_key.as_deref(), Some("new-s3-secret"));
    assert_eq!(
        format!("{key:?}"),
        "SecretKeyEntity { secret_key: Some(***) }"
    );
}

#[tokio::test]
async fn groups_are_listed_got_created_updated_and_deleted() {
    let (server, c) = serve(200, Some(&format!(r#"{{"groups":[{GROUP}]}}"#))).await;
    let groups = c
        .users()
        .get_groups()
        .names(["ops"])
        .roles(["r"])
        .domain("LOCAL")
        .sids(["S-2"])
        .match_partial_names(false)
        .tenant_ids(["t1", "t2"])
        .include_tenants(true)
        .await
        .unwrap();
    sent(
        &server,
        "GET",
        "/v2/groups?names=ops&roles=r&domain=LOCAL&sids=S-2&matchPartialNames=false&tenantIds=t1,t2&includeTenants=true",
        None,
    )
    .await;
    let group = &groups.groups.unwrap()[0];
    assert_eq!(
        (group.name.as_str(), group.sid.as_deref()),
        ("ops", Some("S-2"))
    );
    assert_eq!(
        group.smb_principals.as_ref().unwrap()[0].name.as_deref(),
        Some("n")
    );

    let (server, c) = serve(201, Some(&format!(r#"{{"groups":[{GROUP}]}}"#))).await;
    let new_group = CreateGroupParams {
        name: "ops".to_owned(),
        domain: "LOCAL".to_owned(),
        local_group_params: Some(LocalGroupParams {
            user_sids: Some(vec!["S-1".to_owned()]),
        }),
        restricted: Some(true),
        ..Default::default()
    };
    c.users().create_group(&[new_group]).await.unwrap();
    sent(
        &server,
        "POST",
        "/v2/groups",
        Some(r#"[{"domain":"LOCAL","localGroupParams":{"userSids":["S-1"]},"name":"ops","restricted":true}]"#),
    )
    .await;

    let (server, c) = serve(200, Some(GROUP)).await;
    let group = c.users().get_group_by_sid("S-2").await.unwrap();
    sent(&server, "GET", "/v2/groups/S-2", None).await;
    assert_eq!(group.description, None);

    let (server, c) = serve(200, Some(GROUP)).await;
    let update = UpdateGroupParameters {
        description: Some("x".to_owned()),
        tenant_ids: Some(vec!["t".to_owned()]),
        ..Default::default()
    };
    c.users().update_group("S-2", &update).await.unwrap();
    sent(
        &server,
        "PUT",
        "/v2/groups/S-2",
        Some(r#"{"description":"x","tenantIds":["t"]}"#),
    )
    .await;

    let (server, c) = serve(204, None).await;
    c.users().delete_group("S-2").await.unwrap();
    sent(&server, "DELETE", "/v2/groups/S-2", None).await;

    let (server, c) = serve(204, None).await;
    let request = DeleteGroupsRequest {
        sids: vec!["S-2".to_owned()],
    };
    c.users().delete_groups(&request).await.unwrap();
    sent(
        &server,
        "POST",
        "/v2/groups/delete",
        Some(r#"{"sids":["S-2"]}"#),
    )
    .await;
}

#[tokio::test]
async fn api_keys_are_listed_created_updated_rotated_and_deleted() {
    let keys = format!(r#"{{"apiKeys":[{KEY}]}}"#);
    let (server, c) = serve(200, Some(&keys)).await;
    let all = c
        .users()
        .get_all_api_keys()
        .ids(["k1", "k2"])
        .owner_sids(["S-1"])
        .is_active(true)
        .is_expired(false)
        .await
        .unwrap();
    sent(
        &server,
        "GET",
        "/v2/api-keys?ids=k1,k2&ownerSids=S-1&isActive=true&isExpired=false",
        None,
    )
    .await;
    let key = &all.api_keys.unwrap()[0];
    assert_eq!(
        (key.id.as_deref(), key.expiry_time_msecs),
        (Some("k1"), None)
    );
    assert_eq!(key.last_rotated_time_msecs, Some(2));

    let (server, c) = serve(200, Some(&keys)).await;
    c.users()
        .get_user_api_keys("S-1")
        .ids(["k1"])
        .is_active(false)
        .is_expired(true)
        .await
        .unwrap();
    sent(
        &server,
        "GET",
        "/v2/users/S-1/api-keys?ids=k1&isActive=false&isExpired=true",
        None,
    )
    .await;

    // `name` is required and nullable: always sent, `null` when unset.
    let (server, c) = serve(201, Some(CREATED_KEY)).await;
    let created = c
        .users()
        .create_user_api_key("S-1", &CreateOrUpdateApiKeyRequest::default())
        .await
        .unwrap();
    sent(
        &server,
        "POST",
        "/v2/users/S-1/api-keys",
        Some(r#"{"name":null}"#),
    )
    .await;
    assert_eq!(created.api_key.as_deref(), Some("the-api-key-value"));
    assert!(!format!("{created:?}").contains("the-api-key-value"));

    let (server, c) = serve(200, Some(KEY)).await;
    let request = CreateOrUpdateApiKeyRequest {
        name: Some("ci".to_owned()),
        is_active: Some(false),
        expiry_time_msecs: Some(1_700_000_000_000),
    };
    c.users()
        .update_user_api_key_by_id("S-1", "k1", &request)
        .await
        .unwrap();
    sent(
        &server,
        "PUT",
        "/v2/users/S-1/api-keys/k1",
        Some(r#"{"expiryTimeMsecs":1700000000000,"isActive":false,"name":"ci"}"#),
    )
    .await;

    let (server, c) = serve(200, Some(KEY)).await;
    let key = c.users().get_user_api_key_by_id("S-1", "k1").await.unwrap();
    sent(&server, "GET", "/v2/users/S-1/api-keys/k1", None).await;
    assert_eq!(key.name.as_deref(), Some("ci"));

    let (server, c) = serve(200, Some(CREATED_KEY)).await;
    let rotated = c.users().rotate_user_api_key("S-1", "k1").await.unwrap();
    sent(&server, "POST", "/v2/users/S-1/api-keys/k1/rotate", None).await;
    // The rotated key becomes a credential of a new client directly.
    let with_key = c.with_created_user_api_key(&rotated).unwrap();
    assert!(format!("{with_key:?}").contains("APIKeyHeader"));

    let (server, c) = serve(204, None).await;
    c.users()
        .delete_user_api_key_by_id("S-1", "k1")
        .await
        .unwrap();
    sent(&server, "DELETE", "/v2/users/S-1/api-keys/k1", None).await;
}

#[tokio::test]
async fn principals_their_sources_and_session_counts() {
    let (server, c) = serve(
        200,
        Some(r#"{"securityPrincipals":[{"domainName":"LOCAL","fullName":"A B","objectClass":"ServiceAccount","principalName":"a","sid":"S-1"},{"objectClass":"Printer"}]}"#),
    )
    .await;
    let principals = c
        .users()
        .get_security_principals(["S-1", "S-2"])
        .await
        .unwrap();
    sent(&server, "GET", "/v2/security-principals?sids=S-1,S-2", None).await;
    let principals = principals.security_principals.unwrap();
    assert_eq!(
        principals[0].object_class,
        Some(SecurityPrincipalObjectClass::ServiceAccount)
    );
    // A class the cluster adds later is kept.
    assert_eq!(
        principals[1].object_class,
        Some(SecurityPrincipalObjectClass::Unknown("Printer".to_owned()))
    );

    let sources = r#"{"sourceIds":[1,9007199254740993],"viewIds":[]}"#;
    let (server, c) = serve(200, Some(sources)).await;
    let got = c.users().get_principal_sources("S-1").await.unwrap();
    sent(&server, "GET", "/v2/security-principals/S-1/sources", None).await;
    assert_eq!(got.source_ids, Some(vec![1, 9_007_199_254_740_993]));

    let (server, c) = serve(200, Some(sources)).await;
    let assigned = AssignedSources {
        source_ids: Some(vec![1]),
        view_ids: Some(vec![2, 3]),
    };
    c.users()
        .update_principal_sources("S-1", &assigned)
        .await
        .unwrap();
    sent(
        &server,
        "PUT",
        "/v2/security-principals/S-1/sources",
        Some(r#"{"sourceIds":[1],"viewIds":[2,3]}"#),
    )
    .await;

    let (server, c) = serve(
        200,
        Some(r#"{"sessionsPerUser":[{"sessionsCount":2,"sid":"S-1"}],"totalSessionsCount":2}"#),
    )
    .await;
    let count = c
        .users()
        .get_active_sessions_count()
        .sids(["S-1", "S-2"])
        .await
        .unwrap();
    sent(&server, "GET", "/v2/users/sessions?sids=S-1,S-2", None).await;
    assert_eq!(count.total_sessions_count, Some(2));
    assert_eq!(count.sessions_per_user.unwrap()[0].sessions_count, Some(2));
}

/// A path value that a URL parser would rewrite (it strips tabs and line breaks, then
/// resolves the dot segment left) stays in its own segment: deleting a key never becomes a
/// request on its user, deleting a user never one on the API root.
#[tokio::test]
async fn path_values_never_reach_another_resource() {
    for (id, sent_as) in [
        ("..\t", "..%09"),
        ("\t..", "%09.."),
        (".\n.", ".%0A."),
        ("..\r\n", "..%0D%0A"),
        (".\t", ".%09"),
        ("\t", "%09"),
    ] {
        let (server, c) = serve(204, None).await;
        c.users()
            .delete_user_api_key_by_id("S-1-100-alice", id)
            .await
            .unwrap();
        let target = format!("/v2/users/S-1-100-alice/api-keys/{sent_as}");
        sent(&server, "DELETE", &target, None).await;
        let (server, c) = serve(204, None).await;
        c.users().delete_user(id).await.unwrap();
        sent(&server, "DELETE", &format!("/v2/users/{sent_as}"), None).await;
    }
    for id in ["", ".", ".."] {
        let (server, c) = serve(204, None).await;
        let err = c.users().delete_user(id).await.unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("parameter `sid` cannot be sent: a path segment cannot be {id:?}: the request would go to another resource")
        );
        assert!(server.received_requests().await.unwrap().is_empty());
    }
}
