//! One https call through the generated SDK, built with the TLS feature chosen on the command
//! line, to the address given; prints how the call ended. `tests/tests/tls.rs` runs it once
//! per feature against a listener of its own that reads the TLS handshake's first message:
//! the call must reach the handshake (a crypto provider in place, no panic) and fail there.

use sinch_conversation::{Client, Error, RetryPolicy};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let url = std::env::args().nth(1).expect("usage: doc2rust-tls-probe https://127.0.0.1:PORT");
    let client =
        Client::builder().base_url(url).project_id("p1").retry_policy(RetryPolicy::none()).build().expect("a client");
    match client.get_contact("c1").await {
        Ok(contact) => println!("answered: {contact:?}"),
        Err(Error::Transport(error)) => {
            // The whole chain: reqwest's own message is only "error sending request".
            let mut text = error.to_string();
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                text.push_str(&format!(": {cause}"));
                source = cause.source();
            }
            println!("transport error: {text}");
        }
        Err(other) => println!("other error: {other}"),
    }
}
