//! Errors of an API call; an HTTP response is never lost, whatever went wrong with it.

// Functions are `#[inline]`, see `mod.rs`.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use super::retry;

/// Why an API call failed. `E` is the operation's documented error body.
///
/// Every variant is boxed or pointer-sized, so a `Result<T, Error<E>>` stays small.
///
/// `{:?}` is short (what `fn main() -> Result<..>` prints): the status, the request, the
/// documented message and code, or the start of the body; never a header. Everything
/// received stays available: [`headers`](Self::headers), [`raw_body`](Self::raw_body),
/// [`body`](Self::body).
#[non_exhaustive]
pub enum Error<E> {
    /// The API answered with a non-2xx status.
    Api(Box<ApiError<E>>),
    /// No complete HTTP response: connection failure, timeout, broken body.
    Transport(reqwest::Error),
    /// A 2xx response whose body is not what the docs describe.
    Decode(Box<DecodeError>),
    /// No credentials could be obtained (the OAuth2 token endpoint failed).
    Auth(Box<AuthError>),
    /// A parameter or body could not be put into the request; nothing was sent.
    Encode(Box<EncodeError>),
    /// A 2xx response whose body is larger than the client's limit
    /// ([`ClientBuilder::max_response_bytes`](super::ClientBuilder::max_response_bytes));
    /// the rest of it was not read.
    BodyTooLarge(Box<BodyTooLargeError>),
}

/// A non-2xx response from the API.
#[derive(Clone)]
#[non_exhaustive]
pub struct ApiError<E> {
    /// The response status.
    pub status: StatusCode,
    /// The method of the request answered.
    pub method: Method,
    /// The path of the request answered, percent-encoded as sent, without the query (which
    /// may hold values a log should not).
    pub path: String,
    /// The response headers (`Retry-After`, request ids, ...).
    pub headers: HeaderMap,
    /// The body parsed as the operation's error type; `None` when the status is not
    /// documented or the body does not parse (see [`raw`](Self::raw)).
    pub body: Option<E>,
    /// The body exactly as received; only its first bytes when [`truncated`](Self::truncated).
    pub raw: Bytes,
    /// Whether the body was longer than the client keeps
    /// ([`ClientBuilder::max_error_body_bytes`](super::ClientBuilder::max_error_body_bytes)):
    /// [`raw`](Self::raw) is then its start, and [`body`](Self::body) is `None` unless that
    /// start parses.
    pub truncated: bool,
}

/// A 2xx response whose body is larger than the client's limit; the rest of it was not
/// read.
#[derive(Clone)]
#[non_exhaustive]
pub struct BodyTooLargeError {
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The limit the body went past, in bytes.
    pub limit: usize,
}

/// A 2xx response whose body could not be decoded.
#[non_exhaustive]
pub struct DecodeError {
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub raw: Bytes,
    source: Box<dyn StdError + Send + Sync>,
}

/// Failure to obtain credentials from the OAuth2 token endpoint.
///
/// Cheap to clone: callers that waited for the same token request share its error.
#[derive(Clone)]
pub struct AuthError {
    // Shared, and one pointer wide so results carrying it stay small.
    inner: Arc<AuthErrorInner>,
}

struct AuthErrorInner {
    kind: AuthErrorKind,
    status: Option<StatusCode>,
    headers: HeaderMap,
    raw: Bytes,
    message: String,
    source: Option<Arc<dyn StdError + Send + Sync>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AuthErrorKind {
    Transport,
    Status,
    InvalidResponse,
}

/// A request that could not be built; nothing was sent.
#[derive(Debug)]
pub struct EncodeError {
    message: String,
    source: Option<Box<dyn StdError + Send + Sync>>,
}

/// What the runtime reads from an error body the API documents: doc2rust implements it for
/// every error body type of the crate, from the fields the pages give that body.
///
/// [`message`](Self::message) is the body's string field named `message`, `detail`,
/// `error_message`, `error_description`, `description` or `title` (the first present in
/// that order), or such a field of an object under `error` (`{"error": {"message": ..}}`);
/// [`code`](Self::code) likewise a field named `code` or `error_code`. A body documenting
/// neither answers `None`.
pub trait ErrorFields {
    /// The body's documented top-level keys. A JSON object holding none of them is not this
    /// body: an error body whose fields are all optional would otherwise parse from any
    /// object, and read as "no message". Empty when whatever parses is this body.
    const KEYS: &'static [&'static str] = &[];

    /// The message the body documents, as sent.
    #[inline]
    fn message(&self) -> Option<&str> {
        None
    }

    /// The error code the body documents.
    #[inline]
    fn code(&self) -> Option<ErrorCode<'_>> {
        None
    }
}

/// An error code from an error body: a number (`404`, `40003`) or a text (`"NOT_FOUND"`).
///
/// Compares with either: `error.code() == Some(ErrorCode::Number(404))`, or
/// `error.code().is_some_and(|code| code == 404)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode<'a> {
    /// A numeric code.
    Number(i64),
    /// A text code, as sent.
    Text(&'a str),
}

impl<'a> ErrorCode<'a> {
    /// The code when it is a number.
    #[inline]
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            ErrorCode::Number(number) => Some(number),
            ErrorCode::Text(_) => None,
        }
    }

    /// The code when it is a text.
    #[inline]
    pub fn as_str(&self) -> Option<&'a str> {
        match *self {
            ErrorCode::Text(text) => Some(text),
            ErrorCode::Number(_) => None,
        }
    }
}

impl fmt::Display for ErrorCode<'_> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::Number(number) => write!(f, "{number}"),
            ErrorCode::Text(text) => write!(f, "{}", Escaped(text)),
        }
    }
}

impl PartialEq<i64> for ErrorCode<'_> {
    #[inline]
    fn eq(&self, other: &i64) -> bool {
        self.as_i64() == Some(*other)
    }
}

impl PartialEq<&str> for ErrorCode<'_> {
    #[inline]
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

/// The field names [`ErrorFields`] reads in an undocumented body, most specific first;
/// doc2rust looks for the same words in the pages, in any spelling.
const MESSAGE_KEYS: &[&str] = &[
    "message",
    "detail",
    "error_message",
    "errorMessage",
    "error_description",
    "errorDescription",
    "description",
    "title",
];
const CODE_KEYS: &[&str] = &["code", "error_code", "errorCode"];

/// An undocumented error body, read by the same names as documented ones.
impl ErrorFields for serde_json::Value {
    #[inline]
    fn message(&self) -> Option<&str> {
        let object = self.as_object()?;
        object.message()
    }

    #[inline]
    fn code(&self) -> Option<ErrorCode<'_>> {
        let object = self.as_object()?;
        object.code()
    }
}

impl ErrorFields for serde_json::Map<String, serde_json::Value> {
    #[inline]
    fn message(&self) -> Option<&str> {
        let own = MESSAGE_KEYS.iter().find_map(|key| self.get(*key)?.as_str());
        own.or_else(|| {
            let inner = self.get("error")?.as_object()?;
            MESSAGE_KEYS.iter().find_map(|key| inner.get(*key)?.as_str())
        })
    }

    #[inline]
    fn code(&self) -> Option<ErrorCode<'_>> {
        code_in(self).or_else(|| code_in(self.get("error")?.as_object()?))
    }
}

/// The first of [`CODE_KEYS`] in `object` holding a text or an integer.
#[inline]
fn code_in(object: &serde_json::Map<String, serde_json::Value>) -> Option<ErrorCode<'_>> {
    CODE_KEYS.iter().find_map(|key| match object.get(*key)? {
        serde_json::Value::String(text) => Some(ErrorCode::Text(text)),
        serde_json::Value::Number(number) => number.as_i64().map(ErrorCode::Number),
        _ => None,
    })
}

// Error bodies that are not objects document no message or code.
impl ErrorFields for String {}
impl ErrorFields for i64 {}
impl ErrorFields for f64 {}
impl ErrorFields for bool {}
impl<T> ErrorFields for Vec<T> {}
impl<T> ErrorFields for std::collections::BTreeMap<String, T> {}
impl<T> ErrorFields for super::Nullable<T> {}

impl<E> Error<E> {
    /// The HTTP status of the API response, if one was received.
    #[inline]
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode(decode) => Some(decode.status),
            Error::BodyTooLarge(too_large) => Some(too_large.status),
            Error::Transport(transport) => transport.status(),
            Error::Auth(_) | Error::Encode(_) => None,
        }
    }

    /// The API error, when the API answered with a non-2xx status.
    #[inline]
    pub fn api(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// The API error, by value.
    #[inline]
    pub fn into_api(self) -> Option<ApiError<E>> {
        match self {
            Error::Api(api) => Some(*api),
            _ => None,
        }
    }

    /// The documented error body, when the API sent one that parsed.
    #[inline]
    pub fn body(&self) -> Option<&E> {
        self.api().and_then(|api| api.body.as_ref())
    }

    /// The response headers, if a response was received.
    #[inline]
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(api) => Some(&api.headers),
            Error::Decode(decode) => Some(&decode.headers),
            Error::BodyTooLarge(too_large) => Some(&too_large.headers),
            _ => None,
        }
    }

    /// The raw response body, if a response was received and kept (the start of it for a
    /// [truncated](ApiError::truncated) error body; none for a body too large to read).
    #[inline]
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Error::Api(api) => Some(&api.raw),
            Error::Decode(decode) => Some(&decode.raw),
            _ => None,
        }
    }

    /// Whether this kind of failure is one the client retries (for idempotent
    /// methods; see [`RetryPolicy`](super::RetryPolicy)): a connection error or
    /// timeout, `429`, `502`, `503`, `504`, or such a failure at the token endpoint.
    /// When returned by a call, the retries the policy allows were already made.
    #[inline]
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(api) => retry::status_is_transient(api.status),
            Error::Transport(transport) => retry::transport_is_transient(transport),
            Error::Auth(auth) => auth.is_retryable(),
            Error::Decode(_) | Error::Encode(_) | Error::BodyTooLarge(_) => false,
        }
    }
}

impl<E: ErrorFields> Error<E> {
    /// The message of the documented error body, when the API sent one that parsed and
    /// documents a message ([`ErrorFields`]).
    #[inline]
    pub fn message(&self) -> Option<&str> {
        self.body()?.message()
    }

    /// The code of the documented error body, when the API sent one that parsed and
    /// documents a code ([`ErrorFields`]).
    #[inline]
    pub fn code(&self) -> Option<ErrorCode<'_>> {
        self.body()?.code()
    }
}

impl<E: ErrorFields> fmt::Debug for Error<E> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => f.debug_tuple("Api").field(api).finish(),
            // reqwest's own `Debug` shows the whole URL, query included: the message, then
            // what caused it.
            Error::Transport(transport) => {
                f.debug_tuple("Transport").field(&Chain(self, StdError::source(transport))).finish()
            }
            Error::Decode(decode) => f.debug_tuple("Decode").field(decode).finish(),
            Error::Auth(auth) => f.debug_tuple("Auth").field(auth).finish(),
            Error::Encode(encode) => f.debug_tuple("Encode").field(encode).finish(),
            Error::BodyTooLarge(too_large) => f.debug_tuple("BodyTooLarge").field(too_large).finish(),
        }
    }
}

impl<E> fmt::Display for Error<E> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => write!(f, "{api}"),
            Error::Transport(transport) => {
                let what = if transport.is_timeout() {
                    "HTTP request timed out"
                } else if transport.is_connect() {
                    "could not connect to the API"
                } else {
                    "HTTP transport error"
                };
                match transport.url() {
                    Some(url) => write!(
                        f,
                        "{what} ({} {})",
                        url.host_str().unwrap_or(""),
                        url.path()
                    ),
                    None => f.write_str(what),
                }
            }
            Error::Decode(decode) => write!(f, "{decode}"),
            Error::Auth(auth) => write!(f, "{auth}"),
            Error::Encode(encode) => write!(f, "{encode}"),
            Error::BodyTooLarge(too_large) => write!(f, "{too_large}"),
        }
    }
}

impl<E: ErrorFields> StdError for Error<E> {
    #[inline]
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Error::Api(_) => None,
            Error::Transport(transport) => Some(transport),
            Error::Decode(decode) => decode.source(),
            Error::Auth(auth) => auth.source(),
            Error::Encode(encode) => encode.source(),
            Error::BodyTooLarge(_) => None,
        }
    }
}

impl<E> From<reqwest::Error> for Error<E> {
    #[inline]
    fn from(error: reqwest::Error) -> Self {
        Error::Transport(error)
    }
}

impl<E> From<AuthError> for Error<E> {
    #[inline]
    fn from(error: AuthError) -> Self {
        Error::Auth(Box::new(error))
    }
}

impl<E> From<EncodeError> for Error<E> {
    #[inline]
    fn from(error: EncodeError) -> Self {
        Error::Encode(Box::new(error))
    }
}

impl<E> ApiError<E> {
    /// The `Retry-After` the server sent, as a wait from now.
    #[inline]
    pub fn retry_after(&self) -> Option<std::time::Duration> {
        retry::retry_after(&self.headers, std::time::SystemTime::now())
    }
}

impl<E: ErrorFields> ApiError<E> {
    /// The message of the documented error body, when it parsed and documents one.
    #[inline]
    pub fn message(&self) -> Option<&str> {
        self.body.as_ref()?.message()
    }

    /// The code of the documented error body, when it parsed and documents one.
    #[inline]
    pub fn code(&self) -> Option<ErrorCode<'_>> {
        self.body.as_ref()?.code()
    }
}

/// Short: status, request, the documented message and code, else the start of the body.
/// The headers and the parsed body are left to the fields.
impl<E: ErrorFields> fmt::Debug for ApiError<E> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = f.debug_struct("ApiError");
        shown.field("status", &format_args!("{}", self.status));
        if !self.path.is_empty() {
            shown.field("request", &format_args!("{} {}", self.method, Escaped(&self.path)));
        }
        let message = self.message();
        if let Some(message) = message {
            shown.field("message", &message);
        }
        if let Some(code) = self.code() {
            shown.field("code", &format_args!("{code}"));
        }
        if message.is_none() && !self.raw.is_empty() {
            shown.field("body", &Excerpt(&self.raw));
        }
        if self.truncated {
            shown.field("truncated", &true);
        }
        shown.finish_non_exhaustive()
    }
}

impl<E> fmt::Display for ApiError<E> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "API returned HTTP {}", self.status)?;
        if self.truncated {
            write!(f, " (body cut at {} bytes)", self.raw.len())?;
        }
        write_excerpt(f, &self.raw)
    }
}

impl<E: ErrorFields> StdError for ApiError<E> {}

impl fmt::Display for BodyTooLargeError {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the body of an HTTP {} response is larger than the client's limit of {} bytes \
             (`ClientBuilder::max_response_bytes`)",
            self.status, self.limit
        )
    }
}

impl fmt::Debug for BodyTooLargeError {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BodyTooLargeError")
            .field("status", &format_args!("{}", self.status))
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

impl StdError for BodyTooLargeError {}

impl DecodeError {
    #[inline]
    pub(crate) fn new(
        status: StatusCode,
        headers: HeaderMap,
        raw: Bytes,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        DecodeError {
            status,
            headers,
            raw,
            source: source.into(),
        }
    }
}

impl fmt::Display for DecodeError {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A decoding error can quote the body (`unknown variant `...``): server text.
        let source = self.source.to_string();
        write!(
            f,
            "could not decode the body of an HTTP {} response: {}",
            self.status,
            Escaped(&source)
        )
    }
}

impl fmt::Debug for DecodeError {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = self.source.to_string();
        f.debug_struct("DecodeError")
            .field("status", &format_args!("{}", self.status))
            .field("source", &source)
            .field("body", &Excerpt(&self.raw))
            .finish_non_exhaustive()
    }
}

impl StdError for DecodeError {
    #[inline]
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

impl AuthError {
    #[inline]
    pub(crate) fn transport(error: reqwest::Error) -> Self {
        let message = if error.is_timeout() {
            "request to the token endpoint timed out"
        } else if error.is_connect() {
            "could not connect to the token endpoint"
        } else {
            "transport error at the token endpoint"
        };
        AuthError::from_inner(AuthErrorInner {
            kind: AuthErrorKind::Transport,
            status: None,
            headers: HeaderMap::new(),
            raw: Bytes::new(),
            message: message.to_owned(),
            source: Some(Arc::new(error)),
        })
    }

    #[inline]
    pub(crate) fn status(status: StatusCode, headers: HeaderMap, raw: Bytes) -> Self {
        AuthError::from_inner(AuthErrorInner {
            kind: AuthErrorKind::Status,
            status: Some(status),
            headers,
            raw,
            message: format!("token endpoint returned HTTP {status}"),
            source: None,
        })
    }

    /// A 2xx answer without a usable token. The body is dropped on purpose: a partly
    /// valid token response may hold a token, and errors end up in logs.
    #[inline]
    pub(crate) fn invalid_response(status: StatusCode, headers: HeaderMap, reason: String) -> Self {
        AuthError::from_inner(AuthErrorInner {
            kind: AuthErrorKind::InvalidResponse,
            status: Some(status),
            headers,
            raw: Bytes::new(),
            message: format!("token endpoint response is not usable: {reason}"),
            source: None,
        })
    }

    #[inline]
    fn from_inner(inner: AuthErrorInner) -> Self {
        AuthError {
            inner: Arc::new(inner),
        }
    }

    /// The token endpoint's status, when it answered.
    #[inline]
    pub fn status_code(&self) -> Option<StatusCode> {
        self.inner.status
    }

    /// The token endpoint's response headers (empty when it did not answer).
    #[inline]
    pub fn headers(&self) -> &HeaderMap {
        &self.inner.headers
    }

    /// The token endpoint's error body as received, its first 64 KiB when longer (empty
    /// when it did not answer, and for 2xx answers, which may hold a token).
    #[inline]
    pub fn raw(&self) -> &[u8] {
        &self.inner.raw
    }

    /// Whether the token endpoint failed in a way the client retries.
    #[inline]
    pub fn is_retryable(&self) -> bool {
        let inner = &*self.inner;
        match inner.kind {
            AuthErrorKind::Transport => true,
            AuthErrorKind::Status => inner.status.is_some_and(retry::status_is_transient),
            AuthErrorKind::InvalidResponse => false,
        }
    }
}

impl fmt::Debug for AuthError {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        let mut shown = f.debug_struct("AuthError");
        shown.field("message", &inner.message);
        if let Some(source) = &inner.source {
            shown.field("source", &Chain(&**source, source.source()));
        }
        if !inner.raw.is_empty() {
            shown.field("body", &Excerpt(&inner.raw));
        }
        shown.finish_non_exhaustive()
    }
}

impl fmt::Display for AuthError {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "authentication failed: {}", self.inner.message)?;
        write_excerpt(f, &self.inner.raw)
    }
}

impl StdError for AuthError {
    #[inline]
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.inner.source {
            Some(source) => Some(&**source),
            None => None,
        }
    }
}

impl EncodeError {
    #[inline]
    pub(crate) fn new(message: String) -> Self {
        EncodeError {
            message,
            source: None,
        }
    }

    #[inline]
    pub(crate) fn with_source(
        message: String,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        EncodeError {
            message,
            source: Some(source.into()),
        }
    }
}

impl fmt::Display for EncodeError {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not build the request: {}", Escaped(&self.message))
    }
}

impl StdError for EncodeError {
    #[inline]
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.source {
            Some(source) => Some(&**source),
            None => None,
        }
    }
}

/// Text shown as it is, except characters that would act on a terminal or a log instead of
/// showing: control characters (`\n` and ESC sequences included), bidirectional-text
/// controls (which reorder what is shown, as in "Trojan Source") and the Unicode line and
/// paragraph separators, each written as an escape (`\n`, `\u{1b}`, `\u{202e}`). Every
/// `Display` that shows text from a server (or given by the user) goes through this.
pub(crate) struct Escaped<'a>(pub(crate) &'a str);

impl fmt::Display for Escaped<'_> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(needs_escape) {
            f.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            match c {
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                other => write!(f, "\\u{{{:x}}}", u32::from(other))?,
            }
            rest = &rest[at + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

/// See [`Escaped`].
#[inline]
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200e}'
                | '\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// The start of a body as a quoted string (`Debug` of `str` escapes control and bidi
/// characters), cut like [`write_excerpt`].
struct Excerpt<'a>(&'a [u8]);

impl fmt::Debug for Excerpt<'_> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = String::from_utf8_lossy(self.0);
        let (start, cut) = excerpt(text.trim());
        if cut {
            write!(f, "{start:?}...")
        } else {
            write!(f, "{start:?}")
        }
    }
}

/// An error's message followed by its causes, `: `-separated, as one quoted string.
struct Chain<'a>(&'a dyn fmt::Display, Option<&'a (dyn StdError + 'static)>);

impl fmt::Debug for Chain<'_> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = self.0.to_string();
        let mut cause = self.1;
        while let Some(error) = cause {
            text.push_str(": ");
            text.push_str(&error.to_string());
            cause = error.source();
        }
        write!(f, "{text:?}")
    }
}

/// The first 200 bytes of a text, cut at a character boundary, and whether it was cut.
#[inline]
fn excerpt(text: &str) -> (&str, bool) {
    const LIMIT: usize = 200;
    let mut end = text.len().min(LIMIT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    (&text[..end], end < text.len())
}

/// Appends the start of a body to a message, so a bare `{}` of the error says what the
/// server said; long bodies are cut at a character boundary, and shown [`Escaped`].
#[inline]
fn write_excerpt(f: &mut fmt::Formatter<'_>, raw: &[u8]) -> fmt::Result {
    let text = String::from_utf8_lossy(raw);
    let text = text.trim();
    if text.is_empty() {
        return Ok(());
    }
    let (start, cut) = excerpt(text);
    let ellipsis = if cut { "..." } else { "" };
    write!(f, ": {}{ellipsis}", Escaped(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undocumented_bodies_are_read_by_the_same_names() {
        let read = |text: &str| {
            let value: serde_json::Value = serde_json::from_str(text).expect("json");
            let message = value.message().map(str::to_owned);
            let code = value.code().map(|code| code.to_string());
            (message, code)
        };
        let some = |text: &str| Some(text.to_owned());
        assert_eq!(read(r#"{"error": {"code": 404, "message": "gone"}}"#), (some("gone"), some("404")));
        assert_eq!(read(r#"{"detail": "d", "title": "t", "errorCode": "E1"}"#), (some("d"), some("E1")));
        // A `message` that is not a string is not one; the top level comes first.
        assert_eq!(read(r#"{"message": {"x": 1}, "title": "t", "error": {"message": "m"}}"#), (some("t"), None));
        assert_eq!(read(r#"["message"]"#), (None, None));
    }

    #[test]
    fn server_text_is_escaped_in_every_message() {
        let shown = Escaped("a\u{1b}[31mb\r\n\tc\u{202e}d\u{2028}e\u{0}é").to_string();
        assert_eq!(shown, "a\\u{1b}[31mb\\r\\n\\tc\\u{202e}d\\u{2028}e\\u{0}é");
        // A decoding error that quotes the body.
        let source = "unknown variant `\u{1b}]0;title\u{7}`, expected `a`";
        let decode = DecodeError::new(StatusCode::OK, HeaderMap::new(), Bytes::new(), source);
        assert_eq!(
            decode.to_string(),
            "could not decode the body of an HTTP 200 OK response: unknown variant `\\u{1b}]0;title\\u{7}`, expected `a`"
        );
    }
}
