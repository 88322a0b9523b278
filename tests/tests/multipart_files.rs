//! File fields of a `multipart/form-data` body go on the wire as file parts: the SDK of
//! `fixtures/variants/multipart-files` (built by `build.rs` as a module) sends an upload to a
//! local server, which receives each file with its `filename`, its `Content-Type` and its
//! exact bytes, and the other fields as text or JSON parts.

#[allow(dead_code, unused_imports, reason = "one method and its types are used")]
mod multipart_files {
    include!(concat!(env!("OUT_DIR"), "/multipart_files.rs"));
}

use multipart_files::types::{CreateUploadRequest, Metadata};
use multipart_files::{Auth, Client, FilePart};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One part of a received form: its header lines and its content.
#[derive(Debug, PartialEq)]
struct Part {
    headers: Vec<String>,
    content: Vec<u8>,
}

/// The parts of a `multipart/form-data` body, read with the boundary its `Content-Type`
/// names (RFC 7578): each part starts after `--boundary` CRLF and ends before CRLF
/// `--boundary`; the last delimiter is followed by `--`.
fn parts(content_type: &str, body: &[u8]) -> Vec<Part> {
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not a form: {content_type}"));
    let delimiter = format!("--{boundary}").into_bytes();
    let find = |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).position(|w| w == needle);
    let mut rest = body.strip_prefix(delimiter.as_slice()).expect("the body starts with the delimiter");
    let mut parts = Vec::new();
    while let Some(after) = rest.strip_prefix(b"\r\n".as_slice()) {
        let close = [b"\r\n".as_slice(), &delimiter].concat();
        let end = find(after, &close).expect("every part is closed");
        let part = &after[..end];
        let split = find(part, b"\r\n\r\n").expect("headers end with an empty line");
        let headers = String::from_utf8(part[..split].to_vec()).expect("headers are text");
        parts.push(Part {
            headers: headers.split("\r\n").map(str::to_owned).collect(),
            content: part[split + 4..].to_vec(),
        });
        rest = &after[end + close.len()..];
    }
    assert_eq!(rest, b"--\r\n", "the body ends with the last delimiter");
    parts
}

fn headers(lines: &[&str]) -> Vec<String> {
    lines.iter().map(|line| (*line).to_owned()).collect()
}

#[tokio::test]
async fn files_go_as_file_parts_with_their_name_type_and_bytes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/uploads"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "u1"})))
        .mount(&server)
        .await;
    let client = Client::builder()
        .allow_insecure_http(true)
        .base_url(server.uri())
        .auth(Auth::bearer("token"))
        .build()
        .expect("client builds");

    // Bytes that are not UTF-8 and hold CR LF, as a real file may.
    let scan: Vec<u8> = (0..=255u8).rev().chain(*b"\r\n--end\r\n").collect();
    let body = CreateUploadRequest {
        attachments: Some(vec![
            FilePart::new("a,b\n1,2\n", "table.csv").with_content_type("text/csv"),
            FilePart::new(vec![0x89, b'P', b'N', b'G'], "logo.png").with_content_type("image/png"),
        ]),
        file_name: Some("scan.bin".to_owned()),
        metadata: Some(Metadata { source: Some("scanner \"A\"".to_owned()) }),
        ..CreateUploadRequest::new("Q3 report".to_owned(), FilePart::new(scan.clone(), "scan.bin"))
    };
    let created = client.create_upload(&body).await.expect("uploaded");
    assert_eq!(created.id.as_deref(), Some("u1"));

    let requests = server.received_requests().await.expect("requests are recorded");
    assert_eq!(requests.len(), 1);
    let content_type = requests[0].headers.get("content-type").and_then(|v| v.to_str().ok()).expect("a Content-Type");
    assert_eq!(
        parts(content_type, &requests[0].body),
        [
            Part {
                headers: headers(&["Content-Disposition: form-data; name=\"title\""]),
                content: b"Q3 report".to_vec()
            },
            Part {
                headers: headers(&[
                    "Content-Disposition: form-data; name=\"file\"; filename=\"scan.bin\"",
                    // No type given: nothing is guessed from the name.
                    "Content-Type: application/octet-stream",
                ]),
                content: scan,
            },
            Part {
                headers: headers(&[
                    "Content-Disposition: form-data; name=\"attachments\"; filename=\"table.csv\"",
                    "Content-Type: text/csv",
                ]),
                content: b"a,b\n1,2\n".to_vec(),
            },
            Part {
                headers: headers(&[
                    "Content-Disposition: form-data; name=\"attachments\"; filename=\"logo.png\"",
                    "Content-Type: image/png",
                ]),
                content: vec![0x89, b'P', b'N', b'G'],
            },
            // `preview` is `None`: no part. `fileName` is text, though its value names a file.
            Part {
                headers: headers(&["Content-Disposition: form-data; name=\"fileName\""]),
                content: b"scan.bin".to_vec()
            },
            Part {
                headers: headers(&[
                    "Content-Disposition: form-data; name=\"metadata\"",
                    "Content-Type: application/json"
                ]),
                content: br#"{"source":"scanner \"A\""}"#.to_vec(),
            },
        ]
    );
}

#[test]
fn the_sample_of_a_file_round_trips_through_file_part() {
    // The payload the round-trip tests build for a file field (`doc2rust::samples`) decodes
    // into the runtime's `FilePart` and encodes back unchanged.
    let loaded = doc2rust::Config::new(doc2rust_tests::fixtures().join("variants/multipart-files"))
        .load()
        .expect("the fixture loads");
    let sample = doc2rust::__private::sample(&loaded.space, &doc2rust::__private::Ty::File);
    let file: FilePart = serde_json::from_value(sample.clone()).expect("a file part");
    assert_eq!(
        (file.file_name(), file.content_type(), &file.bytes()[..]),
        ("sample.txt", "text/plain", &b"sample text"[..])
    );
    assert_eq!(serde_json::to_value(&file).expect("encodes"), sample);
}
