//! Hooks around every attempt of a call (signing, logging, metrics), and the `tracing` span
//! of a call when the crate's `tracing` feature is on.

// Functions are `#[inline]`, see `mod.rs`.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode, Url};

/// Code that runs around every attempt of every call of a [`Client`](super::Client), retries
/// included: sign a request, log it, count it. Set with
/// [`ClientBuilder::hook`](super::ClientBuilder::hook); several hooks run in the order
/// they were added.
///
/// Both methods do nothing by default. They run inside the call, so they should be quick;
/// the OAuth2 token requests the client makes for itself do not go through hooks. The
/// crate's README shows one that adds a header to every attempt.
pub trait Hook: Send + Sync + 'static {
    /// Runs just before an attempt is sent; may change its headers.
    #[inline]
    fn before_attempt(&self, attempt: &mut BeforeAttempt<'_>) {
        let _ = attempt;
    }

    /// Runs once an attempt has its answer (status, headers and body read) or failed.
    #[inline]
    fn after_attempt(&self, attempt: &AfterAttempt<'_>) {
        let _ = attempt;
    }
}

/// One attempt of a call, as a [`Hook`] sees it: what every attempt has (method, route,
/// number), plus what its stage adds (`S`: [`Sending`] before it goes out, [`Answered`] once
/// it ended). Hooks name the two stages [`BeforeAttempt`] and [`AfterAttempt`].
#[derive(Debug)]
pub struct Attempt<'r, S> {
    pub(crate) method: &'r Method,
    pub(crate) route: &'static str,
    pub(crate) number: u32,
    pub(crate) stage: S,
}

/// An attempt about to be sent.
pub type BeforeAttempt<'r> = Attempt<'r, Sending<'r>>;

/// The end of an attempt: its answer, or why none came.
pub type AfterAttempt<'r> = Attempt<'r, Answered<'r>>;

/// What an attempt about to be sent adds: see [`BeforeAttempt`]'s methods.
#[derive(Debug)]
pub struct Sending<'r> {
    pub(crate) url: &'r Url,
    pub(crate) headers: &'r mut HeaderMap,
    pub(crate) body: Option<&'r [u8]>,
}

/// What an attempt that ended adds: see [`AfterAttempt`]'s methods.
#[derive(Debug)]
pub struct Answered<'r> {
    pub(crate) elapsed: Duration,
    pub(crate) outcome: Result<(StatusCode, &'r HeaderMap), &'r reqwest::Error>,
}

impl<S> Attempt<'_, S> {
    /// The HTTP method.
    #[inline]
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The path as the docs write it, with `{placeholders}`: the same for every call of the
    /// operation, so fit to name a metric or a log line.
    #[inline]
    pub fn route(&self) -> &'static str {
        self.route
    }

    /// Which attempt of the call this is, from 1.
    #[inline]
    pub fn attempt(&self) -> u32 {
        self.number
    }
}

impl Attempt<'_, Sending<'_>> {
    /// The full URL, query included.
    #[inline]
    pub fn url(&self) -> &Url {
        self.stage.url
    }

    /// The headers to send: auth, `User-Agent`, `Accept`, `Content-Type` and the call's own.
    #[inline]
    pub fn headers(&self) -> &HeaderMap {
        self.stage.headers
    }

    /// The headers to send, to add or replace one (a signature, a trace id).
    #[inline]
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.stage.headers
    }

    /// The encoded body, the same bytes on every attempt; `None` when the call has none.
    #[inline]
    pub fn body(&self) -> Option<&[u8]> {
        self.stage.body
    }
}

impl Attempt<'_, Answered<'_>> {
    /// From sending the attempt to having its whole answer, or its failure.
    #[inline]
    pub fn elapsed(&self) -> Duration {
        self.stage.elapsed
    }

    /// The answer's status; `None` when no answer came (see [`error`](Self::error)).
    #[inline]
    pub fn status(&self) -> Option<StatusCode> {
        self.stage.outcome.as_ref().ok().map(|(status, _)| *status)
    }

    /// The answer's headers; `None` when no answer came.
    #[inline]
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.stage.outcome.as_ref().ok().map(|(_, headers)| *headers)
    }

    /// Why no answer came (connection refused, timeout, ...); `None` when one came.
    #[inline]
    pub fn error(&self) -> Option<&reqwest::Error> {
        self.stage.outcome.as_ref().err().copied()
    }
}

/// The hooks of a client, in the order they were added.
#[derive(Default)]
pub(crate) struct Hooks(pub(crate) Vec<Box<dyn Hook>>);

impl fmt::Debug for Hooks {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} hook(s)", self.0.len())
    }
}

/// The `tracing` span of one call: method, route, then the attempts made and the last status.
#[cfg(feature = "tracing")]
pub(crate) struct CallSpan(pub(crate) tracing::Span);

#[cfg(feature = "tracing")]
impl CallSpan {
    #[inline]
    pub(crate) fn new(method: &Method, route: &'static str) -> Self {
        CallSpan(tracing::info_span!(
            "call",
            method = %method,
            route = route,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            error = tracing::field::Empty,
        ))
    }

    #[inline]
    pub(crate) fn attempt(&self, attempt: u32) {
        self.0.record("attempts", attempt);
    }

    #[inline]
    pub(crate) fn status(&self, status: StatusCode) {
        self.0.record("status", status.as_u16());
    }

    #[inline]
    pub(crate) fn error(&self, error: &reqwest::Error) {
        self.0.record("error", tracing::field::display(error));
    }
    /// `future` run inside the span: entered whenever it is polled.
    #[inline]
    pub(crate) fn instrument<F: std::future::Future>(
        &self,
        future: F,
    ) -> tracing::instrument::Instrumented<F> {
        tracing::Instrument::instrument(future, self.0.clone())
    }
}

/// Without the `tracing` feature the span is nothing, and its calls compile away. (Feature
/// gates stay on top-level items: a build script's single-file module resolves only those.)
#[cfg(not(feature = "tracing"))]
pub(crate) struct CallSpan;

#[cfg(not(feature = "tracing"))]
impl CallSpan {
    #[inline]
    pub(crate) fn new(_: &Method, _: &'static str) -> Self {
        CallSpan
    }

    #[inline]
    pub(crate) fn attempt(&self, _: u32) {}

    #[inline]
    pub(crate) fn status(&self, _: StatusCode) {}

    #[inline]
    pub(crate) fn error(&self, _: &reqwest::Error) {}
    #[inline]
    pub(crate) fn instrument<F>(&self, future: F) -> F {
        future
    }
}
