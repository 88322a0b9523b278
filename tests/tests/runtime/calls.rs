//! Per-call options (timeout, headers, retry policy), the response wrapper, hooks around
//! every attempt and the `tracing` span of a call, against a local server.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sinch_conversation::{AfterAttempt, Auth, BeforeAttempt, Error, Hook, RetryPolicy};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

const ROUTE: &str = "/v1/projects/{project_id}/conversations/{conversation_id}";

fn conversation() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "c1"}))
}

/// `first` for the first `times` GETs of conversation `c1`, then the conversation.
async fn flaky(server: &MockServer, first: ResponseTemplate, times: u64) -> String {
    let route = conversation_path("c1");
    Mock::given(method("GET"))
        .and(path(route.as_str()))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("GET")).and(path(route.as_str())).respond_with(conversation()).mount(server).await;
    route
}

#[tokio::test]
async fn per_call_timeout_fires_where_the_clients_would_not() {
    let server = MockServer::start().await;
    let route = flaky(&server, conversation().set_delay(Duration::from_secs(3)), 1).await;
    // The client's own limit (60 s by default) would wait for the slow answer.
    let client = client(&server, Auth::None);

    let started = Instant::now();
    let error = client
        .get_conversation("c1")
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::none())
        .await
        .expect_err("the answer comes after the call's time limit");
    assert!(matches!(&error, Error::Transport(e) if e.is_timeout()), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    assert_eq!(hits(&server, &route).await.len(), 1);

    // The next call, without the option, has the client's limit and gets its answer.
    let conversation = client.get_conversation("c1").await.expect("no call limit this time");
    assert_eq!(conversation.id.as_deref(), Some("c1"));
}

#[tokio::test]
async fn per_call_headers_arrive_and_replace_the_methods() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(conversation_path("c1").as_str()))
        .and(header("x-request-id", "req-42"))
        .and(header("authorization", "Bearer per-call"))
        .respond_with(conversation())
        .mount(&server)
        .await;
    let client = client(&server, Auth::basic(KEY_ID, KEY_SECRET));

    // Calls are futures: they join like any other.
    let (with, without) = tokio::join!(
        client.get_conversation("c1").header("x-request-id", "req-42").header("authorization", "Bearer per-call"),
        client.get_conversation("c1"),
    );
    assert_eq!(with.expect("headers matched").id.as_deref(), Some("c1"));
    assert_eq!(without.expect_err("no mock without the headers").status().map(|s| s.as_u16()), Some(404));
    let requests = hits(&server, &conversation_path("c1")).await;
    assert_eq!(requests.len(), 2);
    // One value of each, the per-call credentials instead of the client's.
    let with = requests.iter().find(|r| r.headers.contains_key("x-request-id")).expect("the call with headers");
    assert_eq!(with.headers.get_all("authorization").iter().count(), 1);

    let error =
        client.get_conversation("c1").header("bad header", "x").await.expect_err("a name with a space cannot be sent");
    assert!(matches!(error, Error::Encode(_)), "{error:?}");
    assert_eq!(hits(&server, &conversation_path("c1")).await.len(), 2, "nothing sent");
}

#[tokio::test]
async fn per_call_retry_policy_overrides_the_clients() {
    let server = MockServer::start().await;
    let route = flaky(&server, ResponseTemplate::new(503), 100).await;
    // The client allows 3 attempts.
    let client = client(&server, Auth::None);

    let error = client.get_conversation("c1").retry_policy(RetryPolicy::none()).await.expect_err("503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(hits(&server, &route).await.len(), 1, "one attempt");

    let error = client.get_conversation("c1").retry_policy(fast_retries().max_attempts(5)).await.expect_err("503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(hits(&server, &route).await.len(), 1 + 5, "five attempts");

    client.get_conversation("c1").await.expect_err("503");
    assert_eq!(hits(&server, &route).await.len(), 1 + 5 + 3, "the client's three");
}

#[tokio::test]
async fn response_value_has_status_and_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(conversation_path("c1").as_str()))
        .respond_with(conversation().append_header("x-ratelimit-remaining", "7"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(conversation_path("c1").as_str()))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = client(&server, Auth::None);

    let response = client.get_conversation("c1").with_response().await.expect("200");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers().get("x-ratelimit-remaining").and_then(|v| v.to_str().ok()), Some("7"));
    // Derefs to the body.
    assert_eq!(response.id.as_deref(), Some("c1"));
    assert_eq!(response.into_inner().id.as_deref(), Some("c1"));

    let deleted = client.delete_conversation("c1").with_response().await.expect("204");
    assert_eq!(deleted.status().as_u16(), 204);
}

/// What a hook saw of one attempt.
#[derive(Debug, PartialEq)]
struct Seen {
    phase: &'static str,
    method: String,
    route: &'static str,
    attempt: u32,
    status: Option<u16>,
}

/// Records every attempt, and tags each request with its attempt number.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Seen>>>);

impl Hook for Recorder {
    fn before_attempt(&self, attempt: &mut BeforeAttempt<'_>) {
        assert!(attempt.url().path().ends_with("/conversations/c1"));
        let tag = attempt.attempt().to_string().parse().expect("digits are a header value");
        attempt.headers_mut().insert("x-attempt", tag);
        self.0.lock().expect("not poisoned").push(Seen {
            phase: "before",
            method: attempt.method().to_string(),
            route: attempt.route(),
            attempt: attempt.attempt(),
            status: None,
        });
    }

    fn after_attempt(&self, attempt: &AfterAttempt<'_>) {
        assert!(attempt.headers().is_some() == attempt.error().is_none());
        self.0.lock().expect("not poisoned").push(Seen {
            phase: "after",
            method: attempt.method().to_string(),
            route: attempt.route(),
            attempt: attempt.attempt(),
            status: attempt.status().map(|s| s.as_u16()),
        });
    }
}

#[tokio::test]
async fn hook_sees_every_attempt_of_a_retried_call() {
    let server = MockServer::start().await;
    let route = flaky(&server, ResponseTemplate::new(503), 2).await;
    let recorder = Recorder::default();
    let client = builder(&server, Auth::None).hook(recorder.clone()).build().expect("client builds");

    client.get_conversation("c1").await.expect("third attempt succeeds");

    let seen = std::mem::take(&mut *recorder.0.lock().expect("not poisoned"));
    let expected: Vec<Seen> = [(1, Some(503)), (2, Some(503)), (3, Some(200))]
        .into_iter()
        .flat_map(|(attempt, status)| {
            let seen = |phase, status| Seen { phase, method: "GET".to_owned(), route: ROUTE, attempt, status };
            [seen("before", None), seen("after", status)]
        })
        .collect();
    assert_eq!(seen, expected);
    // The header the hook added went out with each attempt.
    let tags: Vec<_> = hits(&server, &route)
        .await
        .iter()
        .map(|r| r.headers.get("x-attempt").and_then(|v| v.to_str().ok()).map(str::to_owned))
        .collect();
    assert_eq!(tags, [Some("1".to_owned()), Some("2".to_owned()), Some("3".to_owned())]);
}

#[tokio::test]
async fn hook_sees_a_refused_connection() {
    // A port nothing listens on: every attempt fails before an answer.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let address = listener.local_addr().expect("an address");
    drop(listener);
    let recorder = Recorder::default();
    let client = Client::builder()
        .allow_insecure_http(true)
        .base_url(format!("http://{address}"))
        .project_id("p1")
        .retry_policy(fast_retries().max_attempts(2))
        .hook(recorder.clone())
        .build()
        .expect("client builds");

    let error = client.get_conversation("c1").await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    let seen = recorder.0.lock().expect("not poisoned");
    let after: Vec<_> = seen.iter().filter(|s| s.phase == "after").map(|s| (s.attempt, s.status)).collect();
    assert_eq!(after, [(1, None), (2, None)]);
}

/// A span's fields, by name, as text.
type SpanFields = Vec<(&'static str, String)>;

/// A `tracing` subscriber keeping every span's name and fields, as text.
#[derive(Default)]
struct Spans {
    spans: Mutex<Vec<(&'static str, SpanFields)>>,
}

struct Fields<'a>(&'a mut SpanFields);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn fmt::Debug) {
        self.record_str(field, &format!("{value:?}"));
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.retain(|(name, _)| *name != field.name());
        self.0.push((field.name(), value.to_owned()));
    }
}

impl tracing::Subscriber for Spans {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = Vec::new();
        span.record(&mut Fields(&mut fields));
        let mut spans = self.spans.lock().expect("not poisoned");
        spans.push((span.metadata().name(), fields));
        tracing::span::Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut spans = self.spans.lock().expect("not poisoned");
        let index = usize::try_from(span.into_u64() - 1).expect("small");
        values.record(&mut Fields(&mut spans[index].1));
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn tracing_feature_emits_one_span_per_call() {
    let server = MockServer::start().await;
    flaky(&server, ResponseTemplate::new(503), 1).await;
    let client = client(&server, Auth::None);
    let spans = Arc::new(Spans::default());
    // `#[tokio::test]` runs on this thread only, so a thread-local default sees the call.
    let _guard = tracing::subscriber::set_default(spans.clone());

    client.get_conversation("c1").await.expect("second attempt succeeds");

    let spans = spans.spans.lock().expect("not poisoned");
    let calls: Vec<_> = spans.iter().filter(|(name, _)| *name == "call").collect();
    assert_eq!(calls.len(), 1, "{spans:?}");
    let field = |name: &str| calls[0].1.iter().find(|(field, _)| *field == name).map(|(_, value)| value.as_str());
    assert_eq!(field("method"), Some("GET"));
    assert_eq!(field("route"), Some(ROUTE));
    assert_eq!(field("attempts"), Some("2"));
    assert_eq!(field("status"), Some("200"));
}
