//! The parser on arbitrary bytes: it must return pages and located diagnostics, never panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.md");
    let Ok(text) = doc2rust::__private::check_text(path, data) else { return };
    let mut diagnostics = Vec::new();
    let _pages = doc2rust::__private::parse_file(path, text, &mut diagnostics);
    for diagnostic in &diagnostics {
        assert!(diagnostic.span.line >= 1 && diagnostic.span.column >= 1, "{diagnostic}");
        assert!(diagnostic.span.offset <= text.len(), "{diagnostic}");
    }
});
