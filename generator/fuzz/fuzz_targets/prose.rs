//! The prose sanitiser on arbitrary text: whatever a description says, `Doc::prose`,
//! `Doc::line`, `Doc::code` and `Doc::flatten` give doc lines that, written as a doc comment,
//! pass `doc2rust::audit` (no code block rustdoc compiles, no control or bidi character, no
//! HTML, no link but http(s)/mailto), within the time budget.
#![no_main]

use doc2rust::__private::Doc;
use libfuzzer_sys::fuzz_target;

#[path = "budget.rs"]
mod budget;

/// The lines as the emitter writes them: one `#[doc = " line"]` each, on an item.
fn as_source(doc: &Doc) -> String {
    let mut source = String::new();
    for line in doc.lines() {
        assert!(!line.contains(['\n', '\r']), "{line:?}");
        let value = if line.is_empty() { String::new() } else { format!(" {line}") };
        source.push_str(&format!("#[doc = {value:?}]\n"));
    }
    source.push_str("pub struct A;\n");
    source
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let started = std::time::Instant::now();
    let docs = [Doc::prose(text), Doc::line(text), Doc::code(text), Doc::prose(text).flatten()];
    budget::check(started, text.len());
    for doc in &docs {
        let findings = doc2rust::__private::audit_file("src/types.rs", &as_source(doc));
        assert!(findings.is_empty(), "{findings:#?}");
    }
    assert!(docs[1].lines().len() <= 1 && docs[2].lines().len() == 1 && docs[3].lines().len() <= 1);
});
