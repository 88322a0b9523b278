//! A crate whose Sinch Conversation SDK is generated at build time from the docs pages in
//! `pages/`, the way a crate author would use doc2rust from `build.rs`.

/// The generated SDK.
pub mod sinch {
    include!(concat!(env!("OUT_DIR"), "/sinch_conversation.rs"));
}

/// Something this crate builds on the SDK: the request for a plain text message.
pub fn text_message(app_id: &str, contact_id: &str, text: &str) -> sinch::types::SendMessageRequest {
    let message = sinch::types::AppMessage::new(sinch::types::TextMessage::new(text));
    sinch::types::SendMessageRequest::new(app_id, sinch::types::Recipient::contact_id(contact_id), message)
}

#[cfg(test)]
mod tests {
    #[test]
    fn builds_a_text_message() {
        let request = super::text_message("app", "contact", "Hi");
        let json = serde_json::to_value(&request).unwrap();
        assert_eq!(json["message"]["text_message"]["text"], "Hi");
    }
}
