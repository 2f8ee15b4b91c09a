//! What an answer gives: success bodies decoded by status, error bodies as the API's
//! models or text, unions, size limits, and errors that say what happened.

use super::*;

#[tokio::test]
async fn error_bodies_parse_as_the_model_or_are_kept_as_text() {
    let response =
        answered("HTTP/1.1 404 Not Found\r\ncontent-length: 20\r\n\r\n{\"title\":\"no thing\"}")
            .await;
    assert!(response.is_error());
    let err = response.api_error(ApiErrorBody::Problem);
    assert_eq!(
        err.to_string(),
        r#"the server answered 404 Not Found: no thing"#
    );
    let response =
        answered("HTTP/1.1 500 Internal Server Error\r\ncontent-length: 14\r\n\r\n<html>oops</b>")
            .await;
    let err = response.api_error(ApiErrorBody::Problem);
    assert!(
        matches!(&err, Error::Api { body: ApiErrorBody::Text(t), .. } if t == "<html>oops</b>"),
        "{err:?}"
    );
    let long = "HTTP/1.1 418 I'm a teapot\r\ncontent-length: 300\r\n\r\n";
    let body = "x".repeat(300);
    let answer: &'static str = Box::leak(format!("{long}{body}").into_boxed_str());
    let err = answered(answer).await.unexpected(Secrecy::NoSecret);
    assert_eq!(
        err.to_string(),
        format!(
            "the server answered 418 I'm a teapot, which the API description does not document for this operation; body: \"{}...\"",
            "x".repeat(200)
        )
    );
}

#[tokio::test]
async fn a_status_without_a_body_decodes_as_null() {
    for answer in [
        "HTTP/1.1 204 No Content\r\n\r\n",
        "HTTP/1.1 205 Reset Content\r\ncontent-length: 0\r\n\r\n",
    ] {
        let value = answered(answer)
            .await
            .json::<Option<u8>>("Thing", Secrecy::NoSecret)
            .unwrap();
        assert_eq!(value, None);
        let err = answered(answer)
            .await
            .json::<Vec<u8>>("Thing", Secrecy::NoSecret)
            .unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    }
    // Any other status with an empty body is a body that ends too early.
    let err = answered("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
        .await
        .json::<Option<u8>>("Thing", Secrecy::NoSecret)
        .unwrap_err();
    assert!(err.to_string().contains("EOF"), "{err}");
}

#[tokio::test]
async fn success_bodies_as_text_or_bytes_and_error_bodies_without_a_model() {
    let ok = "HTTP/1.1 200 OK\r\ncontent-length: 5\r\ncontent-type: text/plain\r\n\r\nh\u{e9}llo";
    let ok: &'static str = Box::leak(
        ok.replace("content-length: 5", "content-length: 6")
            .into_boxed_str(),
    );
    assert_eq!(answered(ok).await.text().unwrap(), "h\u{e9}llo");
    assert_eq!(answered(ok).await.bytes().unwrap(), "h\u{e9}llo".as_bytes());
    let err = answered("HTTP/1.1 409 Conflict\r\ncontent-length: 0\r\n\r\n")
        .await
        .api_error_text();
    assert_eq!(
        err.to_string(),
        "the server answered 409 Conflict: (empty body)"
    );
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_whether_announced_or_streamed() {
    let (url, _seen) = server("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n0123456789").await;
    let client = Client::builder(url).max_response_bytes(10).build().unwrap();
    let err = failed(&client, Method::GET, &[], &[]).await;
    assert!(
        matches!(err, Error::BodyTooLarge { limit: 10, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "the server answered 200 OK with a body larger than 10 bytes, the client's limit; raise it with `ClientBuilder::max_response_bytes` if the API really sends that much"
    );

    // A chunked body with no length, up to 64 MiB, against a 1 MiB limit: the client stops
    // reading soon after the limit and the server's writes fail.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v2", listener.local_addr().unwrap());
    let streamer = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        read_request(&mut socket).await;
        let head = "HTTP/1.1 500 Internal Server Error\r\ntransfer-encoding: chunked\r\n\r\n";
        socket.write_all(head.as_bytes()).await.unwrap();
        let chunk = format!("10000\r\n{}\r\n", "x".repeat(0x10000));
        let mut written = 0usize;
        while written < 64 << 20 {
            if socket.write_all(chunk.as_bytes()).await.is_err() {
                break;
            }
            written += 0x10000;
        }
        written
    });
    let client = Client::builder(url)
        .max_response_bytes(1 << 20)
        .build()
        .unwrap();
    let err = failed(&client, Method::GET, &[], &[]).await;
    assert!(
        matches!(
            err,
            Error::BodyTooLarge {
                limit: 0x100000,
                ..
            }
        ),
        "{err:?}"
    );
    drop(client);
    let written = streamer.await.unwrap();
    assert!(written < 16 << 20, "the server wrote {written} bytes");
}

#[tokio::test]
async fn an_undocumented_answer_is_the_api_error_when_it_is_one_and_unexpected_otherwise() {
    let not_found = "HTTP/1.1 404 Not Found\r\ncontent-length: 16\r\n\r\n{\"title\":\"gone\"}";
    let err = answered(not_found)
        .await
        .failure(ApiErrorBody::Problem, Secrecy::NoSecret);
    assert_eq!(
        err.to_string(),
        r#"the server answered 404 Not Found: gone"#
    );
    let ok = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}";
    let err = answered(ok)
        .await
        .failure(ApiErrorBody::Problem, Secrecy::HoldsSecret);
    assert!(
        matches!(err, Error::UnexpectedStatus { body: None, .. }),
        "{err:?}"
    );
    let err = answered("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 4\r\n\r\ndown")
        .await
        .failure_text(Secrecy::NoSecret);
    assert_eq!(
        err.to_string(),
        "the server answered 503 Service Unavailable: \"down\""
    );
    let err = answered(ok).await.failure_text(Secrecy::NoSecret);
    assert!(
        matches!(&err, Error::UnexpectedStatus { body: Some(b), .. } if b == "{}"),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_error_model_that_says_nothing_shows_the_body_text_kept_beside_it() {
    let gateway = "HTTP/1.1 502 Bad Gateway\r\ncontent-length: 37\r\n\r\n{\"error\":\"upstream timed out\",\"id\":7}";
    let err = answered(gateway).await.api_error(ApiErrorBody::Status);
    match &err {
        Error::Api { body, text, .. } => {
            assert_eq!(
                body,
                &ApiErrorBody::Status(crate::api_error::Status {
                    code: None,
                    message: None
                })
            );
            assert_eq!(
                text.as_deref(),
                Some(r#"{"error":"upstream timed out","id":7}"#)
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        r#"the server answered 502 Bad Gateway: "{\"error\":\"upstream timed out\",\"id\":7}""#
    );
    // A model that says something is shown as the model; the text is still kept.
    let said = "HTTP/1.1 409 Conflict\r\ncontent-length: 19\r\n\r\n{\"message\":\"taken\"}";
    let err = answered(said).await.api_error(ApiErrorBody::Status);
    assert_eq!(
        err.to_string(),
        r#"the server answered 409 Conflict: taken"#
    );
    assert!(matches!(&err, Error::Api { text: Some(t), .. } if t == r#"{"message":"taken"}"#));
    // An empty body says nothing either.
    let empty = "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 2\r\n\r\n{}";
    let err = answered(empty).await.api_error(ApiErrorBody::Status);
    assert_eq!(
        err.to_string(),
        r#"the server answered 503 Service Unavailable: "{}""#
    );
    // A model holding a secret keeps no text.
    let locked = "HTTP/1.1 423 Locked\r\ncontent-length: 25\r\n\r\n{\"unlock_token\":\"s3cret\"}";
    let err = answered(locked).await.api_error(ApiErrorBody::Lockout);
    assert!(matches!(&err, Error::Api { text: None, .. }), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("s3cret"), "{err:?}");
}

/// A union whose alternatives share a shape, as generated: `{"type": "instance", ...}`
/// against alternatives whose `type` enums each allow one value.
mod union {
    use crate::fit::{object_of, pick, Fit};
    use serde::Deserialize;
    use serde_json::Value;

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(from = "String")]
    pub enum Kind {
        Instance,
        Unknown(String),
    }
    impl From<String> for Kind {
        fn from(s: String) -> Self {
            if s == "instance" {
                Kind::Instance
            } else {
                Kind::Unknown(s)
            }
        }
    }
    impl Fit for Kind {
        fn fits(&self, _: &Value) -> bool {
            !matches!(self, Kind::Unknown(_))
        }
    }

    #[derive(Debug, PartialEq, Deserialize)]
    pub struct Project {
        pub r#type: String,
    }
    impl Fit for Project {
        fn fits(&self, json: &Value) -> bool {
            object_of(json, &["type"]) && self.r#type.fits(&json["type"])
        }
    }

    #[derive(Debug, PartialEq, Deserialize)]
    pub struct Instance {
        pub r#type: Kind,
        pub value: Option<Vec<i64>>,
    }
    impl Fit for Instance {
        fn fits(&self, json: &Value) -> bool {
            object_of(json, &["type", "value"])
                && self.r#type.fits(&json["type"])
                && self.value.fits(&json["value"])
        }
    }

    #[derive(Debug, PartialEq)]
    pub enum Target {
        Project(Project),
        Instance(Instance),
    }
    impl Fit for Target {
        fn fits(&self, json: &Value) -> bool {
            match self {
                Target::Project(v) => v.fits(json),
                Target::Instance(v) => v.fits(json),
            }
        }
    }
    pub fn decode(text: &str) -> Result<Target, String> {
        let json: Value = serde_json::from_str(text).unwrap();
        pick(
            &json,
            &[
                |j| Project::deserialize(j).map(Target::Project),
                |j| Instance::deserialize(j).map(Target::Instance),
            ],
            "Target",
        )
    }
}

/// What a struct leaves to the union alternative flattened into it: its other properties.
#[test]
fn without_leaves_the_properties_an_object_does_not_name() {
    use crate::fit::without;
    let json: serde_json::Value =
        serde_json::from_str(r#"{"bucketId":"b","globalAlias":"g","n":1}"#).unwrap();
    assert_eq!(
        without(&json, &["bucketId", "n"]).to_string(),
        r#"{"globalAlias":"g"}"#
    );
    assert_eq!(without(&json, &[]), json);
    let text = serde_json::Value::from("x");
    assert_eq!(without(&text, &["x"]), text);
}

#[test]
fn a_union_decodes_as_the_alternative_the_value_matches_exactly() {
    use crate::fit::Fit;
    use union::{decode, Instance, Kind, Project, Target};
    // `Project` parses too, ignoring `value`: `Instance` names every property.
    assert_eq!(
        decode(r#"{"type": "instance", "value": [1]}"#),
        Ok(Target::Instance(Instance {
            r#type: Kind::Instance,
            value: Some(vec![1])
        }))
    );
    // Both name every property; `Instance` only through its catch-all: `Project` wins.
    assert_eq!(
        decode(r#"{"type": "project"}"#),
        Ok(Target::Project(Project {
            r#type: "project".to_owned()
        }))
    );
    // Both fit exactly: the first in document order.
    assert_eq!(
        decode(r#"{"type": "instance"}"#),
        Ok(Target::Project(Project {
            r#type: "instance".to_owned()
        }))
    );
    // None fits exactly: the first that parses.
    assert_eq!(
        decode(r#"{"type": "silo", "extra": true}"#),
        Ok(Target::Project(Project {
            r#type: "silo".to_owned()
        }))
    );
    assert_eq!(
        decode(r#"{"type": 1}"#),
        Err("the value matches none of the alternatives of Target".to_owned())
    );
    // A struct also parses from an array of its fields, which never fits.
    assert!(!Project {
        r#type: "a".to_owned()
    }
    .fits(&serde_json::json!(["a"])));
    assert!(crate::fit::ip(&serde_json::json!("10.0.0.1"), false));
    assert!(!crate::fit::ip(&serde_json::json!("fd00::1"), false));
    assert!(crate::fit::ip(&serde_json::json!("fd00::1"), true));
    assert!(!crate::fit::ip(&serde_json::json!(7), true));
}

/// A tuple fits an array of exactly its items, each fitting: a value read from a longer
/// array, or whose item took an unknown enum value, does not.
#[test]
fn a_tuple_fits_an_array_of_exactly_its_items() {
    use crate::fit::Fit;
    use serde_json::json;
    let pair: (String, Option<i64>) = ("a".to_owned(), Some(1));
    assert!(pair.fits(&json!(["a", 1])));
    assert!(!pair.fits(&json!(["a", 1, 2])));
    assert!(!pair.fits(&json!(["a"])));
    assert!(!pair.fits(&json!({"0": "a", "1": 1})));
    let twelve = (
        1i64, 2i64, 3i64, 4i64, 5i64, 6i64, 7i64, 8i64, 9i64, 10i64, 11i64, true,
    );
    assert!(twelve.fits(&json!([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, true])));
    let one = (vec![(union::Project {
        r#type: "p".to_owned(),
    },)],);
    assert!(one.fits(&json!([[[{"type": "p"}]]])));
    assert!(!one.fits(&json!([[[{"type": "p", "extra": 1}]]])));
}

#[tokio::test]
async fn bodies_of_exactly_the_limit_are_read_whether_announced_or_streamed() {
    for answer in [
        "HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n0123456789",
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n6\r\n012345\r\n4\r\n6789\r\n0\r\n\r\n",
    ] {
        let (url, _seen) = server(answer).await;
        let client = Client::builder(url).max_response_bytes(10).build().unwrap();
        let response = sent(&client, Method::GET, &[]).await;
        assert_eq!(response.bytes().unwrap(), b"0123456789");
    }
}

#[tokio::test]
async fn every_error_tells_its_status_source_and_whether_it_timed_out() {
    use std::error::Error as _;
    let status = reqwest::StatusCode::BAD_GATEWAY;
    let answered = [
        Error::Api {
            status,
            body: ApiErrorBody::Text(String::new()),
            text: None,
        },
        Error::UnexpectedStatus { status, body: None },
        Error::Decode {
            status,
            expected: "Thing",
            body_prefix: None,
            detail: String::new(),
        },
        Error::Redirect {
            status,
            location: String::new(),
        },
        Error::BodyTooLarge { status, limit: 1 },
    ];
    for err in &answered {
        assert_eq!(err.status(), Some(status), "{err:?}");
        assert!(err.source().is_none() && !err.is_timeout(), "{err:?}");
    }
    let config = Error::Config {
        message: String::new(),
    };
    assert_eq!(config.status(), None);
    assert!(!config.is_timeout());

    // Connection refused: a transport error with its cause, said once.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}/v2", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::builder(&closed).retries(0).build().unwrap();
    let err = failed(&client, Method::GET, &[], &[]).await;
    assert!(err.source().is_some(), "{err:?}");
    assert!(!err.is_timeout());
    assert_eq!(err.status(), None);
    let text = err.to_string();
    assert!(
        text.starts_with("request failed: error sending request for url"),
        "{text}"
    );
    assert_eq!(text.matches("Connection refused").count(), 1, "{text}");
    assert!(text.ends_with("(could not connect: check the base URL, that the server is up and reachable, and the TLS settings)"), "{text}");

    // A server that never answers, with a short timeout.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v2", listener.local_addr().unwrap());
    let _held = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        std::future::pending::<()>().await;
        drop(socket);
    });
    let client = Client::builder(url)
        .timeout(std::time::Duration::from_millis(200))
        .build()
        .unwrap();
    let err = failed(&client, Method::GET, &[], &[]).await;
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        err.to_string()
            .contains("the server did not answer in time"),
        "{err}"
    );
}

#[test]
fn containers_fit_only_when_every_value_in_them_does() {
    use crate::fit::{ip, Fit};
    use serde_json::json;
    use std::collections::BTreeMap;
    use union::Kind;
    let known = || Kind::Instance;
    let unknown = || Kind::Unknown("x".to_owned());
    assert!(Some(known()).fits(&json!("instance")));
    assert!(!Some(unknown()).fits(&json!("x")));
    assert!(None::<Kind>.fits(&json!(null)));
    assert!(Box::new(known()).fits(&json!("instance")));
    assert!(!Box::new(unknown()).fits(&json!("x")));
    assert!(vec![known(), known()].fits(&json!(["instance", "instance"])));
    assert!(!vec![known(), unknown()].fits(&json!(["instance", "x"])));
    assert!(!vec![known()].fits(&json!("instance")));
    let map = |k: Kind| BTreeMap::from([("a".to_owned(), k)]);
    assert!(map(known()).fits(&json!({"a": "instance"})));
    assert!(!map(unknown()).fits(&json!({"a": "x"})));
    assert!(!map(known()).fits(&json!(["instance"])));
    // An absent or null optional address fits.
    assert!(ip(&json!(null), false) && ip(&json!(null), true));
}

#[test]
fn an_error_model_reads_as_a_sentence_of_its_code_and_message() {
    struct Shown<T>(T);
    impl<T: serde::Serialize> std::fmt::Display for Shown<T> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            crate::error::describe(f, &self.0)
        }
    }
    let shown = |v: serde_json::Value| Shown(v).to_string();
    assert_eq!(
        shown(
            serde_json::json!({"errorCode": "KStatusUnauthorized", "message": "Session expired", "taskLogId": null})
        ),
        "KStatusUnauthorized: Session expired"
    );
    assert_eq!(
        shown(serde_json::json!({"type": "about:blank", "title": "Not Found", "status": 404})),
        "404: Not Found"
    );
    assert_eq!(
        shown(serde_json::json!({"error": "invalid_grant"})),
        "invalid_grant"
    );
    assert_eq!(
        shown(serde_json::json!({"error": "invalid_grant", "error_description": "expired"})),
        "invalid_grant: expired"
    );
    assert_eq!(shown(serde_json::json!({"code": 7})), "7");
    assert_eq!(
        shown(serde_json::json!({"a": 1, "b": null, "c": "x\ny"})),
        "a: 1, c: x\\ny"
    );
    assert_eq!(
        shown(serde_json::json!({"message": "line\n\u{1b}[31mred"})),
        "line\\n\\u{1b}[31mred"
    );
}
