//! Creates a conversation between an app and a contact, sends the contact a text message and
//! lists the contact's conversations, with the generated Sinch Conversation SDK.
//!
//! ```text
//! SINCH_PROJECT_ID=... SINCH_KEY_ID=... SINCH_KEY_SECRET=... \
//! SINCH_APP_ID=... SINCH_CONTACT_ID=... \
//!     cargo run -p doc2rust-tests --example send_message
//! ```
//!
//! Required: `SINCH_PROJECT_ID`, `SINCH_KEY_ID`, `SINCH_KEY_SECRET` (an access key of the
//! project), `SINCH_APP_ID` (a Conversation API app), `SINCH_CONTACT_ID` (a contact).
//! Optional: `SINCH_REGION` (`us`, `eu` or `br`; default `us`), `SINCH_BASE_URL` (instead
//! of the region's server, e.g. a mock server), `SINCH_TOKEN_URL` (instead of Sinch's
//! OAuth2 token endpoint), `SINCH_AUTH` (`oauth2`, the default, or `basic`),
//! `SINCH_MESSAGE` (the text to send), `SINCH_ALLOW_INSECURE_HTTP=1` (accept plain `http://`
//! URLs, for a local mock server; the client refuses them otherwise).

use std::process::ExitCode;

use sinch_conversation::apis::conversation::ListConversationsParams;
use sinch_conversation::{Auth, Client, types};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("send_message: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let project_id = required("SINCH_PROJECT_ID")?;
    let key_id = required("SINCH_KEY_ID")?;
    let key_secret = required("SINCH_KEY_SECRET")?;
    let app_id = required("SINCH_APP_ID")?;
    let contact_id = required("SINCH_CONTACT_ID")?;
    let text = optional("SINCH_MESSAGE").unwrap_or_else(|| "Hello from the Rust SDK!".to_owned());

    let auth = match optional("SINCH_AUTH").as_deref() {
        None | Some("oauth2") => Auth::oauth2(key_id, key_secret),
        Some("basic") => Auth::basic(key_id, key_secret),
        Some(other) => return Err(format!("SINCH_AUTH must be `oauth2` or `basic`, not `{other}`")),
    };
    let mut builder = Client::builder()
        .project_id(project_id)
        .auth(auth)
        .region(optional("SINCH_REGION").unwrap_or_else(|| "us".to_owned()));
    if let Some(base_url) = optional("SINCH_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    if let Some(token_url) = optional("SINCH_TOKEN_URL") {
        builder = builder.token_url(token_url);
    }
    if optional("SINCH_ALLOW_INSECURE_HTTP").is_some_and(|value| value == "1" || value == "true") {
        builder = builder.allow_insecure_http(true);
    }
    let client = builder.build().map_err(|error| format!("cannot build the client: {error}"))?;
    println!("client: {}", client.base_url());

    let request = types::CreateConversationRequest {
        active_channel: Some(types::Channel::Sms),
        ..types::CreateConversationRequest::new(app_id.clone(), contact_id.clone())
    };
    let conversation = client
        .create_conversation(&request)
        .await
        .map_err(|error| format!("cannot create the conversation: {error}"))?;
    println!(
        "conversation: {} (app {}, contact {})",
        conversation.id.as_deref().unwrap_or("?"),
        conversation.app_id.as_deref().unwrap_or("?"),
        conversation.contact_id.as_deref().unwrap_or("?"),
    );

    let message = types::AppMessage::new(types::TextMessage::new(text));
    let request = types::SendMessageRequest::new(app_id.clone(), types::Recipient::contact_id(&contact_id), message);
    let sent = client.send_message(&request).await.map_err(|error| format!("cannot send the message: {error}"))?;
    println!(
        "message: {} accepted at {}",
        sent.message_id.as_deref().unwrap_or("?"),
        sent.accepted_time.as_deref().unwrap_or("?"),
    );

    // The contact's conversations, page after page as the stream is read (no other crate
    // needed to read it); at most ten here.
    let params = ListConversationsParams { app_id: Some(app_id), contact_id: Some(contact_id), ..Default::default() };
    let mut conversations = client.list_conversations_stream(&params);
    let mut listed = Vec::new();
    while let Some(conversation) = conversations.next().await {
        let conversation = conversation.map_err(|error| format!("cannot list the conversations: {error}"))?;
        listed.push(conversation.id.unwrap_or_default());
        if listed.len() == 10 {
            break;
        }
    }
    println!("conversations of the contact: {}", listed.join(", "));
    Ok(())
}

fn required(name: &str) -> Result<String, String> {
    optional(name).ok_or_else(|| format!("set {name} (see the top of examples/send_message.rs)"))
}

fn optional(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}
