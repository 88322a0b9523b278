//! Meaning read from description prose: deprecation notes.
//!
//! Pages never mark a field deprecated in structure; the only signal is prose such as
//! "NOTE: This field has been deprecated ..." or "DEPRECATED: please use X instead". Each
//! hit is reported as an inference so a user can review it.

use std::cell::RefCell;

use rustc_hash::FxHashMap;

/// Words (lowercase) one of which every hint needs, unless the example is a timestamp.
const HINT_MARKERS: [&str; 7] =
    ["timestamp", "date and time", "up to ", "maximum length", "at most ", "max length", "defaults to "];

/// Distinct descriptions remembered per thread; past this the memory starts over.
const READINGS_KEPT: usize = 1 << 14;

thread_local! {
    /// Descriptions read on this thread: pages repeat the same prose for the same fields
    /// (the 45 pages of `specs/` hold about 3,400 descriptions, 360 of them distinct).
    static READINGS: RefCell<FxHashMap<Box<str>, Reading>> = RefCell::new(FxHashMap::default());
}

/// What a description's prose says, whatever the field's type and example.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The deprecation note, if the prose says the item is deprecated.
    pub deprecation: Option<String>,
    /// Whether one of [`HINT_MARKERS`] appears in the text (any ASCII case).
    hint_words: bool,
    /// The hints read from the whitespace-normalised text; only when `hint_words`.
    flat: Option<FlatHints>,
}

/// Hints read from a description whose whitespace runs are made single spaces.
#[derive(Debug, Clone)]
struct FlatHints {
    /// The text speaks of a timestamp or a date and time.
    time: bool,
    /// "at most N characters, not checked".
    length: Option<String>,
    /// "defaults to `x` on the server when absent".
    default: Option<String>,
}

/// Calls `with` with what `description` says, read once per distinct description on this
/// thread.
pub fn read<R>(description: &str, with: impl FnOnce(&Reading) -> R) -> R {
    READINGS.with(|readings| {
        let mut readings = readings.borrow_mut();
        if let Some(reading) = readings.get(description) {
            return with(reading);
        }
        if readings.len() >= READINGS_KEPT {
            readings.clear();
        }
        let reading = Reading::of(description);
        let result = with(&reading);
        readings.insert(description.into(), reading);
        result
    })
}

impl Reading {
    /// Reads a description (without the memory of [`read`]).
    pub fn of(description: &str) -> Reading {
        let lower = description.to_ascii_lowercase();
        let hint_words = HINT_MARKERS.iter().any(|marker| lower.contains(marker));
        Reading {
            deprecation: deprecation_note(description, &lower),
            hint_words,
            flat: hint_words.then(|| FlatHints::of(description)),
        }
    }

    /// Hints read from a field's prose and example that the generated type does not
    /// enforce: timestamps kept as strings, length limits, defaults. Reported so a user can
    /// override the field's Rust type (`[fields]` in `doc2rust.toml`) where it matters.
    /// `description` is the text this reading is of.
    pub fn hints(&self, description: &str, example: Option<&serde_json::Value>, is_string: bool) -> Vec<String> {
        let rfc3339 = example.and_then(|e| e.as_str()).is_some_and(looks_like_timestamp);
        // Every hint needs a marker word (or a timestamp example); most prose has none.
        if !(rfc3339 || self.hint_words) {
            return Vec::new();
        }
        let computed;
        let flat = match &self.flat {
            Some(flat) => flat,
            None => {
                computed = FlatHints::of(description);
                &computed
            }
        };
        let mut hints = Vec::new();
        if is_string && (rfc3339 || flat.time) {
            hints.push("a timestamp, kept as a string".to_owned());
        }
        hints.extend(flat.length.iter().cloned());
        hints.extend(flat.default.iter().cloned());
        hints
    }
}

impl FlatHints {
    fn of(description: &str) -> FlatHints {
        let flat = description.split_whitespace().collect::<Vec<_>>().join(" ");
        let lower = flat.to_ascii_lowercase();
        let time = lower.contains("timestamp") || lower.contains("date and time");
        let mut length = None;
        for marker in ["up to ", "maximum length of ", "at most ", "max length "] {
            if let Some(at) = lower.find(marker) {
                let rest = &lower[at + marker.len()..];
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                let unit = rest[digits.len()..].trim_start();
                if !digits.is_empty() && (unit.starts_with("character") || unit.starts_with("char")) {
                    length = Some(format!("at most {digits} characters, not checked"));
                    break;
                }
            }
        }
        let mut default = None;
        if let Some(at) = lower.find("defaults to ") {
            let value: String = flat[at + "defaults to ".len()..]
                .split([' ', ',', ';'])
                .next()
                .unwrap_or_default()
                .trim_end_matches('.')
                .to_owned();
            if !value.is_empty() {
                default = Some(format!("defaults to `{value}` on the server when absent"));
            }
        }
        FlatHints { time, length, default }
    }
}

/// The deprecation note of a description, if the prose says the item is deprecated.
#[cfg(test)]
pub fn deprecation(description: &str) -> Option<String> {
    read(description, |reading| reading.deprecation.clone())
}

/// [`Reading::hints`] of a description.
#[cfg(test)]
pub fn hints(description: &str, example: Option<&serde_json::Value>, is_string: bool) -> Vec<String> {
    read(description, |reading| reading.hints(description, example, is_string))
}

/// The deprecation note; `lower` is the description with ASCII letters lowercased.
fn deprecation_note(description: &str, lower: &str) -> Option<String> {
    // Every marker below contains "deprecated" in some case; most prose has none.
    if !lower.contains("deprecated") {
        return None;
    }
    let flat = description.split_whitespace().collect::<Vec<_>>().join(" ");
    for marker in ["DEPRECATED:", "Deprecated:", "deprecated:"] {
        if let Some(at) = flat.find(marker) {
            let rest = flat[at + marker.len()..].trim();
            let note = first_sentence(rest);
            return Some(if note.is_empty() { "deprecated".to_owned() } else { note });
        }
    }
    let lower = flat.to_ascii_lowercase();
    for marker in ["this field has been deprecated", "this field is deprecated", "has been deprecated", "is deprecated"]
    {
        if let Some(at) = lower.find(marker) {
            // Start the note at the beginning of the sentence holding the marker.
            let start = flat[..at].rfind(['.', ':']).map_or(0, |p| p + 1);
            return Some(first_sentence(flat[start..].trim()));
        }
    }
    None
}

/// `2025-11-30T10:00:00Z` and the like.
fn looks_like_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 20
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && (bytes[10] == b'T' || bytes[10] == b't')
        && bytes[13] == b':'
        && bytes[..4].iter().all(u8::is_ascii_digit)
}

fn first_sentence(text: &str) -> String {
    let end = text.find(". ").map_or(text.len(), |p| p + 1);
    text[..end].trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_from_prose() {
        assert_eq!(
            hints("Arbitrary data. Up to 1024 characters long.", None, true),
            vec!["at most 1024 characters, not checked"]
        );
        assert_eq!(hints("The timestamp of the latest message.", None, true), vec!["a timestamp, kept as a string"]);
        assert_eq!(
            hints("Start.", Some(&serde_json::json!("2025-11-30T10:00:00Z")), true),
            vec!["a timestamp, kept as a string"]
        );
        assert_eq!(
            hints("Defaults to 10 and the maximum is 20.", None, false),
            vec!["defaults to `10` on the server when absent"]
        );
        assert!(hints("The ID of the app.", Some(&serde_json::json!("{APP_ID}")), true).is_empty());
        assert!(hints("Seconds before the timestamp expires.", None, false).is_empty());
    }

    #[test]
    fn notes() {
        assert_eq!(
            deprecation(
                "Arbitrary data.\nUp to 1024 characters long.\nNOTE: This field has been deprecated due to changes in the system.\nIt is no longer maintained."
            ),
            Some("This field has been deprecated due to changes in the system.".to_owned())
        );
        assert_eq!(
            deprecation("The page number. DEPRECATED: please use page_token instead."),
            Some("please use page_token instead.".to_owned())
        );
        assert_eq!(deprecation("Lists deprecated and active items."), None);
        assert_eq!(deprecation("The ID of the app."), None);
    }
}
