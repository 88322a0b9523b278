//! Property tests: generated pages (random names, types, nesting, enums, one-ofs, sections,
//! and hostile text in titles, prose, paths and enum values) and mangled real pages either
//! give code that `syn` parses and that passes `doc2rust::audit` (no page-derived doctest,
//! no control or bidi character, no HTML, no unsafe link), or located diagnostics; never a
//! panic. A few generated crates are also compiled with `cargo check`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use proptest::prelude::*;
use support::Scratch;

mod support;

/// Names that stress the naming rules: keywords, case and punctuation twins, digits,
/// non-ASCII, names of std types and of the generated method's locals.
const NAMES: &[&str] = &[
    "id",
    "type",
    "ref",
    "self",
    "Self",
    "gen",
    "async",
    "crate",
    "super",
    "fn",
    "match",
    "foo_bar",
    "fooBar",
    "foo-bar",
    "FOO_BAR",
    "1st",
    "2fa_enabled",
    "café",
    "名前",
    "Result",
    "Option",
    "String",
    "Client",
    "client",
    "request",
    "response",
    "url",
    "path",
    "params",
    "body",
    "error",
    "value",
    "items",
    "data",
    "_",
    "__x",
    "x.y",
    "filter[fired]",
];
const TYPES: &[&str] = &[
    "string",
    "integer",
    "number",
    "boolean",
    "object",
    "array",
    "any",
    "unknown",
    "string,null",
    "object,array",
    "null",
];
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE"];

/// Text a compromised docs site could write anywhere: fences and indented code (doctests),
/// bidi and other control characters, HTML, unsafe links, runs of backticks.
const HOSTILE: &[&str] = &[
    "A\n\n```\nfn main() { std::process::exit(1) }\n```",
    "```rust\nassert!(false);\n```",
    "x\n\n    fn indented() { panic!() }\n",
    "~~~\nfn tilde() {}\n~~~",
    "B\u{202e}C",
    "\u{2066}isolate\u{2069}",
    "\u{200f}\u{61c}\u{200e}",
    "D\rE",
    "F\u{0}G",
    "H\u{1b}[2JI",
    "\u{85}\u{9b}\u{7f}",
    "L\u{2028}S\u{2029}P",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[a](javascript:alert(1))",
    "<javascript:alert(2)>",
    "<a href=\"javascript:alert(3)\">y</a>",
    "`",
    "``` ```",
    "a ``` b ```` c",
    "&#x202e;&#27;&#0;",
    "DEPRECATED: <b>x</b>\n```\ny\n```",
];

/// Prose for an item: ordinary or hostile.
fn prose() -> impl Strategy<Value = &'static str> {
    prop_oneof![3 => Just("Some prose."), 1 => proptest::sample::select(HOSTILE)]
}

#[derive(Debug, Clone)]
struct Item {
    name: String,
    ty: &'static str,
    required: bool,
    enum_values: Option<Vec<String>>,
    prose: &'static str,
    children: Vec<Item>,
    variants: Vec<(String, Vec<Item>)>,
}

fn item(depth: u32) -> BoxedStrategy<Item> {
    let leaf = (
        proptest::sample::select(NAMES),
        proptest::sample::select(TYPES),
        any::<bool>(),
        proptest::option::weighted(
            0.2,
            proptest::collection::vec(
                prop_oneof![2 => proptest::sample::select(NAMES), 1 => proptest::sample::select(HOSTILE)],
                1..4,
            ),
        ),
        prose(),
    )
        .prop_map(|(name, ty, required, values, prose)| Item {
            name: name.to_owned(),
            ty,
            required,
            prose,
            enum_values: values.filter(|_| ty == "string").map(|v| v.into_iter().map(str::to_owned).collect()),
            children: Vec::new(),
            variants: Vec::new(),
        });
    if depth == 0 {
        return leaf.boxed();
    }
    let nested = (
        leaf,
        proptest::collection::vec(item(depth - 1), 0..3),
        proptest::collection::vec(
            (proptest::sample::select(NAMES), proptest::collection::vec(item(depth - 1), 1..3)),
            0..3,
        ),
    )
        .prop_map(|(mut parent, children, variants)| {
            if !children.is_empty() || !variants.is_empty() {
                parent.ty = if parent.required { "object" } else { "array" };
            }
            parent.children = children;
            parent.variants = variants.into_iter().map(|(n, items)| (n.to_owned(), items)).collect();
            parent
        });
    prop_oneof![3 => item(0), 1 => nested].boxed()
}

/// Renders items the way the newest renderer does: dotted children, indented variants.
fn render(items: &[Item], prefix: &str, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    for item in items {
        let name = format!("{prefix}{}", item.name);
        let required = if item.required { ", required" } else { "" };
        let one_of = if item.variants.is_empty() { "" } else { " — one of:" };
        out.push_str(&format!(
            "{pad}- `{name}` ({}{required}){one_of}\n{pad}  Some prose about `{name}`. {}\n",
            item.ty, item.prose
        ));
        if let Some(values) = &item.enum_values {
            // JSON strings, as the pages write them: a value may hold any character.
            let values: Vec<String> = values.iter().map(|v| serde_json::to_string(v).unwrap()).collect();
            out.push_str(&format!("{pad}  Enum: {}\n", values.join(", ")));
        }
        for (variant, variant_items) in &item.variants {
            out.push_str(&format!("{pad}  - {variant}:\n"));
            render(variant_items, "", indent + 4, out);
        }
        if indent == 2 {
            out.push('\n');
        }
        render(&item.children, &format!("{name}."), indent, out);
    }
}

fn page() -> impl Strategy<Value = String> {
    (
        proptest::sample::select(METHODS),
        proptest::collection::vec(proptest::sample::select(NAMES), 1..4),
        proptest::collection::vec(item(2), 0..4),
        proptest::collection::vec(item(0), 0..3),
        proptest::sample::select(&["200", "201", "4XX", "default", "404"][..]),
        proptest::collection::vec(item(1), 0..3),
        any::<bool>(),
        (prose(), prose(), proptest::option::weighted(0.2, proptest::sample::select(HOSTILE))),
    )
        .prop_map(|(method, segments, request, query, status, response, collapsed, (title, intro, in_path))| {
            let path: Vec<String> = segments
                .iter()
                .enumerate()
                .map(|(i, s)| if i % 2 == 1 { format!("{{{s}}}") } else { s.replace(['/', ' '], "") })
                .collect();
            // Hostile text in the title (one line), the prose and a path segment too.
            let title = title.replace(['\n', '\r'], " ");
            let in_path = in_path.map(|text| format!("/{}", text.replace(['\n', '\r', ' '], ""))).unwrap_or_default();
            let mut text = format!(
                "# Do a thing {title}\n\nProse. {intro}\n\nEndpoint: {method} /v1/{}{in_path}\nVersion: 1.0\nSecurity: Basic\n\n",
                path.join("/")
            );
            if !query.is_empty() {
                text.push_str("## Query parameters:\n\n");
                render(&query, "", 2, &mut text);
            }
            if !request.is_empty() {
                text.push_str("## Request fields (application/json):\n\n");
                render(&request, "", 2, &mut text);
            }
            if response.is_empty() {
                text.push_str(&format!("## Response {status} fields\n"));
            } else {
                text.push_str(&format!("## Response {status} fields (application/json):\n\n"));
                render(&response, "", 2, &mut text);
            }
            if collapsed { text.split_whitespace().collect::<Vec<_>>().join(" ") } else { text }
        })
}

/// Runs the whole pipeline on one page; checks the property; returns the files when the page
/// generated.
fn check_page(dir: &Path, text: &[u8]) -> Result<Option<Vec<doc2rust::GeneratedFile>>, TestCaseError> {
    let page = dir.join("page.md");
    std::fs::write(&page, text).unwrap();
    let result = catch_unwind(AssertUnwindSafe(|| doc2rust::Config::new(dir).generate()));
    let Ok(result) = result else {
        return Err(TestCaseError::fail(format!("panicked on:\n{}", String::from_utf8_lossy(text))));
    };
    match result {
        Ok(files) => {
            for file in files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "rs")) {
                prop_assert!(syn::parse_file(&file.contents).is_ok(), "{} does not parse", file.path.display());
            }
            let findings = doc2rust::__private::audit(&files);
            prop_assert!(findings.is_empty(), "{findings:#?}\non:\n{}", String::from_utf8_lossy(text));
            Ok(Some(files))
        }
        Err(doc2rust::Error::Input(diagnostics)) => {
            prop_assert!(!diagnostics.0.is_empty());
            for diagnostic in &diagnostics.0 {
                prop_assert!(diagnostic.span.line >= 1 && diagnostic.span.column >= 1, "{diagnostic}");
                prop_assert!(diagnostic.path() == page, "{diagnostic}");
                prop_assert!(!diagnostic.message.is_empty());
            }
            Ok(None)
        }
        Err(other) => Err(TestCaseError::fail(format!("{other}\non:\n{}", String::from_utf8_lossy(text)))),
    }
}

/// At least this share of generated pages must give code: the generator draws valid pages
/// (hostile text in allowed places), so a fall means doc2rust started refusing good input,
/// which "code or located diagnostics" alone would let pass.
const MIN_ACCEPTED: f64 = 0.8;

#[test]
fn generated_pages_give_code_or_located_diagnostics() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let scratch = Scratch::new("prop-generated");
    let (cases, accepted) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 200,
        source_file: Some(file!()),
        ..ProptestConfig::default()
    });
    let outcome = runner.run(&page(), |text| {
        let files = check_page(&scratch.dir, text.as_bytes())?;
        cases.fetch_add(1, Ordering::Relaxed);
        accepted.fetch_add(usize::from(files.is_some()), Ordering::Relaxed);
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
    let (cases, accepted) = (cases.into_inner(), accepted.into_inner());
    let rate = accepted as f64 / cases as f64;
    println!("{accepted} of {cases} generated pages gave code ({:.0} %)", rate * 100.0);
    assert!(rate >= MIN_ACCEPTED, "only {accepted} of {cases} generated pages gave code");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn mangled_real_pages_give_code_or_located_diagnostics(
        page in proptest::sample::select(&[
            "../specs/messages/messages-sendmessage.md",
            "../specs/conversation/conversation-createconversation.md",
            "../specs/app/app-createapp.md",
            "../specs/contact/contact-listcontacts.md",
        ][..]),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..4, any::<u8>()), 1..8),
    ) {
        let mut bytes = std::fs::read(page).unwrap();
        for (at, action, byte) in edits {
            let at = at.index(bytes.len().max(1));
            match action {
                0 => { bytes.remove(at.min(bytes.len().saturating_sub(1))); }
                1 => bytes.insert(at, byte),
                2 => bytes.truncate(at),
                _ => bytes.insert(at, b"`(-:\n "[usize::from(byte) % 6]),
            }
            if bytes.is_empty() { break; }
        }
        let scratch = Scratch::new("prop-mangled");
        check_page(&scratch.dir, &bytes)?;
    }
}

/// A few generated pages, fixed by seed, become crates that `cargo check` accepts with
/// warnings denied: the code does not only parse, it compiles. Most of the pages drawn must
/// generate (see [`MIN_ACCEPTED`]), so the sample cannot shrink to nothing unnoticed.
#[test]
fn a_sample_of_generated_crates_compiles() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    const DRAWN: usize = 5;
    let scratch = Scratch::new("prop-compile");
    let root = &scratch.dir;
    let mut runner = TestRunner::new_with_rng(Config::default(), TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]));
    let mut members = Vec::new();
    for draw in 0..DRAWN {
        let text = page().new_tree(&mut runner).unwrap().current();
        let specs = root.join(format!("pages-{draw}"));
        std::fs::create_dir_all(&specs).unwrap();
        std::fs::write(specs.join("page.md"), &text).unwrap();
        let name = format!("prop-{draw}");
        if doc2rust::Config::new(&specs).crate_name(&name).write(&root.join(&name)).is_ok() {
            members.push(format!("{name:?}"));
        }
    }
    let needed = (DRAWN as f64 * MIN_ACCEPTED).ceil() as usize;
    assert!(members.len() >= needed, "only {} of {DRAWN} generated pages were valid", members.len());
    std::fs::write(
        root.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")),
    )
    .unwrap();
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/nested");
    let output = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--workspace", "--quiet"])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        // As `doc2rust_tests::nested_cargo` sets them, so this check reuses its dependencies.
        .env("CARGO_PROFILE_DEV_DEBUG", "false")
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTC_WRAPPER")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

/// The SDK in `generated/` passes the audit: doc2rust's own examples are where it writes them
/// and nothing else compiles.
#[test]
fn the_generated_sdk_passes_the_audit() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let files: Vec<doc2rust::GeneratedFile> = support::read_tree(&root.join("src"))
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "rs"))
        .map(|(path, bytes)| doc2rust::GeneratedFile {
            path: Path::new("src").join(path),
            contents: String::from_utf8(bytes).unwrap(),
        })
        .collect();
    assert!(files.len() > 10);
    assert_eq!(doc2rust::__private::audit(&files), Vec::<String>::new());
}

/// Every hostile text in every place a page can put it, one page per text: the pages
/// generate (they are valid pages) and the crate passes the audit. On the main branch before
/// `Doc`, the enum value with a fence planted a doctest and `<script>` reached the docs.
#[test]
fn hostile_text_in_every_place_passes_the_audit() {
    let scratch = Scratch::new("prop-hostile");
    let dir = &scratch.dir;
    for (index, hostile) in HOSTILE.iter().enumerate() {
        let one_line = hostile.replace(['\n', '\r'], " ");
        let path_text: String = one_line.chars().filter(|c| !c.is_whitespace() && !matches!(c, '{' | '}')).collect();
        let value = serde_json::to_string(hostile).unwrap();
        let text = format!(
            "# Title {one_line}\n\n{hostile}\n\nEndpoint: POST /v1/things/{path_text}/{{id}}\nVersion: 1.0\nSecurity: Basic\n\n\
             ## Path parameters:\n\n  - `id` (string, required)\n    The id. {one_line}\n\n\
             ## Query parameters:\n\n  - `kind` (string)\n    Which kind. {one_line}\n    Enum: \"plain\", {value}\n\n  \
             - `old` (string)\n    DEPRECATED: {one_line}\n\n\
             ## Request fields (application/json):\n\n  - `mixed` (any)\n    Mixed. {one_line}\n    Enum: 1, {value}\n\n  \
             - `choice` (object) — one of:\n    - V {one_line}:\n      - `a` (string)\n        A.\n    - Other:\n      - `b` (integer)\n        B.\n\n\
             ## Response 200 fields (application/json):\n\n  - `name` (string)\n    {one_line}\n"
        );
        let page = dir.join("page.md");
        std::fs::write(&page, &text).unwrap();
        let files = match doc2rust::Config::new(dir).crate_name("hostile").generate() {
            Ok(files) => files,
            Err(error) => panic!("hostile text {index} ({hostile:?}) was refused: {error}\n{text}"),
        };
        let findings = doc2rust::__private::audit(&files);
        assert!(findings.is_empty(), "hostile text {index} ({hostile:?}):\n{findings:#?}");
        // The value itself survives exactly, as an escaped string literal.
        let types = files.iter().find(|f| f.path.ends_with("types.rs")).unwrap();
        let literal = proc_macro2::Literal::string(hostile).to_string();
        assert!(types.contents.contains(&literal), "{literal} not in types.rs");
    }
}
