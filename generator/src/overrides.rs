//! The overrides file (`doc2rust.toml` next to the pages): what the pages cannot say.
//!
//! Package metadata, servers and regions, the client-bound path parameter, type and method
//! renames, Rust types for chosen fields, and pages to leave out. Every key is checked: an
//! unknown key, type, method or field is a diagnostic at its line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, LineIndex, Span};

pub mod webhook_signature;

/// The file name looked up next to the pages.
pub const FILE_NAME: &str = "doc2rust.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Overrides {
    #[serde(default)]
    pub package: Package,
    #[serde(default)]
    pub client: Client,
    /// Generated type name -> the name to use instead.
    #[serde(default)]
    pub types: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Generated method name -> the name to use instead.
    #[serde(default)]
    pub methods: BTreeMap<Spanned<String>, Spanned<String>>,
    /// `Type.field` (final type name, wire or Rust field name) -> a Rust type path.
    #[serde(default)]
    pub fields: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Extra dependencies of the generated crate, for the types named in `fields`, written
    /// as in Cargo.toml.
    #[serde(default)]
    pub dependencies: BTreeMap<String, toml::Value>,
    /// Pages (paths relative to the specs folder) to leave out.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    #[serde(default)]
    pub webhooks: Webhooks,
    /// Where the file was read from, to locate later diagnostics.
    #[serde(skip)]
    pub source: Option<(std::path::PathBuf, String)>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub name: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    /// Base URL, with `{region}` standing for the region: `https://{region}.example.com`.
    pub base_url: Option<String>,
    #[serde(default)]
    pub regions: Vec<String>,
    pub default_region: Option<String>,
    /// OAuth2 client-credentials token endpoint.
    pub token_url: Option<String>,
    /// Path parameters bound once on the client instead of passed to every method.
    #[serde(default)]
    pub bind: Vec<Spanned<String>>,
}

/// `[webhooks]`: what the webhook pages cannot say.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Webhooks {
    /// How the API signs its webhooks: a preset's name (`signature = "sinch"`) or a
    /// `[webhooks.signature]` table (see [`webhook_signature`]). Turns the generated crate's
    /// `webhooks` feature on by default.
    pub signature: Option<webhook_signature::Signature>,
}

impl Overrides {
    pub fn load(path: &Path) -> Result<Overrides, Diagnostic> {
        let bytes = std::fs::read(path).map_err(|error| {
            Diagnostic::new(Span::new(path, "", 0), format!("cannot read the overrides file: {error}"))
        })?;
        // An empty overrides file is valid TOML that overrides nothing; only a page must
        // not be empty.
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Overrides::parse(path, "");
        }
        let text = crate::parse::check_text(path, &bytes)?.to_owned();
        Overrides::parse(path, &text)
    }

    pub fn parse(path: &Path, text: &str) -> Result<Overrides, Diagnostic> {
        let mut overrides: Overrides = toml::from_str(text).map_err(|error| {
            let index = LineIndex::new(path, text);
            let at = error.span().map_or(0, |span| span.start);
            let message = error.message().trim().trim_end_matches('.').to_owned();
            Diagnostic::new(index.span(at), message)
        })?;
        overrides.source = Some((path.to_path_buf(), text.to_owned()));
        Ok(overrides)
    }

    /// The span of a key or value read from this file.
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        match &self.source {
            Some((path, text)) => LineIndex::new(path, text).span(range.start),
            None => Span::new(Path::new(FILE_NAME), "", 0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_section() {
        let text = r#"
exclude = ["webhooks/old.md"]

[package]
name = "acme"

[client]
base_url = "https://{region}.acme.test"
regions = ["us", "eu"]
bind = ["project_id"]

[types]
ErrorResponse = "ApiErrorBody"

[methods]
create_conversation = "start_conversation"

[fields]
"Conversation.last_received" = "::std::string::String"
"#;
        let overrides = Overrides::parse(Path::new("doc2rust.toml"), text).unwrap();
        assert_eq!(overrides.package.name.as_deref(), Some("acme"));
        assert_eq!(overrides.client.bind[0].get_ref(), "project_id");
        assert_eq!(overrides.types.values().next().unwrap().get_ref(), "ApiErrorBody");
        let key = overrides.methods.keys().next().unwrap();
        assert_eq!(overrides.span(key.span()).line, 16);
    }

    #[test]
    fn unknown_keys_are_located() {
        let text = "[client]\nbase_url = \"x\"\nregion = \"us\"\n";
        let error = Overrides::parse(Path::new("doc2rust.toml"), text).unwrap_err();
        assert_eq!((error.span.line, error.span.column), (3, 1));
        assert!(error.message.contains("unknown field `region`"), "{}", error.message);
    }
}

#[cfg(test)]
mod webhook_tests {
    use super::webhook_signature::{Encoding, Preset};
    use super::*;

    fn parse(text: &str) -> Result<Overrides, Diagnostic> {
        Overrides::parse(Path::new("doc2rust.toml"), text)
    }

    /// `line:column: message` of the diagnostic of a file that must not load.
    fn error(text: &str) -> String {
        let error = parse(text).unwrap_err();
        format!("{}:{}: {}", error.span.line, error.span.column, error.message)
    }

    #[test]
    fn a_preset_by_name_or_a_table_over_one() {
        let signature = parse("[webhooks]\nsignature = \"sinch\"\n").unwrap().webhooks.signature.unwrap();
        assert_eq!(signature.preset, Some(Preset::Sinch));
        assert_eq!(signature.scheme().nonce_header.as_deref(), Some("x-sinch-webhook-signature-nonce"));

        let text = "[webhooks.signature]\npreset = \"stripe\"\nheader = \"X-Acme-Signature\"\n\
                    timestamp_header = \"X-Acme-Time\"\ntolerance = 60\n";
        let signature = parse(text).unwrap().webhooks.signature.unwrap();
        assert_eq!(signature.parts.header.as_deref(), Some("x-acme-signature"), "names are lowercased");
        assert_eq!(signature.tolerance, Some(60));
        let scheme = signature.scheme();
        // A timestamp header replaces the preset's timestamp field; the rest is Stripe's.
        assert_eq!((scheme.timestamp_header.as_deref(), scheme.timestamp_field), (Some("x-acme-time"), None));
        assert_eq!((scheme.encoding, scheme.separator), (Some(Encoding::Hex), Some(',')));

        assert!(parse("").unwrap().webhooks.signature.is_none());
    }

    #[test]
    fn mistakes_are_located_at_their_value_or_table() {
        let cases = [
            ("[webhooks]\nsignature = \"sinh\"\n", "2:13: unknown variant `sinh`, expected one of `sinch`"),
            ("[webhooks]\nsignature = 3\n", "2:13: invalid type: integer `3`, expected a preset's name"),
            ("[webhooks]\nsignatures = \"sinch\"\n", "2:1: unknown field `signatures`, expected `signature`"),
            ("[webhooks.signature]\npreset = \"sinch\"\nheadr = \"x\"\n", "3:1: unknown field `headr`"),
            ("[webhooks.signature]\nheader = \"x y\"\n", "2:10: expected an HTTP header name, found `x y`"),
            ("[webhooks.signature]\nheader = \"x\"\nalgorithm = \"sha1\"\n", "3:13: unknown variant `sha1`"),
            ("[webhooks.signature]\nheader = \"x\"\nseparator = \",,\"\n", "3:13: invalid value: string \",,\""),
            (
                "[webhooks.signature]\nheader = \"x\"\nsigned_content = \"{body}.{secret}\"\n",
                "3:18: expected `{body}`, `{timestamp}` or `{nonce}` in `signed_content`, found `{secret}`",
            ),
            (
                "[webhooks.signature]\nheader = \"x\"\nsigned_content = \"{body}}\"\n",
                "3:18: expected `{` before `}` in `signed_content`, found `}`",
            ),
            ("[webhooks.signature]\nsigned_content = \"{body}\"\n", "1:1: expected `preset` or `header`"),
            (
                "[webhooks.signature]\nheader = \"x\"\nsigned_content = \"{timestamp}\"\ntimestamp_header = \"t\"\n",
                "1:1: expected `{body}` in `signed_content`, found `{timestamp}`",
            ),
            (
                "[webhooks.signature]\nheader = \"x\"\nsigned_content = \"{body}.{nonce}\"\n",
                "1:1: expected `nonce_header` for `{nonce}`",
            ),
            // An unsigned timestamp protects against nothing.
            (
                "[webhooks.signature]\npreset = \"github\"\ntimestamp_header = \"x-time\"\n",
                "1:1: expected `{timestamp}` in `signed_content` (the timestamp must be signed)",
            ),
            (
                "[webhooks.signature]\nheader = \"x\"\nsigned_content = \"{timestamp}.{body}\"\ntimestamp_field = \"t\"\n",
                "1:1: expected `separator` for `timestamp_field`",
            ),
            (
                "[webhooks.signature]\npreset = \"slack\"\ntimestamp_header = \"a\"\ntimestamp_field = \"t\"\n",
                "1:1: expected one of `timestamp_header` and `timestamp_field`, found both",
            ),
            (
                "[webhooks]\nsignature = { preset = \"sinch\", tolerance = 0 }\n",
                "2:13: expected `tolerance` in seconds above 0",
            ),
            (
                "[webhooks.signature]\npreset = \"github\"\ntolerance = 60\n",
                "1:1: expected a timestamp (`timestamp_header` or `timestamp_field`) for `tolerance`",
            ),
        ];
        for (text, expected) in cases {
            let found = error(text);
            assert!(found.starts_with(expected), "{text}\nexpected: {expected}\nfound:    {found}");
        }
    }
}
