//! Decoding a one-of: which documented alternative a received JSON object is, chosen from a
//! small static table doc2rust writes per one-of, so that nothing received is lost.
//!
//! serde's `untagged` decoding takes the first alternative that decodes, and an alternative
//! whose fields are all optional decodes from any object, dropping the keys it does not
//! know. Here the choice is made on the whole object first, by these rules in order:
//!
//! 1. **Tags.** A field whose value tells alternatives apart (the discriminator the page
//!    names, or a field with a fixed value or values no other alternative shares): an
//!    alternative whose tag value is present is preferred; one whose tag field holds another
//!    value is out.
//! 2. **Required keys.** An alternative whose required keys are not all present is out.
//! 3. **Every key accounted for.** An alternative that lacks a field for some key of the
//!    object is out: decoding into it would drop that key. The rest are tried closest fit
//!    first (the fewest of its own keys absent, then the first documented): the first whose
//!    encoding gives the object back exactly wins, nested objects included; failing that,
//!    the first that decodes.
//!
//! When no alternative is left, or none decodes, the value is kept as received in the
//! one-of's `Unknown` variant, so re-encoding gives back what was received.
//!
//! An API's webhook events are decoded by the same machinery with one rule before the
//! others ([`decode_event`]): an event is known by what its page gives it alone, a tag value
//! or a **marker** (a top-level key no other event has), and is never taken without it. An
//! event that has one may carry keys its page does not list (a vendor adding a field does
//! not turn its events into unknown ones); an event that has neither is chosen by the rules
//! above.

// Functions are `#[inline]`, see `mod.rs`.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// The alternatives of one one-of, in the order the page lists them.
#[derive(Debug)]
pub struct OneOf(pub &'static [Alternative]);

/// What tells one alternative apart.
#[derive(Debug)]
pub struct Alternative {
    /// The Rust variant's name.
    pub name: &'static str,
    /// The wire names of its fields.
    pub keys: &'static [&'static str],
    /// The wire names of its required fields.
    pub required: &'static [&'static str],
    /// Fields whose value marks this alternative, with the values that do.
    pub tags: &'static [(&'static str, &'static [&'static str])],
}

/// How an alternative's tags read an object.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tagged {
    /// A tag field holds one of its values.
    Yes,
    /// A tag field holds another value.
    No,
    /// No tag field is present (or the alternative has none).
    Silent,
}

impl Alternative {
    #[inline]
    fn tagged(&self, object: &Map<String, Value>) -> Tagged {
        let mut verdict = Tagged::Silent;
        for (field, values) in self.tags {
            match object.get(*field) {
                None | Some(Value::Null) => {}
                Some(Value::String(value)) if values.contains(&value.as_str()) => {
                    if verdict == Tagged::Silent {
                        verdict = Tagged::Yes;
                    }
                }
                Some(_) => return Tagged::No,
            }
        }
        verdict
    }
}

impl OneOf {
    /// The alternatives `value` may be, best first, by the rules of the module docs; empty
    /// when no alternative accounts for it.
    #[inline]
    pub fn candidates(&self, value: &Value) -> Vec<usize> {
        let Some(object) = value.as_object() else { return Vec::new() };
        let verdicts: Vec<Tagged> = self.0.iter().map(|alternative| alternative.tagged(object)).collect();
        let wanted = if verdicts.contains(&Tagged::Yes) { Tagged::Yes } else { Tagged::Silent };
        // (fewest of its own keys absent, position): the closer fit first.
        let mut found: Vec<(usize, usize)> = Vec::new();
        for (index, alternative) in self.0.iter().enumerate() {
            if verdicts[index] != wanted
                || !alternative.required.iter().all(|key| object.contains_key(*key))
                || !object.keys().all(|key| alternative.keys.contains(&key.as_str()))
            {
                continue;
            }
            found.push((alternative.keys.len() - object.len(), index));
        }
        found.sort_unstable();
        found.into_iter().map(|(_, index)| index).collect()
    }

    /// The best of [`candidates`](Self::candidates).
    #[inline]
    pub fn choose(&self, value: &Value) -> Option<usize> {
        self.candidates(value).first().copied()
    }
}

/// The webhook events of one API, in page order.
#[derive(Debug)]
pub struct Events(pub &'static [Event]);

/// What tells one event apart: its payload's top-level fields as for a one-of alternative,
/// and its markers.
#[derive(Debug)]
pub struct Event {
    pub alternative: Alternative,
    /// Top-level keys no other event has: one of them present marks this event.
    pub markers: &'static [&'static str],
}

impl Events {
    /// The events `value` may be, best first: those its tags or markers name (an event
    /// with a tag or a marker is never taken without it), then, when none is named, those the
    /// one-of rules allow among the events that have neither.
    #[inline]
    pub fn candidates(&self, value: &Value) -> Vec<usize> {
        let Some(object) = value.as_object() else { return Vec::new() };
        let present = |key: &str| object.get(key).is_some_and(|v| !v.is_null());
        // (keys received it has no field for, its own keys absent, position).
        let mut named: Vec<(usize, usize, usize)> = Vec::new();
        let mut others: Vec<(usize, usize)> = Vec::new();
        for (index, event) in self.0.iter().enumerate() {
            let alternative = &event.alternative;
            if !alternative.required.iter().all(|key| object.contains_key(*key)) {
                continue;
            }
            let own = alternative.keys.iter().filter(|key| object.contains_key(**key)).count();
            let absent = alternative.keys.len() - own;
            if !alternative.tags.is_empty() {
                if alternative.tagged(object) == Tagged::Yes {
                    named.push((object.len() - own, absent, index));
                }
            } else if !event.markers.is_empty() {
                if event.markers.iter().any(|key| present(key)) {
                    named.push((object.len() - own, absent, index));
                }
            } else if own == object.len() {
                others.push((absent, index));
            }
        }
        if !named.is_empty() {
            named.sort_unstable();
            return named.into_iter().map(|(_, _, index)| index).collect();
        }
        others.sort_unstable();
        others.into_iter().map(|(_, index)| index).collect()
    }
}

/// Decodes a webhook event as [`decode`] decodes a one-of, the candidates chosen by
/// [`Events::candidates`].
#[inline]
pub fn decode_event<'de, D, T>(
    deserializer: D,
    table: &Events,
    shape: impl Fn(&Value) -> Result<T, serde_json::Error>,
    unknown: fn(Value) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Serialize,
{
    let value = Value::deserialize(deserializer)?;
    let candidates = table.candidates(&value);
    Ok(try_candidates(value, &candidates, |index| table.0[index].alternative.name, shape, unknown))
}

/// Decodes a one-of: buffers the value, takes the candidates `table` allows (best first),
/// decodes each with `shape` (which reads `{"<variant name>": value}`, as serde's derive of
/// an externally tagged enum does) and keeps the first whose encoding gives the value back
/// exactly (nested objects included), else the first that decodes; with `unknown`, the value
/// as received when none does.
#[inline]
pub fn decode<'de, D, T>(
    deserializer: D,
    table: &OneOf,
    shape: impl Fn(&Value) -> Result<T, serde_json::Error>,
    unknown: fn(Value) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Serialize,
{
    let value = Value::deserialize(deserializer)?;
    let candidates = table.candidates(&value);
    Ok(try_candidates(value, &candidates, |index| table.0[index].name, shape, unknown))
}

/// Tries `candidates` in order as [`decode`] says: the first exact, else the first that
/// decodes, else `unknown`.
#[inline]
fn try_candidates<T: Serialize>(
    value: Value,
    candidates: &[usize],
    name_of: impl Fn(usize) -> &'static str,
    shape: impl Fn(&Value) -> Result<T, serde_json::Error>,
    unknown: fn(Value) -> T,
) -> T {
    if candidates.is_empty() {
        return unknown(value);
    }
    // The value moves from key to key of a one-entry object, never copied.
    let mut wrapped = Value::Object(Map::with_capacity(1));
    let mut held = Some(value);
    let mut fallback = None;
    for &index in candidates {
        let name = name_of(index);
        let Value::Object(map) = &mut wrapped else { unreachable!("an object") };
        let inner = held.take().or_else(|| map.values_mut().next().map(std::mem::take)).unwrap_or_default();
        map.clear();
        map.insert(name.to_owned(), inner);
        let Ok(decoded) = shape(&wrapped) else { continue };
        let exact = serde_json::to_value(&decoded).is_ok_and(|back| Some(&back) == wrapped.get(name));
        if exact {
            return decoded;
        }
        fallback.get_or_insert(decoded);
    }
    match fallback {
        Some(decoded) => decoded,
        None => {
            let Value::Object(map) = wrapped else { unreachable!("an object") };
            unknown(map.into_iter().next().map(|(_, value)| value).unwrap_or_default())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    static TABLE: OneOf = OneOf(&[
        Alternative { name: "Japan", keys: &["line_japan", "is_default"], required: &[], tags: &[] },
        Alternative { name: "Thailand", keys: &["line_thailand", "is_default"], required: &[], tags: &[] },
        Alternative { name: "Tagged", keys: &["kind", "x"], required: &["kind"], tags: &[("kind", &["T"])] },
        Alternative { name: "Other", keys: &["kind", "x", "y"], required: &["kind"], tags: &[("kind", &["O"])] },
    ]);

    #[test]
    fn the_alternative_that_accounts_for_every_key_wins() {
        assert_eq!(TABLE.choose(&json!({"line_thailand": {}, "is_default": true})), Some(1));
        assert_eq!(TABLE.choose(&json!({"line_japan": {}})), Some(0));
        // Only shared keys: the first of the closest fits.
        assert_eq!(TABLE.choose(&json!({"is_default": true})), Some(0));
    }

    #[test]
    fn tags_decide_before_keys() {
        assert_eq!(TABLE.choose(&json!({"kind": "O", "x": 1})), Some(3));
        assert_eq!(TABLE.choose(&json!({"kind": "T", "x": 1})), Some(2));
        // A tag value no alternative has rules out the tagged ones.
        assert_eq!(TABLE.choose(&json!({"kind": "Z"})), None);
    }

    static EVENTS: Events = Events(&[
        Event {
            alternative: Alternative { name: "Inbound", keys: &["app_id", "message"], required: &["app_id"], tags: &[] },
            markers: &["message"],
        },
        Event {
            alternative: Alternative { name: "Report", keys: &["app_id", "report"], required: &["app_id"], tags: &[] },
            markers: &["report"],
        },
        Event {
            alternative: Alternative { name: "Paid", keys: &["type", "id"], required: &["type"], tags: &[("type", &["paid"])] },
            markers: &[],
        },
        Event {
            alternative: Alternative { name: "Plain", keys: &["ping"], required: &["ping"], tags: &[] },
            markers: &[],
        },
    ]);

    #[test]
    fn events_are_known_by_their_markers_and_tags() {
        assert_eq!(EVENTS.candidates(&json!({"app_id": "a", "report": {}})), vec![1]);
        // Keys the page does not list do not hide an event its marker names.
        assert_eq!(EVENTS.candidates(&json!({"app_id": "a", "message": {}, "new_key": 1})), vec![0]);
        assert_eq!(EVENTS.candidates(&json!({"type": "paid", "id": "x", "extra": true})), vec![2]);
        // Without its marker or tag value, an event is not taken: an unknown event.
        assert_eq!(EVENTS.candidates(&json!({"app_id": "a", "other_notification": {}})), Vec::<usize>::new());
        assert_eq!(EVENTS.candidates(&json!({"app_id": "a"})), Vec::<usize>::new());
        assert_eq!(EVENTS.candidates(&json!({"type": "refunded", "id": "x"})), Vec::<usize>::new());
        // An event with neither is chosen by the one-of rules.
        assert_eq!(EVENTS.candidates(&json!({"ping": 1})), vec![3]);
        assert_eq!(EVENTS.candidates(&json!({"ping": 1, "pong": 2})), Vec::<usize>::new());
        // A marker holding `null` marks nothing.
        assert_eq!(EVENTS.candidates(&json!({"app_id": "a", "message": null})), Vec::<usize>::new());
    }

    #[test]
    fn what_nothing_accounts_for_is_unknown() {
        assert_eq!(TABLE.choose(&json!({"line_japan": {}, "surprise": 1})), None);
        assert_eq!(TABLE.choose(&json!("text")), None);
        assert_eq!(TABLE.choose(&json!({"kind": "T", "y": 1})), None);
    }
}
