//! OAuth2 token caching, refresh, single flight, 401 retry, token endpoint backoff; Basic and
//! bearer headers; no secret in `Debug`.

use std::time::{Duration, Instant};

use sinch_conversation::{Auth, Error};
use wiremock::matchers::{basic_auth, bearer_token, body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

async fn mount_tokens(server: &MockServer, tokens: &Tokens) {
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .and(basic_auth(KEY_ID, KEY_SECRET))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(tokens.clone())
        .mount(server)
        .await;
}

async fn mount_conversation(server: &MockServer, id: &str, token: &str) {
    Mock::given(method("GET"))
        .and(path(conversation_path(id)))
        .and(bearer_token(token))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "id": id })))
        .mount(server)
        .await;
}

fn authorization(request: &wiremock::Request) -> Option<&str> {
    request.headers.get("authorization").and_then(|value| value.to_str().ok())
}

#[tokio::test]
async fn token_is_cached_and_reused() {
    let server = MockServer::start().await;
    let tokens = Tokens::new(3600);
    mount_tokens(&server, &tokens).await;
    mount_conversation(&server, "c1", "tok1").await;
    let client = oauth2_client(&server);

    for _ in 0..3 {
        let conversation = client.get_conversation("c1").await.expect("call succeeds");
        assert_eq!(conversation.id.as_deref(), Some("c1"));
    }
    // Clones share the cache.
    client.clone().get_conversation("c1").await.expect("call succeeds");
    assert_eq!(tokens.count(), 1);
    assert_eq!(hits(&server, &conversation_path("c1")).await.len(), 4);
}

#[tokio::test]
async fn token_is_refreshed_before_it_expires() {
    let server = MockServer::start().await;
    // 4 s lifetime: refreshed from half-life on, i.e. after 2 s, while still valid.
    let tokens = Tokens::new(4);
    mount_tokens(&server, &tokens).await;
    mount_conversation(&server, "c1", "tok1").await;
    mount_conversation(&server, "c1", "tok2").await;
    let client = oauth2_client(&server);

    client.get_conversation("c1").await.expect("first call succeeds");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    client.get_conversation("c1").await.expect("second call succeeds");

    assert_eq!(tokens.count(), 2);
    let calls = hits(&server, &conversation_path("c1")).await;
    assert_eq!(calls.iter().map(authorization).collect::<Vec<_>>(), [Some("Bearer tok1"), Some("Bearer tok2")]);
}

#[tokio::test]
async fn fifty_concurrent_first_calls_make_one_token_request() {
    let server = MockServer::start().await;
    let mut tokens = Tokens::new(3600);
    // A slow token endpoint, so every caller arrives while the request is in flight.
    tokens.delay = Duration::from_millis(300);
    mount_tokens(&server, &tokens).await;
    mount_conversation(&server, "c1", "tok1").await;
    let client = oauth2_client(&server);

    let calls: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_conversation("c1").await })
        })
        .collect();
    for call in calls {
        call.await.expect("task completes").expect("call succeeds");
    }
    assert_eq!(tokens.count(), 1);
    assert_eq!(hits(&server, &conversation_path("c1")).await.len(), 50);
}

#[tokio::test]
async fn expired_token_401_is_retried_once_with_a_new_token() {
    let server = MockServer::start().await;
    let tokens = Tokens::new(3600);
    mount_tokens(&server, &tokens).await;
    Mock::given(method("POST"))
        .and(path(CONVERSATIONS))
        .and(bearer_token("tok1"))
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("www-authenticate", "Bearer error=\"invalid_token\", error_description=\"token expired\"")
                .set_body_json(
                    serde_json::json!({"error": {"code": 401, "message": "Token expired", "status": "UNAUTHENTICATED"}}),
                ),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(CONVERSATIONS))
        .and(bearer_token("tok2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "new"})))
        .mount(&server)
        .await;
    let client = oauth2_client(&server);

    // A POST: the retry after an expired token is safe because the server did nothing.
    let created = client.create_conversation(&new_conversation()).await.expect("retried call succeeds");
    assert_eq!(created.id.as_deref(), Some("new"));
    assert_eq!(tokens.count(), 2);
    let calls = hits(&server, CONVERSATIONS).await;
    assert_eq!(calls.len(), 2);
    // The body was serialized once and replayed as is.
    assert_eq!(calls[0].body, calls[1].body);
    assert_eq!(calls[1].body, NEW_CONVERSATION_JSON);
}

#[tokio::test]
async fn a_second_expired_401_is_returned_not_retried_again() {
    let server = MockServer::start().await;
    let tokens = Tokens::new(3600);
    mount_tokens(&server, &tokens).await;
    Mock::given(method("GET"))
        .and(path(conversation_path("c1")))
        .respond_with(ResponseTemplate::new(401).set_body_string("token expired"))
        .mount(&server)
        .await;
    let client = oauth2_client(&server);

    let error = client.get_conversation("c1").await.expect_err("401 is returned");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(tokens.count(), 2);
    assert_eq!(hits(&server, &conversation_path("c1")).await.len(), 2);
}

#[tokio::test]
async fn other_401s_are_not_retried() {
    let server = MockServer::start().await;
    let tokens = Tokens::new(3600);
    mount_tokens(&server, &tokens).await;
    Mock::given(method("GET"))
        .and(path(conversation_path("c1")))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"error": {"code": 401, "message": "Unauthorized"}})),
        )
        .mount(&server)
        .await;
    let client = oauth2_client(&server);

    let error = client.get_conversation("c1").await.expect_err("401 is returned");
    let api = error.api().expect("an API error");
    assert_eq!(api.status.as_u16(), 401);
    let message = api.body.as_ref().and_then(|b| b.error.as_ref()).and_then(|e| e.message.as_deref());
    assert_eq!(message, Some("Unauthorized"));
    assert_eq!(tokens.count(), 1);
    assert_eq!(hits(&server, &conversation_path("c1")).await.len(), 1);
}

#[tokio::test]
async fn token_endpoint_429_backs_off_honouring_retry_after() {
    let server = MockServer::start().await;
    let tokens = Tokens::new(3600);
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    mount_tokens(&server, &tokens).await;
    mount_conversation(&server, "c1", "tok1").await;
    let client = oauth2_client(&server);

    let started = Instant::now();
    client.get_conversation("c1").await.expect("call succeeds after the backoff");
    // Only a lower bound: the client must have waited for the server's Retry-After.
    assert!(started.elapsed() >= Duration::from_millis(950), "waited {:?}", started.elapsed());
    assert_eq!(hits(&server, TOKEN_PATH).await.len(), 2);
    assert_eq!(tokens.count(), 1);
}

#[tokio::test]
async fn token_endpoint_failure_is_an_auth_error_keeping_status_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(401).set_body_string(r#"{"error":"invalid_client"}"#))
        .mount(&server)
        .await;
    let client = oauth2_client(&server);

    let error = client.get_conversation("c1").await.expect_err("no token, no call");
    let Error::Auth(auth) = &error else {
        panic!("expected an auth error, got {error:?}");
    };
    assert_eq!(auth.status_code().map(|s| s.as_u16()), Some(401));
    assert_eq!(auth.raw(), br#"{"error":"invalid_client"}"#);
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("401"), "{error}");
    assert!(!format!("{error:?}{error}").contains(KEY_SECRET));
    assert!(hits(&server, &conversation_path("c1")).await.is_empty());
}

#[tokio::test]
async fn basic_auth_is_sent_on_every_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(conversation_path("c1")))
        .and(basic_auth(KEY_ID, KEY_SECRET))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "c1"})))
        .expect(2)
        .mount(&server)
        .await;
    let client = client(&server, Auth::basic(KEY_ID, KEY_SECRET));
    client.get_conversation("c1").await.expect("call succeeds");
    client.get_conversation("c1").await.expect("call succeeds");
    assert!(hits(&server, TOKEN_PATH).await.is_empty());
}

#[tokio::test]
async fn static_bearer_token_is_sent() {
    let server = MockServer::start().await;
    mount_conversation(&server, "c1", "static-token").await;
    let client = client(&server, Auth::bearer("static-token"));
    client.get_conversation("c1").await.expect("call succeeds");
    assert!(hits(&server, TOKEN_PATH).await.is_empty());
}

#[tokio::test]
async fn an_api_key_goes_in_its_header_and_nowhere_else() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(conversation_path("c1")))
        .and(header("x-api-key", KEY_SECRET))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({ "id": "c1" })))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server, Auth::api_key("X-API-KEY", KEY_SECRET));
    client.get_conversation("c1").await.expect("call succeeds");
    let sent = hits(&server, &conversation_path("c1")).await;
    assert!(sent[0].headers.get("authorization").is_none(), "{:?}", sent[0].headers);
    // A header name that HTTP cannot carry is refused when the client is built.
    let error = builder(&server, Auth::api_key("X API KEY", KEY_SECRET)).build().expect_err("bad header name");
    assert!(matches!(error, sinch_conversation::BuildError::InvalidCredentials), "{error:?}");
    assert!(!format!("{:?}", Auth::api_key("X-API-KEY", KEY_SECRET)).contains(KEY_SECRET));
}

#[tokio::test]
async fn debug_output_never_shows_secrets() {
    let server = MockServer::start().await;
    let tokens = Tokens::new(3600);
    mount_tokens(&server, &tokens).await;
    mount_conversation(&server, "c1", "tok1").await;

    let auths = [
        Auth::basic(KEY_ID, KEY_SECRET),
        Auth::oauth2(KEY_ID, KEY_SECRET),
        Auth::bearer(KEY_SECRET),
        Auth::Basic { key_id: KEY_ID.to_owned(), key_secret: KEY_SECRET.to_owned() },
    ];
    for auth in auths {
        let shown = format!("{auth:?} {:?}", builder(&server, auth.clone()));
        assert!(!shown.contains(KEY_SECRET), "{shown}");
        let client = client(&server, auth);
        let shown = format!("{client:?} {client:#?}");
        assert!(!shown.contains(KEY_SECRET), "{shown}");
    }

    // After a token was fetched, neither the token nor the secret shows.
    let client = oauth2_client(&server);
    client.get_conversation("c1").await.expect("call succeeds");
    assert_eq!(tokens.count(), 1);
    let shown = format!("{client:?}");
    assert!(!shown.contains("tok1") && !shown.contains(KEY_SECRET), "{shown}");
    assert!(format!("{:?}", Auth::oauth2(KEY_ID, KEY_SECRET)).contains(KEY_ID));
}
