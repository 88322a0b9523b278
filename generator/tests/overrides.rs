//! The overrides file renames types and methods, sets a field's Rust type, binds a path
//! parameter to the client, leaves pages out, and adds dependencies, as the README says.

use doc2rust::Config;

mod support;

/// A copy of two real pages plus an overrides file, in a fresh temp folder.
fn specs_with(overrides: &str, name: &str) -> support::Scratch {
    let scratch = support::Scratch::new(&format!("overrides-{name}"));
    let dir = &scratch.dir;
    std::fs::create_dir_all(dir.join("conversation")).unwrap();
    for page in ["conversation-getconversation.md", "conversation-listconversations.md"] {
        std::fs::copy(format!("../specs/conversation/{page}"), dir.join("conversation").join(page)).unwrap();
    }
    std::fs::write(dir.join("doc2rust.toml"), overrides).unwrap();
    scratch
}

fn file<'a>(files: &'a [doc2rust::GeneratedFile], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == std::path::Path::new(path)).unwrap_or_else(|| panic!("no {path}")).contents
}

#[test]
fn names_types_and_bound_parameters_follow_the_overrides() {
    let specs = specs_with(
        r#"
[package]
name = "acme-chat"

[client]
base_url = "https://{region}.chat.acme.test"
regions = ["north", "south"]
bind = ["project_id"]

[types]
Conversation = "Chat"

[methods]
list_conversations = "chats"

[fields]
"Chat.last_received" = "::std::time::SystemTime"

[dependencies]
itoa = "1"
"#,
        "all",
    );
    let files = Config::new(&specs.dir).generate().unwrap();
    let types = file(&files, "src/types.rs");
    assert!(types.contains("pub struct Chat {"), "type renamed");
    assert!(!types.contains("pub struct Conversation {"));
    assert!(types.contains("pub last_received: Option<::std::time::SystemTime>"), "field type set");
    let apis = file(&files, "src/apis/conversation.rs");
    assert!(apis.contains("pub fn chats("), "method renamed");
    assert!(
        apis.contains("pub fn get_conversation(\n        &self,\n        conversation_id: &str,\n    )"),
        "project_id is bound, not an argument:\n{apis}"
    );
    let lib = file(&files, "src/lib.rs");
    assert!(lib.contains("pub fn project_id("), "the builder sets the bound parameter");
    assert!(lib.contains("\"https://{region}.chat.acme.test\""));
    let manifest = file(&files, "Cargo.toml");
    assert!(manifest.contains("name = \"acme-chat\""));
    assert!(manifest.contains("itoa = \"1\""));
}

#[test]
fn a_declared_response_type_is_what_the_method_returns_and_decodes() {
    // Sinch's update page documents only its error responses.
    let dir = std::env::temp_dir().join(format!("doc2rust-overrides-{}-responses", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::create_dir_all(dir.join("contact")).unwrap();
    std::fs::copy("../specs/contact/contact-updatecontact.md", dir.join("contact/contact-updatecontact.md")).unwrap();
    let generate = |toml: &str| {
        std::fs::write(dir.join("doc2rust.toml"), toml).unwrap();
        Config::new(&dir).generate().unwrap()
    };
    let before = generate("");
    let contact = |files: &[doc2rust::GeneratedFile]| file(files, "src/apis/contact.rs").to_owned();
    // The return type as written, whatever line breaks the formatter put in it.
    let compact = |text: String| text.split_whitespace().collect::<String>();
    assert!(compact(contact(&before)).contains("crate::ApiCall<'_,::serde_json::Value,"), "{}", contact(&before));
    // The request body's type is only sent by this API until a response declares it: it
    // derives no `Deserialize` yet.
    let api = contact(&before);
    let body = api.split("body: &crate::types::").nth(1).expect("a body argument");
    let body = &body[..body.find(',').unwrap()];
    let derive = |types: &str| {
        let at = types.find(&format!("pub struct {body} {{")).unwrap_or_else(|| panic!("no {body}"));
        types[..at].rsplit("#[derive(").next().unwrap().split(')').next().unwrap().to_owned()
    };
    assert!(!derive(file(&before, "src/types.rs")).contains("Deserialize"));

    let after = generate(&format!("[responses]\nupdate_contact = \"{body}\"\n"));
    assert!(
        compact(contact(&after)).contains(&format!("crate::ApiCall<'_,crate::types::{body},")),
        "{}",
        contact(&after)
    );
    // Received now, it keeps undocumented keys, which the runtime's macro reads.
    let types = file(&after, "src/types.rs");
    assert!(!derive(types).contains("Deserialize"));
    assert!(compact(types.to_owned()).contains(&format!("crate::runtime::record_deserialize!({body}{{")), "{types}");
    assert!(!compact(file(&before, "src/types.rs").to_owned()).contains(&format!("record_deserialize!({body}{{")));
}

#[test]
fn excluded_pages_are_left_out() {
    let specs = specs_with("exclude = [\"conversation/conversation-listconversations.md\"]\n", "exclude");
    let loaded = Config::new(&specs.dir).load().unwrap();
    let names: Vec<&str> = loaded.api.endpoints.iter().map(|e| e.rust_name.as_str()).collect();
    assert_eq!(names, vec!["get_conversation"]);
    assert!(!loaded.inputs.iter().any(|p| p.ends_with("conversation-listconversations.md")));
}

#[test]
fn a_method_whose_request_needs_a_custom_typed_value_gets_no_example() {
    // A `[fields]` type is the user's: the example cannot make one up, so the method has no
    // example rather than one that does not build (or builds with `todo!()`).
    let dir = support::Scratch::new("overrides-custom-example");
    std::fs::create_dir_all(dir.dir.join("conversation")).unwrap();
    let page = "conversation-createconversation.md";
    std::fs::copy(format!("../specs/conversation/{page}"), dir.dir.join("conversation").join(page)).unwrap();
    let generate = |toml: &str| {
        std::fs::write(dir.dir.join("doc2rust.toml"), toml).unwrap();
        file(&Config::new(&dir.dir).generate().unwrap(), "src/apis/conversation.rs").to_owned()
    };
    let plain = generate("");
    assert!(plain.contains("/// let request = CreateConversationRequest::new(\"app_id\", \"contact_id\");"), "{plain}");
    assert!(plain.contains("/// let answer = client.create_conversation(\"project_id\", &request).await?;"), "{plain}");
    let custom = generate("[fields]\n\"CreateConversationRequest.app_id\" = \"crate::AppId\"\n");
    assert!(custom.contains("pub fn create_conversation("), "{custom}");
    assert!(!custom.contains("client.create_conversation("), "{custom}");
    assert!(!custom.contains("todo!()"), "{custom}");
}
