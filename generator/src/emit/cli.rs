//! Emits the generated crate's command-line client (behind the `cli` feature): one
//! subcommand per endpoint, parameters as flags, the body as JSON (an argument, `@file`, or
//! stdin), credentials from the environment, the response printed as JSON.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::syntax::{self, Items, doc_attrs, list_attr};
use super::tokens::{Spelling, ident};
use crate::emit::rustdoc::Doc;
use crate::model::types::{Ty, TypeSpace};
use crate::model::{Api, ParamLocation};
use crate::overrides::Overrides;
use crate::plan::Plan;
use crate::runtime_files::SecurityScheme;

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

/// A flag's type: clap recognises `Vec` and `Option` by their bare names, and this file
/// defines no type that could shadow them.
fn flag_type(outer: Option<&str>) -> syn::Type {
    let string = syntax::path_type(syntax::path_of(&["String"]));
    match outer {
        Some(outer) => syntax::path_type(syntax::path(
            false,
            [proc_macro2::Ident::new(outer, proc_macro2::Span::call_site())],
            vec![string],
        )),
        None => string,
    }
}

pub fn cli_rs(api: &Api, space: &TypeSpace, plan: &Plan, overrides: &Overrides, crate_name: &str) -> CliFile {
    let krate = format_ident!("{}", crate_name.replace('-', "_"));
    // The client is another crate: the SDK's items are spelled from its name.
    let spelling = Spelling::outside(&krate.to_string());
    let prefix = env_prefix(crate_name);
    let env = |name: &str| format!("{prefix}_{name}");
    let (base_url_env, region_env, key_id_env, key_secret_env, token_env, auth_env) =
        (env("BASE_URL"), env("REGION"), env("KEY_ID"), env("KEY_SECRET"), env("TOKEN"), env("AUTH"));
    let (api_key_env, api_key_header_env) = (env("API_KEY"), env("API_KEY_HEADER"));
    let insecure_env = env("ALLOW_INSECURE_HTTP");
    let api_key = plan.client.security.contains(&SecurityScheme::ApiKey);

    // Client-bound path parameters are global flags.
    let bound_fields = plan.client.bound.iter().map(|bound| {
        let field = ident(&bound.flag);
        let env_name = env(&bound.flag.trim_start_matches("r#").to_ascii_uppercase());
        let help = super::tokens::doc_attrs(
            &Doc::fixed("The ").then(Doc::code(&bound.wire)).then(Doc::fixed(" every call takes.")),
        );
        quote! {
            #help
            #[arg(long, env = #env_name, global = true)]
            #field: Option<String>,
        }
    });
    let bound_setters = plan.client.bound.iter().map(|bound| {
        let (field, setter) = (ident(&bound.flag), ident(&bound.setter));
        quote! {
            if let Some(value) = &cli.#field {
                builder = builder.#setter(value.clone());
            }
        }
    });

    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut per_endpoint = Vec::new();
    for (index, planned) in plan.endpoints.iter().enumerate() {
        let Some(planned) = planned else { continue };
        let endpoint = &api.endpoints[index];
        let types = &space.endpoints[index];
        let command = &planned.cli;
        let variant = ident(&command.variant);
        let method = ident(&planned.method);
        // clap prints this in the terminal: the title goes through the sanitiser (no ESC, no
        // bidi control), the path is code.
        let about = Doc::prose(&endpoint.title)
            .flatten()
            .then(Doc::fixed(" ("))
            .then(Doc::code(&format!("{} {}", endpoint.method, endpoint.path)))
            .then(Doc::fixed(")"));
        let mut flags = Vec::new();
        // Statements turning flags into arguments, the method's arguments, and the fields of
        // its parameters struct.
        let mut statements = Vec::new();
        let mut call_args = Vec::new();
        let mut params_fields = Vec::new();
        for (position, flag) in &command.flags {
            let (param, ty) = (&endpoint.params[*position], &types.params[*position]);
            let flag = ident(flag);
            // The first sentence of the docs, then where the value goes.
            let summary = param.description.split_whitespace().collect::<Vec<_>>().join(" ");
            let summary = summary.split(". ").next().unwrap_or_default().trim_end_matches('.');
            let where_to = Doc::fixed(match (param.location, param.required) {
                (ParamLocation::Path, true) => "path parameter, required",
                (ParamLocation::Path, false) => "path parameter",
                (ParamLocation::Query, true) => "query parameter, required",
                (ParamLocation::Query, false) => "query parameter",
                (ParamLocation::Header, true) => "header parameter, required",
                (ParamLocation::Header, false) => "header parameter",
                (ParamLocation::Cookie, true) => "cookie parameter, required",
                (ParamLocation::Cookie, false) => "cookie parameter",
            });
            let name = Doc::code(&param.name);
            let help = if summary.is_empty() {
                name.then(Doc::fixed(" (")).then(where_to).then(Doc::fixed(")"))
            } else {
                Doc::prose(summary)
                    .flatten()
                    .then(Doc::fixed(" ("))
                    .then(name)
                    .then(Doc::fixed(", "))
                    .then(where_to)
                    .then(Doc::fixed(")"))
            };
            let is_list = matches!(ty, Ty::Vec(_));
            let flag_ty = flag_type(if is_list {
                Some("Vec")
            } else if param.required {
                None
            } else {
                Some("Option")
            });
            flags.push(syntax::field(
                doc_attrs(&help).into_iter().chain([list_attr("arg", quote!(long))]).collect(),
                false,
                Some(flag.clone()),
                flag_ty,
            ));
            let wire = &param.name;
            // Text parameters take the flag as it is (`arg` would read `--id 123` as a
            // number); the others are read by `arg` as JSON or text.
            let text = match ty {
                Ty::Vec(item) => matches!(**item, Ty::String),
                other => matches!(other, Ty::String),
            };
            let value = match (is_list, param.required, text) {
                (true, false, true) => quote!((!self.#flag.is_empty()).then_some(self.#flag)),
                (_, _, true) => quote!(self.#flag),
                (true, true, false) => quote!(support::list_arg(#wire, self.#flag)?),
                (true, false, false) => quote!(support::optional_list_arg(#wire, self.#flag)?),
                (false, true, false) => quote!(support::arg(#wire, &self.#flag)?),
                (false, false, false) => quote!(support::optional_arg(#wire, self.#flag)?),
            };
            if param.location == ParamLocation::Path && text {
                call_args.push(quote!(&self.#flag));
            } else if param.location == ParamLocation::Path {
                let local = format_ident!("{}_value", flag.to_string().trim_start_matches("r#"));
                let rust_ty = spelling.rust_type(space, ty);
                statements.push(quote!(let #local: #rust_ty = #value;));
                call_args.push(match ty {
                    Ty::I64 | Ty::F64 | Ty::Bool => quote!(#local),
                    _ => quote!(&#local),
                });
            } else {
                let field = ident(&param.rust_name);
                params_fields.push(quote!(#field: #value));
            }
        }
        if let Some(params) = &planned.params {
            let struct_name = ident(&params.name);
            let module = ident(&plan.modules[planned.module].name);
            statements.push(quote!(let params = #krate::apis::#module::#struct_name { #(#params_fields),* };));
            call_args.push(quote!(&params));
        }
        if let Some(body_flag) = &command.body_flag {
            let body_flag = ident(body_flag);
            let mut attrs =
                doc_attrs(&Doc::fixed("The request body as JSON; `@path` reads a file, `-` or nothing reads stdin."));
            attrs.push(list_attr("arg", quote!(long)));
            flags.push(syntax::field(attrs, false, Some(body_flag.clone()), flag_type(Some("Option"))));
            // A list body is passed as a slice, which says nothing of the type to read.
            let annotation = matches!(types.request, Some(Ty::Vec(_))).then(|| quote!(: ::std::vec::Vec<_>));
            statements.push(quote!(let body #annotation = support::body_arg(self.#body_flag.as_deref())?;));
            call_args.push(quote!(&body));
        }
        // A deprecated endpoint is still a command: calling it is what the user asked for.
        let deprecated = endpoint.deprecated.is_some() || endpoint.params.iter().any(|p| p.deprecated.is_some());
        let allow_deprecated = deprecated.then(|| quote!(#[allow(deprecated)]));
        let args = ident(&command.args_struct);
        let args_type = syntax::path_type(syntax::path(false, [args.clone()], Vec::new()));
        variants.push(syntax::variant(doc_attrs(&about), variant.clone(), syntax::tuple_field(args_type)));
        arms.push(quote!(Command::#variant(args) => args.run(&client).await,));
        let args_struct =
            syntax::struct_item(vec![list_attr("derive", quote!(::clap::Args))], false, args.clone(), flags);
        per_endpoint.push(Items::tree(
            args_struct,
            quote! {
                impl #args {
                    #allow_deprecated
                    async fn run(self, client: &#krate::Client) -> Result<(), String> {
                        #(#statements)*
                        let response = client.#method(#(#call_args),*).await;
                        support::print_response(response)
                    }
                }
            },
        ));
    }

    let mut credentials = Doc::fixed("Credentials come from ")
        .then(Doc::code(&key_id_env))
        .then(Doc::fixed(" and "))
        .then(Doc::code(&key_secret_env))
        .then(Doc::fixed(" (or "))
        .then(Doc::code(&token_env))
        .then(Doc::fixed(" for a bearer token"));
    if api_key {
        credentials = credentials
            .then(Doc::fixed(", or "))
            .then(Doc::code(&api_key_env))
            .then(Doc::fixed(" and "))
            .then(Doc::code(&api_key_header_env))
            .then(Doc::fixed(" for an API key"));
    }
    let doc = Doc::fixed("Command-line client for ")
        .then(Doc::code(crate_name))
        .then(Doc::fixed(": one subcommand per endpoint, the response printed as JSON."))
        .paragraph(
            credentials
                .then(Doc::fixed("); "))
                .then(Doc::code(&auth_env))
                .then(Doc::fixed(" picks `basic` or `oauth2`.")),
        );
    let doc = super::tokens::inner_doc_attrs(&doc);
    // API key flags where the pages name an API key scheme.
    let api_key_fields = api_key.then(|| {
        quote! {
            /// An API key, sent in the header `--api-key-header` names.
            #[arg(long, env = #api_key_env, global = true, hide_env_values = true, requires = "api_key_header")]
            api_key: Option<String>,
            /// The header an API key goes in (e.g. `X-API-KEY`).
            #[arg(long, env = #api_key_header_env, global = true)]
            api_key_header: Option<String>,
        }
    });
    let api_key_auth = api_key.then(|| {
        quote! {
            _ if cli.api_key.is_some() => #krate::Auth::api_key(
                cli.api_key_header.clone().unwrap_or_default(),
                cli.api_key.clone().unwrap_or_default(),
            ),
        }
    });
    let header = quote! {
        #doc

        use ::clap::Parser as _;
        use #krate as sdk;

        mod support;
    };
    let mut items = vec![Items::tokens(quote! {
        #[derive(::clap::Parser)]
        #[command(version, about)]
        struct Cli {
            /// The API's base URL (overrides the region).
            #[arg(long, env = #base_url_env, global = true)]
            base_url: Option<String>,
            /// The region that fills the base URL template.
            #[arg(long, env = #region_env, global = true)]
            region: Option<String>,
            /// Key ID for Basic or OAuth2 authentication.
            #[arg(long, env = #key_id_env, global = true, hide_env_values = true)]
            key_id: Option<String>,
            /// Key secret for Basic or OAuth2 authentication.
            #[arg(long, env = #key_secret_env, global = true, hide_env_values = true)]
            key_secret: Option<String>,
            /// A bearer token, instead of a key.
            #[arg(long, env = #token_env, global = true, hide_env_values = true)]
            token: Option<String>,
            #api_key_fields
            /// `basic` or `oauth2` (the default when a key is given).
            #[arg(long, env = #auth_env, global = true, default_value = "oauth2")]
            auth: String,
            /// Accept a plain `http://` base or token URL (mock servers, local tests).
            #[arg(long, env = #insecure_env, global = true)]
            allow_insecure_http: bool,
            #(#bound_fields)*
            #[command(subcommand)]
            command: Command,
        }
    })];
    // `verify` and `sign` of webhook signatures, when the API's scheme is configured.
    let taken: Vec<String> = variants.iter().map(|v| v.ident.to_string()).collect();
    let (webhook_early, webhook_arms, webhook_items) =
        match super::webhook_signature::cli_commands(overrides, &prefix, &taken) {
            Some(webhook) => {
                variants.extend(webhook.variants);
                (Some(webhook.early), Some(webhook.arms), webhook.items)
            }
            None => (None, None, Vec::new()),
        };
    // `parse-event`, when the API has webhook pages.
    let taken: Vec<String> = variants.iter().map(|v| v.ident.to_string()).collect();
    let (events_early, events_arms, events_items) = match super::events::cli_commands(plan, &taken) {
        Some(events) => {
            variants.extend(events.variants);
            (Some(events.early), Some(events.arms), events.items)
        }
        None => (None, None, Vec::new()),
    };
    let command = syntax::enum_item(
        vec![list_attr("derive", quote!(::clap::Subcommand))],
        false,
        format_ident!("Command"),
        variants,
    );
    items.push(Items::tree(
        command,
        quote! {
            fn client(cli: &Cli) -> Result<#krate::Client, String> {
                let mut builder = #krate::Client::builder();
                if let Some(url) = &cli.base_url {
                    builder = builder.base_url(url.clone());
                }
                if let Some(region) = &cli.region {
                    builder = builder.region(#krate::Region::new(region.clone()));
                }
                let auth = match (&cli.token, &cli.key_id, &cli.key_secret) {
                    (Some(token), _, _) => #krate::Auth::bearer(token.clone()),
                    #api_key_auth
                    (_, Some(id), Some(secret)) if cli.auth == "basic" => {
                        #krate::Auth::basic(id.clone(), secret.clone())
                    }
                    (_, Some(id), Some(secret)) => #krate::Auth::oauth2(id.clone(), secret.clone()),
                    _ => #krate::Auth::None,
                };
                builder = builder.auth(auth).allow_insecure_http(cli.allow_insecure_http);
                #(#bound_setters)*
                builder.build().map_err(|error| error.to_string())
            }

            async fn run(cli: Cli) -> Result<(), String> {
                #webhook_early
                #events_early
                let client = client(&cli)?;
                match cli.command {
                    #(#arms)*
                    #webhook_arms
                    #events_arms
                }
            }

            fn main() -> ::std::process::ExitCode {
                let cli = Cli::parse();
                let runtime = match ::tokio::runtime::Builder::new_multi_thread().enable_all().build() {
                    Ok(runtime) => runtime,
                    Err(error) => {
                        ::std::eprintln!("error: {error}");
                        return ::std::process::ExitCode::FAILURE;
                    }
                };
                match runtime.block_on(run(cli)) {
                    Ok(()) => ::std::process::ExitCode::SUCCESS,
                    Err(error) => {
                        ::std::eprintln!("error: {error}");
                        ::std::process::ExitCode::FAILURE
                    }
                }
            }
        },
    ));
    items.extend(per_endpoint);
    items.extend(webhook_items);
    items.extend(events_items);
    CliFile { header, items }
}
