//! The catalogue of diagnostics: for every kind of mistake a page or the overrides file can
//! hold, the exact `path:line:col: message` lines a user sees, saying what was expected and
//! what was found.
//!
//! Each test writes its pages to a fresh folder under the system temp folder, runs the front
//! end through the library (`Config::load`, or `Config::generate` where it matters) and
//! compares the rendered diagnostics, with the folder prefix removed from every path.

use std::path::{Path, PathBuf};

mod support;

/// A folder of pages that is removed when the test ends.
struct Specs {
    dir: PathBuf,
    /// Names the folder and removes it when dropped.
    _folder: support::Scratch,
}

impl Specs {
    fn new(files: &[(&str, &[u8])]) -> Specs {
        let folder = support::Scratch::new("diagnostics");
        let dir = folder.dir.clone();
        for (path, contents) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, contents).unwrap();
        }
        Specs { dir, _folder: folder }
    }

    /// The rendered diagnostics of a run, one line each (a related place is its own line),
    /// with paths relative to the folder.
    fn render(&self, result: Result<impl Sized, doc2rust::Error>) -> Vec<String> {
        let diagnostics = match result {
            Ok(_) => panic!("expected diagnostics, the pages were accepted"),
            Err(doc2rust::Error::Input(diagnostics)) => diagnostics,
            Err(other) => panic!("expected diagnostics, got {other}"),
        };
        let prefix = format!("{}{}", self.dir.display(), std::path::MAIN_SEPARATOR);
        diagnostics.to_string().replace(&prefix, "").replace('\\', "/").lines().map(str::to_owned).collect()
    }

    fn load(&self) -> Vec<String> {
        self.render(doc2rust::Config::new(&self.dir).load())
    }
}

/// The diagnostics for one page `p.md`.
fn page(text: &str) -> Vec<String> {
    Specs::new(&[("p.md", text.as_bytes())]).load()
}

/// The diagnostics for several files.
fn files(files: &[(&str, &str)]) -> Vec<String> {
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(path, text)| (*path, text.as_bytes())).collect();
    Specs::new(&bytes).load()
}

const TYPES: &str = "a type (`string`, `integer`, `number`, `boolean`, `object`, `array`, `any`, `unknown`, `null`)";
const METHODS: &str = "an HTTP method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, TRACE)";

#[test]
fn a_page_without_an_endpoint_line() {
    let text = "# Get a thing\n\nSome prose.\n\n## Response 200 fields (application/json):\n\n  - `a` (string)\n";
    assert_eq!(
        page(text),
        ["p.md:5:1: expected an `Endpoint: METHOD /path` line, found `## Response 200 fields (application/json...`"]
    );
    // With no section either, the file is no endpoint page at all (a README beside pages).
    assert_eq!(
        page("# Get a thing\n\nSome prose.\n"),
        ["p.md:1:1: expected an endpoint page (an `Endpoint: METHOD /path` line, `## ... parameters:` or \
             `## ... fields` sections), found a file with neither"]
    );
}

#[test]
fn a_page_without_a_title() {
    assert_eq!(
        page("Endpoint: GET /x\n"),
        ["p.md:1:1: expected a `# title` line starting the page, found `Endpoint: GET /x`"]
    );
    assert_eq!(
        page("stray\n# T\n\nEndpoint: GET /x\n"),
        ["p.md:1:1: expected a `# title` line starting the page, found `stray`"]
    );
}

#[test]
fn an_unknown_method() {
    assert_eq!(page("# T\n\nEndpoint: FETCH /x\n"), [format!("p.md:3:11: expected {METHODS}, found `FETCH`")]);
    // Methods are upper case on every page; a lower-case one is a different word.
    assert_eq!(page("# T\n\nEndpoint: get /x\n"), [format!("p.md:3:11: expected {METHODS}, found `get`")]);
}

#[test]
fn an_endpoint_line_without_a_path() {
    assert_eq!(
        page("# T\n\nEndpoint: GET\n"),
        ["p.md:3:14: expected a path after the method, found the end of the line"]
    );
    assert_eq!(page("# T\n\nEndpoint: GET /x y\n"), ["p.md:3:15: expected a path after the method, found `/x y`"]);
}

#[test]
fn a_malformed_path_template() {
    // Each points at the offending brace.
    assert_eq!(
        page("# T\n\nEndpoint: GET /v1/{id/things\n"),
        ["p.md:3:19: expected a `{name}` parameter closed by `}`, found `{id/things`"]
    );
    assert_eq!(
        page("# T\n\nEndpoint: GET /v1/{a{b}}/things\n"),
        ["p.md:3:19: expected a `{name}` parameter closed by `}`, found `{a{b}}/things`"]
    );
    assert_eq!(
        page("# T\n\nEndpoint: GET /v1/id}/x\n"),
        ["p.md:3:21: expected `}` only after a `{name` parameter, found a stray `}`"]
    );
    assert_eq!(
        page("# T\n\nEndpoint: GET /v1/{}/x\n"),
        ["p.md:3:19: expected a parameter name inside `{}`, found an empty name"]
    );
}

#[test]
fn an_unknown_type() {
    let text = "# T\n\nEndpoint: GET /x\n\n## Query parameters:\n\n  - `a` (strng, required)\n";
    assert_eq!(page(text), [format!("p.md:7:10: expected {TYPES}, found `strng`")]);
    // In a type list, at the word that is wrong.
    let text = "# T\n\nEndpoint: GET /x\n\n## Query parameters:\n\n  - `a` (string,nul)\n";
    assert_eq!(page(text), [format!("p.md:7:17: expected {TYPES}, found `nul`")]);
    // In named alternatives.
    let text =
        "# T\n\nEndpoint: GET /x\n\n## Response 200 fields (application/json):\n\n  - `a` (A (objet) or B (object))\n";
    assert_eq!(page(text), [format!("p.md:7:13: expected {TYPES}, found `objet`")]);
    // Columns count characters, not bytes.
    let text = "# T\n\nEndpoint: GET /x\n\n## Query parameters:\n\n  - `ü` (strïng)\n";
    assert_eq!(page(text), [format!("p.md:7:10: expected {TYPES}, found `strïng`")]);
}

#[test]
fn a_malformed_item_head() {
    let text = "# T\n\nEndpoint: GET /x\n\n## Query parameters:\n\n  - `a` string\n";
    assert_eq!(page(text), ["p.md:7:8: expected ` (type)` after the item name, found ` string`"]);
    let text = "# T\n\nEndpoint: GET /x\n\n## Response 200 fields (application/json):\n\n  - `a` (object) — one of\n";
    assert_eq!(
        page(text),
        ["p.md:7:18: expected `:` or ` (discriminator: name):` after `one of`, found the end of the line"]
    );
}

#[test]
fn a_duplicate_field_names_both_places() {
    let text = "# T\n\nEndpoint: POST /x\n\n## Request fields (application/json):\n\n  - `a` (string)\n\n  - `b` (object)\n\n  - `a` (integer)\n";
    assert_eq!(
        page(text),
        ["p.md:11:6: expected one item named `a`, found a duplicate", "p.md:7:6: note: the first one is here"]
    );
}

#[test]
fn an_item_outside_a_section() {
    let text = "# T\n\nEndpoint: GET /x\n\n  - `a` (string)\n\n## Query parameters:\n\n  - `b` (string)\n";
    assert_eq!(
        page(text),
        ["p.md:5:3: expected a `## ...` section heading before the first item, found ``- `a` (string)``"]
    );
}

#[test]
fn prose_where_an_item_is_expected() {
    let text = "# T\n\nEndpoint: GET /x\n\n## Response 200 fields (application/json):\n\nhello\n\n  - `a` (string)\n";
    assert_eq!(page(text), ["p.md:7:1: expected an item such as ``- `name` (string)``, found `hello`"]);
}

#[test]
fn a_child_whose_parent_is_not_an_object_or_array() {
    let text =
        "# T\n\nEndpoint: POST /x\n\n## Request fields (application/json):\n\n  - `a` (string)\n\n  - `a.b` (string)\n";
    assert_eq!(
        page(text),
        [
            "p.md:9:6: expected a parent `a` of type `object` or `array`, found type `string`",
            "p.md:7:6: note: the parent is declared here",
        ]
    );
    let text = "# T\n\nEndpoint: POST /x\n\n## Request fields (application/json):\n\n  - `a` (integer,null)\n\n  - `a.b` (string)\n";
    assert_eq!(
        page(text),
        [
            "p.md:9:6: expected a parent `a` of type `object` or `array`, found type `integer,null`",
            "p.md:7:6: note: the parent is declared here",
        ]
    );
}

#[test]
fn a_malformed_enum() {
    let text = "# T\n\nEndpoint: GET /x\n\n## Query parameters:\n\n  - `a` (string)\n    Enum: \"X\", Y\n";
    assert_eq!(page(text), ["p.md:8:16: expected JSON values separated by commas, found `\"X\", Y`"]);
    let text = "# T\n\nEndpoint: GET /x\n\n## Query parameters:\n\n  - `a` (string)\n    Enum: {\"a\": 1}\n";
    assert_eq!(page(text), ["p.md:8:11: expected string, number or boolean enum values, found `{\"a\":1}`"]);
    let text = "# T\n\nEndpoint: GET /x\n\n## Query parameters:\n\n  - `a` (string)\n    Enum: same as `b`\n";
    assert_eq!(page(text), ["p.md:8:22: expected `(N values)` after the enum reference, found the end of the line"]);
}

#[test]
fn an_enum_or_example_without_an_item() {
    let text = "# T\n\nEndpoint: GET /x\n\n## Response 200 fields (application/json):\n\n  - `a` (object) — one of:\n    - Text:\n    Enum: \"X\"\n      - `t` (string)\n";
    assert_eq!(page(text), ["p.md:9:5: expected an item before `Enum:`, found `Enum: \"X\"`"]);
}

#[test]
fn a_malformed_example() {
    let text = "# T\n\nEndpoint: GET /x\n\n## Query parameters:\n\n  - `a` (object)\n    Example: {\"a\":}\n";
    assert_eq!(page(text), ["p.md:8:19: expected a JSON value, found `{\"a\":}`"]);
}

#[test]
fn a_bad_status_code() {
    for (status, column) in [("2000", 13), ("6XX", 13), ("20x", 13), ("ok", 13)] {
        let text =
            format!("# T\n\nEndpoint: GET /x\n\n## Response {status} fields (application/json):\n\n  - `a` (string)\n");
        assert_eq!(
            page(&text),
            [format!("p.md:5:{column}: expected a status code (`100`-`599`, `4XX`, `default`), found `{status}`")]
        );
    }
}

#[test]
fn an_unknown_section_heading() {
    let text = "# T\n\nEndpoint: GET /x\n\n## Responses\n\n  - `a` (string)\n";
    assert_eq!(
        page(text),
        ["p.md:5:4: expected a section heading (`Path parameters:`, `Query parameters:`, `Header parameters:`, \
          `Cookie parameters:`, `Request fields (media/type):`, `Response 200 fields (media/type):`), found `Responses`"]
    );
}

#[test]
fn items_under_a_heading_without_a_media_type() {
    // A bare heading is a response without a body; items under it would be dropped.
    let text = "# T\n\nEndpoint: GET /x\n\n## Response 200 fields\n\n  - `a` (string)\n";
    assert_eq!(
        page(text),
        [
            "p.md:5:23: expected a media type such as `(application/json):` on a heading followed by items, found the end of the heading"
        ]
    );
}

#[test]
fn a_truncated_page() {
    // A heading that announces a body, then nothing.
    let text = "# T\n\nEndpoint: GET /x\n\n## Response 200 fields (application/json):\n";
    assert_eq!(
        page(text),
        [
            "p.md:5:43: expected at least one ``- `name` (type)`` item after a heading with a media type (is the page truncated?), \
          found the end of the section"
        ]
    );
    // The same in the middle of a page: the next heading ends the section.
    let text = "# T\n\nEndpoint: GET /x\n\n## Response 200 fields (application/json):\n\n## Response 204 fields\n";
    assert_eq!(
        page(text),
        [
            "p.md:5:43: expected at least one ``- `name` (type)`` item after a heading with a media type (is the page truncated?), \
          found the end of the section"
        ]
    );
    // Cut inside an item head: reported once, where the line stops.
    let text = "# T\n\nEndpoint: GET /x\n\n## Response 200 fields (application/json):\n\n  - `a` (str";
    assert_eq!(page(text), ["p.md:7:13: expected `)` closing the item type, found the end of the line"]);
    let text = "# T\n\nEndpoint: GET /x\n\n## Response 200 fields (application/json):\n\n  - `na";
    assert_eq!(page(text), ["p.md:7:8: expected a closing backtick after the item name, found the end of the line"]);
    // Cut inside an `Enum:` list or a heading.
    let text = "# T\n\nEndpoint: GET /x\n\n## Response 200 fields (application/json):\n\n  - `a` (string)\n    Enum: \"A\", \"B";
    assert_eq!(page(text), ["p.md:8:18: expected JSON values separated by commas, found `\"A\", \"B`"]);
    let text = "# T\n\nEndpoint: GET /x\n\n## Response 200 fields (appl";
    assert_eq!(
        page(text),
        ["p.md:5:23: expected a media type in parentheses such as `(application/json):`, found `(appl`"]
    );
    // Cut right after a variant head.
    let text = "# T\n\nEndpoint: GET /x\n\n## Response 200 fields (application/json):\n\n  - `a` (object) — one of:\n    - Text:\n";
    assert_eq!(
        page(text),
        [
            "p.md:8:12: expected the fields of variant `Text` after its heading (is the page truncated?), found the end of the section"
        ]
    );
}

#[test]
fn a_variant_without_a_one_of_item() {
    let text = "# T\n\nEndpoint: GET /x\n\n## Response 200 fields (application/json):\n\n  - `a` (object)\n    - Text:\n      - `t` (string)\n";
    assert_eq!(page(text), ["p.md:8:5: expected a one-of item (`— one of:`) before a variant, found `- Text:`"]);
}

#[test]
fn two_endpoints_in_one_page() {
    assert_eq!(
        page("# T\n\nEndpoint: GET /x\nEndpoint: GET /y\n"),
        [
            "p.md:4:1: expected one `Endpoint:` line per page, found a second one",
            "p.md:3:11: note: the first `Endpoint:` line is here"
        ]
    );
}

#[test]
fn invalid_utf8() {
    let specs = Specs::new(&[("p.md", b"# T\n\nEndpoint: GET /x\xff\n")]);
    assert_eq!(specs.load(), ["p.md:3:17: expected UTF-8 text, found the byte 0xff"]);
    // The column counts the characters before the bad byte.
    let specs = Specs::new(&[("p.md", b"# T\n\nEndpoint: GET /\xc3\xa9\xc3\xa9\xfe\n")]);
    assert_eq!(specs.load(), ["p.md:3:18: expected UTF-8 text, found the byte 0xfe"]);
}

#[test]
fn an_empty_file() {
    assert_eq!(page(""), ["p.md:1:1: expected an endpoint page, found an empty file"]);
    assert_eq!(page("  \n\n\t\n"), ["p.md:1:1: expected an endpoint page, found an empty file"]);
}

#[test]
fn a_folder_without_pages() {
    let specs = Specs::new(&[("notes.rs", b"fn main() {}")]);
    let lines = specs.render(doc2rust::Config::new(&specs.dir).load());
    assert_eq!(
        lines,
        [format!("{}:1:1: expected `.md` or `.txt` endpoint pages, found a folder without any", specs.dir.display())]
    );
}

#[test]
fn an_unknown_enum_reference() {
    let text =
        "# T\n\nEndpoint: GET /x\n\n## Query parameters:\n\n  - `a` (string)\n    Enum: same as `b` (2 values)\n";
    assert_eq!(
        page(text),
        ["p.md:8:11: expected an earlier item `b` with `Enum:` values, found no such item on the page"]
    );
    // A reference whose count disagrees with the values it points at.
    let text = "# T\n\nEndpoint: GET /x\n\n## Query parameters:\n\n  - `b` (string)\n    Enum: \"X\"\n\n  - `a` (string)\n    Enum: same as `b` (2 values)\n";
    assert_eq!(page(text), ["p.md:11:11: expected 2 enum values in `b`, as the reference says, found 1 value"]);
}

#[test]
fn duplicate_sections_name_both_places() {
    let response = "## Response 200 fields (application/json):\n\n  - `a` (string)\n";
    assert_eq!(
        page(&format!("# T\n\nEndpoint: GET /x\n\n{response}\n{response}")),
        ["p.md:9:1: expected one `Response 200` section, found a second one", "p.md:5:1: note: the first one is here"]
    );
    let request = "## Request fields (application/json):\n\n  - `a` (string)\n";
    assert_eq!(
        page(&format!("# T\n\nEndpoint: POST /x\n\n{request}\n{request}")),
        [
            "p.md:9:1: expected one `Request fields` section, found a second one",
            "p.md:5:1: note: the first one is here"
        ]
    );
    let text = "# T\n\nEndpoint: GET /x\n\n## Query parameters:\n\n  - `a` (string)\n\n## Query parameters:\n\n  - `b` (string)\n";
    assert_eq!(
        page(text),
        [
            "p.md:9:1: expected one `Query parameters` section, found a second one",
            "p.md:5:1: note: the first one is here"
        ]
    );
}

/// The method names and warnings of pages that load.
fn methods(files: &[(&str, &str)]) -> (Vec<String>, Vec<String>) {
    let bytes: Vec<(&str, &[u8])> = files.iter().map(|(path, text)| (*path, text.as_bytes())).collect();
    let specs = Specs::new(&bytes);
    let loaded = doc2rust::Config::new(&specs.dir).load().unwrap_or_else(|error| panic!("{error}"));
    let prefix = format!("{}{}", specs.dir.display(), std::path::MAIN_SEPARATOR);
    let names = loaded.api.endpoints.iter().map(|e| e.rust_name.clone()).collect();
    let warnings = loaded
        .warnings
        .iter()
        .flat_map(|w| w.to_string().replace(&prefix, "").lines().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    (names, warnings)
}

#[test]
fn method_names_that_collide_are_told_apart_with_a_warning() {
    // One resource under two parents: the parent that differs qualifies each name.
    let (names, warnings) = methods(&[
        ("a.md", "# Slots of a class\n\nEndpoint: GET /classes/{classId}/slots\n"),
        ("b.md", "# Bookable slots\n\nEndpoint: GET /appointments/bookable/{id}/slots\n"),
    ]);
    assert_eq!(names, ["get_class_slots", "get_bookable_slots"]);
    assert_eq!(
        warnings,
        [
            "a.md:1:3: warning: another page's method would be `get_slots` too: this page's method is `get_class_slots` \
             (to choose another, key `[methods]` of `doc2rust.toml` by `GET /classes/{classId}/slots` or `a.md`)",
            "b.md:1:3: note: the other page, whose method is `get_bookable_slots`",
            "b.md:1:3: warning: another page's method would be `get_slots` too: this page's method is `get_bookable_slots` \
             (to choose another, key `[methods]` of `doc2rust.toml` by `GET /appointments/bookable/{id}/slots` or `b.md`)",
            "a.md:1:3: note: the other page, whose method is `get_class_slots`",
        ]
    );
    // The same method and path on two pages (one per body variant): the titles tell them apart.
    let (names, warnings) = methods(&[
        ("a.md", "# Callout: conference\n\nEndpoint: POST /calling/v1/callouts\n"),
        ("b.md", "# Callout: text to speech\n\nEndpoint: POST /calling/v1/callouts\n"),
    ]);
    assert_eq!(names, ["create_callout_conference", "create_callout_text"]);
    assert_eq!(warnings.len(), 4, "{warnings:?}");
    // Two versions of one resource.
    let (names, _) = methods(&[
        ("a.md", "# Complete\n\nEndpoint: POST /v1/x:complete\n"),
        ("b.md", "# Complete\n\nEndpoint: POST /v2/x:complete\n"),
    ]);
    assert_eq!(names, ["complete_x_v1", "complete_x_v2"]);
    // Nothing tells them apart but the file: the page file's name does.
    let (names, _) = methods(&[
        ("first.md", "# Thing\n\nEndpoint: GET /things\n"),
        ("second.md", "# Thing\n\nEndpoint: GET /things/\n"),
    ]);
    assert_eq!(names, ["get_things_first", "get_things_second"]);
    // A rename in the overrides wins, and the other page keeps its name.
    let (names, warnings) = methods(&[
        ("a.md", "# A\n\nEndpoint: GET /x\n"),
        ("b.md", "# B\n\nEndpoint: GET /y\n"),
        ("doc2rust.toml", "[methods]\nget_y = \"get_x\"\n"),
    ]);
    assert_eq!(names, ["get_x_a", "get_x"]);
    assert_eq!(warnings.len(), 2, "{warnings:?}");
}

#[test]
fn method_names_the_client_already_has() {
    for (path, renamed) in [("/{id}:request", "request_thing"), ("/{id}:baseUrl", "base_url_request")] {
        let (names, warnings) = methods(&[("a.md", &format!("# Request a thing\n\nEndpoint: POST {path}\n"))]);
        assert_eq!(names, [renamed]);
        let base = renamed.trim_end_matches("_thing").trim_end_matches("_request");
        assert!(
            warnings[0].starts_with(&format!(
                "a.md:1:3: warning: the client has a method `{base}` of its own: this page's method is `{renamed}`"
            )),
            "{warnings:?}"
        );
    }
    // Renamed by the page, it is accepted; a rename to a client method is refused.
    let (names, warnings) = methods(&[
        ("a.md", "# A\n\nEndpoint: POST /{id}:request\n"),
        ("doc2rust.toml", "[methods]\n\"a.md\" = \"request_thing\"\n"),
    ]);
    assert_eq!((names, warnings), (vec!["request_thing".to_owned()], Vec::new()));
    let lines = files(&[("a.md", "# A\n\nEndpoint: GET /a\n"), ("doc2rust.toml", "[methods]\nget_a = \"builder\"\n")]);
    assert_eq!(
        lines,
        ["doc2rust.toml:2:9: expected a snake_case method name that the client does not have already, found `builder`"]
    );
}

#[test]
fn methods_are_renamed_by_name_path_or_page() {
    let pages = [
        ("a.md", "# A\n\nEndpoint: GET /a\n"),
        ("b.md", "# B\n\nEndpoint: GET /b\n"),
        ("c.md", "# C\n\nEndpoint: GET /c\n"),
    ];
    let mut with = pages.to_vec();
    with.push(("doc2rust.toml", "[methods]\nget_a = \"first\"\n\"GET /b\" = \"second\"\n\"c.md\" = \"third\"\n"));
    assert_eq!(methods(&with).0, ["first", "second", "third"]);
    // A path two pages document is ambiguous: the page file must say which.
    let lines = files(&[
        ("a.md", "# A one\n\nEndpoint: GET /a\n"),
        ("b.md", "# A two\n\nEndpoint: GET /a\n"),
        ("doc2rust.toml", "[methods]\n\"GET /a\" = \"x\"\n"),
    ]);
    assert_eq!(
        lines,
        [
            "doc2rust.toml:2:1: expected a key naming one endpoint, found `GET /a`, which names 2 endpoints (use a page file: `a.md`, `b.md`)"
        ]
    );
}

const PAGE: &str = "# T\n\nEndpoint: GET /x\n\n## Response 200 fields (application/json):\n\n  - `a` (string)\n";

#[test]
fn overrides_an_unknown_key() {
    let lines =
        files(&[("p.md", PAGE), ("doc2rust.toml", "[client]\nbase_url = \"https://x.test\"\nregion = \"us\"\n")]);
    assert_eq!(
        lines,
        [
            "doc2rust.toml:3:1: unknown field `region`, expected one of `base_url`, `regions`, `default_region`, `token_url`, `bind`"
        ]
    );
    let lines = files(&[("p.md", PAGE), ("doc2rust.toml", "[typez]\nA = \"B\"\n")]);
    assert_eq!(
        lines,
        [
            "doc2rust.toml:1:2: unknown field `typez`, expected one of `package`, `client`, `types`, `methods`, `responses`, `fields`, `dependencies`, `exclude`, `webhooks`"
        ]
    );
    let lines = files(&[("p.md", PAGE), ("doc2rust.toml", "[client\n")]);
    assert_eq!(lines, ["doc2rust.toml:1:8: unclosed table, expected `]`"]);
}

#[test]
fn overrides_an_unknown_type() {
    let lines = files(&[("p.md", PAGE), ("doc2rust.toml", "[types]\nNope = \"Yes\"\n")]);
    assert_eq!(lines, ["doc2rust.toml:2:1: expected a generated type name (one of `X`), found `Nope`"]);
    let lines = files(&[("p.md", PAGE), ("doc2rust.toml", "[types]\nX = \"my_x\"\n")]);
    assert_eq!(lines, ["doc2rust.toml:2:5: expected an UpperCamelCase type name, found `my_x`"]);
}

#[test]
fn overrides_an_unknown_method() {
    let lines = files(&[("p.md", PAGE), ("doc2rust.toml", "[methods]\nnope = \"yes\"\n")]);
    assert_eq!(
        lines,
        [
            "doc2rust.toml:2:1: expected a generated method name (one of `get_x`), `METHOD /path` or a page file, found `nope`"
        ]
    );
    let lines = files(&[("p.md", PAGE), ("doc2rust.toml", "[methods]\nget_x = \"GetX\"\n")]);
    assert_eq!(
        lines,
        ["doc2rust.toml:2:9: expected a snake_case method name that the client does not have already, found `GetX`"]
    );
}

#[test]
fn declares_a_response_that_cannot_be_used() {
    // A page with an error response only, beside one whose success body is a type.
    let update = "# U\n\nEndpoint: PATCH /x\n\n## Response 400 fields (application/json):\n\n  - `e` (string)\n";
    let with = |toml: &str| files(&[("p.md", PAGE), ("u.md", update), ("doc2rust.toml", toml)]);
    assert_eq!(
        with("[responses]\nnope = \"X\"\n"),
        [
            "doc2rust.toml:2:1: expected a generated method name (one of `get_x`, `update_x`), `METHOD /path` or a page file, found `nope`"
        ]
    );
    assert_eq!(
        with("[responses]\n\"GET /x\" = \"X\"\n"),
        [
            "doc2rust.toml:2:1: expected a method whose pages document no success response, found `GET /x`, whose page documents a 200 response"
        ]
    );
    let unknown = with("[responses]\nupdate_x = \"Nope\"\n");
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert!(unknown[0].starts_with("doc2rust.toml:2:12: expected a generated type name (one of `"), "{unknown:?}");
    assert!(unknown[0].ends_with("found `Nope`"), "{unknown:?}");
}

#[test]
fn overrides_an_unknown_field() {
    let lines = files(&[("p.md", PAGE), ("doc2rust.toml", "[fields]\n\"X.b\" = \"u8\"\n")]);
    assert_eq!(lines, ["doc2rust.toml:2:1: expected a field of `X` (one of `a`), found `b`"]);
    let lines = files(&[("p.md", PAGE), ("doc2rust.toml", "[fields]\n\"Y.a\" = \"u8\"\n")]);
    assert_eq!(lines, ["doc2rust.toml:2:1: expected a generated type name (one of `X`), found `Y`"]);
    let lines = files(&[("p.md", PAGE), ("doc2rust.toml", "[fields]\n\"X\" = \"u8\"\n")]);
    assert_eq!(lines, ["doc2rust.toml:2:1: expected `Type.field`, found `X`"]);
    let lines = files(&[("p.md", PAGE), ("doc2rust.toml", "[fields]\n\"X.a\" = \"not a type!\"\n")]);
    assert_eq!(lines, ["doc2rust.toml:2:9: expected a Rust type, found `not a type!`"]);
}

#[test]
fn overrides_unknown_pages_and_parameters() {
    let lines = files(&[("p.md", PAGE), ("doc2rust.toml", "exclude = [\"q.md\"]\n")]);
    assert_eq!(lines, ["doc2rust.toml:1:12: expected a page of the specs folder to exclude, found `q.md`"]);
    let lines = files(&[("p.md", PAGE), ("doc2rust.toml", "[client]\nbind = [\"project_id\"]\n")]);
    assert_eq!(
        lines,
        ["doc2rust.toml:2:9: expected a path parameter of some endpoint (the pages have none), found `project_id`"]
    );
    let page = "# T\n\nEndpoint: GET /v1/{projectId}/x/{id}\n\n## Path parameters:\n\n  - `projectId` (string, required)\n\n  - `id` (string, required)\n";
    let lines = files(&[("p.md", page), ("doc2rust.toml", "[client]\nbind = [\"project\"]\n")]);
    assert_eq!(
        lines,
        ["doc2rust.toml:2:9: expected a path parameter of some endpoint (one of `id`, `projectId`), found `project`"]
    );
}

#[test]
fn a_bound_parameter_is_named_as_the_pages_or_the_code_name_it() {
    let page = "# T\n\nEndpoint: GET /v1/{projectId}/x\n\n## Path parameters:\n\n  - `projectId` (string, required)\n";
    for given in ["projectId", "project_id"] {
        let toml = format!("[client]\nbind = [\"{given}\"]\n");
        let specs = Specs::new(&[("p.md", page.as_bytes()), ("doc2rust.toml", toml.as_bytes())]);
        let config = doc2rust::Config::new(&specs.dir);
        let loaded = config.load().unwrap_or_else(|error| panic!("{given}: {error}"));
        assert_eq!(loaded.overrides.client.bind[0].get_ref(), "projectId", "{given}");
        let files = config.generate().unwrap_or_else(|error| panic!("{given}: {error}"));
        let lib = &files.iter().find(|f| f.path.ends_with("src/lib.rs")).expect("lib.rs").contents;
        assert!(lib.contains("pub fn project_id(") && lib.contains("self.bind(\"projectId\", value)"), "{lib}");
    }
}

#[test]
fn an_empty_overrides_file_overrides_nothing() {
    let specs = Specs::new(&[("p.md", PAGE.as_bytes()), ("doc2rust.toml", b"")]);
    let loaded = doc2rust::Config::new(&specs.dir).load().unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(loaded.api.endpoints.len(), 1);
}

#[test]
fn every_problem_of_a_run_is_reported_sorted_by_position() {
    let specs = Specs::new(&[
        ("b.md", b"# T\n\nEndpoint: FETCH /x\n"),
        (
            "a.md",
            b"# T\n\nEndpoint: GET /x\n\n## Query parameters:\n\n  - `b` (string)\n    Enum: x\n\n  - `a` (strng)\n",
        ),
        ("c/d.md", b""),
        ("c/e.txt", b"# One\n\nEndpoint: GET /one\n\n## Response 99 fields\n\n# Two\n\nEndpoint: GET /{two\n"),
    ]);
    let expected = [
        "a.md:8:11: expected JSON values separated by commas, found `x`".to_owned(),
        format!("a.md:10:10: expected {TYPES}, found `strng`"),
        format!("b.md:3:11: expected {METHODS}, found `FETCH`"),
        "c/d.md:1:1: expected an endpoint page, found an empty file".to_owned(),
        "c/e.txt:5:13: expected a status code (`100`-`599`, `4XX`, `default`), found `99`".to_owned(),
        "c/e.txt:9:16: expected a `{name}` parameter closed by `}`, found `{two`".to_owned(),
    ];
    assert_eq!(specs.load(), expected);
    // `generate` stops at the same place with the same report.
    assert_eq!(specs.render(doc2rust::Config::new(&specs.dir).generate()), expected);
}

#[test]
fn problems_on_a_collapsed_page_are_located_on_its_one_line() {
    let text = "# T Endpoint: GET /x ## Query parameters: - `a` (strng) The a. - `b` (string) Enum: \"X\", Y \
                - `c` (object) Example: {\"a\":} ## Response 200 fields (application/json): - `d` (string)";
    assert_eq!(
        page(text),
        [
            format!("p.md:1:50: expected {TYPES}, found `strng`"),
            "p.md:1:90: expected JSON values separated by commas, found `\"X\", Y`".to_owned(),
            "p.md:1:121: expected a JSON value, found `{\"a\":}`".to_owned(),
        ]
    );
    assert_eq!(
        page("# T Endpoint: FETCH /x ## Query parameters: - `a` (string)"),
        [format!("p.md:1:15: expected {METHODS}, found `FETCH`")]
    );
}

/// Every corpus page cut at every line and in the middle of lines, multi-line and collapsed:
/// the front end either accepts what is left or reports diagnostics; it never panics and
/// never emits code that does not parse.
#[test]
fn cut_pages_give_diagnostics_not_panics() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/conversation-newest-renderer");
    let pages = [
        "conversation/conversation-createconversation.md",
        "capability/capability-querycapability.md",
        "messages/messages-sendmessage.md",
    ];
    let specs = Specs::new(&[]);
    let target = specs.dir.join("p.md");
    let mut rejected = 0;
    for name in pages {
        let text = std::fs::read_to_string(corpus.join(name)).unwrap_or_else(|error| panic!("{name}: {error}"));
        let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for variant in [&text, &collapsed] {
            // Some line ends, and points in the middle of lines.
            let line_ends: Vec<usize> = variant.match_indices('\n').map(|(at, _)| at).collect();
            let step = line_ends.len() / 40 + 1;
            let mut cuts: Vec<usize> = line_ends.into_iter().step_by(step).collect();
            cuts.extend((1..40).map(|n| (variant.len() * n / 40 + 7).min(variant.len())));
            for mut cut in cuts {
                while !variant.is_char_boundary(cut) {
                    cut -= 1;
                }
                std::fs::write(&target, &variant[..cut]).unwrap();
                match doc2rust::Config::new(&target).generate() {
                    Ok(_) => {}
                    Err(doc2rust::Error::Input(diagnostics)) => {
                        assert!(!diagnostics.0.is_empty());
                        rejected += 1;
                    }
                    Err(other) => panic!("{name} cut at {cut}: {other}"),
                }
            }
        }
    }
    assert!(rejected > 20, "only {rejected} cut pages were rejected");
}

#[test]
fn a_folder_of_files_that_are_not_pages() {
    // Each alone would be left out with a note; with no page at all, the run is an error
    // at the folder that names them.
    let found = files(&[("README.md", "# About\n\nSome prose.\n"), ("guide/index.md", "# Guide\n\n## Overview\n")]);
    assert_eq!(found.len(), 1, "{found:?}");
    let expected = ":1:1: expected an endpoint page (an `Endpoint: METHOD /path` line, `## ... parameters:` or `## ... \
                    fields` sections), found only files with neither: `README.md`, `guide/index.md`";
    assert!(found[0].ends_with(expected), "{found:?}");
}

/// A file name or page text holding ESC sequences or bidi controls is shown escaped: a page
/// cannot clear, recolour or retitle the terminal, nor reorder what the user reads.
#[test]
fn control_and_bidi_characters_are_escaped() {
    let shown = files(&[("p\u{1b}[2J\u{202e}.md", "# T\n\nEndpoint: FOO /x\n")]);
    // (`render` turns `\` into `/`, for Windows paths.)
    assert_eq!(shown, [format!("p/u{{1b}}[2J/u{{202e}}.md:3:11: expected {METHODS}, found `FOO`")]);
    // Through the command line too, where the user sees it.
    let specs = Specs::new(&[("q\u{1b}]0;owned\u{7}.md", b"# T\n\nEndpoint: G\x1bET /x\n")]);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_doc2rust"))
        .args(["generate", "--specs"])
        .arg(&specs.dir)
        .arg("--out")
        .arg(specs.dir.join("out"))
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("q\\u{1b}]0;owned\\u{7}.md:3:11: expected"), "{stderr}");
    assert!(!stderr.chars().any(|c| c != '\n' && doc2rust::__private::is_unsafe_char(c)), "{stderr:?}");
}
