//! Query, path and body encoding; `Nullable`; base URL and builder checks.

use std::time::Duration;

use sinch_conversation::{Auth, BuildError, Client, Error, Nullable, Region, apis, types};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

async fn mount_empty_object(server: &MockServer) {
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn query_omits_none_escapes_text_and_sends_enums_as_strings() {
    let server = MockServer::start().await;
    mount_empty_object(&server).await;
    let params = apis::conversation::ListConversationsParams {
        app_id: Some("my app&x=1".to_owned()),
        contact_id: None,
        only_active: Some(true),
        page_size: Some(10),
        page_token: None,
        active_channel: Some(types::Channel::Whatsapp),
    };
    client(&server, Auth::None).list_conversations(&params).await.expect("listed");

    let requests = hits(&server, CONVERSATIONS).await;
    let url = &requests[0].url;
    assert_eq!(url.query(), Some("app_id=my+app%26x%3D1&only_active=true&page_size=10&active_channel=WHATSAPP"));
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    assert_eq!(pairs[0], ("app_id".to_owned(), "my app&x=1".to_owned()));
}

#[tokio::test]
async fn unknown_enum_values_go_on_the_wire_as_given() {
    let server = MockServer::start().await;
    mount_empty_object(&server).await;
    let params = apis::conversation::ListConversationsParams {
        active_channel: Some(types::Channel::Unknown("NEW CHANNEL".to_owned())),
        ..Default::default()
    };
    client(&server, Auth::None).list_conversations(&params).await.expect("listed");
    assert_eq!(hits(&server, CONVERSATIONS).await[0].url.query(), Some("active_channel=NEW+CHANNEL"));
}

#[tokio::test]
async fn array_query_parameters_repeat_the_key() {
    // `update_mask` is the SDK's only array parameter (`Vec<serde_json::Value>`).
    let server = MockServer::start().await;
    mount_empty_object(&server).await;
    let params = apis::conversation::UpdateConversationParams {
        update_mask: Some(vec![serde_json::json!("metadata"), serde_json::json!("a,b&c"), serde_json::json!(3)]),
        metadata_update_strategy: Some(types::MetadataUpdateStrategy::MergePatch),
    };
    let body = types::Conversation::default();
    client(&server, Auth::None).update_conversation("c1", &params, &body).await.expect("updated");

    let requests = hits(&server, &conversation_path("c1")).await;
    assert_eq!(requests[0].method.as_str(), "PATCH");
    assert_eq!(
        requests[0].url.query(),
        Some("update_mask=metadata&update_mask=a%2Cb%26c&update_mask=3&metadata_update_strategy=MERGE_PATCH")
    );
    assert_eq!(requests[0].body, b"{}");
}

#[tokio::test]
async fn no_query_string_when_every_parameter_is_absent() {
    let server = MockServer::start().await;
    mount_empty_object(&server).await;
    let client = client(&server, Auth::None);
    client.list_conversations(&apis::conversation::ListConversationsParams::default()).await.expect("listed");
    let empty_mask =
        apis::conversation::UpdateConversationParams { update_mask: Some(Vec::new()), ..Default::default() };
    client.update_conversation("c1", &empty_mask, &types::Conversation::default()).await.expect("updated");
    assert_eq!(hits(&server, CONVERSATIONS).await[0].url.query(), None);
    assert_eq!(hits(&server, &conversation_path("c1")).await[0].url.query(), None);
}

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = MockServer::start().await;
    mount_empty_object(&server).await;
    let client = builder(&server, Auth::None).project_id("my project").build().expect("builds");
    client.get_conversation("a/b?c#d%e").await.expect("fetched");
    // An enum in the path goes as its wire name.
    client
        .list_consents(
            "app 1",
            &types::ListType::Unknown("x/y".to_owned()),
            &apis::consent::ListConsentsParams::default(),
        )
        .await
        .expect("fetched");

    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests[0].url.path(), "/v1/projects/my%20project/conversations/a%2Fb%3Fc%23d%25e");
    assert_eq!(requests[0].url.query(), None);
    assert_eq!(requests[1].url.path(), "/v1/projects/my%20project/apps/app%201/consents/x%2Fy");
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = MockServer::start().await;
    mount_empty_object(&server).await;
    let client = client(&server, Auth::None);
    for id in ["..", "."] {
        let error = client.get_conversation(id).await.expect_err("refused");
        assert!(matches!(error, Error::Encode(_)), "{error:?}");
        assert!(!error.is_retryable());
    }
    assert!(server.received_requests().await.expect("recorded").is_empty());
}

#[tokio::test]
async fn base_url_path_is_kept_and_user_agent_is_set() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/proxy/v1/projects/p1/conversations/c1"))
        .and(header("user-agent", "sinch-conversation/0.1.0"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "c1"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server, Auth::None).base_url(format!("{}/proxy/", server.uri())).build().expect("builds");
    client.get_conversation("c1").await.expect("fetched");
}

#[tokio::test]
async fn json_body_is_sent_with_its_content_type_and_read_back() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(CONVERSATIONS))
        .and(header("content-type", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "id": "c9", "app_id": "app", "active_channel": "FUTURE_CHANNEL", "metadata_json": {"k": [1, null]}
        })))
        .mount(&server)
        .await;
    let body = types::CreateConversationRequest {
        active_channel: Some(types::Channel::Sms),
        metadata_json: Some(serde_json::Map::from_iter([("k".to_owned(), serde_json::json!({"nested": null}))])),
        ..new_conversation()
    };
    let created = client(&server, Auth::None).create_conversation(&body).await.expect("created");
    assert_eq!(created.active_channel, Some(types::Channel::Unknown("FUTURE_CHANNEL".to_owned())));
    assert_eq!(created.metadata_json.and_then(|m| m.get("k").cloned()), Some(serde_json::json!([1, null])));
    let sent = &hits(&server, CONVERSATIONS).await[0].body;
    assert_eq!(
        String::from_utf8_lossy(sent),
        r#"{"app_id":"app","contact_id":"contact","active_channel":"SMS","metadata_json":{"k":{"nested":null}}}"#
    );
}

/// No field of the generated SDK is nullable today, so `Nullable` is checked on its own:
/// the `deserialize_optional` helper that generated fields would use is private to the
/// crate and cannot be reached from here.
#[test]
fn nullable_distinguishes_null_and_value() {
    let read = |text: &str| serde_json::from_str::<Nullable<String>>(text).expect("parses");
    assert_eq!(read("null"), Nullable::Null);
    assert_eq!(read(r#""m""#), Nullable::Value("m".to_owned()));
    assert_eq!(serde_json::to_string(&Nullable::<String>::Null).expect("serializes"), "null");
    assert_eq!(serde_json::to_string(&Nullable::Value("m")).expect("serializes"), r#""m""#);
    assert!(Nullable::<u8>::Null.is_null());
    assert_eq!(Nullable::from(3).into_option(), Some(3));
    assert_eq!(Nullable::Value(2).map(|v| v * 2).value(), Some(&4));
    assert_eq!(Option::<u8>::from(Nullable::Null), None);
}

#[test]
fn base_url_comes_from_region_or_override() {
    let build = |builder: sinch_conversation::ClientBuilder| builder.project_id("p").build().expect("builds");
    assert_eq!(build(Client::builder()).base_url(), "https://us.conversation.api.sinch.com");
    assert_eq!(build(Client::builder().region(Region::EU)).base_url(), "https://eu.conversation.api.sinch.com");
    assert_eq!(build(Client::builder().region("apac")).base_url(), "https://apac.conversation.api.sinch.com");
    assert_eq!(
        build(Client::builder().region(Region::BR).base_url("http://localhost:8080/base/").allow_insecure_http(true))
            .base_url(),
        "http://localhost:8080/base"
    );
}

#[test]
fn build_reports_what_is_missing_or_invalid() {
    let missing = Client::builder().build().expect_err("no project id");
    assert!(matches!(missing, BuildError::MissingParameter("project_id")), "{missing:?}");
    assert!(missing.to_string().contains("project_id"));
    let empty = Client::builder().project_id("").build().expect_err("empty project id");
    assert!(matches!(empty, BuildError::MissingParameter("project_id")));

    for url in ["not a url", "ftp://example.com", "https://example.com/?a=1", "https://example.com/#x"] {
        let error = Client::builder().project_id("p").base_url(url).build().expect_err(url);
        assert!(matches!(error, BuildError::InvalidUrl { .. }), "{url}: {error:?}");
    }
    let error = Client::builder()
        .project_id("p")
        .auth(Auth::oauth2("id", "secret"))
        .token_url("nope")
        .build()
        .expect_err("bad token URL");
    assert!(matches!(error, BuildError::InvalidUrl { .. }));
    let error = Client::builder().project_id("p").auth(Auth::bearer("line\nbreak")).build().expect_err("bad token");
    assert!(matches!(error, BuildError::InvalidCredentials));
}

#[tokio::test]
async fn user_supplied_http_client_is_used() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(conversation_path("c1")))
        .and(header("x-from-my-client", "yes"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "c1"})))
        .expect(1)
        .mount(&server)
        .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-from-my-client", reqwest::header::HeaderValue::from_static("yes"));
    let http = reqwest::Client::builder().default_headers(headers).build().expect("reqwest client");
    let client = builder(&server, Auth::None).http_client(http.clone()).build().expect("builds");
    client.get_conversation("c1").await.expect("fetched through the caller's client");

    let error = Client::builder()
        .project_id("p")
        .http_client(http)
        .connect_timeout(Duration::from_secs(1))
        .build()
        .expect_err("connect timeout cannot be applied");
    assert!(matches!(error, BuildError::ConnectTimeoutWithHttpClient));
}

/// `default_header` reaches the server on every call; a header the client sets itself
/// (credentials) wins over one of the same name; a user-supplied client is refused, as it
/// cannot be given headers after it was built.
#[tokio::test]
async fn default_headers_are_sent_and_yield_to_the_clients_own() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(conversation_path("c1")))
        .and(header("x-gateway-key", "k2"))
        .and(header("authorization", "Bearer real-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "c1"})))
        .expect(1)
        .mount(&server)
        .await;
    let name = |text: &'static str| reqwest::header::HeaderName::from_static(text);
    let value = reqwest::header::HeaderValue::from_static;
    let client = builder(&server, Auth::bearer("real-token"))
        .default_header(name("x-gateway-key"), value("k1"))
        // The last value of a name is the one sent.
        .default_header(name("x-gateway-key"), value("k2"))
        .default_header(name("authorization"), value("Bearer from-the-header"))
        .build()
        .expect("builds");
    client.get_conversation("c1").await.expect("the mock matched the headers");

    let error = Client::builder()
        .project_id("p")
        .http_client(reqwest::Client::new())
        .default_header(name("x-gateway-key"), value("k1"))
        .build()
        .expect_err("headers cannot be added to the caller's client");
    assert!(matches!(error, BuildError::DefaultHeadersWithHttpClient));
}
