//! The `webhook` subcommand group, for people testing a callback endpoint without calling
//! the API: `verify` and `sign` when the API's signature scheme is configured
//! (`emit/webhook_signature.rs`), `parse-event` when the API has webhook pages
//! (`emit/events.rs`). Its items live in a module of their own, `webhook`, so their names
//! never meet the endpoints' arguments structs; only the group's subcommand name is shared
//! with the endpoints', and gives way to theirs.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Context;
use crate::emit::rustdoc::Doc;
use crate::emit::syntax::{self, Items, list_attr};
use crate::emit::tokens::{self, ident};
use crate::plan::Plan;

/// Subcommands of the `webhook` group, from one emitter: variants of the module's `Command`,
/// their arms in its `run`, and their items (which use `sdk` and `support`).
pub struct WebhookCommands {
    pub variants: Vec<syn::Variant>,
    pub arms: TokenStream,
    pub items: TokenStream,
}

/// The group as the file holds it.
pub(super) struct WebhookGroup {
    /// The name of its variant.
    pub name: proc_macro2::Ident,
    /// Its variant of the top-level `Command` (`Webhook`, unless an endpoint has that name).
    pub variant: syn::Variant,
    /// Its arm of `Command::call`.
    pub arm: TokenStream,
    /// `mod webhook { .. }`.
    pub module: Items,
}

/// The group, or nothing when the API has neither a signature scheme nor webhook pages.
/// `endpoints`: the endpoints' variants, whose subcommand names it must not take.
pub(super) fn group(plan: &Plan, context: &Context<'_>, endpoints: &[syn::Variant]) -> Option<WebhookGroup> {
    let parts: Vec<WebhookCommands> = [
        crate::emit::webhook_signature::cli_commands(plan.krate.webhook_signature.as_ref(), &context.env_prefix),
        crate::emit::events::cli_commands(plan),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        return None;
    }
    let mut taken = tokens::scope(endpoints.iter().map(|variant| variant.ident.to_string()));
    let name = ident(&taken.claim_first(&["Webhook".to_owned(), "WebhookTools".to_owned()]));
    let doc = Doc::fixed("Webhook tools for testing a callback endpoint (no API call, no credentials)");
    let mut attrs = syntax::doc_attrs(&doc);
    attrs.push(list_attr("command", quote!(subcommand)));
    let ty = syntax::path_type(syntax::path(false, [format_ident!("webhook"), format_ident!("Command")], Vec::new()));
    let variant = syntax::variant(attrs, name.clone(), syntax::tuple_field(ty));
    let arm = quote!(Command::#name(command) => command.run(),);

    let (mut variants, mut arms, mut items) = (Vec::new(), Vec::new(), Vec::new());
    for part in parts {
        variants.extend(part.variants);
        arms.push(part.arms);
        items.push(part.items);
    }
    let module = Items::tokens(quote! {
        /// The `webhook` subcommands: no API call.
        mod webhook {
            use super::{sdk, support};

            #[derive(::clap::Subcommand)]
            pub(super) enum Command {
                #(#variants),*
            }

            impl Command {
                pub(super) fn run(self) -> Result<(), support::Failure> {
                    match self {
                        #(#arms)*
                    }
                }
            }

            #(#items)*
        }
    });
    Some(WebhookGroup { name, variant, arm, module })
}
