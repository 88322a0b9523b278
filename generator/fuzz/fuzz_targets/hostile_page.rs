//! Arbitrary text in the places of a valid page that reach generated docs and help: the
//! title, the prose, a path segment, a parameter's description, enum values (as JSON
//! strings, so any character gets in), a one-of's variant label. The page generates or is
//! refused with diagnostics; what it generates passes `doc2rust::audit`, within the budget.
//! Random text rarely makes a valid page; this target keeps the page valid and varies only
//! the text, so it reaches the emitters' every doc path.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "budget.rs"]
mod budget;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Up to four pieces, split at `\u{1}`: different text in different places.
    let mut pieces = text.split('\u{1}');
    let mut next = || pieces.next().unwrap_or("x").to_owned();
    let (a, b, c, d) = (next(), next(), next(), next());
    let line = |s: &str| s.replace(['\n', '\r'], " ");
    let path: String = a.chars().filter(|c| !c.is_whitespace() && !matches!(c, '{' | '}' | '?' | '#')).collect();
    let value = |s: &str| serde_json_string(s);
    let page = format!(
        "# Title {title}\n\n{prose}\n\nEndpoint: POST /v1/things/{path}/{{id}}\nVersion: 1.0\nSecurity: Basic\n\n\
         ## Path parameters:\n\n  - `id` (string, required)\n    The id. {c_line}\n\n\
         ## Query parameters:\n\n  - `kind` (string)\n    Which kind. {d_line}\n    Enum: \"plain\", {va}, {vb}\n\n\
         ## Request fields (application/json):\n\n  - `mixed` (any)\n    Mixed.\n    Enum: 1, {vc}, {vd}\n\n  \
         - `choice` (object) — one of:\n    - V {label}:\n      - `a` (string)\n        A.\n    - Other:\n      - `b` (integer)\n        B.\n",
        title = line(&a),
        prose = b,
        c_line = line(&c),
        d_line = line(&d),
        va = value(&a),
        vb = value(&b),
        vc = value(&c),
        vd = value(&d),
        label = line(&d).replace(':', " "),
    );
    let started = std::time::Instant::now();
    let result = doc2rust::__private::generate_text("fuzz.md", &page, "fuzzed");
    budget::check(started, page.len());
    match result {
        Ok(files) => {
            let findings = doc2rust::__private::audit(&files);
            assert!(findings.is_empty(), "{findings:#?}\non:\n{page}");
        }
        Err(doc2rust::Error::Input(diagnostics)) => assert!(!diagnostics.0.is_empty()),
        Err(other) => panic!("{other}"),
    }
});

/// A JSON string literal: `"` and `\` escaped, control characters as `\uXXXX`.
fn serde_json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
