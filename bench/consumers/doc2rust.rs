//! A program using doc2rust's crate for the 2021 API: build a client, make three calls.
//! `bench/run` times building it (the crate itself prebuilt) beside `progenitor.rs`, which
//! does the same with progenitor's crate: the compile cost a user of each crate pays.

use std::future::Future;
use std::task::{Context, Waker};

use conversation_2021::{Auth, Client, types};

/// Starts a call without a server: enough for the compiler to build all of its code.
fn start<F: Future>(call: F) {
    let mut call = std::pin::pin!(call);
    let _ = call.as_mut().poll(&mut Context::from_waker(Waker::noop()));
}

/// `bench/run` changes this value before each timed rebuild: an edit to the program.
const EDIT: u32 = 0;

fn main() {
    std::hint::black_box(EDIT);
    let client = Client::builder()
        .base_url("https://127.0.0.1:1")
        .auth(Auth::oauth2("id", "secret"))
        .build()
        .expect("a valid configuration");
    let contact: types::Contact = serde_json::from_str(r#"{"display_name": "Ada"}"#).expect("a contact");
    start(client.create_contact("project", &contact));
    start(client.get_contact("project", "contact"));
    start(client.list_contacts("project", &Default::default()));
}
