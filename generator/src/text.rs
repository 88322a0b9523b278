//! Rules about text that every layer shares: which characters doc2rust never writes into a
//! comment, a help text or a terminal.

/// Characters no generated comment or help text may carry: C0 and C1 controls (NUL, ESC, a
/// lone CR, which rustc refuses in doc comments), the bidirectional controls of Trojan Source
/// (rustc's deny-by-default `text_direction_codepoint_in_*` lints, plus the marks U+200E,
/// U+200F and U+061C), and the Unicode line and paragraph separators.
pub fn is_unsafe_char(ch: char) -> bool {
    ch.is_control()
        || matches!(
            ch,
            '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{2028}' | '\u{2029}'
        )
}
