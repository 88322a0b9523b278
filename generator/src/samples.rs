//! Realistic JSON payloads for generated types, built from the model: every field present,
//! documented examples where the pages give one, the first documented value of an enum, the
//! first alternative of a one-of. Tests deserialize them into the generated types and check
//! that serializing gives the same JSON back.

use serde_json::{Map, Value, json};

use crate::model::types::{FieldDef, Ty, TypeKind, TypeSpace};

/// Nesting deeper than this stops with an empty object; the pages never nest this far.
const MAX_DEPTH: usize = 32;

pub fn sample(space: &TypeSpace, ty: &Ty) -> Value {
    sample_at(space, ty, None, 0)
}

fn sample_at(space: &TypeSpace, ty: &Ty, example: Option<&Value>, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return json!({});
    }
    match ty {
        Ty::String => match example {
            Some(Value::String(text)) => Value::String(text.clone()),
            _ => json!("sample text"),
        },
        Ty::I64 => match example {
            Some(Value::Number(n)) if n.is_i64() => Value::Number(n.clone()),
            _ => json!(7),
        },
        Ty::F64 => match example {
            Some(Value::Number(n)) if n.is_f64() => Value::Number(n.clone()),
            _ => json!(1.5),
        },
        Ty::Bool => json!(true),
        Ty::Json => example.cloned().unwrap_or_else(|| json!({"any": ["json", 1, true]})),
        Ty::Map => match example {
            Some(Value::Object(map)) => Value::Object(map.clone()),
            _ => json!({"key": "value"}),
        },
        Ty::MapOf(inner) => match example {
            Some(Value::Object(map)) if matches!(**inner, Ty::String | Ty::I64 | Ty::F64 | Ty::Bool) => {
                Value::Object(map.clone())
            }
            _ => json!({"key": sample_at(space, inner, None, depth + 1)}),
        },
        Ty::Custom(_) => example.cloned().unwrap_or(Value::Null),
        // The runtime's `FilePart` as JSON; a page's example is the file's text at best.
        Ty::File => json!({"file_name": "sample.txt", "content_type": "text/plain", "bytes": b"sample text".to_vec()}),
        Ty::Nullable(inner) => sample_at(space, inner, example, depth + 1),
        Ty::Vec(inner) => match example {
            Some(Value::Array(items)) if matches!(**inner, Ty::String | Ty::I64 | Ty::F64 | Ty::Bool) => {
                Value::Array(items.clone())
            }
            _ => json!([sample_at(space, inner, None, depth + 1)]),
        },
        Ty::Named(id) => match &space.get(*id).kind {
            TypeKind::Enum(def) => def.values.first().map(|v| v.value.clone()).unwrap_or(Value::Null),
            TypeKind::Struct(def) => {
                let mut object = fields(space, &def.fields, depth);
                if let Some(flatten) = &def.flatten {
                    if let Value::Object(extra) = sample_at(space, flatten, None, depth + 1) {
                        object.extend(extra);
                    }
                }
                Value::Object(object)
            }
            TypeKind::Union(def) => match def.variants.first() {
                Some(variant) => Value::Object(fields(space, &variant.fields, depth)),
                None => json!({}),
            },
        },
    }
}

fn fields(space: &TypeSpace, fields: &[FieldDef], depth: usize) -> Map<String, Value> {
    fields
        .iter()
        .map(|field| (field.wire.clone(), sample_at(space, &field.ty, field.example.as_ref(), depth + 1)))
        .collect()
}
