//! Secrets (credentials, secret fields) never reach error text, `Debug` or a quoted body,
//! whatever the server echoes.

use super::*;

#[tokio::test]
async fn a_body_that_may_hold_secrets_is_never_quoted() {
    let answer = "HTTP/1.1 200 OK\r\ncontent-length: 22\r\n\r\n{\"sessionId\": \"s3cret\"";
    let err = answered(answer)
        .await
        .json::<serde_json::Value>("UserSession", Secrecy::HoldsSecret)
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.ends_with("the body is not shown because it may hold secrets"),
        "{text}"
    );
    assert!(!text.contains("s3cret") && !format!("{err:?}").contains("s3cret"));
    let err = answered(answer)
        .await
        .json::<serde_json::Value>("Thing", Secrecy::NoSecret)
        .unwrap_err();
    assert!(err.to_string().contains("s3cret"), "{err}");
}

#[tokio::test]
async fn error_text_never_holds_a_credential_or_a_secret_the_parser_quotes() {
    // A server that echoes the credentials it received.
    let (url, _seen) = server(
        "HTTP/1.1 500 Internal Server Error\r\ncontent-length: 38\r\n\r\nbad key key-1234 and token tok-5678 !!",
    )
    .await;
    let client = with_both_credentials(url).await;
    let response = sent(&client, Method::GET, &[]).await;
    let err = response.api_error_text();
    assert_eq!(
        err.to_string(),
        "the server answered 500 Internal Server Error: \"bad key *** and token *** !!\""
    );

    // serde quotes the value it could not take: not for types that hold secrets.
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Session {
        n: i64,
    }
    let answer = "HTTP/1.1 201 Created\r\ncontent-length: 19\r\n\r\n{\"n\": \"s3cret-abc\"}";
    let err = answered(answer)
        .await
        .json::<Session>("UserSession", Secrecy::HoldsSecret)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the server answered 201 Created but the body is not a valid UserSession (a missing field or a value of the wrong type at line 1 column 18); the body is not shown because it may hold secrets"
    );
    assert!(!format!("{err:?}").contains("s3cret"));
    let err = answered(answer)
        .await
        .json::<Session>("Thing", Secrecy::NoSecret)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("invalid type: string \"s3cret-abc\""),
        "{err}"
    );

    // An undocumented status of an operation whose answers hold secrets.
    let answer = "HTTP/1.1 200 OK\r\ncontent-length: 25\r\n\r\n{\"sessionId\":\"s3cret-abc\"}";
    let err = answered(answer).await.unexpected(Secrecy::HoldsSecret);
    assert_eq!(
        err.to_string(),
        "the server answered 200 OK, which the API description does not document for this operation; the body is not shown because it may hold secrets"
    );
    assert!(!format!("{err:?}").contains("s3cret"));
}

#[tokio::test]
async fn a_credential_cut_by_the_quoted_prefix_is_still_hidden() {
    // The key starts at character 195 of the body: the first 200 characters end inside it.
    let body = format!("{}key-1234 {}", "x".repeat(195), "y".repeat(100));
    let answer: &'static str = Box::leak(
        format!(
            "HTTP/1.1 500 Internal Server Error\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_boxed_str(),
    );
    let (url, _seen) = server(answer).await;
    let client = with_both_credentials(url).await;
    let response = sent(&client, Method::GET, &[]).await;
    let err = response.api_error_text();
    let text = err.to_string();
    assert!(!text.contains("key-"), "{text}");
    assert!(text.contains(&format!("{}***", "x".repeat(195))), "{text}");
}

#[tokio::test]
async fn a_secret_of_the_request_echoed_in_the_answer_never_reaches_error_text() {
    let password = "pw-S3cret!".to_owned();
    let echo = |status: &str, body: &str| {
        format!(
            "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let answers = vec![
        echo(
            "400 Bad Request",
            r#"{"message":"wrong password pw-S3cret! for admin"}"#,
        ),
        echo("502 Bad Gateway", "<p>upstream got password=pw-S3cret!</p>"),
        echo("200 OK", r#"{"password": "pw-S3cret!", oops}"#),
    ];
    let server = Scripted::start(answers).await;
    let client = Client::new(&format!("{}/v2", server.origin)).unwrap();
    let login = || {
        Request::new(&client, Method::POST, &["login"])
            .json(
                "application/json",
                Some(&serde_json::json!({ "password": password })),
            )
            .redacting(&password)
            .send(&[])
    };
    // A model that shows the secret is replaced by the (hidden) text.
    let err = login().await.unwrap().api_error(ApiErrorBody::Status);
    assert!(
        matches!(&err, Error::Api { body: ApiErrorBody::Text(t), text: Some(k), .. }
            if t == r#"{"message":"wrong password *** for admin"}"# && t == k),
        "{err:?}"
    );
    let err = login().await.unwrap().api_error_text();
    assert_eq!(
        err.to_string(),
        r#"the server answered 502 Bad Gateway: "<p>upstream got password=***</p>""#
    );
    let err = login()
        .await
        .unwrap()
        .json::<serde_json::Value>("Thing", Secrecy::NoSecret)
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("S3cret"), "{shown}");
    assert!(
        shown.contains(r#"{\"password\": \"***\", oops}"#),
        "{shown}"
    );
}

#[tokio::test]
async fn pending_shows_nothing_of_the_request() {
    let client = Client::new("http://127.0.0.1:9/v2").unwrap();
    let pending: crate::request::Pending<'_, u16> = crate::request::Pending::new(
        Ok(Request::new(&client, Method::GET, &[])),
        &[],
        |response| Ok(response.status()),
    );
    assert_eq!(format!("{pending:?}"), "Pending { .. }");
}

#[test]
fn secrets_are_found_inside_every_container() {
    use crate::request::Secrets;
    use std::collections::BTreeMap;
    let mut found = Vec::new();
    let map: BTreeMap<String, String> = [("k".to_owned(), "in-map".to_owned())].into();
    let boxed: Box<String> = Box::new("in-box".to_owned());
    let nested: Option<Vec<Option<String>>> = Some(vec![
        Some("in-vec".to_owned()),
        None,
        Some("and-on".to_owned()),
    ]);
    let slice: &[String] = &["in-slice".to_owned()];
    let by_ref = &map;
    <&BTreeMap<String, String> as Secrets>::secrets(&by_ref, &mut found);
    boxed.secrets(&mut found);
    nested.secrets(&mut found);
    slice.secrets(&mut found);
    None::<String>.secrets(&mut found);
    assert_eq!(found, ["in-map", "in-box", "in-vec", "and-on", "in-slice"]);
}

#[tokio::test]
async fn query_cookie_and_basic_credentials_echoed_back_are_hidden() {
    let body = "no: q+k/1 q%2Bk%2F1 c-k-2 pa:ss w\u{f6}rd YW5uOnBhOnNzIHfDtnJk ann ok";
    let answer = format!(
        "HTTP/1.1 401 Unauthorized\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let (url, _seen) = server(Box::leak(answer.into_boxed_str())).await;
    let client = with_every_place(&url);
    let err = sent(&client, Method::GET, &[]).await.api_error_text();
    assert_eq!(
        err.to_string(),
        "the server answered 401 Unauthorized: \"no: *** *** *** *** *** ann ok\""
    );
    let text = format!("{client:?}");
    assert_eq!(
        text,
        format!(
            r#"Client {{ base_url: "{url}", credentials: ["Basic", "QueryKey", "CookieKey"], .. }}"#
        )
    );
}

#[tokio::test]
async fn a_credential_echoed_in_a_parsed_error_model_or_in_another_encoding_is_hidden() {
    let echo = |body: &str| {
        format!(
            "HTTP/1.1 401 Unauthorized\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    let answers = vec![
        // The error model's message quotes the key (the model would show it).
        echo(r#"{"message":"bad key q+k/1"}"#),
        // JSON-escaped as PHP writes it, and the basic pair's user name alone.
        echo(r#"{"message":"bad key q+k\/1 for key-user"}"#),
    ];
    let server = Scripted::start(answers).await;
    let client = Client::builder(format!("{}/v2", server.origin))
        .basic("key-user", "")
        .build()
        .unwrap();
    let client = with_credential(&client, &QUERY_KEY, "q+k/1").unwrap();
    let send = || Request::new(&client, Method::GET, &["a"]).send(&[]);
    let err = send().await.unwrap().api_error(ApiErrorBody::Status);
    assert!(
        matches!(&err, Error::Api { body: ApiErrorBody::Text(t), .. } if t == r#"{"message":"bad key ***"}"#),
        "{err:?}"
    );
    let err = send().await.unwrap().api_error(ApiErrorBody::Status);
    let shown = format!("{err} {err:?}");
    assert!(
        shown.contains(r#"bad key *** for ***"#) && !shown.contains("key-user"),
        "{shown}"
    );
}

#[test]
fn a_secret_that_holds_another_is_hidden_whole() {
    assert_eq!(
        crate::redact::redact("a abc ab", ["ab", "abc"]),
        "a *** ***"
    );
}
