//! Emits the crate around the types and methods: `Cargo.toml` and `src/lib.rs` (runtime
//! re-exports, the API description the runtime reads, the client builder's bound
//! parameters).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::tokens::{RequestDeserialize, doc_attrs, ident, rust_type};
use super::{EmitError, MANIFEST_HEADER};
use crate::emit::rustdoc::Doc;
use crate::model::types::TypeSpace;
use crate::plan::CratePlan;
use crate::plan::{ErrorBodyFields, FieldRead, Plan, ReadKind};
use crate::runtime_files::{RUNTIME_DEPENDENCIES, SecurityScheme};

/// Package metadata of the generated crate, and what request types derive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateInfo {
    pub name: String,
    pub version: String,
    pub description: String,
    /// An SPDX expression; [`DEFAULT_LICENSE`] unless the overrides file says.
    pub license: String,
    pub repository: Option<String>,
    /// Whether `cargo publish` may upload it; written as `publish = false` when not.
    pub publish: bool,
    /// [`RequestDeserialize::Feature`] for a crate; a build script's module has no features.
    pub requests: RequestDeserialize,
}

/// The license of a generated crate unless `[package] license` says otherwise: the license
/// of doc2rust and of the runtime copied into the crate.
pub const DEFAULT_LICENSE: &str = "MIT OR Apache-2.0";

/// The runtime's `[features]` and `[dependencies]`, with `features` added to the default
/// features and to the command-line client's (which must work without the defaults): an API
/// pays only for the runtime parts it uses.
fn runtime_manifest(features: &[&str]) -> String {
    if features.is_empty() {
        return RUNTIME_DEPENDENCIES.to_owned();
    }
    let added: Vec<String> = features.iter().map(|feature| format!("\"{feature}\"")).collect();
    let added = added.join(", ");
    let mut out = String::with_capacity(RUNTIME_DEPENDENCIES.len() + 64);
    for line in RUNTIME_DEPENDENCIES.split_inclusive('\n') {
        let list = ["default", "cli"].into_iter().find_map(|feature| {
            let features = line.strip_prefix(feature)?.strip_prefix(" = [")?.trim_end().strip_suffix(']')?;
            Some((feature, features))
        });
        match list {
            Some((feature, features)) if features.trim().is_empty() => {
                out.push_str(&format!("{feature} = [{added}]\n"))
            }
            Some((feature, features)) => out.push_str(&format!("{feature} = [{features}, {added}]\n")),
            None => out.push_str(line),
        }
    }
    out
}

/// `[package]`, its keys in the order a person writes them.
#[derive(serde::Serialize)]
struct PackageTable<'a> {
    package: Package<'a>,
}

#[derive(serde::Serialize)]
struct Package<'a> {
    name: &'a str,
    version: &'a str,
    edition: &'a str,
    #[serde(rename = "rust-version")]
    rust_version: &'a str,
    description: &'a str,
    license: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    repository: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publish: Option<bool>,
    readme: &'a str,
}

/// `[[bin]]`: the command-line client.
#[derive(serde::Serialize)]
struct BinTable<'a> {
    bin: [Bin<'a>; 1],
}

#[derive(serde::Serialize)]
struct Bin<'a> {
    name: &'a str,
    path: &'a str,
    #[serde(rename = "required-features")]
    required_features: [&'a str; 1],
}

/// The generated crate's `Cargo.toml`. Every value is written by the `toml` crate, between
/// fixed comments; the result is parsed back and must be exactly the tables meant (the
/// package, the client binary, the runtime's features and dependencies, and the overrides
/// file's dependencies), so no value can add a key or a table of its own. The overrides'
/// dependencies were checked by `Overrides::check`.
pub fn cargo_toml(info: &CrateInfo, krate: &CratePlan) -> Result<String, EmitError> {
    let features = &krate.default_features;
    let failed = |error: String| EmitError { file: "Cargo.toml".to_owned(), error, tokens: String::new() };
    // The description is text like any other: shown by `cargo` and registries, it keeps no
    // control or bidi character and no line break.
    let description: String =
        info.description.chars().filter(|c| !crate::text::is_unsafe_char(*c) || c.is_whitespace()).collect();
    let description = description.split_whitespace().collect::<Vec<_>>().join(" ");
    let package = PackageTable {
        package: Package {
            name: &info.name,
            version: &info.version,
            edition: "2024",
            rust_version: "1.85",
            description: &description,
            license: &info.license,
            repository: info.repository.as_deref(),
            // Cargo's default is to publish: only the refusal is written.
            publish: (!info.publish).then_some(false),
            readme: "README.md",
        },
    };
    let bin = BinTable { bin: [Bin { name: &info.name, path: "src/bin/cli/main.rs", required_features: ["cli"] }] };
    let package_text = toml::to_string(&package).map_err(|e| failed(e.to_string()))?;
    let bin_text = toml::to_string(&bin).map_err(|e| failed(e.to_string()))?;
    // The runtime's fixed text, with the features the API needs turned on.
    let runtime = runtime_manifest(features);
    let mut text = format!(
        "{MANIFEST_HEADER}\n{package_text}\n# The command-line client: `cargo run --features cli -- --help`.\n\
         {bin_text}\n{runtime}"
    );
    // The runtime's text ends inside `[dependencies]`: each extra one is a line of it.
    for (name, spec) in &krate.dependencies {
        let bare = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        let key = if bare { name.clone() } else { toml::Value::String(name.clone()).to_string() };
        text.push_str(&format!("{key} = {spec}\n"));
    }

    let mut expected: toml::Table = toml::from_str(&runtime).map_err(|e| failed(e.to_string()))?;
    expected.extend(toml::Table::try_from(&package).map_err(|e| failed(e.to_string()))?);
    expected.extend(toml::Table::try_from(&bin).map_err(|e| failed(e.to_string()))?);
    if let Some(toml::Value::Table(dependencies)) = expected.get_mut("dependencies") {
        dependencies.extend(krate.dependencies.iter().cloned());
    }
    let parsed: toml::Table = toml::from_str(&text).map_err(|e| failed(e.to_string()))?;
    if parsed != expected {
        return Err(failed(format!("the manifest does not read back as written:\n{text}")));
    }
    Ok(text)
}

/// The lines that build a client in the README's examples: its base URL when the pages
/// give none, the first documented authentication, every bound parameter.
pub(super) fn client_lines(plan: &Plan, info: &CrateInfo) -> Vec<String> {
    let krate = info.name.replace('-', "_");
    let mut lines = vec![format!("let client = {krate}::Client::builder()")];
    if plan.client.base_url.is_none() {
        lines.push("    .base_url(\"https://api.example.com\")".to_owned());
    }
    let auth = match plan.client.security.first() {
        Some(SecurityScheme::Bearer) => "bearer(\"token\")",
        Some(SecurityScheme::ApiKey) => "api_key(\"X-API-KEY\", \"key\")",
        Some(SecurityScheme::OAuth2ClientCredentials) if plan.client.token_url.is_some() => {
            "oauth2(\"key id\", \"key secret\")"
        }
        _ => "basic(\"key id\", \"key secret\")",
    };
    lines.push(format!("    .auth({krate}::Auth::{auth})"));
    for bound in &plan.client.bound {
        // The name as a Rust string literal: escaped, whatever the overrides file says.
        let value = proc_macro2::Literal::string(&bound.wire);
        lines.push(format!("    .{}({value})", bound.setter.trim_start_matches("r#")));
    }
    lines.push("    .build()?;".to_owned());
    lines
}

/// `pub type Result<T, E = ..>`: the default error body is the one most calls share.
fn result_alias(space: &TypeSpace, plan: &Plan) -> TokenStream {
    let bodies = &plan.error_bodies;
    let default = rust_type(space, &bodies.default);
    let (shared, calls) = bodies.default_calls;
    let which = if shared == calls {
        Doc::fixed("The result of every call of ").then(Doc::item("Client")).then(Doc::fixed("."))
    } else {
        Doc::fixed("The result of a call of ")
            .then(Doc::item("Client"))
            .then(Doc::fixed(": the error body defaults to the one "))
            .then(Doc::number(shared as u64))
            .then(Doc::fixed(" of the "))
            .then(Doc::number(calls as u64))
            .then(Doc::fixed(" calls share; the others name theirs."))
    };
    let doc = doc_attrs(&which.below(Doc::empty_line()).below(Doc::fixed(
        "Read the error with `error.message()`, `error.code()` and `error.status()`; `{:?}` of it is short.",
    )));
    quote! {
        #doc
        pub type Result<T, E = #default> = ::std::result::Result<T, Error<E>>;
    }
}

/// `impl ErrorFields` for each named error body: its documented keys, message and code.
fn error_fields_impls(space: &TypeSpace, plan: &Plan) -> TokenStream {
    plan.error_bodies.named.iter().map(|body| error_fields_impl(space, body)).collect()
}

fn error_fields_impl(space: &TypeSpace, body: &ErrorBodyFields) -> TokenStream {
    let ty = rust_type(space, &crate::model::types::Ty::Named(body.id));
    let keys = (!body.keys.is_empty()).then(|| {
        let keys = &body.keys;
        quote!(const KEYS: &'static [&'static str] = &[#(#keys),*];)
    });
    let message = body.message.as_ref().map(|read| {
        let value = field_value(read, false);
        quote! {
            #[inline]
            fn message(&self) -> ::std::option::Option<&str> {
                #value
            }
        }
    });
    let code = body.code.as_ref().map(|read| {
        let value = field_value(read, true);
        quote! {
            #[inline]
            fn code(&self) -> ::std::option::Option<ErrorCode<'_>> {
                #value
            }
        }
    });
    quote! {
        impl ErrorFields for #ty {
            #keys
            #message
            #code
        }
    }
}

/// The expression reading a field as `Option<&str>`, or as `Option<ErrorCode>` when `code`.
fn field_value(read: &FieldRead, code: bool) -> TokenStream {
    let field = ident(&read.field);
    let owner = match &read.outer {
        None => quote!(self),
        Some((outer, true)) => {
            let outer = ident(outer);
            quote!(self.#outer)
        }
        Some((outer, false)) => {
            let outer = ident(outer);
            quote!(self.#outer.as_ref()?)
        }
    };
    let value = quote!(#owner.#field);
    let some = |inner: TokenStream| quote!(::std::option::Option::Some(#inner));
    match (read.kind, code, read.required) {
        (ReadKind::Text, false, true) => some(quote!(#value.as_str())),
        (ReadKind::Text, false, false) => quote!(#value.as_deref()),
        (ReadKind::Text | ReadKind::TextEnum, true, true) => some(quote!(ErrorCode::Text(#value.as_str()))),
        (ReadKind::Text, true, false) => quote!(#value.as_deref().map(ErrorCode::Text)),
        (ReadKind::TextEnum, _, false) => quote!(#value.as_ref().map(|value| ErrorCode::Text(value.as_str()))),
        (ReadKind::Number, _, true) => some(quote!(ErrorCode::Number(#value))),
        (ReadKind::Number, _, false) => quote!(#value.map(ErrorCode::Number)),
        (ReadKind::NumberEnum, _, true) => some(quote!(ErrorCode::Number(#value.as_i64()))),
        (ReadKind::NumberEnum, _, false) => quote!(#value.as_ref().map(|value| ErrorCode::Number(value.as_i64()))),
        // The plan reads a message only from a `String`.
        (ReadKind::TextEnum, false, true) => some(quote!(#value.as_str())),
    }
}

pub fn lib_rs(space: &TypeSpace, plan: &Plan, info: &CrateInfo) -> TokenStream {
    let client = &plan.client;
    let option = |value: &Option<String>| match value {
        Some(text) => quote!(::std::option::Option::Some(#text)),
        None => quote!(::std::option::Option::None),
    };
    let base_url = option(&client.base_url);
    let regions = &client.regions;
    let default_region = option(&client.default_region);
    let token_url = option(&client.token_url);
    let bound = client.bound.iter().map(|b| &b.wire);
    let schemes = client.security.iter().map(|scheme| {
        let variant = format_ident!("{}", scheme.runtime_name());
        quote!(runtime::SecurityScheme::#variant)
    });
    let setters = client.bound.iter().map(|bound| {
        let method = ident(&bound.setter);
        let wire = &bound.wire;
        let doc = doc_attrs(
            &Doc::fixed("Sets ")
                .then(Doc::code(wire))
                .then(Doc::fixed(", the path parameter every call of this API takes.")),
        );
        quote! {
            #doc
            pub fn #method(self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.bind(#wire, value)
            }
        }
    });
    let name = &info.name;
    let version = &info.version;
    let webhooks = super::webhook_signature::lib_items(info, plan.krate.webhook_signature.as_ref());
    let result = result_alias(space, plan);
    let error_fields = error_fields_impls(space, plan);
    quote! {
        // The crate docs are the README (emit/readme.rs), so that its examples are doctests.
        #![doc = include_str!("../README.md")]

        mod runtime;
        pub mod apis;
        pub mod types;

        pub use runtime::{
            AfterAttempt, Answered, ApiCall, ApiError, Attempt, Auth, AuthError, BeforeAttempt, BodyTooLargeError, BuildError, Client, ClientBuilder, DecodeError, EncodeError, Error, ErrorCode, ErrorFields, FilePart, Hook, Nullable, Paginated, Region, ResponseValue, RetryPolicy, Sending,
        };
        /// The trait of [`Paginated`], what the `..._stream` methods return; its `next` and
        /// `try_collect` need no import.
        pub use ::futures_core::Stream;
        /// The JSON crate the types use (`serde_json::Value`, `extra` maps), so a program
        /// needs no dependency of its own to build or read them.
        pub use ::serde_json;
        /// The HTTP crate the client is built on: [`ResponseValue::headers`], hooks and errors
        /// use its types (`reqwest::StatusCode`, `reqwest::header::HeaderMap`), and
        /// [`ClientBuilder::http_client`] takes a `reqwest::Client` of this version.
        pub use ::reqwest;

        #result

        #webhooks

        /// What the runtime needs to know about this API: servers, regions, auth, bound
        /// parameters.
        #[doc(hidden)]
        pub static API: runtime::ApiInfo = runtime::ApiInfo {
            name: #name,
            version: #version,
            base_url_template: #base_url,
            default_region: #default_region,
            regions: &[#(#regions),*],
            token_url: #token_url,
            bound_params: &[#(#bound),*],
            security: &[#(#schemes),*],
        };

        impl Client {
            /// A builder for a client of this API.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new(&API)
            }
        }

        impl ClientBuilder {
            #(#setters)*
        }

        #error_fields
    }
}
