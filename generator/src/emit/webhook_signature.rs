//! Emits what the generated crate says about webhook signatures: the runtime's verifier
//! re-exported behind the `webhooks` feature, and, when `doc2rust.toml` names the API's scheme
//! (`[webhooks] signature`), `WebhookVerifier::new` for it, the feature on by default, and the
//! command-line client's `verify` and `sign` subcommands.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::krate::CrateInfo;
use crate::emit::rustdoc::{Doc, Example};
use crate::overrides::webhook_signature::{Algorithm, Encoding, Signature, TimestampUnit};

/// The items of `lib.rs`: the re-exports, and the API's own verifier when configured.
pub fn lib_items(info: &CrateInfo, signature: Option<&Signature>) -> TokenStream {
    let reexports = quote! {
        #[cfg(feature = "webhooks")]
        pub use runtime::{
            HmacAlgorithm, SignatureEncoding, SignatureScheme, TimestampUnit, Verified, WebhookError, WebhookVerifier,
        };
    };
    let Some(signature) = signature else { return reexports };
    let scheme = scheme_tokens(signature);
    let tolerance = signature.tolerance.map(|seconds| {
        let seconds = proc_macro2::Literal::u64_unsuffixed(seconds);
        quote!(.tolerance(::std::option::Option::Some(::std::time::Duration::from_secs(#seconds))))
    });
    let krate = format_ident!("{}", info.name.replace('-', "_"));
    let what = match signature.preset {
        Some(preset) if signature.parts == Default::default() => {
            Doc::item(&format!("SignatureScheme::{}", preset.function()))
        }
        Some(preset) => Doc::item(&format!("SignatureScheme::{}", preset.function()))
            .then(Doc::fixed(", as `doc2rust.toml` adjusts it")),
        None => Doc::fixed("as `doc2rust.toml` describes it"),
    };
    let replay = if signature.scheme().timestamp_header.is_some() || signature.scheme().timestamp_field.is_some() {
        Doc::fixed("Timestamps more than ")
            .then(Doc::number(signature.tolerance.unwrap_or(300)))
            .then(Doc::fixed(" s away from the clock are refused (see [`tolerance`](Self::tolerance))."))
    } else {
        Doc::fixed("The scheme signs no timestamp: replays are the caller's to refuse.")
    };
    let summary = Doc::fixed("A verifier of this API's webhook signatures (")
        .then(what)
        .then(Doc::fixed(") with the webhook `secret`."));
    let example = [
        format!("use {krate}::WebhookVerifier;"),
        String::new(),
        "let verifier = WebhookVerifier::new(\"webhook secret\");".to_owned(),
        "// A request as the API would sign it (`sign` is for testing a callback endpoint).".to_owned(),
        "let body = br#\"{\"app_id\":\"app\"}\"#;".to_owned(),
        "let headers = verifier.sign(body, std::time::SystemTime::now(), \"nonce-1\")?;".to_owned(),
        "// In the callback handler: the request's headers and raw body.".to_owned(),
        "verifier.verify(&headers, body)?;".to_owned(),
        "assert!(verifier.verify(&headers, br#\"{\"app_id\":\"other\"}\"#).is_err());".to_owned(),
        format!("# Ok::<(), {krate}::WebhookError>(())"),
    ];
    let doc =
        super::tokens::doc_attrs(&summary.below(replay).paragraph(Doc::example(Example::WebhookVerifier, &example)));
    quote! {
        #reexports

        #[cfg(feature = "webhooks")]
        impl WebhookVerifier {
            #doc
            pub fn new(secret: impl ::std::convert::AsRef<[u8]>) -> WebhookVerifier {
                WebhookVerifier::with_scheme(secret, #scheme) #tolerance
            }
        }
    }
}

/// `SignatureScheme::<preset>()` or `SignatureScheme::new(header)`, then one call per part the
/// file sets.
fn scheme_tokens(signature: &Signature) -> TokenStream {
    let parts = &signature.parts;
    let mut tokens = match (signature.preset, &parts.header) {
        (Some(preset), header) => {
            let function = format_ident!("{}", preset.function());
            let mut tokens = quote!(SignatureScheme::#function());
            if let Some(header) = header {
                tokens.extend(quote!(.signature_header(#header)));
            }
            tokens
        }
        (None, Some(header)) => quote!(SignatureScheme::new(#header)),
        // `Signature` is checked: a table without a preset has a header.
        (None, None) => quote!(SignatureScheme::new("")),
    };
    let text = |method: &str, value: &Option<String>| {
        let method = format_ident!("{method}");
        value.as_ref().map(|value| quote!(.#method(#value)))
    };
    tokens.extend(text("signed_content", &parts.signed_content));
    if let Some(algorithm) = parts.algorithm {
        let variant = format_ident!(
            "{}",
            match algorithm {
                Algorithm::Sha256 => "Sha256",
                Algorithm::Sha384 => "Sha384",
                Algorithm::Sha512 => "Sha512",
            }
        );
        tokens.extend(quote!(.algorithm(HmacAlgorithm::#variant)));
    }
    if let Some(encoding) = parts.encoding {
        let variant = format_ident!(
            "{}",
            match encoding {
                Encoding::Base64 => "Base64",
                Encoding::Hex => "Hex",
            }
        );
        tokens.extend(quote!(.encoding(SignatureEncoding::#variant)));
    }
    tokens.extend(text("prefix", &parts.prefix));
    if let Some(separator) = parts.separator {
        tokens.extend(quote!(.separator(#separator)));
    }
    tokens.extend(text("timestamp_header", &parts.timestamp_header));
    tokens.extend(text("timestamp_field", &parts.timestamp_field));
    if let Some(unit) = parts.timestamp_unit {
        let variant = format_ident!(
            "{}",
            match unit {
                TimestampUnit::Seconds => "Seconds",
                TimestampUnit::Milliseconds => "Milliseconds",
            }
        );
        tokens.extend(quote!(.timestamp_unit(TimestampUnit::#variant)));
    }
    tokens.extend(text("nonce_header", &parts.nonce_header));
    tokens.extend(text("algorithm_header", &parts.algorithm_header));
    tokens
}

/// The command-line client's `webhook verify` and `webhook sign`, for people testing a
/// callback endpoint: emitted when the API's scheme is configured. They sit in the client's
/// `webhook` module, beside `parse-event` (see [`super::cli`]).
pub fn cli_commands(signature: Option<&Signature>, env_prefix: &str) -> Option<super::cli::WebhookCommands> {
    use super::syntax::{self, doc_attrs};
    let scheme = signature?.scheme();
    let secret_env = format!("{env_prefix}_WEBHOOK_SECRET");
    // A flag per header the scheme reads, so a script need not spell the header names; the
    // names are checked lowercase header names (`from_static` accepts them).
    let named: Vec<(proc_macro2::Ident, String, &'static str)> = [
        ("signature", &scheme.header, "The signature: the value of the header "),
        ("nonce", &scheme.nonce_header, "The nonce: the value of the header "),
        ("timestamp", &scheme.timestamp_header, "The timestamp: the value of the header "),
    ]
    .into_iter()
    .filter_map(|(flag, header, doc)| Some((format_ident!("{flag}"), header.clone()?, doc)))
    .collect();
    let named_fields = named.iter().map(|(flag, header, doc)| {
        let doc = super::tokens::doc_attrs(
            &Doc::fixed(doc).then(Doc::code(header)).then(Doc::fixed(" (or give the header with `-H`).")),
        );
        quote! {
            #doc
            #[arg(long)]
            #flag: Option<String>,
        }
    });
    let named_headers = named.iter().map(|(flag, header, _)| {
        let label = format!("--{flag}");
        quote! {
            if let Some(value) = &self.#flag {
                let value = ::reqwest::header::HeaderValue::from_str(value)
                    .map_err(|error| support::Failure::usage(format!("{}: {error}", #label)))?;
                headers.insert(::reqwest::header::HeaderName::from_static(#header), value);
            }
        }
    });
    let variant = |name: &str, doc: &'static str| {
        let ty = syntax::path_type(syntax::path(false, [format_ident!("{name}Args")], Vec::new()));
        syntax::variant(doc_attrs(&Doc::fixed(doc)), format_ident!("{name}"), syntax::tuple_field(ty))
    };
    let variants = vec![
        variant(
            "Verify",
            "Checks a webhook request's signature: prints what it verified as JSON; exits 1 when not valid",
        ),
        variant("Sign", "Signs a webhook body as the API would: prints the headers to send"),
    ];
    let arms = quote! {
        Command::Verify(args) => args.run(),
        Command::Sign(args) => args.run(),
    };
    let items = quote! {
        #[derive(::clap::Args)]
        pub(super) struct VerifyArgs {
            /// The webhook's secret.
            #[arg(long, env = #secret_env, hide_env_values = true)]
            secret: String,
            /// A header of the request, `name: value` (repeatable: one per header).
            #[arg(long = "header", short = 'H', value_name = "NAME: VALUE", value_parser = support::header)]
            headers: Vec<support::Header>,
            #(#named_fields)*
            /// The raw body: the text itself, `@path` for a file, `-` or nothing for stdin.
            #[arg(long)]
            body: Option<String>,
            /// Check the timestamp against this time (Unix seconds) instead of the clock.
            #[arg(long)]
            at: Option<u64>,
            /// Accept a timestamp of any age.
            #[arg(long)]
            any_age: bool,
        }

        impl VerifyArgs {
            fn run(&self) -> Result<(), support::Failure> {
                let mut headers = ::reqwest::header::HeaderMap::new();
                for support::Header(name, value) in &self.headers {
                    headers.append(name.clone(), value.clone());
                }
                #(#named_headers)*
                let body = support::body_bytes(self.body.as_deref())?;
                let mut verifier = sdk::WebhookVerifier::new(&self.secret);
                if let Some(at) = self.at {
                    verifier = verifier.clock(move || ::std::time::UNIX_EPOCH + ::std::time::Duration::from_secs(at));
                }
                if self.any_age {
                    verifier = verifier.tolerance(None);
                }
                // A verifier that cannot check anything is a usage error; any other failure
                // says the request is not valid.
                let verified = verifier.verify(&headers, &body).map_err(|error| match error {
                    sdk::WebhookError::Misconfigured(_) => support::Failure::usage(error.to_string()),
                    error => support::Failure::new(
                        support::Kind::InvalidSignature,
                        format!("invalid webhook request: {error}"),
                    ),
                })?;
                let timestamp = verified
                    .timestamp
                    .and_then(|time| time.duration_since(::std::time::UNIX_EPOCH).ok())
                    .map(|since| since.as_secs());
                let report = ::serde_json::json!({
                    "valid": true,
                    "algorithm": verified.algorithm.name(),
                    "timestamp": timestamp,
                    "nonce": verified.nonce,
                });
                println!("{report:#}");
                Ok(())
            }
        }

        #[derive(::clap::Args)]
        pub(super) struct SignArgs {
            /// The webhook's secret.
            #[arg(long, env = #secret_env, hide_env_values = true)]
            secret: String,
            /// The raw body: the text itself, `@path` for a file, `-` or nothing for stdin.
            #[arg(long)]
            body: Option<String>,
            /// The signing time (Unix seconds); default now.
            #[arg(long)]
            at: Option<u64>,
            /// The nonce, for schemes that sign one; default one made from the clock.
            #[arg(long)]
            nonce: Option<String>,
        }

        impl SignArgs {
            fn run(&self) -> Result<(), support::Failure> {
                let body = support::body_bytes(self.body.as_deref())?;
                let now = ::std::time::SystemTime::now();
                let at = self.at.map_or(now, |at| ::std::time::UNIX_EPOCH + ::std::time::Duration::from_secs(at));
                let nonce = self.nonce.clone().unwrap_or_else(|| {
                    let since = now.duration_since(::std::time::UNIX_EPOCH).unwrap_or_default();
                    format!("{:x}", since.as_nanos())
                });
                let headers = sdk::WebhookVerifier::new(&self.secret)
                    .sign(&body, at, &nonce)
                    .map_err(|error| support::Failure::usage(error.to_string()))?;
                for (name, value) in &headers {
                    println!("{name}: {}", value.to_str().unwrap_or_default());
                }
                Ok(())
            }
        }
    };
    Some(super::cli::WebhookCommands { variants, arms, items })
}
