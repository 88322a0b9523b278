//! The SDK's generated command-line client (`--features cli`), run as a user or a script
//! would against a local HTTP server: one call per HTTP method, flags to query and path, the
//! body from an argument and from stdin, credentials from the environment, JSON out; the
//! client's own options (headers, token URL, retries, timeout); an exit code per kind of
//! failure and failures as JSON; help; the `webhook` tools.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use doc2rust_tests::{free_port, nested_cargo, run_ok, scratch_dir, workspace_root};
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

    // An API error: exit code 1, the error body on stderr, labelled as decoded.
    let missing = go(vec!["get-conversation", "--conversation-id", "missing"], None).await;
    assert_eq!(missing.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains("no such conversation") && stderr.contains("404"), "{stderr}");
    assert!(stderr.contains("error body (typed: "), "{stderr}");

    // A bad flag value is reported, not sent: a usage error.
    let bad = go(vec!["list-conversations", "--page-size", "many"], None).await;
    assert_eq!(bad.status.code(), Some(2));
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
    assert_eq!(refused.status.code(), Some(2), "a setting that cannot work is a usage error");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("refusing plain http URL") && stderr.contains("allow_insecure_http"), "{stderr}");
}

/// Runs the CLI against `uri` with credentials and the project from the environment.
fn run(binary: &PathBuf, uri: &str, args: &[&str], stdin: Option<&str>) -> Output {
    run_with(binary, uri, args, stdin, &[])
}

/// [`run`] with more environment variables (which win over the defaults).
fn run_with(binary: &PathBuf, uri: &str, args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
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
        .env_remove("SINCH_CONVERSATION_ERROR_FORMAT")
        .envs(env.iter().copied())
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

/// The one JSON object `--error-format json` writes on stderr.
fn stderr_json(output: &Output) -> serde_json::Value {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    serde_json::from_str(stderr.trim()).unwrap_or_else(|e| panic!("not JSON ({e}): {stderr}"))
}

/// The client's own options reach the server: `--header` (repeatable), `--token-url` with
/// OAuth2, `--max-attempts` (a 502 on a GET is retried by default), `--timeout`.
#[tokio::test(flavor = "multi_thread")]
async fn the_clients_own_options_reach_the_server() {
    let binary = tokio::task::spawn_blocking(cli).await.unwrap();
    let server = MockServer::start().await;
    let apps = serde_json::json!({"apps": []});
    Mock::given(method("POST"))
        .and(path("/auth/token"))
        .and(header("x-trace", "t-1"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                serde_json::json!({"access_token": "tok-1", "expires_in": 3600, "token_type": "bearer"}),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/projects/p1/apps"))
        .and(header("x-trace", "t-1"))
        .and(header("x-tenant", "blue"))
        .and(header("authorization", "Bearer tok-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&apps))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/projects/p1/conversations/flaky"))
        .respond_with(ResponseTemplate::new(502).set_body_string("upstream down"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/projects/p1/conversations/slow"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&apps).set_delay(std::time::Duration::from_secs(5)))
        .mount(&server)
        .await;
    let go = |args: Vec<String>, env: Vec<(&'static str, &'static str)>| {
        let (binary, uri) = (binary.clone(), server.uri());
        async move {
            tokio::task::spawn_blocking(move || {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                run_with(&binary, &uri, &args, None, &env)
            })
            .await
            .unwrap()
        }
    };
    let args = |items: &[&str]| items.iter().map(|item| item.to_string()).collect::<Vec<_>>();

    let token_url = format!("{}/auth/token", server.uri());
    let listed = go(
        [args(&["-H", "X-Trace: t-1", "--header", "x-tenant:blue", "--token-url", &token_url]), args(&["list-apps"])]
            .concat(),
        vec![("SINCH_CONVERSATION_AUTH", "oauth2")],
    )
    .await;
    assert_eq!(stdout_json(&listed), apps);

    // One attempt only: the mock answers 502 once and counts the calls.
    let flaky = go(args(&["--max-attempts", "1", "get-conversation", "--conversation-id", "flaky"]), vec![]).await;
    assert_eq!(flaky.status.code(), Some(1), "{}", String::from_utf8_lossy(&flaky.stderr));

    // A time limit far below the server's delay: no answer, exit code 3.
    let started = std::time::Instant::now();
    let slow =
        go(args(&["--timeout", "0.3", "--max-attempts", "1", "get-conversation", "--conversation-id", "slow"]), vec![])
            .await;
    assert_eq!(slow.status.code(), Some(3), "{}", String::from_utf8_lossy(&slow.stderr));
    assert!(started.elapsed() < std::time::Duration::from_secs(4), "the timeout cut the call short");
    assert!(String::from_utf8_lossy(&slow.stderr).contains("timed out"), "{}", String::from_utf8_lossy(&slow.stderr));

    server.verify().await;
}

/// Each kind of failure has its exit code (1 API, 2 usage, 3 transport, 4 decode), and
/// `--error-format json` (or its variable) writes one JSON object a script reads back:
/// a typed body apart from a raw one.
#[tokio::test(flavor = "multi_thread")]
async fn failures_exit_by_kind_and_read_back_as_json() {
    let binary = tokio::task::spawn_blocking(cli).await.unwrap();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/projects/p1/conversations/missing"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            serde_json::json!({"error": {"code": 404, "message": "no such conversation", "status": "NOT_FOUND"}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/projects/p1/conversations/garbled"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>not json</html>"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/auth/token"))
        .respond_with(ResponseTemplate::new(401).set_body_string("unknown key"))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/projects/p1/conversations/busy"))
        .respond_with(ResponseTemplate::new(409).set_body_string("locked <b>elsewhere</b>"))
        .mount(&server)
        .await;
    let go = |uri: String, args: Vec<&'static str>, env: Vec<(&'static str, String)>| {
        let binary = binary.clone();
        async move {
            tokio::task::spawn_blocking(move || {
                let env: Vec<(&str, &str)> = env.iter().map(|(name, value)| (*name, value.as_str())).collect();
                run_with(&binary, &uri, &args, None, &env)
            })
            .await
            .unwrap()
        }
    };
    let json = vec![("SINCH_CONVERSATION_ERROR_FORMAT", "json".to_owned())];

    // 1: the API's error status; the body decoded as documented.
    let missing =
        go(server.uri(), vec!["--error-format", "json", "get-conversation", "--conversation-id", "missing"], vec![])
            .await;
    assert_eq!(missing.status.code(), Some(1));
    let report = stderr_json(&missing);
    assert_eq!(report["kind"], "api");
    assert_eq!(report["exit_code"], 1);
    assert_eq!(report["status"], 404);
    assert_eq!(report["body_format"], "typed");
    assert!(report["body_type"].is_string(), "{report}");
    assert_eq!(report["body"]["error"]["message"], "no such conversation");
    assert!(report["message"].as_str().unwrap().contains("no such conversation"), "{report}");

    // 1 again, a body that is not the documented one: raw text, told apart by `body_format`,
    // in text mode by its label.
    let busy = go(server.uri(), vec!["delete-conversation", "--conversation-id", "busy"], json.clone()).await;
    assert_eq!(busy.status.code(), Some(1));
    let report = stderr_json(&busy);
    assert_eq!((&report["status"], &report["body_format"]), (&serde_json::json!(409), &serde_json::json!("raw")));
    assert_eq!(report["body"], "locked <b>elsewhere</b>");
    assert!(report["body_type"].is_null());
    let busy = go(server.uri(), vec!["delete-conversation", "--conversation-id", "busy"], vec![]).await;
    let stderr = String::from_utf8_lossy(&busy.stderr);
    assert!(stderr.starts_with("error: ") && stderr.contains("error body (raw"), "{stderr}");
    assert!(!stderr.contains("(typed"), "{stderr}");

    // 2: usage errors, from clap and from the client's own checks, JSON too.
    let unknown = go(server.uri(), vec!["list-conversations", "--no-such-flag"], json.clone()).await;
    assert_eq!(unknown.status.code(), Some(2));
    let report = stderr_json(&unknown);
    assert_eq!((&report["kind"], &report["exit_code"]), (&serde_json::json!("usage"), &serde_json::json!(2)));
    assert!(report["message"].as_str().unwrap().contains("--no-such-flag"), "{report}");
    let misplaced = go(server.uri(), vec!["list-apps", "--project-id", "p2"], vec![]).await;
    assert_eq!(misplaced.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&misplaced.stderr);
    assert!(stderr.contains("give it before the subcommand"), "{stderr}");
    let bad_value = go(server.uri(), vec!["list-conversations", "--page-size", "many"], json.clone()).await;
    assert_eq!(stderr_json(&bad_value)["kind"], "usage");
    assert_eq!(bad_value.status.code(), Some(2));

    // 1 too: the token endpoint's error status, kind `auth`.
    // The token URL from its variable this time.
    let oauth2 = vec![
        ("SINCH_CONVERSATION_AUTH", "oauth2".to_owned()),
        ("SINCH_CONVERSATION_TOKEN_URL", format!("{}/auth/token", server.uri())),
    ];
    let unauthorized = go(server.uri(), vec!["list-apps"], [json.clone(), oauth2].concat()).await;
    assert_eq!(unauthorized.status.code(), Some(1), "{}", String::from_utf8_lossy(&unauthorized.stderr));
    let report = stderr_json(&unauthorized);
    assert_eq!((&report["kind"], &report["status"]), (&serde_json::json!("auth"), &serde_json::json!(401)));
    assert_eq!(
        (&report["body_format"], &report["body"]),
        (&serde_json::json!("raw"), &serde_json::json!("unknown key"))
    );

    // 4: a 2xx answer that does not decode; its body kept raw.
    let garbled = go(server.uri(), vec!["get-conversation", "--conversation-id", "garbled"], json.clone()).await;
    assert_eq!(garbled.status.code(), Some(4));
    let report = stderr_json(&garbled);
    assert_eq!((&report["kind"], &report["status"]), (&serde_json::json!("decode"), &serde_json::json!(200)));
    assert_eq!(report["body"], "<html>not json</html>");

    // 3: a closed port on 127.0.0.1, nothing retried for long.
    let closed = format!("http://127.0.0.1:{}", free_port());
    let refused = go(closed, vec!["--max-attempts", "1", "list-apps"], json.clone()).await;
    assert_eq!(refused.status.code(), Some(3), "{}", String::from_utf8_lossy(&refused.stderr));
    let report = stderr_json(&refused);
    assert_eq!(report["kind"], "transport");
    assert!(report["status"].is_null() && report["body"].is_null(), "{report}");
    assert_eq!(report["body_format"], "none");
}

/// A subcommand's help lists its endpoint's flags, not the client's options; says which flags
/// repeat and which values an enum flag knows. An enum value the help does not list is still
/// sent (the enums are open). The top-level help has the options and the exit codes.
#[tokio::test(flavor = "multi_thread")]
async fn help_shows_a_commands_own_flags_lists_and_enum_values() {
    let binary = tokio::task::spawn_blocking(cli).await.unwrap();
    let help = |args: &[&str]| {
        let output = Command::new(&binary).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    let list = help(&["list-conversations", "--help"]);
    for global in
        ["--base-url", "--key-id", "--header", "--token-url", "--max-attempts", "--error-format", "--project-id"]
    {
        assert!(!list.contains(global), "{global} in: {list}");
    }
    assert!(list.contains("--page-size") && list.contains("--active-channel"), "{list}");
    let channel = list.lines().skip_while(|line| !line.contains("--active-channel")).take(3).collect::<String>();
    assert!(
        channel.contains("possible values: ") && channel.contains("WHATSAPP") && channel.contains("SMS"),
        "{channel}"
    );
    assert!(channel.contains("a value not listed is sent as given"), "{channel}");
    let update = help(&["update-conversation", "--help"]);
    let mask = update.lines().skip_while(|line| !line.contains("--update-mask")).take(2).collect::<String>();
    assert!(mask.contains("repeatable"), "{mask}");

    let top = help(&["--help"]);
    for global in ["--base-url", "--header", "--token-url", "--max-attempts", "--timeout", "--error-format"] {
        assert!(top.contains(global), "{global} missing: {top}");
    }
    assert!(top.contains("Exit codes:") && top.contains("3  transport"), "{top}");

    // A channel the help does not list reaches the server as typed.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/projects/p1/conversations"))
        .and(query_param("active_channel", "CARRIER_PIGEON"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"conversations": []})))
        .expect(1)
        .mount(&server)
        .await;
    let uri = server.uri();
    let output = tokio::task::spawn_blocking(move || {
        run(&binary, &uri, &["list-conversations", "--active-channel", "CARRIER_PIGEON"], None)
    })
    .await
    .unwrap();
    assert_eq!(stdout_json(&output)["conversations"], serde_json::json!([]));
    server.verify().await;
}

/// `webhook verify` and `webhook sign` check and make webhook signatures without calling the
/// API (no base URL, no credentials): Sinch's .NET SDK vector, as in `tests/webhooks.rs`.
/// Valid exits 0, not valid 1 (tampered, stale), a malformed flag 2.
#[test]
fn verify_and_sign_webhooks_offline() {
    let binary = cli();
    let run = |args: &[&str], stdin: &str| offline(&binary, args, stdin);
    let headers = [
        "-H",
        "x-sinch-webhook-signature: 6bpJoRmFoXVjfJIVglMoJzYXxnoxRujzR4k2GOXewOE=",
        "-H",
        "X-Sinch-Webhook-Signature-Nonce: 01FJA8B4A7BM43YGWSG9GBV067",
        "--header",
        "x-sinch-webhook-signature-timestamp:1634579353",
    ];
    let verify = |extra: &[&str], body: &str| run(&[&["webhook", "verify"], &headers[..], extra].concat(), body);

    let valid = verify(&["--at", "1634579400"], SINCH_BODY);
    assert_eq!(valid.status.code(), Some(0));
    let report = stdout_json(&valid);
    assert_eq!(
        report,
        serde_json::json!({"valid": true, "algorithm": "HmacSHA256", "timestamp": 1634579353, "nonce": "01FJA8B4A7BM43YGWSG9GBV067"})
    );
    assert!(verify(&["--any-age"], SINCH_BODY).status.success());
    // The scheme's headers as flags of their own.
    let flags = [
        "--signature",
        "6bpJoRmFoXVjfJIVglMoJzYXxnoxRujzR4k2GOXewOE=",
        "--nonce",
        "01FJA8B4A7BM43YGWSG9GBV067",
        "--timestamp",
        "1634579353",
        "--any-age",
    ];
    assert_eq!(run(&[&["webhook", "verify"], &flags[..]].concat(), SINCH_BODY).status.code(), Some(0));
    let tampered = run(&[&["webhook", "verify"], &flags[..]].concat(), &SINCH_BODY.replace("New", "Old"));
    assert_eq!(tampered.status.code(), Some(1));
    let failures = [
        (verify(&[], SINCH_BODY), 1, "tolerance"),
        (verify(&["--any-age"], &SINCH_BODY.replace("New", "Old")), 1, "does not match"),
        (verify(&["--any-age", "-H", "x-sinch-webhook-signature-nonce"], SINCH_BODY), 2, "expected `name: value`"),
    ];
    for (output, code, expected) in failures {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.code() == Some(code) && stderr.contains(expected), "{code} {expected}: {stderr}");
        assert!(!stderr.contains("foo_secret1234"), "{stderr}");
    }
    // Not valid, as JSON for a script.
    let tampered = run(
        &[&["--error-format", "json", "webhook", "verify", "--any-age"], &headers[..]].concat(),
        &SINCH_BODY.replace("New", "Old"),
    );
    assert_eq!(tampered.status.code(), Some(1));
    let report = stderr_json(&tampered);
    assert_eq!(
        (&report["kind"], &report["exit_code"]),
        (&serde_json::json!("invalid_signature"), &serde_json::json!(1))
    );

    // `sign` makes the same headers, the body from a file.
    let file = scratch_dir("cli-webhook-body").join("body.json");
    std::fs::write(&file, SINCH_BODY).unwrap();
    let body = format!("@{}", file.display());
    let signed =
        run(&["webhook", "sign", "--at", "1634579353", "--nonce", "01FJA8B4A7BM43YGWSG9GBV067", "--body", &body], "");
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

/// `webhook parse-event` names the event and prints it as JSON: a documented one typed, an
/// event the pages do not know as received (exit 0, it is not an error); a body that is not
/// JSON exits 4.
#[test]
fn parse_event_names_known_and_unknown_events() {
    let binary = cli();
    let known = offline(&binary, &["webhook", "parse-event"], SINCH_BODY);
    assert_eq!(known.status.code(), Some(0), "{}", String::from_utf8_lossy(&known.stderr));
    let text = String::from_utf8(known.stdout).unwrap();
    let (name, json) = text.split_once('\n').unwrap();
    assert!(name.starts_with("Contact"), "{name}");
    let json: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(json["contact_create_notification"]["contact"]["display_name"], "New Test Contact");

    let unknown_body = r#"{"app_id":"a1","carrier_pigeon_notification":{"coo":true}}"#;
    let unknown = offline(&binary, &["webhook", "parse-event", "--body", unknown_body], "");
    assert_eq!(unknown.status.code(), Some(0), "{}", String::from_utf8_lossy(&unknown.stderr));
    let text = String::from_utf8(unknown.stdout).unwrap();
    let (name, json) = text.split_once('\n').unwrap();
    assert_eq!(name, "Unknown");
    let expected: serde_json::Value = serde_json::from_str(unknown_body).unwrap();
    assert_eq!(serde_json::from_str::<serde_json::Value>(json).unwrap(), expected);

    let not_json = offline(&binary, &["--error-format", "json", "webhook", "parse-event"], "coo coo");
    assert_eq!(not_json.status.code(), Some(4));
    assert_eq!(stderr_json(&not_json)["kind"], "decode");
}

/// The callback body of Sinch's .NET SDK signature vector.
const SINCH_BODY: &str = r#"{"app_id":"","accepted_time":"2021-10-18T17:49:13.813615Z","project_id":"e2df3a34-a71b-4448-9db5-a8d2baad28e4","contact_create_notification":{"contact":{"id":"01FJA8B466Y0R2GNXD78MD9SM1","channel_identities":[{"channel":"SMS","identity":"48123456789","app_id":""}],"display_name":"New Test Contact","email":"new.contact@email.com","external_id":"","metadata":"","language":"EN_US"}},"message_metadata":""}"#;

/// Runs a `webhook` tool: no base URL, no credentials, the secret from the environment.
fn offline(binary: &PathBuf, args: &[&str], stdin: &str) -> Output {
    let mut command = Command::new(binary);
    command
        .args(args)
        .env_remove("SINCH_CONVERSATION_BASE_URL")
        .env_remove("SINCH_CONVERSATION_ERROR_FORMAT")
        .env("SINCH_CONVERSATION_WEBHOOK_SECRET", "foo_secret1234")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the CLI starts");
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}
