//! Helpers of the command-line client: flags and the body read as the SDK's types, answers
//! printed as JSON, failures reported as text or JSON with an exit code per kind. doc2rust
//! copies this file verbatim beside the generated `main.rs`, whose `use <sdk> as sdk;` names
//! the SDK crate for it.

// Which helpers a client calls depends on its API's parameters.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::process::ExitCode;
use std::time::Duration;

use crate::sdk;

/// The exit codes, for the top-level `--help`.
pub const EXIT_CODES: &str = "Exit codes:
  0  success
  1  the API (or its token endpoint) answered with an error status; `webhook verify`: not valid
  2  usage: a flag, argument, body or setting is wrong (nothing was sent)
  3  transport: no answer (connection refused, timeout, broken connection)
  4  an answer that does not decode, or any other failure

With `--error-format json` a failure is one JSON object on stderr: `kind`, `exit_code`,
`status` (the HTTP status, or null), `message`, `body_format` (`typed`: the body decoded as
the documented error type named in `body_type`; `raw`: the body as received, in a string;
`none`), `body`.";

/// How a failure is written on stderr.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ErrorFormat {
    /// An `error:` line, then the body, labelled typed or raw.
    Text,
    /// One JSON object (see the exit codes below).
    Json,
}

/// Whether the command line or the environment asks for JSON errors: read before the flags
/// are parsed, so that a usage error is reported in the format asked for.
pub fn json_errors_requested(env_name: &str) -> bool {
    let mut args = std::env::args_os().skip(1);
    let mut asked = std::env::var_os(env_name).is_some_and(|value| value == "json");
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        } else if arg == "--error-format" {
            asked = args.next().is_some_and(|value| value == "json");
        } else if let Some(value) = arg.to_str().and_then(|arg| arg.strip_prefix("--error-format=")) {
            asked = value == "json";
        }
    }
    asked
}

/// Parses the command line. Help and version are printed; a usage error is reported in the
/// error format asked for (`--error-format`, or the variable `env_name`, read from the raw
/// arguments since they did not parse). Either way the caller exits with the code returned.
pub fn parse<C: clap::Parser>(env_name: &str) -> Result<C, ExitCode> {
    let mut command = <C as clap::CommandFactory>::command();
    let name = command.get_name().to_owned();
    // Subcommand help lists the endpoint's flags only; it says where the others are.
    let note = format!(
        "Credentials, base URL, headers, retries, timeout and error format are options of `{name}` itself, \
         given before the subcommand: see `{name} --help`."
    );
    for subcommand in command.get_subcommands_mut() {
        *subcommand = std::mem::take(subcommand).after_help(note.clone());
    }
    let own: Vec<String> = command
        .get_arguments()
        .flat_map(|arg| [arg.get_long().map(|long| format!("--{long}")), arg.get_short().map(|short| format!("-{short}"))])
        .flatten()
        .collect();
    let error = match command.try_get_matches_from_mut(std::env::args_os()) {
        Ok(matches) => match <C as clap::FromArgMatches>::from_arg_matches(&matches) {
            Ok(cli) => return Ok(cli),
            Err(error) => error,
        },
        Err(error) => error,
    };
    if !error.use_stderr() {
        // `--help`, `--version`: not a failure.
        let _ = error.print();
        return Err(ExitCode::SUCCESS);
    }
    // An option of the program given after the subcommand.
    let misplaced = match error.get(clap::error::ContextKind::InvalidArg) {
        Some(clap::error::ContextValue::String(arg)) if error.kind() == clap::error::ErrorKind::UnknownArgument => {
            let flag = arg.split('=').next().unwrap_or(arg);
            own.iter().any(|own| own == flag).then(|| format!("`{flag}` is an option of `{name}` itself: give it before the subcommand"))
        }
        _ => None,
    };
    let text = error.to_string();
    let first = text.lines().next().unwrap_or_default();
    let mut message = first.strip_prefix("error: ").unwrap_or(first).to_owned();
    if let Some(hint) = &misplaced {
        message = format!("{message} ({hint})");
    }
    let failure = Failure::usage(message);
    if json_errors_requested(env_name) {
        failure.report(ErrorFormat::Json);
    } else {
        // clap's own text: the usage line and the tips.
        let _ = error.print();
        if let Some(hint) = misplaced {
            eprintln!("hint: {hint}");
        }
    }
    Err(ExitCode::from(failure.exit_code()))
}

/// The end of a run: nothing more on success, else the failure on stderr; the exit code.
pub fn exit(result: Result<(), Failure>, format: ErrorFormat) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            failure.report(format);
            ExitCode::from(failure.exit_code())
        }
    }
}

/// What went wrong, which decides the exit code.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The API answered with a non-2xx status.
    Api,
    /// The OAuth2 token endpoint failed: an error status, no answer, or an unusable token.
    Auth,
    /// A flag, argument, body or setting is wrong; nothing was sent.
    Usage,
    /// No complete answer: connection refused, timeout, broken connection.
    Transport,
    /// An answer whose body does not decode as documented.
    Decode,
    /// `webhook verify`: the request's signature is not valid.
    InvalidSignature,
    /// Anything else (a body too large, the async runtime not starting, ...).
    Other,
}

/// The body a failure carries.
pub enum Body {
    None,
    /// Decoded as the documented error type (its name, the value as JSON).
    Typed(&'static str, serde_json::Value),
    /// As received: it did not decode, or the status has no documented body.
    Raw(String),
}

/// A failed run: reported on stderr by [`Failure::report`], then the exit code.
pub struct Failure {
    kind: Kind,
    status: Option<u16>,
    message: String,
    body: Body,
}

impl Failure {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Failure { kind, status: None, message: message.into(), body: Body::None }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Failure::new(Kind::Usage, message)
    }

    /// A failed call, classified; the documented error body when it decoded.
    pub fn from_error<E: serde::Serialize + sdk::ErrorFields>(error: sdk::Error<E>) -> Self {
        let mut status = error.status().map(|status| status.as_u16());
        let (kind, body) = match &error {
            sdk::Error::Api(api) => {
                let typed = api.body.as_ref().and_then(|body| serde_json::to_value(body).ok());
                match typed {
                    Some(value) => (Kind::Api, Body::Typed(type_name::<E>(), value)),
                    None => (Kind::Api, raw(&api.raw)),
                }
            }
            sdk::Error::Transport(_) => (Kind::Transport, Body::None),
            sdk::Error::Decode(decode) => (Kind::Decode, raw(&decode.raw)),
            sdk::Error::Auth(auth) => {
                status = auth.status_code().map(|status| status.as_u16());
                (Kind::Auth, raw(auth.raw()))
            }
            // The request could not be built from what was given.
            sdk::Error::Encode(_) => (Kind::Usage, Body::None),
            _ => (Kind::Other, Body::None),
        };
        // The documented message, when the body gives one, says more than an excerpt.
        let message = match (error.message(), status) {
            (Some(text), Some(code)) if kind == Kind::Api => format!("API returned HTTP {code}: {text}"),
            _ => error.to_string(),
        };
        Failure { kind, status, message, body }
    }

    /// A client that cannot be built from the options: a usage error, unless the HTTP
    /// client itself could not be made.
    pub fn from_build(error: sdk::BuildError) -> Self {
        match error {
            sdk::BuildError::Http(_) => Failure::new(Kind::Other, error.to_string()),
            _ => Failure::usage(error.to_string()),
        }
    }

    /// 1 for an error status, 2 for usage, 3 for no answer, 4 for the rest.
    pub fn exit_code(&self) -> u8 {
        match self.kind {
            Kind::Api | Kind::InvalidSignature => 1,
            Kind::Usage => 2,
            Kind::Transport => 3,
            // The token endpoint: an error status, no answer, or a 2xx without a token.
            Kind::Auth => match self.status {
                Some(status) if !(200..300).contains(&status) => 1,
                None => 3,
                Some(_) => 4,
            },
            Kind::Decode | Kind::Other => 4,
        }
    }

    fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::Api => "api",
            Kind::Auth => "auth",
            Kind::Usage => "usage",
            Kind::Transport => "transport",
            Kind::Decode => "decode",
            Kind::InvalidSignature => "invalid_signature",
            Kind::Other => "other",
        }
    }

    /// Writes the failure on stderr in `format`.
    pub fn report(&self, format: ErrorFormat) {
        match format {
            ErrorFormat::Text => {
                eprintln!("error: {}", printable(&self.message));
                match &self.body {
                    Body::None => {}
                    Body::Typed(name, value) => {
                        let text = serde_json::to_string_pretty(value).unwrap_or_default();
                        eprintln!("error body (typed: {name}):\n{}", printable(&text));
                    }
                    Body::Raw(text) => eprintln!("error body (raw: not a documented error body):\n{}", printable(text)),
                }
            }
            ErrorFormat::Json => {
                let (format, body_type, body) = match &self.body {
                    Body::None => ("none", None, serde_json::Value::Null),
                    Body::Typed(name, value) => ("typed", Some(*name), value.clone()),
                    Body::Raw(text) => ("raw", None, serde_json::Value::String(text.clone())),
                };
                let report = serde_json::json!({
                    "kind": self.kind_name(),
                    "exit_code": self.exit_code(),
                    "status": self.status,
                    "message": self.message,
                    "body_format": format,
                    "body_type": body_type,
                    "body": body,
                });
                eprintln!("{}", json_printable(&report.to_string()));
            }
        }
    }
}

/// A body as received, as text (invalid UTF-8 replaced); none when empty.
fn raw(bytes: &[u8]) -> Body {
    if bytes.is_empty() { Body::None } else { Body::Raw(String::from_utf8_lossy(bytes).into_owned()) }
}

/// The last segment of a type's path: `ErrorResponse`, not `my_sdk::types::ErrorResponse`.
fn type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    let path = full.split('<').next().unwrap_or(full);
    path.rsplit("::").next().unwrap_or(path)
}

/// A flag's value as the parameter's type: JSON when it parses as such (numbers,
/// booleans), otherwise the text itself (enum values).
pub fn arg<T: serde::de::DeserializeOwned>(name: &str, raw: &str) -> Result<T, Failure> {
    let value = serde_json::from_str::<serde_json::Value>(raw)
        .ok()
        .filter(|value| !value.is_string())
        .unwrap_or_else(|| serde_json::Value::String(raw.to_owned()));
    serde_json::from_value(value).map_err(|error| Failure::usage(format!("--{}: {error}", name.replace('_', "-"))))
}

/// [`arg`] of a flag that may be absent.
pub fn optional_arg<T: serde::de::DeserializeOwned>(name: &str, raw: Option<String>) -> Result<Option<T>, Failure> {
    raw.map(|raw| arg(name, &raw)).transpose()
}

/// A repeated flag's values as the parameter's list type.
pub fn list_arg<T: serde::de::DeserializeOwned>(name: &str, raw: Vec<String>) -> Result<T, Failure> {
    let items = raw.into_iter().map(serde_json::Value::String).collect();
    serde_json::from_value(serde_json::Value::Array(items))
        .map_err(|error| Failure::usage(format!("--{}: {error}", name.replace('_', "-"))))
}

/// [`list_arg`] of a flag that may be absent: no value is no parameter, not an empty list.
pub fn optional_list_arg<T: serde::de::DeserializeOwned>(name: &str, raw: Vec<String>) -> Result<Option<T>, Failure> {
    (!raw.is_empty()).then(|| list_arg(name, raw)).transpose()
}

/// The raw text of `--body`: the text itself, `@path` for a file, `-` or nothing for stdin.
/// Bytes, not text: a webhook body is checked exactly as given.
pub fn body_bytes(raw: Option<&str>) -> Result<Vec<u8>, Failure> {
    match raw {
        Some(path) if path.starts_with('@') => {
            std::fs::read(&path[1..]).map_err(|error| Failure::usage(format!("{}: {error}", &path[1..])))
        }
        Some(text) if text != "-" => Ok(text.as_bytes().to_vec()),
        _ => {
            let mut body = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin(), &mut body)
                .map_err(|error| Failure::usage(format!("stdin: {error}")))?;
            Ok(body)
        }
    }
}

/// The request body: inline JSON, `@path` for a file, `-` or nothing for stdin.
pub fn body_arg<T: serde::de::DeserializeOwned>(raw: Option<&str>) -> Result<T, Failure> {
    serde_json::from_slice(&body_bytes(raw)?).map_err(|error| Failure::usage(format!("--body: {error}")))
}

/// Prints a success as JSON on stdout; a failure is the caller's to report.
pub fn print_response<T: serde::Serialize, E: serde::Serialize + sdk::ErrorFields>(
    response: Result<T, sdk::Error<E>>,
) -> Result<(), Failure> {
    let value = response.map_err(Failure::from_error)?;
    let text = serde_json::to_string_pretty(&value).map_err(|error| Failure::new(Kind::Other, error.to_string()))?;
    println!("{text}");
    Ok(())
}

/// A header flag, `name: value`.
#[derive(Clone)]
pub struct Header(pub reqwest::header::HeaderName, pub reqwest::header::HeaderValue);

/// Reads a `--header` value; clap reports a bad one as a usage error.
pub fn header(raw: &str) -> Result<Header, String> {
    let (name, value) = raw.split_once(':').ok_or("expected `name: value`")?;
    let name = reqwest::header::HeaderName::from_bytes(name.trim().as_bytes()).map_err(|error| error.to_string())?;
    let value = reqwest::header::HeaderValue::from_str(value.trim()).map_err(|error| error.to_string())?;
    Ok(Header(name, value))
}

/// Reads a duration in seconds (`30`, `2.5`).
pub fn seconds(raw: &str) -> Result<Duration, String> {
    let seconds: f64 = raw.trim().parse().map_err(|_| "expected a number of seconds")?;
    Duration::try_from_secs_f64(seconds).ok().filter(|d| !d.is_zero()).ok_or_else(|| "expected more than 0 seconds".to_owned())
}

/// The values of an open enum's flag: listed in the help and offered to shell completion,
/// yet any other value is accepted, since the API may have added values since.
#[derive(Clone)]
pub struct Known(pub &'static [&'static str]);

impl clap::builder::TypedValueParser for Known {
    type Value = String;

    fn parse_ref(&self, command: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(command, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(|value| clap::builder::PossibleValue::new(*value))))
    }
}

/// Server text for the terminal: control characters other than line breaks and tabs, and
/// bidirectional-text controls, as `\u{..}` escapes, so an answer cannot recolor the
/// terminal, move its cursor or reorder what it shows.
fn printable(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c) {
            shown.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    shown
}

/// [`printable`] for JSON text, which stays JSON: serde_json escapes control characters
/// already, and a bidirectional control (only ever inside a string) becomes `\uXXXX`.
fn json_printable(json: &str) -> String {
    let mut shown = String::with_capacity(json.len());
    for c in json.chars() {
        if is_bidi_control(c) {
            shown.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    shown
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Prints a decoded webhook event: the name of its variant on the first line, then the
/// event as JSON, with the same escapes as an answer (an unknown event is printed as received).
pub fn print_event<T: serde::Serialize>(variant: &str, event: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(event).map_err(|error| Failure::new(Kind::Other, error.to_string()))?;
    println!("{variant}");
    println!("{}", printable(&text));
    Ok(())
}
