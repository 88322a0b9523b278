//! Emits the webhook events enum of an API with webhook pages (`types::WebhookEvent`): one
//! variant per event payload, `Unknown` for the rest, a `Deserialize` that picks the variant
//! with the runtime's table (`runtime/one_of.rs`, `decode_event`), and `parse` from a raw
//! body.
//!
//! The enum is one item appended to `types.rs`, beside the payload types it holds; the
//! payloads themselves are emitted as any other type. Page text reaches the enum only as the
//! variants' docs, through [`Doc`].

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{Spelling, doc_attrs, ident};
use crate::emit::rustdoc::Doc;
use crate::model::Api;
use crate::model::one_of::event_rules;
use crate::model::types::{Ty, TypeSpace};
use crate::plan::Plan;

/// The enum and its impls, or nothing when the API has no webhook pages.
pub fn events_tokens(api: &Api, space: &TypeSpace, spelling: &Spelling, plan: &Plan) -> Option<TokenStream> {
    let events = plan.events.as_ref()?;
    let name = ident(&events.name);
    let unknown = ident(&events.unknown);
    let unknown_text = &events.unknown;
    let payloads: Vec<Ty> = events.variants.iter().map(|v| v.ty.clone()).collect();
    let table = event_rules(space, &payloads);

    let variants = events.variants.iter().map(|variant| {
        let endpoint = &api.endpoints[variant.endpoint];
        // The page's own words: its description, else its title.
        let doc = if endpoint.description.trim().is_empty() {
            Doc::line(&endpoint.title)
        } else {
            Doc::prose(&endpoint.description)
        };
        let doc = doc_attrs(&doc);
        let variant_name = ident(&variant.name);
        let ty = spelling.rust_type(space, &variant.ty);
        quote!(#doc #variant_name(#ty))
    });
    let shapes = events.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let ty = spelling.rust_type(space, &variant.ty);
        quote!(#variant_name(#ty))
    });
    let names = events.variants.iter().map(|variant| {
        let variant_name = ident(&variant.name);
        let text = &variant.name;
        quote!(Self::#variant_name(_) => #text,)
    });
    let entries = events.variants.iter().enumerate().map(|(index, variant)| {
        let rule = &table.rules.alternatives[index];
        let variant_name = variant.name.clone();
        let (keys, required, markers) = (&rule.keys, &rule.required, &table.markers[index]);
        let tags = rule.tags.iter().map(|(field, values)| quote!((#field, &[#(#values),*])));
        quote! {
            crate::runtime::one_of::Event {
                alternative: crate::runtime::one_of::Alternative {
                    name: #variant_name,
                    keys: &[#(#keys),*],
                    required: &[#(#required),*],
                    tags: &[#(#tags),*],
                },
                markers: &[#(#markers),*],
            }
        }
    });

    let serialize = spelling.serialize_derive();
    let json = spelling.rust_type(space, &Ty::Json);
    let remote = events.name.clone();
    let result = quote!(::std::result::Result);
    // The verifier exists only where the overrides file configures a signature scheme.
    let read = if plan.krate.webhook_signature.is_some() {
        Doc::fixed("not an error). Read one from a request's raw body with [`parse`](Self::parse), or")
            .below(Doc::fixed("check its signature and read it in one step with `WebhookVerifier::verify_event`."))
    } else {
        Doc::fixed("not an error). Read one from a request's raw body with [`parse`](Self::parse).")
    };
    let enum_doc = doc_attrs(
        &Doc::fixed("A callback of this API: one variant per event its webhook pages document, and the")
            .below(
                Doc::fixed("variant ")
                    .then(Doc::code(unknown_text))
                    .then(Doc::fixed(" for any other, kept as received (an event the API added later is")),
            )
            .below(read)
            .paragraph(
                Doc::fixed("Decoding chooses the event by what its page gives it alone: a field's value no other")
                    .below(Doc::fixed(
                        "event documents (`\"type\": \"invoice.paid\"`), or a top-level key no other event has;",
                    ))
                    .below(Doc::fixed(
                        "an event with either is never taken without it, and keys its page does not list do",
                    ))
                    .below(Doc::fixed(
                        "not hide it. An event with neither is chosen as a one-of's alternative is. Encoding",
                    ))
                    .below(Doc::fixed("writes the event's payload as it is, with no tag added.")),
            ),
    );
    let unknown_doc = doc_attrs(
        &Doc::fixed("An event the pages do not document, or a body no documented event decodes from,")
            .below(Doc::fixed("kept as received.")),
    );
    Some(quote! {
        #enum_doc
        #[derive(Debug, Clone, PartialEq, #serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        // Events mirror the wire format; boxing the big ones would buy nothing for a value
        // decoded once per callback.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants,)*
            #unknown_doc
            #unknown(#json),
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                #[derive(::serde::Deserialize)]
                #[serde(remote = #remote)]
                #[allow(dead_code, clippy::large_enum_variant)]
                enum __Shape {
                    #(#shapes),*
                }
                static TABLE: crate::runtime::one_of::Events = crate::runtime::one_of::Events(&[#(#entries),*]);
                crate::runtime::one_of::decode_event(deserializer, &TABLE, |value| __Shape::deserialize(value), Self::#unknown)
            }
        }

        impl #name {
            /// Decodes a callback from its raw body (verify the signature first). Only a body
            /// that is not JSON is an error: a JSON body no documented event fits is `Unknown`.
            pub fn parse(body: &[u8]) -> #result<Self, ::serde_json::Error> {
                ::serde_json::from_slice(body)
            }

            /// The variant's name as written in Rust, for logs and metrics.
            pub fn variant_name(&self) -> &'static str {
                match self {
                    #(#names)*
                    Self::#unknown(_) => #unknown_text,
                }
            }
        }
    })
}

/// The command-line client's `webhook parse-event`: decodes a callback body as the events
/// enum and prints the variant's name and the event, for people testing a callback endpoint.
/// Emitted when the API has webhook pages, into the client's `webhook` module (see
/// [`super::cli`]).
pub fn cli_commands(plan: &Plan) -> Option<super::cli::WebhookCommands> {
    use super::syntax;
    let events = plan.events.as_ref()?;
    let enum_name = ident(&events.name);
    let ty = syntax::path_type(syntax::path(false, [quote::format_ident!("ParseEventArgs")], Vec::new()));
    let doc = Doc::fixed("Decodes a webhook body as this API's events: prints the event's name, then the event").below(
        Doc::fixed("as JSON (an event the pages do not describe as received); exits 4 when the body is not JSON"),
    );
    let variants =
        vec![syntax::variant(syntax::doc_attrs(&doc), quote::format_ident!("ParseEvent"), syntax::tuple_field(ty))];
    let arms = quote! {
        Command::ParseEvent(args) => args.run(),
    };
    let items = quote! {
        #[derive(::clap::Args)]
        pub(super) struct ParseEventArgs {
            /// The raw body: the JSON itself, `@path` for a file, `-` or nothing for stdin.
            #[arg(long)]
            body: Option<String>,
        }

        impl ParseEventArgs {
            fn run(&self) -> Result<(), support::Failure> {
                let body = support::body_bytes(self.body.as_deref())?;
                let event = sdk::types::#enum_name::parse(&body).map_err(|error| {
                    support::Failure::new(support::Kind::Decode, format!("the body is not JSON: {error}"))
                })?;
                support::print_event(event.variant_name(), &event)
            }
        }
    };
    Some(super::cli::WebhookCommands { variants, arms, items })
}
