//! The kitchen-sink fixture crate (every supported construct) against a mock server.

use fixture_kitchen_sink::types::{Kinds, Pet, PutThingResponse, SubmitFormBody, Thing, TreeNode};
use fixture_kitchen_sink::{ApiErrorBody, Client, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn serve(template: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    let client = Client::builder(format!("{}/api", server.uri()))
        .api_key("key-1")
        .bearer("tok-2")
        .build()
        .unwrap();
    (server, client)
}

async fn only_request(server: &MockServer) -> Request {
    let mut all = server.received_requests().await.unwrap();
    assert_eq!(all.len(), 1);
    all.remove(0)
}

fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers.get(name).map(|v| v.to_str().unwrap())
}

const THING: &str = r#"{"id":7,"name":"n","type":"+1","self":"s","1st":true,"fooBar":"camel","foo_bar":"snake","secret":"hidden","children":null}"#;

#[tokio::test]
async fn every_parameter_location_is_sent_encoded() {
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(THING, "application/json")).await;
    let thing = client
        .things()
        .get_thing(
            "a/b c?#%ü",
            Some(3),
            Some(&["x", "y&z"]),
            Some(&[1, 2]),
            "req-1",
            Some("abc"),
            Some(&fixture_kitchen_sink::types::GetThingMode::Slow),
            Some("b"),
            Some("r"),
        )
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "GET");
    assert_eq!(req.url.path(), "/api/things/a%2Fb%20c%3F%23%25%C3%BC");
    assert_eq!(
        req.url.query(),
        Some("verbose=3&tags=x&tags=y%26z&ids=1%2C2&mode=slow&body=b&request=r")
    );
    assert_eq!(header(&req, "x-request-id"), Some("req-1"));
    assert_eq!(header(&req, "cookie"), Some("session=abc"));
    assert_eq!(header(&req, "x-api-key"), Some("key-1"));
    assert_eq!(header(&req, "authorization"), Some("Bearer tok-2"));

    // Keywords, digits and names equal after case conversion all land in their own fields.
    assert_eq!(thing.r#type, Some(Kinds::Plus1));
    assert_eq!(thing.self_.as_deref(), Some("s"));
    assert_eq!(thing.n_1st, Some(true));
    assert_eq!(thing.foo_bar.as_deref(), Some("camel"));
    assert_eq!(thing.foo_bar2.as_deref(), Some("snake"));
    // writeOnly fields are secrets: Debug hides them.
    assert!(format!("{thing:?}").contains("secret: Some(***)"));
    assert!(!format!("{thing:?}").contains("hidden"));
}

#[tokio::test]
async fn optional_parameters_left_out_send_nothing() {
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(THING, "application/json")).await;
    client
        .things()
        .get_thing("t", None, None, None, "r", None, None, None, None)
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.url.query(), None);
    assert_eq!(header(&req, "cookie"), None);
}

#[tokio::test]
async fn header_values_with_line_breaks_are_refused_before_sending() {
    let (server, client) = serve(ResponseTemplate::new(200)).await;
    let err = client
        .things()
        .get_thing(
            "t",
            None,
            None,
            None,
            "a\r\nX-Evil: 1",
            None,
            None,
            None,
            None,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidParameter {
                name: "X-Request-Id",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "parameter `X-Request-Id` cannot be sent: the value holds a line break or another byte not allowed in an HTTP header"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

fn thing() -> Thing {
    Thing {
        id: 1,
        name: "one".to_owned(),
        r#type: Some(Kinds::Empty),
        ..Default::default()
    }
}

#[tokio::test]
async fn several_success_statuses_come_back_as_an_enum() {
    let cases = [
        (
            ResponseTemplate::new(200).set_body_raw(THING, "application/json"),
            "ok",
        ),
        (ResponseTemplate::new(202), "accepted"),
        (
            ResponseTemplate::new(206).set_body_raw("a note", "text/plain"),
            "text",
        ),
    ];
    for (template, which) in cases {
        let (server, client) = serve(template).await;
        let out = client
            .things()
            .put_thing("t", &thing(), Some(true))
            .await
            .unwrap();
        match (which, out) {
            ("ok", PutThingResponse::Ok(t)) => assert_eq!(t.id, 7),
            ("accepted", PutThingResponse::Accepted) => {}
            ("text", PutThingResponse::PartialContent(text)) => assert_eq!(text, "a note"),
            (which, other) => panic!("{which}: {other:?}"),
        }
        let req = only_request(&server).await;
        assert_eq!(req.url.query(), Some("verbose=true"));
        assert_eq!(header(&req, "content-type"), Some("application/json"));
        assert_eq!(
            String::from_utf8(req.body).unwrap(),
            r#"{"id":1,"name":"one","type":""}"#
        );
    }
}

#[tokio::test]
async fn a_4xx_range_without_a_model_keeps_the_text() {
    let (_server, client) = serve(ResponseTemplate::new(409).set_body_string("conflict")).await;
    let err = client
        .things()
        .put_thing("t", &thing(), None)
        .await
        .unwrap_err();
    match err {
        Error::Api {
            status,
            body: ApiErrorBody::Text(text),
        } => {
            assert_eq!(status.as_u16(), 409);
            assert_eq!(text, "conflict");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_referenced_error_response_parses_its_model() {
    let (_server, client) = serve(
        ResponseTemplate::new(404).set_body_raw(r#"{"title":"no such thing"}"#, "application/json"),
    )
    .await;
    let err = client
        .things()
        .get_thing("t", None, None, None, "r", None, None, None, None)
        .await
        .unwrap_err();
    match err {
        Error::Api {
            body: ApiErrorBody::Problem(p),
            ..
        } => assert_eq!(p.title, "no such thing"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn text_bodies_go_as_text() {
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw("stored", "text/plain")).await;
    let out = client.things().put_note("t", "hello, note").await.unwrap();
    assert_eq!(out, "stored");
    let req = only_request(&server).await;
    assert_eq!(req.url.path(), "/api/things/t/note");
    assert_eq!(header(&req, "content-type"), Some("text/plain"));
    assert_eq!(req.body, b"hello, note");
}

#[tokio::test]
async fn binary_bodies_go_as_bytes() {
    let (server, client) = serve(
        ResponseTemplate::new(201)
            .set_body_raw(vec![0u8, 159, 146, 150], "application/octet-stream"),
    )
    .await;
    let out = client
        .things()
        .upload_blob(vec![1u8, 2, 255])
        .await
        .unwrap();
    assert_eq!(out, vec![0u8, 159, 146, 150]);
    let req = only_request(&server).await;
    assert_eq!(
        header(&req, "content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(req.body, vec![1u8, 2, 255]);
}

#[tokio::test]
async fn form_bodies_are_url_encoded() {
    let (server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(r#"{"accepted":true}"#, "application/json"))
            .await;
    let body = SubmitFormBody {
        name: "a b&c".to_owned(),
        count: Some(2),
    };
    let out = client.things().submit_form(&body).await.unwrap();
    assert_eq!(out.accepted, Some(true));
    let req = only_request(&server).await;
    assert_eq!(
        header(&req, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(String::from_utf8(req.body).unwrap(), "name=a+b%26c&count=2");
}

#[tokio::test]
async fn multipart_bodies_are_sent_as_built() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    let form = reqwest::multipart::Form::new().text("file", "contents");
    client.things().upload_parts(form).await.unwrap();
    let req = only_request(&server).await;
    let content_type = header(&req, "content-type").unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8(req.body.clone()).unwrap();
    assert!(body.contains("name=\"file\"\r\n\r\ncontents\r\n"), "{body}");
}

#[tokio::test]
async fn a_discriminator_picks_the_alternative() {
    let cases = [
        (r#"{"petType":"doggo","name":"Rex","barks":true}"#, "dog"),
        (r#"{"petType":"Cat","name":"Tom","lives":9}"#, "cat"),
    ];
    for (json, which) in cases {
        let (server, client) =
            serve(ResponseTemplate::new(201).set_body_raw(json, "application/json")).await;
        let sent = Pet::Cat(fixture_kitchen_sink::types::Cat {
            name: "Tom".to_owned(),
            pet_type: "Cat".to_owned(),
            lives: Some(9),
        });
        let pet = client.default().create_pet(&sent).await.unwrap();
        match (which, pet) {
            ("dog", Pet::Dog(d)) => assert_eq!((d.name.as_str(), d.barks), ("Rex", Some(true))),
            ("cat", Pet::Cat(c)) => assert_eq!(c.lives, Some(9)),
            (which, other) => panic!("{which}: {other:?}"),
        }
        let req = only_request(&server).await;
        assert_eq!(
            String::from_utf8(req.body).unwrap(),
            r#"{"name":"Tom","petType":"Cat","lives":9}"#
        );
    }
    let (_server, client) = serve(
        ResponseTemplate::new(201)
            .set_body_raw(r#"{"petType":"Bird","name":"x"}"#, "application/json"),
    )
    .await;
    let err = client
        .default()
        .create_pet(&Pet::Dog(Default::default()))
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("unknown `petType` value \"Bird\""),
        "{err}"
    );
}

#[tokio::test]
async fn recursive_types_round_trip() {
    let json =
        r#"{"value":"root","children":[{"value":"leaf","children":[]}],"parent":{"value":"up"}}"#;
    let (_server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(json, "application/json")).await;
    let tree: TreeNode = client.r#type().get_trees().await.unwrap();
    assert_eq!(tree.children.as_ref().unwrap()[0].value, "leaf");
    assert_eq!(tree.parent.as_ref().unwrap().value, "up");
    assert_eq!(serde_json::to_string(&tree).unwrap(), json);
}

#[tokio::test]
async fn a_lone_default_response_describes_success_and_failure() {
    let (_server, client) =
        serve(ResponseTemplate::new(200).set_body_raw(r#""a-b""#, "application/json")).await;
    assert_eq!(
        client.r#type().only_default().await.unwrap(),
        Some(Kinds::AB)
    );

    let (_server, client) = serve(ResponseTemplate::new(503).set_body_string("down")).await;
    let err = client.r#type().only_default().await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
}

#[test]
fn enum_values_that_are_not_identifiers_keep_their_exact_text() {
    for (value, kind) in [
        ("+1", Kinds::Plus1),
        ("-1", Kinds::Minus1),
        ("a-b", Kinds::AB),
        ("", Kinds::Empty),
        ("A", Kinds::A),
        ("a", Kinds::A2),
        ("self", Kinds::Self_),
        ("type", Kinds::Type),
        ("new", Kinds::Unknown("new".to_owned())),
    ] {
        let json = serde_json::to_string(value).unwrap();
        assert_eq!(serde_json::from_str::<Kinds>(&json).unwrap(), kind);
        assert_eq!(serde_json::to_string(&kind).unwrap(), json);
    }
}

#[tokio::test]
#[allow(deprecated)]
async fn operations_without_an_operation_id_are_named_from_method_and_path() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    client
        .things()
        .delete_things_thing_id("x y", None)
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.method.as_str(), "DELETE");
    assert_eq!(req.url.path(), "/api/things/x%20y");
}

#[tokio::test]
async fn parameters_named_like_generated_locals_keep_their_values() {
    let (server, client) = serve(ResponseTemplate::new(204)).await;
    client
        .r#type()
        .echo("1st", "2nd", Some("3rd"), Some("4th"))
        .await
        .unwrap();
    let req = only_request(&server).await;
    assert_eq!(req.url.query(), Some("first=1st&value=2nd&cookies=3rd"));
    assert_eq!(header(&req, "cookie"), Some("url=4th"));
}
