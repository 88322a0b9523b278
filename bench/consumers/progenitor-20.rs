//! A program using progenitor's crate for the 2021 API: build a client, make twenty calls;
//! the counterpart of `doc2rust-20.rs`.

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
    let app: types::App = serde_json::from_str(r#"{"display_name": "Bot"}"#).expect("an app");
    let p = "project";
    start(client.contact_create_contact(p, &contact));
    start(client.contact_get_contact(p, "contact"));
    start(client.contact_list_contacts(p, None, None));
    start(client.contact_delete_contact(p, "contact"));
    start(client.contact_update_contact(p, "contact", None, &contact));
    start(client.app_create_app(p, &app));
    start(client.app_get_app(p, "app"));
    start(client.app_list_apps(p));
    start(client.app_delete_app(p, "app"));
    start(client.app_update_app(p, "app", None, &app));
    start(client.conversation_get_conversation(p, "conversation"));
    start(client.conversation_list_conversations(p, None, None, false, None, None));
    start(client.conversation_delete_conversation(p, "conversation"));
    start(client.conversation_stop_active_conversation(p, "conversation"));
    start(client.conversation_list_messages(p, None, None, None, None, None));
    start(client.messages_get_message(p, "message"));
    start(client.messages_delete_message(p, "message"));
    start(client.webhooks_list_webhooks(p, "app"));
    start(client.webhooks_get_webhook(p, "webhook", None));
    start(client.webhooks_delete_webhook(p, "webhook", None));
}
