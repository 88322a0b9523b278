//! `[webhooks] signature`: how the API signs its webhooks, as a preset's name or a table of
//! the scheme's parts, checked when the file is read so that a mistake is an error at its
//! line. The generated crate's runtime (`runtime/webhook.rs`) implements the schemes; this
//! module only reads and checks their description.
//!
//! ```toml
//! [webhooks]
//! signature = "sinch"
//!
//! # or, field by field (every key optional over a preset; `header` required without one):
//! [webhooks.signature]
//! preset = "stripe"
//! header = "stripe-signature"
//! signed_content = "{timestamp}.{body}"
//! algorithm = "sha256"
//! encoding = "hex"
//! prefix = "v1="
//! separator = ","
//! timestamp_field = "t"
//! tolerance = 300
//! ```

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, de::value::MapAccessDeserializer};

/// The schemes the runtime knows by name (`SignatureScheme::sinch()`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Preset {
    Sinch,
    Github,
    Stripe,
    Slack,
}

const PRESETS: &[&str] = &["sinch", "github", "stripe", "slack"];

impl Preset {
    /// The runtime's constructor of the preset.
    pub fn function(self) -> &'static str {
        match self {
            Preset::Sinch => "sinch",
            Preset::Github => "github",
            Preset::Stripe => "stripe",
            Preset::Slack => "slack",
        }
    }

    /// The preset's parts, as the runtime's constructor sets them.
    fn parts(self) -> Parts {
        let text = |s: &str| Some(s.to_owned());
        match self {
            Preset::Sinch => Parts {
                header: text("x-sinch-webhook-signature"),
                signed_content: text("{body}.{nonce}.{timestamp}"),
                nonce_header: text("x-sinch-webhook-signature-nonce"),
                timestamp_header: text("x-sinch-webhook-signature-timestamp"),
                algorithm_header: text("x-sinch-webhook-signature-algorithm"),
                ..Parts::default()
            },
            Preset::Github => Parts {
                header: text("x-hub-signature-256"),
                encoding: Some(Encoding::Hex),
                prefix: text("sha256="),
                ..Parts::default()
            },
            Preset::Stripe => Parts {
                header: text("stripe-signature"),
                signed_content: text("{timestamp}.{body}"),
                encoding: Some(Encoding::Hex),
                prefix: text("v1="),
                separator: Some(','),
                timestamp_field: text("t"),
                ..Parts::default()
            },
            Preset::Slack => Parts {
                header: text("x-slack-signature"),
                signed_content: text("v0:{timestamp}:{body}"),
                encoding: Some(Encoding::Hex),
                prefix: text("v0="),
                timestamp_header: text("x-slack-request-timestamp"),
                ..Parts::default()
            },
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    Sha256,
    Sha384,
    Sha512,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    Base64,
    Hex,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimestampUnit {
    Seconds,
    Milliseconds,
}

/// The parts of a scheme that a table sets; `None` keeps the preset's (or the runtime's
/// default: HMAC-SHA256, base64, `{body}`, no prefix, seconds).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parts {
    pub header: Option<String>,
    pub signed_content: Option<String>,
    pub algorithm: Option<Algorithm>,
    pub encoding: Option<Encoding>,
    pub prefix: Option<String>,
    pub separator: Option<char>,
    pub timestamp_header: Option<String>,
    pub timestamp_field: Option<String>,
    pub timestamp_unit: Option<TimestampUnit>,
    pub nonce_header: Option<String>,
    pub algorithm_header: Option<String>,
}

/// A checked `[webhooks] signature`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub preset: Option<Preset>,
    /// What the file sets over the preset; header names in lowercase.
    pub parts: Parts,
    /// Seconds a timestamp may be from the clock; `None` for the runtime's five minutes.
    pub tolerance: Option<u64>,
}

/// The table form: [`Parts`] plus the preset and the tolerance (spelled out: serde's
/// `flatten` would lose `deny_unknown_fields`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    preset: Option<Preset>,
    tolerance: Option<u64>,
    #[serde(default, deserialize_with = "header_name")]
    header: Option<String>,
    #[serde(default, deserialize_with = "template")]
    signed_content: Option<String>,
    algorithm: Option<Algorithm>,
    encoding: Option<Encoding>,
    prefix: Option<String>,
    separator: Option<char>,
    #[serde(default, deserialize_with = "header_name")]
    timestamp_header: Option<String>,
    timestamp_field: Option<String>,
    timestamp_unit: Option<TimestampUnit>,
    #[serde(default, deserialize_with = "header_name")]
    nonce_header: Option<String>,
    #[serde(default, deserialize_with = "header_name")]
    algorithm_header: Option<String>,
}

/// A header name, in lowercase; checked as the value is read, so an error points at it.
fn header_name<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let name = String::deserialize(deserializer)?;
    check_header_name(&name).map_err(de::Error::custom)?;
    Ok(Some(name.to_ascii_lowercase()))
}

/// A signed-content template, checked as the value is read.
fn template<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let template = String::deserialize(deserializer)?;
    placeholders(&template).map_err(de::Error::custom)?;
    Ok(Some(template))
}

impl<'de> Deserialize<'de> for Signature {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Signature, D::Error> {
        struct SignatureVisitor;

        impl<'de> Visitor<'de> for SignatureVisitor {
            type Value = Signature;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a preset's name (\"sinch\", \"github\", \"stripe\", \"slack\") or a table")
            }

            fn visit_str<E: de::Error>(self, name: &str) -> Result<Signature, E> {
                let preset = Preset::deserialize(de::value::StrDeserializer::<E>::new(name))
                    .map_err(|_| E::unknown_variant(name, PRESETS))?;
                Ok(Signature { preset: Some(preset), parts: Parts::default(), tolerance: None })
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Signature, A::Error> {
                let t = Table::deserialize(MapAccessDeserializer::new(map))?;
                let parts = Parts {
                    header: t.header,
                    signed_content: t.signed_content,
                    algorithm: t.algorithm,
                    encoding: t.encoding,
                    prefix: t.prefix,
                    separator: t.separator,
                    timestamp_header: t.timestamp_header,
                    timestamp_field: t.timestamp_field,
                    timestamp_unit: t.timestamp_unit,
                    nonce_header: t.nonce_header,
                    algorithm_header: t.algorithm_header,
                };
                Signature::checked(t.preset, parts, t.tolerance).map_err(de::Error::custom)
            }
        }

        deserializer.deserialize_any(SignatureVisitor)
    }
}

impl Signature {
    /// The scheme if its parts fit together (checked as a whole, so errors point at the
    /// table). The value checks are done as the values are read: header names, template syntax.
    fn checked(preset: Option<Preset>, parts: Parts, tolerance: Option<u64>) -> Result<Signature, String> {
        if parts.timestamp_header.is_some() && parts.timestamp_field.is_some() {
            return Err("expected one of `timestamp_header` and `timestamp_field`, found both".to_owned());
        }
        let scheme = parts.clone().over(preset.map(Preset::parts).unwrap_or_default());
        if scheme.header.is_none() {
            return Err("expected `preset` or `header` (the header that holds the signature), found neither".to_owned());
        }
        let content = scheme.signed_content.as_deref().unwrap_or("{body}");
        let placeholders = placeholders(content)?;
        if !placeholders.contains(&"{body}") {
            return Err(format!("expected `{{body}}` in `signed_content`, found `{content}`"));
        }
        let has_timestamp = scheme.timestamp_header.is_some() || scheme.timestamp_field.is_some();
        // An unsigned timestamp could be changed by anyone: it would protect against nothing.
        if has_timestamp != placeholders.contains(&"{timestamp}") {
            return Err(if has_timestamp {
                format!(
                    "expected `{{timestamp}}` in `signed_content` (the timestamp must be signed), found `{content}`"
                )
            } else {
                "expected `timestamp_header` or `timestamp_field` for `{timestamp}` in `signed_content`, found neither"
                    .to_owned()
            });
        }
        if placeholders.contains(&"{nonce}") && scheme.nonce_header.is_none() {
            return Err("expected `nonce_header` for `{nonce}` in `signed_content`, found none".to_owned());
        }
        if scheme.timestamp_field.is_some() && scheme.separator.is_none() {
            return Err(
                "expected `separator` for `timestamp_field` (the parts of the signature header), found none".to_owned()
            );
        }
        match tolerance {
            Some(0) => return Err("expected `tolerance` in seconds above 0, found 0".to_owned()),
            Some(_) if !has_timestamp => {
                return Err(
                    "expected a timestamp (`timestamp_header` or `timestamp_field`) for `tolerance`, found none"
                        .to_owned(),
                );
            }
            _ => {}
        }
        Ok(Signature { preset, parts, tolerance })
    }

    /// The preset's parts with this file's over them: the scheme the crate will check.
    pub fn scheme(&self) -> Parts {
        self.parts.clone().over(self.preset.map(Preset::parts).unwrap_or_default())
    }
}

impl Parts {
    /// These parts where set, `base`'s elsewhere. A timestamp source replaces the other.
    fn over(self, base: Parts) -> Parts {
        let timestamp_set = self.timestamp_header.is_some() || self.timestamp_field.is_some();
        Parts {
            header: self.header.or(base.header),
            signed_content: self.signed_content.or(base.signed_content),
            algorithm: self.algorithm.or(base.algorithm),
            encoding: self.encoding.or(base.encoding),
            prefix: self.prefix.or(base.prefix),
            separator: self.separator.or(base.separator),
            timestamp_header: if timestamp_set { self.timestamp_header } else { base.timestamp_header },
            timestamp_field: if timestamp_set { self.timestamp_field } else { base.timestamp_field },
            timestamp_unit: self.timestamp_unit.or(base.timestamp_unit),
            nonce_header: self.nonce_header.or(base.nonce_header),
            algorithm_header: self.algorithm_header.or(base.algorithm_header),
        }
    }
}

/// An HTTP header name: one or more token characters (RFC 9110 section 5.6.2).
fn check_header_name(name: &str) -> Result<(), String> {
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if name.is_empty() || !name.chars().all(token) {
        return Err(format!("expected an HTTP header name, found `{name}`"));
    }
    Ok(())
}

/// The placeholders of a signed-content template, each `{body}`, `{timestamp}` or `{nonce}`.
fn placeholders(template: &str) -> Result<Vec<&str>, String> {
    let mut found = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        if let Some(stray) = rest[..open].find('}') {
            return Err(format!("expected `{{` before `}}` in `signed_content`, found `{}`", &rest[..=stray]));
        }
        let placeholder = &rest[open..];
        let close = placeholder.find('}').map_or(placeholder.len(), |close| close + 1);
        let name = &placeholder[..close];
        if !["{body}", "{timestamp}", "{nonce}"].contains(&name) {
            return Err(format!(
                "expected `{{body}}`, `{{timestamp}}` or `{{nonce}}` in `signed_content`, found `{name}`"
            ));
        }
        found.push(name);
        rest = &placeholder[close..];
    }
    if let Some(stray) = rest.find('}') {
        return Err(format!("expected `{{` before `}}` in `signed_content`, found `{}`", &rest[..=stray]));
    }
    Ok(found)
}
