//! API-change classification: pairs of documents (before, after), one kind of change each.

use oapi_rust_codegen::surface::{diff, next_version, surface, Bump, Report};
use oapi_rust_codegen::Settings;

/// The two-operation document (sessions only) the change rules are exercised on: its own
/// copy, so that growing `spec/users.yaml` never changes what these tests edit.
const USERS: &str = include_str!("data/sessions.yaml");

mod common;

fn settings() -> Settings {
    Settings {
        threads: None,
        ..common::settings()
    }
}

fn report(before: &str, after: &str) -> Report {
    let s = |text: &str| {
        let api = oapi_rust_codegen::resolve(text.as_bytes(), &settings()).unwrap();
        surface(&api, "0.1.0", "")
    };
    diff(&s(before), &s(after))
}

/// The users document with `from` replaced by `to` (which must occur exactly once).
fn edit(from: &str, to: &str) -> String {
    assert_eq!(USERS.matches(from).count(), 1, "{from:?} occurs once");
    USERS.replace(from, to)
}

fn assert_only(r: &Report, breaking: &[&str], non_breaking: &[&str]) {
    assert_eq!(r.breaking, breaking, "breaking");
    assert_eq!(r.non_breaking, non_breaking, "non-breaking");
}

const NEW_OP: &str = "  /users/sessions/current:
    get:
      tags: [Users]
      operationId: GetCurrentSession
      parameters:
        - {name: verbose, in: query, required: true, schema: {type: boolean}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/UserSession'
components:";

#[test]
fn no_change_reports_nothing() {
    let r = report(USERS, USERS);
    assert!(r.is_empty());
    assert_eq!(r.bump(), Bump::None);
}

#[test]
fn operations_added_and_removed() {
    let added = edit(
        "components:\n  securitySchemes:",
        &format!("{NEW_OP}\n  securitySchemes:"),
    );
    let r = report(USERS, &added);
    assert_only(
        &r,
        &[],
        &["operation `users().get_current_session` added (GET /users/sessions/current)"],
    );
    assert_eq!(r.bump(), Bump::Minor);

    let r = report(&added, USERS);
    assert_only(
        &r,
        &["operation `users().get_current_session` removed"],
        &[],
    );
    assert_eq!(r.bump(), Bump::Major);
}

#[test]
fn parameters_added_removed_and_changed() {
    let sid = "        - name: sid
          in: query
          required: false";
    let r = report(
        USERS,
        &edit(sid, &sid.replace("required: false", "required: true")),
    );
    assert_only(
        &r,
        &["operation `users().delete_session`: parameter `sid` is now required: an argument of the method (`impl Into<String>`) instead of a setter"],
        &[],
    );
    let r = report(
        &edit(sid, &sid.replace("required: false", "required: true")),
        USERS,
    );
    assert_only(
        &r,
        &["operation `users().delete_session`: parameter `sid` is now optional: a setter (`.sid(impl Into<String>)`) instead of an argument of the method"],
        &[],
    );

    let with_force = edit(
        "          description: Specifies a user sid. If sid is not given system wide sessions are deleted.\n          schema:\n            type: string\n",
        "          description: Specifies a user sid. If sid is not given system wide sessions are deleted.\n          schema:\n            type: string\n        - name: force\n          in: query\n          required: true\n          schema:\n            type: boolean\n",
    );
    let r = report(USERS, &with_force);
    assert_only(
        &r,
        &["operation `users().delete_session`: new required parameter `force: impl Into<bool>`"],
        &[],
    );
    let r = report(&with_force, USERS);
    assert_only(
        &r,
        &["operation `users().delete_session`: parameter `force` removed"],
        &[],
    );

    let optional = with_force.replace(
        "- name: force\n          in: query\n          required: true",
        "- name: force\n          in: query\n          required: false",
    );
    // A new optional parameter is a new setter: code written before it still compiles.
    let r = report(USERS, &optional);
    assert_only(
        &r,
        &[],
        &["operation `users().delete_session`: new optional parameter `force` (setter `.force(impl Into<bool>)`)"],
    );
    assert_eq!(r.bump(), Bump::Minor);
    let r = report(&optional, USERS);
    assert_only(
        &r,
        &["operation `users().delete_session`: optional parameter `force` removed (setter `.force(..)`)"],
        &[],
    );

    let r = report(
        USERS,
        &edit(
            "          schema:\n            type: string\n      responses:\n        '204'",
            "          schema:\n            type: integer\n      responses:\n        '204'",
        ),
    );
    assert_only(
        &r,
        &["operation `users().delete_session`: setter `sid` changed from `impl Into<String> -> query sid` to `impl Into<i64> -> query sid`"],
        &[],
    );
}

#[test]
fn a_setter_whose_name_moves_to_another_parameter_is_breaking() {
    // A new header `SID` listed first takes the name `sid`; the query parameter becomes `sid2`.
    // `.sid(..)` still compiles but would fill the header: the report must say so.
    let r = report(
        USERS,
        &edit(
            "      parameters:\n        - name: sid\n",
            "      parameters:\n        - {name: SID, in: header, schema: {type: string}}\n        - name: sid\n",
        ),
    );
    assert_only(
        &r,
        &["operation `users().delete_session`: setter `sid` changed from `impl Into<String> -> query sid` to `impl Into<String> -> header SID`"],
        &["operation `users().delete_session`: new optional parameter `sid2` (setter `.sid2(impl Into<String>)`)"],
    );
}

#[test]
fn request_and_response_types_changed() {
    let r = report(
        USERS,
        &edit(
            "            schema:\n              $ref: '#/components/schemas/CreateUserSessionRequestParams'",
            "            schema:\n              $ref: '#/components/schemas/Error'",
        ),
    );
    assert_eq!(
        r.breaking,
        [
            "operation `users().create_session`: argument `body` changed from `&types::CreateUserSessionRequestParams -> body` to `&types::Error -> body`",
            "type `CreateUserSessionRequestParams`: no request carries it any more, so it is now `#[non_exhaustive]` (struct literals of it stop compiling)",
        ]
    );

    let r = report(
        USERS,
        &edit(
            "              schema:\n                $ref: '#/components/schemas/UserSession'",
            "              schema:\n                type: string",
        ),
    );
    assert_eq!(
        r.breaking,
        ["operation `users().create_session`: returns `String` instead of `types::UserSession`"]
    );
}

#[test]
fn fields_in_response_and_request_models() {
    let response_field = "        sessionId:";
    let r = report(
        USERS,
        &edit(response_field, "        expiresAt:\n          type: string\n          format: date-time\n        sessionId:"),
    );
    assert_only(
        &r,
        &[],
        &["type `UserSession`: new optional field `expires_at: Option<String>` (only answers carry the type, which is `#[non_exhaustive]`)"],
    );

    let r = report(
        USERS,
        &edit(
            "        username:\n",
            "        tenant:\n          type: string\n        username:\n",
        ),
    );
    assert_only(
        &r,
        &["type `CreateUserSessionRequestParams`: new optional field `tenant: Option<String>` in a type that requests carry (struct literals need it)"],
        &[],
    );

    let r = report(
        USERS,
        &edit(
            "      description: User session response\n",
            "      description: User session response\n      required: [sessionId]\n",
        ),
    );
    assert_only(
        &r,
        &["type `UserSession`: field `session_id` changed from `Option<String>` to `String`"],
        &[],
    );

    let r = report(
        USERS,
        &edit("        message:\n          type: string\n          nullable: true\n          description: Specifies the error message.\n", ""),
    );
    assert_only(&r, &["type `Error`: field `message` removed"], &[]);

    let r = report(
        USERS,
        &edit(
            "        message:\n          type: string\n          nullable: true\n",
            "        message:\n          type: string\n",
        ),
    );
    assert_only(
        &r,
        &[],
        &["type `Error`: field `message` is now optional and not nullable (same Rust type `Option<String>`)"],
    );

    let r = report(
        USERS,
        &edit(
            "        errorCode:\n          type: string",
            "        errorCode:\n          type: integer",
        ),
    );
    assert_only(
        &r,
        &["type `Error`: field `error_code` changed from `Option<String>` to `Option<i64>`"],
        &[],
    );
}

#[test]
fn enum_values_added_and_removed() {
    let r = report(
        USERS,
        &edit(
            "            - totp\n",
            "            - totp\n            - sms\n",
        ),
    );
    assert_only(
        &r,
        &[],
        &["type `CreateUserSessionRequestParamsOtpType`: value `sms` added"],
    );
    assert_eq!(r.bump(), Bump::Minor);

    let r = report(USERS, &edit("            - totp\n", ""));
    assert_only(
        &r,
        &["type `CreateUserSessionRequestParamsOtpType`: value `totp` removed"],
        &[],
    );
}

#[test]
fn security_schemes_added_and_removed() {
    let scheme = "    SessionIdHeader:
      type: apiKey
      in: header
      name: session-id
      description: The session id returned by creating a user session.
";
    let without = edit(scheme, "")
        .replace("  - SessionIdHeader: []\n", "")
        .replace("          x-rust-credential: SessionIdHeader\n", "");
    let r = report(&without, USERS);
    assert!(r.breaking.is_empty(), "{r:?}");
    assert!(
        r.non_breaking
            .contains(&"credential `session_id` added (sent in `session-id`)".to_owned()),
        "{r:?}"
    );
    let r = report(USERS, &without);
    assert!(
        r.breaking
            .contains(&"credential `session_id` removed (the builder method is gone)".to_owned()),
        "{r:?}"
    );

    let r = report(
        USERS,
        &edit("      name: session-id\n", "      name: x-session-id\n"),
    );
    assert_only(
        &r,
        &[],
        &["credential `session_id` is now sent in `x-session-id` instead of `session-id`"],
    );
}

#[test]
fn versions_follow_cargo_semver() {
    assert_eq!(next_version("0.1.0", Bump::Major), "0.2.0");
    assert_eq!(next_version("0.1.3", Bump::Minor), "0.1.4");
    assert_eq!(next_version("1.2.3", Bump::Major), "2.0.0");
    assert_eq!(next_version("1.2.3", Bump::Minor), "1.3.0");
    assert_eq!(next_version("1.2.3", Bump::Patch), "1.2.4");
    assert_eq!(next_version("1.2.3", Bump::None), "1.2.3");
    assert!(oapi_rust_codegen::surface::version_at_least(
        "0.2.0", "0.2.0"
    ));
    assert!(oapi_rust_codegen::surface::version_at_least(
        "1.0.0", "0.2.0"
    ));
    assert!(!oapi_rust_codegen::surface::version_at_least(
        "0.1.9", "0.2.0"
    ));
}

/// A request body holding a model that holds another.
const NESTED: &str = "openapi: 3.0.3
info: {title: t, version: 1.0.0}
paths:
  /a:
    post:
      operationId: postA
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Outer'}
      responses:
        '204': {description: ok}
components:
  schemas:
    Outer:
      type: object
      properties:
        inner: {$ref: '#/components/schemas/Inner'}
    Inner:
      type: object
      properties:
        a: {type: string}
";

#[test]
fn a_field_added_to_a_model_inside_a_request_model_is_breaking() {
    let r = report(
        NESTED,
        &NESTED.replace(
            "        a: {type: string}\n",
            "        a: {type: string}\n        b: {type: string}\n",
        ),
    );
    assert_only(
        &r,
        &["type `Inner`: new optional field `b: Option<String>` in a type that requests carry (struct literals need it)"],
        &[],
    );
    assert!(!r.is_empty());
    assert_eq!(r.bump(), Bump::Major);
}

#[test]
fn an_operation_that_moves_to_another_path_or_method_is_reported() {
    let r = report(NESTED, &NESTED.replace("  /a:\n", "  /b:\n"));
    assert_only(
        &r,
        &[],
        &["operation `default().post_a` now calls POST /b (was POST /a)"],
    );
    assert!(!r.is_empty());
    let r = report(NESTED, &NESTED.replace("    post:\n", "    put:\n"));
    assert_only(
        &r,
        &[],
        &["operation `default().post_a` now calls PUT /a (was POST /a)"],
    );
}

#[test]
fn the_surface_records_its_version_and_what_it_is() {
    let api = oapi_rust_codegen::resolve(NESTED.as_bytes(), &settings()).unwrap();
    let s = surface(&api, "1.2.3", "the crate's public API");
    assert_eq!(s.version, "1.2.3");
    assert_eq!(s.about, "the crate's public API");
}

#[test]
fn a_request_builder_that_changes_name_is_breaking() {
    let api = oapi_rust_codegen::resolve(NESTED.as_bytes(), &settings()).unwrap();
    let old = surface(&api, "0.1.0", "");
    let mut new = old.clone();
    new.operations.get_mut("default().post_a").unwrap().builder = "PostA2".to_owned();
    assert_only(
        &diff(&old, &new),
        &["operation `default().post_a`: its request builder is now `PostA2` (was `PostA`)"],
        &[],
    );
    // A surface recorded before builders existed names none: nothing to compare.
    let mut older = old.clone();
    older
        .operations
        .get_mut("default().post_a")
        .unwrap()
        .builder = String::new();
    assert!(diff(&older, &old).is_empty());
}

/// Only answers carry `UserSession`: it is `#[non_exhaustive]`, so no user code builds one
/// with a struct literal, and a new field, even a required one, breaks nobody.
#[test]
fn a_new_required_field_in_a_response_model_is_not_breaking() {
    let r = report(
        USERS,
        &edit(
            "      description: User session response\n",
            "      description: User session response\n      required: [expiresAt]\n",
        )
        .replace(
            "        sessionId:",
            "        expiresAt:\n          type: string\n        sessionId:",
        ),
    );
    assert_only(
        &r,
        &[],
        &["type `UserSession`: new required field `expires_at: String` (only answers carry the type, which is `#[non_exhaustive]`)"],
    );
}

/// The edits a maintainer makes most, each with the class Rust's semver rules give it (and
/// cargo-semver-checks with them): the rule table of the generator reference.
#[test]
fn the_common_edits_are_classed_as_rust_semver_classes_them() {
    let sid = "        - name: sid\n          in: query\n          required: false";
    let cases: Vec<(&str, String, bool)> = vec![
        (
            "optional query parameter added",
            edit(sid, &format!("        - {{name: force, in: query, schema: {{type: boolean}}}}\n{sid}")),
            false,
        ),
        ("new operation", edit("components:\n  securitySchemes:", &format!("{NEW_OP}\n  securitySchemes:")), false),
        (
            "field removed from Error",
            edit("        message:\n          type: string\n          nullable: true\n          description: Specifies the error message.\n", ""),
            true,
        ),
        (
            "optional field added to a request model",
            edit("        username:\n", "        tenant:\n          type: string\n        username:\n"),
            true,
        ),
        (
            "optional field added to a response model",
            edit("        sessionId:", "        expiresAt:\n          type: string\n        sessionId:"),
            false,
        ),
        (
            "field type changed",
            edit("        errorCode:\n          type: string", "        errorCode:\n          type: integer"),
            true,
        ),
        (
            "parameter made required",
            edit(sid, &sid.replace("required: false", "required: true")),
            true,
        ),
    ];
    for (what, after, breaking) in cases {
        let r = report(USERS, &after);
        assert!(!r.is_empty(), "{what}: a change");
        assert_eq!(!r.breaking.is_empty(), breaking, "{what}: {r:?}");
    }
}

/// A scheme that becomes HTTP basic (or stops being it) changes its methods' arguments: a
/// user name and a password instead of one value. Another place for one value does not.
#[test]
fn a_credential_that_becomes_basic_is_breaking_another_place_is_not() {
    let key = "      type: apiKey
      in: header
      name: apiKey
";
    let basic = edit(key, "      type: http\n      scheme: basic\n");
    let r = report(USERS, &basic);
    assert_only(
        &r,
        &["credential `api_key` is now sent in `HTTP basic (user name, password)` instead of `apiKey`: its methods take other arguments"],
        &[],
    );
    let r = report(&basic, USERS);
    assert_only(
        &r,
        &["credential `api_key` is now sent in `apiKey` instead of `HTTP basic (user name, password)`: its methods take other arguments"],
        &[],
    );
    let r = report(
        USERS,
        &edit(
            key,
            "      type: apiKey\n      in: query\n      name: apiKey\n",
        ),
    );
    assert_only(
        &r,
        &[],
        &["credential `api_key` is now sent in `query apiKey` instead of `apiKey`"],
    );
}

/// The runtime's public API is part of the surface: a change to it that breaks users is
/// reported like a change of the document.
#[test]
fn runtime_changes_are_classed_too() {
    let api = oapi_rust_codegen::resolve(USERS.as_bytes(), &settings()).unwrap();
    let files = oapi_rust_codegen::emit(&api, &settings()).unwrap();
    let json = &files
        .iter()
        .find(|f| f.path == "api-surface.json")
        .unwrap()
        .contents;
    let recorded: oapi_rust_codegen::surface::Surface = serde_json::from_str(json).unwrap();
    assert_eq!(
        recorded.runtime["client::ClientBuilder::timeout"],
        "fn timeout (mut self , timeout : Duration) -> Self"
    );
    let with = |edits: &[(&str, Option<&str>)]| {
        let mut s = recorded.clone();
        for (path, signature) in edits {
            match signature {
                Some(sig) => s.runtime.insert(path.to_string(), sig.to_string()),
                None => s.runtime.remove(*path),
            };
        }
        s
    };
    let api_variant = recorded.runtime["error::Error::Api"].clone();
    let r = diff(
        &recorded,
        &with(&[
            ("client::ClientBuilder::timeout", None),
            (
                "client::ClientBuilder::pool_size",
                Some("fn pool_size (mut self , n : u32) -> Self"),
            ),
            (
                "error::Error::Api",
                Some(&api_variant.replace(" }", ", attempts: u32 }")),
            ),
            (
                "error::Error::Throttled",
                Some("non_exhaustive variant { status: StatusCode }"),
            ),
            (
                "client::Client::new",
                Some("fn new (base_url : Url) -> Result < Self , Error >"),
            ),
        ]),
    );
    assert_only(
        &r,
        &[
            "runtime: `client::Client::new` changed from `fn new (base_url : & str) -> Result < Self , Error >` to `fn new (base_url : Url) -> Result < Self , Error >`",
            "runtime: `client::ClientBuilder::timeout` removed",
        ],
        &[
            "runtime: `client::ClientBuilder::pool_size` added",
            "runtime: `error::Error::Api` gained fields (`non_exhaustive variant { status: StatusCode, body: ApiErrorBody, text: Option < String >, attempts: u32 }`)",
            "runtime: `error::Error::Throttled` added",
        ],
    );
    // A variant added to an enum users may match exhaustively.
    let mut exhaustive = recorded.clone();
    exhaustive
        .runtime
        .insert("error::Error".to_owned(), "enum".to_owned());
    let mut more = exhaustive.clone();
    more.runtime.insert(
        "error::Error::Throttled".to_owned(),
        "variant { StatusCode }".to_owned(),
    );
    assert_only(
        &diff(&exhaustive, &more),
        &["runtime: variant `error::Error::Throttled` added to an enum that is not `#[non_exhaustive]`"],
        &[],
    );
}

#[test]
fn a_request_media_type_added_is_a_new_setter() {
    let json = "          application/json:
            schema:
              $ref: '#/components/schemas/CreateUserSessionRequestParams'
";
    let more = edit(
        json,
        &format!(
            "{json}          application/merge-patch+json:
            schema:
              $ref: '#/components/schemas/CreateUserSessionRequestParams'
"
        ),
    );
    let r = report(USERS, &more);
    assert_only(
        &r,
        &[],
        &["operation `users().create_session`: new optional parameter `body_merge_patch_json` (setter `.body_merge_patch_json(&types::CreateUserSessionRequestParams)`)"],
    );
    assert_eq!(r.bump(), Bump::Minor);
    // Before the JSON type, it is still a setter: the argument keeps the JSON type.
    let before = edit(
        json,
        &format!(
            "          text/plain:
            schema:
              type: string
{json}"
        ),
    );
    let r = report(USERS, &before);
    assert_only(
        &r,
        &[],
        &["operation `users().create_session`: new optional parameter `body_plain` (setter `.body_plain(impl Into<String>)`)"],
    );
}

#[test]
fn response_headers_added_changed_and_removed() {
    let with = |headers: &str| {
        edit(
            "        '201':\n          description: Success\n",
            &format!(
                "        '201':\n          description: Success\n          headers:\n{headers}"
            ),
        )
    };
    let one = with("            X-Rate-Limit: {schema: {type: integer, format: int32}}\n");
    // The first header brings `with_headers()`; a field more breaks nobody (the struct is
    // `#[non_exhaustive]`).
    assert_only(
        &report(USERS, &one),
        &[],
        &["operation `users().create_session`: new documented response header `x-rate-limit` (`Option<i32>`) (field `x_rate_limit` of `.with_headers()`)"],
    );
    let two = with(
        "            X-Rate-Limit: {schema: {type: integer, format: int32}}\n            \
         ETag: {required: true, schema: {type: string}}\n",
    );
    assert_only(
        &report(&one, &two),
        &[],
        &["operation `users().create_session`: new documented response header `etag` (`String`) (field `e_tag` of `.with_headers()`)"],
    );
    // A type that changes, or a header that goes, breaks its readers.
    let changed = one.replace("type: integer, format: int32", "type: string");
    assert_only(
        &report(&one, &changed),
        &["operation `users().create_session`: response header field `x_rate_limit` changed from `x-rate-limit` (`Option<i32>`) to `x-rate-limit` (`Option<String>`)"],
        &[],
    );
    assert_only(
        &report(&two, &one),
        &["operation `users().create_session`: response header `etag` (`String`) removed (field `e_tag` of `.with_headers()`)"],
        &[],
    );
    // Header names are compared without case: a respelling changes nothing.
    assert!(report(&one, &one.replace("X-Rate-Limit:", "x-rate-limit:")).is_empty());
    // An operation that takes the struct's name pushes it to another: breaking.
    let taken = one.replace(
        "components:",
        "  /sessions/headers:\n    get:\n      tags: [Users]\n      operationId: CreateSessionHeaders\n      \
         responses:\n        '204':\n          description: ok\ncomponents:",
    );
    let r = report(&one, &taken);
    assert_eq!(
        r.breaking,
        ["operation `users().create_session`: its response headers' struct is now `CreateSessionHeaders2` (was `CreateSessionHeaders`)"]
    );
}
