//! English plural and singular of the words in names (`contact_entries` -> `contact_entry`):
//! a language rule, kept apart from the Rust identifier rules of [`super`].

use std::borrow::Cow;

/// English singular of the last segment of a lower_snake word:
/// `conversations` -> `conversation`, `contact_entries` -> `contact_entry`,
/// `status` -> `status`, `settings` -> `settings`.
///
/// A small heuristic, not a dictionary: suffix rules plus short lists of words that do not
/// follow them. Input in another case is handled (rules compare lowercase) but not improved.
pub fn singular(word: &str) -> String {
    singular_cow(word).into_owned()
}

/// [`singular`], borrowing `word` (or the part of it before a dropped ending) when no letter
/// changes, which is the case of most words: names compare words by their singular for every
/// candidate type name, and this spares an allocation per word.
pub fn singular_cow(word: &str) -> Cow<'_, str> {
    let (head, last) = match word.rfind('_') {
        Some(split) => word.split_at(split + 1),
        None => ("", word),
    };
    if last.is_empty() {
        return Cow::Borrowed(word);
    }
    match singular_segment(last) {
        // A borrowed singular is a prefix of the last segment: `word` up to its end.
        Cow::Borrowed(stem) => Cow::Borrowed(&word[..head.len() + stem.len()]),
        Cow::Owned(changed) => Cow::Owned(format!("{head}{changed}")),
    }
}

/// English plural of the last segment of a lower_snake word:
/// `conversation` -> `conversations`, `entry` -> `entries`, `address` -> `addresses`.
pub fn plural(word: &str) -> String {
    match word.rfind('_') {
        Some(split) => {
            let (head, last) = word.split_at(split + 1);
            if last.is_empty() {
                return word.to_owned();
            }
            format!("{head}{}", plural_segment(last))
        }
        None => plural_segment(word),
    }
}

/// Words whose singular and plural are the same, or which are used only in one form.
/// Sorted: looked up by binary search (a test checks the order).
const UNCHANGED: &[&str] = &[
    "access",
    "analytics",
    "aws",
    "cors",
    "data",
    "equipment",
    "feedback",
    "information",
    "ios",
    "media",
    "metadata",
    "news",
    "series",
    "settings",
    "sheep",
    "species",
];

/// Plurals that only go one way: `indices` is read as `index`, but `index` becomes `indexes`.
const SINGULAR_ONLY: &[(&str, &str)] = &[("indices", "index"), ("corpora", "corpus")];

/// Irregular (plural, singular) pairs, looked up in both directions. Sorted by plural for the
/// binary search of [`singular`]; [`IRREGULAR_BY_SINGULAR`] is the same pairs in the other order.
const IRREGULAR: &[(&str, &str)] = &[
    ("aliases", "alias"),
    ("analyses", "analysis"),
    ("appendices", "appendix"),
    ("atlases", "atlas"),
    ("axes", "axis"),
    ("biases", "bias"),
    ("bonuses", "bonus"),
    ("buses", "bus"),
    ("caches", "cache"),
    ("calves", "calf"),
    ("campuses", "campus"),
    ("canvases", "canvas"),
    ("children", "child"),
    ("cookies", "cookie"),
    ("criteria", "criterion"),
    ("echoes", "echo"),
    ("elves", "elf"),
    ("feet", "foot"),
    ("gases", "gas"),
    ("geese", "goose"),
    ("halves", "half"),
    ("heroes", "hero"),
    ("knives", "knife"),
    ("leaves", "leaf"),
    ("lives", "life"),
    ("loaves", "loaf"),
    ("matrices", "matrix"),
    ("men", "man"),
    ("menus", "menu"),
    ("mice", "mouse"),
    ("movies", "movie"),
    ("niches", "niche"),
    ("people", "person"),
    ("potatoes", "potato"),
    ("quizzes", "quiz"),
    ("selves", "self"),
    ("shelves", "shelf"),
    ("statuses", "status"),
    ("teeth", "tooth"),
    ("thieves", "thief"),
    ("tomatoes", "tomato"),
    ("vertices", "vertex"),
    ("vetoes", "veto"),
    ("viruses", "virus"),
    ("wives", "wife"),
    ("wolves", "wolf"),
    ("women", "woman"),
];

/// [`IRREGULAR`] as (singular, plural) pairs sorted by singular, for [`plural`]'s lookups.
static IRREGULAR_BY_SINGULAR: std::sync::LazyLock<Vec<(&'static str, &'static str)>> = std::sync::LazyLock::new(|| {
    let mut pairs: Vec<(&str, &str)> = IRREGULAR.iter().map(|&(plural, singular)| (singular, plural)).collect();
    pairs.sort_unstable();
    pairs
});

/// The word in lowercase, borrowed when it is already (most words of names are).
fn lowercase(word: &str) -> Cow<'_, str> {
    if word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

fn singular_segment(word: &str) -> Cow<'_, str> {
    let lower = lowercase(word);
    let lower = lower.as_ref();
    if let Some(&(_, singular)) = SINGULAR_ONLY.iter().find(|(plural, _)| *plural == lower) {
        return Cow::Owned(match_case(word, singular));
    }
    if !lower.ends_with('s') {
        // Without an `s` only an irregular plural changes (`children`, `people`): the lists of
        // unchanged and already-singular words would keep the word, as the rules below do.
        return match IRREGULAR.binary_search_by(|(plural, _)| (*plural).cmp(lower)) {
            Ok(index) => Cow::Owned(match_case(word, IRREGULAR[index].1)),
            Err(_) => Cow::Borrowed(word),
        };
    }
    if let Some(same) = unchanged_or_irregular(lower, IRREGULAR, &IRREGULAR_BY_SINGULAR) {
        return same.map_or(Cow::Borrowed(word), |singular| Cow::Owned(match_case(word, singular)));
    }
    let keep = word.len() <= 2
        || !lower.ends_with('s')
        || !lower.contains(['a', 'e', 'i', 'o', 'u', 'y']) // sms, mms, rcs, dns, https
        || lower.ends_with("ss")
        || lower.ends_with("sis")
        || lower.ends_with("xis")
        || lower.ends_with("ous")
        || ends_with_consonant_us(lower);
    if keep {
        return Cow::Borrowed(word);
    }
    let stem = |cut: usize| &word[..word.len() - cut];
    if lower.ends_with("ies") && word.len() > 4 {
        return Cow::Owned(format!("{}y", stem(3)));
    }
    let es_after = ["sses", "xes", "ches", "shes", "zzes"];
    if es_after.iter().any(|suffix| lower.ends_with(suffix)) {
        return Cow::Borrowed(stem(2));
    }
    Cow::Borrowed(stem(1))
}

fn plural_segment(word: &str) -> String {
    let lower = lowercase(word);
    let lower = lower.as_ref();
    if let Some(same) = unchanged_or_irregular(lower, &IRREGULAR_BY_SINGULAR, IRREGULAR) {
        return same.map_or_else(|| word.to_owned(), |plural| match_case(word, plural));
    }
    if !lower.contains(['a', 'e', 'i', 'o', 'u', 'y']) {
        return word.to_owned(); // acronyms: sms, mms, rcs
    }
    if lower.ends_with("sis") {
        return format!("{}es", &word[..word.len() - 2]);
    }
    let consonant_y = lower.ends_with('y')
        && lower.len() >= 2
        && !matches!(lower.as_bytes()[lower.len() - 2], b'a' | b'e' | b'i' | b'o' | b'u');
    if consonant_y {
        return format!("{}ies", &word[..word.len() - 1]);
    }
    let sibilant = ["s", "x", "z", "ch", "sh"];
    if sibilant.iter().any(|suffix| lower.ends_with(suffix)) {
        return format!("{word}es");
    }
    format!("{word}s")
}

/// `Some(None)`: the word stays as it is; `Some(Some(other))`: an irregular form;
/// `None`: apply the rules. `from` holds the irregular pairs as (this form, wanted form)
/// sorted by this form, `to` the same pairs as (wanted form, this form) sorted by the wanted
/// one. Binary searches: this runs for every word of every candidate type name.
fn unchanged_or_irregular(
    lower: &str,
    from: &[(&'static str, &'static str)],
    to: &[(&'static str, &'static str)],
) -> Option<Option<&'static str>> {
    if UNCHANGED.binary_search(&lower).is_ok() {
        return Some(None);
    }
    if let Ok(index) = from.binary_search_by(|(form, _)| (*form).cmp(lower)) {
        return Some(Some(from[index].1));
    }
    // Already in the wanted form ("status" asked for its singular).
    to.binary_search_by(|(form, _)| (*form).cmp(lower)).is_ok().then_some(None)
}

/// `status`, `bus`, `bonus`: "us" after a consonant is a singular ending.
fn ends_with_consonant_us(lower: &str) -> bool {
    let bytes = lower.as_bytes();
    lower.ends_with("us") && bytes.len() >= 3 && !matches!(bytes[bytes.len() - 3], b'a' | b'e' | b'i' | b'o' | b'u')
}

/// `replacement` with the first letter uppercased when `original`'s first letter is.
fn match_case(original: &str, replacement: &str) -> String {
    if original.starts_with(|c: char| c.is_ascii_uppercase()) {
        let mut chars = replacement.chars();
        chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
    } else {
        replacement.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert!(UNCHANGED.windows(2).all(|pair| pair[0] < pair[1]), "UNCHANGED");
        assert!(IRREGULAR.windows(2).all(|pair| pair[0].0 < pair[1].0), "IRREGULAR by plural");
        assert!(IRREGULAR_BY_SINGULAR.windows(2).all(|pair| pair[0].0 < pair[1].0), "no singular twice");
    }

    #[test]
    fn singular_and_plural() {
        let pairs = [
            ("conversation", "conversations"),
            ("entry", "entries"),
            ("fax", "faxes"),
            ("address", "addresses"),
            ("identity", "identities"),
            ("alias", "aliases"),
            ("status", "statuses"),
            ("match", "matches"),
            ("push", "pushes"),
            ("buzz", "buzzes"),
            ("key", "keys"),
            ("day", "days"),
            ("message", "messages"),
            ("response", "responses"),
            ("database", "databases"),
            ("phase", "phases"),
            ("cache", "caches"),
            ("case", "cases"),
            ("api", "apis"),
            ("uri", "uris"),
            ("menu", "menus"),
            ("analysis", "analyses"),
            ("person", "people"),
            ("child", "children"),
            ("index", "indexes"),
            ("bus", "buses"),
            ("quiz", "quizzes"),
            ("webhook", "webhooks"),
            ("id", "ids"),
            ("contact_entry", "contact_entries"),
            ("channel_identity", "channel_identities"),
            ("recipient_address", "recipient_addresses"),
            ("file", "files"),
            ("movie", "movies"),
            ("half", "halves"),
        ];
        for (one, many) in pairs {
            assert_eq!(plural(one), many, "plural({one:?})");
            assert_eq!(singular(many), one, "singular({many:?})");
            assert_eq!(singular(one), one, "singular({one:?}) is already singular");
        }
        for same in [
            "status",
            "settings",
            "news",
            "series",
            "metadata",
            "sms",
            "mms",
            "rcs",
            "data",
            "various",
            "access",
            "analytics",
            "basis",
            "axis",
            "",
        ] {
            assert_eq!(singular(same), same, "singular({same:?})");
        }
        for same in ["settings", "news", "metadata", "sms", "data"] {
            assert_eq!(plural(same), same, "plural({same:?})");
        }
        assert_eq!(singular("indices"), "index");
        // Unchanged letters are borrowed, a dropped ending too; a changed letter is not.
        assert!(matches!(singular_cow("message_ids"), Cow::Borrowed("message_id")));
        assert!(matches!(singular_cow("contact_status"), Cow::Borrowed("contact_status")));
        assert!(matches!(singular_cow("contact_entries"), Cow::Owned(ref s) if s == "contact_entry"));
        assert!(matches!(singular_cow("people"), Cow::Owned(ref s) if s == "person"));
        assert_eq!(singular("Conversations"), "Conversation");
        assert_eq!(singular("ConversationEntries"), "ConversationEntry");
        assert_eq!(singular("People"), "Person");
        assert_eq!(singular("list_"), "list_");
        assert_eq!(singular("é"), "é");
        assert_eq!(plural("é"), "é");
    }
}
