//! The SDK's generated command-line client (`--features cli`), run as a user would against a
//! local HTTP server: one call per HTTP method, flags to query and path, the body from an
//! argument and from stdin, credentials from the environment, JSON out, API errors out.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use doc2rust_tests::{nested_cargo, run_ok, scratch_dir, workspace_root};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Builds the CLI once (into the nested target folder) and returns its path.
fn cli() -> PathBuf {
    let manifest = workspace_root().join("generated").join("Cargo.toml");
    run_ok(nested_cargo(&[
        "build",
        "--quiet",
        "--manifest-path",
        manifest.to_str().unwrap(),
        "--features",
        "cli",
        "--bin",
        "sinch-conversation",
    ]));
    workspace_root().join("target").join("nested").join("debug").join("sinch-conversation")
}

fn stdout_json(output: &Output) -> serde_json::Value {
    assert!(output.status.success(), "CLI failed: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&output.stdout)))
}

#[tokio::test(flavor = "multi_thread")]
async fn one_call_per_http_method() {
    let binary = tokio::task::spawn_blocking(cli).await.unwrap();
    let server = MockServer::start().await;
    let conversation = serde_json::json!({"id": "c1", "app_id": "a1", "active": true, "active_channel": "SMS"});

    Mock::given(method("GET"))
        .and(path("/v1/projects/p1/conversations"))
        .and(query_param("page_size", "5"))
        .and(query_param("active_channel", "WHATSAPP"))
        // "key:secret" in Basic auth, from the environment.
        .and(header("authorization", "Basic a2V5OnNlY3JldA=="))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"conversations": [conversation], "next_page_token": ""})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/projects/p1/conversations"))
        .and(body_json(serde_json::json!({"app_id": "a1", "contact_id": "k1"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(&conversation))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(path("/v1/projects/p1/conversations/c%2F1"))
        .and(query_param("update_mask", "active"))
        .and(body_json(serde_json::json!({"active": false})))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "c/1", "active": false})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/projects/p1/conversations/12345"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/projects/p1/conversations/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            serde_json::json!({"error": {"code": 404, "message": "no such conversation", "status": "NOT_FOUND"}}),
        ))
        .expect(1)
        .mount(&server)
        .await;

    // Each run blocks on a child process: off the runtime that serves the mock.
    let go = |args: Vec<&'static str>, stdin: Option<&'static str>| {
        let (binary, uri) = (binary.clone(), server.uri());
        async move { tokio::task::spawn_blocking(move || run(&binary, &uri, &args, stdin)).await.unwrap() }
    };

    // GET with query flags; enum values as their wire text.
    let listed =
        stdout_json(&go(vec!["list-conversations", "--page-size", "5", "--active-channel", "WHATSAPP"], None).await);
    assert_eq!(listed["conversations"][0]["id"], "c1");
    assert_eq!(listed["conversations"][0]["active_channel"], "SMS");

    // POST with the body as an argument, then from stdin.
    let created =
        stdout_json(&go(vec!["create-conversation", "--body", r#"{"app_id": "a1", "contact_id": "k1"}"#], None).await);
    assert_eq!(created["id"], "c1");
    let from_stdin =
        stdout_json(&go(vec!["create-conversation"], Some(r#"{"app_id": "a1", "contact_id": "k1"}"#)).await);
    assert_eq!(from_stdin, created);

    // PATCH: a path parameter that needs encoding, a list flag, a body.
    let updated = stdout_json(
        &go(
            vec![
                "update-conversation",
                "--conversation-id",
                "c/1",
                "--update-mask",
                "active",
                "--body",
                r#"{"active": false}"#,
            ],
            None,
        )
        .await,
    );
    assert_eq!(updated["active"], false);

    // DELETE, with an ID that reads as a number: a text parameter is sent as typed.
    let deleted = go(vec!["delete-conversation", "--conversation-id", "12345"], None).await;
    assert!(deleted.status.success(), "{}", String::from_utf8_lossy(&deleted.stderr));

    // An API error: non-zero exit, the typed error body on stderr.
    let missing = go(vec!["get-conversation", "--conversation-id", "missing"], None).await;
    assert!(!missing.status.success());
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains("no such conversation") && stderr.contains("404"), "{stderr}");

    // A bad flag value is reported, not sent.
    let bad = go(vec!["list-conversations", "--page-size", "many"], None).await;
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--page-size"), "{}", String::from_utf8_lossy(&bad.stderr));

    server.verify().await;

    // Without the opt-in, the plain-http mock is refused before anything is sent.
    let refused = Command::new(&binary)
        .args(["get-conversation", "--conversation-id", "c1"])
        .env("SINCH_CONVERSATION_BASE_URL", server.uri())
        .env("SINCH_CONVERSATION_PROJECT_ID", "p1")
        .env_remove("SINCH_CONVERSATION_ALLOW_INSECURE_HTTP")
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("refusing plain http URL") && stderr.contains("allow_insecure_http"), "{stderr}");
}

/// Runs the CLI against `uri` with credentials and the project from the environment.
fn run(binary: &PathBuf, uri: &str, args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = Command::new(binary);
    command
        .args(args)
        .env("SINCH_CONVERSATION_BASE_URL", uri)
        // The mock server is plain http on 127.0.0.1.
        .env("SINCH_CONVERSATION_ALLOW_INSECURE_HTTP", "true")
        .env("SINCH_CONVERSATION_PROJECT_ID", "p1")
        .env("SINCH_CONVERSATION_KEY_ID", "key")
        .env("SINCH_CONVERSATION_KEY_SECRET", "secret")
        .env("SINCH_CONVERSATION_AUTH", "basic")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the CLI starts");
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

/// `verify` and `sign` check and make webhook signatures without calling the API (no base
/// URL, no credentials): Sinch's .NET SDK vector, as in `tests/webhooks.rs`.
#[test]
fn verify_and_sign_webhooks_offline() {
    const BODY: &str = r#"{"app_id":"","accepted_time":"2021-10-18T17:49:13.813615Z","project_id":"e2df3a34-a71b-4448-9db5-a8d2baad28e4","contact_create_notification":{"contact":{"id":"01FJA8B466Y0R2GNXD78MD9SM1","channel_identities":[{"channel":"SMS","identity":"48123456789","app_id":""}],"display_name":"New Test Contact","email":"new.contact@email.com","external_id":"","metadata":"","language":"EN_US"}},"message_metadata":""}"#;
    let binary = cli();
    let run = |args: &[&str], stdin: &str| {
        let mut command = Command::new(&binary);
        command
            .args(args)
            .env_remove("SINCH_CONVERSATION_BASE_URL")
            .env("SINCH_CONVERSATION_WEBHOOK_SECRET", "foo_secret1234")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("the CLI starts");
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let headers = [
        "-H",
        "x-sinch-webhook-signature: 6bpJoRmFoXVjfJIVglMoJzYXxnoxRujzR4k2GOXewOE=",
        "-H",
        "X-Sinch-Webhook-Signature-Nonce: 01FJA8B4A7BM43YGWSG9GBV067",
        "--header",
        "x-sinch-webhook-signature-timestamp:1634579353",
    ];
    let verify = |extra: &[&str], body: &str| run(&[&["verify"], &headers[..], extra].concat(), body);

    let report = stdout_json(&verify(&["--at", "1634579400"], BODY));
    assert_eq!(
        report,
        serde_json::json!({"valid": true, "algorithm": "HmacSHA256", "timestamp": 1634579353, "nonce": "01FJA8B4A7BM43YGWSG9GBV067"})
    );
    assert!(verify(&["--any-age"], BODY).status.success());
    let failures = [
        (verify(&[], BODY), "tolerance"),
        (verify(&["--any-age"], &BODY.replace("New", "Old")), "does not match"),
        (verify(&["--any-age", "-H", "x-sinch-webhook-signature-nonce"], BODY), "expected `name: value`"),
    ];
    for (output, expected) in failures {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success() && stderr.contains(expected), "{expected}: {stderr}");
        assert!(!stderr.contains("foo_secret1234"), "{stderr}");
    }

    // `sign` makes the same headers, the body from a file.
    let file = scratch_dir("cli-webhook-body").join("body.json");
    std::fs::write(&file, BODY).unwrap();
    let body = format!("@{}", file.display());
    let signed = run(&["sign", "--at", "1634579353", "--nonce", "01FJA8B4A7BM43YGWSG9GBV067", "--body", &body], "");
    assert!(signed.status.success(), "{}", String::from_utf8_lossy(&signed.stderr));
    let mut lines: Vec<String> = String::from_utf8(signed.stdout).unwrap().lines().map(str::to_owned).collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "x-sinch-webhook-signature-algorithm: HmacSHA256",
            "x-sinch-webhook-signature-nonce: 01FJA8B4A7BM43YGWSG9GBV067",
            "x-sinch-webhook-signature-timestamp: 1634579353",
            "x-sinch-webhook-signature: 6bpJoRmFoXVjfJIVglMoJzYXxnoxRujzR4k2GOXewOE=",
        ]
    );
}
