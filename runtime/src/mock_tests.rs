//! The `mock` feature's server, matchers and read-back, driven as the generated `mock` module
//! drives them, against requests sent with plain `reqwest`.

use crate::mock_server::{Expectation, MockServer, Part, Reply, Route, Segment, Status};
use crate::request::QueryStyle;

static GET_USER: Route = Route {
    operation: "users.get_user",
    method: "GET",
    path: "/users/{id}",
    segments: &[Segment::Literal("users"), Segment::Param("id")],
    statuses: &[
        Status::Code(200, "respond_200"),
        Status::Range(4, "respond_4xx"),
    ],
    undocumented: "respond_undocumented",
};

/// An operation of `/users` documenting a 200 and a default answer.
const fn users(operation: &'static str, method: &'static str) -> Route {
    Route {
        operation,
        method,
        path: "/users",
        segments: &[Segment::Literal("users")],
        statuses: &[
            Status::Code(200, "respond_200"),
            Status::Default("respond_default"),
        ],
        undocumented: "respond_undocumented",
    }
}

static LIST_USERS: Route = users("users.list_users", "GET");

static CREATE_USER: Route = users("users.create_user", "POST");

static REPORT: Route = Route {
    operation: "reports.get_report",
    method: "GET",
    path: "/reports/{name}.{format}",
    segments: &[
        Segment::Literal("reports"),
        Segment::Mixed(&[Part::Param("name"), Part::Text("."), Part::Param("format")]),
    ],
    statuses: &[Status::Code(200, "respond_200")],
    undocumented: "respond_undocumented",
};

async fn get(url: String) -> (u16, String) {
    let answer = reqwest::get(url).await.unwrap();
    (answer.status().as_u16(), answer.text().await.unwrap())
}

#[tokio::test]
async fn a_matching_request_gets_the_typed_answer_and_is_counted() {
    let mock = MockServer::start().await;
    let mounted = Expectation::new(&LIST_USERS)
        .query("domain", &"LOCAL", QueryStyle::Exploded)
        .query("ids", &[1, 2], QueryStyle::Delimited(","))
        .answer(
            &mock,
            200,
            Some("respond_200"),
            Reply::json(&serde_json::json!({"users": []})),
        )
        .times(1)
        .await;
    let (status, body) = get(format!("{}/users?domain=LOCAL&ids=1,2", mock.uri())).await;
    assert_eq!((status, body.as_str()), (200, r#"{"users":[]}"#));
    assert_eq!(mounted.calls(), 1);
    assert_eq!(mock.verify(), Ok(()));
}

#[tokio::test]
async fn every_input_location_is_matched_as_the_operation_encodes_it() {
    let mock = MockServer::start().await;
    Expectation::new(&GET_USER)
        .path("id", &"a/b c")
        .header("x-request-id", &"r-1")
        .cookie("session", &"s1")
        .query("tags", &["x", "y&z"], QueryStyle::Exploded)
        .answer(&mock, 204, None, Reply::Empty)
        .await;
    let answer = reqwest::Client::new()
        .get(format!("{}/users/a%2Fb%20c?tags=x&tags=y%26z", mock.uri()))
        .header("x-request-id", "r-1")
        .header("cookie", "other=1; session=s1")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 204);

    let received = Expectation::new(&GET_USER).received(&mock).await;
    assert_eq!(received.len(), 1);
    let r = &received[0];
    assert_eq!(r.path::<String>("id").as_deref(), Some("a/b c"));
    assert_eq!(r.header::<String>("x-request-id").as_deref(), Some("r-1"));
    assert_eq!(r.cookie::<String>("session").as_deref(), Some("s1"));
    assert_eq!(
        r.query::<Vec<String>>("tags", QueryStyle::Exploded),
        Some(vec!["x".to_owned(), "y&z".to_owned()])
    );
    assert_eq!(r.query::<String>("missing", QueryStyle::Exploded), None);
}

#[tokio::test]
async fn inputs_read_back_as_their_types() {
    let mock = MockServer::start().await;
    Expectation::new(&CREATE_USER)
        .answer(&mock, 201, Some("respond_default"), Reply::Empty)
        .await;
    let answer = reqwest::Client::new()
        .post(format!(
            "{}/users?verbose=3&ids=4,5&flag=true&filter[color]=red&filter[size]=2",
            mock.uri()
        ))
        .header("content-type", "application/json")
        .body(r#"{"name":"alice"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 201);
    let received = Expectation::new(&CREATE_USER).received(&mock).await;
    let r = &received[0];
    assert_eq!(r.query::<i32>("verbose", QueryStyle::Exploded), Some(3));
    assert_eq!(
        r.query::<Vec<i64>>("ids", QueryStyle::Delimited(",")),
        Some(vec![4, 5])
    );
    assert_eq!(r.query::<bool>("flag", QueryStyle::Exploded), Some(true));
    // A string that looks like a number stays a string.
    assert_eq!(
        r.query::<String>("verbose", QueryStyle::Exploded)
            .as_deref(),
        Some("3")
    );
    assert_eq!(
        r.query_object::<std::collections::BTreeMap<String, String>>(
            "filter",
            QueryStyle::DeepObject,
            &[]
        ),
        Some(
            [("color", "red"), ("size", "2")]
                .map(|(k, v)| (k.to_owned(), v.to_owned()))
                .into()
        )
    );
    assert_eq!(
        r.json::<serde_json::Value>(),
        Some(serde_json::json!({"name": "alice"}))
    );
    assert!(r.sent_as("application/json"));
    assert_eq!(r.required("body", Some(1)), 1);
}

#[tokio::test]
async fn mixed_segments_capture_each_parameter() {
    let mock = MockServer::start().await;
    Expectation::new(&REPORT)
        .path("name", &"q1")
        .answer(&mock, 200, Some("respond_200"), Reply::text("done"))
        .await;
    assert_eq!(
        get(format!("{}/reports/q1.csv", mock.uri())).await,
        (200, "done".to_owned())
    );
    let received = Expectation::new(&REPORT).received(&mock).await;
    assert_eq!(received[0].path::<String>("format").as_deref(), Some("csv"));
}

#[tokio::test]
async fn an_unmatched_request_names_the_closest_operation_and_what_differed() {
    let mock = MockServer::start().await;
    Expectation::new(&CREATE_USER)
        .json(&serde_json::json!({"name": "alice"}))
        .answer(&mock, 201, Some("respond_default"), Reply::Empty)
        .await;
    Expectation::new(&LIST_USERS)
        .query("domain", &"LOCAL", QueryStyle::Exploded)
        .answer(
            &mock,
            200,
            Some("respond_200"),
            Reply::json(&serde_json::json!({})),
        )
        .await;
    let (status, body) = get(format!("{}/users?domain=AD", mock.uri())).await;
    let expected = "GET /users?domain=AD matched no mounted operation; the closest is `users.list_users` (GET /users): query parameter `domain` differs: expected `domain=LOCAL`, got `domain=AD`";
    assert_eq!((status, body.as_str()), (404, expected));

    let answer = reqwest::Client::new()
        .post(format!("{}/users", mock.uri()))
        .body(r#"{"name":"bob"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 404);
    let second = r#"POST /users matched no mounted operation; the closest is `users.create_user` (POST /users): body differs: expected `{"name":"alice"}`, got `{"name":"bob"}`"#;
    let (_, path_body) = get(format!("{}/groups", mock.uri())).await;
    // The same method wins over the order of mounting.
    let third = "GET /groups matched no mounted operation; the closest is `users.list_users` (GET /users): path differs: expected `/users`, got `/groups`";
    assert_eq!(path_body, third);

    let failure = mock.verify().unwrap_err();
    assert_eq!(failure.to_string(), [expected, second, third].join("\n"));
    // Reported once: dropping the server does not panic.
}

#[tokio::test]
async fn with_nothing_mounted_the_message_says_so() {
    let mock = MockServer::start().await;
    let (status, body) = get(format!("{}/users", mock.uri())).await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        "GET /users matched no mounted operation: none is mounted"
    );
    assert!(mock.verify().is_err());
}

#[tokio::test]
async fn a_call_count_not_met_is_reported() {
    let mock = MockServer::start().await;
    let mounted = Expectation::new(&GET_USER)
        .answer(&mock, 200, Some("respond_200"), Reply::text("x"))
        .times(2)
        .await;
    assert_eq!(get(format!("{}/users/7", mock.uri())).await.0, 200);
    assert_eq!(mounted.calls(), 1);
    assert_eq!(
        mock.verify().unwrap_err().to_string(),
        "`users.get_user` (GET /users/{id}) was expected to be called 2 times, and was called 1 time"
    );
}

#[tokio::test]
#[should_panic(
    expected = "`users.get_user` (GET /users/{id}) was expected to be called 1 time, and was called 0 times"
)]
async fn dropping_the_server_fails_the_test_with_what_was_not_reported() {
    let mock = MockServer::start().await;
    Expectation::new(&GET_USER)
        .answer(&mock, 200, Some("respond_200"), Reply::text("x"))
        .times(1)
        .await;
}

#[tokio::test]
async fn the_first_mounted_answer_that_matches_answers_and_headers_are_sent() {
    let mock = MockServer::start().await;
    Expectation::new(&GET_USER)
        .path("id", &7)
        .answer(&mock, 503, None, Reply::Empty)
        .header("retry-after", "3")
        .await;
    Expectation::new(&GET_USER)
        .answer(&mock, 200, Some("respond_200"), Reply::text("any"))
        .await;
    let answer = reqwest::get(format!("{}/users/7", mock.uri()))
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 503);
    assert_eq!(answer.headers()["retry-after"], "3");
    assert_eq!(get(format!("{}/users/8", mock.uri())).await.0, 200);
}

#[tokio::test]
#[should_panic(expected = "`users.get_user`: the value given for `id` cannot be sent")]
async fn a_value_the_operation_would_refuse_is_refused_by_the_matcher() {
    let _ = Expectation::new(&GET_USER).path("id", &"..");
}

#[tokio::test]
async fn forms_raw_bodies_and_deep_objects_match_as_sent_and_read_back() {
    let mock = MockServer::start().await;
    #[derive(serde::Serialize)]
    struct Sent {
        name: &'static str,
        count: u8,
    }
    let form = Sent {
        name: "a b",
        count: 2,
    };
    Expectation::new(&CREATE_USER)
        .form("application/x-www-form-urlencoded", &form, &[])
        .answer(
            &mock,
            201,
            Some("respond_default"),
            Reply::Redirect("/users/9".to_owned()),
        )
        .await;
    Expectation::new(&GET_USER)
        .query(
            "filter",
            &serde_json::json!({"color": "red"}),
            QueryStyle::DeepObject,
        )
        .raw("text/plain", "note")
        .answer(
            &mock,
            200,
            Some("respond_200"),
            Reply::bytes("application/octet-stream", [1u8, 2]),
        )
        .await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = http
        .post(format!("{}/users", mock.uri()))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("name=a+b&count=2")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 201);
    assert_eq!(answer.headers()["location"], "/users/9");
    let answer = http
        .get(format!("{}/users/1?filter[color]=red", mock.uri()))
        .body("note")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 200);
    assert_eq!(answer.headers()["content-type"], "application/octet-stream");
    assert_eq!(answer.bytes().await.unwrap().as_ref(), [1u8, 2]);

    let created = Expectation::new(&CREATE_USER).received(&mock).await;
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Form {
        name: String,
        count: i64,
    }
    assert_eq!(
        created[0].form::<Form>(&[]),
        Some(Form {
            name: "a b".to_owned(),
            count: 2
        })
    );
    let got = Expectation::new(&GET_USER).received(&mock).await;
    assert_eq!(got[0].text().as_deref(), Some("note"));
    assert_eq!(got[0].bytes(), Some(b"note".to_vec()));
    assert_eq!(mock.verify(), Ok(()));
}

#[tokio::test]
#[should_panic(
    expected = "`users.get_user`: status 404 is documented: answer it with `respond_4xx`"
)]
async fn a_documented_status_is_answered_only_by_its_own_method() {
    let mock = MockServer::start().await;
    let _ = Expectation::new(&GET_USER).answer(&mock, 404, None, Reply::Empty);
}

#[tokio::test]
#[should_panic(
    expected = "`users.get_user`: status 503 is not one `respond_4xx` answers: it is not documented, answer it with `respond_undocumented`"
)]
async fn an_undocumented_status_is_answered_only_by_the_raw_method() {
    let mock = MockServer::start().await;
    let _ = Expectation::new(&GET_USER).answer(&mock, 503, Some("respond_4xx"), Reply::Empty);
}

/// A model with a read-only property, as the generated types write it with `mock`.
#[derive(serde::Serialize)]
struct Record {
    name: &'static str,
    #[serde(skip_serializing_if = "crate::mock_server::in_request")]
    id: u32,
}

#[tokio::test]
async fn read_only_properties_are_in_answers_and_never_in_requests() {
    let record = Record { name: "a", id: 7 };
    let mock = MockServer::start().await;
    Expectation::new(&LIST_USERS)
        .answer(&mock, 200, Some("respond_200"), Reply::json(&record))
        .await;
    assert_eq!(
        get(format!("{}/users", mock.uri())).await,
        (200, r#"{"name":"a","id":7}"#.to_owned())
    );
    assert_eq!(serde_json::to_string(&record).unwrap(), r#"{"name":"a"}"#);
}

/// The matcher every operation's module names: its setters narrow the expectation, an
/// undocumented status is answered raw, and `received` reads each matched request back
/// through the operation's reader, in order.
#[tokio::test]
async fn a_matcher_answers_undocumented_statuses_and_reads_requests_back() {
    use crate::mock_server::{matcher, Received, Unshadowed};
    /// An operation's inputs: its `id`.
    #[derive(Debug, PartialEq)]
    struct Inputs(Option<String>);
    impl Unshadowed for Inputs {}
    let mock = MockServer::start().await;
    let read = |r: &Received| Inputs(r.path::<String>("id"));
    let matcher = matcher(&mock, &GET_USER, read);
    assert_eq!(
        format!("{matcher:?}"),
        "Matcher { operation: \"users.get_user\", .. }"
    );
    let mut narrowed = matcher.clone();
    narrowed.expectation = narrowed.expectation.path("id", &"a");
    narrowed
        .clone()
        .respond_undocumented(503, "text/plain", "down")
        .await;
    let answer = reqwest::get(format!("{}/users/a", mock.uri()))
        .await
        .unwrap();
    assert_eq!(answer.status().as_u16(), 503);
    assert_eq!(
        answer.headers()["content-type"].to_str().unwrap(),
        "text/plain"
    );
    assert_eq!(answer.text().await.unwrap(), "down");
    assert_eq!(get(format!("{}/users/b", mock.uri())).await.0, 404);
    assert_eq!(narrowed.received().await, [Inputs(Some("a".to_owned()))]);
    assert_eq!(
        matcher.received().await,
        [Inputs(Some("a".to_owned())), Inputs(Some("b".to_owned()))]
    );
    let _ = mock.verify();
}
