//! Helpers of the command-line client: flags and the body read as the SDK's types, answers
//! printed as JSON. doc2rust copies this file verbatim beside the generated `main.rs`, whose
//! `use <sdk> as sdk;` names the SDK crate for it.

// Which helpers a client calls depends on its API's parameters.
#![allow(dead_code)]

use crate::sdk;

/// A flag's value as the parameter's type: JSON when it parses as such (numbers,
/// booleans), otherwise the text itself (enum values).
pub fn arg<T: serde::de::DeserializeOwned>(name: &str, raw: &str) -> Result<T, String> {
    let value = serde_json::from_str::<serde_json::Value>(raw)
        .ok()
        .filter(|value| !value.is_string())
        .unwrap_or_else(|| serde_json::Value::String(raw.to_owned()));
    serde_json::from_value(value).map_err(|error| format!("--{}: {error}", name.replace('_', "-")))
}

/// [`arg`] of a flag that may be absent.
pub fn optional_arg<T: serde::de::DeserializeOwned>(name: &str, raw: Option<String>) -> Result<Option<T>, String> {
    raw.map(|raw| arg(name, &raw)).transpose()
}

/// A repeated flag's values as the parameter's list type.
pub fn list_arg<T: serde::de::DeserializeOwned>(name: &str, raw: Vec<String>) -> Result<T, String> {
    let items = raw.into_iter().map(serde_json::Value::String).collect();
    serde_json::from_value(serde_json::Value::Array(items)).map_err(|error| format!("--{}: {error}", name.replace('_', "-")))
}

/// [`list_arg`] of a flag that may be absent: no value is no parameter, not an empty list.
pub fn optional_list_arg<T: serde::de::DeserializeOwned>(name: &str, raw: Vec<String>) -> Result<Option<T>, String> {
    (!raw.is_empty()).then(|| list_arg(name, raw)).transpose()
}

/// The body: inline JSON, `@path` for a file, `-` or nothing for stdin.
pub fn body_arg<T: serde::de::DeserializeOwned>(raw: Option<&str>) -> Result<T, String> {
    let text = match raw {
        Some(path) if path.starts_with('@') => {
            std::fs::read_to_string(&path[1..]).map_err(|error| format!("{}: {error}", &path[1..]))?
        }
        Some(json) if json != "-" => json.to_owned(),
        _ => std::io::read_to_string(std::io::stdin()).map_err(|error| format!("stdin: {error}"))?,
    };
    serde_json::from_str(&text).map_err(|error| format!("--body: {error}"))
}

/// Prints a success as JSON on stdout; an error on stderr (the API's body as JSON when
/// there is one) and fails.
pub fn print_response<T: serde::Serialize, E: std::fmt::Debug + serde::Serialize>(
    response: Result<T, sdk::Error<E>>,
) -> Result<(), String> {
    match response {
        Ok(value) => {
            let text = serde_json::to_string_pretty(&value).map_err(|error| error.to_string())?;
            println!("{text}");
            Ok(())
        }
        Err(error) => {
            if let Some(api) = error.api() {
                let body = match &api.body {
                    Some(body) => serde_json::to_string_pretty(body).unwrap_or_default(),
                    None => String::from_utf8_lossy(&api.raw).into_owned(),
                };
                eprintln!("{}", printable(&body));
            }
            Err(error.to_string())
        }
    }
}

/// Server text for the terminal: control characters other than line breaks and tabs, and
/// bidirectional-text controls, as `\u{..}` escapes, so an answer cannot recolor the
/// terminal, move its cursor or reorder what it shows.
fn printable(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        let acts = (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if acts {
            shown.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            shown.push(c);
        }
    }
    shown
}

/// Prints a decoded webhook event: the name of its variant on the first line, then the
/// event as JSON, with the same escapes as an answer (an unknown event is printed as received).
pub fn print_event<T: serde::Serialize>(variant: &str, event: &T) -> Result<(), String> {
    let text = serde_json::to_string_pretty(event).map_err(|error| error.to_string())?;
    println!("{variant}");
    println!("{}", printable(&text));
    Ok(())
}
