//! The example programs, built and run as a user would (`cargo run --example`), against the
//! Prism mock of the API and a local OAuth2 token endpoint.

use std::process::Output;

use doc2rust_tests::{Prism, nested_cargo};
use wiremock::matchers::{basic_auth, body_string, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PROJECT: &str = "6b4dd4a5-3f5e-4c2c-9a7e-b4a46b6e6f0a";

/// Runs `cargo run --example NAME` with the environment set to `vars` only, as far as the
/// example's own variables go, in a separate target folder.
async fn run_example(name: &str, vars: &[(&str, &str)]) -> Output {
    let mut command = nested_cargo(&["run", "--quiet", "-p", "doc2rust-tests", "--example", name]);
    for (key, _) in std::env::vars() {
        if key.starts_with("SINCH_") {
            command.env_remove(key);
        }
    }
    command.envs(vars.iter().copied());
    // Blocking: the mock servers of the caller keep answering on the runtime's other threads.
    tokio::task::spawn_blocking(move || command.output().unwrap_or_else(|error| panic!("cannot run cargo: {error}")))
        .await
        .expect("cargo finishes")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_message_creates_a_conversation_and_sends_a_text() {
    let prism = Prism::start("example-send-message");
    let tokens = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .and(basic_auth("example-key-id", "example-key-secret"))
        .and(body_string("grant_type=client_credentials"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"access_token": "example-token", "expires_in": 3600, "token_type": "bearer"}),
        ))
        .mount(&tokens)
        .await;
    let token_url = format!("{}/oauth2/token", tokens.uri());

    let output = run_example(
        "send_message",
        &[
            ("SINCH_PROJECT_ID", PROJECT),
            ("SINCH_KEY_ID", "example-key-id"),
            ("SINCH_KEY_SECRET", "example-key-secret"),
            ("SINCH_APP_ID", "01EB37HMH1M6SV18ASNS3G135H"),
            ("SINCH_CONTACT_ID", "01EXA07N79THJ20WSN6AS30TMW"),
            ("SINCH_BASE_URL", prism.base_url()),
            ("SINCH_TOKEN_URL", &token_url),
            // Prism and the token mock are plain http on 127.0.0.1.
            ("SINCH_ALLOW_INSECURE_HTTP", "1"),
        ],
    )
    .await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "the example failed ({}):\n{stdout}\n{stderr}", output.status);

    // What it printed: the client it built and what the mock API answered.
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert_eq!(lines[0], format!("client: {}", prism.base_url()));
    assert!(lines[1].starts_with("conversation: ") && !lines[1].contains('?'), "{stdout}");
    assert!(lines[2].starts_with("message: ") && lines[2].contains(" accepted at "), "{stdout}");
    assert!(lines[3].starts_with("conversations of the contact: ") && lines[3].len() > 30, "{stdout}");

    // What the mock API saw: the two calls, then the list's pages (Prism answers every page
    // with the same next token, which ends the stream at the second), in the project, valid
    // by the description.
    let exchanges = prism.exchanges();
    let calls: Vec<(&str, &str)> = exchanges.iter().map(|e| (e.method.as_str(), e.path.as_str())).collect();
    let conversations = format!("/v1/projects/{PROJECT}/conversations");
    assert_eq!(
        calls[..3],
        [
            ("POST", conversations.as_str()),
            ("POST", format!("/v1/projects/{PROJECT}/messages:send").as_str()),
            ("GET", conversations.as_str()),
        ]
    );
    assert!(calls[3..].iter().all(|call| *call == ("GET", conversations.as_str())) && calls.len() <= 4, "{calls:?}");
    let violations: Vec<&String> = exchanges.iter().flat_map(|e| &e.violations).collect();
    assert!(violations.is_empty(), "{violations:?}");
    // OAuth2 by default: one token for both calls.
    assert_eq!(tokens.received_requests().await.expect("recording is on").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn send_message_says_which_setting_is_missing() {
    let output = run_example("send_message", &[("SINCH_PROJECT_ID", PROJECT)]).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("set SINCH_KEY_ID"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_error_prints_the_message_and_a_short_debug() {
    let server = MockServer::start().await;
    let conversation = format!("/v1/projects/{PROJECT}/conversations/c1");
    let body =
        serde_json::json!({"error": {"code": 404, "message": "Conversation c1 not found", "status": "NOT_FOUND"}});
    Mock::given(method("GET"))
        .and(path(conversation.as_str()))
        .and(basic_auth("example-key-id", "example-key-secret"))
        .respond_with(ResponseTemplate::new(404).insert_header("x-request-id", "req-42").set_body_json(body))
        .mount(&server)
        .await;
    let output = run_example(
        "read_error",
        &[
            ("SINCH_PROJECT_ID", PROJECT),
            ("SINCH_KEY_ID", "example-key-id"),
            ("SINCH_KEY_SECRET", "example-key-secret"),
            ("SINCH_CONVERSATION_ID", "c1"),
            ("SINCH_BASE_URL", &server.uri()),
            ("SINCH_ALLOW_INSECURE_HTTP", "1"),
        ],
    )
    .await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    // The message and code the body documents, then `main`'s `Error: {:?}`: one line, no header.
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "404: Conversation c1 not found",
            &format!(
                "Error: Api(ApiError {{ status: 404 Not Found, request: GET {conversation}, \
                 message: \"Conversation c1 not found\", code: 404, .. }})"
            ),
        ],
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
}
