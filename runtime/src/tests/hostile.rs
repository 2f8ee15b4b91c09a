//! What a careless caller or a hostile server tries: values the URL parser would rewrite,
//! secrets echoed back in other encodings, base URLs that hide a password, proxies.

use super::*;
use proptest::prelude::*;
use tokio::io::AsyncBufReadExt;

/// A server that keeps connections open and answers every request with the status its path
/// ends with (`/v2/400`, else 204) and, as the body, the request's own body: an echo. Each
/// request it reads (head and body) goes to the channel.
async fn echo_server() -> (String, tokio::sync::mpsc::UnboundedReceiver<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v2", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let tx = tx.clone();
            tokio::spawn(async move {
                let mut socket = tokio::io::BufReader::new(socket);
                loop {
                    let mut head = Vec::new();
                    loop {
                        let mut line = Vec::new();
                        match socket.read_until(b'\n', &mut line).await {
                            Ok(0) | Err(_) => return,
                            Ok(_) => {}
                        }
                        let end = line == b"\r\n";
                        head.extend_from_slice(&line);
                        if end {
                            break;
                        }
                    }
                    let text = String::from_utf8_lossy(&head).into_owned();
                    let length = text
                        .lines()
                        .find_map(|l| l.strip_prefix("content-length: "))
                        .map_or(0, |v| v.trim().parse::<usize>().unwrap());
                    let mut body = vec![0; length];
                    if socket.read_exact(&mut body).await.is_err() {
                        return;
                    }
                    let target = text.split(' ').nth(1).unwrap_or_default();
                    let status = match target.rsplit('/').next() {
                        Some(s) if s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()) => s,
                        _ => "204",
                    };
                    let mut answer = format!(
                        "HTTP/1.1 {status} X\r\ncontent-length: {}\r\n\r\n",
                        body.len()
                    )
                    .into_bytes();
                    answer.extend_from_slice(&body);
                    head.extend_from_slice(&body);
                    let _ = tx.send(head);
                    if socket.get_mut().write_all(&answer).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (url, rx)
}

/// The request line of a request the server read.
fn request_line(request: &[u8]) -> String {
    let text = String::from_utf8(request.to_vec()).unwrap();
    text.split("\r\n").next().unwrap().to_owned()
}

/// The path segments of a request line's target, percent-decoded.
fn decoded_segments(line: &str) -> Vec<String> {
    let target = line.split(' ').nth(1).unwrap();
    let path = target.split('?').next().unwrap();
    path.split('/')
        .skip(1)
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .unwrap()
                .into_owned()
        })
        .collect()
}

#[tokio::test]
async fn a_path_value_the_url_parser_would_rewrite_stays_in_its_segment() {
    let (url, mut seen) = echo_server().await;
    let client = Client::new(&url).unwrap();
    // `DELETE /users/{userSid}/api-keys/{id}` and `DELETE /users/{sid}`: URL parsers strip
    // tabs and line breaks, and what is left may be a dot segment.
    for (id, sent) in [
        ("..\t", "..%09"),
        ("\t..", "%09.."),
        (".\n.", ".%0A."),
        ("..\r\n", "..%0D%0A"),
        (".\t", ".%09"),
        ("\t", "%09"),
        ("%2e%2E", "%252e%252E"),
        ("..\\", "..%5C"),
        ("a,b", "a%2Cb"),
    ] {
        let key = Request::new(
            &client,
            Method::DELETE,
            &[
                "users",
                &path_value("userSid", &"S-1-100-alice").unwrap(),
                "api-keys",
                &path_value("id", &id).unwrap(),
            ],
        );
        key.send(&[]).await.unwrap();
        let line = request_line(&seen.recv().await.unwrap());
        assert_eq!(
            line,
            format!("DELETE /v2/users/S-1-100-alice/api-keys/{sent} HTTP/1.1")
        );
        assert_eq!(
            decoded_segments(&line),
            ["v2", "users", "S-1-100-alice", "api-keys", id]
        );
        let user = Request::new(
            &client,
            Method::DELETE,
            &["users", &path_value("sid", &id).unwrap()],
        );
        user.send(&[]).await.unwrap();
        let line = request_line(&seen.recv().await.unwrap());
        assert_eq!(line, format!("DELETE /v2/users/{sent} HTTP/1.1"));
    }
    // Percent-encoded dots are dots to a URL parser.
    for dots in ["%2e", "%2E%2e", ".%2E"] {
        let err = path_segment("id", &[Cow::Borrowed(dots)]).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("parameter `id` cannot be sent: a path segment cannot be \"."),
            "{err}"
        );
    }
    // An array's items are separated by `,`; an item's own `,` is encoded.
    assert_eq!(
        path_value("ids", &["a,b", "c"]).unwrap(),
        "a%2Cb,c",
        "array items"
    );
}

#[tokio::test]
async fn header_and_cookie_values_http_would_change_are_refused() {
    let client = Client::new("http://127.0.0.1:9/v2").unwrap();
    let request = || Request::new(&client, Method::GET, &[]);
    for (value, why) in [
        (
            " padded",
            "a header value cannot start or end with a space: HTTP strips it",
        ),
        (
            "padded\t",
            "a header value cannot start or end with a space: HTTP strips it",
        ),
        (
            "a\tb",
            "the value holds a line break or another byte not allowed in an HTTP header",
        ),
        (
            "a\u{7f}b",
            "the value holds a line break or another byte not allowed in an HTTP header",
        ),
    ] {
        let err = request().header("X-Id", &value).err().unwrap();
        assert_eq!(
            err.to_string(),
            format!("parameter `X-Id` cannot be sent: {why}")
        );
    }
    let err = request().header("X-Ids", &["a,b", "c"]).err().unwrap();
    assert_eq!(
        err.to_string(),
        "parameter `X-Ids` cannot be sent: an item of a header array cannot hold `,` or start or end with a space"
    );
    assert!(request().header("X-Id", &"a,b").is_ok(), "a scalar may");
    for value in ["a\tb", "a,b", "é", "a\u{1}"] {
        let err = request().cookie("c", &value).err().unwrap();
        assert_eq!(
            err.to_string(),
            "parameter `c` cannot be sent: a cookie value can hold only visible ASCII characters, but not `\"`, `,`, `;` or `\\`"
        );
    }
}

/// Characters a careless caller may put in a value: every control character, dots,
/// slashes, backslashes, percent signs, and what URLs and headers treat specially.
fn hostile_text() -> impl Strategy<Value = String> {
    let mut chars: Vec<char> = (0u8..0x20).map(char::from).collect();
    chars.extend([
        '\u{7f}', '.', '.', '.', '/', '\\', '%', '%', '2', 'e', 'E', ' ', '?', '#', ',', '&', '=',
        '+', ';', ':', '@', '[', ']', 'a', 'é', '\u{85}', '\u{2028}', '"',
    ]);
    prop::collection::vec(prop::sample::select(chars), 0..10)
        .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Whatever bytes a value holds, the request line and headers the server reads decode
    /// back to exactly that value in exactly its place, or nothing is sent.
    #[test]
    fn every_value_arrives_exactly_in_its_place_or_nothing_is_sent(value in hostile_text()) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let (url, mut seen) = echo_server().await;
            let client = Client::new(&url).unwrap();
            // A whole segment, then the same value in a segment with text.
            let path = path_value("v", &value).and_then(|segment| {
                let mixed = path_segment(
                    "v",
                    &[Cow::Owned(path_text("v", &value)?), Cow::Borrowed(".json")],
                )?;
                Ok((segment, mixed))
            });
            if let Ok((segment, mixed)) = path {
                sent(&client, Method::GET, &["a", &segment, "b", &mixed]).await;
                let line = request_line(&seen.recv().await.unwrap());
                let mixed = format!("{value}.json");
                assert_eq!(decoded_segments(&line), ["v2", "a", &value, "b", &mixed], "{line}");
            } else {
                assert!(matches!(value.as_str(), "" | "." | ".."), "{value:?} refused");
            }
            // A query value, sent whatever it holds.
            Request::new(&client, Method::GET, &["q"])
                .query("v", &value, QueryStyle::Exploded)
                .unwrap()
                .send(&[])
                .await
                .unwrap();
            let line = request_line(&seen.recv().await.unwrap());
            let target = line.split(' ').nth(1).unwrap();
            let query = target.split_once('?').unwrap().1;
            let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect();
            assert_eq!(pairs, [("v".to_owned(), value.clone())], "{line}");
            // A header value.
            if let Ok(request) = Request::new(&client, Method::GET, &["h"]).header("x-v", &value) {
                request.send(&[]).await.unwrap();
                let request = String::from_utf8(seen.recv().await.unwrap()).unwrap();
                let header = request
                    .split("\r\n")
                    .find_map(|l| l.strip_prefix("x-v: "))
                    .unwrap();
                assert_eq!(header, value);
            } else {
                assert!(
                    value.chars().any(char::is_control) || value.trim() != value,
                    "{value:?} refused"
                );
            }
        });
    }
}

/// The forms a server or gateway may quote `secret` in: as it is, JSON-escaped (short
/// escapes, `\/`, every non-ASCII character or `<>&` as `\u` escapes), URL- and
/// form-encoded, and HTML-escaped.
fn echoes(secret: &str) -> Vec<String> {
    let json = serde_json::to_string(secret).unwrap();
    let json = json[1..json.len() - 1].to_owned();
    let u_escaped = |escape: &dyn Fn(char) -> bool| -> String {
        json.chars()
            .map(|c| {
                if escape(c) {
                    let mut units = [0; 2];
                    c.encode_utf16(&mut units)
                        .iter()
                        .map(|u| format!("\\u{u:04x}"))
                        .collect()
                } else {
                    c.to_string()
                }
            })
            .collect()
    };
    let html = secret
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;");
    vec![
        secret.to_owned(),
        json.clone(),
        json.replace('/', "\\/"),
        u_escaped(&|c| !c.is_ascii()),
        u_escaped(&|c| matches!(c, '<' | '>' | '&')),
        form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
        percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC)
            .to_string(),
        html,
    ]
}

/// Sends `echo` as the body of a request that holds `secret`, to a server that answers
/// `status` with the body it got; returns the error made of the answer.
async fn echoed(client: &Client, path: &str, secret: &str, echo: &str, read: Read) -> Error {
    let response = Request::new(client, Method::POST, &[path])
        .raw("text/plain", Some(echo.to_owned()))
        .redacting(&secret.to_owned())
        .send(&[&API_KEY, &BEARER])
        .await
        .unwrap();
    match read {
        Read::Model => response.api_error(ApiErrorBody::Status),
        Read::Text => response.api_error_text(),
        Read::Success => response
            .json::<Vec<i64>>("Numbers", Secrecy::NoSecret)
            .unwrap_err(),
        Read::Unexpected => response.unexpected(Secrecy::NoSecret),
    }
}

/// How an answer is read into an error.
#[derive(Clone, Copy, Debug)]
enum Read {
    Model,
    Text,
    Success,
    Unexpected,
}

/// Everything an error shows: `Display`, `Debug`, and the fields.
pub(super) fn shown(err: &Error) -> String {
    format!("{err}\n{err:?}")
}

#[tokio::test]
async fn secrets_echoed_back_in_another_encoding_are_hidden() {
    let (url, _seen) = echo_server().await;
    let client = Client::builder(&url).api_key("k&y<1>").build().unwrap();
    let client = with_credential(&client, &BEARER, "Bearer tok-3n").unwrap();
    let password = "pw\"SECRET\\123 é/&<>";
    let session = with_credential(&client, &BEARER, "sess ion-9").unwrap();
    for (client, echo) in [
        (
            &client,
            r#"{"message":"bad password pw\"SECRET\\123 \u00e9\/&<>"}"#.to_owned(),
        ),
        (
            &client,
            r#"{"message":"bad password pw\"SECRET\\123 é/\u0026\u003c\u003e"}"#.to_owned(),
        ),
        (
            &client,
            "password=pw%22SECRET%5C123+%C3%A9%2F%26%3C%3E".to_owned(),
        ),
        (
            &client,
            "password=pw%22SECRET%5C123%20%C3%A9%2F%26%3C%3E".to_owned(),
        ),
        (
            &client,
            "<p>pw&quot;SECRET\\123 é/&amp;&lt;&gt;</p>".to_owned(),
        ),
        (&client, "invalid token tok-3n".to_owned()),
        (
            &client,
            "bad key k&amp;y&lt;1&gt; or k\\u0026y\\u003c1\\u003e".to_owned(),
        ),
        (&session, "no session sess%20ion-9".to_owned()),
    ] {
        for (path, read) in [
            ("400", Read::Model),
            ("502", Read::Text),
            ("200", Read::Success),
            ("299", Read::Unexpected),
        ] {
            let err = echoed(client, path, password, &echo, read).await;
            let shown = shown(&err);
            for secret in [password, "k&y<1>", "tok-3n", "sess ion-9", "sess%20ion-9"] {
                for form in echoes(secret) {
                    let debug = form.escape_debug().to_string();
                    assert!(!shown.contains(&form), "{read:?} {form:?} in {shown}");
                    assert!(!shown.contains(&debug), "{read:?} {debug:?} in {shown}");
                }
            }
            assert!(shown.contains("***"), "{shown}");
        }
    }
}

/// Secrets of every kind of character: quotes, backslashes, non-ASCII, `<>&/`, spaces, `+`.
fn secret_text() -> impl Strategy<Value = String> {
    let chars = vec![
        '"', '\\', 'é', 'ü', '€', '😀', '<', '>', '&', '/', ' ', '+', '%', '\'', 'a', 'Z', '7',
        '=', ';', '\n', '\t',
    ];
    prop::collection::vec(prop::sample::select(chars), 3..12)
        .prop_map(|chars| format!("S{}", chars.into_iter().collect::<String>()))
}

/// Credentials: visible ASCII and inner spaces, as the client accepts them.
fn credential_text() -> impl Strategy<Value = String> {
    let chars = vec![
        '"', '\\', '<', '>', '&', '/', ' ', '+', '%', '\'', 'k', 'Q', '3', '=',
    ];
    prop::collection::vec(prop::sample::select(chars), 3..12)
        .prop_map(|chars| format!("K{}Y", chars.into_iter().collect::<String>()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A secret of the request and a credential, echoed in every encoding of
    /// [`echoes`] inside error bodies, never reach an error's text or `Debug`.
    #[test]
    fn no_secret_reaches_error_text_in_any_encoding(
        secret in secret_text(),
        key in credential_text(),
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let (url, _seen) = echo_server().await;
            let client = Client::builder(&url).api_key(key.as_str()).build().unwrap();
            let forms: Vec<String> = echoes(&secret).into_iter().chain(echoes(&key)).collect();
            for form in &forms {
                let echo = format!(r#"{{"message":"refused {form} here"}}"#);
                for (path, read) in [
                    ("400", Read::Model),
                    ("502", Read::Text),
                    ("200", Read::Success),
                    ("299", Read::Unexpected),
                ] {
                    let err = echoed(&client, path, &secret, &echo, read).await;
                    let shown = shown(&err);
                    for form in &forms {
                        let debug = form.escape_debug().to_string();
                        assert!(!shown.contains(form.as_str()), "{read:?} {form:?} in {shown}");
                        assert!(!shown.contains(&debug), "{read:?} {debug:?} in {shown}");
                    }
                }
            }
        });
    }
}

#[test]
fn a_base_url_that_may_hold_a_password_is_never_shown() {
    // reqwest would send URL user information as a second `Authorization` header; and text
    // that does not parse as the user meant may hold a password anywhere.
    for url in [
        "https://user:pw-SECRET@h.example/v2",
        "https://user@h.example/v2",
        "https://user:pw-SECRET@h example/v2",
        "ftp://user:pw-SECRET@h.example/",
        "http://admin:pw/SECRET@host/v2",
        "http://admin:pw?SECRET@host/v2",
        "http://admin:123#SECRET@host/v2",
        "http://admin:123/SECRET@host/v2",
    ] {
        let builder = Client::builder(url).api_key("key-1");
        let debug = format!("{builder:?}");
        assert!(
            debug.contains(r#"base_url: "(not shown: it may hold a password)""#),
            "{debug}"
        );
        let err = builder.build().unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid client configuration: the base URL must not hold `@`: a user name or password (user:password@host) is not accepted there, give credentials with the builder's credential methods"
        );
        let shown = format!("{debug} {err:?}");
        for part in ["SECRET", "pw-", "admin", "user@", "user:pw"] {
            assert!(!shown.contains(part), "{part} in {shown}");
        }
    }
    // Text that does not parse is not quoted, whatever it holds.
    for url in ["http://h:SECRET/v2", "https://[::1/SECRET", "SECRET"] {
        let builder = Client::builder(url);
        let debug = format!("{builder:?}");
        let err = builder.build().unwrap_err();
        let shown = format!("{debug} {err} {err:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(
            err.to_string()
                .starts_with("invalid client configuration: the base URL is not a valid URL ("),
            "{err}"
        );
    }
    // A URL that parses is shown without its query or fragment.
    let err = Client::new("https://h.example:8443/v2?token=SECRET#x").unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid client configuration: the base URL \"https://h.example:8443/v2\" must not have a query or fragment"
    );
}

/// A client built with `vars` as the whole environment.
fn with_env(builder: crate::ClientBuilder, vars: &[(&str, &str)]) -> Result<Client, Error> {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    crate::client::build(builder, &move |name| {
        vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    })
}

#[tokio::test]
async fn credentials_and_passwords_never_go_over_plain_http_to_another_machine_unless_allowed() {
    let in_clear = "invalid client configuration: the request carries a credential or a password, and the base URL is plain http:// to another machine, where anyone on the way (a proxy too) could read it: use https://, or allow it knowingly with `ClientBuilder::allow_http_credentials(true)`; nothing was sent";
    let client = Client::builder("http://api.example.test/v2")
        .api_key("key-1")
        .build()
        .unwrap();
    let err = failed(&client, Method::GET, &["things"], &[&API_KEY]).await;
    assert_eq!(err.to_string(), in_clear);
    let client = Client::new("http://10.1.2.3/v2").unwrap();
    let err = Request::new(&client, Method::POST, &["login"])
        .redacting(&"pw".to_owned())
        .send(&[])
        .await
        .err()
        .unwrap();
    assert_eq!(err.to_string(), in_clear);
    // Allowed: the proxy (a stand-in for any machine on the way) gets the request.
    let mut proxy = Scripted::start(vec![NO_CONTENT.to_owned()]).await;
    let client = with_env(
        Client::builder("http://api.example.test/v2")
            .api_key("key-1")
            .allow_http_credentials(true),
        &[("HTTP_PROXY", &proxy.origin)],
    )
    .unwrap();
    Request::new(&client, Method::GET, &["things"])
        .send(&[&API_KEY])
        .await
        .unwrap();
    let seen = proxy.requests();
    assert_eq!(
        lines(&seen[0])[0],
        "GET http://api.example.test/v2/things HTTP/1.1"
    );
    assert!(seen[0].contains("x-api-key: key-1"), "{seen:?}");
    // This machine is always allowed, and never through a proxy.
    let (url, seen) = server(NO_CONTENT).await;
    let client = with_env(
        Client::builder(&url).api_key("key-1"),
        &[
            ("HTTP_PROXY", "http://127.0.0.1:9"),
            ("ALL_PROXY", "http://127.0.0.1:9"),
        ],
    )
    .unwrap();
    assert_eq!(client.inner.proxy, None);
    Request::new(&client, Method::GET, &["things"])
        .send(&[&API_KEY])
        .await
        .unwrap();
    assert_eq!(lines(&seen.await.unwrap())[0], "GET /v2/things HTTP/1.1");
}

#[tokio::test]
async fn a_proxy_is_named_in_its_errors_and_an_https_request_is_only_a_tunnel_to_it() {
    // A 407 is the proxy's, not the server's.
    let mut proxy = Scripted::start(vec![
        "HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n".to_owned(),
    ])
    .await;
    let with_auth = proxy.origin.replace("http://", "http://pu:pp-SECRET@");
    let client = with_env(
        Client::builder("http://api.example.test/v2").allow_http_credentials(true),
        &[("http_proxy", &with_auth)],
    )
    .unwrap();
    let err = failed(&client, Method::GET, &["things"], &[]).await;
    assert_eq!(
        err.to_string(),
        format!("the proxy {} answered 407 Proxy Authentication Required (the proxy comes from HTTPS_PROXY, HTTP_PROXY or ALL_PROXY: give it its credentials there as http://user:password@host:port, list the API's host in NO_PROXY, or call `ClientBuilder::no_proxy`)", proxy.origin)
    );
    assert_eq!(
        err.status(),
        Some(reqwest::StatusCode::PROXY_AUTHENTICATION_REQUIRED)
    );
    assert!(!format!("{err:?}").contains("SECRET"));
    let seen = proxy.requests();
    assert!(
        seen[0].contains("proxy-authorization: Basic cHU6cHAtU0VDUkVU\r\n"),
        "{seen:?}"
    );
    // Through a proxy, an https request is `CONNECT`: the proxy sees no credential.
    let mut proxy = Scripted::start(vec![
        "HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n".to_owned()
    ])
    .await;
    let client = with_env(
        Client::builder("https://api.example.test/v2").api_key("key-SECRET"),
        &[("ALL_PROXY", &proxy.origin)],
    )
    .unwrap();
    let err = failed(&client, Method::GET, &["things"], &[&API_KEY]).await;
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("the proxy {} failed: ", proxy.origin)),
        "{text}"
    );
    assert!(
        matches!(
            err,
            Error::Proxy {
                status: None,
                source: Some(_),
                ..
            }
        ),
        "{err:?}"
    );
    let seen = proxy.requests();
    assert_eq!(lines(&seen[0])[0], "CONNECT api.example.test:443 HTTP/1.1");
    assert!(!seen[0].contains("SECRET"), "{seen:?}");
    // A proxy that cannot be reached.
    let client = with_env(
        Client::builder("https://api.example.test/v2"),
        &[("HTTPS_PROXY", "http://127.0.0.1:9")],
    )
    .unwrap();
    let err = failed(&client, Method::GET, &["things"], &[]).await;
    assert!(
        err.to_string()
            .starts_with("the proxy http://127.0.0.1:9 failed: "),
        "{err}"
    );
}

#[test]
fn which_proxy_the_environment_gives() {
    let proxy = |base: &str,
                 vars: &[(&str, &str)],
                 builder: fn(crate::ClientBuilder) -> crate::ClientBuilder| {
        with_env(builder(Client::builder(base)), vars).map(|c| c.inner.proxy.clone())
    };
    let same = |b| b;
    let http = ("HTTP_PROXY", "http://hp.example:3128");
    let https = ("HTTPS_PROXY", "http://sp.example:3129");
    let all = ("ALL_PROXY", "http://ap.example:8080");
    assert_eq!(
        proxy("http://api.test", &[http, https], same)
            .unwrap()
            .as_deref(),
        Some("http://hp.example:3128")
    );
    assert_eq!(
        proxy("https://api.test", &[http, https], same)
            .unwrap()
            .as_deref(),
        Some("http://sp.example:3129")
    );
    assert_eq!(
        proxy("https://api.test", &[http, all], same)
            .unwrap()
            .as_deref(),
        Some("http://ap.example:8080")
    );
    assert_eq!(
        proxy("https://api.test", &[https, ("NO_PROXY", ".test")], same).unwrap(),
        None
    );
    assert_eq!(
        proxy("https://api.test", &[https], |b| b.no_proxy()).unwrap(),
        None
    );
    // Under CGI, HTTP_PROXY may come from a request header.
    assert_eq!(
        proxy("http://api.test", &[http, ("REQUEST_METHOD", "GET")], same).unwrap(),
        None
    );
    for local in [
        "http://localhost:8080",
        "http://127.0.0.2",
        "http://[::1]:80",
        "https://a.localhost",
    ] {
        assert_eq!(
            proxy(local, &[http, https, all], same).unwrap(),
            None,
            "{local}"
        );
    }
    let err = proxy(
        "https://api.test",
        &[("ALL_PROXY", "socks5://u:SECRET@sp.example:1080")],
        same,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid client configuration: the proxy socks5://sp.example set in the environment is not an http or https proxy; set NO_PROXY for the API's host, or call ClientBuilder::no_proxy"
    );
}
