//! The callback endpoint example (`examples/webhook_server.rs`) served on a free local port and
//! sent real HTTP requests signed as Sinch signs them: the .NET SDK's test vector (see
//! `webhooks.rs`) is accepted as a contact-create event; the same body changed by one byte,
//! the same request sent again (its nonce seen), a request signed too long ago, and an
//! unknown event correctly signed each get the answer they should.

#[allow(dead_code, reason = "the example's `main` is not used here")]
#[path = "../examples/webhook_server.rs"]
mod webhook_server;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use sinch_conversation::WebhookVerifier;

const SECRET: &str = "foo_secret1234";
const NONCE: &str = "01FJA8B4A7BM43YGWSG9GBV067";
const TIMESTAMP: u64 = 1634579353;
const BODY: &str = r#"{"app_id":"","accepted_time":"2021-10-18T17:49:13.813615Z","project_id":"e2df3a34-a71b-4448-9db5-a8d2baad28e4","contact_create_notification":{"contact":{"id":"01FJA8B466Y0R2GNXD78MD9SM1","channel_identities":[{"channel":"SMS","identity":"48123456789","app_id":""}],"display_name":"New Test Contact","email":"new.contact@email.com","external_id":"","metadata":"","language":"EN_US"}},"message_metadata":""}"#;
const SIGNATURE: &str = "6bpJoRmFoXVjfJIVglMoJzYXxnoxRujzR4k2GOXewOE=";

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

/// The server, its clock at the vector's timestamp, on `127.0.0.1:0`; its URL, the sender of
/// its stop signal and its task.
async fn start() -> (String, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<()>) {
    let verifier = WebhookVerifier::new(SECRET).clock(|| at(TIMESTAMP + 10));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let url = format!("http://{}/callbacks", listener.local_addr().expect("bound"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, webhook_server::app(verifier))
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
            .expect("the server runs");
    });
    (url, stop, server)
}

/// Posts `body` with Sinch's signature headers; the status and the JSON answer.
async fn post(url: &str, body: &str, signature: &str, nonce: &str, timestamp: u64) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .header("x-sinch-webhook-signature", signature)
        .header("x-sinch-webhook-signature-nonce", nonce)
        .header("x-sinch-webhook-signature-timestamp", timestamp.to_string())
        .header("x-sinch-webhook-signature-algorithm", "HmacSHA256")
        .body(body.to_owned())
        .send()
        .await
        .expect("the server answers");
    let status = response.status().as_u16();
    let text = response.text().await.expect("an answer");
    (status, serde_json::from_str(&text).unwrap_or_else(|error| panic!("{text}: {error}")))
}

/// The signature Sinch would send for `body` at `timestamp` with `nonce`.
fn sign(body: &str, nonce: &str, timestamp: u64) -> String {
    let headers = WebhookVerifier::new(SECRET).sign(body.as_bytes(), at(timestamp), nonce).expect("signs");
    headers["x-sinch-webhook-signature"].to_str().expect("ASCII").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_endpoint_verifies_parses_and_matches_on_events() {
    let (url, stop, server) = start().await;

    // The .NET SDK's vector: accepted, and decoded as the event its body is.
    let (status, answer) = post(&url, BODY, SIGNATURE, NONCE, TIMESTAMP).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["event"], "ContactCreate");
    assert_eq!(answer["handled"], "contact created: New Test Contact");

    // The same request again: its nonce was seen, a replay.
    let (status, answer) = post(&url, BODY, SIGNATURE, NONCE, TIMESTAMP).await;
    assert_eq!(status, 401, "{answer}");
    assert!(answer["error"].as_str().unwrap_or_default().contains("replayed"), "{answer}");

    // One byte of the body changed: the signature no longer matches.
    let tampered = BODY.replace("New Test Contact", "New Test Contacts");
    let (status, answer) = post(&url, &tampered, SIGNATURE, "tampered-nonce", TIMESTAMP).await;
    assert_eq!(status, 401, "{answer}");
    assert!(answer["error"].as_str().unwrap_or_default().contains("does not match"), "{answer}");

    // Correctly signed ten minutes before the server's clock: stale.
    let old = TIMESTAMP - 600;
    let (status, answer) = post(&url, BODY, &sign(BODY, "old-nonce", old), "old-nonce", old).await;
    assert_eq!(status, 401, "{answer}");
    assert!(answer["error"].as_str().unwrap_or_default().contains("tolerance"), "{answer}");

    // An event the pages do not document, correctly signed: acknowledged and kept whole.
    let unknown = r#"{"app_id":"app","project_id":"project","accepted_time":"2021-10-18T17:49:13Z","brand_new_notification":{"what":["kept",1,null]}}"#;
    let (status, answer) =
        post(&url, unknown, &sign(unknown, "unknown-nonce", TIMESTAMP), "unknown-nonce", TIMESTAMP).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["event"], "Unknown");
    assert_eq!(answer["raw"], serde_json::from_str::<Value>(unknown).expect("JSON"));

    // Signed but not JSON: refused as a bad request, not taken for an event.
    let (status, _) = post(&url, "{not json", &sign("{not json", "bad-nonce", TIMESTAMP), "bad-nonce", TIMESTAMP).await;
    assert_eq!(status, 400);

    stop.send(()).expect("the server is still running");
    server.await.expect("the server stops");
    // Stopped: nothing answers any more.
    let refused = reqwest::Client::new().post(&url).body("{}").send().await;
    assert!(refused.is_err(), "the server still answers");
}
