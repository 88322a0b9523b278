//! The tasks a Sinch customer starts with (issue 16), written as a customer would against
//! `generated/`: send a text, a card and a media message to a phone number, read every
//! conversation page after page, report an API error, receive a callback. Each task is one
//! function between `// task:` and `// end` markers (the note counts their lines); the tests
//! run them against Prism serving Sinch's OpenAPI description, a wiremock server answering
//! an error, and the webhook test vector of Sinch's own SDK tests.

use doc2rust_tests::Prism;
use reqwest::header::HeaderMap;
use sinch_conversation::apis::conversation::ListConversationsParams;
use sinch_conversation::types::{
    AppMessage, Card, Channel, ChannelIdentity, IdentifiedBy, MediaMessage, Recipient, SendMessageRequest, TextMessage,
    WebhookEvent,
};
use sinch_conversation::{Auth, Client, Result, WebhookError, WebhookVerifier};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "6b4dd4a5-3f5e-4c2c-9a7e-b4a46b6e6f0a";
const APP: &str = "01EB37HMH1M6SV18ASNS3G135H";

// task: send_text
pub async fn send_text(client: &Client, app_id: &str, phone: &str, text: &str) -> Result<Option<String>> {
    let to = Recipient::channel_identities(IdentifiedBy::new(vec![ChannelIdentity::new(phone, Channel::Sms)]));
    let request = SendMessageRequest::new(app_id, to, AppMessage::new(TextMessage::new(text)));
    Ok(client.send_message(&request).await?.message_id)
}
// end

// task: send_card
pub async fn send_card(client: &Client, app_id: &str, phone: &str, title: &str, image: &str) -> Result<Option<String>> {
    let to = Recipient::channel_identities(IdentifiedBy::new(vec![ChannelIdentity::new(phone, Channel::Sms)]));
    let card = Card { title: Some(title.into()), media_message: Some(MediaMessage::new(image)), ..Card::default() };
    let request = SendMessageRequest::new(app_id, to, AppMessage::new(card));
    Ok(client.send_message(&request).await?.message_id)
}
// end

// task: send_media
pub async fn send_media(client: &Client, app_id: &str, phone: &str, url: &str) -> Result<Option<String>> {
    let to = Recipient::channel_identities(IdentifiedBy::new(vec![ChannelIdentity::new(phone, Channel::Sms)]));
    let request = SendMessageRequest::new(app_id, to, AppMessage::new(MediaMessage::new(url)));
    Ok(client.send_message(&request).await?.message_id)
}
// end

// task: paginate
pub async fn conversation_ids(client: &Client, app_id: &str) -> Result<Vec<String>> {
    let params = ListConversationsParams { app_id: Some(app_id.into()), ..Default::default() };
    let conversations: Vec<_> = client.list_conversations_stream(&params).try_collect().await?;
    Ok(conversations.into_iter().filter_map(|conversation| conversation.id).collect())
}
// end

// task: api_error
pub async fn describe_failure(client: &Client, app_id: &str) -> String {
    let params = ListConversationsParams { app_id: Some(app_id.into()), ..Default::default() };
    match client.list_conversations(&params).await {
        Ok(_) => "ok".to_owned(),
        Err(error) => match error.status() {
            Some(status) => format!("{status}: {}", error.message().unwrap_or("no message")),
            None => format!("no answer: {error}"),
        },
    }
}
// end

// task: callback
pub fn on_callback(
    verifier: &WebhookVerifier,
    headers: &HeaderMap,
    body: &[u8],
) -> std::result::Result<String, WebhookError> {
    Ok(match verifier.verify_event(headers, body)? {
        WebhookEvent::ContactCreate(event) => format!("new contact in app {}", event.app_id),
        WebhookEvent::MessageInbound(event) => format!("message for app {}", event.app_id),
        other => format!("{} (not handled)", other.variant_name()),
    })
}
// end

fn client(base_url: &str) -> Client {
    Client::builder()
        .allow_insecure_http(true)
        .base_url(base_url)
        .project_id(PROJECT)
        .auth(Auth::basic("key-id", "key-secret"))
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn messages_to_a_phone_number_reach_the_api_as_documented() {
    let prism = Prism::start("tasks-send");
    let client = client(prism.base_url());
    let phone = "+46732000000";
    let text = send_text(&client, APP, phone, "Hello").await.expect("text sent");
    let card = send_card(&client, APP, phone, "Our offer", "https://example.com/offer.png").await.expect("card sent");
    let media = send_media(&client, APP, phone, "https://example.com/menu.pdf").await.expect("media sent");
    for id in [&text, &card, &media] {
        assert!(id.as_deref().is_some_and(|id| !id.is_empty()), "a message id: {id:?}");
    }
    // Prism checks each request against the description: all three are valid sends.
    let exchanges = prism.exchanges();
    assert_eq!(exchanges.len(), 3, "{exchanges:#?}");
    for exchange in &exchanges {
        assert_eq!(exchange.method, "POST");
        assert_eq!(exchange.path, format!("/v1/projects/{PROJECT}/messages:send"));
        assert_eq!(exchange.request_violations(), Vec::<&str>::new(), "{exchange:#?}");
    }
}

#[tokio::test]
async fn every_conversation_is_read_page_after_page() {
    let server = MockServer::start().await;
    let conversations_path = format!("/v1/projects/{PROJECT}/conversations");
    let page = |ids: &[&str], next: &str| {
        let conversations: Vec<_> = ids.iter().map(|id| serde_json::json!({"id": id, "app_id": APP})).collect();
        ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"conversations": conversations, "next_page_token": next, "total_size": 3}),
        )
    };
    Mock::given(method("GET"))
        .and(path(&conversations_path))
        .and(wiremock::matchers::query_param("page_token", "second"))
        .respond_with(page(&["c3"], ""))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(&conversations_path))
        .respond_with(page(&["c1", "c2"], "second"))
        .mount(&server)
        .await;
    let ids = conversation_ids(&client(&server.uri()), APP).await.expect("all pages");
    assert_eq!(ids, ["c1", "c2", "c3"]);
}

#[tokio::test]
async fn an_api_error_reads_as_status_and_message() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({
            "error": {"code": 404, "message": "App not found", "status": "NOT_FOUND", "details": []}
        })))
        .mount(&server)
        .await;
    assert_eq!(describe_failure(&client(&server.uri()), APP).await, "404 Not Found: App not found");
    // Nothing listening: a transport error, told apart from an API error.
    let closed = format!("http://127.0.0.1:{}", doc2rust_tests::free_port());
    assert!(describe_failure(&client(&closed), APP).await.starts_with("no answer: "));
}

#[test]
fn a_signed_callback_is_verified_and_matched_and_a_tampered_one_refused() {
    // The test vector of Sinch's .NET SDK (issue 16).
    let body = br#"{"app_id":"","accepted_time":"2021-10-18T17:49:13.813615Z","project_id":"e2df3a34-a71b-4448-9db5-a8d2baad28e4","contact_create_notification":{"contact":{"id":"01FJA8B466Y0R2GNXD78MD9SM1","channel_identities":[{"channel":"SMS","identity":"48123456789","app_id":""}],"display_name":"New Test Contact","email":"new.contact@email.com","external_id":"","metadata":"","language":"EN_US"}},"message_metadata":""}"#;
    let mut headers = HeaderMap::new();
    headers.insert("x-sinch-webhook-signature", "6bpJoRmFoXVjfJIVglMoJzYXxnoxRujzR4k2GOXewOE=".parse().unwrap());
    headers.insert("x-sinch-webhook-signature-nonce", "01FJA8B4A7BM43YGWSG9GBV067".parse().unwrap());
    headers.insert("x-sinch-webhook-signature-timestamp", "1634579353".parse().unwrap());
    headers.insert("x-sinch-webhook-signature-algorithm", "HmacSHA256".parse().unwrap());
    // The vector was signed in 2021: no replay window may refuse it here.
    let verifier = WebhookVerifier::new("foo_secret1234").tolerance(None);
    assert_eq!(on_callback(&verifier, &headers, body).expect("verified"), "new contact in app ");
    let tampered = String::from_utf8_lossy(body).replace("New Test Contact", "Someone Else");
    assert!(on_callback(&verifier, &headers, tampered.as_bytes()).is_err());
    let wrong_secret = WebhookVerifier::new("foo_secret1235").tolerance(None);
    assert!(on_callback(&wrong_secret, &headers, body).is_err());
}
