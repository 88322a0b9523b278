//! Schema names the pages' prose mentions ("as defined in the enum ConversationChannel"):
//! the pages carry no schema names, so such a name is no item of the generated crate, and
//! rustdoc must not be led to treat it as one. Each is written as code, so that it reads as
//! the name the API's own documentation uses and never as a link or a type of this crate.

use std::borrow::Cow;

/// Words after which the prose names a schema.
const LEADS: &[&str] = &["enum", "type", "schema", "object"];

/// `text` with every schema name that follows one of [`LEADS`] in backticks: a CamelCase
/// word of at least two parts (`ConversationChannel`, `ChannelPropertyKeys`) not already
/// in a code span. Markdown is otherwise unchanged; the result goes through `Doc::prose`
/// like any page text.
pub fn code_schema_names(text: &str) -> Cow<'_, str> {
    if !LEADS.iter().any(|lead| text.contains(lead)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut changed = false;
    let mut previous_word = "";
    let mut in_code = false;
    let mut rest = text;
    while let Some(ch) = rest.chars().next() {
        if ch == '`' {
            in_code = !in_code;
            out.push(ch);
            rest = &rest[1..];
            continue;
        }
        if !ch.is_ascii_alphanumeric() {
            out.push(ch);
            rest = &rest[ch.len_utf8()..];
            if !ch.is_whitespace() {
                previous_word = "";
            }
            continue;
        }
        let end = rest.find(|c: char| !c.is_ascii_alphanumeric() && c != '_').unwrap_or(rest.len());
        let word = &rest[..end];
        if !in_code && LEADS.contains(&previous_word) && is_schema_name(word) {
            out.push('`');
            out.push_str(word);
            out.push('`');
            changed = true;
        } else {
            out.push_str(word);
        }
        previous_word = word;
        rest = &rest[end..];
    }
    if changed { Cow::Owned(out) } else { Cow::Borrowed(text) }
}

/// `ConversationChannel`: an upper-case letter, then lower-case letters or digits, at least
/// twice, nothing else.
fn is_schema_name(word: &str) -> bool {
    let mut parts = 0;
    let mut chars = word.chars().peekable();
    while let Some(ch) = chars.next() {
        if !ch.is_ascii_uppercase() {
            return false;
        }
        let mut tail = 0;
        while chars.peek().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit()) {
            chars.next();
            tail += 1;
        }
        if tail == 0 {
            return false;
        }
        parts += 1;
    }
    parts >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names_after_a_lead_word_become_code() {
        assert_eq!(
            code_schema_names("as defined in the enum ConversationChannel. The content"),
            "as defined in the enum `ConversationChannel`. The content"
        );
        assert_eq!(
            code_schema_names("defined by the enum\nChannelPropertyKeys."),
            "defined by the enum\n`ChannelPropertyKeys`."
        );
        assert_eq!(
            code_schema_names("as defined by the type\nConversationChannel."),
            "as defined by the type\n`ConversationChannel`."
        );
    }

    #[test]
    fn other_words_and_code_are_left_alone() {
        for text in [
            "The enum `ConversationChannel` already is code.",
            "An enum SMS value, a type Text, an enum of WhatsApp values",
            "ConversationChannel without a lead word.",
            "the enum, ConversationChannel",
        ] {
            assert_eq!(code_schema_names(text), text);
        }
    }
}
