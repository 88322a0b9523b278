//! Emits what the generated crate says about webhook signatures: the runtime's verifier
//! re-exported behind the `webhooks` feature, and, when `doc2rust.toml` names the API's scheme
//! (`[webhooks] signature`), `WebhookVerifier::new` for it and the feature on by default.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::krate::CrateInfo;
use crate::overrides::Overrides;
use crate::overrides::webhook_signature::{Algorithm, Encoding, Signature, TimestampUnit};

/// The generated crate's feature that compiles `runtime/webhook.rs` (its dependencies are
/// declared in `runtime/dependencies.toml`).
pub const FEATURE: &str = "webhooks";

/// The runtime's `[features]` and `[dependencies]` with `webhooks` among the default
/// features when the API's scheme is configured: an API without one does not pay for it.
pub fn runtime_dependencies(runtime: &str, overrides: &Overrides) -> String {
    if overrides.webhooks.signature.is_none() {
        return runtime.to_owned();
    }
    let mut out = String::with_capacity(runtime.len() + 16);
    for line in runtime.split_inclusive('\n') {
        match line.strip_prefix("default = [").and_then(|rest| rest.trim_end().strip_suffix(']')) {
            Some(features) if features.trim().is_empty() => out.push_str(&format!("default = [\"{FEATURE}\"]\n")),
            Some(features) => out.push_str(&format!("default = [{features}, \"{FEATURE}\"]\n")),
            None => out.push_str(line),
        }
    }
    out
}

/// The items of `lib.rs`: the re-exports, and the API's own verifier when configured.
pub fn lib_items(info: &CrateInfo, overrides: &Overrides) -> TokenStream {
    let reexports = quote! {
        #[cfg(feature = "webhooks")]
        pub use runtime::{
            HmacAlgorithm, SignatureEncoding, SignatureScheme, TimestampUnit, Verified, WebhookError, WebhookVerifier,
        };
    };
    let Some(signature) = &overrides.webhooks.signature else { return reexports };
    let scheme = scheme_tokens(signature);
    let tolerance = signature.tolerance.map(|seconds| {
        let seconds = proc_macro2::Literal::u64_unsuffixed(seconds);
        quote!(.tolerance(::std::option::Option::Some(::std::time::Duration::from_secs(#seconds))))
    });
    let krate = format_ident!("{}", info.name.replace('-', "_"));
    let what = match signature.preset {
        Some(preset) if signature.parts == Default::default() => {
            format!("[`SignatureScheme::{}`]", preset.function())
        }
        Some(preset) => format!("[`SignatureScheme::{}`], as `doc2rust.toml` adjusts it", preset.function()),
        None => "as `doc2rust.toml` describes it".to_owned(),
    };
    let replay = if signature.scheme().timestamp_header.is_some() || signature.scheme().timestamp_field.is_some() {
        let seconds = signature.tolerance.unwrap_or(300);
        format!(
            " Timestamps more than {seconds} s away from the clock are refused (see [`tolerance`](Self::tolerance))."
        )
    } else {
        " The scheme signs no timestamp: replays are the caller's to refuse.".to_owned()
    };
    let summary = format!(" A verifier of this API's webhook signatures ({what}) with the webhook `secret`.");
    let example = [
        " ```",
        &format!(" use {krate}::WebhookVerifier;"),
        "",
        " let verifier = WebhookVerifier::new(\"webhook secret\");",
        " // A request as the API would sign it (`sign` is for testing a callback endpoint).",
        " let body = br#\"{\"app_id\":\"app\"}\"#;",
        " let headers = verifier.sign(body, std::time::SystemTime::now(), \"nonce-1\")?;",
        " // In the callback handler: the request's headers and raw body.",
        " verifier.verify(&headers, body)?;",
        " assert!(verifier.verify(&headers, br#\"{\"app_id\":\"other\"}\"#).is_err());",
        &format!(" # Ok::<(), {krate}::WebhookError>(())"),
        " ```",
    ];
    quote! {
        #reexports

        #[cfg(feature = "webhooks")]
        impl WebhookVerifier {
            #[doc = #summary]
            #[doc = #replay]
            ///
            #(#[doc = #example])*
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
