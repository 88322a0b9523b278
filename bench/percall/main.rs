//! What one call through doc2rust's client costs on top of a hand-written reqwest call that
//! sends the same request and decodes the same answer into the same type: requests per
//! second and heap allocations per call, for a small GET and a POST with a nested body.
//!
//! `percall serve` answers both requests on 127.0.0.1 (an ephemeral port, printed on the
//! first line of stdout) from its own process, so that the server's work is not counted;
//! `percall measure <port> <calls> <rounds>` makes the calls, the four kinds taking turns
//! every 50 calls, and prints one JSON object per kind and round. Built and run by
//! `bench/run` against doc2rust's crate for the 2021 API.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use conversation_2021::{Auth, Client, types};

/// Counts allocations (and reallocations) of the whole process.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: the caller upholds `alloc`'s contract, which we pass on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` through this allocator.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: as for `dealloc`, with the caller's new size.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

const TOKEN: &str = "a-bearer-token";
const PROJECT: &str = "project";
const CONTACT: &str = r#"{"id":"01H8Z3","display_name":"Ada Lovelace","email":"ada@example.com","language":"EN_US","metadata":"vip","channel_identities":[{"channel":"SMS","identity":"+15550100"},{"channel":"WHATSAPP","identity":"+15550100"}]}"#;
const SENT: &str = r#"{"accepted_time":"2026-01-01T00:00:00Z","message_id":"01H8Z4"}"#;
/// The POST's body: a card with two choices, sent to a contact.
const MESSAGE: &str = r#"{"app_id":"app","project_id":"project","recipient":{"contact_id":"01H8Z3","identified_by":{"channel_identities":[{"channel":"SMS","identity":"+15550100"}]}},"message":{"card_message":{"title":"Lunch?","description":"Pick one","choices":[{"text_message":{"text":"Yes"}},{"text_message":{"text":"No"}}]}}}"#;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    match args.get(1).map(String::as_str) {
        Some("serve") => runtime.block_on(serve()),
        Some("measure") => {
            let number = |index: usize| {
                args.get(index).and_then(|a| a.parse::<u64>().ok()).expect("usage: measure <port> <calls> <rounds>")
            };
            runtime.block_on(measure(number(2) as u16, number(3), number(4)));
        }
        _ => panic!("usage: percall serve | percall measure <port> <calls> <rounds>"),
    }
}

async fn serve() {
    use axum::Router;
    use axum::routing::{get, post};
    let json = |body: &'static str| ([(axum::http::header::CONTENT_TYPE, "application/json")], body);
    let app = Router::new()
        .route("/v1/projects/{project}/contacts/{contact}", get(move || async move { json(CONTACT) }))
        .route("/v1/projects/{project}/messages:send", post(move |_body: axum::body::Bytes| async move { json(SENT) }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    println!("{}", listener.local_addr().expect("an address").port());
    axum::serve(listener, app).await.expect("the server runs");
}

async fn measure(port: u16, calls: u64, rounds: u64) {
    let base = format!("http://127.0.0.1:{port}");
    let sdk = Client::builder()
        .base_url(&base)
        .allow_insecure_http(true)
        .auth(Auth::bearer(TOKEN))
        .build()
        .expect("a client");
    let http = reqwest::Client::new();
    let message: types::SendMessageRequest = serde_json::from_str(MESSAGE).expect("the message");

    // Both ways send the same requests and decode the same answers: checked once here.
    let by_sdk = sdk.get_contact(PROJECT, "01H8Z3").await.expect("sdk get");
    assert_eq!(by_sdk, hand_get(&http, &base, "01H8Z3").await, "the same contact");
    let by_sdk = sdk.send_message(PROJECT, &message).await.expect("sdk post");
    assert_eq!(by_sdk, hand_post(&http, &base, &message).await, "the same answer");

    // Round 0 warms up (connections, allocator, caches) and is not printed. Within a round
    // the kinds take turns every `CHUNK` calls, each turn starting with another kind, so
    // that a slow spell of a shared machine (they last longer than a chunk) falls on every
    // kind alike instead of on whichever one ran through it.
    const CHUNK: u64 = 50;
    let kinds = ["sdk get", "reqwest get", "sdk post", "reqwest post"];
    for round in 0..=rounds {
        let mut elapsed = [0.0f64; 4];
        let mut allocated = [0u64; 4];
        let mut made = [0u64; 4];
        for (chunk, start) in (0..calls).step_by(CHUNK as usize).enumerate() {
            let size = CHUNK.min(calls - start);
            for turn in 0..kinds.len() {
                let index = (turn + chunk) % kinds.len();
                let allocations = ALLOCATIONS.load(Ordering::Relaxed);
                let started = Instant::now();
                for _ in 0..size {
                    match index {
                        0 => drop(std::hint::black_box(sdk.get_contact(PROJECT, "01H8Z3").await.expect("a contact"))),
                        1 => drop(std::hint::black_box(hand_get(&http, &base, "01H8Z3").await)),
                        2 => drop(std::hint::black_box(sdk.send_message(PROJECT, &message).await.expect("sent"))),
                        _ => drop(std::hint::black_box(hand_post(&http, &base, &message).await)),
                    }
                }
                elapsed[index] += started.elapsed().as_secs_f64();
                allocated[index] += ALLOCATIONS.load(Ordering::Relaxed) - allocations;
                made[index] += size;
            }
        }
        if round == 0 {
            continue;
        }
        for (index, kind) in kinds.iter().enumerate() {
            println!(
                "{{\"round\":{round},\"kind\":\"{kind}\",\"calls\":{},\"per_second\":{:.1},\"allocations_per_call\":{:.2}}}",
                made[index],
                made[index] as f64 / elapsed[index],
                allocated[index] as f64 / made[index] as f64
            );
        }
    }
}

/// The GET as a reqwest user writes it by hand.
async fn hand_get(http: &reqwest::Client, base: &str, contact: &str) -> types::Contact {
    let response = http
        .get(format!("{base}/v1/projects/{PROJECT}/contacts/{contact}"))
        .bearer_auth(TOKEN)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .expect("sent");
    assert!(response.status().is_success());
    serde_json::from_slice(&response.bytes().await.expect("a body")).expect("a contact")
}

/// The POST as a reqwest user writes it by hand.
async fn hand_post(
    http: &reqwest::Client,
    base: &str,
    message: &types::SendMessageRequest,
) -> types::SendMessageResponse {
    let response = http
        .post(format!("{base}/v1/projects/{PROJECT}/messages:send"))
        .bearer_auth(TOKEN)
        .header(reqwest::header::ACCEPT, "application/json")
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(serde_json::to_vec(message).expect("encodes"))
        .send()
        .await
        .expect("sent");
    assert!(response.status().is_success());
    serde_json::from_slice(&response.bytes().await.expect("a body")).expect("an answer")
}
