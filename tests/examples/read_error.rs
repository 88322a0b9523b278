//! Fetches one conversation and, when the API refuses, says what it said: the documented
//! message and code, then what `main` returning the error prints.
//!
//! ```text
//! SINCH_PROJECT_ID=... SINCH_KEY_ID=... SINCH_KEY_SECRET=... SINCH_CONVERSATION_ID=... \
//!     cargo run -p doc2rust-tests --example read_error
//! ```
//!
//! Optional: `SINCH_BASE_URL` (instead of the US server, e.g. a mock server) and
//! `SINCH_ALLOW_INSECURE_HTTP=1` (accept a plain `http://` URL, for a local mock server).

use sinch_conversation::{Auth, Client, types};

/// The crate's `Result`: its error body defaults to the one every Sinch call documents.
async fn conversation(client: &Client, id: &str) -> sinch_conversation::Result<types::Conversation> {
    client.get_conversation(id).await
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let setting = |name: &str| std::env::var(name).map_err(|_| format!("set {name}"));
    let mut builder = Client::builder()
        .project_id(setting("SINCH_PROJECT_ID")?)
        .auth(Auth::basic(setting("SINCH_KEY_ID")?, setting("SINCH_KEY_SECRET")?));
    if let Ok(base_url) = setting("SINCH_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.allow_insecure_http(setting("SINCH_ALLOW_INSECURE_HTTP").is_ok_and(|v| v == "1")).build()?;

    match conversation(&client, &setting("SINCH_CONVERSATION_ID")?).await {
        Ok(found) => println!("conversation: {}", found.id.as_deref().unwrap_or("?")),
        Err(error) => {
            let code = error.code().map(|code| code.to_string()).unwrap_or_default();
            eprintln!("{code}: {}", error.message().unwrap_or("(no message)"));
            return Err(error.into());
        }
    }
    Ok(())
}
