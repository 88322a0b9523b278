//! Serde round trips on the generated SDK: a realistic payload per endpoint (request and
//! success body), unknown enum values, and the one-of message types.

use serde::Serialize;
use serde::de::DeserializeOwned;
use sinch_conversation::types;

struct Case {
    endpoint: &'static str,
    slot: &'static str,
    sample: &'static str,
    roundtrip: fn(&str) -> Result<(), String>,
}

/// Deserializes into `T`, serializes back, and compares the JSON values.
fn roundtrip<T: DeserializeOwned + Serialize>(sample: &str) -> Result<(), String> {
    let expected: serde_json::Value = serde_json::from_str(sample).map_err(|e| e.to_string())?;
    let typed: T = serde_json::from_value(expected.clone()).map_err(|e| format!("deserialize: {e}"))?;
    let back = serde_json::to_value(&typed).map_err(|e| format!("serialize: {e}"))?;
    if back == expected { Ok(()) } else { Err(format!("changed in the round trip:\n{expected}\n{back}")) }
}

include!(concat!(env!("OUT_DIR"), "/roundtrip_cases.rs"));

#[test]
fn every_endpoint_payload_round_trips() {
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|case| (case.roundtrip)(case.sample).err().map(|e| format!("{} {}: {e}", case.endpoint, case.slot)))
        .collect();
    assert!(failures.is_empty(), "{} of {} payloads failed:\n{}", failures.len(), CASES.len(), failures.join("\n"));
    // Every endpoint with a request body or a success body has a payload checked.
    let covered: std::collections::BTreeSet<&str> = CASES.iter().map(|c| c.endpoint).collect();
    let loaded = doc2rust::Config::new(doc2rust_tests::workspace_root().join("specs")).load().unwrap();
    let with_bodies: std::collections::BTreeSet<&str> = loaded
        .api
        .endpoints
        .iter()
        .filter(|e| e.request.is_some() || e.responses.iter().any(|r| r.is_success() && r.schema.is_some()))
        .map(|e| e.rust_name.as_str())
        .collect();
    assert_eq!(covered, with_bodies);
}

#[test]
fn unknown_enum_values_survive_a_round_trip() {
    let channel: types::Channel = serde_json::from_str("\"CARRIER_PIGEON\"").unwrap();
    assert_eq!(channel, types::Channel::Unknown("CARRIER_PIGEON".to_owned()));
    assert_eq!(serde_json::to_string(&channel).unwrap(), "\"CARRIER_PIGEON\"");
    let known: types::Channel = serde_json::from_str("\"WHATSAPP\"").unwrap();
    assert_eq!(known, types::Channel::Whatsapp);
    assert_eq!(known.as_str(), "WHATSAPP");

    // Inside a response: an unknown channel does not break the conversation.
    let conversation: types::Conversation =
        serde_json::from_str(r#"{"id": "c1", "active_channel": "NEW_CHANNEL", "field_from_the_future": 1}"#).unwrap();
    assert_eq!(conversation.active_channel, Some(types::Channel::Unknown("NEW_CHANNEL".to_owned())));
    assert_eq!(serde_json::to_value(&conversation).unwrap()["active_channel"], "NEW_CHANNEL");
}

#[test]
fn a_text_message_is_fully_typed() {
    let text = types::AppMessageKind::Text { text_message: Some(types::TextMessage::new("Hello".to_owned())) };
    let request = types::SendMessageRequest {
        callback_url: Some("https://example.test/callback".to_owned()),
        ..types::SendMessageRequest::new(
            "app".to_owned(),
            types::Recipient::ContactId { contact_id: Some("contact".to_owned()) },
            types::AppMessage::new(text),
        )
    };
    let json = serde_json::to_value(&request).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "app_id": "app",
            "recipient": {"contact_id": "contact"},
            "message": {"text_message": {"text": "Hello"}},
            "callback_url": "https://example.test/callback"
        })
    );
    let back: types::SendMessageRequest = serde_json::from_value(json).unwrap();
    assert_eq!(back, request);
}

#[test]
fn a_card_with_choices_picks_the_right_alternatives() {
    let json = serde_json::json!({
        "card_message": {
            "title": "Pick one",
            "choices": [
                {"text_message": {"text": "Yes"}, "postback_data": "yes"},
                {"call_message": {"phone_number": "+15551231234", "title": "Call us"}}
            ]
        }
    });
    let message: types::AppMessage = serde_json::from_value(json.clone()).unwrap();
    let types::AppMessageKind::Card { card_message } = &message.kind else {
        panic!("expected a card, got {message:?}");
    };
    let choices = card_message.as_ref().and_then(|card| card.choices.as_ref()).unwrap();
    assert!(matches!(choices[0].kind, types::ChoiceKind::Text { .. }), "{:?}", choices[0]);
    assert!(matches!(choices[1].kind, types::ChoiceKind::Call { .. }), "{:?}", choices[1]);
    assert_eq!(serde_json::to_value(&message).unwrap(), json);
}

#[test]
fn undocumented_keys_are_kept_at_every_depth() {
    // A contact as a newer API might send it: a top-level key and a key inside a channel
    // identity that no page documents.
    let json = serde_json::json!({
        "id": "c1",
        "display_name": "Ada",
        "loyalty_tier": {"level": 3},
        "channel_identities": [{"channel": "SMS", "identity": "+15550100", "verified_at": "2026-01-01"}]
    });
    let contact: types::Contact = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(contact.extra.get("loyalty_tier"), Some(&serde_json::json!({"level": 3})));
    assert!(!contact.extra.contains_key("id"), "a documented key is a field, not an extra: {:?}", contact.extra);
    let identity = &contact.channel_identities.as_ref().unwrap()[0];
    assert_eq!(identity.extra.get("verified_at"), Some(&serde_json::json!("2026-01-01")));
    assert_eq!(serde_json::to_value(&contact).unwrap(), json);

    // A value built in code has none, and sends only its fields.
    let built = types::ChannelIdentity::new("+15550100".to_owned(), types::Channel::Sms);
    assert!(built.extra.is_empty());
    assert_eq!(serde_json::to_value(&built).unwrap(), serde_json::json!({"channel": "SMS", "identity": "+15550100"}));
}

/// The SDK of `fixtures/variants/unknown-keys`, built by `build.rs`: a page with a field
/// named `extra`.
#[allow(dead_code, unused_imports, reason = "only the types are used")]
mod unknown_keys {
    include!(concat!(env!("OUT_DIR"), "/unknown_keys.rs"));
}

#[test]
fn a_documented_extra_field_keeps_its_name_and_undocumented_keys_go_beside_it() {
    let json = serde_json::json!({
        "id": "r1",
        "extra": {"region": "eu"},
        "owner": {"name": "Ada", "team": "ops"},
        "archived": false
    });
    let record: unknown_keys::types::Record = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(record.extra.as_ref().and_then(|extra| extra.get("region")), Some(&serde_json::json!("eu")));
    assert_eq!(record.extra_fields.get("archived"), Some(&serde_json::json!(false)));
    assert_eq!(record.extra_fields.len(), 1);
    assert_eq!(record.owner.as_ref().unwrap().extra.get("team"), Some(&serde_json::json!("ops")));
    assert_eq!(serde_json::to_value(&record).unwrap(), json);
}
