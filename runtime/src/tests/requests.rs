//! What a request sends: parameters in every place and style, bodies with their media
//! type, and values that would change the request refused before sending.

use super::*;

#[tokio::test]
async fn parameters_are_encoded_and_only_the_listed_credentials_are_sent() {
    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::builder(url).api_key("key-1").build().unwrap();
    let client = with_credential(&client, &BEARER, "tok").unwrap();
    let segment = path_value("id", &"a/b c?#").unwrap();
    let response = Request::new(&client, Method::POST, &["things", &segment])
        .accept("application/json")
        .query("tags", &["x", "y&z"], QueryStyle::Exploded)
        .unwrap()
        .query("ids", &[1, 2], QueryStyle::Delimited(","))
        .unwrap()
        .query("absent", &None::<String>, QueryStyle::Exploded)
        .unwrap()
        .header("X-Request-Id", &"r-1")
        .unwrap()
        .header("X-Absent", &None::<i64>)
        .unwrap()
        .cookie("session", &"abc")
        .unwrap()
        .cookie("theme", &Some("dark"))
        .unwrap()
        .json("application/json", Some(&serde_json::json!({"a": 1})))
        .send(&[&API_KEY])
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let request = seen.await.unwrap();
    let lines = lines(&request);
    assert_eq!(
        lines[0],
        "POST /v2/things/a%2Fb%20c%3F%23?tags=x&tags=y%26z&ids=1,2 HTTP/1.1"
    );
    let mut headers: Vec<&str> = lines[1..lines.len() - 2].to_vec();
    headers.sort_unstable();
    let host = headers
        .iter()
        .find(|h| h.starts_with("host: "))
        .unwrap()
        .to_string();
    assert_eq!(
        headers,
        [
            "accept: application/json",
            "content-length: 7",
            "content-type: application/json",
            "cookie: session=abc; theme=dark",
            host.as_str(),
            &format!("user-agent: {DEFAULT_USER_AGENT}"),
            "x-api-key: key-1",
            "x-request-id: r-1",
        ]
    );
    assert_eq!(lines.last(), Some(&r#"{"a":1}"#));
}

#[tokio::test]
async fn values_that_would_change_the_request_are_refused_before_sending() {
    let client = Client::new("http://127.0.0.1:9/v2").unwrap();
    for bad in ["", ".", ".."] {
        let err = path_value("id", &bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("parameter `id` cannot be sent: a path segment cannot be {bad:?}: the request would go to another resource")
        );
    }
    let request = Request::new(&client, Method::GET, &[]);
    let err = request.header("X-Id", &"a\r\nX-Evil: 1").err().unwrap();
    assert_eq!(
        err.to_string(),
        "parameter `X-Id` cannot be sent: the value holds a line break or another byte not allowed in an HTTP header"
    );
    let request = Request::new(&client, Method::GET, &[]);
    let err = request.cookie("c", &"a; b=c").err().unwrap();
    assert!(
        matches!(err, Error::InvalidParameter { name: "c", .. }),
        "{err:?}"
    );
    let request = Request::new(&client, Method::GET, &[]);
    let err = request
        .query("q", &serde_json::json!([{"a": 1}]), QueryStyle::Exploded)
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "parameter `q` cannot be sent: only strings, numbers, booleans and arrays of them can be sent as parameters"
    );
    for style in [QueryStyle::Exploded, QueryStyle::Delimited(",")] {
        let request = Request::new(&client, Method::GET, &[]);
        let err = request
            .query("q", &serde_json::json!({"a": 1, "b": [2]}), style)
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "parameter `q` cannot be sent: property `b` is an array or an object, which an object parameter cannot carry"
        );
    }
    for value in [serde_json::json!({"a": {"b": 1}}), serde_json::json!(1)] {
        let request = Request::new(&client, Method::GET, &[]);
        let err = request
            .query("q", &value, QueryStyle::DeepObject)
            .err()
            .unwrap();
        assert!(
            matches!(err, Error::InvalidParameter { name: "q", .. }),
            "{err:?}"
        );
    }
}

#[tokio::test]
async fn object_parameters_go_as_form_or_deep_objects() {
    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    let object = serde_json::json!({"a b": "x&y", "n": 1, "none": null, "t": true});
    let request = sent_request(
        Request::new(&client, Method::GET, &[])
            .query("exploded", &object, QueryStyle::Exploded)
            .unwrap()
            .query("form", &object, QueryStyle::Delimited(","))
            .unwrap()
            .query(
                "comma",
                &serde_json::json!({"k": "v,w"}),
                QueryStyle::Delimited(","),
            )
            .unwrap()
            .query("deep", &object, QueryStyle::DeepObject)
            .unwrap()
            .query("absent", &None::<serde_json::Value>, QueryStyle::DeepObject)
            .unwrap()
            .query("empty", &serde_json::json!({}), QueryStyle::Delimited(","))
            .unwrap()
            .query("empty", &serde_json::json!({}), QueryStyle::DeepObject)
            .unwrap(),
        seen,
    )
    .await;
    assert_eq!(
        lines(&request)[0],
        "GET /v2?a+b=x%26y&n=1&t=true&form=a+b,x%26y,n,1,t,true&comma=k,v%2Cw\
         &deep[a+b]=x%26y&deep[n]=1&deep[t]=true HTTP/1.1"
    );
}

#[tokio::test]
async fn bodies_go_with_their_media_type() {
    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    #[derive(serde::Serialize)]
    struct Form {
        name: &'static str,
        n: u8,
        none: Option<u8>,
        tags: Vec<&'static str>,
        ids: Vec<&'static str>,
        one: Vec<u8>,
        inner: std::collections::BTreeMap<&'static str, u8>,
    }
    let request = sent_request(
        Request::new(&client, Method::POST, &["f"]).form(
            "application/x-www-form-urlencoded; charset=utf-8",
            Some(&Form {
                name: "a b&c",
                n: 2,
                none: None,
                tags: vec!["x", "y z"],
                ids: vec!["1", "2,3"],
                one: vec![4],
                inner: [("k", 5)].into(),
            }),
            &[("tags", None), ("ids", Some(",")), ("one", Some("|"))],
        ),
        seen,
    )
    .await;
    assert!(
        request.contains("\r\ncontent-type: application/x-www-form-urlencoded; charset=utf-8\r\n"),
        "{request}"
    );
    // In the model's order; arrays item by item or joined (the delimiter inside an item
    // encoded); an object's own pairs; `null` left out.
    assert!(
        request.ends_with("\r\n\r\nname=a+b%26c&n=2&tags=x&tags=y+z&ids=1,2%2C3&one=4&k=5"),
        "{request}"
    );

    // JSON goes as the media type given, `+json` and parameters included, never another.
    for media in [
        "application/vnd.api+json",
        "application/json; charset=utf-8",
    ] {
        let (url, seen) = server(NO_CONTENT).await;
        let client = Client::new(&url).unwrap();
        let request = sent_request(
            Request::new(&client, Method::PATCH, &[])
                .json(media, Some(&serde_json::json!({"a": [1, "x"]}))),
            seen,
        )
        .await;
        let types: Vec<&str> = request
            .lines()
            .filter(|l| l.to_ascii_lowercase().starts_with("content-type:"))
            .collect();
        assert_eq!(types, [format!("content-type: {media}")], "{request}");
        assert!(request.ends_with("\r\n\r\n{\"a\":[1,\"x\"]}"), "{request}");
    }

    for (media, body, expected) in [
        ("text/plain", "héllo", "héllo"),
        ("application/octet-stream", "\u{1}\u{2}", "\u{1}\u{2}"),
    ] {
        let (url, seen) = server(NO_CONTENT).await;
        let client = Client::new(&url).unwrap();
        let request = sent_request(
            Request::new(&client, Method::PUT, &[]).raw(media, Some(body.to_owned())),
            seen,
        )
        .await;
        assert!(
            request.contains(&format!("\r\ncontent-type: {media}\r\n")),
            "{request}"
        );
        assert!(
            request.ends_with(&format!("\r\n\r\n{expected}")),
            "{request}"
        );
    }

    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    let form = reqwest::multipart::Form::new().text("file", "contents");
    let request = sent_request(
        Request::new(&client, Method::POST, &[]).multipart(Some(form)),
        seen,
    )
    .await;
    assert!(
        request.contains("\r\ncontent-type: multipart/form-data; boundary="),
        "{request}"
    );
    assert!(
        request.contains("Content-Disposition: form-data; name=\"file\"\r\n\r\ncontents\r\n"),
        "{request}"
    );

    // `None` sends no body of any kind.
    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    let request = sent_request(
        Request::new(&client, Method::POST, &[])
            .json("application/json", None::<&serde_json::Value>)
            .form(
                "application/x-www-form-urlencoded",
                None::<&serde_json::Value>,
                &[],
            )
            .raw("text/plain", None::<String>)
            .multipart(None),
        seen,
    )
    .await;
    assert!(!request.contains("content-type"), "{request}");
    assert!(request.ends_with("\r\n\r\n"), "{request}");
}

#[tokio::test]
async fn empty_arrays_send_nothing_in_any_location() {
    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    let empty: Vec<String> = Vec::new();
    let request = sent_request(
        Request::new(&client, Method::GET, &[])
            .query("q", &empty, QueryStyle::Exploded)
            .unwrap()
            .query("r", &Some(&empty), QueryStyle::Delimited(","))
            .unwrap()
            .header("X-List", &empty)
            .unwrap()
            .cookie("c", &Some(&empty))
            .unwrap()
            .header("X-Empty", &"")
            .unwrap(),
        seen,
    )
    .await;
    let lines = lines(&request);
    assert_eq!(lines[0], "GET /v2 HTTP/1.1");
    assert!(
        !request.contains("x-list") && !request.contains("cookie"),
        "{request}"
    );
    // An empty string is a value: sent as an empty header.
    assert!(lines.contains(&"x-empty: "), "{request}");
}

#[tokio::test]
async fn values_too_long_for_a_url_or_header_are_refused_without_being_quoted() {
    let client = Client::new("http://127.0.0.1:9/v2").unwrap();
    let long = "v".repeat(9000);
    let expected = "parameter `p` cannot be sent: the value is 9000 bytes long; at most 8192 fit a URL or a header";
    let errors = [
        path_value("p", &long).unwrap_err(),
        Request::new(&client, Method::GET, &[])
            .query("p", &long, QueryStyle::Exploded)
            .err()
            .unwrap(),
        Request::new(&client, Method::GET, &[])
            .query(
                "p",
                &[&long[..5000], &long[..5000]],
                QueryStyle::Delimited(","),
            )
            .err()
            .unwrap(),
        Request::new(&client, Method::GET, &[])
            .header("p", &long)
            .err()
            .unwrap(),
        Request::new(&client, Method::GET, &[])
            .cookie("p", &long)
            .err()
            .unwrap(),
    ];
    for (i, err) in errors.iter().enumerate() {
        let text = err.to_string();
        let expected = if i == 2 {
            expected.replace("9000", "10001")
        } else {
            expected.to_owned()
        };
        assert_eq!(text, expected);
        assert!(!format!("{err:?}").contains("vvvvvvvv"));
    }
    // Exactly the limit is fine.
    assert!(path_value("p", &"v".repeat(8192)).is_ok());
}

#[tokio::test]
async fn delimited_arrays_write_the_delimiter_as_it_is_and_encode_it_inside_items() {
    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    let request = sent_request(
        Request::new(&client, Method::GET, &["things"])
            .query("form", &["a,b", "c"], QueryStyle::Delimited(","))
            .unwrap()
            .query("space", &["a b", "c"], QueryStyle::Delimited("%20"))
            .unwrap()
            .query("pipe", &["a|b", "c"], QueryStyle::Delimited("|"))
            .unwrap()
            .query("one", &"x,y", QueryStyle::Delimited(","))
            .unwrap()
            .query("each", &["a,b", "c d"], QueryStyle::Exploded)
            .unwrap()
            .query("k y", &1, QueryStyle::Exploded)
            .unwrap(),
        seen,
    )
    .await;
    assert_eq!(
        lines(&request)[0],
        "GET /v2/things?form=a%2Cb,c&space=a+b%20c&pipe=a%7Cb|c&one=x%2Cy&each=a%2Cb&each=c+d&k+y=1 HTTP/1.1"
    );
}

#[tokio::test]
async fn an_empty_last_segment_keeps_the_closing_slash() {
    for (segments, path) in [
        (&[""][..], "/v2/"),
        (&["things", ""][..], "/v2/things/"),
        (&[][..], "/v2"),
    ] {
        let (url, seen) = server(NO_CONTENT).await;
        let client = Client::new(&url).unwrap();
        let request = sent_request(Request::new(&client, Method::GET, segments), seen).await;
        assert_eq!(lines(&request)[0], format!("GET {path} HTTP/1.1"));
    }
    // A base URL that ends with a slash gets no second one.
    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::new(&format!("{url}/")).unwrap();
    sent(&client, Method::GET, &[""]).await;
    assert_eq!(lines(&seen.await.unwrap())[0], "GET /v2/ HTTP/1.1");
}

#[tokio::test]
async fn booleans_are_sent_as_true_and_false() {
    let (url, seen) = server(NO_CONTENT).await;
    let client = Client::new(&url).unwrap();
    Request::new(&client, Method::GET, &[])
        .query("on", &true, QueryStyle::Exploded)
        .unwrap()
        .query("off", &[false, true], QueryStyle::Delimited(","))
        .unwrap()
        .send(&[])
        .await
        .unwrap();
    assert_eq!(
        lines(&seen.await.unwrap())[0],
        "GET /v2?on=true&off=false,true HTTP/1.1"
    );
}

#[test]
fn a_segment_of_text_and_parameters_is_refused_when_it_would_change_the_request() {
    let text = |v: &str| Cow::Owned(path_text("a", &v).unwrap());
    assert_eq!(
        path_segment("a", &[text("x/y"), Cow::Borrowed(".json")]).unwrap(),
        "x%2Fy.json"
    );
    assert_eq!(
        path_segment("a", &[text(""), Cow::Borrowed(":publish")]).unwrap(),
        ":publish"
    );
    for parts in [
        vec![text("."), text("")],
        vec![text("."), text(".")],
        vec![text(""), text("")],
    ] {
        let err = path_segment("a", &parts).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("parameter `a` cannot be sent: a path segment cannot be "),
            "{err}"
        );
    }
}
