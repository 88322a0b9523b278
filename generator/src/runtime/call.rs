//! A call ready to send, as every client method returns it: awaited directly for the typed
//! body, or first given per-call options, or asked for the response's status and headers.

// Functions are `#[inline]`, see `mod.rs`.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::ops::{Deref, DerefMut};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::error::{DecodeError, EncodeError, Error};
use super::request::{RequestBuilder, success_or_api_error};
use super::retry::RetryPolicy;

/// Turns a 2xx body into the call's value.
type DecodeBody<T> = fn(&Bytes) -> Result<T, Box<dyn StdError + Send + Sync>>;

/// The call once sent. Boxed: the future of an `async fn` has no name to write here, and one
/// allocation is nothing next to an HTTP exchange.
type Sent<'a, T, E> = Pin<Box<dyn Future<Output = Result<ResponseValue<T>, Error<E>>> + Send + 'a>>;

/// A call of the API, built and ready to send: what every method of
/// [`Client`](super::Client) returns.
///
/// `.await` it for the typed body. Before that, options can be set for this one call
/// ([`timeout`](Self::timeout), [`header`](Self::header),
/// [`retry_policy`](Self::retry_policy)), and
/// [`with_response`](Self::with_response) gives the status and headers with the body.
/// Nothing is sent until it is awaited (or polled: it is a [`Future`], so it can also be
/// spawned, joined or selected on like any other).
#[must_use = "a call does nothing until it is awaited"]
pub struct ApiCall<'a, T, E> {
    /// The call as built; taken when it is first polled.
    pending: Option<Pending<'a, T, E>>,
    sent: Option<Sent<'a, T, E>>,
}

/// A call not sent yet: the request and how to read its answer.
struct Pending<'a, T, E> {
    request: RequestBuilder<'a>,
    accept: &'static str,
    decode_error: fn(StatusCode, &[u8]) -> Option<E>,
    decode_body: DecodeBody<T>,
}

impl<T, E> fmt::Debug for ApiCall<'_, T, E> {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("ApiCall");
        if let Some(pending) = &self.pending {
            debug
                .field("method", &pending.request.method)
                .field("route", &pending.request.route);
        }
        debug.field("sent", &self.pending.is_none()).finish_non_exhaustive()
    }
}

impl<'a, T, E> ApiCall<'a, T, E> {
    #[inline]
    fn new(
        request: RequestBuilder<'a>,
        accept: &'static str,
        decode_error: fn(StatusCode, &[u8]) -> Option<E>,
        decode_body: DecodeBody<T>,
    ) -> Self {
        ApiCall {
            pending: Some(Pending {
                request,
                accept,
                decode_error,
                decode_body,
            }),
            sent: None,
        }
    }

    /// The request to set options on; `None` once the call was polled, when options can no
    /// longer apply.
    #[inline]
    fn request(&mut self) -> Option<&mut RequestBuilder<'a>> {
        self.pending.as_mut().map(|pending| &mut pending.request)
    }
}

const JSON: &str = "application/json";
const ANY: &str = "*/*";

impl<'a> RequestBuilder<'a> {
    /// The call, for a 2xx JSON body decoded as `T` (an empty body reads as `null`, so `()`
    /// and `Option<T>` accept "no content"); a non-2xx answer becomes [`Error::Api`], its
    /// body decoded by `decode_error`.
    #[inline]
    pub fn send<T: DeserializeOwned, E>(
        self,
        decode_error: fn(StatusCode, &[u8]) -> Option<E>,
    ) -> ApiCall<'a, T, E> {
        ApiCall::new(self, JSON, decode_error, json_body::<T>)
    }

    /// The call, for any 2xx, its body ignored.
    #[inline]
    pub fn send_empty<E>(
        self,
        decode_error: fn(StatusCode, &[u8]) -> Option<E>,
    ) -> ApiCall<'a, (), E> {
        ApiCall::new(self, ANY, decode_error, |_| Ok(()))
    }

    /// The call, for a 2xx body as text.
    #[inline]
    pub fn send_text<E>(
        self,
        decode_error: fn(StatusCode, &[u8]) -> Option<E>,
    ) -> ApiCall<'a, String, E> {
        ApiCall::new(self, ANY, decode_error, |body| Ok(String::from_utf8(body.to_vec())?))
    }
}

#[inline]
fn json_body<T: DeserializeOwned>(body: &Bytes) -> Result<T, Box<dyn StdError + Send + Sync>> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        body
    };
    Ok(serde_json::from_slice(body)?)
}

impl<'a, T, E> ApiCall<'a, T, E> {
    /// Time limit of each attempt of this call, instead of the client's
    /// ([`ClientBuilder::timeout`](super::ClientBuilder::timeout)): from connecting to
    /// reading the whole body. A call that runs out of time fails with
    /// [`Error::Transport`] (`is_timeout()`), after the retries the policy allows.
    #[inline]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        if let Some(request) = self.request() {
            request.timeout = Some(timeout);
        }
        self
    }

    /// Sends a header with this call, replacing one of the same name that the method sets
    /// (a documented header parameter); a credentials header replaces the client's auth.
    /// A name or value that cannot be sent fails the call with [`Error::Encode`].
    #[inline]
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Some(request) = self.request() {
            request.set_header(name, value);
        }
        self
    }

    /// How this call is retried, instead of the client's
    /// ([`ClientBuilder::retry_policy`](super::ClientBuilder::retry_policy)); e.g.
    /// [`RetryPolicy::none`] for a call that must be made at most once.
    #[inline]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        if let Some(request) = self.request() {
            request.retry = Some(policy);
        }
        self
    }

    /// Sends the call and returns the typed body with the response's status and headers.
    #[inline]
    pub async fn with_response(self) -> Result<ResponseValue<T>, Error<E>> {
        match self.pending {
            Some(pending) => pending.send().await,
            None => Err(already_sent()),
        }
    }
}

/// What polling a call gives once it was taken over by an earlier poll and has finished.
#[inline]
fn already_sent<E>() -> Error<E> {
    EncodeError::new("this call was already sent".to_owned()).into()
}

impl<T, E> Pending<'_, T, E> {
    #[inline]
    async fn send(self) -> Result<ResponseValue<T>, Error<E>> {
        let response = self.request.execute(self.accept).await?;
        let response = success_or_api_error(response, self.decode_error)?;
        match (self.decode_body)(&response.body) {
            Ok(value) => Ok(ResponseValue {
                status: response.status,
                headers: response.headers,
                value,
            }),
            Err(error) => Err(Error::Decode(Box::new(DecodeError::new(
                response.status,
                response.headers,
                response.body,
                error,
            )))),
        }
    }
}

impl<'a, T: Send + 'a, E: Send + 'a> Future for ApiCall<'a, T, E> {
    type Output = Result<T, Error<E>>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Every field is `Unpin` (the sent future is boxed), so the call can be moved.
        let this = self.get_mut();
        if let Some(pending) = this.pending.take() {
            // The same future as `with_response`, not one more `async` layer per body type:
            // a program's compile time grows with the calls it makes.
            this.sent = Some(Box::pin(pending.send()));
        }
        let Some(sent) = &mut this.sent else {
            return Poll::Ready(Err(already_sent()));
        };
        let output = std::task::ready!(sent.as_mut().poll(cx));
        this.sent = None;
        Poll::Ready(output.map(ResponseValue::into_inner))
    }
}

/// A call's typed body with the status and headers of its response (rate-limit counters,
/// request ids, `ETag`s): what [`ApiCall::with_response`] gives. Derefs to the body.
#[derive(Debug, Clone)]
pub struct ResponseValue<T> {
    status: StatusCode,
    headers: HeaderMap,
    value: T,
}

impl<T> ResponseValue<T> {
    /// The response's status, a 2xx.
    #[inline]
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response's headers.
    #[inline]
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The typed body.
    #[inline]
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The status, headers and typed body.
    #[inline]
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.value)
    }
}

impl<T> Deref for ResponseValue<T> {
    type Target = T;

    #[inline]
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for ResponseValue<T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}
