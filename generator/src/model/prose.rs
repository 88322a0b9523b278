//! Meaning read from description prose: deprecation notes.
//!
//! Pages never mark a field deprecated in structure; the only signal is prose such as
//! "NOTE: This field has been deprecated ..." or "DEPRECATED: please use X instead". Each
//! hit is reported as an inference so a user can review it.

/// The deprecation note of a description, if the prose says the item is deprecated.
pub fn deprecation(description: &str) -> Option<String> {
    let flat = description.split_whitespace().collect::<Vec<_>>().join(" ");
    for marker in ["DEPRECATED:", "Deprecated:", "deprecated:"] {
        if let Some(at) = flat.find(marker) {
            let rest = flat[at + marker.len()..].trim();
            let note = first_sentence(rest);
            return Some(if note.is_empty() { "deprecated".to_owned() } else { note });
        }
    }
    let lower = flat.to_ascii_lowercase();
    for marker in ["this field has been deprecated", "this field is deprecated", "has been deprecated", "is deprecated"] {
        if let Some(at) = lower.find(marker) {
            // Start the note at the beginning of the sentence holding the marker.
            let start = flat[..at].rfind(['.', ':']).map_or(0, |p| p + 1);
            return Some(first_sentence(flat[start..].trim()));
        }
    }
    None
}

fn first_sentence(text: &str) -> String {
    let end = text.find(". ").map_or(text.len(), |p| p + 1);
    text[..end].trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes() {
        assert_eq!(
            deprecation("Arbitrary data.\nUp to 1024 characters long.\nNOTE: This field has been deprecated due to changes in the system.\nIt is no longer maintained."),
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
