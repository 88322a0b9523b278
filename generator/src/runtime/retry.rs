//! Retry policy: which failures are retried, and how long to wait (full-jitter backoff, `Retry-After`).

// Functions are `#[inline]`, see `mod.rs`.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// How a [`Client`](super::Client) retries failed calls.
///
/// A call is retried when it failed in a way the server did not act on, or in a way
/// that is safe to repeat:
///
/// * any method: the connection could not be established (the request never left), or
///   the server answered `429 Too Many Requests`;
/// * idempotent methods only (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`): other
///   transport errors such as timeouts, and `502`, `503`, `504`.
///
/// A `500` is never retried, nor is any other status. Between attempts the client
/// waits for an exponential backoff with full jitter (a random delay between zero and
/// `min(max_delay, base_delay * 2^n)`), or for the server's `Retry-After` (seconds or
/// HTTP date) when it sends one. A `Retry-After` longer than
/// [`max_retry_after`](Self::max_retry_after) is not waited for: the error is returned
/// at once, with the response headers, so the caller can schedule the call itself.
///
/// The same policy applies to the OAuth2 token endpoint (a token request has no side
/// effect, so it is treated as idempotent).
///
/// The default is 3 attempts in total, a 200 ms base delay, a 10 s cap on the computed
/// backoff and a 30 s cap on `Retry-After`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
}

impl Default for RetryPolicy {
    #[inline]
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
            max_retry_after: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    /// The default policy (3 attempts, see the type's docs).
    #[inline]
    pub fn new() -> Self {
        Self::default()
    }

    /// A policy that never retries: every call is made exactly once.
    #[inline]
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Total number of attempts, the first one included; `0` is read as `1`.
    #[inline]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Base of the exponential backoff.
    #[inline]
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Cap on the computed backoff between two attempts.
    #[inline]
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Longest `Retry-After` the client waits for before retrying; a longer one ends
    /// the retries and returns the error.
    #[inline]
    pub fn max_retry_after(mut self, delay: Duration) -> Self {
        self.max_retry_after = delay;
        self
    }

    /// Total number of attempts this policy allows.
    #[inline]
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether another attempt is allowed after `attempt` attempts were made.
    #[inline]
    pub(crate) fn allows_another(&self, attempts_made: u32) -> bool {
        attempts_made < self.max_attempts
    }

    /// Full-jitter backoff before retry number `retry` (1 for the first retry).
    #[inline]
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(31);
        let ceiling = self
            .base_delay
            .saturating_mul(1u32 << exponent)
            .min(self.max_delay);
        random_fraction_of(ceiling)
    }

    /// Wait before retry number `retry` of a response with `headers`; `None` when the
    /// server asks for a longer wait than the policy accepts, so the caller gives up.
    #[inline]
    pub(crate) fn delay_for_response(&self, retry: u32, headers: &HeaderMap) -> Option<Duration> {
        match retry_after(headers, SystemTime::now()) {
            // A little jitter on top of the server's wait keeps callers that were
            // throttled together from coming back together; never earlier than asked.
            Some(wait) if wait <= self.max_retry_after => {
                Some(wait + random_fraction_of(self.base_delay))
            }
            Some(_) => None,
            None => Some(self.backoff(retry)),
        }
    }
}

/// Methods whose effect does not change when repeated (RFC 9110 section 9.2.2), minus
/// `TRACE`, which an SDK never sends.
#[inline]
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS
    )
}

/// Whether a response status is worth another attempt for a request sent with `method`.
#[inline]
pub(crate) fn status_is_retryable(status: StatusCode, method: &Method) -> bool {
    // 429 means the request was refused before it was processed, so even a POST can be
    // repeated; 502/503/504 may hide a request that was processed, so only idempotent
    // methods are repeated. 500 is never retried: the server did something and failed.
    match status {
        StatusCode::TOO_MANY_REQUESTS => true,
        StatusCode::BAD_GATEWAY | StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT => {
            is_idempotent(method)
        }
        _ => false,
    }
}

/// Whether a status is one the client retries for idempotent methods.
#[inline]
pub(crate) fn status_is_transient(status: StatusCode) -> bool {
    status_is_retryable(status, &Method::GET)
}

/// Whether a transport error is worth another attempt for a request sent with `method`.
#[inline]
pub(crate) fn transport_is_retryable(error: &reqwest::Error, method: &Method) -> bool {
    // A failed connect means nothing reached the server; anything later (a timeout, a
    // reset while reading) may follow a processed request.
    error.is_connect() || (is_idempotent(method) && transport_is_transient(error))
}

/// Whether a transport error is one the client retries for idempotent methods.
#[inline]
pub(crate) fn transport_is_transient(error: &reqwest::Error) -> bool {
    error.is_connect() || error.is_timeout() || error.is_request() || error.is_body()
}

/// The server's `Retry-After`, as a wait from `now`.
#[inline]
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    // A date in the past means "now".
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Parses an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the only HTTP date format
/// RFC 9110 lets servers send.
#[inline]
fn parse_http_date(text: &str) -> Option<SystemTime> {
    let mut parts = text.split_ascii_whitespace();
    let _weekday = parts.next()?;
    let day: u64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: u64 = parts.next()?.parse().ok()?;
    let mut clock = parts.next()?.split(':');
    let hour: u64 = clock.next()?.parse().ok()?;
    let minute: u64 = clock.next()?.parse().ok()?;
    let second: u64 = clock.next()?.parse().ok()?;
    if parts.next()? != "GMT" || clock.next().is_some() {
        return None;
    }
    if !(1..=31).contains(&day) || year < 1970 || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let days = days_since_epoch(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(seconds))
}

/// Days from 1970-01-01 to a proleptic Gregorian date (year >= 1970), by counting
/// whole years and then the months of the last one.
#[inline]
fn days_since_epoch(year: u64, month: u64, day: u64) -> u64 {
    let is_leap = |y: u64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let leap_years_before = |y: u64| {
        let prev = y - 1;
        prev / 4 - prev / 100 + prev / 400
    };
    let whole_years = (year - 1970) * 365 + (leap_years_before(year) - leap_years_before(1970));
    const CUMULATIVE: [u64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let month_index = usize::try_from(month.saturating_sub(1))
        .unwrap_or(0)
        .min(11);
    let leap_day = u64::from(month > 2 && is_leap(year));
    whole_years + CUMULATIVE[month_index] + leap_day + day - 1
}

/// A uniformly random duration in `[0, ceiling]`.
#[inline]
fn random_fraction_of(ceiling: Duration) -> Duration {
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    if nanos == 0 {
        return Duration::ZERO;
    }
    Duration::from_nanos(random_u64() % (nanos.saturating_add(1)).max(1))
}

/// Randomness for jitter without a dependency: std seeds every `RandomState` from the
/// OS and varies it per instance, and SipHash spreads that over the whole `u64`.
#[inline]
fn random_u64() -> u64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(0x9E37_79B9_7F4A_7C15);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_date_parses() {
        let at = parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(
            at,
            SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(784_111_777))
        );
        let leap = parse_http_date("Thu, 29 Feb 2024 00:00:00 GMT");
        assert_eq!(
            leap,
            SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(1_709_164_800))
        );
        assert_eq!(parse_http_date("yesterday"), None);
    }

    #[test]
    fn backoff_stays_under_cap() {
        let policy = RetryPolicy::default();
        for retry in 1..40 {
            assert!(policy.backoff(retry) <= Duration::from_secs(10));
        }
    }
}
