//! Errors keep status, headers and raw body whatever the body is.

use sinch_conversation::{Auth, Error, types};
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

#[test]
fn results_stay_small() {
    // clippy's result_large_err fires at 128 bytes; every variant is one pointer or two.
    assert!(std::mem::size_of::<Error<types::ErrorResponse>>() <= 16);
}
