//! The client's configuration: defaults, base URLs, the HTTP client it uses.

use super::*;

#[test]
fn the_defaults_are_the_documented_ones() {
    assert_eq!(DEFAULT_CONNECT_TIMEOUT, std::time::Duration::from_secs(10));
    assert_eq!(DEFAULT_TIMEOUT, std::time::Duration::from_secs(60));
    // `<crate name>/<crate version>`, whatever the version is.
    assert_eq!(
        DEFAULT_USER_AGENT,
        format!("{}/{}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"))
    );
    let text = format!("{:?}", Client::builder("http://h/v2"));
    assert!(
        text.contains("connect_timeout: 10s, timeout: 60s"),
        "{text}"
    );
    assert!(text.contains("accept_invalid_certs: false"), "{text}");
}

#[test]
fn base_urls_must_be_http_without_query_or_fragment() {
    for (url, why) in [
        ("ftp://h/v2", "must start with http:// or https://"),
        ("mailto:someone", "must start with http:// or https://"),
        (
            "http://h/v2?x=1",
            "the base URL \"http://h/v2\" must not have a query or fragment",
        ),
        ("http://h/v2#top", "must not have a query or fragment"),
        ("not a url", "is not a valid URL"),
    ] {
        let err = Client::new(url).unwrap_err().to_string();
        assert!(err.contains(why), "{url}: {err}");
    }
}

#[tokio::test]
async fn a_pending_request_is_a_send_future() {
    let (url, _seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    let pending: crate::request::Pending<'_, u16> = crate::request::Pending::new(
        Ok(Request::new(&client, Method::GET, &[])),
        &[],
        |response| Ok(response.status()),
    );
    fn is_send<T: Send>(_: &T) {}
    is_send(&pending);
    assert_eq!(pending.await.unwrap(), 204);
    // A request that could not be made is its error, without sending anything.
    let refused: crate::request::Pending<'_, u16> = crate::request::Pending::new(
        Request::new(&client, Method::GET, &[]).header("X-Bad", &"a\nb"),
        &[],
        |response| Ok(response.status()),
    );
    assert!(matches!(
        refused.await,
        Err(Error::InvalidParameter { name: "X-Bad", .. })
    ));
}

#[test]
fn the_http_client_is_the_one_built_with_the_settings_or_the_one_given() {
    let client = Client::builder("http://h/v2")
        .user_agent("settings-test/1")
        .build()
        .unwrap();
    let shown = format!("{:?}", client.http_client());
    assert!(shown.contains("settings-test/1"), "{shown}");
    let own = reqwest::Client::builder()
        .user_agent("my-own/2")
        .build()
        .unwrap();
    let client = Client::builder("http://h/v2")
        .http_client(own)
        .build()
        .unwrap();
    let shown = format!("{:?}", client.http_client());
    assert!(shown.contains("my-own/2"), "{shown}");
}
