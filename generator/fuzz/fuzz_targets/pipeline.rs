//! The whole pipeline on arbitrary text: page -> model -> code -> `syn::parse_file`. Either
//! every generated Rust file parses and passes `doc2rust::audit` (no page-derived doctest,
//! no control or bidi character, no HTML, no unsafe link), or the input is rejected with
//! located diagnostics; and either way within a time budget linear in the page's size.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "budget.rs"]
mod budget;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let started = std::time::Instant::now();
    let result = doc2rust::__private::generate_text("fuzz.md", text, "fuzzed");
    budget::check(started, text.len());
    match result {
        Ok(files) => {
            for file in files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "rs")) {
                if let Err(error) = syn::parse_file(&file.contents) {
                    panic!("{} does not parse: {error}", file.path.display());
                }
            }
            let findings = doc2rust::__private::audit(&files);
            assert!(findings.is_empty(), "{findings:#?}");
        }
        Err(doc2rust::Error::Input(diagnostics)) => {
            assert!(!diagnostics.0.is_empty());
            for diagnostic in &diagnostics.0 {
                assert!(diagnostic.span.line >= 1 && diagnostic.span.column >= 1, "{diagnostic}");
                // What the terminal shows holds no ESC or bidi control.
                let shown = diagnostic.to_string();
                assert!(!shown.chars().any(|c| c != '\n' && doc2rust::__private::is_unsafe_char(c)), "{shown:?}");
            }
        }
        Err(other) => panic!("{other}"),
    }
});
