//! Credentials and the header they give: HTTP Basic, static bearer, an API key in a header
//! of the API's choosing, or an OAuth2 client-credentials token that is cached, refreshed
//! early and fetched once for all concurrent callers. Secrets never appear in `Debug` output.

// Functions are `#[inline]`, see `mod.rs`.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, StatusCode, Url};

use super::error::AuthError;
use super::request::read_body;
use super::retry::{self, RetryPolicy};

/// Credentials for the API.
///
/// `Debug` shows which kind of credentials is set and the key id, never a secret or a
/// token.
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum Auth {
    /// No `Authorization` header (for mock servers and public endpoints).
    #[default]
    None,
    /// HTTP Basic with the access key on every call.
    Basic {
        /// Access key id (the user name).
        key_id: String,
        /// Access key secret (the password).
        key_secret: String,
    },
    /// OAuth2 client credentials: the access key is exchanged for a bearer token at the
    /// token endpoint, and the token is sent on every call.
    OAuth2 {
        /// Access key id (the client id).
        key_id: String,
        /// Access key secret (the client secret).
        key_secret: String,
    },
    /// A bearer token obtained elsewhere, sent as is on every call.
    Bearer {
        /// The token.
        token: String,
    },
    /// An API key sent in a header of the API's choosing on every call (the docs page of
    /// the API names it, e.g. `X-API-KEY`; the pages doc2rust reads do not).
    ApiKey {
        /// The header's name.
        header: String,
        /// The key.
        key: String,
    },
}

impl Auth {
    /// HTTP Basic with an access key.
    #[inline]
    pub fn basic(key_id: impl Into<String>, key_secret: impl Into<String>) -> Self {
        Auth::Basic {
            key_id: key_id.into(),
            key_secret: key_secret.into(),
        }
    }

    /// OAuth2 client credentials with an access key; tokens are fetched, cached and
    /// refreshed by the client.
    #[inline]
    pub fn oauth2(key_id: impl Into<String>, key_secret: impl Into<String>) -> Self {
        Auth::OAuth2 {
            key_id: key_id.into(),
            key_secret: key_secret.into(),
        }
    }

    /// A static bearer token.
    #[inline]
    pub fn bearer(token: impl Into<String>) -> Self {
        Auth::Bearer {
            token: token.into(),
        }
    }

    /// An API key sent in the header `header` (e.g. `X-API-KEY`) on every call.
    #[inline]
    pub fn api_key(header: impl Into<String>, key: impl Into<String>) -> Self {
        Auth::ApiKey {
            header: header.into(),
            key: key.into(),
        }
    }
}

impl fmt::Debug for Auth {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REDACTED: &str = "<redacted>";
        match self {
            Auth::None => f.write_str("None"),
            Auth::Basic { key_id, .. } => f
                .debug_struct("Basic")
                .field("key_id", key_id)
                .field("key_secret", &format_args!("{REDACTED}"))
                .finish(),
            Auth::OAuth2 { key_id, .. } => f
                .debug_struct("OAuth2")
                .field("key_id", key_id)
                .field("key_secret", &format_args!("{REDACTED}"))
                .finish(),
            Auth::Bearer { .. } => f
                .debug_struct("Bearer")
                .field("token", &format_args!("{REDACTED}"))
                .finish(),
            Auth::ApiKey { header, .. } => f
                .debug_struct("ApiKey")
                .field("header", header)
                .field("key", &format_args!("{REDACTED}"))
                .finish(),
        }
    }
}

/// What the client needs to send a request, shared with the token endpoint calls.
pub(crate) struct Transport<'a> {
    pub(crate) http: &'a reqwest::Client,
    pub(crate) retry: &'a RetryPolicy,
    pub(crate) timeout: Option<Duration>,
    pub(crate) user_agent: &'a HeaderValue,
}

/// The credentials of a built client, ready to produce headers.
pub(crate) enum AuthState {
    None,
    /// Basic, bearer or an API key: one precomputed header.
    Static(HeaderName, HeaderValue),
    OAuth2(Box<TokenSource>),
}

/// The `Authorization` value for one attempt, and the token it carries (to invalidate
/// exactly that token if the API says it expired).
pub(crate) struct Credential {
    pub(crate) name: HeaderName,
    pub(crate) header: HeaderValue,
    pub(crate) token: Option<Arc<str>>,
}

/// Why credentials could not be turned into a header at build time.
#[derive(Debug)]
pub(crate) struct InvalidCredentials;

impl AuthState {
    #[inline]
    pub(crate) fn new(auth: Auth, token_url: Option<Url>) -> Result<Self, InvalidCredentials> {
        match auth {
            Auth::None => Ok(AuthState::None),
            Auth::Basic { key_id, key_secret } => {
                Ok(AuthState::Static(AUTHORIZATION, basic_header(&key_id, &key_secret)?))
            }
            Auth::Bearer { token } => Ok(AuthState::Static(
                AUTHORIZATION,
                bearer_header(&token).ok_or(InvalidCredentials)?,
            )),
            Auth::ApiKey { header, key } => {
                let name = HeaderName::from_bytes(header.as_bytes()).map_err(|_| InvalidCredentials)?;
                let mut value = HeaderValue::from_str(&key).map_err(|_| InvalidCredentials)?;
                value.set_sensitive(true);
                Ok(AuthState::Static(name, value))
            }
            Auth::OAuth2 { key_id, key_secret } => {
                let token_url = token_url.ok_or(InvalidCredentials)?;
                Ok(AuthState::OAuth2(Box::new(TokenSource {
                    token_url,
                    basic: basic_header(&key_id, &key_secret)?,
                    state: Mutex::new(TokenState::default()),
                    refresh: tokio::sync::Mutex::new(()),
                })))
            }
        }
    }

    /// The header the credentials go in.
    #[inline]
    pub(crate) fn header_name(&self) -> HeaderName {
        match self {
            AuthState::Static(name, _) => name.clone(),
            AuthState::None | AuthState::OAuth2(_) => AUTHORIZATION,
        }
    }

    /// Short name of the scheme, for `Debug` of the client.
    #[inline]
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            AuthState::None => "None",
            AuthState::Static(..) => "Static",
            AuthState::OAuth2(_) => "OAuth2",
        }
    }

    /// The header for the next attempt; may fetch a token.
    #[inline]
    pub(crate) async fn credential(
        &self,
        transport: &Transport<'_>,
    ) -> Result<Option<Credential>, AuthError> {
        match self {
            AuthState::None => Ok(None),
            AuthState::Static(name, header) => Ok(Some(Credential {
                name: name.clone(),
                header: header.clone(),
                token: None,
            })),
            AuthState::OAuth2(source) => source.credential(transport).await.map(Some),
        }
    }

    /// Forgets `token` after the API said it expired; a no-op when another caller
    /// already replaced it.
    #[inline]
    pub(crate) fn invalidate(&self, token: &str) {
        if let AuthState::OAuth2(source) = self {
            let mut state = source.lock_state();
            if state
                .current
                .as_ref()
                .is_some_and(|cached| &*cached.token == token)
            {
                state.current = None;
            }
        }
    }
}

/// OAuth2 client-credentials token cache.
///
/// Reads take a short synchronous lock. A refresh holds the async `refresh` lock for
/// the whole token request, so concurrent callers queue behind one request and then
/// read its result instead of sending their own.
pub(crate) struct TokenSource {
    token_url: Url,
    basic: HeaderValue,
    state: Mutex<TokenState>,
    refresh: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct TokenState {
    current: Option<CachedToken>,
    /// Number of finished token requests; a waiter that sees it move knows a request
    /// ran while it queued.
    fetches: u64,
    /// Outcome of the last token request when it failed, handed to the callers that
    /// queued behind it so that N callers do not make N failing requests.
    last_error: Option<AuthError>,
}

struct CachedToken {
    token: Arc<str>,
    header: HeaderValue,
    refresh_at: Instant,
}

impl CachedToken {
    #[inline]
    fn credential(&self) -> Credential {
        Credential {
            name: AUTHORIZATION,
            header: self.header.clone(),
            token: Some(self.token.clone()),
        }
    }
}

/// Size limit of a token endpoint's answer. A token response is a few KB at most (a JWT
/// with many claims); the limit is fixed, and small, because the endpoint's answer is read
/// before any call can be made and a larger one is not a token.
const MAX_TOKEN_RESPONSE_BYTES: usize = 64 * 1024;

/// Lifetime assumed when the token endpoint does not say.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);
/// Refresh this long before expiry, or at half the lifetime for short-lived tokens, so
/// a token never expires between being read and reaching the server.
const REFRESH_MARGIN: Duration = Duration::from_secs(60);

impl TokenSource {
    #[inline]
    fn lock_state(&self) -> MutexGuard<'_, TokenState> {
        // The state is plain data updated in single assignments, so a panic elsewhere
        // while holding the lock cannot leave it half-written: keep using it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    #[inline]
    async fn credential(&self, transport: &Transport<'_>) -> Result<Credential, AuthError> {
        let fetches_seen = {
            let state = self.lock_state();
            if let Some(cached) = fresh(&state) {
                return Ok(cached.credential());
            }
            state.fetches
        };

        let _refreshing = self.refresh.lock().await;
        {
            let state = self.lock_state();
            if let Some(cached) = fresh(&state) {
                return Ok(cached.credential());
            }
            if state.fetches != fetches_seen {
                if let Some(error) = &state.last_error {
                    return Err(error.clone());
                }
            }
        }

        let outcome = self.fetch(transport).await;
        let mut state = self.lock_state();
        state.fetches += 1;
        match outcome {
            Ok(token) => {
                let credential = token.credential();
                state.current = Some(token);
                state.last_error = None;
                Ok(credential)
            }
            Err(error) => {
                state.last_error = Some(error.clone());
                Err(error)
            }
        }
    }

    /// One token request, retried per the client's policy.
    #[inline]
    async fn fetch(&self, transport: &Transport<'_>) -> Result<CachedToken, AuthError> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            // Expiry is counted from before the request, so network time only makes
            // the cached lifetime shorter than the real one.
            let requested_at = Instant::now();
            let mut request = transport
                .http
                .request(Method::POST, self.token_url.clone())
                .header(AUTHORIZATION, self.basic.clone())
                .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(ACCEPT, "application/json")
                .header(USER_AGENT, transport.user_agent.clone())
                .body("grant_type=client_credentials");
            if let Some(timeout) = transport.timeout {
                request = request.timeout(timeout);
            }
            let response = match request.send().await {
                Ok(response) => response,
                Err(error) => {
                    // A token request has no side effect: retry as if idempotent.
                    if retry::transport_is_transient(&error)
                        && transport.retry.allows_another(attempts)
                    {
                        tokio::time::sleep(transport.retry.backoff(attempts)).await;
                        continue;
                    }
                    return Err(AuthError::transport(error));
                }
            };
            let status = response.status();
            let mut response = response;
            let headers = std::mem::take(response.headers_mut());
            let (body, truncated) = match read_body(&mut response, MAX_TOKEN_RESPONSE_BYTES).await {
                Ok(read) => read,
                Err(error) => {
                    if retry::transport_is_transient(&error)
                        && transport.retry.allows_another(attempts)
                    {
                        tokio::time::sleep(transport.retry.backoff(attempts)).await;
                        continue;
                    }
                    return Err(AuthError::transport(error));
                }
            };
            if status.is_success() {
                if truncated {
                    let reason = format!("larger than {MAX_TOKEN_RESPONSE_BYTES} bytes");
                    return Err(AuthError::invalid_response(status, headers, reason));
                }
                return parse_token(status, headers, &body, requested_at);
            }
            if retry::status_is_transient(status) && transport.retry.allows_another(attempts) {
                if let Some(wait) = transport.retry.delay_for_response(attempts, &headers) {
                    tokio::time::sleep(wait).await;
                    continue;
                }
            }
            return Err(AuthError::status(status, headers, body));
        }
    }
}

#[inline]
fn fresh(state: &TokenState) -> Option<&CachedToken> {
    state
        .current
        .as_ref()
        .filter(|cached| Instant::now() < cached.refresh_at)
}

#[inline]
fn parse_token(
    status: StatusCode,
    headers: HeaderMap,
    body: &Bytes,
    requested_at: Instant,
) -> Result<CachedToken, AuthError> {
    // Read as a `Value`, the decoding error bodies already use, rather than through a
    // derived struct: a second set of serde_json's generic code for one small object
    // weighed about 12 KB in every program's binary.
    let parsed: serde_json::Value = match serde_json::from_slice(body) {
        Ok(parsed) => parsed,
        Err(error) => {
            // Only the position: serde messages can quote values, and the value may be
            // the token.
            let reason = format!(
                "not a token response (JSON error at line {} column {})",
                error.line(),
                error.column()
            );
            return Err(AuthError::invalid_response(status, headers, reason));
        }
    };
    let Some(serde_json::Value::String(access_token)) = parsed.get("access_token") else {
        let reason = "not a token response (no `access_token` string)".to_owned();
        return Err(AuthError::invalid_response(status, headers, reason));
    };
    let Some(header) = bearer_header(access_token) else {
        let reason = "`access_token` is empty or not a valid header value".to_owned();
        return Err(AuthError::invalid_response(status, headers, reason));
    };
    let lifetime = parsed
        .get("expires_in")
        .and_then(seconds_of)
        .unwrap_or(DEFAULT_LIFETIME);
    let margin = REFRESH_MARGIN.min(lifetime / 2);
    Ok(CachedToken {
        token: Arc::from(access_token.as_str()),
        header,
        refresh_at: requested_at + (lifetime - margin),
    })
}

/// `expires_in` as a duration; servers send a number, some a numeric string.
#[inline]
fn seconds_of(value: &serde_json::Value) -> Option<Duration> {
    let seconds = match value {
        serde_json::Value::Number(number) => number.as_f64()?,
        // Read as a JSON number (surrounding spaces allowed): serde_json's number parser
        // is in the binary already, std's `f64::from_str` would add about 18 KB.
        serde_json::Value::String(text) => serde_json::from_str::<f64>(text).ok()?,
        _ => return None,
    };
    // Cap at a day: a bogus huge value must not overflow `Instant` arithmetic.
    if seconds.is_finite() && seconds >= 0.0 {
        Some(Duration::from_secs_f64(seconds.min(86_400.0)))
    } else {
        None
    }
}

#[inline]
fn basic_header(key_id: &str, key_secret: &str) -> Result<HeaderValue, InvalidCredentials> {
    let encoded = base64(format!("{key_id}:{key_secret}").as_bytes());
    let mut header =
        HeaderValue::from_str(&format!("Basic {encoded}")).map_err(|_| InvalidCredentials)?;
    header.set_sensitive(true);
    Ok(header)
}

#[inline]
fn bearer_header(token: &str) -> Option<HeaderValue> {
    if token.is_empty() {
        return None;
    }
    let mut header = HeaderValue::from_str(&format!("Bearer {token}")).ok()?;
    header.set_sensitive(true);
    Some(header)
}

/// Standard base64 with padding (RFC 4648 section 4), for the Basic header.
#[inline]
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut output = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b0 = chunk.first().copied().unwrap_or(0);
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let triple = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
        let sextet = |shift: u32| char::from(ALPHABET[((triple >> shift) & 0x3F) as usize]);
        output.push(sextet(18));
        output.push(sextet(12));
        output.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        output.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    output
}

/// Whether a 401 says the token expired, so one refetch and retry can fix it. Looks at
/// `WWW-Authenticate` (RFC 6750 `error="invalid_token"`) and at the body's wording.
#[inline]
pub(crate) fn says_token_expired(headers: &HeaderMap, body: &[u8]) -> bool {
    let challenge_says = headers
        .get_all(reqwest::header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| {
            let value = value.to_ascii_lowercase();
            value.contains("expired") || value.contains("invalid_token")
        });
    challenge_says || contains_ignore_ascii_case(body, b"expired")
}

#[inline]
fn contains_ignore_ascii_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in vectors {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn token_lifetime_is_read_from_a_number_or_a_numeric_string() {
        let at = Instant::now();
        let refresh_in = |body: &str| {
            parse_token(StatusCode::OK, HeaderMap::new(), &Bytes::from(body.to_owned()), at)
                .map(|token| token.refresh_at - at)
                .map_err(|error| error.to_string())
        };
        // Refreshed a minute early, or at half the lifetime when that is shorter.
        let secs = Duration::from_secs;
        assert_eq!(refresh_in(r#"{"access_token":"t","expires_in":3600}"#), Ok(secs(3540)));
        assert_eq!(refresh_in(r#"{"access_token":"t","expires_in":"90"}"#), Ok(secs(45)));
        assert_eq!(refresh_in(r#"{"access_token":"t","expires_in":" 90 "}"#), Ok(secs(45)));
        assert_eq!(refresh_in(r#"{"access_token":"t","expires_in":"1.5e2"}"#), Ok(secs(90)));
        assert_eq!(refresh_in(r#"{"access_token":"t","expires_in":1e9}"#), Ok(secs(86_340)));
        // Unreadable or negative: the default lifetime (five minutes).
        for expires_in in [r#""soon""#, "-5", "null", "[]", r#""NaN""#] {
            let body = format!(r#"{{"access_token":"t","expires_in":{expires_in}}}"#);
            assert_eq!(refresh_in(&body), Ok(secs(240)), "{body}");
        }
        assert_eq!(refresh_in(r#"{"access_token":"t"}"#), Ok(secs(240)));
        for body in [r#"{"access_token":7}"#, r#"{"token":"t"}"#, "[]", "{"] {
            let error = refresh_in(body).expect_err(body);
            assert!(error.contains("not a token response"), "{body}: {error}");
        }
        let error = refresh_in(r#"{"access_token":"secret\nvalue"}"#).expect_err("not a header");
        assert!(!error.contains("secret"), "{error}");
    }

    #[test]
    fn expired_wording_is_found() {
        let mut headers = HeaderMap::new();
        assert!(says_token_expired(
            &headers,
            br#"{"error":{"message":"Token Expired"}}"#
        ));
        assert!(!says_token_expired(
            &headers,
            br#"{"error":{"message":"Unauthorized"}}"#
        ));
        headers.insert(
            reqwest::header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer error=\"invalid_token\""),
        );
        assert!(says_token_expired(&headers, b""));
    }
}
