//! The generated client against a mock server: exact requests, and every kind of answer.

use cohesity_users::types::{
    CreateUserSessionRequestParams, CreateUserSessionRequestParamsOtpType, UserSession,
};
use cohesity_users::{ApiErrorBody, Client, Error};
use std::collections::BTreeMap;
use std::time::Duration;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// The default the crate documents; its form (`<name>/<version>`) is pinned by the runtime tests.
const UA: &str = cohesity_users::client::DEFAULT_USER_AGENT;

async fn server_answering(template: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

fn base(server: &MockServer) -> String {
    format!("{}/v2", server.uri())
}

fn client(server: &MockServer) -> Client {
    Client::new(&base(server)).expect("valid base URL")
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

async fn only_request(server: &MockServer) -> Request {
    let mut all = requests(server).await;
    assert_eq!(all.len(), 1, "expected exactly one request");
    all.remove(0)
}

/// Every header of a request, names lower case.
fn headers(req: &Request) -> BTreeMap<String, String> {
    req.headers
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect()
}

fn expected_headers(server: &MockServer, extra: &[(&str, &str)]) -> BTreeMap<String, String> {
    let host = server.address().to_string();
    let mut h: BTreeMap<String, String> = [("accept", "application/json"), ("user-agent", UA)]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    h.insert("host".to_owned(), host);
    for (k, v) in extra {
        h.insert((*k).to_owned(), (*v).to_owned());
    }
    h
}

fn login() -> CreateUserSessionRequestParams {
    workspace_tests::users::login("admin", "hunter2-pw")
}

/// The error of a login through [`client`] of `server`.
async fn login_error(server: &MockServer) -> Error {
    client(server)
        .users()
        .create_session(&login())
        .await
        .unwrap_err()
}

fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

#[tokio::test]
async fn create_session_sends_exact_request_and_decodes_201() {
    let server = server_answering(json(201, r#"{"sessionId":"s-123"}"#)).await;
    let session = client(&server)
        .users()
        .create_session(&login())
        .await
        .unwrap();
    assert_eq!(session.session_id.as_deref(), Some("s-123"));

    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "POST");
    assert_eq!(req.url.path(), "/v2/users/sessions");
    assert_eq!(req.url.query(), None);
    let body = br#"{"username":"admin","password":"hunter2-pw","domain":"LOCAL"}"#;
    assert_eq!(req.body, body.to_vec());
    let len = body.len().to_string();
    assert_eq!(
        headers(&req),
        expected_headers(
            &server,
            &[
                ("content-type", "application/json"),
                ("content-length", &len)
            ]
        )
    );
}

#[tokio::test]
async fn enum_and_every_field_serialize_with_json_names() {
    let server = server_answering(json(201, r#"{"sessionId":"x"}"#)).await;
    let body = CreateUserSessionRequestParams {
        certificate: Some("CERT".to_owned()),
        private_key: Some("KEY".to_owned()),
        otp_code: Some("123456".to_owned()),
        otp_type: Some(CreateUserSessionRequestParamsOtpType::Totp),
        ..Default::default()
    };
    client(&server).users().create_session(&body).await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(
        String::from_utf8(req.body).unwrap(),
        r#"{"certificate":"CERT","privateKey":"KEY","otpCode":"123456","otpType":"totp"}"#
    );
}

#[test]
fn unknown_enum_values_survive_a_round_trip() {
    let v: CreateUserSessionRequestParams = serde_json::from_str(r#"{"otpType":"sms"}"#).unwrap();
    assert_eq!(
        v.otp_type,
        Some(CreateUserSessionRequestParamsOtpType::Unknown(
            "sms".to_owned()
        ))
    );
    assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"otpType":"sms"}"#);
    let known: CreateUserSessionRequestParamsOtpType = "email".parse().unwrap();
    assert_eq!(known, CreateUserSessionRequestParamsOtpType::Email);
}

#[tokio::test]
async fn delete_session_without_sid_sends_no_query_and_accepts_204() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    client(&server).users().delete_session().await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "DELETE");
    assert_eq!(req.url.path(), "/v2/users/sessions");
    assert_eq!(req.url.query(), None);
    assert!(req.body.is_empty());
    assert_eq!(headers(&req), expected_headers(&server, &[]));
}

#[tokio::test]
async fn builders_are_values_kept_cloned_and_sent_from_other_tasks() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let c = client(&server);
    // Set conditionally, then sent; a clone sends the same request again.
    let user_sid: Option<String> = Some("S-1".to_owned());
    let mut request = c.users().delete_session();
    if let Some(sid) = &user_sid {
        request = request.sid(sid);
    }
    request.clone().await.unwrap();
    request.await.unwrap();
    // On another task, with a clone of the client moved in.
    let moved = c.clone();
    tokio::spawn(async move { moved.users().delete_session().sid("S-2").await })
        .await
        .unwrap()
        .unwrap();
    let queries: Vec<Option<String>> = requests(&server)
        .await
        .iter()
        .map(|r| r.url.query().map(str::to_owned))
        .collect();
    assert_eq!(
        queries,
        [Some("sid=S-1"), Some("sid=S-1"), Some("sid=S-2")].map(|q| q.map(str::to_owned))
    );
}

#[tokio::test]
async fn delete_session_sends_sid_percent_encoded() {
    let cases = [
        ("S-1-100-21-42", "sid=S-1-100-21-42"),
        ("a&sid=b", "sid=a%26sid%3Db"),
        ("x#frag", "sid=x%23frag"),
        ("p/q", "sid=p%2Fq"),
        ("sp ace+plus", "sid=sp+ace%2Bplus"),
        ("ünï€", "sid=%C3%BCn%C3%AF%E2%82%AC"),
        ("50%", "sid=50%25"),
    ];
    let server = server_answering(ResponseTemplate::new(204)).await;
    let c = client(&server);
    for (sid, _) in &cases {
        c.users().delete_session().sid(*sid).await.unwrap();
    }
    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), cases.len());
    for ((sid, raw), req) in cases.iter().zip(&reqs) {
        assert_eq!(req.url.path(), "/v2/users/sessions");
        assert_eq!(req.url.query(), Some(*raw), "raw query for {sid:?}");
        let pairs: Vec<(String, String)> = req.url.query_pairs().into_owned().collect();
        assert_eq!(
            pairs,
            vec![("sid".to_owned(), (*sid).to_owned())],
            "decoded for {sid:?}"
        );
    }
}

#[tokio::test]
async fn a_204_that_also_sends_a_body_is_still_success() {
    let server = server_answering(json(204, r#"{"unexpected":true}"#)).await;
    client(&server)
        .users()
        .delete_session()
        .sid("S-1")
        .await
        .unwrap();
}

#[tokio::test]
async fn each_credential_goes_only_in_its_own_header() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let url = base(&server);
    let cases: [(Client, &[(&str, &str)]); 5] = [
        (Client::new(&url).unwrap(), &[]),
        (
            Client::builder(&url).api_key("K-1").build().unwrap(),
            &[("apikey", "K-1")],
        ),
        (
            Client::builder(&url).token("Bearer T-2").build().unwrap(),
            &[("authorization", "Bearer T-2")],
        ),
        (
            Client::builder(&url).session_id("S-3").build().unwrap(),
            &[("session-id", "S-3")],
        ),
        (
            Client::builder(&url)
                .api_key("K-1")
                .session_id("S-3")
                .build()
                .unwrap(),
            &[("apikey", "K-1"), ("session-id", "S-3")],
        ),
    ];
    for (c, _) in &cases {
        c.users().delete_session().await.unwrap();
    }
    let reqs = requests(&server).await;
    for ((_, extra), req) in cases.iter().zip(&reqs) {
        assert_eq!(headers(req), expected_headers(&server, extra));
    }
}

#[tokio::test]
async fn a_session_becomes_the_session_id_credential_in_one_call() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("POST"))
        .respond_with(json(201, r#"{"sessionId":"fresh-session"}"#))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let anonymous = Client::builder(base(&server)).api_key("K").build().unwrap();
    let session = anonymous.users().create_session(&login()).await.unwrap();
    let authed = anonymous.with_user_session(&session).unwrap();
    authed.users().delete_session().sid("S-1").await.unwrap();
    // The original client is unchanged.
    anonymous.users().delete_session().sid("S-1").await.unwrap();

    let reqs = requests(&server).await;
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[1].headers.get("session-id").unwrap(), "fresh-session");
    assert_eq!(reqs[1].headers.get("apikey").unwrap(), "K");
    assert!(reqs[2].headers.get("session-id").is_none());

    let empty = UserSession::default();
    let err = anonymous.with_user_session(&empty).unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
}

#[tokio::test]
async fn credentials_with_line_breaks_are_rejected_before_sending() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let url = base(&server);
    let bad = "abc\r\nX-Injected: 1";
    let errors = [
        Client::builder(&url).api_key(bad).build().unwrap_err(),
        Client::builder(&url).token("t\n").build().unwrap_err(),
        Client::builder(&url).session_id("s\0").build().unwrap_err(),
        Client::new(&url).unwrap().with_session_id(bad).unwrap_err(),
    ];
    for err in &errors {
        assert!(matches!(err, Error::Config { .. }), "{err:?}");
        let text = err.to_string();
        assert!(
            text.contains("credential cannot be sent: it holds a line break"),
            "{text}"
        );
        assert!(
            !text.contains("abc") && !text.contains("X-Injected"),
            "{text}"
        );
    }
    assert_eq!(
        errors[0].to_string(),
        "invalid client configuration: the APIKeyHeader credential cannot be sent: it holds a line break, a tab, another control character or a non-ASCII character, or starts or ends with a space"
    );
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn documented_error_response_is_parsed_into_the_error_model() {
    let server = server_answering(json(
        401,
        r#"{"errorCode":"KStatusUnauthorized","message":"Bad username or password"}"#,
    ))
    .await;
    let err = login_error(&server).await;
    let Error::Api {
        status,
        body: ApiErrorBody::Error(model),
        ..
    } = &err
    else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(status.as_u16(), 401);
    assert_eq!(model.error_code.as_deref(), Some("KStatusUnauthorized"));
    assert_eq!(model.message.as_deref(), Some("Bad username or password"));
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        err.to_string(),
        "the server answered 401 Unauthorized: KStatusUnauthorized: Bad username or password"
    );
    assert!(!err.to_string().contains("hunter2-pw"));
}

#[tokio::test]
async fn a_500_with_an_html_body_keeps_the_text() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let server = server_answering(ResponseTemplate::new(500).set_body_raw(html, "text/html")).await;
    let err = client(&server).users().delete_session().await.unwrap_err();
    match &err {
        Error::Api {
            status,
            body: ApiErrorBody::Text(text),
            ..
        } => {
            assert_eq!(status.as_u16(), 500);
            assert_eq!(text, html);
        }
        other => panic!("expected an API error with text, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        format!("the server answered 500 Internal Server Error: {html:?}")
    );
}

#[tokio::test]
async fn a_gateways_json_error_is_shown_as_sent_not_as_an_empty_error_model() {
    // Every field of the API's `Error` is optional, so this parses as it, with none set.
    let gateway = r#"{"error":"upstream request timeout","code":504}"#;
    let server = server_answering(json(504, gateway)).await;
    // One attempt: a 504 of a DELETE is otherwise retried (see `resilience.rs`).
    let err = Client::builder(base(&server))
        .retries(0)
        .build()
        .unwrap()
        .users()
        .delete_session()
        .await
        .unwrap_err();
    match &err {
        Error::Api {
            body: ApiErrorBody::Error(model),
            text,
            ..
        } => {
            assert_eq!(
                (&model.error_code, &model.message, &model.task_log_id),
                (&None, &None, &None)
            );
            assert_eq!(text.as_deref(), Some(gateway));
        }
        other => panic!("expected an API error, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        format!("the server answered 504 Gateway Timeout: {gateway:?}")
    );
}

#[tokio::test]
async fn a_login_error_that_echoes_the_password_never_shows_it() {
    for (status, body) in [
        (
            400,
            r#"{"errorCode":"KValidationError","message":"password hunter2-pw is too short"}"#,
        ),
        (
            502,
            r#"{"error":"bad upstream","request":{"password":"hunter2-pw"}}"#,
        ),
        (
            500,
            "<pre>POST /v2/users/sessions password=hunter2-pw</pre>",
        ),
    ] {
        let server = server_answering(json(status, body)).await;
        let err = login_error(&server).await;
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("***"), "{shown}");
    }
}

#[tokio::test]
async fn a_201_with_malformed_json_is_a_decode_error_that_never_quotes_the_body() {
    let server = server_answering(json(201, r#"{"sessionId": "leaky-secret"#)).await;
    let err = login_error(&server).await;
    match &err {
        Error::Decode {
            status,
            expected,
            body_prefix,
            ..
        } => {
            assert_eq!(status.as_u16(), 201);
            assert_eq!(*expected, "UserSession");
            assert_eq!(*body_prefix, None);
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.starts_with(
            "the server answered 201 Created but the body is not a valid UserSession ("
        ),
        "{text}"
    );
    assert!(
        text.ends_with("; the body is not shown because it may hold secrets"),
        "{text}"
    );
    assert!(!text.contains("leaky-secret") && !format!("{err:?}").contains("leaky-secret"));
}

#[tokio::test]
async fn an_undocumented_status_is_its_own_error() {
    let server = server_answering(json(200, r#"{"sessionId":"x"}"#)).await;
    let err = login_error(&server).await;
    match &err {
        Error::UnexpectedStatus { status, body, .. } => {
            assert_eq!(status.as_u16(), 200);
            // `create_session` answers hold the session id: the body is never quoted.
            assert_eq!(*body, None);
        }
        other => panic!("expected an unexpected-status error, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "the server answered 200 OK, which the API description does not document for this operation; the body is not shown because it may hold secrets"
    );
}

#[tokio::test]
async fn connection_refused_is_a_transport_error_with_a_hint() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let c = Client::new(&format!("http://{addr}/v2")).unwrap();
    let err = c.users().delete_session().await.unwrap_err();
    // A DELETE is retried (twice, by default) when it could not connect.
    assert_eq!(err.attempts(), 3);
    let Error::Transport(inner) = err.last_attempt() else {
        panic!("expected transport, got {err:?}")
    };
    assert!(inner.is_connect());
    let text = err.to_string();
    assert!(
        text.starts_with("after 3 attempts, request failed: error sending request for url"),
        "{text}"
    );
    assert!(
        text.contains("(could not connect: check the base URL"),
        "{text}"
    );
    assert_eq!(err.status(), None);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Accepts connections and holds them open without ever answering.
    let holder = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let c = Client::builder(format!("http://{addr}/v2"))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = c.users().create_session(&login()).await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        err.to_string()
            .contains("(the server did not answer in time"),
        "{err}"
    );
    holder.abort();
}

#[tokio::test]
async fn user_agent_is_configurable() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let c = Client::builder(base(&server))
        .user_agent("my-tool/2")
        .build()
        .unwrap();
    c.users().delete_session().await.unwrap();
    assert_eq!(
        only_request(&server)
            .await
            .headers
            .get("user-agent")
            .unwrap(),
        "my-tool/2"
    );
}

#[tokio::test]
async fn an_existing_reqwest_client_can_be_passed_in() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let http = reqwest::Client::builder()
        .user_agent("outer/1")
        .build()
        .unwrap();
    // A client of one's own may go through a proxy this crate cannot see: credentials go
    // over plain http, even to this machine, only when allowed.
    let refused = Client::builder(base(&server))
        .http_client(http.clone())
        .api_key("K")
        .build()
        .unwrap();
    let err = refused.users().delete_session().await.unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
    let c = Client::builder(base(&server))
        .http_client(http)
        .api_key("K")
        .allow_http_credentials(true)
        .build()
        .unwrap();
    c.users().delete_session().await.unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.headers.get("user-agent").unwrap(), "outer/1");
    assert_eq!(req.headers.get("apikey").unwrap(), "K");
}

#[test]
fn base_urls_are_checked() {
    for (url, part) in [
        ("ftp://host/v2", "must start with http:// or https://"),
        ("not a url", "is not a valid URL"),
        ("https://host/v2?x=1", "must not have a query or fragment"),
    ] {
        let err = Client::new(url).unwrap_err();
        assert!(matches!(err, Error::Config { .. }));
        assert!(err.to_string().contains(part), "{err}");
    }
    // A trailing slash is fine.
    let c = Client::new("https://cluster.example.com/v2/").unwrap();
    assert_eq!(c.base_url().as_str(), "https://cluster.example.com/v2/");
}

#[test]
fn debug_output_never_shows_secrets() {
    let body = CreateUserSessionRequestParams {
        username: Some("admin".to_owned()),
        password: Some("hunter2-pw".to_owned()),
        private_key: Some("-----BEGIN KEY".to_owned()),
        otp_code: Some("987654".to_owned()),
        ..Default::default()
    };
    assert_eq!(
        format!("{body:?}"),
        r#"CreateUserSessionRequestParams { username: Some("admin"), password: Some(***), domain: None, certificate: None, private_key: Some(***), otp_code: Some(***), otp_type: None }"#
    );
    // No request sends it (`#[non_exhaustive]`): made as the docs say, from the default.
    let mut session = UserSession::default();
    session.session_id = Some("sess-secret".to_owned());
    assert_eq!(
        format!("{session:?}"),
        "UserSession { session_id: Some(***) }"
    );

    let builder = Client::builder("https://u:pw-in-url@h/v2")
        .api_key("K-secret")
        .token("T-secret");
    let builder_text = format!("{builder:?}");
    // A password in the URL is refused (it would be a second `Authorization`), unquoted.
    let refused = builder.build().unwrap_err();
    assert!(!format!("{refused} {refused:?}").contains("pw-in-url"));
    let c = Client::builder("https://h/v2")
        .api_key("K-secret")
        .token("T-secret")
        .build()
        .unwrap()
        .with_session_id("S-secret")
        .unwrap();
    let client_text = format!("{c:?}");
    for text in [&builder_text, &client_text] {
        for secret in ["K-secret", "T-secret", "S-secret", "pw-in-url"] {
            assert!(!text.contains(secret), "{secret} leaked in {text}");
        }
    }
    assert_eq!(
        client_text,
        r#"Client { base_url: "https://h/v2", credentials: ["APIKeyHeader", "TokenHeader", "SessionIdHeader"], .. }"#
    );
}
