//! The HTTP runtime of the generated SDK, exercised through the real `sinch_conversation`
//! crate's public API against local wiremock servers: auth, retries, errors, pagination
//! and encoding. One test binary with submodules keeps link time down.

mod auth;
mod calls;
mod encoding;
mod errors;
mod pagination;
mod retry;
mod untrusted;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use sinch_conversation::{Auth, Client, ClientBuilder, RetryPolicy, types};
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

pub const TOKEN_PATH: &str = "/oauth2/token";
pub const KEY_ID: &str = "key-id-1";
pub const KEY_SECRET: &str = "s3cret-value";
/// Path of the list and create operations of project `p1`.
pub const CONVERSATIONS: &str = "/v1/projects/p1/conversations";

/// Retries fast enough for tests; `Retry-After` is still honoured as sent.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy::default().base_delay(Duration::from_millis(5)).max_delay(Duration::from_millis(50))
}

/// A builder pointed at `server` (plain http on 127.0.0.1, allowed) for both the API and
/// the token endpoint, project `p1`.
pub fn builder(server: &MockServer, auth: Auth) -> ClientBuilder {
    Client::builder()
        .allow_insecure_http(true)
        .base_url(server.uri())
        .token_url(format!("{}{TOKEN_PATH}", server.uri()))
        .project_id("p1")
        .auth(auth)
        .retry_policy(fast_retries())
}

pub fn client(server: &MockServer, auth: Auth) -> Client {
    builder(server, auth).build().expect("client builds")
}

pub fn oauth2_client(server: &MockServer) -> Client {
    client(server, Auth::oauth2(KEY_ID, KEY_SECRET))
}

/// The smallest valid body of `create_conversation`.
pub fn new_conversation() -> types::CreateConversationRequest {
    types::CreateConversationRequest::new("app".to_owned(), "contact".to_owned())
}

/// The JSON `new_conversation` serializes to.
pub const NEW_CONVERSATION_JSON: &[u8] = br#"{"app_id":"app","contact_id":"contact"}"#;

/// Requests the server received on `path`.
pub async fn hits(server: &MockServer, path: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on")
        .into_iter()
        .filter(|request| request.url.path() == path)
        .collect()
}

/// Token endpoint that hands out `tok1`, `tok2`, ... and counts requests.
#[derive(Clone)]
pub struct Tokens {
    pub issued: Arc<AtomicUsize>,
    pub expires_in: u64,
    pub delay: Duration,
}

impl Tokens {
    pub fn new(expires_in: u64) -> Self {
        Tokens { issued: Arc::new(AtomicUsize::new(0)), expires_in, delay: Duration::ZERO }
    }

    pub fn count(&self) -> usize {
        self.issued.load(Ordering::SeqCst)
    }
}

impl Respond for Tokens {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200)
            .set_body_json(serde_json::json!({
                "access_token": format!("tok{n}"),
                "expires_in": self.expires_in,
                "token_type": "bearer",
            }))
            .set_delay(self.delay)
    }
}

pub fn conversation_path(id: &str) -> String {
    format!("{CONVERSATIONS}/{id}")
}
