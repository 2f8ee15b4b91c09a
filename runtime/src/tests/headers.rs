//! `with_headers()`: the documented headers of a success answer, read as their types.

use super::*;
use crate::headers::{header, required, Fault};
use crate::request::Pending;
use reqwest::header::HeaderMap;

/// What a generated `...Headers` struct reads: one header of each kind.
#[derive(Debug, PartialEq)]
struct Documented {
    location: String,
    remaining: Option<i64>,
    tags: Option<Vec<String>>,
    session: Option<String>,
}

fn documented(headers: &HeaderMap) -> Result<Documented, Fault> {
    Ok(Documented {
        location: required(headers, "location", ",")?,
        remaining: header(headers, "x-rate-limit-remaining", ",")?,
        tags: header(headers, "x-tags", ",")?,
        session: header(headers, "x-session", ",")?.map(|_: String| "hidden".to_owned()),
    })
}

fn call<'a>(client: &'a Client) -> crate::PendingWithHeaders<'a, u16, Documented> {
    Pending::new(
        Ok(Request::new(client, Method::GET, &[])),
        &[],
        |response| match response.status() {
            201 => Ok(201),
            _ => Err(response.unexpected(Secrecy::NoSecret)),
        },
    )
    .with_headers(documented)
}

#[tokio::test]
async fn documented_headers_are_read_as_their_types() {
    let (url, _seen) = server(
        "HTTP/1.1 201 Created\r\nlocation: /things/7\r\nx-rate-limit-remaining: 41\r\n\
         x-tags: a, b\r\nx-tags: c\r\nx-session: s-3cr3t\r\ncontent-length: 0\r\n\r\n",
    )
    .await;
    let client = Client::new(&url).unwrap();
    let answer = call(&client).await.unwrap();
    assert_eq!(answer.value, 201);
    assert_eq!(answer.status, 201);
    assert_eq!(
        answer.headers,
        Documented {
            location: "/things/7".to_owned(),
            remaining: Some(41),
            // Two fields of one name are one value (RFC 9110, 5.3).
            tags: Some(vec!["a".to_owned(), "b".to_owned(), "c".to_owned()]),
            session: Some("hidden".to_owned()),
        }
    );
    assert_eq!(answer.all_headers["x-session"], "s-3cr3t");
    // Debug names the other headers, never their values.
    let shown = format!("{answer:?}");
    assert!(shown.contains("\"x-session\""), "{shown}");
    assert!(!shown.contains("s-3cr3t"), "{shown}");
}

#[tokio::test]
async fn an_absent_optional_header_is_none() {
    let (url, _seen) =
        server("HTTP/1.1 201 Created\r\nlocation: /things/7\r\ncontent-length: 0\r\n\r\n").await;
    let client = Client::new(&url).unwrap();
    let answer = call(&client).await.unwrap();
    assert_eq!(
        answer.headers,
        Documented {
            location: "/things/7".to_owned(),
            remaining: None,
            tags: None,
            session: None,
        }
    );
}

#[tokio::test]
async fn a_header_that_is_not_its_type_is_an_error_without_its_value() {
    let (url, _seen) = server(
        "HTTP/1.1 201 Created\r\nlocation: /x\r\nx-rate-limit-remaining: many-s3cr3t\r\n\
         content-length: 0\r\n\r\n",
    )
    .await;
    let client = Client::new(&url).unwrap();
    let err = call(&client).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::HeaderDecode {
                status,
                name: "x-rate-limit-remaining",
                missing: false,
                ..
            } if status == 201
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the server answered 201 Created with a header `x-rate-limit-remaining` that is not of the type the API description documents; its value is not shown because it may hold secrets"
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(201));
    assert!(!format!("{err:?}").contains("s3cr3t"));
}

#[tokio::test]
async fn a_missing_required_header_is_an_error() {
    let (url, _seen) = server("HTTP/1.1 201 Created\r\ncontent-length: 0\r\n\r\n").await;
    let client = Client::new(&url).unwrap();
    let err = call(&client).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::HeaderDecode {
                name: "location",
                missing: true,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the server answered 201 Created without the header `location`, which the API description documents as always sent"
    );
}

#[tokio::test]
async fn an_error_status_is_the_operations_error_not_a_header_fault() {
    let (url, _seen) = server("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nno").await;
    let client = Client::builder(&url).retries(0).build().unwrap();
    let err = call(&client).await.unwrap_err();
    assert!(
        matches!(&err, Error::UnexpectedStatus { status, .. } if *status == 200),
        "{err:?}"
    );
}

#[test]
fn objects_read_in_both_simple_forms_never_by_position() {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Role {
        role: Option<String>,
        #[serde(rename = "firstName")]
        first_name: Option<String>,
    }
    let role = |role: Option<&str>, first: Option<&str>| Role {
        role: role.map(str::to_owned),
        first_name: first.map(str::to_owned),
    };
    for (text, expected) in [
        (
            "role,admin,firstName,Alex",
            role(Some("admin"), Some("Alex")),
        ),
        (
            "role=admin,firstName=Alex",
            role(Some("admin"), Some("Alex")),
        ),
        ("role,admin", role(Some("admin"), None)),
        ("firstName=Alex", role(None, Some("Alex"))),
    ] {
        let mut headers = HeaderMap::new();
        headers.insert("x-role", text.parse().unwrap());
        assert_eq!(
            header::<Role>(&headers, "x-role", ",").unwrap(),
            Some(expected),
            "{text}"
        );
    }
    // An array of texts with `=` in them is still an array.
    let mut headers = HeaderMap::new();
    headers.insert("x-tags", "a=1, b=2".parse().unwrap());
    assert_eq!(
        header::<Vec<String>>(&headers, "x-tags", ",").unwrap(),
        Some(vec!["a=1".to_owned(), "b=2".to_owned()])
    );
}

#[test]
fn each_set_cookie_field_is_one_item_or_one_line() {
    let mut headers = HeaderMap::new();
    headers.append(
        "set-cookie",
        "a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT"
            .parse()
            .unwrap(),
    );
    headers.append("set-cookie", "b=2".parse().unwrap());
    assert_eq!(
        header::<Vec<String>>(&headers, "set-cookie", ",").unwrap(),
        Some(vec![
            "a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT".to_owned(),
            "b=2".to_owned()
        ])
    );
    assert_eq!(
        header::<String>(&headers, "set-cookie", ",")
            .unwrap()
            .as_deref(),
        Some("a=1; Expires=Wed, 21 Oct 2026 07:28:00 GMT\nb=2")
    );
}

#[test]
fn a_swagger_2_0_collection_format_delimits_the_items() {
    let mut headers = HeaderMap::new();
    headers.insert("x-pipes", "a|b|c".parse().unwrap());
    headers.insert("x-ssv", "1 2 3".parse().unwrap());
    assert_eq!(
        header::<Vec<String>>(&headers, "x-pipes", "|").unwrap(),
        Some(vec!["a".to_owned(), "b".to_owned(), "c".to_owned()])
    );
    assert_eq!(
        header::<Vec<i64>>(&headers, "x-ssv", " ").unwrap(),
        Some(vec![1, 2, 3])
    );
}
