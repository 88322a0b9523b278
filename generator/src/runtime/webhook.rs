//! Webhook signature verification (the `webhooks` feature): a small family of HMAC schemes
//! (header names, signed-content template, algorithm, encoding, prefix), checked in constant
//! time, with a timestamp tolerance against replays.
//!
//! The API's own scheme comes from `doc2rust.toml` (`[webhooks] signature = "sinch"`); the
//! crate root then offers `WebhookVerifier::new(secret)` for it. Any other scheme of the
//! family: [`WebhookVerifier::with_scheme`] with a [`SignatureScheme`] preset or built field
//! by field.

// Functions are `#[inline]`, see `mod.rs`.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{Hmac, KeyInit, Mac};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

/// The hash function of the HMAC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HmacAlgorithm {
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA384.
    Sha384,
    /// HMAC-SHA512.
    Sha512,
}

impl HmacAlgorithm {
    /// The algorithm's name as Sinch's `x-sinch-webhook-signature-algorithm` header writes
    /// it (the Java name): `HmacSHA256`.
    #[inline]
    pub fn name(self) -> &'static str {
        match self {
            HmacAlgorithm::Sha256 => "HmacSHA256",
            HmacAlgorithm::Sha384 => "HmacSHA384",
            HmacAlgorithm::Sha512 => "HmacSHA512",
        }
    }

    /// The algorithm named `HmacSHA256`, `HmacSHA384` or `HmacSHA512`, in any letter case.
    #[inline]
    pub fn from_name(name: &str) -> Option<HmacAlgorithm> {
        [
            HmacAlgorithm::Sha256,
            HmacAlgorithm::Sha384,
            HmacAlgorithm::Sha512,
        ]
        .into_iter()
        .find(|algorithm| algorithm.name().eq_ignore_ascii_case(name))
    }
}

/// How the signature bytes are written in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureEncoding {
    /// Standard base64 with padding (RFC 4648 section 4).
    Base64,
    /// Hexadecimal, either letter case.
    Hex,
}

/// What a timestamp counts since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimestampUnit {
    /// Whole seconds (Sinch, Stripe, Slack).
    Seconds,
    /// Whole milliseconds.
    Milliseconds,
}

/// Where the signing timestamp is read.
#[derive(Debug, Clone, PartialEq, Eq)]
enum TimestampSource {
    /// A header of its own.
    Header(Cow<'static, str>),
    /// A `key=value` field of the signature header (Stripe's `t=`).
    Field(Cow<'static, str>),
}

/// How a vendor signs its webhooks: which headers carry what, which bytes are signed, and
/// how the signature is written.
///
/// The signed content is a template over the raw body and header values: `{body}`,
/// `{timestamp}` and `{nonce}` stand for the raw request body, the timestamp exactly as
/// sent and the nonce header's value; everything else is literal. The signature header holds
/// one signature, or several separated by [`separator`](Self::separator), each after
/// [`prefix`](Self::prefix); a request is authentic when any of them matches.
///
/// ```text
/// sinch():  x-sinch-webhook-signature: base64(HMAC-SHA256(secret, "{body}.{nonce}.{timestamp}"))
/// stripe(): stripe-signature: t=<timestamp>,v1=hex(HMAC-SHA256(secret, "{timestamp}.{body}"))
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureScheme {
    signature_header: Cow<'static, str>,
    signed_content: Cow<'static, str>,
    algorithm: HmacAlgorithm,
    encoding: SignatureEncoding,
    prefix: Cow<'static, str>,
    separator: Option<char>,
    timestamp: Option<TimestampSource>,
    timestamp_unit: TimestampUnit,
    nonce_header: Option<Cow<'static, str>>,
    algorithm_header: Option<Cow<'static, str>>,
}

/// Header names compare in lowercase, as HTTP/2 sends them and `HeaderMap` stores them.
#[inline]
fn lowercase(name: impl Into<Cow<'static, str>>) -> Cow<'static, str> {
    let name = name.into();
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        name
    }
}

impl SignatureScheme {
    /// A scheme with the signature in `signature_header`: base64 HMAC-SHA256 of the raw body,
    /// no prefix, no timestamp, no nonce. The other methods change one part each.
    #[inline]
    pub fn new(signature_header: impl Into<Cow<'static, str>>) -> SignatureScheme {
        SignatureScheme {
            signature_header: lowercase(signature_header),
            signed_content: Cow::Borrowed("{body}"),
            algorithm: HmacAlgorithm::Sha256,
            encoding: SignatureEncoding::Base64,
            prefix: Cow::Borrowed(""),
            separator: None,
            timestamp: None,
            timestamp_unit: TimestampUnit::Seconds,
            nonce_header: None,
            algorithm_header: None,
        }
    }

    /// Sinch's Conversation API callbacks: `x-sinch-webhook-signature` is
    /// `base64(HMAC-SHA256(secret, "{body}.{nonce}.{timestamp}"))`, with the nonce and the
    /// timestamp (Unix seconds) in `x-sinch-webhook-signature-nonce` and
    /// `x-sinch-webhook-signature-timestamp`.
    ///
    /// `x-sinch-webhook-signature-algorithm`, when sent, must name `HmacSHA256`,
    /// `HmacSHA384` or `HmacSHA512` (what Sinch's .NET SDK accepts; Sinch sends
    /// `HmacSHA256`); when absent, HMAC-SHA256 is used.
    #[inline]
    pub fn sinch() -> SignatureScheme {
        SignatureScheme::new("x-sinch-webhook-signature")
            .signed_content("{body}.{nonce}.{timestamp}")
            .nonce_header("x-sinch-webhook-signature-nonce")
            .timestamp_header("x-sinch-webhook-signature-timestamp")
            .algorithm_header("x-sinch-webhook-signature-algorithm")
    }

    /// GitHub's webhooks: `x-hub-signature-256: sha256=<hex HMAC-SHA256 of the body>`. GitHub
    /// signs no timestamp, so there is no replay protection to offer.
    #[inline]
    pub fn github() -> SignatureScheme {
        SignatureScheme::new("x-hub-signature-256")
            .encoding(SignatureEncoding::Hex)
            .prefix("sha256=")
    }

    /// Stripe's webhooks: `stripe-signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]`, each
    /// `v1` an HMAC-SHA256 of `"{timestamp}.{body}"` (several while a secret is rolled);
    /// other fields (`v0=`) are ignored.
    #[inline]
    pub fn stripe() -> SignatureScheme {
        SignatureScheme::new("stripe-signature")
            .signed_content("{timestamp}.{body}")
            .encoding(SignatureEncoding::Hex)
            .prefix("v1=")
            .separator(',')
            .timestamp_field("t")
    }

    /// Slack's requests: `x-slack-signature: v0=<hex HMAC-SHA256 of "v0:{timestamp}:{body}">`,
    /// the timestamp (Unix seconds) in `x-slack-request-timestamp`.
    #[inline]
    pub fn slack() -> SignatureScheme {
        SignatureScheme::new("x-slack-signature")
            .signed_content("v0:{timestamp}:{body}")
            .encoding(SignatureEncoding::Hex)
            .prefix("v0=")
            .timestamp_header("x-slack-request-timestamp")
    }

    /// The template of the signed bytes, over `{body}`, `{timestamp}` and `{nonce}`.
    #[inline]
    pub fn signed_content(mut self, template: impl Into<Cow<'static, str>>) -> SignatureScheme {
        self.signed_content = template.into();
        self
    }

    /// The HMAC's hash function (default HMAC-SHA256).
    #[inline]
    pub fn algorithm(mut self, algorithm: HmacAlgorithm) -> SignatureScheme {
        self.algorithm = algorithm;
        self
    }

    /// How the signature is written (default base64).
    #[inline]
    pub fn encoding(mut self, encoding: SignatureEncoding) -> SignatureScheme {
        self.encoding = encoding;
        self
    }

    /// Text before each signature in the header (`sha256=`, `v1=`); with a
    /// [`separator`](Self::separator), parts without it are not signatures and are skipped.
    #[inline]
    pub fn prefix(mut self, prefix: impl Into<Cow<'static, str>>) -> SignatureScheme {
        self.prefix = prefix.into();
        self
    }

    /// The signature header holds several parts separated by this character (`,` for
    /// Stripe's `t=...,v1=...`); spaces around parts are ignored.
    #[inline]
    pub fn separator(mut self, separator: char) -> SignatureScheme {
        self.separator = Some(separator);
        self
    }

    /// The timestamp is sent in this header.
    #[inline]
    pub fn timestamp_header(mut self, name: impl Into<Cow<'static, str>>) -> SignatureScheme {
        self.timestamp = Some(TimestampSource::Header(lowercase(name)));
        self
    }

    /// The timestamp is the `key=value` part of the signature header with this key (`t` for
    /// Stripe); needs a [`separator`](Self::separator).
    #[inline]
    pub fn timestamp_field(mut self, key: impl Into<Cow<'static, str>>) -> SignatureScheme {
        self.timestamp = Some(TimestampSource::Field(key.into()));
        self
    }

    /// What the timestamp counts since the Unix epoch (default seconds).
    #[inline]
    pub fn timestamp_unit(mut self, unit: TimestampUnit) -> SignatureScheme {
        self.timestamp_unit = unit;
        self
    }

    /// The nonce (or message id) that `{nonce}` stands for is sent in this header.
    #[inline]
    pub fn nonce_header(mut self, name: impl Into<Cow<'static, str>>) -> SignatureScheme {
        self.nonce_header = Some(lowercase(name));
        self
    }

    /// This header, when sent, names the HMAC algorithm (`HmacSHA256`): any of
    /// [`HmacAlgorithm`] is accepted, all at least as strong as SHA-256, so a sender cannot
    /// downgrade the check; another value is [`WebhookError::UnsupportedAlgorithm`].
    #[inline]
    pub fn algorithm_header(mut self, name: impl Into<Cow<'static, str>>) -> SignatureScheme {
        self.algorithm_header = Some(lowercase(name));
        self
    }

    /// The signature is sent in this header instead.
    #[inline]
    pub fn signature_header(mut self, name: impl Into<Cow<'static, str>>) -> SignatureScheme {
        self.signature_header = lowercase(name);
        self
    }
}

/// Checks webhook requests against a secret: the signature, and the timestamp's age.
///
/// Give it the headers and the raw body exactly as received (before any JSON parsing: a
/// re-serialized body does not verify). In an axum handler:
///
/// ```text
/// async fn callback(State(verifier): State<Arc<WebhookVerifier>>, headers: HeaderMap, body: Bytes) -> StatusCode {
///     if verifier.verify(&headers, &body).is_err() {
///         return StatusCode::UNAUTHORIZED;
///     }
///     // parse and handle `body`
///     StatusCode::OK
/// }
/// ```
///
/// Timestamps more than five minutes away from the clock (either way) are refused by default
/// (see [`tolerance`](Self::tolerance)). The nonce is returned in [`Verified`] for callers who
/// also keep the nonces seen within the tolerance, which refuses replays inside it too.
#[derive(Clone)]
pub struct WebhookVerifier {
    // Never printed: `Debug` leaves it out and no error carries it.
    secret: Box<[u8]>,
    scheme: SignatureScheme,
    tolerance: Option<Duration>,
    clock: Option<Arc<dyn Fn() -> SystemTime + Send + Sync>>,
}

impl fmt::Debug for WebhookVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookVerifier")
            .field("secret", &"<redacted>")
            .field("scheme", &self.scheme)
            .field("tolerance", &self.tolerance)
            .finish_non_exhaustive()
    }
}

/// What a verified request said besides its body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verified {
    /// When the sender signed the request, for schemes that sign a timestamp.
    pub timestamp: Option<SystemTime>,
    /// The nonce header's value, for schemes that send one: remember the ones seen within the
    /// tolerance to refuse replays inside it.
    pub nonce: Option<String>,
    /// The algorithm that checked the signature.
    pub algorithm: HmacAlgorithm,
}

/// The tolerance between a request's timestamp and the clock.
const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

impl WebhookVerifier {
    /// A verifier of `scheme` with `secret` (the bytes of the secret as the vendor shows it,
    /// e.g. the Conversation API app's webhook secret).
    #[inline]
    pub fn with_scheme(secret: impl AsRef<[u8]>, scheme: SignatureScheme) -> WebhookVerifier {
        WebhookVerifier {
            secret: secret.as_ref().into(),
            scheme,
            tolerance: Some(DEFAULT_TOLERANCE),
            clock: None,
        }
    }

    /// How far a timestamp may be from the clock, in the past or the future (default five
    /// minutes). `None` accepts any age: replays are then the caller's to refuse.
    #[inline]
    pub fn tolerance(mut self, tolerance: Option<Duration>) -> WebhookVerifier {
        self.tolerance = tolerance;
        self
    }

    /// The clock timestamps are compared with (default [`SystemTime::now`]); tests set it.
    #[inline]
    pub fn clock(
        mut self,
        now: impl Fn() -> SystemTime + Send + Sync + 'static,
    ) -> WebhookVerifier {
        self.clock = Some(Arc::new(now));
        self
    }

    /// The scheme checked.
    #[inline]
    pub fn scheme(&self) -> &SignatureScheme {
        &self.scheme
    }

    /// Checks a request given its headers (`http::HeaderMap`, as axum, hyper and reqwest
    /// have them) and its raw body.
    #[inline]
    pub fn verify(&self, headers: &HeaderMap, body: &[u8]) -> Result<Verified, WebhookError> {
        self.check(
            |name| match headers.get(name) {
                None => Ok(None),
                Some(value) => value
                    .to_str()
                    .map(Some)
                    .map_err(|_| WebhookError::MalformedHeader(name.to_owned())),
            },
            body,
        )
    }

    /// [`verify`](Self::verify), then decodes the body as `T`: the crate's webhook events
    /// enum (`types::WebhookEvent`, where the API documents its callbacks), which keeps an
    /// event it does not know rather than failing, or any other type. A body that is not
    /// `T` in JSON is [`WebhookError::InvalidBody`].
    #[inline]
    pub fn verify_event<T: serde::de::DeserializeOwned>(
        &self,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<T, WebhookError> {
        self.verify(headers, body)?;
        serde_json::from_slice(body).map_err(|error| WebhookError::InvalidBody {
            line: error.line(),
            column: error.column(),
        })
    }

    /// [`verify`](Self::verify) with headers looked up by `header`, for other frameworks:
    /// it is called with lowercase names and must match names case-insensitively.
    #[inline]
    pub fn verify_with<'h>(
        &self,
        header: impl Fn(&str) -> Option<&'h str>,
        body: &[u8],
    ) -> Result<Verified, WebhookError> {
        self.check(|name| Ok(header(name)), body)
    }

    #[inline]
    fn check<'h>(
        &self,
        header: impl Fn(&str) -> Result<Option<&'h str>, WebhookError>,
        body: &[u8],
    ) -> Result<Verified, WebhookError> {
        if self.secret.is_empty() {
            return Err(WebhookError::Misconfigured("the webhook secret is empty"));
        }
        let scheme = &self.scheme;
        // An empty header is as good as none (proxies may forward one empty).
        let required = |name: &str| -> Result<&'h str, WebhookError> {
            match header(name)? {
                Some(value) if !value.trim().is_empty() => Ok(value.trim()),
                _ => Err(WebhookError::MissingHeader(name.to_owned())),
            }
        };
        let signature_header = required(&scheme.signature_header)?;
        let algorithm = match &scheme.algorithm_header {
            Some(name) => match header(name)?.map(str::trim).filter(|v| !v.is_empty()) {
                Some(value) => HmacAlgorithm::from_name(value)
                    .ok_or_else(|| WebhookError::UnsupportedAlgorithm(printable(value)))?,
                None => scheme.algorithm,
            },
            None => scheme.algorithm,
        };
        let nonce = scheme.nonce_header.as_deref().map(required).transpose()?;
        let parts: Vec<&'h str> = match scheme.separator {
            Some(separator) => signature_header.split(separator).map(str::trim).collect(),
            None => vec![signature_header],
        };
        let timestamp_text = match &scheme.timestamp {
            None => None,
            Some(TimestampSource::Header(name)) => Some(required(name)?),
            Some(TimestampSource::Field(key)) => {
                let found = parts
                    .iter()
                    .find_map(|part| part.strip_prefix(&**key)?.strip_prefix('='));
                Some(found.ok_or_else(|| {
                    WebhookError::MissingHeader(format!("{}: {key}=", scheme.signature_header))
                })?)
            }
        };
        let timestamp = match timestamp_text {
            Some(text) => Some(
                parse_timestamp(text, scheme.timestamp_unit)
                    .ok_or_else(|| WebhookError::MalformedHeader(timestamp_name(scheme)))?,
            ),
            None => None,
        };

        // Every part after the prefix is a candidate; without a separator the prefix is
        // required. A request is authentic when any candidate matches (secrets being rolled).
        let mut candidates = Vec::new();
        let mut undecodable = false;
        for part in &parts {
            let Some(encoded) = part.strip_prefix(&*scheme.prefix) else {
                continue;
            };
            match decode(encoded, scheme.encoding) {
                Some(bytes) => candidates.push(bytes),
                None => undecodable = true,
            }
        }
        if candidates.is_empty() {
            let name = scheme.signature_header.to_string();
            return Err(if undecodable {
                WebhookError::BadEncoding(name)
            } else {
                WebhookError::MalformedHeader(name)
            });
        }
        let content = Content {
            template: &scheme.signed_content,
            body,
            nonce,
            timestamp: timestamp_text,
        };
        if !matches(algorithm, &self.secret, &content, &candidates)? {
            return Err(WebhookError::Mismatch);
        }

        // Checked after the signature, so that "stale" says the request was authentic.
        if let (Some(timestamp), Some(tolerance)) = (timestamp, self.tolerance) {
            let now = self
                .clock
                .as_ref()
                .map_or_else(SystemTime::now, |clock| clock());
            match now.duration_since(timestamp) {
                Ok(age) if age > tolerance => {
                    return Err(WebhookError::StaleTimestamp { age, tolerance });
                }
                Err(ahead) if ahead.duration() > tolerance => {
                    return Err(WebhookError::FutureTimestamp {
                        ahead: ahead.duration(),
                        tolerance,
                    });
                }
                _ => {}
            }
        }
        Ok(Verified {
            timestamp,
            nonce: nonce.map(str::to_owned),
            algorithm,
        })
    }

    /// The headers the vendor would send with `body` signed at `timestamp` with `nonce`
    /// (ignored by schemes without one): for testing a callback endpoint with requests that
    /// verify. Signs with the scheme's [`algorithm`](SignatureScheme::algorithm).
    #[inline]
    pub fn sign(
        &self,
        body: &[u8],
        timestamp: SystemTime,
        nonce: &str,
    ) -> Result<HeaderMap, WebhookError> {
        let scheme = &self.scheme;
        let since_epoch = timestamp.duration_since(UNIX_EPOCH).unwrap_or_default();
        let timestamp_text = match scheme.timestamp_unit {
            TimestampUnit::Seconds => since_epoch.as_secs().to_string(),
            TimestampUnit::Milliseconds => since_epoch.as_millis().to_string(),
        };
        let content = Content {
            template: &scheme.signed_content,
            body,
            nonce: scheme.nonce_header.as_ref().map(|_| nonce),
            timestamp: scheme.timestamp.as_ref().map(|_| timestamp_text.as_str()),
        };
        let tag = tag(scheme.algorithm, &self.secret, &content)?;
        let encoded = match scheme.encoding {
            SignatureEncoding::Base64 => base64::engine::general_purpose::STANDARD.encode(&tag),
            SignatureEncoding::Hex => hex::encode(&tag),
        };
        let mut signature = format!("{}{encoded}", scheme.prefix);
        let mut headers = HeaderMap::new();
        let mut insert = |name: &str, value: &str| -> Result<(), WebhookError> {
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                WebhookError::Misconfigured(
                    "a header name of the scheme is not a valid HTTP header name",
                )
            })?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| WebhookError::MalformedHeader(name.to_owned()))?;
            headers.insert(header, value);
            Ok(())
        };
        match &scheme.timestamp {
            Some(TimestampSource::Header(name)) => insert(name, &timestamp_text)?,
            Some(TimestampSource::Field(key)) => {
                let separator = scheme.separator.ok_or(WebhookError::Misconfigured(
                    "a timestamp field in the signature header needs a separator",
                ))?;
                signature = format!("{key}={timestamp_text}{separator}{signature}");
            }
            None => {}
        }
        insert(&scheme.signature_header, &signature)?;
        if let Some(name) = &scheme.nonce_header {
            insert(name, nonce)?;
        }
        if let Some(name) = &scheme.algorithm_header {
            insert(name, scheme.algorithm.name())?;
        }
        Ok(headers)
    }
}

/// The bytes a scheme signs, fed to the MAC piece by piece (no copy of the body).
struct Content<'a> {
    template: &'a str,
    body: &'a [u8],
    nonce: Option<&'a str>,
    timestamp: Option<&'a str>,
}

impl Content<'_> {
    #[inline]
    fn feed(&self, mut update: impl FnMut(&[u8])) -> Result<(), WebhookError> {
        let mut rest = self.template;
        while let Some(open) = rest.find('{') {
            update(&rest.as_bytes()[..open]);
            let placeholder = &rest[open..];
            let close = placeholder.find('}').ok_or(WebhookError::Misconfigured(
                "the signed-content template has an unclosed `{`",
            ))?;
            match &placeholder[..=close] {
                "{body}" => update(self.body),
                "{nonce}" => update(
                    self.nonce
                        .ok_or(WebhookError::Misconfigured(
                            "the signed content has `{nonce}` but the scheme no nonce header",
                        ))?
                        .as_bytes(),
                ),
                "{timestamp}" => update(
                    self.timestamp
                        .ok_or(WebhookError::Misconfigured(
                            "the signed content has `{timestamp}` but the scheme no timestamp",
                        ))?
                        .as_bytes(),
                ),
                _ => {
                    return Err(WebhookError::Misconfigured(
                        "the signed-content template has a placeholder other than `{body}`, `{timestamp}` and `{nonce}`",
                    ));
                }
            }
            rest = &placeholder[close + 1..];
        }
        update(rest.as_bytes());
        Ok(())
    }
}

/// Whether any candidate is the HMAC of `content`, each compared in constant time.
#[inline]
fn matches(
    algorithm: HmacAlgorithm,
    secret: &[u8],
    content: &Content<'_>,
    candidates: &[Vec<u8>],
) -> Result<bool, WebhookError> {
    #[inline]
    fn check<M: Mac + KeyInit + Clone>(
        secret: &[u8],
        content: &Content<'_>,
        candidates: &[Vec<u8>],
    ) -> Result<bool, WebhookError> {
        let mut mac = keyed::<M>(secret)?;
        content.feed(|bytes| mac.update(bytes))?;
        // `verify_slice` compares in constant time (and refuses other lengths).
        Ok(candidates
            .iter()
            .any(|candidate| mac.clone().verify_slice(candidate).is_ok()))
    }
    match algorithm {
        HmacAlgorithm::Sha256 => check::<Hmac<sha2::Sha256>>(secret, content, candidates),
        HmacAlgorithm::Sha384 => check::<Hmac<sha2::Sha384>>(secret, content, candidates),
        HmacAlgorithm::Sha512 => check::<Hmac<sha2::Sha512>>(secret, content, candidates),
    }
}

/// The HMAC of `content`, for signing.
#[inline]
fn tag(
    algorithm: HmacAlgorithm,
    secret: &[u8],
    content: &Content<'_>,
) -> Result<Vec<u8>, WebhookError> {
    #[inline]
    fn compute<M: Mac + KeyInit>(
        secret: &[u8],
        content: &Content<'_>,
    ) -> Result<Vec<u8>, WebhookError> {
        let mut mac = keyed::<M>(secret)?;
        content.feed(|bytes| mac.update(bytes))?;
        Ok(mac.finalize().into_bytes().to_vec())
    }
    match algorithm {
        HmacAlgorithm::Sha256 => compute::<Hmac<sha2::Sha256>>(secret, content),
        HmacAlgorithm::Sha384 => compute::<Hmac<sha2::Sha384>>(secret, content),
        HmacAlgorithm::Sha512 => compute::<Hmac<sha2::Sha512>>(secret, content),
    }
}

#[inline]
fn keyed<M: Mac + KeyInit>(secret: &[u8]) -> Result<M, WebhookError> {
    // HMAC takes keys of any length; the error is unreachable, but not worth a panic.
    <M as KeyInit>::new_from_slice(secret)
        .map_err(|_| WebhookError::Misconfigured("the secret is not a valid HMAC key"))
}

#[inline]
fn decode(encoded: &str, encoding: SignatureEncoding) -> Option<Vec<u8>> {
    match encoding {
        SignatureEncoding::Base64 => base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok(),
        SignatureEncoding::Hex => hex::decode(encoded).ok(),
    }
}

/// A timestamp of ASCII digits only (no sign, no fraction), as a time.
#[inline]
fn parse_timestamp(text: &str, unit: TimestampUnit) -> Option<SystemTime> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let count: u64 = text.parse().ok()?;
    let since_epoch = match unit {
        TimestampUnit::Seconds => Duration::from_secs(count),
        TimestampUnit::Milliseconds => Duration::from_millis(count),
    };
    UNIX_EPOCH.checked_add(since_epoch)
}

#[inline]
fn timestamp_name(scheme: &SignatureScheme) -> String {
    match &scheme.timestamp {
        Some(TimestampSource::Header(name)) => name.to_string(),
        Some(TimestampSource::Field(key)) => format!("{}: {key}=", scheme.signature_header),
        None => String::new(),
    }
}

/// A sender-chosen value fit for an error message: at most 32 printable ASCII characters.
#[inline]
fn printable(value: &str) -> String {
    value
        .chars()
        .take(32)
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// Why a webhook request was refused. No variant carries the secret or the body; header
/// values appear only where they are not secret (an algorithm name).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the scheme needs is absent or empty (its name; `header: key=` for a field of
    /// the signature header).
    MissingHeader(String),
    /// A header is not visible ASCII, a timestamp is not a whole number, or the signature
    /// header holds no signature with the scheme's prefix.
    MalformedHeader(String),
    /// The signature is not valid in the scheme's encoding.
    BadEncoding(String),
    /// No signature matches: the body or a signed header was changed, or the secret is wrong.
    Mismatch,
    /// The signature is right but the timestamp is older than the tolerance: a replay, or a
    /// delivery retried late.
    StaleTimestamp {
        /// How old the timestamp is.
        age: Duration,
        /// The tolerance exceeded.
        tolerance: Duration,
    },
    /// The signature is right but the timestamp is further in the future than the tolerance
    /// (a clock off by more than it).
    FutureTimestamp {
        /// How far ahead the timestamp is.
        ahead: Duration,
        /// The tolerance exceeded.
        tolerance: Duration,
    },
    /// The algorithm header names an algorithm other than HMAC-SHA256/384/512.
    UnsupportedAlgorithm(String),
    /// The verifier cannot check anything: an empty secret, or an invalid scheme.
    Misconfigured(&'static str),
    /// The signature is right but the body does not decode (from
    /// [`verify_event`](WebhookVerifier::verify_event)): where decoding stopped, 1-based (no
    /// text of the body, which an error message could otherwise repeat).
    InvalidBody {
        /// The line where decoding stopped.
        line: usize,
        /// The column where decoding stopped.
        column: usize,
    },
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingHeader(name) => {
                write!(f, "webhook signature header `{name}` is missing")
            }
            WebhookError::MalformedHeader(name) => {
                write!(f, "webhook signature header `{name}` is malformed")
            }
            WebhookError::BadEncoding(name) => {
                write!(f, "the signature in `{name}` is not validly encoded")
            }
            WebhookError::Mismatch => f.write_str("the webhook signature does not match the body"),
            WebhookError::StaleTimestamp { age, tolerance } => write!(
                f,
                "the webhook was signed {} s ago, more than the {} s tolerance",
                age.as_secs(),
                tolerance.as_secs()
            ),
            WebhookError::FutureTimestamp { ahead, tolerance } => write!(
                f,
                "the webhook is signed {} s in the future, more than the {} s tolerance",
                ahead.as_secs(),
                tolerance.as_secs()
            ),
            WebhookError::UnsupportedAlgorithm(name) => {
                write!(f, "unsupported webhook signature algorithm `{name}`")
            }
            WebhookError::Misconfigured(why) => write!(f, "webhook verifier misconfigured: {why}"),
            WebhookError::InvalidBody { line, column } => {
                write!(f, "the webhook body does not decode (line {line}, column {column})")
            }
        }
    }
}

impl std::error::Error for WebhookError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_feed_literals_and_values_in_order() {
        let content = Content {
            template: "v0:{timestamp}:{body}.{nonce}",
            body: b"B",
            nonce: Some("N"),
            timestamp: Some("T"),
        };
        let mut fed = Vec::new();
        content.feed(|bytes| fed.extend_from_slice(bytes)).unwrap();
        assert_eq!(fed, b"v0:T:B.N");
        let unknown = Content {
            template: "{body}{secret}",
            ..content
        };
        assert!(matches!(
            unknown.feed(|_| {}),
            Err(WebhookError::Misconfigured(_))
        ));
    }

    #[test]
    fn timestamps_are_whole_numbers_only() {
        assert_eq!(
            parse_timestamp("1634579353", TimestampUnit::Seconds),
            Some(UNIX_EPOCH + Duration::from_secs(1634579353))
        );
        assert_eq!(
            parse_timestamp("1500", TimestampUnit::Milliseconds),
            Some(UNIX_EPOCH + Duration::from_millis(1500))
        );
        for bad in [
            "",
            "-1",
            "+1",
            "1.5",
            "1e9",
            " 1",
            "99999999999999999999999",
        ] {
            assert_eq!(
                parse_timestamp(bad, TimestampUnit::Seconds),
                None,
                "{bad:?}"
            );
        }
    }

    #[test]
    fn algorithm_names_are_sinch_spellings() {
        assert_eq!(
            HmacAlgorithm::from_name("HmacSHA256"),
            Some(HmacAlgorithm::Sha256)
        );
        assert_eq!(
            HmacAlgorithm::from_name("hmacsha512"),
            Some(HmacAlgorithm::Sha512)
        );
        assert_eq!(HmacAlgorithm::from_name("HmacSHA1"), None);
        assert_eq!(HmacAlgorithm::from_name("HmacMD5"), None);
    }

    #[test]
    fn sender_values_in_errors_are_bounded_and_printable() {
        assert_eq!(printable("Hmac\nSHA1\u{7f}é"), "Hmac?SHA1??");
        assert_eq!(printable(&"x".repeat(100)).len(), 32);
    }
}
