//! The short ways to build requests (issue 16): constructors taking `impl Into<String>`, a
//! constructor per one-of alternative, `From` an alternative's payload, and `new` on parameter
//! structs with required fields. Each task is written twice, the long way (struct-like
//! variants, owned strings) and the short way, and both must give the same value and the
//! JSON the API expects; the README's line counts come from these pairs.

use sinch_conversation::types::{self, Channel};

const APP: &str = "01EB37HMH1M6SV18ASNS3G135H";
const CONTACT: &str = "01EXA07N79THJ20WSN6AS30TMW";
const PHONE: &str = "+46700000000";

// A text message to a contact.

fn text_to_contact_long() -> types::SendMessageRequest {
    let message = types::AppMessage::new(types::AppMessageKind::Text {
        text_message: Some(types::TextMessage::new("Hello".to_owned())),
    });
    types::SendMessageRequest::new(
        APP.to_owned(),
        types::Recipient::ContactId { contact_id: Some(CONTACT.to_owned()) },
        message,
    )
}

fn text_to_contact_short() -> types::SendMessageRequest {
    let message = types::AppMessage::new(types::TextMessage::new("Hello"));
    types::SendMessageRequest::new(APP, types::Recipient::contact_id(CONTACT), message)
}

#[test]
fn a_text_to_a_contact() {
    let request = text_to_contact_short();
    assert_eq!(request, text_to_contact_long());
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        serde_json::json!({
            "app_id": APP,
            "recipient": {"contact_id": CONTACT},
            "message": {"text_message": {"text": "Hello"}},
        })
    );
}

// A text message to a phone number: the recipient by channel identity.

fn text_to_phone_long() -> types::SendMessageRequest {
    let recipient = types::Recipient::ChannelIdentities {
        identified_by: Some(types::IdentifiedBy::new(vec![types::ChannelIdentity::new(
            PHONE.to_owned(),
            Channel::Sms,
        )])),
    };
    let message = types::AppMessage::new(types::AppMessageKind::Text {
        text_message: Some(types::TextMessage::new("Hello".to_owned())),
    });
    types::SendMessageRequest::new(APP.to_owned(), recipient, message)
}

fn text_to_phone_short() -> types::SendMessageRequest {
    let recipient = types::IdentifiedBy::new(vec![types::ChannelIdentity::new(PHONE, Channel::Sms)]);
    types::SendMessageRequest::new(APP, recipient, types::AppMessage::new(types::TextMessage::new("Hello")))
}

#[test]
fn a_text_to_a_phone_number() {
    let request = text_to_phone_short();
    assert_eq!(request, text_to_phone_long());
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        serde_json::json!({
            "app_id": APP,
            "recipient": {"identified_by": {"channel_identities": [{"identity": PHONE, "channel": "SMS"}]}},
            "message": {"text_message": {"text": "Hello"}},
        })
    );
}

// A card.

fn card_long() -> types::SendMessageRequest {
    let card = types::Card {
        title: Some("Your parcel".to_owned()),
        description: Some("Arrives tomorrow".to_owned()),
        media_message: Some(types::MediaMessage::new("https://example.com/parcel.png".to_owned())),
        ..Default::default()
    };
    let message = types::AppMessage::new(types::AppMessageKind::Card { card_message: Some(card) });
    types::SendMessageRequest::new(
        APP.to_owned(),
        types::Recipient::ContactId { contact_id: Some(CONTACT.to_owned()) },
        message,
    )
}

fn card_short() -> types::SendMessageRequest {
    let card = types::Card {
        title: Some("Your parcel".to_owned()),
        description: Some("Arrives tomorrow".to_owned()),
        media_message: Some(types::MediaMessage::new("https://example.com/parcel.png")),
        ..Default::default()
    };
    types::SendMessageRequest::new(APP, types::Recipient::contact_id(CONTACT), types::AppMessage::new(card))
}

#[test]
fn a_card() {
    let request = card_short();
    assert_eq!(request, card_long());
    assert_eq!(
        serde_json::to_value(&request).unwrap()["message"],
        serde_json::json!({"card_message": {
            "title": "Your parcel",
            "description": "Arrives tomorrow",
            "media_message": {"url": "https://example.com/parcel.png"},
        }})
    );
}

// A media message.

fn media_long() -> types::SendMessageRequest {
    let message = types::AppMessage::new(types::AppMessageKind::MediaMessage {
        media_message: Some(types::MediaMessage::new("https://example.com/parcel.png".to_owned())),
    });
    types::SendMessageRequest::new(
        APP.to_owned(),
        types::Recipient::ContactId { contact_id: Some(CONTACT.to_owned()) },
        message,
    )
}

fn media_short() -> types::SendMessageRequest {
    let message = types::AppMessage::new(types::MediaMessage::new("https://example.com/parcel.png"));
    types::SendMessageRequest::new(APP, types::Recipient::contact_id(CONTACT), message)
}

#[test]
fn a_media_message() {
    let request = media_short();
    assert_eq!(request, media_long());
    assert_eq!(
        serde_json::to_value(&request).unwrap()["message"],
        serde_json::json!({"media_message": {"url": "https://example.com/parcel.png"}})
    );
}

#[test]
fn each_alternative_has_a_constructor_and_its_payload_converts() {
    let text = types::TextMessage::new("Hi");
    // The constructor sets the optional field, as the struct-like variant would.
    assert_eq!(
        types::AppMessageKind::text(text.clone()),
        types::AppMessageKind::Text { text_message: Some(text.clone()) }
    );
    assert_eq!(types::AppMessageKind::from(text.clone()), types::AppMessageKind::text(text.clone()));
    // The same payload type converts into every one-of that holds it once.
    assert_eq!(types::ChoiceKind::from(text.clone()), types::ChoiceKind::text(text.clone()));
    assert_eq!(
        serde_json::to_value(types::ChoiceKind::from(text)).unwrap(),
        serde_json::json!({"text_message": {"text": "Hi"}})
    );
    // Text takes `&str` and `String` alike, and converts into no one-of by itself: a string
    // could be a contact ID as well as a phone number.
    assert_eq!(types::Recipient::contact_id(String::from("c")), types::Recipient::contact_id("c"));
    let identities = types::IdentifiedBy::new(vec![types::ChannelIdentity::new(PHONE, Channel::Whatsapp)]);
    assert_eq!(types::Recipient::from(identities.clone()), types::Recipient::channel_identities(identities));
}

#[test]
fn parameters_with_required_fields_have_new_and_the_others_default() {
    let params = sinch_conversation::apis::conversation::ListRecentConversationsParams::new(APP);
    assert_eq!(params.app_id, APP);
    assert_eq!((params.only_active, params.page_size, params.page_token), (None, None, None));
    let params = sinch_conversation::apis::conversation::ListConversationsParams::default();
    assert_eq!(params.app_id, None);
}
