//! Emits the generated crate's command-line client (behind the `cli` feature): one
//! subcommand per endpoint, parameters as flags, the body as JSON (an argument, `@file`, or
//! stdin), credentials from the environment, the response printed as JSON, a failure as
//! text or JSON with an exit code per kind (`cli_support.rs`, shipped beside it).
//!
//! One job per module: [`globals`] the options of the client itself, [`endpoint`] a
//! subcommand per endpoint, [`webhook`] the `webhook` tools, [`entry`] parsing, dispatch and
//! `main`.

mod endpoint;
mod entry;
mod globals;
mod webhook;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::syntax::{self, Items, list_attr};
use crate::model::Api;
use crate::model::types::TypeSpace;
use crate::plan::Plan;

pub use webhook::WebhookCommands;

/// The environment variable prefix: `sinch-conversation` -> `SINCH_CONVERSATION`.
pub fn env_prefix(crate_name: &str) -> String {
    crate_name.replace('-', "_").to_ascii_uppercase()
}

/// The CLI file in pieces that format on their own: the file's inner docs and `use`, then its
/// items (one arguments struct per endpoint keeps every item small, whatever the API's size).
/// The arguments structs and the subcommand enum are trees (see [`syntax`]).
pub struct CliFile {
    pub header: TokenStream,
    pub items: Vec<Items>,
}

/// What every part of the file is written for.
struct Context<'a> {
    /// The SDK crate's Rust name (`sinch_conversation`).
    krate: proc_macro2::Ident,
    crate_name: &'a str,
    /// `SINCH_CONVERSATION`, before `_BASE_URL` and the other variables.
    env_prefix: String,
}

impl Context<'_> {
    fn env(&self, name: &str) -> String {
        format!("{}_{name}", self.env_prefix)
    }
}

pub fn cli_rs(api: &Api, space: &TypeSpace, plan: &Plan, crate_name: &str) -> CliFile {
    let context = Context {
        krate: format_ident!("{}", crate_name.replace('-', "_")),
        crate_name,
        env_prefix: env_prefix(crate_name),
    };
    let krate = &context.krate;
    let header = globals::file_docs(plan, &context);
    let header = quote! {
        #header

        use #krate as sdk;

        mod support;
    };

    let (mut variants, mut arms, mut per_endpoint) = (Vec::new(), Vec::new(), Vec::new());
    for (index, planned) in plan.endpoints.iter().enumerate() {
        let Some(planned) = planned else { continue };
        let command = endpoint::command(api, space, plan, index, planned, &context);
        variants.push(command.variant);
        arms.push(command.arm);
        per_endpoint.push(command.items);
    }
    let webhook = webhook::group(plan, &context, &variants);
    let (webhook_name, webhook_module) = match webhook {
        Some(group) => {
            variants.push(group.variant);
            arms.push(group.arm);
            (Some(group.name), Some(group.module))
        }
        None => (None, None),
    };
    let command = syntax::enum_item(
        vec![list_attr("derive", quote!(::clap::Subcommand))],
        false,
        format_ident!("Command"),
        variants,
    );

    let mut items = vec![globals::cli_structs(plan, &context)];
    items.push(Items::tree(command, entry::functions(plan, &context, webhook_name.as_ref(), &arms)));
    items.extend(per_endpoint);
    items.extend(webhook_module);
    CliFile { header, items }
}
