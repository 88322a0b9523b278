//! The webhook events enum of APIs other than Sinch's: events told apart by a field's fixed
//! value (`fixtures/variants/webhook-events`, hand-written in the format), and HPE GreenLake's
//! real CloudEvents pages (`fixtures/vendors/hpe-greenlake/service-catalog`), whose events
//! nothing on the page tells apart at the top level. Both SDKs are built by `build.rs` as
//! modules.

#[allow(dead_code, unused_imports, reason = "only the types are used")]
mod webhook_events {
    include!(concat!(env!("OUT_DIR"), "/webhook_events.rs"));
}

#[allow(dead_code, unused_imports, reason = "only the types are used")]
mod hpe_service_catalog {
    include!(concat!(env!("OUT_DIR"), "/hpe_service_catalog.rs"));
}

use serde_json::{Value, json};

/// Parses `value` as `T`'s events and checks it encodes back unchanged.
fn parse<T: serde::Serialize>(value: &Value, parse: fn(&[u8]) -> Result<T, serde_json::Error>) -> T {
    let body = serde_json::to_vec(value).expect("encodes");
    let event = parse(&body).unwrap_or_else(|error| panic!("{value}: {error}"));
    assert_eq!(&serde_json::to_value(&event).expect("encodes"), value, "the round trip changed the body");
    event
}

#[test]
fn a_fixed_value_tells_events_with_the_same_keys_apart() {
    use webhook_events::types::WebhookEvent;
    let paid =
        json!({"id": "ev_1", "type": "invoice.paid", "created": 1, "data": {"invoice_id": "in_1", "amount_paid": 500}});
    let voided = json!({"id": "ev_2", "type": "invoice.voided", "created": 2, "data": {"invoice_id": "in_1"}});
    let customer = json!({"id": "ev_3", "type": "customer.created", "created": 3, "data": {"customer_id": "cu_1"}});
    match parse(&paid, WebhookEvent::parse) {
        WebhookEvent::InvoicePaid(event) => assert_eq!(event.data.amount_paid, Some(500)),
        other => panic!("{other:?}"),
    }
    // Same keys, same `data` as `invoice.paid`: only the value of `type` decides.
    assert!(matches!(parse(&voided, WebhookEvent::parse), WebhookEvent::InvoiceVoided(_)));
    let event = parse(&customer, WebhookEvent::parse);
    assert!(matches!(event, WebhookEvent::CustomerCreated(_)));
    assert_eq!(event.variant_name(), "CustomerCreated");
    // A key the page does not list does not hide the event its value names.
    let newer =
        json!({"id": "ev_4", "type": "invoice.paid", "created": 4, "livemode": true, "data": {"invoice_id": "in_2"}});
    assert!(matches!(WebhookEvent::parse(newer.to_string().as_bytes()), Ok(WebhookEvent::InvoicePaid(_))));
}

#[test]
fn an_undocumented_event_is_kept_as_received() {
    use webhook_events::types::WebhookEvent;
    // A `type` no page documents: not taken for the event whose keys it has.
    let refunded = json!({"id": "ev_5", "type": "invoice.refunded", "created": 5, "data": {"invoice_id": "in_1"}});
    let event = parse(&refunded, WebhookEvent::parse);
    assert_eq!(event, WebhookEvent::Unknown(refunded));
    assert_eq!(event.variant_name(), "Unknown");
    // A documented `type` whose payload does not decode (no `data`): kept too, not an error.
    let broken = json!({"id": "ev_6", "type": "invoice.paid", "created": 6});
    assert_eq!(parse(&broken, WebhookEvent::parse), WebhookEvent::Unknown(broken));
    // JSON that is not an object is an unknown event; text that is not JSON is the only error.
    assert!(matches!(WebhookEvent::parse(b"[1, 2]"), Ok(WebhookEvent::Unknown(_))));
    assert!(WebhookEvent::parse(b"{\"id\": ").is_err());
}

#[test]
fn hpe_cloud_events_decode_from_their_real_pages() {
    use hpe_service_catalog::types::WebhookEvent;
    // HPE's two events share every top-level key; a provision event carries fields of `data`
    // only its page lists, and decodes as it.
    let provision = json!({
        "specversion": "1.0",
        "id": "123e4567-e89b-12d3-a456-426614174000",
        "source": "Compute",
        "type": "SERVICE_OFFER_PROVISION",
        "subject": "provision",
        "data": {"ServiceProvisionID": "p-1", "ApplicationID": "app-1", "Region": "us-west", "Status": "PROVISIONED"},
        "time": "2023-10-01T12:00:00Z"
    });
    match parse(&provision, WebhookEvent::parse) {
        WebhookEvent::ServiceOfferProvision(event) => {
            assert_eq!(event.data.application_id.as_deref(), Some("app-1"));
            assert_eq!(event.r#type, "SERVICE_OFFER_PROVISION");
        }
        other => panic!("{other:?}"),
    }
    // A body missing the required CloudEvents attributes is no documented event.
    let partial = json!({"type": "SERVICE_OFFER_PROVISION", "data": {}});
    assert_eq!(parse(&partial, WebhookEvent::parse), WebhookEvent::Unknown(partial));
}
