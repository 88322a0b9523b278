//! Retry policy: which failures are retried, `Retry-After`, bounded attempts, timeouts.

use std::time::{Duration, Instant};

use sinch_conversation::{Auth, Client, Error, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

/// `first` for the first `times` calls of `verb route`, then a conversation.
async fn mount_then_ok(server: &MockServer, verb: &str, route: &str, first: ResponseTemplate, times: u64) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "c1"})))
        .mount(server)
        .await;
}

#[tokio::test]
async fn get_is_retried_on_503_then_succeeds() {
    let server = MockServer::start().await;
    let route = conversation_path("c1");
    mount_then_ok(&server, "GET", &route, ResponseTemplate::new(503), 2).await;
    let client = client(&server, Auth::None);

    let conversation = client.get_conversation("c1").await.expect("third attempt succeeds");
    assert_eq!(conversation.id.as_deref(), Some("c1"));
    assert_eq!(hits(&server, &route).await.len(), 3);
}

#[tokio::test]
async fn delete_is_retried_on_502() {
    let server = MockServer::start().await;
    let route = conversation_path("c1");
    mount_then_ok(&server, "DELETE", &route, ResponseTemplate::new(502), 1).await;
    client(&server, Auth::None).delete_conversation("c1").await.expect("second attempt succeeds");
    assert_eq!(hits(&server, &route).await.len(), 2);
}

#[tokio::test]
async fn post_is_never_retried_on_500() {
    let server = MockServer::start().await;
    mount_then_ok(&server, "POST", CONVERSATIONS, ResponseTemplate::new(500), 1).await;
    let client = client(&server, Auth::None);

    let error = client.create_conversation(&new_conversation()).await.expect_err("500 is returned");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert!(!error.is_retryable());
    assert_eq!(hits(&server, CONVERSATIONS).await.len(), 1);
}

#[tokio::test]
async fn get_is_not_retried_on_500_either() {
    let server = MockServer::start().await;
    let route = conversation_path("c1");
    mount_then_ok(&server, "GET", &route, ResponseTemplate::new(500), 1).await;
    let error = client(&server, Auth::None).get_conversation("c1").await.expect_err("500 is returned");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(500));
    assert_eq!(hits(&server, &route).await.len(), 1);
}

#[tokio::test]
async fn post_is_not_retried_on_503_but_get_would_be() {
    let server = MockServer::start().await;
    mount_then_ok(&server, "POST", CONVERSATIONS, ResponseTemplate::new(503), 1).await;
    let client = client(&server, Auth::None);

    let error = client.create_conversation(&new_conversation()).await.expect_err("503 is returned");
    // The kind is retryable (for idempotent calls), but this POST was sent once.
    assert!(error.is_retryable());
    assert_eq!(hits(&server, CONVERSATIONS).await.len(), 1);
}

#[tokio::test]
async fn api_429_honours_retry_after() {
    let server = MockServer::start().await;
    let route = conversation_path("c1");
    let throttled = ResponseTemplate::new(429).insert_header("retry-after", "1");
    mount_then_ok(&server, "GET", &route, throttled, 1).await;
    let client = client(&server, Auth::None);

    let started = Instant::now();
    client.get_conversation("c1").await.expect("succeeds after waiting");
    assert!(started.elapsed() >= Duration::from_millis(950), "waited {:?}", started.elapsed());
    assert_eq!(hits(&server, &route).await.len(), 2);
}

#[tokio::test]
async fn post_is_retried_on_429_because_it_was_not_processed() {
    let server = MockServer::start().await;
    mount_then_ok(&server, "POST", CONVERSATIONS, ResponseTemplate::new(429), 1).await;
    let client = client(&server, Auth::None);

    client.create_conversation(&new_conversation()).await.expect("second attempt succeeds");
    let calls = hits(&server, CONVERSATIONS).await;
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[1].body, NEW_CONVERSATION_JSON);
}

#[tokio::test]
async fn retry_after_beyond_the_cap_returns_the_error_at_once() {
    let server = MockServer::start().await;
    let route = conversation_path("c1");
    let throttled = ResponseTemplate::new(429).insert_header("retry-after", "120");
    mount_then_ok(&server, "GET", &route, throttled, 1).await;
    let client = client(&server, Auth::None);

    let started = Instant::now();
    let error = client.get_conversation("c1").await.expect_err("429 is returned");
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(error.is_retryable());
    let wait = error.api().and_then(|api| api.retry_after()).expect("Retry-After is kept");
    assert!(wait > Duration::from_secs(100));
    assert_eq!(hits(&server, &route).await.len(), 1);
}

#[tokio::test]
async fn attempts_are_bounded_by_the_policy() {
    let server = MockServer::start().await;
    let route = conversation_path("c1");
    Mock::given(method("GET")).and(path(route.as_str())).respond_with(ResponseTemplate::new(503)).mount(&server).await;

    let error = client(&server, Auth::None).get_conversation("c1").await.expect_err("503 after all attempts");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(hits(&server, &route).await.len(), 3);

    server.reset().await;
    Mock::given(method("GET")).and(path(route.as_str())).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let once = builder(&server, Auth::None).retry_policy(RetryPolicy::none()).build().expect("builds");
    once.get_conversation("c1").await.expect_err("503");
    assert_eq!(hits(&server, &route).await.len(), 1);
}

#[tokio::test]
async fn connection_errors_are_transport_errors_and_retryable() {
    // A port that was just free: nothing listens there.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let client = Client::builder()
        .allow_insecure_http(true)
        .base_url(format!("http://{address}"))
        .project_id("p1")
        .retry_policy(fast_retries())
        .build()
        .expect("builds");

    let error = client.get_conversation("c1").await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.is_retryable());
    assert!(error.status().is_none());
}

#[tokio::test]
async fn timeouts_apply_per_attempt() {
    let server = MockServer::start().await;
    let route = conversation_path("c1");
    Mock::given(method("GET"))
        .and(path(route.as_str()))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = builder(&server, Auth::None)
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::default().max_attempts(2).base_delay(Duration::from_millis(5)))
        .build()
        .expect("builds");

    let started = Instant::now();
    let error = client.get_conversation("c1").await.expect_err("times out");
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert!(transport.is_timeout());
    assert!(error.is_retryable());
    assert!(started.elapsed() < Duration::from_secs(4), "took {:?}", started.elapsed());
    assert_eq!(hits(&server, &route).await.len(), 2);
}
