//! A program using progenitor's crate for the 2021 API: build a client, make three calls;
//! the counterpart of `doc2rust.rs`.

use std::future::Future;
use std::task::{Context, Waker};

use conversation_2021::{Client, types};

/// Starts a call without a server: enough for the compiler to build all of its code.
fn start<F: Future>(call: F) {
    let mut call = std::pin::pin!(call);
    let _ = call.as_mut().poll(&mut Context::from_waker(Waker::noop()));
}

/// `bench/run` changes this value before each timed rebuild: an edit to the program.
const EDIT: u32 = 0;

fn main() {
    std::hint::black_box(EDIT);
    let client = Client::new("http://127.0.0.1:1");
    let contact: types::Contact = serde_json::from_str(r#"{"display_name": "Ada"}"#).expect("a contact");
    start(client.contact_create_contact("project", &contact));
    start(client.contact_get_contact("project", "contact"));
    start(client.contact_list_contacts("project", None, None));
}
