//! `doc2rust diff`: the API-level change between two versions of the pages, on the real pair
//! of Sinch docs four years apart and on small hand-made pairs, one per kind of change.

use std::path::Path;

use doc2rust::Config;
use doc2rust::diff::{ChangeKind, Report, compare};

mod support;

/// A scratch folder holding one page.
fn page_dir(test: &str, side: &str, page: &str) -> support::Scratch {
    let scratch = support::Scratch::new(&format!("diff-{test}-{side}"));
    scratch.write("page.md", page);
    scratch
}

fn changes(test: &str, old: &str, new: &str) -> Vec<(ChangeKind, bool, String, String)> {
    let before = Config::new(&page_dir(test, "old", old).dir).load().unwrap();
    let after = Config::new(&page_dir(test, "new", new).dir).load().unwrap();
    compare(&before.api, &after.api).into_iter().map(|c| (c.kind, c.breaking, c.location, c.detail)).collect()
}

const BASE: &str = "# Get a thing\n\nEndpoint: POST /v1/things\n\n## Query parameters:\n\n  - `page_size` (integer)\n    Size.\n\n## Request fields (application/json):\n\n  - `name` (string, required)\n    The name.\n\n  - `kind` (string)\n    The kind.\n    Enum: \"A\", \"B\"\n\n  - `note` (string)\n    A note.\n\n## Response 200 fields (application/json):\n\n  - `id` (string)\n    The id.\n";

fn edit(from: &str, to: &str) -> String {
    assert!(BASE.contains(from), "{from}");
    BASE.replacen(from, to, 1)
}

#[test]
fn identical_pages_have_no_changes() {
    assert!(changes("same", BASE, BASE).is_empty());
    assert_eq!(Report(&[]).to_string(), "no API changes\n");
}

#[test]
fn one_pair_per_kind_of_change() {
    use ChangeKind::*;
    type Expected = Vec<(ChangeKind, bool, &'static str, &'static str)>;
    let cases: Vec<(&str, String, Expected)> = vec![
        (
            "field-added-optional",
            edit(
                "## Response 200 fields (application/json):\n\n",
                "## Response 200 fields (application/json):\n\n  - `extra` (string)\n    Extra.\n\n",
            ),
            vec![(FieldAdded, false, "response 200 field extra", "added (optional)")],
        ),
        (
            "field-added-required",
            edit("  - `note` (string)", "  - `other` (string, required)\n    Other.\n\n  - `note` (string)"),
            vec![(FieldAdded, true, "request field other", "added (required)")],
        ),
        (
            "field-removed",
            edit("  - `note` (string)\n    A note.\n\n", ""),
            vec![(FieldRemoved, true, "request field note", "removed")],
        ),
        (
            "now-required",
            edit("`note` (string)", "`note` (string, required)"),
            vec![(RequiredChanged, true, "request field note", "now required")],
        ),
        (
            "type-changed",
            edit("`note` (string)", "`note` (integer)"),
            vec![(TypeChanged, true, "request field note", "type string -> integer")],
        ),
        (
            "enum-added",
            edit("\"A\", \"B\"", "\"A\", \"B\", \"C\""),
            vec![(EnumValueAdded, false, "request field kind", "enum value \"C\" added")],
        ),
        (
            "enum-removed",
            edit("\"A\", \"B\"", "\"A\""),
            vec![(EnumValueRemoved, true, "request field kind", "enum value \"B\" removed")],
        ),
        (
            "deprecated",
            edit("    A note.\n", "    A note.\nNOTE: This field has been deprecated in favour of `name`.\n"),
            vec![(
                Deprecated,
                false,
                "request field note",
                "deprecated: This field has been deprecated in favour of `name`.",
            )],
        ),
        (
            "param-removed",
            edit("  - `page_size` (integer)\n    Size.\n", ""),
            vec![(FieldRemoved, true, "query parameter page_size", "removed")],
        ),
        (
            "endpoint-deprecated",
            BASE.replace("# Get a thing", "# Get a thing (deprecated)"),
            vec![(Deprecated, false, "endpoint", "deprecated")],
        ),
        (
            "response-added",
            format!("{BASE}\n## Response 404 fields (application/json):\n\n  - `error` (string)\n    Why.\n"),
            vec![(ResponseAdded, false, "response 404", "response added")],
        ),
    ];
    for (name, new, expected) in cases {
        let found = changes(name, BASE, &new);
        let expected: Vec<(ChangeKind, bool, String, String)> =
            expected.into_iter().map(|(k, b, l, d)| (k, b, l.to_owned(), d.to_owned())).collect();
        assert_eq!(found, expected, "{name}");
    }
}

#[test]
fn endpoints_added_and_removed() {
    let other = BASE.replace("POST /v1/things", "POST /v1/others");
    let found = changes("endpoints", BASE, &other);
    let kinds: Vec<(ChangeKind, bool, String)> = found.into_iter().map(|(k, b, _, d)| (k, b, d)).collect();
    assert_eq!(
        kinds,
        vec![
            (ChangeKind::EndpointAdded, false, "`create_other` added".to_owned()),
            (ChangeKind::EndpointRemoved, true, "`create_thing` removed".to_owned()),
        ]
    );
}

/// The real pair: Sinch's Conversation API docs in 2021 and now.
#[test]
fn sinch_2021_to_now() {
    let fixtures = Path::new("../tests/fixtures");
    let before = Config::new(fixtures.join("conversation-2021")).load().unwrap();
    let after = Config::new(fixtures.join("conversation")).load().unwrap();
    let changes = compare(&before.api, &after.api);
    // Some things every reader of that change must see.
    let has = |kind: ChangeKind, needle: &str| {
        changes.iter().any(|c| c.kind == kind && format!("{} {}", c.location, c.detail).contains(needle))
    };
    assert!(has(ChangeKind::EnumValueRemoved, "\"VIBER\""), "VIBER left the channel enum");
    assert!(has(ChangeKind::EnumValueAdded, "\"APPLEBC\""), "APPLEBC joined it");
    assert!(has(ChangeKind::EndpointAdded, "`delete_event` added"), "events can be deleted now");
    assert!(has(ChangeKind::EndpointRemoved, "`register_optin` removed"), "opt-ins went away");
    insta::assert_snapshot!("sinch_2021_to_now", Report(&changes).to_string());
}
