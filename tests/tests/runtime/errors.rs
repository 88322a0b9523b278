//! Errors keep status, headers and raw body whatever the body is; they read well (the
//! documented message and code, a short `Debug`), and a body is typed only when it is the
//! documented one.

use sinch_conversation::{Auth, Client, Error, ErrorCode, types};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

#[tokio::test]
async fn documented_error_body_is_parsed() {
    let server = MockServer::start().await;
    let body = serde_json::json!({"error": {"code": 404, "message": "conversation not found", "status": "NOT_FOUND"}});
    Mock::given(method("GET"))
        .and(path(conversation_path("c1")))
        .respond_with(ResponseTemplate::new(404).set_body_json(&body))
        .mount(&server)
        .await;

    let error = client(&server, Auth::None).get_conversation("c1").await.expect_err("404");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
    assert!(!error.is_retryable());
    let parsed = error.body().and_then(|b| b.error.as_ref()).expect("body parsed");
    assert_eq!(parsed.status.as_deref(), Some("NOT_FOUND"));
    assert_eq!(parsed.code, Some(404));
    let raw: serde_json::Value = serde_json::from_slice(error.raw_body().expect("raw kept")).expect("json");
    assert_eq!(raw, body);
    assert!(error.to_string().contains("conversation not found"), "{error}");
}

#[tokio::test]
async fn undocumented_unparsable_error_keeps_status_headers_and_raw_bytes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(conversation_path("c1")))
        .respond_with(
            ResponseTemplate::new(418)
                .insert_header("x-request-id", "req-42")
                .set_body_bytes(b"<html>teapot \xff</html>".to_vec()),
        )
        .mount(&server)
        .await;

    let error = client(&server, Auth::None).get_conversation("c1").await.expect_err("418");
    assert_eq!(error.headers().and_then(|h| h.get("x-request-id")).map(|v| v.as_bytes()), Some(&b"req-42"[..]));
    let api = error.into_api().expect("an API error");
    assert_eq!(api.status.as_u16(), 418);
    assert!(api.body.is_none());
    assert_eq!(&api.raw[..], b"<html>teapot \xff</html>");
    assert_eq!(api.headers.get("x-request-id").and_then(|v| v.to_str().ok()), Some("req-42"));
    assert!(api.to_string().contains("418") && api.to_string().contains("teapot"));
}

#[tokio::test]
async fn unexpected_success_body_is_a_decode_error_keeping_raw() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(conversation_path("c1")))
        .respond_with(ResponseTemplate::new(200).set_body_string("not json"))
        .mount(&server)
        .await;

    let error = client(&server, Auth::None).get_conversation("c1").await.expect_err("not json");
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}");
    };
    assert_eq!(decode.status.as_u16(), 200);
    assert_eq!(&decode.raw[..], b"not json");
    assert_eq!(error.raw_body(), Some(&b"not json"[..]));
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn empty_success_is_ok_for_operations_without_a_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(conversation_path("c1")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    // Operations whose success has no documented body ignore whatever comes.
    Mock::given(method("POST"))
        .and(path(format!("{}:stop", conversation_path("c1"))))
        .respond_with(ResponseTemplate::new(200).set_body_string("{}"))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server, Auth::None);
    client.delete_conversation("c1").await.expect("deleted");
    client.stop_conversation("c1").await.expect("stopped");
}

/// Sinch's error body as the API sends it (google.rpc.Status), with a detail the pages do not
/// document field by field.
fn sinch_error(code: u16, status: &str, message: &str) -> serde_json::Value {
    serde_json::json!({"error": {
        "code": code,
        "message": message,
        "status": status,
        "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": []}],
    }})
}

/// The crate's alias: the error body every Sinch call shares is the default.
async fn fetch(client: &Client, id: &str) -> sinch_conversation::Result<types::Conversation> {
    client.get_conversation(id).await
}

#[tokio::test]
async fn message_and_code_read_the_documented_body() {
    let server = MockServer::start().await;
    let not_found = sinch_error(404, "NOT_FOUND", "Conversation c1 not found");
    Mock::given(method("GET"))
        .and(path(conversation_path("c1")))
        .respond_with(ResponseTemplate::new(404).set_body_json(&not_found))
        .mount(&server)
        .await;
    let invalid = sinch_error(400, "INVALID_ARGUMENT", "Invalid argument: app_id is required");
    Mock::given(method("POST"))
        .and(path(CONVERSATIONS))
        .respond_with(ResponseTemplate::new(400).set_body_json(&invalid))
        .mount(&server)
        .await;
    let client = client(&server, Auth::None);

    let error = fetch(&client, "c1").await.expect_err("404");
    assert_eq!(error.message(), Some("Conversation c1 not found"));
    assert_eq!(error.code(), Some(ErrorCode::Number(404)));
    assert!(error.code().is_some_and(|code| code == 404));
    assert_eq!(error.code().map(|code| code.to_string()).as_deref(), Some("404"));
    let api = error.api().expect("an API error");
    assert_eq!((api.method.as_str(), api.path.as_str()), ("GET", "/v1/projects/p1/conversations/c1"));
    assert_eq!(api.message(), error.message());

    let error = client.create_conversation(&new_conversation()).await.expect_err("400");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(error.message(), Some("Invalid argument: app_id is required"));
    assert_eq!(error.code().and_then(|code| code.as_i64()), Some(400));
    // The rest of the typed body is still there.
    assert_eq!(error.body().and_then(|b| b.error.as_ref()).and_then(|e| e.status.as_deref()), Some("INVALID_ARGUMENT"));
}

#[tokio::test]
async fn debug_is_short_and_shows_no_header() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(conversation_path("c1")))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("set-cookie", "session=cookie-s3cret")
                .insert_header("x-request-id", "req-42")
                .set_body_json(sinch_error(404, "NOT_FOUND", "Conversation c1 not found")),
        )
        .mount(&server)
        .await;
    let error = fetch(&client(&server, Auth::None), "c1").await.expect_err("404");
    let shown = format!("{error:?}");
    assert_eq!(
        shown,
        "Api(ApiError { status: 404 Not Found, request: GET /v1/projects/p1/conversations/c1, \
         message: \"Conversation c1 not found\", code: 404, .. })"
    );
    // `{:#?}` is the same fields, one a line.
    assert_eq!(format!("{error:#?}").lines().count(), 9, "{error:#?}");
    // Everything is still there, by accessor.
    assert_eq!(error.headers().and_then(|h| h.get("x-request-id")).map(|v| v.as_bytes()), Some(&b"req-42"[..]));
    assert!(!format!("{error:?}{error:#?}{error}").contains("s3cret"));
}

#[tokio::test]
async fn debug_without_a_message_shows_the_start_of_the_body() {
    let server = MockServer::start().await;
    let long = format!("<html>{}\u{1b}[31m</html>", "x".repeat(500));
    Mock::given(method("GET"))
        .and(path(conversation_path("c1")))
        .respond_with(ResponseTemplate::new(502).insert_header("x-request-id", "req-42").set_body_string(long))
        .mount(&server)
        .await;
    let client =
        builder(&server, Auth::None).retry_policy(sinch_conversation::RetryPolicy::none()).build().expect("client");
    let error = client.get_conversation("c1").await.expect_err("502");
    assert_eq!((error.message(), error.code()), (None, None));
    let shown = format!("{error:?}");
    assert!(
        shown.starts_with(
            "Api(ApiError { status: 502 Bad Gateway, request: GET /v1/projects/p1/conversations/c1, body: \"<html>xxx"
        ),
        "{shown}"
    );
    assert!(shown.ends_with("xxx\"..., .. })"), "{shown}");
    assert!(shown.len() < 320, "{} bytes: {shown}", shown.len());
    assert!(!shown.contains("req-42"));
}

#[tokio::test]
async fn a_body_without_a_documented_key_is_not_typed() {
    // Every field of Sinch's `ErrorResponse` is optional, so any object would parse as one
    // (reading "no message"): a body is typed only when it holds a documented key.
    let server = MockServer::start().await;
    let bodies = [
        ("c1", serde_json::json!({"message": "not Sinch's shape", "code": 7}), false),
        ("c2", serde_json::json!({}), false),
        ("c3", serde_json::json!([{"error": {"message": "a list"}}]), false),
        ("c4", serde_json::json!({"error": {}}), true),
        ("c5", serde_json::json!({"error": {"message": "m"}, "extra": true}), true),
    ];
    for (id, body, _) in &bodies {
        Mock::given(method("GET"))
            .and(path(conversation_path(id)))
            .respond_with(ResponseTemplate::new(404).set_body_json(body))
            .mount(&server)
            .await;
    }
    let client = client(&server, Auth::None);
    for (id, body, typed) in &bodies {
        let error = client.get_conversation(id).await.expect_err("404");
        assert_eq!(error.body().is_some(), *typed, "{body}");
        let raw: serde_json::Value = serde_json::from_slice(error.raw_body().expect("raw kept")).expect("json");
        assert_eq!(&raw, body);
        if !typed {
            assert_eq!(error.message(), None, "{body}");
            // Not typed, so `Debug` shows what came instead.
            assert!(format!("{error:?}").contains("body: "), "{error:?}");
        }
    }
}

#[test]
fn results_stay_small() {
    // clippy's result_large_err fires at 128 bytes; every variant is one pointer or two.
    assert!(std::mem::size_of::<Error<types::ErrorResponse>>() <= 16);
}
