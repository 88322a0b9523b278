//! One API call: parameters and body encoded once, then sent with auth and retries, and
//! the response turned into a typed value or an [`Error`] that keeps the raw response.

// Functions are `#[inline]`, see `mod.rs`.

use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::auth::{self, Transport};
use super::client::Client;
use super::hook::{Answered, Attempt, CallSpan, Sending};
use super::error::{
    ApiError, AuthError, BodyTooLargeError, DecodeError, EncodeError, Error, ErrorFields,
};
#[cfg(feature = "multipart")]
use super::multipart;
use super::retry::{self, RetryPolicy};

/// Appends `%XY` for one byte: the escape every encoder here shares.
#[inline]
fn push_escaped(encoded: &mut String, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    encoded.push('%');
    encoded.push(char::from(HEX[usize::from(byte >> 4)]));
    encoded.push(char::from(HEX[usize::from(byte & 0x0F)]));
}

/// Appends a percent-encoded path segment: everything but RFC 3986 unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) is escaped, so `/`, `?`, `#` and `%` in an id cannot change the
/// URL.
#[inline]
fn push_path_segment(path: &mut String, segment: &str) {
    for &byte in segment.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            path.push(char::from(byte));
        } else {
            push_escaped(path, byte);
        }
    }
}

/// The path of a call: `route` as the docs write it, each `{name}` placeholder replaced, in
/// order, by the next of `values`, percent-encoded. One allocation, where a path built
/// from encoded parts would take one per parameter and one for the whole.
///
/// doc2rust checked every route's placeholders (`{` closed by `}`, nothing nested) and
/// generates one value per placeholder. Were the two ever to disagree, the path would still
/// be built without a panic: a missing value is empty, a placeholder left open ends the
/// route.
#[inline]
pub(crate) fn fill_path(route: &str, values: &[&str]) -> String {
    let mut path = String::with_capacity(route.len() + values.iter().map(|value| value.len()).sum::<usize>());
    let mut values = values.iter();
    let mut rest = route;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        push_path_segment(&mut path, values.next().copied().unwrap_or_default());
        rest = rest[open..].find('}').map_or("", |close| &rest[open + close + 1..]);
    }
    path.push_str(rest);
    path
}

/// Decodes an error body as JSON into the operation's error type; `None` when it does
/// not parse (the caller keeps the raw bytes), or when the type names its documented keys
/// ([`ErrorFields::KEYS`]) and the body is not an object holding at least one of them.
#[inline]
pub fn decode_json<E: DeserializeOwned + ErrorFields>(_status: StatusCode, body: &[u8]) -> Option<E> {
    if E::KEYS.is_empty() {
        return serde_json::from_slice(body).ok();
    }
    let value: Value = serde_json::from_slice(body).ok()?;
    let object = value.as_object()?;
    if !E::KEYS.iter().any(|key| object.contains_key(*key)) {
        return None;
    }
    serde_json::from_value(value).ok()
}

/// A call being prepared; created by generated operation methods.
///
/// Encoding failures are remembered and reported by `send`, so generated code can chain
/// calls without handling errors in between.
#[must_use = "a request does nothing until it is sent"]
pub struct RequestBuilder<'a> {
    client: &'a Client,
    pub(crate) method: Method,
    /// The path as the docs write it, `{placeholders}` and all, for hooks and spans.
    pub(crate) route: &'static str,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Option<(Bytes, HeaderValue)>,
    error: Option<EncodeError>,
    /// This call's own per-attempt time limit and retry policy, over the client's.
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
}

/// A complete HTTP response, after retries.
pub(crate) struct RawResponse {
    /// The request's method and, for an answer that is not a success, its URL path (no
    /// query): what error messages show.
    method: Method,
    path: String,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    /// The body, or its start when `truncated`.
    pub(crate) body: Bytes,
    /// Whether the body was longer than the limit for its status, and not read further.
    truncated: bool,
}

/// Reads a response body as it arrives, at most `limit` bytes: the body and `false`, or
/// its first `limit` bytes and `true` when there is more (the rest is not read, and the
/// connection is dropped). Memory stays bounded whatever the server sends or announces.
#[inline]
pub(crate) async fn read_body(
    response: &mut reqwest::Response,
    limit: usize,
) -> Result<(Bytes, bool), reqwest::Error> {
    // A body that arrives in one piece (most do) is that piece, neither copied nor
    // allocated again.
    let Some(first) = response.chunk().await? else {
        return Ok((Bytes::new(), false));
    };
    if first.len() > limit {
        // Copied: a slice would keep the whole piece alive.
        return Ok((Bytes::copy_from_slice(&first[..limit]), true));
    }
    let Some(second) = response.chunk().await? else {
        return Ok((first, false));
    };
    // `Content-Length` only sizes the buffer; it is not trusted beyond the limit.
    let announced = response
        .content_length()
        .map_or(0, |length| usize::try_from(length).unwrap_or(usize::MAX));
    let mut body = bytes::BytesMut::with_capacity(announced.min(limit));
    body.extend_from_slice(&first);
    let mut next = Some(second);
    while let Some(chunk) = next {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            return Ok((body.freeze(), true));
        }
        body.extend_from_slice(&chunk);
        next = response.chunk().await?;
    }
    Ok((body.freeze(), false))
}

/// Failures that do not depend on the operation's types, so the retry loop is compiled
/// once rather than once per operation.
pub(crate) enum Failure {
    Transport(reqwest::Error),
    Auth(AuthError),
    Encode(EncodeError),
    TooLarge(BodyTooLargeError),
}

impl<E> From<Failure> for Error<E> {
    #[inline]
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Transport(error) => Error::Transport(error),
            Failure::Auth(error) => error.into(),
            Failure::Encode(error) => error.into(),
            Failure::TooLarge(error) => Error::BodyTooLarge(Box::new(error)),
        }
    }
}

pub(crate) const JSON: &str = "application/json";

impl<'a> RequestBuilder<'a> {
    #[inline]
    pub(crate) fn new(client: &'a Client, method: Method, route: &'static str, path: String) -> Self {
        RequestBuilder {
            client,
            method,
            route,
            path,
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: None,
            error: None,
            timeout: None,
            retry: None,
        }
    }

    /// Adds a query parameter. `None`/null is omitted, strings go as is, numbers and
    /// booleans as their JSON text, arrays repeat the key, objects go as JSON text.
    #[inline]
    pub fn query<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => {
                let mut values = Vec::new();
                flatten(value, &mut values);
                self.query
                    .extend(values.into_iter().map(|value| (name.to_owned(), value)));
            }
            Err(error) => self.fail(format!("query parameter `{name}`"), error),
        }
        self
    }

    /// Adds a header, with the same value rules as [`query`](Self::query); an array
    /// sends the header once per element.
    #[inline]
    pub fn header<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let header_name = match HeaderName::from_bytes(name.as_bytes()) {
            Ok(header_name) => header_name,
            Err(error) => {
                self.fail(format!("header name `{name}`"), error);
                return self;
            }
        };
        match serde_json::to_value(value) {
            Ok(value) => {
                let mut values = Vec::new();
                flatten(value, &mut values);
                for value in values {
                    match HeaderValue::from_str(&value) {
                        Ok(header_value) => {
                            self.headers.append(header_name.clone(), header_value);
                        }
                        Err(error) => {
                            self.fail(format!("header `{name}`"), error);
                            return self;
                        }
                    }
                }
            }
            Err(error) => self.fail(format!("header `{name}`"), error),
        }
        self
    }

    /// Adds a cookie to the `Cookie` header, with the same value rules as
    /// [`query`](Self::query); an array adds one `name=value` pair per element. Characters
    /// a cookie cannot hold (and `%`) are percent-encoded.
    #[inline]
    pub fn cookie<T: Serialize + ?Sized>(mut self, name: &str, value: &T) -> Self {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(error) => {
                self.fail(format!("cookie `{name}`"), error);
                return self;
            }
        };
        let mut values = Vec::new();
        flatten(value, &mut values);
        for value in values {
            let existing = self
                .headers
                .get(COOKIE)
                .and_then(|existing| existing.to_str().ok());
            let cookies = append_cookie(existing, name, &value);
            match HeaderValue::from_str(&cookies) {
                Ok(header_value) => {
                    self.headers.insert(COOKIE, header_value);
                }
                Err(error) => {
                    self.fail(format!("cookie `{name}`"), error);
                    return self;
                }
            }
        }
        self
    }

    /// Sets a body in a media type other than JSON, encoded once here so retries resend
    /// the same bytes:
    ///
    /// - `application/x-www-form-urlencoded`: the body's top-level fields as `name=value`
    ///   pairs, with the value rules of [`query`](Self::query);
    /// - `multipart/form-data`: one part per top-level field: a [`FilePart`](super::FilePart) as a file
    ///   part (with its file name and content type), one part per file of an array of
    ///   them, strings as text and other values as JSON; absent and null fields and empty
    ///   arrays left out (with the crate's `multipart` feature, on by default when the API
    ///   has such a body; without it, such a body fails to encode);
    /// - `text/*`: a JSON string as is, any other value as its JSON text;
    /// - anything else: the body as JSON, sent with that `Content-Type`.
    #[inline]
    pub fn encoded<B: Serialize + ?Sized>(mut self, media_type: &str, body: &B) -> Self {
        let encoded = if essence(media_type) == "multipart/form-data" {
            // Straight from the body, not through JSON: files keep their bytes.
            encode_form_data(body)
        } else {
            // JSON text rather than a `Value`, whose map would sort the fields.
            match serde_json::to_vec(body) {
                Ok(json) => encode_body(media_type, &json),
                Err(error) => {
                    self.fail("request body".to_owned(), error);
                    return self;
                }
            }
        };
        match encoded {
            Ok((bytes, content_type)) => match HeaderValue::from_str(&content_type) {
                Ok(header_value) => self.body = Some((Bytes::from(bytes), header_value)),
                Err(error) => self.fail(format!("content type `{content_type}`"), error),
            },
            Err(reason) => self.fail(format!("request body as `{media_type}`"), reason),
        }
        self
    }

    /// Sets a JSON body, serialized once here so retries resend the same bytes.
    #[inline]
    pub fn json<B: Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some((Bytes::from(bytes), HeaderValue::from_static(JSON))),
            Err(error) => self.fail("request body".to_owned(), error),
        }
        self
    }

    /// Sets a plain-text body.
    #[inline]
    pub fn text(mut self, body: impl Into<String>) -> Self {
        let content_type = HeaderValue::from_static("text/plain; charset=utf-8");
        self.body = Some((Bytes::from(body.into()), content_type));
        self
    }

    /// Sets a header of this call, replacing any value set before (see
    /// [`ApiCall::header`](super::ApiCall::header)).
    #[inline]
    pub(crate) fn set_header(&mut self, name: &str, value: &str) {
        match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(value)) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            (Err(error), _) => self.fail(format!("header name `{name}`"), error),
            (_, Err(error)) => self.fail(format!("header `{name}`"), error),
        }
    }

    #[inline]
    fn fail(&mut self, what: String, error: impl Into<Box<dyn std::error::Error + Send + Sync>>) {
        // The first failure is the one to report; later ones are often consequences.
        if self.error.is_none() {
            self.error = Some(EncodeError::with_source(
                format!("cannot encode {what}"),
                error,
            ));
        }
    }

    /// Sends with auth and retries until a final response or error, inside the call's
    /// `tracing` span when the crate has the feature.
    #[inline]
    pub(crate) async fn execute(self, accept: &'static str) -> Result<RawResponse, Failure> {
        let span = CallSpan::new(&self.method, self.route);
        span.instrument(self.attempts(accept, &span)).await
    }

    #[inline]
    async fn attempts(self, accept: &'static str, span: &CallSpan) -> Result<RawResponse, Failure> {
        if let Some(error) = self.error {
            return Err(Failure::Encode(error));
        }
        let client = self.client.inner();
        // The call's own policy wins; the token endpoint keeps the client's.
        let policy = self.retry.as_ref().unwrap_or(&client.retry);
        let timeout = self.timeout.or(client.timeout);
        // Built here, so that a path that cannot be sent fails before any credential is
        // fetched, and moved into the first attempt's request; a repeat builds it again.
        let mut first_url = Some(build_url(&client.base_url, &self.path, &self.query).map_err(Failure::Encode)?);
        let transport = Transport {
            http: &client.http,
            retry: &client.retry,
            timeout: client.timeout,
            user_agent: &client.user_agent,
        };
        // A caller-supplied credentials header (a documented header parameter) wins.
        let use_auth = !self.headers.contains_key(client.auth.header_name());
        let mut attempts: u32 = 0;
        // Every request sent, the repeat after a refused token too: what hooks count.
        let mut sent: u32 = 0;
        let mut refreshed_after_401 = false;
        loop {
            attempts += 1;
            sent += 1;
            span.attempt(sent);
            let credential = if use_auth {
                client
                    .auth
                    .credential(&transport)
                    .await
                    .map_err(Failure::Auth)?
            } else {
                None
            };

            let url = match first_url.take() {
                Some(url) => url,
                None => build_url(&client.base_url, &self.path, &self.query).map_err(Failure::Encode)?,
            };
            let mut headers = self.headers.clone();
            headers.insert(USER_AGENT, client.user_agent.clone());
            if !headers.contains_key(ACCEPT) {
                headers.insert(ACCEPT, HeaderValue::from_static(accept));
            }
            if let Some(credential) = &credential {
                headers.insert(credential.name.clone(), credential.header.clone());
            }
            if let Some((_, content_type)) = &self.body {
                headers.insert(CONTENT_TYPE, content_type.clone());
            }
            for hook in &client.hooks.0 {
                hook.before_attempt(&mut Attempt {
                    method: &self.method,
                    route: self.route,
                    number: sent,
                    stage: Sending {
                        url: &url,
                        headers: &mut headers,
                        body: self.body.as_ref().map(|(body, _)| &body[..]),
                    },
                });
            }
            // The request is made whole here and handed to reqwest as it is: its builder
            // would copy the headers into a map of its own.
            let mut request = reqwest::Request::new(self.method.clone(), url);
            *request.headers_mut() = headers;
            *request.body_mut() = self.body.as_ref().map(|(body, _)| body.clone().into());
            *request.timeout_mut() = timeout;

            let started = Instant::now();
            let outcome = match client.http.execute(request).await {
                Ok(mut response) => {
                    let status = response.status();
                    let headers = std::mem::take(response.headers_mut());
                    let success = status.is_success();
                    let limit = if success {
                        client.max_response_bytes
                    } else {
                        client.max_error_body_bytes
                    };
                    let announced_too_large = response
                        .content_length()
                        .is_some_and(|length| length > limit as u64);
                    // Only an error names the path (of the request answered, after any
                    // redirect).
                    let path = if success {
                        String::new()
                    } else {
                        response.url().path().to_owned()
                    };
                    if success && announced_too_large {
                        // Known too large before reading a byte of it.
                        Ok(RawResponse {
                            method: self.method.clone(),
                            path,
                            status,
                            headers,
                            body: Bytes::new(),
                            truncated: true,
                        })
                    } else {
                        read_body(&mut response, limit)
                            .await
                            .map(|(body, truncated)| RawResponse {
                                method: self.method.clone(),
                                path,
                                status,
                                headers,
                                body,
                                truncated,
                            })
                    }
                }
                Err(error) => Err(error),
            };
            match &outcome {
                Ok(response) => span.status(response.status),
                Err(error) => span.error(error),
            }
            if !client.hooks.0.is_empty() {
                let elapsed = started.elapsed();
                let result = match &outcome {
                    Ok(response) => Ok((response.status, &response.headers)),
                    Err(error) => Err(error),
                };
                for hook in &client.hooks.0 {
                    hook.after_attempt(&Attempt {
                        method: &self.method,
                        route: self.route,
                        number: sent,
                        stage: Answered {
                            elapsed,
                            outcome: result,
                        },
                    });
                }
            }
            let response = match outcome {
                Ok(response) if response.truncated && response.status.is_success() => {
                    return Err(Failure::TooLarge(BodyTooLargeError {
                        status: response.status,
                        headers: response.headers,
                        limit: client.max_response_bytes,
                    }));
                }
                Ok(response) => response,
                Err(error) => {
                    if retry::transport_is_retryable(&error, &self.method)
                        && policy.allows_another(attempts)
                    {
                        tokio::time::sleep(policy.backoff(attempts)).await;
                        continue;
                    }
                    return Err(Failure::Transport(error));
                }
            };

            if response.status == StatusCode::UNAUTHORIZED && !refreshed_after_401 {
                if let Some(token) = credential
                    .as_ref()
                    .and_then(|credential| credential.token.as_ref())
                {
                    if auth::says_token_expired(&response.headers, &response.body) {
                        // The server rejected the request before acting on it, so it is
                        // safe to repeat once with a new token, whatever the method, and
                        // without using up an attempt of the retry policy.
                        client.auth.invalidate(token);
                        refreshed_after_401 = true;
                        attempts -= 1;
                        continue;
                    }
                }
            }

            if !response.status.is_success()
                && retry::status_is_retryable(response.status, &self.method)
                && policy.allows_another(attempts)
            {
                if let Some(wait) = policy.delay_for_response(attempts, &response.headers) {
                    tokio::time::sleep(wait).await;
                    continue;
                }
            }
            return Ok(response);
        }
    }
}

#[inline]
pub(crate) fn success_or_api_error<E>(
    response: RawResponse,
    decode_error: fn(StatusCode, &[u8]) -> Option<E>,
) -> Result<RawResponse, Error<E>> {
    if response.status.is_success() {
        return Ok(response);
    }
    let body = decode_error(response.status, &response.body);
    Err(Error::Api(Box::new(ApiError {
        status: response.status,
        method: response.method,
        path: response.path,
        headers: response.headers,
        body,
        raw: response.body,
        truncated: response.truncated,
    })))
}

/// Appends an encoded path and the query to the base URL, refusing paths that the URL
/// parser would rewrite (`.` and `..` segments), so an id can never point the call at
/// another resource.
#[inline]
fn build_url(base_url: &str, path: &str, query: &[(String, String)]) -> Result<Url, EncodeError> {
    let text = format!("{base_url}{path}");
    let mut url = Url::parse(&text)
        .map_err(|error| EncodeError::with_source(format!("invalid URL `{text}`"), error))?;
    let base_path = base_url
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|at| &rest[at..]))
        .unwrap_or("");
    let as_given = url.path().strip_prefix(base_path) == Some(path);
    if !as_given || url.query().is_some() || url.fragment().is_some() {
        return Err(EncodeError::new(format!(
            "path `{path}` would not reach the intended resource (a parameter is `.` or `..`, or the path is not encoded)"
        )));
    }
    if !query.is_empty() {
        let mut pairs = url.query_pairs_mut();
        for (name, value) in query {
            pairs.append_pair(name, value);
        }
    }
    Ok(url)
}

/// A `multipart/form-data` body, with the `Content-Type` to send it with.
#[cfg(feature = "multipart")]
#[inline]
fn encode_form_data<B: Serialize + ?Sized>(body: &B) -> Result<(Vec<u8>, String), String> {
    multipart::encode(body)
}

/// Without the encoder, a form is refused before anything is sent.
#[cfg(not(feature = "multipart"))]
#[inline]
fn encode_form_data<B: Serialize + ?Sized>(_: &B) -> Result<(Vec<u8>, String), String> {
    Err("this crate was built without its `multipart` feature".to_owned())
}

/// A media type without its parameters, lowercase: `multipart/form-data`.
#[inline]
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// A body other than a form-data one, given as JSON text, encoded for `media_type`, with the `Content-Type` to send it
/// with (see [`RequestBuilder::encoded`]).
#[inline]
fn encode_body(media_type: &str, json: &[u8]) -> Result<(Vec<u8>, String), String> {
    match essence(media_type).as_str() {
        "application/x-www-form-urlencoded" => {
            let mut encoded = String::new();
            for (name, field) in top_level_fields(json)? {
                let mut values = Vec::new();
                flatten(field, &mut values);
                for value in values {
                    if !encoded.is_empty() {
                        encoded.push('&');
                    }
                    encoded.push_str(&encode_form(&name));
                    encoded.push('=');
                    encoded.push_str(&encode_form(&value));
                }
            }
            Ok((encoded.into_bytes(), media_type.to_owned()))
        }
        text if text.starts_with("text/") => {
            let body = match serde_json::from_slice(json) {
                Ok(Value::String(text)) => text.into_bytes(),
                _ => json.to_vec(),
            };
            let content_type = if media_type.to_ascii_lowercase().contains("charset=") {
                media_type.to_owned()
            } else {
                format!("{media_type}; charset=utf-8")
            };
            Ok((body, content_type))
        }
        _ => Ok((json.to_vec(), media_type.to_owned())),
    }
}

/// The fields of a body that must be an object (form and multipart encodings), in the
/// order the body serializes them.
#[inline]
fn top_level_fields(json: &[u8]) -> Result<Vec<(String, Value)>, String> {
    serde_json::from_slice::<OrderedFields>(json)
        .map(|fields| fields.0)
        .map_err(|error| format!("a form body must be an object with fields ({error})"))
}

/// An object's fields in their order on the wire; `null` reads as no fields.
struct OrderedFields(Vec<(String, Value)>);

impl<'de> serde::Deserialize<'de> for OrderedFields {
    #[inline]
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = OrderedFields;

            #[inline]
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("an object")
            }

            #[inline]
            fn visit_unit<E: serde::de::Error>(self) -> Result<OrderedFields, E> {
                Ok(OrderedFields(Vec::new()))
            }

            #[inline]
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<OrderedFields, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    fields.push(entry);
                }
                Ok(OrderedFields(fields))
            }
        }
        deserializer.deserialize_any(Fields)
    }
}

/// `application/x-www-form-urlencoded` encoding of one name or value: `*-._` and ASCII
/// alphanumerics as they are, space as `+`, every other byte percent-encoded.
#[inline]
fn encode_form(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        match byte {
            b' ' => encoded.push('+'),
            byte if byte.is_ascii_alphanumeric() || matches!(byte, b'*' | b'-' | b'.' | b'_') => {
                encoded.push(char::from(byte));
            }
            byte => {
                push_escaped(&mut encoded, byte);
            }
        }
    }
    encoded
}

/// A `Cookie` header value with one more `name=value` pair. Bytes a cookie cannot hold
/// (controls, space, `"`, `,`, `;`, `\`, non-ASCII), `%`, and `=` in the name are
/// percent-encoded.
#[inline]
fn append_cookie(existing: Option<&str>, name: &str, value: &str) -> String {
    #[inline]
    fn encode(text: &str, is_name: bool) -> String {
        let mut encoded = String::with_capacity(text.len());
        for &byte in text.as_bytes() {
            let plain = (0x21..0x7F).contains(&byte)
                && !matches!(byte, b'"' | b',' | b';' | b'\\' | b'%')
                && !(is_name && byte == b'=');
            if plain {
                encoded.push(char::from(byte));
            } else {
                push_escaped(&mut encoded, byte);
            }
        }
        encoded
    }
    let pair = format!("{}={}", encode(name, true), encode(value, false));
    match existing {
        Some(existing) if !existing.is_empty() => format!("{existing}; {pair}"),
        _ => pair,
    }
}

/// Turns a serialized parameter into its wire strings (see [`RequestBuilder::query`]).
#[inline]
fn flatten(value: Value, out: &mut Vec<String>) {
    match value {
        Value::Null => {}
        Value::String(text) => out.push(text),
        Value::Bool(flag) => out.push(flag.to_string()),
        Value::Number(number) => out.push(number.to_string()),
        Value::Array(items) => {
            for item in items {
                match item {
                    // Nested arrays have no agreed flat form; JSON text is unambiguous.
                    Value::Array(_) => out.push(json_text(&item)),
                    other => flatten(other, out),
                }
            }
        }
        Value::Object(_) => out.push(json_text(&value)),
    }
}

/// Compact JSON text of a value, written by the serializer request bodies use. A `Value`'s
/// `Display` would do the same through code of its own (with a pretty printer for `{:#}`),
/// about 20 KB more in every program's binary.
#[inline]
fn json_text(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_fill_placeholders_in_order_encoding_only_what_is_reserved() {
        assert_eq!(fill_path("/v1/{a}/x", &["abc-._~XYZ09"]), "/v1/abc-._~XYZ09/x");
        assert_eq!(fill_path("/v1/{a}", &["a/b?c#d%e f"]), "/v1/a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(fill_path("/{a}", &["é"]), "/%C3%A9");
        // Placeholders take the values in order, whatever their names; one may start the
        // route or follow another directly.
        assert_eq!(fill_path("{z}/p/{a}{b}.json", &["1", "2", "3"]), "1/p/23.json");
        assert_eq!(fill_path("/v1/items", &[]), "/v1/items");
        // A value is data, never a placeholder of its own.
        assert_eq!(fill_path("/{a}/{b}", &["{b}", "x"]), "/%7Bb%7D/x");
        // Values and placeholders that disagree (doc2rust never generates these) leave
        // nothing of the route's own text where a value belongs.
        assert_eq!(fill_path("/{a}/{b}", &["x"]), "/x/");
        assert_eq!(fill_path("/{a}/{b", &["x", "y"]), "/x/y");
    }

    #[test]
    fn parameters_flatten_to_wire_strings() {
        let wire = |value: Value| {
            let mut out = Vec::new();
            flatten(value, &mut out);
            out
        };
        // Object keys in sorted order: serde_json keeps that order with or without its
        // `preserve_order` feature, which a workspace build may turn on.
        let value = serde_json::json!([
            "a b", 1, 2.5, true, null, [1, "x"], {"a": null, "k": [1, {"z": "é\"q"}]}
        ]);
        assert_eq!(
            wire(value),
            ["a b", "1", "2.5", "true", r#"[1,"x"]"#, r#"{"a":null,"k":[1,{"z":"é\"q"}]}"#]
        );
        assert_eq!(wire(serde_json::json!({"a": [2], "b": 1})), [r#"{"a":[2],"b":1}"#]);
        assert!(wire(Value::Null).is_empty());
    }

    #[test]
    fn cookies_accumulate_in_one_header() {
        let first = append_cookie(None, "session", "abc");
        assert_eq!(first, "session=abc");
        let second = append_cookie(Some(&first), "theme", "dark; x=\"1\" é%");
        assert_eq!(second, "session=abc; theme=dark%3B%20x=%221%22%20%C3%A9%25");
        assert_eq!(append_cookie(None, "a=b", "="), "a%3Db==");
    }

    /// A body as the generated code passes it: a struct whose fields keep their order.
    #[derive(serde::Serialize)]
    struct Form {
        grant_type: &'static str,
        scope: Vec<&'static str>,
        ttl: u32,
        skip: Option<u8>,
        #[serde(skip_serializing_if = "Option::is_none")]
        absent: Option<u8>,
        extra: Value,
    }

    fn json(body: &impl Serialize) -> Vec<u8> {
        serde_json::to_vec(body).expect("serializes")
    }

    #[test]
    fn form_bodies_encode_top_level_fields_in_order() {
        let body = Form {
            grant_type: "client_credentials",
            scope: vec!["read", "write all"],
            ttl: 60,
            skip: None,
            absent: None,
            extra: serde_json::json!({"a": 1}),
        };
        let (bytes, content_type) =
            encode_body("application/x-www-form-urlencoded", &json(&body)).expect("encodes");
        assert_eq!(content_type, "application/x-www-form-urlencoded");
        assert_eq!(
            String::from_utf8(bytes).ok().as_deref(),
            Some(
                "grant_type=client_credentials&scope=read&scope=write+all&ttl=60&extra=%7B%22a%22%3A1%7D"
            )
        );
        let not_an_object = encode_body("application/x-www-form-urlencoded", b"[1]");
        assert!(not_an_object.is_err());
    }

    #[test]
    fn text_and_other_bodies() {
        let (bytes, content_type) = encode_body("text/plain", &json(&"hello")).expect("encodes");
        assert_eq!(
            (bytes.as_slice(), content_type.as_str()),
            (&b"hello"[..], "text/plain; charset=utf-8")
        );
        let (bytes, content_type) = encode_body(
            "text/csv; charset=latin1",
            &json(&serde_json::json!({"rows": [1]})),
        )
        .expect("encodes");
        assert_eq!(
            (bytes.as_slice(), content_type.as_str()),
            (&b"{\"rows\":[1]}"[..], "text/csv; charset=latin1")
        );
        let (bytes, content_type) = encode_body(
            "application/vnd.acme+xml",
            &json(&serde_json::json!({"a": true})),
        )
        .expect("encodes");
        assert_eq!(
            (bytes.as_slice(), content_type.as_str()),
            (&b"{\"a\":true}"[..], "application/vnd.acme+xml")
        );
    }

    #[test]
    fn urls_keep_the_base_path_and_refuse_dot_segments() {
        let url = build_url("https://example.com/api", "/v1/a%2Fb", &[]);
        assert_eq!(
            url.map(|url| url.to_string()).ok().as_deref(),
            Some("https://example.com/api/v1/a%2Fb")
        );
        assert!(build_url("https://example.com", "/v1/projects/../x", &[]).is_err());
        assert!(build_url("https://example.com", "/v1/projects/./x", &[]).is_err());
    }
}
