//! One reviewed snapshot per page of `specs/` for the model and one for the generated code,
//! so a docs change shows up in review as a change to that page's snapshots.
//!
//! Update after a docs change with `cargo insta test -p doc2rust --review`.

use doc2rust::__private::{model_json, page_code};
use doc2rust::Config;

/// A snapshot name from a page path: `conversation/conversation-createconversation.md` ->
/// `conversation__conversation-createconversation`.
fn snapshot_name(page: &str) -> String {
    page.trim_end_matches(".md").replace('/', "__")
}

#[test]
fn every_page_has_a_model_and_a_code_snapshot() {
    let loaded = Config::new("../specs").load().expect("specs/ loads");
    let model = model_json(&loaded);
    assert_eq!(loaded.api.endpoints.len(), 66);
    for (index, endpoint) in loaded.api.endpoints.iter().enumerate() {
        let name = snapshot_name(&endpoint.page);
        insta::assert_json_snapshot!(format!("model__{name}"), model["endpoints"][index]);
        let code = page_code(&loaded.api, &loaded.space, &loaded.overrides, index).expect("page code parses");
        insta::assert_snapshot!(format!("code__{name}"), code);
    }
}

#[test]
fn the_unified_types_are_one_snapshot() {
    let loaded = Config::new("../specs").load().expect("specs/ loads");
    let names: Vec<String> = loaded.space.sorted_ids().iter().map(|&id| loaded.space.get(id).name.clone()).collect();
    insta::assert_snapshot!("type_names", names.join("\n"));
}
