//! The overrides file (`doc2rust.toml` next to the pages): what the pages cannot say.
//!
//! Package metadata, servers and regions, the client-bound path parameter, type and method
//! renames, response types the pages leave out, Rust types for chosen fields, and pages to
//! leave out. Every key is checked: an
//! unknown key, type, method or field is a diagnostic at its line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, FileId, LineIndex, Span};

pub mod webhook_signature;

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
    /// A method whose pages document no success body (keyed as in `methods`) -> the
    /// generated type its success body decodes into.
    #[serde(default)]
    pub responses: BTreeMap<Spanned<String>, Spanned<String>>,
    /// `Type.field` (final type name, wire or Rust field name) -> a Rust type path.
    #[serde(default)]
    pub fields: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Extra dependencies of the generated crate, for the types named in `fields`, written
    /// as in Cargo.toml (see [`Overrides::check`] for what is accepted).
    #[serde(default)]
    pub dependencies: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    /// Pages (paths relative to the specs folder) to leave out.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    #[serde(default)]
    pub webhooks: Webhooks,
    /// Where the file was read from, to locate later diagnostics.
    #[serde(skip)]
    pub source: Option<(FileId, String)>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub name: Option<Spanned<String>>,
    pub version: Option<Spanned<String>>,
    pub description: Option<String>,
    /// An SPDX license expression (`MIT OR Apache-2.0`, the default).
    pub license: Option<Spanned<String>>,
    /// The crate's source repository, an `https://` URL.
    pub repository: Option<Spanned<String>>,
    /// Whether `cargo publish` may upload the crate (default `false`: a crate generated
    /// from a vendor's pages is published on purpose, not by a workspace-wide publish).
    pub publish: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    /// Base URL, with `{region}` standing for the region: `https://{region}.example.com`.
    pub base_url: Option<String>,
    #[serde(default)]
    pub regions: Vec<Spanned<String>>,
    pub default_region: Option<Spanned<String>>,
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
    /// Reads and parses an overrides file, which must be a regular file of at most
    /// [`MAX_FILE_BYTES`] (see `input.rs` and the README's "Untrusted input" for how untrusted files are read).
    /// `file` names `path` in diagnostics.
    pub fn load(path: &Path, file: FileId) -> Result<Overrides, Diagnostic> {
        let real = path
            .canonicalize()
            .map_err(|error| Diagnostic::new(Span::start(file), format!("cannot read the overrides file: {error}")))?;
        let bytes = crate::input::read(file, &real, MAX_FILE_BYTES, "an overrides file")?;
        // An empty overrides file is valid TOML that overrides nothing; only a page must
        // not be empty.
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Overrides::parse(file, "");
        }
        let text = crate::parse::check_text(file, &bytes)?.to_owned();
        Overrides::parse(file, &text)
    }

    /// The overrides `text` says, the contents of `file`.
    pub fn parse(file: FileId, text: &str) -> Result<Overrides, Diagnostic> {
        let mut overrides: Overrides = toml::from_str(text).map_err(|error| {
            let index = LineIndex::new(file, text);
            let at = error.span().map_or(0, |span| span.start);
            let message = error.message().trim().trim_end_matches('.').to_owned();
            Diagnostic::new(index.span(at), message)
        })?;
        overrides.source = Some((file, text.to_owned()));
        Ok(overrides)
    }

    /// The span of a key or value read from this file.
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        match &self.source {
            Some((file, text)) => LineIndex::new(*file, text).span(range.start),
            // Only a file read has keys and values with a span.
            None => {
                debug_assert!(false, "a span of overrides read from no file");
                Span::start(FileId::default())
            }
        }
    }
}

impl Overrides {
    /// What the file says that the generated crate takes as is, checked: the package name
    /// ([`crate::naming::check_package_name`]) and version (semver), the regions (DNS labels,
    /// as the generated client checks them), and each dependency (see
    /// [`check_dependency`]). Every problem is a diagnostic at its value.
    pub fn check(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        if let Some(name) = &self.package.name {
            if let Err(expected) = crate::naming::check_package_name(name.get_ref()) {
                problems.push(Diagnostic::expected(self.span(name.span()), expected, quoted(name.get_ref())));
            }
        }
        if let Some(version) = &self.package.version {
            if semver::Version::parse(version.get_ref()).is_err() {
                problems.push(Diagnostic::expected(
                    self.span(version.span()),
                    "a semantic version such as `0.1.0`",
                    quoted(version.get_ref()),
                ));
            }
        }
        if let Some(license) = &self.package.license {
            let text = license.get_ref();
            let allowed = |c: char| c.is_ascii_alphanumeric() || " .-+()".contains(c);
            if text.trim().is_empty() || !text.chars().all(allowed) {
                problems.push(Diagnostic::expected(
                    self.span(license.span()),
                    "an SPDX license expression such as `MIT OR Apache-2.0`",
                    quoted(text),
                ));
            }
        }
        if let Some(repository) = &self.package.repository {
            let text = repository.get_ref();
            let host = text.strip_prefix("https://").unwrap_or_default();
            if host.is_empty() || text.len() > 2048 || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
                problems.push(Diagnostic::expected(
                    self.span(repository.span()),
                    "an `https://` URL without spaces",
                    quoted(text),
                ));
            }
        }
        for region in self.client.regions.iter().chain(&self.client.default_region) {
            if !is_host_label(region.get_ref()) {
                problems.push(Diagnostic::expected(
                    self.span(region.span()),
                    "a region that is a host name label (lowercase ASCII letters, digits and `-`, at most 63, \
                     not starting or ending with `-`)",
                    quoted(region.get_ref()),
                ));
            }
        }
        let runtime =
            if self.dependencies.is_empty() { Vec::new() } else { crate::runtime_files::runtime_dependency_names() };
        for (name, spec) in &self.dependencies {
            if let Err((expected, found)) = check_dependency_name(name.get_ref(), &runtime) {
                problems.push(Diagnostic::expected(self.span(name.span()), expected, found));
            }
            if let Err((expected, found)) = check_dependency(spec.get_ref()) {
                problems.push(Diagnostic::expected(self.span(spec.span()), expected, found));
            }
        }
        problems
    }
}

/// Whether a region can stand in a host name: one DNS label of lowercase ASCII letters,
/// digits and `-`, 1 to 63 characters, no `-` at either end. The generated client checks
/// regions the same way (`runtime/client.rs`).
pub fn is_host_label(text: &str) -> bool {
    (1..=63).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !text.starts_with('-')
        && !text.ends_with('-')
}

/// An "expected ..., found ..." pair.
type Problem = (String, String);

fn quoted(text: &str) -> String {
    format!("`{}`", text.escape_debug())
}

/// A dependency's name (its key in `[dependencies]`) by Cargo's rules: ASCII letters,
/// digits, `-` and `_`, not starting with a digit or `-`, at most 64 characters; its crate
/// name (`-` as `_`) is how `[fields]` types name it, so not a keyword or `_`; and not one
/// of the runtime's dependencies, which the manifest already has.
fn check_dependency_name(name: &str, runtime: &[String]) -> Result<(), Problem> {
    let valid = (1..=crate::naming::MAX_PACKAGE_NAME_LEN).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
    let krate = name.replace('-', "_");
    if !valid || krate == "_" || crate::naming::is_keyword(&krate) {
        let expected = "a dependency name of ASCII letters, digits, `-` and `_` that starts with a letter or `_` \
                        and is not a Rust keyword";
        return Err((expected.to_owned(), quoted(name)));
    }
    if runtime.iter().any(|dependency| dependency.replace('-', "_") == krate) {
        return Err((
            "a dependency the generated runtime does not have already".to_owned(),
            format!("`{name}`, which it has"),
        ));
    }
    Ok(())
}

/// The keys a dependency table may have; `path` and `git` with the limits of
/// [`check_dependency`].
const DEPENDENCY_KEYS: &[&str] = &[
    "version",
    "features",
    "default-features",
    "optional",
    "package",
    "registry",
    "git",
    "branch",
    "tag",
    "rev",
    "path",
];

/// A dependency as Cargo.toml writes it: a version requirement (`"1.2"`), or a table of
/// `DEPENDENCY_KEYS` with a `version`, `git` or `path` (each value of the type Cargo
/// expects, names by Cargo's rules). Places to fetch code from are limited: `git` only over
/// `https://` or `ssh://`, and `path` only relative and inside the generated crate (no
/// `..`), so an overrides file cannot make a build read a folder elsewhere on the machine.
pub fn check_dependency(spec: &toml::Value) -> Result<(), Problem> {
    use toml::Value;
    let version = |key: &str, value: &Value| match value {
        Value::String(text) if semver::VersionReq::parse(text).is_ok() => Ok(()),
        other => Err((format!("`{key}` as a version requirement such as `1.2`"), found(other))),
    };
    let table = match spec {
        Value::String(_) => return version("version", spec),
        Value::Table(table) => table,
        other => return Err(("a version requirement or a dependency table".to_owned(), found(other))),
    };
    for (key, value) in table {
        match key.as_str() {
            "version" => version(key, value)?,
            "default-features" | "optional" => {
                if !value.is_bool() {
                    return Err((format!("`{key}` as `true` or `false`"), found(value)));
                }
            }
            "features" => {
                let names =
                    value.as_array().filter(|items| items.iter().all(|i| i.as_str().is_some_and(is_feature_name)));
                if names.is_none() {
                    return Err(("`features` as a list of feature names".to_owned(), found(value)));
                }
            }
            "package" | "registry" => {
                let valid = value.as_str().is_some_and(|name| {
                    (1..=crate::naming::MAX_PACKAGE_NAME_LEN).contains(&name.len())
                        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                        && name.starts_with(|c: char| c.is_ascii_alphabetic())
                });
                if !valid {
                    return Err((format!("`{key}` as a name of ASCII letters, digits, `-` and `_`"), found(value)));
                }
            }
            "git" => {
                let valid = value.as_str().is_some_and(|url| {
                    (url.starts_with("https://") || url.starts_with("ssh://"))
                        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
                });
                if !valid {
                    return Err(("`git` as an `https://` or `ssh://` URL".to_owned(), found(value)));
                }
            }
            "branch" | "tag" | "rev" => {
                let valid = value.as_str().is_some_and(|text| {
                    !text.is_empty()
                        && !text.starts_with('-')
                        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
                });
                if !valid || !table.contains_key("git") {
                    return Err((format!("`{key}` as a git reference, beside `git`"), found(value)));
                }
            }
            "path" => {
                let inside = value.as_str().is_some_and(|path| {
                    !path.is_empty()
                        && !path.chars().any(char::is_control)
                        && std::path::Path::new(path).components().all(|c| matches!(c, std::path::Component::Normal(_)))
                        && !path.contains('\\')
                        && !path.starts_with('/')
                });
                if !inside {
                    return Err((
                        "`path` as a relative path inside the generated crate (no `..`)".to_owned(),
                        found(value),
                    ));
                }
            }
            other => {
                let keys: Vec<String> = DEPENDENCY_KEYS.iter().map(|k| format!("`{k}`")).collect();
                return Err((format!("a dependency key (one of {})", keys.join(", ")), quoted(other)));
            }
        }
    }
    if !["version", "git", "path"].iter().any(|key| table.contains_key(*key)) {
        return Err((
            "a dependency table with a `version`, `git` or `path`".to_owned(),
            "a table without any".to_owned(),
        ));
    }
    Ok(())
}

/// A feature name by Cargo's rules: ASCII letters, digits, `_`, `-`, `+` and `.`, starting
/// with a letter, digit or `_`.
fn is_feature_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'.'))
}

/// A TOML value in a diagnostic, escaped and cut short.
fn found(value: &toml::Value) -> String {
    let text = match value {
        toml::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let short: String = text.chars().take(80).collect();
    let ellipsis = if short.len() < text.len() { "..." } else { "" };
    format!("`{}`{ellipsis}", short.escape_debug())
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
        let overrides = Overrides::parse(FileId::default(), text).unwrap();
        assert_eq!(overrides.package.name.as_ref().map(Spanned::get_ref).map(String::as_str), Some("acme"));
        assert_eq!(overrides.client.bind[0].get_ref(), "project_id");
        assert_eq!(overrides.types.values().next().unwrap().get_ref(), "ApiErrorBody");
        let key = overrides.methods.keys().next().unwrap();
        assert_eq!(overrides.span(key.span()).line, 16);
    }

    #[test]
    fn unknown_keys_are_located() {
        let text = "[client]\nbase_url = \"x\"\nregion = \"us\"\n";
        let error = Overrides::parse(FileId::default(), text).unwrap_err();
        assert_eq!((error.span.line, error.span.column), (3, 1));
        assert!(error.message.contains("unknown field `region`"), "{}", error.message);
    }
}

#[cfg(test)]
mod webhook_tests {
    use super::webhook_signature::{Encoding, Preset};
    use super::*;

    fn parse(text: &str) -> Result<Overrides, Diagnostic> {
        Overrides::parse(FileId::default(), text)
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
