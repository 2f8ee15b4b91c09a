//! Redirects: followed within the origin up to the limit, refused to another origin or
//! scheme, returned when documented; nothing of the request ever goes elsewhere.

use super::*;

#[tokio::test]
async fn a_redirect_to_another_origin_is_refused_and_nothing_is_sent_there() {
    for (status, code) in [
        ("301 Moved Permanently", 301),
        ("302 Found", 302),
        ("303 See Other", 303),
        ("307 Temporary Redirect", 307),
        ("308 Permanent Redirect", 308),
    ] {
        let mut other = Scripted::start(vec![PLANTED.to_owned()]).await;
        let target = format!("{}/v2/steal?token=x", other.origin);
        let mut first = Scripted::start(vec![redirect(status, &target)]).await;
        let client = with_both_credentials(format!("{}/v2", first.origin)).await;
        let err = login_through(&client).await.err().unwrap();
        match &err {
            Error::Redirect { status, location } => {
                assert_eq!(status.as_u16(), code);
                assert_eq!(location, &other.origin);
            }
            e => panic!("{e:?}"),
        }
        assert_eq!(other.requests(), Vec::<String>::new(), "{status}");
        let sent = first.requests();
        assert_eq!(sent.len(), 1);
        assert!(
            sent[0].contains("\r\nx-api-key: key-1234\r\n"),
            "{}",
            sent[0]
        );
        // The target's path and query (which may carry tokens) are not repeated.
        assert!(!err.to_string().contains("steal") && !err.to_string().contains("token=x"));
        assert!(err.to_string().starts_with(&format!(
            "the server answered {status} from or toward {}: another origin",
            other.origin
        )));
    }
}

#[tokio::test]
async fn a_redirect_to_another_scheme_on_the_same_host_and_port_is_refused() {
    // From http to https on the same host and port: another origin all the same.
    let mut server = Scripted::start_for(|origin| {
        let https = origin.replace("http://", "https://");
        vec![redirect("302 Found", &format!("{https}/v2/x"))]
    })
    .await;
    let client = with_both_credentials(format!("{}/v2", server.origin)).await;
    let err = login_through(&client).await.err().unwrap();
    let https = server.origin.replace("http://", "https://");
    assert!(
        matches!(&err, Error::Redirect { location, .. } if *location == https),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn redirects_within_the_origin_are_followed_up_to_the_limit() {
    // 307 keeps the method, the body and the credentials: same origin, same trust.
    let mut server = Scripted::start(vec![
        redirect("307 Temporary Redirect", "/v2/moved"),
        NO_CONTENT.replace("\r\n\r\n", "\r\nconnection: close\r\n\r\n"),
    ])
    .await;
    let client = with_both_credentials(format!("{}/v2", server.origin)).await;
    let response = login_through(&client).await.ok().unwrap();
    assert_eq!(response.status(), 204);
    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    assert!(
        sent[1].starts_with("POST /v2/moved HTTP/1.1\r\n"),
        "{}",
        sent[1]
    );
    assert!(
        sent[1].contains("\r\nx-api-key: key-1234\r\n"),
        "{}",
        sent[1]
    );
    assert!(
        sent[1].ends_with("\r\n\r\n{\"password\":\"pw-secret\"}"),
        "{}",
        sent[1]
    );

    // A loop stops at the limit: one redirect followed, the second is the error.
    let mut server = Scripted::start(vec![
        redirect("302 Found", "/v2/a"),
        redirect("302 Found", "/v2/b"),
        redirect("302 Found", "/v2/c"),
    ])
    .await;
    let client = Client::builder(format!("{}/v2", server.origin))
        .redirect_limit(1)
        .build()
        .unwrap();
    let err = login_through(&client).await.err().unwrap();
    assert!(
        matches!(&err, Error::Redirect { status, location } if status.as_u16() == 302 && *location == server.origin),
        "{err:?}"
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_answer_from_another_origin_is_never_a_result_even_through_a_client_that_follows() {
    let mut other = Scripted::start(vec![PLANTED.to_owned()]).await;
    let mut first = Scripted::start(vec![redirect(
        "302 Found",
        &format!("{}/v2/x", other.origin),
    )])
    .await;
    // A client of the user's own, with reqwest's default policy (it follows).
    let client = Client::builder(format!("{}/v2", first.origin))
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let err = login_through(&client).await.err().unwrap();
    assert!(
        matches!(&err, Error::Redirect { status, location } if status.as_u16() == 200 && *location == other.origin),
        "{err:?}"
    );
    assert_eq!((first.requests().len(), other.requests().len()), (1, 1));
}

#[tokio::test]
async fn a_documented_redirect_is_returned_not_followed() {
    let answer = "HTTP/1.1 303 See Other\r\nlocation: /v2/home?code=c0de\r\nset-cookie: sid=s3cret; Path=/; HttpOnly\r\nset-cookie: theme=dark\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
    let mut server = Scripted::start(vec![answer.to_owned(), NO_CONTENT.to_owned()]).await;
    let client = Client::new(&format!("{}/v2", server.origin)).unwrap();
    let response = Request::new(&client, Method::POST, &["login"])
        .keep_redirects()
        .send(&[])
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    let redirection = response.redirection();
    assert_eq!(redirection.status.as_u16(), 303);
    assert_eq!(
        redirection.location.as_ref().map(|u| u.as_str()),
        Some(format!("{}/v2/home?code=c0de", server.origin).as_str())
    );
    assert_eq!(
        redirection.cookies().collect::<Vec<_>>(),
        ["sid=s3cret", "theme=dark"]
    );
    let debug = format!("{redirection:?}");
    assert_eq!(
        debug,
        format!(
            r#"Redirection {{ status: 303, location: Some("{}/v2/home"), headers: ["location", "set-cookie", "content-length", "connection"] }}"#,
            server.origin
        )
    );
    // Only the one request: the redirect was not followed.
    assert_eq!(server.requests().len(), 1);
    // Without `keep_redirects` the same answer is an error, even within the origin when the
    // limit is 0.
    let mut server = Scripted::start(vec![answer.to_owned()]).await;
    let client = Client::builder(format!("{}/v2", server.origin))
        .redirect_limit(0)
        .build()
        .unwrap();
    let err = failed(&client, Method::POST, &["login"], &[]).await;
    assert!(matches!(err, Error::Redirect { .. }), "{err:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_request_with_a_credential_in_its_url_follows_no_redirect_and_errors_never_show_it() {
    // Same origin: followed for other requests, not for this one.
    let mut scripted = Scripted::start(vec![redirect("302 Found", "/v2/b")]).await;
    let client = with_every_place(&format!("{}/v2", scripted.origin));
    let err = failed(&client, Method::GET, &["a"], &[&QUERY_KEY]).await;
    assert_eq!(
        err.to_string(),
        format!(
            "the server answered 302 Found from or toward {}: another origin than the base URL's, more redirects than allowed, or a redirect of a request that carries a credential in its URL; the client does not follow: check the base URL (scheme, host, port), or raise the limit with `ClientBuilder::redirect_limit` for redirects within the origin",
            scripted.origin
        )
    );
    assert_eq!(scripted.requests().len(), 1);

    // A transport error names the URL without its query.
    let client = with_every_place("http://127.0.0.1:9/v2");
    let err = Request::new(&client, Method::GET, &["a"])
        .query("n", &1, QueryStyle::Exploded)
        .unwrap()
        .send(&[&QUERY_KEY, &COOKIE_KEY, &BASIC])
        .await
        .err()
        .unwrap();
    let (text, debug) = (err.to_string(), format!("{err:?}"));
    assert!(text.contains("http://127.0.0.1:9/v2/a)"), "{text}");
    for shown in [text, debug] {
        for secret in ["q+k", "q%2Bk", "api_key", "c-k-2", "pa:ss", "YW5u", "n=1"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
    }
}

#[tokio::test]
async fn a_redirect_location_never_holds_the_query_credential() {
    let (url, _seen) =
        server("HTTP/1.1 303 See Other\r\nlocation: #top\r\ncontent-length: 0\r\n\r\n").await;
    let client = with_credential(&Client::new(&url).unwrap(), &QUERY_KEY, "q-k-9").unwrap();
    let response = Request::new(&client, Method::GET, &["a"])
        .keep_redirects()
        .send(&[&QUERY_KEY])
        .await
        .unwrap();
    let location = response.location.clone().unwrap();
    assert_eq!(location.as_str(), format!("{url}/a#top"));
}
