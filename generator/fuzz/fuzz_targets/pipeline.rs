//! The whole pipeline on arbitrary text: page -> model -> code -> `syn::parse_file`. Either
//! every generated Rust file parses, or the input is rejected with located diagnostics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match doc2rust::generate_text("fuzz.md", text, "fuzzed") {
        Ok(files) => {
            for file in files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "rs")) {
                if let Err(error) = syn::parse_file(&file.contents) {
                    panic!("{} does not parse: {error}", file.path.display());
                }
            }
        }
        Err(doc2rust::Error::Input(diagnostics)) => {
            assert!(!diagnostics.0.is_empty());
            for diagnostic in &diagnostics.0 {
                assert!(diagnostic.span.line >= 1 && diagnostic.span.column >= 1, "{diagnostic}");
            }
        }
        Err(other) => panic!("{other}"),
    }
});
