//! The client's own options (credentials, base URL, headers, retries, timeout, the bound
//! path parameters, the error format) and the function building a `Client` from them. They
//! are options of the program, before the subcommand, so that a subcommand's help lists its
//! endpoint's flags only.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use crate::emit::rustdoc::Doc;
use crate::emit::syntax::Items;
use crate::emit::tokens::{self, ident};
use crate::plan::Plan;
use crate::runtime_files::SecurityScheme;

/// The file's inner docs: what the client is and where credentials come from.
pub(super) fn file_docs(plan: &Plan, context: &Context<'_>) -> TokenStream {
    let env = |name: &str| context.env(name);
    let mut credentials = Doc::fixed("Credentials come from ")
        .then(Doc::code(&env("KEY_ID")))
        .then(Doc::fixed(" and "))
        .then(Doc::code(&env("KEY_SECRET")))
        .then(Doc::fixed(" (or "))
        .then(Doc::code(&env("TOKEN")))
        .then(Doc::fixed(" for a bearer token"));
    if plan.client.security.contains(&SecurityScheme::ApiKey) {
        credentials = credentials
            .then(Doc::fixed(", or "))
            .then(Doc::code(&env("API_KEY")))
            .then(Doc::fixed(" and "))
            .then(Doc::code(&env("API_KEY_HEADER")))
            .then(Doc::fixed(" for an API key"));
    }
    let doc = Doc::fixed("Command-line client for ")
        .then(Doc::code(context.crate_name))
        .then(Doc::fixed(": one subcommand per endpoint, the response printed as JSON."))
        .paragraph(
            credentials
                .then(Doc::fixed("); "))
                .then(Doc::code(&env("AUTH")))
                .then(Doc::fixed(" picks `basic` or `oauth2`.")),
        )
        .paragraph(Doc::fixed(
            "Exit codes: 0 success, 1 an error status from the API, 2 a usage error, 3 no answer \
             (transport), 4 an answer that does not decode or another failure (see `--help`).",
        ));
    tokens::inner_doc_attrs(&doc)
}

/// `Cli`, the program's options (`Globals`) and its subcommand.
pub(super) fn cli_structs(plan: &Plan, context: &Context<'_>) -> Items {
    let env = |name: &str| context.env(name);
    let (base_url, region, key_id, key_secret, token, auth) =
        (env("BASE_URL"), env("REGION"), env("KEY_ID"), env("KEY_SECRET"), env("TOKEN"), env("AUTH"));
    let (insecure, token_url, attempts, timeout, error_format) =
        (env("ALLOW_INSECURE_HTTP"), env("TOKEN_URL"), env("MAX_ATTEMPTS"), env("TIMEOUT"), env("ERROR_FORMAT"));
    // API key flags where the pages name an API key scheme.
    let api_key_fields = plan.client.security.contains(&SecurityScheme::ApiKey).then(|| {
        let (api_key, api_key_header) = (env("API_KEY"), env("API_KEY_HEADER"));
        quote! {
            /// An API key, sent in the header `--api-key-header` names.
            #[arg(long, env = #api_key, hide_env_values = true, requires = "api_key_header")]
            api_key: Option<String>,
            /// The header an API key goes in (e.g. `X-API-KEY`).
            #[arg(long, env = #api_key_header)]
            api_key_header: Option<String>,
        }
    });
    // Client-bound path parameters are options of the program too.
    let bound_fields = plan.client.bound.iter().map(|bound| {
        let field = ident(&bound.flag);
        let env_name = env(&bound.flag.trim_start_matches("r#").to_ascii_uppercase());
        let help =
            tokens::doc_attrs(&Doc::fixed("The ").then(Doc::code(&bound.wire)).then(Doc::fixed(" every call takes.")));
        quote! {
            #help
            #[arg(long, env = #env_name)]
            #field: Option<String>,
        }
    });
    Items::tokens(quote! {
        #[derive(::clap::Parser)]
        #[command(version, about, after_help = support::EXIT_CODES)]
        struct Cli {
            #[command(flatten)]
            globals: Globals,
            #[command(subcommand)]
            command: Command,
        }

        /// The options of the client itself, before the subcommand.
        #[derive(::clap::Args)]
        struct Globals {
            /// The API's base URL (overrides the region).
            #[arg(long, env = #base_url)]
            base_url: Option<String>,
            /// The region that fills the base URL template.
            #[arg(long, env = #region)]
            region: Option<String>,
            /// Key ID for Basic or OAuth2 authentication.
            #[arg(long, env = #key_id, hide_env_values = true)]
            key_id: Option<String>,
            /// Key secret for Basic or OAuth2 authentication.
            #[arg(long, env = #key_secret, hide_env_values = true)]
            key_secret: Option<String>,
            /// A bearer token, instead of a key.
            #[arg(long, env = #token, hide_env_values = true)]
            token: Option<String>,
            #api_key_fields
            /// `basic` or `oauth2` (the default when a key is given).
            #[arg(long, env = #auth, default_value = "oauth2")]
            auth: String,
            /// The OAuth2 token endpoint, instead of the one the docs give.
            #[arg(long, env = #token_url)]
            token_url: Option<String>,
            /// A header sent with every request, `name: value` (repeatable: one per header; the
            /// client's own credentials and `User-Agent` win over one of the same name).
            #[arg(long = "header", short = 'H', value_name = "NAME: VALUE", value_parser = support::header)]
            headers: Vec<support::Header>,
            /// Attempts per call, the first included: failures safe to repeat are retried
            /// (default 3; 1 never retries).
            #[arg(long, env = #attempts, value_parser = ::clap::value_parser!(u32).range(1..))]
            max_attempts: Option<u32>,
            /// Time limit of one attempt, in seconds (default 60).
            #[arg(long, env = #timeout, value_name = "SECONDS", value_parser = support::seconds)]
            timeout: Option<::std::time::Duration>,
            /// How a failure is written on stderr: text, or one JSON object (see below).
            #[arg(long, env = #error_format, value_enum, default_value = "text")]
            error_format: support::ErrorFormat,
            /// Accept a plain `http://` base or token URL (mock servers, local tests).
            #[arg(long, env = #insecure)]
            allow_insecure_http: bool,
            #(#bound_fields)*
        }
    })
}

/// `fn client`: a `Client` built from the program's options.
pub(super) fn client_fn(plan: &Plan, context: &Context<'_>) -> TokenStream {
    let krate = &context.krate;
    let api_key_auth = plan.client.security.contains(&SecurityScheme::ApiKey).then(|| {
        quote! {
            _ if globals.api_key.is_some() => #krate::Auth::api_key(
                globals.api_key_header.clone().unwrap_or_default(),
                globals.api_key.clone().unwrap_or_default(),
            ),
        }
    });
    let bound_setters = plan.client.bound.iter().map(|bound| {
        let (field, setter) = (ident(&bound.flag), ident(&bound.setter));
        quote! {
            if let Some(value) = &globals.#field {
                builder = builder.#setter(value.clone());
            }
        }
    });
    quote! {
        fn client(globals: &Globals) -> Result<#krate::Client, support::Failure> {
            let mut builder = #krate::Client::builder();
            if let Some(url) = &globals.base_url {
                builder = builder.base_url(url.clone());
            }
            if let Some(region) = &globals.region {
                builder = builder.region(#krate::Region::new(region.clone()));
            }
            if let Some(url) = &globals.token_url {
                builder = builder.token_url(url.clone());
            }
            if let Some(attempts) = globals.max_attempts {
                builder = builder.retry_policy(#krate::RetryPolicy::new().max_attempts(attempts));
            }
            if let Some(timeout) = globals.timeout {
                builder = builder.timeout(timeout);
            }
            for support::Header(name, value) in &globals.headers {
                builder = builder.default_header(name.clone(), value.clone());
            }
            let auth = match (&globals.token, &globals.key_id, &globals.key_secret) {
                (Some(token), _, _) => #krate::Auth::bearer(token.clone()),
                #api_key_auth
                (_, Some(id), Some(secret)) if globals.auth == "basic" => {
                    #krate::Auth::basic(id.clone(), secret.clone())
                }
                (_, Some(id), Some(secret)) => #krate::Auth::oauth2(id.clone(), secret.clone()),
                _ => #krate::Auth::None,
            };
            builder = builder.auth(auth).allow_insecure_http(globals.allow_insecure_http);
            #(#bound_setters)*
            builder.build().map_err(support::Failure::from_build)
        }
    }
}
