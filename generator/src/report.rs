//! The model as JSON (`doc2rust model`, the corpus and variant tests): the endpoints as read
//! from the pages, with the Rust types their slots resolved to, and the unified types.

use crate::diagnostic::Files;
use crate::load::Loaded;
use crate::model;
use crate::model::types::Typed;

/// The model as JSON: `endpoints` as read from the pages (each with the Rust types its
/// slots resolved to) and the unified `types`.
pub fn model_json(loaded: &Loaded) -> serde_json::Value {
    let endpoints: Vec<serde_json::Value> = loaded
        .space
        .typed(&loaded.api)
        .map(|Typed { endpoint, types }| {
            let space = &loaded.space;
            let mut value = serde_json::to_value(endpoint).unwrap_or_default();
            spell_files(&mut value, &loaded.api.files);
            if let Some(object) = value.as_object_mut() {
                let rust_types = serde_json::json!({
                    "params": types.params.iter().map(|t| space.display(t)).collect::<Vec<_>>(),
                    "request": types.request.as_ref().map(|t| space.display(t)),
                    "responses": types.responses.iter().map(|t| t.as_ref().map(|t| space.display(t))).collect::<Vec<_>>(),
                });
                object.insert("rust_types".into(), rust_types);
            }
            value
        })
        .collect();
    serde_json::json!({
        "endpoints": endpoints,
        "types": loaded.space.sorted_ids().iter().map(|&id| type_json(&loaded.space, id)).collect::<Vec<_>>(),
    })
}

/// Spans serialize their file as an id into the run's files; a reader of the JSON wants
/// the path, as `doc2rust model` has always printed it.
fn spell_files(value: &mut serde_json::Value, files: &Files) {
    match value {
        serde_json::Value::Object(map) => {
            let is_span = map.contains_key("line") && map.contains_key("column");
            let path = map.get("file").and_then(serde_json::Value::as_u64).and_then(|index| files.path_at(index));
            if let (true, Some(path)) = (is_span, path) {
                let path = serde_json::to_value(path).unwrap_or_default();
                map.insert("file".to_owned(), path);
            }
            map.values_mut().for_each(|value| spell_files(value, files));
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(|value| spell_files(value, files)),
        _ => {}
    }
}

/// One unified type as JSON, with its fields' types spelled out.
fn type_json(space: &model::types::TypeSpace, id: model::types::TypeId) -> serde_json::Value {
    use model::types::{FieldDef, TypeKind};
    let def = space.get(id);
    let fields = |fields: &[FieldDef]| -> Vec<serde_json::Value> {
        fields
            .iter()
            .map(|f| {
                serde_json::json!({
                    "wire": f.wire, "rust": f.rust, "type": space.display(&f.ty), "required": f.required,
                    "deprecated": f.deprecated,
                })
            })
            .collect()
    };
    let kind = match &def.kind {
        TypeKind::Struct(s) => serde_json::json!({
            "kind": "struct",
            "fields": fields(&s.fields),
            "flatten": s.flatten.as_ref().map(|t| space.display(t)),
        }),
        TypeKind::Enum(e) => serde_json::json!({
            "kind": "enum",
            "values": e.values.iter().map(|v| v.value.clone()).collect::<Vec<_>>(),
        }),
        TypeKind::Union(u) => serde_json::json!({
            "kind": "union",
            "discriminator": u.discriminator,
            "variants": u.variants.iter().map(|v| serde_json::json!({"name": v.name, "rust": v.rust, "fields": fields(&v.fields)})).collect::<Vec<_>>(),
        }),
    };
    let pages: Vec<usize> = def.endpoints.iter().copied().collect();
    serde_json::json!({ "name": def.name, "definition": kind, "used_by_endpoints": pages })
}
