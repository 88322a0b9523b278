//! The runtime that ships inside every generated crate: its source files, copied verbatim,
//! and the names it takes, which generated code must leave to it.

/// The runtime's source files, copied verbatim into every generated crate.
pub fn runtime_files() -> &'static [(&'static str, &'static str)] {
    &[
        ("auth.rs", include_str!("runtime/auth.rs")),
        ("call.rs", include_str!("runtime/call.rs")),
        ("client.rs", include_str!("runtime/client.rs")),
        ("error.rs", include_str!("runtime/error.rs")),
        ("file_part.rs", include_str!("runtime/file_part.rs")),
        ("hook.rs", include_str!("runtime/hook.rs")),
        ("mod.rs", include_str!("runtime/mod.rs")),
        ("multipart.rs", include_str!("runtime/multipart.rs")),
        ("nullable.rs", include_str!("runtime/nullable.rs")),
        ("one_of.rs", include_str!("runtime/one_of.rs")),
        ("open_enum.rs", include_str!("runtime/open_enum.rs")),
        ("pagination.rs", include_str!("runtime/pagination.rs")),
        ("record.rs", include_str!("runtime/record.rs")),
        ("request.rs", include_str!("runtime/request.rs")),
        ("retry.rs", include_str!("runtime/retry.rs")),
        ("webhook.rs", include_str!("runtime/webhook.rs")),
    ]
}

/// Dependencies of the runtime that ships inside every generated crate: the manifest's
/// `[features]` and `[dependencies]` tables, comments included, ending inside the latter.
pub const RUNTIME_DEPENDENCIES: &str = include_str!("runtime/dependencies.toml");

/// The names of the runtime's dependencies, which an overrides file cannot add again.
pub(crate) fn runtime_dependency_names() -> Vec<String> {
    let table: toml::Table = toml::from_str(RUNTIME_DEPENDENCIES).unwrap_or_default();
    table.get("dependencies").and_then(toml::Value::as_table).map(|d| d.keys().cloned().collect()).unwrap_or_default()
}

/// Methods of the runtime's `Client` (generator/src/runtime/client.rs), plus `builder`
/// (emitted in lib.rs). A test checks the list against the runtime's source.
pub const RUNTIME_CLIENT_METHODS: &[&str] = &["base_url", "bound", "builder", "inner", "request"];

/// Methods of the runtime's `ClientBuilder`; bound-parameter setters avoid them. A test checks
/// the list against the runtime's source.
pub const RUNTIME_BUILDER_METHODS: &[&str] = &[
    "allow_insecure_http",
    "auth",
    "base_url",
    "bind",
    "build",
    "connect_timeout",
    "default_header",
    "hook",
    "http_client",
    "max_error_body_bytes",
    "max_response_bytes",
    "new",
    "region",
    "retry_policy",
    "timeout",
    "token_url",
    "user_agent",
];

/// Names at the root of every generated crate: a generated type never takes one, so that
/// `use sdk::types::*` next to `use sdk::Error` never clashes.
pub const CRATE_ROOT_NAMES: &[&str] = &[
    "API",
    "AfterAttempt",
    "Answered",
    "ApiCall",
    "ApiError",
    "Attempt",
    "Auth",
    "AuthError",
    "BeforeAttempt",
    "BodyTooLargeError",
    "BuildError",
    "Client",
    "ClientBuilder",
    "DecodeError",
    "EncodeError",
    "Error",
    "ErrorCode",
    "ErrorFields",
    "FilePart",
    "HmacAlgorithm",
    "Hook",
    "Nullable",
    "Paginated",
    "Region",
    "ResponseValue",
    "Result",
    "RetryPolicy",
    "Sending",
    "SignatureEncoding",
    "SignatureScheme",
    "Stream",
    "TimestampUnit",
    "Verified",
    "WebhookError",
    "WebhookVerifier",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The methods of the inherent `impl <type_name>` blocks of a runtime file, whatever their
    /// visibility: a generated method of the same name would not compile either way.
    fn public_methods(source: &str, type_name: &str) -> Vec<String> {
        let file = syn::parse_file(source).expect("the runtime parses");
        let mut names = Vec::new();
        for item in file.items {
            let syn::Item::Impl(block) = item else { continue };
            let syn::Type::Path(path) = &*block.self_ty else { continue };
            if block.trait_.is_some() || !path.path.is_ident(type_name) {
                continue;
            }
            for item in block.items {
                if let syn::ImplItem::Fn(function) = item {
                    names.push(function.sig.ident.to_string());
                }
            }
        }
        names.sort();
        names
    }

    #[test]
    fn runtime_method_lists_match_the_runtime() {
        let source = include_str!("runtime/client.rs");
        let mut client = public_methods(source, "Client");
        client.push("builder".to_owned());
        client.sort();
        assert_eq!(client, RUNTIME_CLIENT_METHODS, "update RUNTIME_CLIENT_METHODS");
        assert_eq!(public_methods(source, "ClientBuilder"), RUNTIME_BUILDER_METHODS, "update RUNTIME_BUILDER_METHODS");
    }
}

/// A security scheme the runtime implements (`runtime::SecurityScheme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SecurityScheme {
    Basic,
    OAuth2ClientCredentials,
    Bearer,
    ApiKey,
}

impl SecurityScheme {
    /// The variant's name in the runtime.
    pub fn runtime_name(self) -> &'static str {
        match self {
            SecurityScheme::Basic => "Basic",
            SecurityScheme::OAuth2ClientCredentials => "OAuth2ClientCredentials",
            SecurityScheme::Bearer => "Bearer",
            SecurityScheme::ApiKey => "ApiKey",
        }
    }
}

/// The runtime scheme a `Security:` name stands for, by the words it holds (`Basic`,
/// `oAuth2`, `BearerAuth`, `ApiKeyAuth`); `None` for a scheme the runtime does not implement
/// (`CookieAuth`, Sinch Verification's signed `Application` requests).
pub fn security_scheme(name: &str) -> Option<SecurityScheme> {
    let words: String = name.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    if words.contains("basic") {
        Some(SecurityScheme::Basic)
    } else if words.contains("oauth") {
        Some(SecurityScheme::OAuth2ClientCredentials)
    } else if words.contains("apikey") || words == "key" {
        Some(SecurityScheme::ApiKey)
    } else if words.contains("bearer") || words.contains("token") || words.contains("jwt") {
        Some(SecurityScheme::Bearer)
    } else {
        None
    }
}
