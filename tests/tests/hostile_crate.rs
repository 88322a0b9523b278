//! A crate generated from hostile pages: enum values holding code fences, indented code,
//! bidi controls, CR, NUL and ESC, `<script>` in paths and titles, `javascript:` links, runs
//! of backticks. It compiles with warnings denied, `cargo doc` accepts it with warnings
//! denied, `doc2rust::audit` finds nothing, and `cargo test --doc` runs exactly doc2rust's
//! own examples (the README's, which are the crate docs, one per client method, and
//! `WebhookVerifier::new`'s): nothing a page says becomes a doctest (issue 11).

use doc2rust_tests::{nested_cargo, run_ok, scratch_dir};

/// A doctest a page plants would fail loudly: it does not compile, and would exit if it did.
const PLANTED: &str = "fn main() { compile_error!(\"planted\"); std::process::exit(3) }";

fn pages() -> Vec<(&'static str, String)> {
    let fence_value = serde_json::to_string(&format!("A\n\n```\n{PLANTED}\n```")).unwrap();
    let indented_value = serde_json::to_string(&format!("B\n\n    {PLANTED}\n")).unwrap();
    let rust_value = serde_json::to_string(&format!("C\n```rust\n{PLANTED}\n```")).unwrap();
    let tilde_value = serde_json::to_string(&format!("D\n~~~\n{PLANTED}\n~~~")).unwrap();
    let controls = serde_json::to_string("E\u{202e}F\rG\u{0}H\u{1b}[2JI\u{2066}J\u{2028}K").unwrap();
    let html = serde_json::to_string("<img src=x onerror=alert(1)><script>alert(2)</script>").unwrap();
    let ticks = serde_json::to_string("`` ` ``` ````").unwrap();
    let enum_page = format!(
        "# Send \u{202e}a thing\u{1b}[31m <script>alert(1)</script>\n\n\
         Prose with a [link](javascript:alert(1)), an autolink <javascript:alert(2)>, a CR\rhere, NUL \u{0} and ESC \u{1b}[2J.\n\n\
         ```\n{PLANTED}\n```\n\n    {PLANTED}\n\n\
         Endpoint: POST /v1/things/<script>alert(3)</script>/{{id}}\nVersion: 1.0\nSecurity: Basic\n\n\
         ## Path parameters:\n\n  - `id` (string, required)\n    The id \u{202e}reversed\u{1b}[0m. Backticks ``` here.\n\n\
         ## Query parameters:\n\n  - `kind` (string)\n    Which kind.\u{1b}[31m red\r bare CR\n    \
         Enum: {fence_value}, {indented_value}, {rust_value}, {tilde_value}, {controls}, {html}, {ticks}\n\n  \
         - `old` (string)\n    DEPRECATED: use <b>x</b>\n```\n{PLANTED}\n```\n\n\
         ## Request fields (application/json):\n\n  - `mixed` (any)\n    Mixed values.\n    Enum: 1, {fence_value}, {html}\n\n  \
         - `choice` (object) — one of:\n    - V <img src=x onerror=alert(1)>\u{202e}:\n      - `a` (string)\n        A.\n    \
         - Other:\n      - `b` (integer)\n        B.\n\n\
         ## Response 200 fields (application/json):\n\n  - `name` (string)\n    A name \u{2066}x\u{2069}.\n"
    );
    let plain_page = "# List things\n\nLists things.\n\nEndpoint: GET /v1/things\nVersion: 1.0\nSecurity: Basic\n\n\
                      ## Response 200 fields (application/json):\n\n  - `items` (array)\n    The things.\n"
        .to_owned();
    vec![("things/send.md", enum_page), ("things/list.md", plain_page)]
}

#[test]
fn a_crate_from_hostile_pages_runs_only_doc2rusts_own_doctests() {
    let root = scratch_dir("hostile-crate");
    let specs = root.join("pages");
    for (path, text) in pages() {
        let path = specs.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    // A signed-webhook API: `WebhookVerifier::new` carries doc2rust's second example.
    std::fs::write(specs.join("doc2rust.toml"), "[webhooks]\nsignature = \"sinch\"\n").unwrap();
    let name = "hostile-pages";
    let files = doc2rust::Config::new(&specs).crate_name(name).write(&root.join(name)).expect("the pages generate");
    assert_eq!(doc2rust::__private::audit(&files), Vec::<String>::new());
    std::fs::write(root.join("Cargo.toml"), format!("[workspace]\nresolver = \"3\"\nmembers = [{name:?}]\n")).unwrap();

    // Compiles with warnings denied (rustc's Trojan Source lints, bare CR in docs), and
    // rustdoc accepts the docs with warnings denied.
    let mut check = nested_cargo(&["check", "--workspace", "--all-targets", "--quiet"]);
    check.current_dir(&root);
    run_ok(check);
    let mut doc = nested_cargo(&["doc", "--no-deps", "--quiet", "-p", name]);
    doc.current_dir(&root);
    run_ok(doc);

    // The doctests: exactly doc2rust's examples, none from the pages: the README's (the crate
    // docs), one per client method, and `WebhookVerifier::new`'s.
    let mut test = nested_cargo(&["test", "--doc", "-p", name]);
    test.current_dir(&root);
    let output = run_ok(test);
    let mut doctests: Vec<&str> =
        output.lines().filter(|line| line.starts_with("test ") && line.contains(" - ")).collect();
    doctests.sort();
    // Doctests are named by file (relative to the workspace), item and line.
    let lib = format!("test {name}/src/lib.rs");
    let readme = std::fs::read_to_string(root.join(name).join("README.md")).expect("the README is written");
    let readme_examples = readme.lines().filter(|line| *line == "```no_run").count();
    // Sending (the page's body), errors, per-call options and hooks, and webhooks (the
    // signature is configured).
    assert_eq!(readme_examples, 4, "{readme}");
    // rustdoc names the README's doctests by the file `lib.rs` includes.
    let included = format!("test {name}/src/../README.md - (line ");
    let crate_docs = doctests.iter().filter(|t| t.starts_with(&included) && t.ends_with(" - compile ... ok")).count();
    assert_eq!(crate_docs, readme_examples, "{doctests:#?}");
    let methods: Vec<&&str> = doctests.iter().filter(|t| t.starts_with(&format!("test {name}/src/apis/"))).collect();
    assert_eq!(methods.len(), 2, "one example per client method: {doctests:#?}");
    assert!(methods.iter().all(|t| t.contains("Client::") && t.ends_with(" - compile ... ok")), "{methods:#?}");
    assert_eq!(doctests.len(), readme_examples + methods.len() + 1, "{output}");
    assert!(
        doctests
            .iter()
            .any(|t| t.starts_with(&format!("{lib} - WebhookVerifier::new (line ")) && t.ends_with("... ok")),
        "no webhook example among {doctests:#?}"
    );
    assert!(output.contains(&format!("test result: ok. {} passed; 0 failed", doctests.len())), "{output}");
    assert!(!output.contains("planted"), "{output}");
}
