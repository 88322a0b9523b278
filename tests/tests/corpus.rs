//! Every folder of the shared corpus (copied into `tests/fixtures`) goes through doc2rust and
//! gives a crate that compiles with warnings denied; collapsing a page's line breaks does
//! not change what it means.

use std::path::Path;

use doc2rust_tests::{collapse, files_under, fixtures, generate_and_check, model_without_prose, scratch_dir};

const FOLDERS: &[&str] = &["conversation", "conversation-2021", "conversation-newest-renderer", "seed"];

#[test]
fn every_corpus_folder_generates_a_crate_that_compiles() {
    let crates: Vec<(String, std::path::PathBuf)> =
        FOLDERS.iter().map(|folder| (format!("corpus-{folder}"), fixtures().join(folder))).collect();
    generate_and_check("corpus-crates", &crates);
}

/// Endpoints as JSON, for comparing two readings of the same pages.
fn endpoints(specs: &Path) -> serde_json::Value {
    let loaded = doc2rust::Config::new(specs).load().unwrap_or_else(|error| panic!("{}: {error}", specs.display()));
    let model = doc2rust::__private::model_json(&loaded);
    let mut endpoints = model_without_prose(&model["endpoints"]);
    // The pages of a collapsed copy sit in another file; compare what they say.
    for endpoint in endpoints.as_array_mut().into_iter().flatten() {
        endpoint.as_object_mut().map(|e| e.remove("page"));
    }
    endpoints
}

#[test]
fn collapsed_seed_era_pages_give_the_same_model() {
    for folder in ["conversation", "conversation-2021"] {
        let source = fixtures().join(folder);
        let copy = scratch_dir(&format!("collapsed-{folder}"));
        let mut count = 0;
        for relative in files_under(&source) {
            let target = copy.join(&relative);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(&target, collapse(&std::fs::read_to_string(source.join(&relative)).unwrap())).unwrap();
            count += 1;
        }
        assert!(count > 30, "{folder}: only {count} pages");
        let (original, collapsed) = (endpoints(&source), endpoints(&copy));
        assert_eq!(original.as_array().map(Vec::len), collapsed.as_array().map(Vec::len));
        for (a, b) in original.as_array().unwrap().iter().zip(collapsed.as_array().unwrap()) {
            assert_eq!(a, b, "{folder}: {} differs when collapsed", a["path"]);
        }
    }
}

/// Enum values as a set: the seed lists the channels in another order than its original.
fn sort_enum_values(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match (key.as_str(), child) {
                    ("values", serde_json::Value::Array(values)) => values.sort_by_key(|v| v.to_string()),
                    (_, child) => sort_enum_values(child),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(sort_enum_values),
        _ => {}
    }
}

#[test]
fn the_seed_page_reads_like_its_multi_line_original() {
    let mut seed = endpoints(&fixtures().join("seed"));
    let mut original = endpoints(&fixtures().join("conversation/conversation/conversation-createconversation.md"));
    assert_ne!(seed, original, "the seed's channel enum is in another order");
    sort_enum_values(&mut seed);
    sort_enum_values(&mut original);
    assert_eq!(seed, original);
    assert_eq!(seed[0]["title"], "Create a conversation");
    assert_eq!(seed[0]["path"], "/v1/projects/{project_id}/conversations");
}
