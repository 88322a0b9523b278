//! What a server, a region string or a URL cannot do to a client: send it bodies larger than
//! its limits (they are not read past them), receive credentials over plain http unless the
//! user allows it, move credentials to another host through a region, or write control and
//! bidirectional-text characters to a terminal through an error message.

use std::time::{Duration, Instant};

use sinch_conversation::{Auth, BuildError, Client, Error, Region};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

/// An HTTP server on 127.0.0.1 that answers every request with `head`, then writes 64 KiB
/// chunks of JSON-ish bytes until the client hangs up or `max` bytes are written. Returns
/// its base URL and the number of body bytes it managed to write.
async fn endless_server(head: &'static str, max: usize) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let written = Arc::new(AtomicUsize::new(0));
    let counter = written.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = counter.clone();
            tokio::spawn(async move {
                // The request head (no body: GET).
                let mut request = Vec::new();
                let mut buffer = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = vec![b' '; 64 * 1024];
                let framed = [format!("{:x}\r\n", chunk.len()).into_bytes(), chunk, b"\r\n".to_vec()].concat();
                while counter.load(Ordering::SeqCst) < max {
                    if socket.write_all(&framed).await.is_err() {
                        return;
                    }
                    counter.fetch_add(64 * 1024, Ordering::SeqCst);
                }
            });
        }
    });
    (format!("http://{address}"), written)
}

/// An HTTP server on 127.0.0.1 that answers every request with `head`, then with each of
/// `pieces` as a chunk of its own, a pause between them so that each arrives by itself.
async fn pieces_server(head: &'static str, pieces: &'static [&'static str]) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0u8; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let _ = socket.write_all(head.as_bytes()).await;
                for piece in pieces {
                    let _ = socket.write_all(format!("{:x}\r\n{piece}\r\n", piece.len()).as_bytes()).await;
                    let _ = socket.flush().await;
                    tokio::time::sleep(Duration::from_millis(30)).await;
                }
                let _ = socket.write_all(b"0\r\n\r\n").await;
            });
        }
    });
    format!("http://{address}")
}

const CHUNKED_200: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
const CHUNKED_500: &str = "HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\n\
                           transfer-encoding: chunked\r\n\r\n";

fn local_client(base_url: &str) -> ClientBuilder {
    Client::builder().allow_insecure_http(true).base_url(base_url).project_id("p1").retry_policy(RetryPolicy::none())
}

#[tokio::test]
async fn an_endless_success_body_stops_at_the_limit() {
    let (base_url, written) = endless_server(CHUNKED_200, 1 << 30).await;
    let client = local_client(&base_url).max_response_bytes(1 << 20).build().expect("builds");
    let started = Instant::now();
    let error = client.get_conversation("c1").await.expect_err("too large");
    let Error::BodyTooLarge(too_large) = &error else { panic!("expected BodyTooLarge, got {error:?}") };
    assert_eq!((too_large.status.as_u16(), too_large.limit), (200, 1 << 20));
    assert_eq!(error.status().map(|s| s.as_u16()), Some(200));
    assert!(!error.is_retryable());
    assert!(error.to_string().contains("larger than the client's limit of 1048576 bytes"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
    // The server could write no more than the limit and what the sockets buffer.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(written.load(Ordering::SeqCst) < 64 << 20, "{} bytes went out", written.load(Ordering::SeqCst));
}

#[tokio::test]
async fn the_default_success_limit_is_32_mib_and_an_announced_length_is_not_read() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buffer = [0u8; 4096];
                let _ = socket.read(&mut buffer).await;
                // 33 MiB announced, nothing sent: only a client that reads would wait.
                let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n\r\n", 33 << 20);
                let _ = socket.write_all(head.as_bytes()).await;
                tokio::time::sleep(Duration::from_secs(60)).await;
            });
        }
    });
    let client = local_client(&format!("http://{address}")).timeout(Duration::from_secs(30)).build().expect("builds");
    let error = client.get_conversation("c1").await.expect_err("too large");
    let Error::BodyTooLarge(too_large) = &error else { panic!("expected BodyTooLarge, got {error:?}") };
    assert_eq!(too_large.limit, 32 << 20);
}

#[tokio::test]
async fn a_success_body_within_the_limit_is_read() {
    let server = MockServer::start().await;
    let body = serde_json::json!({"id": "c1", "metadata": "x".repeat(2000)});
    Mock::given(method("GET"))
        .and(path(conversation_path("c1")))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let exact = serde_json::to_vec(&body).unwrap().len();
    let fits = builder(&server, Auth::None).max_response_bytes(exact).build().expect("builds");
    assert_eq!(fits.get_conversation("c1").await.expect("fits exactly").id.as_deref(), Some("c1"));
    let short = builder(&server, Auth::None).max_response_bytes(exact - 1).build().expect("builds");
    assert!(matches!(short.get_conversation("c1").await, Err(Error::BodyTooLarge(_))));
}

#[tokio::test]
async fn a_body_that_arrives_in_pieces_is_read_whole_up_to_the_limit() {
    const PIECES: &[&str] = &[r#"{"id":"c1","#, r#""app_id":"#, r#""in three pieces"}"#];
    let base_url = pieces_server(CHUNKED_200, PIECES).await;
    let conversation = local_client(&base_url).build().expect("builds").get_conversation("c1").await.expect("read");
    assert_eq!(conversation.id.as_deref(), Some("c1"));
    assert_eq!(conversation.app_id.as_deref(), Some("in three pieces"));
    // The limit falls inside the second piece: what came before it is kept, nothing after.
    let base_url = pieces_server(CHUNKED_500, PIECES).await;
    let client = local_client(&base_url).max_error_body_bytes(14).build().expect("builds");
    let error = client.get_conversation("c1").await.expect_err("500");
    assert_eq!(error.raw_body(), Some(&br#"{"id":"c1","ap"#[..]));
    assert!(error.api().is_some_and(|api| api.truncated));
}

#[tokio::test]
async fn an_oversized_error_body_keeps_a_bounded_prefix() {
    let (base_url, written) = endless_server(CHUNKED_500, 512 << 20).await;
    let client = local_client(&base_url).build().expect("builds");
    let error = client.get_conversation("c1").await.expect_err("500");
    let api = error.api().expect("an API error");
    assert_eq!(api.status.as_u16(), 500);
    assert!(api.truncated);
    assert_eq!(api.raw.len(), 64 * 1024, "the default prefix");
    assert!(api.body.is_none());
    assert!(error.to_string().starts_with("API returned HTTP 500 Internal Server Error (body cut at 65536 bytes)"));
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(written.load(Ordering::SeqCst) < 64 << 20, "{} bytes went out", written.load(Ordering::SeqCst));

    // Configurable; and a body within the limit is whole and not marked.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(conversation_path("c1")))
        .respond_with(ResponseTemplate::new(404).set_body_string("0123456789abcdef"))
        .mount(&server)
        .await;
    let short = builder(&server, Auth::None).max_error_body_bytes(10).build().expect("builds");
    let error = short.get_conversation("c1").await.expect_err("404");
    assert_eq!(error.raw_body(), Some(&b"0123456789"[..]));
    assert!(error.api().is_some_and(|api| api.truncated));
    let whole = client_for(&server).get_conversation("c1").await.expect_err("404");
    assert_eq!(whole.raw_body(), Some(&b"0123456789abcdef"[..]));
    assert!(whole.api().is_some_and(|api| !api.truncated));
}

fn client_for(server: &MockServer) -> Client {
    client(server, Auth::None)
}

#[tokio::test]
async fn the_token_endpoints_answer_is_capped_hard() {
    let server = MockServer::start().await;
    // A "token" of 1 MiB: refused without being kept.
    let huge = serde_json::json!({"access_token": "t".repeat(1 << 20), "expires_in": 3600});
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(huge))
        .mount(&server)
        .await;
    let error = oauth2_client(&server).get_conversation("c1").await.expect_err("no usable token");
    let Error::Auth(auth) = &error else { panic!("expected an auth error, got {error:?}") };
    assert!(auth.to_string().contains("larger than 65536 bytes"), "{auth}");
    assert!(auth.raw().is_empty());

    // An error answer keeps its first 64 KiB.
    server.reset().await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_string("e".repeat(1 << 20)))
        .mount(&server)
        .await;
    let error = oauth2_client(&server).get_conversation("c1").await.expect_err("token refused");
    let Error::Auth(auth) = &error else { panic!("expected an auth error, got {error:?}") };
    assert_eq!(auth.raw().len(), 64 * 1024);
}

#[test]
fn plain_http_is_refused_unless_allowed() {
    let build = |builder: ClientBuilder| builder.project_id("p1").build();
    for url in ["http://127.0.0.1:8080", "HTTP://api.example.com/v1"] {
        let error = build(Client::builder().base_url(url)).expect_err(url);
        assert!(matches!(&error, BuildError::InsecureUrl { url: given } if given == url), "{error:?}");
        assert!(error.to_string().contains("allow_insecure_http(true)"), "{error}");
        assert!(build(Client::builder().base_url(url).allow_insecure_http(true)).is_ok(), "{url}");
    }
    // The token endpoint too, whatever the API's URL.
    let oauth = || Client::builder().auth(Auth::oauth2("id", "secret"));
    let error = build(oauth().token_url("http://auth.example.com/token")).expect_err("http token URL");
    assert!(matches!(error, BuildError::InsecureUrl { .. }), "{error:?}");
    assert!(build(oauth().token_url("http://auth.example.com/token").allow_insecure_http(true)).is_ok());
    assert!(build(oauth().token_url("https://auth.example.com/token")).is_ok());
}

#[test]
fn regions_are_host_labels() {
    let build = |region: &str| Client::builder().project_id("p1").region(region).build();
    for good in ["us", "eu", "br", "apac", "us-east-1", "a", &"a".repeat(63)] {
        let client = build(good).unwrap_or_else(|error| panic!("{good}: {error}"));
        assert_eq!(client.base_url(), format!("https://{good}.conversation.api.sinch.com"));
    }
    let port = "127.0.0.1:8080/r";
    for bad in [port, "evil.example.com/x?", "", "-us", "us-", "EU", "us east", "us\u{1b}", &"a".repeat(64), "é"] {
        let error = build(bad).expect_err(bad);
        assert!(matches!(&error, BuildError::InvalidRegion(region) if region == bad), "{bad}: {error:?}");
        assert!(!error.to_string().contains('\u{1b}'), "{error}");
    }
    // Checked even when a base URL is given, so a mistake shows at once.
    let error = Client::builder().project_id("p1").region(Region::new(port)).base_url("https://x.example").build();
    assert!(matches!(error, Err(BuildError::InvalidRegion(_))));
}

#[tokio::test]
async fn error_messages_escape_what_the_server_sent() {
    let hostile = "boom \u{1b}[2J\u{1b}]0;pwned\u{7}\r\nfake: line \u{202e}txt.exe\u{2066} \u{0}end";
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(conversation_path("c1")))
        .respond_with(ResponseTemplate::new(500).set_body_string(hostile))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(TOKEN_PATH))
        .respond_with(ResponseTemplate::new(401).set_body_string(hostile))
        .mount(&server)
        .await;
    let api = client(&server, Auth::None).get_conversation("c1").await.expect_err("500");
    let auth = oauth2_client(&server).get_conversation("c1").await.expect_err("401 at the token endpoint");
    for error in [&api, &auth] {
        let shown = error.to_string();
        let acting = shown.chars().find(|&c| {
            c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
        });
        assert_eq!(acting, None, "{shown:?}");
        assert!(
            shown.ends_with(
                ": boom \\u{1b}[2J\\u{1b}]0;pwned\\u{7}\\r\\nfake: line \\u{202e}txt.exe\\u{2066} \\u{0}end"
            ),
            "{shown}"
        );
    }
    // The raw body is kept exactly as sent.
    assert_eq!(api.raw_body(), Some(hostile.as_bytes()));
}

/// The crate's default TLS (`rustls`) works out of the box: a client built with no HTTP
/// client of its own speaks TLS to an `https` URL, so a server answering in plain text is a
/// TLS error from rustls, not a plain request.
#[tokio::test]
async fn the_default_tls_speaks_tls_to_https_urls() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let port = listener.local_addr().expect("an address").port();
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("a connection");
        let mut hello = [0u8; 5];
        socket.read_exact(&mut hello).await.expect("a first record");
        socket.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}").await.ok();
        hello
    });
    let client = Client::builder()
        .base_url(format!("https://127.0.0.1:{port}"))
        .project_id("p1")
        .auth(Auth::bearer("token"))
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("a client with the default TLS");
    let error = client.get_conversation("c1").await.expect_err("no TLS server");
    // 0x16: a TLS handshake record, the client hello.
    assert_eq!(server.await.expect("the server ran")[0], 0x16);
    let mut chain = String::new();
    let mut source: Option<&dyn std::error::Error> = Some(&error);
    while let Some(error) = source {
        chain.push_str(&format!("{error}; "));
        source = error.source();
    }
    assert!(chain.contains("corrupt message"), "a rustls error: {chain}");
}
