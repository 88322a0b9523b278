//! A Conversation API callback endpoint with the generated SDK: it checks each request's
//! signature (`WebhookVerifier`, which refuses a timestamp more than five minutes from the
//! clock), refuses a nonce it has already seen within that time (a replay), decodes the body
//! into `types::WebhookEvent` and acts on the event. Undocumented events are acknowledged and
//! kept, not refused: the API adds events, and refusing them would make it retry.
//!
//! Run it and point an app's webhook at it:
//! `SINCH_WEBHOOK_SECRET=... cargo run -p doc2rust-tests --example webhook_server`
//! (listens on `127.0.0.1:3000`, or on `WEBHOOK_ADDR`). The tests (`tests/webhook_server.rs`)
//! include this file and serve [`app`] on a free port.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Json;
use axum::routing::post;
use serde_json::{Value, json};
use sinch_conversation::WebhookVerifier;
use sinch_conversation::types::WebhookEvent;

/// How long a nonce is remembered: the verifier's tolerance, past which the timestamp check
/// refuses the request anyway.
const NONCE_MEMORY: Duration = Duration::from_secs(5 * 60);

/// What the handler shares: the verifier and the nonces seen, with when they were signed.
struct Endpoint {
    verifier: WebhookVerifier,
    seen: Mutex<HashMap<String, SystemTime>>,
}

/// The callback endpoint, `POST /callbacks`, checking signatures with `verifier`.
pub fn app(verifier: WebhookVerifier) -> Router {
    let endpoint = Arc::new(Endpoint { verifier, seen: Mutex::new(HashMap::new()) });
    Router::new().route("/callbacks", post(callback)).with_state(endpoint)
}

/// Verifies, refuses replays, decodes, acts. Answers 200 with what it did, 401 for a bad or
/// stale signature or a replay, 400 for a body that is not JSON.
async fn callback(State(endpoint): State<Arc<Endpoint>>, headers: HeaderMap, body: Bytes) -> (StatusCode, Json<Value>) {
    let verified = match endpoint.verifier.verify(&headers, &body) {
        Ok(verified) => verified,
        Err(error) => return (StatusCode::UNAUTHORIZED, Json(json!({"error": error.to_string()}))),
    };
    if let (Some(nonce), Some(signed)) = (verified.nonce, verified.timestamp) {
        let mut seen = endpoint.seen.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // Forget what the timestamp check refuses by itself by now.
        seen.retain(|_, at| signed.duration_since(*at).map_or(true, |age| age <= NONCE_MEMORY));
        if seen.insert(nonce, signed).is_some() {
            return (StatusCode::UNAUTHORIZED, Json(json!({"error": "replayed: this nonce was already received"})));
        }
    }
    // Signed, so the sender is the API: decode. `verifier.verify_event(&headers, &body)` does
    // both steps in one when replays need no nonce check of their own.
    let event = match WebhookEvent::parse(&body) {
        Ok(event) => event,
        Err(error) => return (StatusCode::BAD_REQUEST, Json(json!({"error": error.to_string()}))),
    };
    let handled = handle(&event);
    let mut answer = json!({"event": event.variant_name(), "handled": handled});
    if let WebhookEvent::Unknown(raw) = &event {
        answer["raw"] = raw.clone();
    }
    (StatusCode::OK, Json(answer))
}

/// What the application does with an event: here, a line saying what it learned.
fn handle(event: &WebhookEvent) -> String {
    match event {
        WebhookEvent::MessageInbound(inbound) => {
            let message = inbound.message.as_ref();
            let contact = message.and_then(|m| m.contact_id.as_deref()).unwrap_or("an unknown contact");
            format!("message from {contact}")
        }
        WebhookEvent::MessageDelivery(delivery) => {
            let report = delivery.message_delivery_report.as_ref();
            let status = report.and_then(|r| r.status.as_ref()).map(|s| s.as_str().to_owned());
            format!("delivery report: {}", status.as_deref().unwrap_or("no status"))
        }
        WebhookEvent::ContactCreate(created) => {
            let contact = created.contact_create_notification.as_ref().and_then(|n| n.contact.as_ref());
            let name = contact.and_then(|c| c.display_name.as_deref()).unwrap_or("unnamed");
            format!("contact created: {name}")
        }
        WebhookEvent::Unknown(_) => "an event this SDK does not know, kept as received".to_owned(),
        other => format!("{} received", other.variant_name()),
    }
}

#[allow(dead_code, reason = "the tests include this file for `app` and start their own server")]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret = std::env::var("SINCH_WEBHOOK_SECRET").map_err(|_| "set SINCH_WEBHOOK_SECRET")?;
    let address = std::env::var("WEBHOOK_ADDR").unwrap_or_else(|_| "127.0.0.1:3000".to_owned());
    let listener = tokio::net::TcpListener::bind(&address).await?;
    println!("listening on http://{}/callbacks", listener.local_addr()?);
    axum::serve(listener, app(WebhookVerifier::new(secret))).await?;
    Ok(())
}
