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
    if candidates.is_empty() {
        return Ok(unknown(value));
    }
    // The value moves from key to key of a one-entry object, never copied.
    let mut wrapped = Value::Object(Map::with_capacity(1));
    let mut held = Some(value);
    let mut fallback = None;
    for index in candidates {
        let name = table.0[index].name;
        let Value::Object(map) = &mut wrapped else { unreachable!("an object") };
        let inner = held.take().or_else(|| map.values_mut().next().map(std::mem::take)).unwrap_or_default();
        map.clear();
        map.insert(name.to_owned(), inner);
        let Ok(decoded) = shape(&wrapped) else { continue };
        let exact = serde_json::to_value(&decoded).is_ok_and(|back| Some(&back) == wrapped.get(name));
        if exact {
            return Ok(decoded);
        }
        fallback.get_or_insert(decoded);
    }
    Ok(match fallback {
        Some(decoded) => decoded,
        None => {
            let Value::Object(map) = wrapped else { unreachable!("an object") };
            unknown(map.into_iter().next().map(|(_, value)| value).unwrap_or_default())
        }
    })
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

    #[test]
    fn what_nothing_accounts_for_is_unknown() {
        assert_eq!(TABLE.choose(&json!({"line_japan": {}, "surprise": 1})), None);
        assert_eq!(TABLE.choose(&json!("text")), None);
        assert_eq!(TABLE.choose(&json!({"kind": "T", "y": 1})), None);
    }
}
