//! Client configuration and construction: base URL from a region or an override, auth,
//! retries, timeouts and the path parameters bound once to the client.

// Functions are `#[inline]`, see `mod.rs`.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};

use super::ApiInfo;
use super::auth::{Auth, AuthState};
use super::error::Escaped;
use super::hook::{Hook, Hooks};
use super::request::{RequestBuilder, fill_path};
use super::retry::RetryPolicy;

/// Default time limit of one attempt (connect, send, read the whole response).
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default time limit to establish a connection, for the client's own HTTP client.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default size limit of a successful response body. Far above what a JSON API sends for
/// one call (a page of a list is a few hundred KB), and low enough that a broken or
/// hostile server cannot make one call take gigabytes: decoding holds the body and the
/// decoded value at once, a few times its size.
pub(crate) const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;
/// Default size limit of an error body kept in [`Error::Api`](super::Error::Api): an
/// error's explanation fits in far less; a longer one is cut here.
pub(crate) const DEFAULT_MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// With the crate's `rustls-ring` feature, reqwest's rustls has no crypto provider of its
/// own: ring becomes the process's provider, unless the program installed one before.
#[cfg(feature = "rustls-ring")]
#[inline]
fn install_tls_provider() {
    // An `Err` means a provider is installed already: the program's choice stands.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The same with the `rustls-graviola` feature (ring wins when both are on).
// Two `cfg`s rather than `all(..)`: a build script's module resolves one feature per `cfg`.
#[cfg(feature = "rustls-graviola")]
#[cfg(not(feature = "rustls-ring"))]
#[inline]
fn install_tls_provider() {
    let _ = rustls_graviola::default_provider().install_default();
}

/// Without either, reqwest brings its own TLS setup, or none.
#[cfg(not(feature = "rustls-ring"))]
#[cfg(not(feature = "rustls-graviola"))]
#[inline]
fn install_tls_provider() {}

/// An API region; fills the `{region}` placeholder of the base URL.
///
/// Open: the constants name the Sinch regions, and any other name is accepted, so a
/// region added after this crate was generated can be used at once.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Region(Cow<'static, str>);

impl Region {
    /// United States.
    pub const US: Region = Region::from_static("us");
    /// European Union.
    pub const EU: Region = Region::from_static("eu");
    /// Brazil.
    pub const BR: Region = Region::from_static("br");

    /// A region from a constant name, usable in `const` items.
    #[inline]
    pub const fn from_static(name: &'static str) -> Self {
        Region(Cow::Borrowed(name))
    }

    /// A region by name, as it appears in the host name (e.g. `"eu"`). It must be one host
    /// name label (lowercase ASCII letters, digits and `-`, 1 to 63 characters, no `-` at
    /// either end), which [`ClientBuilder::build`] checks.
    #[inline]
    pub fn new(name: impl Into<String>) -> Self {
        Region(Cow::Owned(name.into()))
    }

    /// The region's name.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Region {
    #[inline]
    fn from(name: &str) -> Self {
        Region::new(name)
    }
}

impl From<String> for Region {
    #[inline]
    fn from(name: String) -> Self {
        Region::new(name)
    }
}

impl fmt::Display for Region {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Region {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Region({:?})", self.as_str())
    }
}

/// Why [`ClientBuilder::build`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// A path parameter that is set on the client (e.g. `project_id`) is missing or empty.
    MissingParameter(&'static str),
    /// No base URL: the API's URL needs a region and none was given, or the docs give
    /// no URL and [`ClientBuilder::base_url`] was not called.
    NoBaseUrl,
    /// A base URL or token URL is not a usable absolute `http`/`https` URL.
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A base URL or token URL is plain `http://`, which sends credentials and data
    /// unencrypted; refused unless [`ClientBuilder::allow_insecure_http`] is set.
    InsecureUrl {
        /// The URL as given.
        url: String,
    },
    /// A region is not one host name label (lowercase ASCII letters, digits and `-`, 1 to
    /// 63 characters, no `-` at either end), so it could change the host credentials go to.
    InvalidRegion(String),
    /// OAuth2 credentials were given but no token URL is known.
    MissingTokenUrl,
    /// The credentials cannot be sent in an HTTP header (e.g. they contain a newline).
    InvalidCredentials,
    /// The `User-Agent` cannot be sent in an HTTP header.
    InvalidUserAgent,
    /// `connect_timeout` was set together with a user-supplied HTTP client, which
    /// cannot be changed after it was built; configure it there instead.
    ConnectTimeoutWithHttpClient,
    /// `default_header` was set together with a user-supplied HTTP client, which
    /// cannot be changed after it was built; give it the headers instead.
    DefaultHeadersWithHttpClient,
    /// The HTTP client could not be created (e.g. the TLS backend failed to load).
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::MissingParameter(name) => write!(f, "`{name}` must be set on the client builder"),
            BuildError::NoBaseUrl => f.write_str("no base URL: set a region or a base URL on the client builder"),
            BuildError::InvalidUrl { url, reason } => {
                write!(f, "invalid URL `{}`: {}", Escaped(url), Escaped(reason))
            }
            BuildError::InsecureUrl { url } => write!(
                f,
                "refusing plain http URL `{}`: use https, or allow it with `ClientBuilder::allow_insecure_http(true)` (local tests)",
                Escaped(url)
            ),
            BuildError::InvalidRegion(region) => write!(
                f,
                "invalid region `{}`: a region is one host name label (lowercase ASCII letters, digits and `-`)",
                Escaped(region)
            ),
            BuildError::MissingTokenUrl => f.write_str("OAuth2 credentials need a token URL; set one on the client builder"),
            BuildError::InvalidCredentials => f.write_str("the credentials contain characters that cannot be sent in an HTTP header"),
            BuildError::InvalidUserAgent => f.write_str("the user agent contains characters that cannot be sent in an HTTP header"),
            BuildError::ConnectTimeoutWithHttpClient => {
                f.write_str("connect_timeout cannot be applied to a user-supplied HTTP client; set it on that client")
            }
            BuildError::DefaultHeadersWithHttpClient => {
                f.write_str("default headers cannot be applied to a user-supplied HTTP client; set them on that client")
            }
            BuildError::Http(_) => f.write_str("could not create the HTTP client"),
        }
    }
}

impl std::error::Error for BuildError {
    #[inline]
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(error) => Some(error),
            _ => None,
        }
    }
}

/// Configures and builds a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    api: &'static ApiInfo,
    region: Option<Region>,
    base_url: Option<String>,
    token_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    http_client: Option<reqwest::Client>,
    auth: Auth,
    retry: RetryPolicy,
    user_agent: Option<String>,
    default_headers: HeaderMap,
    bound: Vec<(&'static str, String)>,
    allow_insecure_http: bool,
    max_response_bytes: usize,
    max_error_body_bytes: usize,
    hooks: Hooks,
}

impl ClientBuilder {
    /// A builder for the API described by `api`; generated code wraps this as
    /// `Client::builder()`.
    #[inline]
    pub(crate) fn new(api: &'static ApiInfo) -> Self {
        ClientBuilder {
            api,
            region: None,
            base_url: None,
            token_url: None,
            timeout: Some(DEFAULT_TIMEOUT),
            connect_timeout: None,
            http_client: None,
            auth: Auth::None,
            retry: RetryPolicy::default(),
            user_agent: None,
            default_headers: HeaderMap::new(),
            bound: Vec::new(),
            allow_insecure_http: false,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_error_body_bytes: DEFAULT_MAX_ERROR_BODY_BYTES,
            hooks: Hooks::default(),
        }
    }

    /// The region whose servers to call; fills `{region}` in the API's base URL. Ignored
    /// when [`base_url`](Self::base_url) is set.
    #[inline]
    pub fn region(mut self, region: impl Into<Region>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// An explicit base URL (a proxy, a mock server); wins over the region. A path in it
    /// is kept: operation paths are appended to it.
    #[inline]
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The OAuth2 token endpoint, instead of the one the docs give.
    #[inline]
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// Time limit of one attempt, from connecting to reading the whole body (default
    /// 60 s). Applies to a user-supplied HTTP client too.
    #[inline]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time limit to establish a connection (default 10 s). Only for the client's own
    /// HTTP client: with [`http_client`](Self::http_client), set it on that client.
    #[inline]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// A preconfigured HTTP client (proxy, TLS roots, connection pool shared with other
    /// code). The client still adds auth, `User-Agent`, timeouts and retries per call.
    #[inline]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The credentials (default [`Auth::None`]).
    #[inline]
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = auth;
        self
    }

    /// How failed calls are retried (default [`RetryPolicy::default`]).
    #[inline]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` header, instead of `{crate name}/{crate version}`.
    #[inline]
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// A header sent with every request of the client, the OAuth2 token request included
    /// (a gateway's key, a tracing tag); one value per name, the last given. A header the
    /// client sets itself (credentials, `User-Agent`, a header parameter) wins over it. Only
    /// for the client's own HTTP client: with [`http_client`](Self::http_client), set it on
    /// that client.
    #[inline]
    pub fn default_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.default_headers.insert(name, value);
        self
    }

    /// Whether plain `http://` base and token URLs are accepted (default `false`: they are
    /// refused with [`BuildError::InsecureUrl`], as credentials and data would travel
    /// unencrypted). For mock servers and local tests.
    #[inline]
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Size limit of a successful response body, in bytes (default 32 MiB). The body is
    /// read as it arrives and a larger one is not read further: the call fails with
    /// [`Error::BodyTooLarge`](super::Error::BodyTooLarge).
    #[inline]
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// How much of an error response's body is kept, in bytes (default 64 KiB). A longer
    /// body is not read further; its first bytes are kept in
    /// [`ApiError::raw`](super::ApiError::raw) and
    /// [`ApiError::truncated`](super::ApiError::truncated) is set.
    #[inline]
    pub fn max_error_body_bytes(mut self, limit: usize) -> Self {
        self.max_error_body_bytes = limit;
        self
    }

    /// Adds a [`Hook`] that runs around every attempt of every call (after those added
    /// before it).
    #[inline]
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.0.push(Box::new(hook));
        self
    }

    /// Sets a path parameter bound to the client; generated setters such as
    /// `project_id` call this.
    #[inline]
    pub(crate) fn bind(mut self, name: &'static str, value: impl Into<String>) -> Self {
        let value = value.into();
        match self.bound.iter_mut().find(|(bound, _)| *bound == name) {
            Some(slot) => slot.1 = value,
            None => self.bound.push((name, value)),
        }
        self
    }

    /// Checks the configuration and builds the client.
    #[inline]
    pub fn build(self) -> Result<Client, BuildError> {
        let api = self.api;
        for &name in api.bound_params {
            let set = self
                .bound
                .iter()
                .any(|(bound, value)| *bound == name && !value.is_empty());
            if !set {
                return Err(BuildError::MissingParameter(name));
            }
        }

        // A region ends up in a host name: anything but one label could change the host.
        if let Some(region) = &self.region {
            check_region(region.as_str())?;
        }
        let base_url = match self.base_url {
            Some(url) => url,
            None => {
                let template = api.base_url_template.ok_or(BuildError::NoBaseUrl)?;
                if template.contains("{region}") {
                    let region = match &self.region {
                        Some(region) => region.as_str(),
                        None => api.default_region.ok_or(BuildError::NoBaseUrl)?,
                    };
                    check_region(region)?;
                    template.replace("{region}", region)
                } else {
                    template.to_owned()
                }
            }
        };
        let insecure = self.allow_insecure_http;
        let base_url = parse_base_url(&base_url, insecure)?;

        let token_url = match (&self.auth, self.token_url.as_deref().or(api.token_url)) {
            (Auth::OAuth2 { .. }, None) => return Err(BuildError::MissingTokenUrl),
            (Auth::OAuth2 { .. }, Some(url)) => Some(parse_absolute_url(url, insecure)?),
            _ => None,
        };
        let auth =
            AuthState::new(self.auth, token_url).map_err(|_| BuildError::InvalidCredentials)?;

        let user_agent = match self.user_agent {
            Some(user_agent) => user_agent,
            None => format!("{}/{}", api.name, api.version),
        };
        let user_agent =
            HeaderValue::from_str(&user_agent).map_err(|_| BuildError::InvalidUserAgent)?;

        let http = match self.http_client {
            Some(client) => {
                if self.connect_timeout.is_some() {
                    return Err(BuildError::ConnectTimeoutWithHttpClient);
                }
                if !self.default_headers.is_empty() {
                    return Err(BuildError::DefaultHeadersWithHttpClient);
                }
                client
            }
            None => {
                install_tls_provider();
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                    .default_headers(self.default_headers)
                    .build()
                    .map_err(BuildError::Http)?
            }
        };

        Ok(Client {
            inner: Arc::new(ClientInner {
                api,
                http,
                base_url,
                auth,
                retry: self.retry,
                timeout: self.timeout,
                user_agent,
                bound: self.bound,
                max_response_bytes: self.max_response_bytes,
                max_error_body_bytes: self.max_error_body_bytes,
                hooks: self.hooks,
            }),
        })
    }
}

/// A client for the API. Cheap to clone: clones share the connection pool and the
/// OAuth2 token cache.
#[derive(Clone)]
pub struct Client {
    inner: Arc<ClientInner>,
}

pub(crate) struct ClientInner {
    pub(crate) api: &'static ApiInfo,
    pub(crate) http: reqwest::Client,
    /// Absolute, without a trailing slash, no query or fragment.
    pub(crate) base_url: String,
    pub(crate) auth: AuthState,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Option<Duration>,
    pub(crate) user_agent: HeaderValue,
    bound: Vec<(&'static str, String)>,
    pub(crate) max_response_bytes: usize,
    pub(crate) max_error_body_bytes: usize,
    pub(crate) hooks: Hooks,
}

impl Client {
    /// The base URL calls are made against.
    #[inline]
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The value of a path parameter bound to the client. Building the client checked
    /// that every bound parameter of the API is set; an unknown name gives `""`.
    #[inline]
    pub(crate) fn bound(&self, name: &str) -> &str {
        self.inner
            .bound
            .iter()
            .find(|(bound, _)| *bound == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// Starts a call of the operation at `route` (the path as the docs write it), its
    /// `{name}` placeholders filled, in order, with `values`, percent-encoded.
    #[inline]
    pub(crate) fn request(&self, method: Method, route: &'static str, values: &[&str]) -> RequestBuilder<'_> {
        RequestBuilder::new(self, method, route, fill_path(route, values))
    }

    #[inline]
    pub(crate) fn inner(&self) -> &ClientInner {
        &self.inner
    }
}

impl fmt::Debug for Client {
    #[inline]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let bound: Vec<_> = inner
            .bound
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect();
        f.debug_struct("Client")
            .field("api", &inner.api.name)
            .field("base_url", &inner.base_url)
            .field("auth", &inner.auth.kind())
            .field("retry", &inner.retry)
            .field("timeout", &inner.timeout)
            .field("bound", &bound)
            .finish_non_exhaustive()
    }
}

/// Checks that a region is one host name label (see [`BuildError::InvalidRegion`]).
#[inline]
fn check_region(region: &str) -> Result<(), BuildError> {
    let label = (1..=63).contains(&region.len())
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !region.starts_with('-')
        && !region.ends_with('-');
    if label {
        Ok(())
    } else {
        Err(BuildError::InvalidRegion(region.to_owned()))
    }
}

/// An absolute `https` URL with a host, or `http` when `insecure` allows it.
#[inline]
fn parse_absolute_url(text: &str, insecure: bool) -> Result<Url, BuildError> {
    let invalid = |reason: &str| BuildError::InvalidUrl {
        url: text.to_owned(),
        reason: reason.to_owned(),
    };
    let url = Url::parse(text).map_err(|error| invalid(&error.to_string()))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(invalid("the scheme must be http or https"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("the URL has no host"));
    }
    if url.scheme() == "http" && !insecure {
        return Err(BuildError::InsecureUrl {
            url: text.to_owned(),
        });
    }
    Ok(url)
}

#[inline]
fn parse_base_url(text: &str, insecure: bool) -> Result<String, BuildError> {
    let url = parse_absolute_url(text, insecure)?;
    if url.query().is_some() || url.fragment().is_some() {
        return Err(BuildError::InvalidUrl {
            url: text.to_owned(),
            reason: "a base URL cannot have a query or a fragment".to_owned(),
        });
    }
    // Keep the normalised form (lower-case host, encoded path) so request URLs built by
    // appending a path parse back to the same prefix.
    Ok(url.as_str().trim_end_matches('/').to_owned())
}
