//! A program using doc2rust's crate for the 2021 API: build a client, make twenty calls (the
//! twenty of `progenitor-20.rs`). `bench/run` times its rebuild after an edit, beside the
//! three-call program (`doc2rust.rs`): how the cost grows with the calls a program makes.

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
    let app: types::App = serde_json::from_str(r#"{"display_name": "Bot"}"#).expect("an app");
    let p = "project";
    start(client.create_contact(p, &contact));
    start(client.get_contact(p, "contact"));
    start(client.list_contacts(p, &Default::default()));
    start(client.delete_contact(p, "contact"));
    start(client.update_contact(p, "contact", &Default::default(), &contact));
    start(client.create_app(p, &app));
    start(client.get_app(p, "app"));
    start(client.list_apps(p));
    start(client.delete_app(p, "app"));
    start(client.update_app(p, "app", &Default::default(), &app));
    start(client.get_conversation(p, "conversation"));
    let active = conversation_2021::apis::conversation::ListConversationsParams {
        only_active: false,
        app_id: None,
        contact_id: None,
        page_size: None,
        page_token: None,
    };
    start(client.list_conversations(p, &active));
    start(client.delete_conversation(p, "conversation"));
    start(client.stop_conversation(p, "conversation"));
    start(client.list_messages(p, &Default::default()));
    start(client.get_message(p, "message"));
    start(client.delete_message(p, "message"));
    start(client.list_webhooks(p, "app"));
    start(client.get_webhook(p, "webhook", &Default::default()));
    start(client.delete_webhook(p, "webhook", &Default::default()));
}
