//! Credentials: where each scheme puts its value, and values a place cannot take.

use super::*;

#[tokio::test]
async fn credentials_with_line_breaks_are_refused_without_quoting_them() {
    let err = Client::builder("http://127.0.0.1:9/v2")
        .api_key("secret\r\nX-Evil: 1")
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid client configuration: the ApiKey credential cannot be sent: it holds a line break, a tab, another control character or a non-ASCII character, or starts or ends with a space"
    );
    for bad in ["", " lead", "trail ", "t\u{f6}ken", "tab\tbed", "nul\0"] {
        let err = Client::builder("http://127.0.0.1:9/v2")
            .api_key(bad)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config { .. }), "{bad:?}: {err:?}");
        assert!(bad.is_empty() || !err.to_string().contains(bad), "{err}");
    }
    let err = Client::builder("http://127.0.0.1:9/v2")
        .api_key("k".repeat(9000))
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid client configuration: the ApiKey credential cannot be sent: it is 9000 bytes long; at most 8192 fit a header"
    );
    let client = Client::new("http://127.0.0.1:9/v2").unwrap();
    let err = with_credential(&client, &BEARER, "tok\n").unwrap_err();
    assert!(!err.to_string().contains("tok"), "{err}");
}

#[test]
fn debug_never_shows_credentials() {
    let builder = Client::builder("https://h.example/v2").api_key("key-1");
    let text = format!("{builder:?}");
    assert!(text.contains(r#"credentials: ["ApiKey"]"#), "{text}");
    assert!(!text.contains("key-1"), "{text}");
    let client = builder.build().unwrap();
    let client = with_credential(&client, &BEARER, "tok-2").unwrap();
    assert_eq!(
        format!("{client:?}"),
        r#"Client { base_url: "https://h.example/v2", credentials: ["ApiKey", "Bearer"], .. }"#
    );
}

#[test]
fn setting_a_credential_again_replaces_it() {
    let builder = Client::builder("http://h/v2").api_key("a").api_key("b");
    assert_eq!(
        format!("{builder:?}").matches("ApiKey").count(),
        1,
        "{builder:?}"
    );
}

#[test]
fn a_credential_of_exactly_the_limit_is_accepted_and_one_byte_more_refused() {
    let limit = crate::client::MAX_PARAMETER_BYTES;
    let at_limit = "k".repeat(limit);
    assert!(Client::builder("http://h/v2")
        .api_key(at_limit.clone())
        .build()
        .is_ok());
    let err = Client::builder("http://h/v2")
        .api_key(format!("{at_limit}k"))
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
}

#[tokio::test]
async fn each_credential_goes_where_its_scheme_says_and_only_for_the_schemes_listed() {
    let (url, seen) = server(NO_CONTENT).await;
    let client = with_every_place(&url);
    Request::new(&client, Method::GET, &["a"])
        .query("n", &1, QueryStyle::Exploded)
        .unwrap()
        .cookie("theme", &"dark")
        .unwrap()
        .send(&[&QUERY_KEY, &COOKIE_KEY, &BASIC])
        .await
        .unwrap();
    let request = seen.await.unwrap();
    let lines = lines(&request);
    assert_eq!(lines[0], "GET /v2/a?n=1&api_key=q%2Bk%2F1 HTTP/1.1");
    let mut headers: Vec<&str> = lines[1..lines.len() - 2]
        .iter()
        .copied()
        .filter(|h| !h.starts_with("host: ") && !h.starts_with("user-agent: "))
        .collect();
    headers.sort_unstable();
    // base64 of `ann:pa:ss wörd` (UTF-8).
    assert_eq!(
        headers,
        [
            "accept: */*",
            "authorization: Basic YW5uOnBhOnNzIHfDtnJk",
            "cookie: theme=dark; sid=c-k-2",
        ]
    );

    // An operation that lists none of them sends none of them.
    let (url, seen) = server(NO_CONTENT).await;
    let client = with_every_place(&url);
    Request::new(&client, Method::GET, &["a"])
        .send(&[&API_KEY])
        .await
        .unwrap();
    let request = seen.await.unwrap();
    assert!(request.starts_with("GET /v2/a HTTP/1.1\r\n"), "{request}");
    for secret in ["api_key", "q%2Bk", "c-k-2", "Basic", "cookie:"] {
        assert!(!request.contains(secret), "{secret} in {request}");
    }
}

#[test]
fn credentials_a_place_cannot_take_are_refused_without_quoting_them() {
    let client = Client::new("http://127.0.0.1:9/v2").unwrap();
    let refused = |r: Result<Client, Error>| r.err().unwrap().to_string();
    assert_eq!(
        refused(with_credential(&client, &COOKIE_KEY, "a;b")),
        "invalid client configuration: the CookieKey credential cannot be sent: a cookie value cannot hold `;`, `,`, spaces, `\"` or `\\`"
    );
    assert_eq!(
        refused(with_basic_credential(&client, &BASIC, "a:b", "pw-1")),
        "invalid client configuration: the Basic credential cannot be sent: a user name cannot hold `:`"
    );
    assert_eq!(
        refused(with_basic_credential(&client, &BASIC, "ann", "pw\n-1")),
        "invalid client configuration: the Basic credential cannot be sent: the password holds a line break, a tab or another control character"
    );
    assert_eq!(
        refused(with_basic_credential(&client, &BASIC, "", "pw-1")),
        "invalid client configuration: the Basic user name cannot be sent: it is empty"
    );
    assert_eq!(
        refused(with_credential(&client, &BASIC, "ann:pw-1")),
        "invalid client configuration: the Basic credential cannot be sent: it needs a user name and a password"
    );
    assert_eq!(
        refused(with_basic_credential(&client, &QUERY_KEY, "ann", "pw-1")),
        "invalid client configuration: the QueryKey credential cannot be sent: it is one value, not a user name and password"
    );
    // An empty password is a password.
    assert!(with_basic_credential(&client, &BASIC, "ann", "").is_ok());
}

#[tokio::test]
async fn a_bearer_token_goes_after_its_prefix() {
    let (url, seen) = server(NO_CONTENT).await;
    let client = with_credential(&Client::new(&url).unwrap(), &BEARER, "tok-7").unwrap();
    Request::new(&client, Method::GET, &["a"])
        .send(&[&BEARER])
        .await
        .unwrap();
    let request = seen.await.unwrap();
    assert!(
        request.contains("\r\nauthorization: Bearer tok-7\r\n"),
        "{request}"
    );
}
