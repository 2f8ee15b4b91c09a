//! A stand-in for a cluster's Users endpoints on loopback, for the example and its test.

use serde_json::json;
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The one account the mock knows.
pub const USERNAME: &str = "admin";
/// Its password.
pub const PASSWORD: &str = "mock-password";
/// The session id it hands out (32 characters).
pub const SESSION_ID: &str = "0123456789abcdef0123456789abcdef";
/// The only user sid whose sessions it deletes.
pub const USER_SID: &str = "S-1-100-21-4242";

/// Starts the mock. Its base URL is `format!("{}/v2", server.uri())`.
///
/// - `POST /v2/users/sessions` with the right username, password and `LOCAL` domain: 201 and
///   a session; any other login: 401 with an `Error` body.
/// - `DELETE /v2/users/sessions?sid=USER_SID` with `session-id: SESSION_ID`: 204; otherwise
///   (no credential, other sid, no sid): 401.
pub async fn start() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/users/sessions"))
        .and(body_partial_json(json!({
            "username": USERNAME, "password": PASSWORD, "domain": "LOCAL"
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({ "sessionId": SESSION_ID })))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v2/users/sessions"))
        .and(query_param("sid", USER_SID))
        .and(header("session-id", SESSION_ID))
        .respond_with(ResponseTemplate::new(204))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({
            "errorCode": "KStatusUnauthorized",
            "message": "Unauthorized: check the username, password and session."
        })))
        .with_priority(10)
        .mount(&server)
        .await;
    server
}
