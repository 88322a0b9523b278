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

/// The file name looked up next to the pages.
pub const FILE_NAME: &str = "doc2rust.toml";

/// The largest overrides file read: a few hundred renames take a few KB.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

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

impl Overrides {
    /// Reads and parses an overrides file, which must be a regular file of at most
    /// [`MAX_FILE_BYTES`] (see [`crate::input`] for how untrusted files are read).
    pub fn load(path: &Path) -> Result<Overrides, Diagnostic> {
        let real = path.canonicalize().map_err(|error| {
            Diagnostic::new(Span::new(path, "", 0), format!("cannot read the overrides file: {error}"))
        })?;
        let bytes = crate::input::read(path, &real, MAX_FILE_BYTES, "an overrides file")?;
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
