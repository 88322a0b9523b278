//! One small hand-written fixture per variant of the page format (and per adversarial name)
//! in `tests/fixtures/variants/<name>/`: every folder generates a crate that compiles with
//! warnings denied, and its model says what its pages say.

use std::path::{Path, PathBuf};

use doc2rust::__private::{StructDef, TypeDef, TypeKind, UnionDef};
use doc2rust::model::{Endpoint, Field, HttpMethod, ParamLocation as In, PathPart, Schema, Status};
use doc2rust_tests::{fixtures, generate_and_check, nested_cargo, run_ok};
use serde_json::{Value, json};

fn variants() -> PathBuf {
    fixtures().join("variants")
}

/// Every fixture folder, sorted.
fn folders() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(variants())
        .expect("tests/fixtures/variants exists")
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The model of one fixture folder, as a build script or tool reads it.
struct Model {
    loaded: doc2rust::Loaded,
}

impl Model {
    fn endpoints(&self) -> &[Endpoint] {
        &self.loaded.api.endpoints
    }
}

fn model(folder: &str) -> Model {
    let loaded =
        doc2rust::Config::new(variants().join(folder)).load().unwrap_or_else(|error| panic!("{folder}: {error}"));
    Model { loaded }
}

/// The endpoint whose `Endpoint:` line has this path.
fn endpoint<'a>(model: &'a Model, path: &str) -> &'a Endpoint {
    model.endpoints().iter().find(|e| e.path == path).unwrap_or_else(|| {
        let paths: Vec<&str> = model.endpoints().iter().map(|e| e.path.as_str()).collect();
        panic!("no endpoint `{path}` among {paths:?}")
    })
}

/// The endpoint with this method (the fixture has one).
fn endpoint_by_method(model: &Model, method: HttpMethod) -> &Endpoint {
    model.endpoints().iter().find(|e| e.method == method).unwrap_or_else(|| panic!("no {method:?} endpoint"))
}

/// The Rust types of an endpoint's slots, from the type space.
fn slots<'a>(model: &'a Model, endpoint: &Endpoint) -> &'a doc2rust::__private::EndpointTypes {
    let index = model.endpoints().iter().position(|e| std::ptr::eq(e, endpoint)).expect("an endpoint of this model");
    model.loaded.space.typed_at(&model.loaded.api, index).types
}

/// The Rust types of an endpoint's parameters, in page order.
fn param_types(model: &Model, endpoint: &Endpoint) -> Vec<String> {
    slots(model, endpoint).params.iter().map(|ty| model.loaded.space.display(ty)).collect()
}

/// The Rust type of an endpoint's request body, if it has one.
fn request_type(model: &Model, endpoint: &Endpoint) -> Option<String> {
    slots(model, endpoint).request.as_ref().map(|ty| model.loaded.space.display(ty))
}

/// The Rust types of an endpoint's responses, in page order (`None`: no body).
fn response_types(model: &Model, endpoint: &Endpoint) -> Vec<Option<String>> {
    slots(model, endpoint).responses.iter().map(|ty| ty.as_ref().map(|ty| model.loaded.space.display(ty))).collect()
}

/// The Rust type of the body of an endpoint's `n`th response, which must have one.
fn response_type(model: &Model, endpoint: &Endpoint, n: usize) -> String {
    response_types(model, endpoint)[n].clone().unwrap_or_else(|| panic!("response {n} has no body"))
}

/// The unified type with this Rust name.
fn ty<'a>(model: &'a Model, name: &str) -> &'a TypeDef {
    let space = &model.loaded.space;
    let id = space.find(name).unwrap_or_else(|| {
        let names: Vec<&str> = space.types.iter().map(|t| t.name.as_str()).collect();
        panic!("no type `{name}` among {names:?}")
    });
    space.get(id)
}

fn struct_def<'a>(model: &'a Model, name: &str) -> &'a StructDef {
    match &ty(model, name).kind {
        TypeKind::Struct(def) => def,
        other => panic!("`{name}` is not a struct: {other:#?}"),
    }
}

fn union_def<'a>(model: &'a Model, name: &str) -> &'a UnionDef {
    match &ty(model, name).kind {
        TypeKind::Union(def) => def,
        other => panic!("`{name}` is not a union: {other:#?}"),
    }
}

/// An enum's values, as the JSON array they are written as.
fn enum_values(model: &Model, name: &str) -> Value {
    match &ty(model, name).kind {
        TypeKind::Enum(def) => Value::Array(def.values.iter().map(|v| v.value.clone()).collect()),
        other => panic!("`{name}` is not an enum: {other:#?}"),
    }
}

/// The one-of a struct flattens beside its fields, by name.
fn flatten(model: &Model, name: &str) -> Option<String> {
    struct_def(model, name).flatten.as_ref().map(|ty| model.loaded.space.display(ty))
}

/// A struct's fields as (wire, rust, type, required).
fn fields(model: &Model, name: &str) -> Vec<(String, String, String, bool)> {
    let space = &model.loaded.space;
    struct_def(model, name)
        .fields
        .iter()
        .map(|f| (f.wire.clone(), f.rust.clone(), space.display(&f.ty), f.required))
        .collect()
}

/// The Rust type of one field of a struct.
fn field_type(model: &Model, name: &str, wire: &str) -> String {
    fields(model, name).into_iter().find(|f| f.0 == wire).unwrap_or_else(|| panic!("`{name}` has no field `{wire}`")).2
}

/// An endpoint's parameters as (name, rust name, location, required).
fn params(endpoint: &Endpoint) -> Vec<(&str, &str, In, bool)> {
    endpoint.params.iter().map(|p| (p.name.as_str(), p.rust_name.as_str(), p.location, p.required)).collect()
}

fn strings(values: &[(&str, &str, &str, bool)]) -> Vec<(String, String, String, bool)> {
    values.iter().map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), *d)).collect()
}

#[test]
fn every_variant_fixture_generates_a_crate_that_compiles() {
    let folders = folders();
    assert!(folders.len() >= 20, "only {} fixture folders", folders.len());
    let crates: Vec<(String, PathBuf)> =
        folders.iter().map(|folder| (format!("variant-{folder}"), variants().join(folder))).collect();
    let root = generate_and_check("variant-crates", &crates);
    // The generated SDK is held to clippy; so is every variant. The build above had default
    // features; clippy checks the request types' `Deserialize` derives as well.
    let mut clippy = nested_cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--quiet",
        "--features",
        "deserialize-requests",
        "--",
        "-D",
        "warnings",
    ]);
    clippy.current_dir(&root);
    run_ok(clippy);
    // Rustdoc with warnings denied where prose and names are at their worst.
    let mut doc = nested_cargo(&[
        "doc",
        "--no-deps",
        "--quiet",
        "-p",
        "variant-prose-leftovers",
        "-p",
        "variant-keywords",
        "-p",
        "variant-case-collisions",
    ]);
    doc.current_dir(&root);
    run_ok(doc);
}

/// The text of one generated file of a fixture.
fn generated(folder: &str, path: &str) -> String {
    let files = doc2rust::Config::new(variants().join(folder))
        .crate_name(format!("variant-{folder}"))
        .generate()
        .unwrap_or_else(|error| panic!("{folder}: {error}"));
    files.into_iter().find(|f| f.path == Path::new(path)).unwrap_or_else(|| panic!("{folder}: no {path}")).contents
}

/// The fields of an object body in the model of the pages (before unification).
fn body_fields(endpoint: &Endpoint) -> &[Field] {
    match endpoint.request.as_ref().map(|body| &body.schema) {
        Some(Schema::Object(object)) => &object.fields,
        other => panic!("{}: not an object body: {other:?}", endpoint.path),
    }
}

/// (name, kind) of a body's fields, the kind as the page names it.
fn schema_types(endpoint: &Endpoint) -> Vec<(&str, &'static str)> {
    body_fields(endpoint).iter().map(|f| (f.name.as_str(), kind(&f.schema))).collect()
}

/// What the page calls a schema (`nullable` for `string,null`).
fn kind(schema: &Schema) -> &'static str {
    match schema {
        Schema::String => "string",
        Schema::Integer => "integer",
        Schema::Number => "number",
        Schema::Boolean => "boolean",
        Schema::Null => "null",
        Schema::Any => "any",
        Schema::Map { .. } => "map",
        Schema::Object(_) => "object",
        Schema::Array { .. } => "array",
        Schema::Enum(_) => "enum",
        Schema::OneOf(_) => "one_of",
        Schema::Nullable { .. } => "nullable",
        Schema::File => "file",
    }
}

fn pairs(values: &[(&str, &str)]) -> Vec<(String, String)> {
    values.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

/// A union's variants as (name as written, Rust name).
fn union_variants(model: &Model, name: &str) -> Vec<(String, String)> {
    union_def(model, name).variants.iter().map(|v| (v.name.clone(), v.rust.clone())).collect()
}

/// The fields of one variant of a union as (wire, type).
fn variant_fields(model: &Model, union: &str, variant: &str) -> Vec<(String, String)> {
    let space = &model.loaded.space;
    union_def(model, union)
        .variants
        .iter()
        .find(|v| v.name == variant)
        .unwrap_or_else(|| panic!("`{union}` has no variant `{variant}`"))
        .fields
        .iter()
        .map(|f| (f.wire.clone(), space.display(&f.ty)))
        .collect()
}

#[test]
fn header_and_cookie_parameters_keep_their_location() {
    let model = model("header-cookie-params");
    let report = endpoint(&model, "/v1/reports/{report_id}");
    assert_eq!(
        params(report),
        [
            ("report_id", "report_id", In::Path, true),
            ("format", "format", In::Query, false),
            ("X-Request-Id", "x_request_id", In::Header, true),
            ("Accept-Language", "accept_language", In::Header, false),
            ("X-Retry-Count", "x_retry_count", In::Header, false),
            ("session", "session", In::Cookie, true),
            ("theme", "theme", In::Cookie, false),
        ]
    );
    assert_eq!(param_types(&model, report), ["String", "Format", "String", "String", "i64", "String", "Theme"]);
    let code = generated("header-cookie-params", "src/apis/endpoints.rs");
    for call in [
        ".header(\"X-Request-Id\", &params.x_request_id)",
        ".cookie(\"session\", &params.session)",
        ".cookie(\"theme\", &params.theme)",
    ] {
        assert!(code.contains(call), "no `{call}` in:\n{code}");
    }
}

#[test]
fn error_bodies_say_their_message_and_code() {
    let lib = generated("error-fields", "src/lib.rs");
    // Two calls of three document the 400 body alone: it is the alias.s default.
    assert!(lib.contains("pub type Result<T, E = crate::types::ErrorResponse> ="), "{lib}");
    // Read under `error`, the more specific name first; a required object is not unwrapped.
    assert!(lib.contains("const KEYS: &'static [&'static str] = &[\"error\"];"), "{lib}");
    assert!(lib.contains("self.error.detail.as_deref()"), "{lib}");
    assert!(lib.contains("self.error.error_code.as_ref().map(|value| ErrorCode::Text(value.as_str()))"), "{lib}");
    // A required message; an object named `message` is not one (the title is).
    assert!(lib.contains("::std::option::Option::Some(self.error_message.as_str())"), "{lib}");
    assert!(lib.contains("self.title.as_deref()"), "{lib}");
    assert!(lib.contains("self.code.map(ErrorCode::Number)"), "{lib}");
    // A page type does not take the runtime's `ErrorCode`.
    let types = generated("error-fields", "src/types.rs");
    assert!(types.contains("pub enum ErrorCodeBody {"), "{types}");
    // The by-status enum reads through its variants, and is named in the signature.
    let code = generated("error-fields", "src/apis/endpoints.rs");
    assert!(code.contains("impl crate::ErrorFields for GetThingError {"), "{code}");
    // Return types as written, whatever line breaks (and trailing commas) the formatter put in.
    let compact: String = code.split_whitespace().collect();
    assert!(compact.contains("->crate::ApiCall<'_,crate::types::Thing,GetThingError"), "{code}");
    assert!(
        compact.contains("->crate::ApiCall<'_,crate::types::ListThingsResponse,crate::types::ErrorResponse"),
        "{code}"
    );
    assert!(compact.contains("->crate::ApiCall<'_,(),crate::types::DeleteThingInternalServerError"), "{code}");
}

#[test]
fn range_and_default_responses_are_kept() {
    let model = model("range-responses");
    let delete = endpoint(&model, "/v2/widgets/{widget_id}");
    assert_eq!(delete.method, HttpMethod::Delete);
    let statuses: Vec<Status> = delete.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [Status::Class(4), Status::Class(5), Status::Default, Status::Code(204)]);
    assert_eq!(delete.responses[3].schema, None, "204 has no body");
    assert_eq!(
        response_types(&model, delete),
        [
            Some("DeleteWidgetClientError".to_owned()),
            Some("DeleteWidgetServerError".to_owned()),
            Some("ErrorResponse".to_owned()),
            None
        ]
    );
    assert_eq!(field_type(&model, "DeleteWidgetClientError", "error"), "ErrorBody");
    let get = endpoint_by_method(&model, HttpMethod::Get);
    assert_eq!(response_types(&model, get), [Some("Widget".to_owned()), Some("ErrorResponse".to_owned())]);
    // Each class of status decodes its own body; `default` takes the rest.
    let code = generated("range-responses", "src/apis/endpoints.rs");
    assert!(code.contains("400u16..=499u16 =>"), "{code}");
    assert!(code.contains("500u16..=599u16 =>"), "{code}");
    let compact: String = code.split_whitespace().collect();
    assert!(
        compact.contains("_=>{crate::runtime::decode_json(status,body).map(DeleteWidgetError::StatusDefault)"),
        "{code}"
    );
    assert!(code.contains("StatusDefault(crate::types::ErrorResponse)"), "{code}");
}

#[test]
fn non_json_media_types() {
    let model = model("media-types");
    let media = |path: &str, method: HttpMethod| {
        let endpoint = model
            .endpoints()
            .iter()
            .find(|e| e.path == path && e.method == method)
            .unwrap_or_else(|| panic!("no {method} {path}"));
        let request = endpoint.request.as_ref().map(|body| body.media_type.as_str());
        let responses: Vec<Option<&str>> = endpoint.responses.iter().map(|r| r.media_type.as_deref()).collect();
        (request, responses)
    };
    assert_eq!(
        media("/v1/files", HttpMethod::Post),
        (Some("multipart/form-data"), vec![Some("application/json"), Some("application/problem+json")])
    );
    assert_eq!(
        media("/v1/files/{file_id}/content", HttpMethod::Get),
        (None, vec![Some("text/plain"), Some("application/problem+json")])
    );
    assert_eq!(media("/v1/files/{file_id}/content", HttpMethod::Put), (Some("text/csv"), vec![None]));
    assert_eq!(
        media("/oauth2/token", HttpMethod::Post),
        (Some("application/x-www-form-urlencoded"), vec![Some("application/json")])
    );
    assert_eq!(media("/v1/events:ingest", HttpMethod::Post), (Some("application/vnd.acme.event+xml"), vec![None]));
    // The problem+json body is a typed error like any JSON body; its `type` field is `r#type`.
    assert_eq!(
        fields(&model, "ErrorResponse").iter().map(|f| (f.0.as_str(), f.1.as_str())).collect::<Vec<_>>(),
        [("type", "type"), ("title", "title"), ("status", "status"), ("detail", "detail"), ("instance", "instance")]
    );
    let code = generated("media-types", "src/apis/endpoints.rs");
    for call in [
        ".encoded(\"multipart/form-data\", body)",
        ".encoded(\"application/x-www-form-urlencoded\", body)",
        ".encoded(\"text/csv\", body)",
        ".encoded(\"application/vnd.acme.event+xml\", body)",
        ".send_text(",
    ] {
        assert!(code.contains(call), "no `{call}` in:\n{code}");
    }
    // The text/plain success body is a `String`, whatever fields the page lists.
    let compact: String = code.split_whitespace().collect();
    // Most calls of the fixture document no error body: this one names its own.
    assert!(compact.contains("->crate::ApiCall<'_,String,crate::types::ErrorResponse"), "{code}");
}

#[test]
fn type_lists_become_nullable_or_any() {
    let model = model("type-lists");
    let update = endpoint(&model, "/v1/profiles/{profile_id}");
    assert_eq!(
        schema_types(update),
        [
            ("nickname", "nullable"),
            ("age", "nullable"),
            ("score", "nullable"),
            ("verified", "nullable"),
            ("settings", "nullable"),
            ("payload", "any"),
            ("cleared", "null"),
            ("aliases", "nullable"),
        ]
    );
    let types: Vec<String> = fields(&model, "UpdateProfileRequest").into_iter().map(|f| f.2).collect();
    assert_eq!(
        types,
        [
            "Nullable<String>",
            "Nullable<i64>",
            "Nullable<f64>",
            "Nullable<bool>",
            "Nullable<Settings>",
            "serde_json::Value",
            "serde_json::Value",
            "Nullable<Vec<String>>",
        ]
    );
    // Required and nullable: present, maybe `null`.
    assert_eq!(fields(&model, "Profile")[1], ("nickname".into(), "nickname".into(), "Nullable<String>".into(), true));
}

#[test]
fn any_and_unknown_are_any_json_value() {
    let model = model("any-unknown");
    let lookup = endpoint(&model, "/v1/lookups");
    assert_eq!(params(lookup), [("filter", "filter", In::Query, false)]);
    assert_eq!(lookup.params[0].schema, Schema::Any);
    assert_eq!(param_types(&model, lookup), ["serde_json::Value"]);
    assert_eq!(
        fields(&model, "CreateLookupRequest"),
        strings(&[("value", "value", "serde_json::Value", true), ("context", "context", "Context", false)])
    );
    // `any` with listed fields is an object with those fields.
    assert_eq!(fields(&model, "Context"), strings(&[("source", "source", "String", false)]));
    assert_eq!(
        fields(&model, "Lookup"),
        strings(&[("result", "result", "serde_json::Value", false), ("raw", "raw", "serde_json::Value", false)])
    );
}

#[test]
fn bare_objects_are_maps() {
    let model = model("maps");
    let put = endpoint(&model, "/v1/resources/{resource_id}/labels");
    assert_eq!(schema_types(put), [("labels", "map"), ("annotations", "map"), ("previous", "nullable")]);
    assert_eq!(
        fields(&model, "SetLabelsRequest"),
        strings(&[
            ("labels", "labels", "serde_json::Map", true),
            ("annotations", "annotations", "serde_json::Map", false),
            ("previous", "previous", "Nullable<serde_json::Map>", false),
        ])
    );
}

#[test]
fn arrays_of_primitives_take_their_element_from_enum_or_example() {
    let model = model("primitive-arrays");
    let list = endpoint(&model, "/v1/contacts");
    assert_eq!(params(list), [("channels", "channels", In::Query, true), ("ids", "ids", In::Query, false)]);
    assert_eq!(param_types(&model, list), ["Vec<Channel>", "Vec<serde_json::Value>"]);
    assert_eq!(
        fields(&model, "Contact").into_iter().map(|f| (f.0, f.2)).collect::<Vec<_>>(),
        pairs(&[
            ("id", "String"),
            ("channels", "Vec<Channel>"),
            ("priorities", "Vec<Priority>"),
            ("languages", "Vec<String>"),
            ("scores", "Vec<f64>"),
            ("flags", "Vec<serde_json::Value>"),
        ])
    );
    // The query parameter and the response field share one enum.
    assert_eq!(enum_values(&model, "Channel"), json!(["SMS", "RCS", "WHATSAPP"]));
    assert_eq!(enum_values(&model, "Priority"), json!([1, 2, 3]));
}

#[test]
fn a_top_level_array_body_reads_as_its_item() {
    // The page lists the item's fields without a prefix and never says "array": the body
    // is modelled as the item (see the fixture's own description).
    let model = model("top-level-array");
    let create = endpoint(&model, "/v1/batches");
    assert_eq!(request_type(&model, create).as_deref(), Some("CreateBatchRequest"));
    assert_eq!(
        fields(&model, "CreateBatchRequest"),
        strings(&[
            ("op", "op", "Op", true),
            ("path", "path", "String", true),
            ("value", "value", "serde_json::Value", false)
        ])
    );
}

#[test]
fn a_body_that_is_itself_a_one_of_flattens_its_alternatives() {
    // The renderer shows a one-of at the root of a body as a made-up item `body` with named
    // alternatives; on the wire the alternative's field sits beside the others.
    let model = model("root-one-of");
    let get = endpoint(&model, "/v1/messages/{message_id}");
    assert_eq!(response_type(&model, get, 0), "Message");
    assert_eq!(flatten(&model, "Message").as_deref(), Some("MessageKind"));
    assert_eq!(fields(&model, "Message").into_iter().map(|f| f.0).collect::<Vec<_>>(), vec!["id".to_owned()]);
    assert_eq!(
        union_variants(&model, "MessageKind"),
        pairs(&[("App Message", "AppMessage"), ("Contact Message", "ContactMessage")])
    );
}

#[test]
fn one_of_items_become_unions() {
    let model = model("one-of");
    assert_eq!(
        fields(&model, "SendMessageRequest").into_iter().map(|f| (f.0, f.2)).collect::<Vec<_>>(),
        pairs(&[
            ("recipient", "Recipient"),
            ("message", "Message"),
            ("pet", "Pet"),
            ("content", "SendMessageContent"),
            ("preferred_channel", "Channel"),
            ("fallback_height", "Height"),
        ])
    );
    assert_eq!(
        union_variants(&model, "Recipient"),
        pairs(&[("Contact ID", "ContactId"), ("Channel Identities", "ChannelIdentities")])
    );
    assert_eq!(variant_fields(&model, "Recipient", "Channel Identities"), pairs(&[("identified_by", "IdentifiedBy")]));
    assert_eq!(
        fields(&model, "ChannelIdentity"),
        strings(&[("identity", "identity", "String", true), ("channel", "channel", "Channel", true)])
    );
    // Nested one-of: a card's choices are themselves alternatives.
    assert_eq!(union_variants(&model, "Message"), pairs(&[("Text", "Text"), ("Card", "Card")]));
    assert_eq!(field_type(&model, "CardMessage", "choices"), "Vec<Choice>");
    assert_eq!(union_variants(&model, "Choice"), pairs(&[("Call", "Call"), ("Url", "Url")]));
    // The discriminator is kept; each alternative keeps its own fields.
    assert_eq!(union_def(&model, "Pet").discriminator.as_deref(), Some("kind"));
    assert_eq!(union_variants(&model, "Pet"), pairs(&[("Cat", "Cat"), ("Dog", "Dog")]));
    assert_eq!(variant_fields(&model, "Pet", "Dog"), pairs(&[("kind", "DogKind"), ("good", "bool")]));
    // Alternatives named in the type.
    assert_eq!(
        union_variants(&model, "SendMessageContent"),
        pairs(&[("Plain Body", "PlainBody"), ("Rich Body", "RichBody")])
    );
    // `Enum: same as` resolves to the same enum as the item it names, in its variant.
    assert_eq!(field_type(&model, "CardMessage", "height"), "Height");
    assert_eq!(enum_values(&model, "Height"), json!(["SHORT", "MEDIUM", "TALL"]));
    assert_eq!(field_type(&model, "SendMessageResponse", "channel"), "Channel");
    let code = generated("one-of", "src/types.rs");
    assert!(code.contains("pub enum Recipient {"), "{code}");
    assert!(code.contains("#[serde(untagged)]"), "{code}");
}

/// (method, path, webhook, payload type) of each endpoint.
fn webhook_summary(model: &Model) -> Vec<(HttpMethod, &str, bool, Option<String>)> {
    model.endpoints().iter().map(|e| (e.method, e.path.as_str(), e.webhook, request_type(model, e))).collect()
}

#[test]
fn webhook_pages_are_payload_types_without_methods() {
    let model = model("webhooks");
    assert_eq!(
        webhook_summary(&model),
        [
            (HttpMethod::Post, "ClientEvent", true, Some("ClientEvent".to_owned())),
            (HttpMethod::Post, "DeliveryReport", true, Some("DeliveryReportEvent".to_owned())),
        ]
    );
    assert_eq!(model.endpoints()[1].version, None);
    assert_eq!(field_type(&model, "ClientEvent", "event"), "Event");
    // No client method, so no API module.
    let apis = generated("webhooks", "src/apis/mod.rs");
    assert!(!apis.contains("pub mod"), "{apis}");
    let types = generated("webhooks", "src/types.rs");
    assert!(types.contains("pub struct ClientEvent {"), "{types}");
    // The events enum: one variant per webhook, each told apart by the keys only it has.
    assert!(types.contains("pub enum WebhookEvent {"), "{types}");
    assert!(types.contains("ClientEvent(ClientEvent),"), "{types}");
    assert!(types.contains("DeliveryReport(DeliveryReportEvent),"), "{types}");
    assert!(types.contains("markers: &[\"message_id\", \"status\"]"), "{types}");
    // The payload's docs are the page's description.
    assert!(types.contains("/// Sent to your webhook when a message is delivered or fails.\n"), "{types}");
}

#[test]
fn paths_relative_to_a_server_are_kept_as_written() {
    let model = model("relative-paths");
    let names: Vec<(HttpMethod, &str, &str)> =
        model.endpoints().iter().map(|e| (e.method, e.path.as_str(), e.rust_name.as_str())).collect();
    assert_eq!(
        names,
        [
            (HttpMethod::Get, "/faxes/{id}", "get_fax"),
            (HttpMethod::Get, "/faxes", "list_faxes"),
            (HttpMethod::Post, "/faxes", "create_fax"),
        ]
    );
    assert_eq!(
        endpoint(&model, "/faxes/{id}").path_template,
        [PathPart::Literal("/faxes/".to_owned()), PathPart::Param("id".to_owned())]
    );
}

#[test]
fn query_names_with_dots_or_brackets_are_not_nesting() {
    let model = model("dotted-query-names");
    let list = endpoint(&model, "/v1/projects/{projectId}/availableNumbers");
    assert_eq!(
        params(list),
        [
            ("projectId", "project_id", In::Path, true),
            ("regionCode", "region_code", In::Query, true),
            ("numberPattern.pattern", "number_pattern_pattern", In::Query, false),
            ("numberPattern.searchPattern", "number_pattern_search_pattern", In::Query, false),
            ("filter[fired]", "filter_fired", In::Query, false),
            ("page[size]", "page_size", In::Query, false),
            ("capabilities", "capabilities", In::Query, false),
        ]
    );
    let code = generated("dotted-query-names", "src/apis/endpoints.rs");
    assert!(code.contains(".query(\"numberPattern.pattern\", &params.number_pattern_pattern)"), "{code}");
    assert!(code.contains(".query(\"filter[fired]\", &params.filter_fired)"), "{code}");
}

#[test]
fn descriptions_keep_their_prose_and_docs_stay_rustdoc_safe() {
    let model = model("prose-leftovers");
    let send = endpoint(&model, "/v1/emails");
    let description = &send.description;
    assert!(description.starts_with("Sends an email. Read [the sending guide]"), "{description}");
    assert!(description.contains("{% admonition type=\"warning\" name=\"Rate limits\" %}"), "{description}");
    assert!(description.ends_with("```"), "{description}");
    // Flush-left lines, bullets and a fenced block belong to the field above them.
    let fields = body_fields(send);
    let to = &fields[0].description;
    assert!(to.contains("\nEach address is checked before sending:\n* the domain must resolve\n"), "{to}");
    assert_eq!(fields[0].example, Some(json!(["a@example.com"])));
    let body = &fields[1].description;
    assert!(body.contains("```json\n{\"html\": \"<p>Hi</p>\", \"items\": [1, 2]}\n```"), "{body}");
    assert_eq!(fields.len(), 3, "the dash line in a description is not an item: {fields:#?}");
    // The docs: fences are `text`, admonitions and HTML are gone, URLs and brackets are safe.
    let methods = generated("prose-leftovers", "src/apis/endpoints.rs");
    assert!(methods.contains("/// ```text\n    /// curl -X POST"), "{methods}");
    assert!(methods.contains("<https://example.com/reference/email>"), "{methods}");
    assert!(!methods.contains("{%"), "{methods}");
    let types = generated("prose-leftovers", "src/types.rs");
    assert!(types.contains("array\\[0\\] and \\[sic\\]"), "{types}");
    assert!(!types.contains("<i>"), "{types}");
}

#[test]
fn version_and_security_are_optional() {
    let model = model("no-version-no-security");
    let lines: Vec<(&str, Option<&str>, &[String])> =
        model.endpoints().iter().map(|e| (e.path.as_str(), e.version.as_deref(), e.security.as_slice())).collect();
    assert_eq!(
        lines,
        [
            ("/ping", None, &[][..]),
            ("/v1/secrets/{name}", None, &["oAuth2".to_owned()][..]),
            ("/v1/status", Some("1.0"), &[][..]),
        ]
    );
}

#[test]
fn one_file_holds_several_pages() {
    let model = model("llms-full");
    let pages: Vec<(&str, HttpMethod, &str, &str)> =
        model.endpoints().iter().map(|e| (e.title.as_str(), e.method, e.path.as_str(), e.page.as_str())).collect();
    assert_eq!(
        pages,
        [
            ("Create a note", HttpMethod::Post, "/v1/notes", "llms-full.txt"),
            ("Get a note", HttpMethod::Get, "/v1/notes/{note_id}", "llms-full.txt"),
            ("Delete a note", HttpMethod::Delete, "/v1/notes/{note_id}", "llms-full.txt"),
            ("List notes", HttpMethod::Get, "/v1/notes", "llms-full.txt"),
        ]
    );
    // The last item of a page is not swallowed by the next page's title.
    assert_eq!(fields(&model, "Note"), strings(&[("id", "id", "String", false), ("text", "text", "String", false)]));
    let code = generated("llms-full", "src/apis/endpoints.rs");
    assert!(code.contains("pub fn list_notes_stream("), "{code}");
}

#[test]
fn a_collapsed_page_reads_like_its_multi_line_form() {
    let model = model("collapsed");
    let update = endpoint(&model, "/v1/projects/{project_id}/apps/{app_id}");
    assert_eq!(update.title, "Update an app");
    assert_eq!(update.description, "Updates an app. Only the fields sent change.");
    assert_eq!(update.security, ["Basic", "oAuth2"]);
    assert_eq!(
        params(update),
        [
            ("project_id", "project_id", In::Path, true),
            ("app_id", "app_id", In::Path, true),
            ("update_mask.paths", "update_mask_paths", In::Query, false),
        ]
    );
    assert_eq!(
        fields(&model, "UpdateAppRequest").into_iter().map(|f| (f.0, f.2)).collect::<Vec<_>>(),
        pairs(&[
            ("display_name", "String"),
            ("channel_credentials", "Vec<ChannelCredential>"),
            ("dispatch", "Dispatch"),
            // After the last variant: back at the top level, not inside `Direct`.
            ("default_channel", "Channel"),
        ])
    );
    assert_eq!(variant_fields(&model, "Dispatch", "Queue"), pairs(&[("queue", "Queue")]));
    assert_eq!(variant_fields(&model, "Dispatch", "Direct"), pairs(&[("direct", "bool")]));
    assert_eq!(
        fields(&model, "ChannelCredential"),
        strings(&[("channel", "channel", "Channel", true), ("static_token", "static_token", "StaticToken", false)])
    );
    assert_eq!(response_types(&model, update), [Some("App".to_owned()), Some("ErrorResponse".to_owned())]);
}

#[test]
fn keywords_are_escaped_and_renamed() {
    let model = model("keywords");
    let post = endpoint(&model, "/v1/{type}/keywords/{self}");
    assert_eq!(
        params(post),
        [
            ("type", "type", In::Path, true),
            ("self", "self_", In::Path, true),
            ("ref", "ref", In::Query, false),
            ("async", "async", In::Query, false),
            ("Self", "self_2", In::Query, false),
            ("crate", "crate_", In::Query, false),
        ]
    );
    let request = fields(&model, "CreateKeywordRequest");
    let rust =
        |wire: &str| request.iter().find(|f| f.0 == wire).map(|f| f.1.clone()).unwrap_or_else(|| panic!("no `{wire}`"));
    for (wire, expected) in [
        ("type", "type"),
        ("gen", "gen"),
        ("async", "async"),
        ("self", "self_"),
        ("Self", "self_2"),
        ("crate", "crate_"),
        ("super", "super_"),
        ("r#type", "r_type"),
    ] {
        assert_eq!(rust(wire), expected, "`{wire}`");
    }
    // Every wire name is kept, so each gets its own field.
    assert_eq!(request.len(), 57);
    let code = generated("keywords", "src/types.rs");
    for text in
        ["pub r#type:", "pub r#gen:", "pub r#async:", "#[serde(rename = \"self\")]", "pub self_:", "pub struct Super {"]
    {
        assert!(code.contains(text), "no `{text}` in:\n{code}");
    }
    assert_eq!(
        enum_values(&model, "KeywordKind"),
        json!([
            "Self",
            "self",
            "type",
            "None",
            "Some",
            "Ok",
            "Err",
            "Unknown",
            "UNKNOWN",
            "Other",
            "unknown_value",
            "Unrecognized"
        ])
    );
}

#[test]
fn names_equal_after_case_conversion_stay_apart() {
    let model = model("case-collisions");
    let create = endpoint(&model, "/v1/things");
    assert_eq!(
        params(create),
        [
            ("foo_bar", "foo_bar", In::Query, false),
            ("fooBar", "foo_bar_2", In::Query, false),
            ("foo-bar", "foo_bar_3", In::Query, false),
            ("FOO_BAR", "foo_bar_4", In::Query, false),
        ]
    );
    let request: Vec<(String, String)> = fields(&model, "CreateThingRequest").into_iter().map(|f| (f.0, f.1)).collect();
    assert_eq!(
        request,
        pairs(&[
            ("foo_bar", "foo_bar"),
            ("fooBar", "foo_bar_2"),
            ("foo-bar", "foo_bar_3"),
            ("Foo Bar", "foo_bar_4"),
            ("foo.bar", "foo_bar_5"),
            ("2fa", "n2fa"),
            ("3d_secure", "n3d_secure"),
            ("_private", "private"),
            ("__proto__", "proto"),
            ("$ref", "ref"),
            ("@type", "type"),
            ("größe", "grosse"),
            ("名前", "field"),
            ("emoji😀", "emoji"),
            ("état", "etat"),
        ])
    );
    // Two objects whose names differ only by case are two types.
    assert_eq!(field_type(&model, "CreateThingRequest", "foo_bar"), "FooBar");
    assert_eq!(field_type(&model, "CreateThingRequest", "fooBar"), "ThingFooBar");
    assert_eq!(field_type(&model, "CreateThingRequest", "3d_secure"), "V3dSecure");
}

#[test]
fn types_named_like_prelude_and_crate_items() {
    let model = model("type-name-collisions");
    // Names of the crate root (`Client`, `Error`, `Nullable`, `ClientBuilder`) are left to
    // the root, so that `use sdk::types::*` shadows none of them; prelude names are kept.
    assert_eq!(
        response_types(&model, endpoint(&model, "/v1/clients/{client_id}")),
        [Some("ClientBody".to_owned()), Some("ErrorResponse".to_owned())]
    );
    for name in [
        "ClientBody",
        "ClientBuilderBody",
        "NullableBody",
        "Option",
        "String",
        "Vec",
        "Box",
        "Default",
        "Serialize",
        "From",
        "Into",
    ] {
        assert!(matches!(ty(&model, name).kind, TypeKind::Struct(_)), "`{name}`");
    }
    for root in ["Client", "Error", "Nullable", "ClientBuilder"] {
        assert_eq!(model.loaded.space.find(root), None, "a type named `{root}`");
    }
    let types = generated("type-name-collisions", "src/types.rs");
    assert!(types.contains("pub struct Option {"), "{types}");
    // The generated names win inside `types.rs`; the standard ones they shadow are spelled
    // out in full, and serde's derives are not imported.
    for text in [
        "pub option: ::std::option::Option<Option>",
        "pub results: ::std::option::Option<::std::vec::Vec<String>>",
        "#[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize)]",
        "impl ::std::convert::From<&str> for ClientMode {",
        "other => Self::Unknown(::std::string::String::from(other)),",
        // A constructor converts text with the trait's full path, `Into` being a type here.
        "pub fn new(target: impl ::std::convert::Into<::std::string::String>) -> Self {",
        "target: ::std::convert::Into::into(target),",
    ] {
        assert!(types.contains(text), "no `{text}` in:\n{types}");
    }
    assert!(!types.contains("use serde::"), "{types}");
    // Elsewhere nothing shadows the prelude: the short names are used.
    let other = generated("keywords", "src/types.rs");
    // Every struct it sends keeps undocumented keys (the runtime's macro reads them), so no
    // derive names `Deserialize` unconditionally and only `Serialize` is imported.
    assert!(other.contains("use serde::Serialize;") && other.contains("Option<String>"), "{other}");
}

#[test]
fn parameters_named_like_locals_do_not_clash() {
    let model = model("local-collisions");
    let names: Vec<&str> = model.endpoints().iter().map(|e| e.rust_name.as_str()).collect();
    // The page's own name would be `request`, which the client's runtime method takes: the
    // naming step gives it the resource's name instead, with a warning.
    assert_eq!(names, ["create_item", "list_records", "request_thing"]);
    let code = generated("local-collisions", "src/apis/endpoints.rs");
    for text in [
        "params: i64,\n        body: &str,\n        params_2: &CreateItemParams,\n        body_2: &crate::types::CreateItemRequest,",
        // The path's values go in the placeholders' order, the one that is not text by its
        // `Display`.
        "self.request(::reqwest::Method::POST, \"/v1/{client}/{request}/{response}/{url}/{path}/{params}/{body}/items\", &[client, request, response, url, path, &params.to_string(), body]",
        // The stream's own locals step aside for the `client` and `page` arguments.
        "let client_2 = Clone::clone(self);",
        "let page_2 = client_2.list_records(&client, page, &params).await?;",
    ] {
        // Compared without whitespace: the formatter breaks long calls over lines.
        let (compact, wanted): (String, String) =
            (code.split_whitespace().collect(), text.split_whitespace().collect());
        assert!(compact.contains(&wanted), "no `{text}` in:\n{code}");
    }
}

/// The derive lines right above `pub struct <name> {` in a generated `types.rs`.
fn derives_of(types: &str, name: &str) -> Vec<String> {
    let lines: Vec<&str> = types.lines().collect();
    let at =
        lines.iter().position(|l| *l == format!("pub struct {name} {{")).unwrap_or_else(|| panic!("no struct {name}"));
    lines[..at].iter().rev().take_while(|l| l.starts_with("#[")).map(|l| l.to_string()).collect()
}

/// Whether a generated `types.rs` gives struct `name` its `Deserialize` through the runtime's
/// `record_deserialize!` (compared without whitespace: the formatter breaks the call).
fn reads_by_key(types: &str, name: &str) -> bool {
    let compact: String = types.split_whitespace().collect();
    compact.contains(&format!("crate::runtime::record_deserialize!({name}{{"))
}

#[test]
fn only_types_the_api_sends_always_derive_deserialize() {
    // A request and what it holds: `Deserialize` behind the crate's feature.
    let types = generated("one-of", "src/types.rs");
    // Spelled in full: no struct here derives `Deserialize` unconditionally (the ones the API
    // sends get it from the runtime's macro), so `types.rs` imports only `Serialize`.
    let gated = "#[cfg_attr(feature = \"deserialize-requests\", derive(::serde::Deserialize))]".to_owned();
    for name in ["SendMessageRequest", "TextMessage", "ChannelIdentity"] {
        assert_eq!(
            derives_of(&types, name),
            [gated.clone(), "#[derive(Debug, Clone, PartialEq, Serialize)]".to_owned()],
            "{name}"
        );
    }
    // A response, and webhook payloads with what they hold: always, from the runtime's
    // macro (they keep undocumented keys), none behind the feature.
    assert_eq!(derives_of(&types, "SendMessageResponse"), ["#[derive(Debug, Clone, PartialEq, Default, Serialize)]"]);
    assert!(reads_by_key(&types, "SendMessageResponse"), "{types}");
    let webhooks = generated("webhooks", "src/types.rs");
    for name in ["ClientEvent", "DeliveryReportEvent", "Event"] {
        assert_eq!(derives_of(&webhooks, name), ["#[derive(Debug, Clone, PartialEq, Serialize)]"], "{name}");
        assert!(reads_by_key(&webhooks, name), "{name}: {webhooks}");
    }
    for name in ["SendMessageRequest", "TextMessage", "ChannelIdentity"] {
        assert!(!reads_by_key(&types, name), "{name}");
    }
    // The command-line client reads request bodies, so its feature turns the derives on.
    let manifest = generated("one-of", "Cargo.toml");
    assert!(manifest.contains("\ndeserialize-requests = []\n"), "{manifest}");
    assert!(
        manifest.contains(
            "\ncli = [\"dep:clap\", \"tokio/rt-multi-thread\", \"tokio/macros\", \"deserialize-requests\"]\n"
        ),
        "{manifest}"
    );

    // A build script's module has no features: request types go without, unless asked.
    let module = |derive: bool| {
        doc2rust::Config::new(variants().join("one-of"))
            .deserialize_requests(derive)
            .generate_module()
            .unwrap_or_else(|error| panic!("{error}"))
    };
    let (without, with) = (module(false), module(true));
    assert!(!without.contains("cfg_attr") && !with.contains("cfg_attr"));
    let request = |text: &str| {
        text.lines()
            .take_while(|l| !l.contains("pub struct SendMessageRequest {"))
            .last()
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    assert_eq!(request(&without), "#[derive(Debug, Clone, PartialEq, Serialize)]");
    assert_eq!(request(&with), "#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]");
}

/// What `doc2rust model --report` prints for a fixture: `file:line:col: inference`, the
/// file relative to the fixture.
fn report(folder: &str) -> Vec<String> {
    let dir = variants().join(folder);
    let loaded = doc2rust::Config::new(&dir).load().unwrap_or_else(|error| panic!("{folder}: {error}"));
    let prefix = format!("{}/", dir.display());
    loaded
        .inferences
        .iter()
        .map(|i| format!("{}: {}", loaded.api.files.locate(&i.span), i.what).replace(&prefix, ""))
        .collect()
}

#[test]
fn webhook_names_may_hold_spaces() {
    let model = model("webhook-names");
    assert_eq!(
        webhook_summary(&model),
        [
            (HttpMethod::Post, "Audit Log Created", true, Some("AuditLogCreatedEvent".to_owned())),
            (HttpMethod::Delete, "Service Offer Delete", true, Some("ServiceOfferDeleteEvent".to_owned())),
        ]
    );
    assert_eq!(fields(&model, "AuditLogCreatedEvent").len(), 2);
    let types = generated("webhook-names", "src/types.rs");
    assert!(types.contains("pub struct ServiceOfferDeleteEvent {"), "{types}");
    assert!(types.contains("AuditLogCreated(AuditLogCreatedEvent),"), "{types}");
}

#[test]
fn description_lines_that_look_like_markers_are_prose() {
    let model = model("description-lines");
    let list = endpoint(&model, "/v1/orchestrators");
    // The operation's description holds a flush-left `# ` line; it is not a page.
    assert_eq!(list.title, "List orchestrators");
    assert!(list.description.contains("\n# $ & ' ( ) * + , / : ; = ? @ [ ]\nand still be prose."));
    assert_eq!(
        params(list),
        [
            ("offset", "offset", In::Query, false),
            ("filter", "filter", In::Query, false),
            ("limit", "limit", In::Query, false)
        ]
    );
    let offset = &list.params[0];
    assert_eq!(
        offset.description,
        "The index of the first orchestrator to list.\n\nExample:\n* GET /v1/orchestrators?offset=10"
    );
    let filter = &list.params[1];
    assert_eq!(
        filter.description,
        "Encode the reserved characters !\n# $ & ' ( ) * + , / : ; = ? @ [ ]\nwith percent escapes.\nEnum: not a marker \
         here either\n- Note: a flush-left dash line ending in a colon is not a variant:"
    );
    // The item's own marker, indented, still counts.
    assert_eq!(filter.schema, Schema::String);
    assert_eq!(list.params[2].schema, Schema::Integer);
    // Several pages in one file: a `# ` line in the last description of a page, right before
    // the next title, and one in the next page's description, are both prose.
    let get = endpoint(&model, "/v1/orchestrators/{id}");
    assert_eq!(get.title, "Get an orchestrator");
    let Some(Schema::Object(answer)) = &get.responses[0].schema else { panic!("{:?}", get.responses[0]) };
    assert_eq!(answer.fields[1].description, "Its name, which may hold any of\n# $ & '");
    let delete = endpoint_by_method(&model, HttpMethod::Delete);
    assert_eq!(delete.title, "Delete an orchestrator");
    assert_eq!(delete.description, "Deletes one orchestrator.\n# This line is prose of the description, not a title.");
}

#[test]
fn files_that_are_not_pages_are_left_out_with_a_note() {
    let model = model("non-pages");
    let pages: Vec<&str> = model.endpoints().iter().map(|e| e.page.as_str()).collect();
    assert_eq!(pages, ["things-getthing.md", "things-listthings.md"]);
    // A page below a YAML front matter block reads as any page.
    assert_eq!(endpoint(&model, "/v1/things").title, "List things");
    let note = "1:1: no `Endpoint:` line and no `## ... parameters:` or `## ... fields` section: not an endpoint \
                page, left out";
    let report = report("non-pages");
    assert_eq!(report[..2], [format!("README.md:{note}"), format!("index.md:{note}")]);
}

#[test]
fn enum_references_resolve_in_their_own_scope() {
    // `same as `method` in "flashcall"` in the response names the response's alternative
    // (four values), not the request's (one value).
    let model = model("scoped-enums");
    let flashcall = variant_fields(&model, "VerificationDetails", "flashcall");
    assert_eq!(flashcall[2], ("fallback_method".to_owned(), flashcall[0].1.clone()));
    assert_eq!(enum_values(&model, &flashcall[0].1), json!(["flashcall", "callout", "seamless", "whatsapp"]));
    let verification = fields(&model, "Verification");
    assert_eq!(verification[2].2, flashcall[0].1, "`next_method` at the response's top level");
    // The named variant and the count pick `sms` in the response.
    assert_eq!(enum_values(&model, &verification[3].2), json!(["sms"]));
    // The request keeps its own one value.
    let request = variant_fields(&model, "CreateVerificationMethod", "flashcall");
    assert_eq!(enum_values(&model, &request[0].1), json!(["flashcall"]));
}

#[test]
fn a_collapsed_title_ends_where_the_description_starts() {
    let model = model("collapsed-titles");
    let entity = endpoint(&model, "/v1/getEntityById/{id}");
    assert_eq!(entity.title, "Get Entity by ID");
    assert_eq!(entity.description, "This API returns one entity, found by its ID.");
    // The file's name spells the title.
    let record = endpoint(&model, "/v1/records/{record_id}");
    assert_eq!(record.title, "Fetch Entity Record");
    assert_eq!(record.description, "Entity records hold the data of an entity.");
}

#[test]
fn a_body_one_of_never_goes_on_the_wire() {
    let model = model("body-one-of");
    // Request: the alternatives' fields sit beside `app_id`; no field `body`.
    assert_eq!(fields(&model, "CreateMessageRequest"), strings(&[("app_id", "app_id", "String", true)]));
    assert_eq!(flatten(&model, "CreateMessageRequest").as_deref(), Some("CreateMessageRequestKind"));
    assert_eq!(
        variant_fields(&model, "CreateMessageRequestKind", "Media"),
        pairs(&[("url", "String"), ("caption", "String")])
    );
    // Response: the body is the one-of itself.
    let send = endpoint(&model, "/v1/messages");
    assert_eq!(response_type(&model, send, 0), "Message");
    assert_eq!(union_variants(&model, "Message"), pairs(&[("Accepted", "Accepted"), ("Queued", "Queued")]));
    // Webhook payload with named alternatives.
    assert_eq!(fields(&model, "MessageEvent"), strings(&[("event_id", "event_id", "String", true)]));
    assert_eq!(flatten(&model, "MessageEvent").as_deref(), Some("MessageEventKind"));
    let types = generated("body-one-of", "src/types.rs");
    assert!(!types.contains("pub body:"), "{types}");
    assert!(types.contains("#[serde(flatten)]"), "{types}");
}

#[test]
fn bare_objects_stand_for_the_schema_described_earlier() {
    let model = model("recalls");
    let rent = endpoint(&model, "/v1/numbers/{phone_number}:rent");
    let response = fields(&model, &response_type(&model, rent, 0));
    let of = |wire: &str| response.iter().find(|f| f.0 == wire).unwrap_or_else(|| panic!("no `{wire}`")).2.clone();
    // The richest description of the name: the 202 response shows `smsConfiguration` bare
    // and keeps the response-only `scheduledProvisioning`, not the request's two fields.
    let accepted = fields(&model, &response_type(&model, rent, 1));
    assert_eq!(accepted[1].2, of("smsConfiguration"));
    assert_eq!(
        fields(&model, &of("smsConfiguration")).into_iter().map(|f| f.0).collect::<Vec<_>>(),
        ["servicePlanId", "campaignId", "scheduledProvisioning"]
    );
    // Under another name: the same description, a name ending in the described one.
    assert_eq!(of("monthlyPrice"), of("setupPrice"));
    assert_eq!(of("correctedAddress"), "Address");
    assert_eq!(of("candidateAddresses"), "Vec<Address>");
    // Two different prices were described: `finalPrice` could be either, so it stays a map,
    // as does `labels`, which nothing ties to a described schema.
    assert_eq!(of("finalPrice"), "serde_json::Map");
    assert_eq!(of("labels"), "serde_json::Map");
    // Every recall is an inference.
    let report = report("recalls");
    for line in [
        "numbers-rentnumber.md:62:6: `monthlyPrice` lists no fields here; taken as the `setupPrice` described earlier \
         on the page (the same description)",
        "numbers-rentnumber.md:65:6: `correctedAddress` lists no fields here; taken as the `address` described earlier \
         on the page (a name ending in it)",
        "numbers-rentnumber.md:97:6: `smsConfiguration` lists no fields here; taken as the `smsConfiguration` \
         described earlier on the page",
    ] {
        assert!(report.iter().any(|r| r == line), "no `{line}` in {report:#?}");
    }
}

#[test]
fn any_with_enum_values_is_an_enum() {
    let model = model("any-enum");
    let user = fields(&model, "User");
    assert_eq!(enum_values(&model, &user[1].2), json!(["UNVERIFIED", "VERIFIED", "BLOCKED"]));
    // Values of mixed JSON types are kept in the model.
    assert_eq!(enum_values(&model, &user[2].2), json!(["LOW", 2, true]));
    assert_eq!(enum_values(&model, &user[3].2), json!(["NONE", 1, 2]));
}

#[test]
fn additional_properties_make_typed_maps() {
    let model = model("typed-maps");
    let labels = endpoint(&model, "/v1/resources/{resource_id}/labels");
    let Some(Schema::Object(answer)) = &labels.responses[0].schema else { panic!("{:?}", labels.responses[0]) };
    assert_eq!(answer.fields[0].schema, Schema::Map { values: Some(Box::new(Schema::String)) });
    let response = &response_type(&model, labels, 0);
    assert_eq!(
        fields(&model, response).into_iter().map(|f| (f.0, f.2)).collect::<Vec<_>>(),
        pairs(&[
            ("labels", "BTreeMap<String, String>"),
            ("counters", "BTreeMap<String, i64>"),
            ("owners", "BTreeMap<String, Owner>"),
            ("meta", "LabelsMeta"),
        ])
    );
    assert_eq!(
        fields(&model, "Owner"),
        strings(&[("name", "name", "String", true), ("email", "email", "String", false)])
    );
    // Beside other fields, the map's entries cannot be kept in a struct: said, not hidden.
    assert_eq!(fields(&model, "LabelsMeta"), strings(&[("created", "created", "String", false)]));
    assert!(report("typed-maps").iter().any(|r| r.contains("`meta` lists fields and `additionalProperties`")));
    let types = generated("typed-maps", "src/types.rs");
    assert!(types.contains("::std::collections::BTreeMap<String, Owner>"), "{types}");
}

#[test]
fn children_indented_under_an_item_are_its_fields() {
    let model = model("nested-children");
    let message = fields(&model, "Message");
    assert_eq!(message.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), ["id", "data", "content", "created"]);
    assert_eq!(
        fields(&model, &message[1].2).into_iter().map(|f| (f.0, f.3)).collect::<Vec<_>>(),
        [("type".to_owned(), true), ("nfm_reply".to_owned(), true)]
    );
    assert_eq!(
        fields(&model, "NfmReply"),
        strings(&[("name", "name", "String", true), ("body", "body", "String", false)])
    );
    // In a variant too: `kind` belongs to `channel_specific.message`, not to the variant.
    assert_eq!(
        variant_fields(&model, "MessageContent", "Channel Specific"),
        pairs(&[("channel_specific", "ChannelSpecific")])
    );
    assert_eq!(
        fields(&model, "ChannelSpecific").into_iter().map(|f| (f.0, f.2)).collect::<Vec<_>>(),
        pairs(&[("message", "ChannelSpecificMessage"), ("message_type", "String")])
    );
    assert_eq!(fields(&model, "ChannelSpecificMessage"), strings(&[("kind", "kind", "String", true)]));
}

#[test]
fn repeated_type_words_count_once() {
    let model = model("repeated-type-lists");
    assert_eq!(
        fields(&model, "Device").into_iter().map(|f| (f.0, f.2)).collect::<Vec<_>>(),
        pairs(&[
            ("name", "Nullable<String>"),
            ("model", "String"),
            ("location", "Nullable<Location>"),
            ("tags", "Vec<String>"),
        ])
    );
}

#[test]
fn json_patch_bodies_are_arrays_of_operations() {
    let model = model("json-patch");
    let patch = endpoint(&model, "/v1/things/{thing_id}");
    assert!(matches!(patch.request.as_ref().map(|body| &body.schema), Some(Schema::Array { .. })), "{patch:?}");
    assert_eq!(request_type(&model, patch).as_deref(), Some("Vec<UpdateThingRequest>"));
    assert_eq!(
        fields(&model, "UpdateThingRequest").into_iter().map(|f| f.0).collect::<Vec<_>>(),
        ["op", "path", "value", "from"]
    );
    let code = generated("json-patch", "src/apis/endpoints.rs");
    let compact: String = code.split_whitespace().collect();
    assert!(compact.contains("body:&[crate::types::UpdateThingRequest]"), "{code}");
}

#[test]
fn real_hpe_greenlake_pages_read_as_they_render() {
    // Excerpts of real pages (sources in the fixture's SOURCES.tsv), each below the front
    // matter its scraper added.
    let model = model("vendor-hpe");
    let webhook = endpoint(&model, "Audit Log Created");
    assert_eq!((webhook.method, webhook.webhook), (HttpMethod::Post, true));
    assert_eq!(webhook.title, "Audit Log Created Event");
    // `listgroupsscim.md:25`: a flush-left `# $ & ...` line of the `filter` description.
    let groups = endpoint(&model, "/identity/v2beta1/scim/v2/Groups");
    assert_eq!(params(groups).into_iter().map(|p| p.0).collect::<Vec<_>>(), ["filter", "count", "startIndex"]);
    let filter = &groups.params[0].description;
    assert!(
        filter.contains("The reserved characters !\n# $ & ' ( ) * + , / : ; = ? @ [ ]\nmust be encoded"),
        "{filter}"
    );
    // `dataorchestratorlist.md`: flush-left `Example:` lines end the descriptions.
    let orchestrators = endpoint(&model, "/backup-recovery/v1beta1/data-orchestrators");
    let offset = &orchestrators.params[0].description;
    assert!(offset.ends_with("\n\nExample:\n* GET /backup-recovery/v1beta1/data-orchestrators?offset=10"), "{offset}");
    // `get_user_detailed_identity_v1_users__id__get.md:47`: `(any)` with an `Enum:` line.
    let user = endpoint(&model, "/identity/v1/users/{id}");
    let status = field_type(&model, &response_type(&model, user, 0), "userStatus");
    assert_eq!(
        enum_values(&model, &status),
        json!(["UNVERIFIED", "VERIFIED", "BLOCKED", "DELETE_IN_PROGRESS", "DELETED", "SUSPENDED"])
    );
    // `get_v1beta1_settings.md:66`: `(string,null,string,null)`.
    let settings = endpoint(&model, "/compute-ops-mgmt/v1beta1/settings");
    let list = &response_type(&model, settings, 0);
    let item = field_type(&model, list, "items");
    let item = item.trim_start_matches("Vec<").trim_end_matches('>');
    assert_eq!(field_type(&model, item, "description"), "Nullable<String>");
    // The guide beside the pages is left out, with a note.
    assert!(report("vendor-hpe").iter().any(|r| r.starts_with("public.md:1:1: no `Endpoint:` line")));
    assert_eq!(model.endpoints().len(), 5);
}

#[test]
fn real_magicline_pages_recall_schemas_under_other_names() {
    let model = model("vendor-magicline");
    // `getcustomersaccountbalancedata.md:29`: `consumptionCredit` is the finance data tuple
    // `accountBalance` describes (the same description).
    let balance = endpoint(&model, "/v1/customers/{customerId}/account/balances");
    let response = &response_type(&model, balance, 0);
    let credit = field_type(&model, response, "consumptionCredit");
    assert_eq!(credit, field_type(&model, response, "accountBalance"));
    assert_eq!(fields(&model, &credit).into_iter().map(|f| f.0).collect::<Vec<_>>(), ["amount", "currency"]);
    // `postmembershippreview.md:121`: a discounted base price is a `basePrice`.
    let preview = endpoint(&model, "/v1/memberships/customers/{customerId}/add-membership/preview");
    let response = &response_type(&model, preview, 0);
    let periods = field_type(&model, response, "voucherDiscountPeriods");
    let period = periods.trim_start_matches("Vec<").trim_end_matches('>');
    assert_eq!(field_type(&model, period, "discountedBasePrice"), field_type(&model, response, "basePrice"));
    let report = report("vendor-magicline");
    assert!(
        report.iter().any(|r| r.starts_with("postmembershippreview.md:121:6: `voucherDiscountPeriods.discountedBasePrice` lists no fields here; taken as the `basePrice`")),
        "{report:#?}"
    );
}

#[test]
fn a_real_cpanel_page_shows_a_map_as_a_field() {
    // `personalization_get.md:41`: `data.personalization.additionalProperties` (object).
    let model = model("vendor-cpanel");
    assert_eq!(field_type(&model, "PersonalizationGetData", "personalization"), "BTreeMap<String, Personalization>");
    assert_eq!(
        fields(&model, "Personalization").into_iter().map(|f| (f.0, f.2)).collect::<Vec<_>>(),
        pairs(&[("reason", "serde_json::Value"), ("success", "MetadataResult"), ("value", "Nullable<String>")])
    );
}

/// The type at the end of a path of fields from a struct, looking through `Vec<...>`.
fn type_at(model: &Model, root: &str, path: &[&str]) -> String {
    let mut current = root.to_owned();
    for wire in path {
        let ty = field_type(model, &current, wire);
        current = ty.strip_prefix("Vec<").and_then(|t| t.strip_suffix('>')).unwrap_or(&ty).to_owned();
    }
    current
}

#[test]
fn real_altegio_pages_nest_by_indentation_and_resolve_enums_in_scope() {
    let model = model("vendor-altegio");
    // `get-locations-location_id-team_members.md:108`: `data` (any, required) with indented
    // `type` and `id`, which the relationship object holds, not the response.
    let team = endpoint(&model, "/locations/{location_id}/team_members");
    let list = &response_type(&model, team, 0);
    assert_eq!(fields(&model, list).into_iter().map(|f| f.0).collect::<Vec<_>>(), ["data", "included"]);
    let data = type_at(&model, list, &["data", "relationships", "position", "data"]);
    assert_eq!(fields(&model, &data), strings(&[("type", "type", "String", true), ("id", "id", "String", true)]));
    // Line 148: `same as `filter[fired]` (3 values)` in a variant names the query parameter.
    let fired = team.params.iter().position(|p| p.name == "filter[fired]").unwrap();
    let included = type_at(&model, list, &["included"]);
    let profile = variant_fields(&model, &included, "Employment Profile Resource");
    let attributes = &profile.iter().find(|f| f.0 == "attributes").unwrap().1;
    assert_eq!(field_type(&model, attributes, "gender"), param_types(&model, team)[fired]);
    // `get-locations-location_id-attendances-attendance_id-appointments.md:224`:
    // `included.attributes` is not the appointment's `data.attributes`.
    let appointments = endpoint(&model, "/locations/{location_id}/attendances/{attendance_id}/appointments");
    let list = &response_type(&model, appointments, 0);
    assert_eq!(type_at(&model, list, &["included", "attributes"]), "serde_json::Map");
    assert!(!report("vendor-altegio").iter().any(|r| r.contains("`included.attributes`")));
}

#[test]
fn multipart_file_fields_are_file_parts() {
    let model = model("multipart-files");
    assert_eq!(
        fields(&model, "CreateUploadRequest"),
        strings(&[
            ("title", "title", "String", true),
            // By name: the last word is a file noun, singular or plural.
            ("file", "file", "FilePart", true),
            ("attachments", "attachments", "Vec<FilePart>", false),
            // By description: "File to show as a thumbnail."
            ("preview", "preview", "FilePart", false),
            // "File name to ...": a name says what the field is about, not a file.
            ("fileName", "file_name", "String", false),
            ("metadata", "metadata", "Metadata", false),
        ])
    );
    // Only multipart bodies have file parts: a JSON body's `file` is text.
    assert_eq!(field_type(&model, "UpdateUploadRequest", "file"), "String");
    // Every file is an inference `model --report` lists, with its reason.
    let files: Vec<String> = report("multipart-files").into_iter().filter(|r| r.contains("file part")).collect();
    assert_eq!(
        files,
        [
            "uploads-createupload.md:14:6: `file` is a file: a file part of the `multipart/form-data` body, with a \
             file name and a content type (its name says so)",
            "uploads-createupload.md:17:6: `attachments` are files: one file part each in the `multipart/form-data` \
             body, with a file name and a content type (its name says so)",
            "uploads-createupload.md:20:6: `preview` is a file: a file part of the `multipart/form-data` body, with a \
             file name and a content type (its description says so)",
        ]
    );
    let types = generated("multipart-files", "src/types.rs");
    assert!(types.contains("pub file: crate::FilePart,"), "{types}");
    assert!(types.contains("pub attachments: Option<Vec<crate::FilePart>>,"), "{types}");
    let lib = generated("multipart-files", "src/lib.rs");
    assert!(lib.contains("FilePart"), "{lib}");
}

/// A one-of's short constructors and conversions: one constructor per alternative holding one
/// value, named after it unless a trait method has the name (`from`, `clone`); `From` only
/// for a type of the crate one alternative alone holds (the two team alternatives unify
/// into one `Team`, so neither converts); a parameters struct with a required parameter has
/// `new`, taking text as `impl Into<String>`.
#[test]
fn one_of_constructors_avoid_trait_names_and_ambiguous_conversions() {
    let types = generated("one-of-constructors", "src/types.rs");
    for expected in [
        "pub fn from_2(from: impl Into<String>) -> Self {\n        Self::From { from: from.into() }",
        "pub fn clone_2(clone: impl Into<String>) -> Self {",
        "Self::Clone {\n            clone: Some(clone.into()),",
        "pub fn team(team: Team) -> Self {",
        "pub fn former_team(former_team: Team) -> Self {",
        "pub fn link(link: Link) -> Self {\n        Self::Link { link }",
        "impl From<Link> for Attachment {",
        "pub fn new(owner: impl Into<Owner>) -> Self {",
    ] {
        assert!(types.contains(expected), "no `{expected}` in:\n{types}");
    }
    assert!(!types.contains("impl From<Team>"), "{types}");
    assert!(!types.contains("impl From<String>"), "{types}");
    // The alternative with two fields has no constructor.
    assert!(!types.contains("pub fn both("), "{types}");
    let endpoints = generated("one-of-constructors", "src/apis/endpoints.rs");
    assert!(endpoints.contains("pub fn new(folder: impl Into<String>) -> Self {"), "{endpoints}");
    assert!(endpoints.contains("draft: None,"), "{endpoints}");
}
