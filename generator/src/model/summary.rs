//! A compact text summary of one endpoint as its page describes it, for review: the endpoint,
//! its parameters, body and responses with every field, type, enum value and description,
//! and the Rust types they became. No positions and no file paths, so that a change to a
//! page shows in its summary as exactly that change.
//!
//! ```text
//! POST /v1/projects/{project_id}/conversations: Create a conversation
//! method: create_conversation
//!
//! path project_id: string, required
//!   | The unique ID of the project.
//!
//! request (application/json) -> CreateConversationRequest
//!   app_id: string, required
//!     | The ID of the participating app.
//! ```

use std::fmt::Write;

use super::types::{Ty, TypeKind, TypeSpace, Typed};
use super::{Api, Field, Schema};

/// The summary of the endpoint at `index`.
pub fn summary(api: &Api, space: &TypeSpace, index: usize) -> String {
    let typed = space.typed_at(api, index);
    let Typed { endpoint, types } = typed;
    let mut out = String::new();
    let _ = writeln!(out, "{} {}: {}", endpoint.method, endpoint.path, endpoint.title);
    if endpoint.webhook {
        let _ = writeln!(out, "webhook: {}", endpoint.rust_name);
    } else {
        let _ = writeln!(out, "method: {}", endpoint.rust_name);
    }
    if let Some(version) = &endpoint.version {
        let _ = writeln!(out, "version: {version}");
    }
    if !endpoint.security.is_empty() {
        let _ = writeln!(out, "security: {}", endpoint.security.join(", "));
    }
    if let Some(note) = &endpoint.deprecated {
        let _ = writeln!(out, "deprecated: {note}");
    }
    prose(&mut out, &endpoint.description, 0);
    for (param, ty) in typed.params() {
        out.push('\n');
        let location = format!("{:?}", param.location).to_ascii_lowercase();
        let _ = write!(out, "{location} {}: {}", param.name, schema_word(&param.schema));
        if param.required {
            out.push_str(", required");
        }
        arrow(&mut out, space, &param.schema, ty);
        out.push('\n');
        if let Some(note) = &param.deprecated {
            let _ = writeln!(out, "  deprecated: {note}");
        }
        prose(&mut out, &param.description, 1);
        details(&mut out, space, &param.schema, Some(ty), 1);
    }
    if let Some(body) = &endpoint.request {
        let _ = write!(out, "\nrequest ({})", body.media_type);
        arrow(&mut out, space, &body.schema, types.request.as_ref().unwrap_or(&Ty::Json));
        out.push('\n');
        details(&mut out, space, &body.schema, types.request.as_ref(), 1);
    }
    for (response, ty) in typed.responses() {
        let _ = write!(out, "\nresponse {}", response.status);
        match (&response.media_type, &response.schema, ty) {
            (Some(media), Some(schema), Some(ty)) => {
                let _ = write!(out, " ({media})");
                arrow(&mut out, space, schema, ty);
                out.push('\n');
                details(&mut out, space, schema, Some(ty), 1);
            }
            _ => out.push_str(": no body\n"),
        }
    }
    out
}

/// ` -> Name` when a schema became a named Rust type (or a list of one).
fn arrow(out: &mut String, space: &TypeSpace, schema: &Schema, ty: &Ty) {
    if matches!(
        schema,
        Schema::Object(_) | Schema::OneOf(_) | Schema::Enum(_) | Schema::Array { .. } | Schema::Nullable { .. }
    ) && !matches!(ty, Ty::String | Ty::I64 | Ty::F64 | Ty::Bool | Ty::Json)
    {
        let _ = write!(out, " -> {}", space.display(ty));
    }
}

/// Description lines, each behind `| `, indented `depth` steps.
fn prose(out: &mut String, text: &str, depth: usize) {
    for line in text.trim().lines() {
        indent(out, depth);
        let line = line.trim_end();
        if line.is_empty() {
            out.push_str("|\n");
        } else {
            let _ = writeln!(out, "| {line}");
        }
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// The word for a schema's kind: `string`, `object`, `array of string`, `one of`, ...
fn schema_word(schema: &Schema) -> String {
    match schema {
        Schema::String => "string".into(),
        Schema::File => "file".into(),
        Schema::Integer => "integer".into(),
        Schema::Number => "number".into(),
        Schema::Boolean => "boolean".into(),
        Schema::Null => "null".into(),
        Schema::Any => "any".into(),
        Schema::Map { values: None } => "map".into(),
        Schema::Map { values: Some(values) } => format!("map of {}", schema_word(values)),
        Schema::Object(_) => "object".into(),
        Schema::Array { items } => format!("array of {}", schema_word(items)),
        Schema::Enum(_) => "enum".into(),
        Schema::OneOf(_) => "one of".into(),
        Schema::Nullable { inner } => format!("{} or null", schema_word(inner)),
    }
}

/// What sits inside a schema: enum values, a one-of's alternatives, an object's fields.
fn details(out: &mut String, space: &TypeSpace, schema: &Schema, ty: Option<&Ty>, depth: usize) {
    let named = |ty: Option<&Ty>| -> Option<&TypeKind> {
        let mut ty = ty?;
        while let Ty::Vec(inner) | Ty::Nullable(inner) | Ty::MapOf(inner) = ty {
            ty = inner;
        }
        match ty {
            Ty::Named(id) => Some(&space.get(*id).kind),
            _ => None,
        }
    };
    match schema {
        Schema::Enum(values) => {
            let values: Vec<String> = values.values.iter().map(ToString::to_string).collect();
            indent(out, depth);
            let _ = writeln!(out, "enum: {}", values.join(", "));
        }
        Schema::Array { items } => details(out, space, items, ty, depth),
        Schema::Map { values: Some(values) } => details(out, space, values, ty, depth),
        Schema::Nullable { inner } => details(out, space, inner, ty, depth),
        Schema::Object(object) => {
            let fields = match named(ty) {
                Some(TypeKind::Struct(def)) => Some(&def.fields),
                _ => None,
            };
            for field in &object.fields {
                let field_ty = fields.and_then(|f| f.iter().find(|d| d.wire == field.name)).map(|d| &d.ty);
                self::field(out, space, field, field_ty, depth);
            }
        }
        Schema::OneOf(one_of) => {
            if let Some(discriminator) = &one_of.discriminator {
                indent(out, depth);
                let _ = writeln!(out, "discriminator: {discriminator}");
            }
            let (union, common) = match named(ty) {
                Some(TypeKind::Union(def)) => (Some(def), None),
                Some(TypeKind::Struct(def)) => {
                    let union = def.flatten.as_ref().and_then(|ty| match named(Some(ty)) {
                        Some(TypeKind::Union(def)) => Some(def),
                        _ => None,
                    });
                    (union, Some(&def.fields))
                }
                _ => (None, None),
            };
            for variant in &one_of.variants {
                indent(out, depth);
                let _ = writeln!(out, "- {}:", variant.name);
                let defs = union.and_then(|u| u.variants.iter().find(|v| v.name == variant.name)).map(|v| &v.fields);
                for field in &variant.fields {
                    let field_ty = defs.and_then(|f| f.iter().find(|d| d.wire == field.name)).map(|d| &d.ty);
                    self::field(out, space, field, field_ty, depth + 1);
                }
            }
            for field in &one_of.common {
                let field_ty = common.and_then(|f| f.iter().find(|d| d.wire == field.name)).map(|d| &d.ty);
                self::field(out, space, field, field_ty, depth);
            }
        }
        _ => {}
    }
}

fn field(out: &mut String, space: &TypeSpace, field: &Field, ty: Option<&Ty>, depth: usize) {
    indent(out, depth);
    let _ = write!(out, "{}: {}", field.name, schema_word(&field.schema));
    if field.required {
        out.push_str(", required");
    }
    if let Some(ty) = ty {
        arrow(out, space, &field.schema, ty);
    }
    out.push('\n');
    if let Some(note) = &field.deprecated {
        indent(out, depth + 1);
        let _ = writeln!(out, "deprecated: {note}");
    }
    prose(out, &field.description, depth + 1);
    if let Some(example) = &field.example {
        indent(out, depth + 1);
        let _ = writeln!(out, "example: {example}");
    }
    details(out, space, &field.schema, ty, depth + 1);
}
