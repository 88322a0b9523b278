//! Reviewed snapshots of what `specs/` becomes, laid out so that a docs change shows in review
//! as exactly that change:
//!
//! - `snapshots/pages/<folder>__<page>.snap`: the page's model as a readable summary
//!   (endpoint, parameters, body and responses with their fields, types and prose; no
//!   positions, no paths), then the page's own code: its method, parameter struct and errors;
//! - `snapshots/types/<Type>.snap`: one type of `types.rs` with its impls. A type shared by
//!   several pages has its own file, so adding or removing a page never moves it.
//!
//! Update after a docs change with `INSTA_UPDATE=always cargo test -p doc2rust --test
//! snapshots` (or `cargo insta test -p doc2rust --review`) and read the diff. The churn
//! tests (`churn::`) edit a copy of `specs/` and check that each kind of edit touches only
//! the snapshots it should; `cargo test -p doc2rust --test snapshots churn -- --nocapture`
//! prints the figures.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use doc2rust::__private as emit;
use doc2rust::Config;
use similar::{ChangeTag, TextDiff};
use support::{Scratch, copy_dir};

/// The folder under `snapshots/` for per-page snapshots, and for per-type ones.
const PAGES: &str = "pages";
const TYPES: &str = "types";

/// Every snapshot of the pages in `specs`, by `<folder>/<name>`: `pages/app__app-getapp`,
/// `types/App`.
fn snapshots(specs: &Path) -> BTreeMap<String, String> {
    let loaded = Config::new(specs).load().expect("the pages load");
    let code = emit::endpoints_code(&loaded.api, &loaded.space, &loaded.overrides).expect("endpoint code parses");
    let mut snapshots = BTreeMap::new();
    for (index, (endpoint, code)) in loaded.api.endpoints.iter().zip(code).enumerate() {
        let summary = doc2rust::__private::summary(&loaded.api, &loaded.space, index);
        let code =
            if code.is_empty() { "(none: a webhook page is a payload type, not a method)\n".to_owned() } else { code };
        let name = endpoint.page.trim_end_matches(".md").replace('/', "__");
        snapshots.insert(format!("{PAGES}/{name}"), format!("{summary}\n---- generated code ----\n\n{code}"));
    }
    for (name, code) in emit::types_code(&loaded.api, &loaded.space, &loaded.overrides).expect("type code parses") {
        let previous = snapshots.insert(format!("{TYPES}/{name}"), code);
        assert!(previous.is_none(), "two types named {name}");
    }
    snapshots
}

#[test]
fn every_page_and_every_type_has_a_snapshot() {
    let snapshots = snapshots(Path::new("../specs"));
    assert_eq!(snapshots.keys().filter(|name| name.starts_with(PAGES)).count(), 66);
    for (name, text) in &snapshots {
        let (folder, name) = name.split_once('/').unwrap();
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(format!("snapshots/{folder}"));
        settings.set_prepend_module_to_snapshot(false);
        settings.set_omit_expression(true);
        settings.bind(|| insta::assert_snapshot!(name, text));
    }
}

/// A snapshot file left behind by a page or type that is gone would never fail a run: list
/// them. (Pending `.snap.new` files are insta's review queue, not stale.)
#[test]
fn every_snapshot_file_belongs_to_a_page_or_a_type() {
    let expected: BTreeSet<String> = snapshots(Path::new("../specs")).into_keys().collect();
    let mut stale = Vec::new();
    for folder in [PAGES, TYPES] {
        for entry in std::fs::read_dir(Path::new("tests/snapshots").join(folder)).unwrap().flatten() {
            let file = entry.file_name().into_string().unwrap();
            let Some(name) = file.strip_suffix(".snap") else { continue };
            if !expected.contains(&format!("{folder}/{name}")) {
                stale.push(format!("{folder}/{file}"));
            }
        }
    }
    // The old layout's files, one per page and kind at the top of `snapshots/`.
    for entry in std::fs::read_dir("tests/snapshots").unwrap().flatten() {
        let file = entry.file_name().into_string().unwrap();
        if file.starts_with("snapshots__") {
            stale.push(file);
        }
    }
    assert!(stale.is_empty(), "snapshot files of no page or type (delete them): {stale:#?}");
}

/// Edits of a copy of `specs/` and what they may change in the snapshots.
mod churn {
    use super::*;

    /// What an edit of the pages changed in the snapshots: per snapshot touched, the lines
    /// removed and the lines added (a snapshot that appears or goes counts all its lines).
    #[derive(Debug, Default)]
    struct Churn {
        touched: BTreeMap<String, (Vec<String>, Vec<String>)>,
    }

    impl Churn {
        fn between(before: &BTreeMap<String, String>, after: &BTreeMap<String, String>) -> Churn {
            let mut churn = Churn::default();
            let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
            for name in names {
                let old = before.get(name).map_or("", String::as_str);
                let new = after.get(name).map_or("", String::as_str);
                let (mut removed, mut added) = (Vec::new(), Vec::new());
                for change in TextDiff::from_lines(old, new).iter_all_changes() {
                    match change.tag() {
                        ChangeTag::Delete => removed.push(change.value().trim_end().to_owned()),
                        ChangeTag::Insert => added.push(change.value().trim_end().to_owned()),
                        ChangeTag::Equal => {}
                    }
                }
                if !removed.is_empty() || !added.is_empty() {
                    churn.touched.insert(name.clone(), (removed, added));
                }
            }
            churn
        }

        fn lines(&self) -> usize {
            self.touched.values().map(|(removed, added)| removed.len() + added.len()).sum()
        }

        fn names(&self) -> Vec<&str> {
            self.touched.keys().map(String::as_str).collect()
        }

        fn added(&self) -> impl Iterator<Item = &str> {
            self.touched.values().flat_map(|(_, added)| added.iter().map(String::as_str))
        }

        fn removed(&self) -> impl Iterator<Item = &str> {
            self.touched.values().flat_map(|(removed, _)| removed.iter().map(String::as_str))
        }
    }

    /// Copies `specs/` into a scratch folder, takes the snapshots, applies `edit` to the copy and
    /// takes them again. Both runs read the same folder, so nothing differs but the edit.
    fn churn_of(what: &str, edit: impl FnOnce(&Path)) -> (Churn, BTreeMap<String, String>, BTreeMap<String, String>) {
        let scratch = Scratch::new("snapshot-churn");
        let specs = scratch.path("specs");
        copy_dir(Path::new("../specs"), &specs);
        let before = snapshots(&specs);
        edit(&specs);
        let after = snapshots(&specs);
        let churn = Churn::between(&before, &after);
        println!("{what}: {} lines changed in {} snapshots: {:?}", churn.lines(), churn.touched.len(), churn.names());
        (churn, before, after)
    }

    fn edit_file(path: &Path, change: impl FnOnce(String) -> String) {
        let text = std::fs::read_to_string(path).unwrap();
        std::fs::write(path, change(text)).unwrap();
    }

    #[test]
    fn a_line_of_prose_changes_only_the_lines_that_show_it() {
        const PROSE: &str = "An added line of prose.";
        let (churn, _, _) = churn_of("prose line", |specs| {
            edit_file(&specs.join("app/app-getapp.md"), |text| {
                let description = "Returns a particular app as specified by the App ID.\n";
                assert!(text.contains(description));
                text.replacen(description, &format!("{description}\n{PROSE}\n"), 1)
            })
        });
        assert_eq!(churn.names(), ["pages/app__app-getapp"]);
        assert_eq!(churn.removed().count(), 0, "{churn:#?}");
        // The new paragraph in the summary and in the method's docs, each with the empty line
        // that separates paragraphs.
        assert!(churn.lines() <= 4, "{churn:#?}");
        for line in churn.added() {
            let bare = line.trim().trim_start_matches('|').trim_start_matches("///").trim();
            assert!(bare.is_empty() || bare == PROSE, "a changed line that does not show the prose: {line:?}");
        }
    }

    #[test]
    fn adding_a_page_changes_no_other_snapshot() {
        let page = "app/app-archiveapp.md";
        let (churn, before, _) = churn_of("add page", |specs| {
            edit_file(&specs.join("app/app-getapp.md"), |text| {
                let copy = text.replacen("# Get an app", "# Archive an app", 1).replacen(
                    "GET /v1/projects/{project_id}/apps/{app_id}",
                    "POST /v1/projects/{project_id}/apps/{app_id}:archive",
                    1,
                );
                std::fs::write(specs.join(page), copy).unwrap();
                text
            })
        });
        assert!(churn.touched.contains_key("pages/app__app-archiveapp"), "{:?}", churn.names());
        // New snapshots (the page's own and those of types only it uses), and in the types it
        // shares only the doc lines that say where a type is used, which now name it too.
        assert_only_usage_docs_changed(&churn, &before, &format!("adding {page}"));
    }

    /// Every snapshot `churn` touched that `kept` has is a type's, and only its doc lines changed.
    fn assert_only_usage_docs_changed(churn: &Churn, kept: &BTreeMap<String, String>, what: &str) {
        for (name, (removed, added)) in &churn.touched {
            if !kept.contains_key(name) {
                continue;
            }
            assert!(name.starts_with("types/"), "{what} changed {name}");
            for line in removed.iter().chain(added) {
                assert!(
                    line.trim_start().starts_with("///"),
                    "{what} changed a line of {name} that is not a doc: {line:?}"
                );
            }
        }
    }

    #[test]
    fn removing_a_page_changes_no_other_snapshot() {
        // The first page: in the old layout every type it shared lived in its snapshot.
        let page = "app/app-createapp.md";
        let (churn, _, after) = churn_of("remove page", |specs| std::fs::remove_file(specs.join(page)).unwrap());
        assert!(churn.touched.contains_key("pages/app__app-createapp"), "{:?}", churn.names());
        // Snapshots that went (the page's own and those of types only it used), and in the
        // types it shared only the doc lines that said where a type is used.
        assert_only_usage_docs_changed(&churn, &after, &format!("removing {page}"));
        assert!(churn.touched.keys().any(|name| name.starts_with("types/")), "CreateAppRequest goes with the page");
    }

    #[test]
    fn renaming_a_field_changes_only_its_lines_and_its_uses() {
        let (old, new) = ("business_chat_account_id", "business_chat_account_ref");
        let (churn, _, _) = churn_of("rename field", |specs| {
            for page in ["app/app-createapp.md", "app/app-getapp.md", "app/app-listapps.md", "app/app-updateapp.md"] {
                edit_file(&specs.join(page), |text| text.replace(old, new));
            }
        });
        assert!(churn.touched.contains_key("types/ApplebcCredentials"), "{:?}", churn.names());
        assert_eq!(churn.removed().count(), churn.added().count(), "{churn:#?}");
        for line in churn.removed() {
            assert!(line.contains(old), "a removed line that does not show the field: {line:?}");
        }
        for line in churn.added() {
            assert!(line.contains(new), "an added line that does not show the field: {line:?}");
        }
    }
}
