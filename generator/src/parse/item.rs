//! Parses the one-line parts of a section: item heads, `Enum:` and `Example:` lines.
//!
//! Each function takes the line's text and returns what it says or the reason it is not
//! well formed, as (byte offset within the line, expected, found); the caller turns that
//! into a located diagnostic.

use super::{EnumSpec, OneOfHead, TypeExpr};

/// What an item head says, plus any prose that followed it on the same line (a collapsed
/// page puts the description there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemHead {
    pub name: String,
    pub ty: TypeExpr,
    pub required: bool,
    pub one_of: Option<OneOfHead>,
    pub trailing: String,
}

/// A problem within one line: where (byte offset in the line), what was expected, what
/// was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub at: usize,
    pub expected: String,
    pub found: String,
}

fn error(at: usize, expected: impl Into<String>, found: impl Into<String>) -> LineError {
    LineError { at, expected: expected.into(), found: found.into() }
}

/// Describes text found where something else was expected, shortened for messages.
pub fn found(text: &str) -> String {
    if text.is_empty() {
        return "the end of the line".to_owned();
    }
    let short: String = text.chars().take(40).collect();
    let short = if short.len() < text.len() { format!("{short}...") } else { short };
    if short.contains('`') {
        // Markdown's way to quote text that has backticks: a longer fence, padded with a
        // space where the text starts or ends with a backtick.
        let pad = if short.starts_with('`') || short.ends_with('`') { " " } else { "" };
        format!("``{pad}{short}{pad}``")
    } else {
        format!("`{short}`")
    }
}

/// The known scalar and structural type words; anything else in a type position is
/// reported as an unknown type.
pub const TYPE_WORDS: &[&str] =
    &["string", "integer", "number", "boolean", "object", "array", "any", "unknown", "null"];

/// Parses `` - `name` (type[, required])[ — one of[ (discriminator: x)]:][ prose] ``.
pub fn parse_head(line: &str) -> Result<ItemHead, LineError> {
    let Some(rest) = line.strip_prefix("- `") else {
        return Err(error(0, "an item head such as ``- `name` (string)``", found(line)));
    };
    let Some(close) = rest.find('`') else {
        return Err(error(line.len(), "a closing backtick after the item name", "the end of the line"));
    };
    let name = &rest[..close];
    let name_end = 3 + close + 1;
    if name.trim().is_empty() {
        return Err(error(3, "an item name", "an empty name"));
    }
    let after = &line[name_end..];
    let Some(types_text) = after.strip_prefix(" (") else {
        return Err(error(name_end, "` (type)` after the item name", found(after)));
    };
    let open = name_end + 2;
    // Find the parenthesis closing the type, allowing nested ones: `A (object) or B (object)`.
    let mut depth = 1usize;
    let mut close_at = None;
    for (index, ch) in types_text.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    close_at = Some(index);
                    break;
                }
            }
            _ => {}
        }
    }
    let Some(close_at) = close_at else {
        return Err(error(line.len(), "`)` closing the item type", "the end of the line"));
    };
    let inside = &types_text[..close_at];
    let (ty, required) = parse_type_expr(inside).map_err(|e| LineError { at: open + e.at, ..e })?;
    let mut tail = types_text[close_at + 1..].trim_start();
    let tail_at = line.len() - tail.len();
    let mut one_of = None;
    for dash in ["— ", "– ", "-- "] {
        if let Some(marker) = tail.strip_prefix(dash).and_then(|t| t.strip_prefix("one of")) {
            let (head, rest) = parse_one_of_tail(marker).map_err(|e| LineError { at: tail_at + e.at, ..e })?;
            one_of = Some(head);
            tail = rest.trim_start();
            break;
        }
    }
    Ok(ItemHead { name: name.to_owned(), ty, required, one_of, trailing: tail.to_owned() })
}

/// `:` or ` (discriminator: kind):` after "one of".
fn parse_one_of_tail(text: &str) -> Result<(OneOfHead, &str), LineError> {
    if let Some(rest) = text.strip_prefix(':') {
        return Ok((OneOfHead { discriminator: None }, rest));
    }
    if let Some(rest) = text.strip_prefix(" (discriminator: ") {
        if let Some(end) = rest.find("):") {
            let name = rest[..end].trim();
            if !name.is_empty() {
                let head = OneOfHead { discriminator: Some(name.to_owned()) };
                return Ok((head, &rest[end + 2..]));
            }
        }
    }
    Err(error(0, "`:` or ` (discriminator: name):` after `one of`", found(text)))
}

/// Parses the inside of an item's parentheses.
pub fn parse_type_expr(text: &str) -> Result<(TypeExpr, bool), LineError> {
    let (types, required) = match text.strip_suffix(", required") {
        Some(types) => (types, true),
        None => (text, false),
    };
    // Both markers hold a space; most type lists (`string`, `string,null`) have none.
    if types.contains(' ') && (types.contains(" or ") || types.contains(" (")) {
        let mut alternatives = Vec::new();
        let mut at = 0;
        for part in types.split(" or ") {
            let part_at = at;
            at += part.len() + 4;
            let part = part.trim();
            let parsed =
                part.strip_suffix(')').and_then(|p| p.rsplit_once(" (")).filter(|(name, _)| !name.trim().is_empty());
            let Some((name, ty)) = parsed else {
                return Err(error(part_at, "an alternative such as `Name (object)`", found(part)));
            };
            check_type_words(ty).map_err(|e| LineError { at: part_at + name.len() + 2 + e.at, ..e })?;
            alternatives.push((name.trim().to_owned(), ty.to_owned()));
        }
        return Ok((TypeExpr::Alternatives(alternatives), required));
    }
    let words = check_type_words(types)?;
    Ok((TypeExpr::List(words), required))
}

fn check_type_words(types: &str) -> Result<Vec<&'static str>, LineError> {
    let mut words = Vec::with_capacity(1);
    let mut at = 0;
    for word in types.split(',') {
        let word_at = at;
        at += word.len() + 1;
        let word = word.trim();
        let Some(known) = TYPE_WORDS.iter().find(|known| **known == word) else {
            let expected =
                "a type (`string`, `integer`, `number`, `boolean`, `object`, `array`, `any`, `unknown`, `null`)";
            return Err(error(word_at, expected, found(word)));
        };
        words.push(*known);
    }
    Ok(words)
}

/// Parses the text after `Enum: `.
pub fn parse_enum(text: &str) -> Result<EnumSpec, LineError> {
    if let Some(rest) = text.strip_prefix("same as `") {
        let Some(close) = rest.find('`') else {
            return Err(error(text.len(), "a closing backtick after the enum reference", "the end of the line"));
        };
        let path = rest[..close].to_owned();
        let mut tail = rest[close + 1..].trim_start();
        let mut variant = None;
        if let Some(quoted) = tail.strip_prefix("in \"") {
            let Some(end) = quoted.find('"') else {
                return Err(error(text.len(), "a closing quote after the variant name", "the end of the line"));
            };
            variant = Some(quoted[..end].to_owned());
            tail = quoted[end + 1..].trim_start();
        }
        let count = tail
            .strip_prefix('(')
            .and_then(|t| t.strip_suffix(" values)").or_else(|| t.strip_suffix(" value)")))
            .and_then(|n| n.trim().parse::<usize>().ok());
        let Some(count) = count else {
            return Err(error(text.len() - tail.len(), "`(N values)` after the enum reference", found(tail)));
        };
        return Ok(EnumSpec::SameAs { path, variant, count });
    }
    let values: Vec<serde_json::Value> = serde_json::from_str(&format!("[{text}]")).map_err(|e| {
        error(e.column().saturating_sub(2).min(text.len()), "JSON values separated by commas", found(text))
    })?;
    if values.is_empty() {
        return Err(error(0, "at least one enum value", "none"));
    }
    if let Some(bad) = values.iter().find(|v| v.is_object() || v.is_array()) {
        return Err(error(0, "string, number or boolean enum values", found(&bad.to_string())));
    }
    Ok(EnumSpec::Values(values))
}

/// Parses the text after `Example: ` as one JSON value.
pub fn parse_example(text: &str) -> Result<serde_json::Value, LineError> {
    serde_json::from_str(text).map_err(|e| {
        let at = line_column_to_offset(text, e.line(), e.column());
        error(at, "a JSON value", found(text))
    })
}

fn line_column_to_offset(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (index, physical) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            return (offset + column.saturating_sub(1)).min(text.len());
        }
        offset += physical.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(words: &[&'static str]) -> TypeExpr {
        TypeExpr::List(words.to_vec())
    }

    #[test]
    fn plain_heads() {
        let head = parse_head("- `app_id` (string, required)").unwrap();
        assert_eq!((head.name.as_str(), head.required, head.one_of), ("app_id", true, None));
        assert_eq!(head.ty, list(&["string"]));
        let head = parse_head("- `x` (string,null)").unwrap();
        assert_eq!(head.ty, list(&["string", "null"]));
        assert!(!head.required);
    }

    #[test]
    fn one_of_heads() {
        let head = parse_head("- `recipient` (object, required) — one of:").unwrap();
        assert_eq!(head.one_of, Some(OneOfHead { discriminator: None }));
        let head = parse_head("- `pet` (object) — one of (discriminator: kind):").unwrap();
        assert_eq!(head.one_of.unwrap().discriminator.as_deref(), Some("kind"));
        let head =
            parse_head("- `body` (App Message (object) or Contact Message (object), required) — one of:").unwrap();
        assert!(head.required);
        assert_eq!(
            head.ty,
            TypeExpr::Alternatives(vec![
                ("App Message".into(), "object".into()),
                ("Contact Message".into(), "object".into())
            ])
        );
    }

    #[test]
    fn trailing_prose_is_kept() {
        let head = parse_head("- `a` (boolean) Flag for whether.").unwrap();
        assert_eq!(head.trailing, "Flag for whether.");
    }

    #[test]
    fn bad_heads_are_located() {
        let err = parse_head("- `a` (strin)").unwrap_err();
        assert_eq!((err.at, err.found.as_str()), (7, "`strin`"));
        assert!(parse_head("- `a` string").is_err());
        assert!(parse_head("- `a (string)").is_err());
        assert!(parse_head("- `a` (string").is_err());
        assert!(parse_head("- `a` (object) — one of").is_err());
    }

    #[test]
    fn enums() {
        assert_eq!(
            parse_enum("\"SMS\", 0, true").unwrap(),
            EnumSpec::Values(vec!["SMS".into(), 0.into(), true.into()])
        );
        assert_eq!(
            parse_enum("same as `card_message.height` in \"Card\" (4 values)").unwrap(),
            EnumSpec::SameAs { path: "card_message.height".into(), variant: Some("Card".into()), count: 4 }
        );
        assert!(parse_enum("\"SMS\", RCS").is_err());
        assert!(parse_enum("same as `x`").is_err());
    }

    #[test]
    fn examples() {
        assert_eq!(parse_example("{\"a\":1}").unwrap(), serde_json::json!({"a": 1}));
        assert_eq!(parse_example("[\"es-ES\"]").unwrap(), serde_json::json!(["es-ES"]));
        assert!(parse_example("{\"a\":").is_err());
    }
}
